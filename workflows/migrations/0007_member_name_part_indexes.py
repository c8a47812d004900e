"""A one-character member search in name order at province size (issue
19): the names by their first character, and the grams of the rest of each
name (``casework.core.text_search.NAME_PART_INDEXES``). PostgreSQL only,
beside the other search indexes of 0005."""

from django.db import migrations

from casework.core.text_search import NAME_PART_INDEXES


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, definition in NAME_PART_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in NAME_PART_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("workflows", "0006_open_task_lists")]
    operations = [migrations.RunPython(create, drop)]
