"""Tokens are revocable: by their holder, by an administrator, by
deactivating the user, and (if configured) by age."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from .conftest import authorized, client_at, token_request


def token_of(username: str) -> str:
    response = token_request(client_at(), username)
    assert response.status_code == 200, response.json()
    return response.json()["token"]


def test_deleting_the_token_makes_it_stop_working(users, lockout):
    token = token_of("caseworker")
    client = authorized(token)
    assert client.get("/api/me/").status_code == 200
    assert client.delete("/api/auth/token/").status_code == 204
    response = authorized(token).get("/api/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_after_revoking_a_new_login_gives_a_new_working_token(users, lockout):
    old = token_of("caseworker")
    authorized(old).delete("/api/auth/token/")
    new = token_of("caseworker")
    assert new != old
    assert authorized(new).get("/api/me/").status_code == 200


def test_deleting_a_token_needs_one(db):
    response = client_at().delete("/api/auth/token/")
    assert response.status_code == 401


def test_an_administrator_revokes_another_users_token(users, lockout):
    victim = token_of("caseworker")
    admin = authorized(token_of("admin"))
    response = admin.post("/api/auth/token/revoke/", {"user": "caseworker"}, format="json")
    assert response.status_code == 204
    assert authorized(victim).get("/api/me/").status_code == 401
    assert admin.get("/api/me/").status_code == 200


def test_only_an_administrator_may_revoke_another_users_token(users, lockout):
    victim = token_of("caseworker")
    supervisor = authorized(token_of("supervisor"))
    response = supervisor.post("/api/auth/token/revoke/", {"user": "caseworker"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert authorized(victim).get("/api/me/").status_code == 200


def test_revoking_an_unknown_users_token_is_404(users, lockout):
    admin = authorized(token_of("admin"))
    response = admin.post("/api/auth/token/revoke/", {"user": "nobody"}, format="json")
    assert response.status_code == 404
    response = admin.post("/api/auth/token/revoke/", {}, format="json")
    assert response.status_code == 400
    assert "user" in response.json()["error"]["fields"]


def test_a_deactivated_users_token_is_refused(users, lockout):
    token = token_of("caseworker")
    caseworker = users["caseworker"]
    caseworker.is_active = False
    caseworker.save()
    response = authorized(token).get("/api/me/")
    assert response.status_code == 401
    assert token_request(client_at(), "caseworker").status_code == 400


def test_the_token_admin_page_lists_tokens_for_revocation(users, lockout, client):
    token_of("caseworker")
    client.force_login(users["admin"])
    page = client.get("/admin/authtoken/tokenproxy/")
    assert page.status_code == 200
    assert b"caseworker" in page.content


def test_tokens_never_expire_by_default(users, lockout):
    token = token_of("caseworker")
    with time_machine.travel(timezone.now() + dt.timedelta(days=400), tick=False):
        assert authorized(token).get("/api/me/").status_code == 200


def test_tokens_expire_after_the_configured_hours(users, lockout):
    lockout.TOKEN_TTL_HOURS = 8
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        old = token_of("caseworker")
    with time_machine.travel(start + dt.timedelta(hours=7, minutes=59), tick=False):
        assert authorized(old).get("/api/me/").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=1), tick=False):
        response = authorized(old).get("/api/me/")
        assert response.status_code == 401
        assert "expired" in response.json()["error"]["message"]
        new = token_of("caseworker")
        assert new != old
        assert authorized(new).get("/api/me/").status_code == 200
