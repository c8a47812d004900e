"""``revise`` → ``resubmit {recipients?}`` corrects the list (API.md): the
corrected recipients replace the list's, every refusal of a nomination is
checked again (not against the list itself), all or nothing, and the list
goes back to the review — also after the nomination window has closed."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from casework.audit.models import AuditEvent
from casework.campaigns.models import Campaign, Recipient

from .conftest import assert_error, listed, recipients_of, student, written


def _returned(api, c, unit, recipients) -> str:
    n = listed(api, c, unit, recipients)["case_number"]
    returned = api("caseworker").complete(n, "review", "return", reason="名单有误")
    assert returned.status_code == 200, returned.json()
    assert returned.json()["case"]["status"] == "revising"
    return n


def _resubmit(api, n, recipients=None, who="caseworker2", **fields):
    if recipients is not None:
        fields["recipients"] = recipients
    return api(who).complete(n, "revise", "resubmit", **fields)


def test_a_correction_replaces_the_recipients_and_goes_back_to_the_review(
    api, campaign, grassroots, own_members
):
    c = campaign()
    a, b, d = own_members[:3]
    n = _returned(
        api, c, grassroots[0], [{"member": a.pk, "tier": "hard"}, {"member": b.pk, "tier": "hard"}]
    )
    kept_id = next(r["id"] for r in recipients_of(api, n) if r["member"] == a.pk)
    done = _resubmit(
        api,
        n,
        [
            {"member": a.pk, "tier": "deep", "note": "改为特困"},
            {"member": d.pk, "tier": "hard"},
        ],
        note="已更正",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["case"]["status"] == "submitted"  # the review's, until it is claimed
    assert api("caseworker").open_task(n, "review")
    after = {r["member"]: r for r in recipients_of(api, n)}
    assert set(after) == {a.pk, d.pk}
    assert after[a.pk]["id"] == kept_id and after[a.pk]["tier"] == "deep"
    assert after[a.pk]["note"] == "改为特困" and after[a.pk]["status"] == "nominated"
    data = api("caseworker").get(f"/api/cases/{n}/").json()["data"]
    assert data["total_cash"] == "3100.00" and data["total_goods"] == "800.00"
    # one audit event (the task's completion) carries the corrected list
    event = AuditEvent.objects.filter(case__case_number=n, type="task_completed").last()
    assert [r["member"] for r in event.data["input"]["recipients"]] == [a.pk, d.pk]
    # and the review goes on as before
    assert api("caseworker").complete(n, "review", "verify").status_code == 200


def test_a_resubmit_without_recipients_keeps_the_list(api, campaign, grassroots, own_members):
    c = campaign()
    n = _returned(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])
    before = recipients_of(api, n)
    assert _resubmit(api, n, note="无需更改").status_code == 200
    assert recipients_of(api, n) == before


def test_a_correction_is_refused_whole_on_every_refusal_of_a_nomination(
    api, campaign, grassroots, own_members, other_members
):
    c = campaign()
    a, b, e = own_members[:3]
    other = listed(api, c, grassroots[0], [{"member": e.pk, "tier": "hard"}])["case_number"]
    n = _returned(api, c, grassroots[0], [{"member": a.pk, "tier": "hard"}])
    before, listed_before = written(), recipients_of(api, n)
    # a member on another list of the campaign: 409 naming it
    error = assert_error(
        _resubmit(api, n, [{"member": a.pk, "tier": "hard"}, {"member": e.pk, "tier": "hard"}]),
        409,
        "duplicate_recipient",
    )
    assert other in error["message"]
    # two members of one household in a household tier
    home = [
        {"member": a.pk, "tier": "household", "household": "古宜镇1号"},
        {"member": b.pk, "tier": "household", "household": "古宜镇1号"},
    ]
    assert_error(_resubmit(api, n, home), 409, "duplicate_household")
    # a tier that requires the roster; an unknown tier; a member named twice
    assert_error(_resubmit(api, n, [{"member": a.pk, "tier": "roster"}]), 400, "not_on_roster")
    assert_error(_resubmit(api, n, [{"member": a.pk, "tier": "nope"}]), 400)
    assert_error(_resubmit(api, n, [{"member": a.pk, "tier": "hard"}] * 2), 400)
    # a member the union cannot see (another union's), or no member at all
    for unseen in (other_members[0].pk, 10**9):
        assert_error(_resubmit(api, n, [{"member": unseen, "tier": "hard"}]), 400)
    assert written() == before and recipients_of(api, n) == listed_before
    assert api("caseworker").get(f"/api/cases/{n}/").json()["status"] == "revising"


def test_a_member_of_the_list_itself_is_no_duplicate(api, campaign, grassroots, own_members):
    c = campaign()
    a = own_members[0]
    home = {"member": a.pk, "tier": "household", "household": "古宜镇2号"}
    n = _returned(api, c, grassroots[0], [home])
    assert _resubmit(api, n, [{**home, "note": "户主"}]).status_code == 200
    assert recipients_of(api, n)[0]["household"] == "古宜镇2号"


def test_a_correction_after_the_window_closed_is_allowed(api, campaign, grassroots, own_members):
    c = campaign()
    n = _returned(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Campaign.objects.filter(pk=c["id"]).update(opens_on=yesterday, closes_on=yesterday)
    done = _resubmit(api, n, [{"member": own_members[1].pk, "tier": "hard"}])
    assert done.status_code == 200, done.json()
    assert [r["member"] for r in recipients_of(api, n)] == [own_members[1].pk]


def test_a_golden_autumn_correction_keeps_the_student_of_a_kept_member(
    api, campaign, grassroots, own_members
):
    c = campaign("golden_autumn")
    a, b = own_members[:2]
    n = _returned(
        api, c, grassroots[0], [{"member": a.pk, "tier": "undergraduate", "student": student(3)}]
    )
    # typed as lines, as the task page sends them: member, tier, note[, student…]
    s = student(4)
    lines = [
        f"{a.pk}, college, 改为专科",
        f"{b.pk}, undergraduate, , {s['name']}, {s['id_number']}, {s['school']}, {s['level']}",
    ]
    done = _resubmit(api, n, lines)
    assert done.status_code == 200, done.json()
    rows = {r.member_id: r for r in Recipient.objects.filter(campaign_list__case__case_number=n)}
    assert rows[a.pk].student_id_number == student(3)["id_number"] and rows[a.pk].note == "改为专科"
    assert (
        rows[b.pk].student_id_number == s["id_number"] and rows[b.pk].tier.code == "undergraduate"
    )


def test_only_the_nominating_union_resubmits(api, campaign, grassroots, own_members):
    c = campaign()
    n = _returned(api, c, grassroots[0], [{"member": own_members[0].pk, "tier": "hard"}])
    before = written()
    response = _resubmit(api, n, [{"member": own_members[1].pk, "tier": "hard"}], who="finance")
    assert response.status_code in (403, 404)
    assert written() == before


def test_the_task_page_starts_from_the_list_and_its_lines_correct_it(
    api, campaign, grassroots, own_members, users, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    c = campaign()
    a, b, d = own_members[:3]
    n = _returned(
        api,
        c,
        grassroots[0],
        [{"member": a.pk, "tier": "hard", "note": "患病"}, {"member": b.pk, "tier": "deep"}],
    )
    task = api("caseworker2").open_task(n, "revise")["id"]
    web = Client(headers={"accept-language": "en"})
    web.force_login(users["caseworker2"])
    html = web.get(f"/work/tasks/{task}/").content.decode()
    form = html.split('data-testid="action-resubmit"')[1].split("</section>")[0]
    block = form.split('data-field="recipients"')[1].split("</textarea>")[0]
    assert f"{a.pk}, hard, 患病\n{b.pk}, deep" in block
    # the caseworker drops one line and adds another
    response = web.post(
        f"/work/tasks/{task}/",
        {"op": "complete", "action": "resubmit", "recipients": f"{a.pk}, hard, 患病\n{d.pk}, hard"},
    )
    assert response.status_code in (200, 302), response.content.decode()[:500]
    assert [r["member"] for r in recipients_of(api, n)] == [a.pk, d.pk]
    # a bad line comes back as the field's error, nothing changed
    again = _returned_again(api, n)
    response = web.post(
        f"/work/tasks/{again}/",
        {"op": "complete", "action": "resubmit", "recipients": f"{a.pk}, nope"},
    )
    assert response.status_code == 400
    assert [r["member"] for r in recipients_of(api, n)] == [a.pk, d.pk]


def _returned_again(api, n) -> int:
    assert api("caseworker").complete(n, "review", "return", reason="再改").status_code == 200
    return api("caseworker2").open_task(n, "revise")["id"]


def test_the_audit_chain_keeps_a_corrected_students_id_number_as_an_identity_number(
    api, campaign, grassroots, own_members
):
    c = campaign("golden_autumn")
    a = own_members[0]
    n = _returned(
        api, c, grassroots[0], [{"member": a.pk, "tier": "undergraduate", "student": student(3)}]
    )
    s = student(5)
    done = _resubmit(api, n, [{"member": a.pk, "tier": "college", "student": s}])
    assert done.status_code == 200, done.json()
    assert (
        Recipient.objects.get(campaign_list__case__case_number=n).student_id_number
        == (s["id_number"])
    )
    event = AuditEvent.objects.filter(case__case_number=n, type="task_completed").last()
    recorded = event.data["input"]
    assert recorded["student_id_number"] == [s["id_number"]]
    assert s["id_number"] not in str(recorded["recipients"])
    # the timeline shows it masked to a reader who may not see it whole
    response = api("supervisor").get(f"/api/cases/{n}/timeline/")
    assert response.status_code == 200
    shown = str(response.json())
    assert "student_id_number" in shown and s["id_number"] not in shown
