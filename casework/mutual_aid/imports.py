"""Group enrollment from a CSV or XLSX file (PROCESSES.md §2 Enrollment).

The file is read once, a chunk at a time, never whole (``import_rows.py``),
in one transaction:
each chunk is validated against the database with one query (its known
members, their union and whether enrolled in the plan), and its good rows
are staged in a temporary table (``import_stage.py``); when no row of the
file is bad, two set-based statements write the staged rows. A bad file is refused whole
(400 ``invalid_rows`` with each bad row and its reasons); nothing is
half-imported. Members the union files for the first time are created in
the importing union, with gender and birth date from the ID number.

Imports run one at a time (an advisory lock on PostgreSQL, the write lock
on SQLite): a second import of an overlapping file waits for the first and
then finds those members enrolled — bad rows, not a duplicate or a 500."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.errors import Conflict, InvalidInput
from casework.core.models import Member, OrgUnit
from casework.core.row_files import InvalidRows

from .enrollments import enrollment_problems
from .import_rows import Chunk, RowSource, chunks_of, row_parse
from .import_stage import ImportStage, StagedRow, known_members
from .models import Plan

__all__ = ["InvalidRows", "RowSource", "enrollments_import"]

# pg_advisory_xact_lock key: one enrollment import at a time
IMPORT_LOCK = 0x6D615F696D706F72  # "ma_impor"
# then 409: long enough for another import of 100,000 rows to finish, short
# enough that waiting plus importing stays within gunicorn's 30 s timeout
IMPORT_LOCK_WAIT = "15s"
Progress = Callable[[str, int], None]


def _validate_chunk(
    columns: dict[str, int],
    chunk: Chunk,
    plan: Plan,
    unit: OrgUnit,
    seen: set[str],
    today: dt.date,
) -> tuple[list[StagedRow], list[dict[str, Any]]]:
    """The chunk's good rows (with the id of the member when known) and its
    bad rows with their reasons, sorted by row; ``seen`` collects the ID
    numbers of the file so far. One query: the chunk's known members."""
    rows: list[StagedRow] = []
    bad: list[dict[str, Any]] = []
    for number, cells in chunk:
        parsed = row_parse(number, cells, columns, today)
        if isinstance(parsed, list):
            bad.append({"row": number, "errors": parsed})
        else:
            rows.append(parsed)
    members = known_members([r.id_number for r in rows], plan)
    good = []
    for row in rows:
        member = members.get(row.id_number)
        errors = _row_problems(row, member, plan, unit, seen)
        if errors:
            bad.append({"row": row.number, "errors": errors})
        else:
            good.append(row._replace(member_id=member.pk if member is not None else None))
    return good, sorted(bad, key=lambda b: b["row"])


def _row_problems(
    row: StagedRow, member: Any, plan: Plan, unit: OrgUnit, seen: set[str]
) -> list[str]:
    """What is wrong with a parsed row against the database: a repeat in the
    file, a member outside the importing union, another name, an enrollment
    already there, and what the plan refuses. Adds the row's ID number to
    ``seen``."""
    errors = []
    if row.id_number in seen:
        errors.append("id_number: appears more than once in the file")
    seen.add(row.id_number)
    active = True
    if member is not None and not member.unit_path.startswith(unit.path):
        # the union imported into lies in the importer's scope, a member
        # outside it may not: one reason, the same whether or not the
        # importer may see them, and nothing of the record (name, id,
        # union, status, enrollment) in it
        errors.append(_("id_number: this ID number cannot be enrolled by this union"))
    elif member is not None:
        active = member.status == Member.Status.ACTIVE
        if member.name != row.name:
            errors.append(f"name: the member with this ID number is {member.name}")
        if member.enrolled:
            errors.append("the member is already enrolled in this plan")
    errors.extend(
        enrollment_problems(
            gender=row.gender,
            active=active,
            plan=plan,
            paid_amount=row.paid_amount,
            enrolled_on=row.enrolled_on,
        )
    )
    return errors


def _one_import_at_a_time(cursor: CursorWrapper) -> None:
    """Wait (at most IMPORT_LOCK_WAIT) for any other import to commit, so
    this one validates against what that one wrote. PostgreSQL only: on
    SQLite the IMMEDIATE transaction already holds the database's write lock."""
    if connection.vendor != "postgresql":
        return
    cursor.execute("SELECT current_setting('lock_timeout')")
    previous = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [IMPORT_LOCK_WAIT])
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])


def enrollments_import(
    *,
    actor: Any,
    plan: Plan,
    org_unit: OrgUnit,
    source: RowSource,
    progress: Progress | None = None,
) -> int:
    """Enroll every row of the file in ``plan`` for the union ``org_unit``;
    return how many. Refuses the whole file when any row is bad (400
    ``invalid_rows`` naming each row and its reasons: invalid ID number,
    name not matching the member, a member of another union (one reason
    naming no one: the importer may not see them), enrolled
    already or twice in the file, amount below the contribution, date
    outside the plan, female_special for a male member) or the file is
    unreadable (400 ``invalid_file``); 409 when an enrollment or a member
    was made meanwhile outside an import, or another import held the lock
    for longer than IMPORT_LOCK_WAIT. One audit event for the whole import."""
    tell = progress or (lambda phase, done: None)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            _one_import_at_a_time(cursor)
            created = _staged_and_written(cursor, actor, plan, org_unit, source, tell)
    except IntegrityError as exc:
        raise Conflict(
            "another enrollment for these members was made meanwhile; nothing was imported",
            code="conflict",
        ) from exc
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) != "55P03":  # lock_not_available
            raise
        raise Conflict(
            "another enrollment import is still running; nothing was imported, try again",
            code="conflict",
        ) from exc
    return created


def _staged_and_written(
    cursor: CursorWrapper,
    actor: Any,
    plan: Plan,
    org_unit: OrgUnit,
    source: RowSource,
    tell: Progress,
) -> int:
    """Inside the import's transaction: every chunk validated and its good
    rows staged; when no row is bad, the staged rows written and the import
    recorded. Raises InvalidRows, or InvalidInput for a file without rows."""
    today = timezone.localdate()
    seen: set[str] = set()
    bad: list[dict[str, Any]] = []
    checked = 0
    stage = ImportStage(cursor)
    for columns, chunk in chunks_of(source):
        good, chunk_bad = _validate_chunk(columns, chunk, plan, org_unit, seen, today)
        bad.extend(chunk_bad)
        if not bad:  # once a row is bad, only the reasons matter
            stage.add(good)
        checked += len(chunk)
        tell("validated", checked)
    if bad:
        raise InvalidRows(bad)
    if not checked:
        raise InvalidInput(
            "the file has no data rows",
            code="invalid_file",
            fields={"file": ["no data rows"]},
        )
    created = stage.write(plan=plan, org_unit=org_unit)
    stage.drop()
    tell("imported", created)
    audit_record(
        case=None,
        actor=actor,
        type=events.MA_ENROLLMENTS_IMPORTED.code,
        data={"plan": plan.pk, "org_unit": org_unit.pk, "created": created},
    )
    return created
