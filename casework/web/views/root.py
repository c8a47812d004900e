"""Where ``/`` leads: a member to their cases, staff to their work (the duty
lawyer to the consultation entry)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from casework.web.access import is_member, is_staff, works_cases


def root_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if is_staff(user):
        # the duty lawyer works at the duty desk: the legal services
        return redirect("work:index" if works_cases(user) else "legal:consult")
    if is_member(user):
        return redirect("my:index")
    if user.is_authenticated:
        return redirect("/api/docs/")
    return redirect("login")
