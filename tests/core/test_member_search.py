"""The member and case search finds exactly what "the name contains the
text, or the ID number contains it" says — on PostgreSQL through the name
index (``casework.core.text_search``) and pg_trgm, on SQLite by ``icontains``
alone: one character, two, three, Latin letters in either case, part of an
ID number and a whole one, and nothing for text no name holds."""

from __future__ import annotations

import pytest
from django.db import connection

from casework.core.access import members_visible_to
from casework.core.models import Case, Member
from casework.core.selectors import MembersByName, members_list
from workflows.selectors import case_search_q

pytestmark = pytest.mark.django_db


def _expected(q: str, members: list[Member]) -> set[int]:
    folded = q.upper()
    return {m.pk for m in members if folded in m.name.upper() or folded in m.id_number}


@pytest.fixture
def named(members) -> list[Member]:
    names = ["王伟", "王伟芳", "李伟", "张小王", "Anna Lee", "覃莫", "王"]
    for member, name in zip(members, names, strict=False):
        member.name = name
        member.save(update_fields=["name"])
    return list(Member.objects.all())


@pytest.mark.parametrize(
    "q", ["王", "王伟", "伟芳", "王伟芳", "伟", "anna", "LEE", "a l", "覃莫", "张小王", "赵钱孙"]
)
def test_a_name_search_finds_every_name_containing_the_text(users, named, q):
    found = {m.pk for m in members_list(users["admin"], q=q)}
    assert found == _expected(q, named)
    assert found or q == "赵钱孙"


def test_an_id_number_is_found_whole_and_in_part(users, named):
    member = named[3]
    number = member.id_number
    for q in (number, number[-8:], number[2:9], number[-4:]):
        found = {m.pk for m in members_list(users["admin"], q=q)}
        assert member.pk in found
        assert found == _expected(q, named)
    # typed with spaces and a lowercase x, as people type it
    spaced = " ".join([member.id_number[:6], member.id_number[6:14], member.id_number[14:].lower()])
    assert {m.pk for m in members_list(users["admin"], q=spaced)} == {member.pk}


def test_the_case_search_reads_the_same_names(users, named, api):
    cw = api("caseworker")
    wang = next(m for m in named if m.name == "王伟芳")
    case = cw.relief_case(wang)
    other = cw.relief_case(next(m for m in named if m.name == "李伟"))

    def found(q: str) -> set[str]:
        return set(Case.objects.filter(case_search_q(q)).values_list("case_number", flat=True))

    assert found("伟芳") == {case["case_number"]}
    assert found("伟") == {case["case_number"], other["case_number"]}
    assert found(wang.id_number) == {case["case_number"]}
    assert found(case["case_number"][-4:].lower()) >= {case["case_number"]}
    assert found("赵钱孙") == set()


def test_a_one_letter_search_pages_through_every_name_holding_it_in_name_order(users, members):
    # at the start, inside, at the end, twice, alone; and names without it
    names = ["周伟", "王周", "周", "李明周", "周周", "阿周", "张三", "周安", "小周明", "赵四"]
    names.append("周小")
    for member, name in zip(members, names, strict=False):
        member.name = name
        member.save(update_fields=["name"])
    for who in ("admin", "caseworker2"):  # the province's view and a grassroots union's
        listed = members_list(users[who], q="周")
        if connection.vendor == "postgresql":
            assert isinstance(listed, MembersByName)
        holding = members_visible_to(users[who]).filter(name__contains="周")
        whole = list(holding.order_by("name", "pk").values_list("pk", flat=True))
        assert whole or who == "caseworker2"
        for size in (1, 2, 3, 20):  # every page as a pager cuts them
            starts = range(0, len(whole) + size, size)
            paged = [m.pk for start in starts for m in listed[start : start + size]]
            assert paged == whole, (who, size)
        assert listed.count() == len(whole)
