"""Legal-aid test helpers: an application's payload, applying through the
API, attaching the closing report and reading a generated letter."""

from __future__ import annotations

import subprocess
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from casework.core.models import CaseDocument
from tests.mediation.conftest import credit_code, non_member_worker


def aid_application(**overrides: Any) -> dict[str, Any]:
    """A person's wage claim that passes the means test: 12,000 in
    dispute, 3,000 a month for a household of three (1,000 < 1,690)."""
    worker = non_member_worker()
    data: dict[str, Any] = {
        "applicant": {
            "name": worker["name"],
            "id_number": worker["id_number"],
            "phone": worker["phone"],
        },
        "employer": {"name": "三江某建筑有限公司", "credit_code": credit_code()},
        "claim": "wages",
        "amount_in_dispute": "12000.00",
        "household_size": 3,
        "household_monthly_income": "3000.00",
        "migrant_worker": False,
        "facts": "在工地务工八个月，用人单位拖欠工资一万二千元，多次讨要未果",
    }
    data.update(overrides)
    return data


def apply(api: Any, who: str = "caseworker", **overrides: Any) -> dict[str, Any]:
    response = api(who).post("/api/legal/aid/", aid_application(**overrides))
    assert response.status_code == 201, response.json()
    return response.json()


def closing_report_attach(api: Any, number: str, who: str = "caseworker") -> None:
    upload = SimpleUploadedFile("结案报告.pdf", b"%PDF-1.4 closing", content_type="application/pdf")
    response = api(who).post(
        f"/api/cases/{number}/documents/",
        {"file": upload, "kind": "closing_report"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()


def letter_text(number: str, kind: str) -> str:
    """The text of the case's generated letter (pdftotext), spaces removed."""
    doc = CaseDocument.objects.get(case__case_number=number, kind=f"generated:{kind}")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=doc.file.read(), capture_output=True, check=True
    ).stdout.decode()
    return "".join(text.split())
