"""What the journeys' screenshots showed wrong, as the person reads it: the
reject forms' two fields each with its own label, tables whose cells carry
their column's name for a phone, identifiers kept whole, the file inputs in
the page's language, the chart openable full size, the benefit explanation
as a list."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.mutual_aid import helpers as ma

from .conftest import open_task_id

pytestmark = pytest.mark.django_db


def zh(users, username: str) -> Client:
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(users[username])
    return client


def section(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"')[1].split("</section>")[0]


def labels_of(form: str) -> dict[str, str]:
    """field name → its label's text, of a task page's action form."""
    found = re.findall(r'data-field="([\w.]+)"[^>]*>\s*<label for="[^"]+">([^<*]+)', form)
    return {name: text.strip() for name, text in found}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_reject_forms_label_the_grounds_and_the_reason_apart(
    users, relief_case, member, api, language
):
    relief = relief_case(member)
    ma.enroll(member, "inpatient")
    claim = ma.claim_case(api, member)["case_number"]
    client = Client(headers={"accept-language": language})
    client.force_login(users["caseworker"])
    expected = {
        "en": {"reason_code": "Grounds", "reason": "Reason"},
        "zh-hans": {"reason_code": "驳回依据", "reason": "理由"},
    }[language]
    for number, node in ((relief, "verify"), (claim, "review")):
        page = client.get(reverse("work:task", args=[open_task_id(number, node)]))
        form = section(page.content.decode(), "action-reject")
        shown = labels_of(form)
        assert {k: shown[k] for k in expected} == expected, (number, shown)
        assert len(set(shown.values())) == len(shown), shown  # no two fields alike


def test_the_member_file_tables_name_each_value_for_a_phone(users, member):
    ma.enroll(member, "inpatient")
    html = zh(users, "caseworker").get(reverse("members:file", args=[member.pk])).content.decode()
    row = html.split('data-testid="enrollment-row"')[1].split("</tr>")[0]
    assert re.findall(r'data-label="([^"]+)"', row) == [
        "年度",
        "互助项目",
        "已缴互助金",
        "参加日期",
        "续保",
        "剩余额度",
    ]
    cells = re.findall(r"<td[^>]*>", row)
    assert cells and all("data-label=" in c for c in cells)  # not one bare value
    # the ID number is one unbreakable value
    assert re.search(r'<dd class="cw-id" data-testid="id-number">\d{17}[\dX]</dd>', html)


def test_the_assign_pages_caseload_table_has_its_column_names(users, api):
    from tests.mediation.conftest import referral

    made = api("coordinator").post("/api/mediation/referrals/", referral())
    assert made.status_code == 201, made.json()
    assign = open_task_id(made.json()["case_number"], "assign")
    html = zh(users, "coordinator").get(reverse("work:task", args=[assign])).content.decode()
    table = section(html, "caseload")
    assert "<thead><tr><th>调解员</th>" in table
    row = table.split('data-testid="caseload-row"')[1].split("</tr>")[0]
    assert 'data-label="调解员"' in row and 'data-label="在办案件"' in row


def test_invoice_and_id_numbers_are_kept_whole(users, member, api):
    ma.enroll(member, "inpatient")
    case = ma.claim_case(api, member, invoice_numbers=["INV-000301", "INV-000302"])
    html = zh(users, "caseworker").get(reverse("cases:detail", args=[case["case_number"]]))
    facts = section(html.content.decode(), "case-facts")
    assert '<span class="cw-id">INV-000301</span>; <span class="cw-id">INV-000302</span>' in facts
    assert '<dd class="cw-id">' + case["case_number"] + "</dd>" in facts


def test_file_inputs_are_labelled_in_the_pages_language(users, relief_case, member):
    number = relief_case(member)
    html = zh(users, "caseworker").get(reverse("cases:detail", args=[number])).content.decode()
    assert 'type="file"' in html
    assert 'data-file-choose="选择文件"' in html
    assert 'data-file-choose-many="选择文件（可多选）"' in html
    assert 'data-file-none="未选择文件"' in html
    assert "web/files.js" in html and "web/tables.js" in html
    en = Client(headers={"accept-language": "en"})
    en.force_login(users["caseworker"])
    assert (
        'data-file-none="No file chosen"'
        in en.get(reverse("cases:detail", args=[number])).content.decode()
    )


def test_the_chart_opens_full_size(users, relief_case, member):
    number = relief_case(member)
    html = zh(users, "caseworker").get(reverse("cases:detail", args=[number])).content.decode()
    chart = section(html, "chart")
    link = re.search(r'<a class="cw-chart__open" href="([^"]+)"[^>]*>([^<]+)</a>', chart)
    assert link and link.group(1) == reverse("cases:chart", args=[number])
    assert link.group(2) == "查看原尺寸流程图"


def test_the_benefit_explanation_is_a_list_of_lines(users, member, api):
    ma.enroll(member, "inpatient")
    number = ma.claim_case(api, member)["case_number"]
    accepted = api("caseworker").complete(number, "review", "accept", comment="ok")
    assert accepted.status_code == 200, accepted.json()
    task = open_task_id(number, "approve")
    html = zh(users, "supervisor").get(reverse("work:task", args=[task])).content.decode()
    lines = html.split('data-testid="fact-lines"')[1].split("</ul>")[0]
    items = re.findall(r"<li>([^<]+)</li>", lines)
    assert len(items) >= 2, lines
    assert all(re.search(r"[\u4e00-\u9fff]", item) for item in items)  # in Chinese only
