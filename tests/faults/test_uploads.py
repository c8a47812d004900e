"""Uploads that fail or should be refused leave nothing behind: no
document row, no file under MEDIA_ROOT, no audit event. Stored files live
under MEDIA_ROOT (outside the static root) under a generated name; the
client's name is kept, sanitized, for display only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.audit.models import AuditEvent
from casework.core.models import Case, CaseDocument
from tests.conftest import application


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    return settings.MEDIA_ROOT


@pytest.fixture
def number(api, member) -> str:
    created = api("caseworker").post("/api/relief/applications/", application(member))
    assert created.status_code == 201, created.json()
    return created.json()["case_number"]


def post(api, number: str, name: str, content: bytes = b"%PDF-1.4 demo " * 100):
    return api("caseworker").post(
        f"/api/cases/{number}/documents/",
        {"file": SimpleUploadedFile(name, content), "kind": "income"},
        format="multipart",
    )


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def assert_nothing_stored(number: str, media: Path) -> None:
    case = Case.objects.get(case_number=number)
    assert not CaseDocument.objects.filter(case=case).exists()
    assert not AuditEvent.objects.filter(case=case, type="document_uploaded").exists()
    assert files_under(media) == []


def test_a_disk_that_fills_up_midway_leaves_no_row_no_file_no_event(api, number, media, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.faults.storage.DiskFullStorage"},
    }
    with pytest.raises(OSError, match="No space left"):
        post(api, number, "收入证明.pdf")
    assert_nothing_stored(number, media)


def test_a_file_over_the_size_limit_is_refused_and_not_stored(api, number, media, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    response = post(api, number, "big.pdf", b"x" * 1001)
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]
    assert_nothing_stored(number, media)


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "script.pdf.sh", "noext"])
def test_a_type_not_allowed_is_refused_and_not_stored(api, number, media, name):
    response = post(api, number, name)
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]
    assert_nothing_stored(number, media)


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/cron.d/x.pdf"]
)
def test_a_path_in_the_name_is_dropped_and_the_file_lands_under_media_root(
    api, number, media, name
):
    response = post(api, number, name)
    assert response.status_code == 201, response.json()
    doc = CaseDocument.objects.get(case__case_number=number)
    assert "/" not in doc.name and "\\" not in doc.name and ".." not in doc.name
    assert doc.name.endswith(".pdf")
    stored = Path(doc.file.path).resolve()
    assert stored.is_relative_to(media.resolve())
    assert not stored.is_relative_to(Path(str(media.parent / "static")).resolve())
    assert files_under(media) == [stored]
    # the stored name is generated, not the client's
    assert doc.name not in stored.name
