"""Does every corpus notice give the same extraction from another format as from its .txt?

    python scripts/parity.py docx                          corpus/*/docx/<id>.docx vs corpus/*/docs/<id>.txt
    python scripts/parity.py pdf                           corpus/*/pdf/<id>.pdf
    python scripts/parity.py pdf --dir scan --suffix .pdf  corpus/*/scan/<id>.pdf

Prints "same" or the differences per notice (values only: spans, pages, ids and the source are left
out; see extractor/parity.py), "N/M notices identical", then the evaluation figures per part over the
.txt and over the other format. Exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.evaluate import Report, score_document
from extractor.parity import compare_notices
from extractor.pipeline import extract

CORPUS = ROOT / "corpus"


@dataclass(slots=True)
class Pair:
    part: str
    doc_id: str
    txt: Path
    other: Path


def pairs(directory: str, suffix: str, parts: list[str] | None, only: set[str] | None) -> list[Pair]:
    found = []
    for txt in sorted(CORPUS.glob("*/docs/*.txt")):
        part = txt.parent.parent.name
        if (parts and part not in parts) or (only and txt.stem not in only):
            continue
        found.append(Pair(part, txt.stem, txt, CORPUS / part / directory / f"{txt.stem}{suffix}"))
    return found


def extraction(path: Path) -> dict:
    return extract(path).model_dump(mode="json")


def gold_of(pair: Pair) -> dict | None:
    path = CORPUS / pair.part / "gold" / f"{pair.doc_id}.json"
    if not path.is_file():
        return None
    gold = json.loads(path.read_text(encoding="utf-8"))
    gold.setdefault("id", pair.doc_id)
    return gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("format", help="the other format: docx, pdf ...")
    parser.add_argument("--suffix", help="file suffix (default: .FORMAT)")
    parser.add_argument("--dir", help="folder next to docs/ (default: FORMAT)")
    parser.add_argument("--parts", nargs="+", help="only these corpus parts")
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these notice ids")
    args = parser.parse_args(argv)
    suffix = args.suffix or f".{args.format}"
    directory = args.dir or args.format
    started = time.perf_counter()

    identical = 0
    scores: dict[str, tuple[list, list]] = {}
    todo = pairs(directory, suffix, args.parts, set(args.only) if args.only else None)
    for pair in todo:
        name = f"{pair.part}/{pair.doc_id}"
        if not pair.other.is_file():
            print(f"{name}: missing {pair.other.relative_to(ROOT)}")
            continue
        a, b = extraction(pair.txt), extraction(pair.other)
        diffs = compare_notices(a, b)
        identical += not diffs
        print(f"{name}: same" if not diffs else f"{name}: {len(diffs)} difference(s)")
        for diff in diffs:
            print(f"    {diff}")
        if (gold := gold_of(pair)) is not None:
            txt_docs, other_docs = scores.setdefault(pair.part, ([], []))
            txt_docs.append(score_document(gold, a))
            other_docs.append(score_document(gold, b))
    print(f"{identical}/{len(todo)} notices identical ({directory}/*{suffix} vs docs/*.txt)")

    same_figures = True
    for part, (txt_docs, other_docs) in scores.items():
        txt_table, other_table = Report(txt_docs).table(), Report(other_docs).table()
        if txt_table == other_table:
            print(f"\n== eval {part}: the same figures over txt and {directory}\n{txt_table}")
            continue
        same_figures = False
        print(f"\n== eval {part} over txt\n{txt_table}\n== eval {part} over {directory}\n{other_table}")
    print(f"\n{time.perf_counter() - started:.1f} s")
    return 0 if identical == len(todo) and same_figures else 1


if __name__ == "__main__":
    sys.exit(main())
