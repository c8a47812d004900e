"""``engine.may_take``: who may take a step, refused by role, by scope and
by four-eyes, and the submitter who may act on their own case's steps.
Through the API (the 403s and what they write): tests/api/test_access.py;
the ROLE refusal of a step with its code and message:
tests/workflows/test_engine_seams.py."""

from __future__ import annotations

import pytest

from casework.demo.seed import seed_member_login
from tests.workflows.helpers import open_task, recommended, relief_opened, step
from workflows import engine


def test_an_action_with_roles_of_its_own_refuses_the_steps_roles(users, member):
    case = relief_opened(users["caseworker"], member)
    step(case, "verify", users["caseworker"], "return", reason="请补充收入证明")
    task = open_task(case, "supplement")
    lapse = engine.step_of(task).action("lapse")
    assert engine.may_take(users["caseworker"], task) is None
    assert engine.may_take(users["caseworker"], task, lapse) is engine.Refusal.ROLE
    assert engine.may_take(users["supervisor"], task, lapse) is None


def test_a_superuser_passes_the_role_check(users, member):
    task = open_task(relief_opened(users["caseworker"], member), "verify")
    assert engine.may_take(users["admin"], task) is None


def test_a_case_outside_the_users_unit_is_refused_by_scope(
    users, own_unit_member, other_unit_member
):
    theirs = open_task(relief_opened(users["caseworker"], other_unit_member), "verify")
    refusal = engine.may_take(users["caseworker2"], theirs)
    assert refusal is engine.Refusal.SCOPE and refusal.code == "forbidden"
    own = open_task(relief_opened(users["caseworker"], own_unit_member), "verify")
    assert engine.may_take(users["caseworker2"], own) is None


def test_the_recommender_and_the_first_approver_are_kept_off_the_later_approvals(users, member):
    case = relief_opened(users["caseworker"], member, requested_amount="6000.00")
    recommended(case, users["admin"], recommended_amount="6000.00")
    approve = open_task(case, "approve")
    assert engine.may_take(users["admin"], approve) is engine.Refusal.FOUR_EYES
    assert engine.may_take(users["supervisor"], approve) is None
    step(case, "approve", users["supervisor"], "approve", approved_amount="6000.00")
    senior = open_task(case, "approve_senior")
    assert engine.may_take(users["admin"], senior) is engine.Refusal.FOUR_EYES
    assert engine.may_take(users["supervisor"], senior) is engine.Refusal.FOUR_EYES
    assert engine.may_take(users["supervisor2"], senior) is None


@pytest.fixture
def member_user(member, county):
    return seed_member_login(member, county)


def test_the_member_acts_on_their_own_supplement_without_a_staff_role(users, member, member_user):
    case = relief_opened(users["caseworker"], member)
    verify = open_task(case, "verify")
    assert engine.may_take(member_user, verify) is engine.Refusal.ROLE
    step(case, "verify", users["caseworker"], "return", reason="请补充收入证明")
    supplement = open_task(case, "supplement")
    assert supplement.info.submitter_id == member_user.pk
    assert engine.may_take(member_user, supplement) is None
    # an action declaring its own roles is not the submitter's
    lapse = engine.step_of(supplement).action("lapse")
    assert engine.may_take(member_user, supplement, lapse) is engine.Refusal.ROLE


def test_another_members_login_may_not_act_on_the_supplement(users, members, member):
    other = next(m for m in members if m.pk != member.pk)
    other_user = seed_member_login(other, other.org_unit)
    case = relief_opened(users["caseworker"], member)
    step(case, "verify", users["caseworker"], "return", reason="请补充收入证明")
    assert engine.may_take(other_user, open_task(case, "supplement")) is engine.Refusal.ROLE
