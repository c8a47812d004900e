"""My notifications, for staff and members alike: newest first, all or only
the unread ones, a link to the case each is about, marking one or all read.
Everyone sees only their own (``notifications_for`` reads by recipient)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from casework.core.errors import NotFound
from casework.notifications.models import Notification
from casework.notifications.services import (
    notification_mark_read,
    notifications_for,
    notifications_mark_all_read,
)
from casework.web.access import is_member, is_staff

PAGE_SIZE = 25
SHOW = ("all", "unread")


def notification_row(note: Notification, staff: bool) -> dict[str, Any]:
    """A notification as its row shows it; its case opens on the staff case
    page for staff, on the member's own case page for a member."""
    number = note.case.case_number if note.case is not None else None
    case_url = None
    if number:
        case_url = reverse("cases:detail" if staff else "my:case", args=[number])
    return {
        "id": note.pk,
        "subject": note.subject,
        "body": note.body,
        "created": note.created,
        "read": note.read_at is not None,
        "case_number": number,
        "case_url": case_url,
    }


@login_required
def notifications_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    staff = is_staff(user)
    if not (staff or is_member(user)):
        raise Http404
    if request.method == "POST":
        return _mark(request)
    show = request.GET.get("show") if request.GET.get("show") in SHOW else "all"
    notes = notifications_for(user)
    if show == "unread":
        notes = notes.filter(read_at__isnull=True)
    page = Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/notifications/index.html",
        {
            "show": show,
            "page": page,
            "rows": [notification_row(note, staff) for note in page.object_list],
        },
    )


def _mark(request: HttpRequest) -> HttpResponse:
    """``op=read`` with ``id``: that one (someone else's is not found);
    ``op=read_all``: every unread one. Back to the page as it was."""
    op = request.POST.get("op")
    if op == "read_all":
        marked = notifications_mark_all_read(user=request.user)
        done = _("All notifications marked as read.") if marked else _("Nothing was unread.")
        messages.success(request, done)
    elif op == "read":
        try:
            notification_mark_read(request.user, int(request.POST.get("id", "")))
        except (ValueError, NotFound) as exc:
            raise Http404 from exc
    else:
        raise BadRequest(op)
    return redirect(request.get_full_path())
