"""``POST /api/cases/{n}/withdraw/`` on a nomination list (API.md "Cases"):
the nominating union or the county's caseworker withdraws it while it is
reviewed or revised; nobody else, and not once approved. A withdrawn list
counts nowhere (the campaign's figures, the report), and its members may be
nominated again."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import Group, User

from casework.audit.models import AuditEvent
from casework.core.models import UserProfile
from tests.conftest import Api

from .conftest import assert_error, campaign_row, listed, nominate, recipients_of, written


def _withdraw(api, who: str, n: str, reason: str = "名单作废"):
    return api(who).post(f"/api/cases/{n}/withdraw/", {"reason": reason})


def test_the_nominating_union_withdraws_a_list_under_review(api, campaign, grassroots, own_members):
    c = campaign()
    n = listed(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])[
        "case_number"
    ]
    done = _withdraw(api, "caseworker2", n)
    assert done.status_code == 200, done.json()
    case = api("caseworker").get(f"/api/cases/{n}/").json()
    assert case["status"] == "withdrawn" and case["open_tasks"] == [] and case["closed"]
    assert AuditEvent.objects.filter(case__case_number=n, type="case_withdrawn").count() == 1
    # nothing is left to do on it: no review, no recipient check
    rid = recipients_of(api, n)[0]["id"]
    refused = api("caseworker").post(
        f"/api/campaign-lists/{n}/recipients/{rid}/exclude/", {"reason": "x"}
    )
    assert_error(refused, 409, "wrong_state")
    # and withdrawn once
    assert_error(_withdraw(api, "caseworker2", n), 409, "wrong_state")


def _other_union_worker(unit) -> Api:
    user = User.objects.create_user(username="cw-other", password="x")
    user.groups.add(Group.objects.get_or_create(name="caseworker")[0])
    UserProfile.objects.create(user=user, org_unit=unit)
    return Api(user)


def test_who_may_not_withdraw_a_list(api, campaign, grassroots, own_members):
    c = campaign()
    n = listed(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])[
        "case_number"
    ]
    before = written()
    assert_error(_withdraw(api, "finance", n), 403)
    assert_error(_withdraw(api, "supervisor", n), 403)
    other = _other_union_worker(grassroots[1])
    assert_error(other.post(f"/api/cases/{n}/withdraw/", {"reason": "x"}), 404)
    assert written() == before
    assert api("caseworker").get(f"/api/cases/{n}/").json()["status"] == "submitted"
    # while revised, the union (and the county's caseworker) still may
    assert api("caseworker").complete(n, "review", "return", reason="补充").status_code == 200
    assert _withdraw(api, "caseworker", n).status_code == 200


def test_an_approved_list_is_not_withdrawn_and_a_withdrawn_one_counts_nowhere(
    api, campaign, grassroots, own_members
):
    c = campaign()
    a, b, d = own_members[:3]
    approved = listed(api, c, grassroots[0], [{"member": a.pk, "tier": "hard"}])["case_number"]
    assert api("caseworker").complete(approved, "review", "verify").status_code == 200
    assert api("supervisor").complete(approved, "approve", "approve").status_code == 200
    assert_error(_withdraw(api, "caseworker2", approved), 409, "wrong_state")
    assert campaign_row(c).approved_total == Decimal("3000.00")

    # a list verified, returned at approval, then withdrawn: its total never counts
    n = listed(api, c, grassroots[0], [{"member": b.pk, "tier": "hard"}])["case_number"]
    assert api("caseworker").complete(n, "review", "verify").status_code == 200
    returned = api("supervisor").complete(n, "approve", "return", reason="超标准")
    assert returned.status_code == 200, returned.json()
    assert _withdraw(api, "caseworker2", n).status_code == 200
    figures = api("supervisor").get(f"/api/campaigns/{c['id']}/").json()
    assert figures["approved_total"] == "3000.00" and figures["remaining"] == "97000.00"
    assert figures["person_times"] == 0
    report = api("supervisor").get("/api/reports/summary/").json()["campaigns"]["winter_warmth"]
    assert report["lists"] == 1

    # its member may be nominated again, on a new list of the same campaign
    again = nominate(
        api, c, grassroots[0], [{"member": b.pk, "tier": "deep"}, {"member": d.pk, "tier": "hard"}]
    )
    assert again.status_code == 201, again.json()
    # the approved list's member may not
    assert_error(nominate(api, c, grassroots[0], [{"member": a.pk, "tier": "deep"}]), 409)
