"""What the campaign pages show (PROCESSES.md §4): the campaigns a user may
see with their live figures, a campaign's tiers and the nomination lists of
the user's subtree with their totals (one grouped query, however many lists
and recipients), the units a user may set a campaign up for or nominate
for, and the members of a union's hardship roster a list is picked from.
Reads only: the writes are the campaigns app's services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from casework.campaigns import rules
from casework.campaigns.models import Campaign, CampaignKind, CampaignList, RecipientStatus
from casework.campaigns.selectors import campaign_figures, campaigns_visible_to
from casework.core.access import (
    case_scope_q,
    members_visible_to,
    org_units_visible_to,
    user_roles,
    user_unit,
)
from casework.core.errors import NotFound
from casework.core.models import Member, OrgUnit
from casework.core.roles import CASEWORKER, SUPERVISOR
from casework.relief.models import RosterEntry

ZERO = Decimal("0.00")
# the most roster members a list page offers at once (a union's roster is
# tens of households; a county's may be more: the search finds the rest)
ROSTER_SHOWN = 200
# the recipients whose cash and goods a list's totals count
COUNTED = tuple(s for s in RecipientStatus.values if s != RecipientStatus.EXCLUDED)


def may_set_up_campaigns(user: Any) -> bool:
    """A supervisor of a county unit or above, or a superuser (the
    service's own check, asked before a form is shown)."""
    if user.is_superuser:
        return True
    unit = user_unit(user)
    return bool(
        SUPERVISOR in user_roles(user) and unit is not None and unit.level <= OrgUnit.Level.COUNTY
    )


def may_nominate(user: Any) -> bool:
    return bool(user.is_superuser or CASEWORKER in user_roles(user))


def campaign_for_user(user: Any, campaign_id: int) -> Campaign:
    """The campaign with its tiers, when the user may see it; else NotFound."""
    found = campaigns_visible_to(user).filter(pk=campaign_id).prefetch_related("tiers").first()
    if found is None:
        raise NotFound(f"campaign {campaign_id} not found")
    return found


@dataclass(frozen=True)
class CampaignShown:
    """A campaign with its live figures as the pages show them."""

    campaign: Campaign
    approved_total: Decimal
    issued_total: Decimal
    remaining: Decimal
    person_times: int
    used_percent: int
    is_open: bool

    @property
    def pk(self) -> int:
        return self.campaign.pk


def campaign_shown(campaign: Campaign) -> CampaignShown:
    figures = campaign_figures(campaign)
    budget = campaign.budget or ZERO
    used = figures["approved_total"]
    percent = int(min(used / budget, 1) * 100) if budget > 0 else 0
    today = timezone.localdate()
    return CampaignShown(
        campaign=campaign,
        used_percent=percent,
        is_open=rules.in_window(today, campaign.opens_on, campaign.closes_on),
        **figures,
    )


def campaigns_listed(user: Any, *, year: int | None = None, kind: str = "") -> list[CampaignShown]:
    """The campaigns the user may see, newest year first (one query)."""
    qs = campaigns_visible_to(user).order_by("-year", "-id")
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return [campaign_shown(c) for c in qs]


def campaign_years(user: Any) -> list[int]:
    return sorted(
        set(campaigns_visible_to(user).values_list("year", flat=True)),
        reverse=True,
    )


@dataclass(frozen=True)
class ListShown:
    """A nomination list as the campaign page shows it."""

    campaign_list: CampaignList
    recipient_count: int
    excluded_count: int
    total_cash: Decimal
    total_goods: Decimal

    @property
    def case(self) -> Any:
        return self.campaign_list.case

    @property
    def total(self) -> Decimal:
        return self.total_cash + self.total_goods


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(ZERO)


def lists_of_campaign(user: Any, campaign: Campaign) -> list[ListShown]:
    """The campaign's nomination lists the user may see (cases of their
    subtree), each with its recipient count and the cash and goods of the
    recipients not excluded: one grouped query."""
    counted = Q(recipients__status__in=COUNTED)
    lists = (
        CampaignList.objects.filter(campaign=campaign)
        .filter(case_scope_q(user, "case__"))
        .select_related("case", "case__org_unit")
        .annotate(
            n=Count("recipients"),
            excluded=Count("recipients", filter=Q(recipients__status=RecipientStatus.EXCLUDED)),
            cash=Sum("recipients__tier__cash", filter=counted),
            goods=Sum("recipients__tier__goods_value", filter=counted),
        )
        .order_by("case__case_number")
    )
    return [
        ListShown(
            campaign_list=cl,
            recipient_count=cl.n,  # type: ignore[attr-defined]
            excluded_count=cl.excluded,  # type: ignore[attr-defined]
            total_cash=_money(cl.cash),  # type: ignore[attr-defined]
            total_goods=_money(cl.goods),  # type: ignore[attr-defined]
        )
        for cl in lists
    ]


def setup_units(user: Any) -> QuerySet[OrgUnit]:
    """The units the user may set a campaign up for: county or above, in
    the user's subtree."""
    return org_units_visible_to(user).filter(level__lte=OrgUnit.Level.COUNTY)


def nominating_units(user: Any, campaign: Campaign) -> QuerySet[OrgUnit]:
    """The units the user may nominate a list for: their subtree inside the
    campaign's."""
    return org_units_visible_to(user).filter(path__startswith=campaign.org_unit.path)


def roster_members(user: Any, unit: OrgUnit) -> list[RosterEntry]:
    """The members of ``unit``'s subtree on the hardship roster (active),
    among those the user may see, by name; at most ``ROSTER_SHOWN``."""
    return list(
        RosterEntry.objects.filter(
            status=RosterEntry.Status.ACTIVE,
            member__org_unit__path__startswith=unit.path,
            member__in=members_visible_to(user),
        )
        .select_related("member", "member__org_unit")
        .order_by("member__name", "member_id")[:ROSTER_SHOWN]
    )


def members_named(user: Any, ids: list[int]) -> dict[int, Member]:
    """The members ``ids`` name that the user may see (one query)."""
    found = members_visible_to(user).filter(pk__in=ids).select_related("org_unit")
    return {m.pk: m for m in found}


def on_roster(ids: list[int]) -> set[int]:
    """Which of the members ``ids`` are on the hardship roster (one query)."""
    active = RosterEntry.objects.filter(member_id__in=ids, status=RosterEntry.Status.ACTIVE)
    return set(active.values_list("member_id", flat=True))


def is_golden_autumn(campaign: Campaign) -> bool:
    return campaign.kind == CampaignKind.GOLDEN_AUTUMN
