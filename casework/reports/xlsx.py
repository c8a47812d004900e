"""XLSX workbooks: the yearly summary and case lists, one sheet per
program, money as numbers formatted as money. Written in the site's
language (Chinese) whatever the reader's: headers through the catalog,
codes in the words their programs declare. Written in
openpyxl's write-only mode, so a long case list streams row by row.

Every cell of every workbook is made by ``_Sheet._cell``, and every text in
it goes through ``xlsx_safe_text``: names, units and courts come from users,
and none of them may become a formula in the reader's spreadsheet."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from casework.core.roles import ROLE_LABELS
from casework.mediation.statuses import MediationStatus
from casework.mutual_aid.models import Product
from casework.mutual_aid.models import ReasonCode as ClaimReason
from casework.mutual_aid.statuses import MutualAidStatus
from casework.relief.models import AidType, Category
from casework.relief.statuses import ReliefStatus

from .campaign_documents import campaign_columns, campaigns_sheet
from .legal_aid_sheet import legal_aid_summary_sheet
from .legal_sheet import CONSULTATION_SHEET, consultations_summary_sheet
from .reconsideration_sheet import reconsideration_sheet

MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# the case statuses of the programs with a sheet, as each program declares them
CASE_STATUSES: tuple[type[models.TextChoices], ...] = (
    ReliefStatus,
    MutualAidStatus,
    MediationStatus,
)


def choice_label(choices: type[models.TextChoices], code: str) -> str:
    """The words for ``code`` of ``choices`` in the active language; a code
    the choices do not know is shown as itself."""
    return str(choices(code).label) if code in choices.values else code


def status_label(code: str) -> str:
    for choices in CASE_STATUSES:
        if code in choices.values:
            return choice_label(choices, code)
    return code


def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))


# What a spreadsheet reads as the start of a formula (the full-width forms
# too: some input methods turn them into the ASCII ones when a cell is edited)
FORMULA_STARTS = frozenset("=+-@＝＋－＠")


def xlsx_safe_text(value: str) -> str:
    """``value`` as a cell that stays text: one that starts, leading
    whitespace ignored, with ``= + - @``, or that starts with a tab or a
    carriage return, gets a leading apostrophe; any other text is
    unchanged."""
    if value[:1] in ("\t", "\r") or value.lstrip()[:1] in FORMULA_STARTS:
        return "'" + value
    return value


class _Sheet:
    """A write-only sheet with a bold header row and typed cells."""

    def __init__(self, book: Workbook, title: str, headers: list[str]) -> None:
        self.ws = book.create_sheet(title)
        self.ws.append([self._cell(h, bold=True) for h in headers])

    def _cell(self, value: Any, bold: bool = False, fmt: str | None = None) -> WriteOnlyCell:
        if isinstance(value, str):
            value = xlsx_safe_text(value)
        cell = WriteOnlyCell(self.ws, value=value)
        if bold:
            cell.font = Font(bold=True)
        if fmt:
            cell.number_format = fmt
        elif isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
        return cell

    def row(self, *values: Any, rate_columns: Iterable[int] = ()) -> None:
        rates = set(rate_columns)
        self.ws.append(
            [self._cell(v, fmt=RATE_FORMAT if i in rates else None) for i, v in enumerate(values)]
        )


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# the hardship categories a grant is counted under (a case found not
# eligible is granted nothing)
GRANT_CATEGORIES = (Category.DEEP, Category.RELATIVE, Category.ACCIDENTAL)


def _in_site_language(write: Callable[..., bytes]) -> Callable[..., bytes]:
    """A workbook is a document of the federation, filed and passed on: it
    is written in the site's language, not in the language of the request
    (or of no request, in a background export)."""

    @functools.wraps(write)
    def written(*args: Any, **kwargs: Any) -> bytes:
        with translation.override(settings.LANGUAGE_CODE):
            return write(*args, **kwargs)

    return written


@_in_site_language
def summary_workbook(summary: dict[str, Any], monthly: dict[str, Any] | None = None) -> bytes:
    """One sheet per program (relief, mutual aid, mediation), overdue tasks,
    and the monthly series when given."""
    book = Workbook(write_only=True)
    _relief_sheet(book, summary)
    _mutual_aid_sheet(book, summary["mutual_aid"])
    _mediation_sheet(book, summary["mediation"])
    sheet = _Sheet(book, _("Overdue"), [_("Unit"), _("Role"), _("Tasks overdue")])
    for r in summary["overdue_tasks"]:
        sheet.row(r["org_unit"]["name"], role_label(r["role"]), r["count"])
    campaigns_sheet(_Sheet(book, _("Campaigns"), campaign_columns()), summary.get("campaigns", {}))
    reconsideration_sheet(_Sheet, book, summary)
    consultations_summary_sheet(_Sheet, book, summary)
    legal_aid_summary_sheet(_Sheet, book, summary)
    if monthly:
        _monthly_sheet(book, monthly)
    return _save(book)


def _relief_sheet(book: Workbook, summary: dict[str, Any]) -> None:
    relief = summary["relief"]
    granted = [
        _("Grants"),
        _("Approved amount (yuan)"),
        _("Payments made"),
        _("Amount paid (yuan)"),
    ]
    sheet = _Sheet(book, _("Relief"), [_("Aid type"), _("Applications (count)"), *granted])
    for aid_type in AidType:
        r = relief["by_aid_type"][aid_type.value]
        sheet.row(
            str(aid_type.label),
            r["applications"],
            r["granted"],
            r["granted_amount"],
            r["paid"],
            r["paid_amount"],
        )
    sheet.row(
        _("Total"),
        relief["applications"],
        relief["granted"],
        relief["granted_amount"],
        relief["paid"],
        relief["paid_amount"],
    )
    sheet.row()
    sheet.row(_("Hardship category"), "", *granted)
    for category in GRANT_CATEGORIES:
        r = relief["by_category"][category.value]
        sheet.row(
            str(category.label), "", r["granted"], r["granted_amount"], r["paid"], r["paid_amount"]
        )
    sheet.row()
    sheet.row(_("Persons aided"), relief["persons"])
    sheet.row(_("Year"), summary["year"])
    sheet.row(_("Unit"), (summary.get("org_unit") or {}).get("name", _("All")))


def _mutual_aid_sheet(book: Workbook, ma: dict[str, Any]) -> None:
    sheet = _Sheet(
        book,
        _("Mutual aid"),
        [
            _("Mutual-aid product"),
            _("Claims received"),
            _("Claims approved"),
            _("Claims not payable"),
            _("Benefits paid"),
            _("Benefit paid (yuan)"),
        ],
    )
    for product in Product:
        r = ma["by_product"][product.value]
        sheet.row(
            str(product.label),
            r["claims"],
            r["approved"],
            r["rejected"],
            r["paid"],
            r["paid_amount"],
        )
    sheet.row(
        _("Total"), ma["claims"], ma["approved"], ma["rejected"], ma["paid"], ma["paid_amount"]
    )
    sheet.row()
    sheet.row(_("Reasons a claim is not payable"), _("Number of claims"))
    for reason in ClaimReason:
        sheet.row(str(reason.label), ma["rejected_by_reason"].get(reason.value, 0))


def _mediation_sheet(book: Workbook, md: dict[str, Any]) -> None:
    sheet = _Sheet(book, _("Court mediation"), [_("Measure"), _("Value")])
    for label, key in (
        (_("Delegated and entrusted cases received"), "referred"),
        (_("Settled"), "settled"),
        (_("Of which not fulfilled"), "settled_unfulfilled"),
        (_("Cases closed"), "closed"),
        (_("Returned to the court (count)"), "returned_to_court"),
        (_("Withdrawals"), "withdrawn"),
        (_("Time limits extended"), "extensions"),
        (_("Judicial confirmation applied for"), "judicial_confirmation_applications"),
        (_("Judicial confirmations"), "judicial_confirmations"),
        (_("Amount claimed (yuan)"), "amount_claimed"),
        (_("Amount claimed in settled cases (yuan)"), "amount_claimed_settled"),
        (_("Amount agreed (yuan)"), "amount_agreed"),
        (_("Average days to close"), "average_days"),
    ):
        value = md.get(key)
        sheet.row(label, float(value) if key == "average_days" and value is not None else value)
    rate = md.get("success_rate")
    sheet.row(
        _("Mediation success rate"), float(rate) if rate is not None else None, rate_columns=[1]
    )


# the by-month sheet's series, in order: (key in the monthly rows, column)
MONTHLY_COLUMNS = [
    ("relief_applications", gettext_lazy("Relief applications")),
    ("relief_granted", gettext_lazy("Relief granted")),
    ("relief_paid_amount", gettext_lazy("Relief paid (yuan)")),
    ("mutual_aid_claims", gettext_lazy("Mutual-aid claims received")),
    ("mutual_aid_paid_amount", gettext_lazy("Mutual aid paid (yuan)")),
    ("mediation_referred", gettext_lazy("Mediations received")),
    ("mediation_settled", gettext_lazy("Referrals settled")),
    ("campaign_person_times", gettext_lazy("Campaign grants issued")),
    ("campaign_issued_amount", gettext_lazy("Campaign grants issued (yuan)")),
]


def _monthly_sheet(book: Workbook, monthly: dict[str, Any]) -> None:
    columns = [str(label) for _key, label in MONTHLY_COLUMNS]
    sheet = _Sheet(book, _("By month"), [_("Month"), *columns])
    for m in monthly["months"]:
        month = _("Month %(month)s") % {"month": m["month"]}
        sheet.row(month, *(m[key] for key, _label in MONTHLY_COLUMNS))


def _local(value: Any) -> Any:
    # Excel has no time zones: local wall time, without tzinfo
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _relief_row(case: Any) -> list[Any]:
    app = getattr(case, "relief", None)
    payment = getattr(case, "payment", None)
    return [
        choice_label(AidType, app.aid_type) if app else None,
        choice_label(Category, app.category) if app and app.category else None,
        app.requested_amount if app else None,
        app.approved_amount if app else None,
        payment.amount if payment else None,
    ]


def _mutual_aid_row(case: Any) -> list[Any]:
    claim = getattr(case, "mutual_aid", None)
    payment = getattr(case, "payment", None)
    return [
        choice_label(Product, claim.plan.product) if claim else None,
        claim.benefit_amount if claim else None,
        claim.approved_amount if claim else None,
        payment.amount if payment else None,
    ]


def _mediation_row(case: Any) -> list[Any]:
    # what a reader of the case without confidential rights sees, no more
    ref = getattr(case, "mediation", None)
    return [
        ref.court if ref else None,
        ref.court_case_number if ref else None,
        ref.received_on if ref else None,
        ref.deadline if ref else None,
    ]


Columns = Callable[[], list[str]]  # headers, read in the language active when written

PROGRAM_SHEETS: dict[str, tuple[Callable[[], str], Columns, Callable[[Any], list[Any]]]] = {
    "relief": (
        lambda: _("Relief"),
        lambda: [
            _("Aid type"),
            _("Hardship category"),
            _("Requested amount (yuan)"),
            _("Approved amount (yuan)"),
            _("Amount paid (yuan)"),
        ],
        _relief_row,
    ),
    "mutual_aid": (
        lambda: _("Mutual aid"),
        lambda: [
            _("Mutual-aid product"),
            _("Computed benefit (yuan)"),
            _("Approved benefit (yuan)"),
            _("Benefit paid (yuan)"),
        ],
        _mutual_aid_row,
    ),
    "mediation": (
        lambda: _("Court mediation"),
        lambda: [_("Referring court"), _("Court case number"), _("Signed for on"), _("Due by")],
        _mediation_row,
    ),
    "consultation": CONSULTATION_SHEET,
}


def common_headers() -> list[str]:
    return [
        _("Case number"),
        _("Status"),
        _("Union unit"),
        _("Name"),
        _("Registered at"),
        _("Closed at"),
    ]


def cases_for_export(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "org_unit",
        "member",
        "relief",
        "mutual_aid__plan",
        "mediation",
        "consultation",
    ).prefetch_related("payments")


@_in_site_language
def cases_workbook(
    qs: QuerySet, progress: Callable[[int], None] | None = None, every: int = 500
) -> bytes:
    """The cases of ``qs`` (already scoped), one sheet per program, streamed.
    Names appear as caseworkers see them; ID numbers never."""
    book = Workbook(write_only=True)
    sheets = {
        program: _Sheet(book, title(), common_headers() + headers())
        for program, (title, headers, _row) in PROGRAM_SHEETS.items()
    }
    done = 0
    for case in cases_for_export(qs).iterator(chunk_size=2000):
        _title, _headers, program_row = PROGRAM_SHEETS[case.program]
        sheets[case.program].row(
            case.case_number,
            status_label(case.case_status),
            case.org_unit.name,
            case.member.name if case.member else None,
            _local(case.created),
            _local(case.closed),
            *program_row(case),
        )
        done += 1
        if progress and done % every == 0:
            progress(done)
    if progress:
        progress(done)
    return _save(book)
