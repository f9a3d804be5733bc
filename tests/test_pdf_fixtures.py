"""PDF regressions, one minimal notice per class of layout the reader once misread: each
tests/fixtures/pdf/<name>.txt is rendered as the corpus is (scripts/build_pdf_fixtures.py: the Word
layout of Decree 30, printed by LibreOffice), and its .docx and .pdf must give what the .txt gives.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest

from extractor.parity import compare_notices
from extractor.pipeline import extract

from .conftest import FIXTURES

PDF_FIXTURES = FIXTURES / "pdf"
HEADER_FIELDS = ("doc_type", "number", "issue_date", "place", "issuer", "title")


@cache
def extraction(path: Path) -> dict:
    return extract(path).model_dump(mode="json")


def value(notice: dict, field: str) -> object:
    return [task["path"] for task in notice["tasks"]] if field == "task paths" else notice[field]


# (fixture, a field of the .txt's extraction the PDF once lost or got wrong, its value)
CASES = [
    # "- VPCP: BTCN, …, các Vụ:" / "TCCV, KTTH, …;": a recipient item wraps after a colon or a semicolon
    # inside it; it ran only to the line end, and the list stopped at the line after it
    ("recipient_item_wrapped_after_colon", "recipients",
     ["Thủ tướng, các Phó Thủ tướng Chính phủ", "Các Bộ: Nông nghiệp và Môi trường, Tài chính",
      "VPCP: BTCN, PCN Phạm Mạnh Cường, các Vụ: TCCV, KTTH, TH, QHĐP, Cổng TTĐT",
      "VPCP: BTCN, Thư ký TTg, các PTTgCP; các Vụ: KGVX, QHĐP, KTTH; Cổng TTĐTCP", "Lưu: VT, NN (2)"]),
    # most paragraphs are one indented line, so the indent was taken for the text's left edge: the
    # "Căn cứ …" paragraph ran into the title, and the appendix title on the next page was read as the
    # closing table's left column going on (the signer came after it and was lost)
    ("indent_as_common_as_the_margin", "title",
     "Phòng, chống bệnh tay chân miệng trên địa bàn tỉnh Đồng Tháp năm 2025"),
    ("indent_as_common_as_the_margin", "signer",
     {"name": "Trần Văn Minh", "title": "Phó Giám đốc", "authority": "KT."}),
    # a table row printed as one justified paragraph: a line that ends a cell's item with ";" or "."
    # at the right edge and a line that opens with "- " are still one paragraph when the first line's
    # word spaces were stretched (row 5's "- Sở Giáo dục và Đào tạo; …" became a task of its own)
    ("justified_cell_line_before_an_item", "task paths", ["I", "II", "1", "2", "3", "4", "5", "6"]),
    # a signer's title too long for the signature column wraps ("PHÓ CHÁNH VĂN PHÒNG" / "THƯỜNG TRỰC"):
    # the title is the lines in capitals under the authority line, not the last of them
    ("signer_title_wraps_in_its_column", "signer",
     {"name": "Nguyễn Văn Thành", "title": "Phó chánh văn phòng thường trực", "authority": "KT."}),
    # a task table with ruling lines (pdf_tables.py): cells wrap over several lines and the columns
    # interleave line by line; a row cut by a page break goes on under the repeated header row
    ("ruled_task_table_with_long_cells", "task paths",
     ["II", "III", "I/1", "I/2", "I", "II/1", "II/2", "II/3", "III/1", "III/2", "III/3"]),
]


@pytest.mark.parametrize(("name", "field", "expected"), CASES, ids=lambda v: v if isinstance(v, str) else "")
def test_the_pdf_gives_what_the_text_gives(name: str, field: str, expected: object):
    txt = extraction(PDF_FIXTURES / f"{name}.txt")
    assert value(txt, field) == expected
    for suffix in (".docx", ".pdf"):
        assert compare_notices(txt, extraction(PDF_FIXTURES / f"{name}{suffix}")) == [], suffix


def test_every_fixture_is_rendered_and_tested():
    names = {path.stem for path in PDF_FIXTURES.glob("*.txt")}
    assert names == {name for name, _, _ in CASES}
    assert all((PDF_FIXTURES / f"{name}{suffix}").is_file() for name in names for suffix in (".docx", ".pdf"))


def test_without_pdfplumber_a_ruled_table_is_read_line_by_line(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # import pdfplumber raises ImportError
    pdf = extract(PDF_FIXTURES / "ruled_task_table_with_long_cells.pdf").model_dump(mode="json")
    txt = extraction(PDF_FIXTURES / "ruled_task_table_with_long_cells.txt")
    assert {f: pdf[f] for f in HEADER_FIELDS} == {f: txt[f] for f in HEADER_FIELDS}
    assert [t["path"] for t in pdf["tasks"]] != [t["path"] for t in txt["tasks"]]  # the rows are lost
