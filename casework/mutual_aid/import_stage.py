"""The set-based SQL of a group enrollment import (``imports.py``): the
file's known members looked up a chunk at a time, and the write.

The validated rows go into a temporary table of the import's connection
(PostgreSQL: ``COPY``; SQLite: one ``executemany``), then two statements
write them: the new members, then every enrollment with its renewal flag.
A 100,000-row file costs two ``INSERT … SELECT`` instead of building
200,000 model instances. The same SQL runs on PostgreSQL and SQLite; only
loading the table and passing the lookup's ID numbers differ. Called
inside the import's transaction: a rollback takes the temporary table
with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from casework.core.errors import Conflict
from casework.core.models import Member, OrgUnit

from .models import Enrollment, Plan

TABLE = "mutual_aid_import_stage"


class StagedRow(NamedTuple):
    """One validated row; ``member_id`` is the member's id when the member
    existed before the import, else None (the import creates them)."""

    number: int
    id_number: str
    name: str
    gender: str
    birth_date: dt.date
    paid_amount: Decimal
    enrolled_on: dt.date
    member_id: int | None


COLUMNS = StagedRow._fields
# the types of the Member / Enrollment columns the values end up in
DDL = f"""CREATE TEMPORARY TABLE {TABLE} (
    number integer NOT NULL,
    id_number varchar(18) NOT NULL,
    name varchar(100) NOT NULL,
    gender varchar(6) NOT NULL,
    birth_date date NOT NULL,
    paid_amount numeric(14, 2) NOT NULL,
    enrolled_on date NOT NULL,
    member_id bigint NULL
)"""


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model: Any, field: str) -> str:
    return _q(model._meta.get_field(field).column)


def _param(model: Any, field: str, value: Any) -> Any:
    return model._meta.get_field(field).get_db_prep_save(value, connection)


class KnownMember(NamedTuple):
    pk: int
    name: str
    status: str
    unit_path: str
    enrolled: bool  # in the plan being imported


def known_members(id_numbers: list[str], plan: Plan) -> dict[str, KnownMember]:
    """The members among ``id_numbers`` by ID number, with their union's
    path and whether they are enrolled in ``plan``: one query, the numbers
    one array parameter on PostgreSQL (5,000 ``IN`` parameters cost more
    to send and plan than the lookups themselves)."""
    if not id_numbers:
        return {}
    member, unit = _q(Member._meta.db_table), _q(OrgUnit._meta.db_table)
    enrollment = _q(Enrollment._meta.db_table)
    m_pk, m_number, m_unit = (_column(Member, f) for f in ("id", "id_number", "org_unit"))
    e_member, e_plan = _column(Enrollment, "member"), _column(Enrollment, "plan")
    numbers: list[Any]
    if connection.vendor == "postgresql":
        where, numbers = f"m.{m_number} = ANY(%s)", [id_numbers]
    else:
        where, numbers = f"m.{m_number} IN ({', '.join(['%s'] * len(id_numbers))})", id_numbers
    sql = (
        f"SELECT m.{m_number}, m.{m_pk}, m.{_column(Member, 'name')}, "
        f"m.{_column(Member, 'status')}, u.{_column(OrgUnit, 'path')}, "
        f"EXISTS (SELECT 1 FROM {enrollment} e "
        f"WHERE e.{e_member} = m.{m_pk} AND e.{e_plan} = %s) "
        f"FROM {member} m JOIN {unit} u ON u.{_column(OrgUnit, 'id')} = m.{m_unit} "
        f"WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan.pk, *numbers])
        return {r[0]: KnownMember(r[1], r[2], r[3], r[4], bool(r[5])) for r in cursor.fetchall()}


class ImportStage:
    """The temporary table of one import: ``add`` validated rows chunk by
    chunk, then ``write`` them once, then ``drop``."""

    def __init__(self, cursor: CursorWrapper) -> None:
        self.cursor = cursor
        self.count = 0
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(DDL)

    def add(self, rows: Iterable[StagedRow]) -> None:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN"
            with self.cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    self.count += 1
            return
        # SQLite: dates and decimals as Django stores them there
        ops = connection.ops
        values = [
            (
                r.number,
                r.id_number,
                r.name,
                r.gender,
                ops.adapt_datefield_value(r.birth_date),
                ops.adapt_decimalfield_value(r.paid_amount),
                ops.adapt_datefield_value(r.enrolled_on),
                r.member_id,
            )
            for r in rows
        ]
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        self.cursor.executemany(
            f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({placeholders})", values
        )
        self.count += len(values)

    def write(self, *, plan: Plan, org_unit: OrgUnit) -> int:
        """Create the members that did not exist (in ``org_unit``, in file
        order), then enroll every staged row in ``plan``; a renewal when the
        member was enrolled in the same product the year before. Returns
        the number of enrollments. A member or an enrollment made meanwhile
        by someone else breaks a unique constraint (IntegrityError); a
        member deleted meanwhile is a 409."""
        if connection.vendor == "postgresql":
            self.cursor.execute(f"ANALYZE {TABLE}")  # no autovacuum for temporary tables
        self.cursor.execute(*self._members_sql(org_unit))
        self.cursor.execute(*self._enrollments_sql(plan))
        written = self.cursor.rowcount
        if written != self.count:  # a known member was deleted since the lookup
            raise Conflict(
                "a member of the file was removed meanwhile; nothing was imported",
                code="conflict",
            )
        return written

    def drop(self) -> None:
        self.cursor.execute(f"DROP TABLE {TABLE}")

    @staticmethod
    def _members_sql(org_unit: OrgUnit) -> tuple[str, list[Any]]:
        from_file = {"name", "id_number", "gender", "birth_date"}
        given = {"org_unit": org_unit.pk, "employer": org_unit.name.removesuffix("工会")}
        columns, values, params = [], [], []
        for field in Member._meta.concrete_fields:
            if field.primary_key:
                continue
            columns.append(_column(Member, field.name))
            if field.name in from_file:
                values.append(f"s.{field.name}")
            else:  # what Member(...) would hold: the given value or the default
                values.append("%s")
                value = given.get(field.name, field.get_default())
                params.append(field.get_db_prep_save(value, connection))
        sql = (
            f"INSERT INTO {_q(Member._meta.db_table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM {TABLE} s "
            "WHERE s.member_id IS NULL ORDER BY s.number"
        )
        return sql, params

    @staticmethod
    def _enrollments_sql(plan: Plan) -> tuple[str, list[Any]]:
        enrollment, member = _q(Enrollment._meta.db_table), _q(Member._meta.db_table)
        plans = _q(Plan._meta.db_table)
        e_member, e_plan = _column(Enrollment, "member"), _column(Enrollment, "plan")
        member_pk, plan_pk = _column(Member, "id"), _column(Plan, "id")
        renewal = (
            f"EXISTS (SELECT 1 FROM {enrollment} e JOIN {plans} p ON p.{plan_pk} = e.{e_plan} "
            f"WHERE e.{e_member} = m.{member_pk} AND p.{_column(Plan, 'year')} = %s "
            f"AND p.{_column(Plan, 'product')} = %s)"
        )
        columns = [
            _column(Enrollment, name)
            for name in ("member", "plan", "paid_amount", "enrolled_on", "renewal", "created_at")
        ]
        sql = (
            f"INSERT INTO {enrollment} ({', '.join(columns)}) "
            f"SELECT m.{member_pk}, %s, s.paid_amount, s.enrolled_on, {renewal}, %s "
            f"FROM {TABLE} s JOIN {member} m ON m.{_column(Member, 'id_number')} = s.id_number "
            "ORDER BY s.number"
        )
        now = _param(Enrollment, "created_at", timezone.now())
        return sql, [plan.pk, plan.year - 1, plan.product, now]
