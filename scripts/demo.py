"""`make demo`: extract every bundled corpus notice and print a summary table."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.cli import main as cli_main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out/corpus.jsonl")
    args = parser.parse_args()
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "corpus").glob("*/docs/*.txt"))
    started = time.perf_counter()
    code = cli_main(["extract", *files, "--jsonl", "-o", args.out])
    elapsed = time.perf_counter() - started
    rows = [json.loads(line) for line in Path(args.out).read_text(encoding="utf-8").splitlines()]
    header = f"{'file':<48}{'type':<11}{'number':<16}{'date':<11}{'tasks':>6}{'deadl.':>7}{'metr.':>6}"
    print(header)
    print("-" * len(header))
    totals = [0, 0, 0]
    for row in rows:
        name = Path(row["source"]["path"] or "?").as_posix()[-47:]
        if "error" in row:
            print(f"{name:<48}error: {row['error']['code']}: {row['error']['message']}")
            continue
        tasks = row["tasks"]
        counts = [len(tasks), sum(len(t["deadlines"]) for t in tasks), sum(len(t["metrics"]) for t in tasks)]
        totals = [a + b for a, b in zip(totals, counts)]
        print(f"{name:<48}{row['doc_type']:<11}{(row['number'] or '-'):<16}{(row['issue_date'] or '-'):<11}"
              f"{counts[0]:>6}{counts[1]:>7}{counts[2]:>6}")
    print("-" * len(header))
    print(f"{len(rows)} notices, {totals[0]} tasks, {totals[1]} deadlines, {totals[2]} metrics "
          f"in {elapsed:.2f} s; JSON Lines written to {args.out}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
