"""A member answers a return on their phone: they read what the caseworker
asked for, send a note, a document and a corrected figure, and the case is
back with the caseworker, who sees all three on the next task and case page.
Nobody else's return is theirs to answer, and a case not returned says so."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.models import Task

from casework.core.documents import document_upload
from casework.core.models import Case, CaseDocument
from tests.conftest import application
from tests.mutual_aid import helpers as ma
from tests.web.work.conftest import case_status, open_task_id

from .conftest import browser
from .helpers import ASKED, NOTE, pdf

pytestmark = pytest.mark.django_db

PHONE = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148",
    "HTTP_VIEWPORT_WIDTH": "390",
}


@pytest.fixture
def returned(api, me, member):
    """A relief case the caseworker opened for ``member`` and returned."""
    opened = api("caseworker").post("/api/relief/applications/", application(member))
    assert opened.status_code == 201, opened.json()
    number = opened.json()["case_number"]
    done = api("caseworker").complete(number, "verify", "return", reason=ASKED)
    assert done.status_code == 200, done.json()
    assert case_status(number) == "awaiting_supplement"
    return number


def test_the_member_answers_the_return_from_a_phone_and_the_caseworker_sees_it(web, me, returned):
    phone = web("member")
    case_page = phone.get(reverse("my:case", args=[returned]), **PHONE).content.decode()
    answer_url = reverse("my:answer", args=[returned])
    assert 'data-testid="answer-link"' in case_page and answer_url in case_page

    page = phone.get(answer_url, **PHONE)
    assert page.status_code == 200
    html = page.content.decode()
    assert ASKED in html  # what to supply
    assert 'data-testid="answer-due"' in html and "days left" in html
    assert 'name="household_size" type="number"' in html and 'value="3"' in html  # prefilled

    sent = phone.post(
        answer_url,
        {
            "note": NOTE,
            "documents": [pdf()],
            "household_size": "4",
            "household_annual_income": "24000.00",  # untouched: no correction
            "aid_type": "living",
        },
        **PHONE,
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert sent["Location"] == reverse("my:case", args=[returned])
    assert case_status(returned) == "submitted"
    back = phone.get(sent["Location"], **PHONE).content.decode()
    assert "is back with the caseworker" in back
    assert 'data-testid="answer-link"' not in back
    doc = CaseDocument.objects.get(case__case_number=returned, name="街道收入证明.pdf")
    assert doc.kind == "supplement" and doc.uploaded_by == me

    # the caseworker's next task: the member's note, document and changed figure
    caseworker = web("caseworker")
    verify = open_task_id(returned, "verify")
    task_page = caseworker.get(reverse("work:task", args=[verify])).content.decode()
    assert NOTE in task_page
    assert "街道收入证明.pdf" in task_page
    case_html = caseworker.get(reverse("cases:detail", args=[returned])).content.decode()
    assert NOTE in case_html and "街道收入证明.pdf" in case_html
    assert 'data-testid="event-field" data-field="household_size"' in case_html
    assert "3 → 4" in case_html


def test_another_member_gets_404(returned, neighbour):
    other = browser(neighbour.user)
    assert other.get(reverse("my:answer", args=[returned])).status_code == 404
    sent = other.post(reverse("my:answer", args=[returned]), {"note": "不是我的"})
    assert sent.status_code == 404
    assert case_status(returned) == "awaiting_supplement"


def test_staff_cannot_use_the_members_page(web, returned):
    assert web("caseworker").get(reverse("my:answer", args=[returned])).status_code == 404


def test_answering_a_case_that_was_not_returned_is_refused_clearly(api, web, me, member):
    opened = api("caseworker").post("/api/relief/applications/", application(member))
    number = opened.json()["case_number"]
    page = web("member").get(reverse("my:answer", args=[number]))
    assert page.status_code == 409
    assert f"Case {number} is not waiting for your answer." in page.content.decode()
    sent = web("member").post(reverse("my:answer", args=[number]), {"note": "补充"})
    assert sent.status_code == 409
    assert case_status(number) == "submitted"
    case_page = web("member").get(reverse("my:case", args=[number])).content.decode()
    assert 'data-testid="answer-link"' not in case_page


def test_an_empty_answer_or_a_bad_file_is_refused_with_nothing_written(web, returned):
    url = reverse("my:answer", args=[returned])
    empty = web("member").post(url, {"note": "  "})
    assert empty.status_code == 400
    assert "Write a note, add a document or correct a figure" in empty.content.decode()
    bad = web("member").post(
        url, {"note": NOTE, "documents": [SimpleUploadedFile("x.exe", b"MZ", "application/x")]}
    )
    assert bad.status_code == 400
    assert "x.exe: file type not allowed" in bad.content.decode()
    wrong = web("member").post(url, {"note": NOTE, "household_size": "0"})
    assert wrong.status_code == 400
    html = wrong.content.decode()
    assert 'data-field="household_size"' in html and "<details" in html and " open>" in html
    assert case_status(returned) == "awaiting_supplement"
    assert not CaseDocument.objects.filter(case__case_number=returned).exists()


def test_a_step_the_caseworker_holds_is_refused_to_the_member(web, users, returned):
    task = Task.objects.get(pk=open_task_id(returned, "supplement"))
    web("caseworker").post(reverse("work:task", args=[task.pk]), {"op": "claim"})
    sent = web("member").post(reverse("my:answer", args=[returned]), {"note": NOTE})
    assert sent.status_code == 409
    assert "A caseworker is already completing this step for you" in sent.content.decode()
    assert case_status(returned) == "awaiting_supplement"


def test_a_returned_claim_is_answered_and_back_in_the_review(api, web, me, member):
    ma.enroll(member, "inpatient")
    opened = api("caseworker").post("/api/mutual-aid/claims/", ma.claim(member))
    assert opened.status_code == 201, opened.json()
    number = opened.json()["case_number"]
    asked = "请补充住院发票原件"
    assert api("caseworker").complete(number, "review", "return", reason=asked).status_code == 200
    url = reverse("my:answer", args=[number])
    html = web("member").get(url, **PHONE).content.decode()
    assert asked in html and 'name="eligible_self_pay"' in html
    sent = web("member").post(
        url, {"note": "发票已补", "documents": [pdf("发票.pdf")], "eligible_self_pay": "14000.00"}
    )
    assert sent.status_code == 302, sent.content.decode()[:2000]
    assert case_status(number) == "submitted"
    case_html = web("caseworker").get(reverse("cases:detail", args=[number])).content.decode()
    open("/tmp/d_case.html", "w").write(case_html)
    assert "发票已补" in case_html and "发票.pdf" in case_html
    # the changed figure is named (its old value is a medical detail the audit
    # chain keeps as a fingerprint) and the claim shows the new one
    assert 'data-testid="event-field" data-field="eligible_self_pay"' in case_html
    assert "14000.00" in case_html


# session, user, roles, unit; the case, its open tasks, the program facts, the
# documents, the bell; + 2 of slack for a new section (raise only with a reason)
MAX_ANSWER_PAGE = 14


def test_the_answer_page_reads_a_fixed_number_of_rows(web, me, returned):
    case = Case.objects.get(case_number=returned)
    url = reverse("my:answer", args=[returned])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert web("member").get(url).status_code == 200
        return len(captured.captured_queries)

    web("member").get(url)  # the session and the language settle
    few = count()
    for i in range(8):
        document_upload(case=case, actor=me, upload=pdf(f"证明{i}.pdf"), kind="supplement")
    assert count() == few <= MAX_ANSWER_PAGE, few
