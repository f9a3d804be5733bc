"""Benchmark of the review report at scale: a 1,000-notice report (the corpus repeated).

Prints the time to build it, its size, and in headless Chromium (Debian's `chromium`, driven by
Playwright) DOMContentLoaded, first paint, first contentful paint, the load event and the time to
open one notice (its body is inserted lazily). Asserts nothing: speed is measured here, never in a
timed test.

    .venv/bin/python scripts/bench_report.py [--notices 1000] [--out out/bench-report.html]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
  return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
           fp: paint['first-paint'] ?? null, fcp: paint['first-contentful-paint'] ?? null };
}"""


def make_batch(count: int, path: Path) -> int:
    """JSON Lines of `count` notices: the corpus extracted once (with text), repeated with new ids."""
    from extractor import extract

    docs = sorted((ROOT / "corpus").glob("*/docs/*.txt"))
    notices = [extract(p).model_dump(mode="json") for p in docs]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            notice = dict(notices[i % len(notices)], id=f"{i:016x}")
            handle.write(json.dumps(notice, ensure_ascii=False) + "\n")
    return len(docs)


def measure(report: Path, rounds: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(rounds):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            requests: list[str] = []
            page.on("request", lambda r, seen=requests: seen.append(r.url))
            page.goto(report.as_uri(), wait_until="load")
            page.wait_for_function("performance.getEntriesByType('paint').length > 0")
            timings = page.evaluate(TIMINGS_JS)
            started = time.perf_counter()
            page.locator("table.index a[href='#n-500']").click()
            page.locator("#n-500 .nv-text").wait_for()
            timings["open_ms"] = (time.perf_counter() - started) * 1000
            timings["requests"] = len(requests)
            results.append(timings)
            page.close()
        browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="page loads (fresh page each)")
    parser.add_argument("--out", default=str(ROOT / "out" / "bench-report.html"))
    args = parser.parse_args()
    from extractor.report import write_report

    out = Path(args.out)
    batch = out.with_suffix(".jsonl")
    distinct = make_batch(args.notices, batch)
    started = time.perf_counter()
    write_report([batch], out)
    build_s = time.perf_counter() - started
    size_mb = out.stat().st_size / 1e6
    print(f"report of {args.notices} notices ({distinct} distinct corpus notices repeated): {out}")
    print(f"build from JSON Lines: {build_s:.2f} s; size: {size_mb:.1f} MB")
    try:
        results = measure(out, args.rounds)
    except ImportError:
        print("Playwright is missing: pip install playwright (browser figures skipped)")
        return 0
    for key, label in [("dcl", "DOMContentLoaded"), ("fp", "first paint"), ("fcp", "first contentful paint"),
                       ("load", "load event"), ("open_ms", "open notice #501 (lazy body)")]:
        values = [r[key] for r in results if r[key] is not None]
        if values:
            print(f"{label:<30} median {statistics.median(values):7.0f} ms  (runs: "
                  + ", ".join(f"{v:.0f}" for v in values) + ")")
    print(f"requests per load: {sorted({r['requests'] for r in results})} (the file itself only)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
