from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.audit.verify import audit_verify


class Command(BaseCommand):
    help = (
        "Verify every case's audit hash chain against its sealed head and the last "
        "checkpoint; name each broken chain (exit status 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            type=Path,
            help="the checkpoint file to hold the chains against (default: AUDIT_CHECKPOINT_PATH), "
            "e.g. the one kept with the dump a database was restored from",
        )

    def handle(self, *args, **options):
        path = options["checkpoint"]
        if path is not None and not path.exists():
            raise CommandError(f"no checkpoint file at {path}")
        result = audit_verify(checkpoint_path=path)
        self.stdout.write(
            f"cases checked: {result.cases_checked}, events checked: {result.events_checked}"
        )
        if result.checkpoint_at is not None:
            self.stdout.write(
                f"checkpoint of {result.checkpoint_at}: {result.checkpoint_chains} chains"
            )
        else:
            self.stdout.write("no checkpoint to hold the chains against")
        if result.ok:
            self.stdout.write(self.style.SUCCESS("audit chain OK"))
            return
        for problem in result.problems:
            self.stdout.write(self.style.ERROR(f"BROKEN {problem}"))
        broken = result.first_broken or {}
        if broken.get("seq") is None and broken.get("case_number") is None:
            raise CommandError(f"audit chain broken: {broken.get('problem')}")
        raise CommandError(
            f"audit chain broken at {broken.get('case_number')} seq {broken.get('seq')}"
        )
