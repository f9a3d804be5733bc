"""The `nhiemvu` command line. `main(argv)` returns the exit code, so tests can call it directly.

Exit codes: 0 ok; 1 some input failed (its error record is still written); 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from . import __version__
from .evaluate import evaluate
from .models import notice_json_schema
from .pipeline import error_record, extract

EXAMPLES = """examples:
  nhiemvu extract corpus/seeds/docs/000_d90f0c8499158383.txt          pretty JSON of one notice
  nhiemvu extract corpus/*/docs/*.txt -o out/notices.jsonl             JSON Lines, one per input
  nhiemvu extract notice.txt --include-text                            with the normalized text
  nhiemvu eval corpus/seeds/gold corpus/seeds/docs                     precision/recall/F1 per field
  nhiemvu schema > schema/notice.schema.json                           the output contract's JSON Schema
"""


def _dump(obj: object, pretty: bool) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


def _record(path: str, include_text: bool) -> tuple[dict, bool]:
    try:
        notice = extract(Path(path), include_text=include_text)
        return notice.model_dump(mode="json"), True
    except FileNotFoundError as exc:
        from .errors import CorruptFile
        return error_record(path, CorruptFile(f"cannot read {path}: {exc.strerror or exc}")).model_dump(mode="json"), False
    except Exception as exc:  # every input yields exactly one line: a notice or an error record
        return error_record(path, exc).model_dump(mode="json"), False


def _cmd_extract(args: argparse.Namespace, out: TextIO) -> int:
    paths: list[str] = args.files
    jsonl = len(paths) > 1 or args.jsonl
    ok_all = True
    sink: TextIO
    handle = None
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        handle = open(args.output, "w", encoding="utf-8")
        sink = handle
    else:
        sink = out
    try:
        for path in paths:
            record, ok = _record(path, args.include_text)
            ok_all &= ok
            sink.write(_dump(record, pretty=not jsonl) + "\n")
            sink.flush()
    finally:
        if handle:
            handle.close()
    return 0 if ok_all else 1


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    out.write(_dump(notice_json_schema(), pretty=True) + "\n")
    return 0


def _cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
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
                for line in doc.diffs:
                    out.write(f"  {doc.doc_id}: {line}\n")
        if args.per_doc:
            for doc in report.docs:
                cells = "  ".join(f"{f}:{c.tp}/{c.fp}/{c.fn}" for f, c in doc.counts.items())
                wrong = [f"{k} {g!r}!={p!r}" for k, (g, p) in doc.header.items() if g != p]
                out.write(f"  {doc.doc_id:<28} {cells}  {'; '.join(wrong + doc.errors)}\n")
    return 1 if any(d.errors for d in report.docs) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nhiemvu", description="Extract typed task records from Vietnamese administrative notices.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"nhiemvu {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract notices from files (one: pretty JSON; several: JSON Lines)",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", help="notice files (.txt)")
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
    return parser


def main(argv: Iterable[str] | None = None, out: TextIO | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse: --help is 0, a usage error is 2
        return int(exc.code or 0)
    return args.handler(args, out or sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
