"""Legal aid's ``close`` step has no due date (PROCESSES.md §5: "none,
reminders monthly"): the caseworker is reminded every this many calendar
days while it is open (workflows.legal_aid_reminders)."""

from django.db import migrations

SOURCE = "PROCESSES.md §5 (legal aid)"
KEY = "legal_aid.close_reminder_days"


def seed(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    Parameter.objects.get_or_create(
        key=KEY,
        defaults={
            "value": "30",
            "kind": "integer",
            "description": "calendar days between reminders of an open legal-aid closing",
            "source": SOURCE,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("legal", "0003_seed_legal_aid_parameters")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
