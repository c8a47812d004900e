"""Writes of the core domain: members and case numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from .access import members_visible_to
from .errors import Conflict, InvalidInput
from .identifiers import identifier_normalize
from .models import CaseNumberCounter, Member, OrgUnit

CASE_PREFIX = {
    "relief": "RL",
    "mutual_aid": "MA",
    "mediation": "MD",
    "roster_review": "RR",
}


def id_number_parse(id_number: str) -> tuple[str, str, dt.date]:
    """Validate a resident ID number; return it in its one spelling
    (``identifier_normalize``: full-width digits, a lowercase x, spaces and
    invisible characters are the same number) with the gender and birth date
    it encodes. Refuses (400) a wrong length, birth date or checksum."""
    try:
        number = ric.validate(identifier_normalize(id_number))
    except StdnumError as exc:
        raise InvalidInput(
            _("invalid ID number"),
            fields={"id_number": [_("invalid ID number: %(error)s") % {"error": exc}]},
        ) from exc
    birth_date = ric.get_birth_date(number)
    if not dt.date(1900, 1, 1) <= birth_date <= timezone.localdate():
        raise InvalidInput(
            _("invalid ID number"),
            fields={"id_number": [_("invalid ID number: birth date out of range")]},
        )
    gender = "male" if int(number[16]) % 2 else "female"
    return number, gender, birth_date


@transaction.atomic
def member_create(
    *,
    name: str,
    id_number: str,
    org_unit: OrgUnit,
    phone: str = "",
    employer: str = "",
    member_since: dt.date | None = None,
    user: Any = None,
    actor: Any = None,
) -> Member:
    """Create a member; gender and birth date come from the ID number.
    Refuses an invalid ID (400) and a duplicate ID (409). The refusal names
    the existing member's id only when ``actor`` (the user registering; None
    for the system) may see that member: otherwise it reads like any other
    duplicate, telling nothing of other unions' members."""
    number, gender, birth_date = id_number_parse(id_number)
    existing = Member.objects.filter(id_number=number).first()
    if existing:
        if actor is not None and not members_visible_to(actor).filter(pk=existing.pk).exists():
            raise Conflict(_("a member with this ID number exists"), code="duplicate")
        raise Conflict(
            _("a member with this ID number exists (id %(id)s)") % {"id": existing.pk},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            return Member.objects.create(
                name=name.strip(),
                id_number=number,
                gender=gender,
                birth_date=birth_date,
                phone=phone,
                employer=employer,
                org_unit=org_unit,
                member_since=member_since,
                user=user,
            )
    except IntegrityError as exc:
        raise Conflict(_("a member with this ID number exists"), code="duplicate") from exc


def org_unit_create(*, name: str, code: str, parent: OrgUnit | None, level: int) -> OrgUnit:
    unit = OrgUnit.objects.create(name=name, code=code, parent=parent, level=level)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


def case_number_allocate(*, program: str, year: int) -> str:
    """Next case number, e.g. ``RL-2026-000123``. Must run inside the
    transaction that inserts the case: the counter row stays locked until it
    commits, and a rollback gives the number back (no gaps)."""
    prefix = CASE_PREFIX[program]
    CaseNumberCounter.objects.bulk_create(
        [CaseNumberCounter(prefix=prefix, year=year, last=0)], ignore_conflicts=True
    )
    counter = CaseNumberCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:06d}"
