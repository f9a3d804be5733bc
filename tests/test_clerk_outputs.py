"""The outputs clerks read, in their language (issue 14, item 0): the XLSX export read back with
openpyxl (headers, one row per deadline, real dates, number cells) and the review report's HTML
(labels in vi and en, each notice once, deadlines as written with the typed value on hover)."""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from extractor.cli import main
from extractor.errors import RulesError
from extractor.export import export
from extractor.labels import LABELS_FILE, labels, parse_date, validate
from extractor.pipeline import extract_or_error, record_json
from extractor.report import build_report, render_report
from extractor.rules import read_yaml

from .conftest import corpus_documents
from .test_report import notice_bodies

TEXT = """ỦY BAN NHÂN DÂN TỈNH LONG AN
Số: 15/UBND-VP
V/v triển khai cải cách hành chính

1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính, Sở Tư pháp, Sở Thông tin và Truyền thông rà soát thủ tục, đạt ít nhất 80% hồ sơ, báo cáo trước ngày 20/10/2024 và hoàn thành trong tháng 11/2024.
2. Sở Tư pháp tổ chức từ 1 đến 2 cuộc họp mỗi tháng.
"""


def _span(text: str, part: str) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


def _task(text: str, written: str, path: str, number: int, **fields: object) -> dict:
    return {"id": f"{'c' * 16}:{number}", "label": path, "path": path, "heading": None, "text": written,
            "span": _span(text, written), "page": 1, "parent": None, "assignees": [], "deadlines": [],
            "metrics": [], "references": [], **fields}


def _notice() -> dict:
    """A cong_van with a month-precise date: task 1 has two deadlines (a day, a month) and a metric,
    task 2 none but a range metric and a recurrence-free text."""
    first = TEXT[TEXT.index("Giao"):TEXT.index("11/2024.") + 8]
    second = TEXT[TEXT.index("Sở Tư pháp tổ"):TEXT.index("mỗi tháng.") + 10]
    lead = {"name": "Sở Nội vụ", "canonical": "Sở Nội vụ tỉnh Long An", "role": "lead", "inherited": False,
            "span": _span(TEXT, "Sở Nội vụ"), "text": "Sở Nội vụ"}
    supports = [{"name": n, "canonical": n, "role": "support", "inherited": False,
                 "span": _span(TEXT, n), "text": n}
                for n in ("Sở Tài chính", "Sở Tư pháp")]
    deadlines = [
        {"text": "trước ngày 20/10/2024", "kind": "by", "start": None, "end": "2024-10-20", "recurrence": None,
         "span": _span(TEXT, "trước ngày 20/10/2024")},
        {"text": "trong tháng 11/2024", "kind": "within", "start": "2024-11", "end": "2024-11", "recurrence": None,
         "span": _span(TEXT, "trong tháng 11/2024")},
    ]
    metric = {"text": "ít nhất 80% hồ sơ", "value": 80, "value_max": None, "unit": "%", "op": ">=",
              "subject": "hồ sơ", "span": _span(TEXT, "ít nhất 80% hồ sơ")}
    meetings = {"text": "từ 1 đến 2 cuộc họp", "value": 1, "value_max": 2.5, "unit": "cuộc họp", "op": "range",
                "subject": None, "span": _span(TEXT, "từ 1 đến 2 cuộc họp")}
    return {
        "schema_version": "1.1", "id": "c" * 16,
        "source": {"path": "/data/notices/cv15.txt", "sha256": "c" * 64, "format": "txt"},
        "doc_type": "cong_van", "number": "15/UBND-VP", "issuer": "Ủy ban nhân dân tỉnh Long An",
        "issue_date": "2024-09", "title": "V/v triển khai cải cách hành chính", "signer": None,
        "recipients": [], "warnings": [], "notes": [], "references": [], "text": TEXT,
        "tasks": [_task(TEXT, first, "1", 1, assignees=[lead, *supports], deadlines=deadlines, metrics=[metric]),
                  _task(TEXT, second, "2", 2, metrics=[meetings])],
    }


ERROR = {"schema_version": "1.1", "source": {"path": "/data/notices/hong.pdf"},
         "error": {"code": "corrupt_file", "message": "not a PDF"}}


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (_notice(), ERROR)), encoding="utf-8")
    return path


def _sheet(book, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


# ---------------------------------------------------------------------------------------------
# XLSX


@pytest.mark.parametrize(("lang", "sheets", "headers"), [
    ("vi", ["Nhiệm vụ", "Văn bản", "Chỉ tiêu"],
     ["Số văn bản", "Ngày ban hành", "Loại văn bản", "Chủ trì", "Phối hợp", "Thời hạn (như văn bản)",
      "Hạn / đến ngày", "Hạn / đến ngày (độ chính xác)", "Phép so sánh", "Giá trị", "Đơn vị", "Trạng thái",
      "Ghi chú"]),
    ("en", ["Tasks", "Notices", "Metrics"],
     ["notice number", "notice date", "doc type", "lead", "support", "deadline (as written)", "due / end",
      "due / end precision", "operator", "value", "unit", "Status", "Note"]),
])
def test_xlsx_headers_in_the_clerks_language(tmp_path: Path, batch: Path, lang: str, sheets: list[str],
                                           headers: list[str]) -> None:
    out = tmp_path / "tasks.xlsx"
    assert main(["export", str(batch), "-o", str(out), "--lang", lang], out=io.StringIO()) == 0
    book = load_workbook(out)
    assert book.sheetnames == sheets
    header = [c.value for c in book[sheets[0]][1]]
    assert all(h in header for h in headers), [h for h in headers if h not in header]
    assert book[sheets[0]].freeze_panes == "A2" and book[sheets[0]].auto_filter.ref
    statuses = labels(lang).xlsx["statuses"]
    validations = book[sheets[0]].data_validations.dataValidation
    assert any(statuses[0] in (v.formula1 or "") for v in validations), "the status column offers its values"


# one typed row per deadline: (task path, deadline no.) -> cells (vi headers)
ROWS = [
    ("1", 1, {"Thời hạn (như văn bản)": "trước ngày 20/10/2024", "Loại thời hạn": "trước ngày",
              "Hạn / đến ngày": datetime.datetime(2024, 10, 20), "Hạn / đến ngày (độ chính xác)": "ngày",
              "Từ ngày": None, "Số thời hạn": 2}),
    ("1", 2, {"Thời hạn (như văn bản)": "trong tháng 11/2024", "Loại thời hạn": "trong khoảng",
              "Từ ngày": datetime.datetime(2024, 11, 1), "Từ ngày (độ chính xác)": "tháng",
              "Hạn / đến ngày": datetime.datetime(2024, 11, 1), "Hạn / đến ngày (độ chính xác)": "tháng"}),
    ("2", None, {"Thời hạn (như văn bản)": None, "Hạn / đến ngày": None, "Số thời hạn": 0,
                 "Phép so sánh": "range", "Giá trị": 1, "Giá trị tối đa": 2.5, "Đơn vị": "cuộc họp"}),
]


@pytest.mark.parametrize(("path", "number", "cells"), ROWS, ids=["by-day", "within-month", "no-deadline"])
def test_xlsx_one_typed_row_per_deadline(tmp_path: Path, batch: Path, path: str, number: int | None,
                                         cells: dict) -> None:
    out = tmp_path / "tasks.xlsx"
    assert export(batch, "xlsx", out) == 2  # two tasks in three rows: 2 deadlines of task 1, task 2 once
    rows = _sheet(load_workbook(out), "Nhiệm vụ")
    assert len(rows) == 3
    (row,) = [r for r in rows if r["Mục"] == path and r["Thời hạn thứ"] == number]
    assert {k: row[k] for k in cells} == cells
    assert row["Loại văn bản"] == "Công văn" and row["Trạng thái"] is None and row["Ghi chú"] is None
    assert row["Ngày ban hành"] == datetime.datetime(2024, 9, 1) and row["Ngày ban hành (độ chính xác)"] == "tháng"


def test_xlsx_numbers_codes_and_date_cells(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "tasks.xlsx"
    export(batch, "xlsx", out)
    book = load_workbook(out)
    sheet = book["Nhiệm vụ"]
    header = [c.value for c in sheet[1]]
    first = {h: c for h, c in zip(header, sheet[2])}
    assert first["Phép so sánh"].value == ">=" and first["Giá trị"].value == 80
    assert first["Giá trị"].data_type == "n" and first["Số thời hạn"].data_type == "n"
    assert first["Hạn / đến ngày"].is_date and first["Hạn / đến ngày"].number_format == "dd/mm/yyyy"
    assert first["Ngày ban hành"].is_date
    assert first["Chủ trì"].value == "Sở Nội vụ" and first["Phối hợp"].value == "Sở Tài chính; Sở Tư pháp"
    metrics = _sheet(book, "Chỉ tiêu")
    assert [(m["Phép so sánh"], m["Giá trị"], m["Giá trị tối đa"], m["Đơn vị"]) for m in metrics] == \
        [(">=", 80, None, "%"), ("range", 1, 2.5, "cuộc họp")]
    notices = _sheet(book, "Văn bản")
    assert [n["Loại văn bản"] for n in notices] == ["Công văn", None]
    assert notices[0]["Ngày ban hành"] == datetime.datetime(2024, 9, 1) and notices[1]["Mã lỗi"] == "corrupt_file"


def test_csv_and_json_keep_their_columns(tmp_path: Path, batch: Path) -> None:
    """The XLSX changed for people; the CSV and JSON rows programs read did not."""
    assert export(batch, "json", tmp_path / "t.json") == 2
    rows = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert rows[0]["doc_type"] == "cong_van" and rows[0]["deadline_end"] == "2024-10-20"


# ---------------------------------------------------------------------------------------------
# report


@pytest.mark.parametrize(("lang", "present", "absent"), [
    ("vi", ["<html lang=vi>", "<title>Báo cáo rà soát nhiệm vụ</title>", "Danh mục văn bản", ">Chủ trì</button>",
            ">Thời hạn</button>", "cơ quan chủ trì", "2 văn bản, 1 lỗi, 4 nhiệm vụ", "Công văn", "Tổng hợp"],
     ["lead agency", "deadline month", "hover a highlight", ">lead</button>", "nhiemvu review report"]),
    ("en", ["<html lang=en>", "<title>nhiemvu review report</title>", "<h2>Index</h2>", ">lead</button>",
            ">deadline</button>", "lead agency", "2 notices, 1 errors, 4 tasks", "Official letter"],
     ["Danh mục văn bản", ">Chủ trì</button>", "Báo cáo rà soát"]),
])
def test_report_interface_language(lang: str, present: list[str], absent: list[str]) -> None:
    notice = _notice()
    other = notice | {"id": "d" * 16, "source": {"path": "/x/b.txt", "sha256": "d" * 64}}
    html = render_report([notice, other, ERROR], lang=lang)
    shown = re.sub(r"<style>.*?</style>|<script>.*?</script>", "", html, flags=re.DOTALL)  # not the code's comments
    page = shown + "".join(notice_bodies(html).values())
    assert [p for p in present if p not in page] == []
    assert [a for a in absent if a in page] == []


@pytest.mark.parametrize(("lang", "typed"), [("vi", "trước ngày 20/10/2024"), ("en", "by 2024-10-20")])
def test_report_deadline_as_written_typed_on_hover(lang: str, typed: str) -> None:
    body = notice_bodies(render_report([_notice()], lang=lang))[0]
    row = re.search(r'<tr data-task="0".*?</tr>', body, re.DOTALL).group(0)
    assert f'<span class=as-written title="{typed}">trước ngày 20/10/2024</span>' in row
    assert "trong tháng 11/2024</span>" in row  # every deadline, as written
    assert f">{_notice()['tasks'][0]['text']}</div>" in row  # the whole task text, not its first words
    assert '<div class=ags title="Sở Tài chính\nSở Tư pháp">' in row and "<br>" not in row.split("as-written")[0]


def test_report_index_shows_titles_and_month_labels() -> None:
    notice = _notice()
    other = notice | {"id": "d" * 16, "title": None, "source": {"path": "/x/b.txt", "sha256": "d" * 64}}
    html = render_report([notice, other])
    index = html[html.index("<table class=index>"):html.index("</table>")]
    assert ">V/v triển khai cải cách hành chính</a>" in index and "cv15.txt</a>" not in index
    assert ">Công văn 15/UBND-VP</a>" in index  # no title: type and number, not the file name
    months = html[html.index('aria-label="thời hạn theo tháng"'):]
    assert ">T10</text>" in months and ">T11</text>" in months and ">2024</text>" in months


def test_report_lists_each_notice_once(tmp_path: Path) -> None:
    """`report batch.jsonl notices/*.txt`: the batch's record and the file are one notice, with its text."""
    docs = corpus_documents()[:2]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(record_json(extract_or_error(p)), ensure_ascii=False) + "\n" for p in docs),
                     encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(batch), *map(str, docs), "-o", str(out)], out=io.StringIO()) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("<details class=notice") == 2
    assert all("class=nv-text" in body for body in notice_bodies(html).values()), "the copy with text is shown"
    assert build_report([*docs, *docs]).count("<details class=notice") == 2


# ---------------------------------------------------------------------------------------------
# the labels file


def test_labels_file_is_validated() -> None:
    raw = read_yaml(LABELS_FILE)
    assert set(validate(raw)) == {"vi", "en"}
    missing = json.loads(json.dumps(raw))
    del missing["en"]["report"]["title"]
    with pytest.raises(RulesError, match="keys differ"):
        validate(missing)
    wrong = json.loads(json.dumps(raw))
    wrong["vi"]["doc_types"]["cong_van"] = ""
    with pytest.raises(RulesError, match="non-empty"):
        validate(wrong)
    codes = json.loads(json.dumps(raw))
    codes["vi"]["doc_types"]["cv"] = codes["vi"]["doc_types"].pop("cong_van")
    codes["en"]["doc_types"]["cv"] = codes["en"]["doc_types"].pop("cong_van")
    with pytest.raises(RulesError, match="doc_types"):
        validate(codes)


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-10-20", (datetime.date(2024, 10, 20), "day")), ("2024-10", (datetime.date(2024, 10, 1), "month")),
    ("2024", (datetime.date(2024, 1, 1), "year")), ("20/10/2024", (None, None)), (None, (None, None)),
    ("2024-13", (None, None)),
])
def test_partial_dates(value: str | None, expected: tuple) -> None:
    assert parse_date(value) == expected
