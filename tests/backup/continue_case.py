"""Takes the next step of a case through the engine, against the database
of $DATABASE_URL — the backup test runs it on a restored copy:

    DATABASE_URL=postgres://…/restored python -m tests.backup.continue_case \\
        RL-2026-000004 disburse finance pay '{"amount": "3000.00", …}'

Prints the case's status and its open tasks afterwards, as JSON."""

from __future__ import annotations

import json
import os
import sys

import django


def main(number: str, node: str, username: str, action: str, data: str) -> dict:
    from django.contrib.auth import get_user_model

    from casework.core.models import Case
    from workflows import engine
    from workflows.selectors import open_tasks_of

    case = Case.objects.get(case_number=number)
    task = open_tasks_of(case.pk).get(info__node=node)
    user = get_user_model().objects.get(username=username)
    case = engine.task_complete(task, user, action, json.loads(data))
    return {
        "status": case.case_status,
        "open_tasks": sorted(t.info.node for t in open_tasks_of(case.pk)),
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casework.settings")
    django.setup()
    json.dump(main(*sys.argv[1:6]), sys.stdout)
