"""The mediation figures of PROCESSES.md §3, from one aggregate query."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from casework.mediation.models import Referral
from casework.mediation.selectors import mediation_statistics
from tests.mediation.conftest import days_ago

TODAY = timezone.localdate()
LATER = (TODAY + dt.timedelta(days=10)).isoformat()


def settle(api, number, amount, *, fulfilled=True, confirmation="confirmed"):
    api("mediator").complete(
        number, "mediate", "settle", agreed_amount=amount, terms="t", performance_due=LATER
    )
    api("mediator").complete(
        number,
        "follow_up",
        "fulfilled" if fulfilled else "unfulfilled",
        judicial_confirmation=confirmation,
    )


def returned(api, number):
    api("coordinator").complete(
        number, "return_to_court", "returned", returned_on=TODAY.isoformat(), letter_reference="L"
    )


def test_the_statistics_count_outcomes_amounts_days_and_extensions(api, assigned, users):
    a = assigned(amount_claimed="10000.00", received_on=days_ago(4))
    api("mediator").post(f"/api/mediation/cases/{a}/extend/", {"parties_consent": True})
    settle(api, a, "8000.00")
    b = assigned(amount_claimed="6000.00", received_on=days_ago(10))
    settle(api, b, "5000.00", fulfilled=False, confirmation="applied")
    c = assigned(amount_claimed="3000.00", received_on=days_ago(6))
    api("mediator").complete(c, "mediate", "fail", reason="r", disputed_points=["p"])
    returned(api, c)
    d = assigned(amount_claimed="1000.00", received_on=days_ago(0))
    api("mediator").complete(d, "mediate", "withdraw", reason="r")
    assigned(amount_claimed="500.00")  # still open
    Referral.objects.filter(case__case_number=d).update(received_on=dt.date(TODAY.year - 1, 5, 1))

    stats = mediation_statistics(users["coordinator"], year=TODAY.year)

    assert stats["referred"] == 4
    assert stats["settled"] == 2
    assert stats["settled_unfulfilled"] == 1
    assert stats["closed"] == 3
    assert stats["success_rate"] == Decimal("0.6667")
    assert stats["returned_to_court"] == 1
    assert stats["withdrawn"] == 0
    assert stats["extensions"] == 1
    assert stats["judicial_confirmations"] == 1
    assert stats["judicial_confirmation_applications"] == 2
    assert stats["amount_claimed"] == Decimal("19500.00")
    assert stats["amount_claimed_settled"] == Decimal("16000.00")
    assert stats["amount_agreed"] == Decimal("13000.00")
    assert stats["average_days"] == Decimal("6.7")  # (4 + 10 + 6) / 3


def test_the_statistics_of_a_year_without_referrals_are_zero(users, org):
    stats = mediation_statistics(users["auditor"], year=2001)
    assert stats["referred"] == 0
    assert stats["success_rate"] is None
    assert stats["average_days"] is None
    assert stats["amount_agreed"] == Decimal("0.00")


def test_the_statistics_are_scoped_to_the_users_subtree(assigned, users, grassroots):
    assigned()
    assert mediation_statistics(users["caseworker2"], year=TODAY.year)["referred"] == 0
    # asking for a unit outside one's subtree gives one's own subtree
    county = users["coordinator"].profile.org_unit
    assert (
        mediation_statistics(users["caseworker2"], year=TODAY.year, org_unit=county)["referred"]
        == 0
    )
    assert (
        mediation_statistics(users["coordinator"], year=TODAY.year, org_unit=grassroots[0])[
            "referred"
        ]
        == 0
    )
    assert mediation_statistics(users["caseworker"], year=TODAY.year)["referred"] == 1


def test_the_statistics_take_one_query_whatever_the_number_of_cases(
    assigned, users, django_assert_num_queries
):
    for _ in range(3):
        assigned()
    user = users["coordinator"]
    mediation_statistics(user, year=TODAY.year)  # warm the user's unit
    with django_assert_num_queries(1):
        stats = mediation_statistics(user, year=TODAY.year)
    assert stats["referred"] == 3


def test_the_case_list_makes_a_fixed_number_of_queries_for_mediation(api, assigned):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assigned()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api("mediator").get("/api/cases/").status_code == 200
        return len(ctx.captured_queries)

    count()  # the persona's roles and unit are loaded once
    small = count()
    for _ in range(5):
        assigned()
    assert count() == small
