"""``{% member_new_case_links member.pk as links %}``: the "new case" links of the
programs the user may open cases of, with the member filled in, for the
member's file."""

from __future__ import annotations

from typing import Any

from django import template

from casework.web.views.intake import new_case_links

register = template.Library()


@register.simple_tag(takes_context=True)
def member_new_case_links(context: Any, member_id: int) -> list[dict[str, Any]]:
    return new_case_links(context["request"].user, member_id)
