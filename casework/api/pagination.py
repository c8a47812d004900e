import hashlib
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 200
# a list at least this long keeps its count for COUNT_SECONDS: counting a
# province's 10⁵–10⁶ cases or a supervisor's years of done tasks costs far
# more than the page itself, and such a count a minute old misleads nobody
LONG_LIST = 10_000
COUNT_SECONDS = 60


class CountKeepingPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        sql, params = query.sql_with_params()
        key = "list-count:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        kept = cache.get(key)
        if kept is not None:
            return int(kept)
        n = super().count
        if n >= LONG_LIST:
            cache.set(key, n, COUNT_SECONDS)
        return n


class Pagination(PageNumberPagination):
    django_paginator_class = CountKeepingPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


# ?page= and ?page_size= of a paged list, for the schema (a page past the end → 404)
PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="page number, from 1"),
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
