"""Keeping ``CaseFigures`` (the summary's copy of each case's facts) in
step with the cases: one INSERT … SELECT … ON CONFLICT statement, the same
for one case (after every engine step) and for all of them (the rebuild)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.db import connection
from viewflow.workflow.models import Process

from casework.audit.services import case_write_with_events
from casework.core.models import Case, Payment
from casework.mutual_aid.models import Claim, Plan
from casework.relief.models import ReliefApplication

from .models import CaseFigures

COLUMNS = (
    "case_id",
    "program",
    "org_unit_id",
    "member_id",
    "created",
    "kind",
    "category",
    "status",
    "reason",
    "granted_on",
    "grant_amount",
    "approved",
    "paid_on",
    "payment_amount",
)
PROGRAMS = ("relief", "mutual_aid")


@lru_cache(maxsize=16)  # built once per WHERE shape: it runs at every status move
def _statement(where: str) -> str:
    t = {
        m.__name__: m._meta.db_table
        for m in (
            CaseFigures,
            Case,
            Process,
            ReliefApplication,
            Payment,
            Claim,
            Plan,
        )
    }
    updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[1:])
    programs = ", ".join(f"'{p}'" for p in PROGRAMS)
    return f"""
        INSERT INTO {t["CaseFigures"]} ({", ".join(COLUMNS)})
        SELECT c.process_ptr_id, c.program, c.org_unit_id, c.member_id, p.created,
               COALESCE(r.aid_type, pl.product, ''), COALESCE(r.category, ''), c.case_status,
               COALESCE(NULLIF(r.reject_reason_code, ''), cl.reject_reason_code, ''),
               r.granted_on, r.approved_amount, cl.approved_amount IS NOT NULL,
               pay.paid_on, pay.amount
        FROM {t["Case"]} c
        JOIN {t["Process"]} p ON p.id = c.process_ptr_id
        LEFT JOIN {t["ReliefApplication"]} r ON r.case_id = c.process_ptr_id
        LEFT JOIN {t["Claim"]} cl ON cl.case_id = c.process_ptr_id
        LEFT JOIN {t["Plan"]} pl ON pl.id = cl.plan_id
        LEFT JOIN {t["Payment"]} pay ON pay.case_id = c.process_ptr_id
        WHERE c.program IN ({programs}) AND {where}
        ON CONFLICT (case_id) DO UPDATE SET {updates}
    """


def figures_refresh(case_ids: Iterable[int]) -> None:
    """Rewrite the figures of these cases from their current facts (a case
    of another program is left alone)."""
    ids = [int(pk) for pk in case_ids]
    if not ids:
        return
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(_statement(f"c.process_ptr_id IN ({marks})"), ids)


def case_figures_refresh(case: Case) -> None:
    """Rewrite one case's figures (``workflows.hooks.status_moved``): in a
    step, with the step's audit events (one statement on PostgreSQL, when
    the step's writes are done)."""
    sql = _statement("c.process_ptr_id IN (%s)")
    case_write_with_events(case, ("figures", case.pk), sql, [case.pk])


def figures_rebuild(batch: int = 100_000) -> int:
    """Rewrite every case's figures (after a bulk load or a restore), in
    id ranges of ``batch``; returns the number of cases."""
    bounds = Case.objects.filter(program__in=PROGRAMS).order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), bounds.last()
    if first is None or last is None:
        return 0
    with connection.cursor() as cursor:
        for start in range(first, last + 1, batch):
            cursor.execute(
                _statement("c.process_ptr_id >= %s AND c.process_ptr_id < %s"),
                [start, start + batch],
            )
    return CaseFigures.objects.count()
