from django.core.management.base import BaseCommand

from casework.demo.seed import seed_demo


class Command(BaseCommand):
    help = "Create the demo org tree, users (password demo-pass), members and cases. Idempotent."

    def handle(self, *args, **options):
        result = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"demo data ready: {result['members']} members, {result['cases_created']} new cases"
            )
        )
