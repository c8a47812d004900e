"""The list pages' saved filters as form posts: save the filters in the
query string under a name, delete one. Refusals come back as messages on
the list (never a 500); the list reopens with the filters it had."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from rest_framework import serializers

from casework.core.errors import ApplicationError
from casework.web.saved_filters import saved_filter_delete, saved_filter_save

SAVED_FILTER_OPS = ("save_filter", "delete_filter")


def form_refused(request: HttpRequest, exc: ApplicationError) -> None:
    """The refusal of a small form on a list (its problems, or its message)."""
    problems = [p for ps in exc.fields.values() for p in ps] or [str(exc.message)]
    for problem in problems:
        messages.error(request, problem)


def saved_filter_post(
    request: HttpRequest, page: str, serializer_class: type[serializers.Serializer]
) -> HttpResponse:
    """Handle ``op`` ``save_filter`` (``name``, ``query``: the list's query
    string) or ``delete_filter`` (``filter``: its id), then back to the list."""
    query = QueryDict(request.POST.get("query", "")).urlencode()  # re-encoded: no stray bytes
    try:
        if request.POST.get("op") == "save_filter":
            saved = saved_filter_save(
                owner=request.user,
                page=page,
                name=request.POST.get("name", ""),
                params=QueryDict(query).dict(),
                serializer_class=serializer_class,
            )
            messages.success(request, _("Filter “%(name)s” saved.") % {"name": saved.name})
        else:
            saved_filter_delete(owner=request.user, filter_id=request.POST.get("filter"))
            messages.success(request, _("Saved filter deleted."))
    except ApplicationError as exc:
        form_refused(request, exc)
    return redirect(f"{request.path}?{query}" if query else request.path)
