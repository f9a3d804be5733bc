"""DOCX reader (extractor/readers/docx.py) and legacy fonts (extractor/readers/legacy_fonts.py).

Every DOCX here is built in the test: python-docx for the body, tables, runs and styles, small XML
edits for what it has no API for (numbering definitions, w:numPr, footnotes, hostile packages).
Three of them are also saved under tests/fixtures/docx/ to be opened by hand; regenerate them with
`.venv/bin/python -m tests.test_docx_reader` from the repository root.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import time
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from extractor.errors import CorruptFile, EmptyInput, ExtractionError, TooLarge
from extractor.readers import docx as docx_reader
from extractor.readers.base import Block
from extractor.readers.docx import read_docx_bytes
from extractor.readers.legacy_fonts import (
    TCVN3_TO_UNICODE,
    convert_legacy_text,
    legacy_encoding,
    tcvn3_to_unicode,
    vni_to_unicode,
)

from .docx_builders import BILLION_LAUGHS, W_NS, zip_bomb

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docx"
SEED = Path(__file__).resolve().parent.parent / "corpus" / "seeds" / "docs" / "001_469ec51c1b46772e.txt"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


# --- builders -------------------------------------------------------------------------------------
def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def texts(data: bytes) -> list[str]:
    return [block.text for block in read_docx_bytes(data)]


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, restart: int | None = None, bold: bool = False,
        style: str | None = None) -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
            + (f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else "")
            + (f'<w:pStyle w:val="{style}"/>' if style else "")
            + f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
            + ('<w:rPr><w:b/></w:rPr>' if bold else "") + "</w:lvl>")


def abstract_num(abstract_id: int, *levels: str) -> str:
    return f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, start_overrides: dict[int, int] | None = None) -> str:
    overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                        for i, v in (start_overrides or {}).items())
    return f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def set_numbering(document, *definitions: str) -> None:
    """Replace word/numbering.xml's content (abstractNums first, then nums, as the schema orders them)."""
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for xml in definitions:
        numbering.append(parse_xml(xml))


def set_num_pr(p_pr, num_id: int | None, ilvl: int | None) -> None:
    num_pr = p_pr.get_or_add_numPr()
    if ilvl is not None:
        num_pr.get_or_add_ilvl().val = ilvl
    if num_id is not None:
        num_pr.get_or_add_numId().val = num_id


def numbered(document, text: str, num_id: int, ilvl: int = 0):
    paragraph = document.add_paragraph(text)
    set_num_pr(paragraph._p.get_or_add_pPr(), num_id, ilvl)
    return paragraph


def add_footnote_reference(paragraph, footnote_id: int) -> None:
    paragraph._p.append(parse_xml(f'<w:r {W_NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  f'<w:footnoteReference w:id="{footnote_id}"/></w:r>'))


def footnotes_xml(notes: dict[int, str]) -> bytes:
    """Separators as Word writes them, then one footnote per id (the text may hold <w:r> markup)."""
    def runs(text: str) -> str:
        return text if text.startswith("<w:r") else f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r>'

    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/>'
        f'</w:r>{runs(text)}</w:p></w:footnote>' for i, text in notes.items())
    return (f'<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
            f'</w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            f'<w:continuationSeparator/></w:r></w:p></w:footnote>{body}</w:footnotes>').encode()


def rewrite_package(data: bytes, replace: dict[str, bytes] | None = None,
                    add: dict[str, tuple[bytes, str, str]] | None = None) -> bytes:
    """Replace parts by name, or add parts (name -> content, relationship type, content type) related
    to the main document."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = replace.get(item.filename, source.read(item.filename))
            if item.filename == "[Content_Types].xml":
                for name, (_, _, content_type) in add.items():
                    content = content.replace(b"</Types>", f'<Override PartName="/{name}" '
                                              f'ContentType="{content_type}"/></Types>'.encode())
            if item.filename == "word/_rels/document.xml.rels":
                for n, (name, (_, rel_type, _)) in enumerate(add.items()):
                    relationship = (f'<Relationship Id="rIdTest{n}" Type="{rel_type}" '
                                    f'Target="{Path(name).name}"/></Relationships>')
                    content = content.replace(b"</Relationships>", relationship.encode())
            target.writestr(item, content)
        for name, (content, _, _) in add.items():
            target.writestr(name, content)
    return out.getvalue()


def with_footnotes(document, notes: dict[int, str]) -> bytes:
    return rewrite_package(save(document), add={"word/footnotes.xml": (footnotes_xml(notes), FOOTNOTES_REL,
                                                                       FOOTNOTES_TYPE)})


def encode_tcvn3(text: str) -> str:
    """Unicode -> the Latin-1 characters a .VnTime run holds (letters the table lacks stay as they are)."""
    encode = {char: chr(code) for code, char in TCVN3_TO_UNICODE.items()}
    return "".join(encode.get(ch, ch) for ch in text)


# --- (a) numbering from w:numPr on the paragraph --------------------------------------------------
@pytest.mark.parametrize("levels, paragraphs, expected", [
    pytest.param([("decimal", "%1.")], [("Sở Nội vụ", 0), ("Sở Tài chính", 0)],
                 ["1. Sở Nội vụ", "2. Sở Tài chính"], id="decimal"),
    pytest.param([("decimal", "%1."), ("decimal", "%1.%2.")], [("Sở Nội vụ", 0), ("Rà soát", 1), ("Báo cáo", 1)],
                 ["1. Sở Nội vụ", "1.1. Rà soát", "1.2. Báo cáo"], id="multilevel"),
    pytest.param([("decimal", "%1."), ("decimal", "%1.%2."), ("decimal", "%1.%2.%3.")],
                 [("A", 0), ("B", 1), ("C", 2), ("D", 2)], ["1. A", "1.1. B", "1.1.1. C", "1.1.2. D"],
                 id="three-levels"),
    pytest.param([("lowerLetter", "%1)")], [(w, 0) for w in ("một", "hai", "ba", "bốn", "năm")],
                 ["a) một", "b) hai", "c) ba", "d) bốn", "e) năm"], id="lowerLetter-no-đ"),
    pytest.param([("upperRoman", "%1.")], [(w, 0) for w in ("Chung", "Cụ thể", "Tổ chức", "Kinh phí")],
                 ["I. Chung", "II. Cụ thể", "III. Tổ chức", "IV. Kinh phí"], id="upperRoman"),
    pytest.param([("upperRoman", "%1."), ("decimal", "%2.")],
                 [("Chung", 0), ("A", 1), ("B", 1), ("Cụ thể", 0), ("C", 1)],
                 ["I. Chung", "1. A", "2. B", "II. Cụ thể", "1. C"], id="roman-then-decimal"),
    pytest.param([("decimal", "%1.", 3)], [("A", 0)], ["3. A"], id="start-value"),
    pytest.param([("lowerRoman", "(%1)")], [("A", 0), ("B", 0)], ["(i) A", "(ii) B"], id="lowerRoman"),
    pytest.param([("upperLetter", "%1.")], [("A", 0)], ["A. A"], id="upperLetter"),
    pytest.param([("bullet", "\uf0b7")], [("Kiểm tra", 0)], ["- Kiểm tra"], id="bullet-symbol-font"),
    pytest.param([("bullet", "•")], [("Kiểm tra", 0)], ["- Kiểm tra"], id="bullet-dot"),
    pytest.param([("bullet", "o")], [("Kiểm tra", 0)], ["- Kiểm tra"], id="bullet-courier-o"),
    pytest.param([("bullet", "–")], [("Kiểm tra", 0)], ["- Kiểm tra"], id="bullet-en-dash"),
    pytest.param([("bullet", "\uf0a7")], [("Kiểm tra", 0)], ["- Kiểm tra"], id="bullet-wingdings"),
    pytest.param([("bullet", "+")], [("Kiểm tra", 0)], ["+ Kiểm tra"], id="bullet-plus"),
    pytest.param([("bullet", "*")], [("Kiểm tra", 0)], ["* Kiểm tra"], id="bullet-star"),
])
def test_numbering_from_num_pr_is_rendered_as_printed(levels, paragraphs, expected):
    document = docx.Document()
    set_numbering(document, abstract_num(1, *(lvl(i, *spec) for i, spec in enumerate(levels))), num(7, 1))
    for text, ilvl in paragraphs:
        numbered(document, text, 7, ilvl)
    assert texts(save(document)) == expected


def test_labels_use_each_levels_own_format_and_legal_numbering_uses_decimal():
    document = docx.Document()
    legal = lvl(1, "lowerLetter", "%1.%2.").replace("<w:numFmt", '<w:isLgl/><w:numFmt')
    set_numbering(document, abstract_num(1, lvl(0, "upperRoman", "%1."), lvl(1, "lowerLetter", "%1.%2)")),
                  abstract_num(2, lvl(0, "upperRoman", "%1."), legal), num(1, 1), num(2, 2))
    for num_id in (1, 2):
        numbered(document, "Chung", num_id, 0)
        numbered(document, "Cụ thể", num_id, 1)
    assert texts(save(document)) == ["I. Chung", "I.a) Cụ thể", "I. Chung", "1.1. Cụ thể"]


# --- (b) numbering that comes only from the paragraph style ---------------------------------------
def style_numbered_document():
    document = docx.Document()
    set_numbering(document, abstract_num(3, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%2)", style="MucLienKet")),
                  num(4, 3))
    section = document.styles.add_style("Muc", WD_STYLE_TYPE.PARAGRAPH)
    set_num_pr(section.element.get_or_add_pPr(), 4, 0)
    point = document.styles.add_style("Muc Con", WD_STYLE_TYPE.PARAGRAPH)  # numId inherited via basedOn
    point.base_style = section
    set_num_pr(point.element.get_or_add_pPr(), None, 1)
    linked = document.styles.add_style("MucLienKet", WD_STYLE_TYPE.PARAGRAPH)  # level named by w:lvl/w:pStyle
    set_num_pr(linked.element.get_or_add_pPr(), 4, None)
    document.add_paragraph("Sở Nội vụ", style="Muc")
    document.add_paragraph("Rà soát", style="Muc Con")
    document.add_paragraph("Báo cáo", style="MucLienKet")
    document.add_paragraph("Sở Tài chính", style="Muc")
    plain = document.add_paragraph("Không đánh số", style="Muc")
    set_num_pr(plain._p.get_or_add_pPr(), 0, None)  # numId 0: numbering switched off
    document.add_paragraph("Bố trí kinh phí", style="Muc Con")
    return document


def test_numbering_from_the_paragraph_style_chain():
    assert texts(save(style_numbered_document())) == [
        "1. Sở Nội vụ", "a) Rà soát", "b) Báo cáo", "2. Sở Tài chính", "Không đánh số", "a) Bố trí kinh phí"]


# --- (c) restarts ---------------------------------------------------------------------------------
@pytest.mark.parametrize("second_list_overrides, level1, expected", [
    pytest.param({0: 1}, lvl(1, "lowerLetter", "%2)"),
                 ["1. A", "a) a", "b) b", "2. B", "a) c", "1. C", "a) d"], id="startOverride-restarts"),
    pytest.param(None, lvl(1, "lowerLetter", "%2)"),
                 ["1. A", "a) a", "b) b", "2. B", "a) c", "3. C", "a) d"], id="same-abstract-continues"),
    pytest.param({0: 1}, lvl(1, "lowerLetter", "%2)", restart=0),
                 ["1. A", "a) a", "b) b", "2. B", "c) c", "1. C", "d) d"], id="lvlRestart-0-never-restarts"),
])
def test_list_instances_and_level_restarts(second_list_overrides, level1, expected):
    document = docx.Document()
    set_numbering(document, abstract_num(5, lvl(0, "decimal", "%1."), level1),
                  num(1, 5), num(2, 5, second_list_overrides))
    for text, num_id, ilvl in [("A", 1, 0), ("a", 1, 1), ("b", 1, 1), ("B", 1, 0), ("c", 1, 1),
                               ("C", 2, 0), ("d", 2, 1)]:
        numbered(document, text, num_id, ilvl)
    assert texts(save(document)) == expected


def numbering_lists_document():
    """Saved as fixtures/docx/numbering_lists.docx and compared with LibreOffice's rendering."""
    document = docx.Document()
    set_numbering(document,
                  abstract_num(1, lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."), lvl(2, "decimal", "%2.%3."),
                               lvl(3, "lowerLetter", "%4)"), lvl(4, "bullet", "\uf0b7")),
                  num(1, 1), num(2, 1, {1: 1}))
    for text, num_id, ilvl in [
        ("Nhiệm vụ chung", 1, 0), ("Người đứng đầu chịu trách nhiệm", 1, 1), ("Sở Nội vụ", 1, 1),
        ("Theo dõi, đôn đốc", 1, 2), ("Tham mưu kế hoạch", 1, 2), ("trước ngày 10/8/2022", 1, 3),
        ("sau khi có ý kiến", 1, 3), ("Kiểm tra dịch vụ công", 1, 4), ("Nhiệm vụ cụ thể", 1, 0),
        ("Sở Thông tin và Truyền thông", 1, 1), ("Rà soát hạ tầng", 1, 2), ("Danh sách mới", 2, 1),
    ]:
        numbered(document, text, num_id, ilvl)
    return document


NUMBERING_LISTS_TEXT = [
    "I. Nhiệm vụ chung", "1. Người đứng đầu chịu trách nhiệm", "2. Sở Nội vụ", "2.1. Theo dõi, đôn đốc",
    "2.2. Tham mưu kế hoạch", "a) trước ngày 10/8/2022", "b) sau khi có ý kiến", "- Kiểm tra dịch vụ công",
    "II. Nhiệm vụ cụ thể", "1. Sở Thông tin và Truyền thông", "1.1. Rà soát hạ tầng", "1. Danh sách mới",
]


def test_a_deeper_level_restarts_when_its_parent_advances():
    assert texts(save(numbering_lists_document())) == NUMBERING_LISTS_TEXT


# --- (d) legacy fonts -----------------------------------------------------------------------------
def legacy_fonts_document():
    """Saved as fixtures/docx/legacy_fonts.docx."""
    document = docx.Document()
    paragraph = document.add_paragraph("Kính gửi: ")
    paragraph.add_run("Uû ban nh©n d©n tØnh B×nh ThuËn").font.name = ".VnTime"
    document.add_paragraph().add_run("ñy ban nh©n d©n tØnh b×nh thuËn").font.name = ".VnTimeH"
    document.add_paragraph().add_run("Céng hoµ x· héi chñ nghÜa ViÖt Nam").font.name = ".VnArial"
    document.add_paragraph().add_run("§éc lËp – Tù do – H¹nh phóc").font.name = ".VnTime"
    document.add_paragraph().add_run("Uûy ban nhaân daân tænh Bình Thuaän").font.name = "VNI-Times"
    document.add_paragraph().add_run("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM").font.name = "VNI-Helve"
    styled = document.styles.add_style("Van Ban Cu", WD_STYLE_TYPE.PARAGRAPH)
    styled.font.name = ".VnTime"
    document.add_paragraph("Gi¸m ®èc Së Néi vô chñ tr×, phèi hîp víi c¸c c¬ quan", style="Van Ban Cu")
    return document


LEGACY_FONTS_TEXT = [
    "Kính gửi: Uỷ ban nhân dân tỉnh Bình Thuận",
    "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN",
    "Cộng hoà xã hội chủ nghĩa Việt Nam",
    "Độc lập – Tự do – Hạnh phúc",
    "Ủy ban nhân dân tỉnh Bình Thuận",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Giám đốc Sở Nội vụ chủ trì, phối hợp với các cơ quan",
]


def test_runs_in_tcvn3_and_vni_fonts_are_converted_to_unicode():
    assert texts(save(legacy_fonts_document())) == LEGACY_FONTS_TEXT


def test_tcvn3_u_horn_stored_as_a_soft_hyphen_or_a_soft_hyphen_element():
    document = docx.Document()
    document.add_paragraph().add_run("tr\u00adêng").font.name = ".VnTime"
    paragraph = document.add_paragraph()
    run = paragraph.add_run("ng")
    run.font.name = ".VnTime"
    run._r.append(parse_xml(f"<w:softHyphen {W_NS}/>"))
    run._r.append(parse_xml(f'<w:t {W_NS}>êi</w:t>'))
    document.add_paragraph("hy\u00adphen in a Unicode font")
    assert texts(save(document)) == ["trường", "người", "hyphen in a Unicode font"]


@pytest.mark.parametrize("font, legacy, unicode_text", [
    (".VnTime", "Th«ng b¸o kÕt luËn cña Chñ tÞch UBND tØnh", "Thông báo kết luận của Chủ tịch UBND tỉnh"),
    (".VnTime", "QuyÕt ®Þnh sè 2376/Q§-UBND ngµy 12/9/2018", "Quyết định số 2376/QĐ-UBND ngày 12/9/2018"),
    (".VnTime", "tr­íc ngµy 31/8/2022; hç trî ng­êi d©n", "trước ngày 31/8/2022; hỗ trợ người dân"),
    (".VnTime", "kü thuËt, kú häp, ®Çu t­, gi÷ g×n, sö dông", "kỹ thuật, kỳ họp, đầu tư, giữ gìn, sử dụng"),
    (".VnTime", "cßn, râ, ë, mÉu, trÎ, lÏ, hÑn, bÐ", "còn, rõ, ở, mẫu, trẻ, lẽ, hẹn, bé"),
    (".VnTime", "\uf0a9n\uf0ad", "ânư"),  # a font flagged "symbol": Word stores U+F0xx
    (".VnTimeH", "th«ng b¸o", "THÔNG BÁO"),
    (".VnArial NarrowH", "®¶ng bé", "ĐẢNG BỘ"),
    ("VNI-Times", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("VNI-Times", "Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("VNI-Times", "Tröôøng, ngöôøi, nöôùc, Nguyeãn, Hoà Chí Minh", "Trường, người, nước, Nguyễn, Hồ Chí Minh"),
    ("VNI-Times", "Quyeát ñònh, naêm, ñaàu, ñaét, hoïc, kyø, kyõ, tæ, lyù",
     "Quyết định, năm, đầu, đắt, học, kỳ, kỹ, tỉ, lý"),
    ("VNI-Times", "ÑAÛNG BOÄ TÆNH, ÖÙNG DUÏNG, ÔÛ", "ĐẢNG BỘ TỈNH, ỨNG DỤNG, Ở"),
    ("VNI-Times", "aêm aúm aüm aëm", "ăm ẳm ẵm ặm"),
    ("Times New Roman", "Céng hoµ", "Céng hoµ"),
    (".VnTime", "Nội dung đã gõ lại bằng Unicode", "Nội dung đã gõ lại bằng Unicode"),  # kept the old font name
    ("VNI-Times", "Cộng hòa", "Cộng hòa"),
    (None, "Céng hoµ", "Céng hoµ"),
])
def test_legacy_text_conversion(font, legacy, unicode_text):
    assert convert_legacy_text(legacy, font) == unicode_text


@pytest.mark.parametrize("font, encoding", [
    (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3"), (".VnArial", "tcvn3"), (".vnCentury Schoolbook", "tcvn3"),
    ("VNI-Times", "vni"), ("VNI-Helve-Condense", "vni"), ("Times New Roman", None), ("VnTime", None), (None, None),
])
def test_legacy_font_names(font, encoding):
    assert legacy_encoding(font) == encoding


def test_every_tcvn3_letter_round_trips_and_leaves_windows_punctuation_alone():
    letters = "".join(TCVN3_TO_UNICODE.values())
    assert tcvn3_to_unicode(encode_tcvn3(letters)) == letters
    # ă â ê ô ơ ư đ in both cases, then 12 vowels with 5 tones each; no letter twice
    assert len(set(TCVN3_TO_UNICODE.values())) == len(TCVN3_TO_UNICODE) == 14 + 12 * 5
    assert tcvn3_to_unicode("“Céng” – …") == "“Cộng” – …"  # U+201C/U+2013/U+2026 stay
    assert vni_to_unicode("“Coäng” – 100%") == "“Cộng” – 100%"


def test_tcvn3_table_covers_all_vietnamese_lower_case_letters():
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    expected = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | {"đ"}
    plain = set("aeiouy")
    covered = set(TCVN3_TO_UNICODE.values()) | plain
    assert expected <= covered
    assert {"Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"} <= covered


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv")
def test_tcvn3_table_agrees_with_glibc_tcvn5712_1_on_every_byte_it_lists():
    """glibc's TCVN5712-1 is VN1, a superset of the .Vn fonts' VN3: it must agree on our bytes."""
    probe = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=b"a", capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1")
    for code, char in TCVN3_TO_UNICODE.items():
        out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([code]), capture_output=True,
                             check=False)
        assert out.stdout.decode() == char, hex(code)


# --- (e) and (f) tables ---------------------------------------------------------------------------
def fill(cell, lines: list[str]) -> None:
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH THUẬN", "Số: 1234/TB-UBND"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                "Bình Thuận, ngày 05 tháng 8 năm 2022"]


def test_header_table_reads_left_column_then_right_column():
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    fill(header.cell(0, 0), HEADER_LEFT)
    fill(header.cell(0, 1), HEADER_RIGHT)
    document.add_paragraph("THÔNG BÁO")
    blocks = read_docx_bytes(save(document))
    assert [b.text for b in blocks] == HEADER_LEFT + HEADER_RIGHT + ["THÔNG BÁO"]
    assert all(b.gap_before for b in blocks)


def test_two_row_header_table_reads_column_by_column():
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    fill(header.cell(0, 0), HEADER_LEFT[:2])
    fill(header.cell(1, 0), HEADER_LEFT[2:])
    fill(header.cell(0, 1), HEADER_RIGHT[:2])
    fill(header.cell(1, 1), HEADER_RIGHT[2:])
    assert texts(save(document)) == HEADER_LEFT + HEADER_RIGHT


def test_closing_table_reads_recipients_then_signature():
    document = docx.Document()
    document.add_paragraph("Chủ tịch UBND tỉnh yêu cầu thực hiện nghiêm túc./.")
    closing = document.add_table(rows=1, cols=2)
    fill(closing.cell(0, 0), ["Nơi nhận:", "- TT.Tỉnh ủy; TT.HĐND tỉnh;", "- Lưu: VT, HCTC."])
    fill(closing.cell(0, 1), ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "", "Nguyễn Đức Hải Tùng"])
    assert texts(save(document)) == [
        "Chủ tịch UBND tỉnh yêu cầu thực hiện nghiêm túc./.", "Nơi nhận:", "- TT.Tỉnh ủy; TT.HĐND tỉnh;",
        "- Lưu: VT, HCTC.", "TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Đức Hải Tùng"]


TASK_HEADER = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]


def test_task_table_gives_one_block_per_row_joined_with_bars():
    document = docx.Document()
    document.add_paragraph("Phụ lục nhiệm vụ")
    table = document.add_table(rows=3, cols=5)
    for cell, text in zip(table.rows[0].cells, TASK_HEADER):
        cell.text = text
    for cell, lines in zip(table.rows[1].cells, [["1"], ["Xây dựng kho dữ liệu", "dùng chung của tỉnh"],
                                                 ["Sở TT&TT"], ["Các sở, ngành"], ["Quý IV/2022"]]):
        fill(cell, lines)
    for cell, text in zip(table.rows[2].cells, ["2", "Rà soát thủ tục", "Sở Nội vụ", "", "Tháng 9/2022"]):
        cell.text = text
    document.add_paragraph("Tổ chức thực hiện")
    assert texts(save(document)) == [
        "Phụ lục nhiệm vụ",
        "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành",
        "1 | Xây dựng kho dữ liệu dùng chung của tỉnh | Sở TT&TT | Các sở, ngành | Quý IV/2022",
        "2 | Rà soát thủ tục | Sở Nội vụ | | Tháng 9/2022",
        "Tổ chức thực hiện",
    ]


def test_a_two_column_table_with_a_task_header_row_is_data_and_auto_numbers_fill_the_tt_column():
    document = docx.Document()
    set_numbering(document, abstract_num(1, lvl(0, "decimal", "%1.")), num(1, 1))
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "STT", "Nội dung công việc"
    for row, task in ((1, "Rà soát"), (2, "Báo cáo")):
        set_num_pr(table.cell(row, 0).paragraphs[0]._p.get_or_add_pPr(), 1, 0)  # a numbered, empty cell
        table.cell(row, 1).text = task
    assert texts(save(document)) == ["STT | Nội dung công việc", "1. | Rà soát", "2. | Báo cáo"]


def test_body_order_empty_paragraphs_line_breaks_hidden_and_caps():
    document = docx.Document()
    document.add_paragraph("Mở đầu")
    document.add_paragraph("")
    document.add_paragraph("   ")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["a", "b", "c"]):
        cell.text = text
    paragraph = document.add_paragraph("TL. CHỦ TỊCH")
    paragraph.add_run().add_break()
    paragraph.add_run("KT. CHÁNH\tVĂN  PHÒNG")
    hidden = document.add_paragraph("Hiện ")
    hidden.add_run("ẩn ").font.hidden = True
    hidden.add_run("ra")
    document.add_paragraph().add_run("thông báo").font.all_caps = True
    blocks = read_docx_bytes(save(document))
    assert [(b.text, b.gap_before) for b in blocks] == [
        ("Mở đầu", True), ("a | b | c", True), ("TL. CHỦ TỊCH", True), ("KT. CHÁNH VĂN PHÒNG", False),
        ("Hiện ra", True), ("THÔNG BÁO", True)]
    assert all(b.page is None and not b.footnote for b in blocks)


# --- (g) bold emphasis ----------------------------------------------------------------------------
def bold_spans(block: Block) -> list[str]:
    return [block.text[s:e] for s, e in block.emphasis]


def test_bold_runs_are_emphasis_with_offsets_after_the_label():
    document = docx.Document()
    set_numbering(document, abstract_num(1, lvl(0, "decimal", "%1.")),
                  abstract_num(2, lvl(0, "upperRoman", "%1.", bold=True)),
                  num(1, 1), num(2, 2))
    strong = document.styles.add_style("Nhan Manh", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    heading = document.styles.add_style("Tieu De", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.bold = True

    p = numbered(document, "Xây dựng kế hoạch gửi UBND tỉnh ", 1)
    p.add_run("trước ngày 31/8/2022.").bold = True
    p = numbered(document, "Thời gian: ", 1)
    p.add_run("Trước ngày", style="Nhan Manh")
    p.add_run(" 10/8/2022").bold = True
    p = document.add_paragraph("Kết luận ", style="Tieu De")
    p.add_run("không đậm").bold = False
    p.add_run(" rồi đậm")
    numbered(document, "Nhiệm vụ chung", 2).runs[0].bold = True

    blocks = read_docx_bytes(save(document))
    assert blocks[0].text == "1. Xây dựng kế hoạch gửi UBND tỉnh trước ngày 31/8/2022."
    assert blocks[0].emphasis == [(35, 56)]
    assert bold_spans(blocks[0]) == ["trước ngày 31/8/2022."]
    assert bold_spans(blocks[1]) == ["Trước ngày 10/8/2022"]
    assert bold_spans(blocks[2]) == ["Kết luận", "rồi đậm"]  # spaces at a span edge are trimmed
    assert blocks[3].text == "I. Nhiệm vụ chung" and blocks[3].emphasis == [(0, len(blocks[3].text))]


@pytest.mark.parametrize("seed", range(5))
def test_tidying_white_space_keeps_every_character_bold_or_not(seed):
    rng = random.Random(seed)
    for _ in range(2000):
        text = "".join(rng.choice("ab  \t\u00a0") for _ in range(rng.randint(0, 15)))
        cuts = sorted(rng.sample(range(len(text) + 1), k=min(len(text) + 1, 4)))
        spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if b > a]
        out = docx_reader.tidy(docx_reader.RichText(text, spans))

        def marked(t: str, sp: list[tuple[int, int]]) -> list[tuple[str, bool]]:
            return [(c, any(a <= i < b for a, b in sp)) for i, c in enumerate(t) if not c.isspace()]

        assert out.text == " ".join(text.split())
        assert marked(out.text, out.bold) == marked(text, spans)
        assert all(0 <= a < b <= len(out.text) for a, b in out.bold)


# --- (h) footnotes --------------------------------------------------------------------------------
def test_footnotes_follow_their_paragraph_numbered_in_reference_order():
    document = docx.Document()
    first = document.add_paragraph("Tháo gỡ các khó khăn, vướng mắc")
    add_footnote_reference(first, 5)
    first.add_run(" trong thực hiện dịch vụ công.")
    document.add_paragraph("Đoạn không có chú thích.")
    second = document.add_paragraph("Theo Đề án được UBND tỉnh phê duyệt")
    add_footnote_reference(second, 3)
    second.add_run(".")
    data = with_footnotes(document, {
        3: "Quyết định số 2376/QĐ-UBND ngày 12/9/2018.",
        5: ('<w:r><w:t xml:space="preserve"> Khó khăn, </w:t></w:r>'
            '<w:r><w:rPr><w:b/></w:rPr><w:t>nhất là hạ tầng</w:t></w:r>'),
    })
    blocks = read_docx_bytes(data)
    assert [(b.text, b.footnote) for b in blocks] == [
        ("Tháo gỡ các khó khăn, vướng mắc trong thực hiện dịch vụ công.", False),
        ("¹ Khó khăn, nhất là hạ tầng", True),
        ("Đoạn không có chú thích.", False),
        ("Theo Đề án được UBND tỉnh phê duyệt.", False),
        ("² Quyết định số 2376/QĐ-UBND ngày 12/9/2018.", True),
    ]
    assert bold_spans(blocks[1]) == ["nhất là hạ tầng"]


def test_a_footnote_in_a_task_table_follows_its_row():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["TT", "Nhiệm vụ", "Thời hạn"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Nâng cấp Bộ phận một cửa", "2023"]):
        cell.text = text
    add_footnote_reference(table.cell(1, 1).paragraphs[0], 1)
    blocks = read_docx_bytes(with_footnotes(document, {1: "Giai đoạn 2."}))
    assert [(b.text, b.footnote) for b in blocks] == [
        ("TT | Nhiệm vụ | Thời hạn", False), ("1 | Nâng cấp Bộ phận một cửa | 2023", False), ("¹ Giai đoạn 2.", True)]


# --- the notice of the seed corpus, as a DOCX ------------------------------------------------------
_SEED_MARKERS = [  # (pattern of the printed label, numId, level)
    (re.compile(r"^(?:I|II|III|IV|V)\. "), 1, 0),
    (re.compile(r"^\d+\.\d+\. "), 1, 2),
    (re.compile(r"^\d+\. "), 1, 1),
    (re.compile(r"^- "), 2, 0),
    (re.compile(r"^\* "), 3, 0),
]


def strip_bold_markers(line: str) -> tuple[str, list[tuple[int, int]]]:
    """The seed's markdown bold (`**...**`; "*** x**" is a "*" bullet then bold) -> text and spans."""
    if line.startswith("*** "):
        line = "* **" + line[4:]
    text, spans, start = "", [], None
    for i, piece in enumerate(line.split("**")):
        if i and start is None:
            start = len(text)
        elif i:
            spans.append((start, len(text)))
            start = None
        text += piece
    return text, spans


def seed_paragraphs() -> list[tuple[str, list[tuple[int, int]]]]:
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [strip_bold_markers(line) for line in lines]


def add_seed_paragraph(container, text: str, spans: list[tuple[int, int]]) -> None:
    """One paragraph; a printed list label becomes Word numbering, bold spans become bold runs."""
    position = None
    for pattern, num_id, ilvl in _SEED_MARKERS:
        if m := pattern.match(text):
            position, text = (num_id, ilvl), text[m.end():]
            spans = [(s - m.end(), e - m.end()) for s, e in spans]
            break
    paragraph = container.add_paragraph()
    cut = 0
    for start, end in spans:
        paragraph.add_run(text[cut:start])
        paragraph.add_run(text[start:end]).bold = True
        cut = end
    paragraph.add_run(text[cut:])
    if position:
        set_num_pr(paragraph._p.get_or_add_pPr(), *position)


def notice_document():
    """Notice 001 of the seed corpus typed in Word: header table, numbered body, closing table.
    Saved as fixtures/docx/notice_001.docx."""
    document = docx.Document()
    set_numbering(document,
                  abstract_num(1, lvl(0, "upperRoman", "%1."), lvl(1, "decimal", "%2."), lvl(2, "decimal", "%2.%3.")),
                  abstract_num(2, lvl(0, "bullet", "-")), abstract_num(3, lvl(0, "bullet", "*")),
                  num(1, 1), num(2, 2), num(3, 3))
    header = document.add_table(rows=1, cols=2)
    fill(header.cell(0, 0), HEADER_LEFT)
    fill(header.cell(0, 1), HEADER_RIGHT)
    paragraphs = seed_paragraphs()
    closing_at = next(i for i, (text, _) in enumerate(paragraphs) if text == "Nơi nhận:")
    signature_at = next(i for i, (text, _) in enumerate(paragraphs) if text == "TL. CHỦ TỊCH")
    for text, spans in paragraphs[:closing_at]:
        add_seed_paragraph(document, text, spans)
    closing = document.add_table(rows=1, cols=2)
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)
    for text, spans in paragraphs[closing_at:signature_at]:
        add_seed_paragraph(left, text, spans)
    for text, spans in paragraphs[signature_at:]:
        add_seed_paragraph(right if text[0] != "²" else document, text, spans)
    return document


def test_the_notice_in_docx_reads_out_as_the_same_paragraphs_as_its_text():
    expected = [(text, spans) for text, spans in seed_paragraphs()]
    header = [(line, []) for line in HEADER_LEFT + HEADER_RIGHT]
    footnote_after_table = expected.pop()  # "² Đề án ..." follows the closing table in the DOCX
    blocks = read_docx_bytes(save(notice_document()))
    assert [(b.text, b.emphasis) for b in blocks] == header + expected + [footnote_after_table]
    assert "1.3. Giám đốc Sở Thông tin và Truyền thông chủ trì phối hợp các ngành, đơn vị có liên quan thành lập " \
           "các Tổ kiểm tra thực hiện các nhiệm vụ sau đây:" in [b.text for b in blocks]


# --- (i) errors and hostile packages --------------------------------------------------------------
def simple_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("Giao Sở Nội vụ")
    return save(document)


@pytest.mark.parametrize("data", [
    pytest.param(b"PK\x03\x04 this is not a zip", id="zip-signature-then-junk"),
    pytest.param(b"{\\rtf1\\ansi Thong bao}", id="rtf"),
    pytest.param(b"\x00\x01\x02" * 100, id="binary"),
    pytest.param(simple_document()[:2000], id="truncated"),
])
def test_corrupt_input_is_a_corrupt_file(data):
    with pytest.raises(CorruptFile):
        read_docx_bytes(data)


def test_a_zip_without_a_word_document_is_a_corrupt_file():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(CorruptFile, match="not a Word document"):
        read_docx_bytes(out.getvalue())


def test_a_damaged_member_is_a_corrupt_file():
    data = bytearray(simple_document())
    start = data.index(b"word/document.xml") + len(b"word/document.xml")  # local header, then the data
    data[start + 10:start + 40] = b"\xff" * 30
    with pytest.raises(CorruptFile):
        read_docx_bytes(bytes(data))


def test_an_ole_container_is_encrypted_or_a_legacy_doc():
    with pytest.raises(ExtractionError) as info:
        read_docx_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    assert info.value.code == "encrypted"
    assert "password-protected" in info.value.message and ".doc" in info.value.message


def test_a_member_encrypted_inside_the_zip_is_encrypted():
    data = bytearray(simple_document())
    entry = data.index(b"PK\x01\x02")  # the central directory entries, one per member
    while not data[entry + 46:].startswith(b"word/document.xml"):
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 8] |= 0x01  # general purpose flag bit 0: encrypted
    with pytest.raises(ExtractionError) as info:
        read_docx_bytes(bytes(data))
    assert info.value.code == "encrypted"


def test_an_empty_document_or_file_is_empty_input():
    with pytest.raises(EmptyInput):
        read_docx_bytes(save(docx.Document()))
    with pytest.raises(EmptyInput):
        read_docx_bytes(b"")


def test_a_zip_bomb_is_refused_before_inflating_it():
    data = zip_bomb(300)
    assert len(data) < 5_000_000
    started = time.monotonic()
    with pytest.raises(TooLarge):
        read_docx_bytes(data)
    assert time.monotonic() - started < 0.5


def test_a_member_compressed_over_200_times_is_refused():
    with pytest.raises(TooLarge, match="zip bomb"):
        read_docx_bytes(zip_bomb(5))


def test_the_declared_total_size_is_limited(monkeypatch):
    data = simple_document()
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(TooLarge, match="limit"):
        read_docx_bytes(data)


EXTERNAL_ENTITY = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                   f'<w:styles {W_NS}><w:style w:styleId="a"><w:name w:val="&e;"/></w:style></w:styles>')


@pytest.mark.parametrize("part, xml", [
    pytest.param("word/document.xml", BILLION_LAUGHS, id="billion-laughs-in-document"),
    pytest.param("word/styles.xml", EXTERNAL_ENTITY, id="external-entity-in-styles"),
    pytest.param("word/numbering.xml", f'<!DOCTYPE w:numbering><w:numbering {W_NS}/>', id="bare-doctype"),
])
def test_xml_with_a_dtd_or_entities_is_refused(part, xml):
    data = rewrite_package(simple_document(), replace={part: xml.encode()})
    started = time.monotonic()
    with pytest.raises(CorruptFile, match="DOCTYPE"):
        read_docx_bytes(data)
    assert time.monotonic() - started < 1.0


def test_malformed_xml_is_a_corrupt_file():
    data = rewrite_package(simple_document(), replace={"word/document.xml": b"<w:document><w:body>"})
    with pytest.raises(CorruptFile, match="well-formed"):
        read_docx_bytes(data)


# --- saved fixtures and LibreOffice ---------------------------------------------------------------
FIXTURE_BUILDERS: dict[str, Callable[[], object]] = {
    "numbering_lists.docx": numbering_lists_document,
    "legacy_fonts.docx": legacy_fonts_document,
    "notice_001.docx": notice_document,
}


def write_fixtures() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, build in FIXTURE_BUILDERS.items():
        (FIXTURES / name).write_bytes(save(build()))


@pytest.mark.parametrize("name", sorted(FIXTURE_BUILDERS))
def test_saved_fixtures_read_like_the_documents_built_here(name):
    path = FIXTURES / name
    assert path.exists(), f"missing {path}: run `.venv/bin/python -m tests.test_docx_reader`"
    assert texts(path.read_bytes()) == texts(save(FIXTURE_BUILDERS[name]()))


_ANY_BULLET = re.compile(r"^[-•◦▪*]\s+")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_same_paragraphs_and_list_labels(tmp_path):
    """LibreOffice's own text export of two documents, line for line. Its export draws every bullet
    as "•", so bullets are compared as bullets."""
    names = ["numbering_lists.docx", "notice_001.docx"]
    for name in names:
        (tmp_path / name).write_bytes(save(FIXTURE_BUILDERS[name]()))
    try:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--convert-to", "txt:Text", "--outdir", str(tmp_path), *(str(tmp_path / n) for n in names)],
                       check=True, capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.skip("LibreOffice did not finish converting in time")
    for name in names:
        printed = (tmp_path / name).with_suffix(".txt").read_text(encoding="utf-8-sig").splitlines()
        theirs = [_ANY_BULLET.sub("- ", line.strip()) for line in printed if line.strip()]
        ours = [_ANY_BULLET.sub("- ", text) for text in texts((tmp_path / name).read_bytes())]
        assert ours == theirs, name


if __name__ == "__main__":
    write_fixtures()
    print(f"wrote {', '.join(FIXTURE_BUILDERS)} to {FIXTURES}")
