"""DOCX reader through its public function: list numbers as printed, layout tables, bold, footnotes,
legacy fonts, safety checks. (tests/test_docx_reader.py holds the reader's own detailed tests.)"""

from __future__ import annotations

import io
import time
import zipfile

import pytest

docx = pytest.importorskip("docx")
from docx.oxml import parse_xml  # noqa: E402

from extractor.errors import CorruptFile, ExtractionError, TooLarge  # noqa: E402
from extractor.readers.docx import read_docx_bytes  # noqa: E402

from .docx_builders import W_NS, billion_laughs, zip_bomb  # noqa: E402



def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_list(document, abstract_id: int, levels: list[tuple[str, str]], num_ids: list[tuple[int, int | None]]):
    """An abstractNum with (numFmt, lvlText) per level and w:num instances (numId, startOverride)."""
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels))
    numbering.insert(0, parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'))
    for num_id, start in num_ids:
        override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                    if start is not None else "")
        numbering.append(parse_xml(
            f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'))


def _numbered(document, text: str, num_id: int, level: int = 0):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def _texts(data: bytes) -> list[str]:
    return [b.text for b in read_docx_bytes(data)]


@pytest.mark.parametrize("fmt,text,expected", [
    ("decimal", "%1.", "1. Giao Sở Nội vụ"),
    ("upperRoman", "%1.", "I. Giao Sở Nội vụ"),
    ("lowerLetter", "%1)", "a) Giao Sở Nội vụ"),
    ("bullet", "•", "- Giao Sở Nội vụ"),
    ("bullet", "+", "+ Giao Sở Nội vụ"),
])
def test_numbering_formats_from_numpr(fmt, text, expected):
    document = docx.Document()
    _add_list(document, 90, [(fmt, text)], [(90, None)])
    _numbered(document, "Giao Sở Nội vụ", 90)
    assert _texts(_save(document)) == [expected]


def test_multilevel_labels_and_deeper_levels_restart():
    document = docx.Document()
    _add_list(document, 91, [("decimal", "%1."), ("decimal", "%1.%2."), ("lowerLetter", "%3)")], [(91, None)])
    for text, level in [("Sở Nội vụ", 0), ("Rà soát", 1), ("Kiểm tra", 1), ("Sở Tài chính", 0), ("Bố trí", 1),
                        ("vốn", 2), ("kinh phí", 2)]:
        _numbered(document, text, 91, level)
    assert _texts(_save(document)) == ["1. Sở Nội vụ", "1.1. Rà soát", "1.2. Kiểm tra", "2. Sở Tài chính",
                                       "2.1. Bố trí", "a) vốn", "b) kinh phí"]


def test_a_second_list_instance_with_start_override_restarts():
    document = docx.Document()
    _add_list(document, 92, [("decimal", "%1.")], [(92, None), (93, 1)])
    _numbered(document, "Kết quả một", 92)
    _numbered(document, "Kết quả hai", 92)
    _numbered(document, "Nhiệm vụ một", 93)
    assert _texts(_save(document)) == ["1. Kết quả một", "2. Kết quả hai", "1. Nhiệm vụ một"]


def test_numbering_that_comes_only_from_the_paragraph_style():
    document = docx.Document()  # python-docx's template: "List Number" carries numPr in its style
    document.add_paragraph("Sở Nội vụ chủ trì.", style="List Number")
    document.add_paragraph("Sở Tài chính phối hợp.", style="List Number")
    document.add_paragraph("Kiểm tra định kỳ.", style="List Bullet")
    assert _texts(_save(document)) == ["1. Sở Nội vụ chủ trì.", "2. Sở Tài chính phối hợp.", "- Kiểm tra định kỳ."]


def test_header_table_left_column_then_right_column_and_task_table_rows():
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).paragraphs[0].text = "ỦY BAN NHÂN DÂN"
    header.cell(0, 0).add_paragraph("Số: 12/TB-UBND")
    header.cell(0, 1).paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Long An, ngày 05 tháng 10 năm 2023")
    tasks = document.add_table(rows=2, cols=3)
    for cell, text in zip(tasks.rows[0].cells, ["TT", "Nhiệm vụ", "Cơ quan chủ trì"]):
        cell.text = text
    for cell, text in zip(tasks.rows[1].cells, ["1", "Xây dựng kho dữ liệu", "Sở TT&TT"]):
        cell.text = text
    assert _texts(_save(document)) == [
        "ỦY BAN NHÂN DÂN", "Số: 12/TB-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Long An, ngày 05 tháng 10 năm 2023", "TT | Nhiệm vụ | Cơ quan chủ trì", "1 | Xây dựng kho dữ liệu | Sở TT&TT"]


def test_bold_runs_are_emphasis_after_the_label():
    document = docx.Document()
    paragraph = document.add_paragraph("Gửi báo cáo ", style="List Number")
    paragraph.add_run("trước ngày 31/8/2022.").bold = True
    (block,) = read_docx_bytes(_save(document))
    (start, end), = block.emphasis
    assert block.text[start:end] == "trước ngày 31/8/2022."


def test_footnote_becomes_a_note_block_after_its_paragraph():
    document = docx.Document()
    document.add_paragraph("Tháo gỡ khó khăn, vướng mắc")
    data = _save(document)
    # add a footnotes part and a reference by hand: python-docx has no footnote API
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = content.replace("vướng mắc</w:t></w:r>".encode(),
                                          "vướng mắc</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>".encode())
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", f'<w:footnotes {W_NS}><w:footnote w:id="0" w:type="separator"/>'
                        f'<w:footnote w:id="1"><w:p><w:r><w:t>Nhất là hạ tầng.</w:t></w:r></w:p></w:footnote>'
                        f'</w:footnotes>'.encode())
    blocks = read_docx_bytes(out.getvalue())
    assert [(b.text, b.footnote) for b in blocks] == [("Tháo gỡ khó khăn, vướng mắc", False), ("¹ Nhất là hạ tầng.", True)]


def test_corrupt_truncated_and_ole_inputs():
    document = docx.Document()
    document.add_paragraph("Giao Sở Nội vụ")
    data = _save(document)
    with pytest.raises(CorruptFile):
        read_docx_bytes(b"PK\x03\x04 this is not a zip")
    with pytest.raises(CorruptFile):
        read_docx_bytes(data[: len(data) // 2])
    with pytest.raises(ExtractionError) as info:
        read_docx_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert info.value.code == "encrypted"


def test_zip_bomb_is_refused_before_inflating():
    data = zip_bomb()
    started = time.monotonic()
    with pytest.raises(TooLarge):
        read_docx_bytes(data)
    assert time.monotonic() - started < 1.0


def test_entity_expansion_is_refused():
    with pytest.raises(CorruptFile, match="ENTITY"):
        read_docx_bytes(billion_laughs())


def test_a_notice_in_docx_gives_the_same_tasks_as_its_text():
    from extractor import extract
    document = docx.Document()
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph("Kết luận của Chủ tịch UBND tỉnh")
    document.add_paragraph("Chủ tịch UBND tỉnh kết luận như sau:")
    for text in ["Sở Nội vụ chủ trì rà soát, báo cáo UBND tỉnh trước ngày 31/10/2023.",
                 "Sở Tài chính bố trí kinh phí trong quý IV/2023."]:
        document.add_paragraph(text, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notice.docx"
        path.write_bytes(buffer.getvalue())
        from_docx = extract(path)
    from_text = extract("THÔNG BÁO\n\nKết luận của Chủ tịch UBND tỉnh\n\nChủ tịch UBND tỉnh kết luận như sau:\n\n"
                        "1. Sở Nội vụ chủ trì rà soát, báo cáo UBND tỉnh trước ngày 31/10/2023.\n\n"
                        "2. Sở Tài chính bố trí kinh phí trong quý IV/2023.\n")
    def key(n):
        return [(t.path, [(a.name, a.role) for a in t.assignees], [(d.kind, d.end) for d in t.deadlines]) for t in n.tasks]
    assert from_docx.source.format == "docx" and key(from_docx) == key(from_text)

