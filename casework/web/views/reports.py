"""The reports page: the yearly summary and the monthly series of the API
(``/api/reports/summary/``, ``/api/reports/monthly/``), from the same
selectors with the same filters and scope, as tables and bar charts."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from rest_framework import serializers

from casework.campaigns.models import CampaignKind
from casework.core.access import org_units_visible_to
from casework.core.errors import Forbidden, InvalidInput
from casework.mutual_aid.models import Product
from casework.mutual_aid.models import ReasonCode as ClaimReason
from casework.presenters.filters import ReportFilter
from casework.relief.models import AidType, Category
from casework.reports.selectors import report_monthly, report_summary, report_unit
from casework.web.access import case_staff_only
from casework.web.charts import bar_chart
from casework.web.labels import PROGRAMS

REPORT_PROGRAMS = ["relief", "mutual_aid", "mediation"]

# the figures of each table, in the order shown: (key in the summary, label)
RELIEF_TOTALS = [
    ("applications", pgettext_lazy("report figure", "Applications")),
    ("granted", gettext_lazy("Granted")),
    ("granted_amount", gettext_lazy("Amount granted")),
    ("persons", gettext_lazy("Persons helped")),
    ("paid", gettext_lazy("Paid")),
    ("paid_amount", gettext_lazy("Amount paid")),
]
RELIEF_BY_AID_TYPE = [m for m in RELIEF_TOTALS if m[0] != "persons"]
RELIEF_BY_CATEGORY = [m for m in RELIEF_BY_AID_TYPE if m[0] != "applications"]
CLAIM_TOTALS = [
    ("claims", gettext_lazy("Claims")),
    ("approved", gettext_lazy("Approved")),
    ("rejected", gettext_lazy("Rejected")),
    ("paid", gettext_lazy("Paid")),
    ("paid_amount", gettext_lazy("Amount paid")),
]
MEDIATION_FIGURES = [
    ("referred", gettext_lazy("Referrals received")),
    ("court", gettext_lazy("From a court")),
    ("union", gettext_lazy("Union mediation (no court)")),
    ("unresolved", gettext_lazy("Unresolved (arbitration advised)")),
    ("settled", gettext_lazy("Settled")),
    ("settled_unfulfilled", gettext_lazy("Settled, not fulfilled")),
    ("closed", gettext_lazy("Closed")),
    ("returned_to_court", gettext_lazy("Returned to court")),
    ("withdrawn", gettext_lazy("Withdrawn")),
    ("extensions", gettext_lazy("Extended")),
    ("judicial_confirmation_applications", gettext_lazy("Judicial confirmation applied for")),
    ("judicial_confirmations", gettext_lazy("Judicially confirmed")),
    ("amount_claimed", gettext_lazy("Amount claimed")),
    ("amount_claimed_settled", gettext_lazy("Amount claimed in settled cases")),
    ("amount_agreed", gettext_lazy("Amount agreed")),
    ("average_days", gettext_lazy("Average days to outcome")),
]
MONTHLY_SERIES = [
    ("relief_applications", gettext_lazy("Relief applications")),
    ("relief_granted", gettext_lazy("Relief granted")),
    ("relief_paid_amount", gettext_lazy("Relief paid")),
    ("mutual_aid_claims", gettext_lazy("Mutual-aid claims")),
    ("mutual_aid_paid_amount", gettext_lazy("Mutual aid paid")),
    ("mediation_referred", gettext_lazy("Referrals received")),
    ("mediation_settled", gettext_lazy("Referrals settled")),
    ("campaign_person_times", gettext_lazy("Campaign grants issued")),
    ("campaign_issued_amount", gettext_lazy("Campaign grants issued (yuan)")),
]


FILTER_NAMES = {
    "year": gettext_lazy("Year"),
    "org_unit": gettext_lazy("Union"),
    "program": gettext_lazy("Program"),
}


class ReportPageFilter(ReportFilter):
    """The API's filters (year, org unit) and which program to show."""

    program = serializers.ChoiceField(choices=REPORT_PROGRAMS, required=False)


@case_staff_only
def reports_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    params = ReportPageFilter(data=request.GET)
    if not params.is_valid():
        return _refused(request, params.errors)
    year = params.validated_data.get("year") or timezone.localdate().year
    try:
        unit = report_unit(user, params.validated_data.get("org_unit"))
    except Forbidden as exc:  # staff without a unit: reports are not theirs
        raise Http404 from exc
    except InvalidInput as exc:
        return _refused(request, exc.fields)
    program = params.validated_data.get("program")
    summary = report_summary(user, year=year, org_unit=unit)
    monthly = report_monthly(year, unit)
    shown = [program] if program else REPORT_PROGRAMS
    return render(
        request,
        "web/reports.html",
        {
            **_filter_context(request, year, program),
            "org_unit": unit,
            "summary": summary,
            "months": [(capfirst(MONTHS_3[row["month"]]), row) for row in monthly["months"]],
            "charts": {p: _charts(p, monthly["months"]) for p in shown},
            "campaign_charts": [] if program else _campaign_charts(monthly["months"]),
            "campaign_kinds": CampaignKind.choices,
            "campaign_figures": ["lists", "person_times", "cash", "goods_value", "total"],
            "shown": shown,
            "aid_types": AidType.choices,
            "categories": [c for c in Category.choices if c[0] != Category.NOT_ELIGIBLE],
            "products": Product.choices,
            "reject_reasons": ClaimReason.choices,
            "measures": {
                "relief_totals": RELIEF_TOTALS,
                "relief_by_aid_type": RELIEF_BY_AID_TYPE,
                "relief_by_category": RELIEF_BY_CATEGORY,
                "claim_totals": CLAIM_TOTALS,
                "mediation": MEDIATION_FIGURES,
                "monthly": MONTHLY_SERIES,
            },
        },
    )


def _refused(request: HttpRequest, errors: Any) -> HttpResponse:
    """The page with the filter form and what was wrong with it (400)."""
    problems = [
        f"{FILTER_NAMES.get(field, field)}: {problem}"
        for field, items in dict(errors).items()
        for problem in items
    ]
    context = {
        **_filter_context(request, None, None),
        "error": _("The report cannot be shown for these filters."),
        "problems": problems,
    }
    return render(request, "web/reports.html", context, status=400)


# how many years back the year choice reaches (a year further back can
# still be asked for in the address: it is then offered too)
YEARS_OFFERED = 10


def _filter_context(request: HttpRequest, year: int | None, program: str | None) -> dict[str, Any]:
    """The filter form: the years to choose from, this year first (the one
    shown when none is asked for), the unions in scope and the programs."""
    this_year = timezone.localdate().year
    chosen = request.GET.get("org_unit", "")
    years = list(range(this_year, this_year - YEARS_OFFERED, -1))
    if year is not None and year not in years:
        years = sorted({*years, year}, reverse=True)
    return {
        "year": year if year is not None else this_year,
        "years": years,
        "program": program,
        "programs": {p: PROGRAMS[p] for p in REPORT_PROGRAMS},
        "units": list(org_units_visible_to(request.user).order_by("path").values("id", "name")),
        "chosen_unit": chosen,
    }


# (series, what it counts) per program; the amounts series are money
COUNT_SERIES = {
    "relief": "relief_applications",
    "mutual_aid": "mutual_aid_claims",
    "mediation": "mediation_referred",
}
AMOUNT_SERIES = {
    "relief": "relief_paid_amount",
    "mutual_aid": "mutual_aid_paid_amount",
}


def _campaign_charts(months: list[dict[str, Any]]) -> list[SafeString]:
    """The campaign grants issued per month: how many, and how much."""
    labels = [capfirst(MONTHS_3[row["month"]]) for row in months]

    def series(key: str) -> list[tuple[str, Any]]:
        return [(label, row[key]) for label, row in zip(labels, months, strict=True)]

    return [
        bar_chart(
            series("campaign_person_times"),
            title=_("Campaign grants issued per month"),
            unit=_("grants"),
        ),
        bar_chart(
            series("campaign_issued_amount"),
            title=_("Campaign grants issued per month (yuan)"),
            unit=_("yuan"),
        ),
    ]


def _charts(program: str, months: list[dict[str, Any]]) -> list[SafeString]:
    labels = [capfirst(MONTHS_3[row["month"]]) for row in months]
    titles = {
        "relief_applications": _("Relief applications per month"),
        "mutual_aid_claims": _("Mutual-aid claims per month"),
        "mediation_referred": _("Referrals received per month"),
        "relief_paid_amount": _("Relief paid per month"),
        "mutual_aid_paid_amount": _("Mutual aid paid per month"),
    }
    charts = []
    count = COUNT_SERIES[program]
    charts.append(
        bar_chart(
            [(label, row[count]) for label, row in zip(labels, months, strict=True)],
            title=titles[count],
            unit=_("cases"),
        )
    )
    if program in AMOUNT_SERIES:
        amount = AMOUNT_SERIES[program]
        charts.append(
            bar_chart(
                [(label, row[amount]) for label, row in zip(labels, months, strict=True)],
                title=titles[amount],
                unit=_("yuan"),
            )
        )
    return charts
