"""The benefit's reasons and explanation in the reader's language.

``rules.benefit_calculate`` writes each explanation line in both languages,
"中文 / English", and the claim keeps them so (the record of the calculation
as it was made, read by the API and the benefit statement). A page shows
one half: the Chinese to a Chinese reader, the English to an English one.
The reasons are codes (``ReasonCode``) and read as their labels."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language, pgettext

from .models import ReasonCode

# between the Chinese and the English of one line of the explanation
SEPARATOR = " / "


def explanation_line(line: str, language: str | None = None) -> str:
    """One line of a stored explanation in ``language`` (the active one by
    default): the Chinese before the separator, the English after it; a
    line in one language only as it is."""
    chinese, found, english = line.partition(SEPARATOR)
    if not found:
        return line
    return chinese if (language or get_language() or "zh").startswith("zh") else english


def explanation_in(lines: Iterable[str], language: str | None = None) -> list[str]:
    """Every line of a stored explanation in one language."""
    return [explanation_line(line, language) for line in lines]


def reason_words(codes: Iterable[str]) -> str:
    """The reasons a claim is not eligible, by their labels ("not enrolled,
    claimed after the deadline"), in the active language; a code without a
    label as itself."""
    labels = dict(ReasonCode.choices)
    return pgettext("between list items", ", ").join(str(labels.get(code, code)) for code in codes)
