"""Group enrollment from a CSV or XLSX file (PROCESSES.md §2 Enrollment).

The file is read twice, a chunk at a time, never whole: the first pass
validates every row (collecting every problem), the second writes, in one
transaction, only when the first found none. A bad file is refused whole
(400 ``invalid_rows`` with each bad row and its reasons); nothing is
half-imported. Members the union files for the first time are created in
the importing union, with gender and birth date from the ID number."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from casework.audit import registry as events
from casework.audit.services import audit_record
from casework.core.errors import ApplicationError, Conflict, InvalidInput
from casework.core.models import Member, OrgUnit

from .models import Enrollment, Plan
from .services import enrollment_problems

CHUNK = 2000
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


def _id_number(raw: str) -> tuple[str, str, dt.date] | str:
    """What ``core.services.id_number_parse`` checks (length, checksum, birth
    date, birth place for the birth year), with the birth-place lookup (a
    data-file search, ~2 ms) done once per area code and year: a file of
    100,000 rows is validated twice."""
    # stdnum's own compact() normalizes unicode on every call: too slow here
    number = raw.replace(" ", "").replace("-", "").strip().upper()
    if len(number) != 18 or not number[:-1].isdigit():
        return "invalid ID number: wrong length or format"
    checksum = (1 - 2 * int(number[:-1], 13)) % 11
    if number[-1] != ("X" if checksum == 10 else str(checksum)):
        return "invalid ID number: the check digit does not match"
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "invalid ID number: no valid birth date"
    if not dt.date(1900, 1, 1) <= birth <= timezone.localdate():
        return "invalid ID number: birth date out of range"
    if not _birth_place_known(number[:6], number[6:10]):
        return "invalid ID number: unknown area code for the birth year"
    return number, ("male" if int(number[16]) % 2 else "female"), birth


def _parse(number: int, cells: list[Any], columns: dict[str, int]) -> Row | list[str]:
    errors: list[str] = []
    raw_id = str(_cell(cells, columns["id_number"]) or "")
    gender, birth = "", dt.date.min
    parsed = _id_number(raw_id)
    if isinstance(parsed, str):
        errors.append(f"id_number: {parsed}")
    else:
        raw_id, gender, birth = parsed
    name = str(_cell(cells, columns["name"]) or "")
    if not name or len(name) > 100:
        errors.append("name: required, at most 100 characters")
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
    columns: dict[str, int], chunk: Chunk, plan: Plan, unit: OrgUnit, seen: set[str]
) -> tuple[list[Row], list[dict[str, Any]]]:
    rows: list[Row] = []
    bad: list[dict[str, Any]] = []
    for number, cells in chunk:
        parsed = _parse(number, cells, columns)
        if isinstance(parsed, list):
            bad.append({"row": number, "errors": parsed})
        else:
            rows.append(parsed)
    members = {
        m["id_number"]: m
        for m in Member.objects.filter(id_number__in=[r.id_number for r in rows]).values(
            "pk", "id_number", "name", "status", "org_unit__path"
        )
    }
    enrolled = set(
        Enrollment.objects.filter(
            plan=plan, member_id__in=[m["pk"] for m in members.values()]
        ).values_list("member_id", flat=True)
    )
    good = []
    for row in rows:
        errors = []
        if row.id_number in seen:
            errors.append("id_number: appears more than once in the file")
        seen.add(row.id_number)
        member = members.get(row.id_number)
        active = True
        if member is not None:
            active = member["status"] == Member.Status.ACTIVE
            if not member["org_unit__path"].startswith(unit.path):
                errors.append("the member belongs to another union")
            if member["name"] != row.name:
                errors.append(f"name: the member with this ID number is {member['name']}")
            if member["pk"] in enrolled:
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
            good.append(row)
    return good, sorted(bad, key=lambda b: b["row"])


def _write_chunk(rows: list[Row], plan: Plan, unit: OrgUnit) -> int:
    numbers = [r.id_number for r in rows]
    known = dict(Member.objects.filter(id_number__in=numbers).values_list("id_number", "pk"))
    new = [
        Member(
            name=r.name,
            id_number=r.id_number,
            gender=r.gender,
            birth_date=r.birth_date,
            org_unit=unit,
            employer=unit.name.removesuffix("工会"),
        )
        for r in rows
        if r.id_number not in known
    ]
    if new:
        Member.objects.bulk_create(new, batch_size=CHUNK)
        known.update(
            Member.objects.filter(id_number__in=[m.id_number for m in new]).values_list(
                "id_number", "pk"
            )
        )
    renewing = set(
        Enrollment.objects.filter(
            member_id__in=list(known.values()),
            plan__year=plan.year - 1,
            plan__product=plan.product,
        ).values_list("member_id", flat=True)
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                member_id=known[r.id_number],
                plan=plan,
                paid_amount=r.paid_amount,
                enrolled_on=r.enrolled_on,
                renewal=known[r.id_number] in renewing,
            )
            for r in rows
        ],
        batch_size=CHUNK,
    )
    return len(rows)


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
    name not matching the member, a member of another union, enrolled
    already or twice in the file, amount below the contribution, date
    outside the plan, female_special for a male member) or the file is
    unreadable (400 ``invalid_file``); 409 when an enrollment raced it."""
    tell = progress or (lambda phase, done: None)
    seen: set[str] = set()
    bad: list[dict[str, Any]] = []
    checked = 0
    for columns, chunk in _chunks(source):
        _, chunk_bad = _validate_chunk(columns, chunk, plan, org_unit, seen)
        bad.extend(chunk_bad)
        checked += len(chunk)
        tell("validated", checked)
    if bad:
        raise InvalidRows(bad)
    if not checked:
        raise InvalidInput(
            "the file has no data rows", code="invalid_file", fields={"file": ["no data rows"]}
        )
    seen.clear()
    created = 0
    try:
        with transaction.atomic():
            for columns, chunk in _chunks(source):
                good, chunk_bad = _validate_chunk(columns, chunk, plan, org_unit, seen)
                if chunk_bad:  # changed since the first pass
                    raise InvalidRows(chunk_bad)
                created += _write_chunk(good, plan, org_unit)
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
    return created
