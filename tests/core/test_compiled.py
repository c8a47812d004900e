"""Reads composed once per shape (casework.core.compiled): the same rows,
related objects and annotations as the queryset, for any values."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
from django.test.utils import CaptureQueriesContext

from casework.core.compiled import rows_compiled
from casework.core.models import Member, OrgUnit


def _members(values: dict[str, Any]) -> QuerySet[Member]:
    _members.calls += 1  # type: ignore[attr-defined]
    return (
        Member.objects.select_related("org_unit", "org_unit__parent")
        .annotate(siblings=Count("org_unit__members"))
        .filter(org_unit_id=values["unit"], name__gt=values["after"])
        .order_by("pk")
    )


def _as_seen(members: list[Member]) -> list[tuple[Any, ...]]:
    return [
        (m.pk, m.name, m.id_number, m.org_unit.name, m.org_unit.parent_id, m.siblings)  # type: ignore[attr-defined]
        for m in members
    ]


def test_the_rows_are_the_querysets_for_every_value(members) -> None:
    units = sorted({m.org_unit_id for m in members})
    _members.calls = 0  # type: ignore[attr-defined]
    runs = 0
    for unit in units:
        for after in ("", min(m.name for m in members), "\uffff"):
            values = {"unit": unit, "after": after}
            got = rows_compiled(("test", "members"), _members, values)
            runs += 1
            assert _as_seen(got) == _as_seen(list(_members(values)))
    # composed once (the rest were the comparisons' own querysets)
    assert _members.calls == 1 + runs  # type: ignore[attr-defined]
    # the related objects came with the row: reading them sends no query
    got = rows_compiled(("test", "members"), _members, {"unit": units[0], "after": ""})
    assert got
    with CaptureQueriesContext(connection) as ctx:
        _as_seen(got)
    assert len(ctx.captured_queries) == 0


def test_the_sql_is_composed_once_per_shape(members) -> None:
    key = ("test", "units")

    def build(values: dict[str, Any]) -> QuerySet[OrgUnit]:
        build.calls += 1  # type: ignore[attr-defined]
        return OrgUnit.objects.filter(pk=values["pk"])

    build.calls = 0  # type: ignore[attr-defined]
    unit_ids = list(OrgUnit.objects.values_list("pk", flat=True))
    for pk in unit_ids:
        assert [u.pk for u in rows_compiled(key, build, {"pk": pk})] == [pk]
    assert build.calls == 1  # type: ignore[attr-defined]


def test_an_id_past_64_bits_finds_nothing_as_djangos_lookup_does(members) -> None:
    def build(values: dict[str, Any]) -> QuerySet[OrgUnit]:
        return OrgUnit.objects.filter(pk=values["pk"])

    assert rows_compiled(("test", "big"), build, {"pk": 1}) is not None
    assert rows_compiled(("test", "big"), build, {"pk": 2**70}) == []


def test_each_thread_keeps_its_own_shapes() -> None:
    """A kept shape holds its compiler, which holds the connection it was
    composed on: shapes are kept per thread (each thread has its own)."""
    import threading

    from django.db import connections

    from casework.core.compiled import _cache

    seen: list[dict[Any, Any]] = []  # the caches themselves: kept alive, ids stay apart

    def keep() -> None:
        seen.append(_cache())
        connections.close_all()

    threads = [threading.Thread(target=keep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seen.append(_cache())
    assert len({id(cache) for cache in seen}) == 3
