"""Benchmark: notices per second on one core over the corpus text files, peak RSS, CLI start-up.

Prints figures; asserts nothing (speed is never checked by a timed test). Goals of issue 2:
>= 200 notices/s on one core, < 300 MB peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
            return "pinned to one core"
        except OSError:
            pass
    return "not pinned"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the corpus")
    args = parser.parse_args()
    pinned = _pin_one_core()
    from extractor import extract
    from extractor.readers import read_path
    from extractor.pipeline import extract_raw

    files = sorted((ROOT / "corpus").glob("*/docs/*.txt"))
    raws = [read_path(p) for p in files]
    started = time.perf_counter()
    extract(files[0])  # warm-up: rules loaded and patterns compiled once per process
    warmup = time.perf_counter() - started
    rates = []
    cpu_rates = []
    for _ in range(args.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        for raw in raws:
            extract_raw(raw)
        rates.append(len(raws) / (time.perf_counter() - t0))
        cpu_rates.append(len(raws) / (time.process_time() - c0))
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {len(files)} text notices, {chars / len(files):,.0f} characters on average ({pinned})")
    print(f"first call (rules + pattern compilation): {warmup * 1000:.0f} ms")
    print(f"throughput: {statistics.median(rates):.0f} notices/s median over {args.rounds} rounds "
          f"(min {min(rates):.0f}, max {max(rates):.0f}); per CPU second: {statistics.median(cpu_rates):.0f}")
    print(f"peak RSS: {rss_mb:.0f} MB")
    cli = shutil.which("nhiemvu") or str(Path(sys.executable).parent / "nhiemvu")
    if Path(cli).exists():
        for label, argv in (("nhiemvu --version", [cli, "--version"]),
                            ("nhiemvu extract <one seed>", [cli, "extract", str(files[0])])):
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                subprocess.run(argv, check=False, capture_output=True)
                times.append(time.perf_counter() - t0)
            print(f"CLI start-up, {label}: {min(times) * 1000:.0f} ms (best of 3)")
    else:
        print("CLI start-up: nhiemvu is not installed in this environment (run `make bench`)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
