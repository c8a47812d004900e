"""The campaigns area (PROCESSES.md §4): the campaigns a user may see with
their live figures; a campaign's tiers, its lists and its budget used and
left; a county supervisor's new campaign with its tiers; a grassroots
caseworker's nomination list, entered from the member search and the
hardship roster, or uploaded as a CSV/XLSX file. The writes are the ones the
API makes (``campaign_create``, ``workflows.intake.campaign_list_submit``,
the import's row reader), so the refusals are the API's, shown on the page
in its language."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from casework.campaigns.imports import list_rows_read, template_header
from casework.campaigns.models import Campaign, CampaignKind, StudentLevel, TierPer
from casework.campaigns.services import campaign_create
from casework.core.access import members_visible_to, user_roles, user_unit
from casework.core.errors import ApplicationError, InvalidInput, NotFound
from casework.core.models import Case, OrgUnit
from casework.core.parameters import param_int
from casework.core.roles import AUDITOR, CASEWORKER, FINANCE, SUPERVISOR
from casework.core.row_files import InvalidRows, RowSource
from casework.core.selectors import members_list
from casework.presenters.campaigns import (
    campaign_for_user,
    campaign_shown,
    campaign_years,
    campaigns_listed,
    is_golden_autumn,
    lists_of_campaign,
    may_nominate,
    may_set_up_campaigns,
    members_named,
    nominating_units,
    on_roster,
    roster_members,
    setup_units,
)
from casework.presenters.filters import MemberFilter
from casework.web.access import is_staff, staff_only
from casework.web.campaign_forms import (
    CAMPAIGN_FIELDS,
    CampaignFilter,
    DraftRow,
    campaign_validated,
    campaign_values,
    draft_rows,
    list_validated,
    list_values,
    roster_row_errors,
    rows_added,
    service_row_errors,
    tier_rows,
    word,
)
from casework.web.refusals import refusal_message
from workflows import intake

# the roles whose work the campaigns are: who sets them up, nominates,
# reviews and approves, issues the grants, and who audits them
CAMPAIGN_ROLES = frozenset({CASEWORKER, SUPERVISOR, FINANCE, AUDITOR})
PICKER_SIZE = 20


def may_use_campaigns(user: Any) -> bool:
    """The menu's test: staff of a role that works the campaigns."""
    return is_staff(user) and bool(user.is_superuser or user_roles(user) & CAMPAIGN_ROLES)


def _area(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff of the campaign roles (others: 404, as for any area not theirs)."""

    @staff_only
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_use_campaigns(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    try:
        return campaign_for_user(request.user, campaign_id)
    except NotFound as exc:
        raise Http404 from exc


def _refused(request: HttpRequest, sentence: str) -> HttpResponse:
    return permission_denied(request, PermissionDenied(sentence))


def _show_refusal(request: HttpRequest, exc: ApplicationError, shown: set[str]) -> None:
    """The refusal's sentence, and the errors of fields the page has no
    place for, in the page's message box."""
    messages.error(request, refusal_message(exc))
    for name, problems in exc.fields.items():
        if name not in shown:
            for problem in problems:
                messages.error(request, f"{word(name)}: {problem}")


# --- the campaigns and one campaign --------------------------------------------


@_area
def campaigns_index_page(request: HttpRequest) -> HttpResponse:
    """The campaigns the user may see (year and kind filters), live figures."""
    params = CampaignFilter(data={k: v for k, v in request.GET.items() if v != ""})
    valid = params.is_valid()
    values = dict(params.validated_data) if valid else {}
    problems = [] if valid else [f"{word(k)}: {m}" for k, ms in params.errors.items() for m in ms]
    shown = (
        campaigns_listed(request.user, year=values.get("year"), kind=values.get("kind", ""))
        if valid
        else []
    )
    context = {
        "rows": shown,
        "years": campaign_years(request.user),
        "kinds": CampaignKind.values,
        "values": values,
        "problems": problems,
        "may_set_up": may_set_up_campaigns(request.user),
    }
    return render(request, "web/campaigns/index.html", context, status=400 if problems else 200)


@_area
def campaign_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A campaign's figures (budget used / left), tiers and the lists of the
    user's subtree."""
    campaign = _campaign(request, campaign_id)
    shown = campaign_shown(campaign)
    context = {
        "shown": shown,
        "campaign": campaign,
        "tiers": list(campaign.tiers.all()),
        "lists": list(lists_of_campaign(request.user, campaign)),
        "may_nominate": may_nominate(request.user) and shown.is_open,
    }
    return render(request, "web/campaigns/detail.html", context)


# --- a new campaign --------------------------------------------------------------


@_area
def new_campaign_page(request: HttpRequest) -> HttpResponse:
    """A county supervisor sets up a campaign with its tiers (several tier
    rows on the page; "add a tier" posts it back with one row more)."""
    user = request.user
    if not may_set_up_campaigns(user):
        return _refused(request, _("Only a supervisor of a county federation sets up a campaign."))
    units = list(setup_units(user))
    if request.method != "POST":
        unit = user_unit(user)
        initial = {"year": timezone.localdate().year, "org_unit": unit.pk if unit else ""}
        return _campaign_form(request, units, tier_rows(None), initial, None)
    posted = request.POST
    adding = posted.get("op") == "add_tier"
    rows = tier_rows(posted, add=adding)
    if adding:
        return _campaign_form(request, units, rows, posted, None)
    try:
        data = campaign_validated(campaign_values(posted, rows), rows)
        data["org_unit"] = _unit_of(units, data["org_unit"])
        campaign = campaign_create(actor=user, **data)
    except ApplicationError as exc:
        return _campaign_form(request, units, rows, posted, exc)
    messages.success(request, _("Campaign “%(title)s” was set up.") % {"title": campaign.title})
    return redirect("campaigns:detail", campaign_id=campaign.pk)


def _unit_of(units: list[OrgUnit], value: Any) -> OrgUnit:
    try:
        wanted = int(value)
    except (TypeError, ValueError):
        wanted = None
    for unit in units:
        if unit.pk == wanted:
            return unit
    raise InvalidInput(_("Choose a union."), fields={"org_unit": [_("Choose one of the options.")]})


def _campaign_form(
    request: HttpRequest,
    units: list[OrgUnit],
    rows: list[dict[str, Any]],
    values: Any,
    failed: ApplicationError | None,
) -> HttpResponse:
    errors = dict(failed.fields) if failed else {}
    if failed is not None:
        _show_refusal(request, failed, set(CAMPAIGN_FIELDS) | {"tiers"})
    context = {
        "values": {name: str(values.get(name, "")) for name in CAMPAIGN_FIELDS},
        "errors": errors,
        "units": units,
        "kinds": CampaignKind.values,
        "pers": TierPer.values,
        "tiers": rows,
        "tier_count": len(rows),
        "golden_notice_days": param_int("campaign.golden_autumn_notice_days"),
    }
    status = failed.status if failed else 200
    return render(request, "web/campaigns/new_campaign.html", context, status=status)


# --- a nomination list -------------------------------------------------------------


def _nomination(request: HttpRequest, campaign_id: int) -> tuple[Campaign, list[OrgUnit]]:
    """The campaign and the units the user may nominate for; PermissionDenied
    for a user who may see the campaign but not nominate."""
    campaign = _campaign(request, campaign_id)
    units = list(nominating_units(request.user, campaign)) if may_nominate(request.user) else []
    if not units:
        raise PermissionDenied(_("Only a caseworker of a union in the campaign nominates a list."))
    return campaign, units


def _chosen_unit(request: HttpRequest, units: list[OrgUnit]) -> OrgUnit:
    """The unit posted, else the user's own when it may nominate, else the first."""
    try:
        return _unit_of(units, request.POST.get("org_unit"))
    except InvalidInput:
        mine = user_unit(request.user)
        return next((u for u in units if mine and u.pk == mine.pk), units[0])


@_area
def new_list_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A list drafted on one page over several posts: ``op=search`` finds
    members, ``op=add`` adds the ticked ones (search or roster), a row's
    ``remove`` drops it, ``op=submit`` nominates the list."""
    try:
        campaign, units = _nomination(request, campaign_id)
    except PermissionDenied as exc:
        return permission_denied(request, exc)
    posted = request.POST if request.method == "POST" else None
    rows = draft_rows(posted)
    unit = _chosen_unit(request, units)
    op = posted.get("op", "") if posted is not None else ""
    tiers = list(campaign.tiers.all())
    if op == "add" and posted is not None:
        rows = rows_added(rows, posted.getlist("pick"), tiers[0].code if tiers else "")
    failed = None
    if op == "submit":
        try:
            case = _list_submit(request, campaign, unit, units, rows)
        except ApplicationError as exc:
            failed = exc
            _show_refusal(request, exc, {"recipients"} if rows else set())
        else:
            return _opened(request, case)
    context = {
        "campaign": campaign,
        "shown": campaign_shown(campaign),
        "units": units,
        "unit": unit,
        "tiers": tiers,
        "golden": is_golden_autumn(campaign),
        "levels": StudentLevel.values,
        "rows": _rows_shown(request, rows),
        "roster": roster_members(request.user, unit),
        "list_errors": (failed.fields.get("recipients", []) if failed and rows else []),
        **_search(request, posted),
    }
    status = failed.status if failed else 200
    return render(request, "web/campaigns/new_list.html", context, status=status)


def _search(request: HttpRequest, posted: Any) -> dict[str, Any]:
    """The member search of the intake picker, run on the posted ``q``."""
    q = (posted.get("q", "") if posted is not None else "").strip()
    params = MemberFilter(data={"q": q})
    if not params.is_valid():
        problems = [f"{_('Search')}: {m}" for ms in params.errors.values() for m in ms]
        return {"q": q, "found": [], "problems": problems}
    found = list(members_list(request.user, q=q)[:PICKER_SIZE]) if q else []
    return {"q": q, "found": found, "problems": []}


def _rows_shown(request: HttpRequest, rows: list[DraftRow]) -> list[dict[str, Any]]:
    """Each row with its member (rows naming no one the user sees are left out)."""
    ids = [row.member for row in rows]
    members, rostered = members_named(request.user, ids), on_roster(ids)
    return [
        {"row": row, "member": members[row.member], "on_roster": row.member in rostered}
        for row in rows
        if row.member in members
    ]


def _list_submit(
    request: HttpRequest,
    campaign: Campaign,
    unit: OrgUnit,
    units: list[OrgUnit],
    rows: list[DraftRow],
) -> Case:
    """What ``POST /api/campaigns/{id}/lists/`` does for the draft."""
    if not rows:
        raise InvalidInput(_("Add at least one member to the list."), fields={})
    seen = members_named(request.user, [row.member for row in rows])
    data = list_validated(list_values(str(unit.pk), rows, is_golden_autumn(campaign)), rows)
    if any(row.member not in seen for row in rows):
        raise InvalidInput(_("Choose the members again."), fields={})
    try:
        return intake.campaign_list_submit(
            actor=request.user,
            campaign=campaign,
            org_unit=_unit_of(units, data["org_unit"]),
            recipients=[dict(r) for r in data["recipients"]],
        )
    except InvalidInput as exc:
        if exc.code == "not_on_roster":
            roster_row_errors(exc, rows, campaign, on_roster([row.member for row in rows]))
        raise service_row_errors(exc, rows) from exc


def _opened(request: HttpRequest, case: Case) -> HttpResponse:
    messages.success(request, _("Case %(case)s was opened.") % {"case": case.case_number})
    return redirect("cases:detail", case_number=case.case_number)


@_area
def upload_list_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """A list from a CSV or XLSX file (``id_number``, ``tier``, ``note``; for
    金秋助学 the student's columns): every bad row named, nothing created."""
    try:
        campaign, units = _nomination(request, campaign_id)
    except PermissionDenied as exc:
        return permission_denied(request, exc)
    context: dict[str, Any] = {
        "campaign": campaign,
        "units": units,
        "unit": _chosen_unit(request, units),
        "tiers": list(campaign.tiers.all()),
        "golden": is_golden_autumn(campaign),
        "levels": StudentLevel.choices,
        "bad_rows": [],
    }
    if request.method != "POST":
        return render(request, "web/campaigns/upload.html", context)
    try:
        case = _import(request, campaign, units)
    except InvalidRows as exc:
        messages.error(
            request,
            _("%(count)s rows have errors; nothing was imported.") % {"count": len(exc.rows)},
        )
        context["bad_rows"] = exc.rows
        return render(request, "web/campaigns/upload.html", context, status=exc.status)
    except ApplicationError as exc:
        _show_refusal(request, exc, set())
        return render(request, "web/campaigns/upload.html", context, status=exc.status)
    return _opened(request, case)


def _import(request: HttpRequest, campaign: Campaign, units: list[OrgUnit]) -> Case:
    """What ``POST /api/campaigns/{id}/lists/import/`` does."""
    unit = _chosen_unit(request, units)
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput(
            _("Choose a CSV or XLSX file."), fields={"file": [_("No file was chosen.")]}
        )
    recipients = list_rows_read(
        RowSource(upload, upload.name or ""), campaign, members_visible_to(request.user)
    )
    return intake.campaign_list_submit(
        actor=request.user, campaign=campaign, org_unit=unit, recipients=recipients
    )


@_area
def list_template_file(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The upload's template: the header row, UTF-8 with a BOM (Excel opens it)."""
    campaign = _campaign(request, campaign_id)
    header = template_header(campaign.kind, get_language() or "")
    response = HttpResponse("\ufeff" + header, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}-list.csv"'
    return response
