"""Prints, as JSON, what a crash could have left half-written in the
database of $DATABASE_URL: cases without their detail row, without their
first audit event (``case_created`` at seq 1) or without any task, and
whether every audit chain verifies. Run in a subprocess by the fault and
backup tests:

    DATABASE_URL=postgres://… python -m tests.faults.case_integrity
"""

from __future__ import annotations

import json
import os
import sys

import django


def report() -> dict:
    from viewflow.workflow.models import Task

    from casework.audit.models import AuditEvent
    from casework.audit.verify import audit_verify
    from casework.core.models import Case

    cases = list(Case.objects.values_list("pk", "case_number", "program"))
    tasks = set(Task.objects.values_list("process_id", flat=True).distinct())
    first = set(
        AuditEvent.objects.filter(seq=1, type="case_created").values_list("case_id", flat=True)
    )
    details = {
        # the one-to-one detail row of each program, by its related name
        "relief": set(Case.objects.filter(relief__isnull=False).values_list("pk", flat=True)),
        "mutual_aid": set(
            Case.objects.filter(mutual_aid__isnull=False).values_list("pk", flat=True)
        ),
        "mediation": set(Case.objects.filter(mediation__isnull=False).values_list("pk", flat=True)),
    }
    verified = audit_verify()
    return {
        "cases": len(cases),
        "case_numbers": sorted(n for _, n, _ in cases),
        "without_detail": sorted(n for pk, n, p in cases if pk not in details.get(p, set())),
        "without_first_event": sorted(n for pk, n, _ in cases if pk not in first),
        "without_task": sorted(n for pk, n, _ in cases if pk not in tasks),
        "audit_ok": verified.ok,
        "audit_problems": [str(p) for p in verified.problems][:10],
        "events_checked": verified.events_checked,
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
    django.setup()
    json.dump(report(), sys.stdout)
