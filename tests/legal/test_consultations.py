"""Consultations (PROCESSES.md §5): logged as ``LC-…`` cases, closed at once
or followed up on the promised day, and a referral to union mediation that
opens the mediation with the facts copied, linked both ways — and runs out
to ``unresolved`` at the due-work run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.audit.models import AuditEvent
from casework.core.models import Case
from casework.demo.seed import seed_member_login
from casework.legal.models import Consultation
from casework.mediation.models import Referral
from tests.conftest import Api
from tests.legal.conftest import consultation, in_days
from workflows.due_work import due_work_run


def test_an_answered_consultation_is_logged_and_closed_at_once(consult):
    case = consult()
    assert case["case_number"].startswith(f"LC-{timezone.localdate().year}-")
    assert case["program"] == "consultation"
    assert case["status"] == "closed"
    assert case["closed"] is not None
    assert case["open_tasks"] == []
    data = case["data"]
    assert data["channel"] == "visit"
    assert data["advice"] == "先与用人单位协商，保留考勤与工资条"
    assert data["visitor"]["name"] == "覃工人"
    assert data["referral"] is None


def test_the_visitors_id_number_is_masked_for_those_who_do_not_see_it_whole(api, consult):
    number = consult()["case_number"]
    whole = api("caseworker").get(f"/api/cases/{number}/").json()["data"]["visitor"]
    masked = api("finance").get(f"/api/cases/{number}/").json()["data"]["visitor"]
    assert "*" not in whole["id_number"] and "*" not in whole["phone"]
    assert "*" in masked["id_number"] and "*" in masked["phone"]
    # the caseworker's whole read is in the who-viewed log, the masked one is not
    viewed = AuditEvent.objects.filter(case__case_number=number, type="viewed")
    assert {e.actor_name: e.data["what"] for e in viewed}["caseworker"] == ["id_number", "phone"]
    assert "finance" not in {e.actor_name for e in viewed if e.data["what"]}


def test_a_visitor_who_refuses_the_id_number_is_logged_with_the_refusal(consult):
    case = consult(visitor={"name": "匿名来访者", "id_refused": True}, channel="hotline")
    assert case["data"]["visitor"]["id_refused"] is True
    assert case["data"]["visitor"]["id_number"] == ""


def test_a_member_visitor_is_taken_from_the_member_record(consult, member):
    case = consult(member=member.pk, visitor={"name": "随便"})
    assert case["member"]["id"] == member.pk
    assert case["data"]["visitor"]["name"] == member.name


def test_an_answer_later_opens_the_follow_up_due_that_day_and_done_closes_it(api, consult):
    case = consult(outcome="later", advice="", follow_up_on=in_days(3))
    assert case["status"] == "open"
    [task] = case["open_tasks"]
    assert task["name"] == "follow_up"
    assert task["due"] == in_days(3)
    done = api("caseworker").complete(
        case["case_number"], "follow_up", "done", result="已电话答复：可申请劳动仲裁"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["case"]["status"] == "closed"
    assert done.json()["case"]["data"]["follow_up_result"] == "已电话答复：可申请劳动仲裁"


def test_a_follow_up_date_on_an_answered_consultation_opens_the_follow_up(consult):
    case = consult(follow_up_on=in_days(7))
    assert case["status"] == "open"
    assert [t["name"] for t in case["open_tasks"]] == ["follow_up"]


def test_only_a_caseworker_records_the_follow_up(api, consult):
    number = consult(outcome="later", follow_up_on=in_days(1))["case_number"]
    refused = api("finance").complete(number, "follow_up", "done", result="x")
    assert refused.status_code in (403, 404)
    assert Case.objects.get(case_number=number).case_status == "open"


def test_a_referral_to_union_mediation_opens_it_with_the_facts_linked_both_ways(api, consult):
    case = consult(outcome="referred_mediation")
    referral = case["data"]["referral"]
    assert referral and referral.startswith("MD-")
    mediation = Referral.objects.select_related("case").get(case__case_number=referral)
    assert mediation.referral_type == "union"
    assert mediation.consultation_number == case["case_number"]
    assert mediation.summary == "工地拖欠三个月工资共一万二千元"
    assert mediation.dispute_types == ["wages"]
    assert mediation.worker_name == "覃工人"
    assert mediation.court == "" and mediation.received_on == timezone.localdate()
    assert mediation.deadline == timezone.localdate() + dt.timedelta(days=15)
    assert mediation.case.case_status == "registered"
    seen = api("coordinator").get(f"/api/cases/{referral}/").json()
    assert seen["data"]["referral_type"] == "union"
    assert seen["data"]["consultation"] == case["case_number"]


def test_a_referred_union_mediation_that_runs_out_ends_unresolved_at_the_due_work_run(api, consult):
    case = consult(outcome="referred_mediation")
    number = case["data"]["referral"]
    done = api("coordinator").complete(number, "assign", "assign", mediator="mediator")
    assert done.status_code == 200, done.json()
    # sixteen days pass: the studio received it on day 0, the deadline was day 15
    received = timezone.localdate() - dt.timedelta(days=16)
    Referral.objects.filter(case__case_number=number).update(
        received_on=received, referred_on=received, deadline=received + dt.timedelta(days=15)
    )
    Task.objects.filter(
        process_id=Case.objects.get(case_number=number).pk, flow_task_type="TIMER"
    ).update(scheduled=timezone.now() - dt.timedelta(hours=1))
    assert due_work_run().timers_fired == 1
    mediation = api("coordinator").get(f"/api/cases/{number}/").json()
    assert mediation["status"] == "unresolved"
    assert mediation["data"]["outcome"] == "timeout"
    assert mediation["open_tasks"] == []
    # the consultation still names it
    assert Consultation.objects.get(case__case_number=case["case_number"]).referral == number


def test_a_referral_to_legal_aid_without_an_id_number_is_refused_and_nothing_written(api):
    before = Case.objects.count()
    response = api("caseworker").post(
        "/api/legal/consultations/",
        consultation(outcome="referred_legal_aid", visitor={"name": "无名"}),
    )
    assert response.status_code == 400
    assert "visitor.id_number" in response.json()["error"]["fields"]
    assert Case.objects.count() == before


@pytest.mark.parametrize("who", ["caseworker", "supervisor"])
def test_caseworkers_and_supervisors_log_consultations(consult, who):
    assert consult(who=who)["status"] == "closed"


def test_the_member_reads_the_advice_of_their_own_consultation_and_no_one_elses(
    api, consult, member, county, members
):
    own = consult(member=member.pk, visitor={"name": member.name})["case_number"]
    other = next(m for m in members if m.pk != member.pk and m.org_unit_id == county.pk)
    theirs = consult(member=other.pk, visitor={"name": other.name})["case_number"]
    reader = Api(seed_member_login(member, county))
    seen = reader.get(f"/api/cases/{own}/")
    assert seen.status_code == 200
    assert seen.json()["data"]["advice"] == "先与用人单位协商，保留考勤与工资条"
    assert reader.get(f"/api/cases/{theirs}/").status_code == 404
