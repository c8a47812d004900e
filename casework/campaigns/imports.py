"""A nomination list from a CSV or XLSX file (columns ``id_number``,
``tier``, ``note``; Chinese headers too), read with the enrollment
import's row reader (``core.row_files``). Each row is checked on its own
(a valid ID number of a member the importer may see, a tier of the
campaign); any bad row refuses the whole file (400 ``invalid_rows``), and
the good list then goes through the same checks as one entered by hand."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from casework.core.errors import InvalidInput
from casework.core.identifiers import identifier_normalize
from casework.core.models import Member
from casework.core.row_files import InvalidRows, RowSource

from .models import Campaign

MAX_ROWS = 5000
COLUMNS = {
    "id_number": ("id_number", "身份证号", "身份证号码"),
    "tier": ("tier", "档次", "标准"),
    "note": ("note", "备注"),
}


def _columns(cells: list[Any]) -> dict[str, int]:
    names = [str(c or "").strip().lower() for c in cells]
    found = {}
    for key, aliases in COLUMNS.items():
        index = next((i for i, n in enumerate(names) if n in aliases), None)
        if index is not None:
            found[key] = index
    missing = [k for k in ("id_number", "tier") if k not in found]
    if missing:
        raise InvalidInput(
            _("the header row lacks columns: %(columns)s") % {"columns": ", ".join(missing)},
            code="invalid_file",
            fields={"file": [_("missing column %(column)s") % {"column": k} for k in missing]},
        )
    return found


def _cell(cells: list[Any], index: int | None) -> str:
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    return str(cells[index]).strip()


def list_rows_read(
    source: RowSource, campaign: Campaign, members: QuerySet[Member]
) -> list[dict[str, Any]]:
    """The recipients of the file (``member`` ids, ``tier`` codes, ``note``)
    among ``members`` (those the importer may see); ``InvalidRows`` naming
    every bad row, or ``InvalidInput`` for an unreadable or empty file."""
    rows = source.rows()
    first = next(rows, None)
    if first is None:
        raise InvalidInput(_("the file is empty"), code="invalid_file", fields={"file": ["empty"]})
    columns = _columns(first[1])
    data = [
        (number, cells)
        for number, cells in rows
        if not all(c is None or str(c).strip() == "" for c in cells)
    ]
    if not data:
        raise InvalidInput(
            _("the file has no rows"), code="invalid_file", fields={"file": ["empty"]}
        )
    if len(data) > MAX_ROWS:
        raise InvalidInput(
            _("at most %(count)s rows") % {"count": MAX_ROWS},
            code="invalid_file",
            fields={"file": ["too many rows"]},
        )
    ids = [identifier_normalize(_cell(cells, columns["id_number"])) for _n, cells in data]
    known = dict(members.filter(id_number__in=ids).values_list("id_number", "pk"))
    tiers = set(campaign.tiers.values_list("code", flat=True))
    recipients, bad = [], []
    for (number, cells), id_number in zip(data, ids, strict=True):
        errors = []
        if id_number not in known:
            errors.append(_("id_number: no member with this ID number in your units"))
        tier = _cell(cells, columns["tier"])
        if tier not in tiers:
            errors.append(_("tier: no such tier in this campaign"))
        note = _cell(cells, columns.get("note"))[:200]
        if errors:
            bad.append({"row": number, "errors": errors})
        else:
            recipients.append({"member": known[id_number], "tier": tier, "note": note})
    if bad:
        raise InvalidRows(bad)
    return recipients
