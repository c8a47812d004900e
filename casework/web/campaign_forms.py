"""The campaign pages' forms, without JavaScript: a new campaign with several
tier rows on one page (blank rows left out, "add a tier" posts the form back
with one row more), and a nomination list drafted over several posts (the
rows the page holds, members added from the search or the hardship roster,
a row removed) until it is submitted. What the browser sends is turned into
the API's input (``casework.campaigns.inputs``), validated by the API's
serializers, and their errors put back beside the rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from casework.campaigns.inputs import CampaignInput, ListInput
from casework.campaigns.models import Campaign, CampaignKind
from casework.core.errors import InvalidInput
from casework.web.member_forms import flat_errors

# the campaign's own fields, in the order the form shows them
CAMPAIGN_FIELDS = (
    "kind",
    "year",
    "title",
    "org_unit",
    "budget",
    "opens_on",
    "closes_on",
    "notice_days",
)
TIER_FIELDS = ("code", "label", "cash", "goods_value", "per", "requires_roster")
TIER_ROWS = 3  # blank tier rows a new form offers
TIER_ROWS_MAX = 20
STUDENT_FIELDS = ("name", "id_number", "school", "level")
# the words the forms name their fields by (in errors too)
WORDS: dict[str, Any] = {
    "kind": gettext_lazy("Kind"),
    "year": gettext_lazy("Year"),
    "title": gettext_lazy("Title"),
    "org_unit": gettext_lazy("Union"),
    "budget": gettext_lazy("Budget"),
    "opens_on": gettext_lazy("Nominations open on"),
    "closes_on": gettext_lazy("Nominations close on"),
    "notice_days": gettext_lazy("Public notice days"),
    "tiers": gettext_lazy("Tiers"),
    "code": gettext_lazy("Code"),
    "label": gettext_lazy("Tier name"),
    "cash": gettext_lazy("Cash"),
    "goods_value": gettext_lazy("Goods value"),
    "per": gettext_lazy("Per"),
    "requires_roster": gettext_lazy("Hardship roster only"),
    "member": gettext_lazy("Member"),
    "tier": gettext_lazy("Tier"),
    "note": gettext_lazy("Note"),
    "household": gettext_lazy("Household"),
    "student": gettext_lazy("Student"),
    "student.name": gettext_lazy("Student's name"),
    "student.id_number": gettext_lazy("Student's ID number"),
    "student.school": gettext_lazy("School"),
    "student.level": gettext_lazy("Level"),
    "recipients": gettext_lazy("Recipients"),
    "file": gettext_lazy("File"),
}


def word(name: str) -> str:
    return str(WORDS.get(name, name))


class CampaignFilter(serializers.Serializer):
    """The campaigns page's filters (``GET /api/campaigns/``'s year and kind)."""

    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    kind = serializers.ChoiceField(choices=CampaignKind.choices, required=False)


def _count(posted: QueryDict, name: str, default: int, most: int) -> int:
    try:
        value = int(posted.get(name, default))
    except (TypeError, ValueError):
        value = default
    return max(1, min(value, most))


def tier_rows(posted: QueryDict | None, *, add: bool = False) -> list[dict[str, Any]]:
    """The tier rows as posted (``tiers-<i>-<field>``), one blank row more
    when ``add``; ``TIER_ROWS`` blank rows on a new form."""
    if posted is None:
        return [_blank_tier(i) for i in range(TIER_ROWS)]
    count = _count(posted, "tier_rows", TIER_ROWS, TIER_ROWS_MAX)
    rows = [
        {
            "index": i,
            **{f: posted.get(f"tiers-{i}-{f}", "").strip() for f in TIER_FIELDS},
            "errors": [],
        }
        for i in range(count)
    ]
    if add and count < TIER_ROWS_MAX:
        rows.append(_blank_tier(count))
    return rows


def _blank_tier(index: int) -> dict[str, Any]:
    return {"index": index, **dict.fromkeys(TIER_FIELDS, ""), "per": "person", "errors": []}


def _tier_given(row: dict[str, Any]) -> bool:
    return any(row[f] for f in ("code", "label", "cash", "goods_value"))


def campaign_values(posted: QueryDict, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The form as ``POST /api/campaigns/`` reads it: the tier rows given
    (blank rows left out), an empty notice-days field left to the default."""
    data: dict[str, Any] = {
        name: posted.get(name, "").strip()
        for name in CAMPAIGN_FIELDS
        if posted.get(name, "").strip() or name != "notice_days"
    }
    data["tiers"] = [
        {
            "code": row["code"],
            "label": row["label"],
            "cash": row["cash"] or "0",
            "goods_value": row["goods_value"] or "0",
            "per": row["per"] or "person",
            "requires_roster": row["requires_roster"] in ("on", "true", "1"),
        }
        for row in rows
        if _tier_given(row)
    ]
    return data


def campaign_validated(data: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The API's validation of the campaign; its tier errors are put on the
    rows they are about (``rows[i]["errors"]``), the others raised as
    ``InvalidInput`` with the campaign's fields."""
    payload = CampaignInput(data=data)
    if payload.is_valid():
        return dict(payload.validated_data)
    errors = dict(payload.errors)
    per_row, whole = _item_errors(errors.pop("tiers", None))
    given = [row for row in rows if _tier_given(row)]
    fields = flat_errors(errors)
    for index, problems in per_row.items():
        if index < len(given):
            given[index]["errors"] = _messages(problems)
    if whole:
        fields["tiers"] = whole
    if not given:
        fields["tiers"] = [_("Give at least one tier.")]
    raise InvalidInput(_("Please correct the marked fields."), fields=fields)


# --- a nomination list drafted over several posts -----------------------------


@dataclass
class DraftRow:
    """One recipient the page holds: the member, the tier, the note, and for
    金秋助学 the student; ``errors`` from the last refused submission."""

    member: int
    tier: str = ""
    note: str = ""
    household: str = ""
    student: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def draft_rows(posted: QueryDict | None) -> list[DraftRow]:
    """The rows as posted (parallel ``r-<field>`` lists, one item per row:
    text inputs and selects are always sent), less the one removed."""
    if posted is None:
        return []
    members = posted.getlist("r-member")
    removed = _int(posted.get("remove", ""))
    rows: list[DraftRow] = []
    seen: set[int] = set()
    for i, raw in enumerate(members):
        member = _int(raw)
        if member is None or member == removed or member in seen:
            continue
        seen.add(member)
        rows.append(
            DraftRow(
                member=member,
                tier=_nth(posted, "r-tier", i),
                note=_nth(posted, "r-note", i),
                household=_nth(posted, "r-household", i),
                student={f: _nth(posted, f"r-student_{f}", i) for f in STUDENT_FIELDS},
            )
        )
    return rows


def _nth(posted: QueryDict, name: str, index: int) -> str:
    values = posted.getlist(name)
    return values[index].strip() if index < len(values) else ""


def rows_added(rows: list[DraftRow], picked: list[str], default_tier: str) -> list[DraftRow]:
    """The rows with the ticked members added (once each), in the first tier."""
    held = {row.member for row in rows}
    for raw in picked:
        member = _int(raw)
        if member is not None and member not in held:
            held.add(member)
            rows.append(DraftRow(member=member, tier=default_tier))
    return rows


def list_values(org_unit: str, rows: list[DraftRow], golden: bool) -> dict[str, Any]:
    """The draft as ``POST /api/campaigns/{id}/lists/`` reads it."""
    recipients = []
    for row in rows:
        recipient: dict[str, Any] = {
            "member": row.member,
            "tier": row.tier,
            "note": row.note,
            "household": row.household,
        }
        if golden:
            recipient["student"] = dict(row.student)
        recipients.append(recipient)
    return {"org_unit": org_unit, "recipients": recipients}


def list_validated(data: dict[str, Any], rows: list[DraftRow]) -> dict[str, Any]:
    """The API's validation of the list; each recipient's errors put on its
    row, the others raised as ``InvalidInput``."""
    payload = ListInput(data=data)
    if payload.is_valid():
        return dict(payload.validated_data)
    errors = dict(payload.errors)
    per_row, whole = _item_errors(errors.pop("recipients", None))
    fields = flat_errors(errors)
    for index, problems in per_row.items():
        if index < len(rows):
            rows[index].errors = _messages(problems)
    if whole:
        fields["recipients"] = whole
    raise InvalidInput(_("Please correct the marked fields."), fields=fields)


def _messages(problems: dict[str, Any], prefix: str = "") -> list[str]:
    out = []
    for name, inner in problems.items():
        key = f"{prefix}{name}"
        if isinstance(inner, dict):
            out += _messages(inner, f"{key}.")
        else:
            out += [f"{word(key)}: {m}" for m in inner]
    return out


def _item_errors(errors: Any) -> tuple[dict[int, dict[str, Any]], list[str]]:
    """A list field's errors: each item's (by index), and the list's own."""
    if not errors:
        return {}, []
    if isinstance(errors, list):  # one entry per item, empty for the good ones
        errors = {i: e for i, e in enumerate(errors) if e}
    per_row = {k: v for k, v in errors.items() if isinstance(k, int) and isinstance(v, dict)}
    whole = [str(m) for k, v in errors.items() if k not in per_row for m in _flat(v)]
    return per_row, whole


def _flat(problems: Any) -> list[str]:
    if isinstance(problems, dict):
        return [m for inner in problems.values() for m in _flat(inner)]
    if isinstance(problems, list):
        return [m for inner in problems for m in _flat(inner)]
    return [str(problems)]


def service_row_errors(exc: InvalidInput, rows: list[DraftRow]) -> InvalidInput:
    """A service's ``recipients[i].<field>`` errors put on row ``i``; the
    refusal without them (its message and any other field's errors)."""
    rest: dict[str, list[str]] = {}
    for name, problems in exc.fields.items():
        head, dot, sub = name.partition("].")
        index = _int(head.removeprefix("recipients[")) if dot else None
        if index is not None and 0 <= index < len(rows):
            rows[index].errors += [f"{word(sub)}: {p}" for p in problems]
        else:
            rest[name] = problems
    exc.fields = rest
    return exc


def roster_row_errors(
    exc: InvalidInput, rows: list[DraftRow], campaign: Campaign, rostered: set[int]
) -> None:
    """A roster refusal said on the rows it is about (a roster-only tier, a
    member not on the roster), instead of the members' ids."""
    only = {t.code for t in campaign.tiers.all() if t.requires_roster}
    for row in rows:
        if row.tier in only and row.member not in rostered:
            row.errors.append(_("not on the hardship roster, which this tier requires"))
    exc.fields.pop("recipients", None)
    exc.message = _("Members on the list are not on the hardship roster their tier requires.")
