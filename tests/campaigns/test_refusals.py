"""Every refusal of PROCESSES.md §4, through the API, with the error shape
and nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from casework.campaigns.models import Recipient, RecipientStatus
from casework.core.models import Case
from casework.relief.models import RosterEntry

from .conftest import assert_error, campaign_row, listed, nominate, recipients_of, student, written


def test_a_member_on_another_list_of_the_campaign_refuses_the_list_naming_it(
    api, campaign, grassroots, own_members
):
    c = campaign()
    first = listed(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])
    before = written()
    response = nominate(
        api,
        c,
        grassroots[0],
        [
            {"member": own_members[1].pk, "tier": "hard"},
            {"member": own_members[0].pk, "tier": "deep"},
        ],
    )
    error = assert_error(response, 409, "duplicate_recipient")
    assert first["case_number"] in error["message"]
    assert written() == before


def test_a_member_named_twice_on_one_list_is_400(api, campaign, grassroots, own_members):
    c = campaign()
    before = written()
    twice = [{"member": own_members[0].pk, "tier": "hard"}] * 2
    assert_error(nominate(api, c, grassroots[0], twice), 400, "invalid")
    assert written() == before


def test_two_members_of_one_household_in_a_household_tier_are_refused(
    api, campaign, grassroots, own_members
):
    c = campaign()
    before = written()
    both = [
        {"member": own_members[0].pk, "tier": "household", "household": "古宜镇1号"},
        {"member": own_members[1].pk, "tier": "household", "household": "古宜镇1号"},
    ]
    assert_error(nominate(api, c, grassroots[0], both), 409, "duplicate_household")
    assert written() == before
    # and across two lists of the campaign, naming the other list
    first = listed(api, c, grassroots[0], both[:1])
    before = written()
    error = assert_error(nominate(api, c, grassroots[0], both[1:]), 409, "duplicate_household")
    assert first["case_number"] in error["message"]
    assert written() == before


def test_a_golden_autumn_student_funded_before_is_refused(api, campaign, grassroots, own_members):
    last_year = campaign("golden_autumn")
    case = listed(
        api,
        last_year,
        grassroots[0],
        [{"member": own_members[0].pk, "tier": "undergraduate", "student": student(7)}],
    )
    Recipient.objects.filter(
        campaign_list_id=Case.objects.get(case_number=case["case_number"]).pk
    ).update(status=RecipientStatus.ISSUED)
    this_year = campaign("golden_autumn", title="金秋助学 again")
    before = written()
    response = nominate(
        api,
        this_year,
        grassroots[0],
        [{"member": own_members[1].pk, "tier": "college", "student": student(7)}],
    )
    error = assert_error(response, 409, "student_funded")
    assert case["case_number"] in error["message"]
    assert written() == before


def test_a_golden_autumn_nomination_names_the_student(api, campaign, grassroots, own_members):
    c = campaign("golden_autumn")
    before = written()
    response = nominate(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "college"}])
    assert_error(response, 400)
    assert written() == before


def test_a_tier_requiring_the_roster_takes_only_members_on_it(
    api, campaign, grassroots, own_members
):
    c = campaign()
    before = written()
    response = nominate(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "roster"}])
    assert_error(response, 400, "not_on_roster")
    assert written() == before


def test_a_member_on_the_roster_may_be_nominated_in_its_tier(
    api, campaign, grassroots, own_members, users
):
    c = campaign()
    relief_case = Case.objects.create(
        case_number="RL-2026-999999", program="relief", org_unit=grassroots[0], case_status="x"
    )
    today = timezone.localdate()
    RosterEntry.objects.create(
        member=own_members[0], case=relief_case, category="deep", filed_on=today, review_due=today
    )
    listed(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "roster"}])


def test_nominations_outside_the_window_are_refused(api, campaign, grassroots, own_members):
    today = timezone.localdate()
    c = campaign(
        opens_on=(today - dt.timedelta(days=30)).isoformat(),
        closes_on=(today - dt.timedelta(days=1)).isoformat(),
    )
    before = written()
    response = nominate(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])
    assert_error(response, 409, "outside_window")
    assert written() == before


def test_an_approval_over_the_remaining_budget_is_refused_and_changes_nothing(
    api, campaign, grassroots, own_members
):
    c = campaign(budget="5000.00")
    first = listed(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])
    second = listed(
        api,
        c,
        grassroots[0],
        [
            {"member": own_members[1].pk, "tier": "hard"},
            {"member": own_members[2].pk, "tier": "deep"},
        ],
    )
    for case in (first, second):
        assert (
            api("caseworker").complete(case["case_number"], "review", "verify").status_code == 200
        )
    assert api("supervisor").complete(first["case_number"], "approve", "approve").status_code == 200
    n = second["case_number"]
    before = [r["status"] for r in recipients_of(api, n)]
    error = assert_error(api("supervisor").complete(n, "approve", "approve"), 409, "over_budget")
    assert "3900.00" in error["message"] and "2000.00" in error["message"]
    assert campaign_row(c).approved_total == Decimal("3000.00")
    assert [r["status"] for r in recipients_of(api, n)] == before == ["verified", "verified"]
    assert api("supervisor").get(f"/api/cases/{n}/").json()["status"] == "awaiting_approval"


def test_the_reviewer_may_not_approve_the_list(api, campaign, grassroots, own_members):
    c = campaign()
    n = listed(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])[
        "case_number"
    ]
    assert api("admin").complete(n, "review", "verify").status_code == 200
    assert_error(api("admin").complete(n, "approve", "approve"), 403, "four_eyes")


def test_recipients_are_issued_only_while_the_issue_is_open(api, campaign, grassroots, own_members):
    c = campaign()
    n = listed(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])[
        "case_number"
    ]
    rid = recipients_of(api, n)[0]["id"]
    before = written()
    response = api("finance").post(
        f"/api/campaign-lists/{n}/recipients/{rid}/issue/",
        {"method": "cash", "reference": "x", "issued_on": timezone.localdate().isoformat()},
    )
    assert_error(response, 409, "wrong_state")
    assert written() == before
    # and recipients are checked only by the campaign unit during the review
    assert_error(
        api("caseworker2").post(
            f"/api/campaign-lists/{n}/recipients/{rid}/exclude/", {"reason": "x"}
        ),
        403,
    )
    assert_error(
        api("caseworker").post(f"/api/campaign-lists/{n}/recipients/{rid}/exclude/", {}), 400
    )


def test_a_grassroots_caseworker_may_not_set_up_a_campaign(api, county):
    today = timezone.localdate().isoformat()
    response = api("caseworker2").post(
        "/api/campaigns/",
        {
            "kind": "other",
            "year": 2026,
            "title": "x",
            "org_unit": county.pk,
            "budget": "1.00",
            "opens_on": today,
            "closes_on": today,
            "tiers": [{"code": "a", "label": "a", "cash": "1.00"}],
        },
    )
    assert_error(response, 403)
    response = api("caseworker").post(
        "/api/campaigns/",
        {
            "kind": "other",
            "year": 2026,
            "title": "x",
            "org_unit": county.pk,
            "budget": "1.00",
            "opens_on": today,
            "closes_on": today,
            "tiers": [{"code": "a", "label": "a", "cash": "1.00"}],
        },
    )
    assert_error(response, 403)
