from django.core.management.base import BaseCommand, CommandError

from casework.audit.verify import audit_verify


class Command(BaseCommand):
    help = "Verify every case's audit hash chain and name the first broken link."

    def handle(self, *args, **options):
        result = audit_verify()
        self.stdout.write(
            f"cases checked: {result.cases_checked}, events checked: {result.events_checked}"
        )
        if result.ok:
            self.stdout.write(self.style.SUCCESS("audit chain OK"))
            return
        for problem in result.problems:
            self.stdout.write(self.style.ERROR(f"BROKEN {problem}"))
        broken = result.first_broken or {}
        raise CommandError(
            f"audit chain broken at {broken.get('case_number')} seq {broken.get('seq')}"
        )
