"""The task database (`nhiemvu export … --to sqlite | postgres`): the schema in schema/ is the one the
code writes; ingesting a batch, changing a notice and ingesting again upserts by doc_id and uid —
counts and ids as expected, nothing duplicated, other notices untouched, a tracker's rows that point
at a kept task kept. The same scenario runs on SQLite and on a throw-away PostgreSQL server on a
unix socket (skipped, saying why, only where the PostgreSQL server binaries are not installed)."""

from __future__ import annotations

import copy
import json
import os
import pwd
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from extractor.cli import main
from extractor.database import TABLES, ddl, write_postgres, write_sqlite

from .conftest import CORPUS, ROOT, extraction

BATCH = [CORPUS / "real" / "docs" / "w13.txt", CORPUS / "real" / "docs" / "w19.txt",
         CORPUS / "seeds" / "docs" / "001_469ec51c1b46772e.txt"]
ERROR_RECORD = {"schema_version": "1.1", "source": {"path": "broken.docx", "sha256": "0" * 64, "format": "docx"},
                "error": {"code": "corrupt_file", "message": "not a zip file"}}


def _batch() -> list[dict]:
    return [copy.deepcopy(extraction(path)) for path in BATCH] + [ERROR_RECORD]


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# --- the schema -----------------------------------------------------------------------------------
@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_the_committed_ddl_is_the_one_the_code_writes(dialect):
    assert (ROOT / "schema" / f"{dialect}.sql").read_text(encoding="utf-8") == ddl(dialect), \
        f"schema/{dialect}.sql is stale: make schema"


def _columns(sql: str) -> dict[str, list[str]]:
    tables = {}
    for name, body in re.findall(r'CREATE TABLE IF NOT EXISTS "?(\w+)"? \((.*?)\n\);', sql, re.DOTALL):
        tables[name] = [line.split()[0] for line in body.strip().splitlines()
                        if line.strip() and not line.strip().startswith("--")]
    return tables


def test_sqlite_and_postgres_have_the_same_tables_and_columns():
    sqlite_tables, postgres_tables = _columns(ddl("sqlite")), _columns(ddl("postgres"))
    assert list(sqlite_tables) == list(TABLES)
    assert sqlite_tables == postgres_tables


def test_the_sqlite_schema_has_foreign_keys_and_indexes_on_agency_and_due_date(tmp_path):
    db = tmp_path / "tasks.db"
    write_sqlite([], db)
    with sqlite3.connect(db) as connection:
        keys = {(table, row[2], row[6]) for table in TABLES
                for row in connection.execute(f'PRAGMA foreign_key_list("{table}")')}
        indexed = {(table, info[2]) for table in TABLES
                   for (_, name, *_rest) in connection.execute(f'PRAGMA index_list("{table}")')
                   for info in connection.execute(f'PRAGMA index_info("{name}")')}
    assert {("tasks", "notices", "CASCADE"), ("assignees", "tasks", "CASCADE"), ("deadlines", "tasks", "CASCADE"),
            ("metrics", "tasks", "CASCADE"), ("references", "notices", "CASCADE"),
            ("references", "tasks", "CASCADE"), ("targets", "notices", "CASCADE"),
            ("tasks", "tasks", "SET NULL")} <= keys
    assert {("assignees", "canonical"), ("assignees", "registry_id"), ("deadlines", "due_date"),
            ("deadlines", "start_date"), ("references", "number")} <= indexed


# --- the two databases ----------------------------------------------------------------------------
@dataclass
class Database:
    """One backend: write a batch, run a query."""
    write: Callable[[list[dict]], Any]
    query: Callable[[str], list[tuple]]
    execute: Callable[[str], None]


def _sqlite_database(path: Path) -> Database:
    def query(sql: str) -> list[tuple]:
        with sqlite3.connect(path) as connection:
            return connection.execute(sql).fetchall()

    def execute(sql: str) -> None:
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA foreign_keys = ON")
        with connection:
            connection.execute(sql)
        connection.close()

    return Database(write=lambda records: write_sqlite(records, path), query=query, execute=execute)


def _postgres_bin() -> Path | None:
    """The directory of initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return versions[-1].parent if versions else None


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL server on a unix socket in a temporary directory; its URL. The server
    refuses to run as root (CI runs as root), so there it runs as the 'postgres' user (Debian's
    package makes it) or 'nobody'."""
    bindir = _postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql")
    root = Path(tempfile.mkdtemp(prefix="nhiemvu-pg-"))  # short: a socket path has at most 107 bytes
    prefix: list[str] = []
    if os.geteuid() == 0:
        user = "postgres" if _user_exists("postgres") else "nobody"
        shutil.chown(root, user)
        prefix = ["runuser", "-u", user, "--"]
    data = root / "data"
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "nhiemvu", "--auth=trust",
                    "-E", "UTF8", "--no-locale"], check=True, capture_output=True, cwd=root)
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
                    "-o", f"-k {root} -c listen_addresses='' -c fsync=off", "start"],
                   check=True, capture_output=True, cwd=root)
    try:
        yield f"postgresql://nhiemvu@/postgres?host={root}"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       check=False, capture_output=True, cwd=root)
        shutil.rmtree(root, ignore_errors=True)


def _postgres_database(url: str) -> Database:
    from sqlalchemy import create_engine, text

    from extractor.database import postgres_url

    engine = create_engine(postgres_url(url))
    with engine.begin() as connection:  # each test starts from an empty database
        for table in TABLES:
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
        connection.execute(text("DROP TABLE IF EXISTS tracker_status"))

    def query(sql: str) -> list[tuple]:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]

    def execute(sql: str) -> None:
        with engine.begin() as connection:
            connection.execute(text(sql))

    return Database(write=lambda records: write_postgres(records, url), query=query, execute=execute)


@pytest.fixture(params=["sqlite", "postgres"])
def database(request, tmp_path) -> Database:
    if request.param == "sqlite":
        return _sqlite_database(tmp_path / "tasks.db")
    return _postgres_database(request.getfixturevalue("postgres_server"))


def _counts(db: Database) -> dict[str, int]:
    return {table: db.query(f'SELECT count(*) FROM "{table}"')[0][0] for table in TABLES}


def _expected_counts(records: list[dict]) -> dict[str, int]:
    notices = [r for r in records if "error" not in r]
    tasks = [t for n in notices for t in n["tasks"]]
    return {"notices": len(notices), "tasks": len(tasks),
            "assignees": sum(len(t["assignees"]) for t in tasks),
            "deadlines": sum(len(t["deadlines"]) for t in tasks),
            "metrics": sum(len(t["metrics"]) for t in tasks),
            "references": sum(len(n["references"]) for n in notices),
            "targets": sum(len(n["targets"]) for n in notices)}


def _rows_of(db: Database, doc_id: str) -> dict[str, list[tuple]]:
    """Every row that belongs to one notice, without the generated ids."""
    tasks_of = f"SELECT uid FROM tasks WHERE doc_id = '{doc_id}'"
    rows = {
        "notices": f"SELECT * FROM notices WHERE doc_id = '{doc_id}'",
        "tasks": f"SELECT * FROM tasks WHERE doc_id = '{doc_id}' ORDER BY position",
        "assignees": f"SELECT task_uid, position, role, name, canonical FROM assignees "
                     f"WHERE task_uid IN ({tasks_of}) ORDER BY task_uid, position",
        "deadlines": f"SELECT task_uid, position, kind, start_date, due_date FROM deadlines "
                     f"WHERE task_uid IN ({tasks_of}) ORDER BY task_uid, position",
        "references": f"SELECT task_uid, position, number FROM \"references\" WHERE doc_id = '{doc_id}' ORDER BY position",
    }
    return {name: db.query(sql) for name, sql in rows.items()}


def test_ingest_change_a_notice_ingest_again(database: Database):
    records = _batch()
    first, second, third = records[0], records[1], records[2]
    summary = database.write(records)
    assert (summary.notices, summary.replaced, summary.skipped) == (3, 0, 1)
    assert _counts(database) == _expected_counts(records)
    assert {row[0] for row in database.query("SELECT uid FROM tasks")} == \
        {t["uid"] for r in records[:3] for t in r["tasks"]}
    assert sorted(row[0] for row in database.query("SELECT doc_id FROM notices")) == \
        sorted(r["doc_id"] for r in records[:3])

    # a tracker's own table that follows tasks
    database.execute("CREATE TABLE tracker_status (task_uid TEXT REFERENCES tasks (uid) ON DELETE CASCADE, "
                     "status TEXT)")
    kept, corrected, dropped = first["tasks"][0], first["tasks"][1], first["tasks"][-1]
    for task in (kept, corrected, dropped):
        database.execute(f"INSERT INTO tracker_status VALUES ('{task['uid']}', 'in progress')")
    untouched = _rows_of(database, third["doc_id"])

    # the notice again, from another rendering: a task's wording corrected, its last task gone, a
    # deadline gone; the third notice is not in this batch
    changed = copy.deepcopy(first)
    changed["id"], changed["source"] = "f" * 16, {**changed["source"], "format": "docx", "sha256": "f" * 64}
    changed["tasks"][1]["text"] += " (đã sửa)"
    changed["tasks"] = changed["tasks"][:-1]
    with_deadline = next(t for t in changed["tasks"] if t["deadlines"])
    with_deadline["deadlines"] = []
    summary = database.write([changed, second])
    assert (summary.notices, summary.replaced, summary.tasks_removed) == (2, 2, 1)

    expected = _expected_counts([changed, second, third])
    assert _counts(database) == expected
    assert expected["tasks"] == _expected_counts(records)["tasks"] - 1
    assert database.query(f"SELECT text FROM tasks WHERE uid = '{corrected['uid']}'") == \
        [(corrected["text"] + " (đã sửa)",)]
    assert database.query(f"SELECT count(*) FROM tasks WHERE uid = '{dropped['uid']}'") == [(0,)]
    assert database.query(f"SELECT notice_id, source_format FROM notices WHERE doc_id = '{first['doc_id']}'") == \
        [("f" * 16, "docx")]
    assert sorted(database.query("SELECT task_uid FROM tracker_status")) == sorted([(kept["uid"],), (corrected["uid"],)])
    assert _rows_of(database, third["doc_id"]) == untouched

    # the same batch once more changes nothing
    database.write([changed, second])
    assert _counts(database) == expected


def test_two_renderings_of_one_notice_in_one_batch_are_one_notice(database: Database):
    txt = extraction(CORPUS / "real" / "docs" / "w13.txt")
    docx = extraction(CORPUS / "real" / "docx" / "w13.docx")
    assert txt["doc_id"] == docx["doc_id"] and txt["id"] != docx["id"]
    summary = database.write([txt, docx])
    assert (summary.notices, summary.replaced) == (2, 1)
    assert _counts(database) == _expected_counts([docx])
    assert database.query("SELECT source_format FROM notices") == [("docx",)]


def test_a_1_0_line_without_doc_id_and_uids_is_written_under_its_notice_id(database: Database):
    old = copy.deepcopy(extraction(BATCH[2]))
    old["schema_version"] = "1.0"
    del old["doc_id"]
    for task in old["tasks"]:
        del task["uid"]
    database.write([old])
    assert database.query("SELECT doc_id FROM notices") == [(old["id"],)]
    uids = [row[0] for row in database.query("SELECT uid FROM tasks ORDER BY position")]
    assert len(set(uids)) == len(uids) == len(old["tasks"]) and uids[0].startswith(old["id"] + ":")


def test_a_task_inside_a_table_row_keeps_its_references(database: Database):
    second = extraction(BATCH[1])
    database.write([second])
    in_tasks = sum(len(t["references"]) for t in second["tasks"])
    assert database.query('SELECT count(*) FROM "references" WHERE task_uid IS NOT NULL') == [(in_tasks,)]
    assert in_tasks > 0


# --- the command line -----------------------------------------------------------------------------
def test_export_to_sqlite_from_the_command_line(tmp_path, capsys):
    batch = _write_jsonl(tmp_path / "batch.jsonl", _batch())
    db = tmp_path / "out" / "tasks.db"
    assert main(["export", str(batch), "--to", "sqlite", "-o", str(db)]) == 0
    assert main(["export", str(batch), "--to", "sqlite", "-o", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("3 notices (0 replaced)") and lines[1].startswith("3 notices (3 replaced)")
    assert _counts(_sqlite_database(db)) == _expected_counts(_batch())


@pytest.mark.parametrize("argv", [
    ["--to", "sqlite"],                                     # no file
    ["--to", "csv", "postgresql://me@host/db", "-o", "x"],  # a URL after a format that takes none
    ["--to", "nope", "-o", "x"],
    ["--to", "postgres", "a", "b"],
    ["--to", "postgres", "postgresql://a@h/d", "postgresql://b@h/d"],
])
def test_export_usage_errors(tmp_path, argv):
    batch = _write_jsonl(tmp_path / "batch.jsonl", _batch())
    assert main(["export", str(batch), *argv]) == 2
    assert main(["export", *argv]) == 2  # no batch either


def test_export_takes_the_batch_after_the_format_too(tmp_path, capsys):
    batch = _write_jsonl(tmp_path / "batch.jsonl", _batch())
    assert main(["export", "--to", "sqlite", str(batch), "-o", str(tmp_path / "tasks.db")]) == 0
    assert main(["export", "--to", "csv", str(batch), "-o", str(tmp_path / "tasks.csv")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 notices (0 replaced)") and "task rows written" in out


def test_export_to_postgres_from_the_command_line(postgres_server, tmp_path, capsys):
    _postgres_database(postgres_server)  # empty
    batch = _write_jsonl(tmp_path / "batch.jsonl", _batch())
    assert main(["export", str(batch), "--to", "postgres", postgres_server]) == 0
    assert capsys.readouterr().out.startswith("3 notices (0 replaced), ")
