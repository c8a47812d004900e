"""The legal-aid parameters (PROCESSES.md §5): the means test's minimum
amount and default income ceiling (a unit's own ceiling is an
``IncomeCeiling`` row), and the working days of each step."""

from django.db import migrations

SOURCE = "PROCESSES.md §5 (legal aid)"
PARAMETERS = [
    ("legal_aid.min_amount", "1000", "decimal", "least amount in dispute (CNY) for legal aid"),
    (
        "legal_aid.income_ceiling",
        "1690",
        "decimal",
        "household income per person per month (CNY) below which legal aid is given, "
        "for a unit with no ceiling of its own (the lowest Guangxi minimum-wage class)",
    ),
    ("legal_aid.review_days", "5", "integer", "working days to review a legal-aid application"),
    (
        "legal_aid.supplement_days",
        "10",
        "integer",
        "working days to supplement a returned application",
    ),
    ("legal_aid.approve_days", "3", "integer", "working days to approve a legal-aid application"),
    ("legal_aid.assign_days", "2", "integer", "working days to assign the lawyer"),
]


def seed(apps, schema_editor):
    Parameter = apps.get_model("core", "Parameter")
    for key, value, kind, description in PARAMETERS:
        Parameter.objects.get_or_create(
            key=key,
            defaults={"value": value, "kind": kind, "description": description, "source": SOURCE},
        )


class Migration(migrations.Migration):
    dependencies = [("legal", "0002_legal_aid"), ("core", "0002_seed_parameters")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
