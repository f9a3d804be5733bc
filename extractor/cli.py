"""The `nhiemvu` command line. `main(argv)` returns the exit code, so tests can call it directly.

Exit codes: 0 ok; 1 some input failed (its error record is still written); 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import Any, NoReturn, TextIO

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
  nhiemvu export out/batch.jsonl -o out/tasks.xlsx                     one row per deadline, for Excel
  nhiemvu export out/batch.jsonl --to spacy -o out/corpus.spacy        a spaCy DocBin with the spans
  nhiemvu export out/batch.jsonl --to sqlite -o out/tasks.db           a database; again: upserts
  nhiemvu export out/batch.jsonl --to postgres postgresql://me@host/db  the same in PostgreSQL
  nhiemvu export out/batch.jsonl --to ics -o out/deadlines.ics         a calendar of task deadlines
  nhiemvu links out/batch.jsonl --format graphml > citations.graphml   which notice cites which
  nhiemvu watch inbox/ -o out/inbox.jsonl --db out/tasks.db            process files as they arrive
  nhiemvu stats out/batch.jsonl                                        counts for researchers
  nhiemvu report out/batch.jsonl corpus/seeds/docs/*.txt -o out/report.html   HTML review report
"""


def _dump(obj: object, pretty: bool) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


def _record(path: str, include_text: bool) -> tuple[dict[str, Any], bool]:
    from .models import Notice
    from .pipeline import extract_or_error, record_json

    record = extract_or_error(path)
    return record_json(record, include_text=include_text), isinstance(record, Notice)


def _start_pipeline() -> None:
    """Import the pipeline and read the grammar with the garbage collector off, then freeze what they
    made: ~10^5 long-lived objects (pydantic's, the patterns), none of them garbage, which the
    collector would otherwise walk again and again while they are made and in every later full
    collection (start-up time; batch throughput)."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        from . import pipeline  # noqa: F401 - imported here, with the collector off
        from .grammar import default_grammar

        default_grammar()
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    # A notice makes ~10^5 short-lived objects (matches, mentions, models; a few cycles: the outline's
    # nodes and their parents): at the default thresholds (700, 10, 10) the collector ran ~180 times a
    # corpus pass and walked the long-lived objects made since start-up in each full collection, 40-70
    # ms a pass (~4% of the CPU); at these, 6-11 ms. The cycles are still collected, a little later.
    gc.set_threshold(*_GC_THRESHOLDS)


_GC_THRESHOLDS = (10_000, 20, 10)  # the young generation's allocations, then the collections of each older one


def _cmd_extract(args: argparse.Namespace, out: TextIO) -> int:
    paths: list[str] = args.files
    _start_pipeline()
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


EXPORT_FORMATS = ("csv", "xlsx", "json", "sqlite", "postgres", "ics", "spacy")
# export formats by the output file's extension (`--to` may be left out)
EXPORT_SUFFIXES = {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".db": "sqlite", ".sqlite": "sqlite",
                   ".ics": "ics", ".spacy": "spacy"}


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    to, *rest = [w.lower() if i == 0 else w for i, w in enumerate(args.to or [])] or [None]
    # "--to postgres postgresql://…" names the database after the format (-o works too); "--to" takes
    # one or more words, so "export --to csv batch.jsonl" gives the batch to it: take it back
    urls = [word for word in rest if "://" in word]
    others = [word for word in rest if "://" not in word]
    jsonl = args.jsonl
    if jsonl is None and len(others) == 1:
        jsonl, others = others[0], []
    destination = urls[0] if urls else args.output
    by_suffix = EXPORT_SUFFIXES.get(Path(destination).suffix.lower()) if destination and not urls else None
    fmt = to or by_suffix
    if fmt is None and destination:
        return _fail("export", f"cannot tell the format of {destination}: give --to "
                               f"({', '.join(EXPORT_FORMATS)})")
    if fmt is not None and by_suffix is not None and fmt != by_suffix:
        return _fail("export", f"--to {fmt} does not fit {destination} (a .{by_suffix} name): "
                               f"change the name or leave --to out")
    if (fmt not in EXPORT_FORMATS or others or len(urls) > 1 or (urls and fmt != "postgres") or not destination
            or jsonl is None):
        return _fail("export", f"--to one of {', '.join(EXPORT_FORMATS)}, with -o FILE "
                               "(for postgres: --to postgres postgresql://user@host/db)")
    if not Path(jsonl).exists():
        return _fail("export", f"cannot read {jsonl}: No such file or directory")
    if fmt in ("sqlite", "postgres"):
        from .database import write_postgres, write_sqlite
        from .export import read_lines

        records = read_lines(jsonl)
        try:
            summary = write_sqlite(records, destination) if fmt == "sqlite" else write_postgres(records, destination)
        except RuntimeError as exc:
            sys.stderr.write(f"nhiemvu export: {exc}\n")
            return 2
        shown = destination if fmt == "sqlite" else _without_password(destination)
        out.write(summary.line(shown) + "\n")
        return 0
    if fmt == "spacy":
        from .export import MissingExtra, export_spacy

        try:
            spacy_summary = export_spacy(jsonl, destination)
        except MissingExtra as exc:
            print(f"nhiemvu export: {exc}", file=sys.stderr)
            return 2
        for reason in spacy_summary.skipped:
            print(f"nhiemvu export: skipped {reason}", file=sys.stderr)
        spans = ", ".join(f"{count} {group}" for group, count in spacy_summary.spans.items() if count)
        out.write(f"{spacy_summary.docs} docs ({spans or 'no spans'}) written to {destination}\n")
        return 0
    if fmt == "ics":
        from .ics import write_ics

        count = write_ics(jsonl, destination, lang=getattr(args, "lang", "vi"))
        out.write(f"{count} deadlines written to {destination}\n")
        return 0
    from .export import export

    try:
        rows = export(jsonl, fmt, destination, lang=getattr(args, "lang", "vi"))
    except (OSError, ValueError) as exc:
        return _fail("export", _reading_error(jsonl, exc))
    if fmt == "xlsx":
        out.write(f"{rows} tasks written to {destination} (a row per deadline)\n")
    else:
        out.write(f"{rows} task rows written to {destination}\n")
    return 0


def _without_password(url: str) -> str:
    """A database URL fit to print."""
    from .database import postgres_url

    return postgres_url(url).render_as_string(hide_password=True)


def _cmd_links(args: argparse.Namespace, out: TextIO) -> int:
    from .links import cmd_links

    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        with open(args.output, "w", encoding="utf-8") as handle:
            return cmd_links(args.jsonl, args.format, handle, sys.stderr)
    return cmd_links(args.jsonl, args.format, out, sys.stderr)


def _cmd_watch(args: argparse.Namespace, out: TextIO) -> int:
    from .watch import WatchOptions, cmd_watch

    options = WatchOptions(settle=args.settle, poll=args.poll, timeout=args.timeout,
                           max_bytes=int(args.max_mb * 1024 * 1024), include_text=args.include_text,
                           database=Path(args.db) if args.db else None, max_files=args.max_files,
                           once=args.once, idle_exit=args.idle_exit)
    return cmd_watch(args.inbox, args.output, options, sys.stderr, out)


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


# the commands defined in this module; `report` and `serve` are defined by their own modules
CORE_COMMANDS = ("extract", "schema", "eval", "batch", "export", "links", "watch", "stats", "agencies")


def build_parser(*, all_commands: bool = True) -> argparse.ArgumentParser:
    """The `nhiemvu` parser; without `all_commands` only the commands of this module (what `main`
    builds to run one of them: reading report.py and app.py is a good part of a one-file start-up)."""
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
    x = sub.add_parser("export", help="batch JSON Lines -> CSV / XLSX / JSON rows, an SQLite or PostgreSQL "
                                      "database, an iCalendar file of deadlines, a spaCy DocBin")
    x.add_argument("jsonl", nargs="?", help="batch JSON Lines")
    x.add_argument("--to", nargs="+", metavar="FORMAT",
                   help=f"one of {', '.join(EXPORT_FORMATS)} (default: from the extension of -o); "
                        "postgres takes the database URL after it")
    x.add_argument("-o", "--output", help="the output file (sqlite: the database file, created when missing)")
    x.add_argument("--lang", choices=["vi", "en"], default="vi",
                   help="language of the XLSX headers, sheet and type names (default vi; labels.yaml)")
    x.set_defaults(handler=_cmd_export)
    k = sub.add_parser("links", help="the citation graph of a batch: which notice and which task cites which "
                                     "notice of the batch (JSON Lines or GraphML)")
    k.add_argument("jsonl")
    k.add_argument("--format", choices=["jsonl", "graphml"], default="jsonl")
    k.add_argument("-o", "--output", help="write to this file instead of standard output")
    k.set_defaults(handler=_cmd_links)
    w = sub.add_parser("watch", help="process files as they arrive in a folder: one JSON line each, "
                                     "resumes after a restart, Ctrl-C stops")
    w.add_argument("inbox", help="the folder to watch (and its sub-folders; hidden files are left alone)")
    w.add_argument("-o", "--output", required=True, help="JSON Lines output file, appended to")
    w.add_argument("--db", help="also upsert each notice into this SQLite task database")
    w.add_argument("--settle", type=float, default=2.0,
                   help="seconds a file's size must stay the same before it is read (default 2)")
    w.add_argument("--poll", type=float, default=0.5, help="seconds between looks at the folder")
    w.add_argument("--timeout", type=float, default=60.0, help="seconds per file before a 'timeout' record")
    w.add_argument("--max-mb", type=float, default=50.0, help="larger files get a 'too_large' record")
    w.add_argument("--include-text", action="store_true", help="add the normalized text to each notice")
    w.add_argument("--once", action="store_true", help="handle the files there now (once settled), then stop")
    w.add_argument("--max-files", type=int, help="stop after this many files got a line")
    w.add_argument("--idle-exit", type=float, metavar="SECONDS", help="stop after this long with nothing to do")
    w.set_defaults(handler=_cmd_watch)
    t = sub.add_parser("stats", help="counts for researchers from a batch's JSON Lines")
    t.add_argument("jsonl")
    t.add_argument("--json", action="store_true")
    t.set_defaults(handler=_cmd_stats)
    a = sub.add_parser("agencies", help="list the agency registry (rules/registry): ids, names, successors")
    a.add_argument("--level", choices=["trung_uong", "tinh", "xa", "khac"], help="only this level")
    a.add_argument("--province", help="the bodies of one province, named in full ('Hà Tĩnh', 'Huế')")
    a.add_argument("--json", action="store_true", help="machine-readable list")
    a.set_defaults(handler=_cmd_agencies)
    if not all_commands:
        return parser
    # stdlib-only import; pydantic loads only to extract a notice file
    from .app import add_serve_parser
    from .corrections import add_corrections_parser
    from .report import add_report_parser

    add_report_parser(sub)  # nhiemvu report INPUT... -o report.html
    add_serve_parser(sub)  # nhiemvu serve [--db tasks.db] [--port 8765]: Starlette only when it runs
    add_corrections_parser(sub)  # nhiemvu corrections export --to gold DIR [--db tasks.db]
    return parser


def _quick_exit(code: int) -> NoReturn:
    """End the process without tearing the interpreter down: `extract` has written and closed its
    output, and freeing every module's objects one by one (the compiled patterns above all) is
    ~6% of a one-file run's start-up. Nothing `extract` uses registers exit handlers."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _without_plugin_loader() -> None:
    """pydantic's plugin loader imports importlib.metadata (email, zipfile, csv: ~10 ms of start-up)
    before the first model is built, also when plugins are off; with them off it finds none, and a
    loader that finds none takes its place (what `get_plugins` returns then, without the import)."""
    name = "pydantic.plugin._loader"
    if name not in sys.modules:
        import types

        loader = types.ModuleType(name, "no pydantic plugins: PYDANTIC_DISABLE_PLUGINS=__all__ (extractor.cli)")
        loader.get_plugins = tuple  # type: ignore[attr-defined]  # get_plugins() -> ()
        sys.modules[name] = loader


def main(argv: Iterable[str] | None = None, out: TextIO | None = None) -> int:
    if argv is None:
        # the command line, not a caller's process: pydantic's plugin scan (every installed package's
        # entry points, ~50-100 ms of start-up) finds nothing the CLI uses; a value the user set wins
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
        if os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__":
            _without_plugin_loader()
    words = list(argv) if argv is not None else sys.argv[1:]
    parser = build_parser(all_commands=not words or words[0] not in CORE_COMMANDS)
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:  # argparse: --help is 0, a usage error is 2
        return int(exc.code or 0)
    try:
        handler: Callable[[argparse.Namespace, TextIO], int] = args.handler
        code = handler(args, out or sys.stdout)
        if argv is None and handler is _cmd_extract:
            _quick_exit(code)
        return code
    except BrokenPipeError:
        # `nhiemvu extract … | head`: the reader has gone; say nothing, and keep Python from
        # complaining when it flushes standard output on the way out
        if out is None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports it


if __name__ == "__main__":
    raise SystemExit(main())
