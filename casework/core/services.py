"""Writes of the core domain: members and case numbers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from casework.audit import registry as events
from casework.audit.services import audit_record

from .access import members_visible_to
from .date_windows import IN_LIFETIME, before_birth, window_problem
from .errors import Conflict, InvalidInput
from .identifiers import identifier_normalize
from .models import CaseNumberCounter, Member, OrgUnit

CASE_PREFIX = {
    "relief": "RL",
    "mutual_aid": "MA",
    "mediation": "MD",
    "roster_review": "RR",
    "campaign": "CP",
    "consultation": "LC",
    "legal_aid": "LA",
    "reconsideration": "RC",
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


# a mainland mobile number (optionally +86), or a landline with its area code
# and optionally an extension
PHONE_PATTERN = re.compile(r"(?:\+?86)?1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?")


def phone_parse(phone: str) -> str:
    """A phone number in its one spelling (``identifier_normalize``: spaces,
    full-width digits and invisible characters dropped), "" for none.
    Refuses (400) anything that is not a mobile or landline number."""
    number = identifier_normalize(phone or "")
    if number and not PHONE_PATTERN.fullmatch(number):
        raise InvalidInput(
            _("invalid phone number"),
            fields={
                "phone": [
                    _(
                        "not a phone number: a mobile number of 11 digits (13812345678) "
                        "or a landline with its area code (0772-1234567)"
                    )
                ]
            },
        )
    return number


def _membership_checked(member_since: dt.date | None, birth_date: dt.date) -> None:
    """Refuses (400) a membership date in the future, before 1900 or before
    the birth the ID number gives."""
    if member_since is None:
        return
    problem = window_problem(member_since, IN_LIFETIME) or before_birth(member_since, birth_date)
    if problem:
        raise InvalidInput(_("a membership before birth"), fields={"member_since": [problem]})


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
    Refuses an invalid ID or phone, or a membership before the birth the ID
    gives (400), and a duplicate ID (409). The refusal names
    the existing member's id only when ``actor`` (the user registering; None
    for the system) may see that member: otherwise it reads like any other
    duplicate, telling nothing of other unions' members."""
    number, gender, birth_date = id_number_parse(id_number)
    phone = phone_parse(phone)
    _membership_checked(member_since, birth_date)
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


MEMBER_FIELDS = (
    "name",
    "id_number",
    "phone",
    "employer",
    "org_unit",
    "member_since",
    "status",
    "user",
)
# changes the chain records with their values: no personal data
VALUES_RECORDED = ("org_unit", "status", "member_since", "user")


def _ref(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value


@transaction.atomic
def member_update(*, member: Member, actor: Any, **changes: Any) -> Member:
    """Change a member's record (any of ``MEMBER_FIELDS``), validated as on
    registration: the ID number (gender and birth date follow it), the phone,
    the membership date. Refuses (400) an invalid value and (409) the ID
    number of another member. Audited (``member_changed``) with the names of
    the fields changed, and the values only of those that are no personal
    data (union, status, membership date, login); nothing when nothing changed."""
    unknown = set(changes) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"not a member field: {sorted(unknown)}")
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = {f: _ref(getattr(member, f)) for f in (*MEMBER_FIELDS, "gender", "birth_date")}
    values = {**{f: getattr(member, f) for f in MEMBER_FIELDS}, **changes}
    number, gender, birth_date = id_number_parse(values["id_number"])
    phone = phone_parse(values["phone"])
    _membership_checked(values["member_since"], birth_date)
    name = (values["name"] or "").strip()
    if not name:
        raise InvalidInput(_("a name is needed"), fields={"name": [_("this field is required")]})
    if values["status"] not in Member.Status.values:
        raise InvalidInput(_("unknown status"), fields={"status": [_("unknown status")]})
    if Member.objects.filter(id_number=number).exclude(pk=member.pk).exists():
        raise Conflict(_("a member with this ID number exists"), code="duplicate")
    values.update(name=name, id_number=number, phone=phone, gender=gender, birth_date=birth_date)
    for field, value in values.items():
        setattr(member, field, value)
    after = {f: _ref(getattr(member, f)) for f in before}
    changed = [f for f in before if before[f] != after[f]]
    if not changed:
        return member
    try:
        with transaction.atomic():
            member.save(update_fields=changed)
    except IntegrityError as exc:
        raise Conflict(_("a member with this ID number exists"), code="duplicate") from exc
    audit_record(
        case=None,
        actor=actor,
        type=events.MEMBER_CHANGED.code,
        data={
            "member": member.pk,
            "changed": changed,
            "changes": {f: [before[f], after[f]] for f in VALUES_RECORDED if f in changed},
        },
    )
    return member


def org_unit_create(*, name: str, code: str, parent: OrgUnit | None, level: int) -> OrgUnit:
    unit = OrgUnit.objects.create(name=name, code=code, parent=parent, level=level)
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


def case_number_allocate(*, program: str, year: int) -> str:
    """Next case number, e.g. ``RL-2026-000123``. Must run inside the
    transaction that inserts the case: the counter row stays locked until it
    commits, and a rollback gives the number back (no gaps). One statement
    (an upsert that returns the new last number; PostgreSQL and SQLite
    both), where a read and a write of the locked row were three."""
    prefix = CASE_PREFIX[program]
    meta = CaseNumberCounter._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("prefix", "year", "last") VALUES (%s, %s, 1) '
            f'ON CONFLICT ("prefix", "year") DO UPDATE SET "last" = {table}."last" + 1 '
            'RETURNING "last"',
            [prefix, year],
        )
        (last,) = cursor.fetchone()
    return f"{prefix}-{year}-{last:06d}"
