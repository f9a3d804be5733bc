"""Scores over the corpus rendered in one format, summed over every part (`nhiemvu eval` per part
prints the same figures part by part). Used for the scanned PDFs, where the issue's targets are
task F1 >= 0.90 and deadline F1 >= 0.90; prints seconds per page for OCR.

    python scripts/eval_formats.py scan          # corpus/*/scan/<id>.pdf
    python scripts/eval_formats.py pdf|docx
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUFFIXES = {"docx": ".docx", "pdf": ".pdf", "scan": ".pdf", "docs": ".txt"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("format", choices=sorted(SUFFIXES))
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    import pypdfium2 as pdfium

    from extractor.evaluate import FIELDS, HEADER_FIELDS, Counts, evaluate

    totals = {f: Counts() for f in FIELDS}
    header = {f: [0, 0] for f in HEADER_FIELDS}
    pages = 0
    started = time.perf_counter()
    for part in sorted(p for p in (ROOT / "corpus").iterdir() if (p / args.format).is_dir()):
        report = evaluate(part / "gold", part / args.format, suffix=SUFFIXES[args.format])
        for doc in report.docs:
            for f in FIELDS:
                totals[f].add(doc.counts[f])
            for f, (gold, predicted) in doc.header.items():
                header[f][0] += gold == predicted
                header[f][1] += 1
        if SUFFIXES[args.format] == ".pdf":
            pages += sum(len(pdfium.PdfDocument(p)) for p in (part / args.format).glob("*.pdf"))
    elapsed = time.perf_counter() - started
    print(f"{'field':<10}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for f, c in totals.items():
        print(f"{f:<10}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
    for f, (right, n) in header.items():
        print(f"{f:<10}{right / n:>24.3f}   ({right}/{n} documents right)")
    rate = f", {elapsed / pages:.2f} s per page" if pages else ""
    print(f"{elapsed:.1f} s{rate} (pages: {pages})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
