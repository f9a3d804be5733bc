"""Batch ingestion: one line per input, typed error records, resume after a kill, exports."""

from __future__ import annotations

import csv
import io
import json
import re
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
    import docx

    from .docx_builders import billion_laughs, zip_bomb
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
                out=io.StringIO())
    assert code == 1
    records = {Path(r["source"]["path"]).name: r for r in _lines(out)}
    inputs = collect_inputs([str(inbox), str(missing)])
    assert len(records) == len(inputs) == len(_lines(out))
    for name, code_ in EXPECTED_CODES.items():
        assert records[name]["error"]["code"] == code_, name
    assert records["vanished.txt"]["error"]["code"] == "not_found"
    assert records["english.txt"]["tasks"] == []
    assert records["english.txt"]["warnings"][0].startswith("the text does not look Vietnamese")
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
    # 5 s: a worker's first files compile the agency patterns they need (~1 s, more on a loaded machine)
    summary = run_batch([str(p) for p in files], out, BatchOptions(workers=2, timeout=5))
    assert time.monotonic() - started < 25
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
    # the XLSX has a row per deadline (one for a task without any)
    deadline_rows = sum(max(1, len(t.get("deadlines", []))) for r in _lines(out) for t in r.get("tasks", []))
    xlsx, csv_path = tmp_path / "t.xlsx", tmp_path / "t.csv"
    assert main(["export", str(out), "--to", "xlsx", "-o", str(xlsx)], out=io.StringIO()) == 0
    assert main(["export", str(out), "--to", "csv", "-o", str(csv_path)], out=io.StringIO()) == 0
    from openpyxl import load_workbook
    book = load_workbook(xlsx)
    sheet = book["Nhiệm vụ"]
    assert sheet.max_row - 1 == deadline_rows and book["Văn bản"].max_row - 1 == len(files)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    header = [c.value for c in sheet[1]]
    dates = [row[header.index("Hạn / đến ngày")] for row in sheet.iter_rows(min_row=2, values_only=True)]
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


# --- regressions: batch and CLI defects found by a review (issue 12) --------------------------------
def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_resume_matched_by_hash_only_dropped_a_second_file_with_the_same_content(tmp_path):
    first = _copy_corpus(tmp_path / "in")[0]
    twin = tmp_path / "in" / "twin.txt"
    twin.write_bytes(first.read_bytes())
    out = tmp_path / "out.jsonl"
    run_batch([str(first)], out, BatchOptions(workers=1))
    summary = run_batch([str(first), str(twin)], out, BatchOptions(workers=1, resume=True))
    assert summary.skipped == 1 and summary.notices == 2
    assert [r["source"]["path"] for r in _lines(out)] == [str(first), str(twin)]


def test_resume_redoes_an_input_whose_content_changed(tmp_path):
    path = _copy_corpus(tmp_path / "in")[0]
    out = tmp_path / "out.jsonl"
    run_batch([str(path)], out, BatchOptions(workers=1))
    path.write_text(path.read_text(encoding="utf-8") + "\n\nBản sửa.\n", encoding="utf-8")
    summary = run_batch([str(path)], out, BatchOptions(workers=1, resume=True))
    [line] = _lines(out)
    assert summary.skipped == 0 and line["source"]["sha256"] == batch_module.sha256_of(path)


@pytest.mark.parametrize(("flag", "redone"), [("--resume", False), ("--retry-errors", True)])
def test_error_records_could_not_be_retried(tmp_path, flag, redone):
    good, slow = _copy_corpus(tmp_path / "in")[:2]
    out = tmp_path / "out.jsonl"
    run_batch([str(good), str(slow)], out, BatchOptions(workers=1))
    lines = out.read_text(encoding="utf-8").splitlines()
    # as a loaded machine leaves it: the second input timed out (same path, same content)
    out.write_text(lines[0] + "\n" + batch_module.timeout_line(str(slow), 60) + "\n", encoding="utf-8")
    code, table = _run("batch", str(good), str(slow), "-o", str(out), "--workers", "1", "--quiet", flag)
    records = _lines(out)
    assert [r["source"]["path"] for r in records] == [str(good), str(slow)]
    assert ("error" not in records[1]) is redone and code == (0 if redone else 1)
    assert re.search(rf"skipped \(resume\) +{1 if redone else 2}\n", table)


def test_output_was_sorted_by_path_instead_of_command_line_order(tmp_path):
    files = _copy_corpus(tmp_path / "in")[:4]
    folder = tmp_path / "folder"
    folder.mkdir()
    for name in ("b.txt", "a.txt", "c.txt"):
        (folder / name).write_bytes(files[0].read_bytes())
    order = [files[3], folder, files[1], files[3]]  # a folder expands sorted; a repeated input counts once
    out = tmp_path / "out.jsonl"
    run_batch([str(p) for p in order], out, BatchOptions(workers=2))
    assert [Path(r["source"]["path"]) for r in _lines(out)] == [
        files[3], folder / "a.txt", folder / "b.txt", folder / "c.txt", files[1]]


@pytest.mark.parametrize(("spec", "message"), [
    ("{tmp}/empty", "no file in folder {tmp}/empty"),
    ("{tmp}/only_hidden", "no file in folder {tmp}/only_hidden"),
    ("{tmp}/in/*.docx", "no file matches {tmp}/in/*.docx"),
    ("{tmp}/nowhere/**/*.txt", "no file matches {tmp}/nowhere/**/*.txt"),
])
def test_an_empty_folder_or_a_glob_matching_nothing_exited_0_without_a_word(tmp_path, capsys, spec, message):
    good = _copy_corpus(tmp_path / "in")[0]
    (tmp_path / "empty").mkdir()
    (tmp_path / "only_hidden").mkdir()
    (tmp_path / "only_hidden" / ".notice.txt").write_bytes(good.read_bytes())
    out = tmp_path / "out.jsonl"
    code, _ = _run("batch", str(good), spec.format(tmp=tmp_path), "-o", str(out), "--quiet")
    assert code == 2 and not out.exists()
    assert capsys.readouterr().err.strip() == f"nhiemvu batch: {message.format(tmp=tmp_path)}"


def test_a_missing_file_in_a_batch_is_not_found(tmp_path):
    out = tmp_path / "out.jsonl"
    assert _run("batch", str(tmp_path / "gone.pdf"), "-o", str(out), "--quiet")[0] == 1
    [line] = _lines(out)
    assert line["error"] == {"code": "not_found", "message": f"no such file: {tmp_path / 'gone.pdf'}"}


def _pdf_with_a_broken_page() -> bytes:
    data = (CORPUS / "seeds" / "pdf" / "001_469ec51c1b46772e.pdf").read_bytes()
    assert b"/Type/Page/" in data
    return data.replace(b"/Type/Page/", b"/Type/Xage/", 1)  # pdfium: "Failed to load page."


@pytest.mark.parametrize(("name", "data", "code", "words"), [
    ("broken_page.pdf", _pdf_with_a_broken_page(), "corrupt_file", "cannot read page 1 of the PDF"),
    ("letter.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "unsupported_format", "save it as .docx"),
    ("letter.DOC", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "unsupported_format", "save it as .docx"),
    ("notice.rtf", b"{\\rtf1 x}", "unsupported_format", "supported: "),
])
def test_pdfium_page_errors_were_internal_and_legacy_doc_said_nothing_useful(tmp_path, name, data, code, words):
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out.jsonl"
    run_batch([str(path)], out, BatchOptions(workers=1))
    [line] = _lines(out)
    assert line["error"]["code"] == code and words in line["error"]["message"]


@pytest.mark.parametrize("name", ["english.txt", "memo.txt"])
def test_an_english_memo_was_a_news_article_issued_by_memorandum(tmp_path, name):
    memo = ("MEMORANDUM\n\nTo: All department heads\nFrom: Office of the Director\n\n"
            "1. Each department shall submit its budget proposal by 31 March 2024.\n"
            "2. The finance office will consolidate the proposals and report to the board.\n")
    path = BAD / name if name == "english.txt" else tmp_path / name
    if name == "memo.txt":
        path.write_text(memo, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run_batch([str(path)], out, BatchOptions(workers=1))
    [notice] = _lines(out)
    assert (notice["doc_type"], notice["issuer"], notice["title"], notice["tasks"]) == ("other", None, None, [])
    assert notice["warnings"] == [
        "the text does not look Vietnamese: not read as a notice (no type, issuer or tasks guessed)"]


@pytest.mark.parametrize("path", ["seeds/docs/001_469ec51c1b46772e.txt", "real/docs/w01.txt"])
def test_a_vietnamese_notice_gets_no_language_warning(path):
    from extractor import extract

    notice = extract(CORPUS / path)
    assert notice.doc_type != "other" and not any("Vietnamese" in w for w in notice.warnings)


def _dask_run_with_a_hanging_second_file(tmp_path: Path, count: int):
    """`count` corpus files with one that hangs its worker put second, run through `--dask local` with a
    10 s timeout: the run must not wait for the hang, the hanging file gets its `timeout` record and
    every file its line, in input order."""
    pytest.importorskip("dask.distributed")
    import dask

    from .dask_hang_preload import HANG_SECONDS

    files = _copy_corpus(tmp_path / "in")[:count]
    hanging = tmp_path / "in" / "stuck.hang"
    hanging.write_text("x", encoding="utf-8")
    inputs = [str(files[0]), str(hanging), *map(str, files[1:])]
    out = tmp_path / "out.jsonl"
    preload = str(Path(__file__).with_name("dask_hang_preload.py"))
    started = time.monotonic()
    with dask.config.set({"distributed.worker.preload": [preload]}):
        summary = run_batch(inputs, out, BatchOptions(workers=2, timeout=10, dask_address="local"))
    assert time.monotonic() - started < HANG_SECONDS - 15
    lines = _lines(out)
    assert [r["source"]["path"] for r in lines] == inputs
    assert lines[1]["error"] == {"code": "timeout", "message": "no result within 10 s"}
    assert summary.errors == {"timeout": 1}, [r.get("error") for r in lines]
    return files, out, summary


def test_dask_ignored_the_per_file_timeout_and_a_hanging_file_blocked_the_run(tmp_path):
    """The futures came from as_completed, so result(timeout=…) never fired: a file that hangs a
    worker must get a `timeout` record and the rest of the batch its lines, as in a local run."""
    _files, _out, summary = _dask_run_with_a_hanging_second_file(tmp_path, 4)
    assert summary.notices == 4


def test_dask_chunks_keep_the_per_file_timeout_and_the_input_order(tmp_path, monkeypatch):
    """Files go to the workers in chunks (one task for several files): a file that hangs inside a
    chunk gets its `timeout` record, the files of its chunk before and after it their lines, in
    input order."""
    monkeypatch.setattr(batch_module, "chunk_size", lambda files, threads: 3)
    # chunks: [0, hang, 1], [2, 3, 4], [5]
    files, out, summary = _dask_run_with_a_hanging_second_file(tmp_path, 6)
    assert summary.notices == 6
    local = tmp_path / "local.jsonl"
    run_batch([str(p) for p in files], local, BatchOptions(workers=2))
    assert [line for n, line in enumerate(out.read_text(encoding="utf-8").splitlines()) if n != 1] == \
        local.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(("files", "threads", "size"), [
    (5, 2, 1),           # a small batch: one file per task, as before chunks
    (1_000, 2, 62),      # enough chunks for every thread to have several
    (10_000, 2, 64),     # at most CHUNK_FILES files per task
    (10_000, 200, 6),
    (0, 2, 1),
])
def test_chunk_size(files, threads, size):
    assert batch_module.chunk_size(files, threads) == size


@pytest.mark.parametrize(("files", "threads", "sizes"), [
    (5, 2, [1, 1, 1, 1, 1]),
    (40, 2, [2] * 5 + [1] * 30),  # 40 // 16 = 2 files while 32 remain, then one at a time
    (0, 2, []),
])
def test_chunks_shrink_towards_the_end_of_the_run(files, threads, sizes):
    jobs = [(n, f"f{n}.txt") for n in range(files)]
    chunks = list(batch_module.chunked(jobs, threads))
    assert [len(c) for c in chunks] == sizes
    assert [job for chunk in chunks for job in chunk] == jobs


def test_a_long_run_starts_with_full_chunks_and_ends_with_single_files():
    sizes = [len(c) for c in batch_module.chunked([(n, f"f{n}.txt") for n in range(10_000)], 2)]
    assert sizes[:100] == [batch_module.CHUNK_FILES] * 100
    assert sizes == sorted(sizes, reverse=True) and sizes[-16:] == [1] * 16 and sum(sizes) == 10_000
