"""What every page's top bar reads: the notification bell. Nothing is read
until a template asks, and the unread count is one COUNT query per page
however often the page shows it."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from casework.notifications.selectors import notifications_unread_count

from .access import is_member, is_staff


class Bell:
    """The user's notification bell: whether they have one (staff and
    members: the people the notifications page is for) and the unread count."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def shown(self) -> bool:
        # a page refused before the session is read (a 400 on a malformed
        # request) has no user: no bell
        if self.user is None:
            return False
        return is_staff(self.user) or is_member(self.user)

    @cached_property
    def unread(self) -> int:
        return notifications_unread_count(self.user) if self.shown else 0


def bell(request: HttpRequest) -> dict[str, Any]:
    return {"bell": Bell(getattr(request, "user", None))}
