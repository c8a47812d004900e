"""The bell in the top bar and the notifications page: staff and members see
their own notifications (never anyone else's), newest first, with a link to
the case; one or all are marked read; the count costs one query a page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.demo.seed import seed_member_login
from casework.notifications.models import Notification
from casework.notifications.services import notify
from tests.conftest import application

PAGE = "/notifications/"
# session, user, roles, unit (viewflow's area check and the menu), the bell's
# count, the page's count and its rows (each with its case)
MAX_PAGE_QUERIES = 9


def client_for(user: Any, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def tell(user: Any, subject: str, *, case: Any = None, read: bool = False) -> Notification:
    (note,) = notify(
        key=f"test:{subject}",
        recipients=[user],
        kind="reminder",
        subject=subject,
        body=f"About {subject}.",
        case=case,
    )
    if read:
        note.read_at = note.created
        note.save(update_fields=["read_at"])
    return note


def bell(html: str) -> dict[str, str]:
    """The bell's unread count (its data attribute and the badge's text, if any)."""
    tag = re.search(r'<a [^>]*data-testid="bell"[^>]*>(.*?)</a>', html, re.S)
    assert tag, "no bell in the top bar"
    unread = re.search(r'data-unread="(\d+)"', tag.group(0))
    badge = re.search(r'data-testid="bell-count"[^>]*>([^<]*)<', tag.group(1))
    label = re.search(r'aria-label="([^"]*)"', tag.group(0))
    return {
        "unread": unread.group(1) if unread else "",
        "badge": badge.group(1) if badge else "",
        "label": label.group(1) if label else "",
    }


def listed(html: str) -> list[str]:
    """The subjects the page lists, in order."""
    return re.findall(r'<p class="cw-note__subject">(?:<span[^>]*>[^<]*</span> )?([^<]*)</p>', html)


@pytest.fixture
def me(member, county) -> User:
    return seed_member_login(member, county)


@pytest.fixture
def case(api, member) -> Any:
    from casework.core.models import Case

    response = api("caseworker").post("/api/relief/applications/", application(member))
    assert response.status_code == 201, response.json()
    return Case.objects.get(case_number=response.json()["case_number"])


def test_the_bell_counts_my_unread_notifications_on_every_page(users, me):
    caseworker = users["caseworker"]
    tell(caseworker, "first")
    tell(caseworker, "second")
    tell(caseworker, "seen already", read=True)
    tell(users["supervisor"], "not mine")
    page = client_for(caseworker).get("/work/").content.decode()
    assert bell(page) == {"unread": "2", "badge": "2", "label": "Notifications: 2 unread"}
    assert f'href="{PAGE}"' in page
    # a member has one too, on their own pages; nothing unread: no badge
    mine = client_for(me).get("/my/").content.decode()
    assert bell(mine) == {"unread": "0", "badge": "", "label": "Notifications: 0 unread"}
    chinese = client_for(caseworker, "zh-hans").get("/work/").content.decode()
    assert bell(chinese)["label"] == "通知：2 条未读"


def test_the_page_lists_my_notifications_newest_first_with_their_case(users, me, case):
    caseworker = users["caseworker"]
    tell(caseworker, "older")
    tell(caseworker, "newer", case=case, read=True)
    tell(me, "yours")
    page = client_for(caseworker).get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert listed(html) == ["newer", "older"]
    assert "About older." in html
    # staff open the case on the staff case page
    assert f'href="{reverse("cases:detail", args=[case.case_number])}"' in html
    assert f"Case {case.case_number}" in html
    # the unread one is marked so and has its button; the read one has neither
    assert html.count('data-testid="unread-mark"') == 1
    assert html.count('data-testid="mark-read"') == 1


def test_a_member_sees_only_theirs_and_opens_the_case_on_their_own_pages(users, me, case):
    tell(me, "your case moved", case=case)
    tell(users["caseworker"], "a caseworker's reminder", case=case)
    html = client_for(me).get(PAGE).content.decode()
    assert listed(html) == ["your case moved"]
    assert "a caseworker&#x27;s reminder" not in html and "caseworker's reminder" not in html
    assert f'href="{reverse("my:case", args=[case.case_number])}"' in html
    assert f'href="{reverse("cases:detail", args=[case.case_number])}"' not in html


def test_marking_one_read_changes_the_bell_and_leaves_the_others(users):
    caseworker = users["caseworker"]
    first, second = tell(caseworker, "first"), tell(caseworker, "second")
    client = client_for(caseworker)
    done = client.post(f"{PAGE}?show=unread", {"op": "read", "id": first.pk})
    assert done.status_code == 302 and done["Location"] == f"{PAGE}?show=unread"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    html = client.get(f"{PAGE}?show=unread").content.decode()
    assert listed(html) == ["second"]
    assert bell(html)["unread"] == "1"


def test_nobody_marks_another_users_notification(users):
    theirs = tell(users["supervisor"], "the supervisor's")
    response = client_for(users["caseworker"]).post(PAGE, {"op": "read", "id": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # nor a made-up operation or id
    client = client_for(users["caseworker"])
    assert client.post(PAGE, {"op": "read", "id": "x"}).status_code == 404
    assert client.post(PAGE, {"op": "delete_all"}).status_code == 400


def test_mark_all_read_marks_only_mine(users, me):
    caseworker = users["caseworker"]
    for subject in ("a", "b", "c"):
        tell(caseworker, subject)
    theirs = tell(me, "the member's")
    client = client_for(caseworker, "zh-hans")
    unread_page = client.get(PAGE).content.decode()
    assert "全部标为已读" in unread_page and "标为已读" in unread_page
    done = client.post(PAGE, {"op": "read_all"}, follow=True)
    html = done.content.decode()
    assert "所有通知已标为已读。" in html
    assert not Notification.objects.filter(recipient=caseworker, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert bell(html) == {"unread": "0", "badge": "", "label": "通知：0 条未读"}
    assert 'data-testid="read-all"' not in html
    empty = client.get(f"{PAGE}?show=unread").content.decode()
    assert "没有未读的通知。" in empty


def test_only_staff_and_members_have_the_page(users, org):
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    nobody = User.objects.create_user(username="no-role")
    assert client_for(nobody).get(PAGE).status_code == 404


def _queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_bell_is_one_count_query_however_many_notifications(users, me, case):
    caseworker = users["caseworker"]
    client = client_for(caseworker)
    tell(caseworker, "one", case=case)
    few = {url: _queries(client, url) for url in ("/work/", PAGE)}
    for i in range(30):
        tell(caseworker, f"note {i}", case=case)
    many = {url: _queries(client, url) for url in ("/work/", PAGE)}
    for url in few:
        assert len(few[url]) == len(many[url]), url
    # the work page reads the notifications once: the bell's COUNT
    reads = [q for q in many["/work/"] if "notifications_notification" in q]
    assert len(reads) == 1 and "COUNT(" in reads[0].upper()
    # the page: the bell's count, the page's count, one query for the rows and their cases
    assert len([q for q in many[PAGE] if "notifications_notification" in q]) == 3
    assert len(many[PAGE]) <= MAX_PAGE_QUERIES
    # a member's pages too
    tell(me, "yours", case=case)
    mine = [q for q in _queries(client_for(me), "/my/") if "notifications_notification" in q]
    assert len(mine) == 1
