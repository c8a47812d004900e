"""Who may see what. One set of predicates used by selectors, the engine,
the API and the admin alike.

Scope: a staff user sees the cases of their unit's subtree; a member sees
their own cases; superusers see everything (but are bound by four-eyes).

Mediation cases are confidential (PROCESSES.md §3): only the mediation
coordinator and auditors of the case's subtree, the mediator the case is
assigned to now, and superusers see them; everyone else gets 404. One rule,
written twice — as a filter (``case_scope_q``) and as a predicate
(``can_see_case``) — and tested through both.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from .compiled import rows_compiled
from .errors import NotFound
from .models import Case, Member, OrgUnit, UserProfile
from .roles import (
    AUDITOR,
    CASE_STAFF_ROLES,
    DUTY_LAWYER,
    MEDIATION_COORDINATOR,
    MEDIATOR,
    MEMBER,
    STAFF_ROLES,
)

MEDIATION = "mediation"
# the one program a duty lawyer's unit scope covers
CONSULTATION = "consultation"
# roles that see every mediation case of their subtree
MEDIATION_READERS = frozenset({MEDIATION_COORDINATOR, AUDITOR})


def roles_read_with(rows: QuerySet[Any], user_ref: str) -> QuerySet[Any]:
    """``rows`` (a read of a user, or of a row with its user: a token) with
    the user's roles as a column of their own (``casework_roles``; on
    PostgreSQL, an array of the group names), so that ``user_roles`` makes
    no query (``roles_held``): every request reads the user and their roles.
    ``user_ref``: the user's id in ``rows``. Elsewhere ``rows`` as they are."""
    if connection.vendor != "postgresql":
        return rows
    names = Group.objects.filter(user=OuterRef(user_ref)).values("name")
    return rows.annotate(casework_roles=ArraySubquery(names))


def roles_held(user: Any, row: Any) -> None:
    """Keep on ``user`` the roles read with ``row`` (``roles_read_with``)."""
    names = getattr(row, "casework_roles", None)
    if names is not None:
        user._casework_roles = frozenset(names)


def user_roles(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_casework_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._casework_roles = cached
    return cached


def user_unit(user: Any) -> OrgUnit | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_casework_unit"):
        # the profile and its unit read with the user (None cached when they
        # have none: ``roles_read_with``'s readers), else in one query
        read_with_user = UserProfile.user.field.remote_field
        profile = (
            cast(UserProfile | None, read_with_user.get_cached_value(user))
            if read_with_user.is_cached(user)
            else UserProfile.objects.select_related("org_unit").filter(user_id=user.pk).first()
        )
        user._casework_unit = profile.org_unit if profile else None
    return user._casework_unit


def is_staff_user(user: Any) -> bool:
    return bool(user.is_superuser or (user_roles(user) & set(STAFF_ROLES)))


def is_case_staff(user: Any) -> bool:
    """Staff who work the programs' cases (every staff role but the duty
    lawyer's, who sees consultations only), and superusers."""
    return bool(user.is_superuser or (user_roles(user) & set(CASE_STAFF_ROLES)))


def unit_in_scope(user: Any, unit: OrgUnit) -> bool:
    """Whether ``unit`` lies in the user's subtree."""
    if user.is_superuser:
        return True
    mine = user_unit(user)
    return bool(mine and unit.path.startswith(mine.path))


def case_scope_q(user: Any, prefix: str = "") -> Q:
    """A filter for the cases ``user`` may see (``prefix`` for related lookups)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    roles = user_roles(user)
    unit = user_unit(user)
    mediation = Q(**{f"{prefix}program": MEDIATION})
    if unit is not None and roles & set(STAFF_ROLES):
        in_scope = Q(**{f"{prefix}org_unit__path__startswith": unit.path})
        if roles & set(CASE_STAFF_ROLES):
            q |= in_scope & ~mediation
        elif DUTY_LAWYER in roles:
            q |= in_scope & Q(**{f"{prefix}program": CONSULTATION})
        if roles & MEDIATION_READERS:
            q |= in_scope & mediation
    if MEDIATOR in roles:
        q |= mediation & Q(**{f"{prefix}mediation__mediator": user})
    if MEMBER in roles:
        q |= Q(**{f"{prefix}member__user": user}) & ~mediation
    return q


def cases_visible_to(user: Any) -> QuerySet[Case]:
    return Case.objects.filter(case_scope_q(user))


def members_visible_to(user: Any) -> QuerySet[Member]:
    if user.is_superuser:
        return Member.objects.all()
    unit = user_unit(user)
    q = Q(pk__in=[])
    if unit is not None and is_staff_user(user):
        q |= Q(org_unit__path__startswith=unit.path)
    if MEMBER in user_roles(user):
        q |= Q(user=user)
    return Member.objects.filter(q)


def org_units_visible_to(user: Any) -> QuerySet[OrgUnit]:
    if user.is_superuser:
        return OrgUnit.objects.all()
    unit = user_unit(user)
    if unit is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(path__startswith=unit.path)


def can_see_case(user: Any, case: Case | None) -> bool:
    if case is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if case.program == MEDIATION:
        return mediation_content_visible(user, case)
    if unit_in_scope(user, case.org_unit) and (
        is_case_staff(user) or (case.program == CONSULTATION and DUTY_LAWYER in user_roles(user))
    ):
        return True
    member = case.member
    return bool(MEMBER in user_roles(user) and member is not None and member.user_id == user.pk)


def mediation_content_visible(user: Any, case: Case, mediator_id: int | None = None) -> bool:
    """Whether ``user`` may see a mediation case and its confidential content
    (session notes, statements, agreement terms): the coordinator and
    auditors of its subtree, the mediator it is assigned to now (pass
    ``mediator_id`` when it is at hand, to save the query), superusers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    roles = user_roles(user)
    if roles & MEDIATION_READERS and unit_in_scope(user, case.org_unit):
        return True
    if MEDIATOR not in roles:
        return False
    if mediator_id is not None:
        return mediator_id == user.pk
    return Case.objects.filter(pk=case.pk, mediation__mediator=user).exists()


def _case_by_number(values: dict[str, Any]) -> QuerySet[Case]:
    return Case.objects.select_related("org_unit", "member", "submitted_by").filter(
        case_number=values["number"]
    )


def case_for_user(user: Any, case_number: str) -> Case:
    """Fetch and authorize in one call: 404 when missing or not visible."""
    if "\x00" in case_number:  # no case number holds one; PostgreSQL refuses to compare it
        raise NotFound(_("case not found"))
    rows = rows_compiled("core.case_for_user", _case_by_number, {"number": case_number})
    case = rows[0] if rows else None
    if case is None or not can_see_case(user, case):
        raise NotFound(_("case %(case)s not found") % {"case": case_number})
    return case
