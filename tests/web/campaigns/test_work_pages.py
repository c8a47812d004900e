"""The task pages of a campaign nomination list (PROCESSES.md §4): the
county caseworker reviews recipient by recipient and sees the budget used
and left; the supervisor approves within the budget (over_budget shown);
finance works through the list (issue, sign, unreachable) with progress
shown and closes it; outsiders get nothing. The page reads the same number
of queries for 5 recipients as for 50."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casework.campaigns.models import Recipient
from casework.core.models import Case, Payment, UserProfile
from casework.demo.seed import seed_member_login
from tests.web.campaigns.work_lists import (
    approved,
    campaign_of,
    issue,
    list_of,
    members_of,
    open_task,
    step,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(org):
    return campaign_of(org)


@pytest.fixture
def listed(org, campaign, grassroots):
    """A list of 6 members of caseworker2's union, under review."""
    return list_of(org, campaign, members_of(grassroots[0], 6))


def task_url(case: Case, node: str) -> str:
    return f"/work/tasks/{open_task(case, node).pk}/"


def rows_of(html: str) -> int:
    return html.count('data-testid="recipient-row"')


def recipients(case: Case) -> list[Recipient]:
    return list(Recipient.objects.filter(campaign_list_id=case.pk).select_related("member"))


def post(client: Client, url: str, op: str, recipient: Recipient, **data: Any):
    return client.post(url, {"op": op, "recipient": recipient.pk, **data})


# --- the county review -----------------------------------------------------


def test_the_county_caseworker_sees_the_list_masked_with_the_budget_and_what_it_adds(web, listed):
    html = web("caseworker").get(task_url(listed, "review")).content.decode()
    assert rows_of(html) == 6
    first = recipients(listed)[0]
    assert first.member.name in html
    assert first.member.id_number not in html  # a list: masked
    assert first.member.id_number[:4] + "**********" + first.member.id_number[-4:] in html
    assert "困难职工家庭" in html and "第1户" in html
    # 3 × (500 + 200) + 3 × (300 + 100) = 3300 of 500000
    assert 'data-testid="list-adds">3300.00<' in html
    assert 'data-testid="budget-left">500000.00<' in html
    assert 'data-testid="left-after">496700.00<' in html
    assert html.count('data-testid="verify-recipient"') == 6
    assert html.count('data-testid="exclude-recipient"') == 6
    assert 'data-testid="action-verify"' in html and 'data-testid="action-return"' in html


def test_verify_and_exclude_one_recipient_then_verify_the_list(web, org, listed):
    client, url = web("caseworker"), task_url(listed, "review")
    first, second = recipients(listed)[:2]
    done = post(client, url, "recipient_verify", first)
    assert done.status_code == 302 and done["Location"].endswith(f"#recipient-{first.pk}")
    done = post(client, url, "recipient_exclude", second, reason="已享受其他慰问")
    assert done.status_code == 302
    html = client.get(url).content.decode()
    assert f"{second.member.name} excluded." in html
    assert 'data-status="excluded"' in html and "已享受其他慰问" in html
    # the list now adds 2900: the excluded deep-tier grant (400) is out
    assert 'data-testid="list-adds">2900.00<' in html
    done = client.post(url, {"op": "complete", "action": "verify", "comment": ""})
    assert done.status_code == 302
    statuses = {r.pk: r.status for r in recipients(listed)}
    assert statuses[second.pk] == "excluded"
    assert sorted(set(statuses.values())) == ["excluded", "verified"]
    assert Case.objects.get(pk=listed.pk).case_status == "awaiting_approval"


def test_an_exclusion_without_a_reason_is_refused_on_the_page_and_nothing_changes(web, listed):
    client, url = web("caseworker"), task_url(listed, "review")
    second = recipients(listed)[1]
    refused = post(client, url, "recipient_exclude", second, reason="")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'data-testid="campaign-panel"' in html and "Reason" in html
    assert Recipient.objects.get(pk=second.pk).status == "nominated"


def test_a_recipient_of_another_list_is_not_found_and_nothing_changes(web, org, campaign, listed):
    other = list_of(org, campaign, members_of(org["grassroots"][0], 1, first=40))
    stranger = recipients(other)[0]
    refused = post(web("caseworker"), task_url(listed, "review"), "recipient_verify", stranger)
    assert refused.status_code == 404
    assert Recipient.objects.get(pk=stranger.pk).status == "nominated"


def test_the_review_page_reads_as_much_for_5_recipients_as_for_50(web, org, campaign, grassroots):
    seen = {}
    for size, first in ((5, 0), (50, 100)):
        case = list_of(org, campaign, members_of(grassroots[0], size, first))
        client, url = web("caseworker"), task_url(case, "review")
        client.get(url)  # warm the per-process caches (parameters, labels)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert rows_of(html) == size
        seen[size] = len(queries)
    assert seen[5] == seen[50], seen


def test_the_disburse_page_reads_as_much_for_5_grants_as_for_50(web, org, campaign, grassroots):
    seen = {}
    for size, first in ((5, 0), (50, 100)):
        case = approved(org, list_of(org, campaign, members_of(grassroots[0], size, first)))
        for r in recipients(case)[:2]:
            issue(org, case, r.pk)
        client, url = web("finance"), task_url(case, "disburse")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        assert rows_of(html) == size
        seen[size] = len(queries)
    assert seen[5] == seen[50], seen


# --- the approval ------------------------------------------------------------


def test_the_supervisor_sees_the_list_read_only_with_its_total_against_what_is_left(web, org):
    campaign = campaign_of(org, budget="3000.00")
    case = list_of(org, campaign, members_of(org["grassroots"][0], 6))
    step(case, "review", org["users"]["caseworker"], "verify")
    client, url = web("supervisor"), task_url(case, "approve")
    html = client.get(url).content.decode()
    assert rows_of(html) == 6
    assert 'data-testid="verify-recipient"' not in html and "issue-recipient" not in html
    assert 'data-testid="list-adds">3300.00<' in html
    assert 'data-testid="over-budget"' in html
    refused = client.post(url, {"op": "complete", "action": "approve", "comment": ""})
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "total 3300.00 is over the campaign&#x27;s remaining budget 3000.00" in text
    assert 'data-testid="over-budget"' in text
    assert Case.objects.get(pk=case.pk).case_status == "awaiting_approval"
    assert not Recipient.objects.filter(campaign_list_id=case.pk, status="approved").exists()


# --- the issue -------------------------------------------------------------------


@pytest.fixture
def issuing(org, campaign, grassroots) -> Case:
    return approved(org, list_of(org, campaign, members_of(grassroots[0], 4)))


def test_finance_issues_signs_and_marks_unreachable_with_the_progress_shown(web, issuing):
    client, url = web("finance"), task_url(issuing, "disburse")
    html = client.get(url).content.decode()
    assert 'data-testid="progress-text">Issued 0 of 4<' in html
    assert html.count('data-testid="issue-recipient"') == 4
    assert 'value="cash" selected' in html
    a, b, c, d = recipients(issuing)
    assert post(client, url, "recipient_issue", a, method="cash", issued_on="", reference="")
    done = post(client, url, "recipient_issue", a, method="cash", issued_on=_today(), reference="")
    assert done.status_code == 302
    done = post(client, url, "recipient_issue", b, method="bank_transfer", issued_on=_today())
    assert done.status_code == 302
    done = post(client, url, "recipient_sign", a, signed_on=_today(), signed_by=a.member.name)
    assert done.status_code == 302
    done = post(client, url, "recipient_unreachable", c, reason="外出务工联系不上")
    assert done.status_code == 302
    html = client.get(url).content.decode()
    # a: 700 issued, b: 400 issued, c unreachable, d (400) to issue
    assert 'data-testid="progress-text">Issued 2 of 3<' in html
    assert "amount issued 1100.00 of 1500.00" in html
    assert "signed for: 1" in html and "unreachable: 1" in html
    assert f"signed by {a.member.name}" in html
    assert Payment.objects.filter(case=issuing, item__in=[a.pk, b.pk]).count() == 2
    unissued = client.get(url + "?unissued=1").content.decode()
    assert rows_of(unissued) == 1 and f'data-recipient="{d.pk}"' in unissued


def test_a_second_issue_of_one_grant_is_a_409_message_not_a_500(web, issuing):
    client, url = web("finance"), task_url(issuing, "disburse")
    a = recipients(issuing)[0]
    assert (
        post(client, url, "recipient_issue", a, method="cash", issued_on=_today()).status_code
        == 302
    )
    again = post(client, url, "recipient_issue", a, method="cash", issued_on=_today())
    assert again.status_code == 409
    assert "this grant is already issued" in again.content.decode()
    assert Payment.objects.filter(case=issuing, item=a.pk).count() == 1


def test_finance_issues_the_remaining_grants_at_once_against_one_voucher(web, issuing):
    client, url = web("finance"), task_url(issuing, "disburse")
    first = recipients(issuing)[0]
    post(client, url, "recipient_issue", first, method="cash", issued_on=_today())
    html = client.get(url).content.decode()
    assert "Issue the 3 remaining grants at once" in html
    done = client.post(
        url,
        {"op": "issue_remaining", "method": "goods", "issued_on": _today(), "reference": "PZ-7"},
    )
    assert done.status_code == 302
    html = client.get(url).content.decode()
    assert "3 grants issued." in html
    assert 'data-testid="progress-text">Issued 4 of 4<' in html
    assert 'data-testid="issue-remaining"' not in html
    methods = {r.pk: (r.issued_method, r.issued_reference) for r in recipients(issuing)}
    assert methods[first.pk] == ("cash", "")
    assert sorted(set(methods.values())) == [("cash", ""), ("goods", "PZ-7")]
    refused = client.post(url, {"op": "issue_remaining", "method": "cash", "issued_on": "x"})
    assert refused.status_code == 400
    assert Payment.objects.filter(case=issuing).count() == 4


def test_close_is_refused_while_grants_are_unissued_then_closes(web, org, issuing):
    client, url = web("finance"), task_url(issuing, "disburse")
    rs = recipients(issuing)
    issue(org, issuing, rs[0].pk)
    refused = client.post(url, {"op": "complete", "action": "close", "note": ""})
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "3 approved grants are not issued yet" in html
    assert 'data-testid="close-hint"' in html
    for r in rs[1:]:
        issue(org, issuing, r.pk)
    html = client.get(url).content.decode()
    assert 'data-testid="progress-text">Issued 4 of 4<' in html
    assert 'data-testid="close-hint"' not in html
    done = client.post(url, {"op": "complete", "action": "close", "note": ""})
    assert done.status_code == 302
    assert Case.objects.get(pk=issuing.pk).case_status == "closed"


def test_finance_generates_the_sign_for_sheet_and_gets_the_list_workbook(web, issuing):
    client, url = web("finance"), task_url(issuing, "disburse")
    html = client.get(url).content.decode()
    assert f'href="/api/campaign-lists/{issuing.case_number}/list.xlsx"' in html
    done = client.post(url, {"op": "sign_sheet"})
    assert done.status_code == 302
    html = client.get(url).content.decode()
    assert 'data-testid="sign-sheet"' in html
    assert client.get(f"/api/campaign-lists/{issuing.case_number}/list.xlsx").status_code == 200


# --- outsiders -----------------------------------------------------------------


def test_outsiders_get_no_list_and_no_write(web, org, listed, users, member, grassroots):
    url = task_url(listed, "review")
    first = recipients(listed)[0]
    # a member, a caseworker of another grassroots union: not found
    other = User.objects.create_user(username="cw_other", first_name="覃经办")
    other.groups.add(Group.objects.get(name="caseworker"))
    UserProfile.objects.create(user=other, org_unit=grassroots[1])
    for user in (seed_member_login(member, org["county"]), other):
        client = Client(headers={"accept-language": "en"})
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert post(client, url, "recipient_verify", first).status_code == 404
    # the nominating union sees its list but takes no step of the county's;
    # the mediator and finance see the county's list, and may not verify
    for who in ("caseworker2", "mediator", "finance"):
        html = web(who).get(url).content.decode()
        assert rows_of(html) == 6 and 'data-testid="verify-recipient"' not in html, who
        refused = post(web(who), url, "recipient_verify", first)
        assert refused.status_code == 403, who
    assert Recipient.objects.get(pk=first.pk).status == "nominated"


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def test_a_long_list_is_paged_and_the_unissued_view_keeps_its_filter(web, org, monkeypatch):
    monkeypatch.setattr("casework.presenters.campaign_lists.PAGE_SIZE", 4)
    case = approved(org, list_of(org, campaign_of(org), members_of(org["grassroots"][0], 6)))
    client, url = web("finance"), task_url(case, "disburse")
    html = client.get(url).content.decode()
    assert rows_of(html) == 4 and 'data-testid="recipients-pager"' in html
    assert "Page 1 of 2" in html and 'href="?page=2"' in html
    second = client.get(url + "?page=2").content.decode()
    assert rows_of(second) == 2 and ">5<" in second and ">6<" in second  # numbered on
    last = recipients(case)[-1]
    done = post(
        client,
        url + "?unissued=1&page=2",
        "recipient_issue",
        last,
        method="cash",
        issued_on=_today(),
    )
    assert done.status_code == 302
    assert done["Location"].endswith(f"?unissued=1&page=2#recipient-{last.pk}")
    assert rows_of(client.get(url + "?page=9").content.decode()) == 2  # past the end: the last
