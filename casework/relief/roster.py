"""The yearly review of a household on the hardship roster (PROCESSES.md §1):
opened by the due-work sweep when ``review_due`` is reached
(``workflows.due_work.roster_reviews_open``), as the one
human step of the ``roster_review`` flow (its own case, program
``roster_review``, so relief counts and the one-open-relief-case rule are
untouched). Actions: ``continue``, ``change_category``, ``exit`` with a
reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core import text_limits
from casework.core.models import Case
from casework.core.parameters import param_int

from .models import RosterEntry
from .statuses import RosterReviewStatus


class ExitReason:
    CHOICES = [
        ("out_of_hardship", _("out of hardship")),
        ("retired", _("retired")),
        ("moved", _("moved")),
        ("deceased", _("deceased")),
        ("failed_income_check", _("failed income check")),
    ]


class ContinueInput(serializers.Serializer):
    note = serializers.CharField(
        max_length=text_limits.REASON, required=False, allow_blank=True, default=""
    )


class ChangeCategoryInput(serializers.Serializer):
    category = serializers.ChoiceField(choices=["deep", "relative"])
    note = serializers.CharField(
        max_length=text_limits.REASON, required=False, allow_blank=True, default=""
    )

    def validate_category(self, value: str) -> str:
        entry = roster_entry_of(self.context["case"])
        if entry.category == value:
            raise serializers.ValidationError(f"the household is already {value}")
        return value


class ExitInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ExitReason.CHOICES)
    note = serializers.CharField(
        max_length=text_limits.REASON, required=False, allow_blank=True, default=""
    )


def next_review(today: dt.date) -> dt.date:
    """The yearly review's date: ``relief.roster_review_months`` after
    ``today``, on the same day of the month but never after the 28th (so every
    month has it)."""
    months = param_int("relief.roster_review_months")
    return today.replace(day=min(today.day, 28)) + relativedelta(months=months)


def roster_entry_of(case: Case) -> RosterEntry:
    return RosterEntry.objects.select_related("member").get(pk=(case.data or {})["roster_entry"])


def _finish(case: Case, actor: Any, case_status: str, **changes: Any) -> RosterEntry:
    entry = roster_entry_of(case)
    before = {name: getattr(entry, name) for name in changes}
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.save(update_fields=list(changes))
    audit_record(
        case=case,
        actor=actor,
        type=events.FIELD_CHANGED.code,
        data={
            "roster_entry": entry.pk,
            "changed": {n: [str(before[n]), str(v)] for n, v in changes.items()},
        },
    )
    old = case.case_status
    case.case_status = case_status
    case.closed = timezone.now()
    case.save(update_fields=["case_status", "closed"])
    audit_record(
        case=case,
        actor=actor,
        type=events.STATUS_CHANGED.code,
        data={"from": old, "to": case_status},
    )
    return entry


def roster_continue(*, case: Case, actor: Any, note: str = "") -> RosterEntry:
    """The household stays on the roster; the next review is a year on."""
    return _finish(
        case, actor, RosterReviewStatus.CONTINUED, review_due=next_review(timezone.localdate())
    )


def roster_change_category(*, case: Case, actor: Any, category: str, note: str = "") -> RosterEntry:
    return _finish(
        case,
        actor,
        RosterReviewStatus.CATEGORY_CHANGED,
        category=category,
        review_due=next_review(timezone.localdate()),
    )


def roster_exit(*, case: Case, actor: Any, reason: str, note: str = "") -> RosterEntry:
    """撤档: the household leaves the roster, with the reason."""
    return _finish(
        case, actor, RosterReviewStatus.EXITED, status=RosterEntry.Status.EXITED, exit_reason=reason
    )


def roster_case_data(case: Case, user: Any) -> dict[str, Any]:
    entry = roster_entry_of(case)
    return {
        "roster_entry": entry.pk,
        "relief_case": entry.case.case_number,
        "category": entry.category,
        "filed_on": entry.filed_on,
        "review_due": entry.review_due,
        "status": entry.status,
        "exit_reason": entry.exit_reason,
    }
