"""The public-notice page (公示): the list of the caseworker's unit as it is
posted (masked), the working days left, the PDF, and objections that send
a case back to verification."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from casework.core.calendar import add_working_days
from casework.core.masking import mask_id_number, mask_name
from casework.core.models import Case
from casework.relief.models import ReliefApplication
from tests.conftest import recommendation

from .conftest import case_status, open_task_id

PAGE = "/notice/"


@pytest.fixture
def in_notice(api, relief_case):
    """``in_notice(member)`` → a relief case recommended by the caseworker
    and now on public notice."""

    def make(member, **overrides) -> str:
        number = relief_case(member)
        done = api("caseworker").complete(
            number, "verify", "recommend", **recommendation(**overrides)
        )
        assert done.status_code == 200, done.json()
        assert case_status(number) == "public_notice"
        return number

    return make


def _neighbours(members, member) -> list:
    """Other members of ``member``'s unit (one open relief case each)."""
    return [m for m in members if m.org_unit_id == member.org_unit_id and m != member]


def _rows(html: str) -> list[str]:
    return re.findall(r'data-testid="notice-row" data-case="([^"]+)"', html)


def test_the_list_is_the_units_cases_in_notice_masked_with_working_days_left(
    web, in_notice, relief_case, members, member, own_unit_member, other_unit_member
):
    county_case = in_notice(member)
    own_case = in_notice(own_unit_member)
    other_case = in_notice(other_unit_member)
    not_yet = relief_case(_neighbours(members, member)[0])  # still at verification: not on the list

    county = web("caseworker").get(PAGE)
    html = county.content.decode()
    assert county.status_code == 200
    assert set(_rows(html)) == {county_case, own_case, other_case}
    assert not_yet not in html
    # as the notice board shows them: names and ID numbers masked
    for person in (member, own_unit_member, other_unit_member):
        assert person.name not in html
        assert person.id_number not in html
        assert mask_name(person.name) in html
        assert mask_id_number(person.id_number) in html
    ends = add_working_days(timezone.localdate(), 5)
    assert ends.isoformat() in html
    assert "5 working days left" in html
    assert "3000.00" in html

    grassroots = web("caseworker2").get(PAGE).content.decode()
    assert _rows(grassroots) == [own_case]
    assert county_case not in grassroots and other_case not in grassroots
    assert "农投供水" in grassroots


def test_a_supervisor_reads_the_list_without_objection_forms(web, in_notice, member):
    number = in_notice(member)
    html = web("supervisor").get(PAGE).content.decode()
    assert _rows(html) == [number]
    assert 'data-testid="objection-form"' not in html
    assert 'data-testid="objection-form"' in web("caseworker").get(PAGE).content.decode()


def test_the_page_reads_in_chinese(users, in_notice, member):
    in_notice(member)
    browser = Client(headers={"accept-language": "zh-hans"})
    browser.force_login(users["caseworker"])
    html = browser.get(PAGE).content.decode()
    assert "公示" in html
    assert "个工作日" in html  # the days left
    assert "异议" in html
    assert "working day" not in html and "Record an objection" not in html


def test_an_objection_from_the_page_sends_the_case_back_to_verify(web, in_notice, member):
    number = in_notice(member)
    task = open_task_id(number, "public_notice")
    reason = "邻居反映其家庭另有经营收入"

    done = web("caseworker").post(PAGE, {"task": task, "objection": reason})

    assert done.status_code == 302
    assert case_status(number) == "submitted"
    open_task_id(number, "verify")
    history = ReliefApplication.objects.get(case__case_number=number).history
    assert history[-1]["kind"] == "objection"
    assert history[-1]["objection"] == reason
    assert history[-1]["by"] == "caseworker"
    after = web("caseworker").get(done["Location"]).content.decode()
    assert f"Objection to {number} recorded" in after
    assert number not in _rows(after)


def test_an_objection_needs_its_reason(web, in_notice, member):
    number = in_notice(member)
    task = open_task_id(number, "public_notice")

    refused = web("caseworker").post(PAGE, {"task": task, "objection": "   "})

    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'data-testid="field-error"' in html
    assert "This field may not be blank." in html
    assert case_status(number) == "public_notice"


def test_the_pdf_link_serves_the_posted_list(web, in_notice, member):
    in_notice(member)
    html = web("caseworker").get(PAGE).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="notice-pdf"', html)
    assert link is not None

    pdf = web("caseworker").get(link.group(1).replace("&amp;", "&"))

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_unit_outside_ones_subtree_is_a_filter_error(web, county, in_notice, member):
    in_notice(member)
    refused = web("caseworker2").get(PAGE, {"org_unit": county.pk})
    assert refused.status_code == 400
    assert "Choose a union from the list." in refused.content.decode()
    assert web("caseworker2").get(PAGE, {"org_unit": "x"}).status_code == 400


def test_outsiders_get_nothing(web, users, client, in_notice, member, other_unit_member):
    from casework.demo.seed import seed_member_login

    number = in_notice(other_unit_member)
    task = open_task_id(number, "public_notice")

    # a member, and staff roles with no part in the notice: not their area
    member_browser = Client(headers={"accept-language": "en"})
    member_browser.force_login(seed_member_login(member, users["caseworker"].profile.org_unit))
    for browser in (member_browser, web("finance"), web("mediator"), web("auditor")):
        for url in (PAGE, f"{PAGE}list.pdf"):
            response = browser.get(url)
            assert response.status_code in (403, 404), url
            assert number not in response.content.decode()
    assert client.get(PAGE).status_code == 302  # anonymous: to the login page

    # a caseworker of another unit cannot object to a case they cannot see
    assert web("caseworker2").post(PAGE, {"task": task, "objection": "x"}).status_code == 404
    # a supervisor sees the list but may not object
    refused = web("supervisor").post(PAGE, {"task": task, "objection": "x"})
    assert refused.status_code == 403
    assert case_status(number) == "public_notice"
    assert Case.objects.get(case_number=number).case_status == "public_notice"


def test_the_task_page_of_the_notice_links_to_the_page(web, in_notice, member):
    number = in_notice(member)
    task = open_task_id(number, "public_notice")
    html = web("caseworker").get(f"/work/tasks/{task}/").content.decode()
    assert f'href="{PAGE}"' in html
    # the auditor reads the task, but the page is not in their menu
    assert f'href="{PAGE}"' not in web("auditor").get(f"/work/tasks/{task}/").content.decode()


def test_the_page_reads_as_much_for_three_cases_as_for_one(web, in_notice, members, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    in_notice(member)
    browser = web("caseworker")
    browser.get(PAGE)  # the session and caches warm
    with CaptureQueriesContext(connection) as one:
        browser.get(PAGE)
    for neighbour in _neighbours(members, member)[:2]:
        in_notice(neighbour)
    with CaptureQueriesContext(connection) as three:
        assert len(_rows(browser.get(PAGE).content.decode())) == 3
    assert len(three) == len(one)
    assert len(one) <= 14, [q["sql"] for q in one.captured_queries]
