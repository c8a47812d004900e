"""A case document shown inside the task page: the download's access check
and ``viewed`` log, served inline only for an allow-listed type its own
bytes confirm (PNG, JPEG, PDF), and even then as an inert document: no
type sniffing, a sandbox policy, framable by our own pages only. Anything
else is answered as a download, never rendered."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.clickjacking import xframe_options_sameorigin

from casework.core import documents
from casework.core.errors import NotFound
from casework.presenters.documents import document_inline_type, document_opened
from casework.web.access import staff_only
from casework.web.views.cases import visible_case

# what the preview may do once rendered: nothing but show itself (no script,
# no form, no request to anywhere); frames of our own pages may embed it
PREVIEW_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"


@staff_only
@xframe_options_sameorigin
def document_preview(request: HttpRequest, case_number: str, document_id: int) -> FileResponse:
    user = request.user
    case = visible_case(user, case_number)
    if not documents.documents_visible(user, case):
        raise Http404
    try:
        doc = document_opened(case, document_id, user, via="web.document_preview")
    except NotFound as exc:
        raise Http404 from exc
    content_type = document_inline_type(doc)
    if content_type is None:
        response = FileResponse(
            doc.file.open("rb"),
            as_attachment=True,
            filename=doc.name,
            content_type="application/octet-stream",
        )
    else:
        response = FileResponse(
            doc.file.open("rb"), as_attachment=False, filename=doc.name, content_type=content_type
        )
        response["Content-Security-Policy"] = PREVIEW_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
