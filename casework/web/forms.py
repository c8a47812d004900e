"""HTML forms from the engine's action declarations: the same field list the
API shows in ``GET /api/tasks/{id}/`` (``action_declaration``), rendered as
inputs, and the posted form turned back into the data the action's input
serializer validates. Validation and its messages stay the serializer's."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

# the input each declared field type gets
INPUT_TYPES = {
    "decimal": "number",
    "integer": "number",
    "date": "date",
    "string": "text",
}


def form_fields(
    declaration: dict[str, Any], values: QueryDict | None, errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    fields = []
    for field in declaration["fields"]:
        name = field["name"]
        value: Any = ""
        if values is not None:
            value = (
                "\n".join(values.getlist(name)) if field["type"] == "list" else values.get(name, "")
            )
        fields.append(
            {
                **field,
                "input": INPUT_TYPES.get(field["type"], field["type"]),
                "step": "0.01" if field["type"] == "decimal" else "1",
                "value": value,
                "errors": errors.get(name, []),
                "id": f"f-{declaration['name']}-{name}",
            }
        )
    return fields


def form_data(declaration: dict[str, Any], posted: QueryDict) -> dict[str, Any]:
    """What the browser sent, as the action's serializer expects it: unchecked
    boxes are False, one list item per line, empty optional fields left out."""
    data: dict[str, Any] = {}
    for field in declaration["fields"]:
        name, kind = field["name"], field["type"]
        if kind == "boolean":
            data[name] = posted.get(name) in ("on", "true", "1")
            continue
        if kind == "list":
            lines = [line.strip() for v in posted.getlist(name) for line in v.splitlines()]
            items = [line for line in lines if line]
            if items or field["required"]:
                data[name] = items
            continue
        value = posted.get(name, "")
        if value.strip() == "" and not field["required"]:
            continue
        data[name] = value
    return data
