"""The legal services on the reports page: ``{% legal_report summary.legal %}``
— the year's consultations by channel and by category, as tables and bar
charts (the summary's ``legal`` figures, PROCESSES.md §Reports)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from casework.legal.models import Category, Channel
from casework.web.charts import bar_chart

register = template.Library()


@register.inclusion_tag("web/legal/_report.html")
def legal_report(figures: dict[str, Any] | None) -> dict[str, Any]:
    if not figures:
        return {}
    channels = [(code, str(Channel(code).label), n) for code, n in figures["by_channel"].items()]
    categories = [
        (code, str(Category(code).label), n) for code, n in figures["by_category"].items()
    ]
    unit = _("consultations")
    return {
        "figures": figures,
        "channels": channels,
        "categories": categories,
        "charts": [
            bar_chart([(name, n) for _c, name, n in channels], title=_("By channel"), unit=unit),
            bar_chart([(name, n) for _c, name, n in categories], title=_("By category"), unit=unit),
        ],
    }
