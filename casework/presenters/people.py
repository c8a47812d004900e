"""How the pages name a person: staff by their full name, the username only
when the account has no name. The audit log, the task rows and the
documents keep usernames (they are the API's identifiers); a page turns
them into names with one query for all the staff. A member's name is
personal data a page shows through the case view, never from here: a
member's account (a member acting on their own case: answering a return,
uploading) shows as "the member" (会员本人) on every staff page — the
decisions, the documents, the timeline — whatever the reader may see of
the member's name."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from casework.audit.services import SYSTEM_ACTOR
from casework.core.roles import STAFF_ROLES


def member_account() -> str:
    """How a page names a member's own account (translated)."""
    return _("The member")


def staff_accounts() -> QuerySet[Any]:
    """The staff's accounts, whom a page names by name: a staff role, or a
    superuser."""
    return get_user_model().objects.filter(Q(groups__name__in=STAFF_ROLES) | Q(is_superuser=True))


def staff_names() -> dict[str, str]:
    """username → full name of every staff account, the username when it
    has no name (one query)."""
    User = get_user_model()  # noqa: N806
    rows = staff_accounts().values_list(User.USERNAME_FIELD, "first_name", "last_name").distinct()
    return {username: f"{first} {last}".strip() or username for username, first, last in rows}


class PeopleNames:
    """The names of the people one request shows: the staff's read at the
    first ask, once; the audit's system actor as "system", and any other
    account as "the member" (a member's own account: their name is
    personal data, shown where the case view shows it), translated."""

    def __init__(self) -> None:
        self._names: dict[str, str] | None = None

    def name(self, username: str | None) -> str:
        if not username:
            return ""
        if username == SYSTEM_ACTOR:
            return _("system")
        if self._names is None:
            self._names = staff_names()
        return self._names.get(username) or member_account()


def people_names(request: Any) -> PeopleNames:
    """The request's ``PeopleNames`` (made at the first ask)."""
    names = getattr(request, "_casework_people", None)
    if names is None:
        names = PeopleNames()
        if request is not None:
            request._casework_people = names
    return names
