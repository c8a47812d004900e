"""The mediation writes that are not task actions, called through
``workflows.mediation_work`` as the API calls them: sessions only while
``mediate`` is open, one extension with the consents it needs, and the
deadline's timer and the ``mediate`` task's due date moved with it. Through
the API (the status codes, the audit trail naming no content, the auditor
reading): tests/mediation/test_journeys.py; bad session and extension
bodies: tests/mediation/test_bad_input.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.models import Case
from casework.mediation import rules
from casework.mediation.models import MediationSession, Referral
from workflows.mediation_work import mediation_extend, mediation_session_log
from workflows.models import TaskInfo

TODAY = timezone.localdate


def session(**overrides) -> dict:
    data = {
        "held_on": TODAY(),
        "place": "诉调工作室",
        "attendees": ["覃工人", "公司代表"],
        "notes": "双方陈述意见",
        "next_step": "",
    }
    data.update(overrides)
    return data


def case_of(number: str) -> Case:
    return Case.objects.get(case_number=number)


def deadline_timer(case: Case) -> Task:
    return Task.objects.get(process_id=case.pk, flow_task_type="TIMER", status=STATUS.SCHEDULED)


# --- sessions ------------------------------------------------------------------


def test_a_session_is_refused_before_a_mediator_is_assigned(users, register):
    case = case_of(register()["case_number"])
    with pytest.raises(Conflict) as early:
        mediation_session_log(case=case, actor=users["coordinator"], **session())
    assert early.value.code == "wrong_state"
    assert not MediationSession.objects.exists()


def test_the_first_session_makes_the_case_mediating_and_more_may_follow(users, assigned):
    case = case_of(assigned())
    assert case.case_status == "assigned"
    first = mediation_session_log(case=case, actor=users["mediator"], **session())
    assert first.recorded_by == users["mediator"]
    assert case_of(case.case_number).case_status == "mediating"
    mediation_session_log(case=case, actor=users["coordinator"], **session(place="法院"))
    assert MediationSession.objects.filter(referral__case=case).count() == 2
    assert case_of(case.case_number).case_status == "mediating"


def test_a_session_is_refused_to_another_mediator_and_the_auditor(users, assigned):
    case = case_of(assigned())
    for who in ("mediator2", "auditor"):
        with pytest.raises(Forbidden):
            mediation_session_log(case=case, actor=users[who], **session())
    assert not MediationSession.objects.exists()


def test_a_session_before_the_referral_was_received_is_refused(users, assigned):
    case = case_of(assigned())
    received = Referral.objects.get(case=case).received_on
    with pytest.raises(InvalidInput) as refused:
        mediation_session_log(
            case=case, actor=users["mediator"], **session(held_on=received - dt.timedelta(days=1))
        )
    assert "held_on" in refused.value.fields


def test_no_session_once_mediation_has_ended(users, api, assigned):
    number = assigned()
    done = api("mediator").complete(number, "mediate", "withdraw", reason="当事人撤回")
    assert done.status_code == 200, done.json()
    with pytest.raises(Conflict) as late:
        mediation_session_log(case=case_of(number), actor=users["mediator"], **session())
    assert late.value.code == "wrong_state"


# --- the extension ---------------------------------------------------------------


def test_an_extension_moves_the_deadline_its_timer_and_the_tasks_due_date(users, assigned):
    case = case_of(assigned())
    before = Referral.objects.get(case=case).deadline
    referral = mediation_extend(case=case, actor=users["mediator"], parties_consent=True)
    assert referral.extended and referral.deadline > before
    assert referral.deadline == rules.deadline_of(
        referral.received_on, referral.base_days, referral.extension_days
    )
    assert deadline_timer(case).scheduled == rules.deadline_fires_at(referral.deadline)
    assert TaskInfo.objects.get(case=case, node="mediate", open=True).due == referral.deadline


def test_an_extension_is_granted_once(users, assigned):
    case = case_of(assigned())
    first = mediation_extend(case=case, actor=users["coordinator"], parties_consent=True)
    with pytest.raises(Conflict) as again:
        mediation_extend(case=case, actor=users["mediator"], parties_consent=True)
    assert again.value.code == "already_extended"
    assert Referral.objects.get(case=case).deadline == first.deadline
    assert deadline_timer(case).scheduled == rules.deadline_fires_at(first.deadline)


def test_an_extension_needs_the_parties_and_for_an_entrusted_referral_the_courts_consent(
    users, assigned
):
    delegated = case_of(assigned())
    with pytest.raises(InvalidInput) as no_parties:
        mediation_extend(case=delegated, actor=users["mediator"], parties_consent=False)
    assert list(no_parties.value.fields) == ["parties_consent"]
    entrusted = case_of(assigned(referral_type="entrusted", procedure="ordinary"))
    timer_before = deadline_timer(entrusted).scheduled
    with pytest.raises(InvalidInput) as no_court:
        mediation_extend(case=entrusted, actor=users["mediator"], parties_consent=True)
    assert list(no_court.value.fields) == ["court_consent"]
    for case in (delegated, entrusted):
        assert not Referral.objects.get(case=case).extended
    assert deadline_timer(entrusted).scheduled == timer_before
    extended = mediation_extend(
        case=entrusted, actor=users["mediator"], parties_consent=True, court_consent=True
    )
    assert extended.court_consent and extended.extended


def test_an_extension_is_refused_to_the_auditor(users, assigned):
    case = case_of(assigned())
    with pytest.raises(Forbidden):
        mediation_extend(case=case, actor=users["auditor"], parties_consent=True)
    assert not Referral.objects.get(case=case).extended
