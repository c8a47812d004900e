"""Outsider personas: a grassroots caseworker sees only its own lists;
a member only their own grants."""

from __future__ import annotations

from .conftest import listed, member_user


def test_a_grassroots_caseworker_sees_only_its_own_unions_lists(
    api, campaign, grassroots, own_members, other_members
):
    c = campaign()
    own = listed(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])
    other = api("caseworker").post(
        f"/api/campaigns/{c['id']}/lists/",
        {
            "org_unit": grassroots[1].pk,
            "recipients": [{"member": other_members[0].pk, "tier": "hard"}],
        },
    )
    assert other.status_code == 201, other.json()
    n_other = other.json()["case_number"]
    grassroots_worker = api("caseworker2")
    assert grassroots_worker.get(f"/api/cases/{own['case_number']}/").status_code == 200
    assert grassroots_worker.get(f"/api/cases/{n_other}/").status_code == 404
    rid = other.json()["data"]["recipients"][0]["id"]
    refused = grassroots_worker.post(
        f"/api/campaign-lists/{n_other}/recipients/{rid}/exclude/", {"reason": "x"}
    )
    assert refused.status_code == 404
    listed_numbers = [
        case["case_number"]
        for case in grassroots_worker.get("/api/cases/", program="campaign").json()["results"]
    ]
    assert own["case_number"] in listed_numbers and n_other not in listed_numbers
    # the county sees both, and the campaign's figures
    county_numbers = [
        case["case_number"]
        for case in api("caseworker").get("/api/cases/", program="campaign").json()["results"]
    ]
    assert {own["case_number"], n_other} <= set(county_numbers)
    # nominating for another grassroots union is not caseworker2's
    refused = grassroots_worker.post(
        f"/api/campaigns/{c['id']}/lists/",
        {
            "org_unit": grassroots[1].pk,
            "recipients": [{"member": other_members[1].pk, "tier": "hard"}],
        },
    )
    assert refused.status_code == 400


def test_a_member_sees_only_their_own_grants(api, campaign, grassroots, own_members, county):
    from rest_framework.test import APIClient

    c = campaign()
    listed(
        api,
        c,
        grassroots[0],
        [
            {"member": own_members[0].pk, "tier": "hard"},
            {"member": own_members[1].pk, "tier": "deep"},
        ],
    )
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(member_user(own_members[1], county))
    grants = client.get("/api/campaign-grants/").json()
    assert [g["name"] for g in grants] == [own_members[1].name]
    assert own_members[0].name not in client.get("/api/campaign-grants/").content.decode()
    assert client.get(f"/api/campaigns/{c['id']}/").status_code == 404
    assert client.get("/api/campaigns/").json()["count"] == 0
