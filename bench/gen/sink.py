"""COPY streams, one connection per table, all open at once: the generator
writes rows into every table of a case as it makes the case, and each table's
backend ingests its stream while Python builds the next rows."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import psycopg

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_DAY_US = 86_400_000_000


def jtext(value: Any) -> str:
    """JSON for a jsonb cell of COPY text format (backslashes doubled)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("\\", "\\\\")


_day_cache: dict[int, str] = {}


def _day(day_index: int) -> str:
    text = _day_cache.get(day_index)
    if text is None:
        text = _day_cache[day_index] = (EPOCH + dt.timedelta(days=day_index)).strftime("%Y-%m-%d")
    return text


def ts(us: int) -> str:
    """A UTC instant (microseconds since the epoch) as ISO text, exactly as
    ``datetime.isoformat()`` prints the value read back (never a whole
    second: the instants are odd microseconds, so the fraction is kept)."""
    day, rest = divmod(us, _DAY_US)
    sec, micro = divmod(rest, 1_000_000)
    hour, sec = divmod(sec, 3600)
    minute, sec = divmod(sec, 60)
    return f"{_day(day)}T{hour:02d}:{minute:02d}:{sec:02d}.{micro:06d}+00:00"


def us_of(moment: dt.datetime) -> int:
    return (moment - EPOCH) // dt.timedelta(microseconds=1) | 1


def day_of(us: int, tz_offset_us: int = 8 * 3600 * 1_000_000) -> dt.date:
    """The local (Asia/Shanghai) date of an instant."""
    return dt.date(1970, 1, 1) + dt.timedelta(days=(us + tz_offset_us) // _DAY_US)


class Sink:
    """Open COPY streams keyed by table; ``add(table, line)`` buffers a
    tab-separated line, ``flush()`` sends every buffer."""

    def __init__(self, dsn: str, tables: dict[str, tuple[str, ...]]) -> None:
        self.rows: dict[str, int] = dict.fromkeys(tables, 0)
        self.buffers: dict[str, list[str]] = {t: [] for t in tables}
        self._conns: dict[str, psycopg.Connection] = {}
        self._copies: dict[str, Any] = {}
        self._ctx: dict[str, Any] = {}
        for table, columns in tables.items():
            conn = psycopg.connect(dsn, autocommit=False)
            conn.execute("SET synchronous_commit = off")
            cur = conn.cursor()
            ctx = cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN")
            self._conns[table] = conn
            self._ctx[table] = ctx
            self._copies[table] = ctx.__enter__()

    def flush(self) -> None:
        for table, buffer in self.buffers.items():
            if buffer:
                self._copies[table].write(("\n".join(buffer) + "\n").encode())
                self.rows[table] += len(buffer)
                buffer.clear()

    def close(self) -> None:
        self.flush()
        for table, ctx in self._ctx.items():
            ctx.__exit__(None, None, None)
            self._conns[table].commit()
            self._conns[table].close()


def next_id(conn: psycopg.Connection, table: str, column: str = "id") -> int:
    return conn.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchone()[0]  # type: ignore[index]
