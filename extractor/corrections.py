"""A clerk's corrections of a notice (issue 14): what they are, how they change the notice, and the
notice as a gold file of the corpus (`nhiemvu corrections export --to gold DIR`).

A correction names a task (its uid) and a field; its value replaces what the notice had:
- `lead`, `support`: the agencies of that role (names; the registry gives canonical names and ids);
- `deadline`: the task's deadline ({text, kind, start, end, recurrence}; null: no deadline);
- `metric`: the task's metric ({text, op, value, value_max, unit}; null: no metric);
- `not_task`: true takes the task out of the notice, false puts it back;
- `add_task`: a task the extractor missed ({text, span}; `task_uid` is the new task's uid).
Corrections apply in the order they were made, each to the notice the previous ones left, so the
corrected notice is a pure function of the extracted record and the list. Storage is app_store.py.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO, get_args

Field = Literal["lead", "support", "deadline", "metric", "not_task", "add_task"]
FIELDS: tuple[str, ...] = get_args(Field)
ROLE_ORDER = {"lead": 0, "support": 1, "report_to": 2}
QUOTE_WORDS = 10


@dataclass(frozen=True, slots=True)
class Correction:
    doc_id: str
    task_uid: str
    field: str
    value: Any
    who: str
    at: str
    original: Any = None
    id: int | None = None


def _task(record: dict[str, Any], uid: str) -> dict[str, Any] | None:
    return next((t for t in record.get("tasks", []) if t.get("uid") == uid), None)


def assignee(name: str, role: str, province: str | None = None) -> dict[str, Any]:
    """A contract Assignee for a name a clerk typed or picked: the registry's canonical name and id when
    it knows the name, else the name itself."""
    from .models import AssigneeKind
    from .registry import default_registry

    registry = default_registry()
    name = " ".join(name.split())
    match = registry.resolve(name, registry.find_province(province) if province else None)
    if match is None:
        return {"name": name, "canonical": name, "role": role, "inherited": False, "span": None, "text": None,
                "kind": "agency", "registry_id": None, "level": None, "current": None}
    return {"name": name, "canonical": match.canonical, "role": role, "inherited": False, "span": None,
            "text": None, "kind": match.kind if match.kind in get_args(AssigneeKind) else "agency", "registry_id": match.registry_id, "level": match.level,
            "current": match.current}


def current_value(record: dict[str, Any], removed: dict[str, dict[str, Any]], uid: str, field: str) -> Any:
    """What the (corrected) notice has now for this field: the original value of a new correction."""
    task = _task(record, uid)
    if field == "not_task":
        return uid in removed
    if field == "add_task":
        return None
    if task is None:
        return None
    if field in ("lead", "support"):
        return [a["name"] for a in task.get("assignees", []) if a["role"] == field]
    if field == "deadline":
        deadlines = task.get("deadlines", [])
        return {k: v for k, v in deadlines[0].items() if k != "span"} if deadlines else None
    if field == "metric":
        metrics = task.get("metrics", [])
        return {k: v for k, v in metrics[0].items() if k not in ("span", "subject")} if metrics else None
    raise ValueError(f"unknown correction field {field!r}")


def _span(task: dict[str, Any], values: list[dict[str, Any]]) -> list[int]:
    return list(values[0]["span"]) if values else list(task["span"])


def apply_one(record: dict[str, Any], removed: dict[str, dict[str, Any]], c: Correction) -> None:
    """Apply one correction in place; `removed` keeps the tasks marked "not a task" (uid -> task)."""
    if c.field == "add_task":
        start, end = (int(x) for x in c.value["span"])
        task = {"id": c.task_uid, "uid": c.task_uid, "label": None, "path": "", "heading": None,
                "text": c.value["text"], "span": [start, end], "page": None, "parent": None, "assignees": [],
                "deadlines": [], "metrics": [], "references": [], "source_kind": "paragraph", "product": None}
        tasks = record.setdefault("tasks", [])
        at = next((i for i, t in enumerate(tasks) if t["span"][0] > start), len(tasks))
        tasks.insert(at, task)
        return
    if c.field == "not_task":
        if c.value and _task(record, c.task_uid) is not None:
            at = next(i for i, t in enumerate(record["tasks"]) if t.get("uid") == c.task_uid)
            removed[c.task_uid] = record["tasks"].pop(at)
        elif not c.value and c.task_uid in removed:
            task = removed.pop(c.task_uid)
            tasks = record["tasks"]
            at = next((i for i, t in enumerate(tasks) if t["span"][0] > task["span"][0]), len(tasks))
            tasks.insert(at, task)
        return
    found = _task(record, c.task_uid) or removed.get(c.task_uid)
    if found is None:  # a task the notice no longer has (a re-upload changed it): nothing to correct
        return
    task = found
    if c.field in ("lead", "support"):
        province = record.get("issuer")
        kept = [a for a in task.get("assignees", []) if a["role"] != c.field]
        new = [assignee(name, c.field, province) for name in c.value or [] if name.strip()]
        task["assignees"] = sorted(kept + new, key=lambda a: ROLE_ORDER.get(a["role"], 9))
    elif c.field == "deadline":
        deadlines = task.get("deadlines", [])
        task["deadlines"] = [] if c.value is None else [
            {"text": c.value["text"], "kind": c.value["kind"], "start": c.value.get("start"),
             "end": c.value.get("end"), "recurrence": c.value.get("recurrence"), "span": _span(task, deadlines)}]
    elif c.field == "metric":
        metrics = task.get("metrics", [])
        subject = metrics[0].get("subject") if metrics else None
        task["metrics"] = [] if c.value is None else [
            {"text": c.value["text"], "value": c.value["value"], "value_max": c.value.get("value_max"),
             "unit": c.value.get("unit"), "op": c.value["op"], "subject": subject, "span": _span(task, metrics)}]
    else:
        raise ValueError(f"unknown correction field {c.field!r}")


def apply_corrections(record: dict[str, Any], corrections: list[Correction]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The corrected notice (a copy) and the tasks taken out of it (uid -> task)."""
    corrected = copy.deepcopy(record)
    removed: dict[str, dict[str, Any]] = {}
    for c in corrections:
        apply_one(corrected, removed, c)
    return corrected, removed


# ---------------------------------------------------------------------------------------------
# gold files in the corpus format (../shared/gold-format.md)


def quote(text: str) -> str:
    return " ".join(text.split()[:QUOTE_WORDS])


def gold_id(record: dict[str, Any]) -> str:
    """A file name for the notice: its doc_id with anything but letters, digits, '-' and '_' dropped."""
    raw = str(record.get("doc_id") or record["id"])
    return re.sub(r"[^0-9A-Za-z_-]+", "_", raw).strip("_")[:120] or str(record["id"])


def to_gold(record: dict[str, Any], gid: str) -> dict[str, Any]:
    """The notice as a gold annotation: header fields, and per task its label, path, first words,
    lead and support as written, deadlines and metrics."""
    signer = record.get("signer") or None

    def names(task: dict[str, Any], role: str) -> list[str]:
        return [a["name"] for a in task.get("assignees", []) if a["role"] == role]

    return {
        "id": gid, "source_url": None, "doc_type": record.get("doc_type"), "number": record.get("number"),
        "issue_date": record.get("issue_date"), "issuer": record.get("issuer"),
        "signer": {"name": signer.get("name"), "title": signer.get("title")} if signer else None,
        "tasks": [{
            "label": t.get("label"), "path": t.get("path", ""), "quote": quote(t["text"]),
            "lead": names(t, "lead"), "support": names(t, "support"),
            "deadlines": [{k: d.get(k) for k in ("text", "kind", "start", "end", "recurrence")}
                          for d in t.get("deadlines", [])],
            "metrics": [{k: m.get(k) for k in ("text", "value", "value_max", "unit", "op")}
                        for m in t.get("metrics", [])],
        } for t in record.get("tasks", [])],
    }


def write_gold(records: list[dict[str, Any]], out: Path) -> list[Path]:
    """out/gold/<id>.json next to out/docs/<id>.txt (the normalized text), as a corpus part is laid out,
    so that `nhiemvu eval out/gold out/docs` scores the extractor against the corrections."""
    (out / "gold").mkdir(parents=True, exist_ok=True)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    written = []
    for record in records:
        gid = gold_id(record)
        (out / "docs" / f"{gid}.txt").write_text(record.get("text") or "", encoding="utf-8")
        path = out / "gold" / f"{gid}.json"
        path.write_text(json.dumps(to_gold(record, gid), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# command line: `nhiemvu corrections export --to gold DIR [--db tasks.db]`


def add_corrections_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    c = sub.add_parser("corrections", help="the corrections clerks made in `nhiemvu serve`")
    verbs = c.add_subparsers(dest="verb", required=True)
    e = verbs.add_parser("export", help="the corrected notices as gold files (DIR/gold/*.json, DIR/docs/*.txt)")
    e.add_argument("--to", choices=["gold"], required=True, help="what to write (gold: the corpus format)")
    e.add_argument("dir", help="output directory")
    e.add_argument("--db", default="tasks.db", help="the app's SQLite file")
    e.add_argument("--all", action="store_true", help="every notice, not only those with corrections")
    e.set_defaults(handler=cmd_corrections_export)
    return c


def cmd_corrections_export(args: argparse.Namespace, out: TextIO) -> int:
    from .app_store import Store

    db = Path(args.db)
    if not db.is_file():
        out.write(f"nhiemvu corrections: no database {db}\n")
        return 2
    store = Store(db, None)
    records = [r for r in store.corrected_records() if args.all or store.corrections(r["id"])]
    written = write_gold(records, Path(args.dir))
    out.write(f"{len(written)} gold file(s) in {Path(args.dir) / 'gold'}\n")
    return 0
