"""Scores over the corpus rendered in one format, summed over every part (`nhiemvu eval` per part
prints the same figures part by part). Used for the scanned PDFs, where the issue's targets are
task F1 >= 0.90 and deadline F1 >= 0.90; prints seconds per page for OCR.

    python scripts/eval_formats.py scan          # corpus/*/scan/<id>.pdf
    python scripts/eval_formats.py pdf|docx
    python scripts/eval_formats.py scan --plain-tesseract   # next to plain Tesseract + the text pipeline

With --plain-tesseract (PDF formats), each document is also read by plain `tesseract -l vie --psm 4`
on its page images and the text fed to the text pipeline: the floor the OCR path must not fall under
(issue 11). scripts/eval_scans.py does the same per scan profile.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUFFIXES = {"docx": ".docx", "pdf": ".pdf", "scan": ".pdf", "docs": ".txt"}


def _figures(notices: list[tuple[dict, dict]]):
    from extractor.evaluate import FIELDS, HEADER_FIELDS, Counts, score_document

    totals = {f: Counts() for f in FIELDS}
    header = {f: [0, 0] for f in HEADER_FIELDS}
    for gold, notice in notices:
        doc = score_document(gold, notice)
        for f in FIELDS:
            totals[f].add(doc.counts[f])
        for f, (expected, predicted) in doc.header.items():
            header[f][0] += expected == predicted
            header[f][1] += 1
    return totals, header


def _plain(path: Path) -> dict:
    from extractor.pipeline import extract_raw
    from extractor.readers import ocr, read_string

    return extract_raw(read_string(ocr.plain_text(path.read_bytes()), str(path))).model_dump(mode="json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("format", choices=sorted(SUFFIXES))
    parser.add_argument("--plain-tesseract", action="store_true",
                        help="also plain `tesseract -l vie --psm 4` + the text pipeline, side by side")
    args = parser.parse_args(argv)
    if args.plain_tesseract and SUFFIXES[args.format] != ".pdf":
        parser.error("--plain-tesseract reads PDFs: use it with pdf or scan")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import pypdfium2 as pdfium

    from extractor.evaluate import FIELDS
    from extractor.pipeline import extract

    pipeline: list[tuple[dict, dict]] = []
    plain: list[tuple[dict, dict]] = []
    pages = 0
    started = time.perf_counter()
    plain_seconds = 0.0
    for part in sorted(p for p in (ROOT / "corpus").iterdir() if (p / args.format).is_dir()):
        for gold_path in sorted((part / "gold").glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            gold.setdefault("id", gold_path.stem)
            path = part / args.format / f"{gold['id']}{SUFFIXES[args.format]}"
            if not path.is_file():
                pipeline.append((gold, {"tasks": []}))
                continue
            try:
                pipeline.append((gold, extract(path).model_dump(mode="json")))
            except Exception:  # noqa: BLE001 -- scored as all misses
                pipeline.append((gold, {"tasks": []}))
            if SUFFIXES[args.format] == ".pdf":
                pages += len(pdfium.PdfDocument(path))
            if args.plain_tesseract:
                began = time.perf_counter()
                plain.append((gold, _plain(path)))
                plain_seconds += time.perf_counter() - began
    elapsed = time.perf_counter() - started - plain_seconds
    totals, header = _figures(pipeline)
    floor = _figures(plain)[0] if args.plain_tesseract else None
    print(f"{'field':<10}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"
          + (f"{'plain F1':>10}{'tp':>6}{'fp':>6}{'fn':>6}" if floor else ""))
    for f, c in totals.items():
        row = f"{f:<10}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}"
        if floor:
            p = floor[f]
            row += f"{p.f1:>10.3f}{p.tp:>6}{p.fp:>6}{p.fn:>6}"
        print(row)
    for f, (right, n) in header.items():
        print(f"{f:<10}{right / n:>24.3f}   ({right}/{n} documents right)")
    rate = f", {elapsed / pages:.2f} s per page" if pages else ""
    print(f"{elapsed:.1f} s{rate} (pages: {pages})")
    assert set(totals) == set(FIELDS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
