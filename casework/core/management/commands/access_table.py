"""``manage.py access_table``: write docs/ACCESS.md from the access table
(``casework.core.access_table``); ``--check`` only says whether it is up to
date and whether every URL pattern is in the table (exit status 1 if not)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from casework.core.access_table import DOC_PATH, doc_write, render_markdown, table_problems


class Command(BaseCommand):
    help = "Write docs/ACCESS.md (every endpoint and page × role) from the access table."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="change nothing; fail if anything is out of date"
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        problems = table_problems()
        for problem in problems:
            self.stderr.write(problem)
        if check:
            current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
            if current != render_markdown():
                problems.append(f"{DOC_PATH} is out of date: run manage.py access_table")
                self.stderr.write(problems[-1])
            if problems:
                raise CommandError(f"{len(problems)} problem(s)")
            self.stdout.write("docs/ACCESS.md is up to date")
            return
        changed = doc_write()
        self.stdout.write(f"{DOC_PATH} {'written' if changed else 'unchanged'}")
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the access table")
