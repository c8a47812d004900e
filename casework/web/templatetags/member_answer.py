"""``{% answer_waiting case.case_number as waiting %}``: whether a step of the
member's own case waits on them (a return to answer), for the link to the
answer page on the member's case page."""

from __future__ import annotations

from typing import Any

from django import template

from casework.core.access import cases_visible_to
from casework.web.views.member_answer import answerable_task

register = template.Library()


@register.simple_tag(takes_context=True)
def answer_waiting(context: Any, case_number: str) -> bool:
    user = context["request"].user
    case = cases_visible_to(user).filter(case_number=case_number, member__user=user).first()
    return case is not None and answerable_task(case, user) is not None
