"""The walk's world, built once per module inside a transaction that is
rolled back at the end; each test runs in a savepoint of it (pytest-django's
``db``), so what a request changes is undone before the next test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from .world import World, world_build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = world_build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _no_pdf_rendering(monkeypatch) -> None:
    """The walk is about who may, not about the PDFs: rendering one takes a
    second, so the documents render to a stub."""
    monkeypatch.setattr(
        "casework.reports.documents.render_pdf", lambda *args, **kwargs: b"%PDF-1.4 stub"
    )


@pytest.fixture(autouse=True)
def _exports_not_run(monkeypatch) -> None:
    """An export is checked when it is asked for; running it is the worker's
    business (and seconds of XLSX per request)."""
    monkeypatch.setattr("casework.api.reports.export_job.delay", lambda *args, **kwargs: None)
