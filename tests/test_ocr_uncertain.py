"""Low-confidence fields in the review report (issue 11, item 5): the words Tesseract was unsure of
(word confidence under ocr.LOW_WORD_CONFIDENCE) travel from its TSV through the page layout and the
normalizer to spans of the notice's text (`Notice.ocr_uncertain`, not output: the contract has no such
field), and the report of a notice file marks the lead, deadline or metric written with them
("OCR không chắc chắn"); for Notice JSON, the tasks of a page the warnings say was read with low
confidence. A stand-in Tesseract answers with a TSV written by hand, so these run without Tesseract."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest

from extractor.readers import ocr
from extractor.report import (
    OCR_UNCERTAIN,
    UNSURE_CLASS,
    collect_highlights,
    ocr_unsure_fields,
    render_task_table,
)

from .ocr_fakes import fake_tesseract, tsv

LOW, SURE = ocr.LOW_WORD_CONFIDENCE - 20, 95.0


def _words(lines: list[list[tuple[str, float]]]) -> str:
    """A TSV of these lines of (word, confidence) at 300 dpi: 12 pt type, each line a paragraph."""
    rows = []
    for number, words in enumerate(lines, 1):
        left = 300
        for index, (word, conf) in enumerate(words, 1):
            width = 24 * len(word)
            rows.append((number, index, left, 300 + 150 * number, width, 46, conf, word))
            left += width + 16
    return tsv(*rows)


@pytest.mark.parametrize(("words", "unsure"), [
    ([("Giao", SURE), ("Sở", SURE), ("Tài", LOW), ("chính", SURE), ("chủ", SURE), ("trì", SURE)], ["Tài"]),
    ([("trước", SURE), ("ngày", SURE), ("31/8/2024", LOW), ("báo", SURE), ("cáo", SURE)], ["31/8/2024"]),
    # unsure neighbours make one span
    ([("đạt", SURE), ("ít", SURE), ("nhất", LOW), ("80%", LOW), ("hồ", SURE), ("sơ", SURE)], ["nhất 80%"]),
    ([("Kính", SURE), ("gửi:", SURE), ("Sở", SURE), ("Nội", SURE), ("vụ", SURE)], []),
])
def test_the_words_tesseract_is_unsure_of_are_marked_in_their_piece(words, unsure):
    [line] = ocr.lines_from_tsv(_words([words]), 300)
    [piece] = line.pieces
    assert [piece.text[start:end] for start, end in piece.uncertain] == unsure


def _one_page_pdf() -> bytes:
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


NOTICE = [
    [("THÔNG", SURE), ("BÁO", SURE)],
    [("Kết", SURE), ("luận", SURE), ("của", SURE), ("Chủ", SURE), ("tịch", SURE), ("Ủy", SURE), ("ban", SURE),
     ("nhân", SURE), ("dân", SURE), ("tỉnh", SURE)],
    [("1.", SURE), ("Giao", SURE), ("Sở", SURE), ("Tài", SURE), ("chính", SURE), ("chủ", SURE), ("trì", SURE),
     ("tham", SURE), ("mưu,", SURE), ("hoàn", SURE), ("thành", SURE), ("trước", SURE), ("ngày", SURE),
     ("31/8/2024.", LOW)],
]


@pytest.fixture
def scanned_notice(monkeypatch, tmp_path):
    """A one-page scan whose stand-in Tesseract reads NOTICE: the deadline's date is unsure."""
    ocr.tesseract_available.cache_clear()
    page = tmp_path / "page.tsv"
    page.write_text(_words(NOTICE), encoding="utf-8")
    monkeypatch.setattr(ocr, "TESSERACT", str(fake_tesseract(tmp_path, f'cat "{page}"\n')))
    path = tmp_path / "thong-bao.pdf"
    path.write_bytes(_one_page_pdf())
    yield path
    ocr.tesseract_available.cache_clear()


def test_an_unsure_word_becomes_a_span_of_the_notice_text(scanned_notice):
    from extractor import extract

    notice = extract(scanned_notice)
    assert notice.source.ocr
    [task] = notice.tasks
    [deadline] = task.deadlines
    assert [notice.text[start:end] for start, end in notice.ocr_uncertain] == ["31/8/2024."]
    assert deadline.end == "2024-08-31"
    assert "ocr_uncertain" not in notice.model_dump(mode="json")  # not part of the contract's output


@pytest.mark.parametrize(("lang", "words"), [("vi", "OCR không chắc chắn"), ("en", "OCR unsure")])
def test_the_report_marks_the_deadline_ocr_was_unsure_of(scanned_notice, lang, words):
    from extractor.report import load_records

    [record] = load_records([scanned_notice])
    assert record[OCR_UNCERTAIN]
    assert ocr_unsure_fields(record) == {"tasks.0.deadlines.0"}
    found = {h.field: h for h in collect_highlights(record, lang).items}
    assert UNSURE_CLASS in found["tasks.0.deadlines.0"].classes.split()
    assert found["tasks.0.deadlines.0"].tip.endswith(f" · {words}")
    lead = next(f for f in found if ".assignees." in f)
    assert UNSURE_CLASS not in found[lead].classes.split() and words not in found[lead].tip
    table = render_task_table(record, linked=True, lang=lang)
    assert f'class="as-written {UNSURE_CLASS}"' in table and words in table
    assert f'class="ag {UNSURE_CLASS}"' not in table


def _json_record(warnings: list[str]) -> dict:
    """A Notice JSON as a batch writes it: no word confidences, a task on page 2."""
    return {"id": "x", "text": None, "warnings": warnings, "tasks": [
        {"path": "1", "page": 1, "text": "Giao Sở Nội vụ chủ trì",
         "assignees": [{"name": "Sở Nội vụ", "role": "lead", "span": [5, 14]}], "deadlines": [], "metrics": []},
        {"path": "2", "page": 2, "text": "Sở Tài chính báo cáo trước ngày 20/10/2024",
         "assignees": [{"name": "Sở Tài chính", "role": "lead", "span": [40, 52]},
                       {"name": "Sở Tư pháp", "role": "support", "span": [60, 70]}],
         "deadlines": [{"text": "trước ngày 20/10/2024", "kind": "by", "end": "2024-10-20", "span": [80, 101]}],
         "metrics": [{"text": "100% hồ sơ", "value": 100, "op": "=", "span": [110, 120]}]}]}


@pytest.mark.parametrize(("warnings", "unsure"), [
    ([("page 2 was read by OCR with low confidence (mean word confidence 61.5 of 100): check its text against "
       "the original")], {"tasks.1.assignees.0", "tasks.1.deadlines.0", "tasks.1.metrics.0"}),
    (["the text was read by OCR from a scan: check names and numbers against the original"], set()),
    ([], set()),
])
def test_notice_json_marks_the_tasks_of_a_page_read_with_low_confidence(warnings, unsure):
    record = _json_record(warnings)
    assert ocr_unsure_fields(record) == unsure
    table = render_task_table(record, linked=False, lang="vi")
    assert (f'class="ag {UNSURE_CLASS}"' in table) == bool(unsure)
    assert table.count("OCR không chắc chắn") == (3 if unsure else 0)
