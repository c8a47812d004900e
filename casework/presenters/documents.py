"""A case document as its list, its upload's response and the case page
show it; opening one (download or inline preview), logged as viewed; and
which documents a browser may show inline."""

from __future__ import annotations

from typing import Any

from casework.audit.viewed import personal_data_viewed
from casework.core.classification import document_revealed
from casework.core.documents import documents_visible
from casework.core.errors import NotFound
from casework.core.models import Case, CaseDocument
from casework.core.privacy import case_view

from .times import local_time

# the only types a browser is given to show inline, known by the file's own
# first bytes (never by its name or what the uploader's browser said); any
# other document is download-only
INLINE_TYPES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"%PDF-", "application/pdf"),
)
# how the page embeds a document, by its name: an image, or a PDF in a frame
PREVIEWS = {"png": "image", "jpg": "image", "jpeg": "image", "pdf": "pdf"}


def document_dict(doc: CaseDocument) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "kind": doc.kind,
        "name": doc.name,
        "size": doc.size,
        "sha256": doc.sha256,
        "uploaded_by": doc.uploaded_by.get_username(),
        "uploaded_at": local_time(doc.uploaded_at),
    }


def document_preview(name: str) -> str | None:
    """``"image"``, ``"pdf"`` or None (download only): how a page embeds the
    document named ``name``. The preview itself serves it inline only when
    its content is of that type (``document_inline_type``)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return PREVIEWS.get(ext)


def document_inline_type(doc: CaseDocument) -> str | None:
    """The content type to serve ``doc`` inline with, read from its first
    bytes; None for anything not on the allow-list."""
    with doc.file.open("rb") as stored:
        head = stored.read(8)
    return next((kind for magic, kind in INLINE_TYPES if head.startswith(magic)), None)


def document_opened(case: Case, document_id: int, user: Any, *, via: str) -> CaseDocument:
    """One stored document of a case the caller has already authorized to
    open documents of; what it shows (a claim's: medical details) is logged
    as viewed under ``via``. NotFound for a document of another case."""
    doc = case.documents.filter(pk=document_id).first()
    if doc is None:
        raise NotFound("document not found")
    what = document_revealed(case.program, case_view(case, user))
    personal_data_viewed(case=case, actor=user, what=what, via=via)
    return doc


def case_documents(case: Case, user: Any) -> list[dict[str, Any]]:
    """The case's documents as a page lists them, each with how it previews
    (``document_preview``); none for a user who may not open them (a
    claim's, to those who may not see its medical details)."""
    if not documents_visible(user, case):
        return []
    return [
        {**document_dict(doc), "preview": document_preview(doc.name)}
        for doc in case.documents.select_related("uploaded_by")
    ]
