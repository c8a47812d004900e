import hashlib
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from casework.core.errors import InvalidInput
from casework.presenters.lists import newest_first, rows_counted, rows_sliced

MAX_PAGE_SIZE = 200
# a list at least this long keeps its count for COUNT_SECONDS: counting a
# province's 10⁵–10⁶ cases, a supervisor's years of done tasks or the
# province's open queue (2,296 tasks: 16 ms, each checked against the case
# scope) costs more than the page itself, and such a count a minute old
# misleads nobody (the pages themselves are read afresh)
LONG_LIST = 1_000
COUNT_SECONDS = 60
AFTER = "after"


class CountKeepingPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        """The list's count, composed once: ``SELECT COUNT(*)`` over the
        list's ids (its joins for the columns left out), its SQL also the
        key a long list's count is kept under."""
        rows = rows_counted(self.object_list)
        if not isinstance(rows, QuerySet):
            return super().count
        sql, params = rows.order_by().values("pk").query.sql_with_params()
        key = "list-count:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        kept = cache.get(key)
        if kept is not None:
            return int(kept)
        with connections[rows.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)
            (n,) = cursor.fetchone()
        if n >= LONG_LIST:
            cache.set(key, n, COUNT_SECONDS)
        return int(n)

    def page(self, number: Any) -> Page:
        # deep pages read the skipped rows' ids only (presenters.lists.rows_sliced)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return Page(rows_sliced(self.object_list, bottom, top), number, self)


def _after(request: Request) -> int | None:
    raw = request.query_params.get(AFTER)
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) >= 2**63:
        raise InvalidInput("after: an id from a next link", fields={AFTER: ["a positive integer"]})
    return int(raw)


class Pagination(PageNumberPagination):
    """Page numbers (``?page=``), or a keyset page (``?after=<id>``: the rows
    after that one, newest first; ``after=0`` the first page) for the lists
    that come newest first: its cost does not grow with the depth. A keyset
    page's ``next`` link carries ``after`` again; its ``previous`` is null."""

    django_paginator_class = CountKeepingPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    after: int | None = None

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self.after = _after(request)
        if self.after is None:
            return super().paginate_queryset(queryset, request, view)
        if not newest_first(queryset):
            raise InvalidInput(
                "after: only for a list in its default order (newest first)",
                fields={AFTER: ["not with this ordering"]},
            )
        self.request = self.keyset_request = request
        size = self.get_page_size(request) or self.page_size
        self.keyset_count = self.django_paginator_class(queryset, size).count
        after = queryset.filter(pk__lt=self.after) if self.after else queryset
        rows = rows_sliced(after, 0, size + 1)
        self.keyset_next = rows[size - 1].pk if len(rows) > size else None
        return rows[:size]

    def get_paginated_response(self, data: Any) -> Response:
        if self.after is None:
            return super().get_paginated_response(data)
        url = remove_query_param(self.keyset_request.build_absolute_uri(), self.page_query_param)
        following = self.keyset_next
        return Response(
            {
                "count": self.keyset_count,
                "next": replace_query_param(url, AFTER, following) if following else None,
                "previous": None,
                "results": data,
            }
        )


# ?page=, ?after= and ?page_size= of a paged list, for the schema (a page past the end → 404)
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="page number, from 1"),
    OpenApiParameter(
        AFTER,
        int,
        description="keyset paging (lists in their default order, newest first): the rows "
        "after this id, 0 for the first page; the `next` link gives the following page "
        "(its cost does not grow with the depth), `previous` is null",
    ),
    OpenApiParameter("page_size", int, description=f"items per page, at most {MAX_PAGE_SIZE}"),
]


def page_of(name: str, item: Any) -> Any:
    """The schema of a page of ``item``: ``{"count", "next", "previous", "results"}``."""
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializers.ListField(child=item),
        },
    )
