"""The model backend with the lockout in front of the password check."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .lockout import login_failure_record, login_failures_clear, login_locked_until


class LoginLocked(PermissionDenied):
    """Raised to ``authenticate()``, which then stops trying other backends."""


class LockoutModelBackend(ModelBackend):
    """Refuses a locked name before looking at the password (so guessing
    continues to fail during the cool-off), counts failures, and clears the
    count on success."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not isinstance(username, str) or password is None:
            return None
        if login_locked_until(username=username) is not None:
            raise LoginLocked(username)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(username=username)
        else:
            login_failures_clear(username=username)
        return user
