"""Claimed invoice numbers stored before input was normalized, in their one
spelling (casework.core.identifiers), so the register refuses every
look-alike of them from now on."""

from django.db import migrations

from casework.core.identifiers import stored_identifiers_normalize


def forwards(apps, schema_editor):
    stored_identifiers_normalize(apps.get_model("mutual_aid", "ClaimedInvoice"), "number")


class Migration(migrations.Migration):
    dependencies = [("mutual_aid", "0004_drop_unused_report_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
