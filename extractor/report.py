"""Review report: one self-contained HTML file in which a clerk sees every extracted field in place.

Inputs are notice files (extracted here, with the normalized text), Notice JSON files or batch JSON
Lines; the report reads plain contract dicts, so output of any 1.x version works (unknown fields are
ignored, error records become index rows).

Design choices, and why:
- Highlighted text is built here in Python. Spans are code-point offsets into a Python str, so
  slicing here is exact; the browser never converts offsets (JavaScript strings are UTF-16).
- Everything shown is escaped here with `html.escape`; the JavaScript only moves, sorts and hides
  elements that exist and writes tooltips with `textContent`, so document text cannot inject markup.
- Each notice's body (card, task table, highlighted text) is stored as a JSON string in its own
  `<script type="application/json">` and inserted only when the notice is opened: the browser parses
  1,000 notices' data as inert text, and the index and charts (plain HTML and inline SVG) paint first.
- A Content-Security-Policy allows only this file's own inline script and style (by hash), so the
  page cannot make a request to any host, and a script smuggled in by some future bug would not run.
- A notice's card links the notices of the report it cites and that cite it (extractor/links.py).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from .labels import DEFAULT_LANG, LANGUAGES, Labels, labels

Record = dict[str, Any]

JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
TOP_AGENCIES = 20
# The legend lists every highlight class with the cue that does not rely on colour (words: labels.yaml).
# The class of a field whose words OCR was unsure of (see `ocr_unsure_fields`).
UNSURE_CLASS = "ocr-unsure"
LEGEND = [("task", "hl-task"), ("lead", "hl-agency hl-lead"), ("support", "hl-agency hl-support"),
          ("report_to", "hl-agency hl-report_to"), ("deadline", "hl-deadline"), ("metric", "hl-metric"),
          ("reference", "hl-reference")]


# ---------------------------------------------------------------------------------------------
# Reading inputs


def load_records(inputs: Iterable[str | Path]) -> list[Record]:
    """Every input becomes one or more records (a Notice dict or an error record), never nothing; a
    notice given twice (a batch's JSON Lines and its notice files) is listed once (`unique_records`)."""
    records: list[Record] = []
    for item in inputs:
        path = Path(item)
        if path.suffix.lower() in JSON_SUFFIXES:
            records.extend(_read_json_file(path))
        else:
            records.append(_extract_file(path))
    return unique_records(records)


def _identity(record: Record) -> tuple[str, ...] | None:
    """What makes two records the same notice: its id (from the file's bytes), else the file's hash;
    an error record by its file and code. None when nothing identifies it (kept as it is)."""
    source = record.get("source") or {}
    if is_error(record):
        error = record.get("error") or {}
        where = source.get("sha256") or source.get("path")
        return ("error", str(where), str(error.get("code"))) if where else None
    if record.get("id"):
        return ("id", str(record["id"]))
    return ("sha256", str(source["sha256"])) if source.get("sha256") else None


def unique_records(records: Sequence[Record]) -> list[Record]:
    """Each notice once, where it first appears; of two copies the one with the normalized text wins
    (its highlights can be shown), and a notice replaces an error record of the same file."""
    out: list[Record] = []
    seen: dict[tuple[str, ...], int] = {}
    for record in records:
        key = _identity(record)
        if key is None:
            out.append(record)
            continue
        if key in seen:
            kept = out[seen[key]]
            if record.get("text") and not kept.get("text"):
                out[seen[key]] = record
            continue
        seen[key] = len(out)
        out.append(record)
    return out


def _error(path: Path | str | None, code: str, message: str) -> Record:
    """An error record shaped like the contract's, for inputs the report itself cannot read."""
    return {"schema_version": "1.0", "source": {"path": str(path) if path else None},
            "error": {"code": code, "message": message}}


# A report input beside the contract's fields of a notice the report extracts itself: the spans of its
# text whose words OCR was unsure of (`Notice.ocr_uncertain`), which the contract does not carry.
OCR_UNCERTAIN = "ocr_uncertain"


def _extract_file(path: Path) -> Record:
    """Extract a notice file with its text (highlights need it); a failure becomes its error record."""
    from .models import Notice
    from .pipeline import extract_or_error, record_json

    notice = extract_or_error(path)
    record = record_json(notice, include_text=True)
    if isinstance(notice, Notice) and notice.ocr_uncertain:
        record[OCR_UNCERTAIN] = [list(span) for span in notice.ocr_uncertain]
    return record


def ocr_unsure_fields(notice: Record) -> set[str]:
    """The task fields a clerk should check against the original because OCR was unsure of their words,
    as JSON paths ("tasks.2.deadlines.0", "tasks.0.assignees.1"): a lead, deadline or metric whose span
    holds a word OCR gave a low confidence (the report input OCR_UNCERTAIN, when the report extracted
    the notice itself); otherwise, from the warnings, every lead, deadline and metric of a task on a
    page read with low confidence (Notice JSON carries no word confidences)."""
    spans = [(int(s), int(e)) for s, e in notice.get(OCR_UNCERTAIN) or []]
    pages: set[int] = set()
    if not spans:
        from .readers.pdf import low_confidence_pages

        pages = low_confidence_pages([str(w) for w in notice.get("warnings") or []])
        if not pages:
            return set()

    def unsure(task: Record, value: Record) -> bool:
        if pages:
            return task.get("page") in pages
        span = value.get("span")
        if not (isinstance(span, (list, tuple)) and len(span) == 2):
            return False
        return any(start < span[1] and span[0] < end for start, end in spans)

    found: set[str] = set()
    for ti, task in enumerate(notice.get("tasks", [])):
        for key, values in (("assignees", task.get("assignees", [])), ("deadlines", task.get("deadlines", [])),
                            ("metrics", task.get("metrics", []))):
            for vi, value in enumerate(values):
                if key == "assignees" and value.get("role") != "lead":
                    continue
                if unsure(task, value):
                    found.add(f"tasks.{ti}.{key}.{vi}")
    return found


def _read_json_file(path: Path) -> list[Record]:
    """A Notice JSON (pretty or one line), a JSON array of records, or JSON Lines."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [_error(path, "corrupt_file", f"cannot read {path}: {exc}")]
    try:
        whole = json.loads(raw)
    except json.JSONDecodeError:
        return [_checked(_json_line(path, n, line), path) for n, line in enumerate(raw.splitlines(), 1)
                if line.strip()]
    items = whole if isinstance(whole, list) else [whole]
    return [_checked(item, path) for item in items] or [_error(path, "empty", f"{path} holds no record")]


def _json_line(path: Path, number: int, line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(path, "corrupt_file", f"{path} line {number} is not JSON: {exc.msg}")


def _checked(item: Any, path: Path) -> Record:
    """Keep notices and error records; anything else is reported, not dropped."""
    if isinstance(item, dict) and ("error" in item or "tasks" in item or "id" in item):
        return item
    return _error(path, "corrupt_file", f"{path}: a record is neither a notice nor an error record")


def is_error(record: Record) -> bool:
    return "error" in record


# ---------------------------------------------------------------------------------------------
# Typed values as short tooltip strings


def _num(value: Any) -> str:
    """80.0 -> "80", 1.5 -> "1.5": targets read as people write them."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _labels(lang: str | Labels) -> Labels:
    return lang if isinstance(lang, Labels) else labels(lang)


def deadline_tip(deadline: Record, lang: str | Labels = DEFAULT_LANG) -> str:
    """The typed value: 'trước ngày 31/08/2022', 'trong khoảng 01/08/2022 → 31/08/2022', 'định kỳ hằng
    tháng'; in English 'by 2022-08-31', 'within 2022-08-01 → 2022-08-31', 'recurring monthly'."""
    lb = _labels(lang)
    kind = str(deadline.get("kind") or "")
    parts = [lb.deadline_kinds.get(kind, kind)]
    if deadline.get("recurrence"):
        parts.append(lb.recurrences.get(str(deadline["recurrence"]), str(deadline["recurrence"])))
    start, end = lb.date(deadline.get("start")), lb.date(deadline.get("end"))
    if start and end:
        parts.append(f"{start} → {end}")
    elif end:
        parts.append(end)
    elif start:
        parts.append(f"{start} →")
    elif not deadline.get("recurrence"):
        parts.append(lb.r("no_date"))
    return " ".join(p for p in parts if p)


def metric_tip(metric: Record, with_subject: bool = True, lang: str | Labels = DEFAULT_LANG) -> str:
    """'≥ 80 %', 'khoảng 1–2 cuộc họp' (English '>= 80 %', 'range 1–2 cuộc họp'), then the subject."""
    lb = _labels(lang)
    unit = f" {metric['unit']}" if metric.get("unit") else ""
    op = str(metric.get("op", ""))
    if op == "range":
        tip = f"{lb.metric_ops[op]} {_num(metric.get('value'))}–{_num(metric.get('value_max'))}{unit}"
    else:
        tip = f"{lb.metric_ops.get(op, op)} {_num(metric.get('value'))}{unit}".strip()
    return f"{tip} · {metric['subject']}" if with_subject and metric.get("subject") else tip


def reference_tip(reference: Record, lang: str | Labels = DEFAULT_LANG) -> str:
    lb = _labels(lang)
    code = reference.get("doc_type")
    parts = [lb.doc_type(code) if code else None, reference.get("number"), lb.date(reference.get("date")),
             reference.get("issuer")]
    return " · ".join(str(p) for p in parts if p) or lb.r("reference")


def agency_tip(assignee: Record, lang: str | Labels = DEFAULT_LANG) -> str:
    lb = _labels(lang)
    role = lb.roles.get(assignee.get("role", ""), str(assignee.get("role")))
    tip = f"{role} · {assignee.get('canonical') or assignee.get('name')}"
    return f"{tip} {lb.r('inherited_suffix')}" if assignee.get("inherited") else tip


def task_label(task: Record, index: int) -> str:
    """The path, or for an unnumbered paragraph the id's tail ("p3")."""
    return task.get("path") or str(task.get("id", "")).rpartition(":")[2] or f"#{index + 1}"


# ---------------------------------------------------------------------------------------------
# Highlights


@dataclass(frozen=True)
class Highlight:
    """One extracted value at its span; `field` is its JSON path in the notice ("tasks.2.metrics.0")."""

    start: int
    end: int
    kind: str  # task | agency | deadline | metric | reference
    classes: str
    tip: str
    field: str
    order: int
    label: str | None = None
    task: int | None = None


@dataclass
class HighlightSet:
    items: list[Highlight] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, text: str, span: Any, expected: str | None, **attrs: Any) -> None:
        """Keep a span only when it lies in the text and reads as the field says (spans honoured)."""
        where = attrs["field"]
        if not (isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(x, int) for x in span)):
            self.problems.append(f"{where}: no usable span ({span!r})")
            return
        start, end = span
        if not 0 <= start < end <= len(text):
            self.problems.append(f"{where}: span {start}–{end} outside the text")
            return
        if expected is not None and text[start:end] != expected:
            self.problems.append(f"{where}: span {start}–{end} reads {text[start:end]!r}, field says {expected!r}")
            return
        self.items.append(Highlight(start=start, end=end, order=len(self.items), **attrs))


def collect_highlights(notice: Record, lang: str | Labels = DEFAULT_LANG) -> HighlightSet:
    """Every task, non-inherited agency, deadline, metric and reference with a span, in JSON order."""
    lb = _labels(lang)
    text = notice.get("text") or ""
    found = HighlightSet()
    notice_refs = {tuple(r.get("span") or ()) for r in notice.get("references", [])}
    unsure = ocr_unsure_fields(notice)

    def marked(where: str, classes: str, tip: str) -> dict[str, str]:
        """The field's classes and tooltip, marked when OCR was unsure of its words."""
        if where in unsure:
            return {"classes": f"{classes} {UNSURE_CLASS}", "tip": f"{tip} · {lb.r('ocr_unsure')}", "field": where}
        return {"classes": classes, "tip": tip, "field": where}

    for ti, task in enumerate(notice.get("tasks", [])):
        base = f"tasks.{ti}"
        found.add(text, task.get("span"), task.get("text"), kind="task", classes="hl-task",
                  tip=lb.r("task_tip", label=task_label(task, ti)), field=base, label=task_label(task, ti), task=ti)
        for ai, who in enumerate(task.get("assignees", [])):
            if who.get("inherited") or who.get("span") is None:
                continue  # inherited agencies are not in the text: the task table lists them
            role = str(who.get("role"))
            found.add(text, who["span"], who.get("text"), kind="agency",
                      **marked(f"{base}.assignees.{ai}", f"hl-agency hl-{escape(role)}", agency_tip(who, lb)))
        for di, deadline in enumerate(task.get("deadlines", [])):
            found.add(text, deadline.get("span"), deadline.get("text"), kind="deadline",
                      **marked(f"{base}.deadlines.{di}", "hl-deadline", deadline_tip(deadline, lb)))
        for mi, metric in enumerate(task.get("metrics", [])):
            found.add(text, metric.get("span"), metric.get("text"), kind="metric",
                      **marked(f"{base}.metrics.{mi}", "hl-metric", metric_tip(metric, lang=lb)))
        for ri, ref in enumerate(task.get("references", [])):
            if tuple(ref.get("span") or ()) not in notice_refs:  # the notice list usually repeats them
                found.add(text, ref.get("span"), ref.get("text"), kind="reference", classes="hl-reference",
                          tip=reference_tip(ref, lb), field=f"{base}.references.{ri}")
    for ri, ref in enumerate(notice.get("references", [])):
        found.add(text, ref.get("span"), ref.get("text"), kind="reference", classes="hl-reference",
                  tip=reference_tip(ref, lb), field=f"references.{ri}")
    return found


def _open_tag(h: Highlight, first: bool) -> str:
    """A highlight element; a highlight cut by a crossing one continues in a `cont` fragment."""
    attrs = [f'class="hl {h.classes}{"" if first else " cont"}"', f'data-hl="h{h.order}"',
             f'data-field="{h.field}"', f'data-tip="{escape(h.tip)}"']
    if h.task is not None:
        attrs.append(f'data-task="{h.task}"')
    if first and h.label is not None:
        attrs.append(f'data-label="{escape(h.label)}"')
    return f"<span {' '.join(attrs)}>"


def render_text(text: str, highlights: Sequence[Highlight]) -> str:
    """Escaped text with properly nested highlight elements, whatever the overlaps.

    Spans that start together open longest first, so nested values (a deadline inside a metric) stay
    inside; a span that crosses another's end is closed and reopened as a continuation fragment.
    """
    starts: dict[int, list[Highlight]] = defaultdict(list)
    bounds = {0, len(text)}
    for h in highlights:
        starts[h.start].append(h)
        bounds.update((h.start, h.end))
    out: list[str] = []
    stack: list[Highlight] = []
    pos = 0
    for bound in sorted(bounds):
        out.append(escape(text[pos:bound], quote=False))
        pos = bound
        stack = _close_ending(stack, bound, out)
        for h in sorted(starts.get(bound, ()), key=lambda h: (-h.end, h.order)):
            out.append(_open_tag(h, first=True))
            stack.append(h)
    return "".join(out)


def _close_ending(stack: list[Highlight], bound: int, out: list[str]) -> list[Highlight]:
    ending = [i for i, h in enumerate(stack) if h.end == bound]
    if not ending:
        return stack
    cut = ending[0]
    out.append("</span>" * (len(stack) - cut))
    reopened = [h for h in stack[cut:] if h.end != bound]
    out.extend(_open_tag(h, first=False) for h in reopened)
    return stack[:cut] + reopened


# ---------------------------------------------------------------------------------------------
# One notice: card, task table, text


def _dl(rows: Iterable[tuple[str, str | None]]) -> str:
    """A definition list of already escaped values; empty values show as an em dash."""
    return "".join(f"<dt>{escape(k)}</dt><dd>{v if v else '<span class=muted>—</span>'}</dd>" for k, v in rows)


def _opt(value: Any) -> str | None:
    return escape(str(value)) if value not in (None, "") else None


def _items(values: Sequence[Any], cls: str = "", fold_over: int = 0, summary: str = "") -> str | None:
    """A list; a long one (recipients) folds behind its count (`summary`, "{count} …") so the card stays short."""
    if not values:
        return None
    items = f"<ul class=\"{cls}\">" + "".join(f"<li>{escape(str(v))}</li>" for v in values) + "</ul>"
    if fold_over and len(values) > fold_over:
        return f"<details class=fold><summary>{escape(summary.format(count=len(values)))}</summary>{items}</details>"
    return items


@dataclass(slots=True)
class NoticeLinks:
    """Notices of the report that a notice cites and that cite it (extractor/links.py), as
    (index of the other notice, its number) pairs; the card links to their pages."""
    cites: list[tuple[int, str]] = field(default_factory=list)
    cited_by: list[tuple[int, str]] = field(default_factory=list)


def citation_links(records: Sequence[Record]) -> dict[int, NoticeLinks]:
    from .links import resolve

    links: dict[int, NoticeLinks] = defaultdict(NoticeLinks)
    for citation in resolve(records):
        target = (citation.target, str(records[citation.target].get("number")))
        source = (citation.source, str(records[citation.source].get("number") or f"#{citation.source + 1}"))
        if target not in links[citation.source].cites:
            links[citation.source].cites.append(target)
        if source not in links[citation.target].cited_by:
            links[citation.target].cited_by.append(source)
    return links


def _notice_anchors(pairs: Sequence[tuple[int, str]]) -> str | None:
    return ", ".join(f"<a href=\"#n-{i}\">{escape(label)}</a>" for i, label in pairs) or None


def render_card(notice: Record, problems: Sequence[str], links: NoticeLinks | None = None,
                lang: str | Labels = DEFAULT_LANG) -> str:
    """Metadata card: what the header and the closing block gave, and what the parser was unsure of."""
    lb = _labels(lang)
    signer = notice.get("signer") or {}
    signer_text = " ".join(str(signer[k]) for k in ("authority", "title", "name") if signer.get(k))
    doc_type = str(notice.get("doc_type") or "")
    source = notice.get("source") or {}
    date = " · ".join(escape(str(x)) for x in (lb.date(notice.get("issue_date")), notice.get("place")) if x)
    doc_type_html = None
    if doc_type:
        doc_type_html = f"<span title=\"{escape(doc_type)}\">{escape(lb.doc_type(doc_type))}</span>"
    rows = [
        (lb.r("card_type"), doc_type_html),
        (lb.r("card_number"), _opt(notice.get("number"))), (lb.r("card_issuer"), _opt(notice.get("issuer"))),
        (lb.r("card_date"), date or None), (lb.r("card_title"), _opt(notice.get("title"))),
        (lb.r("card_signer"), _opt(signer_text)),
        (lb.r("card_recipients"), _items(notice.get("recipients") or [], "recipients", fold_over=3,
                                         summary=lb.r("fold_recipients"))),
        (lb.r("card_warnings"), _items(notice.get("warnings") or [], "warnings")),
        (lb.r("card_notes"), _items(notice.get("notes") or [], "notes", fold_over=1, summary=lb.r("fold_notes"))),
        (lb.r("card_source"), _opt(source.get("path"))), (lb.r("card_id"), _opt(notice.get("id"))),
    ]
    if links is not None:
        rows += [(lb.r(key), _notice_anchors(pairs))
                 for key, pairs in (("card_cites", links.cites), ("card_cited_by", links.cited_by)) if pairs]
    if problems:
        rows.append((lb.r("card_not_highlighted"), _items(problems, "warnings")))
    return f"<section class=card aria-label=\"{escape(lb.r('aria_metadata'))}\"><dl>{_dl(rows)}</dl></section>"


def due_month(deadline: Record) -> str | None:
    """The month a deadline falls due in: of its end, else of its start (as `nhiemvu stats`)."""
    date = deadline.get("end") or deadline.get("start")
    return str(date)[:7] if date and len(str(date)) >= 7 else None


def _agency_cell(task: Record, role: str, lb: Labels, unsure: Sequence[bool] = ()) -> tuple[str, str]:
    """(sort key, HTML): canonical names on one line, cut at the cell's width; every name as written
    and as the registry has it in the tooltip; inherited ones marked, and those OCR was unsure of
    (`unsure`, per assignee of the task)."""
    assignees = task.get("assignees", [])
    doubts = list(unsure) + [False] * (len(assignees) - len(unsure))
    people = [(a, doubt) for a, doubt in zip(assignees, doubts) if a.get("role") == role]
    if not people:
        return "", ""
    parts, tips = [], []
    for a, doubt in people:
        canonical = str(a.get("canonical") or a.get("name") or "")
        written = str(a.get("name") or "")
        mark = (f" <span class=inh title=\"{escape(lb.r('inherited_tip'))}\">{escape(lb.r('inherited'))}</span>"
                if a.get("inherited") else "")
        name_class = f'"ag {UNSURE_CLASS}"' if doubt else "ag"
        parts.append(f"<span class={name_class}>{escape(canonical)}</span>{mark}")
        tip = canonical if written in ("", canonical) else f"{canonical} ({written})"
        tip = f"{tip} {lb.r('inherited_suffix')}" if a.get("inherited") else tip
        tips.append(f"{tip} · {lb.r('ocr_unsure')}" if doubt else tip)
    key = "; ".join(str(a.get("canonical") or a.get("name") or "") for a, _ in people)
    return key, f"<div class=ags title=\"{escape(chr(10).join(tips))}\">{'; '.join(parts)}</div>"


def _written_list(values: Sequence[Record], tip: Callable[[Record], str], unsure: Sequence[bool] = (),
                  note: str = "") -> str:
    """Values as written in the notice, one per line; the typed value appears on hover, with `note`
    for those OCR was unsure of (`unsure`, per value)."""
    doubts = list(unsure) + [False] * (len(values) - len(unsure))
    unsure_class = f'"as-written {UNSURE_CLASS}"'
    return "<br>".join(
        f"<span class={unsure_class if doubt else 'as-written'} "
        f"title=\"{escape(tip(v) + (' · ' + note if doubt else ''))}\">{escape(str(v.get('text', '')))}</span>"
        for v, doubt in zip(values, doubts))


def _cells(cells: Sequence[tuple[str, str]]) -> str:
    """<td>s from (sort key, escaped HTML) pairs; the key is what the column sorts by."""
    return "".join(f"<td data-sort=\"{escape(key)}\">{html}</td>" for key, html in cells)


def _head(columns: Sequence[tuple[str, str]], lb: Labels) -> str:
    return "".join(f"<th scope=col data-type=\"{kind}\" aria-sort=\"none\"><button type=button>"
                   f"{escape(lb.r(key))}</button></th>" for key, kind in columns)


def _task_row(task: Record, index: int, linked: bool, lb: Labels, unsure: set[str] | None = None) -> str:
    """One task; data-agencies / data-months carry what the filters match on; the fields in `unsure`
    (JSON paths, see `ocr_unsure_fields`) marked."""
    deadlines, metrics = task.get("deadlines", []), task.get("metrics", [])
    text = str(task.get("text", ""))
    due = min((str(d.get("end") or d.get("start")) for d in deadlines if d.get("end") or d.get("start")), default="")
    unsure = unsure or set()

    def doubts(key: str, values: Sequence[Record]) -> list[bool]:
        return [f"tasks.{index}.{key}.{i}" in unsure for i in range(len(values))]

    note = lb.r("ocr_unsure")
    cells = [(f"{index:06d}", escape(task_label(task, index))),
             (text[:60], f"<div class=task-text>{escape(text)}</div>"),
             *(_agency_cell(task, role, lb, doubts("assignees", task.get("assignees", [])))
               for role in ("lead", "support", "report_to")),
             (due, _written_list(deadlines, lambda d: deadline_tip(d, lb), doubts("deadlines", deadlines), note)),
             (str(len(metrics)), _written_list(metrics, lambda m: metric_tip(m, lang=lb), doubts("metrics", metrics),
                                               note))]
    agencies = sorted({str(a.get("canonical") or a.get("name")) for a in task.get("assignees", [])})
    months = " ".join(sorted({m for d in deadlines if (m := due_month(d))})) or "none"
    attrs = (f'data-task="{index}" data-agencies="{escape(json.dumps(agencies, ensure_ascii=False))}" '
             f'data-months="{escape(months)}"')
    if linked:
        attrs += f' tabindex="0" class="linked" title="{escape(lb.r("show_in_text"))}"'
    return f"<tr {attrs}>{_cells(cells)}</tr>"


# (label key, sort type) of the columns; the words are in labels.yaml
TASK_COLUMNS = [("col_path", "num"), ("col_text", "text"), ("col_lead", "text"), ("col_support", "text"),
                ("col_report_to", "text"), ("col_deadline", "text"), ("col_metrics", "num")]
INDEX_COLUMNS = [("col_number_sign", "num"), ("col_notice", "text"), ("col_type", "text"), ("col_number", "text"),
                 ("col_date", "text"), ("col_tasks", "num"), ("col_deadlines", "num"), ("col_metrics", "num"),
                 ("col_warnings", "num")]


def render_task_table(notice: Record, linked: bool, lang: str | Labels = DEFAULT_LANG) -> str:
    """Task table with sortable columns and filters by agency (any role) and by deadline month."""
    lb = _labels(lang)
    tasks = notice.get("tasks", [])
    if not tasks:
        return f"<p class=muted>{escape(lb.r('no_task'))}</p>"
    agencies = sorted({str(a.get("canonical") or a.get("name")) for t in tasks for a in t.get("assignees", [])})
    months = sorted({m for t in tasks for d in t.get("deadlines", []) if (m := due_month(d))})
    agency_options = "".join(f"<option>{escape(a)}</option>" for a in agencies)
    month_options = "".join(f"<option value=\"{escape(m)}\">{escape(lb.date(m))}</option>" for m in months)
    unsure = ocr_unsure_fields(notice)
    rows = "".join(_task_row(task, i, linked, lb, unsure) for i, task in enumerate(tasks))
    shown = lb.r("shown", shown=len(tasks), total=len(tasks))
    template = lb.report["shown"]
    return (
        "<div class=filters>"
        f"<label>{escape(lb.r('filter_agency'))} <select class=f-agency><option value=\"\">"
        f"{escape(lb.r('filter_all'))}</option>{agency_options}</select></label> "
        f"<label>{escape(lb.r('filter_month'))} <select class=f-month><option value=\"\">"
        f"{escape(lb.r('filter_all'))}</option>{month_options}"
        f"<option value=\"none\">{escape(lb.r('filter_no_deadline'))}</option></select></label> "
        f"<span class=shown data-template=\"{escape(template)}\">{escape(shown)}</span></div>"
        f"<div class=table-wrap><table class=tasks><thead><tr>{_head(TASK_COLUMNS, lb)}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def render_notice_body(notice: Record, links: NoticeLinks | None = None, lang: str | Labels = DEFAULT_LANG) -> str:
    """The part of a notice that is inserted when it is opened."""
    lb = _labels(lang)
    text = notice.get("text")
    found = collect_highlights(notice, lb) if text else HighlightSet()
    card = render_card(notice, found.problems, links, lb)
    table = render_task_table(notice, linked=bool(text), lang=lb)
    if text:
        body = f"<div class=nv-text lang=vi>{render_text(text, found.items)}</div>"
    else:
        body = f"<p class=no-text>{lb.r('no_text_html')}</p>"  # reviewed markup from labels.yaml
    return (f"{card}<div class=panes><section class=pane-text aria-label=\"{escape(lb.r('aria_text'))}\">{body}"
            f"</section><section class=pane-table aria-label=\"{escape(lb.r('aria_tasks'))}\">{table}</section></div>")


# ---------------------------------------------------------------------------------------------
# Many notices: index and charts


def _counts(notice: Record) -> tuple[int, int, int]:
    tasks = notice.get("tasks", [])
    return (len(tasks), sum(len(t.get("deadlines", [])) for t in tasks), sum(len(t.get("metrics", [])) for t in tasks))


def _source_name(record: Record, lb: Labels | None = None) -> tuple[str, str]:
    path = str((record.get("source") or {}).get("path") or "")
    return (Path(path).name or (lb or labels()).r("no_path")), path


def _notice_name(record: Record, lb: Labels) -> str:
    """What a clerk calls a notice: its title (trích yếu), else its type and number, else its file."""
    if record.get("title"):
        return str(record["title"])
    named = " ".join(x for x in (lb.doc_type(record.get("doc_type")) if record.get("doc_type") else "",
                                 str(record.get("number") or "")) if x)
    return named or _source_name(record, lb)[0]


def _index_row(record: Record, i: int, lb: Labels) -> str:
    name, path = _source_name(record, lb)
    if is_error(record):
        first = [(f"{i:06d}", str(i + 1)), (name, f"<a href=\"#n-{i}\" title=\"{escape(path)}\">{escape(name)}</a>")]
        error = record.get("error") or {}
        return (f"<tr class=err>{_cells(first)}<td colspan=7 data-sort=\"\"><span class=code>"
                f"{escape(str(error.get('code')))}</span> {escape(str(error.get('message')))}</td></tr>")
    title = _notice_name(record, lb)
    first = [(f"{i:06d}", str(i + 1)),
             (title, (f"<a class=notice-title href=\"#n-{i}\" title=\"{escape(title)}&#10;{escape(path)}\">"
                      f"{escape(_clip(title, 140))}</a>"))]
    warnings = [str(w) for w in record.get("warnings") or []]
    doc_type, number, issued = record.get("doc_type"), record.get("number"), record.get("issue_date")
    header = [(str(doc_type or ""), escape(lb.doc_type(doc_type)) if doc_type else "—"),
              (str(number or ""), escape(str(number or "—"))),
              (str(issued or ""), escape(lb.date(issued) or "—"))]
    counts = [(str(n), str(n)) for n in _counts(record)]
    return f"<tr>{_cells([*first, *header, *counts, (str(len(warnings)), escape('; '.join(warnings)))])}</tr>"


def render_index(records: Sequence[Record], lang: str | Labels = DEFAULT_LANG) -> str:
    """One row per input record; error records show their code and message."""
    lb = _labels(lang)
    rows = "".join(_index_row(record, i, lb) for i, record in enumerate(records))
    return (f"<section id=index aria-label=\"{escape(lb.r('index_aria'))}\"><h2>{escape(lb.r('index'))}</h2>"
            f"<div class=table-wrap><table class=index><thead><tr>{_head(INDEX_COLUMNS, lb)}</tr></thead>"
            f"<tbody>{rows}</tbody></table></div></section>")


@dataclass
class CorpusStats:
    notices: int
    tasks: int
    with_deadline: int
    with_metric: int
    leads: list[tuple[str, int]]
    months: list[tuple[str, int]]
    undated: int


def corpus_stats(notices: Sequence[Record]) -> CorpusStats:
    """Counts behind the charts: a task counts once per distinct lead canonical name."""
    tasks = [t for n in notices for t in n.get("tasks", [])]
    leads: Counter[str] = Counter()
    for task in tasks:
        leads.update({str(a.get("canonical") or a.get("name")) for a in task.get("assignees", [])
                      if a.get("role") == "lead"})
    deadlines = [d for t in tasks for d in t.get("deadlines", [])]
    months = Counter(m for d in deadlines if (m := due_month(d)))
    return CorpusStats(
        notices=len(notices), tasks=len(tasks),
        with_deadline=sum(1 for t in tasks if t.get("deadlines")),
        with_metric=sum(1 for t in tasks if t.get("metrics")),
        leads=sorted(leads.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_AGENCIES],
        months=_month_series(months), undated=sum(1 for d in deadlines if not due_month(d)))


def _month_series(months: Counter[str]) -> list[tuple[str, int]]:
    """Months in order with the empty ones in between, so the axis is a time line (unless absurdly long)."""
    if not months:
        return []
    keys = sorted(months)
    try:
        first, last = (int(keys[0][:4]), int(keys[0][5:7])), (int(keys[-1][:4]), int(keys[-1][5:7]))
    except ValueError:
        return [(k, months[k]) for k in keys]
    span = (last[0] - first[0]) * 12 + last[1] - first[1]
    if span > 120:
        return [(k, months[k]) for k in keys]
    series = []
    for step in range(span + 1):
        year, month = divmod(first[1] - 1 + step, 12)
        key = f"{first[0] + year:04d}-{month + 1:02d}"
        series.append((key, months.get(key, 0)))
    return series


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart_leads(items: Sequence[tuple[str, int]], lang: str | Labels = DEFAULT_LANG) -> str:
    """Horizontal bars: tasks per lead agency (top 20)."""
    lb = _labels(lang)
    if not items:
        return f"<p class=muted>{escape(lb.r('no_lead'))}</p>"
    bar_h, gap, label_w, bar_w = 20, 6, 400, 300
    top = max(v for _, v in items)
    height = len(items) * (bar_h + gap) + 10
    rows = []
    for i, (name, value) in enumerate(items):
        y = 5 + i * (bar_h + gap)
        width = max(1.0, bar_w * value / top)
        rows.append(
            f"<g><title>{escape(lb.r('lead_bar', name=name, count=value))}</title>"
            f"<text x=\"{label_w - 8}\" y=\"{y + 14}\" text-anchor=\"end\">{escape(_clip(name, 58))}</text>"
            f"<rect class=bar-lead x=\"{label_w}\" y=\"{y}\" width=\"{width:.1f}\" height=\"{bar_h}\"/>"
            f"<text x=\"{label_w + width + 5:.1f}\" y=\"{y + 14}\">{value}</text></g>")
    total_w = label_w + bar_w + 50
    return (f"<svg class=chart role=img aria-label=\"{escape(lb.r('leads_aria'))}\" viewBox=\"0 0 {total_w} {height}\" "
            f"width=\"{total_w}\" height=\"{height}\">{''.join(rows)}</svg>")


def chart_months(items: Sequence[tuple[str, int]], undated: int, lang: str | Labels = DEFAULT_LANG) -> str:
    """Vertical bars: deadlines per due month, labelled level under each bar (the month's short name,
    the year under January and under the first bar); undated (recurring) deadlines are counted in the note."""
    lb = _labels(lang)
    note = f"<p class=muted>{escape(lb.r('undated', count=undated))}</p>" if undated else ""
    if not items:
        return f"<p class=muted>{escape(lb.r('no_dated'))}</p>" + note
    col, plot_h, left, top_pad, bottom = 34, 160, 34, 18, 40
    top = max(v for _, v in items) or 1
    base = top_pad + plot_h
    width = left + len(items) * col + 10
    bars = [f"<line class=axis x1=\"{left}\" y1=\"{base}\" x2=\"{width - 5}\" y2=\"{base}\"/>",
            f"<text x=\"{left - 4}\" y=\"{top_pad + 4}\" text-anchor=\"end\">{top}</text>",
            f"<text x=\"{left - 4}\" y=\"{base}\" text-anchor=\"end\">0</text>"]
    for i, (month, value) in enumerate(items):
        x = left + i * col + 3
        middle = x + (col - 6) / 2
        h = plot_h * value / top
        name, year = _month_label(month, lb)
        bars.append(
            f"<g><title>{escape(lb.r('month_bar', month=lb.date(month), count=value))}</title>"
            f"<rect class=bar-month x=\"{x}\" y=\"{base - h:.1f}\" width=\"{col - 6}\" height=\"{h:.1f}\"/>"
            + (f"<text x=\"{middle:.1f}\" y=\"{base - h - 4:.1f}\" text-anchor=\"middle\">{value}</text>"
               if value else "")
            + f"<text class=month x=\"{middle:.1f}\" y=\"{base + 15}\" text-anchor=\"middle\">{escape(name)}</text>"
            + (f"<text class=year x=\"{middle:.1f}\" y=\"{base + 31}\" text-anchor=\"middle\">{escape(year)}</text>"
               if year and (i == 0 or month.endswith("-01")) else "")
            + "</g>")
    height = base + bottom
    return (f"<svg class=chart role=img aria-label=\"{escape(lb.r('months_aria'))}\" viewBox=\"0 0 {width} {height}\" "
            f"width=\"{width}\" height=\"{height}\">{''.join(bars)}</svg>{note}")


def _month_label(month: str, lb: Labels) -> tuple[str, str]:
    """("T10", "2024") for "2024-10"; a key that is not a month stays as it is."""
    try:
        return lb.month_names[int(month[5:7]) - 1], month[:4]
    except (ValueError, IndexError):
        return month, ""


def chart_shares(stats: CorpusStats, lang: str | Labels = DEFAULT_LANG) -> str:
    """Two 100 % bars: share of tasks with a deadline and with a metric."""
    lb = _labels(lang)
    label_w, bar_w, bar_h = 190, 380, 22
    rows = []
    for i, (key, count, cls) in enumerate([("with_deadline", stats.with_deadline, "bar-deadline"),
                                           ("with_metric", stats.with_metric, "bar-metric")]):
        name = lb.r(key)
        share = count / stats.tasks if stats.tasks else 0.0
        y = 5 + i * (bar_h + 10)
        rows.append(
            f"<g><title>{escape(lb.r('share_bar', name=name, count=count, total=stats.tasks))}</title>"
            f"<text x=\"{label_w - 8}\" y=\"{y + 16}\" text-anchor=\"end\">{escape(lb.r('share_row', name=name))}</text>"
            f"<rect class=track x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"{bar_h}\"/>"
            f"<rect class=\"{cls}\" x=\"{label_w}\" y=\"{y}\" width=\"{bar_w * share:.1f}\" height=\"{bar_h}\"/>"
            f"<text x=\"{label_w + bar_w + 6}\" y=\"{y + 16}\">{share:.0%} ({count}/{stats.tasks})</text></g>")
    width, height = label_w + bar_w + 120, 2 * (bar_h + 10) + 5
    return (f"<svg class=chart role=img aria-label=\"{escape(lb.r('shares_aria'))}\" "
            f"viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">{''.join(rows)}</svg>")


def render_charts(notices: Sequence[Record], lang: str | Labels = DEFAULT_LANG) -> str:
    lb = _labels(lang)
    stats = corpus_stats(notices)
    return (
        f"<section id=charts aria-label=\"{escape(lb.r('corpus_aria'))}\"><h2>{escape(lb.r('corpus'))}</h2>"
        f"<p>{escape(lb.r('corpus_counts', notices=stats.notices, tasks=stats.tasks))}</p><div class=charts>"
        f"<figure><figcaption>{escape(lb.r('leads_caption', top=TOP_AGENCIES))}</figcaption>"
        f"{chart_leads(stats.leads, lb)}</figure>"
        f"<figure><figcaption>{escape(lb.r('months_caption'))}</figcaption>"
        f"{chart_months(stats.months, stats.undated, lb)}</figure>"
        f"<figure><figcaption>{escape(lb.r('shares_caption'))}</figcaption>"
        f"{chart_shares(stats, lb)}</figure>"
        "</div></section>")


# ---------------------------------------------------------------------------------------------
# The page


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("report_assets", name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def json_for_script(value: Any) -> str:
    """JSON that cannot end its <script> element early: every "<" is written as \\u003c, so neither
    "</script" nor "<!--" can occur (nothing else is special inside a script element)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _notice_summary(record: Record, i: int, lb: Labels) -> str:
    tasks, deadlines, metrics = _counts(record)
    doc_type = record.get("doc_type")
    bits = [f"#{i + 1}", lb.doc_type(doc_type) if doc_type else None, record.get("number"),
            lb.date(record.get("issue_date")), lb.r("counts", tasks=tasks, deadlines=deadlines, metrics=metrics)]
    head = " · ".join(escape(str(b)) for b in bits if b)
    title = escape(_clip(_notice_name(record, lb), 160))
    warn = f" <span class=warn-count>⚠ {len(record['warnings'])}</span>" if record.get("warnings") else ""
    return f"<span class=sum-head>{head}</span>{warn} <span class=sum-title>{title}</span>"


def _notice_shell(record: Record, i: int, opened: bool, lb: Labels) -> str:
    """What is in the DOM from the start: a closed <details> whose body is filled on first open."""
    if is_error(record):
        error = record.get("error") or {}
        name, path = _source_name(record, lb)
        return (f"<div class=\"notice error-record\" id=n-{i}>#{i + 1} · <span title=\"{escape(path)}\">"
                f"{escape(name)}</span> · <span class=code>{escape(str(error.get('code')))}</span> "
                f"{escape(str(error.get('message')))}</div>")
    return (f"<details class=notice id=n-{i} data-idx=\"{i}\"{' open' if opened else ''}>"
            f"<summary>{_notice_summary(record, i, lb)}</summary><div class=nv-body></div></details>")


def _legend(lb: Labels) -> str:
    items = "".join(
        f"<label class=legend-item><input type=checkbox checked data-kind=\"{kind}\"> "
        f"<span class=\"hl {classes}\" data-label=\"{'I/1' if kind == 'task' else ''}\">"
        f"{escape(lb.r('legend_' + kind))}</span> "
        f"<span class=cue>{escape(lb.r('legend_' + kind + '_cue'))}</span></label>" for kind, classes in LEGEND)
    return f"<div class=legend role=group aria-label=\"{escape(lb.r('legend_aria'))}\">{items}</div>"


def render_report(records: Sequence[Record], title: str | None = None, lang: str = DEFAULT_LANG,
                  nav: str = "") -> str:
    """The whole HTML document for these records (notices and error records), its interface in `lang`
    ("vi" by default, "en"); the title defaults to the language's. `nav` is trusted markup put above
    the title (the web app's links), never document text."""
    from . import __version__

    lb = labels(lang)
    title = title or lb.r("title")
    notices = [r for r in records if not is_error(r)]
    errors = len(records) - len(notices)
    single = len(records) == 1 and not errors
    css, js = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    links = citation_links(records)
    data = "".join(
        f"<script type=\"application/json\" id=nv-data-{i}>"
        f"{json_for_script({'html': render_notice_body(r, links.get(i), lb)})}</script>"
        for i, r in enumerate(records) if not is_error(r))
    index = render_index(records, lb) if not single else ""
    charts = render_charts(notices, lb) if len(notices) > 1 else ""
    shells = "".join(_notice_shell(r, i, opened=single, lb=lb) for i, r in enumerate(records))
    total_tasks = sum(len(n.get("tasks", [])) for n in notices)
    meta = lb.r("meta", notices=len(notices), errors=errors, tasks=total_tasks)
    return (
        f"<!DOCTYPE html><html lang={lb.lang}><head><meta charset=utf-8>"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"
        "<meta name=viewport content=\"width=device-width, initial-scale=1\">"
        "<link rel=icon href=\"data:,\">"
        f"<title>{escape(title)}</title><style>{css}</style></head><body>"
        f"<header class=top>{nav}<h1>{escape(title)}</h1><p class=meta>{escape(meta)} · nhiemvu {escape(__version__)} · "
        f"{escape(lb.r('hint'))}</p>"
        f"{_legend(lb)}</header><main>{index}{charts}<section id=notices aria-label=\"{escape(lb.r('notices_aria'))}\">"
        f"<h2{' class=sr-only' if single else ''}>{escape(lb.r('notices'))}</h2>{shells}</section></main>"
        f"<div id=nv-tip role=tooltip hidden></div>{data}<script>{js}</script></body></html>"
    )


def build_report(inputs: list[str | Path], lang: str = DEFAULT_LANG) -> str:
    """Read the inputs (notice files, Notice JSON, batch JSON Lines) and return the HTML document."""
    return render_report(load_records(inputs), lang=lang)


def write_report(inputs: list[str | Path], out_path: str | Path, lang: str = DEFAULT_LANG) -> Path:
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_report(inputs, lang=lang), encoding="utf-8")
    return out


# ---------------------------------------------------------------------------------------------
# Command line: `nhiemvu report INPUT... -o report.html [--lang en]`


def add_report_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Register the subcommand on `nhiemvu`'s subparsers."""
    r = sub.add_parser("report", help="one self-contained HTML file to review notices with every field highlighted")
    r.add_argument("inputs", nargs="+", help="notice files (.txt, .pdf, .docx), Notice JSON or batch JSON Lines; "
                                             "a notice given twice (its JSON and its file) is shown once")
    r.add_argument("-o", "--output", required=True, help="HTML file to write")
    r.add_argument("--title", default=None, help="title of the page (default: the language's)")
    r.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANG,
                   help="interface language: vi (Vietnamese, the default) or en")
    r.set_defaults(handler=cmd_report)
    return r


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """Exit 0 when every record is a notice, 1 when some are error records (they are in the report)."""
    records = load_records(args.inputs)
    html = render_report(records, title=getattr(args, "title", None), lang=getattr(args, "lang", DEFAULT_LANG))
    target = Path(args.output)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    errors = sum(1 for r in records if is_error(r))
    out.write(f"{len(records) - errors} notices, {errors} errors -> {target} "
              f"({target.stat().st_size / 1e6:.2f} MB)\n")
    return 1 if errors else 0
