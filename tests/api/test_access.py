"""Who may see and do what, persona by persona: four-eyes, roles, task
holders, org-unit scope, the member's self-service, authentication, the
auditor and the administrator."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from casework.audit.models import AuditEvent
from casework.core.models import Case, Parameter
from casework.demo.seed import PASSWORD, seed_member_login
from tests.conftest import Api, application, end_public_notice, recommendation
from tests.helpers import assert_error, writes_nothing


def task_id(api, number: str, name: str) -> int:
    return api("admin").open_task(number, name)["id"]


def recommend(api, number: str, by: str = "caseworker", **overrides) -> None:
    done = api(by).complete(number, "verify", "recommend", **recommendation(**overrides))
    assert done.status_code == 200, done.json()
    end_public_notice(number)


def give_role(user, role: str) -> None:
    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("_casework_roles", None)


# --- four-eyes ------------------------------------------------------------------


def test_a_superuser_who_recommended_may_not_approve(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    recommend(api, number, by="admin")
    with writes_nothing(number):
        response = api("admin").complete(number, "approve", "approve", approved_amount="3000.00")
    assert_error(response, 403, code="four_eyes")
    other = api("supervisor").complete(number, "approve", "approve", approved_amount="3000.00")
    assert other.status_code == 200, other.json()
    assert other.json()["case"]["status"] == "approved"


def test_a_superuser_who_recommended_may_not_claim_the_approval(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    recommend(api, number, by="admin")
    with writes_nothing(number):
        response = api("admin").post(f"/api/tasks/{task_id(api, number, 'approve')}/claim/")
    assert_error(response, 403)


def test_a_user_with_both_roles_may_not_approve_what_they_recommended(api, member, users):
    give_role(users["supervisor"], "caseworker")
    number = api("supervisor").relief_case(member)["case_number"]
    recommend(api, number, by="supervisor")
    with writes_nothing(number):
        response = api("supervisor").complete(
            number, "approve", "approve", approved_amount="3000.00"
        )
    assert_error(response, 403, code="four_eyes")
    # and the approval is not offered to them in their queue
    queue = api("supervisor").get("/api/tasks/", scope="queue").json()["results"]
    assert number not in [t["case_number"] for t in queue]
    assert number in [
        t["case_number"]
        for t in api("supervisor2").get("/api/tasks/", scope="queue").json()["results"]
    ]


def test_a_superuser_who_recommended_does_not_find_the_approval_in_their_queue(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    recommend(api, number, by="admin")
    queue = api("admin").get("/api/tasks/", scope="queue").json()["results"]
    assert number not in [t["case_number"] for t in queue]


def test_the_task_detail_tells_the_recommender_they_may_not_approve(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    recommend(api, number, by="admin")
    tid = task_id(api, number, "approve")
    mine = api("admin").get(f"/api/tasks/{tid}/").json()
    assert {a["name"]: a["allowed"] for a in mine["actions"]} == {
        "approve": False,
        "reject": False,
        "return": False,
    }
    theirs = api("supervisor").get(f"/api/tasks/{tid}/").json()
    assert all(a["allowed"] for a in theirs["actions"])


def test_the_recommender_may_not_give_the_senior_approval_either(api, member):
    number = api("caseworker").relief_case(member, requested_amount="6000.00")["case_number"]
    recommend(api, number, by="admin", recommended_amount="6000.00")
    first = api("supervisor").complete(number, "approve", "approve", approved_amount="6000.00")
    assert first.status_code == 200, first.json()
    with writes_nothing(number):
        response = api("admin").complete(
            number, "approve_senior", "approve", approved_amount="6000.00"
        )
    assert_error(response, 403, code="four_eyes")


def test_a_supervisor_may_not_be_reassigned_an_approval_they_recommended(api, member, users):
    give_role(users["supervisor"], "caseworker")
    number = api("caseworker").relief_case(member)["case_number"]
    recommend(api, number, by="supervisor")
    with writes_nothing(number):
        response = api("supervisor2").post(
            f"/api/tasks/{task_id(api, number, 'approve')}/reassign/", {"user": "supervisor"}
        )
    assert_error(response, 400, field="user")


# --- wrong role -----------------------------------------------------------------


def test_finance_may_not_verify(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = api("finance").complete(number, "verify", "recommend", **recommendation())
    assert_error(response, 403)
    with writes_nothing(number):
        claim = api("finance").post(f"/api/tasks/{task_id(api, number, 'verify')}/claim/")
    assert_error(claim, 403)


def test_a_caseworker_may_not_approve(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    recommend(api, number)
    with writes_nothing(number):
        response = api("caseworker").complete(
            number, "approve", "approve", approved_amount="3000.00"
        )
    assert_error(response, 403)


def test_a_supervisor_may_not_pay(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    recommend(api, number)
    api("supervisor").complete(number, "approve", "approve", approved_amount="3000.00")
    with writes_nothing(number):
        response = api("supervisor").complete(
            number,
            "disburse",
            "pay",
            amount="3000.00",
            method="cash",
            reference="R",
            paid_on="2026-01-05",
        )
    assert_error(response, 403)


@pytest.mark.parametrize("who", ["auditor", "finance", "coordinator", "mediator"])
def test_only_a_caseworker_or_the_member_may_apply_for_relief(api, member, who):
    with writes_nothing():
        response = api(who).post("/api/relief/applications/", application(member))
    assert_error(response, 403)


def test_the_auditor_reads_but_changes_nothing(api, member, county):
    number = api("caseworker").relief_case(member)["case_number"]
    auditor = api("auditor")
    assert auditor.get(f"/api/cases/{number}/").status_code == 200
    assert auditor.get(f"/api/cases/{number}/timeline/").status_code == 200
    with writes_nothing(number):
        assert_error(
            auditor.complete(number, "verify", "reject", reason_code="other", reason="x"), 403
        )
        assert_error(auditor.post(f"/api/cases/{number}/withdraw/", {"reason": "x"}), 403)
        upload = SimpleUploadedFile("审计.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
        assert_error(
            auditor.post(
                f"/api/cases/{number}/documents/",
                {"file": upload, "kind": "note"},
                format="multipart",
            ),
            403,
        )
        assert_error(
            auditor.post(
                "/api/members/",
                {"name": "韦某", "id_number": "452228198005177753", "org_unit": county.pk},
            ),
            403,
        )


# --- task holders ---------------------------------------------------------------


def test_a_task_held_by_someone_else_cannot_be_claimed_or_completed(api, own_unit_member):
    number = api("caseworker").relief_case(own_unit_member)["case_number"]
    tid = task_id(api, number, "verify")
    claimed = api("caseworker2").post(f"/api/tasks/{tid}/claim/")
    assert claimed.status_code == 200, claimed.json()
    assert claimed.json()["assignee"] == "caseworker2"
    with writes_nothing(number):
        again = api("caseworker").post(f"/api/tasks/{tid}/claim/")
    error = assert_error(again, 409)
    assert "caseworker2" in error["message"] or error["code"] == "already_claimed"
    with writes_nothing(number):
        done = api("caseworker").post(
            f"/api/tasks/{tid}/complete/", {"action": "recommend", **recommendation()}
        )
    assert_error(done, 403, code="not_holder")
    by_holder = api("caseworker2").post(
        f"/api/tasks/{tid}/complete/", {"action": "recommend", **recommendation()}
    )
    assert by_holder.status_code == 200, by_holder.json()


def test_of_two_users_claiming_the_first_gets_it_and_the_holder_may_claim_again(
    api, own_unit_member
):
    number = api("caseworker").relief_case(own_unit_member)["case_number"]
    tid = task_id(api, number, "verify")
    first = api("caseworker").post(f"/api/tasks/{tid}/claim/")
    second = api("caseworker2").post(f"/api/tasks/{tid}/claim/")
    assert first.status_code == 200
    assert_error(second, 409)
    again = api("caseworker").post(f"/api/tasks/{tid}/claim/")
    assert again.status_code == 200 and again.json()["assignee"] == "caseworker"
    claims = AuditEvent.objects.filter(case__case_number=number, type="task_claimed").count()
    assert claims == 1
    assert [
        t["id"] for t in api("caseworker").get("/api/tasks/", scope="inbox").json()["results"]
    ] == [tid]
    assert api("caseworker2").get("/api/tasks/", scope="inbox").json()["results"] == []


def test_the_holder_may_release_and_then_anyone_eligible_may_claim(api, own_unit_member):
    number = api("caseworker").relief_case(own_unit_member)["case_number"]
    tid = task_id(api, number, "verify")
    api("caseworker").post(f"/api/tasks/{tid}/claim/")
    assert api("caseworker").get(f"/api/cases/{number}/").json()["status"] == "verifying"
    with writes_nothing(number):
        assert_error(api("caseworker2").post(f"/api/tasks/{tid}/release/"), 403)
    released = api("caseworker").post(f"/api/tasks/{tid}/release/")
    assert released.status_code == 200, released.json()
    assert released.json()["assignee"] is None
    assert released.json()["status"] == "new"
    assert api("caseworker").get(f"/api/cases/{number}/").json()["status"] == "submitted"
    with writes_nothing(number):
        assert_error(api("caseworker").post(f"/api/tasks/{tid}/release/"), 409)
    assert api("caseworker2").post(f"/api/tasks/{tid}/claim/").json()["assignee"] == "caseworker2"


def test_a_supervisor_reassigns_a_task_to_an_eligible_user(api, own_unit_member):
    number = api("caseworker").relief_case(own_unit_member)["case_number"]
    tid = task_id(api, number, "verify")
    api("caseworker").post(f"/api/tasks/{tid}/claim/")
    moved = api("supervisor").post(f"/api/tasks/{tid}/reassign/", {"user": "caseworker2"})
    assert moved.status_code == 200, moved.json()
    assert moved.json()["assignee"] == "caseworker2"
    assert AuditEvent.objects.filter(case__case_number=number, type="task_reassigned").count() == 1
    assert_error(
        api("caseworker").post(
            f"/api/tasks/{tid}/complete/", {"action": "recommend", **recommendation()}
        ),
        403,
        code="not_holder",
    )
    done = api("caseworker2").post(
        f"/api/tasks/{tid}/complete/", {"action": "recommend", **recommendation()}
    )
    assert done.status_code == 200, done.json()


def test_a_supervisor_may_give_an_unclaimed_task_to_someone(api, member):
    number = api("caseworker").relief_case(member)["case_number"]
    tid = task_id(api, number, "verify")
    moved = api("supervisor").post(f"/api/tasks/{tid}/reassign/", {"user": "caseworker"})
    assert moved.status_code == 200, moved.json()
    assert moved.json()["assignee"] == "caseworker"


@pytest.mark.parametrize(
    "whom",
    [
        pytest.param("finance", id="wrong-role"),
        pytest.param("caseworker2", id="case-outside-their-unit"),
        pytest.param("auditor", id="read-only-role"),
    ],
)
def test_a_supervisor_may_not_reassign_to_an_ineligible_user(api, member, whom):
    number = api("caseworker").relief_case(member)["case_number"]
    tid = task_id(api, number, "verify")
    with writes_nothing(number):
        response = api("supervisor").post(f"/api/tasks/{tid}/reassign/", {"user": whom})
    assert_error(response, 400, field="user")


def test_only_a_supervisor_or_coordinator_may_reassign(api, own_unit_member):
    number = api("caseworker").relief_case(own_unit_member)["case_number"]
    tid = task_id(api, number, "verify")
    with writes_nothing(number):
        response = api("caseworker").post(f"/api/tasks/{tid}/reassign/", {"user": "caseworker2"})
    assert_error(response, 403)


# --- the outsider: a grassroots caseworker and the county's cases ---------------

OUTSIDE = ["other_unit_member", "member"]


@pytest.fixture(params=OUTSIDE)
def outside_case(request, api) -> str:
    """A case of a member caseworker2 may not see (another grassroots union,
    or the county federation itself)."""
    return api("caseworker").relief_case(request.getfixturevalue(request.param))["case_number"]


def test_the_outsider_gets_404_on_every_read_of_the_case(api, outside_case):
    outsider = api("caseworker2")
    tid = task_id(api, outside_case, "verify")
    for url in (
        f"/api/cases/{outside_case}/",
        f"/api/cases/{outside_case}/timeline/",
        f"/api/cases/{outside_case}/documents/",
        f"/api/tasks/{tid}/",
    ):
        assert_error(outsider.get(url), 404)


def test_the_outsider_gets_404_on_every_write_to_the_case(api, outside_case):
    outsider = api("caseworker2")
    tid = task_id(api, outside_case, "verify")
    with writes_nothing(outside_case):
        assert_error(outsider.post(f"/api/cases/{outside_case}/withdraw/", {"reason": "x"}), 404)
        assert_error(outsider.post(f"/api/tasks/{tid}/claim/"), 404)
        assert_error(outsider.post(f"/api/tasks/{tid}/release/"), 404)
        assert_error(
            outsider.post(
                f"/api/tasks/{tid}/complete/", {"action": "recommend", **recommendation()}
            ),
            404,
        )
        assert_error(outsider.post(f"/api/tasks/{tid}/complete/", {}), 404)
        upload = SimpleUploadedFile(
            "收入证明.pdf", b"%PDF-1.4 demo", content_type="application/pdf"
        )
        assert_error(
            outsider.post(
                f"/api/cases/{outside_case}/documents/",
                {"file": upload, "kind": "income"},
                format="multipart",
            ),
            404,
        )


def test_the_outsider_gets_404_even_on_a_held_task(api, outside_case):
    tid = task_id(api, outside_case, "verify")
    api("caseworker").post(f"/api/tasks/{tid}/claim/")
    assert_error(api("caseworker2").post(f"/api/tasks/{tid}/claim/"), 404)
    assert_error(
        api("caseworker2").post(
            f"/api/tasks/{tid}/complete/", {"action": "recommend", **recommendation()}
        ),
        404,
    )


def test_the_outsider_does_not_find_the_case_in_any_list(api, outside_case, own_unit_member):
    outsider = api("caseworker2")
    mine = api("caseworker").relief_case(own_unit_member)["case_number"]
    cases = [c["case_number"] for c in outsider.get("/api/cases/").json()["results"]]
    assert cases == [mine]
    assert outsider.get("/api/cases/", q=outside_case).json()["count"] == 0
    queue = [t["case_number"] for t in outsider.get("/api/tasks/", scope="queue").json()["results"]]
    assert queue == [mine]
    members = outsider.get("/api/members/", page_size=200).json()["results"]
    assert {m["org_unit"] for m in members} == {own_unit_member.org_unit_id}
    outside_member = Case.objects.get(case_number=outside_case).member
    assert outside_member.pk not in [m["id"] for m in members]
    assert outsider.get("/api/members/", q=outside_member.id_number).json()["count"] == 0
    assert_error(outsider.get(f"/api/members/{outside_member.pk}/"), 404)
    units = outsider.get("/api/org-units/").json()
    assert [u["id"] for u in units] == [own_unit_member.org_unit_id]


def test_the_outsider_may_not_filter_by_a_unit_outside_their_own(api, own_unit_member, county):
    assert_error(api("caseworker2").get("/api/cases/", org_unit=county.pk), 400, field="org_unit")


def test_the_grassroots_caseworker_sees_and_works_their_own_units_cases(api, own_unit_member):
    number = api("caseworker2").relief_case(own_unit_member)["case_number"]
    cw2 = api("caseworker2")
    assert cw2.get(f"/api/cases/{number}/").status_code == 200
    assert cw2.get(f"/api/cases/{number}/timeline/").status_code == 200
    tid = task_id(api, number, "verify")
    assert cw2.get(f"/api/tasks/{tid}/").status_code == 200
    assert [t["id"] for t in cw2.get("/api/tasks/", scope="queue").json()["results"]] == [tid]
    assert cw2.post(f"/api/tasks/{tid}/claim/").json()["assignee"] == "caseworker2"
    done = cw2.complete(number, "verify", "recommend", **recommendation())
    assert done.status_code == 200, done.json()
    assert done.json()["case"]["status"] == "public_notice"
    assert [t["id"] for t in cw2.get("/api/tasks/", scope="done").json()["results"]] == [tid]
    # the county sees the grassroots case too
    assert api("caseworker").get(f"/api/cases/{number}/").status_code == 200
    assert number in [
        c["case_number"] for c in api("supervisor").get("/api/cases/").json()["results"]
    ]


# --- the member themself ---------------------------------------------------------


@pytest.fixture
def member_api(member, county) -> Api:
    return Api(seed_member_login(member, county))


def test_a_member_applies_for_themself(api, member, member_api):
    response = member_api.post("/api/relief/applications/", application(member))
    assert response.status_code == 201, response.json()
    case = response.json()
    assert case["member"]["id"] == member.pk
    assert [c["case_number"] for c in member_api.get("/api/cases/").json()["results"]] == [
        case["case_number"]
    ]


def test_a_member_may_not_apply_for_another_member(api, member, members, member_api):
    other = next(m for m in members if m.pk != member.pk)
    with writes_nothing():
        response = member_api.post("/api/relief/applications/", application(other))
    assert_error(response, 403)
    with writes_nothing():
        response = member_api.post(
            "/api/relief/applications/", {**application(other), "member": 999_999}
        )
    assert_error(response, 403)


def test_a_member_sees_only_their_own_cases(api, member, members, member_api):
    mine = api("caseworker").relief_case(member)["case_number"]
    other = next(m for m in members if m.pk != member.pk)
    theirs = api("caseworker").relief_case(other)["case_number"]
    assert member_api.get(f"/api/cases/{mine}/").status_code == 200
    assert member_api.get(f"/api/cases/{mine}/timeline/").status_code == 200
    assert_error(member_api.get(f"/api/cases/{theirs}/"), 404)
    assert_error(member_api.get(f"/api/cases/{theirs}/timeline/"), 404)
    assert_error(member_api.get(f"/api/tasks/{task_id(api, theirs, 'verify')}/"), 404)
    assert [c["case_number"] for c in member_api.get("/api/cases/").json()["results"]] == [mine]
    assert [m["id"] for m in member_api.get("/api/members/").json()["results"]] == [member.pk]
    assert_error(member_api.get(f"/api/members/{other.pk}/"), 404)
    assert member_api.get("/api/tasks/", scope="queue").json()["results"] == []


def test_a_member_uploads_a_document_to_their_own_case_only(api, member, members, member_api):
    mine = api("caseworker").relief_case(member)["case_number"]
    theirs = api("caseworker").relief_case(next(m for m in members if m.pk != member.pk))[
        "case_number"
    ]
    doc = SimpleUploadedFile("收入证明.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = member_api.post(
        f"/api/cases/{mine}/documents/", {"file": doc, "kind": "income"}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert [d["name"] for d in member_api.get(f"/api/cases/{mine}/documents/").json()] == [
        "收入证明.pdf"
    ]
    doc = SimpleUploadedFile("收入证明.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    with writes_nothing(theirs):
        response = member_api.post(
            f"/api/cases/{theirs}/documents/", {"file": doc, "kind": "income"}, format="multipart"
        )
    assert_error(response, 404)


def test_a_member_may_not_take_a_staff_step_on_their_own_case(api, member, member_api):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = member_api.complete(number, "verify", "recommend", **recommendation())
    assert_error(response, 403)


def test_a_member_supplements_and_withdraws_their_own_application(api, member, member_api):
    number = member_api.post("/api/relief/applications/", application(member)).json()["case_number"]
    api("caseworker").complete(number, "verify", "return", reason="请补充收入证明")
    queue = member_api.get("/api/tasks/", scope="queue").json()["results"]
    assert [t["name"] for t in queue] == ["supplement"]
    resubmitted = member_api.complete(number, "supplement", "resubmit", note="已补充")
    assert resubmitted.status_code == 200, resubmitted.json()
    withdrawn = member_api.post(f"/api/cases/{number}/withdraw/", {"reason": "不再需要"})
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json()["status"] == "withdrawn"


def test_a_member_may_not_withdraw_a_case_a_caseworker_filed(api, member, member_api):
    number = api("caseworker").relief_case(member)["case_number"]
    with writes_nothing(number):
        response = member_api.post(f"/api/cases/{number}/withdraw/", {"reason": "x"})
    assert_error(response, 403)


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/api/audit/verify/"), ("get", "/api/parameters/"), ("post", "/api/members/")],
)
def test_a_member_may_not_use_staff_endpoints(member_api, method, url):
    response = getattr(member_api, method)(url)
    assert_error(response, 403)


# --- authentication ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/me/"),
        ("get", "/api/cases/"),
        ("get", "/api/tasks/"),
        ("get", "/api/members/"),
        ("get", "/api/cases/RL-2026-000001/"),
        ("post", "/api/relief/applications/"),
        ("post", "/api/tasks/1/complete/"),
        ("patch", "/api/parameters/relief.verify_days/"),
        ("get", "/api/audit/verify/"),
    ],
)
def test_without_credentials_it_answers_401(org, method, url):
    client = APIClient()
    response = getattr(client, method)(url, {}, format="json")
    assert_error(response, 401)
    assert response["WWW-Authenticate"].startswith("Token")


def test_an_invalid_token_answers_401(org):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(client.get("/api/me/"), 401)


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "caseworker", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "caseworker"},
        {},
    ],
)
def test_a_token_request_with_wrong_credentials_answers_400(org, credentials):
    response = APIClient().post("/api/auth/token/", credentials, format="json")
    assert_error(response, 400)
    assert "token" not in response.json()


def test_the_right_password_gives_a_token_that_works(org):
    response = APIClient().post(
        "/api/auth/token/", {"username": "caseworker", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.json()
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "caseworker"
    assert me.json()["roles"] == ["caseworker"]


def test_a_member_login_gets_a_token_too(member, county):
    seed_member_login(member, county)
    response = APIClient().post(
        "/api/auth/token/", {"username": "member", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.json()


# --- audit verification and parameters ----------------------------------------------


def test_the_auditor_verifies_the_audit_chain(api, member):
    api("caseworker").relief_case(member)
    response = api("auditor").get("/api/audit/verify/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["ok"] is True and body["first_broken"] is None
    assert body["cases_checked"] >= 1 and body["events_checked"] >= 1


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "finance"])
def test_other_staff_may_not_verify_the_audit_chain(api, org, who):
    assert_error(api(who).get("/api/audit/verify/"), 403)


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "auditor", "finance"])
def test_only_an_administrator_may_change_a_parameter(api, org, who):
    with writes_nothing():
        response = api(who).patch("/api/parameters/relief.verify_days/", {"value": 7})
    assert_error(response, 403)
    assert Parameter.objects.get(key="relief.verify_days").value == "5"


def test_the_administrator_changes_a_parameter_and_it_is_audited(api, org):
    response = api("admin").patch("/api/parameters/relief.verify_days/", {"value": 7})
    assert response.status_code == 200, response.json()
    assert response.json()["value"] == "7"
    assert api("caseworker").get("/api/parameters/relief.verify_days/").json()["value"] == "7"
    event = AuditEvent.objects.get(type="parameter_changed")
    assert event.actor_name == "admin"
    assert event.data == {"key": "relief.verify_days", "from": "5", "to": "7"}


def test_a_parameter_change_applies_to_new_tasks(api, member):
    api("admin").patch("/api/parameters/relief.verify_days/", {"value": 10})
    number = api("caseworker").relief_case(member)["case_number"]
    task: dict[str, Any] = api("caseworker").open_task(number, "verify")
    assert task["days_left"] is not None and task["days_left"] >= 10
