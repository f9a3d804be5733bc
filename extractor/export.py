"""Export a batch's JSON Lines for people: one row per task as CSV (UTF-8 with BOM, so Excel shows the
diacritics) or JSON; XLSX for clerks (Vietnamese headers and names from report_assets/labels.yaml, one
row per deadline, real date cells, numbers, Status and Note columns; tasks, notices and metrics sheets);
for spaCy a DocBin of the notices with their spans (`export_spacy`, needs the `spacy` extra).
Also the corpus statistics that researchers ask for (`nhiemvu stats`)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .grammar import current_rules
from .labels import DEFAULT_LANG, Labels, labels, parse_date

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


def read_lines(path: str | Path) -> Iterator[dict[str, Any]]:
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


def _names(task: dict[str, Any], role: str) -> str:
    return "; ".join(a["name"] for a in task.get("assignees", []) if a["role"] == role)


def _metric_text(metric: dict[str, Any]) -> str:
    unit = metric.get("unit") or ""
    if metric["op"] == "range":
        return f"{metric['value']}–{metric['value_max']} {unit}".strip()
    return f"{metric['op']} {metric['value']} {unit}".strip()


def task_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


def notice_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


def export(jsonl: str | Path, fmt: str, out: str | Path, lang: str = DEFAULT_LANG) -> int:
    """Write the export; returns the number of tasks. CSV and JSON keep the code column names and one
    row per task; the XLSX has a row per deadline and speaks `lang` (Vietnamese by default)."""
    records = list(read_lines(jsonl))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        return _write_xlsx(out, records, lang)
    rows = task_rows(records)
    if fmt == "csv":
        with out.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads UTF-8
            writer = csv.DictWriter(handle, fieldnames=TASK_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    elif fmt == "json":
        out.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
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


# The XLSX is for clerks and trackers: headers and names in their language (report_assets/labels.yaml),
# one row per deadline, typed cells (dates, numbers, codes) and two columns of their own to fill.
XLSX_TASK_COLUMNS = [
    "notice_number", "notice_date", "notice_date_precision", "issuer", "title", "doc_type", "task_id", "path",
    "text", "lead", "support", "report_to", "deadline_number", "deadline_count", "deadline_text",
    "deadline_kind", "deadline_start", "deadline_start_precision", "deadline_end", "deadline_end_precision",
    "deadline_recurrence", "metric_count", "metric_text", "metric_op", "metric_value", "metric_value_max",
    "metric_unit", "status", "note", "source_file",
]
XLSX_METRIC_COLUMNS = ["notice_number", "task_id", "path", "metric_text", "metric_op", "metric_value",
                       "metric_value_max", "metric_unit", "metric_subject", "source_file"]
XLSX_NOTICE_COLUMNS = ["id", "doc_type", "number", "issue_date", "issue_date_precision", "issuer", "title",
                       "signer", "tasks", "warnings", "error_code", "error_message", "source_file"]
WRAPPED = {"text", "title", "deadline_text", "metric_text", "note", "error_message", "warnings"}


def _dated(row: dict[str, Any], column: str, value: object, lb: Labels) -> None:
    """A date cell (a partial date as its first day) and its precision ("ngày", "tháng", "năm")."""
    day, precision = parse_date(value)
    row[column] = day if day is not None else value
    row[f"{column}_precision"] = lb.precisions[precision] if precision else None


def _metric_cells(metric: dict[str, Any]) -> dict[str, Any]:
    return {"metric_text": metric.get("text"), "metric_op": metric.get("op"), "metric_value": metric.get("value"),
            "metric_value_max": metric.get("value_max"), "metric_unit": metric.get("unit"),
            "metric_subject": metric.get("subject")}


def xlsx_task_rows(records: list[dict[str, Any]], lb: Labels) -> list[dict[str, Any]]:
    """One row per deadline of a task (one row for a task without any): the deadline's words as
    written, its kind and recurrence named, its dates as dates with their precision. The typed metric
    columns give the task's first metric (the Metrics sheet has all); Status and Note are left to fill."""
    rows = []
    for notice in records:
        if "error" in notice:
            continue
        for task in notice.get("tasks", []):
            metrics = task.get("metrics", [])
            first_metric = _metric_cells(metrics[0]) if metrics else {}
            base = {
                "notice_number": notice.get("number"), "issuer": notice.get("issuer"), "title": notice.get("title"),
                "doc_type": lb.doc_type(notice.get("doc_type")) or None, "task_id": task["id"],
                "path": task["path"], "text": task["text"],
                "lead": _names(task, "lead"), "support": _names(task, "support"),
                "report_to": _names(task, "report_to"),
                "deadline_count": len(task.get("deadlines", [])), "metric_count": len(metrics),
                **first_metric, "metric_text": " | ".join(m["text"] for m in metrics) or None,
                "status": None, "note": None, "source_file": (notice.get("source") or {}).get("path"),
            }
            _dated(base, "notice_date", notice.get("issue_date"), lb)
            for number, deadline in enumerate(task.get("deadlines") or [None], start=1):
                row = dict(base)
                if deadline is not None:
                    kind, recurrence = deadline.get("kind"), deadline.get("recurrence")
                    row.update({"deadline_number": number, "deadline_text": deadline.get("text"),
                                "deadline_kind": lb.deadline_kinds.get(kind, kind) if kind else None,
                                "deadline_recurrence": lb.recurrences.get(recurrence, recurrence) if recurrence else None})
                    _dated(row, "deadline_start", deadline.get("start"), lb)
                    _dated(row, "deadline_end", deadline.get("end"), lb)
                rows.append(row)
    return rows


def xlsx_metric_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"notice_number": notice.get("number"), "task_id": task["id"], "path": task["path"],
             **_metric_cells(metric), "source_file": (notice.get("source") or {}).get("path")}
            for notice in records if "error" not in notice
            for task in notice.get("tasks", []) for metric in task.get("metrics", [])]


def xlsx_notice_rows(records: list[dict[str, Any]], lb: Labels) -> list[dict[str, Any]]:
    rows = []
    for plain in notice_rows(records):
        row = dict(plain, doc_type=lb.doc_type(plain["doc_type"]) or None)
        _dated(row, "issue_date", plain["issue_date"], lb)
        rows.append(row)
    return rows


def _write_xlsx(out: Path, records: list[dict[str, Any]], lang: str = DEFAULT_LANG) -> int:
    """Tasks, Notices and Metrics sheets (named in `lang`); returns the number of tasks."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lb = labels(lang)
    words = lb.xlsx
    tasks = xlsx_task_rows(records, lb)
    book = Workbook()
    sheets = [(words["sheet_tasks"], XLSX_TASK_COLUMNS, tasks),
              (words["sheet_notices"], XLSX_NOTICE_COLUMNS, xlsx_notice_rows(records, lb)),
              (words["sheet_metrics"], XLSX_METRIC_COLUMNS, xlsx_metric_rows(records))]
    for sheet, (title, columns, rows) in zip([book.active, book.create_sheet(), book.create_sheet()], sheets):
        sheet.title = title
        sheet.append([words[c] for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            sheet.append([row.get(c) for c in columns])
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            cells = sheet[letter][1:]
            for cell in cells:
                if isinstance(cell.value, date):
                    cell.number_format = words["date_number_format"]
                if column in WRAPPED:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            longest = max([len(str(row.get(column) or "")) for row in rows] + [12])
            wide = 60 if column in WRAPPED else 40
            sheet.column_dimensions[letter].width = min(wide, max(len(words[column]) // 2 + 4, longest + 2, 10))
        if "status" in columns:
            letter = get_column_letter(columns.index("status") + 1)
            check = DataValidation(type="list", formula1='"' + ",".join(words["statuses"]) + '"', allow_blank=True,
                                   prompt=words["status_prompt"], showInputMessage=True, showErrorMessage=False)
            check.add(f"{letter}2:{letter}{max(2, len(rows) + 1000)}")
            sheet.add_data_validation(check)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    book.save(out)
    return len({row["task_id"] for row in tasks})


def stats(jsonl: str | Path) -> dict[str, Any]:
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


def _agency_counts(assignees: Iterable[dict[str, Any]]) -> Counter[str]:
    """Tasks per agency, grouped by registry id (one agency however it is written) and shown by its
    canonical name; agencies the registry does not know are grouped by their folded canonical name."""
    # "Ủy ban nhân dân các xã, phường" is "Ủy ban nhân dân xã, phường": the plural words of the rules
    plural = {fold(w) for w in current_rules().agencies.kinds.collective}
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


def _cue_verb(task: dict[str, Any]) -> str | None:
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


def stats_table(data: dict[str, Any]) -> str:
    lines = [f"notices {data['notices']}, errors {data['errors']}, tasks {data['tasks']}",
             f"tasks with a deadline: {data['share_with_deadline']:.1%}; with a metric: {data['share_with_metric']:.1%}"]
    for key in ("notices_by_type", "notices_by_issuer", "tasks_per_lead_agency", "deadline_kinds",
                "deadlines_per_month", "most_common_cue_verbs"):
        lines.append(f"\n{key.replace('_', ' ')}:")
        lines.extend(f"  {count:>6}  {name}" for name, count in data[key].items())
    return "\n".join(lines)
