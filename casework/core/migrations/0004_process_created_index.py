"""An index on viewflow's ``Process.created`` (a case's creation time: its
multi-table parent's column). The case list sorts by it and the reports
select a year by it; viewflow's model has no index there and its table is not
ours to declare one on, so plain SQL (the same on PostgreSQL and SQLite)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_case_program_roster_review"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS casework_process_created ON viewflow_process (created)",
            "DROP INDEX IF EXISTS casework_process_created",
        )
    ]
