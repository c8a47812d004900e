"""The data step of the migrations that merged each program's payment table
(relief ``ReliefPayment``, mutual aid ``ClaimPayment``) into the one
``core.Payment``: plain INSERT … SELECT both ways (the same SQL on SQLite
and PostgreSQL), so the migrations reverse and keep each row's time of
recording (an ORM copy would overwrite it: ``auto_now_add``)."""

from __future__ import annotations

from django.db import migrations

COLUMNS = "case_id, member_id, amount, method, reference, paid_on, paid_by_id, recorded_at"


def payments_merge(old_table: str, program: str) -> migrations.RunSQL:
    """Copy the program's old table into ``core_payment``; reversed, move
    the program's rows back (the old table is re-created empty first)."""
    of_program = f"SELECT process_ptr_id FROM core_case WHERE program = '{program}'"
    return migrations.RunSQL(
        sql=f"INSERT INTO core_payment ({COLUMNS}) SELECT {COLUMNS} FROM {old_table} ORDER BY id",
        reverse_sql=[
            f"INSERT INTO {old_table} ({COLUMNS}) SELECT {COLUMNS} FROM core_payment "
            f"WHERE case_id IN ({of_program}) ORDER BY id",
            f"DELETE FROM core_payment WHERE case_id IN ({of_program})",
        ],
    )
