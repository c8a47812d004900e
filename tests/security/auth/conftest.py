from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from casework.demo.seed import PASSWORD


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The throttle counts live in the cache, which outlives a test's database:
    start and leave every test here with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lockout(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_WINDOW_MINUTES = 15
    settings.LOGIN_LOCKOUT_MINUTES = 15
    settings.AUTH_THROTTLE_RATE = "1000/min"
    return settings


def client_at(address: str = "10.0.0.1") -> APIClient:
    return APIClient(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")


def token_request(client: APIClient, username: str, password: str = PASSWORD):
    return client.post(
        "/api/auth/token/", {"username": username, "password": password}, format="json"
    )


def authorized(token: str) -> APIClient:
    client = client_at()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client
