"""Who must see nothing: a caseworker of another unit, and for mediation
cases everyone but the coordinator, auditors and the assigned mediator."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from casework.core.models import CaseDocument

from .conftest import open_task_id


def test_a_grassroots_caseworker_gets_404_on_every_page_of_another_units_case(
    web, relief_case, other_unit_member
):
    number = relief_case(other_unit_member)
    web("caseworker").post(
        f"/cases/{number}/",
        {"op": "upload", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", "application/pdf")},
    )
    doc = CaseDocument.objects.get(case__case_number=number)
    verify = open_task_id(number, "verify")
    outsider = web("caseworker2")

    for url in (
        f"/work/tasks/{verify}/",
        f"/cases/{number}/",
        f"/cases/{number}/chart.svg",
        f"/cases/{number}/documents/{doc.pk}/",
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(f"/work/tasks/{verify}/", {"op": "claim"}).status_code == 404
    assert outsider.post(f"/cases/{number}/", {"op": "withdraw", "reason": "x"}).status_code == 404

    for url in ("/work/?scope=inbox", "/work/?scope=queue", "/work/?scope=done", "/cases/"):
        page = outsider.get(url)
        assert page.status_code == 200
        assert number not in page.content.decode(), url
    # while the county caseworker has it in the queue and the case list
    assert number in web("caseworker").get("/work/?scope=queue").content.decode()
    assert number in web("caseworker").get("/cases/").content.decode()


def test_a_grassroots_caseworker_sees_own_units_cases(web, relief_case, own_unit_member):
    number = relief_case(own_unit_member)
    assert number in web("caseworker2").get("/work/?scope=queue").content.decode()
    assert web("caseworker2").get(f"/cases/{number}/").status_code == 200


def test_a_mediation_case_is_404_for_another_mediator_and_for_caseworkers(web, api):
    from tests.mediation.conftest import referral

    created = api("coordinator").post("/api/mediation/referrals/", referral())
    assert created.status_code == 201, created.json()
    number = created.json()["case_number"]
    assert (
        api("coordinator").complete(number, "assign", "assign", mediator="mediator").status_code
        == 200
    )
    mediate = open_task_id(number, "mediate")

    for username in ("mediator2", "caseworker", "supervisor"):
        client = web(username)
        for url in (f"/cases/{number}/", f"/cases/{number}/chart.svg", f"/work/tasks/{mediate}/"):
            assert client.get(url).status_code == 404, (username, url)
        assert number not in client.get("/cases/").content.decode()
        assert number not in client.get("/work/?scope=queue").content.decode()

    for username in ("mediator", "coordinator", "auditor"):
        assert web(username).get(f"/cases/{number}/").status_code == 200, username
    assert number in web("mediator").get("/work/?scope=inbox").content.decode()


def test_members_and_anonymous_visitors_do_not_reach_the_staff_pages(
    web, client, users, relief_case, member
):
    from casework.demo.seed import seed_member_login

    number = relief_case(member)
    member_browser = web("caseworker").__class__(headers={"accept-language": "en"})
    member_browser.force_login(seed_member_login(member, users["caseworker"].profile.org_unit))
    for visitor in (client, member_browser):
        for url in ("/work/", "/cases/", f"/cases/{number}/", f"/cases/{number}/chart.svg"):
            response = visitor.get(url)
            assert response.status_code in (302, 403, 404), url
            assert b'data-testid="case-page"' not in response.content
            assert b'data-testid="task-list"' not in response.content
