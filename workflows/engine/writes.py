"""Writes of a step that go together: one statement on PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Field, Model


def rows_update(*updates: tuple[type[Model], Any, dict[str, Any]]) -> None:
    """``UPDATE`` each ``(model, pk, {field: value})``, a field named as on
    the model (a foreign key takes the key): on PostgreSQL in one statement
    (each but the last in a data-modifying CTE, which runs whole whether or
    not it is read), elsewhere one ``update()`` each. No signals, like
    ``QuerySet.update``. A field inherited from a parent model (a case's
    ``data`` is its process's) is written to the parent's table."""
    if connection.vendor != "postgresql":
        for model, pk, values in updates:
            _table_of(model, values)._base_manager.filter(pk=pk).update(**values)
        return
    quote = connection.ops.quote_name
    statements: list[str] = []
    params: list[Any] = []
    for model, pk, values in updates:
        fields = [_field(model, name) for name in values]
        meta = _table_of(model, values)._meta
        key = _field(meta.model, meta.pk.name)
        assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
        params += [field.get_db_prep_save(values[field.name], connection) for field in fields]
        statements.append(
            f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(str(key.column))} = %s"
        )
        params.append(key.get_db_prep_value(pk, connection))
    ctes = ", ".join(f"w{i} AS ({sql})" for i, sql in enumerate(statements[:-1]))
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {ctes} {statements[-1]}" if ctes else statements[-1], params)


def _field(model: type[Model], name: str) -> Field:
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise ValueError(f"{model.__name__}.{name} is no column")
    return field


def _table_of(model: type[Model], values: dict[str, Any]) -> type[Model]:
    """The model whose table holds all of ``values``' fields."""
    owners = {model._meta.get_field(name).model for name in values}
    if len(owners) != 1:
        raise ValueError(f"{model.__name__}: fields of several tables in one update")
    return owners.pop()
