"""Members' ID numbers typed in the admin before it validated them, in
their one spelling (casework.core.identifiers): a look-alike of a number
already registered stays as it was, for an administrator to resolve."""

from django.db import migrations

from casework.core.identifiers import stored_identifiers_normalize


def forwards(apps, schema_editor):
    stored_identifiers_normalize(apps.get_model("core", "Member"), "id_number")


class Migration(migrations.Migration):
    dependencies = [("core", "0005_drop_process_created_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
