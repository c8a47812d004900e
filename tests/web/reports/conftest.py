"""The reports' known data set (tests/reports/conftest.py) and a logged-in
browser client per persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.reports.conftest import dataset  # noqa: F401  (the fixture)


@pytest.fixture
def browser(users):
    """``browser("supervisor")`` → a Django test client logged in as that user."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(users[username])
        return client

    return make


def figures(html: str) -> dict[str, str]:
    """Every figure on the page by its key (``relief.by_aid_type.living.granted``)."""
    import re

    return {
        key: value.strip()
        for key, value in re.findall(r'data-figure="([^"]+)"[^>]*>([^<]*)<', html)
    }


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(flatten(inner, f"{prefix}{key}."))
        return out
    return {prefix[:-1]: value}
