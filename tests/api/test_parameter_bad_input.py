"""Bad input to the parameters API: a value of the wrong type or out of
range is refused with the field named, and nothing is written."""

from __future__ import annotations

import pytest

from tests.helpers import assert_error, writes_nothing

# --- parameters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("relief.verify_days", "abc"),
        ("relief.verify_days", -1),
        ("relief.verify_days", "2.5"),
        ("relief.verify_days", "999999999"),
        ("relief.roster_review_months", 100000),
        ("relief.relative_multiplier", None),
        ("relief.relative_multiplier", [2]),
    ],
)
def test_it_refuses_a_bad_parameter_value(api, org, key, value):
    with writes_nothing():
        response = api("admin").patch(f"/api/parameters/{key}/", {"value": value})
    assert_error(response, 400, field="value")
