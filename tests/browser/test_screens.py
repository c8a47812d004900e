"""Every role's home page with work in it, in Chinese, saved as full-page
screenshots (``test-artifacts/screenshots/``) for a person to look at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, expect_chinese, shot, zh, zh_text
from tests.conftest import application, end_public_notice, recommendation
from tests.mediation.conftest import referral
from tests.mutual_aid.helpers import claim

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def relief_case(api, member, until: str) -> str:
    """A relief case of ``member`` taken as far as ``until`` (a step name)."""
    number = api("caseworker").post("/api/relief/applications/", application(member))
    number = number.json()["case_number"]
    if until == "verify":
        return number
    api("caseworker").complete(number, "verify", "recommend", **recommendation())
    end_public_notice(number)
    if until == "approve":
        return number
    api("supervisor").complete(number, "approve", "approve", approved_amount="3000.00")
    return number


def test_every_role_home_page_shows_its_work_in_chinese(
    api, members, member_login, browse, live_server
):
    others = [m for m in members if m.pk != member_login.pk]
    waiting = {
        "caseworker": (relief_case(api, others[0], "verify"), "verify", "queue"),
        "supervisor": (relief_case(api, others[1], "approve"), "approve", "queue"),
        "finance": (relief_case(api, others[2], "disburse"), "disburse", "queue"),
    }
    ma = api("caseworker").post(
        "/api/mutual-aid/claims/",
        claim(member_login, product="critical_illness", severity_class="2"),
    )
    ma_number = ma.json()["case_number"]
    api("caseworker").complete(ma_number, "review", "accept")
    waiting["medical_reviewer"] = (ma_number, "medical_review", "queue")
    registered = api("coordinator").post("/api/mediation/referrals/", referral())
    waiting["coordinator"] = (registered.json()["case_number"], "assign", "queue")
    assigned = api("coordinator").post("/api/mediation/referrals/", referral()).json()
    api("coordinator").complete(assigned["case_number"], "assign", "assign", mediator="mediator")
    waiting["mediator"] = (assigned["case_number"], "mediate", "inbox")

    for role, (number, step, scope) in waiting.items():
        page = browse(role)
        page.goto(f"{live_server.url}/work/?scope={scope}")
        expect(page.locator(f"[data-testid=tab-{scope}]")).to_contain_text(
            zh_text("My inbox" if scope == "inbox" else "Unit queue")
        )
        row = page.locator(f"[data-testid=task-row][data-case='{number}'][data-step='{step}']")
        expect(row).to_contain_text(zh(step, "step"))
        assert page.title().startswith(zh_text("My work")), page.title()
        shot(page, f"home-{role}")

    # the auditor has no tasks, but reads every case
    auditor = browse("auditor")
    auditor.goto(f"{live_server.url}/work/")
    assert auditor.title().startswith(zh_text("My work")), auditor.title()
    expect(auditor.locator("[data-testid=task-row]")).to_have_count(0)
    shot(auditor, "home-auditor")
    auditor.goto(f"{live_server.url}/cases/")
    expect(auditor.locator("[data-testid=case-row]")).to_have_count(6)
    shot(auditor, "cases-auditor")

    # the member's own list, on a phone and on a desktop
    member = browse("member", viewport=PHONE)
    row = member.locator(f"[data-testid=my-case-row][data-case='{ma_number}']")
    expect_chinese(row.locator("[data-testid=case-status]"), "medical_review", "status")
    shot(member, "home-member-phone")
    member.set_viewport_size({"width": 1280, "height": 900})
    shot(member, "home-member")
    member.goto(f"{live_server.url}/my/apply/mutual-aid/")
    member.set_viewport_size(PHONE)
    shot(member, "my-claim-form-phone")
