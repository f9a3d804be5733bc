"""The OCR path per scan profile (issue 11): the corpus rendered in every profile of
scripts/render_scan.py, read by the pipeline, scored against the gold, next to the same notices'
text and, with --plain-tesseract, next to plain `tesseract -l vie --psm 4` on the page images fed to
the text pipeline (the floor). With --real, also corpus/scans-real (real signed scans) against their
transcriptions.

Renders are cached in out/scans/<profile>/<part>/<id>.pdf (the bilevel profile is the committed
corpus/<part>/scan when there is one) and results in out/scans/results/. OCR is slow (2-5 s a page):
develop on a few documents (--limit), `make eval-scans` runs the whole of it.

    python scripts/eval_scans.py [--profiles gray colour] [--parts seeds dev] [--limit 8]
                                 [--plain-tesseract] [--real] [--steps "denoise=0"] [--jobs 2]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import statistics
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "corpus"
OUT = ROOT / "out" / "scans"
PARTS = ["seeds", "dev", "heldout", "synthetic", "structures"]


def _render_scan_module():
    spec = importlib.util.spec_from_file_location("render_scan", ROOT / "scripts" / "render_scan.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def documents(parts: list[str], limit: int | None, only: list[str] | None) -> list[tuple[str, str]]:
    """(part, id) of the gold documents that have a PDF; with `limit`, that many spread evenly."""
    found = [(part, gold.stem) for part in parts for gold in sorted((CORPUS / part / "gold").glob("*.json"))
             if (CORPUS / part / "pdf" / f"{gold.stem}.pdf").is_file()]
    if only:
        found = [doc for doc in found if doc[1] in only]
    if limit and len(found) > limit:
        step = len(found) / limit
        found = [found[int(i * step)] for i in range(limit)]
    return found


# --ruled: the notices whose table rows are printed as ruled tables (corpus/<part>/pdf-ruled) are
# scanned from those, as offices print task tables
RULED = False


def _source(part: str, doc_id: str) -> Path:
    ruled = CORPUS / part / "pdf-ruled" / f"{doc_id}.pdf"
    return ruled if RULED and ruled.is_file() else CORPUS / part / "pdf" / f"{doc_id}.pdf"


def scan_path(profile: str, part: str, doc_id: str) -> Path:
    if profile == "real":
        return CORPUS / "scans-real" / "scan" / f"{doc_id}.pdf"
    committed = CORPUS / part / "scan" / f"{doc_id}.pdf"
    ruled = _source(part, doc_id).parent.name == "pdf-ruled"
    if profile == "bilevel" and committed.is_file() and not ruled:
        return committed
    path = OUT / (f"{profile}-ruled" if ruled else profile) / part / f"{doc_id}.pdf"
    if not path.is_file():
        module = _render_scan_module()
        source = _source(part, doc_id).read_bytes()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(module.render_scan(source, seed=zlib.crc32(doc_id.encode("utf-8")), profile=profile))
        partial.replace(path)
    return path


def _init(steps: str, ruled: bool = False) -> None:
    global RULED
    RULED = ruled
    os.environ["OMP_THREAD_LIMIT"] = "1"
    from extractor.readers import ocr_image

    ocr_image.STEPS = ocr_image.steps_from(steps)


def _run(job: tuple[str, str, str, str, str]) -> tuple[str, str, str, str, dict, float, int]:
    """(mode, profile, id, notice as JSON, seconds, pages) for one document; mode "ocr" (the
    pipeline), "plain" (plain Tesseract + the text pipeline) or "text" (the notice's text)."""
    mode, profile, part, doc_id, result = job
    cached = Path(result)
    if cached.is_file():
        stored = json.loads(cached.read_text(encoding="utf-8"))
        return mode, profile, part, doc_id, stored["notice"], stored["seconds"], stored["pages"]
    import pypdfium2 as pdfium

    from extractor.pipeline import extract, extract_raw
    from extractor.readers import ocr, read_string

    started = time.perf_counter()
    pages = 0
    try:
        if mode == "text":
            docs = CORPUS / ("scans-real" if profile == "real" else part) / "docs"
            notice = extract(docs / f"{doc_id}.txt").model_dump(mode="json")
        else:
            path = scan_path(profile, part, doc_id)
            pages = len(pdfium.PdfDocument(path.read_bytes()))
            if mode == "ocr":
                notice = extract(path).model_dump(mode="json")
            else:
                notice = extract_raw(read_string(ocr.plain_text(path.read_bytes()), str(path))).model_dump(mode="json")
    except Exception as exc:  # noqa: BLE001 -- scored as all misses, and said
        notice = {"tasks": [], "error": f"{type(exc).__name__}: {exc}"}
    seconds = time.perf_counter() - started
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps({"notice": notice, "seconds": seconds, "pages": pages}, ensure_ascii=False),
                      encoding="utf-8")
    return mode, profile, part, doc_id, notice, seconds, pages


def _code_signature(ocr: bool) -> str:
    """Results are cached per version of the code that makes them (the OCR modules count only for
    the OCR path's results)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "extractor").rglob("*.py")) + sorted((ROOT / "rules").rglob("*")):
        if path.is_file() and (ocr or not path.name.startswith(("ocr", "pdf"))):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _render(job: tuple[str, str, str]) -> None:
    scan_path(*job)


def main(argv: list[str] | None = None) -> int:
    module = _render_scan_module()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", nargs="+", default=list(module.PROFILES), choices=module.PROFILES)
    parser.add_argument("--parts", nargs="+", default=PARTS)
    parser.add_argument("--limit", type=int, help="this many documents, spread over the parts")
    parser.add_argument("--only", nargs="+", metavar="ID")
    parser.add_argument("--plain-tesseract", action="store_true", help="also plain Tesseract + the text pipeline")
    parser.add_argument("--real", action="store_true", help="also corpus/scans-real against its transcriptions")
    parser.add_argument("--steps", default="", help="OCR steps over the defaults (extractor/readers/ocr_image.py)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--details", action="store_true", help="task F1 per document")
    parser.add_argument("--cache", help="cache the OCR path's results under this key instead of the code's hash")
    parser.add_argument("--ruled", action="store_true",
                        help="scan the notices that have one from their ruled-table PDF (corpus/<part>/pdf-ruled)")
    args = parser.parse_args(argv)
    global RULED
    RULED = args.ruled

    from extractor.evaluate import FIELDS, Counts, score_document

    code, ocr_code = _code_signature(False), args.cache or _code_signature(True)
    steps_key = hashlib.sha256((args.steps + ("ruled" if args.ruled else "")).encode()).hexdigest()[:8]
    docs = documents(args.parts, args.limit, args.only)
    sets: list[tuple[str, list[tuple[str, str]]]] = [(profile, docs) for profile in args.profiles]
    if args.real:
        sets.append(("real", documents(["scans-real"], None, args.only)))
    # the OCR path's results are cached per code version and steps; the text's and plain
    # Tesseract's do not depend on the OCR modules
    jobs = []
    for profile, chosen in sets:
        for part, doc_id in chosen:
            base = OUT / "results"
            jobs.append(("text", profile, part, doc_id, str(base / "text" / code / f"{part}-{doc_id}.json")))
            jobs.append(("ocr", profile, part, doc_id, str(base / "ocr" / f"{ocr_code}-{steps_key}" / profile
                                                            / f"{part}-{doc_id}.json")))
            if args.plain_tesseract:
                jobs.append(("plain", profile, part, doc_id, str(OUT / "results" / "plain" / code
                                                                 / (profile + ("-ruled" if args.ruled else ""))
                                                                 / f"{part}-{doc_id}.json")))
    gold = {}
    for profile, chosen in sets:
        for part, doc_id in chosen:
            directory = CORPUS / ("scans-real" if profile == "real" else part) / "gold"
            gold[(part, doc_id)] = json.loads((directory / f"{doc_id}.json").read_text(encoding="utf-8"))
            gold[(part, doc_id)].setdefault("id", doc_id)
    totals: dict[tuple[str, str], dict[str, Counts]] = {}
    per_doc: dict[tuple[str, str], dict[str, float]] = {}
    timing: dict[tuple[str, str], list[float]] = {}
    with ProcessPoolExecutor(max_workers=args.jobs, initializer=_init, initargs=(args.steps, args.ruled)) as pool:
        # render first (each file once), then read
        list(pool.map(_render, [(profile, part, doc_id) for profile, chosen in sets for part, doc_id in chosen]))
        for mode, profile, part, doc_id, notice, seconds, pages in pool.map(_run, jobs):
            scored = score_document(gold[(part, doc_id)], notice)
            counts = totals.setdefault((profile, mode), {f: Counts() for f in FIELDS})
            for field in FIELDS:
                counts[field].add(scored.counts[field])
            per_doc.setdefault((profile, mode), {})[f"{part}/{doc_id}"] = scored.counts["task"].f1
            if pages and mode == "ocr":
                timing.setdefault((profile, mode), []).append(seconds / pages)
            if "error" in notice:
                print(f"  {profile} {mode} {doc_id}: {notice['error']}", file=sys.stderr)

    modes = ["text", "ocr"] + (["plain"] if args.plain_tesseract else [])
    names = {"text": "text", "ocr": "OCR path", "plain": "plain tess."}
    header = f"{'profile':<9}{'docs':>5}" + "".join(f"{names[m] + ' task':>17}{'deadline':>9}" for m in modes)
    print(header + f"{'s/page':>8}")
    summed = {m: [0.0, 0.0] for m in modes}
    for profile, chosen in sets:
        if not chosen:
            continue  # no document of the chosen parts in this profile ("--parts none --real")
        row = f"{profile:<9}{len(chosen):>5}"
        for mode in modes:
            counts = totals[(profile, mode)]
            row += f"{counts['task'].f1:>17.3f}{counts['deadline'].f1:>9.3f}"
            if profile != "real":
                summed[mode][0] += counts["task"].f1
                summed[mode][1] += counts["deadline"].f1
        seconds = timing.get((profile, "ocr"))
        row += f"{statistics.median(seconds):>8.2f}" if seconds else f"{'':>8}"
        print(row)
        if args.details:
            for part, doc_id in chosen:
                key = f"{part}/{doc_id}"
                print(f"    {key:<32}" + "".join(f"  {m} {per_doc[(profile, m)][key]:.2f}" for m in modes))
    print(f"{'sum':<14}" + "".join(f"{summed[m][0]:>17.3f}{summed[m][1]:>9.3f}" for m in modes)
          + f"   (steps: {args.steps or 'defaults'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
