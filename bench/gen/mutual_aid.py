"""A mutual-aid claim's path (PROCESSES.md §2): first review, medical review
for lump sums, approval, payment; or a return, a rejection, a withdrawal.
Writes the claim and payment rows that match the path."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .casebuilder import CaseBuilder, N, money, n
from .sink import jtext, ts

HOSPITALS = ("人民医院", "中医医院", "妇幼保健院", "第二人民医院", "医科大学附属医院")
DIAGNOSES = ("肺炎", "冠心病", "脑梗死", "糖尿病", "骨折", "阑尾炎", "胆囊结石", "慢性肾病")
MA_REJECT = ("NOT_ENROLLED", "WAITING_PERIOD", "LATE_CLAIM", "CAP_EXHAUSTED", "documents_invalid")


def mutual_aid(b: CaseBuilder, target: str, product: str, plan_id: int, year: int) -> None:
    gen, rng = b.gen, b.rng
    county = b.unit.county
    p = gen.params
    cw = b.submitter if rng.random() < 0.5 else county.users["caseworker"]
    sup, fin, med = (
        county.users["supervisor"],
        county.users["finance"],
        county.users["medical_reviewer"],
    )
    lump = product != "inpatient"
    if target == "medical_review" and not lump:
        target = "awaiting_approval"
    admitted = b.today - dt.timedelta(days=rng.randrange(10, 60))
    discharged = admitted + dt.timedelta(days=rng.randrange(0, 20))
    total = rng.randrange(30, 800) * 100
    insurance = total * rng.randrange(40, 75) // 100
    self_pay = total - insurance
    severity = str(rng.randint(1, 4)) if lump else ""
    if lump:
        benefit = {"1": 6000, "2": 3000, "3": 2000, "4": 1000}[severity]
    else:
        base = max(0, self_pay - 1300)
        benefit = min(30200, base // 2 if base <= 10000 else 5000 + (base - 10000) * 6 // 10)
    reject = rng.choice(MA_REJECT) if target == "rejected" else ""
    eligible = not reject or rng.random() < 0.5
    claim: dict[str, Any] = {"reviewed_by": None, "approved_by": None, "approved_amount": None}
    prev = b.start({"product": product, "plan": plan_id, "year": year}, "submitted")
    b.events.insert(
        len(b.events) - 1,
        (
            b.created | 1,
            b.submitter,
            "mutual_aid_benefit_assessed",
            {
                "amount": money(benefit),
                "eligible": eligible,
                "reasons": [reject] if reject else [],
                "plan_version": 1,
            },
        ),
    )
    history: list[Any] = []
    review = b.human(
        "review",
        "caseworker",
        prev,
        p["mutual_aid.review_days"],
        open_=target in ("submitted", "reviewing"),
    )
    if target == "submitted":
        return _claim_rows(b, claim, locals())
    if target == "reviewing":
        b.claim(review, cw)
        b.status_to("reviewing", cw)
        return _claim_rows(b, claim, locals())
    if target == "withdrawn":
        b.later()
        b.cancel(review)
        b.event(cw, "task_canceled", {"task": review[0], "node": "review"})
        b.event(cw, "case_withdrawn", {"reason": "申请人撤回"})
        b.event(cw, "status_changed", {"from": b.status, "to": "withdrawn"})
        b.status, b.closed, b.process_status = "withdrawn", b.t, "CANCELED"
        return _claim_rows(b, claim, locals())
    if target == "awaiting_supplement" or rng.random() < 0.06:
        prev = b.complete(review, cw, "return", {"reason": "请补充发票原件"}, clock_left=3)
        history.append({"kind": "returned", "by": gen.username[cw], "reason": "请补充发票原件"})
        prev = b.gateway("after_review", "SWITCH", prev)
        sup_task = b.human(
            "supplement",
            "caseworker",
            prev,
            p["mutual_aid.supplement_days"],
            submitter=b.submitter,
            open_=target == "awaiting_supplement",
        )
        b.status_to("awaiting_supplement", cw)
        if target == "awaiting_supplement":
            return _claim_rows(b, claim, locals())
        prev = b.complete(sup_task, b.submitter, "resubmit", {"note": "已补充"})
        prev = b.gateway("after_supplement", "SWITCH", prev)
        review = b.human("review", "caseworker", prev, 3)
        b.status_to("submitted", b.submitter)
    if target == "rejected" and rng.random() < 0.7:
        claim["reviewed_by"] = cw
        prev = b.complete(
            review,
            cw,
            "reject",
            {"reason_code": reject, "reason": "不符合互助条件"},
            close_as="rejected",
        )
        b.end(b.gateway("after_review", "SWITCH", prev))
        return _claim_rows(b, claim, locals())
    claim["reviewed_by"] = cw
    prev = b.complete(review, cw, "accept", {"benefit_amount": money(benefit)})
    prev = b.gateway("after_review", "SWITCH", prev)
    prev = b.gateway("lump_sum_gate", "EXCLUSIVE_GATEWAY", prev)
    if lump:
        mr = b.human(
            "medical_review",
            "medical_reviewer",
            prev,
            p["mutual_aid.medical_review_days"],
            open_=target == "medical_review",
        )
        b.status_to("medical_review", cw)
        if target == "medical_review":
            return _claim_rows(b, claim, locals())
        prev = b.complete(mr, med, "confirm", {"severity_class": severity})
        prev = b.gateway("after_medical_review", "SWITCH", prev)
    approve = b.human(
        "approve",
        "supervisor",
        prev,
        p["mutual_aid.approve_days"],
        excluded=(cw,),
        open_=target == "awaiting_approval",
    )
    b.status_to("awaiting_approval", cw)
    if target == "awaiting_approval":
        if rng.random() < 0.4:
            b.claim(approve, sup)
        return _claim_rows(b, claim, locals())
    if target == "rejected":
        prev = b.complete(approve, sup, "reject", {"reason": "审批不同意"}, close_as="rejected")
        b.end(b.gateway("after_approve", "SWITCH", prev))
        return _claim_rows(b, claim, locals())
    claim["approved_by"], claim["approved_amount"] = sup, benefit
    prev = b.complete(approve, sup, "approve", {"approved_amount": money(benefit), "comment": ""})
    prev = b.gateway("after_approve", "SWITCH", prev)
    pay_task = b.human("pay", "finance", prev, p["mutual_aid.pay_days"], open_=target == "approved")
    b.status_to("approved", sup)
    if target == "approved":
        return _claim_rows(b, claim, locals())
    paid_on = b.today
    reference = f"MA{b.id:09d}"
    pay = {
        "amount": money(benefit),
        "method": "bank_transfer",
        "paid_on": paid_on.isoformat(),
        "reference": reference,
    }
    prev = b.complete(pay_task, fin, "pay", pay, [("payment_made", pay)], close_as="closed")
    b.end(prev)
    gen.sink.buffers["core_payment"].append(
        f"{gen.ids.payment}\t{b.id}\t{b.member_id}\t{money(benefit)}\tbank_transfer\t"
        f"{reference}\t{paid_on}\t{fin}\t{ts(b.t)}"
    )
    gen.ids.payment += 1
    _claim_rows(b, claim, locals())


def _claim_rows(b: CaseBuilder, claim: dict[str, Any], v: dict[str, Any]) -> None:
    approved = claim["approved_amount"]
    reasons = [v["reject"]] if v["reject"] else []
    b.gen.sink.buffers["mutual_aid_claim"].append(
        f"{b.id}\t{v['plan_id']}\t{b.unit.county.name.removesuffix('总工会')}"
        f"{HOSPITALS[b.id % len(HOSPITALS)]}\t{v['admitted']}\t{v['discharged']}\t"
        f"{DIAGNOSES[b.id % len(DIAGNOSES)]}\t{money(v['total'])}\t{money(v['insurance'])}\t"
        f"{money(v['self_pay'])}\t{v['severity']}\tt\t{money(v['benefit'])}\t"
        f"{'t' if v['eligible'] else 'f'}\t{jtext(reasons)}\t[]\t1\t"
        f"{b.gen.snapshots[v['plan_id']]}\t"
        f"{money(approved) if approved is not None else N}\t{n(claim['approved_by'])}\t"
        f"{n(claim['reviewed_by'])}\t{v['reject']}\t"
        f"{'不符合互助条件' if v['reject'] else ''}\t{jtext(v['history'])}"
    )


CLAIM_COLUMNS = (
    "case_id",
    "plan_id",
    "hospital",
    "admitted_on",
    "discharged_on",
    "diagnosis",
    "total_expense",
    "insurance_paid",
    "eligible_self_pay",
    "severity_class",
    "first_stay",
    "benefit_amount",
    "eligible",
    "reasons",
    "explanation",
    "plan_version",
    "plan_snapshot",
    "approved_amount",
    "approved_by_id",
    "reviewed_by_id",
    "reject_reason_code",
    "reject_reason",
    "history",
)
