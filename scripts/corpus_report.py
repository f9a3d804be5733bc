"""What the pipeline makes of a folder of real documents, per document type.

    python scripts/corpus_report.py [corpus/real/docs] [--json]

Per doc_type: notices, tasks per notice, the share of tasks with a lead and with a deadline, targets;
then every document that gave no task, with the reason the pipeline gives (its warnings), and every
input that gave an error record. Nothing is compared with gold: this is the smoke view of documents
nobody annotated.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.errors import ExtractionError
from extractor.models import Notice
from extractor.pipeline import extract


def summarize(notices: Iterable[Notice]) -> dict[str, dict]:
    groups: dict[str, list[Notice]] = defaultdict(list)
    for notice in notices:
        groups[notice.doc_type].append(notice)
    out: dict[str, dict] = {}
    for doc_type, members in sorted(groups.items()):
        tasks = [t for n in members for t in n.tasks]
        with_lead = sum(1 for t in tasks if any(a.role == "lead" for a in t.assignees))
        with_deadline = sum(1 for t in tasks if t.deadlines)
        out[doc_type] = {
            "notices": len(members),
            "tasks": len(tasks),
            "tasks_per_notice": round(len(tasks) / len(members), 1),
            "share_with_lead": round(with_lead / len(tasks), 3) if tasks else 0.0,
            "share_with_deadline": round(with_deadline / len(tasks), 3) if tasks else 0.0,
            "targets": sum(len(n.targets) for n in members),
        }
    return out


def report(paths: list[Path]) -> dict:
    notices: list[Notice] = []
    empty: list[dict] = []
    errors: list[dict] = []
    for path in paths:
        try:
            notice = extract(path)
        except ExtractionError as exc:
            errors.append({"document": path.name, "code": exc.code, "message": exc.message})
            continue
        notices.append(notice)
        if not notice.tasks:
            reason = "; ".join(notice.warnings) or "no warning given"
            empty.append({"document": path.name, "doc_type": notice.doc_type, "reason": reason})
    return {"documents": len(paths), "by_type": summarize(notices), "zero_tasks": empty, "errors": errors}


def as_table(data: dict) -> str:
    lines = [f"{data['documents']} documents",
             (f"{'doc_type':<12}{'notices':>8}{'tasks':>7}{'per notice':>11}{'with lead':>10}"
             f"{'with deadline':>14}{'targets':>8}")]
    for doc_type, row in data["by_type"].items():
        lines.append(f"{doc_type:<12}{row['notices']:>8}{row['tasks']:>7}{row['tasks_per_notice']:>11}"
                     f"{row['share_with_lead']:>10.1%}{row['share_with_deadline']:>14.1%}{row['targets']:>8}")
    lines.append(f"\ndocuments with no task: {len(data['zero_tasks'])}")
    lines.extend(f"  {d['document']} ({d['doc_type']}): {d['reason']}" for d in data["zero_tasks"])
    lines.append(f"error records: {len(data['errors'])}")
    lines.extend(f"  {e['document']}: {e['code']}: {e['message']}" for e in data["errors"])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "corpus" / "real" / "docs"))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    paths = sorted(p for p in Path(args.folder).iterdir() if p.is_file())
    data = report(paths)
    print(json.dumps(data, ensure_ascii=False, indent=1) if args.json else as_table(data))
    return 1 if data["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
