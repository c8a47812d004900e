"""Due dates, the paused clock, reminders and escalations — with the clock
frozen, across the 2026 holidays and make-up workdays (调休) and into 2027,
past the calendar package's data."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from viewflow.workflow import flow as vf

from casework.core.calendar import add_working_days
from casework.core.parameters import param_int
from casework.notifications.models import Notification
from tests.conftest import application, recommendation
from workflows import engine
from workflows.due_work import due_work_run
from workflows.models import TaskInfo

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ))


# steps PROCESSES.md gives no time limit: a legal-aid case stays open as long
# as the lawsuit or arbitration it pays for (§5: "none")
NO_DUE_DATE = {("legal_aid", "close")}


def test_every_human_step_of_every_flow_has_a_due_date():
    assert set(engine.FLOWS) == {
        "relief",
        "mutual_aid",
        "mediation",
        "roster_review",
        "campaign",
        "consultation",
        "legal_aid",
        "reconsideration",
    }
    for program, flow_class in engine.FLOWS.items():
        views = {n.name for n in flow_class.instance.nodes() if isinstance(n, vf.View)}
        assert views == set(flow_class.steps), program
        for name, step in flow_class.steps.items():
            if (program, name) in NO_DUE_DATE:
                assert step.due is None, f"{program}.{name} has a due date"
                continue
            assert step.due is not None, f"{program}.{name} has no due date"


@pytest.mark.parametrize(
    "program, step, key",
    [
        ("relief", "verify", "relief.verify_days"),
        ("relief", "supplement", "relief.supplement_days"),
        ("relief", "approve", "relief.approve_days"),
        ("relief", "approve_senior", "relief.senior_approve_days"),
        ("relief", "disburse", "relief.disburse_days"),
        ("mutual_aid", "review", "mutual_aid.review_days"),
        ("mutual_aid", "supplement", "mutual_aid.supplement_days"),
        ("mutual_aid", "medical_review", "mutual_aid.medical_review_days"),
        ("mutual_aid", "approve", "mutual_aid.approve_days"),
        ("mutual_aid", "pay", "mutual_aid.pay_days"),
        ("mediation", "deadline_decision", "mediation.decision_days"),
        ("mediation", "return_to_court", "mediation.return_days"),
        ("reconsideration", "review", "reconsideration.review_days"),
    ],
)
@pytest.mark.parametrize(
    "created, crosses",
    [
        ("2026-02-12", "Spring Festival (02-15..23, make-up 02-14)"),
        ("2026-09-23", "Mid-Autumn 09-25 and National Day (10-01..07, make-up 10-10)"),
        ("2026-12-29", "into 2027, past the package's data (Monday-Friday)"),
    ],
)
def test_working_day_steps_count_working_days(db, program, step, key, created, crosses):
    start = dt.date.fromisoformat(created)
    due = engine.FLOWS[program].steps[step].due(None, start)
    assert due == add_working_days(start, param_int(key))
    assert due > start


def _submit(api, member) -> str:
    response = api("caseworker").post("/api/relief/applications/", application(member))
    assert response.status_code == 201, response.json()
    return response.json()["case_number"]


def _due(api, number: str, name: str) -> str:
    return api("caseworker").open_task(number, name)["due"]


def test_verify_due_skips_the_spring_festival_and_counts_the_make_up_saturday(api, member):
    with at("2026-02-12"):  # Thursday
        number = _submit(api, member)
        # 13 (Fri), 14 (make-up Sat), 24, 25, 26 — 15..23 are the holiday
        assert _due(api, number, "verify") == "2026-02-26"


def test_the_clock_pauses_while_the_applicant_supplements(api, member):
    cw = api("caseworker")
    with at("2026-02-10"):
        number = _submit(api, member)
        assert _due(api, number, "verify") == "2026-02-24"  # 11, 12, 13, 14(调休), 24
    with at("2026-02-12"):
        # returned with 3 working days left: 13, 14 (make-up), 24
        assert cw.complete(number, "verify", "return", reason="缺收入证明").status_code == 200
        info = TaskInfo.objects.get(case__case_number=number, node="verify")
        assert (info.clock_left, info.paused_on) == (3, dt.date(2026, 2, 12))
        # 10 days: 13, 14 (make-up), 24..27, 28 (make-up), Mar 2, 3, 4
        assert _due(api, number, "supplement") == "2026-03-04"
    with at("2026-02-27"):  # Friday: the clock resumes
        done = cw.complete(number, "supplement", "resubmit", note="补交收入证明")
        assert done.status_code == 200, done.json()
        # the 3 days left, not a fresh 5: 28 (make-up Sat), Mar 2, Mar 3
        assert _due(api, number, "verify") == "2026-03-03"
        # a fresh verify (e.g. after an objection) starts a full clock again
        assert cw.complete(number, "verify", "recommend", **recommendation()).status_code == 200
        objected = cw.complete(number, "public_notice", "object", objection="收入不实")
        assert objected.status_code == 200, objected.json()
        assert _due(api, number, "verify") == "2026-03-05"  # 28 (make-up), Mar 2..5


def test_the_paused_clock_across_mid_autumn_and_national_day(api, member):
    cw = api("caseworker")
    with at("2026-09-22"):  # Tuesday; 25 is Mid-Autumn
        number = _submit(api, member)
        assert _due(api, number, "verify") == "2026-09-30"  # 23, 24, 28, 29, 30
    with at("2026-09-24"):
        assert cw.complete(number, "verify", "return", reason="缺材料").status_code == 200
    with at("2026-10-09"):  # after the holiday: 3 days left → 10 (make-up Sat), 12, 13
        assert cw.complete(number, "supplement", "resubmit", note="补正").status_code == 200
        assert _due(api, number, "verify") == "2026-10-13"


def test_an_overdue_step_returned_resumes_with_no_days_left(api, member):
    cw = api("caseworker")
    with at("2026-03-02"):
        number = _submit(api, member)
    with at("2026-03-12"):  # due 03-09, so overdue
        assert cw.complete(number, "verify", "return", reason="缺材料").status_code == 200
    with at("2026-03-16"):
        assert cw.complete(number, "supplement", "resubmit", note="补正").status_code == 200
        assert _due(api, number, "verify") == "2026-03-16"


def test_dates_past_the_calendar_data_fall_back_to_monday_to_friday(api, member, members):
    with at("2026-12-29"):
        number = _submit(api, member)
        # 30, 31, then 2027 by weekday: Jan 1 (Fri), 4, 5
        assert _due(api, number, "verify") == "2027-01-05"
    with at("2027-03-03"):  # Wednesday, wholly past the data
        later = _submit(api, next(m for m in members if m.pk != member.pk))
        assert _due(api, later, "verify") == "2027-03-10"
        assert due_work_run().escalations_sent == 1  # the 2026 case, overdue


def _notes(kind: str, number: str):
    return Notification.objects.filter(kind=kind, case__case_number=number)


def test_reminder_one_working_day_before_and_escalation_once_overdue(api, member, users):
    with at("2026-02-10"):
        number = _submit(api, member)  # verify due 02-24; the day before is the make-up 02-14
    with at("2026-02-13"):
        report = due_work_run()
        assert (report.reminders_sent, report.escalations_sent) == (0, 0)
    with at("2026-02-14"):
        assert due_work_run().reminders_sent == 1
        assert due_work_run().reminders_sent == 0  # never twice
        reminded = {n.recipient.get_username() for n in _notes("reminder", number)}
        # unclaimed: the caseworkers whose scope holds the county case
        assert "caseworker" in reminded
        assert "caseworker2" not in reminded  # a grassroots caseworker cannot take it
        assert "supervisor" not in reminded
    with at("2026-02-24"):
        assert due_work_run().escalations_sent == 0  # due today: not overdue yet
    with at("2026-02-25"):
        report = due_work_run()
        assert report.escalations_sent == 1
        assert "escalations sent: 1" in report.lines()
        assert due_work_run().escalations_sent == 0
        escalated = {n.recipient.get_username() for n in _notes("escalation", number)}
        assert escalated == {"supervisor", "supervisor2"}  # the county's supervisors
        info = TaskInfo.objects.get(case__case_number=number, node="verify")
        assert info.escalated_at is not None
        overdue = api("caseworker").get("/api/tasks/", scope="queue", overdue="true").json()
        assert [t["case_number"] for t in overdue["results"]] == [number]
        assert overdue["results"][0]["overdue"] is True
        assert overdue["results"][0]["escalated"] is True


def test_a_claimed_task_reminds_its_holder_only(api, member):
    cw = api("caseworker")
    with at("2026-03-02"):
        number = _submit(api, member)  # due 03-09
        task = cw.open_task(number, "verify")
        assert cw.post(f"/api/tasks/{task['id']}/claim/").status_code == 200
    with at("2026-03-06"):
        assert due_work_run().reminders_sent == 1
    assert {n.recipient.get_username() for n in _notes("reminder", number)} == {"caseworker"}


def test_run_due_work_prints_what_it_did(db, capsys):
    from django.core.management import call_command

    call_command("run_due_work")
    out = capsys.readouterr().out
    assert "timers fired: 0" in out
    assert "reminders sent: 0" in out
    assert "escalations sent: 0" in out


def test_each_relief_step_is_due_in_working_days_across_the_spring_festival(api, member):
    """The whole relief journey with the clock frozen around the holiday:
    every human task's due date as created."""
    cw, sup, fin = api("caseworker"), api("supervisor"), api("supervisor2")
    with at("2026-02-09"):  # Monday
        number = _submit(api, member)
        assert _due(api, number, "verify") == "2026-02-14"  # 10..13, 14 (make-up Sat)
        rec = recommendation(recommended_amount="6000.00", verified_annual_income="6000.00")
        done = cw.complete(number, "verify", "recommend", **rec)
        assert done.status_code == 200, done.json()
        # notice: 5 working days from the next working day: 10..14 (make-up Sat)
        assert _due(api, number, "public_notice") == "2026-02-14"
    from tests.conftest import end_public_notice

    with at("2026-02-16"):  # in the holiday: the approval counts from the 24th
        end_public_notice(number)
        assert _due(api, number, "approve") == "2026-02-28"  # 24..27, 28 (make-up)
        approved = sup.complete(number, "approve", "approve", approved_amount="6000.00")
        assert approved.status_code == 200, approved.json()
        assert _due(api, number, "approve_senior") == "2026-02-26"  # 24, 25, 26
        senior = fin.complete(number, "approve_senior", "approve", approved_amount="6000.00")
        assert senior.status_code == 200, senior.json()
        # 10 days: 24..27, 28 (make-up), Mar 2..6
        assert api("finance").open_task(number, "disburse")["due"] == "2026-03-06"


def test_the_mutual_aid_review_clock_pauses_across_national_day(api, member):
    from tests.mutual_aid.helpers import claim, enroll

    enroll(member)
    cw = api("caseworker")
    with at("2026-09-29"):  # Tuesday
        created = cw.post("/api/mutual-aid/claims/", claim(member))
        assert created.status_code == 201, created.json()
        number = created.json()["case_number"]
        # 30, then Oct 8, 9, 10 (make-up Sat), 12 — Oct 1..7 is the holiday
        # (the calendar package's 2026 data: Oct 8 is a working day)
        assert _due(api, number, "review") == "2026-10-12"
    with at("2026-09-30"):  # returned with 4 days left: Oct 8, 9, 10, 12
        assert cw.complete(number, "review", "return", reason="缺发票").status_code == 200
    with at("2026-10-09"):
        resubmitted = cw.complete(number, "supplement", "resubmit", note="补发票")
        assert resubmitted.status_code == 200, resubmitted.json()
        assert _due(api, number, "review") == "2026-10-14"  # 10, 12, 13, 14
