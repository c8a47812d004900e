"""The legal-services area (PROCESSES.md §5): the duty roster's month as a
calendar (and its print view for the notice board), the weekly rule that
generates slots (what was created and what was skipped, and why), a slot
marked attended / absent / swapped, the one-page consultation entry and
the consultations list. Every write goes through the service the API
calls (``casework.legal.roster``, ``workflows.intake.consultation_log``),
so the refusals are the API's, in the page's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.core.access import user_roles, user_unit
from casework.core.errors import ApplicationError, InvalidInput, NotFound
from casework.core.models import OrgUnit
from casework.legal import roster
from casework.legal.models import Category, Channel, ConsultationOutcome
from casework.legal.selectors import slot_for_user
from casework.legal.statuses import SlotStatus
from casework.presenters import legal as shown
from casework.web import legal_forms as forms
from casework.web.access import staff_only
from casework.web.filters import page_filters
from casework.web.refusals import refusal_show
from casework.web.views.consultation_entry import consult_page, may_log, refused_unless

PAGE_SIZE = 50

__all__ = [
    "consult_page",
    "consultations_page",
    "may_keep_roster",
    "may_log",
    "roster_generate_page",
    "roster_page",
    "roster_print_page",
    "slot_page",
]


def may_keep_roster(user: Any) -> bool:
    return bool(user.is_superuser or user_roles(user) & roster.ROSTER_ROLES)


def _month(request: HttpRequest) -> tuple[dt.date | None, list[str]]:
    filters = page_filters(request, forms.MonthInput)
    if filters.problems:
        return None, filters.problems
    return filters.values["month"], []


def _roster_context(request: HttpRequest, month: dt.date) -> dict[str, Any]:
    user = request.user
    return {
        "month": month,
        "prev": shown.month_shift(month, -1).strftime("%Y-%m"),
        "next": shown.month_shift(month, 1).strftime("%Y-%m"),
        "this": month.strftime("%Y-%m"),
        "weeks": shown.roster_month(user, month),
        "weekdays": forms.WEEKDAYS,
        "keeper": may_keep_roster(user),
        "may_log": may_log(user),
        "today": timezone.localdate(),
        "marks": [s for s in SlotStatus.choices if s[0] != SlotStatus.SCHEDULED],
    }


def _roster_month(request: HttpRequest, template: str) -> HttpResponse:
    """The month asked for (``?month=``) in ``template``; 400 with the
    problems when it is not a month."""
    month, problems = _month(request)
    if month is None:
        return render(request, template, {"problems": problems}, status=400)
    return render(request, template, _roster_context(request, month))


@staff_only
def roster_page(request: HttpRequest) -> HttpResponse:
    """The month's slots as a calendar, prev / next month."""
    return _roster_month(request, "web/legal/roster.html")


@staff_only
def roster_print_page(request: HttpRequest) -> HttpResponse:
    """The month for the notice board: no menus, A4, the table large."""
    return _roster_month(request, "web/legal/roster_print.html")


@staff_only
def roster_generate_page(request: HttpRequest) -> HttpResponse:
    """The weekly rule; after a post, the days created and the days skipped
    with why (a holiday named)."""
    refused = refused_unless(request, may_keep_roster(request.user))
    if refused:
        return refused
    unit = user_unit(request.user)
    month, _problems = _month(request)
    first = month or timezone.localdate().replace(day=1)
    initial = forms.generate_initial(first, unit.pk if unit else None)
    context: dict[str, Any] = {
        "values": initial,
        "errors": {},
        "units": shown_units(request.user),
        "weekdays": forms.WEEKDAYS,
        "may_log": may_log(request.user),
    }
    status = 200
    if request.method == "POST":
        context["values"] = {**initial, **request.POST.dict()}
        try:
            data = forms.generate_input(request.POST)
            data["org_unit"] = _unit(data["org_unit"])
            report = roster.slots_generate(actor=request.user, **data)
        except ApplicationError as exc:
            refusal_show(request, exc, form_fields=set(initial))
            context["errors"] = exc.fields
            status = exc.status
        else:
            context["report"] = _report(report)
            context["report_month"] = data["date_from"].strftime("%Y-%m")
    return render(request, "web/legal/generate.html", context, status=status)


def shown_units(user: Any) -> list[OrgUnit]:
    unit = user_unit(user)
    units = OrgUnit.objects.all() if user.is_superuser else OrgUnit.objects.none()
    if unit is not None:
        units = OrgUnit.objects.filter(path__startswith=unit.path)
    return list(units.order_by("path"))


def _unit(pk: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise InvalidInput(_("invalid input"), fields={"org_unit": [_("not found")]})
    return unit


def _report(report: roster.GenerateReport) -> dict[str, Any]:
    return {
        "created": report.created,
        "skipped": [
            {
                **row,
                "holiday": shown.holiday_name(row["date"]) if row["reason"] == "holiday" else "",
            }
            for row in report.skipped
        ],
    }


@staff_only
def slot_page(request: HttpRequest, slot_id: int) -> HttpResponse:
    """POST: mark the slot (attended / absent / swapped with the lawyer);
    back to its month. GET: its month."""
    try:
        slot = slot_for_user(request.user, slot_id)
    except NotFound as exc:
        raise Http404 from exc
    back = f"{reverse('legal:index')}?month={slot.date:%Y-%m}#slot-{slot.pk}"
    if request.method != "POST":
        return redirect(back)
    refused = refused_unless(request, may_keep_roster(request.user))
    if refused:
        return refused
    try:
        data = forms.slot_update_input(request.POST)
        roster.slot_update(actor=request.user, slot=slot, **data)
    except ApplicationError as exc:
        refusal_show(request, exc, form_fields=set())
    else:
        messages.success(
            request,
            _("The slot of %(date)s is marked: %(status)s.")
            % {"date": slot.date.isoformat(), "status": SlotStatus(data["status"]).label},
        )
    return redirect(back)


@staff_only
def consultations_page(request: HttpRequest) -> HttpResponse:
    """The consultations the user may see (today's by default is the date
    filter's choice), filtered by channel, category, outcome, day, slot."""
    filters = page_filters(request, forms.ConsultationFilter)
    rows = shown.consultations_filtered(request.user, filters.values)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [shown.consultation_row(c) for c in page.object_list],
        "problems": filters.problems,
        "values": {k: request.GET.get(k, "") for k in ("channel", "category", "outcome", "date")},
        "slot": request.GET.get("slot", ""),
        "today": timezone.localdate().isoformat(),
        "channels": Channel.choices,
        "categories": Category.choices,
        "outcomes": ConsultationOutcome.choices,
        "may_log": may_log(request.user),
    }
    return render(request, "web/legal/consultations.html", context, status=filters.status)
