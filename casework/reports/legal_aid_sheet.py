"""The summary workbook's legal-aid sheet (``xlsx.summary_workbook``): the
year's applications, the cases closed by result and the amount recovered
(the summary's ``legal.legal_aid``, PROCESSES.md §Reports)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from casework.legal.models import AidResult


def legal_aid_summary_sheet(sheet_class: Any, book: Any, summary: dict[str, Any]) -> None:
    """``sheet_class`` is the workbook's sheet writer."""
    figures = (summary.get("legal") or {}).get("legal_aid")
    if figures is None:
        return
    sheet = sheet_class(book, _("Legal aid"), [_("Measure"), _("Value")])
    sheet.row(_("Legal-aid applications"), figures["applications"])
    for code, n in figures["by_result"].items():
        sheet.row(f"{_('Closed')}: {AidResult(code).label}", n)
    sheet.row(_("Amount recovered (yuan)"), figures["amount_recovered"])
