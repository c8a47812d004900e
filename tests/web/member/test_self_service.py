"""A member on their own pages: their cases only, applying for relief and
claiming mutual aid through the page (documents included), and what a bad
form, a bad file or a second application leaves behind: nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from casework.core.models import Case, CaseDocument
from casework.mutual_aid.models import ClaimedInvoice
from casework.web.labels import label
from tests.mutual_aid import helpers as ma
from tests.reports.conftest import claim as claim_row
from workflows.intake import relief_submit

from .conftest import browser

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


def pdf(name: str = "收入证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 demo", content_type="application/pdf")


def field_errors(html: str, name: str) -> list[str]:
    block = re.search(rf'data-field="{name}"[^>]*>(.*?)</div>', html, re.S)
    assert block, f"no field {name} on the page"
    return re.findall(r'class="cw-field-error"[^>]*>([^<]*)<', block.group(1))


def in_english(code: str, table: str) -> str:
    with translation.override("en"):
        return str(label(code, table))


def relief_case(member, users) -> Case:
    """An open relief case made by the caseworker for ``member``."""
    fields = {k: v for k, v in RELIEF.items()}
    fields["household_size"] = 3
    return relief_submit(actor=users["caseworker"], member=member, **fields)


def nothing_written() -> tuple[int, int]:
    return Case.objects.count(), CaseDocument.objects.count()


# --- who sees what ----------------------------------------------------------


def test_a_member_sees_only_their_own_cases(web, member, neighbour, users):
    mine = relief_case(member, users)
    theirs = relief_case(neighbour, users)
    page = web("member").get(reverse("my:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-testid="my-case-row" data-case="{mine.case_number}"' in html
    assert theirs.case_number not in html
    assert 'data-testid="apply-relief"' in html and 'data-testid="apply-claim"' in html
    assert web("member").get(reverse("my:case", args=[theirs.case_number])).status_code == 404
    assert web("member").get(reverse("my:case", args=["RL-2000-999999"])).status_code == 404


# viewflow's Site answers 403 for an area not the user's before our view can
# answer 404 (its SiteMiddleware checks the Application's permission first);
# either way the page is refused. Reported to the lead with a fix for site.py.
REFUSED = (403, 404)


def test_staff_are_refused_the_member_pages_and_members_the_staff_pages(web, me, users):
    for name in ("my:index", "my:relief", "my:claim"):
        assert web("caseworker").get(reverse(name)).status_code in REFUSED
    assert web("caseworker").get(reverse("my:case", args=["RL-1"])).status_code in REFUSED
    assert web("member").get(reverse("members:index")).status_code in REFUSED
    assert web("member").get(reverse("members:file", args=[me.member.pk])).status_code in REFUSED


def test_a_visitor_sees_no_member_page(db):
    from django.test import Client

    response = Client().get(reverse("my:index"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


def test_the_case_page_shows_status_history_amounts_and_documents(web, member, users):
    case = relief_case(member, users)
    page = web("member").get(reverse("my:case", args=[case.case_number]))
    assert page.status_code == 200
    html = page.content.decode()
    status = re.search(r'data-testid="case-status">([^<]*)<', html)
    assert status and status.group(1) == in_english("submitted", "status")
    assert 'data-fact="requested_amount">3000.00<' in html
    history = re.search(r'data-testid="status-history">(.*?)</section>', html, re.S)
    assert history and in_english("submitted", "status") in history.group(1)

    upload = web("member").post(reverse("my:case", args=[case.case_number]), {"file": pdf()})
    assert upload.status_code == 302
    html = web("member").get(reverse("my:case", args=[case.case_number])).content.decode()
    assert "收入证明.pdf" in html
    doc = CaseDocument.objects.get(case=case)
    assert doc.uploaded_by.username == "member"


def test_a_refused_upload_on_the_case_page_says_why(web, member, users):
    case = relief_case(member, users)
    url = reverse("my:case", args=[case.case_number])
    response = web("member").post(url, {"file": pdf("virus.exe")})
    assert response.status_code == 400
    assert "allowed types" in response.content.decode()
    assert web("member").post(url, {}).status_code == 400
    assert not CaseDocument.objects.filter(case=case).exists()


# --- applying for relief ----------------------------------------------------


def test_the_relief_form_offers_the_api_fields_by_name(web, me):
    html = web("member").get(reverse("my:relief")).content.decode()
    for name in RELIEF:
        assert f'name="{name}"' in html
    assert 'name="member"' not in html
    assert '<option value="living"' in html
    assert 'type="file" name="documents"' in html
    assert 'data-testid="submit"' in html


def test_applying_for_relief_opens_a_case_with_the_documents(web, member):
    response = web("member").post(
        reverse("my:relief"), {**RELIEF, "documents": [pdf(), pdf("户口簿.jpg")]}
    )
    case = Case.objects.get(member=member)
    assert response.status_code == 302
    assert response["Location"] == reverse("my:case", args=[case.case_number])
    assert (case.program, case.case_status) == ("relief", "submitted")
    assert case.submitted_by.username == "member"
    assert sorted(CaseDocument.objects.filter(case=case).values_list("name", "kind")) == [
        ("户口簿.jpg", "application"),
        ("收入证明.pdf", "application"),
    ]
    page = web("member").get(response["Location"])
    assert case.case_number in page.content.decode()
    assert "was submitted" in page.content.decode()


def test_a_file_of_a_forbidden_type_leaves_no_case_and_no_document(web, me):
    response = web("member").post(
        reverse("my:relief"), {**RELIEF, "documents": [pdf(), pdf("setup.exe")]}
    )
    assert response.status_code == 400
    assert nothing_written() == (0, 0)
    assert any("setup.exe" in e for e in field_errors(response.content.decode(), "documents"))


def test_an_upload_refused_after_the_case_was_made_rolls_the_case_back(
    web, me, monkeypatch, settings
):
    # the early check waved the file through; the service refuses it after the case exists
    monkeypatch.setattr("casework.web.views.member_pages.upload_problems", lambda files: [])
    response = web("member").post(
        reverse("my:relief"),
        {
            **RELIEF,
            "documents": [
                pdf(),
                pdf("empty.pdf").__class__("empty.pdf", b"", content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 400
    assert nothing_written() == (0, 0)
    assert not any((settings.MEDIA_ROOT).rglob("*.pdf"))


def test_missing_fields_are_named_and_nothing_is_created(web, me):
    form = {**RELIEF, "reason": "", "household_size": "0"}
    del form["cause"]
    response = web("member").post(reverse("my:relief"), form)
    assert response.status_code == 400
    html = response.content.decode()
    for name in ("reason", "household_size", "cause"):
        assert field_errors(html, name), f"no error shown for {name}"
    assert field_errors(html, "requested_amount") == []
    assert 'value="3000.00"' in html  # what was typed stays in the form
    assert nothing_written() == (0, 0)


def test_a_second_application_while_one_is_open_is_a_409_and_changes_nothing(web, member, users):
    first = relief_case(member, users)
    before = nothing_written()
    response = web("member").post(reverse("my:relief"), {**RELIEF, "documents": [pdf()]})
    assert response.status_code == 409
    assert first.case_number in response.content.decode()
    assert 'class="cw-message cw-message--error"' in response.content.decode()
    assert nothing_written() == before


# --- claiming mutual aid ------------------------------------------------------


def claim_form(**overrides: Any) -> dict[str, Any]:
    day = ma.admitted_on().isoformat()
    data = {
        "product": "inpatient",
        "hospital": "三江侗族自治县人民医院",
        "admitted_on": day,
        "discharged_on": day,
        "diagnosis": "肺炎",
        "total_expense": "30000.00",
        "insurance_paid": "12000.00",
        "eligible_self_pay": "15000.00",
        "invoice_numbers": "INV-WEB-1\nINV-WEB-2\n",
    }
    data.update(overrides)
    return data


def test_the_claim_form_offers_the_plans_the_member_is_enrolled_in(web, member):
    html = web("member").get(reverse("my:claim")).content.decode()
    assert 'data-testid="not-enrolled"' in html and 'name="hospital"' not in html
    ma.enroll(member, "inpatient")
    html = web("member").get(reverse("my:claim")).content.decode()
    products = re.search(r'<select[^>]*name="product"[^>]*>(.*?)</select>', html, re.S)
    assert products
    assert [v for v in re.findall(r'value="([^"]*)"', products.group(1)) if v] == ["inpatient"]
    for name in ("hospital", "admitted_on", "invoice_numbers", "eligible_self_pay"):
        assert f'name="{name}"' in html


def test_claiming_mutual_aid_opens_an_assessed_claim_with_its_invoices(web, member):
    ma.enroll(member, "inpatient")
    response = web("member").post(
        reverse("my:claim"), {**claim_form(), "documents": [pdf("发票.pdf")]}
    )
    case = Case.objects.get(member=member)
    assert response.status_code == 302
    assert response["Location"] == reverse("my:case", args=[case.case_number])
    assert case.program == "mutual_aid"
    assert sorted(ClaimedInvoice.objects.filter(case=case).values_list("number", flat=True)) == [
        "INV-WEB-1",
        "INV-WEB-2",
    ]
    assert list(CaseDocument.objects.filter(case=case).values_list("kind", flat=True)) == [
        "invoice"
    ]
    html = web("member").get(response["Location"]).content.decode()
    assert 'data-fact="benefit.amount"' in html


def test_a_claim_with_an_invoice_already_claimed_is_a_409(web, member):
    ma.enroll(member, "inpatient")
    assert web("member").post(reverse("my:claim"), claim_form()).status_code == 302
    before = nothing_written()
    again = web("member").post(
        reverse("my:claim"), {**claim_form(invoice_numbers="INV-WEB-2"), "documents": [pdf()]}
    )
    assert again.status_code == 409
    assert "INV-WEB-2" in again.content.decode()
    assert nothing_written() == before


def test_a_claim_without_invoices_or_discharged_before_admission_is_refused(web, member):
    ma.enroll(member, "inpatient")
    response = web("member").post(reverse("my:claim"), claim_form(invoice_numbers=""))
    assert response.status_code == 400
    assert field_errors(response.content.decode(), "invoice_numbers")
    day = ma.admitted_on()
    reversed_dates = claim_form(admitted_on=day.isoformat(), discharged_on="2000-01-01")
    response = web("member").post(reverse("my:claim"), reversed_dates)
    assert response.status_code == 400
    assert field_errors(response.content.decode(), "discharged_on")
    assert nothing_written() == (0, 0)


# --- query counts -------------------------------------------------------------


# (the bell: every page counts the unread notifications for the top bar, 1 query)
MY_CASES_QUERIES = 9  # session, user, roles, profile, unit, count, page, campaign grants, bell


def test_my_cases_page_makes_the_same_queries_for_3_and_30_cases(
    member, me, django_assert_max_num_queries
):
    plan = ma.plan("inpatient")

    def add(n: int) -> None:
        for _ in range(n):
            claim_row(member.org_unit, member, "submitted", timezone.now(), plan)

    def count() -> int:
        client = browser(me)
        with (
            django_assert_max_num_queries(MY_CASES_QUERIES),
            CaptureQueriesContext(connection) as ctx,
        ):
            response = client.get(reverse("my:index"))
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add(3)
    small = count()
    add(27)
    big = count()
    assert small == big
