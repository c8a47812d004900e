"""The campaign pages (PROCESSES.md §4, issue 17): the county supervisor sets
up a campaign with its tiers; a grassroots caseworker builds a list from the
member search and the hardship roster, or uploads one, and gets a CP- case;
the refusals (a bad row, a member on another list, a closed window) shown
on the page with nothing written; the campaigns listed with their figures;
outsiders get nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casework.campaigns.models import Campaign, Recipient
from casework.core.models import Case, Member, OrgUnit, UserProfile
from casework.core.services import org_unit_create
from casework.relief.models import RosterEntry

pytestmark = pytest.mark.django_db

TIERS = [
    {"code": "hard", "label": "困难职工家庭", "cash": "2500.00", "goods_value": "500.00"},
    {"code": "roster", "label": "建档困难职工", "cash": "800.00", "requires_roster": True},
    {"code": "family", "label": "困难家庭(户)", "cash": "1000.00", "per": "household"},
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_campaign(api, county):
    """``make_campaign(**fields)`` → a campaign set up through the API."""

    def make(**fields: Any) -> Campaign:
        today = timezone.localdate()
        data = {
            "kind": "winter_warmth",
            "year": today.year,
            "title": "送温暖",
            "org_unit": county.pk,
            "budget": "100000.00",
            "opens_on": (today - dt.timedelta(days=10)).isoformat(),
            "closes_on": (today + dt.timedelta(days=10)).isoformat(),
            "tiers": TIERS,
            **fields,
        }
        response = api("supervisor").post("/api/campaigns/", data)
        assert response.status_code == 201, response.json()
        return Campaign.objects.get(pk=response.json()["id"])

    return make


@pytest.fixture
def own(members, grassroots) -> list[Member]:
    """Members of caseworker2's grassroots union."""
    return [m for m in members if m.org_unit_id == grassroots[0].pk]


def on_roster(member: Member) -> None:
    today = timezone.localdate()
    case = Case.objects.create(
        case_number=f"RL-2026-9{member.pk:05d}",
        program="relief",
        org_unit=member.org_unit,
        case_status="approved",
    )
    RosterEntry.objects.create(
        member=member, case=case, category="deep", filed_on=today, review_due=today
    )


def text(response: Any) -> str:
    """What the page says, tags and runs of white space aside."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def staff_at(unit: OrgUnit, username: str, role: str) -> User:
    user = User.objects.create(username=username, first_name=username, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    UserProfile.objects.create(user=user, org_unit=unit)
    return user


# --- setting up a campaign --------------------------------------------------------

CAMPAIGN_FORM = {
    "kind": "winter_warmth",
    "title": "2026年送温暖",
    "budget": "50000.00",
    "opens_on": "2026-01-05",
    "closes_on": "2026-01-25",
    "notice_days": "",
    "tier_rows": "3",
    "tiers-0-code": "hard",
    "tiers-0-label": "困难职工家庭",
    "tiers-0-cash": "2500.00",
    "tiers-0-goods_value": "500.00",
    "tiers-0-per": "household",
    "tiers-1-code": "model",
    "tiers-1-label": "劳模",
    "tiers-1-cash": "2000.00",
    "tiers-1-per": "person",
    "tiers-1-requires_roster": "on",
    "tiers-2-per": "person",  # a blank row: left out
}


def test_the_county_supervisor_sets_up_a_campaign_with_two_tiers(web, county):
    page = web("supervisor").get("/campaigns/new/")
    assert page.status_code == 200
    assert len(re.findall(r'data-testid="tier-form-row"', page.content.decode())) == 3
    more = web("supervisor").post("/campaigns/new/", {**CAMPAIGN_FORM, "op": "add_tier"})
    assert more.status_code == 200
    assert len(re.findall(r'data-testid="tier-form-row"', more.content.decode())) == 4
    assert 'value="劳模"' in more.content.decode()  # the rows typed are kept
    assert not Campaign.objects.exists()

    form = {**CAMPAIGN_FORM, "op": "submit", "org_unit": str(county.pk), "year": "2026"}
    done = web("supervisor").post("/campaigns/new/", form, follow=True)
    campaign = Campaign.objects.get()
    assert done.redirect_chain[-1][0] == f"/campaigns/{campaign.pk}/"
    assert [(t.code, t.per, t.requires_roster) for t in campaign.tiers.all()] == [
        ("hard", "household", False),
        ("model", "person", True),
    ]
    assert campaign.notice_days == 0  # the default of a winter-warmth campaign
    shown = text(done)
    assert "Campaign “2026年送温暖” was set up." in shown
    assert "困难职工家庭" in shown and "劳模" in shown
    assert "Used 0.00 of 50000.00; 50000.00 left." in shown


def test_a_golden_autumn_campaign_gets_the_notice_days_of_the_parameter(web, county):
    form = {**CAMPAIGN_FORM, "kind": "golden_autumn", "org_unit": str(county.pk), "year": "2026"}
    assert web("supervisor").post("/campaigns/new/", {**form, "op": "submit"}).status_code == 302
    assert Campaign.objects.get().notice_days == 5


def test_a_refused_campaign_shows_why_beside_the_fields_and_creates_nothing(web, county):
    form = {
        **CAMPAIGN_FORM,
        "op": "submit",
        "org_unit": str(county.pk),
        "year": "2026",
        "closes_on": "2026-01-01",  # before it opens
        "tiers-1-code": "hard",  # a code twice
    }
    refused = web("supervisor").post("/campaigns/new/", form)
    assert refused.status_code == 400
    assert "must not be before opens_on" in text(refused) or "before" in text(refused)
    bad_cash = {**CAMPAIGN_FORM, "op": "submit", "org_unit": str(county.pk), "year": "2026"}
    bad_cash["tiers-1-cash"] = "-5"
    refused = web("supervisor").post("/campaigns/new/", bad_cash)
    assert refused.status_code == 400
    assert re.search(r'data-testid="tier-error">Cash: ', refused.content.decode())
    no_tiers = {k: v for k, v in bad_cash.items() if not k.startswith("tiers-")}
    refused = web("supervisor").post("/campaigns/new/", no_tiers)
    assert refused.status_code == 400 and "Give at least one tier." in text(refused)
    assert not Campaign.objects.exists()


def test_a_grassroots_supervisor_or_a_caseworker_may_not_set_up_a_campaign(web, grassroots):
    grassroots_supervisor = staff_at(grassroots[0], "gs", "supervisor")
    for who in ("caseworker", "finance", grassroots_supervisor):
        assert web(who).get("/campaigns/new/").status_code == 403, who
        assert web(who).post("/campaigns/new/", CAMPAIGN_FORM).status_code == 403, who
    assert "New campaign" not in text(web("caseworker").get("/campaigns/"))
    assert "New campaign" in text(web("supervisor").get("/campaigns/"))
    assert not Campaign.objects.exists()


# --- the campaigns and one campaign --------------------------------------------------


def test_the_campaigns_are_listed_with_their_figures_and_filtered(web, make_campaign, api):
    winter = make_campaign(budget="200000.00")
    make_campaign(kind="golden_autumn", title="金秋助学", tiers=[TIERS[0]])
    Campaign.objects.filter(pk=winter.pk).update(
        approved_total="3000.00", issued_total="2500.00", person_times=1
    )
    page = web("finance").get("/campaigns/")
    assert page.status_code == 200
    rows = re.findall(r'data-testid="campaign-row" data-campaign="(\d+)"', page.content.decode())
    assert len(rows) == 2
    shown = text(page)
    assert "200000.00 3000.00 2500.00 197000.00 1" in shown
    only = web("finance").get("/campaigns/?kind=golden_autumn")
    assert "金秋助学" in text(only) and "送温暖" not in text(only)
    assert web("finance").get("/campaigns/?year=abc").status_code == 400


def test_the_campaign_page_shows_the_lists_of_the_users_subtree(
    web, make_campaign, api, grassroots, own, members
):
    campaign = make_campaign()
    mine = api("caseworker2").post(
        f"/api/campaigns/{campaign.pk}/lists/",
        {"org_unit": grassroots[0].pk, "recipients": [{"member": own[0].pk, "tier": "hard"}]},
    )
    other = next(m for m in members if m.org_unit_id == grassroots[1].pk)
    theirs = api("caseworker").post(
        f"/api/campaigns/{campaign.pk}/lists/",
        {"org_unit": grassroots[1].pk, "recipients": [{"member": other.pk, "tier": "hard"}]},
    )
    numbers = [mine.json()["case_number"], theirs.json()["case_number"]]
    county_page = text(web("caseworker").get(f"/campaigns/{campaign.pk}/"))
    assert all(n in county_page for n in numbers)
    assert "3000.00" in county_page  # a list's cash + goods: 2500.00 + 500.00
    own_page = text(web("caseworker2").get(f"/campaigns/{campaign.pk}/"))
    assert numbers[0] in own_page and numbers[1] not in own_page


def test_the_campaign_page_reads_as_many_queries_for_2_lists_as_for_8(
    web, make_campaign, api, members
):
    campaign = make_campaign()

    def nominate(chosen: list[Member]) -> None:
        for m in chosen:
            response = api("caseworker").post(
                f"/api/campaigns/{campaign.pk}/lists/",
                {"org_unit": m.org_unit_id, "recipients": [{"member": m.pk, "tier": "hard"}]},
            )
            assert response.status_code == 201, response.json()

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            page = web("caseworker").get(f"/campaigns/{campaign.pk}/")
            assert page.status_code == 200
        return len(ctx)

    nominate(members[:2])
    queries()  # the session and the user, read once
    few = queries()
    nominate(members[2:8])
    assert queries() == few
    page = web("caseworker").get(f"/campaigns/{campaign.pk}/")
    assert len(re.findall(r'data-testid="list-row"', page.content.decode())) == 8


# --- a list from the member search and the roster -------------------------------------


def test_a_grassroots_caseworker_builds_a_list_from_the_search_and_the_roster(
    web, make_campaign, own
):
    campaign = make_campaign()
    on_roster(own[0])
    url = f"/campaigns/{campaign.pk}/lists/new/"
    client = web("caseworker2")
    page = client.get(url)
    assert page.status_code == 200
    assert f'data-testid="roster-member" data-member="{own[0].pk}"' in page.content.decode()
    found = client.post(url, {"op": "search", "q": own[1].name})
    assert f'data-testid="found-member" data-member="{own[1].pk}"' in found.content.decode()
    added = client.post(url, {"op": "add", "q": own[1].name, "pick": [own[0].pk, own[1].pk]})
    rows = re.findall(r'data-testid="recipient-row" data-member="(\d+)"', added.content.decode())
    assert rows == [str(own[0].pk), str(own[1].pk)]
    assert not Case.objects.filter(program="campaign").exists()

    draft = {
        "r-member": [own[0].pk, own[1].pk],
        "r-tier": ["roster", "hard"],
        "r-note": ["建档户", "患病"],
    }
    removed = client.post(url, {**draft, "remove": own[1].pk})
    rows = re.findall(r'data-testid="recipient-row" data-member="(\d+)"', removed.content.decode())
    assert rows == [str(own[0].pk)]
    done = client.post(url, {**draft, "op": "submit"}, follow=True)
    case = Case.objects.get(program="campaign")
    assert case.case_number.startswith("CP-")
    assert done.redirect_chain[-1][0] == f"/cases/{case.case_number}/"
    assert f"Case {case.case_number} was opened." in messages_of(done)
    recipients = Recipient.objects.filter(campaign_list__case=case).order_by("id")
    assert [(r.member_id, r.tier.code, r.note) for r in recipients] == [
        (own[0].pk, "roster", "建档户"),
        (own[1].pk, "hard", "患病"),
    ]


def test_a_roster_tier_for_a_member_not_on_the_roster_is_refused_on_the_page(
    web, make_campaign, own
):
    campaign = make_campaign()
    url = f"/campaigns/{campaign.pk}/lists/new/"
    refused = web("caseworker2").post(
        url, {"op": "submit", "r-member": [own[0].pk], "r-tier": ["roster"], "r-note": [""]}
    )
    assert refused.status_code == 400
    assert messages_of(refused) == [
        "Members on the list are not on the hardship roster their tier requires."
    ]
    row_error = re.search(r'data-testid="row-error">([^<]*)<', refused.content.decode())
    assert row_error and row_error.group(1) == (
        f"{own[0].name}: not on the hardship roster, which this tier requires"
    )
    assert not Case.objects.filter(program="campaign").exists()


def test_a_member_on_another_list_names_the_other_case_and_nothing_is_made(
    web, make_campaign, api, grassroots, own
):
    campaign = make_campaign()
    first = api("caseworker2").post(
        f"/api/campaigns/{campaign.pk}/lists/",
        {"org_unit": grassroots[0].pk, "recipients": [{"member": own[0].pk, "tier": "hard"}]},
    )
    other_case = first.json()["case_number"]
    refused = web("caseworker2").post(
        f"/campaigns/{campaign.pk}/lists/new/",
        {"op": "submit", "r-member": [own[0].pk], "r-tier": ["hard"], "r-note": [""]},
    )
    assert refused.status_code == 409
    assert f"{own[0].name} is already on list {other_case} of this campaign" in messages_of(refused)
    assert Case.objects.filter(program="campaign").count() == 1
    # the draft is still there to correct
    assert f'data-testid="recipient-row" data-member="{own[0].pk}"' in refused.content.decode()


def test_two_members_of_one_household_in_a_household_tier_are_refused(web, make_campaign, own):
    campaign = make_campaign()
    draft = {
        "r-member": [own[0].pk, own[1].pk],
        "r-tier": ["family", "family"],
        "r-note": ["", ""],
        "r-household": ["杨家", "杨家"],
    }
    refused = web("caseworker2").post(
        f"/campaigns/{campaign.pk}/lists/new/", {**draft, "op": "submit"}
    )
    assert refused.status_code == 409
    assert "household 杨家 is nominated twice in a per-household tier" in messages_of(refused)
    assert 'value="杨家"' in refused.content.decode()  # kept to correct
    assert not Case.objects.filter(program="campaign").exists()


def test_a_student_funded_before_names_the_case_that_funded_them(
    web, make_campaign, api, grassroots, own
):
    student = {
        "name": "杨小明",
        "id_number": "45222820080601012X",
        "school": "广西大学",
        "level": "undergraduate",
    }
    before = make_campaign(kind="golden_autumn", title="去年金秋助学", tiers=[TIERS[0]])
    funded = api("caseworker2").post(
        f"/api/campaigns/{before.pk}/lists/",
        {
            "org_unit": grassroots[0].pk,
            "recipients": [{"member": own[0].pk, "tier": "hard", "student": student}],
        },
    )
    Recipient.objects.update(status="approved")
    campaign = make_campaign(kind="golden_autumn", title="金秋助学", tiers=[TIERS[0]])
    refused = web("caseworker2").post(
        f"/campaigns/{campaign.pk}/lists/new/",
        {
            "op": "submit",
            "r-member": [own[1].pk],
            "r-tier": ["hard"],
            "r-note": [""],
            "r-student_name": [student["name"]],
            "r-student_id_number": [student["id_number"]],
            "r-student_school": [student["school"]],
            "r-student_level": [student["level"]],
        },
    )
    assert refused.status_code == 409
    number = funded.json()["case_number"]
    assert f"student 杨小明 was funded before ({number})" in messages_of(refused)
    assert Case.objects.filter(program="campaign").count() == 1


def test_a_closed_window_is_said_and_a_list_refused(web, make_campaign, own):
    today = timezone.localdate()
    campaign = make_campaign(
        opens_on=(today - dt.timedelta(days=20)).isoformat(),
        closes_on=(today - dt.timedelta(days=1)).isoformat(),
    )
    url = f"/campaigns/{campaign.pk}/lists/new/"
    page = web("caseworker2").get(url)
    assert 'data-testid="window-closed"' in page.content.decode()
    assert 'data-testid="submit"' not in page.content.decode()
    refused = web("caseworker2").post(
        url, {"op": "submit", "r-member": [own[0].pk], "r-tier": ["hard"], "r-note": [""]}
    )
    assert refused.status_code == 409
    assert not Case.objects.filter(program="campaign").exists()


def test_a_golden_autumn_list_names_each_student(web, make_campaign, own):
    campaign = make_campaign(kind="golden_autumn", title="金秋助学", tiers=[TIERS[0]])
    url = f"/campaigns/{campaign.pk}/lists/new/"
    draft = {"r-member": [own[0].pk], "r-tier": ["hard"], "r-note": [""]}
    missing = web("caseworker2").post(url, {**draft, "op": "submit"})
    assert missing.status_code == 400
    assert re.search(r'data-testid="row-error">[^<]*Student', missing.content.decode())
    student = {
        "r-student_name": ["杨小明"],
        "r-student_id_number": ["45222820080601012X"],
        "r-student_school": ["广西大学"],
        "r-student_level": ["undergraduate"],
    }
    done = web("caseworker2").post(url, {**draft, **student, "op": "submit"})
    assert done.status_code == 302, messages_of(done)
    recipient = Recipient.objects.get()
    assert (recipient.student_name, recipient.school, recipient.level) == (
        "杨小明",
        "广西大学",
        "undergraduate",
    )


# --- an uploaded list ----------------------------------------------------------------


def csv_file(rows: list[str]) -> SimpleUploadedFile:
    body = "\n".join(["id_number,tier,note", *rows]).encode()
    return SimpleUploadedFile("list.csv", body, content_type="text/csv")


def test_an_uploaded_list_becomes_a_case(web, make_campaign, own):
    campaign = make_campaign()
    url = f"/campaigns/{campaign.pk}/lists/upload/"
    page = web("caseworker2").get(url)
    assert page.status_code == 200 and 'data-testid="template-link"' in page.content.decode()
    upload = csv_file([f"{own[0].id_number},hard,患病", f"{own[1].id_number},hard,"])
    done = web("caseworker2").post(url, {"file": upload}, follow=True)
    case = Case.objects.get(program="campaign")
    assert done.redirect_chain[-1][0] == f"/cases/{case.case_number}/"
    assert Recipient.objects.filter(campaign_list__case=case).count() == 2


def test_an_upload_with_a_bad_row_shows_the_row_and_creates_nothing(web, make_campaign, own):
    campaign = make_campaign()
    upload = csv_file([f"{own[0].id_number},hard,", f"{own[1].id_number},nosuchtier,"])
    refused = web("caseworker2").post(f"/campaigns/{campaign.pk}/lists/upload/", {"file": upload})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'data-testid="bad-row" data-row="3"' in body
    assert "tier: no such tier in this campaign" in text(refused)
    assert 'data-row="2"' not in body
    assert "1 rows have errors; nothing was imported." in messages_of(refused)
    assert not Case.objects.filter(program="campaign").exists()
    assert not Recipient.objects.exists()
    no_file = web("caseworker2").post(f"/campaigns/{campaign.pk}/lists/upload/", {})
    assert no_file.status_code == 400 and "File: No file was chosen." in messages_of(no_file)


def test_the_upload_template_is_a_csv_with_the_header_row(web, make_campaign):
    campaign = make_campaign()
    response = web("caseworker2").get(f"/campaigns/{campaign.pk}/lists/template.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").splitlines() == ["id_number,tier,note"]


# --- who may not ---------------------------------------------------------------------


def test_outsiders_get_nothing(web, make_campaign, users, own, org):
    campaign = make_campaign()
    pages = [
        f"/campaigns/{campaign.pk}/",
        f"/campaigns/{campaign.pk}/lists/new/",
        f"/campaigns/{campaign.pk}/lists/upload/",
    ]
    member = Client()
    member.force_login(staff_member_login(own[0]))
    for url in ["/campaigns/", *pages]:
        assert member.get(url).status_code == 404, url
        assert web("mediator").get(url).status_code == 404, url
    # finance and the supervisor read the campaign but do not nominate
    for who in ("finance", "supervisor", "auditor"):
        assert web(who).get(pages[0]).status_code == 200, who
        assert web(who).get(pages[1]).status_code == 403, who
        assert web(who).post(pages[2], {}).status_code == 403, who
    # a caseworker of another county: not their campaign
    other_county = org_unit_create(
        name="融水苗族自治县总工会", code="GX-LZ-RS", parent=org["county"].parent, level=3
    )
    stranger = staff_at(other_county, "rs_caseworker", "caseworker")
    assert web(stranger).get("/campaigns/").status_code == 200
    assert campaign.title not in text(web(stranger).get("/campaigns/"))
    for url in pages:
        assert web(stranger).get(url).status_code == 404, url
    refused = web(stranger).post(
        pages[1], {"op": "submit", "r-member": [own[0].pk], "r-tier": ["hard"], "r-note": [""]}
    )
    assert refused.status_code == 404
    assert not Case.objects.filter(program="campaign").exists()
    anonymous = Client().get("/campaigns/")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def staff_member_login(member: Member) -> User:
    """A self-service account for ``member``."""
    user = User.objects.create_user(username=f"m{member.pk}", password="x")
    user.groups.add(Group.objects.get_or_create(name="member")[0])
    UserProfile.objects.create(user=user, org_unit=member.org_unit)
    member.user = user
    member.save(update_fields=["user"])
    return user


def test_the_menu_offers_the_campaigns_to_the_roles_that_work_them(users, make_campaign):
    make_campaign()

    def home(username: str) -> str:
        client = Client(headers={"accept-language": "zh-hans"})
        client.force_login(users[username])
        return client.get("/work/", follow=True).content.decode()

    for username in ("caseworker", "caseworker2", "supervisor", "finance", "auditor"):
        assert 'href="/campaigns/"' in home(username), username
    for username in ("mediator", "coordinator", "medical_reviewer"):
        assert 'href="/campaigns/"' not in home(username), username
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(users["caseworker2"])
    intake = client.get("/intake/").content.decode()
    assert 'data-testid="intake-campaign"' in intake and "新建慰问名单" in intake
    page = text(client.get("/campaigns/"))
    assert "送温暖" in page and "剩余" in page and "Budget" not in page


def test_a_golden_autumn_upload_carries_the_students(web, make_campaign, own, users):
    campaign = make_campaign(kind="golden_autumn", title="金秋助学", tiers=[TIERS[0]])
    url = f"/campaigns/{campaign.pk}/lists/upload/"
    zh = Client(headers={"accept-language": "zh-hans"})
    zh.force_login(users["caseworker2"])
    page = zh.get(url)
    assert page.status_code == 200
    said = text(page)
    assert "学生的姓名、身份证号码、学校和学历层次" in said
    assert "请在名单页面录入" not in said and "A golden autumn list" not in said
    assert "学历层次 本科 专科 职业院校" in said and "junior_college" not in said
    # the template names the student's columns, in the page's language
    header = zh.get(f"/campaigns/{campaign.pk}/lists/template.csv").content.decode("utf-8-sig")
    assert header.splitlines() == ["身份证号,档次,备注,学生姓名,学生身份证号,学校,学历层次"]
    english = web("caseworker2").get(f"/campaigns/{campaign.pk}/lists/template.csv")
    assert english.content.decode("utf-8-sig").splitlines() == [
        "id_number,tier,note,student_name,student_id_number,school,level"
    ]
    # a bad student is named on its row, in Chinese, and nothing is created
    body = header + f"{own[0].id_number},hard,,杨小明,452228200806010129,广西大学,本科\r\n"
    refused = zh.post(url, {"file": SimpleUploadedFile("list.csv", body.encode("utf-8-sig"))})
    assert refused.status_code == 400
    assert 'data-testid="bad-row" data-row="2"' in refused.content.decode()
    assert "学生身份证号：身份证号码无效" in text(refused)
    assert not Case.objects.filter(program="campaign").exists()
    # the file in the template's form becomes a case with its student
    body = header + f"{own[0].id_number},hard,,杨小明,452228200806010128,广西大学,本科\r\n"
    done = zh.post(url, {"file": SimpleUploadedFile("list.csv", body.encode())}, follow=True)
    case = Case.objects.get(program="campaign")
    assert done.redirect_chain[-1][0] == f"/cases/{case.case_number}/"
    recipient = Recipient.objects.get(campaign_list__case=case)
    assert (recipient.student_name, recipient.school, recipient.level) == (
        "杨小明",
        "广西大学",
        "undergraduate",
    )
    assert recipient.student_id_number == "452228200806010128"
    assert "452228200806010128" not in done.content.decode()
