"""The inbox of `nhiemvu serve`: several files in one upload and zips of them, each file with its own
status; zip bombs, climbing paths, nested zips, too many files refused with typed errors in Vietnamese
(words from labels.yaml); nothing of a refused archive is stored; no file is served from outside the
data directory."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the app needs the app extra (pip install 'nhiemvu[app]')")
pytest.importorskip("multipart", reason="uploads need python-multipart (the app extra)")
from starlette.testclient import TestClient

from extractor.app import create_app
from extractor.app_inbox import Limits, unpack, unsafe_name
from extractor.labels import labels

from .conftest import ROOT

VI = labels("vi")
SEEDS = ROOT / "corpus" / "seeds"
TXT = SEEDS / "docs" / "001_469ec51c1b46772e.txt"
DOCX = SEEDS / "docx" / "002_d7e163504e54dca3.docx"
PDF = SEEDS / "pdf" / "003_4cd86deb306978ba.pdf"


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture()
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path / "tasks.db", tmp_path / "data", max_files=10),
                      base_url="http://127.0.0.1:8765")


def _token(client: TestClient) -> str:
    return re.search(r'name=csrf value="([^"]+)"', client.get("/").text).group(1)


def _send(client: TestClient, files: list[tuple[str, bytes]], json_answer: bool = True):
    headers = {"accept": "application/json"} if json_answer else {}
    return client.post("/upload", data={"csrf": _token(client)}, headers=headers, follow_redirects=False,
                       files=[("file", (name, content, "application/octet-stream")) for name, content in files])


def test_several_files_each_with_its_status(client: TestClient, tmp_path: Path) -> None:
    sent = _send(client, [(TXT.name, TXT.read_bytes()), (DOCX.name, DOCX.read_bytes()), (PDF.name, PDF.read_bytes()),
                          ("hong.pdf", b"%PDF-1.7 not really a pdf"), ("ghi-chu.odt", b"odt")])
    assert sent.status_code == 200
    results = sent.json()["results"]
    assert [r["name"] for r in results] == [TXT.name, DOCX.name, PDF.name, "hong.pdf", "ghi-chu.odt"]
    assert [r["ok"] for r in results] == [True, True, True, False, False]
    assert results[3]["message"] == VI.errors["corrupt_file"]
    assert results[4]["message"] == VI.errors["unsupported_format"]
    assert all(r["url"].startswith("/notices/") for r in results[:3])
    inbox = client.get("/").text
    assert inbox.count("<li><a href=\"/notices/") == 3
    assert len(list((tmp_path / "data" / "uploads").iterdir())) == 4  # the corrupt PDF is kept, the .odt not


def test_several_files_without_the_script_get_a_results_table(client: TestClient) -> None:
    sent = _send(client, [(TXT.name, TXT.read_bytes()), ("trong.txt", b"")], json_answer=False)
    assert sent.status_code == 200
    assert "<tr class=upload-ok><td>" + TXT.name in sent.text
    assert "<tr class=upload-error><td>trong.txt</td>" in sent.text and VI.errors["empty"] in sent.text


def test_a_zip_of_notices(client: TestClient) -> None:
    archive = _zip({f"thong-bao/{TXT.name}": TXT.read_bytes(), f"thong-bao/{DOCX.name}": DOCX.read_bytes(),
                    "__MACOSX/._x.txt": b"junk", "thong-bao/": b""})
    results = _send(client, [("dot-1.zip", archive)]).json()["results"]
    assert [(r["name"], r["ok"]) for r in results] == [
        (f"dot-1.zip/thong-bao/{TXT.name}", True), (f"dot-1.zip/thong-bao/{DOCX.name}", True)]


@pytest.mark.parametrize(("members", "code"), [
    ({"../../etc/cron.d/x.txt": b"THONG BAO"}, "zip_unsafe_name"),
    ({"/abs/x.txt": b"THONG BAO"}, "zip_unsafe_name"),
    ({"C:/x.txt": b"THONG BAO"}, "zip_unsafe_name"),
    ({"inner.zip": b"PK"}, "zip_nested"),
    ({"readme.md": b"x"}, "unsupported_format"),
], ids=["dotdot", "absolute", "drive", "nested", "unsupported"])
def test_zip_members_refused_one_by_one(client: TestClient, tmp_path: Path, members: dict, code: str) -> None:
    archive = _zip({**members, TXT.name: TXT.read_bytes()})
    results = _send(client, [("goi.zip", archive)]).json()["results"]
    refused = results[0]
    assert not refused["ok"] and refused["message"] == (VI.errors.get(code) or VI.a(code))
    assert results[1]["ok"]  # the good member still goes in
    assert not (tmp_path / "etc").exists()


def test_zip_bomb_is_refused_before_inflating(client: TestClient, tmp_path: Path) -> None:
    bomb = _zip({"bom.txt": b"0" * (30 * 1024 * 1024)})  # 30 MB of zeros in ~30 KB
    assert len(bomb) < 100_000
    results = _send(client, [("bom.zip", bomb)]).json()["results"]
    assert results == [{"name": "bom.zip", "ok": False, "url": None, "status": VI.a("status_failed"),
                        "message": VI.a("zip_bomb")}]
    ratio = _zip({"a.txt": b"0" * (3 * 1024 * 1024)})  # under the size limit, over the ratio
    assert _send(client, [("ratio.zip", ratio)]).json()["results"][0]["message"] == VI.a("zip_bomb")
    # stored, not compressed, each member under the file limit: the upload's total still holds
    many = _zip({f"{i}.txt": b"x" * 1000 for i in range(3)}, zipfile.ZIP_STORED)
    small = Limits(file_bytes=1000, files=5, total_bytes=2500)
    assert [i.error for i in unpack([("a.txt", b"x" * 10), ("many.zip", many)], small)] == [None, "zip_bomb"]
    assert list((tmp_path / "data" / "uploads").iterdir()) == []


def test_a_lying_zip_header_is_caught_while_inflating() -> None:
    archive = bytearray(_zip({"a.txt": b"A" * 5000}, zipfile.ZIP_DEFLATED))
    # declare 100 bytes in both headers: the inflated data must still be bounded by the real limit
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = archive.find(signature)
        archive[at + offset:at + offset + 4] = (100).to_bytes(4, "little")
    items = unpack([("x.zip", bytes(archive))], Limits(file_bytes=1000, files=5, total_bytes=10_000))
    assert [i.error for i in items] in (["zip_bomb"], ["corrupt_file"])
    assert all(i.content is None for i in items)


def test_too_many_files(client: TestClient) -> None:
    archive = _zip({f"{i}.txt": b"THONG BAO" for i in range(11)})
    assert _send(client, [("nhieu.zip", archive)]).json()["results"][0]["message"] == VI.a("zip_too_many", files=10)
    many = [(f"{i}.txt", b"THONG BAO") for i in range(11)]
    sent = _send(client, many)
    assert sent.status_code == 413 and sent.json()["message"] == VI.a("too_many_files", files=10)


def test_unsafe_names() -> None:
    assert unsafe_name("../a.txt") and unsafe_name("a/../../b.txt") and unsafe_name("\\\\server\\x.txt")
    assert unsafe_name("..\\a.txt") and unsafe_name("D:\\a.txt")
    assert not unsafe_name("thu-muc/a..b.txt") and not unsafe_name("a.txt")


def test_json_upload_needs_the_token_too(client: TestClient) -> None:
    sent = client.post("/upload", data={"csrf": "forged"}, headers={"accept": "application/json"},
                       files=[("file", (TXT.name, TXT.read_bytes(), "text/plain"))])
    assert sent.status_code == 403 and sent.json() == {"message": VI.a("bad_token"), "results": []}
    cross = client.post("/upload", data={"csrf": _token(client)}, headers={"sec-fetch-site": "cross-site"},
                        files=[("file", (TXT.name, TXT.read_bytes(), "text/plain"))])
    assert cross.status_code == 403 and client.get("/").text.count("<li><a href") == 0


def test_only_stored_uploads_are_served(client: TestClient, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("bí mật", encoding="utf-8")
    url = _send(client, [(TXT.name, TXT.read_bytes())]).json()["results"][0]["url"]
    original = client.get(url + "/file")
    assert original.status_code == 200 and original.content == TXT.read_bytes()
    assert "attachment" in original.headers["content-disposition"]
    for probe in ("/notices/..%2F..%2Fsecret.txt/file", "/notices/../../secret.txt/file",
                  "/notices/%2e%2e/file", "/secret.txt", "/notices/nope/file", "/export.py"):
        answer = client.get(probe)
        assert answer.status_code == 404 and "bí mật" not in answer.text, probe
    # a row whose stored name was tampered with still cannot reach outside the uploads
    import sqlite3

    with sqlite3.connect(tmp_path / "tasks.db") as db:
        db.execute("UPDATE app_documents SET stored = '../../secret.txt'")
    assert client.get(url + "/file").status_code == 404


def test_upload_answers_are_json_for_the_script(client: TestClient) -> None:
    answer = _send(client, [(TXT.name, TXT.read_bytes())])
    assert answer.headers["content-type"].startswith("application/json")
    assert json.loads(answer.text)["results"][0]["status"] == VI.a("status_ok", tasks=25)
