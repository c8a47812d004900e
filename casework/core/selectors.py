"""Member lists, scoped to the user (the case list, which reads the tasks,
is ``workflows.selectors.cases_list``)."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from .access import members_visible_to
from .identifiers import identifier_normalize
from .models import Member
from .text_search import HasTextOf

# an ID number (GB 11643): a longer text is part of none, a whole one is looked up
ID_NUMBER_LENGTH = 18
ID_NUMBER_PART = re.compile(r"[0-9X]{1,18}")


def members_list(user: Any, *, q: str = "") -> QuerySet[Member]:
    """The members ``user`` may see, by name; ``q`` finds a name containing
    it or an ID number containing it however it is typed (full-width,
    lowercase x, spaces or invisible characters)."""
    qs = members_visible_to(user).select_related("org_unit").order_by("name", "pk")
    if q:
        qs = qs.filter(member_search_q(q))
    return qs


def member_search_q(q: str, prefix: str = "") -> Q:
    """A member whose name contains ``q`` or whose ID number contains it,
    each found through an index (``text_search``). ID numbers are stored
    normalized (upper-case): a whole one is looked up, part of one matched
    as it is."""
    match = Q(HasTextOf(f"{prefix}name", q)) & Q(**{f"{prefix}name__icontains": q})
    number = identifier_normalize(q)
    if not ID_NUMBER_PART.fullmatch(number):  # digits and X: nothing else is in one
        return match
    if len(number) == ID_NUMBER_LENGTH:
        return match | Q(**{f"{prefix}id_number": number})
    return match | Q(**{f"{prefix}id_number__contains": number})
