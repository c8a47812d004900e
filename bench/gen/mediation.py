"""A mediation case's path (PROCESSES.md §3): assignment, sessions, the
outcome, follow-up or the return to the court, the time limit. Writes the
referral and session rows that match the path."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .casebuilder import CaseBuilder, N, dtext, local_midnight_us, money, n, pick
from .sink import jtext, ts

DISPUTES = ("wages", "termination", "social_insurance", "work_injury", "overtime", "other")


def mediation(b: CaseBuilder, target: str, worker: tuple[int, str, str] | None) -> None:
    gen, rng = b.gen, b.rng
    county = b.unit
    p = gen.params
    coord = county.users["coordinator"]
    mediator = county.users["mediator" if rng.random() < 0.5 else "mediator2"]
    received = b.today
    kind = pick(rng, {"delegated": 60, "entrusted": 40})
    procedure = "" if kind == "delegated" else pick(rng, {"ordinary": 60, "simple": 40})
    base_days = p[
        {
            "": "mediation.delegated_days",
            "ordinary": "mediation.entrusted_ordinary_days",
            "simple": "mediation.entrusted_simple_days",
        }[procedure]
    ]
    deadline = received + dt.timedelta(days=base_days)
    fires = local_midnight_us(deadline + dt.timedelta(days=1))
    r: dict[str, Any] = {"mediator": None, "outcome": "", "outcome_on": None, "sessions": 0}
    prev = b.start({"court": f"{county.name.removesuffix('总工会')}人民法院"}, "registered")
    assign = b.human(
        "assign",
        "mediation_coordinator",
        prev,
        due=min(
            gen.calendar.due(received, p["mediation.assign_days"], target == "registered"), deadline
        ),
    )
    timer = b.task("assign__timeout", "TIMER", "SCHEDULED", assign[0], scheduled=fires)
    if target == "registered":
        return _referral_rows(b, r, locals())
    if target in ("awaiting_decision", "timeout"):
        b.t = max(b.t, fires + 2 * 3_600_000_000)
        timer[3], timer[7] = "STARTED", b.tick()
        b.event(None, "timer_fired", {"task": timer[0], "node": "assign__timeout"})
        b.cancel(assign)
        decision = b.human(
            "deadline_decision",
            "mediation_coordinator",
            b.done(timer),
            p["mediation.decision_days"],
            open_=target == "awaiting_decision",
        )
        b.status_to("awaiting_decision", None)
        if target == "awaiting_decision":
            return _referral_rows(b, r, locals())
        prev = b.complete(decision, coord, "return", {"reason": "调解期限届满"})
        prev = b.gateway("after_decision", "SWITCH", prev)
        return _return_to_court(b, r, locals(), prev, coord, "timeout")
    r["mediator"] = mediator
    prev = b.complete(assign, coord, "assign", {"mediator": gen.username[mediator]})
    b.cancel(timer)
    mediate = b.human("mediate", "mediator", prev, due=deadline, holder=mediator, open_=True)
    timer = b.task("mediate__timeout", "TIMER", "SCHEDULED", mediate[0], scheduled=fires)
    b.status_to("assigned", coord)
    if target == "assigned":
        return _referral_rows(b, r, locals())
    b.later()
    r["sessions"] = 1
    gen.sink.buffers["mediation_mediationsession"].append(
        f"{gen.ids.session}\t{b.id}\t{b.today}\t{county.name}调解室\t"
        f"{jtext(['申请人', '被申请人'])}\t"
        f"双方陈述意见\t\t{mediator}\t{ts(b.t)}"
    )
    b.event(
        mediator,
        "mediation_session_logged",
        {"session": gen.ids.session, "held_on": b.today.isoformat()},
    )
    gen.ids.session += 1
    b.event(mediator, "status_changed", {"from": "assigned", "to": "mediating"})
    b.status = "mediating"
    if target == "mediating":
        return _referral_rows(b, r, locals())
    outcome = {
        "settled": "settle",
        "settled_unfulfilled": "settle",
        "follow_up": "settle",
        "returning": "fail",
        "returned_to_court": "fail",
        "withdrawn": "withdraw",
    }[target]
    r["outcome"], r["outcome_on"] = outcome, b.today
    if outcome == "settle":
        r["agreed_amount"] = rng.randrange(20, 400) * 100
        r["performance_due"] = b.today + dt.timedelta(days=30)
    close_as = "withdrawn" if outcome == "withdraw" else None
    prev = b.complete(
        mediate, mediator, outcome, {"outcome_on": b.today.isoformat()}, close_as=close_as
    )
    b.cancel(timer)
    prev = b.gateway("after_mediate", "SWITCH", prev)
    if outcome == "withdraw":
        b.end(prev)
        return _referral_rows(b, r, locals())
    if outcome == "fail":
        return _return_to_court(b, r, locals(), prev, coord, target)
    follow = b.human(
        "follow_up", "mediator", prev, due=r["performance_due"], holder=mediator, open_=True
    )
    b.status_to("follow_up", mediator)
    if target == "follow_up":
        return _referral_rows(b, r, locals())
    b.later(3)
    done = "fulfilled" if target == "settled" else "unfulfilled"
    r["performance"] = done
    b.end(
        b.complete(
            follow,
            mediator,
            done,
            {"note": "已履行" if done == "fulfilled" else "未履行"},
            close_as="settled" if done == "fulfilled" else "settled_unfulfilled",
        )
    )
    _referral_rows(b, r, locals())


def _return_to_court(
    b: CaseBuilder, r: dict[str, Any], v: dict[str, Any], prev: int, coord: int, target: str
) -> None:
    back = b.human(
        "return_to_court",
        "mediation_coordinator",
        prev,
        b.gen.params["mediation.return_days"],
        open_=target == "returning",
    )
    b.status_to("returning", coord)
    if target != "returning":
        r["returned_on"] = b.today
        if target == "timeout":
            r["outcome"], r["outcome_on"] = "timeout", b.today
        b.end(
            b.complete(
                back,
                coord,
                "returned",
                {"letter_reference": f"退函{b.id}"},
                close_as="returned_to_court",
            )
        )
    _referral_rows(b, r, {**v, "r": r})


def _referral_rows(b: CaseBuilder, r: dict[str, Any], v: dict[str, Any]) -> None:
    worker = v["worker"]
    outcome_on = r.get("outcome_on")
    days = (outcome_on - v["received"]).days if outcome_on else None
    agreed = r.get("agreed_amount")
    name = worker[1] if worker else "李" + "明华建国"[b.id % 4]
    number = worker[2] if worker else b.gen.non_member_id(b.id)
    b.gen.sink.buffers["mediation_referral"].append(
        f"{b.id}\t{b.unit.name.removesuffix('总工会')}人民法院\t({v['received'].year})桂民初{b.id}号\t"
        f"{v['kind']}\t{v['procedure']}\t{v['received'] - dt.timedelta(days=2)}\t{v['received']}\t"
        f"{v['base_days']}\t0\t{v['deadline']}\tt\tt\t{n(worker[0] if worker else None)}\t{name}\t"
        f"{number}\t13900000000\t广西某某有限公司\t91450100MA5K{b.id % 10**6:06d}\t"
        f"{jtext([DISPUTES[b.id % len(DISPUTES)]])}\t{money(5000 + (b.id % 50) * 1000)}\t"
        "拖欠工资纠纷\t"
        f"{n(r['mediator'])}\t{r['outcome']}\t{dtext(outcome_on)}\t{n(days)}\t\t[]\t"
        f"{money(agreed) if agreed else N}\t\t{dtext(r.get('performance_due'))}\t"
        f"{'not_applied' if agreed else ''}\t{r.get('performance', '')}\t\t"
        f"{dtext(r.get('returned_on'))}\t{'退函' + str(b.id) if r.get('returned_on') else ''}\t"
        "\t"  # no consultation referred a court case
    )


REFERRAL_COLUMNS = (
    "case_id",
    "court",
    "court_case_number",
    "referral_type",
    "procedure",
    "referred_on",
    "received_on",
    "base_days",
    "extension_days",
    "deadline",
    "parties_consent",
    "court_consent",
    "worker_member_id",
    "worker_name",
    "worker_id_number",
    "worker_phone",
    "employer_name",
    "employer_credit_code",
    "dispute_types",
    "amount_claimed",
    "summary",
    "mediator_id",
    "outcome",
    "outcome_on",
    "days_to_outcome",
    "outcome_reason",
    "disputed_points",
    "agreed_amount",
    "terms",
    "performance_due",
    "judicial_confirmation",
    "performance",
    "follow_up_note",
    "returned_on",
    "letter_reference",
    "return_reason",
    "consultation_number",
)
