from __future__ import annotations

from typing import Any

from django import template

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
                rows.append((key, "; ".join(str(v) for v in value)))
        else:
            rows.append((key, value))
    return rows
