"""The checks of a nomination list (PROCESSES.md §4), all before anything
is written: the nominating unit and window, the tiers, the hardship roster,
members and households named twice (on the list or another list of the
campaign) and 金秋助学 students funded before. The campaign row is locked
first, so two lists of one campaign are checked one after the other."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from casework.core.access import user_roles, user_unit
from casework.core.errors import Conflict, Forbidden, InvalidInput
from casework.core.intake import CaseIntake
from casework.core.models import Case, Member, OrgUnit
from casework.core.roles import CASEWORKER

from . import rules
from .models import Campaign, CampaignKind, CampaignList, Recipient, RecipientStatus, Tier, TierPer
from .statuses import CampaignListStatus

# lists that no longer hold their members (a member may be nominated again)
NOT_COUNTED = (CampaignListStatus.REJECTED, CampaignListStatus.WITHDRAWN)
# a student funded: the grant was approved (and so counted against a budget)
FUNDED = (
    RecipientStatus.APPROVED,
    RecipientStatus.ISSUED,
    RecipientStatus.SIGNED,
)


def _may_nominate(actor: Any, campaign: Campaign, org_unit: OrgUnit) -> None:
    if not org_unit.path.startswith(campaign.org_unit.path):
        raise InvalidInput(
            _("this unit is not in the campaign's subtree"),
            fields={"org_unit": [_("not in the campaign's subtree")]},
        )
    if actor.is_superuser:
        return
    unit = user_unit(actor)
    if CASEWORKER not in user_roles(actor) or unit is None:
        raise Forbidden(_("only a caseworker nominates a list"))
    if not org_unit.path.startswith(unit.path):
        raise Forbidden(_("you may nominate only for a unit of your subtree"))


def _in_window(campaign: Campaign) -> None:
    today = timezone.localdate()
    if not rules.in_window(today, campaign.opens_on, campaign.closes_on):
        raise Conflict(
            _("nominations are open from %(opens)s to %(closes)s")
            % {"opens": campaign.opens_on, "closes": campaign.closes_on},
            code="outside_window",
        )


def _others(campaign: Campaign, own: CampaignList | None = None) -> Any:
    """The recipients of the campaign's other lists that still count (all
    but ``own``, the list being corrected)."""
    qs = (
        Recipient.objects.filter(campaign=campaign)
        .exclude(campaign_list__case__case_status__in=NOT_COUNTED)
        .exclude(status=RecipientStatus.EXCLUDED)
        .select_related("campaign_list__case", "member")
    )
    return qs.exclude(campaign_list=own) if own is not None else qs


def _lines(
    campaign: Campaign, recipients: list[dict[str, Any]]
) -> tuple[list[rules.Line], dict[str, Tier], set[int]]:
    tiers = {t.code: t for t in campaign.tiers.all()}
    members = set(
        Member.objects.filter(pk__in=[r["member"] for r in recipients]).values_list("pk", flat=True)
    )
    errors: dict[str, list[str]] = {}
    lines = []
    for i, r in enumerate(recipients):
        tier = tiers.get(r["tier"])
        if tier is None:
            errors[f"recipients[{i}].tier"] = [_("no such tier in this campaign")]
        if r["member"] not in members:
            errors[f"recipients[{i}].member"] = [_("unknown member")]
        if campaign.kind == CampaignKind.GOLDEN_AUTUMN and not r.get("student"):
            errors[f"recipients[{i}].student"] = [_("a golden-autumn nomination names the student")]
        if tier is not None:
            lines.append(
                rules.Line(
                    r["member"],
                    tier.code,
                    tier.cash,
                    tier.goods_value,
                    tier.per == TierPer.HOUSEHOLD,
                    r.get("household", ""),
                )
            )
    twice = rules.members_twice(r["member"] for r in recipients)
    if twice:
        errors["recipients"] = [_("member %(id)s is named twice") % {"id": m} for m in twice]
    if errors:
        raise InvalidInput(_("the list has errors"), fields=errors)
    return lines, tiers, members


def _refuse_roster(recipients: list[dict[str, Any]], tiers: dict[str, Tier]) -> None:
    """A tier that requires the hardship roster takes only members on it (400)."""
    need = {r["member"] for r in recipients if tiers[r["tier"]].requires_roster}
    if not need:
        return
    on_roster = set(
        Member.objects.filter(pk__in=need, roster_entry__status="active").values_list(
            "pk", flat=True
        )
    )
    missing = sorted(need - on_roster)
    words = _("not on the hardship roster: %(id)s")
    if missing:
        raise InvalidInput(
            _("members %(ids)s are not on the hardship roster that the tier requires")
            % {"ids": ", ".join(map(str, missing))},
            code="not_on_roster",
            fields={"recipients": [words % {"id": m} for m in missing]},
        )


def _refuse_duplicates(
    campaign: Campaign, lines: list[rules.Line], own: CampaignList | None
) -> None:
    """A member on another list of the campaign, or a household granted
    twice in a household tier (409 naming the other case)."""
    others = list(_others(campaign, own).filter(member_id__in=[line.member for line in lines]))
    if others:
        o = others[0]
        raise Conflict(
            _("%(name)s is already on list %(case)s of this campaign")
            % {"name": o.member.name, "case": o.campaign_list.case.case_number},
            code="duplicate_recipient",
        )
    twice = rules.household_duplicates(lines)
    if twice:
        raise Conflict(
            _("household %(household)s is nominated twice in a per-household tier")
            % {"household": twice[0]},
            code="duplicate_household",
        )
    households = {line.household for line in lines if line.per_household and line.household}
    if households:
        found = (
            _others(campaign, own)
            .filter(household__in=households, tier__per=TierPer.HOUSEHOLD)
            .first()
        )
        if found:
            raise Conflict(
                _("household %(household)s is already on list %(case)s of this campaign")
                % {"household": found.household, "case": found.campaign_list.case.case_number},
                code="duplicate_household",
            )


def _refuse_students_funded(
    campaign: Campaign, recipients: list[dict[str, Any]], own: CampaignList | None
) -> None:
    """A 金秋助学 student is funded once: by any campaign before, or by a
    relief education grant of the member in the campaign's year (409)."""
    if campaign.kind != CampaignKind.GOLDEN_AUTUMN:
        return
    ids = [r["student"]["id_number"] for r in recipients if r.get("student")]
    funded = (
        Recipient.objects.filter(student_id_number__in=ids, status__in=FUNDED)
        .exclude(campaign_list=own)
        .select_related("campaign_list__case")
        .first()
    )
    if funded:
        raise Conflict(
            _("student %(name)s was funded before (%(case)s)")
            % {"name": funded.student_name, "case": funded.campaign_list.case.case_number},
            code="student_funded",
        )
    relief = (
        Case.objects.filter(
            program=Case.Program.RELIEF,
            member_id__in=[r["member"] for r in recipients],
            relief__aid_type="education",
            relief__granted_on__year=campaign.year,
        )
        .order_by("pk")
        .first()
    )
    if relief:
        raise Conflict(
            _("the member's child was funded by the education grant %(case)s this year")
            % {"case": relief.case_number},
            code="student_funded",
        )


def list_checks(
    campaign: Campaign, recipients: list[dict[str, Any]], own: CampaignList | None = None
) -> dict[str, Tier]:
    """Every refusal of a list's content, the campaign row locked by the
    caller: a nomination's, or a correction's of ``own`` (whose present
    recipients do not count against it). Returns the campaign's tiers."""
    lines, tiers, _members = _lines(campaign, recipients)
    _refuse_roster(recipients, tiers)
    _refuse_duplicates(campaign, lines, own)
    _refuse_students_funded(campaign, recipients, own)
    return tiers


def nomination_checks(
    *, actor: Any, campaign: Campaign, org_unit: OrgUnit, recipients: list[dict[str, Any]]
) -> CaseIntake:
    """Check the list whole (refusing it whole) and say what the case is
    made of: the list and its recipients, created by the engine's start."""
    _may_nominate(actor, campaign, org_unit)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _in_window(campaign)
    tiers = list_checks(campaign, recipients)

    def details(case: Case) -> None:
        cl = CampaignList.objects.create(case=case, campaign=campaign)
        Recipient.objects.bulk_create(
            [_recipient(cl, campaign, tiers[r["tier"]], r) for r in recipients], batch_size=1000
        )

    return CaseIntake(
        program=Case.Program.CAMPAIGN,
        member=None,
        org_unit=org_unit,
        status=CampaignListStatus.SUBMITTED,
        details=details,
        summary={"campaign": campaign.pk, "recipients": len(recipients)},
    )


def _recipient(cl: CampaignList, campaign: Campaign, tier: Tier, r: dict[str, Any]) -> Recipient:
    student = r.get("student") or {}
    return Recipient(
        campaign_list=cl,
        campaign=campaign,
        member_id=r["member"],
        tier=tier,
        note=r.get("note", ""),
        household=r.get("household", ""),
        student_name=student.get("name", ""),
        student_id_number=student.get("id_number", ""),
        school=student.get("school", ""),
        level=student.get("level", ""),
    )
