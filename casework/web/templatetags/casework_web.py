from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import pgettext

from casework.presenters.legal import slot_text
from casework.presenters.people import people_names
from casework.web import labels
from casework.web.program_labels import FIELDS_BY_PROGRAM

register = template.Library()


@register.filter
def label(code: Any, table: str) -> Any:
    """``{{ case.program|label:"program" }}``: the translated name of a code."""
    return labels.label(code, table)


@register.simple_tag
def fact_label(key: str, program: str) -> Any:
    """``{% fact_label key case.program %}``: a fact's name in its program."""
    return FIELDS_BY_PROGRAM.get(program, {}).get(key) or labels.label(key, "field")


@register.simple_tag(takes_context=True)
def person(context: template.Context, who: Any) -> str:
    """A person as the pages name them, staff by their full name:
    ``{% person task.assignee %}`` for a username (the API's rows and the
    audit log hold usernames), ``{% person doc.uploaded_by %}`` for a user;
    ``{% person task.assignee as holder %}`` to use it in a sentence. The
    staff's names are read once per request; the username shows only when
    no name is known (a member's account, an account without a name)."""
    if who is None or who == "":
        return ""
    username = who if isinstance(who, str) else who.get_username()
    return people_names(context.get("request")).name(username)


@register.simple_tag(takes_context=True)
def field_value(context: template.Context, field: str, value: Any) -> Any:
    """``{% field_value f.name f.value %}``: a field's value as shown, the
    person by their name when the field holds a user (``mediator``)."""
    if field in labels.PERSON_FIELDS and isinstance(value, str):
        return people_names(context.get("request")).name(value)
    return value


@register.filter
def items(values: Any) -> str:
    """``{{ attendees|items }}``: a list as one line, its items parted the
    way the reader's language parts them (、 in Chinese, a comma in
    English)."""
    return pgettext("between list items", ", ").join(str(v) for v in values or ())


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def show(value: Any) -> Any:
    """A fact's value as the pages show it: dates as ``2026-01-31``, times in
    the server's zone to the minute, yes / no translated, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return labels.label("yes" if value else "no", "value")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "Y-m-d")
    if isinstance(value, str) and len(value) >= 20 and value[10:11] == "T":
        # an ISO time from the API's dict builders (``local_time``)
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return formats.date_format(timezone.localtime(parsed), "Y-m-d H:i")
    return labels.label(value, "value") if isinstance(value, str) else value


IDENTIFIER_KEYS = frozenset(
    {"id_number", "worker.id_number", "invoice_numbers", "court_case_number", "reference"}
)


@register.filter
def fact(value: Any, key: str) -> Any:
    """``{{ value|fact:key }}``: a case fact as ``show`` shows it, an
    identifier (an ID number, invoice numbers) each in a ``cw-id`` span the
    line never breaks inside ("INV-000302" whole)."""
    if not (key in IDENTIFIER_KEYS or key.endswith(".reference")) or value in (None, ""):
        return show(value)
    parts = [p for p in str(value).split("; ") if p]
    spans = format_html_join("; ", '<span class="cw-id">{}</span>', ((p,) for p in parts))
    return format_html("{}", spans)


# facts the case's data holds as an id, shown as what they name
FACT_FORMATTERS: dict[str, Callable[[Any], Any]] = {"slot": slot_text}


def _plain_list(values: Any) -> str | None:
    """A list of plain values as one line, codes in their words; None for an
    empty list or one holding dicts or lists."""
    if not values or any(isinstance(v, dict | list) for v in values):
        return None
    return "; ".join(str(labels.label(v, "value")) for v in values)


def _codes_in_words(values: list[Any]) -> str | None:
    """A nested list of codes (``means_test.reasons``) as one line of their
    words; None unless every item is a code the value labels know (free
    text such as a benefit's bilingual explanation has its own section)."""
    known = labels.TABLES["value"]
    if not values or any(not isinstance(v, str) or v not in known for v in values):
        return None
    return "; ".join(str(labels.label(v, "value")) for v in values)


@register.simple_tag(takes_context=True)
def fact_rows(context: template.Context, data: dict[str, Any]) -> list[tuple[str, Any]]:
    """``{% fact_rows case.data as rows %}``: a case's ``data`` as label/value
    rows: nested facts flattened one level (``benefit.amount``), lists of
    plain values joined (a nested list of codes too: ``means_test.reasons``),
    the people by their names, a mutual-aid plan by its product and year, an
    id by what it names (``FACT_FORMATTERS``: a consultation's duty slot);
    the history log and the plan snapshot are left to their own sections."""
    names = people_names(context.get("request"))
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        if key in ("history",) or value is None or value == "":
            continue
        if key == "plan" and not isinstance(value, dict) and "product" in data:
            value = _plan_name(data)
            if value is None:
                continue
        if key in FACT_FORMATTERS:
            value = FACT_FORMATTERS[key](value) or value
        if isinstance(value, dict):
            for sub, inner in value.items():
                if isinstance(inner, list):
                    inner = _codes_in_words(inner)
                if inner not in (None, "", {}) and not isinstance(inner, dict):
                    rows.append((f"{key}.{sub}", inner))
        elif isinstance(value, list):
            if (line := _plain_list(value)) is not None:
                rows.append((key, line))
        elif key in labels.PERSON_FIELDS and isinstance(value, str):
            rows.append((key, names.name(value)))
        else:
            rows.append((key, value))
    return rows


def _plan_name(data: dict[str, Any]) -> str | None:
    """The plan a claim is under, as people call it: "2026 住院医疗互助"."""
    product = labels.label(data.get("product"), "value")
    year = data.get("year")
    return f"{year} {product}" if year else None
