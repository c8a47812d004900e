"""Mediation is confidential: only the coordinator, the mediator the case
is assigned to now and auditors (and superusers) see a mediation case.
Everyone else — relief and mutual-aid staff, other mediators, a mediator the
case was taken from, the worker's own member login — gets 404 on every
endpoint under it and finds nothing of it in any list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.core.access import can_see_case, cases_visible_to
from casework.core.models import Case
from casework.demo.seed import seed_member_login
from casework.mediation.models import MediationSession
from casework.mediation.selectors import mediation_case_data
from tests.conftest import Api

OUTSIDERS = ["caseworker", "caseworker2", "supervisor", "finance", "medical_reviewer", "mediator2"]
CONFIDENTIAL = ("terms", "outcome_reason", "disputed_points", "summary", "follow_up_note")


@pytest.fixture
def settled_case(api, assigned) -> str:
    """A case of ``mediator`` with a session and an agreement (in follow-up)."""
    number = assigned(mediator="mediator")
    logged = api("mediator").post(
        f"/api/mediation/cases/{number}/sessions/",
        {
            "held_on": timezone.localdate().isoformat(),
            "place": "工作室",
            "attendees": ["甲", "乙"],
            "notes": "保密陈述",
        },
    )
    assert logged.status_code == 201
    done = api("mediator").complete(
        number,
        "mediate",
        "settle",
        agreed_amount="5000.00",
        terms="保密条款",
        performance_due=timezone.localdate().isoformat(),
    )
    assert done.status_code == 200, done.json()
    return number


def every_case_endpoint(client: Api, number: str, task_id: int) -> dict[str, int]:
    """Status of each endpoint that shows or touches the case."""
    upload = SimpleUploadedFile("a.txt", b"x", content_type="text/plain")
    return {
        "detail": client.get(f"/api/cases/{number}/").status_code,
        "timeline": client.get(f"/api/cases/{number}/timeline/").status_code,
        "documents": client.get(f"/api/cases/{number}/documents/").status_code,
        "upload": client.post(
            f"/api/cases/{number}/documents/", {"file": upload, "kind": "x"}, format="multipart"
        ).status_code,
        "withdraw": client.post(f"/api/cases/{number}/withdraw/", {"reason": "x"}).status_code,
        "sessions": client.get(f"/api/mediation/cases/{number}/sessions/").status_code,
        "log_session": client.post(
            f"/api/mediation/cases/{number}/sessions/",
            {"held_on": "2026-01-01", "place": "p", "attendees": ["a"], "notes": "n"},
        ).status_code,
        "extend": client.post(
            f"/api/mediation/cases/{number}/extend/", {"parties_consent": True}
        ).status_code,
        "task": client.get(f"/api/tasks/{task_id}/").status_code,
        "claim": client.post(f"/api/tasks/{task_id}/claim/").status_code,
        "release": client.post(f"/api/tasks/{task_id}/release/").status_code,
        "reassign": client.post(
            f"/api/tasks/{task_id}/reassign/", {"user": "mediator"}
        ).status_code,
        "complete": client.post(
            f"/api/tasks/{task_id}/complete/",
            {"action": "fulfilled", "judicial_confirmation": "confirmed"},
        ).status_code,
    }


def listed_anywhere(client: Api, number: str, own_done_tasks: bool = True) -> bool:
    """Whether the case number shows in a case or task list (``own_done_tasks``:
    also the user's list of tasks they completed themselves)."""
    pages = [
        client.get("/api/cases/", page_size=200),
        client.get("/api/cases/", program="mediation"),
        client.get("/api/cases/", q=number),
        client.get("/api/tasks/", scope="inbox"),
        client.get("/api/tasks/", scope="queue"),
    ]
    if own_done_tasks:
        pages.append(client.get("/api/tasks/", scope="done"))
    return any(number in page.content.decode() for page in pages)


def assert_sees_nothing(
    client: Api, number: str, task_id: int, own_done_tasks: bool = True
) -> None:
    events_before = AuditEvent.objects.count()
    statuses = every_case_endpoint(client, number, task_id)
    assert statuses == dict.fromkeys(statuses, 404), statuses
    assert not listed_anywhere(client, number, own_done_tasks)
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_an_outsider_gets_404_everywhere_and_finds_the_case_in_no_list(api, settled_case, outsider):
    task = api("mediator").open_task(settled_case, "follow_up")
    assert_sees_nothing(api(outsider), settled_case, task["id"])
    assert MediationSession.objects.count() == 1


def test_the_workers_own_member_login_gets_404(api, register, member, county):
    login = seed_member_login(member, county)
    number = register(worker={"member": member.pk})["case_number"]
    assert Case.objects.get(case_number=number).member == member
    task = api("coordinator").open_task(number, "assign")
    assert_sees_nothing(Api(login), number, task["id"])


def test_a_mediator_the_case_was_taken_from_loses_access(api, settled_case):
    task = api("mediator").open_task(settled_case, "follow_up")
    moved = api("coordinator").post(f"/api/tasks/{task['id']}/reassign/", {"user": "mediator2"})
    assert moved.status_code == 200, moved.json()
    # their own history of done tasks still names the task they completed
    # (case number and step only), nothing else
    assert_sees_nothing(api("mediator"), settled_case, task["id"], own_done_tasks=False)
    done = api("mediator").get("/api/tasks/", scope="done").json()["results"]
    assert [t["name"] for t in done] == ["mediate"]
    assert "保密" not in str(done)
    new = api("mediator2").get(f"/api/cases/{settled_case}/")
    assert new.status_code == 200
    assert new.json()["data"]["terms"] == "保密条款"
    assert api("mediator2").get(f"/api/mediation/cases/{settled_case}/sessions/").status_code == 200


def test_a_mediator_not_yet_assigned_does_not_see_a_new_referral(api, register):
    number = register()["case_number"]
    for name in ("mediator", "mediator2"):
        assert api(name).get(f"/api/cases/{number}/").status_code == 404
        assert not listed_anywhere(api(name), number)


@pytest.mark.parametrize("insider", ["coordinator", "mediator", "auditor", "admin"])
def test_the_coordinator_the_mediator_auditors_and_superusers_see_the_content(
    api, settled_case, insider
):
    case = api(insider).get(f"/api/cases/{settled_case}/")
    assert case.status_code == 200
    assert case.json()["data"]["terms"] == "保密条款"
    sessions = api(insider).get(f"/api/mediation/cases/{settled_case}/sessions/").json()
    assert [s["notes"] for s in sessions] == ["保密陈述"]
    listed = api(insider).get("/api/cases/", program="mediation").json()["results"]
    assert [c["case_number"] for c in listed] == [settled_case]
    # the list shows the case, never its content
    assert "保密" not in str(listed)


def test_the_case_facts_hide_the_confidential_fields_from_anyone_else(users, settled_case):
    case = Case.objects.get(case_number=settled_case)
    for name in ("caseworker", "mediator2"):
        data = mediation_case_data(case, users[name])
        assert not set(CONFIDENTIAL) & set(data), name
        assert data["mediator"] == "mediator"
    assert mediation_case_data(case, users["mediator"])["terms"] == "保密条款"


def test_the_list_filter_and_the_detail_rule_agree(users, settled_case, api, register):
    register()  # one not yet assigned
    cases = Case.objects.filter(program="mediation").select_related("org_unit", "member")
    for name in ["coordinator", "mediator", "auditor", "admin", *OUTSIDERS]:
        user = users[name]
        by_filter = set(cases_visible_to(user).filter(program="mediation"))
        by_rule = {c for c in cases if can_see_case(user, c)}
        assert by_filter == by_rule, name


def test_relief_staff_still_see_relief_cases(api, member):
    from tests.conftest import application

    number = (
        api("caseworker")
        .post("/api/relief/applications/", application(member))
        .json()["case_number"]
    )
    for name in ("caseworker", "supervisor", "coordinator", "mediator", "auditor"):
        assert api(name).get(f"/api/cases/{number}/").status_code == 200, name


def test_a_released_mediate_task_stays_out_of_other_mediators_queues(api, assigned):
    number = assigned(mediator="mediator")
    task = api("mediator").open_task(number, "mediate")
    assert api("mediator").post(f"/api/tasks/{task['id']}/release/").status_code == 200
    queue = api("mediator2").get("/api/tasks/", scope="queue", page_size=200).json()["results"]
    assert number not in [t["case_number"] for t in queue]
