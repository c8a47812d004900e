"""Court case numbers stored before input was normalized, in their one
spelling (casework.core.identifiers), so a look-alike of a registered
number is refused from now on."""

from django.db import migrations

from casework.core.identifiers import stored_identifiers_normalize


def forwards(apps, schema_editor):
    stored_identifiers_normalize(
        apps.get_model("mediation", "Referral"), "court_case_number", unique_with=("court",)
    )


class Migration(migrations.Migration):
    dependencies = [("mediation", "0002_report_dates")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
