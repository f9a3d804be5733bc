"""Corrections in `nhiemvu serve`, through Starlette's TestClient: a clerk changes a task's lead and
support (registry names and free text), its deadline and metric, marks a task "not a task" and adds
a missed one from the notice's words; each correction is stored with who, when and the value before;
the tasks page, its filters, its XLSX/CSV/ICS/SQLite downloads and the trackers' tables hold the
corrected notice; a new app on the same files has it all; `nhiemvu corrections export --to gold`
writes gold files that `nhiemvu eval` reads."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from datetime import date
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

pytest.importorskip("starlette", reason="the app needs the app extra (pip install 'nhiemvu[app]')")
pytest.importorskip("multipart", reason="uploads need python-multipart (the app extra)")
from openpyxl import load_workbook
from starlette.testclient import TestClient

from extractor.app import create_app
from extractor.cli import main
from extractor.evaluate import evaluate
from extractor.labels import labels

from .conftest import ROOT

VI = labels("vi")
TXT = ROOT / "corpus" / "seeds" / "docs" / "001_469ec51c1b46772e.txt"
OTHER = ROOT / "corpus" / "seeds" / "docs" / "004_56dd7385fc792d91.txt"
TODAY = date(2023, 1, 15)


def _app(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path / "tasks.db", tmp_path / "data", today=TODAY),
                      base_url="http://127.0.0.1:8765")


def _token(client: TestClient) -> str:
    return re.search(r'name=csrf value="([^"]+)"', client.get("/").text).group(1)


def _upload(client: TestClient, path: Path) -> str:
    sent = client.post("/upload", data={"csrf": _token(client)}, follow_redirects=False,
                       files={"file": (path.name, path.read_bytes(), "text/plain")})
    assert sent.status_code == 303
    return sent.headers["location"]


def _uids(client: TestClient, notice: str) -> list[str]:
    return [unquote(u) for u in re.findall(r'<section class=task-edit id="t-([^"]+)"', client.get(notice + "/edit").text)]


def _correct(client: TestClient, notice: str, group: str, task: str, token: str | None = None, **fields):
    data = {"csrf": token if token is not None else _token(client), "group": group, "task": task,
            "who": "Chị Lan", **fields}
    return client.post(notice + "/correct", data=data, follow_redirects=False)


@pytest.fixture()
def uploaded(tmp_path: Path) -> tuple[TestClient, str, list[str]]:
    client = _app(tmp_path)
    notice = _upload(client, TXT)
    return client, notice, _uids(client, notice)


def _corrections(tmp_path: Path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "tasks.db") as db:
        return db.execute("SELECT task_uid, field, who, at, original, value FROM corrections ORDER BY id").fetchall()


def _xlsx_rows(client: TestClient, query: str = "") -> list[dict]:
    answer = client.get("/export.xlsx" + query)
    assert answer.status_code == 200 and answer.headers["content-disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(answer.content))[VI.xlsx["sheet_tasks"]]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_lead_support_and_deadline_corrections_reach_every_export(uploaded, tmp_path: Path) -> None:
    client, notice, uids = uploaded
    first = uids[0]
    edit = client.get(notice + "/edit").text
    assert "<datalist id=agencies>" in edit and "<option value=\"Sở Nội vụ\">" in edit
    assert 'type=date name=end id="end-0" value="2022-08-31"' in edit  # the date picker holds the deadline
    sent = _correct(client, notice, "agencies", first, lead=["Sở Nội vụ", ""],
                    support=["Sở Tài chính", "Tổ công tác đặc biệt của tỉnh"])
    assert sent.status_code == 303 and sent.headers["location"].endswith(f"/edit?saved=1#t-{quote(first, safe='')}")
    assert "nhiemvu_who=" in sent.headers["set-cookie"] and "SameSite=strict" in sent.headers["set-cookie"]
    sent = _correct(client, notice, "deadline", first, kind="by", text="", start="", end="2022-09-30",
                    recurrence="")
    assert sent.status_code == 303
    stored = _corrections(tmp_path)
    assert [(s[0], s[1], s[2]) for s in stored] == [(first, "lead", "Chị Lan"), (first, "support", "Chị Lan"),
                                                    (first, "deadline", "Chị Lan")]
    assert json.loads(stored[0][4]) == ["các cơ quan, đơn vị, địa phương"] and json.loads(stored[0][5]) == ["Sở Nội vụ"]
    assert json.loads(stored[1][4]) == [] and json.loads(stored[1][5]) == ["Sở Tài chính", "Tổ công tác đặc biệt của tỉnh"]
    assert json.loads(stored[2][4])["end"] == "2022-08-31"
    assert json.loads(stored[2][5]) == {"text": "trước ngày 30/09/2022", "kind": "by", "start": None,
                                        "end": "2022-09-30", "recurrence": None}
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", stored[0][3])
    # the history on the page: who, before, after
    page = client.get(notice + "/edit?saved=1").text
    assert VI.a("saved") in page and "Chị Lan" in page and "các cơ quan, đơn vị, địa phương" in page
    # XLSX: the corrected values, the deadline a real date
    row = next(r for r in _xlsx_rows(client) if r[VI.xlsx["path"]] == "I/1")
    assert row[VI.xlsx["lead"]] == "Sở Nội vụ"
    assert row[VI.xlsx["support"]] == "Sở Tài chính; Tổ công tác đặc biệt của tỉnh"
    assert row[VI.xlsx["deadline_end"]].date() == date(2022, 9, 30)
    assert row[VI.xlsx["deadline_text"]] == "trước ngày 30/09/2022"
    # CSV, ICS and the SQLite download
    lines = list(csv.DictReader(io.StringIO(client.get("/export.csv").content.decode("utf-8-sig"))))
    assert lines[0]["lead"] == "Sở Nội vụ" and lines[0]["deadline_end"] == "2022-09-30"
    assert "DUE;VALUE=DATE:20220930" in client.get("/export.ics").text
    db = tmp_path / "download.db"
    db.write_bytes(client.get("/export.db").content)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT due_date FROM deadlines WHERE task_uid = ?", (first,)).fetchone() == (
            "2022-09-30",)
    # the trackers' tables in the app's own file hold the corrected notice, the registry's names and ids
    with sqlite3.connect(tmp_path / "tasks.db") as connection:
        leads = connection.execute("SELECT name, canonical, registry_id FROM assignees WHERE task_uid = ? AND "
                                   "role = 'lead'", (first,)).fetchall()
        supports = connection.execute("SELECT name, registry_id FROM assignees WHERE task_uid = ? AND "
                                      "role = 'support' ORDER BY position", (first,)).fetchall()
    assert leads == [("Sở Nội vụ", "Sở Nội vụ", "so-noi-vu")]
    assert supports == [("Sở Tài chính", "so-tai-chinh"), ("Tổ công tác đặc biệt của tỉnh", None)]


def test_unchanged_fields_store_nothing(uploaded, tmp_path: Path) -> None:
    client, notice, uids = uploaded
    edit = client.get(notice + "/edit").text
    assert _correct(client, notice, "agencies", uids[0], lead=["các cơ quan, đơn vị, địa phương"],
                    support=[""]).status_code == 303
    assert _correct(client, notice, "deadline", uids[0], kind="by", text="trước ngày 31/8/2022", start="",
                    end="2022-08-31", recurrence="").status_code == 303
    assert _corrections(tmp_path) == [] and VI.a("no_history") in edit


def test_metric_not_a_task_restore_and_a_missed_task(uploaded, tmp_path: Path) -> None:
    client, notice, uids = uploaded
    before = client.get("/tasks").text.count("<tr><td><a href=")
    assert _correct(client, notice, "metric", uids[1], text="ít nhất 90% hồ sơ", op=">=", value="90",
                    value_max="", unit="%").status_code == 303
    assert _correct(client, notice, "not_task", uids[2]).status_code == 303
    tasks = client.get("/tasks").text
    assert tasks.count("<tr><td><a href=") == before - 1
    rows = _xlsx_rows(client)
    assert len({r[VI.xlsx["task_id"]] for r in rows}) == before - 1
    metric = next(r for r in rows if r[VI.xlsx["metric_text"]] == "ít nhất 90% hồ sơ")
    assert metric[VI.xlsx["metric_value"]] == 90 and metric[VI.xlsx["metric_op"]] == ">="
    edit = client.get(notice + "/edit").text
    assert VI.a("removed_title") in edit and VI.a("restore") in edit
    assert _correct(client, notice, "restore", uids[2]).status_code == 303
    assert client.get("/tasks").text.count("<tr><td><a href=") == before
    # a missed task: words selected across a line break (white space differs), found in the text
    text = json.loads(sqlite3.connect(tmp_path / "tasks.db").execute("SELECT record FROM app_documents").fetchone()[0])["text"]
    words = text.split("\n")[3].split()[:8]
    assert len(words) >= 4
    sent = _correct(client, notice, "add_task", "", text="  " + "\n".join(words) + " ", hint="0")
    assert sent.status_code == 303
    added = _corrections(tmp_path)[-1]
    assert added[1] == "add_task" and added[0].endswith(":+1")
    value = json.loads(added[5])
    assert text[value["span"][0]:value["span"][1]] == value["text"] and value["text"].split() == words
    assert client.get("/tasks").text.count("<tr><td><a href=") == before + 1
    # the added task can be corrected like any other
    assert _correct(client, notice, "agencies", added[0], lead=["Sở Y tế"], support=[""]).status_code == 303
    assert any(r[VI.xlsx["lead"]] == "Sở Y tế" and r[VI.xlsx["text"]] == value["text"] for r in _xlsx_rows(client))


@pytest.mark.parametrize(("group", "fields", "status", "words"), [
    ("deadline", {"kind": "by", "end": "2022-02-31"}, 422, VI.a("bad_value")),
    ("deadline", {"kind": "soon", "end": "2022-02-03"}, 422, VI.a("bad_value")),
    ("deadline", {"kind": "range", "start": "2022-05-01", "end": "2022-02-03"}, 422, VI.a("bad_value")),
    ("metric", {"op": ">=", "value": "nhiều"}, 422, VI.a("bad_value")),
    ("metric", {"op": "range", "value": "5", "value_max": "2"}, 422, VI.a("bad_value")),
    ("add_task", {"text": "câu này không có trong văn bản"}, 422, VI.a("not_in_text")),
    ("rename", {}, 422, VI.a("bad_value")),
], ids=["no-such-day", "unknown-kind", "start-after-end", "not-a-number", "empty-range", "not-in-text", "group"])
def test_invalid_corrections_are_refused_and_not_stored(uploaded, tmp_path: Path, group: str, fields: dict,
                                                        status: int, words: str) -> None:
    client, notice, uids = uploaded
    sent = _correct(client, notice, group, uids[0], **fields)
    assert sent.status_code == status and words in sent.text and "role=alert" in sent.text
    assert _corrections(tmp_path) == []


def test_writes_need_the_token_and_the_origin(uploaded, tmp_path: Path) -> None:
    client, notice, uids = uploaded
    assert _correct(client, notice, "not_task", uids[0], token="forged").status_code == 403
    data = {"csrf": _token(client), "group": "not_task", "task": uids[0], "who": "x"}
    assert client.post(notice + "/correct", data=data, headers={"origin": "http://evil.example"}).status_code == 403
    assert client.get(notice + "/correct").status_code == 405  # no write through GET
    assert _correct(client, notice, "not_task", "no-such-task").status_code == 404
    assert _corrections(tmp_path) == []


def test_corrections_survive_a_new_app_and_export_as_gold(uploaded, tmp_path: Path, capsys) -> None:
    client, notice, uids = uploaded
    _correct(client, notice, "agencies", uids[0], lead=["Sở Nội vụ"], support=[""])
    _correct(client, notice, "deadline", uids[0], kind="within", text="trong tháng 9/2022", start="2022-09-01",
             end="2022-09-30", recurrence="")
    _correct(client, notice, "not_task", uids[3])
    again = _app(tmp_path)
    assert "Chị Lan" in again.get(notice + "/edit").text
    row = next(r for r in _xlsx_rows(again) if r[VI.xlsx["path"]] == "I/1")
    assert row[VI.xlsx["lead"]] == "Sở Nội vụ" and row[VI.xlsx["deadline_start"]].date() == date(2022, 9, 1)
    out = tmp_path / "gold-out"
    assert main(["corrections", "export", "--to", "gold", str(out), "--db", str(tmp_path / "tasks.db")]) == 0
    assert "1 gold file" in capsys.readouterr().out
    [gold_file] = list((out / "gold").glob("*.json"))
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    assert (out / "docs" / f"{gold['id']}.txt").is_file() and gold_file.stem == gold["id"]
    first = gold["tasks"][0]
    assert first["path"] == "I/1" and first["lead"] == ["Sở Nội vụ"]
    assert first["deadlines"] == [{"text": "trong tháng 9/2022", "kind": "within", "start": "2022-09-01",
                                   "end": "2022-09-30", "recurrence": None}]
    assert len(gold["tasks"]) == len(uids) - 1 and set(gold) >= {"doc_type", "number", "issue_date", "issuer", "signer"}
    assert len(first["quote"].split()) <= 10
    # the corpus tooling reads it: the extractor scored against the clerk's corrections
    report = evaluate(out / "gold", out / "docs")
    assert len(report.docs) == 1 and report.docs[0].errors == []
    assert any("spurious task" in d for d in report.docs[0].diffs)  # the task marked "not a task"
    # a notice without corrections is left out unless --all
    _upload(again, OTHER)
    assert main(["corrections", "export", "--to", "gold", str(tmp_path / "g2"), "--db", str(tmp_path / "tasks.db")]) == 0
    assert len(list((tmp_path / "g2" / "gold").glob("*.json"))) == 1
    assert main(["corrections", "export", "--to", "gold", str(tmp_path / "g3"), "--db", str(tmp_path / "tasks.db"),
                 "--all"]) == 0
    assert len(list((tmp_path / "g3" / "gold").glob("*.json"))) == 2


def test_tasks_page_filters(uploaded, tmp_path: Path) -> None:
    client, notice, uids = uploaded
    _upload(client, OTHER)
    _correct(client, notice, "agencies", uids[0], lead=["Sở Nội vụ"], support=[""])
    total = client.get("/tasks").text.count("<tr><td><a href=")
    by_agency = client.get("/tasks", params={"agency": "Sở Nội vụ"}).text
    assert 1 <= by_agency.count("<tr><td><a href=") < total
    assert all("Sở Nội vụ" in row for row in by_agency.split("<tr><td><a href=")[1:])
    month = client.get("/tasks", params={"month": "2022-08"}).text
    dues = re.findall(r'data-due="([^"]*)"', month)
    assert dues and all(d.startswith("2022-08") for d in dues)
    overdue = client.get("/tasks", params={"overdue": "1"}).text
    assert overdue.count(f"<span class=badge-overdue>{VI.a('overdue')}</span>") == overdue.count("<tr><td><a href=") > 0
    assert all(d < TODAY.isoformat() for d in re.findall(r'data-due="([^"]+)"', overdue))
    one = client.get("/tasks", params={"notice": notice.rsplit("/", 1)[1]}).text
    assert one.count("<tr><td><a href=") == len(uids)
    assert VI.a("shown", shown=len(uids), total=total) in one
    # the downloads follow the filter
    assert len({r[VI.xlsx["task_id"]] for r in _xlsx_rows(client, "?agency=S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5")}) == \
        by_agency.count("<tr><td><a href=")
    assert "/export.xlsx?agency=S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5" in by_agency
