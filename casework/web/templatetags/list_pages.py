"""The list pages' pager in templates: ``{% load list_pages %}``,
``page|page_links`` (the page numbers to link) and
``request.GET|without:"page"`` (the query string without one parameter),
``request.GET|without_paging`` (without the page number and the keyset
ids: the query string to add a page to)."""

from __future__ import annotations

from django import template
from django.core.paginator import Page
from django.http import QueryDict

from casework.web import list_pages

register = template.Library()


@register.filter
def page_links(page: Page) -> list[int | None]:
    return list_pages.page_links(page)


@register.filter
def without(query: QueryDict, name: str) -> str:
    return list_pages.query_without(query, name)


@register.filter
def without_paging(query: QueryDict) -> str:
    return list_pages.query_without(query, *list_pages.PAGING)
