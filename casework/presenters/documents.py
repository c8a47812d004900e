"""A case document as its list, its upload's response and the case page show it."""

from __future__ import annotations

from typing import Any

from casework.core.models import CaseDocument

from .times import local_time


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
