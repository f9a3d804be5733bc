"""Export a batch's JSON Lines for people: one row per task as CSV (UTF-8 with BOM, so Excel shows the
diacritics), XLSX (frozen header, filters, real date cells, a tasks sheet and a notices sheet) or JSON;
for spaCy a DocBin of the notices with their spans (`export_spacy`, needs the `spacy` extra).
Also the corpus statistics that researchers ask for (`nhiemvu stats`)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .rules import load_rules

if TYPE_CHECKING:
    from .spacy_component import DocBinSummary
from .textutil import fold

TASK_COLUMNS = [
    "notice_number", "notice_date", "issuer", "title", "doc_type", "task_id", "path", "label", "text",
    "lead", "support", "report_to", "deadline_kind", "deadline_start", "deadline_end",
    "deadline_recurrence", "deadline_text", "metrics", "source_file",
]
NOTICE_COLUMNS = ["id", "doc_type", "number", "issue_date", "issuer", "title", "signer", "tasks",
                  "warnings", "error_code", "error_message", "source_file"]
DATE_COLUMNS = {"notice_date", "deadline_start", "deadline_end", "issue_date"}


def read_lines(path: str | Path) -> Iterator[dict]:
    """The records of a batch's JSON Lines as dicts. OSError when the file cannot be read; ValueError
    naming the line when it is not JSON Lines of notices and error records."""
    with Path(path).open(encoding="utf-8-sig") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path} is not JSON Lines: line {number} is not JSON ({exc.msg})") from None
                if not isinstance(record, dict) or not ("error" in record or "id" in record):
                    raise ValueError(f"{path} line {number} is not a notice or an error record")
                yield record
        except UnicodeDecodeError:
            raise ValueError(f"{path} is not JSON Lines: not UTF-8 text") from None


def _names(task: dict, role: str) -> str:
    return "; ".join(a["name"] for a in task.get("assignees", []) if a["role"] == role)


def _metric_text(metric: dict) -> str:
    unit = metric.get("unit") or ""
    if metric["op"] == "range":
        return f"{metric['value']}–{metric['value_max']} {unit}".strip()
    return f"{metric['op']} {metric['value']} {unit}".strip()


def task_rows(records: list[dict]) -> list[dict]:
    rows = []
    for notice in records:
        if "error" in notice:
            continue
        for task in notice.get("tasks", []):
            first = (task.get("deadlines") or [{}])[0]
            rows.append({
                "notice_number": notice.get("number"), "notice_date": notice.get("issue_date"),
                "issuer": notice.get("issuer"), "title": notice.get("title"),
                "doc_type": notice.get("doc_type"), "task_id": task["id"], "path": task["path"],
                "label": task.get("label"), "text": task["text"],
                "lead": _names(task, "lead"), "support": _names(task, "support"),
                "report_to": _names(task, "report_to"),
                "deadline_kind": first.get("kind"), "deadline_start": first.get("start"),
                "deadline_end": first.get("end"), "deadline_recurrence": first.get("recurrence"),
                "deadline_text": " | ".join(d["text"] for d in task.get("deadlines", [])),
                "metrics": " | ".join(_metric_text(m) for m in task.get("metrics", [])),
                "source_file": (notice.get("source") or {}).get("path"),
            })
    return rows


def notice_rows(records: list[dict]) -> list[dict]:
    rows = []
    for notice in records:
        error = notice.get("error") or {}
        signer = notice.get("signer") or {}
        rows.append({
            "id": notice.get("id"), "doc_type": notice.get("doc_type"), "number": notice.get("number"),
            "issue_date": notice.get("issue_date"), "issuer": notice.get("issuer"), "title": notice.get("title"),
            "signer": " ".join(x for x in (signer.get("title"), signer.get("name")) if x) or None,
            "tasks": len(notice.get("tasks", [])) if not error else None,
            "warnings": "; ".join(notice.get("warnings", [])), "error_code": error.get("code"),
            "error_message": error.get("message"), "source_file": (notice.get("source") or {}).get("path"),
        })
    return rows


def export(jsonl: str | Path, fmt: str, out: str | Path) -> int:
    """Write the export; returns the number of task rows."""
    records = list(read_lines(jsonl))
    rows = task_rows(records)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        with out.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads UTF-8
            writer = csv.DictWriter(handle, fieldnames=TASK_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    elif fmt == "json":
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    elif fmt == "xlsx":
        _write_xlsx(out, rows, notice_rows(records))
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return len(rows)


class MissingExtra(RuntimeError):
    """An optional dependency the requested output needs is not installed."""


def export_spacy(jsonl: str | Path, out: str | Path) -> DocBinSummary:
    """A spaCy DocBin (`.spacy`) of the notices in a batch's JSON Lines; see spacy_component.write_docbin."""
    try:
        from .spacy_component import write_docbin
    except ImportError as exc:
        raise MissingExtra(f"--to spacy needs spaCy: pip install 'nhiemvu[spacy]' ({exc})") from exc
    return write_docbin(read_lines(jsonl), out)


def _as_date(value: object) -> object:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _write_xlsx(out: Path, tasks: list[dict], notices: list[dict]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    for sheet, (title, columns, rows) in zip(
            [book.active, book.create_sheet()],
            [("Tasks", TASK_COLUMNS, tasks), ("Notices", NOTICE_COLUMNS, notices)]):
        sheet.title = title
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_as_date(row[c]) if c in DATE_COLUMNS else row[c] for c in columns])
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            if column in DATE_COLUMNS:
                for cell in sheet[letter][1:]:
                    cell.number_format = "yyyy-mm-dd"
            longest = max([len(str(row[column] or "")) for row in rows] + [len(column)])
            sheet.column_dimensions[letter].width = min(60, max(10, longest + 2))
            if column in ("text", "title"):
                for cell in sheet[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    book.save(out)


def stats(jsonl: str | Path) -> dict:
    """Counts for researchers: types, issuers, leads, deadline kinds and months, coverage, cue verbs."""
    records = list(read_lines(jsonl))
    notices = [r for r in records if "error" not in r]
    tasks = [t for n in notices for t in n.get("tasks", [])]
    leads = _agency_counts(a for t in tasks for a in t.get("assignees", []) if a["role"] == "lead")
    kinds = Counter(d["kind"] for t in tasks for d in t.get("deadlines", []))
    months = Counter((d.get("end") or d.get("start"))[:7] for t in tasks for d in t.get("deadlines", [])
                     if d.get("end") or d.get("start"))
    verbs = Counter(v for v in (_cue_verb(t) for t in tasks) if v)
    return {
        "notices": len(notices), "errors": len(records) - len(notices), "tasks": len(tasks),
        "notices_by_type": dict(Counter(n["doc_type"] for n in notices).most_common()),
        "notices_by_issuer": dict(Counter(n.get("issuer") or "(unknown)" for n in notices).most_common(20)),
        "tasks_per_lead_agency": dict(leads.most_common(30)),
        "deadline_kinds": dict(kinds.most_common()),
        "deadlines_per_month": dict(sorted(months.items())),
        "share_with_deadline": round(sum(1 for t in tasks if t.get("deadlines")) / len(tasks), 4) if tasks else 0.0,
        "share_with_metric": round(sum(1 for t in tasks if t.get("metrics")) / len(tasks), 4) if tasks else 0.0,
        "most_common_cue_verbs": dict(verbs.most_common(20)),
    }


def _agency_counts(assignees: Iterable[dict]) -> Counter[str]:
    """Tasks per agency, grouped by registry id (one agency however it is written) and shown by its
    canonical name; agencies the registry does not know are grouped by their folded canonical name."""
    # "Ủy ban nhân dân các xã, phường" is "Ủy ban nhân dân xã, phường": the plural words of the rules
    plural = {fold(w) for w in load_rules().agencies.kinds.collective}
    groups: Counter[str] = Counter()
    names: dict[str, Counter[str]] = {}
    for who in assignees:
        key = who.get("registry_id") or " ".join(
            w for w in fold(who.get("canonical") or who["name"]).split() if w not in plural)
        groups[key] += 1
        names.setdefault(key, Counter())[who.get("canonical") or who["name"]] += 1
    return Counter({names[key].most_common(1)[0][0]: count for key, count in groups.items()})


_LEADING_WORDS = 2
_TITLE_ROOM = 40  # a title may stand before the agency a task opens with ("Bộ trưởng các Bộ: …")


def _cue_verb(task: dict) -> str | None:
    """The words that open a task's action: after the agency it starts with, if any ("Sở Y tế chủ
    trì, phối hợp …" -> "chủ trì"), so that agency names are not counted as verbs."""
    text, start = task.get("text") or "", (task.get("span") or [0])[0]
    cut = 0
    for who in task.get("assignees", []):
        span = who.get("span")
        if span and span[0] - start <= max(cut + 1, _TITLE_ROOM) and span[1] - start > cut:
            cut = span[1] - start
    words = text[cut:].strip(" ,;:.-").split()
    first = " ".join(words[:_LEADING_WORDS]).lower().rstrip(",;:.")
    return first if first and first[:1].isalpha() else None


def stats_table(data: dict) -> str:
    lines = [f"notices {data['notices']}, errors {data['errors']}, tasks {data['tasks']}",
             f"tasks with a deadline: {data['share_with_deadline']:.1%}; with a metric: {data['share_with_metric']:.1%}"]
    for key in ("notices_by_type", "notices_by_issuer", "tasks_per_lead_agency", "deadline_kinds",
                "deadlines_per_month", "most_common_cue_verbs"):
        lines.append(f"\n{key.replace('_', ' ')}:")
        lines.extend(f"  {count:>6}  {name}" for name, count in data[key].items())
    return "\n".join(lines)
