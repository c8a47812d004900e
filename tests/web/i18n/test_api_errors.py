"""API errors: the message in the caller's language, the code the same."""

from __future__ import annotations


def _submitted(api, member) -> tuple[str, int]:
    number = api("caseworker").relief_case(member)["case_number"]
    return number, api("caseworker").open_task(number, "verify")["id"]


def test_a_refused_action_is_explained_in_chinese_or_english_with_one_code(api, member):
    _, task = _submitted(api, member)
    url = f"/api/tasks/{task}/complete/"
    caseworker = api("caseworker")

    zh = caseworker.post(url, {"action": "pay"}, HTTP_ACCEPT_LANGUAGE="zh-CN")
    en = caseworker.post(url, {"action": "pay"}, HTTP_ACCEPT_LANGUAGE="en")

    assert zh.status_code == en.status_code == 400
    zh_error, en_error = zh.json()["error"], en.json()["error"]
    assert zh_error["code"] == en_error["code"] == "invalid"
    assert zh_error["message"] == "未知的操作 'pay'"
    assert en_error["message"] == "unknown action 'pay'"
    assert zh_error["fields"]["action"] == ["请从以下选择：recommend, return, reject"]
    assert en_error["fields"]["action"] == ["choose one of: recommend, return, reject"]


def test_a_conflict_keeps_its_code_in_both_languages(api, member):
    number, task = _submitted(api, member)
    done = api("caseworker").complete(
        number, "verify", "reject", reason_code="income_above_threshold", reason="收入超标"
    )
    assert done.status_code == 200, done.json()
    url = f"/api/tasks/{task}/complete/"
    body = {"action": "reject", "reason_code": "other", "reason": "again"}

    zh = api("caseworker").post(url, body, HTTP_ACCEPT_LANGUAGE="zh-CN")
    en = api("caseworker").post(url, body, HTTP_ACCEPT_LANGUAGE="en")

    assert zh.status_code == en.status_code == 409
    assert zh.json()["error"]["code"] == en.json()["error"]["code"] == "task_closed"
    assert zh.json()["error"]["message"] == f"任务 {task} 已是 done 状态"
    assert en.json()["error"]["message"] == f"task {task} is already done"


def test_a_serializer_message_of_ours_is_translated(api, member):
    response = api("caseworker").post(
        "/api/mutual-aid/claims/",
        {"invoice_numbers": ["A1", "A1"]},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["invoice_numbers"] == ["发票号码重复"]
