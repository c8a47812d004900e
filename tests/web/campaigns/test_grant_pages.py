"""A member sees their own campaign grants on their own pages (campaign,
kind, year, cash and goods, issued and signed for) and nobody else's; the
staff member file lists them beside the payments."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.campaigns.models import Recipient
from casework.demo.seed import seed_member_login
from tests.web.campaigns.work_lists import approved, campaign_of, issue, list_of, members_of
from workflows import campaign_work


def client_of(user, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def _issued_list(org, count: int = 3):
    """An approved list of ``count`` members: the first issued and signed
    for, the second issued, the rest approved."""
    people = members_of(org["grassroots"][0], count)
    case = approved(org, list_of(org, campaign_of(org), people))
    first, second = (Recipient.objects.get(campaign_list_id=case.pk, member=m) for m in people[:2])
    issue(org, case, first.pk)
    issue(org, case, second.pk)
    campaign_work.recipient_write(
        case=case,
        actor=org["users"]["finance"],
        write="sign",
        recipient_id=first.pk,
        signed_on=timezone.localdate(),
        signed_by=people[0].name,
    )
    return case, people


def test_a_member_sees_their_own_grant_signed_for_and_not_their_neighbours(org):
    case, people = _issued_list(org)
    me = seed_member_login(people[0], org["grassroots"][0])
    html = client_of(me).get("/my/").content.decode()
    assert html.count('data-testid="grant-row"') == 1
    assert f"{timezone.localdate().year}年送温暖" in html and "Winter warmth visits" in html
    assert "困难职工家庭" in html and "500.00" in html and "200.00" in html
    assert 'data-status="signed"' in html and "signed for on" in html and "issued on" in html
    assert case.case_number not in html  # the list is the county's case, not the member's
    assert people[1].name not in html
    zh = client_of(me, "zh-hans").get("/my/").content.decode()
    assert "慰问金" in zh and "已签领" in zh and "送温暖" in zh


def test_a_member_without_grants_is_told_so(org):
    case, people = _issued_list(org)
    stranger = members_of(org["grassroots"][0], 1, first=80)[0]
    html = client_of(seed_member_login(stranger, org["grassroots"][0])).get("/my/")
    assert "No campaign grants." in html.content.decode()


def test_the_member_file_lists_the_grants_with_their_list_and_the_payments(org, users):
    case, people = _issued_list(org)
    html = client_of(users["caseworker"]).get(f"/members/{people[1].pk}/").content.decode()
    grants = html.split('data-testid="member-grants"')[1].split("</section>")[0]
    assert grants.count('data-testid="grant-row"') == 1
    assert 'data-status="issued"' in grants and f"/cases/{case.case_number}/" in grants
    payments = html.split('data-testid="member-payments"')[1].split("</section>")[0]
    assert case.case_number in payments and "400.00" in payments  # the deep tier


def test_the_my_page_reads_as_much_for_one_grant_as_for_three(org):
    seen = {}
    for count, first in ((1, 200), (3, 300)):
        people = members_of(org["grassroots"][0], 1, first)
        me = seed_member_login(people[0], org["grassroots"][0])
        campaign = campaign_of(org)
        for _ in range(count):  # one grant in each of ``count`` campaigns
            case = approved(org, list_of(org, campaign, people))
            issue(org, case, Recipient.objects.get(campaign_list_id=case.pk).pk)
            campaign = campaign_of(org)
        client = client_of(me)
        client.get("/my/")
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/my/").content.decode()
        assert html.count('data-testid="grant-row"') == count
        seen[count] = len(queries)
    assert seen[1] == seen[3], seen
