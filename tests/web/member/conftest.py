"""Logged-in browsers (Django's test client) for a member and for staff, and
the member's second, unrelated neighbour who must see none of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from casework.core.models import Member, UserProfile
from casework.demo.seed import seed_member_login
from tests.reports.conftest import dataset  # noqa: F401  (the member file's known data set)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def browser(user: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def member_login(member: Member, username: str) -> User:
    """A member login of its own (``seed_member_login`` makes only one)."""
    user = User.objects.create_user(username=username, first_name=member.name)
    user.groups.add(Group.objects.get_or_create(name="member")[0])
    UserProfile.objects.create(user=user, org_unit=member.org_unit)
    member.user = user
    member.save(update_fields=["user"])
    return user


@pytest.fixture
def me(member, county) -> User:
    """The demo ``member`` login, linked to a county member."""
    return seed_member_login(member, county)


@pytest.fixture
def neighbour(members, member) -> Member:
    """Another member of the same union, with a login of their own."""
    other = next(m for m in members if m.org_unit_id == member.org_unit_id and m.pk != member.pk)
    member_login(other, "neighbour")
    return other


@pytest.fixture
def web(users, me):
    """``web("caseworker")`` → a logged-in client; ``web("member")`` is ``me``."""
    cache: dict[str, Client] = {}

    def make(username: str) -> Client:
        if username not in cache:
            user = me if username == "member" else users.get(username)
            if user is None:
                user = User.objects.get(username=username)
            cache[username] = browser(user)
        return cache[username]

    return make
