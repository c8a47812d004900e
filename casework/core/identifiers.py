"""Identifiers as stored and compared: invoice numbers, court case numbers,
resident ID numbers, unified social credit codes.

People type, paste and scan these. The same number then arrives in forms
that look alike but differ as strings: full-width digits from a Chinese
input method, a lowercase ``x``, a zero-width space or byte-order mark
carried over from a spreadsheet or a web page, spaces between groups. Every
input point passes the identifier through ``identifier_normalize`` and the
services compare and store only what it returns, so one number has one
spelling and the unique registers (claimed invoices, court case numbers, ID
numbers) hold whatever the spelling typed."""

from __future__ import annotations

import unicodedata
from typing import Any

# Categories never part of an identifier: format characters (zero-width
# space and joiners, word joiner, BOM, bidi marks), controls and separators.
_DROPPED_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})

# Unicode's Default_Ignorable_Code_Point characters outside those categories
# (combining grapheme joiner, Hangul fillers, variation selectors, ...):
# they render as nothing, so they must not make a number a different one.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def _invisible(char: str) -> bool:
    if char.isspace() or unicodedata.category(char) in _DROPPED_CATEGORIES:
        return True
    point = ord(char)
    return any(low <= point <= high for low, high in _IGNORABLE_RANGES)


def _visible(text: str) -> str:
    return "".join(c for c in text if not _invisible(c))


def identifier_normalize(text: str) -> str:
    """The one spelling of an identifier: NFKC (full-width digits, letters
    and brackets become ASCII), without whitespace or invisible characters
    anywhere in it, upper-case. Idempotent; the empty string when nothing
    visible is left (callers refuse that as blank)."""
    if text.isascii() and text.isalnum():  # the common case, e.g. 100,000 imported rows
        return text.upper()
    # invisible characters first (a joiner between two characters blocks
    # their composition), then again: NFKC turns some characters into spaces
    folded = unicodedata.normalize("NFKC", _visible(text))
    return unicodedata.normalize("NFKC", _visible(folded).upper())


def stored_identifiers_normalize(
    model: Any, field: str, *, unique_with: tuple[str, ...] = ()
) -> None:
    """Rewrite the ``field`` of ``model``'s rows in their one spelling (for
    the data migrations of rows stored before input was normalized), oldest
    row first. A row whose normal form another row already holds (unique,
    together with ``unique_with``) keeps its spelling: it is a duplicate
    accepted before, and the row holding the normal form now refuses the next."""
    max_length = model._meta.get_field(field).max_length
    for row in model.objects.order_by("pk").iterator():
        value = getattr(row, field)
        normal = identifier_normalize(value)
        if not normal or normal == value or len(normal) > max_length:
            continue
        taken = model.objects.filter(
            **{field: normal}, **{name: getattr(row, name) for name in unique_with}
        )
        if not taken.exists():
            model.objects.filter(pk=row.pk).update(**{field: normal})
