"""The campaign's money under real concurrency (PostgreSQL): two lists of
one campaign approved at the same moment never overspend its budget; two
finance users issuing one grant at the same moment pay it once. Threads,
each with its own connection, released together by a barrier (as in
tests/mutual_aid/test_races_postgres.py); 50 trials each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone
from viewflow.workflow.models import Task

from casework.campaigns.models import Campaign, Recipient, RecipientStatus
from casework.campaigns.services import campaign_create
from casework.core.errors import Conflict
from casework.core.models import Case, Payment, UserProfile
from casework.demo.seed import seed_members
from tests.races.contenders import race
from workflows import campaign_work, engine
from workflows.intake import campaign_list_submit
from workflows.selectors import open_tasks_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="race tests need PostgreSQL (row locks between real connections)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIALS = 50
TIERS = [{"code": "hard", "label": "困难", "cash": "2500.00", "goods_value": "500.00"}]


def _campaign(users: dict[str, Any], county: Any, budget: str) -> Campaign:
    today = timezone.localdate()
    return campaign_create(
        actor=users["supervisor"],
        kind="winter_warmth",
        year=today.year,
        title="送温暖",
        org_unit=county,
        budget=Decimal(budget),
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=1),
        tiers=TIERS,
    )


def _reviewed(users: dict[str, Any], campaign: Campaign, unit: Any, members: list) -> Case:
    case = campaign_list_submit(
        actor=users["caseworker2"],
        campaign=campaign,
        org_unit=unit,
        recipients=[{"member": m.pk, "tier": "hard"} for m in members],
    )
    engine.task_complete(open_tasks_of(case.pk).get(), users["caseworker"], "verify", {})
    return case


def _approve(username: str, case_id: int) -> Any:
    def prepare() -> Any:
        user = get_user_model().objects.get(username=username)
        task = Task.objects.get(pk=open_tasks_of(case_id).get().pk)
        return lambda: engine.task_complete(task, user, "approve", {})

    return prepare


def test_two_lists_approved_at_once_never_overspend_the_budget(users, county, grassroots):
    members = [m for m in seed_members(list(grassroots[:1]), count=6)]
    for trial in range(TRIALS):
        campaign = _campaign(users, county, "4000.00")  # room for one list of 3000.00
        first = _reviewed(users, campaign, grassroots[0], members[:1])
        second = _reviewed(users, campaign, grassroots[0], members[1:2])
        results = race(_approve("supervisor", first.pk), _approve("supervisor2", second.pk))
        refused = [r for r in results if isinstance(r, Conflict)]
        assert len(refused) == 1 and refused[0].code == "over_budget", (trial, results)
        campaign.refresh_from_db()
        assert campaign.approved_total == Decimal("3000.00"), trial
        approved = Recipient.objects.filter(campaign=campaign, status=RecipientStatus.APPROVED)
        assert approved.count() == 1, trial


def _finance2(county: Any) -> Any:
    user = get_user_model().objects.create(username="finance2", first_name="财务二")
    user.groups.add(Group.objects.get_or_create(name="finance")[0])
    UserProfile.objects.create(user=user, org_unit=county)
    return user


def _issue(username: str, case: Case, recipient_id: int) -> Any:
    def prepare() -> Any:
        user = get_user_model().objects.get(username=username)
        locked_case = Case.objects.get(pk=case.pk)
        return lambda: campaign_work.recipient_write(
            case=locked_case,
            actor=user,
            write="issue",
            recipient_id=recipient_id,
            method="cash",
            reference=f"{username}-{recipient_id}",
            issued_on=timezone.localdate(),
        )

    return prepare


def test_a_grant_issued_by_two_finance_users_at_once_is_paid_once(users, county, grassroots):
    _finance2(county)
    members = seed_members(list(grassroots[:1]), count=3 * TRIALS)
    own = [m for m in members if m.org_unit_id == grassroots[0].pk][:TRIALS]
    assert len(own) == TRIALS
    campaign = _campaign(users, county, "1000000.00")
    case = _reviewed(users, campaign, grassroots[0], own)
    engine.task_complete(open_tasks_of(case.pk).get(), users["supervisor"], "approve", {})
    for trial, recipient in enumerate(Recipient.objects.filter(campaign_list_id=case.pk)):
        results = race(
            _issue("finance", case, recipient.pk), _issue("finance2", case, recipient.pk)
        )
        refused = [r for r in results if isinstance(r, Conflict)]
        assert len(refused) == 1 and refused[0].code == "already_paid", (trial, results)
        assert Payment.objects.filter(case=case, item=recipient.pk).count() == 1, trial
    campaign.refresh_from_db()
    assert campaign.person_times == TRIALS
    assert campaign.issued_total == Decimal("3000.00") * TRIALS


def _issue_remaining(username: str, case: Case) -> Any:
    def prepare() -> Any:
        user = get_user_model().objects.get(username=username)
        locked_case = Case.objects.get(pk=case.pk)
        return lambda: campaign_work.list_write(
            case=locked_case,
            actor=user,
            write="issue_remaining",
            method="cash",
            reference=f"{username}-all",
            issued_on=timezone.localdate(),
        )

    return prepare


def test_a_grant_issued_alone_while_the_list_is_issued_whole_is_paid_once(
    users, county, grassroots
):
    _finance2(county)
    members = seed_members(list(grassroots[:1]), count=9)
    own = [m for m in members if m.org_unit_id == grassroots[0].pk][:3]
    for trial in range(TRIALS):
        campaign = _campaign(users, county, "1000000.00")
        case = _reviewed(users, campaign, grassroots[0], own)
        engine.task_complete(open_tasks_of(case.pk).get(), users["supervisor"], "approve", {})
        first = Recipient.objects.filter(campaign_list_id=case.pk).order_by("pk").first()
        results = race(_issue("finance", case, first.pk), _issue_remaining("finance2", case))
        refused = [r for r in results if isinstance(r, Conflict)]
        assert all(r.code == "already_paid" for r in refused) and len(refused) <= 1, results
        assert Payment.objects.filter(case=case).count() == 3, trial
        assert Payment.objects.filter(case=case, item=first.pk).count() == 1, trial
        campaign.refresh_from_db()
        assert campaign.person_times == 3 and campaign.issued_total == Decimal("9000.00"), trial
