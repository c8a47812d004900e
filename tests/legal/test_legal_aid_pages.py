"""The legal-aid pages: the caseworker's intake shows the computed means
test before anything is written and opens the case; the task page shows the
decider the test with its reasons; a member applies from their own pages
and sees the status; the others are refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from casework.core.models import Case
from casework.demo.seed import seed_member_login
from casework.legal.models import LegalAid
from tests.legal.aid_helpers import apply
from tests.mediation.conftest import non_member_worker

WORKER = non_member_worker()


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "applicant.name": WORKER["name"],
        "applicant.id_number": WORKER["id_number"],
        "applicant.phone": WORKER["phone"],
        "employer.name": "三江某建筑有限公司",
        "claim": "wages",
        "amount_in_dispute": "800.00",
        "household_size": "2",
        "household_monthly_income": "5000.00",
        "facts": "拖欠工资八百元",
        "op": "submit",
    }
    data.update(overrides)
    return data


def _client(user: Any, language: str = "zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_the_check_shows_the_means_test_and_writes_nothing(users):
    page = _client(users["caseworker"]).post("/intake/legal-aid/", _form(op="check"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="means-test"' in text and 'data-eligible="no"' in text
    assert "争议金额低于最低标准" in text or "amount" not in text
    assert "2500.00" in text and "1690.00" in text
    assert not Case.objects.exists()


def test_the_caseworker_opens_the_application_and_sees_the_test_on_the_case(users):
    client = _client(users["caseworker"], "en")
    page = client.post("/intake/legal-aid/", _form(migrant_worker="on"))
    assert page.status_code == 302, page.content.decode()[:2000]
    aid = LegalAid.objects.get()
    assert page["Location"].endswith(f"/cases/{aid.case.case_number}/")
    assert aid.eligible and aid.reasons[0] == "migrant_worker_exempt"
    case_page = client.get(page["Location"]).content.decode()
    # the message says the verdict with its reasons; the case page shows the test
    assert "Means test: eligible (a migrant worker" in case_page
    assert "Income ceiling of the unit" in case_page and "1690.00" in case_page


def test_a_bad_form_is_refused_with_the_fields_named_and_nothing_written(users):
    page = _client(users["caseworker"], "en").post(
        "/intake/legal-aid/", _form(**{"applicant.id_number": "123", "household_size": "0"})
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert text.count('data-testid="field-error"') >= 2
    assert not Case.objects.exists()


def test_the_review_task_page_shows_the_means_test_with_its_reasons(api, users):
    number = apply(api, amount_in_dispute="800.00")["case_number"]
    task = api("caseworker").open_task(number, "review")
    page = _client(users["caseworker"], "en").get(f"/work/tasks/{task['id']}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Eligible for legal aid" in text
    assert "the amount in dispute is below the minimum" in text
    # the union refuses legal aid (the mediation's "refused" is the party's)
    assert "Refuse legal aid" in text and "Refused" not in text


@pytest.mark.parametrize("who", ["finance", "auditor", "supervisor", "coordinator"])
def test_others_may_not_open_legal_aid(users, who):
    page = _client(users[who]).post("/intake/legal-aid/", _form())
    assert page.status_code in (403, 404)
    assert not Case.objects.exists()


def test_a_member_applies_from_their_pages_and_sees_the_status(member, county):
    client = _client(seed_member_login(member, county))
    form = _form(amount_in_dispute="12000.00", household_monthly_income="2000.00")
    for name in ("applicant.name", "applicant.id_number", "applicant.phone"):
        del form[name]
    checked = client.post("/my/apply/legal-aid/", {**form, "op": "check"})
    assert checked.status_code == 200 and 'data-eligible="yes"' in checked.content.decode()
    page = client.post("/my/apply/legal-aid/", form)
    assert page.status_code == 302, page.content.decode()[:2000]
    case = Case.objects.get(program="legal_aid")
    assert case.member_id == member.pk
    mine = client.get(page["Location"]).content.decode()
    assert case.case_number in mine and "已提交" in mine


def test_staff_do_not_reach_the_members_page(users):
    assert _client(users["caseworker"]).get("/my/apply/legal-aid/").status_code == 404


def test_the_new_case_page_offers_legal_aid_to_caseworkers(users, member):
    page = _client(users["caseworker"]).get("/intake/", {"member": member.pk}).content.decode()
    assert 'data-program="legal_aid"' in page
    assert f'href="/intake/legal-aid/?member={member.pk}"' in page
    form = _client(users["caseworker"]).get("/intake/legal-aid/", {"member": member.pk})
    assert member.name in form.content.decode()
    assert 'name="applicant.name"' not in form.content.decode()
    coordinator = _client(users["coordinator"]).get("/intake/").content.decode()
    assert 'data-program="legal_aid"' not in coordinator


def test_the_member_reads_the_test_and_the_lawyer_on_their_case(api, member, county):
    user = seed_member_login(member, county)
    number = apply(api, applicant={"member": member.pk})["case_number"]
    api("caseworker").complete(number, "review", "accept")
    api("supervisor").complete(number, "approve", "approve")
    api("caseworker").complete(number, "assign", "assign", lawyer="韦明", firm="广西三江律师事务所")
    page = _client(user).get(f"/my/cases/{number}/").content.decode()
    assert 'data-fact="means_test.eligible"' in page
    assert "韦明" in page and "广西三江律师事务所" in page
    assert "承办中" in page


def test_a_member_answers_a_return_from_their_pages(api, member, county):
    user = seed_member_login(member, county)
    number = apply(api, applicant={"member": member.pk}, amount_in_dispute="500.00")["case_number"]
    api("caseworker").complete(number, "review", "return", reason="请补充欠薪金额证明")
    client = _client(user)
    case_page = client.get(f"/my/cases/{number}/").content.decode()
    assert "请补充欠薪金额证明" in case_page
    answer = client.get(f"/my/cases/{number}/answer/")
    assert answer.status_code == 200
    sent = client.post(
        f"/my/cases/{number}/answer/", {"note": "已补充工资条", "amount_in_dispute": "15000.00"}
    )
    assert sent.status_code == 302, sent.content.decode()[:1500]
    aid = LegalAid.objects.get(case__case_number=number)
    assert aid.case.case_status == "submitted" and aid.eligible
