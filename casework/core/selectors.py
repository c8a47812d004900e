"""Member lists, scoped to the user (the case list, which reads the tasks,
is ``workflows.selectors.cases_list``)."""

from __future__ import annotations

import re
from typing import Any

from django.db import connections
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Left

from .access import members_visible_to
from .identifiers import identifier_normalize
from .models import Member
from .text_search import HasTextOf, NameRestHas

# an ID number (GB 11643): a longer text is part of none, a whole one is looked up
ID_NUMBER_LENGTH = 18
ID_NUMBER_PART = re.compile(r"[0-9X]{1,18}")


def members_list(user: Any, *, q: str = "") -> QuerySet[Member] | MembersByName:
    """The members ``user`` may see, by name; ``q`` finds a name containing
    it or an ID number containing it however it is typed (full-width,
    lowercase x, spaces or invisible characters)."""
    visible = members_visible_to(user)
    qs = visible.select_related("org_unit").order_by("name", "pk")
    if not q:
        return qs
    found = qs.filter(member_search_q(q))
    return MembersByName(found, visible, q) if MembersByName.reads(found, q) else found


class MembersByName:
    """The members whose name holds one character (``q`` of one letter with
    no case, a Chinese surname say), in name order, a page at a time. Found
    through the names' grams and sorted, a common surname's members were
    all read first (the province's 61,009 周: 240 ms); walked along the
    name index, every name before the surname's was read (182,179 rows,
    578 ms). So two parts, each along an index and cut at the page's end:
    the names starting with the character, and the names holding it after
    their first (``text_search.NAME_PART_INDEXES``); the page is cut from
    the two in name order. ``counted``: the list as a queryset, what a
    pager counts and what the rows are read from."""

    def __init__(self, counted: QuerySet[Member], visible: QuerySet[Member], letter: str) -> None:
        self.counted = counted
        self.visible = visible
        self.letter = letter

    @staticmethod
    def reads(found: QuerySet[Member], q: str) -> bool:
        """Whether a search is one this reads (on PostgreSQL, whose indexes it walks)."""
        caseless = len(q) == 1 and q.upper() == q.lower() and not q.isspace()
        return (
            caseless
            and not ID_NUMBER_PART.fullmatch(identifier_normalize(q))
            and (connections[found.db].vendor == "postgresql")
        )

    def _ids(self, bottom: int, top: int) -> list[int]:
        rows = self.visible.order_by().annotate(first=Left("name", 1), row_id=F("pk"))
        starting = rows.filter(first=self.letter)
        holding = rows.exclude(first=self.letter).filter(NameRestHas("name", self.letter))
        parts = [
            part.order_by("name", "pk").values("row_id", "name")[:top].query.sql_with_params()
            for part in (starting, holding)
        ]
        sql = (
            f"SELECT row_id FROM (({parts[0][0]}) UNION ALL ({parts[1][0]})) AS found "
            "ORDER BY name, row_id LIMIT %s OFFSET %s"
        )
        with connections[self.counted.db].cursor() as cursor:
            cursor.execute(sql, [*parts[0][1], *parts[1][1], top - bottom, bottom])
            return [row[0] for row in cursor.fetchall()]

    def __getitem__(self, part: slice) -> list[Member]:
        bottom = part.start or 0
        if part.stop is None or part.step is not None:
            return list(self.counted[part])
        ids = self._ids(bottom, part.stop) if part.stop > bottom else []
        by_id = {member.pk: member for member in self.counted.order_by().filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def __iter__(self) -> Any:
        return iter(self.counted)

    def count(self) -> int:
        return self.counted.count()

    def none(self) -> QuerySet[Member]:
        return self.counted.none()


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
