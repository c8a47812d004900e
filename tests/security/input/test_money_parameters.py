"""A money parameter holds two decimals, through the API and the admin alike
(both change it through ``parameter_update``)."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.audit.models import AuditEvent
from casework.core.models import Parameter
from casework.core.parameters import MONEY_PARAMETERS

from .conftest import refused

THRESHOLD = "relief.senior_approval_threshold"


def test_the_senior_approval_threshold_is_a_money_parameter(db):
    assert THRESHOLD in MONEY_PARAMETERS
    assert set(MONEY_PARAMETERS) <= set(Parameter.objects.values_list("key", flat=True))


def test_the_api_refuses_a_money_parameter_of_three_decimals(api, org):
    response = api("admin").patch(f"/api/parameters/{THRESHOLD}/", {"value": "0.001"})
    assert "two decimals" in " ".join(refused(response, "value"))
    assert Parameter.objects.get(key=THRESHOLD).value == "5000"
    assert not AuditEvent.objects.filter(type="parameter_changed").exists()


def test_the_api_accepts_a_money_parameter_of_two_decimals(api, org):
    response = api("admin").patch(f"/api/parameters/{THRESHOLD}/", {"value": "4999.50"})
    assert response.status_code == 200, response.json()
    assert Parameter.objects.get(key=THRESHOLD).value == "4999.5"


def test_a_ratio_parameter_keeps_its_four_decimals(api, org):
    response = api("admin").patch(
        "/api/parameters/relief.accidental_cost_ratio/", {"value": "0.8125"}
    )
    assert response.status_code == 200, response.json()


@pytest.fixture
def admin_client_(users) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(users["admin"])
    return client


def test_the_admin_refuses_a_money_parameter_of_three_decimals(admin_client_):
    parameter = Parameter.objects.get(key=THRESHOLD)
    response = admin_client_.post(
        f"/admin/core/parameter/{parameter.pk}/change/", {"value": "0.001"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert response.context["adminform"].form.errors["value"]
    assert "two decimals" in response.content.decode()
    parameter.refresh_from_db()
    assert parameter.value == "5000"
    assert not AuditEvent.objects.filter(type="parameter_changed").exists()
