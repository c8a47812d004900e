"""The decision history on the case page and, for the step at hand, on the
task page: who decided what, when, with the reason, comment or objection;
and the case page's dangerous and dead actions (withdraw confirmed, nothing
offered that the case's state refuses)."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from viewflow.workflow.models import Task

from casework.core.models import CaseDocument
from tests.conftest import end_public_notice, recommendation
from tests.mutual_aid import helpers as ma
from workflows import engine

from .conftest import case_status, open_task_id

RETURN_REASON = "请补充近三个月的收入证明"
OBJECTION = "邻居反映其家中另有商铺出租收入"
COMMENT = "家庭情况属实，酌情减少"


def decisions(html: str, testid: str = "decisions") -> str:
    block = re.search(rf'data-testid="{testid}">(.*?)</section>', html, re.S)
    assert block, f"no {testid} section on the page"
    return block.group(1)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_return_reason_shows_on_the_case_page_and_the_resubmit_task(
    web, api, relief_case, member, users
):
    number = relief_case(member)
    done = api("caseworker").complete(number, "verify", "return", reason=RETURN_REASON)
    assert done.status_code == 200, done.json()

    page = web("caseworker").get(f"/cases/{number}/").content.decode()
    history = decisions(page)
    assert 'data-step="verify" data-action="return"' in history
    assert RETURN_REASON in history
    # who: the caseworker's full name, not the username
    assert users["caseworker"].get_full_name() in history
    assert ">caseworker<" not in history
    assert "Awaiting documents" in text(history)  # where the decision led

    supplement = open_task_id(number, "supplement")
    task_page = web("caseworker").get(f"/work/tasks/{supplement}/").content.decode()
    led_here = decisions(task_page, "task-decisions")
    assert RETURN_REASON in led_here
    assert "What led to this task" in task_page


def test_the_verify_task_after_an_objection_shows_the_objection(web, api, relief_case, member):
    number = relief_case(member)
    recommended = api("caseworker").complete(number, "verify", "recommend", **recommendation())
    assert recommended.status_code == 200, recommended.json()
    objected = api("caseworker").complete(number, "public_notice", "object", objection=OBJECTION)
    assert objected.status_code == 200, objected.json()
    verify = open_task_id(number, "verify")
    led_here = decisions(
        web("caseworker").get(f"/work/tasks/{verify}/").content.decode(), "task-decisions"
    )
    assert OBJECTION in led_here
    # the verify step's own earlier recommendation is not what led here
    assert 'data-action="recommend"' not in led_here


def test_the_senior_approval_shows_the_first_approvers_comment(
    web, api, relief_case, member, users
):
    number = relief_case(member, until="approve", recommended_amount="6000.00")
    first = api("supervisor").complete(
        number, "approve", "approve", approved_amount="5500.00", comment=COMMENT
    )
    assert first.status_code == 200, first.json()
    senior = open_task_id(number, "approve_senior")
    page = web("supervisor2").get(f"/work/tasks/{senior}/").content.decode()
    led_here = text(decisions(page, "task-decisions"))
    assert COMMENT in led_here
    assert "5500.00" in led_here
    assert users["supervisor"].get_full_name() in led_here


def test_a_claims_words_are_read_from_the_claim_for_those_who_may_see_them(web, api, member):
    """A claim's reasons are medical: kept as a fingerprint in the chain,
    shown from the claim to the caseworker, withheld from finance."""
    ma.enroll(member, "inpatient")
    submitted = api("caseworker").post("/api/mutual-aid/claims/", ma.claim(member))
    assert submitted.status_code == 201, submitted.json()
    number = submitted.json()["case_number"]
    done = api("caseworker").complete(number, "review", "return", reason="请补充出院小结")
    assert done.status_code == 200, done.json()
    caseworker_page = decisions(web("caseworker").get(f"/cases/{number}/").content.decode())
    assert "请补充出院小结" in caseworker_page
    finance_page = web("finance").get(f"/cases/{number}/")
    assert finance_page.status_code == 200
    shown = decisions(finance_page.content.decode())
    assert "请补充出院小结" not in shown
    assert 'data-testid="withheld"' in shown


# --- dangerous and dead actions -----------------------------------------------


def test_withdraw_without_the_confirmation_does_nothing(web, relief_case, member):
    number = relief_case(member)
    page = web("caseworker").get(f"/cases/{number}/").content.decode()
    assert 'name="confirm"' in page and "cannot be undone" in page
    refused = web("caseworker").post(
        f"/cases/{number}/", {"op": "withdraw", "reason": "申请人撤回"}
    )
    assert refused.status_code == 400
    assert "Tick the box to confirm" in refused.content.decode()
    assert case_status(number) == "submitted"
    done = web("caseworker").post(
        f"/cases/{number}/", {"op": "withdraw", "reason": "申请人撤回", "confirm": "yes"}
    )
    assert done.status_code == 302
    assert case_status(number) == "withdrawn"
    history = decisions(web("caseworker").get(f"/cases/{number}/").content.decode())
    assert 'data-action="withdraw"' in history and "申请人撤回" in history


def test_a_closed_case_offers_no_withdraw_or_upload_and_refuses_them(web, api, relief_case, member):
    number = relief_case(member)
    rejected = api("caseworker").complete(
        number, "verify", "reject", reason="收入超标", reason_code="income_above_threshold"
    )
    assert rejected.status_code == 200, rejected.json()
    assert case_status(number) == "rejected"
    page = web("caseworker").get(f"/cases/{number}/").content.decode()
    for dead in ('data-testid="do-withdraw"', 'data-testid="upload"', 'data-testid="generate"'):
        assert dead not in page, dead

    withdraw = web("caseworker").post(
        f"/cases/{number}/", {"op": "withdraw", "reason": "x", "confirm": "yes"}
    )
    assert withdraw.status_code == 409
    assert "can no longer be withdrawn: it is Rejected" in withdraw.content.decode()
    assert case_status(number) == "rejected"

    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    refused = web("caseworker").post(f"/cases/{number}/", {"op": "upload", "file": upload})
    assert refused.status_code == 409
    assert "takes no more documents" in refused.content.decode()
    assert not CaseDocument.objects.filter(case__case_number=number).exists()

    generate = web("caseworker").post(
        f"/cases/{number}/", {"op": "generate", "document": "approval_form"}
    )
    assert generate.status_code == 409
    assert "not at the stage this document records" in generate.content.decode()


def test_the_approval_form_is_offered_once_the_application_is_verified(
    web, api, relief_case, member
):
    number = relief_case(member)
    before = web("caseworker").get(f"/cases/{number}/").content.decode()
    assert 'data-testid="generate"' not in before
    recommended = api("caseworker").complete(number, "verify", "recommend", **recommendation())
    assert recommended.status_code == 200, recommended.json()
    end_public_notice(number)
    page = web("caseworker").get(f"/cases/{number}/").content.decode()
    assert 'data-testid="generate"' in page and 'value="approval_form"' in page


def test_each_decision_shows_where_it_left_the_case(web, demo_cases):
    """A settlement leads to the follow-up; the follow-up that closes the
    case right after (no claim between them) leads to settled."""
    follow_up = Task.objects.filter(info__node="follow_up", status="ASSIGNED").first()
    assert follow_up is not None
    number = follow_up.process.case.case_number
    engine.task_complete(
        follow_up, follow_up.owner, "fulfilled", {"judicial_confirmation": "confirmed"}
    )
    history = decisions(web("coordinator").get(f"/cases/{number}/").content.decode())
    assert 'data-step="mediate" data-action="settle" data-status="follow_up"' in history
    assert 'data-step="follow_up" data-action="fulfilled" data-status="settled"' in history
    assert "粟调解" in history  # the mediator assigned, by name
