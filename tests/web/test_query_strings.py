"""A NUL character in a page's query string (PostgreSQL refuses it in any
text it compares) is refused by the page's filters as the API refuses it —
a 400 page that names the filter — and never reaches the database as a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from casework.demo.seed import seed_member_login

STAFF_URLS = [
    "/members/?q=%00",
    "/members/?q=a%00b",
    "/members/?page=%00",
    "/cases/?q=%00",
    "/cases/?q=RL-%00",
    "/cases/?status=%00",
    "/cases/?program=%00",
    "/cases/?page=%00",
    "/work/?status=%00",
    "/work/?scope=%00",
    "/work/?program=%00",
    "/work/?scope=done&status=closed%00",
    "/reports/?org_unit=%00",
    "/reports/?year=%00&program=%00",
]


def _client(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", STAFF_URLS)
def test_a_nul_in_a_staff_page_filter_is_a_400_page_not_a_500(users, members, url):
    response = _client(users["supervisor"]).get(url)
    if "page=" in url:  # a page number that is not one shows the first page
        assert response.status_code == 200
        return
    assert response.status_code == 400, (url, response.status_code)
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'data-testid="filter-error"' in html or 'data-testid="report-error"' in html
    if "q=" in url or "status=" in url:
        assert "Null characters are not allowed." in html


@pytest.mark.parametrize("url", ["/my/?page=%00", "/my/cases/%00/", "/cases/%00/"])
def test_a_nul_in_a_member_page_is_not_a_500(members, county, url):
    member = members[0]
    response = _client(seed_member_login(member, county)).get(url)
    assert response.status_code in (200, 404), (url, response.status_code)


@pytest.mark.parametrize("url", ["/members/?q=%E8%A6%83", "/cases/?status=closed", "/work/"])
def test_ordinary_filters_still_answer_200(users, members, url):
    assert _client(users["supervisor"]).get(url).status_code == 200
