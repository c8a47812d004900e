"""The OpenAPI schema describes every endpoint, validly and without warnings."""

from __future__ import annotations

import yaml
from django.core.management import call_command

from casework.api.urls import urlpatterns


def test_schema_is_valid_and_lists_every_endpoint(tmp_path, db):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    documented = set(schema["paths"])
    for pattern in urlpatterns:
        route = "/api/" + str(pattern.pattern).replace("<int:", "{").replace("<str:", "{").replace(
            ">", "}"
        )
        if route.endswith(("schema/", "docs/")):
            continue
        assert route in documented, f"{route} missing from the schema"


def test_docs_page_is_served(api):
    response = api("caseworker").client.get("/api/docs/")
    assert response.status_code == 200
