"""The consultation entry (one page, sensible defaults), a returning
visitor's form filled in from their earlier consultation or member record,
the refusals on the page, a referral's case named, and the consultations
list with its filters."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.utils import timezone

from casework.core.models import Case
from casework.demo.seed import seed_member_login
from casework.legal.models import Consultation
from tests.legal.conftest import consultation, in_days
from tests.mediation.conftest import credit_code

FACTS = "公司拖欠两个月工资"
ADVICE = "保留工资条，先协商，再申请调解"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _selected(html: str, name: str) -> str:
    select = html[html.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    found = re.search(r'<option value="([^"]*)" selected>', select)
    return found.group(1) if found else ""


def _value(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


def test_the_form_starts_with_a_visit_todays_slot_and_answered(web, slot):
    today = slot(timezone.localdate())
    slot(timezone.localdate() - dt.timedelta(days=7), lawyer="杨律师")
    html = web("lawyer").get("/legal/consult/").content.decode()
    assert _selected(html, "channel") == "visit"
    assert _selected(html, "slot") == str(today.pk)
    assert _selected(html, "outcome") == "answered"
    assert "杨律师" in html  # last week's slot may be named too


def test_a_typed_visitor_is_saved_and_the_page_goes_to_the_new_case(web):
    response = web("lawyer").post(
        "/legal/consult/",
        {
            "channel": "phone",
            "visitor_name": "黄来访",
            "visitor_id_refused": "on",
            "visitor_phone": "13911112222",
            "employer_name": "三江某物流公司",
            "category": "overtime",
            "facts": FACTS,
            "advice": ADVICE,
            "outcome": "answered",
        },
    )
    assert response.status_code == 302
    c = Consultation.objects.select_related("case").get()
    assert response["Location"] == f"/cases/{c.case.case_number}/"
    assert (c.channel, c.visitor_name, c.id_refused, c.category) == (
        "phone",
        "黄来访",
        True,
        "overtime",
    )
    page = web("lawyer").get(response["Location"])
    assert page.status_code == 200
    text = _text(page)
    assert f"Consultation {c.case.case_number} was saved." in text and ADVICE in text


def test_a_returning_visitor_is_found_and_filled_in(web, consult):
    earlier = consult(who="caseworker")
    number = earlier["case_number"]
    client = web("lawyer")
    found = client.get("/legal/consult/?q=覃工人").content.decode()
    assert f'href="/legal/consult/?from={number}"' in found
    html = client.get(f"/legal/consult/?from={number}").content.decode()
    assert _value(html, "visitor_name") == "覃工人"
    assert _value(html, "employer_name") == "三江某建筑有限公司"
    assert _value(html, "employer_credit_code") == credit_code()
    # the ID number is shown masked (the lawyer does not see it whole), never typed again
    masked = re.search(
        r'name="visitor_id_number" value="" maxlength="30" autocomplete="off" '
        r'placeholder="([^"]+)"',
        html,
    )
    assert masked and "*" in masked.group(1)
    response = client.post(
        "/legal/consult/",
        {
            "from": number,
            "channel": "visit",
            "visitor_name": "覃工人",
            "employer_name": "三江某建筑有限公司",
            "employer_credit_code": credit_code(),
            "category": "wages",
            "facts": FACTS,
            "advice": ADVICE,
            "outcome": "answered",
        },
    )
    assert response.status_code == 302
    first = Consultation.objects.get(case__case_number=number)
    again = Consultation.objects.exclude(pk=first.pk).get()
    assert again.visitor_id_number == first.visitor_id_number != ""
    assert again.visitor_phone == first.visitor_phone
    assert again.employer_name == first.employer_name


def test_a_member_who_consulted_before_gets_their_employer_filled_in(web, consult, member):
    consult(member=member.pk, visitor={"name": member.name}, employer={"name": "某水泥厂"})
    html = web("lawyer").get(f"/legal/consult/?member={member.pk}").content.decode()
    assert 'data-testid="intake-member"' in html and member.name in html
    assert _value(html, "employer_name") == "某水泥厂"
    assert member.id_number not in html  # masked for the duty lawyer


def test_a_refusal_is_shown_beside_its_field_and_nothing_is_written(web):
    response = web("lawyer").post(
        "/legal/consult/",
        {
            "channel": "visit",
            "visitor_name": "黄来访",
            "category": "wages",
            "facts": FACTS,
            "outcome": "referred_other",
        },
    )
    assert response.status_code == 400
    assert "say to whom the visitor was referred" in _text(response)
    assert _value(response.content.decode(), "visitor_name") == "黄来访"  # kept as typed
    assert not Case.objects.filter(program="consultation").exists()


def test_a_referral_to_union_mediation_names_the_case_it_opened(web):
    data = consultation()
    response = web("caseworker").post(
        "/legal/consult/",
        {
            "channel": "visit",
            "visitor_name": data["visitor"]["name"],
            "visitor_id_number": data["visitor"]["id_number"],
            "employer_name": data["employer"]["name"],
            "category": "wages",
            "facts": FACTS,
            "outcome": "referred_mediation",
        },
        follow=True,
    )
    c = Consultation.objects.get()
    assert c.referral.startswith("MD-")
    assert f"The referral opened case {c.referral}." in _text(response)
    # a mediation is its handlers' only: the number, no link for the caseworker
    assert f'href="/cases/{c.referral}/"' not in response.content.decode()


def test_a_referral_to_legal_aid_names_and_links_the_case_it_opened(web):
    data = consultation()
    form = {
        "channel": "visit",
        "visitor_name": data["visitor"]["name"],
        "visitor_id_refused": "on",
        "employer_name": "三江某物流公司",
        "category": "wages",
        "facts": FACTS,
        "outcome": "referred_legal_aid",
    }
    refused = web("caseworker").post("/legal/consult/", form)
    assert refused.status_code == 400  # legal aid needs the applicant's ID number
    beside = refused.content.decode().split('name="visitor_id_number"')[1].split("</div>")[0]
    assert "needs the applicant" in beside
    assert not Consultation.objects.exists()
    del form["visitor_id_refused"]
    form["visitor_id_number"] = data["visitor"]["id_number"]
    response = web("caseworker").post("/legal/consult/", form, follow=True)
    c = Consultation.objects.get()
    assert c.referral.startswith("LA-")
    # the legal-aid application is the caseworker's to read: linked
    link = f'<a href="/cases/{c.referral}/">{c.referral}</a>'
    assert f"The referral opened case {link}." in response.content.decode()


def test_the_list_shows_the_consultations_with_links_and_filters(web, consult):
    phoned = consult(channel="phone")["case_number"]
    visited = consult(channel="visit")["case_number"]
    client = web("lawyer")
    html = client.get("/legal/consultations/").content.decode()
    assert f'href="/cases/{phoned}/"' in html and f'href="/cases/{visited}/"' in html
    only_phone = client.get("/legal/consultations/?channel=phone").content.decode()
    assert phoned in only_phone and visited not in only_phone
    today = client.get(f"/legal/consultations/?date={timezone.localdate()}").content.decode()
    assert phoned in today
    assert client.get("/legal/consultations/?channel=fax").status_code == 400


def test_the_grassroots_caseworker_does_not_see_the_countys_consultations(web, consult):
    number = consult()["case_number"]
    assert number not in web("caseworker2").get("/legal/consultations/").content.decode()
    assert web("caseworker2").get(f"/legal/consult/?from={number}").status_code == 200
    assert "No earlier consultation" in _text(
        web("caseworker2").get(f"/legal/consult/?from={number}")
    )


def test_outsiders_are_refused(web, client, member, county):
    member_client = Client(headers={"accept-language": "en"})
    member_client.force_login(seed_member_login(member, county))
    assert member_client.get("/legal/").status_code in (403, 404)
    assert web("finance").get("/legal/consult/").status_code == 403
    assert web("finance").get("/legal/").status_code == 200  # all staff read the roster
    assert client.get("/legal/consult/").status_code == 302  # to the login page


def test_the_duty_lawyer_sees_no_programs_cases_nor_reports(web, users):
    client = web("lawyer")
    assert client.get("/reports/").status_code in (403, 404)
    assert client.get("/legal/").status_code == 200


def test_the_promised_follow_up_is_done_on_the_generic_task_page(web, consult, api):
    number = consult(outcome="later", advice="", follow_up_on=in_days(2))["case_number"]
    task = api("caseworker").open_task(number, "follow_up")
    client = web("caseworker")
    page = client.get(f"/work/tasks/{task['id']}/")
    assert page.status_code == 200 and 'data-testid="action-done"' in page.content.decode()
    client.post(f"/work/tasks/{task['id']}/", {"op": "claim"})
    done = client.post(
        f"/work/tasks/{task['id']}/",
        {"op": "complete", "action": "done", "result": "已电话告知补缴流程"},
        follow=True,
    )
    assert done.status_code == 200
    c = Consultation.objects.select_related("case").get(case__case_number=number)
    assert (c.follow_up_result, c.case.case_status) == ("已电话告知补缴流程", "closed")


def test_the_duty_lawyer_starts_at_the_consultation_entry(web):
    assert web("lawyer").get("/")["Location"] == "/legal/consult/"
    assert web("caseworker").get("/")["Location"] == "/work/"


def test_the_case_page_names_a_consultations_facts_as_a_consultations(web, consult):
    """A consultation's ``category`` and ``outcome`` are its dispute's and its
    own, not the hardship category and the mediation's outcome."""
    number = consult(channel="visit")["case_number"]
    html = web("caseworker", "zh-hans").get(f"/cases/{number}/").content.decode()
    assert "咨询类别" in html and "咨询结果" in html
    assert "困难类别" not in html and "调解结果" not in html
