"""The roster's yearly review date (casework.relief.roster.next_review)."""

import datetime as dt

import pytest

from casework.relief.roster import next_review

pytestmark = pytest.mark.django_db


def test_the_review_falls_the_parameters_months_later_on_the_same_day():
    assert next_review(dt.date(2025, 3, 14)) == dt.date(2026, 3, 14)


def test_a_review_filed_after_the_28th_falls_on_the_28th():
    assert next_review(dt.date(2024, 1, 31)) == dt.date(2025, 1, 28)
    assert next_review(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
