"""API tokens: one per user, revocable, optionally expiring after
``TOKEN_TTL_HOURS``; the token and password endpoints are rate-limited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from casework.core.access import roles_held, roles_read_with
from casework.core.compiled import rows_compiled


def token_expired(token: Token) -> bool:
    hours = settings.TOKEN_TTL_HOURS
    return hours > 0 and token.created < timezone.now() - dt.timedelta(hours=hours)


def _token_with_user(values: dict[str, Any]) -> QuerySet[Token]:
    # the user's unit and roles come along: every request reads them (core.access)
    rows = Token.objects.select_related("user", "user__profile__org_unit").filter(key=values["key"])
    return roles_read_with(rows, "user_id")


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication: refuses unknown keys and inactive users,
    and tokens older than ``TOKEN_TTL_HOURS`` as well. The token is read
    with its user, the user's unit and roles in one query composed once per
    process (``core.compiled``; every API request starts here)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        rows = rows_compiled("accounts.token", _token_with_user, {"key": key})
        if not rows:
            raise AuthenticationFailed(_("Invalid token."))
        token = rows[0]
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        if token_expired(token):
            raise AuthenticationFailed(_("Token expired."))
        roles_held(token.user, token)
        return token.user, token


@transaction.atomic
def token_for_user(*, user: Any) -> Token:
    """The user's token; an expired one is replaced by a new one."""
    token, _ = Token.objects.get_or_create(user=user)
    if token_expired(token):
        token.delete()
        token = Token.objects.create(user=user)
    return token


@transaction.atomic
def token_revoke(*, user: Any) -> bool:
    """Delete the user's token: requests with it get 401 from now on.
    Returns whether there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted > 0


class AuthRateThrottle(SimpleRateThrottle):
    """Per client address, whether or not the request carries credentials:
    ``AUTH_THROTTLE_RATE`` (e.g. ``20/min``) over the login endpoints together.
    Behind a proxy set ``NUM_PROXIES`` or every client shares one address."""

    scope = "auth"

    def get_rate(self) -> str | None:
        return settings.AUTH_THROTTLE_RATE or None

    def get_ident(self, request: Any) -> str:
        """The socket's address; with ``NUM_PROXIES`` set, the address the
        outermost of those proxies appended to X-Forwarded-For (DRF's
        reading). DRF would take a client's own X-Forwarded-For when
        ``NUM_PROXIES`` is unset: anyone can write one, and a new address
        on every attempt would never be throttled."""
        if api_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR") or ""
        return super().get_ident(request)

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
