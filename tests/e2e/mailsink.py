"""An e-mail backend for the worker tests: every message becomes one file
in $CASEWORK_MAILSINK_DIR, so a test in another process can count sends."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        folder = Path(os.environ["CASEWORK_MAILSINK_DIR"])
        for message in email_messages:
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
