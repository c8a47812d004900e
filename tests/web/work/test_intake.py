"""Opening cases in the browser: a caseworker opens a relief case from the
member's file and enters a mutual-aid claim, the coordinator registers a
court referral — with the API's validation and refusals, documents attached
at intake, and no page for the roles that may not open cases."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.core.models import Case, CaseDocument
from casework.mediation.models import Referral
from tests.mediation.conftest import credit_code, days_ago, non_member_worker
from tests.mutual_aid import helpers as ma

pytestmark = pytest.mark.django_db

RELIEF = {
    "aid_type": "living",
    "cause": "illness",
    "reason": "长期患病，无力负担房租",
    "household_size": "3",
    "household_annual_income": "24000.00",
    "rigid_expenses": "6000.00",
    "requested_amount": "3000.00",
}


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 intake", content_type="application/pdf")


def referral_form(number: str, **overrides: str) -> dict[str, object]:
    worker = non_member_worker()
    form: dict[str, object] = {
        "court": "三江侗族自治县人民法院",
        "court_case_number": number,
        "referral_type": "delegated",
        "procedure": "",
        "referred_on": days_ago(3),
        "received_on": days_ago(2),
        "worker.name": worker["name"],
        "worker.id_number": worker["id_number"],
        "worker.phone": worker["phone"],
        "employer.name": "三江某建筑有限公司",
        "employer.credit_code": credit_code(),
        "dispute_types": ["wages", "overtime"],
        "amount_claimed": "18000.00",
        "summary": "拖欠工资三个月及加班费",
    }
    form.update(overrides)
    return form


def field_errors(html: str, name: str) -> list[str]:
    block = re.search(rf'data-field="{re.escape(name)}"[^>]*>(.*?)</(?:div|fieldset)>', html, re.S)
    assert block, f"no field {name} on the page"
    return re.findall(r'class="cw-field-error"[^>]*>([^<]*)<', block.group(1))


def test_the_menu_offers_new_cases_to_those_who_may_open_them(web):
    index = web("caseworker").get(reverse("intake:index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert 'data-program="relief"' in html and 'data-program="mutual_aid"' in html
    assert 'data-program="mediation"' not in html
    assert "Open a relief case" in html and "Enter a claim" in html
    assert 'href="/intake/"' in web("caseworker").get("/work/").content.decode()  # the menu
    coordinator = web("coordinator").get(reverse("intake:index")).content.decode()
    assert 'data-program="mediation"' in coordinator and 'data-program="relief"' not in coordinator


def test_a_caseworker_opens_a_relief_case_from_the_member_file(web, member):
    caseworker = web("caseworker")
    file = caseworker.get(reverse("members:file", args=[member.pk])).content.decode()
    link = f"/intake/relief/?member={member.pk}"
    assert f'href="{link}"' in file and 'data-testid="new-case-mediation"' not in file

    form = caseworker.get(link)
    assert form.status_code == 200
    html = form.content.decode()
    assert f'data-testid="intake-member" data-member="{member.pk}"' in html
    assert member.name in html and member.org_unit.name in html
    assert f'name="member" value="{member.pk}"' in html
    assert 'name="aid_type"' in html and 'name="documents"' in html

    opened = caseworker.post(
        "/intake/relief/",
        {**RELIEF, "member": member.pk, "documents": [pdf("收入证明.pdf"), pdf("病历.pdf")]},
    )
    assert opened.status_code == 302, opened.content.decode()[:3000]
    case = Case.objects.get(member=member, program="relief")
    assert opened["Location"] == reverse("cases:detail", args=[case.case_number])
    assert case.case_status == "submitted" and case.submitted_by.username == "caseworker"
    page = caseworker.get(opened["Location"]).content.decode()
    assert f"Case {case.case_number} was opened." in page
    # documents attached at intake are on the case
    assert "收入证明.pdf" in page and "病历.pdf" in page
    kinds = set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == {"application"}


def test_a_second_open_relief_case_is_refused_with_the_apis_message_translated(web, member, users):
    caseworker = web("caseworker")
    first = caseworker.post("/intake/relief/", {**RELIEF, "member": member.pk})
    assert first.status_code == 302
    number = Case.objects.get(member=member).case_number
    before = Case.objects.count(), CaseDocument.objects.count()

    zh = Client(headers={"accept-language": "zh-hans"})
    zh.force_login(users["caseworker"])
    again = zh.post(
        "/intake/relief/", {**RELIEF, "member": member.pk, "documents": [pdf("again.pdf")]}
    )
    assert again.status_code == 409
    html = again.content.decode()
    assert f"{member.name} 已有在办的帮扶案件 {number}" in html
    assert 'value="长期患病，无力负担房租"' in html or "长期患病，无力负担房租</textarea>" in html
    assert (Case.objects.count(), CaseDocument.objects.count()) == before


def test_bad_input_is_shown_beside_the_fields_with_nothing_written(web, member):
    bad = web("caseworker").post(
        "/intake/relief/",
        {**RELIEF, "member": member.pk, "household_size": "0", "aid_type": "yacht"},
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert field_errors(html, "household_size") and field_errors(html, "aid_type")
    assert not Case.objects.exists()


def test_from_the_menu_the_member_is_found_first(web, member):
    caseworker = web("caseworker")
    picker = caseworker.get("/intake/relief/")
    assert picker.status_code == 200 and 'data-testid="intake-picker"' in picker.content.decode()
    found = caseworker.get("/intake/relief/", {"q": member.name}).content.decode()
    assert f'href="/intake/relief/?member={member.pk}"' in found


def test_a_claim_is_entered_for_a_member_with_its_invoice(web, member):
    ma.enroll(member, "inpatient")
    day = ma.admitted_on().isoformat()
    entered = web("caseworker").post(
        "/intake/mutual-aid/",
        {
            "member": member.pk,
            "product": "inpatient",
            "hospital": "三江侗族自治县人民医院",
            "admitted_on": day,
            "discharged_on": day,
            "diagnosis": "肺炎",
            "total_expense": "30000.00",
            "insurance_paid": "12000.00",
            "eligible_self_pay": "15000.00",
            "invoice_numbers": "INV-000901\nINV-000902",
            "documents": [pdf("住院发票.pdf")],
        },
    )
    assert entered.status_code == 302, entered.content.decode()[:3000]
    case = Case.objects.get(member=member, program="mutual_aid")
    assert sorted(case.claimed_invoices.values_list("number", flat=True)) == [
        "INV-000901",
        "INV-000902",
    ]
    assert CaseDocument.objects.get(case=case).kind == "invoice"
    page = web("caseworker").get(entered["Location"]).content.decode()
    assert "住院发票.pdf" in page and "INV-000901" in page


def test_the_coordinator_registers_a_referral_and_a_duplicate_names_the_other_case(web):
    coordinator = web("coordinator")
    form = coordinator.get("/intake/mediation/").content.decode()
    assert 'name="worker.name"' in form and 'name="employer.credit_code"' in form
    assert 'type="checkbox" name="dispute_types" value="wages"' in form

    number = "(2026)桂0226民初0777号"
    made = coordinator.post(
        "/intake/mediation/", referral_form(number, documents=[pdf("委派调解函.pdf")])
    )
    assert made.status_code == 302, made.content.decode()[:3000]
    referral = Referral.objects.get(court_case_number=number)
    assert referral.dispute_types == ["wages", "overtime"]
    assert referral.case.documents.get().name == "委派调解函.pdf"
    assert "委派调解函.pdf" in coordinator.get(made["Location"]).content.decode()

    again = coordinator.post("/intake/mediation/", referral_form(number))
    assert again.status_code == 409
    assert (
        f"court case {number} of 三江侗族自治县人民法院 is already registered as "
        f"{referral.case.case_number}" in again.content.decode()
    )
    assert Referral.objects.count() == 1


def test_a_referral_for_a_member_from_their_file(web, member):
    coordinator = web("coordinator")
    file = coordinator.get(reverse("members:file", args=[member.pk])).content.decode()
    assert f'href="/intake/mediation/?member={member.pk}"' in file
    form = coordinator.get(f"/intake/mediation/?member={member.pk}").content.decode()
    assert 'name="worker.name"' not in form and member.name in form
    data = referral_form("(2026)桂0226民初0778号", member=str(member.pk))
    made = coordinator.post("/intake/mediation/", data)
    assert made.status_code == 302, made.content.decode()[:3000]
    assert Referral.objects.get().worker_member == member


def test_a_referral_missing_its_worker_and_dispute_types_is_refused_at_the_fields(web):
    bad = web("coordinator").post(
        "/intake/mediation/",
        referral_form("(2026)桂0226民初0779号", **{"worker.name": "", "dispute_types": []}),
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert field_errors(html, "worker.name")
    assert field_errors(html, "dispute_types")
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("username", "url"),
    [("coordinator", "/intake/relief/"), ("coordinator", "/intake/mutual-aid/")]
    + [("caseworker", "/intake/mediation/")],
)
def test_an_opener_of_another_program_gets_403(web, member, username, url):
    page = web(username).get(url)
    assert page.status_code == 403
    assert web(username).post(url, {**RELIEF, "member": member.pk}).status_code == 403
    assert not Case.objects.exists()


@pytest.mark.parametrize("username", ["supervisor", "finance", "auditor", "mediator"])
def test_a_role_that_opens_no_cases_has_no_new_case_area(web, member, username):
    """Not in their menu, and like any area not theirs: not found."""
    assert 'href="/intake/"' not in web(username).get("/cases/").content.decode()
    for url in ("/intake/", "/intake/relief/", "/intake/mutual-aid/", "/intake/mediation/"):
        assert web(username).get(url).status_code == 404
        assert web(username).post(url, {**RELIEF, "member": member.pk}).status_code == 404
    assert not Case.objects.exists()


def test_the_members_file_offers_no_new_case_to_those_who_may_not(web, member):
    file = web("supervisor").get(reverse("members:file", args=[member.pk])).content.decode()
    assert 'data-testid="member-new-case"' not in file


# session, user, roles, unit; the member (and their viewed record), the bell,
# the menu's areas; + slack of 2 (raise only with a reason)
MAX_INTAKE_FORM = 14
MAX_PICKER = 9


def test_the_intake_pages_read_a_fixed_number_of_rows(web, member, members):
    caseworker = web("caseworker")

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert caseworker.get(url).status_code == 200
        return len(captured.captured_queries)

    caseworker.get("/intake/")  # the session and the language settle
    assert count(f"/intake/relief/?member={member.pk}") <= MAX_INTAKE_FORM
    assert count(f"/intake/mutual-aid/?member={member.pk}") <= MAX_INTAKE_FORM
    one = count(f"/intake/relief/?q={member.name}")
    many = count("/intake/relief/?q=4522")  # every member: the picker's first 20
    assert one == many <= MAX_PICKER, (one, many)
