"""Benchmark: notices per second on one core over the corpus text files, peak RSS, CLI start-up;
then the real formats: PDF pages per second (text layer: reading alone and the whole extraction),
DOCX notices per second, and, with --ocr, CPU seconds per scanned page per scan profile
(scripts/render_scan.py: bilevel, gray, colour, fax, photo), median on one core.

Prints figures; asserts nothing (speed is never checked by a timed test). Goals: >= 200 text
notices/s on one core, < 300 MB peak RSS (issue 2); >= 20 PDF pages/s on one core (issue 3);
>= 1 MB of text per CPU second (issue 10).
"""

from __future__ import annotations

import argparse
import os
import resource
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
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
            return "pinned to one core"
        except OSError:
            pass
    return "not pinned"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the corpus")
    parser.add_argument("--ocr", action="store_true",
                        help="also time OCR per scan profile (bilevel, gray, colour, fax, photo; slow)")
    parser.add_argument("--ocr-pages", type=int, default=6, help="pages timed per scan profile with --ocr")
    parser.add_argument("--ocr-only", action="store_true", help="only the OCR figures per scan profile")
    parser.add_argument("--startup", action="store_true", help="only the CLI start-up figures")
    parser.add_argument("--no-freeze", action="store_true",
                        help="start as a library caller that does not freeze its start-up objects (the CLI does)")
    args = parser.parse_args()
    if args.startup:
        _bench_startup(min((ROOT / "corpus").glob("*/docs/*.txt")))
        return 0
    pinned = _pin_one_core()
    if args.ocr_only:
        print(f"({pinned})")
        _bench_ocr(args.ocr_pages)
        return 0
    from extractor import extract
    from extractor.cli import _start_pipeline
    from extractor.pipeline import extract_raw
    from extractor.readers import read_path

    files = sorted((ROOT / "corpus").glob("*/docs/*.txt"))
    started = time.perf_counter()
    if not args.no_freeze:
        # as `nhiemvu extract` starts: the grammar read with the collector off, then the long-lived
        # objects frozen, so that the full collections a pass makes do not walk them again and again
        _start_pipeline()
    extract(files[0])  # warm-up: rules loaded and patterns compiled once per process
    warmup = time.perf_counter() - started
    raws = [read_path(p) for p in files]
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
    start = "started as a library caller, nothing frozen" if args.no_freeze else "started as the CLI"
    print(f"corpus: {len(files)} text notices, {chars / len(files):,.0f} characters on average ({pinned}; {start})")
    print(f"first call (grammar compiled, or read from its disk cache): {warmup * 1000:.0f} ms")
    print(f"throughput: {statistics.median(rates):.0f} notices/s median over {args.rounds} rounds "
          f"(min {min(rates):.0f}, max {max(rates):.0f}); per CPU second: {statistics.median(cpu_rates):.0f}")
    utf8 = sum(p.stat().st_size for p in files) / len(files) / 1e6
    print(f"text per CPU second: {statistics.median(cpu_rates) * utf8:.2f} MB (goal >= 1 MB, issue 10; "
          f"the real corpus's plans and appendices are the long notices)")
    print(f"peak RSS (text notices): {rss_mb:.0f} MB")
    _bench_formats(args.rounds, args.ocr, args.ocr_pages)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (after the real formats): {rss_mb:.0f} MB")
    _bench_startup(files[0])
    return 0


def _bench_startup(seed: Path) -> None:
    # this checkout's CLI (an installed `nhiemvu` may be another one); the first run compiles the
    # grammar and keeps it on disk (extractor/grammar.py), the timed runs read it back.
    # Timed twice: with the modules' bytecode cached, as after `pip install` or any earlier run (kept
    # in a temporary PYTHONPYCACHEPREFIX, not in the checkout), and with none, as under
    # PYTHONDONTWRITEBYTECODE=1 (every run compiles ~6,000 lines of source: ~90 ms)
    import tempfile

    env = os.environ | {"PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cli = [sys.executable, "-m", "extractor.cli"]
    with tempfile.TemporaryDirectory(prefix="nhiemvu-pyc-") as pyc:
        cached = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPYCACHEPREFIX": pyc}
        # (the checkout's own: the standard library's and site-packages' bytecode is there either way)
        uncached = {k: v for k, v in env.items() if k != "PYTHONPYCACHEPREFIX"} | {"PYTHONDONTWRITEBYTECODE": "1"}
        for bytecode, run_env in (("bytecode cached", cached), ("no bytecode cache", uncached)):
            subprocess.run([*cli, "extract", str(seed)], check=False, capture_output=True, env=run_env)
            for label, argv in (("nhiemvu --version", [*cli, "--version"]),
                                ("nhiemvu extract <one seed>", [*cli, "extract", str(seed)])):
                times, cpu = [], []
                for _ in range(7):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    t0 = time.perf_counter()
                    subprocess.run(argv, check=False, capture_output=True, env=run_env)
                    times.append(time.perf_counter() - t0)
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                # the minimum too: on a shared machine the median measures the neighbours as well
                print(f"CLI start-up, {label} ({bytecode}): {statistics.median(times) * 1000:.0f} ms median of 7, "
                      f"min {min(times) * 1000:.0f} (CPU median {statistics.median(cpu) * 1000:.0f}, "
                      f"min {min(cpu) * 1000:.0f}; goal <= 300 ms, issue 12)")


def _timed(paths: list[Path], rounds: int, work) -> list[float]:
    """Seconds per pass over `paths` (CPU time: the VM's wall clock is noisy)."""
    passes = []
    for _ in range(rounds):
        c0 = time.process_time()
        for path in paths:
            work(path)
        passes.append(time.process_time() - c0)
    return passes


def _bench_formats(rounds: int, with_ocr: bool, ocr_pages: int = 6) -> None:
    import pypdfium2 as pdfium

    from extractor import extract
    from extractor.readers import read_path

    pdfs = sorted((ROOT / "corpus").glob("*/pdf/*.pdf"))
    if pdfs:
        pages = sum(len(pdfium.PdfDocument(p)) for p in pdfs)
        read = statistics.median(_timed(pdfs, rounds, read_path))
        whole = statistics.median(_timed(pdfs, rounds, extract))
        print(f"PDF (text layer): {len(pdfs)} files, {pages} pages; reading {pages / read:.0f} pages/s, "
              f"whole extraction {pages / whole:.0f} pages/s = {len(pdfs) / whole:.0f} notices/s per CPU second")
    else:
        print("PDF: no corpus/*/pdf/*.pdf (run scripts/build_corpus.py)")
    docxs = sorted((ROOT / "corpus").glob("*/docx/*.docx"))
    if docxs:
        read = statistics.median(_timed(docxs, rounds, read_path))
        whole = statistics.median(_timed(docxs, rounds, extract))
        print(f"DOCX: {len(docxs)} files; reading {len(docxs) / read:.0f} notices/s, "
              f"whole extraction {len(docxs) / whole:.0f} notices/s per CPU second")
    if with_ocr:
        _bench_ocr(ocr_pages)


# the corpus notices rendered in each scan profile for --ocr (besides the profile's fixture page)
OCR_DOCUMENTS = ("seeds/000_d90f0c8499158383", "dev/d01", "heldout/h03")


def _cpu_with_children() -> float:
    """CPU seconds of this process and its finished children (Tesseract runs as a child)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _bench_ocr(pages_per_profile: int) -> None:
    """Seconds of CPU per page (this process and Tesseract, one core), median per scan profile, over
    the profile's fixture page (tests/fixtures/scan) and the pages of OCR_DOCUMENTS rendered in the
    profile by scripts/render_scan.py (seeded as scripts/eval_scans.py seeds them)."""
    import importlib.util
    import zlib

    import pypdfium2 as pdfium

    from extractor.readers import ocr, ocr_image

    if not ocr.tesseract_available():
        print(f"OCR: not timed ({ocr.missing_reason()})")
        return
    os.environ["OMP_THREAD_LIMIT"] = "1"
    spec = importlib.util.spec_from_file_location("render_scan", ROOT / "scripts" / "render_scan.py")
    assert spec is not None and spec.loader is not None
    render_scan = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_scan)
    print(f"OCR, CPU seconds per page (this process and Tesseract, one core; goal <= 2.5 s at 300 dpi), "
          f"up to {pages_per_profile} pages a profile:")
    for profile in render_scan.PROFILES:
        sources = [(ROOT / "tests" / "fixtures" / "scan" / f"h03_mix.{profile}.pdf").read_bytes()]
        for name in OCR_DOCUMENTS:
            part, doc_id = name.split("/")
            pdf = ROOT / "corpus" / part / "pdf" / f"{doc_id}.pdf"
            if pdf.is_file():
                sources.append(render_scan.render_scan(pdf.read_bytes(), seed=zlib.crc32(doc_id.encode("utf-8")),
                                                       profile=profile))
        seconds: list[float] = []
        walls: list[float] = []
        resolutions: list[float] = []
        for data in sources:
            document = pdfium.PdfDocument(data)
            for number in range(1, len(document) + 1):
                if len(seconds) >= pages_per_profile:
                    break
                page = document[number - 1]
                resolutions.append(ocr_image.prepare(page).dpi)
                page.close()
                c0, t0 = _cpu_with_children(), time.perf_counter()
                ocr.ocr_document(document, pages=[number], page_timeout=900)  # a busy machine: CPU time counts
                seconds.append(_cpu_with_children() - c0)
                walls.append(time.perf_counter() - t0)
            document.close()
        print(f"  {profile:<8} {statistics.median(seconds):.2f} s/page median over {len(seconds)} pages "
              f"(min {min(seconds):.2f}, max {max(seconds):.2f}; wall clock {statistics.median(walls):.2f}; "
              f"read at {statistics.median(resolutions):.0f} dpi)")

if __name__ == "__main__":
    raise SystemExit(main())
