"""An index on the cases' status and id: the case list sorted by status
(ties by id, either way round) read along it a page at a time, where the
index on the status alone left every case of the first status to sort (the
province by status, descending: 151 ms for a page). Plain SQL like the
other list indexes (``0004``, ``casework.core.text_search``): the same on
PostgreSQL and SQLite, and no model state to keep in step."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0012_group_duty_lawyer")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS casework_case_status_order "
            "ON core_case (case_status, process_ptr_id)",
            "DROP INDEX IF EXISTS casework_case_status_order",
        )
    ]
