"""The staff case page's facts of the legal services: a legal-aid case's
means test with its reasons in words, a consultation's duty slot as the
slot (day, hours, the lawyer on duty) — the API keeps the slot's id."""

from __future__ import annotations

import html as html_lib
import re

from django.utils import timezone

from tests.legal.aid_helpers import apply


def _facts(page) -> dict[str, str]:
    """The case-facts card as label → value, tags stripped."""
    assert page.status_code == 200
    html = page.content.decode()
    card = html[html.index('data-testid="case-facts"') :]
    card = card[: card.index("</section>")]
    pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", card, flags=re.S)
    return {_text(k): _text(v) for k, v in pairs}


def _text(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def test_the_means_test_reasons_show_in_words_in_chinese(api, web):
    number = apply(api)["case_number"]
    facts = _facts(web("caseworker", "zh-hans").get(f"/cases/{number}/"))
    assert facts["原因"] == "争议金额达到最低标准; 家庭人均收入低于本地标准"
    assert facts["本地收入标准"] == "1690.00"


def test_a_refused_tests_reasons_show_in_english(api, web):
    number = apply(api, amount_in_dispute="800.00", household_monthly_income="6000.00")[
        "case_number"
    ]
    facts = _facts(web("caseworker").get(f"/cases/{number}/"))
    assert facts["Reasons"] == (
        "the amount in dispute is below the minimum; "
        "income per person at or above the unit's ceiling"
    )


def test_the_duty_slot_shows_as_the_slot_not_its_id(api, web, slot, consult):
    duty = slot(timezone.localdate(), starts_at="14:30", ends_at="17:00", lawyer="韦律师")
    number = consult(slot=duty.pk)["case_number"]
    day = f"{timezone.localdate():%Y-%m-%d}"
    facts = _facts(web("caseworker", "zh-hans").get(f"/cases/{number}/"))
    assert facts["值班时段"] == f"{day} 14:30–17:00 韦律师"
    # the API's data keeps the id (API.md)
    assert api("caseworker").get(f"/api/cases/{number}/").json()["data"]["slot"] == duty.pk


def test_a_swapped_slot_names_the_lawyer_who_was_on_duty(api, web, slot, consult):
    duty = slot(timezone.localdate(), lawyer="韦律师", swapped_lawyer="杨律师")
    number = consult(slot=duty.pk)["case_number"]
    facts = _facts(web("caseworker").get(f"/cases/{number}/"))
    assert facts["Duty slot"] == f"{timezone.localdate():%Y-%m-%d} 09:00–12:00 杨律师"
