"""Hammering the token endpoint from one address gets 429."""

from __future__ import annotations

from django.conf import settings

from casework.demo.seed import PASSWORD

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


def test_a_spoofed_x_forwarded_for_does_not_escape_the_throttle_without_proxies(users, settings):
    settings.AUTH_THROTTLE_RATE = "20/min"
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] is None
    client = client_at("10.1.1.1")
    codes = [
        client.post(
            "/api/auth/token/",
            {"username": f"guess{i}", "password": "x"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        ).status_code
        for i in range(25)
    ]
    assert codes == [400] * 20 + [429] * 5


def test_behind_configured_proxies_the_forwarded_client_address_is_throttled(users, settings):
    settings.AUTH_THROTTLE_RATE = "3/min"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = client_at("10.0.0.254")  # every request arrives from the proxy's socket

    def login(forwarded: str, i: int) -> int:
        return proxy.post(
            "/api/auth/token/",
            {"username": f"guess{i}", "password": "x"},
            format="json",
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    # what the client wrote comes first; the proxy appends the address it saw
    codes = [login(f"198.51.100.{i}, 203.0.113.5", i) for i in range(4)]
    assert codes == [400, 400, 400, 429]
    assert login("203.0.113.6", 9) == 400  # another client behind the same proxy
