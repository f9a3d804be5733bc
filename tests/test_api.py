"""The public Python API (README, "Python API"): extract a path or a text, many files in order, batch
lines read back as typed records, and the recognizers on any text with spans into that text."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest

import extractor
from extractor import (
    ErrorRecord,
    Notice,
    extract,
    extract_text,
    find_agencies,
    find_deadlines,
    find_metrics,
    find_references,
    iter_extract,
    load_records,
)
from extractor.batch import BatchOptions, run_batch

from .conftest import CORPUS

SEED = CORPUS / "seeds" / "docs" / "001_469ec51c1b46772e.txt"
TASK = ("Giao Sở Nội vụ chủ trì, phối hợp với UBND cấp huyện rà soát trước ngày 31/8/2022, đạt ít nhất 80% "
        "hồ sơ theo Quyết định số 1/QĐ-UBND ngày 01/01/2022; báo cáo UBND tỉnh.")


def test_everything_in_all_is_importable_from_the_package():
    for name in extractor.__all__:
        assert getattr(extractor, name) is not None, name
    with pytest.raises(AttributeError):
        extractor.no_such_name  # noqa: B018


# --- extract(path) and extract_text(text) ------------------------------------------------------------
@pytest.mark.parametrize("path", [SEED, str(SEED)], ids=["Path", "str"])
def test_extract_reads_a_path_and_always_gives_the_text_spans_refer_to(path):
    notice = extract(path)
    assert notice.source.path == str(SEED) and len(notice.tasks) == 25
    assert notice.text is not None
    for task in notice.tasks:
        assert notice.text[task.span[0]:task.span[1]] == task.text
        for assignee in task.assignees:
            if assignee.span is not None:
                assert notice.text[assignee.span[0]:assignee.span[1]] == assignee.text


@pytest.mark.parametrize("path", [
    "corpus/seeds/docs/does_not_exist.txt",       # the issue's example: was a news article with 0 tasks
    CORPUS / "seeds" / "docs" / "does_not_exist.txt",
    "does_not_exist.docx",
    SEED.read_text(encoding="utf-8"),             # a notice's text is not a path: extract_text takes it
    "Giao Sở Nội vụ chủ trì " * 300,             # one line too long for a file name
])
def test_a_missing_path_raises_file_not_found(path):
    with pytest.raises(FileNotFoundError) as caught:
        extract(path)
    if isinstance(path, str) and (len(path) > 255):
        assert "extract_text" in str(caught.value)


def test_extract_text_gives_what_extract_gives_for_the_file():
    by_path, by_text = extract(SEED), extract_text(SEED.read_text(encoding="utf-8"))
    assert [t.model_dump() for t in by_text.tasks] == [t.model_dump() for t in by_path.tasks]
    assert by_text.text == by_path.text and by_text.source.path is None


BODY = ("THÔNG BÁO\n\nKết luận của Chủ tịch\n\n"
        "1. Sở Tài chính chủ trì tham mưu trong thời hạn 15 ngày kể từ ngày ký; báo cáo trước ngày 15/9.\n")
SNIPPET = BODY  # a type word and a task, no number, place or date
DATED = "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\n\nSố: 12/TB-UBND\n\nLào Cai, ngày 01 tháng 3 năm 2024\n\n" + BODY


@pytest.mark.parametrize(("text", "issue_date", "expected_date", "expected_ends"), [
    (SNIPPET, "2025-08-01", "2025-08-01", ["2025-08-16", "2025-09-15"]),
    (SNIPPET, date(2025, 8, 1), "2025-08-01", ["2025-08-16", "2025-09-15"]),
    (SNIPPET, None, None, [None, None]),                               # no date: relative ones stay open
    (DATED, "2025-08-01", "2024-03-01", ["2024-03-16", "2024-09-15"]),  # the header's date wins
])
def test_extract_text_issue_date_resolves_relative_deadlines(text, issue_date, expected_date, expected_ends):
    notice = extract_text(text, issue_date=issue_date)
    assert notice.issue_date == expected_date
    assert [d.end for t in notice.tasks for d in t.deadlines] == expected_ends


@pytest.mark.parametrize("bad", ["01/08/2025", "2025-13-01", "tomorrow"])
def test_extract_text_refuses_a_date_that_is_not_iso(bad):
    with pytest.raises(ValueError):
        extract_text(SNIPPET, issue_date=bad)


# --- iter_extract and load_records --------------------------------------------------------------------
@pytest.fixture
def mixed_inputs(tmp_path: Path) -> list[Path]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    docs = sorted((CORPUS / "seeds" / "docs").glob("*.txt"))
    return [docs[2], tmp_path / "missing.txt", docs[0], empty, docs[1]]


@pytest.mark.parametrize("workers", [1, 2])
def test_iter_extract_yields_typed_records_in_input_order(mixed_inputs, workers):
    records = list(iter_extract(mixed_inputs, workers=workers))
    assert [r.source.path if isinstance(r, Notice) else r.source["path"] if isinstance(r.source, dict)
            else r.source.path for r in records] == [str(p) for p in mixed_inputs]
    assert [type(r).__name__ for r in records] == ["Notice", "ErrorRecord", "Notice", "ErrorRecord", "Notice"]
    assert [r.error.code for r in records if isinstance(r, ErrorRecord)] == ["not_found", "empty"]
    assert all(r.text for r in records if isinstance(r, Notice))


def test_iter_extract_of_nothing_is_nothing():
    assert list(iter_extract([], workers=2)) == []


def test_load_records_reads_a_batch_back_as_the_records_extract_gives(mixed_inputs, tmp_path):
    out = tmp_path / "batch.jsonl"
    run_batch([str(p) for p in mixed_inputs], out, BatchOptions(workers=1, include_text=True))
    records = load_records(out)
    assert records == list(iter_extract(mixed_inputs))
    without_text = tmp_path / "plain.jsonl"
    run_batch([str(p) for p in mixed_inputs], without_text, BatchOptions(workers=1))
    assert [r.text for r in load_records(without_text) if isinstance(r, Notice)] == [None, None, None]


@pytest.mark.parametrize(("content", "message"), [
    ("{\n", "line 1 is not JSON"),
    ("\n[1, 2]\n", "line 2 is not a notice or an error record"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text"),
    (json.dumps({"id": "x", "tasks": []}) + "\n", "record 1 is not a notice or an error record"),
])
def test_load_records_names_the_line_that_is_not_a_record(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ValueError, match=message):
        load_records(path)


def test_load_records_of_a_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_records(tmp_path / "missing.jsonl")


# --- the recognizers on any text ----------------------------------------------------------------------
def _summary(found) -> list[tuple]:
    return [(x.text, *(getattr(x, key) for key in _KEYS[type(x).__name__])) for x in found]


_KEYS = {"Deadline": ("kind", "end"), "Metric": ("op", "value", "unit"), "Assignee": ("role", "registry_id"),
         "Reference": ("doc_type", "number", "date")}


@pytest.mark.parametrize(("find", "text", "kwargs", "expected"), [
    (find_deadlines, TASK, {}, [("trước ngày 31/8/2022", "by", "2022-08-31")]),
    (find_deadlines, "trước ngày 15/9", {"issue_date": "2024-03-01"}, [("trước ngày 15/9", "by", "2024-09-15")]),
    (find_deadlines, "trước ngày 15/9", {}, [("trước ngày 15/9", "by", None)]),
    (find_deadlines, "định kỳ hàng tháng", {}, [("định kỳ hàng tháng", "recurring", None)]),
    (find_deadlines, "Căn cứ Quyết định số 12/QĐ-UBND ngày 01/3/2022", {}, []),  # a citation's date
    (find_deadlines, "Tăng cường công tác quản lý", {}, []),
    (find_metrics, TASK, {}, [("đạt ít nhất 80% hồ sơ theo Quyết định số 1/QĐ-UBND ngày 01/01/2022", ">=", 80, "%")]),
    (find_metrics, "đạt từ 5 đến 10 tỷ đồng", {}, [("từ 5 đến 10 tỷ đồng", "range", 5, "tỷ đồng")]),
    (find_metrics, "năm 2023 đã đạt 75% kế hoạch", {}, []),                   # a past result
    (find_metrics, "Căn cứ Quyết định số 12/QĐ-UBND ngày 01/3/2022", {}, []),
    (find_agencies, TASK, {}, [("Sở Nội vụ", "lead", "so-noi-vu"),
                               ("UBND cấp huyện", "support", "uy-ban-nhan-dan-huyen"),
                               ("UBND tỉnh", "report_to", "uy-ban-nhan-dan-tinh")]),
    (find_agencies, "Giao Bộ Tài chính chủ trì", {}, [("Bộ Tài chính", "lead", "bo-tai-chinh")]),
    (find_agencies, "Các cơ quan liên quan phối hợp thực hiện.", {}, []),      # boilerplate, no agency
    (find_agencies, "Tăng cường công tác quản lý", {}, []),
    (find_references, TASK, {}, [("Quyết định số 1/QĐ-UBND ngày 01/01/2022", "Quyết định", "1/QĐ-UBND",
                                  "2022-01-01")]),
    (find_references, "trước ngày 31/8/2022", {}, []),
])
def test_recognizers_on_any_text(find, text, kwargs, expected):
    found = find(text, **kwargs)
    assert _summary(found) == expected
    for value in found:
        assert text[value.span[0]:value.span[1]] == value.text


@pytest.mark.parametrize("form", [
    lambda t: unicodedata.normalize("NFD", t),           # decomposed, as some PDF tools write
    lambda t: t.replace("hòa", "hoà").replace("ủy", "uỷ"),  # the old tone-mark placement
    lambda t: t.replace("Nội vụ", "Nội\u200b vụ").replace(" ", "\u00a0", 3),  # zero-width, no-break spaces
], ids=["nfd", "old-tones", "zero-width"])
@pytest.mark.parametrize("find", [find_deadlines, find_metrics, find_agencies, find_references])
def test_spans_point_into_the_callers_text_in_any_form(form, find):
    text = form("Chủ tịch UBND tỉnh Hòa Bình giao " + TASK + " Ủy ban nhân dân huyện phối hợp.")
    plain = find(unicodedata.normalize("NFC", text.replace("\u200b", "").replace("\u00a0", " ")))
    found = find(text)
    assert len(found) == len(plain) > 0
    for value in found:
        assert text[value.span[0]:value.span[1]] == value.text
