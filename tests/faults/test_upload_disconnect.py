"""A client that sends part of a multipart upload and goes away: nothing
of it is stored — no document row, no file under MEDIA_ROOT, no audit
event, no temporary upload file left — and the server keeps serving."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.test import APIClient

from casework.audit.models import AuditEvent
from casework.core.models import Case, CaseDocument
from tests.conftest import application

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a live server needs PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BOUNDARY = "casework-fault-boundary"


def partial_upload(host: str, port: int, number: str, token: str, declared: int, sent: int):
    """POST a multipart body announced as ``declared`` bytes of file, send
    ``sent`` of them (and the closing boundary when that is all), then shut
    the connection for writing; returns what the server answered."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="kind"\r\n\r\nincome\r\n'
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="income.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    length = len(head) + declared + len(tail)
    request = (
        f"POST /api/cases/{number}/documents/ HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        f"Authorization: Token {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(request + head)
        chunk = b"%PDF" + b"x" * 65532
        left = sent
        while left > 0:
            sock.sendall(chunk[: min(left, len(chunk))])
            left -= len(chunk)
        if sent >= declared:
            sock.sendall(tail)  # a whole upload
        sock.shutdown(socket.SHUT_WR)  # no more bytes from this client
        answer = b""
        try:
            while part := sock.recv(65536):
                answer += part
        except OSError:
            pass
        return answer


@pytest.mark.parametrize("declared", [200_000, 3_000_000])  # in memory / in a temp file
def test_an_upload_cut_off_midway_stores_nothing(
    live_server, api, member, settings, tmp_path, declared
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    created = api("caseworker").post("/api/relief/applications/", application(member))
    number = created.json()["case_number"]
    token = (
        APIClient()
        .post("/api/auth/token/", {"username": "caseworker", "password": "demo-pass"})
        .json()["token"]
    )
    host, port = live_server.thread.host, live_server.thread.port

    answer = partial_upload(host, port, number, token, declared, sent=declared // 2)

    assert answer.startswith((b"HTTP/1.1 4", b"")) and b" 201 " not in answer[:20], answer[:200]
    case = Case.objects.get(case_number=number)
    assert not CaseDocument.objects.filter(case=case).exists()
    assert not AuditEvent.objects.filter(case=case, type="document_uploaded").exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir()) == []
    # the server is still there for the next, whole upload
    whole = partial_upload(host, port, number, token, 1000, sent=1000)
    assert whole.startswith(b"HTTP/1.1 201"), whole
    assert CaseDocument.objects.filter(case=case).count() == 1
