"""The list pages' paging and sorting.

Paging tells people where they are without counting a province: the total
is counted up to ``COUNT_CAP`` (past it, "more than"), the pages up to it
are numbered (links around the current page and a box to jump to one), and
a list that comes newest first goes on past them a page at a time by
keyset (``?after=<id>``, back with ``?before=<id>``), whose cost does not
grow with the depth (``casework.presenters.lists.rows_sliced``). A list in
another order past the cap asks for a narrower search. Sorting: each
sortable column header links to the list in its order, a second click the
other way round."""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from casework.presenters.lists import (
    counted_by_ids,
    newest_first,
    rows_counted,
    rows_of_ids,
    rows_sliced,
)

PAGE_SIZE = 25
# counting a province-size list costs more than the page: the count stops
# here (20 numbered pages), past it the page says "more than 500"
COUNT_CAP = 500
# a tab's count (the inbox, the queue, done) stops here: "99+"
TAB_COUNT_CAP = 99
# page links shown either side of the current one
WINDOW = 2
# the query string's paging parameters: the page number, the keyset ids
PAGING = ("page", "after", "before")
AFTER, BEFORE = "after", "before"


class ListPage(Page):
    """A page of a list; ``after_id``/``before_id``: the row a keyset link
    to the next/previous page starts from, where one goes on that way."""

    after_id: int | None = None
    before_id: int | None = None


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_CAP`` (+1 to know it was
    passed): one ``SELECT COUNT(*)`` over at most that many rows.
    ``count_ordered``: count a list newest first in that order, for a list
    filtered by another table's rows (the overdue cases, through the late
    tasks: in the id's order the count stops at the cap, 4 ms for the
    province, where unordered it gathers every late task first, 64 ms);
    a list filtered along its own indexes counts faster without it (a
    county's cases: 1 ms against 13)."""

    count_ordered = False
    # the count when it was read beside others (``page_with_tabs``)
    counted: int | None = None
    # the ids of the list's first ``COUNT_CAP`` + 1 rows in its order, when
    # read for the count (``first_ids_read``)
    first_ids: list[Any] | None = None

    def first_ids_read(self) -> None:
        """Count a task list (``counted_by_ids``) by reading the ids of
        its first ``COUNT_CAP`` + 1 rows in its order: the numbered pages
        are cut from them, so the list's query runs once for the count and
        the page, where a count and the page's ids each ran it (the county
        queue's 252 open tasks were joined, checked and counted, then joined,
        checked and sorted again: 3 ms each)."""
        rows = cast(QuerySet[Any], self.object_list)
        self.first_ids = list(rows.values_list("pk", flat=True)[: COUNT_CAP + 1])
        self.counted = len(self.first_ids)

    def rows_counted(self) -> QuerySet[Any]:
        """What ``count`` counts: the ids of at most ``COUNT_CAP`` + 1 rows."""
        rows = cast(QuerySet[Any], rows_counted(self.object_list))
        # the rows alone: no annotations (a deadline per row) to compute, and
        # no order unless asked to count in it (``count_ordered``)
        if not (self.count_ordered and newest_first(rows)):
            rows = rows.order_by()
        return rows.values("pk")[: COUNT_CAP + 1]

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return self.counted if self.counted is not None else int(self.rows_counted().count())

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def shown_count(self) -> int:
        return min(self.count, COUNT_CAP)

    @property
    def num_pages(self) -> int:  # type: ignore[override]
        # past the cap, as many pages as the cap fills
        return max(1, -(-self.shown_count // self.per_page))

    @cached_property
    def keyset(self) -> bool:
        """Whether the list goes on past its numbered pages by keyset."""
        return self.capped and newest_first(self.object_list)

    def page(self, number: Any) -> Page:
        # deep pages read the skipped rows' ids only (presenters.lists.rows_sliced)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self.first_ids is not None:
            rows = rows_of_ids(cast(QuerySet[Any], self.object_list), self.first_ids[bottom:top])
        else:
            rows = rows_sliced(self.object_list, bottom, top)
        page = ListPage(rows, number, self)
        if self.keyset and number == self.num_pages and rows:
            page.after_id = rows[-1].pk  # the last numbered page: "next" goes on by keyset
        return page


class KeysetPage(ListPage):
    """A page past the numbered ones: the rows after (older than) or before
    (newer than) a row of a list that comes newest first. It has no number;
    "previous" and "next" go on by keyset (``before_id``, ``after_id``)."""

    def __init__(self, rows: list[Any], paginator: CappedPaginator, more: bool, after: bool):
        super().__init__(rows, cast(int, None), paginator)
        first, last = (rows[0].pk, rows[-1].pk) if rows else (None, None)
        # reading older rows, ``more`` says whether older ones follow; newer, newer ones
        self.after_id = last if (more or not after) else None
        self.before_id = first if (more or after) else None

    def has_next(self) -> bool:  # the keyset links stand for the numbered ones
        return False

    def has_previous(self) -> bool:
        return False


def _keyset_id(query: QueryDict, name: str) -> int | None:
    raw = query.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) < 2**63 else None


def _keyset_asked(rows: Any, query: QueryDict) -> bool:
    """Whether the query asks for a keyset page (``?after=``/``?before=``)
    of a list that allows one (newest first)."""
    asked = _keyset_id(query, AFTER) is not None or _keyset_id(query, BEFORE) is not None
    return asked and newest_first(rows)


def _numbered(paginator: CappedPaginator, query: QueryDict) -> bool:
    """Whether the query asks for a numbered page of a list whose first
    ids can be read for its count (``CappedPaginator.first_ids_read``)."""
    rows = paginator.object_list
    return counted_by_ids(rows) and not _keyset_asked(rows, query)


def _keyset_page(paginator: CappedPaginator, query: QueryDict) -> Page | None:
    """The keyset page ``?after=``/``?before=`` asks for, when the list
    allows one; None for a numbered page. Newer than the numbered pages'
    last rows, the first page."""
    rows = cast(QuerySet[Any], paginator.object_list)
    if not _keyset_asked(rows, query):
        return None
    after, before = _keyset_id(query, AFTER), _keyset_id(query, BEFORE)
    size = paginator.per_page
    if after is not None:
        found = rows_sliced(rows.filter(pk__lt=after), 0, size + 1)
        return KeysetPage(found[:size], paginator, len(found) > size, after=True)
    newer = rows_sliced(rows.filter(pk__gt=before).reverse(), 0, size + 1)
    if len(newer) <= size:  # back at the top of the list
        return paginator.page(1)
    return KeysetPage(newer[:size][::-1], paginator, True, after=False)


def _counts_read(lists: dict[str, QuerySet[Any]]) -> dict[str, int]:
    """How many rows each list has (a sliced list: up to its slice's end),
    in one query, a scalar subquery each: a query each cost a round trip
    and the ORM's work on its result."""
    numbers: dict[str, int] = {}
    parts: list[tuple[str, str]] = []
    params: list[Any] = []
    for name, rows in lists.items():
        try:
            sql, part = rows.query.sql_with_params()
        except EmptyResultSet:  # a filter nothing can match (``pk__in=[]``)
            numbers[name] = 0
            continue
        parts.append((name, f"(SELECT COUNT(*) FROM ({sql}) AS capped)"))
        params.extend(part)
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(sql for _, sql in parts)}", params)
            numbers.update(zip((name for name, _ in parts), cursor.fetchone(), strict=True))
    return numbers


def page_with_tabs(
    rows: Any, query: QueryDict, tabs: dict[str, QuerySet[Any]], own: str | None
) -> tuple[Page, dict[str, int | str]]:
    """``page_of`` a list, and the counts of the tabs beside it (``tabs``:
    the others' lists; ``own``: the tab the list is, unfiltered, shown as
    the page's count), counted up to ``TAB_COUNT_CAP`` (past it ``"99+"``:
    what a tab's badge shows without counting a province's years of work);
    the page's count and the tabs' in one query, or for a numbered page of
    a task list the page's count from its first ids (``first_ids_read``)
    and the tabs' in one."""
    paginator = CappedPaginator(rows, PAGE_SIZE)
    numbered = _numbered(paginator, query)
    if numbered:
        paginator.first_ids_read()
    numbers = _counts_read(
        ({} if numbered else {"": paginator.rows_counted()})
        | {name: tab.order_by().values("pk")[: TAB_COUNT_CAP + 1] for name, tab in tabs.items()}
    )
    if not numbered:
        paginator.counted = numbers.pop("")
    if own is not None:
        numbers[own] = paginator.count
    page = _keyset_page(paginator, query) or paginator.get_page(query.get("page"))
    return page, {
        name: f"{TAB_COUNT_CAP}+" if number > TAB_COUNT_CAP else number
        for name, number in numbers.items()
    }


def page_of(rows: Any, query: QueryDict, *, count_ordered: bool = False) -> Page:
    """The page the query string asks for: ``after``/``before`` a row (a
    list newest first), else ``page`` (anything not a page number gives the
    first, a number past the end the last). ``count_ordered``: see
    ``CappedPaginator``."""
    paginator = CappedPaginator(rows, PAGE_SIZE)
    paginator.count_ordered = count_ordered
    return _keyset_page(paginator, query) or paginator.get_page(query.get("page"))


def page_links(page: Page) -> list[int | None]:
    """The page numbers to link: the first, the last, and ``WINDOW`` either
    side of the current page; None where numbers are left out."""
    last = page.paginator.num_pages
    if page.number is None:  # a keyset page, past the last numbered one
        return [1, None, last] if last > 2 else list(range(1, last + 1))
    wanted = {1, last, *range(page.number - WINDOW, page.number + WINDOW + 1)}
    links: list[int | None] = []
    for n in sorted(n for n in wanted if 1 <= n <= last):
        if links and links[-1] is not None and n - links[-1] > 1:
            links.append(None)
        links.append(n)
    return links


def query_without(query: QueryDict, *names: str) -> str:
    """The query string without ``names`` (e.g. ``page``), to append them anew."""
    kept = query.copy()
    for name in names:
        kept.pop(name, None)
    return kept.urlencode()


def sort_headers(
    query: QueryDict, current: str, first: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """For each sortable column (``first``: its key → the order a first
    click gives, ``key`` or ``-key``): the query string that sorts by it
    (the other way round when it is the current order, back on page 1), and
    ``dir``: ``ascending``/``descending`` when the list is in its order
    (``aria-sort``'s words), else None."""
    base = query_without(query, "sort", *PAGING)
    headers = {}
    for key, order in first.items():
        if current in (key, f"-{key}"):
            direction = "descending" if current.startswith("-") else "ascending"
            following = key if current.startswith("-") else f"-{key}"
        else:
            direction, following = None, order
        sep = "&" if base else ""
        headers[key] = {"query": f"{base}{sep}sort={following}", "dir": direction}
    return headers


# the orders as the sort box on a phone offers them (no column headers there)
SORT_LABELS = {
    "due": gettext_lazy("Due date, earliest first"),
    "-due": gettext_lazy("Due date, latest first"),
    "-created": gettext_lazy("Newest first"),
    "created": gettext_lazy("Oldest first"),
    "number": gettext_lazy("Case number, ascending"),
    "-number": gettext_lazy("Case number, descending"),
    "status": gettext_lazy("By status"),
    "-status": gettext_lazy("By status, reversed"),
}
