"""The `nhiemvu` command line. `main(argv)` returns the exit code, so tests can call it directly.

Exit codes: 0 ok; 1 some input failed (its error record is still written); 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import TextIO

from . import __version__

EXAMPLES = """examples:
  nhiemvu extract corpus/seeds/docs/000_d90f0c8499158383.txt          pretty JSON of one notice
  nhiemvu extract corpus/*/docs/*.txt -o out/notices.jsonl             JSON Lines, one per input
  nhiemvu extract notice.txt --include-text                            with the normalized text
  nhiemvu eval corpus/seeds/gold corpus/seeds/docs                     precision/recall/F1 per field
  nhiemvu schema > schema/notice.schema.json                           the output contract's JSON Schema
  nhiemvu batch inbox/ 'archive/**/*.pdf' -o out/batch.jsonl --workers 2   a folder, one line per input
  nhiemvu batch inbox/ -o out/batch.jsonl --resume                     skip inputs already done
  nhiemvu batch inbox/ -o out/batch.jsonl --retry-errors               redo the inputs that failed
  nhiemvu batch inbox/ -o out/batch.jsonl --dask tcp://scheduler:8786  the same on a Dask cluster
  nhiemvu export out/batch.jsonl -o out/tasks.xlsx                     one row per task, for Excel
  nhiemvu stats out/batch.jsonl                                        counts for researchers
  nhiemvu report out/batch.jsonl corpus/seeds/docs/*.txt -o out/report.html   HTML review report
"""


def _dump(obj: object, pretty: bool) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


def _record(path: str, include_text: bool) -> tuple[dict, bool]:
    from .models import Notice
    from .pipeline import extract_or_error, record_json

    record = extract_or_error(path)
    return record_json(record, include_text=include_text), isinstance(record, Notice)


def _cmd_extract(args: argparse.Namespace, out: TextIO) -> int:
    paths: list[str] = args.files
    jsonl = len(paths) > 1 or args.jsonl
    ok_all = True
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8") if args.output else nullcontext(out) as sink:
        for path in paths:
            record, ok = _record(path, args.include_text)
            ok_all &= ok
            sink.write(_dump(record, pretty=not jsonl) + "\n")
            sink.flush()
    return 0 if ok_all else 1


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from .models import notice_json_schema

    out.write(_dump(notice_json_schema(), pretty=True) + "\n")
    return 0


def _cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    from .evaluate import evaluate

    gold, docs = Path(args.gold_dir), Path(args.docs_dir)
    for directory in (gold, docs):
        if not directory.is_dir():
            print(f"nhiemvu eval: not a directory: {directory}", file=sys.stderr)
            return 2
    report = evaluate(gold, docs, suffix=args.suffix)
    if args.json:
        out.write(_dump(report.as_dict(), pretty=True) + "\n")
    else:
        out.write(f"{len(report.docs)} documents, gold {gold}, documents {docs}\n")
        out.write(report.table() + "\n")
        if args.diff:
            for doc in report.docs:
                out.writelines(f"  {doc.doc_id}: {line}\n" for line in doc.diffs)
        if args.per_doc:
            for doc in report.docs:
                cells = "  ".join(f"{f}:{c.tp}/{c.fp}/{c.fn}" for f, c in doc.counts.items())
                wrong = [f"{k} {g!r}!={p!r}" for k, (g, p) in doc.header.items() if g != p]
                out.write(f"  {doc.doc_id:<28} {cells}  {'; '.join(wrong + doc.errors)}\n")
    return 1 if any(d.errors for d in report.docs) else 0


def _cmd_batch(args: argparse.Namespace, out: TextIO) -> int:
    from .batch import BatchOptions, NothingMatched, run_batch

    options = BatchOptions(workers=args.workers, timeout=args.timeout, max_bytes=int(args.max_mb * 1024 * 1024),
                           resume=args.resume or args.retry_errors, retry_errors=args.retry_errors,
                           include_text=args.include_text, dask_address=args.dask)
    show = sys.stdout.isatty() and not args.quiet  # quiet when output goes to a file or a pipe
    bar = None
    if show:
        from tqdm import tqdm
        bar = tqdm(unit="file", dynamic_ncols=True, file=sys.stderr)

    def progress(done: int, total: int, errors: int) -> None:
        if bar is not None:
            bar.total = total
            bar.set_postfix(errors=errors, refresh=False)
            bar.update(done - bar.n)

    try:
        summary = run_batch(args.paths, args.output, options, on_progress=progress)
    except NothingMatched as exc:  # a folder or glob with no file: a usage error, said before any work
        return _fail("batch", str(exc))
    except KeyboardInterrupt:
        print(f"\ninterrupted: finished lines are in {args.output}; run again with --resume", file=sys.stderr)
        return 130
    finally:
        if bar is not None:
            bar.close()
    out.write(summary.table() + "\n")
    out.write(f"output: {args.output}\n")
    return 1 if summary.errors else 0


# export formats by the output file's extension (`--to` may be left out)
EXPORT_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from .export import export

    by_suffix = EXPORT_SUFFIXES.get(Path(args.output).suffix.lower())
    fmt = args.to or by_suffix
    if fmt is None:
        return _fail("export", f"cannot tell the format of {args.output}: give --to "
                               f"({', '.join(sorted(set(EXPORT_SUFFIXES.values())))})")
    if by_suffix is not None and fmt != by_suffix:
        return _fail("export", f"--to {fmt} does not fit {args.output} (a .{by_suffix} name): "
                               f"change the name or leave --to out")
    try:
        rows = export(args.jsonl, fmt, args.output)
    except (OSError, ValueError) as exc:
        return _fail("export", _reading_error(args.jsonl, exc))
    out.write(f"{rows} task rows written to {args.output}\n")
    return 0


def _cmd_stats(args: argparse.Namespace, out: TextIO) -> int:
    from .export import stats, stats_table

    try:
        data = stats(args.jsonl)
    except (OSError, ValueError) as exc:
        return _fail("stats", _reading_error(args.jsonl, exc))
    out.write((_dump(data, pretty=True) if args.json else stats_table(data)) + "\n")
    return 0


def _reading_error(path: str, exc: Exception) -> str:
    if isinstance(exc, OSError):
        return f"cannot read {path}: {exc.strerror or exc}"
    return str(exc)


def _fail(command: str, message: str) -> int:
    """A usage error of one command: one line on standard error, exit code 2."""
    print(f"nhiemvu {command}: {message}", file=sys.stderr)
    return 2


def _cmd_agencies(args: argparse.Namespace, out: TextIO) -> int:
    from .registry import load_registry

    try:
        rows = load_registry().listing(level=args.level, province=args.province)
    except ValueError as exc:
        sys.stderr.write(f"nhiemvu agencies: {exc}\n")
        return 2
    if args.json:
        out.write(_dump(rows, pretty=True) + "\n")
        return 0
    for row in rows:
        short = ", ".join(row["short"][:3])
        moved = f"  -> {row['current']}" if row["current"] else ""
        out.write(f"{row['registry_id']:<48} {row['level']:<10} {row['canonical']}"
                  f"{f' ({short})' if short else ''}{moved}\n")
    out.write(f"{len(rows)} agencies\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nhiemvu", description="Extract typed task records from Vietnamese administrative notices.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"nhiemvu {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract notices from files (one: pretty JSON; several: JSON Lines)",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", help="notice files (.txt, .docx, .pdf)")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.add_argument("--jsonl", action="store_true", help="JSON Lines even for one file")
    p.add_argument("--include-text", action="store_true", help="add the normalized text that spans refer to")
    p.set_defaults(handler=_cmd_extract)
    s = sub.add_parser("schema", help="print the JSON Schema of the output contract")
    s.set_defaults(handler=_cmd_schema)
    e = sub.add_parser("eval", help="precision/recall/F1 per field against gold annotations")
    e.add_argument("gold_dir")
    e.add_argument("docs_dir")
    e.add_argument("--json", action="store_true", help="machine-readable report")
    e.add_argument("--per-doc", action="store_true", help="a line per document")
    e.add_argument("--diff", action="store_true", help="every mismatch: missed and spurious tasks, wrong fields")
    e.add_argument("--suffix", help="read <id><suffix> in DOCS_DIR (e.g. .docx) instead of any extension")
    e.set_defaults(handler=_cmd_eval)
    b = sub.add_parser("batch", help="many files (folders, globs) -> one JSON line per input",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("paths", nargs="+", help="files, directories (recursive) or glob patterns")
    b.add_argument("-o", "--output", required=True, help="JSON Lines output file")
    b.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    b.add_argument("--timeout", type=float, default=60.0, help="seconds per file before a 'timeout' record")
    b.add_argument("--max-mb", type=float, default=50.0, help="larger files get a 'too_large' record")
    b.add_argument("--resume", action="store_true",
                   help="skip inputs that already have a line in the output (same path, same sha256)")
    b.add_argument("--retry-errors", action="store_true",
                   help="like --resume, but redo the inputs whose line is an error record (timeouts ...)")
    b.add_argument("--include-text", action="store_true", help="add the normalized text to each notice")
    b.add_argument("--dask", metavar="ADDRESS", help="'local' or a scheduler address such as tcp://host:8786")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(handler=_cmd_batch)
    x = sub.add_parser("export", help="batch JSON Lines -> CSV / XLSX / JSON, one row per task")
    x.add_argument("jsonl")
    x.add_argument("--to", type=str.lower, choices=sorted(set(EXPORT_SUFFIXES.values())),
                   help="output format (default: from the extension of --output)")
    x.add_argument("-o", "--output", required=True, help="file to write (.csv, .xlsx, .json)")
    x.set_defaults(handler=_cmd_export)
    t = sub.add_parser("stats", help="counts for researchers from a batch's JSON Lines")
    t.add_argument("jsonl")
    t.add_argument("--json", action="store_true")
    t.set_defaults(handler=_cmd_stats)
    a = sub.add_parser("agencies", help="list the agency registry (rules/registry): ids, names, successors")
    a.add_argument("--level", choices=["trung_uong", "tinh", "xa", "khac"], help="only this level")
    a.add_argument("--province", help="the bodies of one province, named in full ('Hà Tĩnh', 'Huế')")
    a.add_argument("--json", action="store_true", help="machine-readable list")
    a.set_defaults(handler=_cmd_agencies)
    # stdlib-only import; pydantic loads only to extract a notice file
    from .report import add_report_parser

    add_report_parser(sub)  # nhiemvu report INPUT... -o report.html
    return parser


def main(argv: Iterable[str] | None = None, out: TextIO | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse: --help is 0, a usage error is 2
        return int(exc.code or 0)
    try:
        return args.handler(args, out or sys.stdout)
    except BrokenPipeError:
        # `nhiemvu extract … | head`: the reader has gone; say nothing, and keep Python from
        # complaining when it flushes standard output on the way out
        if out is None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports it


if __name__ == "__main__":
    raise SystemExit(main())
