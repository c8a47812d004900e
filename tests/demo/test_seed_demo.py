"""``seed_demo`` gives every demo role work on first login: cases at every
step of every program, held in the inboxes and unit queues of the people
who take those steps, and one public notice over so the due-work run moves
it on."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from casework.core.models import Case, Payment
from casework.demo.people import USERS
from casework.demo.seed import seed_demo
from workflows import selectors
from workflows.due_work import due_work_run

pytestmark = pytest.mark.slow  # each seeds the whole demo (~10 s)

# the steps each demo login finds in its inbox or queue (the auditor takes
# no step: they read)
WORK = {
    "caseworker": {"verify", "supplement", "public_notice", "review"},
    "caseworker2": {"verify", "supplement", "public_notice"},
    "supervisor": {"approve"},
    "supervisor2": {"approve", "approve_senior"},
    "finance": {"disburse", "pay"},
    "medical_reviewer": {"medical_review"},
    "coordinator": {"assign", "deadline_decision", "return_to_court"},
    "mediator": {"mediate", "follow_up"},
    "mediator2": {"mediate"},
    "member": {"supplement"},  # the demo member answers the return of their own case
}
EVERY_STATUS = {
    "relief": {
        "submitted",
        "verifying",
        "awaiting_supplement",
        "public_notice",
        "awaiting_approval",
        "approved",
        "closed",
        "rejected",
        "withdrawn",
    },
    "mutual_aid": {
        "submitted",
        "reviewing",
        "awaiting_supplement",
        "medical_review",
        "awaiting_approval",
        "approved",
        "closed",
        "rejected",
        "withdrawn",
    },
    "mediation": {
        "registered",
        "assigned",
        "mediating",
        "awaiting_decision",
        "follow_up",
        "returning",
        "settled",
        "returned_to_court",
        "withdrawn",
    },
}


def _work(user: User) -> tuple[set[str], set[str]]:
    inbox = {t.info.node for t in selectors.tasks_inbox(user)}
    queue = {t.info.node for t in selectors.tasks_queue(user)}
    return inbox, queue


@pytest.mark.django_db
def test_every_demo_role_has_work_at_every_step_of_every_program():
    seed_demo()

    for username, steps in WORK.items():
        inbox, queue = _work(User.objects.get(username=username))
        assert steps <= inbox | queue, (username, inbox, queue)
    # the auditor reads; the duty lawyer logs consultations, a step of no flow
    no_steps = ("auditor", "duty_lawyer")
    staff = {username for username, role, _unit, _name in USERS if role not in no_steps}
    assert staff <= set(WORK)
    # claimed work in the inbox beside the unit's queue, where a role has both
    for username in ("caseworker", "caseworker2", "supervisor", "supervisor2", "finance"):
        inbox, queue = _work(User.objects.get(username=username))
        assert inbox and queue, username
    for username in ("medical_reviewer", "coordinator", "mediator", "mediator2"):
        assert _work(User.objects.get(username=username))[0], username

    for program, statuses in EVERY_STATUS.items():
        seeded = set(Case.objects.filter(program=program).values_list("case_status", flat=True))
        assert statuses <= seeded, (program, statuses - seeded)
    # a mediation three days from its time limit
    deadlines = Case.objects.filter(program="mediation", case_status="mediating").values_list(
        "mediation__deadline", flat=True
    )
    assert 3 in {(deadline - timezone.localdate()).days for deadline in deadlines}
    # the member login's own pages show a campaign grant, issued and signed for
    grants = Payment.objects.filter(case__program="campaign", member__user__username="member")
    assert grants.filter(case__case_status="closed").exists()


@pytest.mark.django_db
def test_the_due_work_run_moves_the_demos_ended_notice_on_and_seeding_again_adds_nothing():
    seed_demo()
    today = timezone.localdate()
    in_notice = Case.objects.filter(program="relief", case_status="public_notice")
    over = in_notice.get(relief__notice_ends_on__lt=today)
    running = in_notice.get(relief__notice_ends_on__gt=today)
    cases = Case.objects.count()

    assert seed_demo()["cases_created"] == 0
    assert Case.objects.count() == cases
    assert due_work_run().timers_fired == 1

    over.refresh_from_db()
    running.refresh_from_db()
    assert over.case_status == "awaiting_approval"
    assert running.case_status == "public_notice"
    assert due_work_run().timers_fired == 0
