"""The member and case search at province size (issue 19): the name index
of ``casework.core.text_search`` (its functions and the generated column
first), the members in name order, and pg_trgm indexes for part of an ID
number or a case number.
PostgreSQL only (SQLite searches without them). The indexes are on core's
tables, made here beside the task lists' indexes (as 0003 made the inbox's
on viewflow's)."""

from django.db import migrations

from casework.core.text_search import (
    GRAMS_COLUMN,
    GRAMS_COLUMN_DROP,
    GRAMS_FUNCTIONS,
    GRAMS_FUNCTIONS_DROP,
    SEARCH_INDEXES,
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(GRAMS_FUNCTIONS)
    schema_editor.execute(GRAMS_COLUMN)
    for name, table, definition in SEARCH_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in SEARCH_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(GRAMS_COLUMN_DROP)
    schema_editor.execute(GRAMS_FUNCTIONS_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_case_program_legal_aid_reconsideration"),
        ("workflows", "0004_verbose_names"),
    ]
    operations = [migrations.RunPython(create, drop)]
