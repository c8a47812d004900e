"""HTML forms from the engine's action declarations: the same field list the
API shows in ``GET /api/tasks/{id}/`` (``action_declaration``), rendered as
inputs, and the posted form turned back into the data the action's input
serializer validates. Validation and its messages stay the serializer's;
the only errors raised here are about text a browser field cannot carry
in one value (a mapping typed as lines)."""

from __future__ import annotations

import json
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from casework.core.errors import InvalidInput
from casework.core.json_text import json_loads

# the <input type> each declared field type gets; choice and user fields with
# choices are selects, text / list / dict fields are textareas
INPUT_TYPES = {
    "decimal": "number",
    "integer": "number",
    # a text box asking for YYYY-MM-DD (fields.html): a browser's date box
    # shows the browser's own format, mm/dd/yyyy on a Chinese page
    "date": "text",
}
TEXTAREAS = {"text", "list", "dict"}


def form_fields(
    declaration: dict[str, Any],
    values: QueryDict | None,
    errors: dict[str, list[str]],
    *,
    user_names: dict[str, str] | None = None,
    initial: dict[str, Any] | None = None,
    choices: dict[str, list[tuple[str, str]]] | None = None,
) -> list[dict[str, Any]]:
    """One dict per field for ``web/includes/fields.html``: the declaration
    plus the input kind, the value to show (what was posted, after a refused
    post; else the ``initial`` value the case already holds) and the field's
    errors. ``user_names`` labels the options of user fields; ``choices``
    makes a field the case gives the values of a select of ``(value, label)``."""
    names = user_names or {}
    fields = []
    for field in declaration["fields"]:
        name, kind = field["name"], field["type"]
        value: Any = _initial((initial or {}).get(name), kind)
        if values is not None:
            value = "\n".join(values.getlist(name)) if kind == "list" else values.get(name, "")
        options: list[tuple[str, Any]] = [
            (c, names.get(c, c) if kind == "user" else None) for c in (field.get("choices") or [])
        ]
        if choices and name in choices:
            options = list(choices[name])
        fields.append(
            {
                **field,
                "input": (
                    "select"
                    if options
                    else "textarea"
                    if kind in TEXTAREAS
                    else INPUT_TYPES.get(kind, "text")
                ),
                "options": options,
                "step": "0.01" if kind == "decimal" else "1",
                "value": value,
                "errors": _errors_shown(errors.get(name, []), bool(options), value),
                "id": f"f-{declaration['name']}-{name}",
            }
        )
    return fields


def _errors_shown(errors: list[str], select: bool, value: Any) -> list[str]:
    """A select left on its empty option asks for a choice, instead of the
    serializer's '"" is not a valid choice'."""
    if errors and select and value in ("", None):
        return [_("Please choose one of the options.")]
    return errors


def _initial(value: Any, kind: str) -> Any:
    """A value the case holds as its input shows it: a ticked box as "on",
    a list one item per line."""
    if value is None:
        return ""
    if kind == "boolean":
        return "on" if value else ""
    if kind == "list" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return value


def form_data(declaration: dict[str, Any], posted: QueryDict) -> dict[str, Any]:
    """What the browser sent, as the action's serializer expects it: unchecked
    boxes are False, one list item per line, a mapping as ``key=value`` lines
    (or a JSON object), empty optional fields left out. A required field left
    empty is passed on empty, so the serializer names it."""
    data: dict[str, Any] = {}
    for field in declaration["fields"]:
        name, kind, required = field["name"], field["type"], field["required"]
        if kind == "boolean":
            data[name] = posted.get(name) in ("on", "true", "1")
            continue
        if kind == "list":
            lines = [line.strip() for v in posted.getlist(name) for line in v.splitlines()]
            items = [line for line in lines if line]
            if items or required:
                data[name] = items
            continue
        value = posted.get(name, "")
        if kind != "text":
            value = value.strip()
        if value.strip() == "" and not required:
            continue
        data[name] = _mapping(name, value) if kind == "dict" else value
    return data


def _mapping(name: str, text: str) -> dict[str, str]:
    """``a=1`` lines, or a JSON object, into a dict of strings; the values are
    validated by the serializer's child field."""
    text = text.strip()
    if text.startswith("{"):
        try:
            parsed = json_loads(text)  # as the API reads JSON: too deep is not JSON
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise InvalidInput("invalid mapping", fields={name: [_("Not a valid JSON object.")]})
        return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in parsed.items()}
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(
                "invalid mapping",
                fields={name: [_("Write one key=value pair per line.")]},
            )
        out[key.strip()] = value.strip()
    return out
