"""The mediation journeys through the public API: every outcome, the
extension, and the time limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.mediation.models import Referral
from tests.mediation.conftest import days_ago
from workflows.due_work import due_work_run

TODAY = timezone.localdate


def in_days(n: int) -> str:
    return (TODAY() + dt.timedelta(days=n)).isoformat()


def case_of(api, number: str, who: str = "coordinator") -> dict:
    response = api(who).get(f"/api/cases/{number}/")
    assert response.status_code == 200, response.json()
    return response.json()


def event_types(number: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(case__case_number=number)
        .order_by("seq")
        .values_list("type", flat=True)
    )


def session(**overrides) -> dict:
    data = {
        "held_on": TODAY().isoformat(),
        "place": "诉调工作室",
        "attendees": ["覃工人", "公司代表"],
        "notes": "双方陈述意见",
        "next_step": "下周再次调解",
    }
    data.update(overrides)
    return data


# --- deadlines ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("referral_type", "procedure", "days"),
    [("delegated", "", 30), ("entrusted", "ordinary", 15), ("entrusted", "simple", 7)],
)
def test_the_deadline_follows_the_referral_type_from_the_day_of_receipt(
    register, referral_type, procedure, days
):
    case = register(referral_type=referral_type, procedure=procedure, received_on=days_ago(2))
    expected = TODAY() - dt.timedelta(days=2) + dt.timedelta(days=days)
    assert case["data"]["deadline"] == expected.isoformat()
    assert case["data"]["days_left"] == days - 2
    assert case["data"]["deadline_passed"] is False


def test_the_deadline_uses_the_parameter_in_force_when_registered(api, register):
    from casework.core.models import Parameter

    # a save, as the admin and parameter_update make it: QuerySet.update()
    # sends no signal, and the processes' parameter snapshots would not hear
    parameter = Parameter.objects.get(key="mediation.entrusted_simple_days")
    parameter.value = "10"
    parameter.save()
    case = register(referral_type="entrusted", procedure="simple", received_on=days_ago(0))
    assert case["data"]["deadline"] == in_days(10)


def test_the_mediate_task_is_due_on_the_deadline_and_shows_the_days_left(api, assigned):
    number = assigned(received_on=days_ago(5))
    task = api("mediator").open_task(number, "mediate")
    assert task["due"] == in_days(25)
    assert task["days_left"] == 25
    detail = api("mediator").get(f"/api/tasks/{task['id']}/").json()
    assert detail["case_deadline"] == in_days(25)
    assert detail["case_days_left"] == 25
    assert case_of(api, number)["deadline"] == in_days(25)


# --- assignment ----------------------------------------------------------------


def test_the_assign_task_offers_the_mediators_with_their_open_caseload(api, register, assigned):
    assigned(mediator="mediator")
    assigned(mediator="mediator")
    number = register()["case_number"]
    task = api("coordinator").open_task(number, "assign")
    detail = api("coordinator").get(f"/api/tasks/{task['id']}/").json()
    (action,) = detail["actions"]
    (field,) = action["fields"]
    assert field["name"] == "mediator"
    assert field["type"] == "user"
    assert field["choices"] == ["mediator", "mediator2"]
    caseload = {row["username"]: row["open_cases"] for row in detail["caseload"]}
    assert caseload == {"mediator": 2, "mediator2": 0}


def test_assigning_gives_the_mediate_task_to_the_chosen_mediator(api, register):
    number = register()["case_number"]
    done = api("coordinator").complete(number, "assign", "assign", mediator="mediator2")
    assert done.status_code == 200, done.json()
    case = done.json()["case"]
    assert case["status"] == "assigned"
    assert case["data"]["mediator"] == "mediator2"
    (task,) = case["open_tasks"]
    assert (task["name"], task["assignee"], task["status"]) == ("mediate", "mediator2", "assigned")
    inbox = api("mediator2").get("/api/tasks/", scope="inbox").json()
    assert [t["case_number"] for t in inbox["results"]] == [number]


def test_assigning_someone_who_is_not_a_mediator_is_refused(api, register):
    number = register()["case_number"]
    response = api("coordinator").complete(number, "assign", "assign", mediator="caseworker")
    assert response.status_code == 400
    assert "mediator" in response.json()["error"]["fields"]


def test_reassigning_the_mediation_moves_the_case_to_the_new_mediator_and_is_audited(api, assigned):
    number = assigned(mediator="mediator")
    task = api("coordinator").open_task(number, "mediate")
    moved = api("coordinator").post(f"/api/tasks/{task['id']}/reassign/", {"user": "mediator2"})
    assert moved.status_code == 200, moved.json()
    assert moved.json()["assignee"] == "mediator2"
    assert Referral.objects.get(case__case_number=number).mediator.username == "mediator2"
    assert case_of(api, number)["data"]["mediator"] == "mediator2"
    timeline = api("auditor").get(f"/api/cases/{number}/timeline/").json()
    changed = [e for e in timeline if e["type"] == "mediator_changed"]
    assert changed[-1]["data"] == {"from": "mediator", "to": "mediator2"}
    assert changed[-1]["actor"] == "coordinator"
    assert "task_reassigned" in [e["type"] for e in timeline]


# --- sessions ----------------------------------------------------------------------


def test_sessions_are_logged_any_number_of_times_and_the_case_becomes_mediating(api, assigned):
    number = assigned()
    med = api("mediator")
    first = med.post(f"/api/mediation/cases/{number}/sessions/", session())
    assert first.status_code == 201, first.json()
    assert case_of(api, number)["status"] == "mediating"
    second = med.post(f"/api/mediation/cases/{number}/sessions/", session(place="法院"))
    assert second.status_code == 201
    listed = api("coordinator").get(f"/api/mediation/cases/{number}/sessions/").json()
    assert [s["place"] for s in listed] == ["诉调工作室", "法院"]
    assert listed[0]["attendees"] == ["覃工人", "公司代表"]
    assert listed[0]["recorded_by"] == "mediator"
    assert api("auditor").get(f"/api/mediation/cases/{number}/sessions/").status_code == 200
    # the audit trail names the sessions, not their content
    logged = [
        e
        for e in api("auditor").get(f"/api/cases/{number}/timeline/").json()
        if e["type"] == "mediation_session_logged"
    ]
    assert len(logged) == 2
    assert "notes" not in logged[0]["data"]


def test_a_status_of_mediating_survives_a_reassignment(api, assigned):
    number = assigned()
    api("mediator").post(f"/api/mediation/cases/{number}/sessions/", session())
    task = api("coordinator").open_task(number, "mediate")
    api("coordinator").post(f"/api/tasks/{task['id']}/reassign/", {"user": "mediator2"})
    assert case_of(api, number)["status"] == "mediating"


def test_no_session_is_logged_once_mediation_has_ended(api, assigned):
    number = assigned()
    api("mediator").complete(number, "mediate", "refuse", reason="用人单位拒绝调解")
    response = api("coordinator").post(f"/api/mediation/cases/{number}/sessions/", session())
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "wrong_state"


def test_the_auditor_may_read_sessions_but_not_log_one(api, assigned):
    number = assigned()
    response = api("auditor").post(f"/api/mediation/cases/{number}/sessions/", session())
    assert response.status_code == 403


# --- outcomes ---------------------------------------------------------------------


def test_settle_then_fulfilled_ends_settled(api, assigned):
    number = assigned()
    med = api("mediator")
    settled = med.complete(
        number,
        "mediate",
        "settle",
        agreed_amount="15000.00",
        terms="公司分两期支付",
        performance_due=in_days(20),
    )
    assert settled.status_code == 200, settled.json()
    case = settled.json()["case"]
    assert case["status"] == "follow_up"
    assert case["data"]["agreed_amount"] == "15000.00"
    assert case["data"]["outcome"] == "settle"
    (task,) = case["open_tasks"]
    assert (task["name"], task["assignee"], task["due"]) == ("follow_up", "mediator", in_days(20))

    done = med.complete(number, "follow_up", "fulfilled", judicial_confirmation="confirmed")
    assert done.status_code == 200, done.json()
    case = done.json()["case"]
    assert case["status"] == "settled"
    assert case["closed"] is not None
    assert case["open_tasks"] == []
    assert case["data"]["judicial_confirmation"] == "confirmed"
    assert case["data"]["performance"] == "fulfilled"


def test_settle_then_unfulfilled_ends_settled_unfulfilled(api, assigned):
    number = assigned()
    med = api("mediator")
    med.complete(
        number,
        "mediate",
        "settle",
        agreed_amount="9000.00",
        terms="一次性支付",
        performance_due=in_days(5),
    )
    done = med.complete(
        number, "follow_up", "unfulfilled", judicial_confirmation="not_applied", note="未付款"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["case"]["status"] == "settled_unfulfilled"


def test_fail_then_returned_ends_returned_to_court(api, assigned):
    number = assigned()
    failed = api("mediator").complete(
        number,
        "mediate",
        "fail",
        reason="双方分歧较大",
        disputed_points=["加班费计算基数", "解除合同理由"],
    )
    assert failed.status_code == 200, failed.json()
    case = failed.json()["case"]
    assert case["status"] == "returning"
    assert case["data"]["disputed_points"] == ["加班费计算基数", "解除合同理由"]
    assert [t["name"] for t in case["open_tasks"]] == ["return_to_court"]

    done = api("coordinator").complete(
        number,
        "return_to_court",
        "returned",
        returned_on=TODAY().isoformat(),
        letter_reference="三总工调函〔2026〕12号",
    )
    assert done.status_code == 200, done.json()
    case = done.json()["case"]
    assert case["status"] == "returned_to_court"
    assert case["closed"] is not None
    assert case["data"]["letter_reference"] == "三总工调函〔2026〕12号"


def test_refuse_sends_the_case_back_to_the_court(api, assigned):
    number = assigned()
    refused = api("mediator").complete(number, "mediate", "refuse", reason="用人单位拒绝调解")
    assert refused.status_code == 200, refused.json()
    assert refused.json()["case"]["status"] == "returning"
    assert refused.json()["case"]["data"]["outcome"] == "refuse"
    done = api("coordinator").complete(
        number,
        "return_to_court",
        "returned",
        returned_on=TODAY().isoformat(),
        letter_reference="R-1",
    )
    assert done.json()["case"]["status"] == "returned_to_court"


def test_withdraw_ends_the_case_withdrawn(api, assigned):
    number = assigned()
    done = api("mediator").complete(number, "mediate", "withdraw", reason="申请人撤回")
    assert done.status_code == 200, done.json()
    case = done.json()["case"]
    assert case["status"] == "withdrawn"
    assert case["closed"] is not None
    assert case["open_tasks"] == []
    assert case["data"]["outcome"] == "withdraw"


def test_the_coordinator_may_not_record_the_mediators_outcome(api, assigned):
    number = assigned()
    response = api("coordinator").complete(number, "mediate", "withdraw", reason="x")
    assert response.status_code == 403


# --- extension -----------------------------------------------------------------------


def test_one_extension_adds_the_extension_days_and_a_second_is_refused(api, assigned):
    number = assigned(received_on=days_ago(10))
    extended = api("mediator").post(
        f"/api/mediation/cases/{number}/extend/", {"parties_consent": True}
    )
    assert extended.status_code == 200, extended.json()
    data = extended.json()["data"]
    assert data["deadline"] == in_days(20 + 30)
    assert data["extended"] is True
    assert data["days_left"] == 50
    task = api("mediator").open_task(number, "mediate")
    assert task["due"] == in_days(50)
    assert "mediation_extended" in event_types(number)

    again = api("coordinator").post(
        f"/api/mediation/cases/{number}/extend/", {"parties_consent": True}
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_extended"
    assert case_of(api, number)["data"]["deadline"] == in_days(50)


def test_an_extension_moves_the_deadline_timer(api, assigned):
    number = assigned(received_on=days_ago(31))  # the deadline was yesterday
    api("coordinator").post(f"/api/mediation/cases/{number}/extend/", {"parties_consent": True})
    assert due_work_run().timers_fired == 0
    assert case_of(api, number)["status"] == "assigned"


def test_an_entrusted_referral_needs_the_courts_consent_to_extend(api, assigned):
    number = assigned(referral_type="entrusted", procedure="ordinary")
    refused = api("mediator").post(
        f"/api/mediation/cases/{number}/extend/", {"parties_consent": True, "court_consent": False}
    )
    assert refused.status_code == 400
    assert "court_consent" in refused.json()["error"]["fields"]
    assert case_of(api, number)["data"]["extended"] is False
    ok = api("mediator").post(
        f"/api/mediation/cases/{number}/extend/", {"parties_consent": True, "court_consent": True}
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["data"]["deadline"] == in_days(-2 + 15 + 30)


def test_an_extension_needs_the_parties_consent(api, assigned):
    number = assigned()
    refused = api("mediator").post(
        f"/api/mediation/cases/{number}/extend/", {"parties_consent": False}
    )
    assert refused.status_code == 400
    assert "parties_consent" in refused.json()["error"]["fields"]


# --- the time limit ----------------------------------------------------------------------


def test_nothing_happens_on_the_day_of_the_deadline(api, assigned):
    number = assigned(received_on=days_ago(30))  # the deadline is today
    assert due_work_run().timers_fired == 0
    assert case_of(api, number)["status"] == "assigned"
    assert case_of(api, number)["data"]["days_left"] == 0


def test_a_passed_deadline_opens_deadline_decision_and_return_sends_it_back(api, assigned):
    number = assigned(received_on=days_ago(31))
    assert case_of(api, number)["data"]["deadline_passed"] is True
    assert due_work_run().timers_fired == 1
    case = case_of(api, number)
    assert case["status"] == "awaiting_decision"
    assert [t["name"] for t in case["open_tasks"]] == ["deadline_decision"]
    assert "timer_fired" in event_types(number)
    # the mediator's task was cancelled: no outcome can be recorded any more
    assert api("mediator").get("/api/tasks/", scope="inbox").json()["count"] == 0
    assert due_work_run().timers_fired == 0

    decided = api("coordinator").complete(
        number, "deadline_decision", "return", reason="期满未达成协议"
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["case"]["status"] == "returning"
    assert decided.json()["case"]["data"]["outcome"] == "timeout"
    done = api("coordinator").complete(
        number, "return_to_court", "returned", returned_on=TODAY().isoformat(), letter_reference="R"
    )
    assert done.json()["case"]["status"] == "returned_to_court"


def test_extend_at_deadline_decision_reopens_mediation_for_the_same_mediator(api, assigned):
    number = assigned(mediator="mediator2", received_on=days_ago(31))
    due_work_run()
    decided = api("coordinator").complete(
        number, "deadline_decision", "extend", parties_consent=True
    )
    assert decided.status_code == 200, decided.json()
    case = decided.json()["case"]
    assert case["data"]["deadline"] == in_days(-1 + 30)
    (task,) = case["open_tasks"]
    assert (task["name"], task["assignee"], task["due"]) == ("mediate", "mediator2", in_days(29))
    assert case["status"] == "assigned"
    # the reopened step is under the new deadline: nothing fires now
    assert due_work_run().timers_fired == 0
    settled = api("mediator2").complete(
        number, "mediate", "settle", agreed_amount="100.00", terms="t", performance_due=in_days(3)
    )
    assert settled.json()["case"]["status"] == "follow_up"


def test_extend_at_deadline_decision_reopens_assignment_when_no_mediator_was_chosen(api, register):
    number = register(referral_type="entrusted", procedure="simple", received_on=days_ago(8))[
        "case_number"
    ]
    assert due_work_run().timers_fired == 1
    assert case_of(api, number)["status"] == "awaiting_decision"
    no_court = api("coordinator").complete(
        number, "deadline_decision", "extend", parties_consent=True
    )
    assert no_court.status_code == 400
    assert "court_consent" in no_court.json()["error"]["fields"]
    decided = api("coordinator").complete(
        number, "deadline_decision", "extend", parties_consent=True, court_consent=True
    )
    assert decided.status_code == 200, decided.json()
    case = decided.json()["case"]
    assert case["status"] == "registered"
    assert [t["name"] for t in case["open_tasks"]] == ["assign"]
    assert case["data"]["deadline"] == in_days(-8 + 7 + 30)


def test_after_an_extension_a_second_timeout_may_only_be_returned(api, assigned):
    number = assigned(received_on=days_ago(61))  # even the extended deadline has passed
    due_work_run()
    api("coordinator").complete(number, "deadline_decision", "extend", parties_consent=True)
    assert due_work_run().timers_fired == 1
    assert case_of(api, number)["status"] == "awaiting_decision"
    again = api("coordinator").complete(number, "deadline_decision", "extend", parties_consent=True)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_extended"
    back = api("coordinator").complete(number, "deadline_decision", "return", reason="再次期满")
    assert back.json()["case"]["status"] == "returning"


def test_extension_through_the_endpoint_is_refused_while_the_decision_is_open(api, assigned):
    number = assigned(received_on=days_ago(31))
    due_work_run()
    response = api("coordinator").post(
        f"/api/mediation/cases/{number}/extend/", {"parties_consent": True}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "wrong_state"


def test_the_mediation_case_may_not_be_withdrawn_through_the_generic_endpoint(api, assigned):
    number = assigned()
    response = api("coordinator").post(f"/api/cases/{number}/withdraw/", {"reason": "x"})
    assert response.status_code in (403, 409)
    assert case_of(api, number)["status"] == "assigned"
