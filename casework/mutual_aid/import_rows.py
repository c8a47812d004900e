"""Reading an enrollment file (``imports.py``): its rows from a CSV or XLSX
upload, a chunk at a time, and each row parsed and checked on its own (the
ID number, the name, the amount, the date), before anything is looked up in
the database."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from casework.core.errors import InvalidInput
from casework.core.identifiers import identifier_normalize
from casework.core.row_files import RowSource

from .import_stage import StagedRow

CHUNK = 5000
COLUMNS = {
    "id_number": ("id_number", "身份证号", "身份证号码"),
    "name": ("name", "姓名"),
    "paid_amount": ("paid_amount", "缴费金额", "缴费"),
    "enrolled_on": ("enrolled_on", "参保日期", "入会日期"),
}


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


def row_parse(
    number: int, cells: list[Any], columns: dict[str, int], today: dt.date
) -> StagedRow | list[str]:
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
    # the member is looked up later, a chunk at a time
    return StagedRow(number, raw_id, name, gender, birth, amount, enrolled_on, None)


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


def chunks_of(source: RowSource) -> Iterator[tuple[dict[str, int], Chunk]]:
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
