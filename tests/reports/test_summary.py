"""The yearly summary and monthly series on the known data set (conftest)."""

from __future__ import annotations

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.reports.selectors import report_summary
from tests.reports.conftest import SECRET_NOTES, SECRET_REASON, SECRET_TERMS


def test_the_county_summary_has_the_exact_figures(api, dataset, county):
    body = api("supervisor").get("/api/reports/summary/", year=dataset["year"]).json()
    assert body["year"] == dataset["year"]
    assert body["org_unit"]["id"] == county.pk
    relief = body["relief"]
    assert {k: relief[k] for k in ("applications", "granted", "persons", "paid")} == {
        "applications": 5,
        "granted": 3,
        "persons": 2,
        "paid": 2,
    }
    assert relief["granted_amount"] == "11000.00"
    assert relief["paid_amount"] == "9000.00"
    assert relief["by_aid_type"] == {
        "living": {
            "applications": 2,
            "granted": 2,
            "granted_amount": "5000.00",
            "paid": 1,
            "paid_amount": "3000.00",
        },
        "education": {
            "applications": 1,
            "granted": 1,
            "granted_amount": "6000.00",
            "paid": 1,
            "paid_amount": "6000.00",
        },
        "medical": {
            "applications": 1,
            "granted": 0,
            "granted_amount": "0.00",
            "paid": 0,
            "paid_amount": "0.00",
        },
        "temporary": {
            "applications": 1,
            "granted": 0,
            "granted_amount": "0.00",
            "paid": 0,
            "paid_amount": "0.00",
        },
    }
    assert relief["by_category"]["deep"] == {
        "granted": 2,
        "granted_amount": "9000.00",
        "paid": 2,
        "paid_amount": "9000.00",
    }
    assert relief["by_category"]["relative"]["granted"] == 1
    assert relief["by_category"]["accidental"]["granted"] == 0

    ma = body["mutual_aid"]
    assert {k: ma[k] for k in ("claims", "approved", "rejected", "paid", "paid_amount")} == {
        "claims": 5,
        "approved": 2,
        "rejected": 3,
        "paid": 1,
        "paid_amount": "5000.00",
    }
    assert ma["rejected_by_reason"]["NOT_ENROLLED"] == 2
    assert ma["rejected_by_reason"]["WAITING_PERIOD"] == 1
    assert sum(ma["rejected_by_reason"].values()) == 3
    assert ma["by_product"]["inpatient"]["claims"] == 3
    assert ma["by_product"]["critical_illness"] == {
        "claims": 2,
        "approved": 1,
        "rejected": 1,
        "paid": 0,
        "paid_amount": "0.00",
    }

    md = body["mediation"]
    assert {
        k: md[k]
        for k in (
            "referred",
            "settled",
            "returned_to_court",
            "extensions",
            "judicial_confirmations",
            "success_rate",
            "amount_claimed",
            "amount_agreed",
            "average_days",
        )
    } == {
        "referred": 3,
        "settled": 1,
        "returned_to_court": 1,
        "extensions": 1,
        "judicial_confirmations": 1,
        "success_rate": "0.5000",
        "amount_claimed": "20000.00",
        "amount_agreed": "8000.00",
        "average_days": "15.0",
    }
    assert body["overdue_tasks"] == [
        {"org_unit": {"id": county.pk, "name": county.name}, "role": "caseworker", "count": 1},
        {"org_unit": {"id": county.pk, "name": county.name}, "role": "finance", "count": 1},
    ]


def test_a_grassroots_user_sees_only_their_subtree(api, dataset, grassroots):
    body = api("caseworker2").get("/api/reports/summary/", year=dataset["year"]).json()
    assert body["org_unit"]["id"] == grassroots[0].pk
    assert body["relief"]["applications"] == 2
    assert body["relief"]["granted"] == 2
    assert body["relief"]["persons"] == 1
    assert body["relief"]["paid_amount"] == "9000.00"
    assert body["mutual_aid"]["claims"] == 1
    assert body["mutual_aid"]["paid_amount"] == "5000.00"
    assert body["mediation"]["referred"] == 0
    assert body["overdue_tasks"] == []


def test_a_unit_inside_the_scope_narrows_it_and_one_outside_is_refused(api, dataset, grassroots):
    sup = api("supervisor")
    g1 = sup.get("/api/reports/summary/", year=dataset["year"], org_unit=grassroots[1].pk).json()
    assert g1["relief"]["applications"] == 2
    assert g1["mutual_aid"]["rejected_by_reason"]["WAITING_PERIOD"] == 1
    outside = api("caseworker2").get("/api/reports/summary/", org_unit=grassroots[1].pk)
    assert outside.status_code == 400
    assert "org_unit" in outside.json()["error"]["fields"]


def test_last_years_figures_stay_in_last_year(api, dataset):
    body = api("auditor").get("/api/reports/summary/", year=dataset["year"] - 1).json()
    assert body["relief"]["applications"] == 1
    assert body["relief"]["granted"] == 1
    assert body["relief"]["paid_amount"] == "1000.00"
    assert body["relief"]["by_category"]["accidental"]["granted"] == 1
    assert body["mutual_aid"]["claims"] == 0


def test_every_staff_role_may_read_it_a_member_may_not(api, dataset, users, member):
    from casework.demo.seed import seed_member_login

    for username in ("caseworker", "finance", "medical_reviewer", "mediator", "coordinator"):
        assert api(username).get("/api/reports/summary/").status_code == 200, username
    seed_member_login(member, member.org_unit)
    from django.contrib.auth.models import User

    from tests.conftest import Api

    outsider = Api(User.objects.get(username="member"))
    assert outsider.get("/api/reports/summary/").status_code == 403
    assert outsider.get("/api/reports/monthly/").status_code == 403
    assert outsider.get("/api/reports/summary.xlsx").status_code == 403


def test_bad_year_is_a_400(api, dataset):
    assert api("supervisor").get("/api/reports/summary/", year="abc").status_code == 400
    assert api("supervisor").get("/api/reports/summary/", year=1800).status_code == 400


def test_the_summary_takes_a_fixed_number_of_queries(dataset, users, county):
    user = users["supervisor"]
    with CaptureQueriesContext(connection) as ctx:
        report_summary(user, year=dataset["year"], org_unit=county)
    assert len(ctx.captured_queries) <= 12, [q["sql"] for q in ctx.captured_queries]


def test_the_monthly_series(api, dataset):
    body = api("supervisor").get("/api/reports/monthly/", year=dataset["year"]).json()
    months = {m["month"]: m for m in body["months"]}
    assert len(months) == 12
    assert [months[i]["relief_applications"] for i in (1, 2, 3)] == [1, 2, 2]
    assert [months[i]["relief_granted"] for i in (1, 2, 3)] == [1, 1, 1]
    assert months[2]["relief_paid_amount"] == "3000.00"
    assert months[3]["relief_paid_amount"] == "6000.00"
    assert months[2]["mutual_aid_paid_amount"] == "5000.00"
    assert [months[i]["mutual_aid_claims"] for i in (1, 2, 3)] == [1, 2, 2]
    assert [months[i]["mediation_referred"] for i in (1, 2, 3)] == [1, 1, 1]
    assert months[1]["mediation_settled"] == 1
    assert months[12]["relief_applications"] == 0


def test_reports_never_hold_mediation_content_nor_id_numbers(api, dataset):
    from casework.mediation.models import Referral

    secrets = [SECRET_TERMS, SECRET_NOTES, SECRET_REASON, "加班费计算基数"]
    secrets += [m.id_number for m in dataset["members"]]
    secrets += list(Referral.objects.values_list("worker_id_number", flat=True))
    for username in ("coordinator", "auditor", "caseworker", "mediator"):
        for url in ("/api/reports/summary/", "/api/reports/monthly/"):
            text = json.dumps(
                api(username).get(url, year=dataset["year"]).json(), ensure_ascii=False
            )
            for secret in secrets:
                assert secret not in text, (username, url, secret)
