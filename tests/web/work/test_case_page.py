"""The case page: facts, timeline, chart, documents, withdrawal; and the
task and case pages of every step of the three flows render."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from viewflow.workflow.models import Task

from casework.audit.models import AuditEvent
from casework.core.models import Case, CaseDocument
from casework.web.labels import label

from .conftest import case_status


def node_status(svg: str, node: str) -> str | None:
    found = re.search(rf'<g id="{node}"[^>]*?(?: class="(\w+)")?>', svg)
    assert found, f"no {node} in the chart"
    return found.group(1)


def test_the_timeline_shows_translated_event_labels_and_status_moves(web, relief_case, member):
    number = relief_case(member, until="approve")
    english = web("supervisor").get(f"/cases/{number}/").content.decode()
    assert "case created" in english
    assert "task completed" in english
    moves = re.findall(r'data-testid="status-move">([^<]*)<', english)
    submitted, notice, approval = (
        str(label(code, "status")) for code in ("submitted", "public_notice", "awaiting_approval")
    )
    assert moves == [f"{submitted} → {notice}", f"{notice} → {approval}"]
    assert (
        len(moves)
        == AuditEvent.objects.filter(case__case_number=number, type="status_changed").count()
    )

    chinese = web("supervisor").get(f"/cases/{number}/", headers={"accept-language": "zh-hans"})
    html = chinese.content.decode()
    assert "case created" not in html  # the labels are translated
    assert "task completed" not in html
    assert len(re.findall(r'data-testid="status-move">([^<]*)<', html)) == 2


def test_the_chart_marks_the_current_step_for_every_program(web, relief_case, member, api):
    number = relief_case(member)
    svg = web("caseworker").get(f"/cases/{number}/chart.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert node_status(svg.content.decode(), "verify") == "new"

    # a step reopened after a return is marked again, not left "done"
    returned = api("caseworker").complete(number, "verify", "return", reason="缺少收入证明")
    assert returned.status_code == 200, returned.json()
    resubmitted = api("caseworker").complete(number, "supplement", "resubmit", note="已补充")
    assert resubmitted.status_code == 200, resubmitted.json()
    svg = web("caseworker").get(f"/cases/{number}/chart.svg").content.decode()
    assert node_status(svg, "verify") == "new"
    assert node_status(svg, "supplement") == "done"


def test_the_chart_of_a_closed_case_shows_its_end(web, relief_case, member, api):
    number = relief_case(member)
    rejected = api("caseworker").complete(
        number, "verify", "reject", reason_code="other", reason="x"
    )
    assert rejected.status_code == 200, rejected.json()
    assert Case.objects.get(case_number=number).closed is not None
    svg = web("caseworker").get(f"/cases/{number}/chart.svg").content.decode()
    assert node_status(svg, "verify") == "done"
    assert node_status(svg, "end") == "done"
    page = web("caseworker").get(f"/cases/{number}/").content.decode()
    assert 'data-testid="closed"' in page


def test_a_document_is_uploaded_listed_and_downloaded(web, relief_case, member):
    number = relief_case(member)
    client = web("caseworker")
    upload = SimpleUploadedFile("收入证明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(f"/cases/{number}/", {"op": "upload", "file": upload, "kind": "income"})
    assert response.status_code == 302
    doc = CaseDocument.objects.get(case__case_number=number)
    page = client.get(f"/cases/{number}/").content.decode()
    assert f"/cases/{number}/documents/{doc.pk}/" in page
    download = client.get(f"/cases/{number}/documents/{doc.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_a_refused_upload_is_a_message_with_its_status(web, relief_case, member):
    number = relief_case(member)
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = web("caseworker").post(f"/cases/{number}/", {"op": "upload", "file": bad})
    assert response.status_code == 400
    assert "allowed types" in response.content.decode()
    missing = web("caseworker").post(f"/cases/{number}/", {"op": "upload"})
    assert missing.status_code == 400
    assert not CaseDocument.objects.filter(case__case_number=number).exists()


def test_an_auditor_sees_the_case_but_may_not_upload(web, relief_case, member):
    number = relief_case(member)
    page = web("auditor").get(f"/cases/{number}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="upload"' not in html
    assert 'data-testid="do-withdraw"' not in html

    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    refused = web("auditor").post(f"/cases/{number}/", {"op": "upload", "file": upload})
    assert refused.status_code == 403
    assert "read-only" in refused.content.decode()
    assert not CaseDocument.objects.filter(case__case_number=number).exists()


def test_the_caseworker_withdraws_a_case_with_a_reason(web, relief_case, member):
    number = relief_case(member)
    no_reason = web("caseworker").post(f"/cases/{number}/", {"op": "withdraw", "reason": " "})
    assert no_reason.status_code == 400
    assert case_status(number) == "submitted"
    done = web("caseworker").post(
        f"/cases/{number}/", {"op": "withdraw", "reason": "申请人撤回", "confirm": "yes"}
    )
    assert done.status_code == 302
    assert case_status(number) == "withdrawn"
    page = web("caseworker").get(f"/cases/{number}/").content.decode()
    assert 'data-testid="do-withdraw"' not in page
    assert 'data-testid="open-task"' not in page


def test_every_step_of_every_flow_renders_its_task_page_and_case_page(web, demo_cases):
    admin, auditor = web("admin"), web("auditor")
    seen = set()
    for task in Task.objects.filter(info__isnull=False).select_related("info__case"):
        case = task.info.case
        seen.add((case.program, task.info.node))
        page = admin.get(f"/work/tasks/{task.pk}/")
        assert page.status_code == 200, (case.case_number, task.info.node)
        assert auditor.get(f"/work/tasks/{task.pk}/").status_code == 200
    expected = {
        ("relief", n)
        for n in ("verify", "supplement", "public_notice", "approve", "approve_senior", "disburse")
    }
    expected |= {
        ("mutual_aid", n) for n in ("review", "supplement", "medical_review", "approve", "pay")
    }
    expected |= {
        ("mediation", n)
        for n in ("assign", "mediate", "deadline_decision", "follow_up", "return_to_court")
    }
    expected |= {("roster_review", "review")}
    assert expected <= seen, expected - seen
    for case in Case.objects.all():
        assert admin.get(f"/cases/{case.case_number}/").status_code == 200
        svg = admin.get(f"/cases/{case.case_number}/chart.svg")
        assert svg.status_code == 200, case.case_number
