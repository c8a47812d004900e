from django.core.management.base import BaseCommand

from casework.audit.checkpoint import audit_checkpoint_write


class Command(BaseCommand):
    help = (
        "Append a signed checkpoint of every audit chain's sealed head to "
        "AUDIT_CHECKPOINT_PATH (the nightly job does this too)."
    )

    def handle(self, *args, **options):
        checkpoint = audit_checkpoint_write()
        self.stdout.write(
            f"checkpoint of {checkpoint.at}: {len(checkpoint.heads)} chains "
            f"appended to {checkpoint.path}"
        )
