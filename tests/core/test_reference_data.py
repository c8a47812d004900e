"""The parameters and the calendar overrides are read once per change, in
every process: a change committed in one web or Celery process is read by
the next request of any other; a change not committed (yet, or ever) is
seen only by its own transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from casework.core import reference_data
from casework.core.calendar import add_working_days, is_workday, working_days_between
from casework.core.models import CalendarDay, OrgUnit, Parameter
from casework.core.parameter_services import parameter_update
from casework.core.parameters import MissingParameter, param_decimal, param_int
from casework.core.services import org_unit_create
from casework.relief.models import SubsistenceStandard
from casework.relief.selectors import subsistence_standard_for

D = dt.date
KEY = "relief.verify_days"  # 5, seeded by the migrations


class Process:
    """One web or Celery process: its own snapshot of the tables; the cache
    (the token) is shared by all, as Redis is in production."""

    def __init__(self) -> None:
        self.held: tuple[str, reference_data.Snapshot] | None = None

    @contextmanager
    def running(self) -> Iterator[None]:
        saved, reference_data._held = reference_data._held, self.held
        try:
            yield
        finally:
            self.held, reference_data._held = reference_data._held, saved


@pytest.fixture
def fresh_token():
    """A new token before and after: the tests' committed writes are flushed
    afterwards, behind the signals' back."""
    reference_data.reference_data_changed()
    yield
    reference_data.reference_data_changed()


# --- one process ---------------------------------------------------------------


@pytest.mark.django_db
def test_once_read_the_parameters_and_the_calendar_cost_no_query(django_assert_num_queries):
    param_int(KEY)  # the first read of the process (or since a change): both tables
    with django_assert_num_queries(0):
        assert param_int(KEY) == 5
        assert param_decimal("relief.accidental_cost_ratio") > 0
        # Fri 13 Feb 2026; the Spring Festival holiday 15–23 Feb, Sat 14 and 28 make-up days
        assert add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
        assert not is_workday(D(2026, 2, 16))
        assert working_days_between(D(2026, 2, 13), D(2026, 2, 27)) == 5


@pytest.mark.django_db
def test_a_missing_parameter_is_still_refused():
    param_int(KEY)
    with pytest.raises(MissingParameter):
        param_int("relief.no_such_parameter")


@pytest.mark.django_db
def test_the_writing_transaction_reads_its_own_change_and_keeps_it_from_the_others(admin_user):
    param_int(KEY)
    held = reference_data._held
    with transaction.atomic():
        parameter_update(
            parameter=Parameter.objects.get(key=KEY), actor=admin_user, value=Decimal(8)
        )
        CalendarDay.objects.create(date=D(2026, 2, 24), is_workday=False)
        assert param_int(KEY) == 8  # from the database, in this transaction
        assert not is_workday(D(2026, 2, 24))
    # (the test's own transaction never commits: still the writing one)
    assert param_int(KEY) == 8
    assert reference_data._held is held  # nothing uncommitted was kept


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_trace(admin_user, django_assert_num_queries):
    param_int(KEY)
    with pytest.raises(RuntimeError), transaction.atomic():
        parameter_update(
            parameter=Parameter.objects.get(key=KEY), actor=admin_user, value=Decimal(9)
        )
        CalendarDay.objects.create(date=D(2026, 2, 24), is_workday=False)
        assert param_int(KEY) == 9
        raise RuntimeError("refused further on")
    with django_assert_num_queries(0):  # the snapshot still holds
        assert param_int(KEY) == 5
        assert is_workday(D(2026, 2, 24))


@pytest.mark.django_db
def test_migrate_makes_every_process_read_again():
    param_int(KEY)
    token = reference_data._current_token()
    reference_data._migrated(sender=apps.get_app_config("core"))
    after = reference_data._current_token()
    assert after != token
    reference_data._migrated(sender=apps.get_app_config("auth"))  # once per migrate is enough
    assert reference_data._current_token() == after


@pytest.mark.django_db
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_without_a_cache_every_read_goes_to_the_database(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert param_int(KEY) == 5
    with django_assert_num_queries(1):
        assert add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)


def test_the_deploy_check_wants_a_cache_shared_by_the_processes():
    assert [m.id for m in reference_data.shared_cache_check(None)] == ["casework.W003"]
    redis = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    with override_settings(CACHES=redis):
        assert reference_data.shared_cache_check(None) == []


# --- several processes, real commits ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_in_one_process_is_read_by_the_next_request_of_another(
    fresh_token, django_assert_num_queries
):
    # the transactional tests run on a flushed database: their own rows
    parameter = Parameter.objects.create(key="test.days", value="5", kind="integer")
    admin = get_user_model().objects.create_superuser("param-admin", password="x")
    web, worker = Process(), Process()
    for process in (web, worker):
        with process.running():
            assert param_int("test.days") == 5
            assert is_workday(D(2027, 3, 1))  # a Monday

    with web.running():
        parameter_update(parameter=parameter, actor=admin, value=Decimal(7))
        CalendarDay.objects.create(date=D(2027, 3, 1), is_workday=False, note="extra day off")

    with worker.running():
        # every kept table, once: the parameters, the calendar, relief's
        # subsistence standards and ceilings
        with django_assert_num_queries(4):
            assert param_int("test.days") == 7
        with django_assert_num_queries(0):
            assert not is_workday(D(2027, 3, 1))
            assert add_working_days(D(2027, 2, 26), 1) == D(2027, 3, 2)
    with web.running():
        assert param_int("test.days") == 7


@pytest.mark.django_db(transaction=True)
def test_a_bulk_delete_of_calendar_days_is_read_by_the_other_processes(fresh_token):
    """The admin's "delete selected" deletes through the queryset."""
    CalendarDay.objects.create(date=D(2027, 3, 1), is_workday=False)
    CalendarDay.objects.create(date=D(2027, 3, 2), is_workday=False)
    web, worker = Process(), Process()
    with worker.running():
        assert working_days_between(D(2027, 2, 26), D(2027, 3, 5)) == 3
    with web.running():
        CalendarDay.objects.filter(date__year=2027).delete()
    with worker.running():
        assert working_days_between(D(2027, 2, 26), D(2027, 3, 5)) == 5


@pytest.mark.django_db(transaction=True)
def test_a_change_is_announced_only_once_committed(fresh_token):
    parameter = Parameter.objects.create(key="test.days", value="5", kind="integer")
    token = reference_data._current_token()
    with transaction.atomic():
        parameter.value = "6"
        parameter.save()
        assert param_int("test.days") == 6  # its own transaction reads it
        # the others keep theirs: a reader now would read the old row
        assert reference_data._current_token() == token
    assert reference_data._current_token() != token
    assert param_int("test.days") == 6


# --- a program's tables (relief's subsistence standards) ----------------------


@pytest.mark.django_db
def test_a_transaction_reads_the_table_it_wrote_and_the_others_from_the_snapshot(
    org, django_assert_num_queries
):
    county = org["county"]
    param_int(KEY)
    assert subsistence_standard_for(county) > 0
    held = reference_data._held
    with transaction.atomic():
        standard = SubsistenceStandard.objects.get(org_unit=county)
        standard.monthly_amount = Decimal("1234.00")
        standard.save()
        with django_assert_num_queries(1):  # its own write, from the database
            assert subsistence_standard_for(county) == Decimal("1234.00")
        with django_assert_num_queries(0):  # the parameters: still the snapshot's
            assert param_int(KEY) == 5
    assert reference_data._held is held  # nothing uncommitted was kept


@pytest.mark.django_db(transaction=True)
def test_a_committed_standard_is_read_by_the_next_request_of_another_process(
    fresh_token, django_assert_num_queries
):
    province = org_unit_create(name="省总工会", code="T", parent=None, level=OrgUnit.Level.PROVINCE)
    standard = SubsistenceStandard.objects.create(org_unit=province, monthly_amount=Decimal(800))
    web, worker = Process(), Process()
    for process in (web, worker):
        with process.running():
            assert subsistence_standard_for(province) == Decimal(800)
    with web.running():
        standard.monthly_amount = Decimal(900)
        standard.save()
    with worker.running():
        with django_assert_num_queries(4):  # every kept table, once
            assert subsistence_standard_for(province) == Decimal(900)
        with django_assert_num_queries(0):
            assert subsistence_standard_for(province) == Decimal(900)


@pytest.mark.django_db(transaction=True)
def test_a_request_keeps_the_token_it_read_first_and_the_next_request_reads_the_change(
    fresh_token, django_assert_num_queries
):
    Parameter.objects.create(key="test.days", value="5", kind="integer")
    reference_data.reference_data_changed()
    worker = Process()
    with worker.running():
        reference_data._request_token.begin()
        try:
            assert param_int("test.days") == 5  # the request's first read: the token
            # another process commits a change meanwhile and announces it
            Parameter.objects.filter(key="test.days").update(value="7")
            cache.set(reference_data._token_key(), "another process's token", timeout=None)
            with django_assert_num_queries(0):  # the running request: its version
                assert param_int("test.days") == 5
        finally:
            reference_data._request_token.end()
        reference_data._request_token.begin()  # the next request
        try:
            assert param_int("test.days") == 7
        finally:
            reference_data._request_token.end()


@pytest.mark.django_db(transaction=True)
def test_a_request_reads_its_own_committed_change_next(fresh_token, admin_user):
    parameter = Parameter.objects.create(key="test.days", value="5", kind="integer")
    reference_data._request_token.begin()
    try:
        assert param_int("test.days") == 5
        parameter_update(parameter=parameter, actor=admin_user, value=Decimal(8))
        assert param_int("test.days") == 8
    finally:
        reference_data._request_token.end()
