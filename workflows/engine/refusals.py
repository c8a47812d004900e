"""Why a user may not take a step: each refusal carries its API error code
with its message, so nothing reads the code back out of the text."""

from __future__ import annotations

from enum import Enum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from casework.core.errors import Forbidden


class Refusal(Enum):
    """A step refused to a user: ``code`` (the error code of API.md) and
    ``text`` (the English source of its message)."""

    ROLE = ("forbidden", gettext_noop("your role may not take this step"))
    SCOPE = ("forbidden", gettext_noop("this case is outside your unit"))
    FOUR_EYES = (
        "four_eyes",
        gettext_noop("four-eyes: you took an earlier decision on this case"),
    )

    def __init__(self, code: str, text: str) -> None:
        self.code = code
        self.text = text

    @property
    def message(self) -> str:
        """The message in the active language."""
        return _(self.text)

    def error(self) -> Forbidden:
        """The 403 that refuses the step."""
        return Forbidden(self.message, code=self.code)


def refuse(refusal: Refusal | None) -> None:
    """Raise the refusal's 403, if there is one."""
    if refusal is not None:
        raise refusal.error()
