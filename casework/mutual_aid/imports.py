"""Group enrollment from a CSV or XLSX file (PROCESSES.md §2 Enrollment).

The file is read once, a chunk at a time, never whole, in one transaction:
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

import csv
import datetime as dt
import functools
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.errors import ApplicationError, Conflict, InvalidInput
from casework.core.identifiers import identifier_normalize
from casework.core.models import Member, OrgUnit

from .import_stage import ImportStage, StagedRow, known_members
from .models import Plan
from .services import enrollment_problems

CHUNK = 5000
# pg_advisory_xact_lock key: one enrollment import at a time
IMPORT_LOCK = 0x6D615F696D706F72  # "ma_impor"
# then 409: long enough for another import of 100,000 rows to finish, short
# enough that waiting plus importing stays within gunicorn's 30 s timeout
IMPORT_LOCK_WAIT = "15s"
COLUMNS = {
    "id_number": ("id_number", "身份证号", "身份证号码"),
    "name": ("name", "姓名"),
    "paid_amount": ("paid_amount", "缴费金额", "缴费"),
    "enrolled_on": ("enrolled_on", "参保日期", "入会日期"),
}
Progress = Callable[[str, int], None]


class InvalidRows(ApplicationError):
    """400 ``invalid_rows``: every bad row with its reasons."""

    status = 400
    code = "invalid_rows"

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(rows)} row(s) are invalid; nothing was imported")
        self.rows = rows


@dataclass(frozen=True)
class Row:
    number: int  # the row's number in the file (the header is row 1)
    id_number: str
    name: str
    gender: str
    birth_date: dt.date
    paid_amount: Decimal
    enrolled_on: dt.date


class RowSource:
    """The data rows of an uploaded or local file, re-readable from the start."""

    def __init__(self, stream: IO[bytes], filename: str = "") -> None:
        self.stream = stream
        stream.seek(0)
        head = stream.read(4)
        stream.seek(0)
        self.is_xlsx = head.startswith(b"PK") or filename.lower().endswith(".xlsx")

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number, cells) for every row, the header first."""
        self.stream.seek(0)
        if self.is_xlsx:
            yield from self._xlsx_rows()
        else:
            yield from self._csv_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        text = io.TextIOWrapper(self.stream, encoding="utf-8-sig", newline="")
        try:
            yield from enumerate(csv.reader(text), start=1)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InvalidInput(
                "the file is not a readable UTF-8 CSV",
                code="invalid_file",
                fields={"file": [str(exc)[:200]]},
            ) from exc
        finally:
            text.detach()

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any]]]:
        from openpyxl import load_workbook

        try:
            book = load_workbook(self.stream, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise InvalidInput(
                "the file is not a readable XLSX workbook",
                code="invalid_file",
                fields={"file": [str(exc)[:200] or type(exc).__name__]},
            ) from exc
        try:
            sheet = book.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            book.close()


def _header(cells: list[Any]) -> dict[str, int]:
    names = [str(c or "").strip().lower() for c in cells]
    found = {}
    for key, aliases in COLUMNS.items():
        index = next((i for i, n in enumerate(names) if n in aliases), None)
        if index is not None:
            found[key] = index
    missing = [k for k in COLUMNS if k not in found]
    if missing:
        raise InvalidInput(
            "the header row lacks columns: " + ", ".join(missing),
            code="invalid_file",
            fields={"file": [f"missing column {k}" for k in missing]},
        )
    return found


def _cell(cells: list[Any], index: int) -> Any:
    value = cells[index] if index < len(cells) else None
    return value.strip() if isinstance(value, str) else value


@functools.lru_cache(maxsize=8192)
def _birth_place_known(area: str, year: str) -> bool:
    try:
        ric.get_birth_place(f"{area}{year}01010000")
    except StdnumError:
        return False
    return True


def _id_number(raw: str, today: dt.date) -> tuple[str, str, dt.date] | str:
    """What ``core.services.id_number_parse`` checks (length, checksum, birth
    date, birth place for the birth year), with the birth-place lookup (a
    data-file search, ~2 ms) done once per area code and year: a file may
    have 100,000 rows."""
    # stdnum's own compact() normalizes unicode on every call: too slow here;
    # identifier_normalize returns a plain number as it is, upper-cased
    number = identifier_normalize(raw).replace("-", "")
    if len(number) != 18 or not number.isascii() or not number[:-1].isdigit():
        return "invalid ID number: wrong length or format"
    checksum = (1 - 2 * int(number[:-1], 13)) % 11
    if number[-1] != ("X" if checksum == 10 else str(checksum)):
        return "invalid ID number: the check digit does not match"
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "invalid ID number: no valid birth date"
    if not dt.date(1900, 1, 1) <= birth <= today:
        return "invalid ID number: birth date out of range"
    if not _birth_place_known(number[:6], number[6:10]):
        return "invalid ID number: unknown area code for the birth year"
    return number, ("male" if int(number[16]) % 2 else "female"), birth


def _parse(
    number: int, cells: list[Any], columns: dict[str, int], today: dt.date
) -> Row | list[str]:
    errors: list[str] = []
    raw_id = str(_cell(cells, columns["id_number"]) or "")
    gender, birth = "", dt.date.min
    parsed = _id_number(raw_id, today)
    if isinstance(parsed, str):
        errors.append(f"id_number: {parsed}")
    else:
        raw_id, gender, birth = parsed
    name = str(_cell(cells, columns["name"]) or "")
    if not name or len(name) > 100:
        errors.append("name: required, at most 100 characters")
    elif "\x00" in name:  # PostgreSQL text cannot hold it
        errors.append("name: contains a NUL character")
    amount = _amount(_cell(cells, columns["paid_amount"]))
    if amount is None:
        errors.append("paid_amount: not an amount with at most 2 decimals")
    enrolled_on = _date(_cell(cells, columns["enrolled_on"]))
    if enrolled_on is None:
        errors.append("enrolled_on: not a date (YYYY-MM-DD)")
    if errors or amount is None or enrolled_on is None:
        return errors
    return Row(number, raw_id, name, gender, birth, amount, enrolled_on)


def _amount(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        return None
    if amount >= Decimal("1e12"):
        return None
    return amount.quantize(Decimal("0.01"))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or ""))
    except ValueError:
        return None


Chunk = list[tuple[int, list[Any]]]


def _chunks(source: RowSource) -> Iterator[tuple[dict[str, int], Chunk]]:
    """The columns and the data rows in chunks, after checking the header;
    blank rows skipped."""
    rows = source.rows()
    first = next(rows, None)
    if first is None:
        raise InvalidInput("the file is empty", code="invalid_file", fields={"file": ["empty"]})
    columns = _header(first[1])
    chunk: Chunk = []
    for number, cells in rows:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        chunk.append((number, cells))
        if len(chunk) >= CHUNK:
            yield columns, chunk
            chunk = []
    if chunk:
        yield columns, chunk


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
    rows: list[Row] = []
    bad: list[dict[str, Any]] = []
    for number, cells in chunk:
        parsed = _parse(number, cells, columns, today)
        if isinstance(parsed, list):
            bad.append({"row": number, "errors": parsed})
        else:
            rows.append(parsed)
    members = known_members([r.id_number for r in rows], plan)
    good = []
    for row in rows:
        errors = []
        if row.id_number in seen:
            errors.append("id_number: appears more than once in the file")
        seen.add(row.id_number)
        member = members.get(row.id_number)
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
        if errors:
            bad.append({"row": row.number, "errors": errors})
        else:
            good.append(
                StagedRow(
                    row.number,
                    row.id_number,
                    row.name,
                    row.gender,
                    row.birth_date,
                    row.paid_amount,
                    row.enrolled_on,
                    member.pk if member is not None else None,
                )
            )
    return good, sorted(bad, key=lambda b: b["row"])


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
    today = timezone.localdate()
    seen: set[str] = set()
    bad: list[dict[str, Any]] = []
    checked = 0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            _one_import_at_a_time(cursor)
            stage = ImportStage(cursor)
            for columns, chunk in _chunks(source):
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
