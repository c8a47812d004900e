"""Changing a parameter in the admin: through the same service as the API,
so it is validated and audited."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.audit.models import AuditEvent
from casework.core.models import Parameter


@pytest.fixture
def admin_client_(users) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the messages below in English
    client.force_login(users["admin"])
    return client


def _url(parameter: Parameter) -> str:
    return f"/admin/core/parameter/{parameter.pk}/change/"


def test_an_admin_change_is_saved_and_audited(admin_client_, users):
    parameter = Parameter.objects.get(key="relief.verify_days")
    assert admin_client_.get(_url(parameter)).status_code == 200
    response = admin_client_.post(_url(parameter), {"value": "7"})
    assert response.status_code == 302
    parameter.refresh_from_db()
    assert parameter.value == "7"
    event = AuditEvent.objects.get(type="parameter_changed")
    assert event.actor == users["admin"]
    assert event.data == {"key": "relief.verify_days", "from": "5", "to": "7"}


def test_a_decimal_parameter_is_stored_like_the_api_stores_it(admin_client_):
    parameter = Parameter.objects.get(key="relief.accidental_cost_ratio")
    admin_client_.post(_url(parameter), {"value": "0.7500"})
    parameter.refresh_from_db()
    assert parameter.value == "0.75"


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("relief.verify_days", "-1", "must be zero or more"),
        ("relief.verify_days", "2.5", "must be a whole number"),
        ("relief.verify_days", "4000", "must be at most 3650"),
        ("relief.verify_days", "abc", ""),
        ("relief.accidental_cost_ratio", "-0.1", "must be zero or more"),
    ],
)
def test_an_invalid_value_is_refused_and_not_audited(admin_client_, key, value, problem):
    parameter = Parameter.objects.get(key=key)
    before = parameter.value
    response = admin_client_.post(_url(parameter), {"value": value})
    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors["value"]
    assert problem in response.content.decode()
    parameter.refresh_from_db()
    assert parameter.value == before
    assert not AuditEvent.objects.filter(type="parameter_changed").exists()


def test_parameters_cannot_be_added_or_deleted_in_the_admin(admin_client_):
    parameter = Parameter.objects.get(key="relief.verify_days")
    assert admin_client_.get("/admin/core/parameter/add/").status_code == 403
    assert admin_client_.get(f"/admin/core/parameter/{parameter.pk}/delete/").status_code == 403


def test_only_an_administrator_changes_parameters(users):
    from django.contrib.auth.models import Permission

    supervisor = users["supervisor"]  # staff flag set, as for every staff role
    supervisor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_parameter", "change_parameter"])
    )
    client = Client()
    client.force_login(supervisor)
    parameter = Parameter.objects.get(key="relief.verify_days")
    client.post(_url(parameter), {"value": "9"})
    parameter.refresh_from_db()
    assert parameter.value == "5"
    assert not AuditEvent.objects.filter(type="parameter_changed").exists()
