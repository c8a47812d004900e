from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .lockout import lock_minutes_left, login_refused_until


class LockoutAuthenticationForm(AuthenticationForm):
    """The login form; a locked name is told so (and for how long) instead of
    being told the password did not match."""

    locked = False

    def get_invalid_login_error(self) -> ValidationError:
        until = login_refused_until(self.request, username=self.cleaned_data.get("username"))
        if until is None:
            return super().get_invalid_login_error()
        self.locked = True
        return ValidationError(
            _("Too many failed logins. This account is locked; try again in %(minutes)d minutes."),
            code="locked",
            params={"minutes": lock_minutes_left(until)},
        )
