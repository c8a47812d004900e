"""Legal aid on the reports page: ``{% legal_aid_report summary.legal.legal_aid %}``
— the year's applications, the cases closed by result (a table and a bar
chart) and the amount recovered."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from casework.legal.models import AidResult
from casework.web.charts import bar_chart

register = template.Library()


@register.inclusion_tag("web/legal_aid/_report.html")
def legal_aid_report(figures: dict[str, Any] | None) -> dict[str, Any]:
    if not figures:
        return {}
    results = [(code, str(AidResult(code).label), n) for code, n in figures["by_result"].items()]
    return {
        "figures": figures,
        "results": results,
        "chart": bar_chart(
            [(name, n) for _c, name, n in results], title=_("Closed by result"), unit=_("cases")
        ),
    }
