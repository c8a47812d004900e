"""Where ``/`` leads: a member to their cases, staff to their work."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from casework.web.access import is_member, is_staff


def root_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if is_staff(user):
        return redirect("work:index")
    if is_member(user):
        return redirect("my:index")
    if user.is_authenticated:
        return redirect("/api/docs/")
    return redirect("login")
