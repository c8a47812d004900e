"""The reconsideration sheet of the summary workbook (``xlsx.summary_workbook``):
requests received in the year, upheld and overturned."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def reconsideration_sheet(sheet_class: Any, book: Any, summary: dict[str, Any]) -> None:
    """One row of figures; ``sheet_class`` is the workbook's sheet writer."""
    figures = summary.get("reconsideration")
    if figures is None:
        return
    headers = [_("Requests received"), _("Upheld"), _("Overturned")]
    sheet = sheet_class(book, _("Reconsideration"), headers)
    sheet.row(figures["received"], figures["upheld"], figures["overturned"])
