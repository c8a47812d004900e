"""Finding a member by any part of their name among millions, fast.

``name ILIKE '%…%'`` reads every row: no B-tree helps a match in the middle
of a name, and pg_trgm's trigrams need three characters where Chinese names
are two or three and people type one or two. So PostgreSQL keeps a GIN
index of each name's characters and pairs of characters (``casework_grams``,
upper-cased as Django's ``icontains`` compares; kept in the generated
column ``core_member.name_grams``, which the model does not declare); a
search first asks the index for the names holding every pair of the text
(one character: that character) and then checks those few with the
``icontains`` itself, so the
result is exactly what ``icontains`` alone gives. Elsewhere (SQLite) the
prefilter is true and ``icontains`` does it all.

The functions, the column and the indexes are made by ``workflows``
migration 0005."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, F, Func, Value
from django.db.models.fields import TextField

GRAMS_FUNCTIONS = """
CREATE OR REPLACE FUNCTION casework_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  u text := upper(t);
  n int := char_length(t);
  grams text[] := '{}';
BEGIN
  FOR i IN 1..n LOOP
    grams := grams || substr(u, i, 1);
    IF i < n THEN
      grams := grams || substr(u, i, 2);
    END IF;
  END LOOP;
  RETURN grams;
END
$$;
CREATE OR REPLACE FUNCTION casework_query_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN char_length(t) < 2 THEN ARRAY[upper(t)] ELSE ARRAY(
    SELECT substr(upper(t), i, 2) FROM generate_series(1, char_length(t) - 1) AS i
  ) END
$$;
"""
# the grams of each name, kept by PostgreSQL beside it (a generated column:
# no code writes it); the index's matches are checked against it, not
# against the function run again for each row
GRAMS_COLUMN = (
    "ALTER TABLE core_member ADD COLUMN IF NOT EXISTS name_grams text[] "
    "GENERATED ALWAYS AS (casework_grams(name)) STORED"
)
GRAMS_COLUMN_DROP = "ALTER TABLE core_member DROP COLUMN IF EXISTS name_grams"
GRAMS_FUNCTIONS_DROP = """
DROP FUNCTION IF EXISTS casework_query_grams(text);
DROP FUNCTION IF EXISTS casework_grams(text);
"""
# (name, table, definition): the member search (name; ID number in part,
# with pg_trgm), the members in name order, and the case number in part
SEARCH_INDEXES = [
    ("casework_member_name_grams", "core_member", "USING gin (name_grams)"),
    ("casework_member_name_order", "core_member", "(name, id)"),
    ("casework_member_id_number_trgm", "core_member", "USING gin (id_number gin_trgm_ops)"),
    ("casework_case_number_trgm", "core_case", "USING gin (case_number gin_trgm_ops)"),
]


class HasTextOf(Func):
    """True where the member's name may contain ``text`` (every pair of its
    characters is among the name's grams): a prefilter for ``icontains``,
    never used alone. ``name``: the path to the member's name; the grams
    column beside it is read."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, name: str, text: str) -> None:
        super().__init__(F(name), Value(text, output_field=TextField()))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        name, text = (compiler.compile(e) for e in self.get_source_expressions())
        table, column = name[0].rsplit(".", 1)
        if column != '"name"':
            raise ValueError(f"HasTextOf reads a member's name, not {column}")
        return f'{table}."name_grams" @> casework_query_grams({text[0]})', (*name[1], *text[1])

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return "1 = 1", ()


# a one-character search in name order (``casework.core.selectors.MembersByName``):
# the names starting with the character, in name order; and the names holding
# it after their first character (its grams of the rest of the name)
NAME_PART_INDEXES = [
    ("casework_member_name_first", "core_member", "(left(name, 1), name, id)"),
    (
        "casework_member_name_rest_grams",
        "core_member",
        "USING gin (casework_grams(substr(name, 2)))",
    ),
]


class NameRestHas(Func):
    """True where the member's name holds ``letter`` after its first
    character: read from the index of ``NAME_PART_INDEXES`` (PostgreSQL
    only), exactly (a name's grams hold each of its characters)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, name: str, letter: str) -> None:
        super().__init__(F(name), Value(letter, output_field=TextField()))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        name, letter = (compiler.compile(e) for e in self.get_source_expressions())
        sql = f"casework_grams(substr({name[0]}, 2)) @> ARRAY[upper({letter[0]})]"
        return sql, (*name[1], *letter[1])
