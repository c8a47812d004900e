"""The index of 0004 served the case lists' sort and the summary's year;
the lists now sort on the case table's own key and the summary reads
``reports.CaseFigures``, so nothing uses it: dropped, writes are cheaper."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0004_process_created_index")]

    operations = [
        migrations.RunSQL(
            "DROP INDEX IF EXISTS casework_process_created",
            "CREATE INDEX IF NOT EXISTS casework_process_created ON viewflow_process (created)",
        )
    ]
