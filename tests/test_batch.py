"""Batch ingestion: one line per input, typed error records, resume after a kill, exports."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor import batch as batch_module
from extractor.batch import BatchOptions, collect_inputs, run_batch
from extractor.cli import main

from .conftest import CORPUS, ROOT

BAD = Path(__file__).resolve().parent / "bad_inputs"

EXPECTED_CODES = {
    "empty.txt": "empty",
    "junk.txt": "corrupt_file",
    "corrupt.pdf": "corrupt_file",
    "encrypted.pdf": "encrypted",
    "long.pdf": "too_large",
    "notice.rtf": "unsupported_format",
    "truncated.docx": "corrupt_file",
    "zipbomb.docx": "too_large",
    "laughs.docx": "corrupt_file",
}


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _copy_corpus(target: Path, times: int = 1) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    copies = []
    for n in range(times):
        for doc in sorted(CORPUS.glob("*/docs/*.txt")):
            copy = target / f"{n:02d}_{doc.parent.parent.name}_{doc.name}"
            text = doc.read_text(encoding="utf-8")
            copy.write_text(text if n == 0 else text + f"\n\nBản sao {n}.\n", encoding="utf-8")
            copies.append(copy)
    return copies


def test_every_bad_input_gives_one_typed_record_and_the_rest_is_extracted(tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(BAD, inbox)
    from .docx_builders import billion_laughs, zip_bomb
    import docx
    document = docx.Document()
    document.add_paragraph("Giao Sở Nội vụ chủ trì.")
    buffer = io.BytesIO()
    document.save(buffer)
    (inbox / "truncated.docx").write_bytes(buffer.getvalue()[:4000])
    (inbox / "zipbomb.docx").write_bytes(zip_bomb())
    (inbox / "laughs.docx").write_bytes(billion_laughs())
    good = _copy_corpus(inbox / "good")[:3]
    (inbox / "folder.txt").mkdir()  # unreadable as a file
    missing = inbox / "vanished.txt"  # gone before it is read
    out = tmp_path / "out.jsonl"
    code = main(["batch", str(inbox), str(missing), "-o", str(out), "--workers", "2", "--quiet"],
                out=open(os.devnull, "w"))
    assert code == 1
    records = {Path(r["source"]["path"]).name: r for r in _lines(out)}
    inputs = collect_inputs([str(inbox), str(missing)])
    assert len(records) == len(inputs) == len(_lines(out))
    for name, code_ in EXPECTED_CODES.items():
        assert records[name]["error"]["code"] == code_, name
    assert records["vanished.txt"]["error"]["code"] == "not_found"
    assert records["english.txt"]["tasks"] == []
    assert "the text does not look Vietnamese" in records["english.txt"]["warnings"]
    for path in good:
        assert "error" not in records[path.name]


def test_a_file_that_hangs_times_out_and_the_batch_goes_on(tmp_path, monkeypatch):
    files = _copy_corpus(tmp_path / "in")[:4]
    real = batch_module.process_file

    def slow(path, *args):
        if path.endswith(files[1].name):
            time.sleep(30)
        return real(path, *args)

    monkeypatch.setattr(batch_module, "process_file", slow)  # forked workers inherit it
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    summary = run_batch([str(p) for p in files], out, BatchOptions(workers=2, timeout=2))
    assert time.monotonic() - started < 20
    lines = _lines(out)
    assert len(lines) == 4
    assert lines[1]["error"]["code"] == "timeout"
    assert summary.errors["timeout"] == 1 and summary.notices == 3


def test_output_is_in_input_order_and_identical_across_worker_counts(tmp_path):
    files = _copy_corpus(tmp_path / "in")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_batch([str(tmp_path / "in")], one, BatchOptions(workers=1))
    run_batch([str(tmp_path / "in")], two, BatchOptions(workers=2))
    assert one.read_bytes() == two.read_bytes()
    assert [r["source"]["path"] for r in _lines(one)] == [str(p) for p in sorted(files, key=str)]


def test_killed_half_way_then_resumed_equals_an_uninterrupted_run(tmp_path):
    inbox = tmp_path / "in"
    _copy_corpus(inbox, times=6)
    reference = tmp_path / "reference.jsonl"
    run_batch([str(inbox)], reference, BatchOptions(workers=2))
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "extractor.cli", "batch", str(inbox), "-o", str(out),
               "--workers", "1", "--quiet"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.exists() and len(out.read_text(encoding="utf-8").splitlines()) >= 10:
            break
        time.sleep(0.01)
    process.kill()  # SIGKILL: no cleanup, as in a crash
    process.wait()
    partial = out.read_text(encoding="utf-8").splitlines()
    total = len(collect_inputs([str(inbox)]))
    assert 10 <= len(partial) < total, "the batch should have been killed half-way"
    summary = run_batch([str(inbox)], out, BatchOptions(workers=2, resume=True))
    assert summary.skipped >= 10
    assert out.read_bytes() == reference.read_bytes()


def test_dask_local_cluster_gives_the_same_output(tmp_path):
    pytest.importorskip("dask.distributed")
    files = _copy_corpus(tmp_path / "in")[:6]
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run_batch([str(p) for p in files], local, BatchOptions(workers=2))
    run_batch([str(p) for p in files], dask, BatchOptions(workers=2, dask_address="local"))
    assert local.read_bytes() == dask.read_bytes()


def test_exports(tmp_path):
    files = _copy_corpus(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    run_batch([str(p) for p in files], out, BatchOptions(workers=2))
    tasks = sum(len(r.get("tasks", [])) for r in _lines(out))
    xlsx, csv_path = tmp_path / "t.xlsx", tmp_path / "t.csv"
    assert main(["export", str(out), "--to", "xlsx", "-o", str(xlsx)], out=open(os.devnull, "w")) == 0
    assert main(["export", str(out), "--to", "csv", "-o", str(csv_path)], out=open(os.devnull, "w")) == 0
    from openpyxl import load_workbook
    book = load_workbook(xlsx)
    sheet = book["Tasks"]
    assert sheet.max_row - 1 == tasks and book["Notices"].max_row - 1 == len(files)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    header = [c.value for c in sheet[1]]
    dates = [row[header.index("deadline_end")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    import datetime
    assert any(isinstance(d, datetime.datetime) for d in dates)  # real date cells
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the diacritics
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == tasks and any("Sở Nội vụ" in r["lead"] for r in rows)


def test_stats_json(tmp_path):
    files = _copy_corpus(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    run_batch([str(p) for p in files], out, BatchOptions(workers=1))
    import io
    buffer = io.StringIO()
    assert main(["stats", str(out), "--json"], out=buffer) == 0
    data = json.loads(buffer.getvalue())
    assert data["notices"] == len(files) and data["tasks"] > 100
    leads = data["tasks_per_lead_agency"]
    assert "Bộ Tài chính" in leads and data["deadlines_per_month"]
    # one agency however it is written: "các" and abbreviations do not split a count
    from extractor.textutil import fold
    keys = [" ".join(w for w in fold(name.replace("Ủy ban nhân dân", "UBND")).split() if w != "cac") for name in leads]
    assert len(keys) == len(set(keys)), leads
    verbs = data["most_common_cue_verbs"]
    assert "chủ trì" in verbs and not any(v.startswith(("bộ ", "ủy ban", "sở ")) for v in verbs), verbs
    assert 0 < data["share_with_deadline"] < 1
