"""Reading an uploaded table (CSV or XLSX) a row at a time, and the refusal
of a file with bad rows (400 ``invalid_rows``): shared by the imports of
every program (mutual-aid enrollments, campaign lists)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from .errors import ApplicationError, InvalidInput

__all__ = ["RowSource", "InvalidRows"]


class InvalidRows(ApplicationError):
    """400 ``invalid_rows``: every bad row with its reasons."""

    status = 400
    code = "invalid_rows"

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(rows)} row(s) are invalid; nothing was imported")
        self.rows = rows


class RowSource:
    """The data rows of an uploaded or local file, re-readable from the start."""

    def __init__(self, stream: IO[bytes], filename: str = "") -> None:
        self.stream = stream
        stream.seek(0)
        head = stream.read(4)
        stream.seek(0)
        self.is_xlsx = head.startswith(b"PK") or filename.lower().endswith(".xlsx")

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number, cells) for every row, the header first."""
        self.stream.seek(0)
        if self.is_xlsx:
            yield from self._xlsx_rows()
        else:
            yield from self._csv_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        text = io.TextIOWrapper(self.stream, encoding="utf-8-sig", newline="")
        try:
            yield from enumerate(csv.reader(text), start=1)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InvalidInput(
                "the file is not a readable UTF-8 CSV",
                code="invalid_file",
                fields={"file": [str(exc)[:200]]},
            ) from exc
        finally:
            text.detach()

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any]]]:
        from openpyxl import load_workbook

        try:
            book = load_workbook(self.stream, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise InvalidInput(
                "the file is not a readable XLSX workbook",
                code="invalid_file",
                fields={"file": [str(exc)[:200] or type(exc).__name__]},
            ) from exc
        try:
            sheet = book.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            book.close()
