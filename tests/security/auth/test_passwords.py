"""Every way to set a password runs the validators of the settings."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.test import Client

from casework.demo.seed import PASSWORD

from .conftest import authorized, client_at, token_request

STRONG = "Correct-horse-battery-9"


def change(client, old: str, new: str):
    return client.post(
        "/api/auth/password/", {"old_password": old, "new_password": new}, format="json"
    )


def login_token(username: str, password: str) -> str:
    response = token_request(client_at(), username, password)
    assert response.status_code == 200, response.json()
    return response.json()["token"]


def test_a_weak_new_password_is_refused_with_the_reasons(users, lockout):
    client = authorized(login_token("caseworker", PASSWORD))
    for weak in ["12345678", "short", "password", "caseworker1"]:
        response = change(client, PASSWORD, weak)
        assert response.status_code == 400, weak
        error = response.json()["error"]
        assert error["code"] == "invalid"
        assert error["fields"]["new_password"], weak
    assert token_request(client_at(), "caseworker", PASSWORD).status_code == 200


def test_the_reasons_name_what_is_wrong(users, lockout):
    client = authorized(login_token("caseworker", PASSWORD))
    reasons = change(client, PASSWORD, "1234").json()["error"]["fields"]["new_password"]
    assert any("too short" in r for r in reasons)
    assert any("entirely numeric" in r for r in reasons)


def test_a_wrong_old_password_is_refused(users, lockout):
    client = authorized(login_token("caseworker", PASSWORD))
    response = change(client, "not-it", STRONG)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["old_password"]
    assert token_request(client_at(), "caseworker", STRONG).status_code == 400


def test_changing_the_password_replaces_the_token(users, lockout):
    old = login_token("caseworker", PASSWORD)
    response = change(authorized(old), PASSWORD, STRONG)
    assert response.status_code == 200
    new = response.json()["token"]
    assert authorized(old).get("/api/me/").status_code == 401
    assert authorized(new).get("/api/me/").status_code == 200
    assert token_request(client_at(), "caseworker", PASSWORD).status_code == 400
    assert login_token("caseworker", STRONG) == new


def test_changing_the_password_keeps_this_session_and_ends_the_others(users, lockout):
    this, other = Client(), Client()
    for browser in (this, other):
        assert (
            browser.post(
                "/accounts/login/", {"username": "caseworker", "password": PASSWORD}
            ).status_code
            == 302
        )
    response = this.post(
        "/api/auth/password/",
        {"old_password": PASSWORD, "new_password": STRONG},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert this.get("/api/me/").status_code == 200
    assert other.get("/api/me/").status_code in (401, 403)


def test_changing_a_password_needs_a_login(db):
    assert change(client_at(), PASSWORD, STRONG).status_code == 401


def test_the_admin_refuses_a_weak_password_for_a_new_user(users, client):
    client.force_login(users["admin"])
    page = client.post(
        "/admin/auth/user/add/",
        {"username": "newcomer", "password1": "12345678", "password2": "12345678"},
    )
    assert page.status_code == 200
    assert not User.objects.filter(username="newcomer").exists()
    page = client.post(
        "/admin/auth/user/add/",
        {"username": "newcomer", "password1": STRONG, "password2": STRONG},
    )
    assert page.status_code == 302
    assert User.objects.filter(username="newcomer").exists()


def test_the_admin_refuses_a_weak_password_when_setting_one(users, client):
    client.force_login(users["admin"])
    target = users["caseworker"]
    url = f"/admin/auth/user/{target.pk}/password/"
    page = client.post(url, {"password1": "password", "password2": "password"})
    assert page.status_code == 200
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


def test_the_demo_password_passes_the_validators(users):
    """seed_demo sets it with set_password; it is not weak by the validators."""
    for user in users.values():
        validate_password(PASSWORD, user)
