"""Every code a page can show has a label: the statuses, steps, actions,
input fields and choice values the flows declare. A new code without a
label would show raw on the pages (and untranslated)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from rest_framework import serializers

from casework.legal import aid_inputs
from casework.mediation import inputs as mediation_inputs
from casework.mutual_aid import inputs as mutual_aid_inputs
from casework.relief import inputs as relief_inputs
from casework.web import labels

FINAL_STATUSES = {
    "rejected", "lapsed", "closed", "withdrawn", "settled", "settled_unfulfilled",
    "returned_to_court", "continued", "category_changed", "exited", "refused",
}  # fmt: skip
TASK_STATUSES = {"new", "assigned", "done", "canceled"}


def _flows() -> list[Any]:
    """Every program's flow, as the workflows app registered them."""
    from workflows.base import DECLARED_FLOWS

    return list(DECLARED_FLOWS.values())


def _statuses() -> set[str]:
    found = set(FINAL_STATUSES | TASK_STATUSES | {"mediating"})  # mediate: assigned | mediating
    for flow in _flows():
        for status in flow.status_by_node.values():
            if isinstance(status, tuple):
                found |= set(status)
            elif isinstance(status, str):
                found.add(status)
        found |= set(getattr(flow, "withdrawable_statuses", ()))
    return found


def _fields(serializer: serializers.Serializer, prefix: str = "") -> set[str]:
    names = set()
    for name, field in serializer.fields.items():
        names.add(prefix + name)
        child = getattr(field, "child", None)
        for nested in (field, child):
            if isinstance(nested, serializers.Serializer):
                names |= _fields(nested, f"{prefix}{name}.")
    return names


def _choices(serializer: serializers.Serializer) -> set[str]:
    codes = set()
    for field in serializer.fields.values():
        for candidate in (field, getattr(field, "child", None)):
            if isinstance(candidate, serializers.Serializer):
                codes |= _choices(candidate)
            elif isinstance(candidate, serializers.ChoiceField):
                codes |= {str(code) for code in candidate.choices}
    return codes


def _inputs() -> list[serializers.Serializer]:
    found: list[serializers.Serializer] = [
        action.input()
        for flow in _flows()
        for step in flow.steps.values()
        for action in step.actions
    ]
    for module in (relief_inputs, mutual_aid_inputs, mediation_inputs, aid_inputs):
        found += [
            cls()
            for cls in vars(module).values()
            if isinstance(cls, type)
            and issubclass(cls, serializers.Serializer)
            and cls.__module__ == module.__name__
        ]
    return found


@pytest.mark.parametrize(
    ("table", "codes"),
    [
        ("program", lambda: {flow.program for flow in _flows()}),
        ("status", _statuses),
        ("step", lambda: {node for flow in _flows() for node in flow.steps}),
        (
            "action",
            lambda: {a.name for flow in _flows() for s in flow.steps.values() for a in s.actions},
        ),
        ("field", lambda: set().union(*(_fields(s) for s in _inputs()))),
        ("value", lambda: set().union(*(_choices(s) for s in _inputs()))),
    ],
)
def test_every_code_has_a_label(table, codes):
    missing = sorted(code for code in codes() if code not in labels.TABLES[table])
    assert missing == []


def test_labels_read_chinese_by_default_and_english_on_request():
    with translation.override("zh-hans"):
        assert str(labels.label("returned_to_court", "status")) == "已退回法院"
        assert str(labels.label("deep", "value")) == "深度困难"
        assert str(labels.label("benefit.amount", "field")) == "给付金额"
        assert str(labels.label("recommend", "action")) == "提出救助建议"
    with translation.override("en"):
        assert str(labels.label("returned_to_court", "status")) == "Returned to court"
        assert str(labels.label("entrusted", "value")) == "entrusted mediation"
    assert labels.label("no_such_code", "status") == "no_such_code"


def test_statuses_and_steps_are_labelled_from_their_declarations():
    from casework.campaigns.statuses import CampaignListStatus
    from casework.legal.statuses import ConsultationStatus, LegalAidStatus
    from casework.mediation.statuses import MediationStatus
    from casework.mutual_aid.statuses import MutualAidStatus
    from casework.reconsideration.statuses import ReconsiderationStatus
    from casework.relief.statuses import ReliefStatus, RosterReviewStatus

    declared = set(TASK_STATUSES)
    for choices in (
        ReliefStatus,
        MutualAidStatus,
        MediationStatus,
        RosterReviewStatus,
        ConsultationStatus,
        CampaignListStatus,
        LegalAidStatus,
        ReconsiderationStatus,
    ):
        for status in choices:
            assert labels.STATUSES[status.value] == status.label, status
            declared.add(status.value)
    assert set(labels.STATUSES) == declared  # no label for a status nothing sets
    for flow in _flows():
        for node, step in flow.steps.items():
            shared = [f for f in _flows() if node in f.steps and f is not flow]
            if not shared:
                assert labels.STEPS[node] == step.title, node
