"""The sort orders of the lists' column headers (``workflows.selectors``):
``key`` ascending, ``-key`` descending, each with the order an index can
give or the one that keeps a list from being walked along the wrong one."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.expressions import OrderBy


def _both_ways(field: Any, tie: str, walk: bool) -> dict[str, tuple[Any, ...]]:
    """``key`` ascending and ``-key`` descending (ties by ``tie``) of a
    column never missing. ``walk``: ordered plainly, so that its index
    gives the order and the list is not sorted whole (a case list by
    number). Else in an order no index gives (NULLs placed where the index
    does not have them; there are none): a task list by case number, one
    person's or one unit's tasks, is gathered and sorted, never walked
    along the cases' index (the province's queue by number walked a
    million cases to find its first 25)."""
    expr = F(field) if isinstance(field, str) else field
    if walk:
        return {"asc": (expr.asc(), tie), "desc": (expr.desc(), f"-{tie}")}
    return {
        "asc": (OrderBy(expr, nulls_first=True), tie),
        "desc": (OrderBy(expr, descending=True, nulls_last=True), f"-{tie}"),
    }


def _due_ways(field: str, tie: str) -> dict[str, tuple[Any, ...]]:
    """By due date, the tasks without one last either way."""
    return {
        "asc": (OrderBy(F(field), nulls_last=True), tie),
        "desc": (OrderBy(F(field), descending=True, nulls_last=True), f"-{tie}"),
    }


def _sorts(fields: dict[str, Any], tie: str, walked: tuple[str, ...]) -> dict[str, tuple[Any, ...]]:
    table: dict[str, tuple[Any, ...]] = {}
    for key, field in fields.items():
        if key == "due":
            ways = _due_ways(field, tie)
        else:
            ways = _both_ways(field, tie, walk=key in walked)
        table[key], table[f"-{key}"] = ways["asc"], ways["desc"]
    # the id alone (never missing): "NULLS LAST" on it would keep the index
    # on the id from giving the order, and the list would be sorted whole
    table["created"], table["-created"] = (tie,), (f"-{tie}",)
    return table


# the sort orders of the lists' column headers: ``key`` ascending, ``-key``
# descending; ids stand for creation order (an index gives them in it)
TASK_SORTS = _sorts(
    {
        "due": "info__due",
        "created": "id",
        "number": "info__case__case_number",
        "status": "info__case__case_status",
    },
    tie="id",
    walked=(),
)
CASE_SORTS = _sorts(
    {
        "due": "due",
        "created": "process_ptr_id",
        "number": "case_number",
        "status": "case_status",
    },
    tie="process_ptr_id",
    walked=("number", "status"),
)
