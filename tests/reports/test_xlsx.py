"""XLSX exports open with openpyxl and hold the figures; every export is
audited; none holds an ID number or mediation content."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from casework.audit.models import AuditEvent
from tests.reports.conftest import SECRET_NOTES, SECRET_REASON, SECRET_TERMS


def _book(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content))


def _values(book) -> list[str]:
    return [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row]


def _row(ws, label):
    return next(r for r in ws.iter_rows(values_only=True) if r and r[0] == label)


def test_the_summary_workbook_holds_the_figures(api, dataset):
    book = _book(api("supervisor").client.get(f"/api/reports/summary.xlsx?year={dataset['year']}"))
    assert book.sheetnames[:4] == ["帮扶救助", "医疗互助", "诉调对接", "逾期任务"]
    relief = book["帮扶救助"]
    assert relief["A1"].value == "救助类型"
    assert _row(relief, "合计")[1:] == (5, 3, 11000, 2, 9000)
    assert _row(relief, "生活救助")[1:] == (2, 2, 5000, 1, 3000)
    total = [c for c in relief.iter_rows(min_row=1) if c[0].value == "合计"][0]
    assert total[5].number_format == "#,##0.00"
    assert _row(book["医疗互助"], "合计")[1:] == (5, 2, 3, 1, 5000)
    assert _row(book["医疗互助"], "未参加互助")[1] == 2
    assert _row(book["诉调对接"], "协议金额(元)")[1] == 8000
    assert _row(book["诉调对接"], "调解成功率")[1] == 0.5
    assert AuditEvent.objects.filter(case=None, type="exported", data__export="summary").exists()


def test_the_case_list_exports_with_format_xlsx(api, dataset):
    book = _book(api("caseworker").client.get("/api/cases/?format=xlsx&program=relief"))
    relief = book["帮扶救助"]
    rows = list(relief.iter_rows(values_only=True))
    assert rows[0][:3] == ("案件编号", "状态", "所属单位")
    numbers = {r[0] for r in rows[1:]}
    assert numbers == {
        dataset["cases"][k].case_number for k in ("R1", "R2", "R3", "R4", "R5", "R6")
    }
    assert book["诉调对接"].max_row == 1  # header only: the caseworker sees no mediation
    assert AuditEvent.objects.filter(case=None, type="exported", data__export="cases").exists()
    # JSON is still the default, and a bad filter still answers in JSON
    assert api("caseworker").get("/api/cases/").json()["count"] == 11
    bad = api("caseworker").client.get("/api/cases/?format=xlsx&org_unit=99999")
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["org_unit"]


def test_exports_hold_no_id_numbers_nor_mediation_content(api, dataset):
    from casework.mediation.models import Referral

    secrets = [SECRET_TERMS, SECRET_NOTES, SECRET_REASON]
    secrets += [m.id_number for m in dataset["members"]]
    secrets += list(Referral.objects.values_list("worker_id_number", flat=True))
    coordinator = api("coordinator").client
    for url in (f"/api/reports/summary.xlsx?year={dataset['year']}", "/api/cases/?format=xlsx"):
        text = "\n".join(_values(_book(coordinator.get(url))))
        for secret in secrets:
            assert secret not in text, (url, secret)


def test_a_background_export_runs_reports_progress_and_downloads(api, dataset, users):
    cw = api("caseworker")
    started = cw.post("/api/reports/exports/", {"kind": "cases", "program": "mutual_aid"})
    assert started.status_code == 202, started.json()
    job = cw.get(f"/api/reports/exports/{started.json()['id']}/").json()
    assert job["status"] == "done"
    assert job["progress"] == 100
    assert job["rows_total"] == job["rows_done"] == 5
    book = _book(cw.client.get(job["download"]))
    assert book["医疗互助"].max_row == 6
    # only its owner sees it
    assert api("supervisor").get(f"/api/reports/exports/{job['id']}/").status_code == 404
    summary = cw.post("/api/reports/exports/", {"kind": "summary", "year": dataset["year"]})
    assert summary.json()["status"] == "done"
    assert (
        api("caseworker2")
        .post(
            "/api/reports/exports/",
            {"kind": "summary", "org_unit": dataset["cases"]["R2"].org_unit_id},
        )
        .status_code
        == 400
    )


def test_the_workbook_words_every_declared_status_and_role_in_chinese():
    from django.utils import translation

    from casework.core.roles import ALL_ROLES
    from casework.reports import xlsx

    codes = [s.value for choices in xlsx.CASE_STATUSES for s in choices]
    with translation.override("zh-hans"):
        words = [xlsx.status_label(c) for c in codes] + [xlsx.role_label(r) for r in ALL_ROLES]
    untranslated = [w for w in words if w.isascii()]
    assert untranslated == []


def test_the_workbook_is_in_the_site_language_whatever_the_request(api, dataset):
    response = api("caseworker").client.get(  # the API client reads English
        "/api/cases/?format=xlsx&program=relief", HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = list(_book(response)["帮扶救助"].iter_rows(values_only=True))
    assert rows[0] == (
        "案件编号",
        "状态",
        "所属单位",
        "姓名",
        "登记时间",
        "结案时间",
        "救助类型",
        "困难类别",
        "申请金额(元)",
        "批准金额(元)",
        "发放金额(元)",
    )
    assert {r[1] for r in rows[1:]} <= {
        "已提交",
        "核查中",
        "待补充材料",
        "公示中",
        "待审批",
        "已批准",
        "未通过",
        "逾期失效",
        "已办结",
        "已撤回",
    }
