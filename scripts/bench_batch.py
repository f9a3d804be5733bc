"""Batch benchmark: files per second with 1 and 2 workers, per format, peak RSS per worker, and the
Dask local run compared byte for byte with the local one. Prints figures; asserts nothing."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.batch import BatchOptions, run_batch


def _inbox(directory: Path, copies: int) -> dict[str, list[Path]]:
    by_format: dict[str, list[Path]] = {}
    sources = sorted((ROOT / "corpus").glob("*/docs/*"))
    for n in range(copies):
        for source in sources:
            if source.suffix not in (".txt", ".docx", ".pdf"):
                continue
            target = directory / source.suffix.lstrip(".") / f"{n:03d}_{source.parent.parent.name}_{source.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            by_format.setdefault(source.suffix.lstrip("."), []).append(target)
    return by_format


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=20, help="how many times the corpus is repeated")
    parser.add_argument("--dask", action="store_true", help="also run on a Dask LocalCluster")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        by_format = _inbox(tmp_path / "in", args.copies)
        every = [str(p) for files in by_format.values() for p in files]
        rates = {}
        for workers in (1, 2):
            out = tmp_path / f"out-{workers}.jsonl"
            summary = run_batch(every, out, BatchOptions(workers=workers))
            rates[workers] = (summary.files / summary.seconds, summary)
            print(f"{workers} worker(s): {summary.files} files in {summary.seconds:.2f} s = "
                  f"{rates[workers][0]:.0f} files/s; peak RSS per worker: "
                  + ", ".join(f"{m:.0f} MB" for m in summary.worker_peak_rss_mb))
        print(f"speed-up with 2 workers: {rates[2][0] / rates[1][0]:.2f}")
        for fmt, files in sorted(by_format.items()):
            summary = run_batch([str(p) for p in files], tmp_path / f"fmt-{fmt}.jsonl", BatchOptions(workers=1))
            print(f"format {fmt}: {summary.files / summary.seconds:.0f} files/s on one worker "
                  f"({summary.files} files, {sum(summary.errors.values())} errors)")
        if args.dask:
            started = time.monotonic()
            run_batch(every, tmp_path / "dask.jsonl", BatchOptions(workers=2, dask_address="local"))
            same = (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "out-2.jsonl").read_bytes()
            print(f"Dask LocalCluster (2 workers): {time.monotonic() - started:.2f} s including cluster "
                  f"start; output identical to the local run: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
