"""The reports page (being written)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from casework.web.access import staff_only


@staff_only
def reports_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
