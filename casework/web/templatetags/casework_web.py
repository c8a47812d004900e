from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats, timezone

from casework.web import labels

register = template.Library()


@register.filter
def label(code: Any, table: str) -> Any:
    """``{{ case.program|label:"program" }}``: the translated name of a code."""
    return labels.label(code, table)


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


@register.filter
def fact_rows(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """A case's ``data`` as label/value rows: nested facts flattened one level
    (``benefit.amount``), lists of plain values joined; the history log and
    the plan snapshot are left to their own sections."""
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        if key in ("history",) or value is None or value == "":
            continue
        if isinstance(value, dict):
            for sub, inner in value.items():
                if inner not in (None, "", [], {}) and not isinstance(inner, dict | list):
                    rows.append((f"{key}.{sub}", inner))
        elif isinstance(value, list):
            if value and all(not isinstance(v, dict | list) for v in value):
                rows.append((key, "; ".join(str(labels.label(v, "value")) for v in value)))
        else:
            rows.append((key, value))
    return rows
