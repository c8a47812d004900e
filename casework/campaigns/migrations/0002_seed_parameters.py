"""The campaign program's parameters (PROCESSES.md §4), seeded like
core's (``core/migrations/0002_seed_parameters.py``)."""

from django.db import migrations

SPEC = "PROCESSES.md §4"

PARAMETERS = [
    # key, value, kind, description, source
    ("campaign.review_days", "5", "integer", "working days for the county's review of a list", SPEC),
    ("campaign.revise_days", "5", "integer", "working days for the nominating union to revise a list", SPEC),
    ("campaign.approve_days", "5", "integer", "working days for the approval of a list", SPEC),
    ("campaign.disburse_days", "10", "integer", "working days to issue a list's grants", SPEC),
    ("campaign.golden_autumn_notice_days", "5", "integer", "default working days of public notice of a golden-autumn list (0 for other kinds)", SPEC),
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
    dependencies = [("campaigns", "0001_initial"), ("core", "0009_payment_per_item")]
    operations = [migrations.RunPython(seed, unseed)]
