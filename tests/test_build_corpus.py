"""scripts/build_corpus.py: the committed DOCX files are what the builder makes of the .txt today
(it is deterministic: same input, same bytes), and the DOCX reader reads back the .txt's paragraphs."""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from extractor.normalize import normalize
from extractor.readers import read_bytes, read_path

ROOT = Path(__file__).resolve().parent.parent
NOTICES = sorted((ROOT / "corpus").glob("*/docs/*.txt"))


def load_builder():
    spec = importlib.util.spec_from_file_location("build_corpus", ROOT / "scripts" / "build_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


builder = load_builder()


def paragraphs(doc) -> Counter:
    return Counter(doc.para_text(p) for p in doc.paragraphs)


@pytest.mark.parametrize("txt", NOTICES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_committed_docx_is_the_builders_output(txt: Path):
    committed = txt.parent.parent / "docx" / f"{txt.stem}.docx"
    # every part is rendered and committed: a missing file is a failure, never a skip
    assert committed.is_file(), f"{committed} not generated: run python scripts/build_corpus.py and commit it"
    fresh = builder.build_docx(txt.read_text(encoding="utf-8"))
    assert fresh == builder.build_docx(txt.read_text(encoding="utf-8")), "the build is not deterministic"
    assert committed.read_bytes() == fresh, "stale: run python scripts/build_corpus.py and commit the output"


RULED = sorted((ROOT / "corpus").glob("*/docx-ruled/*.docx")) + sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.docx"))


@pytest.mark.parametrize("committed", RULED, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.stem}")
def test_committed_ruled_and_fixture_docx_are_the_builders_output(committed: Path):
    """corpus/<part>/docx-ruled/ (build_corpus.py --ruled) and the PDF fixtures' DOCX
    (scripts/build_pdf_fixtures.py: "ruled_…" fixtures with ruled tables)."""
    if committed.parent.name == "docx-ruled":
        txt, ruled = committed.parent.parent / "docs" / f"{committed.stem}.txt", True
    else:
        txt, ruled = committed.with_suffix(".txt"), committed.stem.startswith("ruled_")
    fresh = builder.build_docx(txt.read_text(encoding="utf-8"), ruled_tables=ruled)
    assert committed.read_bytes() == fresh, "stale: run make corpus and commit the output"


def test_every_table_notice_has_a_ruled_rendering():
    with_rows = {(txt.parent.parent.name, txt.stem) for part in ("real", "structures")
                 for txt in (ROOT / "corpus" / part / "docs").glob("*.txt")
                 if any(builder.is_table_row(line) for line in builder.read_lines(txt.read_text(encoding="utf-8")))}
    assert with_rows == {(p.parent.parent.name, p.stem) for p in RULED if p.parent.name == "docx-ruled"}


# What the builder changes on purpose: a line holding both header columns is split into them. (A page
# number left between the halves of a cut paragraph goes to the page header; the normalizer drops it
# from the text too, so the paragraphs agree.)
SPLIT_HEADER = {"h06": 4}


@pytest.mark.parametrize("txt", NOTICES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_the_docx_shows_the_paragraphs_of_the_text(txt: Path):
    text_doc = normalize(read_path(txt))
    docx_doc = normalize(read_bytes(builder.build_docx(txt.read_text(encoding="utf-8")), txt.with_suffix(".docx")))
    only_text, only_docx = paragraphs(text_doc) - paragraphs(docx_doc), paragraphs(docx_doc) - paragraphs(text_doc)
    if txt.stem in SPLIT_HEADER:
        assert sum(only_text.values()) == SPLIT_HEADER[txt.stem]
        assert sum(only_docx.values()) == 2 * SPLIT_HEADER[txt.stem]
        assert all(any(part in merged for merged in only_text) for part in only_docx)
    else:
        assert (only_text, only_docx) == (Counter(), Counter())
    assert text_doc.notes == docx_doc.notes


# Every numbering path of the builder: automatic labels, a list restarting at 1 with no parent item
# (a new w:num with w:startOverride), a roman numeral after that restart, a jump and a repeat (typed),
# "1.1." with no "1." (typed), letters (always typed, "đ)" included), bullets, a footnote.
NUMBERING_NOTICE = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

TỈNH THỬ NGHIỆM Độc lập - Tự do - Hạnh phúc

Số: 1/TB-UBND Thử Nghiệm, ngày 02 tháng 01 năm 2024

THÔNG BÁO

Kết luận thử nghiệm

1.1. Mục không có mục cha.

1. Tồn tại thứ nhất.

2. Tồn tại thứ hai.

Nhiệm vụ như sau:

1. Sở Nội vụ rà soát¹ tổ chức bộ máy.

2. Sở Tài chính

2.1. Bố trí kinh phí.

a) Trước ngày 30/6/2024;

đ) Trước ngày 30/9/2024.

- Báo cáo kết quả.

+ Gửi Sở Nội vụ.

4. Mục nhảy số.

5. Mục tiếp theo.

5. Mục lặp số.

I. Phần một

1. Việc thứ nhất.

II. Phần hai

1. Việc thứ hai.

¹ Chú thích thử nghiệm.

T/M ỦY BAN NHÂN DÂN

CHỦ TỊCH

Nguyễn Văn A

Nơi nhận:

- Lưu: VT.
"""

NUMBERING_NOTICE_READ = [
    "ỦY BAN NHÂN DÂN", "TỈNH THỬ NGHIỆM", "Số: 1/TB-UBND",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Thử Nghiệm, ngày 02 tháng 01 năm 2024",
    "THÔNG BÁO", "Kết luận thử nghiệm",
    "1.1. Mục không có mục cha.", "1. Tồn tại thứ nhất.", "2. Tồn tại thứ hai.", "Nhiệm vụ như sau:",
    "1. Sở Nội vụ rà soát tổ chức bộ máy.", "¹ Chú thích thử nghiệm.", "2. Sở Tài chính", "2.1. Bố trí kinh phí.",
    "a) Trước ngày 30/6/2024;", "đ) Trước ngày 30/9/2024.", "- Báo cáo kết quả.", "+ Gửi Sở Nội vụ.",
    "4. Mục nhảy số.", "5. Mục tiếp theo.", "5. Mục lặp số.", "I. Phần một", "1. Việc thứ nhất.", "II. Phần hai",
    "1. Việc thứ hai.",
    "Nơi nhận:", "- Lưu: VT.", "T/M ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A",
]


def test_labels_word_prints_are_the_typed_labels_on_every_numbering_path():
    from extractor.readers.docx import read_docx_bytes

    data = builder.build_docx(NUMBERING_NOTICE)
    assert [b.text for b in read_docx_bytes(data)] == NUMBERING_NOTICE_READ
    document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    for typed in ("1.1. Mục không có mục cha.", "4. Mục nhảy số.", "5. Mục lặp số.", "đ) Trước ngày"):
        assert f">{typed}" in document  # typed labels are text; the others come from numbering.xml
    numbering = zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml").decode()
    assert '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/>' in numbering
