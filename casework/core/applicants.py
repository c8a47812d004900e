"""Who a member-started case (a relief application, a mutual-aid claim) is
for: one check for every program that members apply to themselves."""

from __future__ import annotations

from typing import Any

from .access import members_visible_to, user_roles
from .errors import Forbidden, InvalidInput
from .models import Member
from .roles import CASEWORKER, MEMBER


def applicant_check(user: Any, *, refusal: str) -> None:
    """Refuses 403 with ``refusal`` unless ``user`` is a caseworker, a member
    or a superuser; run before the input is read, so a stranger learns nothing
    about what the input would have said."""
    if not (user.is_superuser or user_roles(user) & {CASEWORKER, MEMBER}):
        raise Forbidden(refusal)


def applicant_of(user: Any, data: dict[str, Any], *, not_themself: str) -> Member:
    """The member ``data["member"]`` names (popped from ``data``), with its
    unit. A member (not a caseworker) may name only themself: anyone else is
    403 ``not_themself`` (not 404, whoever the id names); a member ``user``
    may not see is 400 on ``member``."""
    if not (user.is_superuser or CASEWORKER in user_roles(user)):
        own = getattr(user, "member", None)  # the reverse one-to-one, None when absent
        if own is None or own.pk != data["member"]:
            raise Forbidden(not_themself)
    member = (
        members_visible_to(user).select_related("org_unit").filter(pk=data.pop("member")).first()
    )
    if member is None:
        raise InvalidInput("unknown member", fields={"member": ["not found"]})
    return member
