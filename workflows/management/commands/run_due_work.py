from django.core.management.base import BaseCommand

from workflows.due_work import due_work_run


class Command(BaseCommand):
    help = "Run once everything the beat schedule runs: due timers, deadline sweeps, reminders."

    def handle(self, *args, **options):
        for line in due_work_run().lines():
            self.stdout.write(line)
