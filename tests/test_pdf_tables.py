"""Ruled tables in PDFs (extractor/readers/pdf_tables.py): which pages have ruling lines, how cells
become a " | " row as the DOCX reader gives it, and how a table goes on across a page break. The whole
path, txt vs PDF, is tests/test_pdf_fixtures.py's ruled_task_table_with_long_cells."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractor.readers.geometry import Piece
from extractor.readers.pdf_tables import (
    Cell,
    Grid,
    OpenTable,
    Rules,
    TableRow,
    continue_table,
    row_text,
    ruling_lines,
)

from .conftest import CORPUS, FIXTURES

RULED = FIXTURES / "pdf" / "ruled_task_table_with_long_cells.pdf"


@pytest.mark.parametrize(("path", "page", "ruled"), [
    (RULED, 1, True),    # the task table starts at the foot of the last page of the plan
    (RULED, 2, True),
    (CORPUS / "real" / "pdf" / "w13.pdf", 8, False),  # " | " rows typed as paragraphs, no rules
    (CORPUS / "real" / "pdf-ruled" / "w13.pdf", 8, True),
    (CORPUS / "blind" / "pdf" / "m03.pdf", 1, False),
])
def test_pages_with_ruling_lines(path: Path, page: int, ruled: bool):
    document = pdfium.PdfDocument(path)
    try:
        assert ruling_lines(document[page - 1], 842.0).enough is ruled
    finally:
        document.close()


def test_a_rectangle_gives_four_rules_and_a_slanted_segment_none():
    rules = Rules()
    for x0, top, x1, bottom in [(10, 10, 200, 10), (10, 50, 200, 50.5), (10, 10, 10, 50), (200, 10, 200.4, 50),
                                (10, 10, 200, 50)]:
        rules.add(x0, top, x1, bottom)
    assert (len(rules.horizontal), len(rules.vertical), rules.enough) == (2, 2, True)


@pytest.mark.parametrize(("cells", "row"), [
    (["1", "Rà soát thủ tục", "Sở Nội vụ"], "1 | Rà soát thủ tục | Sở Nội vụ"),
    (["1", "", "", ""], "1 | | |"),                       # empty cells keep their places
    (["", "Tổng cộng", ""], "| Tổng cộng |"),              # an empty STT cell
    (["2", "Xây dựng  kho\ndữ liệu", "Sở Tài chính"], "2 | Xây dựng kho dữ liệu | Sở Tài chính"),
])
def test_cells_joined_as_the_docx_reader_joins_them(cells: list[str], row: str):
    assert row_text([Cell(text) for text in cells])[0] == row


@pytest.mark.parametrize(("lines", "text"), [
    (["Sở Khoa học và", "Công nghệ"], "Sở Khoa học và Công nghệ"),
    (["Quyết định số 66/2018/", "QĐ-UBND"], "Quyết định số 66/2018/QĐ-UBND"),  # broken after a slash
    (["Nghị quyết số 10-", "NQ/TU"], "Nghị quyết số 10-NQ/TU"),
    (["Năm 2025 -", "2026"], "Năm 2025 - 2026"),                            # a dash between words
])
def test_the_lines_of_a_cell_join_as_one_text(lines: list[str], text: str):
    cell = Cell()
    for line in lines:
        cell.extend(line, [])
    assert cell.text == text


def test_bold_of_a_header_row_follows_its_cells():
    text, bold = row_text([Cell("TT", [(0, 2)]), Cell("Nhiệm vụ", [(0, 8)])])
    assert [text[s:e] for s, e in bold] == ["TT", "Nhiệm vụ"]


def test_a_merged_cell_from_the_left_has_no_place_one_from_above_is_empty():
    columns = [(0.0, 30.0), (30.0, 200.0), (200.0, 300.0)]
    grid = Grid((0, 0, 300, 60), [
        [(0, 0, 30, 20), (30, 0, 300, 20), None],            # "I | NHÓM NHIỆM VỤ …" over two columns
        [(0, 20, 30, 60), (30, 20, 200, 40), (200, 20, 300, 60)],
        [None, (30, 40, 200, 60), None],                      # STT and lead merged with the row above
    ], columns)
    assert grid.spanned(0, 2)
    assert not grid.spanned(2, 0) and not grid.spanned(2, 2)


def _row(*cells: str) -> TableRow:
    parts = [Cell(text) for text in cells]
    return TableRow(parts, Piece(row_text(parts)[0], 0, 0, 100, 10, 12))


HEADER = ("TT", "Nhiệm vụ", "Cơ quan chủ trì")


@pytest.mark.parametrize(("top_rows", "texts", "last"), [
    # the header row repeated on the new page is dropped; the rest of the cut row joins it
    ([HEADER, ("", "thuộc thẩm quyền của các sở", "tỉnh"), ("3", "Tập huấn", "Sở Nội vụ")],
     ["3 | Tập huấn | Sở Nội vụ"], "2 | Xây dựng quy trình nội bộ thuộc thẩm quyền của các sở | Các sở, ban, ngành tỉnh"),
    # a row without STT that begins anew (a capital) is a row of its own
    ([HEADER, ("", "Số hóa hồ sơ", "Ủy ban nhân dân các xã")],
     ["| Số hóa hồ sơ | Ủy ban nhân dân các xã"], "2 | Xây dựng quy trình nội bộ | Các sở, ban, ngành"),
])
def test_a_table_goes_on_after_a_page_break(top_rows, texts: list[str], last: str):
    previous = OpenTable(" | ".join(HEADER), 3, _row("2", "Xây dựng quy trình nội bộ", "Các sở, ban, ngành"))
    rows = continue_table(previous, [_row(*cells) for cells in top_rows], 3)
    assert [row.piece.text for row in rows] == texts
    assert previous.last.piece.text == last


def _pdf_with_cells_drawn_as_rectangles(cells: list[list[str]]) -> bytes:
    """A page whose table borders are one rectangle per cell (as some producers draw them), with
    ASCII text in a standard font."""
    import ctypes
    import io

    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument.new()
    page = document.new_page(595, 842)
    lefts, tops = [60.0, 100.0, 300.0, 450.0], [700.0, 670.0, 640.0]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            left, right, top, bottom = lefts[c], lefts[c + 1], tops[r], tops[r + 1]
            rect = pdfium_c.FPDFPageObj_CreateNewRect(left, bottom, right - left, top - bottom)
            pdfium_c.FPDFPath_SetDrawMode(rect, pdfium_c.FPDF_FILLMODE_NONE, True)
            pdfium_c.FPDFPage_InsertObject(page.raw, rect)
            glyphs = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Times-Roman", 12.0)
            encoded = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
            pdfium_c.FPDFText_SetText(glyphs, ctypes.cast(encoded, ctypes.POINTER(ctypes.c_ushort)))
            pdfium_c.FPDFPageObj_Transform(glyphs, 1, 0, 0, 1, left + 4, bottom + 10)
            pdfium_c.FPDFPage_InsertObject(page.raw, glyphs)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_cells_drawn_as_rectangles_are_a_ruled_table():
    from extractor.readers.pdf import read_pdf

    data = _pdf_with_cells_drawn_as_rectangles([["TT", "Noi dung", "Chu tri"], ["1", "Ra soat thu tuc", "So Noi vu"]])
    assert [block.text for block in read_pdf(data).blocks] == ["TT | Noi dung | Chu tri",
                                                               "1 | Ra soat thu tuc | So Noi vu"]
