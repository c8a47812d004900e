"""The task page has what the decision needs: the mediator logs sessions and
extends under the time limit shown at the top; the case's documents are
previewed in the page (served inline only when safe, logged as viewed);
the figures the case already holds are filled in; a closed set of values
is a select."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.core.documents import document_upload
from casework.core.models import Case, CaseDocument
from casework.core.parameters import param_int
from casework.mediation.models import Referral
from casework.mediation.rules import EXTENSION_PARAMETER
from tests.conftest import application
from tests.mediation.conftest import referral
from tests.mutual_aid.helpers import claim, enroll

from .conftest import open_task_id

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n%test\n"


def section(html: str, testid: str) -> str:
    """The markup of the element marked ``data-testid=testid`` (to its end tag)."""
    start = html.index(f'data-testid="{testid}"')
    tag = html.rfind("<", 0, start)
    name = re.match(r"<(\w+)", html[tag:]).group(1)  # type: ignore[union-attr]
    return html[tag : html.index(f"</{name}>", start)]


def input_value(html: str, field_id: str) -> str | None:
    """The ``value`` of the input with ``id=field_id`` (None when absent)."""
    found = re.search(rf'<input id="{field_id}"[^>]*value="([^"]*)"', html)
    return found.group(1) if found else None


def referral_assigned(api: Any, **overrides: Any) -> str:
    created = api("coordinator").post("/api/mediation/referrals/", referral(**overrides))
    assert created.status_code == 201, created.json()
    number = created.json()["case_number"]
    done = api("coordinator").complete(number, "assign", "assign", mediator="mediator")
    assert done.status_code == 200, done.json()
    return number


def session(held_on: dt.date, place: str) -> dict[str, str]:
    return {
        "op": "session",
        "held_on": held_on.isoformat(),
        "place": place,
        "attendees": "覃工人\n用人单位代表",
        "notes": "双方陈述",
        "next_step": "再次约谈",
    }


# --- mediation: sessions and the extension ---------------------------------


def test_a_mediator_logs_two_sessions_and_extends_on_the_task_page(web, api):
    number = referral_assigned(
        api, received_on=(timezone.localdate() - dt.timedelta(2)).isoformat()
    )
    task = open_task_id(number, "mediate")
    page_url = f"/work/tasks/{task}/"
    mediator = web("mediator")
    before = Referral.objects.get(case__case_number=number).deadline

    html = mediator.get(page_url).content.decode()
    top = section(html, "mediation-deadline")
    assert before.isoformat() in top
    days = (before - timezone.localdate()).days
    assert f"{days} days left" in top
    assert section(html, "session-count").endswith(">0")
    # an outcome with no session logged is warned about
    assert "No session has been logged" in section(html, "action-settle")

    today = timezone.localdate()
    for held_on, place in ((today - dt.timedelta(1), "工作室"), (today, "用人单位")):
        response = mediator.post(page_url, session(held_on, place))
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == page_url

    html = mediator.get(page_url).content.decode()
    sessions = section(html, "sessions")
    assert section(html, "session-count").endswith(">2")
    assert "工作室" in sessions and "用人单位" in sessions and "双方陈述" in sessions
    assert "No session has been logged" not in html
    assert Case.objects.get(case_number=number).case_status == "mediating"

    # a delegated referral needs the parties' consent only: no court box
    extend = section(html, "extend")
    assert 'name="parties_consent"' in extend and 'name="court_consent"' not in extend
    refused = mediator.post(page_url, {"op": "extend"})
    assert refused.status_code == 400
    assert "an extension needs the parties" in refused.content.decode()
    assert Referral.objects.get(case__case_number=number).deadline == before

    response = mediator.post(page_url, {"op": "extend", "parties_consent": "on"})
    assert response.status_code == 302
    after = before + dt.timedelta(days=param_int(EXTENSION_PARAMETER))
    assert Referral.objects.get(case__case_number=number).deadline == after
    html = mediator.get(page_url).content.decode()
    top = section(html, "mediation-deadline")
    assert after.isoformat() in top
    assert f"{(after - timezone.localdate()).days} days left" in top
    assert "cannot be extended again" in top
    assert 'data-testid="extend"' not in html  # once only


def test_a_bad_session_comes_back_with_field_errors_and_what_was_typed(web, api):
    number = referral_assigned(api)
    page_url = f"/work/tasks/{open_task_id(number, 'mediate')}/"
    posted = {**session(timezone.localdate(), "工作室"), "held_on": "", "attendees": ""}
    response = web("mediator").post(page_url, posted)
    assert response.status_code == 400
    form = section(response.content.decode(), "session-form")
    for field in ("held_on", "attendees"):
        block = form.split(f'data-field="{field}"')[1].split("</div>")[0]
        assert 'data-testid="field-error"' in block, field
    assert 'value="工作室"' in form
    assert section(response.content.decode(), "session-count").endswith(">0")


def test_an_entrusted_referral_asks_for_the_courts_consent_too(web, api):
    number = referral_assigned(api, referral_type="entrusted", procedure="simple")
    page_url = f"/work/tasks/{open_task_id(number, 'mediate')}/"
    extend = section(web("mediator").get(page_url).content.decode(), "extend")
    assert 'name="court_consent"' in extend and "the court must consent" in extend
    refused = web("mediator").post(page_url, {"op": "extend", "parties_consent": "on"})
    assert refused.status_code == 400
    assert "needs the court" in refused.content.decode()


def test_only_whoever_may_act_gets_the_session_and_extension_forms(web, api):
    number = referral_assigned(api)
    page_url = f"/work/tasks/{open_task_id(number, 'mediate')}/"
    html = web("auditor").get(page_url).content.decode()
    assert 'data-testid="mediation-deadline"' in html
    assert 'data-testid="session-form"' not in html and 'data-testid="extend"' not in html
    refused = web("auditor").post(page_url, session(timezone.localdate(), "工作室"))
    assert refused.status_code == 403
    assert not Referral.objects.get(case__case_number=number).sessions.exists()


def test_a_session_posted_on_another_programs_task_is_a_400_not_a_500(web, relief_case, member):
    number = relief_case(member)
    response = web("caseworker").post(
        f"/work/tasks/{open_task_id(number, 'verify')}/", session(timezone.localdate(), "x")
    )
    assert response.status_code == 400
    assert "Unknown operation." in response.content.decode()


# --- documents: inline previews --------------------------------------------


def upload(case_number: str, user: Any, name: str, content: bytes) -> CaseDocument:
    return document_upload(
        case=Case.objects.get(case_number=case_number),
        actor=user,
        upload=SimpleUploadedFile(name, content),
        kind="invoice",
    )


@pytest.fixture
def claim_number(api, member) -> str:
    enroll(member)
    response = api("caseworker").post("/api/mutual-aid/claims/", claim(member))
    assert response.status_code == 201, response.json()
    return response.json()["case_number"]


def test_documents_are_previewed_on_the_task_page(web, users, claim_number):
    image = upload(claim_number, users["caseworker"], "invoice.png", PNG)
    pdf = upload(claim_number, users["caseworker"], "summary.pdf", PDF)
    sheet = upload(claim_number, users["caseworker"], "list.xlsx", b"PK\x03\x04 not inline")
    html = web("caseworker").get(f"/work/tasks/{open_task_id(claim_number, 'review')}/")
    docs = section(html.content.decode(), "task-documents")
    base = f"/cases/{claim_number}/documents"
    assert f'<img class="cw-doc__image" src="{base}/{image.pk}/preview/"' in docs
    assert f'<iframe class="cw-doc__pdf" src="{base}/{pdf.pk}/preview/"' in docs
    assert f"{base}/{sheet.pk}/preview/" not in docs  # download only
    assert f'href="{base}/{sheet.pk}/"' in docs and "No preview for this kind of file" in docs


def test_a_preview_is_served_inline_with_the_safety_headers_and_logged(web, users, claim_number):
    doc = upload(claim_number, users["caseworker"], "summary.pdf", PDF)
    viewed = AuditEvent.objects.filter(case__case_number=claim_number, type="viewed")
    before = viewed.count()

    response = web("caseworker").get(f"/cases/{claim_number}/documents/{doc.pk}/preview/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # a claim's documents are medical details: their opening is in the who-viewed log
    assert viewed.count() == before + 1
    event = viewed.latest("seq")
    assert event.data["what"] == ["medical"] and event.data["via"] == "web.document_preview"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("page.txt", b"<script>alert(1)</script>"),
        # named a picture, but not one: its bytes decide, not its name
        ("fake.png", b"<svg onload=alert(1)></svg>"),
    ],
)
def test_a_type_not_on_the_allow_list_is_never_inline(web, users, claim_number, name, content):
    case = Case.objects.get(case_number=claim_number)
    doc = CaseDocument.objects.create(
        case=case,
        kind="other",
        name=name,
        size=len(content),
        sha256="0" * 64,
        uploaded_by=users["caseworker"],
        file=SimpleUploadedFile(name, content),
    )
    response = web("caseworker").get(f"/cases/{claim_number}/documents/{doc.pk}/preview/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_outsider_gets_no_preview(web, users, relief_case, member, claim_number):
    number = relief_case(member)
    doc = upload(number, users["caseworker"], "cert.png", PNG)
    url = f"/cases/{number}/documents/{doc.pk}/preview/"
    # a caseworker of a grassroots unit: the county's case is not theirs
    assert web("caseworker2").get(url).status_code == 404
    assert web("caseworker2").get(f"/cases/{number}/documents/{doc.pk}/").status_code == 404
    # finance may see the claim but not its medical documents
    medical = upload(claim_number, users["caseworker"], "invoice.png", PNG)
    url = f"/cases/{claim_number}/documents/{medical.pk}/preview/"
    assert web("finance").get(url).status_code == 404
    # a document of another case under this case's number
    assert (
        web("caseworker").get(f"/cases/{number}/documents/{medical.pk}/preview/").status_code == 404
    )


def test_an_anonymous_visitor_is_sent_to_log_in(client, users, relief_case, member):
    number = relief_case(member)
    doc = upload(number, users["caseworker"], "cert.png", PNG)
    response = client.get(f"/cases/{number}/documents/{doc.pk}/preview/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- figures filled in, closed sets as selects -----------------------------


def test_verify_starts_from_the_applied_household_figures(web, api, member):
    figures = {"household_size": 4, "household_annual_income": "30000.00"}
    response = api("caseworker").post("/api/relief/applications/", application(member, **figures))
    number = response.json()["case_number"]
    html = web("caseworker").get(f"/work/tasks/{open_task_id(number, 'verify')}/")
    form = section(html.content.decode(), "action-recommend")
    assert input_value(form, "f-recommend-verified_annual_income") == "30000.00"
    assert input_value(form, "f-recommend-verified_rigid_expenses") == "6000.00"
    assert input_value(form, "f-recommend-household_size") == "4"
    assert input_value(form, "f-recommend-recommended_amount") == "3000.00"
    assert input_value(form, "f-recommend-visit_date") == ""  # not known yet
    # the other actions' fields start empty
    assert "30000.00" not in section(html.content.decode(), "action-reject")


def test_approval_starts_from_the_recommended_and_payment_from_the_approved_amount(
    web, api, relief_case, member
):
    number = relief_case(member, until="approve", recommended_amount="2800.00")
    approve = web("supervisor").get(f"/work/tasks/{open_task_id(number, 'approve')}/")
    form = section(approve.content.decode(), "action-approve")
    assert input_value(form, "f-approve-approved_amount") == "2800.00"

    done = api("supervisor").complete(
        number, "approve", "approve", approved_amount="2500.00", comment="只批部分"
    )
    assert done.status_code == 200, done.json()
    pay = web("finance").get(f"/work/tasks/{open_task_id(number, 'disburse')}/")
    form = section(pay.content.decode(), "action-pay")
    assert input_value(form, "f-pay-amount") == "2500.00"
    assert input_value(form, "f-pay-reference") == ""


def test_a_claims_payment_starts_from_the_approved_amount(web, api, claim_number):
    assert api("caseworker").complete(claim_number, "review", "accept").status_code == 200
    assert api("supervisor").complete(claim_number, "approve", "approve").status_code == 200
    approved = Case.objects.get(case_number=claim_number).mutual_aid.approved_amount
    pay = web("finance").get(f"/work/tasks/{open_task_id(claim_number, 'pay')}/")
    assert input_value(section(pay.content.decode(), "action-pay"), "f-pay-amount") == str(approved)


def test_the_severity_class_is_a_select_of_the_plans_classes(web, api, member):
    enroll(member, "critical_illness")
    response = api("caseworker").post(
        "/api/mutual-aid/claims/",
        claim(member, product="critical_illness", severity_class="3"),
    )
    number = response.json()["case_number"]
    assert api("caseworker").complete(number, "review", "accept").status_code == 200
    html = web("medical_reviewer").get(f"/work/tasks/{open_task_id(number, 'medical_review')}/")
    form = section(html.content.decode(), "action-confirm")
    select = form.split('<select id="f-confirm-severity_class"')[1].split("</select>")[0]
    options = re.findall(r'<option value="([^"]*)"', select)
    assert options == ["", "1", "2", "3", "4"]
    assert '<option value="3" selected>Class 3 (lump sum 2000.00)</option>' in select
    assert '<input id="f-confirm-severity_class"' not in form


def test_the_benefits_reasons_are_words_not_codes(web, api, member):
    # not enrolled: the claim's reasons hold NOT_ENROLLED
    response = api("caseworker").post("/api/mutual-aid/claims/", claim(member))
    number = response.json()["case_number"]
    html = web("caseworker").get(f"/work/tasks/{open_task_id(number, 'review')}/")
    facts = section(html.content.decode(), "decision-facts")
    assert "not enrolled" in facts and "NOT_ENROLLED" not in facts


def test_the_senior_approval_starts_from_the_approved_amount(web, api, relief_case, member):
    number = relief_case(member, until="approve", recommended_amount="6000.00")
    done = api("supervisor").complete(
        number, "approve", "approve", approved_amount="5500.00", comment="只批部分"
    )
    assert done.status_code == 200, done.json()
    html = web("supervisor2").get(f"/work/tasks/{open_task_id(number, 'approve_senior')}/")
    form = section(html.content.decode(), "action-approve")
    assert input_value(form, "f-approve-approved_amount") == "5500.00"


# --- what the new parts read -------------------------------------------------


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_mediate_page_reads_as_much_for_one_session_as_for_five(web, api):
    number = referral_assigned(api)
    page_url = f"/work/tasks/{open_task_id(number, 'mediate')}/"
    mediator = web("mediator")
    mediator.post(page_url, session(timezone.localdate(), "工作室"))
    few = queries(mediator, page_url)
    for _ in range(4):
        mediator.post(page_url, session(timezone.localdate(), "工作室"))
    assert queries(mediator, page_url) == few


def test_the_review_page_reads_as_much_for_one_document_as_for_five(web, users, claim_number):
    page_url = f"/work/tasks/{open_task_id(claim_number, 'review')}/"
    caseworker = web("caseworker")
    upload(claim_number, users["caseworker"], "a.png", PNG)
    few = queries(caseworker, page_url)
    for i in range(4):
        upload(claim_number, users["caseworker"], f"b{i}.pdf", PDF)
    assert queries(caseworker, page_url) == few
