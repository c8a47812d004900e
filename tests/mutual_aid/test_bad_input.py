"""Every bad input of the mutual-aid endpoints: 400 in the error shape,
nothing written."""

from __future__ import annotations

import pytest

from casework.audit.models import AuditEvent
from casework.core.models import Case
from casework.mutual_aid.models import ClaimedInvoice, Enrollment, Plan
from tests.mutual_aid.helpers import claim, enroll, plan, this_year


def counts():
    return (
        Plan.objects.count(),
        Enrollment.objects.count(),
        Case.objects.count(),
        ClaimedInvoice.objects.count(),
        AuditEvent.objects.count(),
    )


def assert_refused(response, field=None):
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert set(error) >= {"code", "message", "fields"}
    if field:
        assert any(k.startswith(field) for k in error["fields"]), error


def plan_body(**overrides):
    year = this_year() + 1
    body = {
        "year": year,
        "product": "inpatient",
        "contribution": "36",
        "coverage_start": f"{year}-01-01",
        "coverage_end": f"{year}-12-31",
        "waiting_days": 90,
        "claim_deadline": f"{year + 1}-03-31",
        "deductible_first": "1300",
        "deductible_subsequent": "650",
        "tiers": [
            {"up_to": "10000", "ratio": "0.5"},
            {"up_to": "30000", "ratio": "0.6"},
            {"up_to": None, "ratio": "0.7"},
        ],
        "annual_cap": "30200",
    }
    body.update(overrides)
    return body


def test_a_valid_plan_is_created_and_audited(api):
    response = api("supervisor").post("/api/mutual-aid/plans/", plan_body())
    assert response.status_code == 201, response.json()
    assert response.json()["tiers"][0] == {"up_to": "10000.00", "ratio": "0.50"}
    assert AuditEvent.objects.filter(case=None, type="mutual_aid_plan_created").count() == 1
    again = api("supervisor").post("/api/mutual-aid/plans/", plan_body())
    assert again.status_code == 409


@pytest.mark.parametrize(
    "overrides, field",
    [
        (
            {
                "tiers": [
                    {"up_to": "30000", "ratio": "0.5"},
                    {"up_to": "10000", "ratio": "0.6"},
                    {"up_to": None, "ratio": "0.7"},
                ]
            },
            "tiers",
        ),
        ({"tiers": [{"up_to": "10000", "ratio": "1.5"}, {"up_to": None, "ratio": "0.7"}]}, "tiers"),
        ({"tiers": [{"up_to": "10000", "ratio": "0.5"}]}, "tiers"),
        ({"coverage_end": "2099-12-31"}, "coverage_end"),
        ({"claim_deadline": "2000-01-01"}, "claim_deadline"),
        ({"annual_cap": None}, "annual_cap"),
        ({"contribution": "-1"}, "contribution"),
        ({"product": "dental"}, "product"),
        ({"product": "critical_illness", "lump_sums": {}}, "lump_sums"),
        ({"waiting_days": "many"}, "waiting_days"),
    ],
)
def test_a_bad_plan_is_refused(api, org, overrides, field):
    before = counts()
    assert_refused(api("supervisor").post("/api/mutual-aid/plans/", plan_body(**overrides)), field)
    assert counts() == before


def test_a_bad_plan_change_is_refused_and_the_version_stays(api, org):
    p = plan()
    before = counts()
    url = f"/api/mutual-aid/plans/{p.pk}/"
    assert_refused(api("supervisor").patch(url, {"tiers": [{"up_to": "5", "ratio": "2"}]}))
    assert_refused(api("supervisor").patch(url, {"year": 1999}), "year")
    assert counts() == before
    p.refresh_from_db()
    assert p.version == 1


def test_only_a_supervisor_or_admin_sets_up_plans(api, org):
    assert api("caseworker").post("/api/mutual-aid/plans/", plan_body()).status_code == 403


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"member": 999999}, "member"),
        ({"product": "dental"}, "product"),
        ({"admitted_on": "yesterday"}, "admitted_on"),
        ({"discharged_on": "2000-01-01"}, "discharged_on"),
        ({"total_expense": "-5"}, "total_expense"),
        ({"eligible_self_pay": "99999999"}, "eligible_self_pay"),
        ({"invoice_numbers": []}, "invoice_numbers"),
        ({"invoice_numbers": ["A", "A"]}, "invoice_numbers"),
        ({"invoice_numbers": "A"}, "invoice_numbers"),
        ({"severity_class": "1"}, "severity_class"),
        ({"product": "critical_illness"}, "severity_class"),
        ({"year": 2001}, "product"),
        ({"eligible_self_pay": "1.234"}, "eligible_self_pay"),
    ],
)
def test_a_bad_claim_is_refused(api, member, overrides, field):
    enroll(member)
    before = counts()
    response = api("caseworker").post("/api/mutual-aid/claims/", claim(member, **overrides))
    assert_refused(response, field)
    assert counts() == before


@pytest.mark.parametrize(
    "body, field",
    [
        ({"plan": 999999, "paid_amount": "36", "enrolled_on": "2026-01-01"}, "plan"),
        ({"paid_amount": "1", "enrolled_on": None}, "enrolled_on"),
        ({"paid_amount": "1"}, "enrollment"),
        ({"paid_amount": "abc"}, "paid_amount"),
        ({"member": 999999}, "member"),
    ],
)
def test_a_bad_enrollment_is_refused(api, member, body, field):
    full = {
        "member": member.pk,
        "plan": plan().pk,
        "paid_amount": "36",
        "enrolled_on": f"{this_year()}-01-05",
        **body,
    }
    full = {k: v for k, v in full.items() if v is not None}
    before = counts()
    assert_refused(api("caseworker").post("/api/mutual-aid/enrollments/", full), field)
    assert counts() == before


def test_an_import_without_a_file_or_plan_is_refused(api, org):
    before = counts()
    assert_refused(
        api("caseworker").post("/api/mutual-aid/enrollments/import/", {}, format="multipart"),
        "file",
    )
    assert counts() == before
