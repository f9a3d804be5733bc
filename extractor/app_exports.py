"""The tasks page's downloads (issue 14): the filtered, corrected notices written by the existing
writers — XLSX and CSV (extractor/export.py), ICS (extractor/ics.py), the trackers' SQLite
(extractor/database.py) — as bytes with their media type and file name."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

from .labels import DEFAULT_LANG

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "db": "application/vnd.sqlite3",
}


def export_bytes(records: list[dict[str, Any]], fmt: str, lang: str = DEFAULT_LANG) -> bytes:
    """The export of these records in `fmt` (a key of FORMATS); ValueError for another."""
    if fmt == "csv":
        from .export import TASK_COLUMNS, task_rows

        handle = io.StringIO(newline="")
        writer = csv.DictWriter(handle, fieldnames=TASK_COLUMNS)
        writer.writeheader()
        writer.writerows(task_rows(records))
        return ("\ufeff" + handle.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8
    if fmt == "ics":
        from .ics import build_calendar

        calendar: bytes = build_calendar(records).to_ical()
        return calendar
    if fmt not in ("xlsx", "db"):
        raise ValueError(f"unknown export format {fmt!r}")
    with tempfile.TemporaryDirectory(prefix="nhiemvu-export-") as folder:
        out = Path(folder) / f"tasks.{fmt}"
        if fmt == "xlsx":
            from .export import _write_xlsx

            _write_xlsx(out, records, lang)
        else:
            from .database import write_sqlite

            write_sqlite(records, out)
        return out.read_bytes()
