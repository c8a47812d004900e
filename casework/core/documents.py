"""Uploading case documents: limited in size and type, stored outside the web
root under a generated name, audited."""

from __future__ import annotations

import hashlib
import os
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record

from .access import user_roles
from .errors import Conflict, Forbidden, InvalidInput
from .models import Case, CaseDocument
from .roles import AUDITOR


def documents_visible(user: Any, case: Case) -> bool:
    """A claim's documents (invoices, discharge summaries) are medical details:
    only those who may see the claim's medical details may list or open them."""
    from .privacy import medical_details_visible

    return case.program != "mutual_aid" or medical_details_visible(user, case)


def documents_accepted(case: Case) -> bool:
    """A case takes documents while it is open; an ended case's file is closed."""
    return case.closed is None


@transaction.atomic
def document_upload(*, case: Case, actor: Any, upload: Any, kind: str) -> CaseDocument:
    """Store one document of a case. Refuses (400) a file too large, empty,
    or of a type not allowed. The stored name is generated; the original is
    kept (sanitized) for display only. An auditor's role is read-only (403);
    an ended case takes no more documents (409 ``case_closed``)."""
    if not actor.is_superuser and not user_roles(actor) - {AUDITOR}:
        raise Forbidden(_("the auditor's role is read-only"))
    if not documents_accepted(case):
        raise Conflict(
            _("case %(case)s has ended: it takes no more documents") % {"case": case.case_number},
            code="case_closed",
        )
    name, ext = _checked_name(upload)
    digest = hashlib.sha256()
    content = b"".join(chunk for chunk in upload.chunks())
    digest.update(content)
    doc = CaseDocument(
        case=case,
        kind=kind,
        name=name,
        size=len(content),
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    # the stored name is generated (a fresh uuid), so it cannot exist yet
    # and the storage keeps it as is; a file under it after a failure
    # (a disk full halfway, a failed row or event) is ours to remove
    target = doc.file.field.generate_filename(doc, f"{uuid.uuid4().hex}.{ext}")
    storage = doc.file.storage
    try:
        doc.file.name = storage.save(
            target, ContentFile(content), max_length=doc.file.field.max_length
        )
        doc.save()
        audit_record(
            case=case,
            actor=actor,
            type=events.DOCUMENT_UPLOADED.code,
            data={
                "document": doc.pk,
                "kind": kind,
                "name": name,
                "sha256": doc.sha256,
                "size": doc.size,
            },
        )
    except BaseException:
        if storage.exists(doc.file.name or target):
            storage.delete(doc.file.name or target)
        raise
    return doc


def _checked_name(upload: Any) -> tuple[str, str]:
    """The upload's display name (sanitized, at most 200 characters) and its
    lower-case extension; refuses (400) a type not allowed, a file too large
    and an empty one."""
    name = get_valid_filename(os.path.basename(upload.name or "document"))[:200] or "document"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in settings.DOCUMENT_ALLOWED_EXTENSIONS:
        raise InvalidInput(
            _("file type not allowed"),
            fields={
                "file": [
                    _("allowed types: %(types)s")
                    % {"types": ", ".join(settings.DOCUMENT_ALLOWED_EXTENSIONS)}
                ]
            },
        )
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise InvalidInput(
            _("file too large"),
            fields={
                "file": [_("at most %(bytes)s bytes") % {"bytes": settings.DOCUMENT_MAX_BYTES}]
            },
        )
    if upload.size == 0:
        raise InvalidInput(_("empty file"), fields={"file": [_("the file is empty")]})
    return name, ext


def pdf_render(template: str, context: dict[str, Any]) -> bytes:
    """A document template (``templates/documents/``) as a PDF, with the
    time it was made as ``now``."""
    from weasyprint import HTML  # heavy import: only when a PDF is made

    html = render_to_string(template, {"now": timezone.localtime(), **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def generated_attach(
    *, case: Case, actor: Any, document: str, title: str, content: bytes
) -> CaseDocument:
    """Attach a generated PDF to the case as ``generated:<document>`` named
    after its title, and audit it as ``generated`` (in the caller's
    transaction); the stored file is removed again if the row or the event
    fails."""
    doc = CaseDocument(
        case=case,
        kind=f"generated:{document}",
        name=f"{title}-{case.case_number}.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )
    doc.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)
    try:
        doc.save()
        audit_record(
            case=case,
            actor=actor,
            type=events.GENERATED.code,
            data={"document": doc.pk, "kind": doc.kind, "sha256": doc.sha256, "size": doc.size},
        )
    except Exception:
        doc.file.delete(save=False)
        raise
    return doc
