"""A relief case's path (PROCESSES.md §1): verification, the public notice,
one or two approvals, payment; or a return, a rejection, a withdrawal, a
lapse. Writes the application and payment rows that match the path."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .casebuilder import CaseBuilder, N, dtext, local_midnight_us, money, pick
from .sink import jtext, ts

CEILING = {
    ("living", "deep"): 7600,
    ("living", "relative"): 5000,
    ("living", "accidental"): 10000,
    "education": 6300,
    "medical": 20000,
    "temporary": 3000,
}
CAUSES = {
    "living": ("illness", "disability", "unemployment", "other"),
    "medical": ("illness", "accident"),
    "education": ("education",),
    "temporary": ("disaster", "accident", "illness"),
}
REJECT_CODES = ("not_eligible", "income_above_threshold", "false_information", "limit_reached")


def relief(b: CaseBuilder, target: str) -> None:
    gen, rng, unit = b.gen, b.rng, b.unit
    county = unit.county
    p = gen.params
    cw_local = b.submitter
    cw = cw_local if rng.random() < 0.5 else county.users["caseworker"]
    sup = county.users["supervisor"]
    fin = county.users["finance"]
    aid = pick(rng, {"living": 50, "medical": 25, "education": 15, "temporary": 10})
    cause = rng.choice(CAUSES[aid])
    category = (
        "accidental"
        if cause in ("disaster", "accident") and aid == "living"
        else ("deep" if rng.random() < 0.45 else "relative")
    )
    standard = gen.standard[county.id]
    size = rng.randint(1, 6)
    factor = {"deep": rng.uniform(0.3, 0.95), "relative": rng.uniform(1.05, 1.9)}.get(
        category, rng.uniform(2.1, 3.0)
    )
    rigid = rng.randrange(20, 200) * 100
    income = int(standard * factor * 12 * size) + rigid
    ceiling = CEILING.get((aid, category)) or CEILING[aid]  # type: ignore[call-overload]
    amount = max(500, int(ceiling * rng.uniform(0.3, 1.0)) // 100 * 100)
    accident = amount * 3 if category == "accidental" else None
    app: dict[str, Any] = {
        "aid_type": aid,
        "cause": cause,
        "reason": "家庭成员长期患病，收入微薄" if cause == "illness" else "家庭遭遇困难，生活拮据",
        "household_size": size,
        "household_annual_income": money(income),
        "rigid_expenses": money(rigid),
        "accident_costs": money(accident) if accident else None,
        "requested_amount": money(amount),
    }
    prev = b.start(app, "submitted")
    history: list[dict[str, Any]] = []
    # a return for more documents first, on some cases
    returns = target == "awaiting_supplement" or target == "lapsed" or rng.random() < 0.08
    verify = b.human("verify", "caseworker", prev, p["relief.verify_days"])
    if target == "submitted":
        return _relief_rows(b, app, history, target)
    if target == "verifying":
        b.claim(verify, cw)
        b.status_to("verifying", cw)
        return _relief_rows(b, app, history, target)
    if target == "withdrawn":
        if rng.random() < 0.5:
            b.claim(verify, cw)
            b.status_to("verifying", cw)
        b.later()
        b.cancel(verify)
        b.event(cw, "task_canceled", {"task": verify[0], "node": "verify"})
        b.event(cw, "case_withdrawn", {"reason": "申请人自行撤回"})
        b.event(cw, "status_changed", {"from": b.status, "to": "withdrawn"})
        b.status, b.closed, b.process_status = "withdrawn", b.t, "CANCELED"
        return _relief_rows(b, app, history, target)
    if returns:
        reason = "请补充收入证明"
        prev = b.complete(verify, cw, "return", {"reason": reason}, clock_left=3)
        history.append({"kind": "returned", "by": gen.username[cw], "at": "", "reason": reason})
        prev = b.gateway("after_verify", "SWITCH", prev)
        sup_task = b.human(
            "supplement",
            "caseworker",
            prev,
            p["relief.supplement_days"],
            submitter=b.submitter,
            open_=target == "awaiting_supplement",
        )
        b.status_to("awaiting_supplement", cw)
        if target == "awaiting_supplement":
            return _relief_rows(b, app, history, target)
        if target == "lapsed":
            b.later(6)
            b.complete(sup_task, sup, "lapse", {"reason": "逾期未补充材料"}, close_as="lapsed")
            b.end(b.gateway("after_supplement", "SWITCH", sup_task[0]))
            return _relief_rows(b, app, history, target)
        prev = b.complete(sup_task, b.submitter, "resubmit", {"note": "已补充材料"})
        prev = b.gateway("after_supplement", "SWITCH", prev)
        verify = b.human("verify", "caseworker", prev, 3)
        b.status_to("submitted", b.submitter)
    if target == "rejected" and rng.random() < 0.6:
        code = rng.choice(REJECT_CODES)
        app["reject_reason_code"], app["reject_reason"] = code, "经核查不符合条件"
        prev = b.complete(
            verify,
            cw,
            "reject",
            {"reason_code": code, "reason": "经核查不符合条件"},
            close_as="rejected",
        )
        b.end(b.gateway("after_verify", "SWITCH", prev))
        return _relief_rows(b, app, history, target)
    # home visit and recommendation
    visit = b.today
    b.claim(verify, cw)
    pcm = (income - rigid) * 100 // (12 * size)
    notice_ends = gen.calendar.due(visit, p["relief.public_notice_days"], target == "public_notice")
    app.update(
        visit_date=visit,
        verified_annual_income=money(income),
        verified_rigid_expenses=money(rigid),
        verified_household_size=size,
        verify_notes="入户核查属实",
        per_capita_monthly_income=f"{pcm // 100}.{pcm % 100:02d}",
        subsistence_standard=money(standard),
        category=category,
        recommended_amount=money(amount),
        recommended_by=cw,
        notice_ends_on=notice_ends,
    )
    changes = {
        "category": ["", category],
        "visit_date": [None, visit.isoformat()],
        "notice_ends_on": [None, notice_ends.isoformat()],
        "recommended_amount": [None, money(amount)],
        "verified_annual_income": [None, money(income)],
    }
    prev = b.complete(
        verify,
        cw,
        "recommend",
        {
            "visit_date": visit.isoformat(),
            "household_size": size,
            "recommended_amount": money(amount),
        },
        service_events=[("field_changed", {"changes": changes})],
    )
    prev = b.gateway("after_verify", "SWITCH", prev)
    prev = b.gateway("notice_gate", "EXCLUSIVE_GATEWAY", prev)
    notice = b.human("public_notice", "caseworker", prev, due=notice_ends, open_=True)
    fires = local_midnight_us(notice_ends + dt.timedelta(days=1))
    timer = b.task("public_notice__timeout", "TIMER", "SCHEDULED", notice[0], scheduled=fires)
    b.status_to("public_notice", cw)
    if target == "public_notice":
        return _relief_rows(b, app, history, target)
    b.t = max(b.t, fires + 3_600_000_000 * 2 + b.rng.randrange(3_600_000_000))
    timer[3], timer[7] = "STARTED", b.tick()
    b.event(None, "timer_fired", {"task": timer[0], "node": "public_notice__timeout"})
    b.cancel(notice)
    b.done(timer)
    approve = b.human(
        "approve",
        "supervisor",
        timer[0],
        p["relief.approve_days"],
        excluded=(cw,),
        open_=target == "awaiting_approval",
    )
    b.status_to("awaiting_approval", None)
    if target == "awaiting_approval":
        if rng.random() < 0.4:
            b.claim(approve, sup)
        return _relief_rows(b, app, history, target)
    if target == "rejected":
        app["reject_reason_code"], app["reject_reason"] = "other", "审批不同意"
        prev = b.complete(approve, sup, "reject", {"reason": "审批不同意"}, close_as="rejected")
        b.end(b.gateway("after_approve", "SWITCH", prev))
        return _relief_rows(b, app, history, target)
    senior = amount >= p["relief.senior_approval_threshold"]
    app.update(approved_amount=money(amount), approved_by=sup, needs_senior_approval=senior)
    grant_events = []
    if not senior:
        grant_events = _grant(b, app, category, cw)
    prev = b.complete(
        approve, sup, "approve", {"comment": "", "approved_amount": money(amount)}, grant_events
    )
    prev = b.gateway("after_approve", "SWITCH", prev)
    prev = b.gateway("senior_gate", "EXCLUSIVE_GATEWAY", prev)
    if senior:
        boss = gen.province.users["supervisor"]
        waits = target == "approved" and rng.random() < 0.3
        top = b.human(
            "approve_senior",
            "supervisor",
            prev,
            p["relief.senior_approve_days"],
            excluded=(cw, sup),
            open_=waits,
        )
        b.status_to("awaiting_approval", sup)
        if waits:
            return _relief_rows(b, app, history, "awaiting_approval")
        app["senior_approved_by"] = boss
        prev = b.complete(
            top,
            boss,
            "approve",
            {"comment": "", "approved_amount": money(amount)},
            _grant(b, app, category, cw),
        )
        prev = b.gateway("after_senior", "SWITCH", prev)
    disburse = b.human(
        "disburse", "finance", prev, p["relief.disburse_days"], open_=target == "approved"
    )
    b.status_to("approved", sup)
    if target == "approved":
        return _relief_rows(b, app, history, target)
    paid_on = b.today
    reference = f"RL{b.id:09d}"
    pay = {
        "amount": money(amount),
        "method": "bank_transfer",
        "paid_on": paid_on.isoformat(),
        "reference": reference,
    }
    prev = b.complete(disburse, fin, "pay", pay, [("payment_made", pay)], close_as="closed")
    b.end(prev)
    gen.sink.buffers["core_payment"].append(
        f"{gen.ids.payment}\t{b.id}\t{b.member_id}\t{money(amount)}\tbank_transfer\t"
        f"{reference}\t{paid_on}\t{fin}\t{ts(b.t)}"
    )
    gen.ids.payment += 1
    _relief_rows(b, app, history, target)


def _grant(b: CaseBuilder, app: dict[str, Any], category: str, cw: int) -> list[Any]:
    """The grant counts from today; a deep or relative household is filed on
    the hardship roster (the roster rows are derived after the load: the
    latest grant of a member wins, as ``update_or_create`` leaves it)."""
    app["granted_on"] = b.today
    if category not in ("deep", "relative") or b.member_id is None:
        return []
    day = b.today
    review_due = day.replace(year=day.year + 1, day=min(day.day, 28))
    return [("roster_filed", {"category": category, "review_due": review_due.isoformat()})]


def _relief_rows(b: CaseBuilder, app: dict[str, Any], history: list[Any], target: str) -> None:
    g: Any = app.get  # the values are text already
    b.gen.sink.buffers["relief_reliefapplication"].append(
        "\t".join(
            [
                str(b.id),
                g("aid_type"),
                g("cause"),
                g("reason"),
                str(g("household_size")),
                g("household_annual_income"),
                g("rigid_expenses"),
                g("accident_costs") or N,
                g("requested_amount"),
                dtext(g("visit_date")),
                g("verified_annual_income") or N,
                g("verified_rigid_expenses") or N,
                str(g("verified_household_size") or N),
                g("verify_notes", ""),
                g("per_capita_monthly_income") or N,
                g("subsistence_standard") or N,
                g("category", ""),
                g("recommended_amount") or N,
                str(g("recommended_by") or N),
                dtext(g("notice_ends_on")),
                g("approved_amount") or N,
                str(g("approved_by") or N),
                "",
                "t" if g("needs_senior_approval") else "f",
                str(g("senior_approved_by") or N),
                dtext(g("granted_on")),
                g("reject_reason_code", ""),
                g("reject_reason", ""),
                jtext(history),
            ]
        )
    )


RELIEF_COLUMNS = (
    "case_id",
    "aid_type",
    "cause",
    "reason",
    "household_size",
    "household_annual_income",
    "rigid_expenses",
    "accident_costs",
    "requested_amount",
    "visit_date",
    "verified_annual_income",
    "verified_rigid_expenses",
    "verified_household_size",
    "verify_notes",
    "per_capita_monthly_income",
    "subsistence_standard",
    "category",
    "recommended_amount",
    "recommended_by_id",
    "notice_ends_on",
    "approved_amount",
    "approved_by_id",
    "approval_comment",
    "needs_senior_approval",
    "senior_approved_by_id",
    "granted_on",
    "reject_reason_code",
    "reject_reason",
    "history",
)
