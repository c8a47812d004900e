"""The reconsideration panels of the case and task pages:

- ``{% reconsideration_panel case.case_number "my" %}`` (or ``"staff"``):
  on a rejected or refused case, the request made or the link to ask (the
  member for themself, a caseworker for them) with the last day to ask; on
  a reconsideration, the case it asks about, the decision and the case it
  reopened; on a reopened case, where it came from.
- ``{% reconsideration_report summary.reconsideration %}`` on the reports
  page: the year's requests, upheld and overturned, with a bar chart.
- ``{% original_decisions task %}`` on the review task of a reconsideration:
  the decisions of the original case, beside the form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.core.access import cases_visible_to, user_roles
from casework.core.models import Case
from casework.core.roles import CASEWORKER
from casework.presenters.case import case_detail
from casework.presenters.decisions import case_decisions
from casework.reconsideration.selectors import reconsideration_of, reconsideration_offer
from casework.web.charts import bar_chart

register = template.Library()
PROGRAM = "reconsideration"
# the report's figures, in the order shown: (key in the summary, label)
REPORT_FIGURES = [
    ("received", gettext_lazy("Requests received")),
    ("upheld", gettext_lazy("Upheld")),
    ("overturned", gettext_lazy("Overturned")),
]


def _visible(user: Any, case_number: str) -> Case | None:
    return (
        cases_visible_to(user)
        .select_related("org_unit", "member")
        .filter(case_number=case_number)
        .first()
    )


@register.inclusion_tag("web/reconsideration/panel.html", takes_context=True)
def reconsideration_panel(context: Any, case_number: str, area: str = "staff") -> dict[str, Any]:
    user = context["request"].user
    case = _visible(user, case_number)
    shown: dict[str, Any] = {"area": area, "case_number": case_number}
    if case is None:
        return shown
    if case.program == PROGRAM:
        rec = reconsideration_of(case)
        shown["request"] = {
            "original": rec.original.case_number,
            "original_program": rec.original.program,
            "reason": rec.reason,
            "decision": rec.decision,
            "decision_reason": rec.decision_reason,
            "reopened_as": rec.reopened_as.case_number if rec.reopened_as else None,
            "status": case.case_status,
        }
        return shown
    shown["reopened_from"] = (case.data or {}).get("reopened_from")
    shown["via"] = (case.data or {}).get("reconsideration") if shown["reopened_from"] else None
    offer = reconsideration_offer(case)
    if offer is not None:
        asks = area == "my" or user.is_superuser or CASEWORKER in user_roles(user)
        shown["offer"] = {**offer, "may_ask": offer["open"] and asks}
    return shown


@register.inclusion_tag("web/reconsideration/original.html", takes_context=True)
def original_decisions(context: Any, task: dict[str, Any]) -> dict[str, Any]:
    if task.get("program") != PROGRAM:
        return {}
    user = context["request"].user
    case = _visible(user, task["case_number"])
    if case is None:
        return {}
    rec = reconsideration_of(case)
    original = rec.original
    detail = case_detail(original, user, via="web.task")
    return {
        "original": detail,
        "reason": rec.reason,
        "decisions": case_decisions(original, user, detail["data"]),
    }


@register.inclusion_tag("web/reconsideration/report.html")
def reconsideration_report(figures: dict[str, int] | None) -> dict[str, Any]:
    """The reports page's section: requests received, upheld and overturned
    in the year, as figures and a bar chart."""
    if not figures:
        return {}
    series: list[tuple[str, Decimal | int]] = [
        (str(label), figures[key]) for key, label in REPORT_FIGURES
    ]
    chart = bar_chart(series, title=_("Reconsideration requests"), unit=_("cases"))
    return {"figures": figures, "measures": REPORT_FIGURES, "chart": chart}
