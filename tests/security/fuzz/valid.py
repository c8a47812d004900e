"""Valid requests to start from: a body the service accepts, and the roles
that may send it. The fuzzer overlays generated fields on these, so that
schema-conforming data reaches the services and the engine (money at the
limits, dates far off, long texts) instead of stopping at a lookup or a
role check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from stdnum.cn import uscc

from casework.demo.seed import id_number_for

Pick = Callable[[str], Any]  # a value that exists, by pool name

# who calls: each program's staff roles, a caseworker of a grassroots unit,
# a member with a login, and the superuser (who alone may change parameters)
ROLES = [
    "caseworker",
    "caseworker2",
    "supervisor",
    "finance",
    "medical_reviewer",
    "auditor",
    "coordinator",
    "mediator",
    "member",
    "admin",
]


def _today() -> str:
    return timezone.localdate().isoformat()


def _later(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def _credit_code(serial: int) -> str:
    body = f"91450226MA6F{serial % 100000:05d}"
    return body + uscc.calc_check_digit(body + "0")


def _id_number(serial: int) -> str:
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=serial * 37 % 9000)
    return id_number_for(birth, 500 + serial, female=serial % 2 == 0)


def action_for(node: str | None) -> dict[str, Any]:
    """The action a step is completed with, and its fields."""
    return dict(_actions().get(node or "", {"action": "approve"}))


def _actions() -> dict[str, dict[str, Any]]:
    return {
        "verify": {
            "action": "recommend",
            "visit_date": _today(),
            "verified_annual_income": "24000.00",
            "verified_rigid_expenses": "6000.00",
            "household_size": 3,
            "recommended_amount": "3000.00",
            "notes": "入户核查属实",
        },
        "supplement": {"action": "resubmit", "note": "已补充"},
        "public_notice": {"action": "object", "objection": "收入不实"},
        "approve": {"action": "approve", "approved_amount": "3000.00", "comment": ""},
        "approve_senior": {"action": "approve", "approved_amount": "6000.00", "comment": ""},
        "disburse": {
            "action": "pay",
            "amount": "3000.00",
            "method": "bank_transfer",
            "reference": "FZ-1",
            "paid_on": _today(),
        },
        "review": {"action": "accept", "comment": ""},
        "medical_review": {"action": "confirm", "severity_class": "1"},
        "pay": {
            "action": "pay",
            "amount": "1000.00",
            "method": "bank_transfer",
            "reference": "FZ-2",
            "paid_on": _today(),
        },
        "assign": {"action": "assign", "mediator": "mediator"},
        "mediate": {
            "action": "settle",
            "agreed_amount": "5000.00",
            "terms": "分期支付",
            "performance_due": _later(15),
        },
        "deadline_decision": {"action": "extend", "parties_consent": True, "court_consent": True},
        "follow_up": {"action": "fulfilled", "judicial_confirmation": "not_applied"},
        "return_to_court": {
            "action": "returned",
            "returned_on": _today(),
            "letter_reference": "L-1",
        },
    }


def body_template(method: str, path: str, pick: Pick, serial: int, node: str | None) -> Any:
    """A valid body for the operation, or None where there is none to give."""
    templates: dict[tuple[str, str], Callable[[], dict[str, Any]]] = {
        ("POST", "/api/relief/applications/"): lambda: {
            "member": pick("member"),
            "aid_type": "living",
            "cause": "illness",
            "reason": "长期患病",
            "household_size": 3,
            "household_annual_income": "24000.00",
            "rigid_expenses": "6000.00",
            "requested_amount": "3000.00",
        },
        ("POST", "/api/mutual-aid/claims/"): lambda: {
            "member": pick("member"),
            "product": "inpatient",
            "hospital": "三江侗族自治县人民医院",
            "admitted_on": _later(-10),
            "discharged_on": _later(-3),
            "diagnosis": "肺炎",
            "total_expense": "25000.00",
            "insurance_paid": "9000.00",
            "eligible_self_pay": "15000.00",
            "invoice_numbers": [f"FZ-{serial:06d}"],
        },
        ("POST", "/api/mediation/referrals/"): lambda: {
            "court": "三江侗族自治县人民法院",
            "court_case_number": f"(2026)桂0226民初{9000 + serial}号",
            "referral_type": "delegated",
            "procedure": "",
            "referred_on": _today(),
            "received_on": _today(),
            "worker": {"member": pick("member")},
            "employer": {"name": "三江某建筑公司", "credit_code": _credit_code(serial)},
            "dispute_types": ["wages"],
            "amount_claimed": "5000.00",
            "summary": "拖欠工资",
        },
        ("POST", "/api/members/"): lambda: {
            "name": "杨春花",
            "id_number": _id_number(serial),
            "phone": "13900000000",
            "org_unit": pick("org_unit"),
            "employer": "三江县",
        },
        ("POST", "/api/mutual-aid/enrollments/"): lambda: {
            "member": pick("member"),
            "plan": pick("plan"),
            "paid_amount": "60.00",
            "enrolled_on": _today(),
        },
        ("PATCH", "/api/mutual-aid/plans/{plan_id}/"): lambda: {"contribution": "80.00"},
        ("PATCH", "/api/parameters/{key}/"): lambda: {"value": "30"},
        ("POST", "/api/mediation/cases/{case_number}/sessions/"): lambda: {
            "held_on": _today(),
            "place": "调解室",
            "attendees": ["申请人", "被申请人"],
            "notes": "双方陈述",
        },
        ("POST", "/api/mediation/cases/{case_number}/extend/"): lambda: {
            "parties_consent": True,
            "court_consent": True,
        },
        ("POST", "/api/cases/{case_number}/withdraw/"): lambda: {"reason": "申请人撤回"},
        ("POST", "/api/tasks/{task_id}/reassign/"): lambda: {"user": pick("user")},
        ("POST", "/api/auth/token/"): lambda: {"username": pick("user"), "password": "demo-pass"},
        ("POST", "/api/tasks/{task_id}/complete/"): lambda: action_for(node),
    }
    make = templates.get((method, path))
    return make() if make else None


# roles that may call an operation (the others mostly get 403 or 404)
PREFERRED: list[tuple[str, str, list[str]]] = [
    ("POST", "/api/relief/applications/", ["caseworker", "member"]),
    ("POST", "/api/mutual-aid/claims/", ["caseworker", "member"]),
    ("POST", "/api/mutual-aid/enrollments/", ["caseworker", "caseworker2"]),
    ("POST", "/api/mutual-aid/enrollments/import/", ["caseworker"]),
    ("POST", "/api/mutual-aid/plans/", ["supervisor", "admin"]),
    ("PATCH", "/api/mutual-aid/plans/", ["supervisor", "admin"]),
    ("POST", "/api/mediation/referrals/", ["coordinator"]),
    ("*", "/api/mediation/cases/", ["coordinator", "mediator", "auditor"]),
    ("PATCH", "/api/parameters/", ["admin"]),
    ("POST", "/api/members/", ["caseworker", "caseworker2", "supervisor"]),
    ("POST", "/api/auth/token/revoke/", ["admin"]),
    ("*", "/api/audit/", ["auditor", "admin"]),
    ("*", "/api/reports/exports/", ["supervisor"]),
    ("POST", "/api/cases/", ["caseworker", "coordinator", "supervisor"]),
]


def preferred_roles(method: str, path: str) -> list[str]:
    for m, prefix, roles in PREFERRED:
        if m in ("*", method) and path.startswith(prefix):
            return roles
    return []
