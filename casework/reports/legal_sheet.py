"""The consultations' sheet of the case-list workbook (``xlsx.PROGRAM_SHEETS``):
the channel, category and outcome in the reader's words and the case a
referral opened. The visitor's ID number and phone never appear."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from casework.legal.models import Category, Channel, ConsultationOutcome


def _consultation_row(case: Any) -> list[Any]:
    c = getattr(case, "consultation", None)
    if c is None:
        return [None, None, None, None]
    return [
        str(Channel(c.channel).label),
        str(Category(c.category).label),
        str(ConsultationOutcome(c.outcome).label),
        c.referral or None,
    ]


CONSULTATION_SHEET = (
    lambda: _("Legal consultation"),
    lambda: [_("Channel"), _("Category"), _("Outcome"), _("Case opened by the referral")],
    _consultation_row,
)


def consultations_summary_sheet(sheet_class: Any, book: Any, summary: dict[str, Any]) -> None:
    """The summary workbook's legal-services sheet (``xlsx.summary_workbook``):
    the year's consultations, by channel and by category, in the reader's
    words; ``sheet_class`` is the workbook's sheet writer."""
    figures = summary.get("legal")
    if figures is None:
        return
    sheet = sheet_class(book, _("Legal consultations"), [_("Measure"), _("Value")])
    sheet.row(_("Consultations"), figures["consultations"])
    for code, n in figures["by_channel"].items():
        sheet.row(f"{_('Channel')}: {Channel(code).label}", n)
    for code, n in figures["by_category"].items():
        sheet.row(f"{_('Consultation category')}: {Category(code).label}", n)
