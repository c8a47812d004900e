"""``{% public_notice_link task %}``: on the task page of a public-notice
task, the way to the public-notice page, where the list is printed and
objections are recorded (the task itself only waits for the period to end)."""

from __future__ import annotations

from typing import Any

from django import template

from casework.presenters.public_notice import NOTICE_NODE, may_read_notice

register = template.Library()


@register.inclusion_tag("web/public_notice/task_link.html", takes_context=True)
def public_notice_link(context: dict[str, Any], task: dict[str, Any]) -> dict[str, Any]:
    """Shown on a public-notice task to those whose menu has the page."""
    user = context["request"].user
    return {"show": task.get("name") == NOTICE_NODE.name and may_read_notice(user)}
