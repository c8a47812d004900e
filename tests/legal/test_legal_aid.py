"""Legal aid (PROCESSES.md §5, issue 18): the means test computed at intake,
a refusal on it (409 ``not_eligible`` on accept, then the refusal letter), a
migrant worker's wage claim exempt from it carried to ``closed`` with its
closing report, four-eyes on the approval, the supplement, and the
consultation referral and the reconsideration's reopening, pre-filled."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.core.classification import fields_unclassified
from casework.core.models import Case
from casework.demo.seed import seed_member_login
from casework.legal.aid import aid_reopen_intake
from casework.legal.models import Consultation, IncomeCeiling, LegalAid
from tests.conftest import Api
from tests.helpers import assert_error
from tests.legal.aid_helpers import aid_application, apply, closing_report_attach, letter_text
from tests.legal.conftest import consultation
from workflows.intake import case_open


def test_an_eligible_application_opens_with_its_means_test(api):
    case = apply(api)
    assert case["case_number"].startswith(f"LA-{timezone.localdate().year}-")
    assert case["program"] == "legal_aid"
    assert case["status"] == "submitted"
    assert [t["name"] for t in case["open_tasks"]] == ["review"]
    test = case["data"]["means_test"]
    assert test == {
        "eligible": True,
        "reasons": ["amount_reached", "income_below_ceiling"],
        "per_capita_income": "1000.00",
        "income_ceiling": "1690.00",
    }
    # the ID number is normalized and shown whole to the caseworker only
    assert "*" not in case["data"]["applicant"]["id_number"]
    masked = api("finance").get(f"/api/cases/{case['case_number']}/").json()
    assert "*" in masked["data"]["applicant"]["id_number"]


def test_refused_on_the_means_test_409_on_accept_then_the_refusal_letter(api):
    case = apply(api, amount_in_dispute="800.00", household_monthly_income="6000.00")
    number = case["case_number"]
    assert case["data"]["means_test"]["eligible"] is False
    assert case["data"]["means_test"]["reasons"] == [
        "amount_below_minimum",
        "income_at_or_above_ceiling",
    ]
    error = assert_error(api("caseworker").complete(number, "review", "accept"), 409)
    assert error["code"] == "not_eligible"
    assert Case.objects.get(case_number=number).case_status == "submitted"
    refused = api("caseworker").complete(number, "review", "refuse", reason="争议金额不足一千元")
    assert refused.status_code == 200, refused.json()
    assert refused.json()["case"]["status"] == "refused"
    text = letter_text(number, "legal_aid_refusal")
    assert "不予法律援助决定书" in text and "争议金额不足一千元" in text and number in text
    assert "覃工人" in text and "申请复核" in text


def test_the_units_own_ceiling_is_used(api, county):
    IncomeCeiling.objects.create(org_unit=county, monthly_amount=Decimal("900.00"))
    case = apply(api)
    assert case["data"]["means_test"]["income_ceiling"] == "900.00"
    assert case["data"]["means_test"]["eligible"] is False


def test_a_migrant_workers_wage_claim_is_exempt_and_carried_to_closed(api):
    case = apply(
        api, amount_in_dispute="600.00", household_monthly_income="9000.00", migrant_worker=True
    )
    number = case["case_number"]
    assert case["data"]["means_test"]["eligible"] is True
    assert case["data"]["means_test"]["reasons"][0] == "migrant_worker_exempt"
    assert (
        api("caseworker")
        .complete(number, "review", "accept", comment="农民工追索劳动报酬，免审")
        .status_code
        == 200
    )
    approved = api("supervisor").complete(number, "approve", "approve", comment="同意")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["case"]["status"] == "assigning"
    assigned = api("caseworker").complete(
        number, "assign", "assign", lawyer="韦明", firm="广西三江律师事务所"
    )
    assert assigned.status_code == 200, assigned.json()
    assert assigned.json()["case"]["status"] == "in_progress"
    text = letter_text(number, "legal_aid_delegation")
    assert "法律援助委派函" in text and "韦明" in text and "广西三江律师事务所" in text
    # no closing before the closing report is attached
    error = assert_error(
        api("caseworker").complete(number, "close", "close", result="won", amount_recovered="600"),
        409,
    )
    assert error["code"] == "closing_report_missing"
    closing_report_attach(api, number)
    closed = api("caseworker").complete(
        number, "close", "close", result="won", amount_recovered="600.00"
    )
    assert closed.status_code == 200, closed.json()
    data = closed.json()["case"]
    assert data["status"] == "closed"
    assert data["data"]["result"] == "won"
    assert data["data"]["amount_recovered"] == "600.00"
    assert data["data"]["closing_report"] is True
    # every field the journey wrote into the audit chain is classified
    events = AuditEvent.objects.filter(case__case_number=number)
    assert {(e.type, k) for e in events for k in fields_unclassified("legal_aid", e.data)} == set()


def test_the_reviewer_may_not_approve(api):
    number = apply(api)["case_number"]
    assert api("admin").complete(number, "review", "accept").status_code == 200
    error = assert_error(api("admin").complete(number, "approve", "approve"), 403)
    assert error["code"] == "four_eyes"
    assert Case.objects.get(case_number=number).case_status == "awaiting_approval"


def test_the_approval_may_refuse_with_a_letter(api):
    number = apply(api)["case_number"]
    api("caseworker").complete(number, "review", "accept")
    refused = api("supervisor").complete(number, "approve", "refuse", reason="非劳动争议")
    assert refused.json()["case"]["status"] == "refused"
    assert "非劳动争议" in letter_text(number, "legal_aid_refusal")


def test_a_returned_application_is_supplemented_and_tested_again(api):
    case = apply(api, amount_in_dispute="500.00")
    number = case["case_number"]
    returned = api("caseworker").complete(number, "review", "return", reason="请补充欠薪金额证明")
    assert returned.json()["case"]["status"] == "awaiting_supplement"
    again = api("caseworker").complete(
        number, "supplement", "resubmit", amount_in_dispute="15000.00", note="补充工资条"
    )
    assert again.status_code == 200, again.json()
    assert again.json()["case"]["status"] == "submitted"
    assert again.json()["case"]["data"]["means_test"]["eligible"] is True
    assert api("caseworker").complete(number, "review", "accept").status_code == 200


def test_a_member_applies_for_themself(member, county):
    own = Api(seed_member_login(member, county))
    response = own.post("/api/legal/aid/", aid_application(applicant={"member": member.pk}))
    assert response.status_code == 201, response.json()
    case = response.json()
    assert case["member"]["id"] == member.pk
    assert case["data"]["applicant"]["name"] == member.name


def test_a_consultation_referred_to_legal_aid_opens_it_pre_filled_and_linked(api):
    response = api("caseworker").post(
        "/api/legal/consultations/", consultation(outcome="referred_legal_aid")
    )
    assert response.status_code == 201, response.json()
    lc = response.json()
    number = lc["data"]["referral"]
    assert number.startswith("LA-")
    aid = LegalAid.objects.get(case__case_number=number)
    assert aid.consultation == lc["case_number"]
    assert aid.applicant_name == "覃工人" and aid.employer_name == "三江某建筑有限公司"
    assert aid.claim == "wages" and aid.facts == "工地拖欠三个月工资共一万二千元"
    la = api("caseworker").get(f"/api/cases/{number}/").json()
    assert la["data"]["consultation"] == lc["case_number"]
    assert la["status"] == "submitted"
    assert Consultation.objects.get(case__case_number=lc["case_number"]).referral == number


def test_a_refused_application_reopens_pre_filled(api, users):
    number = apply(api, household_monthly_income="9000.00")["case_number"]
    api("caseworker").complete(number, "review", "refuse", reason="收入超标")
    original = Case.objects.get(case_number=number)
    new = case_open(
        aid_reopen_intake(original, actor=users["supervisor"]), actor=users["supervisor"]
    )
    aid = LegalAid.objects.get(case=new)
    old = LegalAid.objects.get(case=original)
    assert new.case_number != number and new.program == "legal_aid"
    assert aid.reopened_from == number
    for name in ("applicant_name", "applicant_id_number", "employer_name", "claim", "facts"):
        assert getattr(aid, name) == getattr(old, name)
    assert aid.household_monthly_income == Decimal("9000.00")
    assert new.org_unit_id == original.org_unit_id
    shown = api("caseworker").get(f"/api/cases/{new.case_number}/").json()
    assert shown["data"]["reopened_from"] == number
