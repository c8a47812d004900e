"""Who may open which area of the UI. The object rules themselves are the
ones the API uses (``casework.core.access``, the engine); these decorators
only send people to the login page or away from an area not theirs (404,
as for anything else one may not see)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from casework.core.access import is_case_staff, is_staff_user, user_roles
from casework.core.roles import MEMBER


def is_staff(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or is_staff_user(user)))


def works_cases(user: Any) -> bool:
    """Staff who work the programs' cases: not the duty lawyer, whose area
    is the legal services."""
    return bool(user.is_authenticated and is_case_staff(user))


def is_member(user: Any) -> bool:
    return bool(user.is_authenticated and MEMBER in user_roles(user))


def _only(test: Callable[[Any], bool]) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not test(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_only = _only(is_staff)
case_staff_only = _only(works_cases)
member_only = _only(is_member)
