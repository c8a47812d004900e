"""Saved filters: a list page's filters kept under a name by the person
who set them, shown to them only (as chips above the list).

``saved_filter_save`` keeps only what the page's filter serializer declares
and accepts (the same serializer the page and the API filter with), so a
saved filter never holds what the page would refuse; ``saved_filter_delete``
and ``saved_filters_of`` see the owner's filters only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers

from casework.core.errors import InvalidInput, NotFound

from .models import SavedFilter

MAX_PER_PAGE = 20
NAME_MAX = SavedFilter._meta.get_field("name").max_length or 60


def saved_filters_of(user: Any, page: str) -> QuerySet[SavedFilter]:
    """The user's saved filters of ``page``, by name."""
    return SavedFilter.objects.filter(owner=user, page=page).order_by("name", "pk")


def _kept_query(params: Mapping[str, str], serializer_class: type[serializers.Serializer]) -> str:
    declared = serializer_class().fields
    kept = {k: v for k, v in params.items() if k in declared and v != ""}
    if not serializer_class(data=kept).is_valid():
        raise InvalidInput(
            "invalid filters", fields={"query": [_("These filters cannot be saved.")]}
        )
    query = QueryDict(mutable=True)
    query.update(kept)
    return query.urlencode()


@transaction.atomic
def saved_filter_save(
    *,
    owner: Any,
    page: str,
    name: str,
    params: Mapping[str, str],
    serializer_class: type[serializers.Serializer],
) -> SavedFilter:
    """Keep the page's filters in ``params`` (the query string; the page
    number and anything undeclared left out) under ``name``, replacing the
    owner's filter of that name. Refuses a blank or too long name, filters
    the page would refuse, and more than ``MAX_PER_PAGE`` filters a page."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("blank name", fields={"name": [_("Give the filter a name.")]})
    if len(name) > NAME_MAX:
        raise InvalidInput(
            "name too long",
            fields={"name": [_("At most %(n)d characters.") % {"n": NAME_MAX}]},
        )
    query = _kept_query(params, serializer_class)
    mine = saved_filters_of(owner, page)
    if not mine.filter(name=name).exists() and mine.count() >= MAX_PER_PAGE:
        raise InvalidInput(
            "too many",
            fields={
                "name": [_("At most %(n)d saved filters; delete one first.") % {"n": MAX_PER_PAGE}]
            },
        )
    saved, _created = SavedFilter.objects.update_or_create(
        owner=owner, page=page, name=name, defaults={"query": query}
    )
    return saved


@transaction.atomic
def saved_filter_delete(*, owner: Any, filter_id: Any) -> None:
    """Delete the owner's saved filter; anyone else's is not found."""
    try:
        pk = int(filter_id)
    except (TypeError, ValueError):
        pk = 0
    deleted, _kinds = SavedFilter.objects.filter(owner=owner, pk=pk).delete()
    if not deleted:
        raise NotFound(_("saved filter not found"))
