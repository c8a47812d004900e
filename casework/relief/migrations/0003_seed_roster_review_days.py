"""The yearly roster review's working days (PROCESSES.md gives the review no
due date; the default gives the caseworker two working weeks)."""

from django.db import migrations


def seed(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    Parameter.objects.get_or_create(
        key="relief.roster_review_days",
        defaults={
            "value": "10",
            "kind": "integer",
            "description": "working days for the yearly hardship-roster review",
            "source": "casework default (PROCESSES.md §1 sets no due date for the review)",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("relief", "0002_seed_ceilings"), ("core", "0002_seed_parameters")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
