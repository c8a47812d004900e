"""The nominating union's correction of a returned list (step ``revise``,
action ``resubmit {recipients?}``): the corrected recipients replace the
list's, after every refusal of a nomination (another list of the campaign
— not this one —, a household twice, the roster, a student funded before),
all or nothing. The window is not checked again: the list was nominated in
time, and its correction may come after the window closes.

A member kept keeps their recipient row (and, when the line omits them,
the household and student the list holds); one whose tier, note, household
or student is unchanged keeps what the review found, the others are
``nominated`` again; members left out are taken off the list."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from casework.core.access import members_visible_to
from casework.core.errors import InvalidInput

from .models import Campaign, CampaignList, Recipient, RecipientStatus, Tier
from .nominations import list_checks

FIELDS = ("tier", "note", "household", "student_name", "student_id_number", "school", "level")


def _carried(item: dict[str, Any], before: Recipient | None) -> dict[str, Any]:
    """The line with what the list holds of a kept member filled in."""
    if before is None:
        return item
    item = dict(item)
    if not item.get("household"):
        item["household"] = before.household
    if not item.get("student") and before.student_id_number:
        item["student"] = {
            "name": before.student_name,
            "id_number": before.student_id_number,
            "school": before.school,
            "level": before.level,
        }
    return item


def with_students(items: list[dict[str, Any]], numbers: list[str]) -> list[dict[str, Any]]:
    """The recipients with their students' ID numbers put back (the input
    keeps them apart, in order, for the audit chain)."""
    numbers = [*numbers, *[""] * (len(items) - len(numbers))][: len(items)]
    merged = []
    for item, number in zip(items, numbers, strict=True):
        if item.get("student") or number:
            item = {**item, "student": {**(item.get("student") or {}), "id_number": number}}
        merged.append(item)
    return merged


def _visible(actor: Any, recipients: list[dict[str, Any]]) -> None:
    ids = {r["member"] for r in recipients}
    seen = set(members_visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
    unknown = sorted(ids - seen)
    if unknown:
        raise InvalidInput(
            _("unknown members"),
            fields={"recipients": [_("unknown member %(id)s") % {"id": m} for m in unknown]},
        )


def _values(tier: Tier, item: dict[str, Any]) -> dict[str, Any]:
    student = item.get("student") or {}
    return {
        "tier": tier,
        "note": item.get("note", ""),
        "household": item.get("household", ""),
        "student_name": student.get("name", ""),
        "student_id_number": student.get("id_number", ""),
        "school": student.get("school", ""),
        "level": student.get("level", ""),
    }


def list_recipients_replace(
    *, cl: CampaignList, actor: Any, recipients: list[dict[str, Any]]
) -> dict[str, list[int]]:
    """Replace ``cl``'s recipients by ``recipients`` (the list's row locked
    by the caller); returns the members added, removed and changed."""
    _visible(actor, recipients)
    before = {r.member_id: r for r in cl.recipients.select_related("tier")}
    items = [_carried(item, before.get(item["member"])) for item in recipients]
    campaign = Campaign.objects.select_for_update().get(pk=cl.campaign_id)
    tiers = list_checks(campaign, items, own=cl)
    kept, changed, added = [], [], []
    for item in items:
        values = _values(tiers[item["tier"]], item)
        r = before.get(item["member"])
        if r is None:
            added.append(
                Recipient(campaign_list=cl, campaign=campaign, member_id=item["member"], **values)
            )
            continue
        differs = any(getattr(r, k) != v for k, v in values.items())
        if differs or r.status == RecipientStatus.EXCLUDED:
            changed.append(r.member_id)
            r.status, r.reason = RecipientStatus.NOMINATED, ""
        for k, v in values.items():
            setattr(r, k, v)
        kept.append(r)
    removed = sorted(set(before) - {item["member"] for item in items})
    cl.recipients.filter(member_id__in=removed).delete()
    Recipient.objects.bulk_update(kept, [*FIELDS, "status", "reason"], batch_size=1000)
    Recipient.objects.bulk_create(added, batch_size=1000)
    return {
        "added": sorted(r.member_id for r in added),
        "removed": removed,
        "changed": sorted(changed),
    }
