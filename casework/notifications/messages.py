"""What notifications say, kept apart from when they are sent. A message is
built once, as a source string and its parameters, and rendered for each
recipient in that recipient's language (``notify`` does the rendering)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop


@dataclass(frozen=True)
class Message:
    """``msgid % params``, translated when rendered. A parameter may be a lazy
    translation (a status label, a step title) or a date: both are rendered
    in the language active at that moment."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        return gettext(self.msgid) % {key: _text(value) for key, value in self.params.items()}


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def recipient_language(user: Any) -> str:
    """The language a user reads: their own preference when the user model
    has one, else the site's default language."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def render_for(user: Any, text: str | Message) -> str:
    if isinstance(text, str):
        return text
    with translation.override(recipient_language(user)):
        return text.render()


def _step(case: Any, node: str) -> Any:
    """The step's title, as its flow declares it."""
    step = case.flow_class.steps.get(node)
    return step.title if step is not None else node


def decision(case: Any, status: str) -> tuple[Message, Message]:
    """Subject and body telling the applicant member of a decision on their case."""
    params = {
        "case": case.case_number,
        "program": case.flow_class.title,
        "status": case.flow_class.status_label(status),
    }
    return (
        Message(gettext_noop("Your case %(case)s: %(status)s"), params),
        Message(gettext_noop("Case %(case)s (%(program)s) is now: %(status)s."), params),
    )


def reminder(case: Any, node: str, due: dt.date | None) -> tuple[Message, Message]:
    """A task falls due within a working day."""
    params = {"case": case.case_number, "step": _step(case, node), "due": due}
    return (
        Message(gettext_noop("[%(case)s] %(step)s is due on %(due)s"), params),
        Message(gettext_noop("The task “%(step)s” of case %(case)s is due on %(due)s."), params),
    )


def escalation(
    case: Any, node: str, due: dt.date | None, holder: str | None
) -> tuple[Message, Message]:
    """A task is overdue; ``holder`` is the username holding it, if any."""
    params = {
        "case": case.case_number,
        "step": _step(case, node),
        "due": due,
        "holder": holder or "",
    }
    body = (
        gettext_noop(
            "The task “%(step)s” of case %(case)s was due on %(due)s "
            "and is still open (held by %(holder)s)."
        )
        if holder
        else gettext_noop(
            "The task “%(step)s” of case %(case)s was due on %(due)s "
            "and is still open (held by nobody)."
        )
    )
    return (
        Message(gettext_noop("[%(case)s] %(step)s is overdue (due %(due)s)"), params),
        Message(body, params),
    )


def open_reminder(case: Any, node: str, opened: dt.date, days: int) -> tuple[Message, Message]:
    """A task with no due date has been open ``days`` calendar days (legal
    aid's closing, reminded monthly)."""
    params = {"case": case.case_number, "step": _step(case, node), "opened": opened, "days": days}
    return (
        Message(gettext_noop("[%(case)s] %(step)s has been open %(days)s days"), params),
        Message(
            gettext_noop(
                "The task “%(step)s” of case %(case)s has been open since %(opened)s "
                "(%(days)s days): record how the case stands, or close it with its result "
                "and closing report."
            ),
            params,
        ),
    )
