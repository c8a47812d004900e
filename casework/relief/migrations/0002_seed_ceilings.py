"""Relief ceilings per grant (CNY), as PROCESSES.md §1 gives them."""

from django.db import migrations

SOURCE = "PROCESSES.md §1 (seeded ceilings, CNY per grant)"
CEILINGS = [
    ("living", "deep", "7600"),
    ("living", "relative", "5000"),
    ("living", "accidental", "10000"),
    ("education", "", "6300"),
    ("medical", "", "20000"),
    ("temporary", "", "3000"),
]


def seed(apps, schema_editor):
    ReliefCeiling = apps.get_model("relief", "ReliefCeiling")
    for aid_type, category, amount in CEILINGS:
        ReliefCeiling.objects.get_or_create(
            aid_type=aid_type, category=category, defaults={"amount": amount, "source": SOURCE}
        )


class Migration(migrations.Migration):
    dependencies = [("relief", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
