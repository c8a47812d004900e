"""Notifications are written in the recipient's language: the site's default
(Chinese) whatever language the person who caused them was using."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from casework.notifications import messages
from casework.notifications.models import Notification
from casework.notifications.services import notify
from tests.conftest import application


def _applicant_with_email(member):
    from casework.demo.seed import seed_member_login

    login = seed_member_login(member, member.org_unit)
    login.email = "applicant@example.org"
    login.save(update_fields=["email"])
    return login


def _rejected(api, member, django_capture_on_commit_callbacks) -> str:
    number = (
        api("caseworker")
        .post("/api/relief/applications/", application(member))
        .json()["case_number"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = api("caseworker").complete(  # an English-speaking caseworker
            number, "verify", "reject", reason_code="income_above_threshold", reason="收入超标"
        )
    assert done.status_code == 200, done.json()
    return number


def test_the_decision_email_is_chinese_by_default(api, member, django_capture_on_commit_callbacks):
    login = _applicant_with_email(member)
    number = _rejected(api, member, django_capture_on_commit_callbacks)

    (email,) = mail.outbox
    assert email.to == ["applicant@example.org"]
    assert email.subject == f"您的案件 {number}：未通过"
    assert email.body == f"案件 {number}（困难职工帮扶）当前状态：未通过。"
    note = Notification.objects.get(recipient=login)
    assert note.subject == email.subject  # the in-app notification says the same


def test_the_decision_email_follows_the_site_language(
    api, member, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    _applicant_with_email(member)
    number = _rejected(api, member, django_capture_on_commit_callbacks)

    (email,) = mail.outbox
    assert email.subject == f"Your case {number}: Rejected"
    assert email.body == f"Case {number} (Hardship relief) is now: Rejected."


def test_each_recipient_reads_a_message_in_their_own_language(users, member, api):
    number = (
        api("caseworker")
        .post("/api/relief/applications/", application(member))
        .json()["case_number"]
    )
    from casework.core.models import Case

    case = Case.objects.get(case_number=number)
    reader = users["supervisor"]
    reader.language = "en"  # a preference, where the user model has one
    subject, body = messages.reminder(case, "verify", dt.date(2025, 3, 14))

    english, chinese = (
        notify(key=f"t:{user.pk}", recipients=[user], kind="reminder", subject=subject, body=body)
        for user in (reader, users["caseworker"])
    )

    assert english[0].subject == f"[{number}] Home visit and verification is due on 2025-03-14"
    assert chinese[0].subject == f"【{number}】“入户核查”将于 2025-03-14 到期"
    assert chinese[0].body == f"案件 {number} 的“入户核查”任务将于 2025-03-14 到期，请及时办理。"
