"""Member self-service and the staff member file (being written)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from casework.web.access import member_only, staff_only


@staff_only
def member_list_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


@staff_only
def member_file_page(request: HttpRequest, member_id: int) -> HttpResponse:
    return HttpResponse("")


@member_only
def my_cases_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


@member_only
def my_relief_apply_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


@member_only
def my_claim_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


@member_only
def my_case_page(request: HttpRequest, case_number: str) -> HttpResponse:
    return HttpResponse("")
