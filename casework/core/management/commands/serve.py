import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from workflows.due_work import due_work_run


def _due_work_loop(interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            due_work_run()
        except Exception as exc:  # keep the scheduler alive; the next run retries
            print(f"due work failed: {exc}")


class Command(BaseCommand):
    help = "Serve the app (runserver) with the due-work scheduler running every minute beside it."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--interval", type=float, default=60.0)

    def handle(self, *args, **options):
        due_work_run()
        threading.Thread(target=_due_work_loop, args=(options["interval"],), daemon=True).start()
        self.stdout.write(f"due work runs every {options['interval']:.0f}s beside the server")
        call_command("runserver", options["addr"], use_reloader=False)
