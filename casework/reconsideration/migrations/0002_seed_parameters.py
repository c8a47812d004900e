"""The reconsideration program's parameters (PROCESSES.md §6), seeded like
core's (``core/migrations/0002_seed_parameters.py``)."""

from django.db import migrations

SPEC = "PROCESSES.md §6"

PARAMETERS = [
    # key, value, kind, description, source
    ("reconsideration.window_days", "30", "integer", "calendar days after a rejection or refusal to ask for reconsideration", SPEC),
    ("reconsideration.review_days", "15", "integer", "working days for the review of a reconsideration", SPEC),
]


def seed(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    for key, value, kind, description, source in PARAMETERS:
        Parameter.objects.get_or_create(
            key=key, defaults={"value": value, "kind": kind, "description": description, "source": source}
        )


def unseed(apps, schema_editor):
    apps.get_model("core", "Parameter").objects.filter(key__in=[p[0] for p in PARAMETERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reconsideration", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
