"""``manage.py import_enrollments FILE --plan ID --org-unit CODE``: the group
import from the command line, printing its progress."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from casework.core.errors import ApplicationError
from casework.core.models import OrgUnit
from casework.mutual_aid.imports import InvalidRows, RowSource, enrollments_import
from casework.mutual_aid.models import Plan


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of enrollments (id_number, name, paid_amount, enrolled_on)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--plan", required=True, type=int, help="plan id")
        parser.add_argument("--org-unit", required=True, help="code of the grassroots union")
        parser.add_argument("--user", default="admin", help="username recorded as the actor")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan"]).first()
        unit = OrgUnit.objects.filter(code=options["org_unit"]).first()
        actor = get_user_model().objects.filter(username=options["user"]).first()
        if plan is None or unit is None or actor is None:
            raise CommandError("unknown plan, org unit or user")

        def progress(phase: str, done: int) -> None:
            self.stdout.write(f"{phase} {done} rows")
            self.stdout.flush()

        with open(options["file"], "rb") as stream:
            try:
                created = enrollments_import(
                    actor=actor,
                    plan=plan,
                    org_unit=unit,
                    source=RowSource(stream, options["file"]),
                    progress=progress,
                )
            except InvalidRows as exc:
                for row in exc.rows[:50]:
                    self.stderr.write(f"row {row['row']}: {'; '.join(row['errors'])}")
                raise CommandError(exc.message) from exc
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"created {created} enrollments"))
