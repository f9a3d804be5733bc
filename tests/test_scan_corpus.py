"""Every corpus notice as a scan (corpus/<part>/scan/<id>.pdf: rasterized, skewed, noisy, no text
layer) read by OCR and scored against its gold: the issue's targets, task F1 >= 0.90 and deadline
F1 >= 0.90 over the whole corpus. OCR takes about 2 s a page; the pages are spread over two worker
processes. `python scripts/eval_formats.py scan` prints the same figures."""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from extractor.evaluate import FIELDS, Counts, score_document
from extractor.readers import ocr

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# corpus/blind/ is measured, not yet studied (scripts/eval_formats.py scan prints it with the rest)
# corpus/scans-real/scan/ holds real signed scans, not renders of the text: `make eval-scans` measures them
SCANS = sorted(p for p in CORPUS.glob("*/scan/*.pdf") if p.parent.parent.name not in ("blind", "scans-real"))

needs_tesseract = pytest.mark.skipif(not ocr.tesseract_available(),
                                     reason="Tesseract with Vietnamese data is not installed")


def _extract(path: Path) -> dict:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from extractor.pipeline import extract

    return extract(path).model_dump(mode="json")


@pytest.fixture(scope="module")
def scanned() -> dict[Path, dict]:
    with ProcessPoolExecutor(max_workers=2) as pool:
        return dict(zip(SCANS, pool.map(_extract, SCANS)))


def test_every_corpus_notice_has_a_scan():
    # real/ and structures/ get their scans with issue 11's scan profiles (real signed scans differ)
    texts = [p for p in CORPUS.glob("*/docs/*.txt")
             if p.parent.parent.name not in ("blind", "real", "structures", "scans-real")]
    assert len(SCANS) == len(texts) >= 22


@needs_tesseract
def test_scans_are_read_by_ocr_and_say_so(scanned):
    for notice in scanned.values():
        assert notice["source"]["ocr"] is True
        assert any("OCR" in w for w in notice["warnings"])


@needs_tesseract
def test_scanned_corpus_meets_the_task_and_deadline_targets(scanned):
    totals = {f: Counts() for f in FIELDS}
    for path, notice in scanned.items():
        gold = json.loads((path.parent.parent / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        gold.setdefault("id", path.stem)
        for field, counts in score_document(gold, notice).counts.items():
            totals[field].add(counts)
    figures = {f: round(c.f1, 3) for f, c in totals.items()}
    assert figures["task"] >= 0.90, figures
    assert figures["deadline"] >= 0.90, figures
