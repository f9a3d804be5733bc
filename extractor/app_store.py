"""The web app's storage: one SQLite file and an upload directory (issue 14, item 2).

The SQLite file holds the trackers' schema (extractor/database.py, what `export --to sqlite` writes),
always with the *corrected* notices, plus the app's own tables (extractor/sql/app_sqlite.sql):
`app_documents` keeps each notice's extracted record with its text and the uploaded file's name,
`corrections` every correction (who, when, the value before and after). Uploads are stored under the
data directory by their sha256, never by the name the browser sent, so no name reaches outside it.
Writes go through one lock (the app runs extraction in threads), reads open their own connection.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .corrections import Correction, apply_corrections, apply_one, current_value

APP_SQL = Path(__file__).with_name("sql") / "app_sqlite.sql"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """The app's SQLite file and, when `data` is given, its upload directory."""

    def __init__(self, db: Path, data: Path | None) -> None:
        self.db = db
        self.uploads = (data / "uploads").resolve() if data is not None else None
        self.lock = threading.Lock()
        if self.uploads is not None:
            self.uploads.mkdir(parents=True, exist_ok=True)
        db.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(APP_SQL.read_text(encoding="utf-8"))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.db, timeout=60)
        try:
            with connection:
                yield connection
        finally:
            connection.close()

    # --- uploads ------------------------------------------------------------------------------
    def save_upload(self, content: bytes, suffix: str) -> Path:
        if self.uploads is None:
            raise RuntimeError("this store has no data directory")
        path = self.uploads / f"{hashlib.sha256(content).hexdigest()}{suffix}"
        if not path.exists():
            temporary = path.with_name(f".{path.name}.{threading.get_ident()}.part")
            temporary.write_bytes(content)
            temporary.replace(path)
        return path

    def stored_file(self, doc_id: str) -> Path | None:
        """The uploaded file of a notice, only when it resolves inside the upload directory."""
        with self._connect() as connection:
            row = connection.execute("SELECT stored FROM app_documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None or self.uploads is None:
            return None
        path = (self.uploads / row[0]).resolve()
        return path if path.is_relative_to(self.uploads) and path.is_file() else None

    # --- notices ------------------------------------------------------------------------------
    def add(self, record: dict[str, Any], filename: str, stored: Path) -> None:
        """The notice in app_documents (a re-upload replaces its record, its corrections stay) and,
        corrected, in the trackers' tables."""
        with self.lock:
            with self._connect() as connection:
                connection.execute(
                    "INSERT OR REPLACE INTO app_documents VALUES (?, ?, ?, ?, ?)",
                    (record["id"], filename, stored.name, _now(), json.dumps(record, ensure_ascii=False)))
            self._write_trackers(record["id"])

    def _raw(self, doc_id: str) -> tuple[str, dict[str, Any]] | None:
        with self._connect() as connection:
            row = connection.execute("SELECT filename, record FROM app_documents WHERE doc_id = ?",
                                     (doc_id,)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def get(self, doc_id: str) -> tuple[str, dict[str, Any], dict[str, dict[str, Any]]] | None:
        """(file name, corrected notice, tasks marked "not a task")."""
        found = self._raw(doc_id)
        if found is None:
            return None
        corrected, removed = apply_corrections(found[1], self.corrections(doc_id))
        return found[0], corrected, removed

    def all(self) -> list[tuple[str, dict[str, Any]]]:
        """Every notice, corrected, in upload order, with its file name."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT doc_id, filename, record FROM app_documents ORDER BY uploaded_at, doc_id").fetchall()
            done = connection.execute(
                "SELECT id, doc_id, task_uid, field, value, who, at, original FROM corrections ORDER BY id").fetchall()
        by_doc: dict[str, list[Correction]] = {}
        for row in done:
            by_doc.setdefault(row[1], []).append(_correction(row))
        return [(name, apply_corrections(json.loads(record), by_doc.get(doc_id, []))[0])
                for doc_id, name, record in rows]

    def corrected_records(self) -> list[dict[str, Any]]:
        return [record for _, record in self.all()]

    def count(self) -> int:
        with self._connect() as connection:
            return int(connection.execute("SELECT count(*) FROM app_documents").fetchone()[0])

    # --- corrections --------------------------------------------------------------------------
    def corrections(self, doc_id: str) -> list[Correction]:
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT id, doc_id, task_uid, field, value, who, at, original FROM corrections WHERE doc_id = ? "
                "ORDER BY id", (doc_id,)).fetchall()
        return [_correction(row) for row in rows]

    def correct(self, doc_id: str, task_uid: str, field: str, value: Any, who: str) -> Correction:
        """Store one correction, with the value the corrected notice had before it; the trackers'
        tables get the newly corrected notice. KeyError for an unknown notice or task."""
        with self.lock:
            found = self.get(doc_id)
            if found is None:
                raise KeyError(doc_id)
            _, record, removed = found
            known = {t.get("uid") for t in record.get("tasks", [])} | set(removed)
            if field != "add_task" and task_uid not in known:
                raise KeyError(task_uid)
            original = current_value(record, removed, task_uid, field)
            c = Correction(doc_id=doc_id, task_uid=task_uid, field=field, value=value, who=who, at=_now(),
                           original=original)
            apply_one(record, removed, c)  # fails here, before anything is stored, on a malformed value
            with self._connect() as connection:
                cursor = connection.execute(
                    "INSERT INTO corrections (doc_id, task_uid, field, value, who, at, original) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, task_uid, field, json.dumps(value, ensure_ascii=False), who, c.at,
                     json.dumps(original, ensure_ascii=False)))
            self._write_trackers(doc_id)
        return _with_id(c, cursor.lastrowid)

    def added_count(self, doc_id: str) -> int:
        with self._connect() as connection:
            return int(connection.execute(
                "SELECT count(*) FROM corrections WHERE doc_id = ? AND field = 'add_task'", (doc_id,)).fetchone()[0])

    def _write_trackers(self, doc_id: str) -> None:
        from .database import write_sqlite

        found = self.get(doc_id)
        if found is not None:
            write_sqlite([found[1]], self.db)


def _correction(row: tuple[Any, ...]) -> Correction:
    return Correction(id=row[0], doc_id=row[1], task_uid=row[2], field=row[3], value=json.loads(row[4]),
                      who=row[5], at=row[6], original=json.loads(row[7]) if row[7] is not None else None)


def _with_id(c: Correction, rowid: int | None) -> Correction:
    return Correction(doc_id=c.doc_id, task_uid=c.task_uid, field=c.field, value=c.value, who=c.who, at=c.at,
                      original=c.original, id=rowid)
