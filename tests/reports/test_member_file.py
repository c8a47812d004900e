"""The member file (一人一档) on the known data set."""

from __future__ import annotations


def test_the_file_gathers_cases_payments_enrollments_caps_and_roster(api, dataset):
    m1 = dataset["m1"]
    c = dataset["cases"]
    body = api("caseworker").get(f"/api/members/{m1.pk}/file/").json()
    assert body["member"]["id"] == m1.pk
    numbers = {row["case_number"]: row for row in body["cases"]}
    for key in ("R1", "R3", "M1"):
        assert numbers[c[key].case_number]["restricted"] is False
    # the caseworker may not read mediation: number and status, nothing else
    assert numbers[c["D1"].case_number] == {
        "case_number": c["D1"].case_number,
        "program": "mediation",
        "status": "settled",
        "restricted": True,
    }
    assert [(p["program"], p["amount"]) for p in body["payments"]] == [
        ("mutual_aid", "5000.00"),
        ("relief", "3000.00"),
        ("relief", "6000.00"),
    ]
    assert [(e["product"], e["paid_amount"]) for e in body["enrollments"]] == [
        ("critical_illness", "60.00"),
        ("inpatient", "36.00"),
    ]
    year = str(dataset["year"])
    assert body["mutual_aid_remaining"] == {
        year: {"inpatient": "25200.00", "critical_illness": "6000.00"}
    }
    assert body["roster"]["status"] == "active"
    assert body["roster"]["category"] == "deep"
    assert body["roster"]["next_review"] == f"{dataset['year'] + 1}-01-25"


def test_the_coordinator_sees_the_mediation_case_in_full(api, dataset):
    body = api("coordinator").get(f"/api/members/{dataset['m1'].pk}/file/").json()
    row = next(r for r in body["cases"] if r["program"] == "mediation")
    assert row["restricted"] is False
    assert row["org_unit"]["name"]


def test_a_grassroots_caseworker_sees_no_county_mediation_and_no_outsider(api, dataset):
    cw2 = api("caseworker2")
    body = cw2.get(f"/api/members/{dataset['m1'].pk}/file/").json()
    assert {r["program"] for r in body["cases"]} == {"relief", "mutual_aid"}
    assert cw2.get(f"/api/members/{dataset['m2'].pk}/file/").status_code == 404
