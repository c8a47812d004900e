"""The API's JSON parser: DRF's, reading with ``json_loads``, so a body
nested too deeply is a 400 like any other body that is not JSON."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from casework.core.json_text import json_loads


class JSONParser(parsers.JSONParser):
    """Refuses with ``ParseError`` (400 ``invalid``) a body that is not JSON,
    not in the request's encoding, holds NaN or an infinity, or is nested
    deeper than ``JSON_MAX_DEPTH``. A subclass of DRF's, so DRF reads the
    body through ``request.body`` and ``DATA_UPLOAD_MAX_MEMORY_SIZE`` holds."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json_loads(stream.read().decode(encoding))
        except ValueError as exc:  # UnicodeDecodeError is one too
            message = _("The body is not valid JSON: %(problem)s") % {"problem": exc}
            raise ParseError(message) from exc
