"""Member lists, scoped to the user (the case list, which reads the tasks,
is ``workflows.selectors.cases_list``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .access import members_visible_to
from .identifiers import identifier_normalize
from .models import Member


def members_list(user: Any, *, q: str = "") -> QuerySet[Member]:
    """The members ``user`` may see, by name; ``q`` finds a name containing
    it or an ID number containing it however it is typed (full-width,
    lowercase x, spaces or invisible characters)."""
    qs = members_visible_to(user).select_related("org_unit").order_by("name", "pk")
    if q:
        match = Q(name__icontains=q)
        number = identifier_normalize(q)
        if number:
            match |= Q(id_number__icontains=number)
        qs = qs.filter(match)
    return qs
