"""The worker fault tests' e-mail backend: like a mail server it takes a
little while to accept a message (a random pause of up to
$CASEWORK_MAILSINK_DELAY seconds), then the message is delivered — one
file in $CASEWORK_MAILSINK_DIR, named after the worker process — and
cannot be taken back, whatever happens to the sender afterwards."""

from __future__ import annotations

import os
import random
import time
import uuid
from pathlib import Path
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        folder = Path(os.environ["CASEWORK_MAILSINK_DIR"])
        delay = float(os.environ.get("CASEWORK_MAILSINK_DELAY", "0"))
        for message in email_messages:
            time.sleep(random.uniform(0, delay))
            tmp = folder / f".{uuid.uuid4().hex}.tmp"
            tmp.write_bytes(message.message().as_bytes())
            tmp.rename(folder / f"{os.getpid()}-{uuid.uuid4().hex}.eml")  # delivered
        return len(email_messages)
