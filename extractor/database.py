"""The task database: a batch's notices as SQL tables for trackers (`nhiemvu export … --to sqlite` with
the standard library's sqlite3, `--to postgres URL` through SQLAlchemy, the extra `postgres`).

The schema is `extractor/sql/{sqlite,postgres}.sql` (committed as schema/*.sql too): notices, tasks,
assignees, deadlines, metrics, references, targets. Writing upserts: a notice is keyed by its doc_id
and a task by its uid (extractor/link.py), so re-ingesting a notice — a corrected DOCX, the signed
PDF — updates its row and its tasks' rows in place (a tracker's own tables may point at them), drops
the tasks it no longer has and replaces the rows below its tasks. Other notices are not touched. A
whole export is one transaction. Both dialects run the same statements with named parameters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.engine import URL

Dialect = Literal["sqlite", "postgres"]
SQL_DIR = Path(__file__).with_name("sql")
TABLES = ("notices", "tasks", "assignees", "deadlines", "metrics", "references", "targets")

NOTICE_COLUMNS = ("doc_id", "notice_id", "schema_version", "doc_type", "number", "issuer", "place",
                  "issue_date", "title", "signer_name", "signer_title", "signer_authority", "recipients",
                  "warnings", "source_path", "source_sha256", "source_format", "source_ocr")
TASK_COLUMNS = ("uid", "doc_id", "position", "task_id", "parent_uid", "label", "path", "heading", "text",
                "span_start", "span_end", "page", "source_kind", "product")
ASSIGNEE_COLUMNS = ("task_uid", "position", "role", "name", "canonical", "kind", "registry_id", "level",
                    "current_registry_id", "inherited", "written", "span_start", "span_end")
DEADLINE_COLUMNS = ("task_uid", "position", "kind", "text", "start_date", "due_date", "recurrence",
                    "span_start", "span_end")
METRIC_COLUMNS = ("task_uid", "position", "text", "op", "value", "value_max", "unit", "subject",
                  "span_start", "span_end")
REFERENCE_COLUMNS = ("doc_id", "task_uid", "position", "text", "doc_type", "number", "issue_date", "issuer",
                     "span_start", "span_end")
TARGET_COLUMNS = ("doc_id", "position", "path", "text", "span_start", "span_end", "metrics", "deadlines")


def ddl(dialect: Dialect) -> str:
    """The CREATE statements of the schema (idempotent: IF NOT EXISTS)."""
    return (SQL_DIR / f"{dialect}.sql").read_text(encoding="utf-8")


def ddl_statements(dialect: Dialect) -> list[str]:
    """The DDL as single statements (a driver may refuse several in one call); comments dropped."""
    lines = [line.split("--", 1)[0].rstrip() for line in ddl(dialect).splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


# --- rows of one notice ---------------------------------------------------------------------------
@dataclass(slots=True)
class NoticeRows:
    notice: dict[str, Any]
    tasks: list[dict[str, Any]] = field(default_factory=list)
    assignees: list[dict[str, Any]] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return cast(str, self.notice["doc_id"])  # a notice read from JSON


def _span(item: dict[str, Any]) -> tuple[int | None, int | None]:
    span = item.get("span")
    return (span[0], span[1]) if span else (None, None)


def notice_rows(record: dict[str, Any]) -> NoticeRows:
    """The rows of one Notice (a batch line). A 1.0 line has no doc_id and no uids: the notice id and
    "<doc_id>:<path>:<ordinal>" stand in."""
    doc_id = record.get("doc_id") or record["id"]
    source = record.get("source") or {}
    signer = record.get("signer") or {}
    rows = NoticeRows(notice={
        "doc_id": doc_id, "notice_id": record["id"], "schema_version": record.get("schema_version", "1.0"),
        "doc_type": record["doc_type"], "number": record.get("number"), "issuer": record.get("issuer"),
        "place": record.get("place"), "issue_date": record.get("issue_date"), "title": record.get("title"),
        "signer_name": signer.get("name"), "signer_title": signer.get("title"),
        "signer_authority": signer.get("authority"),
        "recipients": json.dumps(record.get("recipients", []), ensure_ascii=False),
        "warnings": json.dumps(record.get("warnings", []), ensure_ascii=False),
        "source_path": source.get("path"), "source_sha256": source["sha256"], "source_format": source["format"],
        "source_ocr": bool(source.get("ocr", False)),
    })
    uid_of_task_id: dict[str, str] = {}
    ordinal: dict[str, int] = {}
    task_of_reference: dict[tuple[int | None, int | None], str] = {}
    for position, task in enumerate(record.get("tasks", []), start=1):
        ordinal[task["path"]] = ordinal.get(task["path"], 0) + 1
        uid = task.get("uid") or f"{doc_id}:{task['path']}:{ordinal[task['path']]}"
        uid_of_task_id[task["id"]] = uid
        start, end = _span(task)
        rows.tasks.append({
            "uid": uid, "doc_id": doc_id, "position": position, "task_id": task["id"],
            "parent_uid": uid_of_task_id.get(task.get("parent") or ""), "label": task.get("label"),
            "path": task["path"], "heading": task.get("heading"), "text": task["text"],
            "span_start": start, "span_end": end, "page": task.get("page"),
            "source_kind": task.get("source_kind", "list"), "product": task.get("product")})
        for n, who in enumerate(task.get("assignees", []), start=1):
            start, end = _span(who)
            rows.assignees.append({
                "task_uid": uid, "position": n, "role": who["role"], "name": who["name"],
                "canonical": who.get("canonical") or who["name"], "kind": who.get("kind", "agency"),
                "registry_id": who.get("registry_id"), "level": who.get("level"),
                "current_registry_id": who.get("current"), "inherited": bool(who.get("inherited", False)),
                "written": who.get("text"), "span_start": start, "span_end": end})
        for n, deadline in enumerate(task.get("deadlines", []), start=1):
            start, end = _span(deadline)
            rows.deadlines.append({
                "task_uid": uid, "position": n, "kind": deadline["kind"], "text": deadline["text"],
                "start_date": deadline.get("start"), "due_date": deadline.get("end"),
                "recurrence": deadline.get("recurrence"), "span_start": start, "span_end": end})
        for n, metric in enumerate(task.get("metrics", []), start=1):
            start, end = _span(metric)
            rows.metrics.append({
                "task_uid": uid, "position": n, "text": metric["text"], "op": metric["op"],
                "value": metric["value"], "value_max": metric.get("value_max"), "unit": metric.get("unit"),
                "subject": metric.get("subject"), "span_start": start, "span_end": end})
        for reference in task.get("references", []):
            task_of_reference[_span(reference)] = uid
    # a notice's references are all its citations; those inside a task name it
    references = record.get("references", [])
    known = {_span(r) for r in references}
    extra = [r for t in record.get("tasks", []) for r in t.get("references", []) if _span(r) not in known]
    for n, reference in enumerate(sorted([*references, *extra], key=lambda r: _span(r)[0] or 0), start=1):
        start, end = _span(reference)
        rows.references.append({
            "doc_id": doc_id, "task_uid": task_of_reference.get((start, end)), "position": n,
            "text": reference["text"], "doc_type": reference["doc_type"], "number": reference.get("number"),
            "issue_date": reference.get("date"), "issuer": reference.get("issuer"),
            "span_start": start, "span_end": end})
    for n, target in enumerate(record.get("targets", []), start=1):
        start, end = _span(target)
        rows.targets.append({
            "doc_id": doc_id, "position": n, "path": target["path"], "text": target["text"],
            "span_start": start, "span_end": end,
            "metrics": json.dumps(target.get("metrics", []), ensure_ascii=False),
            "deadlines": json.dumps(target.get("deadlines", []), ensure_ascii=False)})
    return rows


# --- statements -----------------------------------------------------------------------------------
def _table(name: str) -> str:
    return f'"{name}"' if name == "references" else name  # REFERENCES is an SQL keyword


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO {_table(table)} ({', '.join(columns)}) "
            f"VALUES ({', '.join(':' + c for c in columns)})")


def _upsert(table: str, columns: tuple[str, ...], key: str) -> str:
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    return f"{_insert(table, columns)} ON CONFLICT ({key}) DO UPDATE SET {updates}"


UPSERT_NOTICE = _upsert("notices", NOTICE_COLUMNS, "doc_id")
UPSERT_TASK = _upsert("tasks", TASK_COLUMNS, "uid")
INSERTS = (("assignees", _insert("assignees", ASSIGNEE_COLUMNS)),
           ("deadlines", _insert("deadlines", DEADLINE_COLUMNS)),
           ("metrics", _insert("metrics", METRIC_COLUMNS)),
           ("references", _insert("references", REFERENCE_COLUMNS)),
           ("targets", _insert("targets", TARGET_COLUMNS)))
TASKS_OF_NOTICE = "SELECT uid FROM tasks WHERE doc_id = :doc_id"
NOTICE_EXISTS = "SELECT doc_id FROM notices WHERE doc_id = :doc_id"
DELETE_BELOW_NOTICE = (
    f"DELETE FROM assignees WHERE task_uid IN ({TASKS_OF_NOTICE})",
    f"DELETE FROM deadlines WHERE task_uid IN ({TASKS_OF_NOTICE})",
    f"DELETE FROM metrics WHERE task_uid IN ({TASKS_OF_NOTICE})",
    'DELETE FROM "references" WHERE doc_id = :doc_id',
    "DELETE FROM targets WHERE doc_id = :doc_id",
)
DELETE_TASK = "DELETE FROM tasks WHERE uid = :uid"


class Connection(Protocol):
    """What the writer needs of a database connection: sqlite3 and SQLAlchemy adapters below."""

    def execute(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]: ...
    def execute_many(self, sql: str, rows: list[dict[str, Any]]) -> None: ...


@dataclass(slots=True)
class IngestSummary:
    notices: int = 0          # notices written (rows upserted, a doc_id seen twice counts twice)
    replaced: int = 0         # of which were already in the database
    tasks: int = 0
    tasks_removed: int = 0    # tasks a re-ingested notice no longer has
    skipped: int = 0          # error records: no notice to write

    def line(self, where: str) -> str:
        return (f"{self.notices} notices ({self.replaced} replaced), {self.tasks} tasks "
                f"({self.tasks_removed} removed), {self.skipped} error records skipped -> {where}")


def upsert_notice(db: Connection, rows: NoticeRows) -> tuple[bool, int]:
    """Write one notice; returns (it was there before, tasks removed)."""
    key = {"doc_id": rows.doc_id}
    existed = bool(db.execute(NOTICE_EXISTS, key))
    before = {uid for (uid,) in db.execute(TASKS_OF_NOTICE, key)}
    db.execute_many(UPSERT_NOTICE, [rows.notice])
    for statement in DELETE_BELOW_NOTICE:
        db.execute(statement, key)
    db.execute_many(UPSERT_TASK, rows.tasks)  # parents come before their children in document order
    stale = before - {t["uid"] for t in rows.tasks}
    db.execute_many(DELETE_TASK, [{"uid": uid} for uid in sorted(stale)])
    for table, statement in INSERTS:
        db.execute_many(statement, getattr(rows, table))
    return existed, len(stale)


def write_records(db: Connection, records: Iterable[dict[str, Any]]) -> IngestSummary:
    summary = IngestSummary()
    for record in records:
        if "error" in record:
            summary.skipped += 1
            continue
        rows = notice_rows(record)
        existed, removed = upsert_notice(db, rows)
        summary.notices += 1
        summary.replaced += existed
        summary.tasks += len(rows.tasks)
        summary.tasks_removed += removed
    return summary


# --- SQLite ---------------------------------------------------------------------------------------
class _SqliteConnection:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def execute(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params).fetchall()

    def execute_many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.connection.executemany(sql, rows)


def write_sqlite(records: Iterable[dict[str, Any]], path: str | Path) -> IngestSummary:
    import sqlite3

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        with connection:  # one transaction: the schema and every notice, or nothing
            for statement in ddl_statements("sqlite"):
                connection.execute(statement)
            summary = write_records(_SqliteConnection(connection), records)
    finally:
        connection.close()
    return summary


# --- PostgreSQL through SQLAlchemy ----------------------------------------------------------------
class _SqlAlchemyConnection:
    def __init__(self, connection: Any) -> None:
        from sqlalchemy import text

        self.connection = connection
        self.text = text

    def execute(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        result = self.connection.execute(self.text(sql), params)
        return [tuple(row) for row in result] if result.returns_rows else []

    def execute_many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.connection.execute(self.text(sql), rows)


def postgres_url(url: str) -> URL:
    """The SQLAlchemy URL, with psycopg (3) as the driver when the URL names none."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def write_postgres(records: Iterable[dict[str, Any]], url: str) -> IngestSummary:
    try:
        from sqlalchemy import create_engine
    except ImportError as exc:  # the extra is not installed
        raise RuntimeError("--to postgres needs SQLAlchemy and psycopg: pip install 'nhiemvu[postgres]'") from exc
    engine = create_engine(postgres_url(url))
    try:
        with engine.begin() as connection:  # one transaction
            for statement in ddl_statements("postgres"):
                connection.exec_driver_sql(statement)
            return write_records(_SqlAlchemyConnection(connection), records)
    finally:
        engine.dispose()
