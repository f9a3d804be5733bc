"""Which pages of a PDF OCR reads, and what the notice says about it (issue 11, items 4 and 5).

- A page that cannot be read is a warning naming it, never a silent gap.
- Why OCR is not possible (the binary, or its Vietnamese data, missing) reaches the error message.
- `source.ocr_confidence` is the mean confidence of the words read.
- A text layer that is not Vietnamese, or mostly without Vietnamese marks, over a page image (scanner
  software's English OCR) is replaced by OCR of the image, page by page; pages with an image and no
  layer in a document that has one elsewhere are read by OCR too; the warnings say which and why.

A stand-in `tesseract` (tests/ocr_fakes.py) answers with TSVs written by hand, so all but the last
test run where Tesseract is not installed.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractor.errors import ExtractionError
from extractor.pipeline import extract_raw
from extractor.readers import ocr, read_bytes
from extractor.readers.pdf import (
    NO_TEXT_LAYER,
    NOT_VIETNAMESE,
    UNMARKED,
    text_layer_problem,
)

from .ocr_fakes import fake_tesseract, serving, tsv
from .pdf_builders import (
    ENGLISH_OCR_LAYER,
    add_image_page,
    ink_image,
    joined,
    saved,
    with_invisible_text,
)

ROOT = Path(__file__).resolve().parent.parent
SCAN = ROOT / "tests" / "fixtures" / "scan"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"

# one line read by the stand-in: "Kính gửi: các sở" at 300 dpi, words of confidence 96, 90, 80, 86
PAGE_TSV = tsv((1, 1, 300, 100, 120, 50, 96, "Kính"), (1, 2, 440, 100, 100, 50, 90, "gửi:"),
               (1, 3, 560, 100, 90, 50, 80, "các"), (1, 4, 670, 100, 70, 50, 86, "sở"))
EMPTY_TSV = tsv()


@pytest.fixture
def fresh_availability():
    ocr.tesseract_available.cache_clear()
    yield
    ocr.tesseract_available.cache_clear()


def _scan(pages: int = 2) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        add_image_page(document, ink_image())
    return saved(document)


def _use(monkeypatch, tmp_path: Path, *answers: str) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", str(fake_tesseract(tmp_path, serving(tmp_path, *answers))))


def _read(data: bytes):
    return read_bytes(data, "notice.pdf")


# --- honest failures -------------------------------------------------------------------------------
def test_a_page_ocr_cannot_read_is_a_warning_naming_the_page(monkeypatch, fresh_availability, tmp_path):
    _use(monkeypatch, tmp_path, "", PAGE_TSV)
    raw = _read(_scan(2))
    assert [block.text for block in raw.blocks] == ["Kính gửi: các sở"]
    [failure] = [w for w in raw.warnings if "could not be read" in w]
    assert failure.startswith("page 1 could not be read by OCR") and "exit 3" in failure
    assert failure.endswith("its text is missing")


def test_a_page_with_ink_where_ocr_finds_no_word_is_a_failure_not_a_blank_page(monkeypatch, fresh_availability,
                                                                               tmp_path):
    _use(monkeypatch, tmp_path, PAGE_TSV, EMPTY_TSV)
    raw = _read(_scan(2))
    assert any(w.startswith("page 2 could not be read by OCR (OCR found no text on a page that is not blank)")
               for w in raw.warnings)


def test_a_blank_page_where_ocr_finds_no_word_is_no_failure(monkeypatch, fresh_availability, tmp_path):
    document = pdfium.PdfDocument.new()
    add_image_page(document, ink_image())
    document.new_page(595, 842)  # nothing on it
    _use(monkeypatch, tmp_path, PAGE_TSV, EMPTY_TSV)
    raw = _read(saved(document))
    assert not any("could not be read" in w for w in raw.warnings)


@pytest.mark.parametrize(("languages", "path_only", "reason"), [
    ("eng\nosd\nvie", True, "not on PATH"),
    ("eng\nosd", False, "Tesseract has no Vietnamese language data ('vie')"),
])
def test_why_ocr_is_not_possible_reaches_the_error_message(monkeypatch, fresh_availability, tmp_path,
                                                           languages, path_only, reason):
    if path_only:
        monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract anywhere
    else:
        monkeypatch.setattr(ocr, "TESSERACT", str(fake_tesseract(tmp_path, "exit 0\n", languages=languages)))
    with pytest.raises(ExtractionError) as caught:
        _read(_scan(1))
    assert caught.value.code == "no_text_layer"
    assert reason in caught.value.message and INSTALL in caught.value.message


def test_ocr_confidence_is_the_mean_word_confidence_on_the_notice(monkeypatch, fresh_availability, tmp_path):
    second = tsv((1, 1, 300, 100, 120, 50, 60, "Sở"), (1, 2, 440, 100, 100, 50, 64, "Nội"),
                 (1, 3, 560, 100, 90, 50, 68, "vụ"))
    _use(monkeypatch, tmp_path, PAGE_TSV, second)
    notice = extract_raw(_read(_scan(2)))
    assert notice.source.ocr is True
    assert notice.source.ocr_confidence == pytest.approx((96 + 90 + 80 + 86 + 60 + 64 + 68) / 7, abs=0.05)


def test_a_text_pdf_has_no_ocr_confidence():
    notice = extract_raw(_read((SCAN / "h03_p1.source.pdf").read_bytes()))
    assert notice.source.ocr is False and notice.source.ocr_confidence is None


def test_ocr_confidence_is_in_the_json():
    from extractor.models import Notice

    assert "ocr_confidence" in Notice.model_json_schema()["$defs"]["Source"]["properties"]


# --- bad text layers -------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "problem"), [
    (" ".join(ENGLISH_OCR_LAYER), NOT_VIETNAMESE),
    (("Uy ban nhan dan tinh yeu cau cac so ban nganh trong tinh theo doi cho ban va thuc hien ke hoach "
     "cong tac"), UNMARKED),
    (("Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành trong tỉnh theo dõi và thực hiện kế hoạch công tác "
     "năm 2023"), None),
    ("uY BAN NgAN nAN ceNG HoA", None),  # too few words to judge
])
def test_a_text_layer_is_judged_on_its_language_and_marks(text, problem):
    assert text_layer_problem(text) == problem


def test_an_english_ocr_layer_over_a_scan_is_replaced_by_ocr_of_the_image(monkeypatch, fresh_availability,
                                                                         tmp_path):
    _use(monkeypatch, tmp_path, PAGE_TSV)
    raw = _read(with_invisible_text(_scan(1), {1: ENGLISH_OCR_LAYER}))
    assert [block.text for block in raw.blocks] == ["Kính gửi: các sở"]
    assert raw.source.ocr is True and raw.source.ocr_confidence == pytest.approx(88.0)
    assert f"page 1 was read by OCR from its image: {NOT_VIETNAMESE}" in raw.warnings[0]


def test_only_the_bad_pages_are_reread(monkeypatch, fresh_availability, tmp_path):
    """Page 1 a text PDF, page 2 a scan with an English layer, page 3 a scan with no layer: OCR reads
    pages 2 and 3 (in that order: the stand-in answers in turn), page 1 keeps its text."""
    scans = with_invisible_text(_scan(2), {1: ENGLISH_OCR_LAYER})
    second = tsv((1, 1, 300, 100, 120, 50, 90, "Sở"), (1, 2, 440, 100, 100, 50, 90, "Nội"),
                 (1, 3, 560, 100, 90, 50, 90, "vụ"))
    _use(monkeypatch, tmp_path, PAGE_TSV, second)
    raw = _read(joined((SCAN / "h03_p1.source.pdf").read_bytes(), scans))
    pages = {block.page for block in raw.blocks}
    assert pages == {1, 2, 3}
    assert "CHỈ THỊ" in " ".join(block.text for block in raw.blocks if block.page == 1)
    assert [block.text for block in raw.blocks if block.page == 2] == ["Kính gửi: các sở"]
    assert [block.text for block in raw.blocks if block.page == 3] == ["Sở Nội vụ"]
    assert any(w.startswith(f"page 2 was read by OCR from its image: {NOT_VIETNAMESE}") for w in raw.warnings)
    assert any(w.startswith(f"page 3 was read by OCR from its image: {NO_TEXT_LAYER}") for w in raw.warnings)
    assert raw.source.ocr is True


def test_a_vietnamese_text_layer_over_an_image_is_kept(monkeypatch, fresh_availability, tmp_path):
    # only letters Helvetica's encoding has (à á â ã è é ê ì í ò ó ô õ ù ú ý)
    layer = ["Các sở, ban, ngành theo dõi tình hình và báo cáo công tác hoàn thành,",
             "nhân dân và các ban theo dõi, báo cáo công tác"]
    _use(monkeypatch, tmp_path)  # any call fails: OCR must not run
    raw = _read(with_invisible_text(_scan(1), {1: layer}))
    assert raw.source.ocr is False and not raw.warnings
    assert "báo cáo công tác hoàn thành" in " ".join(block.text for block in raw.blocks)


def test_without_tesseract_a_bad_layer_is_kept_and_the_warning_says_why(monkeypatch, fresh_availability,
                                                                        tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    raw = _read(with_invisible_text(_scan(1), {1: ENGLISH_OCR_LAYER}))
    assert raw.source.ocr is False
    [warning] = raw.warnings
    assert warning.startswith("page 1 could not be read by OCR (the Tesseract binary")
    assert INSTALL in warning and NOT_VIETNAMESE in warning


def test_a_bad_layer_ocr_cannot_read_is_kept_and_named(monkeypatch, fresh_availability, tmp_path):
    _use(monkeypatch, tmp_path, "")
    raw = _read(with_invisible_text(_scan(1), {1: ENGLISH_OCR_LAYER}))
    assert "uY BAN" in " ".join(block.text for block in raw.blocks)
    assert any(w.startswith("page 1 could not be read by OCR") and w.endswith("its text layer was kept")
               for w in raw.warnings)


@pytest.mark.skipif(not ocr.tesseract_available(), reason="Tesseract with Vietnamese data is not installed")
def test_english_ocr_layer_over_the_committed_scan_is_read_as_vietnamese():
    """The issue's case: a signed scan whose English OCR layer was read as the text (0 of 17 tasks,
    doc_type "tin_bai")."""
    from extractor.pipeline import extract_raw as run

    data = with_invisible_text((SCAN / "h03_p1.pdf").read_bytes(), {1: ENGLISH_OCR_LAYER})
    notice = run(_read(data))
    assert notice.doc_type == "chi_thi" and notice.number == "12/CT-UBND"
    assert "the text does not look Vietnamese" not in notice.warnings
    assert notice.source.ocr_confidence is not None and notice.source.ocr_confidence > 70


def test_a_page_read_with_low_confidence_is_named(monkeypatch, fresh_availability, tmp_path):
    doubtful = tsv((1, 1, 300, 100, 120, 50, 52, "Sở"), (1, 2, 440, 100, 100, 50, 61, "Nội"),
                   (1, 3, 560, 100, 90, 50, 58, "vụ"))
    _use(monkeypatch, tmp_path, PAGE_TSV, doubtful)
    raw = _read(_scan(2))
    expected = ("page 2 was read by OCR with low confidence (mean word confidence 57 of 100): check its text "
                "against the original")
    assert [w for w in raw.warnings if "low confidence" in w] == [expected]
