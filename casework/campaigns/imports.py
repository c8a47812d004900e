"""A nomination list from a CSV or XLSX file (columns ``id_number``,
``tier``, ``note``; for a 金秋助学 campaign also the student:
``student_name``, ``student_id_number``, ``school``, ``level``; Chinese
headers too), read with the enrollment import's row reader
(``core.row_files``). Each row is checked on its own (a valid ID number of
a member the importer may see, a tier of the campaign, the student as the
JSON list's ``student`` is checked, with a valid ID number named once in the
file); any bad row refuses the whole file (400 ``invalid_rows``), and the
good list then goes through the same checks as one entered by hand
(a student funded before: 409 naming the case). Another kind of campaign
names no students: a row that fills a student column is a bad row."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from casework.core.errors import InvalidInput
from casework.core.identifiers import identifier_normalize
from casework.core.models import Member
from casework.core.row_files import InvalidRows, RowSource

from .inputs import StudentInput
from .models import Campaign, CampaignKind, StudentLevel

MAX_ROWS = 5000
COLUMNS = {
    "id_number": ("id_number", "身份证号", "身份证号码"),
    "tier": ("tier", "档次", "标准"),
    "note": ("note", "备注"),
    "student_name": ("student_name", "学生姓名"),
    "student_id_number": ("student_id_number", "学生身份证号", "学生身份证号码"),
    "school": ("school", "学校", "就读学校"),
    "level": ("level", "学历层次", "层次"),
}
STUDENT_COLUMNS = ("student_name", "student_id_number", "school", "level")
# StudentInput's fields by the file's column names
STUDENT_FIELDS = dict(zip(("name", "id_number", "school", "level"), STUDENT_COLUMNS, strict=True))
# the template's header row in each language of the pages (the import reads either)
HEADERS = {"en": 0, "zh-hans": 1}


def template_header(kind: str, language: str) -> str:
    """The upload template's header row (CSV, CRLF) for a campaign of ``kind``
    in ``language`` (English for any other): the student columns for 金秋助学."""
    keys = ["id_number", "tier", "note"]
    if kind == CampaignKind.GOLDEN_AUTUMN:
        keys += STUDENT_COLUMNS
    which = HEADERS.get(language, 0)
    return ",".join(COLUMNS[k][which] for k in keys) + "\r\n"


def _levels() -> dict[str, str]:
    """A level as the file may give it: its code, or its label in English or Chinese."""
    found = {}
    for level in StudentLevel:
        found[level.value] = level.value
        for language in HEADERS:
            with translation.override(language):
                found[str(level.label).lower()] = level.value
    return found


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


def _data_rows(source: RowSource) -> tuple[dict[str, int], list[tuple[int, list[Any]]]]:
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
    return columns, data


def _id_number_valid(number: str) -> bool:
    """A resident ID number's form: 18 characters, a real birth date, the
    check digit (not the birth place: a county's code may have changed since)."""
    if len(number) != 18 or not number.isascii() or not number[:-1].isdigit():
        return False
    try:
        ric.get_birth_date(number)
    except StdnumError:
        return False
    return ric.calc_check_digit(number) == number[-1]


def _problem(column: str, problem: str) -> str:
    """A student cell's problem, after its column's name in the page's language."""
    words = {
        "student_name": _("student_name: %(problem)s"),
        "student_id_number": _("student_id_number: %(problem)s"),
        "school": _("school: %(problem)s"),
        "level": _("level: %(problem)s"),
    }
    return words.get(column, column + ": %(problem)s") % {"problem": problem}


class _Students:
    """The student of each row of a 金秋助学 file, checked as the JSON list's
    ``student`` (``StudentInput``) and more: a valid ID number (its check
    digit), a level by code or label, a student named once in the file."""

    def __init__(self, golden: bool, columns: dict[str, int]) -> None:
        self.golden = golden
        self.columns = columns
        self.levels = _levels() if golden else {}
        self.seen: set[str] = set()

    def read(self, cells: list[Any], errors: list[str]) -> dict[str, str] | None:
        given = {k: _cell(cells, self.columns.get(k)) for k in STUDENT_COLUMNS}
        if not self.golden:
            if any(given.values()):
                errors.append(_("student: only a golden autumn list names students"))
            return None
        level = given["level"]
        raw = {f: given[c] for f, c in STUDENT_FIELDS.items()}
        raw["level"] = self.levels.get(level.lower(), level)
        student = StudentInput(data=raw)
        if not student.is_valid():
            for field, problems in student.errors.items():
                column = STUDENT_FIELDS.get(field, field)
                errors.extend(_problem(column, str(p)) for p in problems)
            return None
        value = dict(student.validated_data)
        return value if self._identity(value["id_number"], errors) else None

    def _identity(self, number: str, errors: list[str]) -> bool:
        if not _id_number_valid(number):
            errors.append(_("student_id_number: not a valid ID number"))
            return False
        if number in self.seen:
            errors.append(_("student_id_number: this student is on an earlier row"))
            return False
        self.seen.add(number)
        return True


def list_rows_read(
    source: RowSource, campaign: Campaign, members: QuerySet[Member]
) -> list[dict[str, Any]]:
    """The recipients of the file (``member`` ids, ``tier`` codes, ``note``,
    for 金秋助学 the ``student``) among ``members`` (those the importer may
    see); ``InvalidRows`` naming every bad row, or ``InvalidInput`` for an
    unreadable or empty file."""
    columns, data = _data_rows(source)
    ids = [identifier_normalize(_cell(cells, columns["id_number"])) for _n, cells in data]
    known = dict(members.filter(id_number__in=ids).values_list("id_number", "pk"))
    tiers = set(campaign.tiers.values_list("code", flat=True))
    students = _Students(campaign.kind == CampaignKind.GOLDEN_AUTUMN, columns)
    recipients, bad = [], []
    for (number, cells), id_number in zip(data, ids, strict=True):
        errors = []
        if id_number not in known:
            errors.append(_("id_number: no member with this ID number in your units"))
        tier = _cell(cells, columns["tier"])
        if tier not in tiers:
            errors.append(_("tier: no such tier in this campaign"))
        note = _cell(cells, columns.get("note"))[:200]
        student = students.read(cells, errors)
        if errors:
            bad.append({"row": number, "errors": errors})
            continue
        item: dict[str, Any] = {"member": known[id_number], "tier": tier, "note": note}
        if student is not None:
            item["student"] = student
        recipients.append(item)
    if bad:
        raise InvalidRows(bad)
    return recipients
