"""The Chinese catalog is complete: every message translated, none fuzzy,
the placeholders kept, and every label the UI shows has its entry. Parsed
with a few lines of Python so CI needs no gettext tools."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import translation

from casework.web import labels

CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)


def parse(text: str) -> list[Entry]:
    """The entries of a .po file (comments other than flags are skipped)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] = ("msgid", 0)
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            entry = None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                target = ("msgstr", int(match.group(1)))
            elif keyword in ("msgid", "msgid_plural", "msgctxt", "msgstr"):
                target = (keyword, 0)
            else:
                raise AssertionError(f"line {number}: cannot read {line!r}")
            if target[0] == "msgstr":
                entry.msgstr[target[1]] = ""
            else:
                setattr(entry, target[0], "")
            _append(entry, target, ast.literal_eval(value))
    return entries


def _append(entry: Entry, target: tuple[str, int], text: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] += text
    else:
        setattr(entry, name, (getattr(entry, name) or "") + text)


def messages() -> list[Entry]:
    return [e for e in parse(CATALOG.read_text(encoding="utf-8")) if e.msgid]


def test_the_header_declares_chinese_with_one_plural_form():
    (header,) = [e for e in parse(CATALOG.read_text(encoding="utf-8")) if not e.msgid]
    assert "fuzzy" not in header.flags
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = messages()
    assert len(entries) > 500
    untranslated = [e.msgid for e in entries if not all(e.msgstr.values()) or not e.msgstr]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == [], f"untranslated in {CATALOG.name}: {untranslated}"
    assert fuzzy == [], f"fuzzy in {CATALOG.name}: {fuzzy}"


def test_translations_keep_the_placeholders_of_the_english():
    wrong = [
        (e.msgid, text)
        for e in messages()
        for text in e.msgstr.values()
        if sorted(set(PLACEHOLDER.findall(text))) != sorted(set(PLACEHOLDER.findall(e.msgid)))
    ]
    assert wrong == []


def test_every_label_the_pages_show_has_a_translation():
    translated = {e.msgid for e in messages()}
    with translation.override("en"):  # the source language: a label reads as its msgid
        missing = [
            f"{table}.{code}: {label}"
            for table, rows in labels.TABLES.items()
            for code, label in rows.items()
            if str(label) not in translated
        ]
    assert missing == []


def test_the_parser_sees_an_untranslated_or_fuzzy_entry(tmp_path):
    """The catalog tests above can fail: a blank and a fuzzy entry are found."""
    text = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "Approve"\nmsgstr ""\n\n'
        '#, fuzzy, python-format\nmsgid "case %(case)s"\nmsgstr "案件 %(case)s"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "多"\n'
    )
    entries = [e for e in parse(text) if e.msgid]
    assert [(e.msgid, e.msgstr, "fuzzy" in e.flags) for e in entries] == [
        ("Approve", {0: ""}, False),
        ("case %(case)s", {0: "案件 %(case)s"}, True),
        ("one", {0: "多"}, False),
    ]
