from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from casework.core.errors import InvalidInput

from .tokens import token_revoke


@transaction.atomic
def password_change(*, user: Any, old_password: str, new_password: str) -> Token:
    """Set a new password after checking the old one and the password
    validators of the settings. Refuses (InvalidInput with the field's
    messages) a wrong old password or a weak new one. The user's token is
    replaced, so copies of the old token stop working; the new one is returned.
    (Django invalidates the user's other sessions by itself.)"""
    if not user.check_password(old_password):
        raise InvalidInput(
            _("the current password is wrong"),
            fields={"old_password": [_("The current password is wrong.")]},
        )
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise InvalidInput(
            _("the new password is too weak"), fields={"new_password": exc.messages}
        ) from exc
    user.set_password(new_password)
    user.save(update_fields=["password"])
    token_revoke(user=user)
    return Token.objects.create(user=user)
