"""`nhiemvu serve`, first slice, through Starlette's TestClient: upload one .txt in the inbox, see its
notice page and the tasks page; a bad file, a missing token and a foreign origin are refused in
Vietnamese; document text stays text; the data survives a new app on the same database."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the app needs the app extra (pip install 'nhiemvu[app]')")
pytest.importorskip("multipart", reason="uploads need python-multipart (the app extra)")
from starlette.testclient import TestClient

from extractor.app import create_app
from extractor.labels import labels

from .conftest import corpus_documents

VI = labels("vi")


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path / "tasks.db", tmp_path / "data"), base_url="http://127.0.0.1:8765")


def _token(client: TestClient) -> str:
    page = client.get("/").text
    return re.search(r'name=csrf value="([^"]+)"', page).group(1)


def _upload(client: TestClient, name: str, content: bytes, token: str | None = None, **headers: str):
    return client.post("/upload", data={"csrf": token if token is not None else _token(client)},
                       files={"file": (name, content, "text/plain")}, headers=headers, follow_redirects=False)


def test_upload_one_txt_then_notice_and_tasks_pages(client: TestClient, tmp_path: Path) -> None:
    doc = corpus_documents()[1]
    inbox = client.get("/")
    assert inbox.status_code == 200 and VI.a("inbox_title") in inbox.text and VI.a("none_yet") in inbox.text
    assert "<html lang=vi>" in inbox.text
    sent = _upload(client, doc.name, doc.read_bytes())
    assert sent.status_code == 303 and sent.headers["location"].startswith("/notices/")
    notice = client.get(sent.headers["location"])
    assert notice.status_code == 200
    assert "class=nv-text" in notice.text or "nv-data-0" in notice.text  # the report's body, highlights included
    assert VI.a("nav_tasks") in notice.text and "<table class=tasks>" in notice.text.replace("\\u003c", "<")
    listed = client.get("/")
    assert doc.name in listed.text and VI.a("none_yet") not in listed.text
    tasks = client.get("/tasks")
    assert tasks.status_code == 200
    rows = tasks.text.count("<tr><td><a href=\"/notices/")
    stored = sqlite3.connect(tmp_path / "tasks.db").execute("SELECT count(*) FROM tasks").fetchone()[0]
    assert rows == stored > 0
    assert "as-written" in tasks.text  # deadlines as written, typed on hover
    # a new app on the same files still has the notice
    again = TestClient(create_app(tmp_path / "tasks.db", tmp_path / "data"), base_url="http://127.0.0.1:8765")
    assert doc.name in again.get("/").text


@pytest.mark.parametrize(("name", "content", "headers", "token", "status", "message"), [
    ("x.exe", b"MZ", {}, None, 422, VI.errors["unsupported_format"]),
    ("trong.txt", b"", {}, None, 422, VI.errors["empty"]),
    ("a.txt", b"THONG BAO", {}, "forged", 403, VI.a("bad_token")),
    ("a.txt", b"THONG BAO", {"origin": "http://evil.example"}, None, 403, VI.a("bad_token")),
], ids=["unsupported", "empty", "bad-token", "foreign-origin"])
def test_refused_uploads_say_what_to_do(client: TestClient, name: str, content: bytes, headers: dict,
                                        token: str | None, status: int, message: str) -> None:
    sent = _upload(client, name, content, token, **headers)
    assert sent.status_code == status
    assert message in sent.text and "role=alert" in sent.text
    assert client.get("/tasks").text.count("<tr><td>") == 0


def test_too_large_upload(tmp_path: Path) -> None:
    small = TestClient(create_app(tmp_path / "t.db", tmp_path / "d", max_upload_bytes=100),
                       base_url="http://127.0.0.1:8765")
    sent = _upload(small, "big.txt", b"x" * 1000)
    assert sent.status_code == 413 and VI.errors["too_large"] in sent.text
    assert list((tmp_path / "d" / "uploads").iterdir()) == []


def test_document_text_stays_text(client: TestClient) -> None:
    text = ("ỦY BAN NHÂN DÂN TỈNH LONG AN\nSố: 12/TB-UBND\n\nTHÔNG BÁO\n<script>alert(1)</script>\n\n"
            "1. Giao Sở Nội vụ <b>chủ trì</b> rà soát thủ tục trước ngày 31/8/2022.\n").encode()
    sent = _upload(client, "<img src=x onerror=alert(1)>.txt", text)
    assert sent.status_code == 303
    for page in (client.get("/").text, client.get("/tasks").text, client.get(sent.headers["location"]).text):
        assert "<script>alert" not in page and "<img" not in page and "<b>chủ" not in page


def test_english_interface(tmp_path: Path) -> None:
    english = TestClient(create_app(tmp_path / "t.db", tmp_path / "d", lang="en"), base_url="http://127.0.0.1:8765")
    page = english.get("/").text
    assert "<html lang=en>" in page and labels("en").a("upload") in page


def _dies_in_a_worker(app_pid: int, how: str):
    """A reader for .pdf that kills the process it runs in (as a crash inside libtesseract or pdfium
    would), raises, or hangs; run in the app's own process it fails the test instead of killing pytest."""
    import os

    def read(data: bytes):
        if os.getpid() == app_pid:
            pytest.fail("the upload was extracted in the app's own process")
        if how == "exit":
            os._exit(70)
        if how == "hang":
            import time
            time.sleep(60)
        raise RuntimeError("reader bug")
    return read


@pytest.mark.parametrize(("how", "message"), [("exit", VI.errors["internal"]), ("raise", VI.errors["internal"]),
                                               ("hang", VI.errors["timeout"])],
                         ids=["process-dies", "reader-raises", "past-the-timeout"])
def test_upload_whose_extraction_crashes_is_an_error_and_the_app_keeps_serving(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, message: str) -> None:
    import os

    from extractor import readers

    monkeypatch.setitem(readers.READERS, ".pdf", ("pdf", _dies_in_a_worker(os.getpid(), how)))
    app = create_app(tmp_path / "tasks.db", tmp_path / "data", timeout=8)
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        doc = corpus_documents()[1]
        sent = client.post("/upload", data={"csrf": _token(client)}, headers={"accept": "application/json"},
                           files=[("file", ("before.txt", doc.read_bytes(), "text/plain")),
                                  ("file", ("scan.pdf", b"%PDF-1.4 crash", "application/pdf")),
                                  ("file", ("after.txt", doc.read_bytes() + b"\n", "text/plain"))])
        assert sent.status_code == 200
        results = {r["name"]: r for r in sent.json()["results"]}
        assert results["scan.pdf"]["ok"] is False and results["scan.pdf"]["message"] == message
        assert results["before.txt"]["ok"] and results["after.txt"]["ok"]  # nothing else lost
        assert client.get("/").status_code == 200 and "after.txt" in client.get("/").text
        again = _upload(client, "later.txt", doc.read_bytes() + b"\n\n")  # the app still extracts
        assert again.status_code == 303
