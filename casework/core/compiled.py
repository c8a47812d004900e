"""Reads composed once per shape: the SQL of a queryset kept with its
compiler, run again with new values.

The task read under a step's lock (``workflows.engine``) joins eight
tables; Django composed its SQL (the select-related columns of every
table) afresh on each of the seven steps of a case, and that cost the
client more than the database spent running it. ``rows_compiled`` builds
the queryset once per shape with marker values in place of the caller's
(one distinct negative number or odd text each, which no key or id
takes), composes it, notes where each marker landed among the
parameters, and keeps the SQL and the compiler (its columns, converters
and related-object layout). Later calls put the values in the markers'
places, run the SQL through the connection's cursor (logged, counted and
prepared like any query) and build the model instances the way Django's
own iterable does, with their select-related objects. A shape whose
markers do not all come out as parameters of their own is not kept: it
runs as a plain queryset every time. Used for the reads every request on
a task or a case starts with (the API's task and case reads, the step's
read under the lock)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

# markers: far below any id or key the project hands out
_MARK_BASE = -7_300_000_000_000_000


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, str], ...]  # (parameter index, value name)
    compiler: SQLCompiler
    # how a row becomes its instances: the columns' converters, the model's
    # attribute names and span, its related objects' populators
    converters: dict[int, Any]
    model: type[Model]
    span: tuple[int, int]
    attnames: tuple[str, ...]
    populators: tuple[Any, ...]


def _cache() -> dict[Hashable, _Compiled | None]:
    """This connection's (so this thread's) kept shapes; the composed SQL
    depends on the connection's binding (``workflows.engine.prepared``)."""
    # the thread's own wrapper: ``connection`` is a proxy shared by threads
    wrapper = connections[DEFAULT_DB_ALIAS]
    return wrapper.__dict__.setdefault("_casework_compiled_reads", {})


Build = Callable[[dict[str, Any]], QuerySet[Any]]


def _marker(i: int, value: Any) -> Any:
    """A value no caller passes: a negative number, or text no key holds."""
    return f"\x1ecompiled-{i}\x1e" if isinstance(value, str) else _MARK_BASE - i


def _compile(build: Build, values: dict[str, Any]) -> _Compiled | None:
    names = sorted(values)
    marks = {name: _marker(i, values[name]) for i, name in enumerate(names)}
    compiler = build(marks).query.get_compiler(using=connection.alias)
    sql, params = compiler.as_sql()
    by_mark = {mark: name for name, mark in marks.items()}
    slots = tuple((i, by_mark[p]) for i, p in enumerate(params) if p in by_mark)
    if sorted({name for _, name in slots}) != sorted(names):
        return None  # a value went somewhere other than a parameter of its own
    select, klass_info = compiler.select, compiler.klass_info
    assert klass_info is not None
    first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    return _Compiled(
        sql,
        tuple(params),
        slots,
        compiler,
        converters=compiler.get_converters([column[0] for column in select[: compiler.col_count]]),
        model=klass_info["model"],
        span=(first, last),
        attnames=tuple(column[0].target.attname for column in select[first:last]),
        populators=tuple(
            get_related_populators(klass_info, select, connection.alias)  # type: ignore[call-arg]
        ),
    )


def _instances(compiled: _Compiled, rows: list[Any]) -> list[Any]:
    """Model instances of ``rows`` with their select-related objects and
    annotations, as ``QuerySet`` iteration makes them."""
    compiler = compiled.compiler
    if compiled.converters:
        rows = list(compiler.apply_converters(rows, compiled.converters))
    first, last = compiled.span
    annotations = compiler.annotation_col_map or {}
    out = []
    for row in rows:
        obj = compiled.model.from_db(connection.alias, compiled.attnames, row[first:last])
        for populator in compiled.populators:
            populator.populate(row, obj)
        for name, position in annotations.items():
            setattr(obj, name, row[position])
        out.append(obj)
    return out


def _storable(value: Any) -> bool:
    """Whether the database takes ``value`` as it is: an integer past 64
    bits it does not (Django's lookups find no row for one)."""
    return not isinstance(value, int) or -(2**63) <= value < 2**63


def rows_compiled(key: Hashable, build: Build, values: dict[str, Any]) -> list[Any]:
    """The rows of ``build(values)`` as model instances, its SQL composed
    once per ``key`` (the queryset's shape: ``build`` must make the same
    query for any values) on this connection."""
    cache = _cache()
    shape = (key, getattr(connection.features, "uses_server_side_binding", False))
    if shape not in cache:
        cache[shape] = _compile(build, values)
    compiled = cache[shape]
    if compiled is None or not all(map(_storable, values.values())):
        return list(build(values))  # Django's own answer (no rows for an id out of range)
    params = list(compiled.params)
    for index, name in compiled.slots:
        params[index] = values[name]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    return _instances(compiled, rows)
