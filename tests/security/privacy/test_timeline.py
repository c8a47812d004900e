"""A case's timeline (API and web) shows its events through the case page's
policy: for every role and every program, nothing the role may not see on
the case appears in its timeline, and each protected read is logged.

The cases are driven through the API as users would, so their events are
what the engine and the services write; each case also carries one event as
the engine wrote them before the chain sealed protected values (a step's
whole input in clear), which the readers must filter too."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from casework.audit.chain import link_hash
from casework.audit.models import AuditEvent
from casework.audit.verify import audit_verify
from casework.core.classification import fields_unclassified
from casework.core.models import Case
from tests.conftest import Api, recommendation
from tests.mediation.conftest import non_member_worker

from .conftest import as_member, viewed

STAFF = (
    "caseworker",
    "caseworker2",
    "supervisor",
    "supervisor2",
    "finance",
    "medical_reviewer",
    "coordinator",
    "mediator",
    "mediator2",
    "auditor",
    "admin",
)
WORKER = non_member_worker()

# what a claim says of an illness: medical (distinctive, to be found anywhere)
DIAGNOSIS = "急性阑尾炎DX1"
DIAGNOSIS_CORRECTED = "阑尾炎术后DX2"
HOSPITAL = "柳州市工人医院HX1"
INVOICE = "INVSECRET0001"
RETURN_REASON = "住院病历缺页RR1"
ACCEPT_COMMENT = "病历齐全AC1"
DOCUMENT_NAME = "出院小结DN1.pdf"
# what was said in a mediation
SUMMARY = "拖欠工资三个月SM1"
NOTES = "双方陈述意见NT1"
TERMS = "分期支付三期TM1"
PLACE = "诉调工作室PL1"


def legacy_event(case_number: str, data: dict[str, Any]) -> None:
    """Append a ``task_completed`` event as the engine wrote them before
    this change: the step's whole input in clear, linked onto the chain."""
    case = Case.objects.get(case_number=case_number)
    last = AuditEvent.objects.filter(case=case).order_by("-seq").first()
    assert last is not None
    at = timezone.now()
    event = AuditEvent(
        case=case,
        seq=last.seq + 1,
        at=at,
        actor=None,
        actor_name="legacy",
        type="task_completed",
        data=data,
        prev_hash=last.hash,
    )
    event.hash = link_hash(
        last.hash,
        case_id=case.pk,
        seq=event.seq,
        at=at.isoformat(),
        actor="legacy",
        type=event.type,
        data=data,
    )
    event.save()  # moves the chain's sealed head too


@pytest.fixture
def relief_case(api, member, relief_number) -> dict[str, Any]:
    number = relief_number(member)
    cw = api("caseworker")
    assert cw.complete(number, "verify", "recommend", **recommendation()).status_code == 200
    legacy_event(number, {"node": "verify", "action": "recommend", "input": recommendation()})
    return {"number": number, "secrets": {"id_number": [member.id_number], "phone": [member.phone]}}


@pytest.fixture
def claim_case(api, member, claim_number, settings, tmp_path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    cw = api("caseworker")
    from tests.mutual_aid.helpers import claim, enroll

    enroll(member)
    response = cw.post(
        "/api/mutual-aid/claims/",
        claim(member, diagnosis=DIAGNOSIS, hospital=HOSPITAL, invoice_numbers=[INVOICE]),
    )
    assert response.status_code == 201, response.json()
    number = response.json()["case_number"]
    assert cw.complete(number, "review", "return", reason=RETURN_REASON).status_code == 200
    done = cw.complete(number, "supplement", "resubmit", diagnosis=DIAGNOSIS_CORRECTED)
    assert done.status_code == 200, done.json()
    done = cw.complete(number, "review", "accept", comment=ACCEPT_COMMENT)
    assert done.status_code == 200, done.json()
    uploaded = cw.post(
        f"/api/cases/{number}/documents/",
        {"file": SimpleUploadedFile(DOCUMENT_NAME, b"%PDF-1.4\n%%EOF\n"), "kind": "invoice"},
        format="multipart",
    )
    assert uploaded.status_code == 201, uploaded.json()
    legacy_event(
        number,
        {
            "node": "supplement",
            "action": "resubmit",
            "input": {"diagnosis": DIAGNOSIS, "hospital": HOSPITAL, "note": RETURN_REASON},
        },
    )
    secrets = {
        "medical": [
            DIAGNOSIS,
            DIAGNOSIS_CORRECTED,
            HOSPITAL,
            INVOICE,
            RETURN_REASON,
            ACCEPT_COMMENT,
            DOCUMENT_NAME.removesuffix(".pdf"),
        ],
        "id_number": [member.id_number],
        "phone": [member.phone],
    }
    return {"number": number, "secrets": secrets}


@pytest.fixture
def mediation_case(api, mediation_number) -> dict[str, Any]:
    number = mediation_number()
    med = api("mediator")
    logged = med.post(
        f"/api/mediation/cases/{number}/sessions/",
        {
            "held_on": timezone.localdate().isoformat(),
            "place": PLACE,
            "attendees": ["覃工人", "公司代表"],
            "notes": NOTES,
            "next_step": "",
        },
    )
    assert logged.status_code == 201, logged.json()
    done = med.complete(
        number,
        "mediate",
        "settle",
        agreed_amount="9000.00",
        terms=TERMS,
        performance_due=timezone.localdate().isoformat(),
    )
    assert done.status_code == 200, done.json()
    legacy_event(
        number,
        {
            "node": "mediate",
            "action": "settle",
            "input": {"terms": TERMS, "summary": SUMMARY, "worker_id_number": WORKER["id_number"]},
        },
    )
    secrets = {
        "mediation_content": [TERMS, NOTES, PLACE, SUMMARY],
        "id_number": [WORKER["id_number"]],
        "phone": [WORKER["phone"]],
    }
    return {"number": number, "secrets": secrets}


PROGRAMS = ("relief_case", "claim_case", "mediation_case")


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _web_timeline(html: str) -> str:
    found = re.search(r'data-testid="timeline">(.*?)</section>', html, re.S)
    assert found, "the case page has no timeline"
    return found.group(1)


def _readers(users, member_login) -> dict[str, Api]:
    readers = {name: Api(users[name]) for name in STAFF}
    readers["member"] = as_member(member_login)
    return readers


@pytest.mark.parametrize("program", PROGRAMS)
def test_no_role_reads_in_a_timeline_what_the_case_does_not_show_it(
    request, program, users, member_login, web
):
    case = request.getfixturevalue(program)
    number, secrets = case["number"], case["secrets"]
    for name, reader in _readers(users, member_login).items():
        detail = reader.get(f"/api/cases/{number}/")
        timeline = reader.get(f"/api/cases/{number}/timeline/")
        if detail.status_code == 404:
            assert timeline.status_code == 404, name
            continue
        assert timeline.status_code == 200, (name, timeline.json())
        page, events = _text(detail.json()), _text(timeline.json())
        # the categories the case shows this role (some value of each, whole)
        on_case = {c for c, values in secrets.items() if any(v in page for v in values)}
        shown_in_timeline = {c for c, values in secrets.items() if any(v in events for v in values)}
        leaked = shown_in_timeline - on_case
        assert not leaked, f"{name} reads {leaked} only in the timeline"
        # every protected read of the timeline is in the who-viewed log
        if name != "member":
            logged = {
                c
                for e in viewed(case__case_number=number, actor=users[name])
                if e.data.get("via") == "api.timeline"
                for c in e.data["what"]
            }
            assert shown_in_timeline <= logged, (name, shown_in_timeline, logged)
        if name == "member":
            continue
        html = web(name).get(f"/cases/{number}/")
        if html.status_code != 200:
            continue
        section = _web_timeline(html.content.decode())
        in_section = {c for c, values in secrets.items() if any(v in section for v in values)}
        assert in_section <= on_case, f"{name} reads {in_section - on_case} in the web timeline"


def test_finance_and_the_auditor_read_no_medical_detail_in_a_claims_timeline(api, claim_case):
    number = claim_case["number"]
    for name in ("finance", "auditor"):
        events = api(name).get(f"/api/cases/{number}/timeline/").json()
        text = _text(events)
        for value in claim_case["secrets"]["medical"]:
            assert value not in text, (name, value)
        legacy = [e for e in events if e["actor"] == "legacy"][0]
        assert legacy["data"]["input"]["withheld"] == ["diagnosis", "hospital", "note"]


def test_the_medical_reviewer_reading_a_claims_timeline_is_logged(api, users, claim_case):
    number = claim_case["number"]
    events = api("medical_reviewer").get(f"/api/cases/{number}/timeline/").json()
    assert DIAGNOSIS in _text(events)  # the legacy event's input, shown to a medical role
    logged = [
        e
        for e in viewed(case__case_number=number, actor=users["medical_reviewer"])
        if e.data.get("via") == "api.timeline"
    ]
    assert [e.data["what"] for e in logged] == [["medical"]]


def test_the_chain_keeps_medical_and_mediation_values_as_fingerprints(claim_case, mediation_case):
    for case in (claim_case, mediation_case):
        new_events = AuditEvent.objects.filter(case__case_number=case["number"]).exclude(
            actor_name="legacy"
        )
        stored = _text([e.data for e in new_events])
        for category in ("medical", "mediation_content"):
            for value in case["secrets"].get(category, []):
                assert value not in stored, value
    completed = AuditEvent.objects.filter(
        case__case_number=mediation_case["number"], type="task_completed"
    ).exclude(actor_name="legacy")
    settled = [e.data for e in completed if e.data["action"] == "settle"]
    assert [set(d["input"]["terms"]) for d in settled] == [{"sealed"}]
    # fingerprints and all, the chains verify
    result = audit_verify()
    assert result.ok, result.problems


def test_the_web_timeline_names_the_fields_it_withholds(web, claim_case):
    html = web("finance").get(f"/cases/{claim_case['number']}/").content.decode()
    section = _web_timeline(html)
    assert 'data-testid="withheld"' in section
    assert DIAGNOSIS not in section and HOSPITAL not in section


@pytest.mark.parametrize("program", PROGRAMS)
def test_every_field_the_programs_write_into_the_chain_is_classified(request, program):
    case = request.getfixturevalue(program)
    events = AuditEvent.objects.filter(case__case_number=case["number"])
    program_code = Case.objects.get(case_number=case["number"]).program
    unclassified = {
        (e.type, key) for e in events for key in fields_unclassified(program_code, e.data)
    }
    assert unclassified == set()


def test_downloading_a_claims_document_on_the_web_is_logged(web, users, claim_case):
    number = claim_case["number"]
    doc = Case.objects.get(case_number=number).documents.get()
    response = web("medical_reviewer").get(f"/cases/{number}/documents/{doc.pk}/")
    assert response.status_code == 200
    logged = [
        e.data
        for e in viewed(case__case_number=number, actor=users["medical_reviewer"])
        if e.data.get("via") == "web.document"
    ]
    assert logged == [{"what": ["medical"], "via": "web.document"}]


def test_completing_a_task_through_the_api_logs_what_the_returned_case_shows(
    api, users, claim_number, member
):
    number = claim_number(member)
    done = api("caseworker").complete(number, "review", "accept", comment="ok")
    assert done.status_code == 200
    assert done.json()["case"]["data"]["applicant"]["id_number"] == member.id_number
    logged = [
        e.data["what"]
        for e in viewed(case__case_number=number, actor=users["caseworker"])
        if e.data.get("via") == "api.task_complete"
    ]
    assert logged == [["id_number", "phone", "medical"]]


def test_the_case_export_carries_no_protected_value(api, claim_case, mediation_case):
    secrets = [
        v
        for case in (claim_case, mediation_case)
        for category, values in case["secrets"].items()
        for v in values
    ]
    for name in ("finance", "auditor", "coordinator", "caseworker"):
        response = api(name).get("/api/cases/", format="xlsx")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        cells = _text([list(row) for ws in book for row in ws.iter_rows(values_only=True)])
        assert claim_case["number"] in cells or mediation_case["number"] in cells
        for value in secrets:
            assert value not in cells, (name, value)
