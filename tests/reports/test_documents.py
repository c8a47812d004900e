"""Generated PDFs: rendered with the CJK font embedded (pdffonts), the
Chinese text there (pdftotext), a page rendered to PNG (pdftoppm), attached
and audited. Every PDF costs about a second, so each kind is made once."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from casework.audit.models import AuditEvent
from casework.core.masking import mask_id_number, mask_name
from casework.core.models import CaseDocument

CJK_FONTS = ("WenQuanYi", "Noto-Sans-CJK", "NotoSansCJK")


def check_pdf(content: bytes, *texts: str) -> str:
    """The text of the PDF; asserts every font is embedded and CJK, and the
    first page renders to a PNG with ink on it."""
    assert content.startswith(b"%PDF")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(content)
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True)
        rows = fonts.stdout.splitlines()[2:]
        assert rows, fonts.stdout
        for row in rows:
            assert any(name in row for name in CJK_FONTS), row  # no fallback font: no boxes
            assert row.split()[-5] == "yes", row  # embedded
        text = subprocess.run(
            ["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True
        ).stdout
        for expected in texts:
            assert expected in text, (expected, text[:500])
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", pdf, Path(tmp) / "page"],
            check=True,
        )
        png = next(Path(tmp).glob("page*.png")).read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 2000
    return text


def test_case_documents_render_attach_and_audit(api, dataset):
    c = dataset["cases"]
    m1 = dataset["m1"]
    cw = api("caseworker")
    made = cw.post(f"/api/cases/{c['R1'].case_number}/generate/", {"document": "approval_form"})
    assert made.status_code == 201, made.json()
    assert made.json()["kind"] == "generated:approval_form"
    doc = CaseDocument.objects.get(pk=made.json()["id"])
    text = check_pdf(
        doc.file.read(), "困难职工帮扶救助审批表", m1.name, mask_id_number(m1.id_number)
    )
    assert m1.id_number not in text
    assert AuditEvent.objects.filter(case=c["R1"], type="generated").count() == 1
    listed = cw.get(f"/api/cases/{c['R1'].case_number}/documents/").json()
    assert [d["kind"] for d in listed] == ["generated:approval_form"]

    made = cw.post(f"/api/cases/{c['M1'].case_number}/generate/", {"document": "benefit_statement"})
    assert made.status_code == 201, made.json()
    check_pdf(
        CaseDocument.objects.get(pk=made.json()["id"]).file.read(),
        "医疗互助保障给付明细",
        "扣除起付线",
    )

    med = api("mediator")
    made = med.post(
        f"/api/cases/{c['D1'].case_number}/generate/", {"document": "mediation_agreement"}
    )
    assert made.status_code == 201, made.json()
    check_pdf(CaseDocument.objects.get(pk=made.json()["id"]).file.read(), "调解协议书", "8000.00")

    made = med.post(f"/api/cases/{c['D2'].case_number}/generate/", {"document": "court_feedback"})
    assert made.status_code == 201, made.json()
    check_pdf(
        CaseDocument.objects.get(pk=made.json()["id"]).file.read(),
        "委托调解反馈函",
        "加班费计算基数",
    )


def test_who_may_generate_what(api, dataset):
    c = dataset["cases"]
    agreement = {"document": "mediation_agreement"}
    # no PDF is rendered for any of these refusals
    assert (
        api("caseworker").post(f"/api/cases/{c['D1'].case_number}/generate/", agreement).status_code
        == 404
    )
    assert (
        api("mediator2").post(f"/api/cases/{c['D1'].case_number}/generate/", agreement).status_code
        == 404
    )
    assert (
        api("auditor").post(f"/api/cases/{c['D1'].case_number}/generate/", agreement).status_code
        == 403
    )
    wrong = api("caseworker").post(f"/api/cases/{c['R1'].case_number}/generate/", agreement)
    assert wrong.status_code == 400
    not_yet = api("coordinator").post(f"/api/cases/{c['D3'].case_number}/generate/", agreement)
    assert not_yet.status_code == 409
    unverified = api("caseworker").post(
        f"/api/cases/{c['R4'].case_number}/generate/", {"document": "approval_form"}
    )
    assert unverified.status_code == 409


def test_the_public_notice_lists_masked_names_and_id_numbers(api, dataset):
    r6 = dataset["cases"]["R6"]
    response = api("supervisor").client.get("/api/reports/public-notice.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    member = r6.member
    text = check_pdf(
        response.content,
        "困难职工帮扶救助公示名单",
        mask_name(member.name),
        mask_id_number(member.id_number),
        "1500.00",
    )
    assert member.name not in text
    for m in dataset["members"]:
        assert m.id_number not in text
    assert AuditEvent.objects.filter(case=None, type="generated").count() == 1
