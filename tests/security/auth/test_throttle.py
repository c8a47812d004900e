"""Hammering the token endpoint from one address gets 429."""

from __future__ import annotations

from django.conf import settings

from casework.core.demo import PASSWORD

from .conftest import client_at, token_request


def test_the_default_rate_is_twenty_a_minute():
    assert settings.AUTH_THROTTLE_RATE == "20/min"


def test_requests_beyond_the_rate_get_429_in_the_error_shape(users, settings):
    settings.AUTH_THROTTLE_RATE = "20/min"
    client = client_at("10.1.1.1")
    # different names each time: the lockout stays out of it
    codes = [token_request(client, f"guess{i}", "x").status_code for i in range(20)]
    assert codes == [400] * 20
    response = token_request(client, "caseworker", PASSWORD)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_another_address_is_not_throttled(users, settings):
    settings.AUTH_THROTTLE_RATE = "3/min"
    hammer = client_at("10.1.1.1")
    for i in range(4):
        token_request(hammer, f"guess{i}", "x")
    assert token_request(hammer, "caseworker").status_code == 429
    assert token_request(client_at("10.1.1.2"), "caseworker").status_code == 200
