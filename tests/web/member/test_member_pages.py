"""The staff member pages: a search scoped to the viewer's unit, paged, and
the member file (一人一档) with every program's cases as far as the viewer
may read them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.core.models import Member
from casework.demo.seed import seed_members
from tests.reports.conftest import claim as claim_row

from .conftest import browser

pytestmark = pytest.mark.django_db


def listed(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-testid="member-row" data-member="(\d+)"', html)}


def test_the_search_finds_members_by_name_or_id_number_within_the_unit(
    web, own_unit_member, other_unit_member
):
    cw2 = web("caseworker2")
    everyone = listed(cw2.get(reverse("members:index")).content.decode())
    assert own_unit_member.pk in everyone
    assert other_unit_member.pk not in everyone
    assert everyone == set(
        Member.objects.filter(org_unit=own_unit_member.org_unit).values_list("pk", flat=True)
    )
    by_name = cw2.get(reverse("members:index"), {"q": own_unit_member.name[1:]})
    assert own_unit_member.pk in listed(by_name.content.decode())
    by_id = cw2.get(reverse("members:index"), {"q": own_unit_member.id_number[-8:]})
    assert listed(by_id.content.decode()) == {own_unit_member.pk}
    outsider = cw2.get(reverse("members:index"), {"q": other_unit_member.id_number})
    assert listed(outsider.content.decode()) == set()
    row = re.search(
        rf'data-member="{own_unit_member.pk}"><td><a href="([^"]+)"', by_id.content.decode()
    )
    assert row and row.group(1) == reverse("members:file", args=[own_unit_member.pk])


def test_the_list_shows_25_members_a_page(web, org):
    seed_members([org["county"]], count=30)
    first = web("caseworker").get(reverse("members:index"))
    second = web("caseworker").get(reverse("members:index"), {"page": 2})
    assert len(listed(first.content.decode())) == 25
    assert len(listed(second.content.decode())) == 5
    assert not listed(first.content.decode()) & listed(second.content.decode())


def test_the_member_file_shows_cases_payments_enrollments_caps_and_roster(web, dataset):
    m1, c = dataset["m1"], dataset["cases"]
    response = web("caseworker").get(reverse("members:file", args=[m1.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-testid="id-number">{m1.id_number}<' in html
    for key in ("R1", "R3", "M1"):
        number = c[key].case_number
        assert f'<a href="{reverse("cases:detail", args=[number])}">{number}</a>' in html
    # a mediation the caseworker may not read: its number and status, no link, no content
    mediation = c["D1"].case_number
    assert f'data-case="{mediation}" data-restricted="true"' in html
    assert reverse("cases:detail", args=[mediation]) not in html
    payments = re.search(r'data-testid="member-payments">(.*?)</section>', html, re.S)
    assert payments and ["5000.00", "3000.00", "6000.00"] == re.findall(
        r"<td[^>]*>(\d+\.\d\d)</td>", payments.group(1)
    )
    remaining = re.findall(r'data-testid="remaining">([^<]*)<', html)
    assert sorted(remaining) == ["25200.00", "6000.00"]
    roster = re.search(r'data-testid="member-roster">(.*?)</section>', html, re.S)
    assert roster and c["R1"].case_number in roster.group(1)


def test_the_member_file_of_another_unit_is_404_for_the_grassroots_caseworker(web, dataset):
    cw2 = web("caseworker2")
    assert cw2.get(reverse("members:file", args=[dataset["m1"].pk])).status_code == 200
    assert cw2.get(reverse("members:file", args=[dataset["m2"].pk])).status_code == 404
    assert cw2.get(reverse("members:file", args=[999999])).status_code == 404


# --- query counts -------------------------------------------------------------


# session, user, roles, profile, unit, then the page's own reads
# (the bell: every page counts the unread notifications for the top bar, 1 query)
MEMBER_LIST_QUERIES = 8  # + bell
# + the ``viewed`` event of the ID number shown whole: savepoint, the sealed head of
# the chain outside any case (and its advisory lock on PostgreSQL), the insert, the
# head's upsert, release
MEMBER_FILE_QUERIES = 19  # + bell


def queries(client, url: str, limit: int, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_member_list_makes_the_same_queries_for_3_and_30_members(
    users, org, django_assert_max_num_queries
):
    seed_members([org["county"]], count=3)
    client = browser(users["caseworker"])
    url = reverse("members:index")
    small = queries(client, url, MEMBER_LIST_QUERIES, django_assert_max_num_queries)
    seed_members([org["county"]], count=30)
    big = queries(client, url, MEMBER_LIST_QUERIES, django_assert_max_num_queries)
    assert small == big


def test_the_member_file_makes_the_same_queries_for_3_and_30_cases(
    users, member, django_assert_max_num_queries
):
    from tests.mutual_aid.helpers import plan

    inpatient = plan("inpatient")
    client = browser(users["caseworker"])
    url = reverse("members:file", args=[member.pk])

    def add(n: int) -> None:
        for _ in range(n):
            claim_row(member.org_unit, member, "submitted", timezone.now(), inpatient)

    add(3)
    small = queries(client, url, MEMBER_FILE_QUERIES, django_assert_max_num_queries)
    add(27)
    big = queries(client, url, MEMBER_FILE_QUERIES, django_assert_max_num_queries)
    assert small == big
