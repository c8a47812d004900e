"""The model backend with the lockout around the password check."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from casework.core.access import roles_held, roles_read_with

from .lockout import login_attempt, login_attempt_note


class LoginLocked(PermissionDenied):
    """Raised to ``authenticate()``, which then stops trying other backends."""


class LockoutModelBackend(ModelBackend):
    """Refuses a locked name without looking at the password (so guessing
    continues to fail during the cool-off), counts failures, and clears the
    count on success -- one attempt on a name at a time (``login_attempt``).
    The attempt's verdict is kept on the request, for the answer to tell
    "locked" from "wrong password" as it was decided (``login_refused_until``)."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not isinstance(username, str) or password is None:
            return None
        user, locked_until = login_attempt(
            username=username,
            check_password=functools.partial(
                super().authenticate, request, username=username, password=password, **kwargs
            ),
        )
        login_attempt_note(request, locked_until)
        if locked_until is not None:
            raise LoginLocked(username)
        return user

    def get_user(self, user_id: Any) -> Any:
        """The session's user, read with their unit and roles in one query
        (``core.access``: every page reads them)."""
        users = get_user_model()._default_manager.select_related("profile__org_unit")
        user = roles_read_with(users, "pk").filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        roles_held(user, user)
        return user
