"""What a member's application pages need besides the views: the API's input
serializers as HTML fields (the same declarations the task forms use), the
plans a member may claim from, the upload limits checked before anything is
written, and a submission that keeps the case and its documents together."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from casework.core.documents import document_upload
from casework.core.models import Case, CaseDocument, Member
from casework.mutual_aid.models import Enrollment
from casework.presenters.task import action_declaration
from workflows.steps import Action


def input_declaration(
    name: str,
    input_class: type[serializers.Serializer],
    service: Callable[..., Any],
    *,
    exclude: Sequence[str] = (),
) -> dict[str, Any]:
    """The field list of an API input, as ``GET /api/tasks/{id}/`` declares an
    action's; ``exclude`` leaves out what the page fills in itself."""
    declaration = action_declaration(Action(name=name, input=input_class, service=service))
    declaration["fields"] = [f for f in declaration["fields"] if f["name"] not in exclude]
    return declaration


def with_choices(declaration: dict[str, Any], field: str, choices: list[str]) -> dict[str, Any]:
    """The declaration with ``field`` offering only ``choices``."""
    return {
        **declaration,
        "fields": [
            {**f, "choices": choices} if f["name"] == field else f for f in declaration["fields"]
        ],
    }


def products_enrolled(member: Member) -> list[str]:
    """The products of this year's plans the member is enrolled in."""
    return list(
        Enrollment.objects.filter(member=member, plan__year=timezone.localdate().year)
        .order_by("plan__product")
        .values_list("plan__product", flat=True)
    )


def upload_problems(files: Sequence[Any]) -> list[str]:
    """The limits ``document_upload`` enforces (type, size, not empty), asked
    before the case is made so a bad file is refused with nothing written."""
    allowed = settings.DOCUMENT_ALLOWED_EXTENSIONS
    problems = []
    for upload in files:
        name = os.path.basename(upload.name or "")
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in allowed:
            problems.append(
                _("%(name)s: file type not allowed (allowed: %(types)s)")
                % {"name": name, "types": ", ".join(allowed)}
            )
        elif upload.size > settings.DOCUMENT_MAX_BYTES:
            problems.append(
                _("%(name)s: file too large (at most %(bytes)s bytes)")
                % {"name": name, "bytes": settings.DOCUMENT_MAX_BYTES}
            )
        elif upload.size == 0:
            problems.append(_("%(name)s: the file is empty") % {"name": name})
    return problems


def submit_with_documents(
    *, submit: Callable[[], Case], actor: Any, files: Sequence[Any], kind: str
) -> Case:
    """Open the case and store its documents in one transaction: a refused
    upload rolls the case back, and files already stored are removed."""
    stored: list[CaseDocument] = []
    try:
        with transaction.atomic():
            case = submit()
            for upload in files:
                stored.append(document_upload(case=case, actor=actor, upload=upload, kind=kind))
    except Exception:
        for doc in stored:
            doc.file.delete(save=False)
        raise
    return case


def flat_errors(errors: Any) -> dict[str, list[str]]:
    """A serializer's errors as field → messages (list items' errors joined)."""
    out: dict[str, list[str]] = {}
    for field, problems in errors.items():
        if isinstance(problems, dict):  # a list field: item index → messages
            out[field] = [str(m) for item in problems.values() for m in item]
        else:
            out[field] = [str(m) for m in problems]
    return out
