"""Free text has a maximum length at input: a 5 MB note is a 400 in the
error shape and never reaches the audit chain."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from casework.api.cases import CaseWithdrawApi
from casework.api.people import MemberListApi
from casework.core import text_limits
from casework.core.errors import InvalidInput
from casework.core.models import Case
from casework.mediation import inputs as mediation_inputs
from casework.mutual_aid import inputs as mutual_aid_inputs
from casework.relief import inputs as relief_inputs
from tests.conftest import recommendation
from workflows import engine

from .conftest import no_new_events, refused

FIVE_MB = "备" * (5 * 1024 * 1024 // 3)  # 5 MB of UTF-8


def test_a_5_mb_home_visit_note_is_refused_and_not_audited(api, relief_case):
    number = relief_case()
    with no_new_events():
        response = api("caseworker").complete(
            number, "verify", "recommend", **recommendation(notes=FIVE_MB)
        )
    assert response.status_code == 400
    assert response.json()["error"]["code"]


def test_a_home_visit_note_one_character_too_long_is_refused(api, relief_case):
    number = relief_case()
    with no_new_events():
        response = api("caseworker").complete(
            number,
            "verify",
            "recommend",
            **recommendation(notes="记" * (text_limits.STATEMENT + 1)),
        )
    refused(response, "notes")


def test_a_home_visit_note_at_the_limit_is_accepted(api, relief_case):
    number = relief_case()
    response = api("caseworker").complete(
        number, "verify", "recommend", **recommendation(notes="记" * text_limits.STATEMENT)
    )
    assert response.status_code == 200, response.json()


def test_an_approval_comment_too_long_is_refused(api, relief_case):
    number = relief_case(until="approve")
    with no_new_events():
        response = api("supervisor").complete(
            number,
            "approve",
            "approve",
            approved_amount="3000.00",
            comment="同" * (text_limits.REASON + 1),
        )
    refused(response, "comment")


@pytest.mark.parametrize(("field", "limit"), [("note", "REASON"), ("reason", "STATEMENT")])
def test_a_relief_resubmission_with_too_long_text_is_refused(api, relief_case, field, limit):
    number = relief_case()
    returned = api("caseworker").complete(number, "verify", "return", reason="补材料")
    assert returned.status_code == 200, returned.json()
    with no_new_events():
        response = api("caseworker").complete(
            number, "supplement", "resubmit", **{field: "补" * (getattr(text_limits, limit) + 1)}
        )
    refused(response, field)


@pytest.mark.parametrize("action", ["accept", "approve"])
def test_a_claim_comment_too_long_is_refused(api, claim_case, action):
    number = claim_case()
    if action == "approve":
        accepted = api("caseworker").complete(number, "review", "accept", comment="ok")
        assert accepted.status_code == 200, accepted.json()
    user, step = ("caseworker", "review") if action == "accept" else ("supervisor", "approve")
    with no_new_events():
        response = api(user).complete(number, step, action, comment="同" * (text_limits.REASON + 1))
    refused(response, "comment")


def test_a_claim_resubmission_note_too_long_is_refused(api, claim_case):
    number = claim_case(until="supplement")
    with no_new_events():
        response = api("caseworker").complete(
            number, "supplement", "resubmit", note="补" * (text_limits.REASON + 1)
        )
    refused(response, "note")


def test_a_plan_with_a_severity_class_name_of_5_mb_is_refused(api, org):
    from tests.mutual_aid.helpers import plan

    target = plan("critical_illness")
    with no_new_events():
        response = api("supervisor").patch(
            f"/api/mutual-aid/plans/{target.pk}/", {"lump_sums": {FIVE_MB: "1000.00"}}
        )
    refused(response, "lump_sums")


def test_the_engine_refuses_a_withdrawal_reason_too_long(api, relief_case):
    case = Case.objects.get(case_number=relief_case())
    with no_new_events(), pytest.raises(InvalidInput) as refusal:
        engine.case_withdraw(case, api("caseworker").user, "撤" * (text_limits.REASON + 1))
    assert "reason" in refusal.value.fields


# --- every free-text input declares its limit ------------------------------------


def _inputs() -> list[type[serializers.Serializer]]:
    """Every input serializer a user's text goes through: each step action's
    and the API's own."""
    found: set[type[serializers.Serializer]] = set()
    for flow_class in engine.FLOWS.values():
        for step in flow_class.steps.values():
            found.update(action.input for action in step.actions)
    for module in (relief_inputs, mutual_aid_inputs, mediation_inputs):
        found.update(
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, serializers.Serializer)
            and value.__module__ == module.__name__
        )
    found.update({MemberListApi.MemberInput, CaseWithdrawApi.WithdrawInput})
    return sorted(found, key=lambda s: f"{s.__module__}.{s.__qualname__}")


def _text_fields(serializer: serializers.Serializer, prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.ListField):
            field = field.child
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.Serializer):
            out.extend(_text_fields(field, f"{prefix}{name}."))
        elif isinstance(field, serializers.CharField) and not isinstance(
            field, serializers.ChoiceField
        ):
            out.append((f"{prefix}{name}", field))
    return out


@pytest.mark.parametrize("input_class", _inputs(), ids=lambda s: s.__qualname__)
def test_every_free_text_input_has_a_maximum_length(input_class):
    unbounded = [
        name
        for name, field in _text_fields(input_class())
        if getattr(field, "max_length", None) is None
    ]
    assert not unbounded, f"{input_class.__qualname__}: {unbounded} have no max_length"
