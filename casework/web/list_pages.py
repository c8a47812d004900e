"""The list pages' paging and sorting.

Paging tells people where they are: the total (counted up to
``COUNT_CAP``, past it "more than"), the page of how many, numbered links
around the current page and a box to jump to any page. Offset paging: the
page numbers are the point, and a list past the cap asks for a narrower
search rather than a deeper page. Sorting: each sortable column header links
to the list in its order, a second click the other way round."""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy

from casework.presenters.lists import rows_sliced

PAGE_SIZE = 25
# counting every row of a province-size list costs more than the page: past
# this, the page says "more than 10000" and pages go up to the cap
COUNT_CAP = 10_000
# a tab's count (the inbox, the queue, done) stops here: "999+"
TAB_COUNT_CAP = 999
# page links shown either side of the current one
WINDOW = 2


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_CAP`` (+1 to know it was
    passed): one ``SELECT COUNT(*)`` over at most that many rows."""

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        rows = cast(QuerySet[Any], self.object_list)
        # the rows alone: no order, no annotations (a deadline per row) to compute
        return int(rows.order_by().values("pk")[: COUNT_CAP + 1].count())

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

    def page(self, number: Any) -> Page:
        # deep pages read the skipped rows' ids only (presenters.lists.rows_sliced)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return Page(rows_sliced(self.object_list, bottom, top), number, self)


def count_capped(rows: QuerySet[Any]) -> int | str:
    """How many rows, up to ``TAB_COUNT_CAP``; past it ``"999+"``: what a
    tab's badge shows without counting a province's years of work."""
    n = rows.order_by().values("pk")[: TAB_COUNT_CAP + 1].count()
    return f"{TAB_COUNT_CAP}+" if n > TAB_COUNT_CAP else n


def page_of(qs: Any, number: Any) -> Page:
    """The page ``number`` (from the query string: anything not a page
    number gives the first, a number past the end the last)."""
    return CappedPaginator(qs, PAGE_SIZE).get_page(number)


def page_links(page: Page) -> list[int | None]:
    """The page numbers to link: the first, the last, and ``WINDOW`` either
    side of the current page; None where numbers are left out."""
    last = page.paginator.num_pages
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
    base = query_without(query, "sort", "page")
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
