"""One case as the engine would have left it: the process and case rows,
its viewflow tasks with their ``previous`` links, a task info per human
task, and the audit chain (HMAC links under ``AUDIT_CHAIN_KEY``)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from casework.audit.chain import GENESIS, link_hash
from casework.audit.heads import head_seal
from casework.core.calendar import add_working_days
from workflows.models import TaskInfo

from .people import id_check_digit
from .sink import Sink, day_of, jtext, ts

N = "\\N"
# TaskInfo.open (False once the task is done or cancelled) narrows the
# lists' partial indexes to the open tasks: written when the model has it
TASKINFO_OPEN = any(f.name == "open" for f in TaskInfo._meta.get_fields())
HOUR = 3_600_000_000
DAY = 24 * HOUR
FLOWS = {
    "relief": "workflows/relief.ReliefFlow",
    "mutual_aid": "workflows/mutual_aid.MutualAidFlow",
    "mediation": "workflows/mediation.MediationFlow",
}
PREFIX = {"relief": "RL", "mutual_aid": "MA", "mediation": "MD"}

TABLES: dict[str, tuple[str, ...]] = {
    "viewflow_process": ("id", "flow_class", "status", "created", "finished", "data"),
    "core_case": (
        "process_ptr_id",
        "case_number",
        "program",
        "case_status",
        "closed",
        "submitted_by_id",
        "member_id",
        "org_unit_id",
    ),
    "viewflow_task": (
        "id",
        "process_id",
        "flow_task",
        "flow_task_type",
        "status",
        "token",
        "owner_id",
        "created",
        "assigned",
        "started",
        "finished",
        "scheduled",
        "data",
    ),
    "viewflow_task_previous": ("id", "from_task_id", "to_task_id"),
    "workflows_taskinfo": (
        "task_id",
        "case_id",
        "node",
        "role",
        "unit_path",
        "due",
        "completed_by_id",
        "action",
        "submitter_id",
        "clock_left",
        "paused_on",
        *(("open",) if TASKINFO_OPEN else ()),
    ),
    "workflows_taskinfo_excluded_users": ("id", "taskinfo_id", "user_id"),
    "audit_auditevent": (
        "id",
        "case_id",
        "seq",
        "at",
        "actor_id",
        "actor_name",
        "type",
        "data",
        "prev_hash",
        "hash",
    ),
    # each chain's sealed head (casework.audit.heads): the verifier expects one
    "audit_chainhead": ("chain", "case_id", "seq", "hash", "seal"),
}


@dataclass
class Ids:
    """The next id of every table the cases write (assigned here, not by
    the database; sequences are moved past them at the end)."""

    task: int = 1
    previous: int = 1
    excluded: int = 1
    event: int = 1
    payment: int = 1
    session: int = 1


def _t(us: int | None) -> str:
    return N if us is None else ts(us)


def n(value: Any) -> str:
    return N if value is None else str(value)


class Calendar:
    """Due dates: the project's working-day calendar for open tasks (they
    drive reminders and escalations), a weekday count for done ones."""

    def __init__(self) -> None:
        self._cache: dict[tuple[dt.date, int], dt.date] = {}

    def due(self, day: dt.date, days: int, exact: bool) -> dt.date:
        if exact:
            key = (day, days)
            found = self._cache.get(key)
            if found is None:
                found = self._cache[key] = add_working_days(day, days)
            return found
        weeks, rest = divmod(days, 5)
        out = day + dt.timedelta(days=7 * weeks)
        while rest:
            out += dt.timedelta(days=1)
            if out.weekday() < 5:
                rest -= 1
        return out


class CaseBuilder:
    """Accumulates one case; ``finish`` writes every row of it to the sink."""

    def __init__(
        self,
        gen: Any,
        program: str,
        case_id: int,
        case_number: str,
        unit: Any,
        member_id: int | None,
        submitter: int,
        created: int,
        pace: int,
    ) -> None:
        self.gen = gen
        self.rng: random.Random = gen.rng
        self.program = program
        self.flow = FLOWS[program]
        self.id = case_id
        self.number = case_number
        self.unit = unit
        self.member_id = member_id
        self.submitter = submitter
        self.created = created
        self.t = created
        self.pace = pace
        self.status = ""
        self.last_action: str | None = None
        self.tasks: list[list[Any]] = []
        self.events: list[tuple[int, int | None, str, dict[str, Any]]] = []
        self.closed: int | None = None
        self.process_status = "NEW"

    # --- time -----------------------------------------------------------

    def later(self, factor: float = 1.0) -> int:
        """Move the clock on by a random part of the case's pace."""
        self.t += int(self.pace * factor * (0.2 + self.rng.random())) | 1
        return self.t

    def tick(self) -> int:
        self.t += 1_000 + self.rng.randrange(50_000)
        return self.t

    @property
    def today(self) -> dt.date:
        return day_of(self.t)

    # --- rows -------------------------------------------------------------

    def event(self, actor: int | None, type_: str, data: dict[str, Any]) -> None:
        self.events.append((self.tick() | 1, actor, type_, data))

    def task(
        self,
        node: str,
        type_: str,
        status: str,
        prev: int | None,
        owner: int | None = None,
        scheduled: int | None = None,
    ) -> list[Any]:
        ids = self.gen.ids
        row = [ids.task, node, type_, status, owner, self.tick(), None, None, None, scheduled]
        ids.task += 1
        if type_ == "START":
            row[7] = row[5] - 11
        if prev is not None:
            self.gen.sink.buffers["viewflow_task_previous"].append(
                f"{ids.previous}\t{row[0]}\t{prev}"
            )
            ids.previous += 1
        self.tasks.append(row)
        return row

    def done(self, row: list[Any], started: bool = True) -> int:
        """Mark a (non-human) task done now; returns its id."""
        row[3] = "DONE"
        if started:
            row[7] = row[7] or self.tick()
        row[8] = self.tick()
        return row[0]

    def cancel(self, row: list[Any]) -> None:
        row[3] = "CANCELED"
        row[8] = self.tick()

    def gateway(self, node: str, type_: str, prev: int) -> int:
        return self.done(self.task(node, type_, "NEW", prev), started=False)

    def status_to(self, new: str, actor: int | None, event: bool = True) -> None:
        if new != self.status:
            if event and self.status:
                self.event(actor, "status_changed", {"from": self.status, "to": new})
            self.status = new

    def human(
        self,
        node: str,
        role: str,
        prev: int,
        due_days: int | None = None,
        due: dt.date | None = None,
        submitter: int | None = None,
        excluded: tuple[int, ...] = (),
        holder: int | None = None,
        open_: bool = False,
    ) -> list[Any]:
        """Create a human task as ``engine.task_created`` does (task info,
        exclusions, the ``task_created`` event, the holder when the step has one)."""
        self.later(0.05)
        row = self.task(node, "HUMAN", "NEW", prev)
        if due is None and due_days is not None:
            due = self.gen.calendar.due(self.today, due_days, open_)
        info = [row[0], node, role, due, None, "", submitter, None, None]
        row.append(info)
        ex = self.gen.sink.buffers["workflows_taskinfo_excluded_users"]
        for user in excluded:
            ex.append(f"{self.gen.ids.excluded}\t{row[0]}\t{user}")
            self.gen.ids.excluded += 1
        self.event(None, "task_created", {"task": row[0], "node": node, "due": _n_iso(due)})
        if holder is not None:
            row[3], row[4], row[6] = "ASSIGNED", holder, self.tick()
            self.event(
                None,
                "task_assigned",
                {"task": row[0], "node": node, "user": self.gen.username[holder]},
            )
        return row

    def claim(self, row: list[Any], user: int) -> None:
        self.later(0.6)
        row[3], row[4], row[6] = "ASSIGNED", user, self.t
        self.event(
            user, "task_claimed", {"task": row[0], "node": row[1], "user": self.gen.username[user]}
        )

    def complete(
        self,
        row: list[Any],
        user: int,
        action: str,
        inputs: dict[str, Any],
        service_events: list[tuple[str, dict[str, Any]]] = (),  # type: ignore[assignment]
        close_as: str | None = None,
        clock_left: int | None = None,
    ) -> int:
        """``engine.task_complete``: claim if needed, the service's events,
        the case closed when the action ends it, ``task_completed``."""
        if row[3] == "NEW":
            self.claim(row, user)
        self.later(0.3)
        row[7] = self.t
        for type_, data in service_events:
            self.event(user, type_, data)
        if close_as:
            self.event(user, "status_changed", {"from": self.status, "to": close_as})
            self.status = close_as
            self.closed = self.t
        info = row[10]
        info[4], info[5] = user, action
        if clock_left is not None:
            info[7], info[8] = clock_left, self.today
        self.event(
            user,
            "task_completed",
            {"task": row[0], "node": row[1], "action": action, "input": inputs},
        )
        row[3], row[8] = "DONE", self.tick()
        self.last_action = action
        return row[0]

    def end(self, prev: int) -> None:
        self.done(self.task("end", "END", "NEW", prev))
        self.process_status = "DONE"

    def start(self, summary: dict[str, Any], status: str) -> int:
        row = self.task("start", "START", "NEW", None, owner=self.submitter)
        self.status = status
        self.event(
            self.submitter,
            "case_created",
            {"case_number": self.number, "program": self.program, "status": status, **summary},
        )
        return self.done(row)

    # --- output ------------------------------------------------------------

    def finish(self) -> None:
        gen = self.gen
        buf = gen.sink.buffers
        cid = self.id
        finished = self.closed if self.process_status != "NEW" else None
        data = jtext({"last_action": self.last_action}) if self.last_action else "{}"
        buf["viewflow_process"].append(
            f"{cid}\t{self.flow}\t{self.process_status}\t{ts(self.created)}\t{_t(finished)}\t{data}"
        )
        buf["core_case"].append(
            f"{cid}\t{self.number}\t{self.program}\t{self.status}\t{_t(self.closed)}\t"
            f"{self.submitter}\t{n(self.member_id)}\t{self.unit.id}"
        )
        flow = self.flow
        tasks = buf["viewflow_task"]
        for r in self.tasks:
            tasks.append(
                f"{r[0]}\t{cid}\t{flow}.{r[1]}\t{r[2]}\t{r[3]}\tstart\t{n(r[4])}\t{ts(r[5])}\t"
                f"{_t(r[6])}\t{_t(r[7])}\t{_t(r[8])}\t{_t(r[9])}\t{{}}"
            )
        infos = buf["workflows_taskinfo"]
        path = self.unit.path
        for r in self.tasks:
            if len(r) < 11:
                continue  # not a human task
            i = r[10]
            line = (
                f"{i[0]}\t{cid}\t{i[1]}\t{i[2]}\t{path}\t{n(i[3])}\t{n(i[4])}\t{i[5]}\t"
                f"{n(i[6])}\t{n(i[7])}\t{n(i[8])}"
            )
            if TASKINFO_OPEN:
                line += "\tt" if r[3] in ("NEW", "ASSIGNED", "STARTED") else "\tf"
            infos.append(line)
        events = buf["audit_auditevent"]
        prev = GENESIS
        ids = gen.ids
        names = gen.username
        for seq, (at, actor, type_, payload) in enumerate(self.events, start=1):
            name = names[actor] if actor is not None else "system"
            at_text = ts(at)
            digest = link_hash(
                prev, case_id=cid, seq=seq, at=at_text, actor=name, type=type_, data=payload
            )
            events.append(
                f"{ids.event}\t{cid}\t{seq}\t{at_text}\t{n(actor)}\t{name}\t{type_}\t"
                f"{jtext(payload)}\t{prev}\t{digest}"
            )
            ids.event += 1
            prev = digest
        if self.events:
            seq = len(self.events)
            seal = head_seal(chain=cid, seq=seq, last_hash=prev)
            buf["audit_chainhead"].append(f"{cid}\t{cid}\t{seq}\t{prev}\t{seal}")


def local_midnight_us(day: dt.date) -> int:
    """Midnight of ``day`` in Asia/Shanghai, as UTC microseconds."""
    return ((day.toordinal() - dt.date(1970, 1, 1).toordinal()) * 86_400 - 8 * 3600) * 1_000_000


def pick(rng: random.Random, weighted: dict[str, int]) -> str:
    return rng.choices(list(weighted), weights=list(weighted.values()))[0]


def _n_iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def dtext(day: dt.date | None) -> str:
    return N if day is None else day.isoformat()


def money(amount: int) -> str:
    return f"{amount}.00"


@dataclass
class Generator:
    """The state the case scripts read: ids, users, units, parameters."""

    rng: random.Random
    sink: Sink | None = None
    ids: Ids = field(default_factory=Ids)
    calendar: Calendar = field(default_factory=Calendar)
    username: dict[int, str] = field(default_factory=dict)
    params: dict[str, int] = field(default_factory=dict)
    standard: dict[int, int] = field(default_factory=dict)
    snapshots: dict[int, str] = field(default_factory=dict)  # plan id → JSON of its terms
    province: Any = None

    def non_member_id(self, n: int) -> str:
        body = f"450102{1983 + n % 20}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        return body + id_check_digit(body)
