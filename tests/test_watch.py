"""The watched inbox (`nhiemvu watch`): twenty files dropped into a folder while it is watched — some
written in steps, some bad, a hidden upload beside them — give exactly twenty lines, each file read
only once it had stopped growing; a restart resumes by sha256; Ctrl-C stops with whole lines."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from extractor.cli import main
from extractor.watch import done_hashes

from .conftest import CORPUS, ROOT

# (name in the inbox, source file or bytes, steps it is written in)
GOOD = [
    ("w28.txt", CORPUS / "real" / "docs" / "w28.txt", 1),
    ("w61.txt", CORPUS / "real" / "docs" / "w61.txt", 4),
    ("w30.txt", CORPUS / "real" / "docs" / "w30.txt", 1),
    ("w11.txt", CORPUS / "real" / "docs" / "w11.txt", 4),
    ("w51.txt", CORPUS / "real" / "docs" / "w51.txt", 1),
    ("w37.txt", CORPUS / "real" / "docs" / "w37.txt", 1),
    ("w20.txt", CORPUS / "real" / "docs" / "w20.txt", 4),
    ("w27.txt", CORPUS / "real" / "docs" / "w27.txt", 1),
    ("sub/w08.txt", CORPUS / "real" / "docs" / "w08.txt", 1),   # a sub-folder is watched too
    ("h02.txt", CORPUS / "heldout" / "docs" / "h02.txt", 1),
    ("w32.docx", CORPUS / "real" / "docx" / "w32.docx", 4),
    ("w29.docx", CORPUS / "real" / "docx" / "w29.docx", 1),
    ("m01.docx", CORPUS / "synthetic" / "docx" / "m01.docx", 1),
    ("d02.pdf", CORPUS / "dev" / "pdf" / "d02.pdf", 4),
    ("h06.pdf", CORPUS / "heldout" / "pdf" / "h06.pdf", 1),
]
BAD = [  # (name, bytes, steps, error code)
    ("garbage.pdf", os.urandom(3000), 1, "corrupt_file"),
    ("truncated.docx", (CORPUS / "real" / "docx" / "w28.docx").read_bytes()[:2000], 3, "corrupt_file"),
    ("empty.txt", b"", 1, "empty"),
    ("notes.xyz", "ghi chú".encode(), 1, "unsupported_format"),
    ("text.docx", "Thông báo kết luận".encode(), 1, "corrupt_file"),
]
SETTLE = 1.0
STEP_PAUSE = 0.4  # shorter than SETTLE: a file written in steps is still being written

# drops the files of a plan into the inbox once the watcher runs (its output file exists)
WRITER = """
import json, sys, time
from pathlib import Path
while not Path(sys.argv[3]).exists():
    time.sleep(0.05)
for name, hex_data, steps, pause in json.loads(Path(sys.argv[1]).read_text()):
    data, path = bytes.fromhex(hex_data), Path(sys.argv[2]) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    size = -(-len(data) // steps) if data else 0
    with path.open("wb") as handle:
        for step in range(steps):
            handle.write(data[step * size:(step + 1) * size])
            handle.flush()
            if step < steps - 1:
                time.sleep(pause)
    time.sleep(0.05)
"""


def _plan() -> list[tuple[str, bytes, int]]:
    good = [(name, source.read_bytes(), steps) for name, source, steps in GOOD]
    bad = [(name, data, steps) for name, data, steps, _ in BAD]
    plan = []
    for i in range(max(len(good), len(bad))):  # bad files between good ones
        plan += good[i:i + 1] + bad[i:i + 1]
    return plan


def _lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_twenty_files_dropped_while_watched_give_twenty_lines(tmp_path, capsys):
    inbox, out, db = tmp_path / "inbox", tmp_path / "out" / "inbox.jsonl", tmp_path / "tasks.db"
    inbox.mkdir()
    plan = _plan()
    assert len(plan) == 20 and sum(steps > 1 for _, _, steps in plan) == 6
    (inbox / ".upload.part").write_bytes(b"a hidden upload in progress")  # never read
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps([(name, data.hex(), steps, STEP_PAUSE) for name, data, steps in plan]))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(plan_file), str(inbox), str(out)])
    try:
        code = main(["watch", str(inbox), "-o", str(out), "--db", str(db), "--settle", str(SETTLE),
                     "--poll", "0.2", "--idle-exit", "4", "--max-files", "30"])
    finally:
        writer.wait(timeout=60)
    assert code == 0 and writer.returncode == 0
    lines = _lines(out)
    assert len(lines) == 20
    by_name = {Path(r["source"]["path"]).relative_to(inbox).as_posix(): r for r in lines}
    final = {name: hashlib.sha256(data).hexdigest() for name, data, _ in plan}
    assert set(by_name) == set(final)
    # each file was read whole: the line's hash is that of its last bytes, files written in steps too
    assert {name: r["source"]["sha256"] for name, r in by_name.items()} == final
    assert all("error" not in by_name[name] for name, _, _ in GOOD)
    assert {name: by_name[name]["error"]["code"] for name, *_ in BAD} == {name: code for name, *_, code in BAD}
    log = [line for line in capsys.readouterr().err.splitlines() if " ok " in line or " error " in line]
    assert len(log) == 20
    import sqlite3
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM notices").fetchone()[0] == len({r["doc_id"] for r in lines
                                                                                         if "error" not in r})


def test_a_restart_resumes_by_sha256(tmp_path, capsys):
    inbox, out = tmp_path / "inbox", tmp_path / "inbox.jsonl"
    inbox.mkdir()
    first = ["w28.txt", "w30.txt", "w37.txt"]
    for name in first:
        (inbox / name).write_bytes((CORPUS / "real" / "docs" / name).read_bytes())
    argv = ["watch", str(inbox), "-o", str(out), "--settle", "0.3", "--poll", "0.1", "--once"]
    assert main(argv) == 0
    assert [Path(r["source"]["path"]).name for r in _lines(out)] == first
    # a crash cut the last line short; two files came, one a copy of a done file; one was corrected
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"schema_version": "1.1", "source": {"pa')
    (inbox / "w20.txt").write_bytes((CORPUS / "real" / "docs" / "w20.txt").read_bytes())
    (inbox / "copy-of-w28.txt").write_bytes((CORPUS / "real" / "docs" / "w28.txt").read_bytes())
    time.sleep(0.05)  # another modification time for the corrected file
    (inbox / "w37.txt").write_text((CORPUS / "real" / "docs" / "w37.txt").read_text(encoding="utf-8")
                                   .replace("Thủ tướng", "Thủ tướng Chính phủ", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(argv) == 0
    lines = _lines(out)  # every line whole: the cut one is gone
    assert [Path(r["source"]["path"]).name for r in lines] == [*first, "w20.txt", "w37.txt"]
    assert lines[2]["source"]["sha256"] != lines[4]["source"]["sha256"]
    log = capsys.readouterr()
    assert sum(" skipped " in line for line in log.err.splitlines()) == 3  # w28, its copy, w30
    assert "2 lines (2 notices, 0 errors), 3 files already in" in log.out
    assert done_hashes(out) == {r["source"]["sha256"] for r in lines}


def test_ctrl_c_stops_cleanly(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "inbox.jsonl"
    inbox.mkdir()
    (inbox / "w28.txt").write_bytes((CORPUS / "real" / "docs" / "w28.txt").read_bytes())
    process = subprocess.Popen(
        [sys.executable, "-m", "extractor.cli", "watch", str(inbox), "-o", str(out), "--settle", "0.3",
         "--poll", "0.1"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (out.exists() and out.read_text(encoding="utf-8").endswith("\n")):
            assert time.monotonic() < deadline and process.poll() is None, "no line within 60 s"
            time.sleep(0.1)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert stdout.startswith("stopped by Ctrl-C: 1 lines (1 notices, 0 errors)")
    assert len(_lines(out)) == 1


def test_watch_needs_a_folder(tmp_path):
    assert main(["watch", str(tmp_path / "missing"), "-o", str(tmp_path / "out.jsonl"), "--once"]) == 2
