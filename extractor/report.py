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

Record = dict[str, Any]

JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
FIRST_WORDS = 12
TOP_AGENCIES = 20
ROLE_LABELS = {"lead": "lead", "support": "support", "report_to": "report to"}
DOC_TYPE_LABELS = {
    "thong_bao": "Thông báo", "chi_thi": "Chỉ thị", "cong_van": "Công văn", "ke_hoach": "Kế hoạch",
    "quyet_dinh": "Quyết định", "nghi_quyet": "Nghị quyết", "cong_dien": "Công điện",
    "ket_luan": "Kết luận", "bao_cao": "Báo cáo", "tin_bai": "Tin bài", "other": "other",
}
# The legend lists every highlight class with the cue that does not rely on colour.
LEGEND = [
    ("task", "hl-task", "task (label = path)", "grey box, path badge"),
    ("lead", "hl-agency hl-lead", "lead agency", "solid underline, bold"),
    ("support", "hl-agency hl-support", "support agency", "dashed underline"),
    ("report_to", "hl-agency hl-report_to", "report to", "dotted underline"),
    ("deadline", "hl-deadline", "deadline", "solid frame"),
    ("metric", "hl-metric", "metric / target", "dashed frame"),
    ("reference", "hl-reference", "reference", "wavy underline, italic"),
]


# ---------------------------------------------------------------------------------------------
# Reading inputs


def load_records(inputs: Iterable[str | Path]) -> list[Record]:
    """Every input becomes one or more records (a Notice dict or an error record), never nothing."""
    records: list[Record] = []
    for item in inputs:
        path = Path(item)
        if path.suffix.lower() in JSON_SUFFIXES:
            records.extend(_read_json_file(path))
        else:
            records.append(_extract_file(path))
    return records


def _error(path: Path | str | None, code: str, message: str) -> Record:
    """An error record shaped like the contract's, for inputs the report itself cannot read."""
    return {"schema_version": "1.0", "source": {"path": str(path) if path else None},
            "error": {"code": code, "message": message}}


def _extract_file(path: Path) -> Record:
    """Extract a notice file with its text (highlights need it); a failure becomes its error record."""
    from .pipeline import extract_or_error, record_json

    return record_json(extract_or_error(path), include_text=True)


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


def deadline_tip(deadline: Record) -> str:
    """'by 2022-08-31', 'within 2022-08-01 → 2022-08-31', 'recurring monthly', 'from 2022-08-01 →'."""
    parts = [str(deadline.get("kind") or "deadline")]
    if deadline.get("recurrence"):
        parts.append(str(deadline["recurrence"]))
    start, end = deadline.get("start"), deadline.get("end")
    if start and end:
        parts.append(f"{start} → {end}")
    elif end:
        parts.append(str(end))
    elif start:
        parts.append(f"{start} →")
    elif not deadline.get("recurrence"):
        parts.append("(no date)")
    return " ".join(parts)


def metric_tip(metric: Record, with_subject: bool = True) -> str:
    """'>= 80 %', 'range 1–2 cuộc họp', then the subject when there is one."""
    unit = f" {metric['unit']}" if metric.get("unit") else ""
    if metric.get("op") == "range":
        tip = f"range {_num(metric.get('value'))}–{_num(metric.get('value_max'))}{unit}"
    else:
        tip = f"{metric.get('op', '')} {_num(metric.get('value'))}{unit}".strip()
    return f"{tip} · {metric['subject']}" if with_subject and metric.get("subject") else tip


def reference_tip(reference: Record) -> str:
    parts = [reference.get("doc_type"), reference.get("number"), reference.get("date"), reference.get("issuer")]
    return " · ".join(str(p) for p in parts if p) or "reference"


def agency_tip(assignee: Record) -> str:
    role = ROLE_LABELS.get(assignee.get("role", ""), str(assignee.get("role")))
    tip = f"{role} · {assignee.get('canonical') or assignee.get('name')}"
    return tip + " (inherited)" if assignee.get("inherited") else tip


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


def collect_highlights(notice: Record) -> HighlightSet:
    """Every task, non-inherited agency, deadline, metric and reference with a span, in JSON order."""
    text = notice.get("text") or ""
    found = HighlightSet()
    notice_refs = {tuple(r.get("span") or ()) for r in notice.get("references", [])}
    for ti, task in enumerate(notice.get("tasks", [])):
        base = f"tasks.{ti}"
        found.add(text, task.get("span"), task.get("text"), kind="task", classes="hl-task",
                  tip=f"task {task_label(task, ti)}", field=base, label=task_label(task, ti), task=ti)
        for ai, who in enumerate(task.get("assignees", [])):
            if who.get("inherited") or who.get("span") is None:
                continue  # inherited agencies are not in the text: the task table lists them
            role = str(who.get("role"))
            found.add(text, who["span"], who.get("text"), kind="agency", classes=f"hl-agency hl-{escape(role)}",
                      tip=agency_tip(who), field=f"{base}.assignees.{ai}")
        for di, deadline in enumerate(task.get("deadlines", [])):
            found.add(text, deadline.get("span"), deadline.get("text"), kind="deadline", classes="hl-deadline",
                      tip=deadline_tip(deadline), field=f"{base}.deadlines.{di}")
        for mi, metric in enumerate(task.get("metrics", [])):
            found.add(text, metric.get("span"), metric.get("text"), kind="metric", classes="hl-metric",
                      tip=metric_tip(metric), field=f"{base}.metrics.{mi}")
        for ri, ref in enumerate(task.get("references", [])):
            if tuple(ref.get("span") or ()) not in notice_refs:  # the notice list usually repeats them
                found.add(text, ref.get("span"), ref.get("text"), kind="reference", classes="hl-reference",
                          tip=reference_tip(ref), field=f"{base}.references.{ri}")
    for ri, ref in enumerate(notice.get("references", [])):
        found.add(text, ref.get("span"), ref.get("text"), kind="reference", classes="hl-reference",
                  tip=reference_tip(ref), field=f"references.{ri}")
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


def _items(values: Sequence[Any], cls: str = "", fold_over: int = 0) -> str | None:
    """A list; a long one (recipients) folds behind its count so the card stays short."""
    if not values:
        return None
    items = f"<ul class=\"{cls}\">" + "".join(f"<li>{escape(str(v))}</li>" for v in values) + "</ul>"
    if fold_over and len(values) > fold_over:
        return f"<details class=fold><summary>{len(values)} {cls}</summary>{items}</details>"
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


def render_card(notice: Record, problems: Sequence[str], links: NoticeLinks | None = None) -> str:
    """Metadata card: what the header and the closing block gave, and what the parser was unsure of."""
    signer = notice.get("signer") or {}
    signer_text = " ".join(str(signer[k]) for k in ("authority", "title", "name") if signer.get(k))
    doc_type = str(notice.get("doc_type") or "")
    source = notice.get("source") or {}
    date = " · ".join(escape(str(x)) for x in (notice.get("issue_date"), notice.get("place")) if x)
    rows = [
        ("type", _opt(f"{doc_type} ({DOC_TYPE_LABELS[doc_type]})" if doc_type in DOC_TYPE_LABELS else doc_type)),
        ("number", _opt(notice.get("number"))), ("issuer", _opt(notice.get("issuer"))),
        ("date", date or None), ("title", _opt(notice.get("title"))), ("signer", _opt(signer_text)),
        ("recipients", _items(notice.get("recipients") or [], "recipients", fold_over=3)),
        ("warnings", _items(notice.get("warnings") or [], "warnings")),
        ("notes", _items(notice.get("notes") or [], "notes", fold_over=1)),
        ("source", _opt(source.get("path"))), ("id", _opt(notice.get("id"))),
    ]
    if links is not None:
        rows += [(name, _notice_anchors(pairs)) for name, pairs in (("cites", links.cites), ("cited by", links.cited_by))
                 if pairs]
    if problems:
        rows.append(("not highlighted", _items(problems, "warnings")))
    return f"<section class=card aria-label=\"metadata\"><dl>{_dl(rows)}</dl></section>"


def due_month(deadline: Record) -> str | None:
    """The month a deadline falls due in: of its end, else of its start (as `nhiemvu stats`)."""
    date = deadline.get("end") or deadline.get("start")
    return str(date)[:7] if date and len(str(date)) >= 7 else None


def _agency_cell(task: Record, role: str) -> tuple[str, str]:
    """(sort key, HTML): canonical names, the written name on hover, inherited ones marked."""
    people = [a for a in task.get("assignees", []) if a.get("role") == role]
    parts = []
    for a in people:
        canonical = str(a.get("canonical") or a.get("name") or "")
        mark = " <span class=inh title=\"taken from the enclosing heading or lead-in\">inherited</span>" \
            if a.get("inherited") else ""
        parts.append(f"<span class=ag title=\"{escape(str(a.get('name') or ''))}\">{escape(canonical)}</span>{mark}")
    key = "; ".join(str(a.get("canonical") or a.get("name") or "") for a in people)
    return key, "<br>".join(parts)


def _first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:FIRST_WORDS]) + (" …" if len(words) > FIRST_WORDS else "")


def _typed_list(values: Sequence[Record], show: Callable[[Record], str]) -> str:
    """Typed values one per line; the words as written appear on hover."""
    return "<br>".join(f"<span title=\"{escape(str(v.get('text', '')))}\">{escape(show(v))}</span>" for v in values)


def _cells(cells: Sequence[tuple[str, str]]) -> str:
    """<td>s from (sort key, escaped HTML) pairs; the key is what the column sorts by."""
    return "".join(f"<td data-sort=\"{escape(key)}\">{html}</td>" for key, html in cells)


def _head(columns: Sequence[tuple[str, str]]) -> str:
    return "".join(f"<th scope=col data-type=\"{kind}\" aria-sort=\"none\"><button type=button>{name}</button></th>"
                   for name, kind in columns)


def _task_row(task: Record, index: int, linked: bool) -> str:
    """One task; data-agencies / data-months carry what the filters match on."""
    deadlines, metrics = task.get("deadlines", []), task.get("metrics", [])
    text = str(task.get("text", ""))
    due = min((str(d.get("end") or d.get("start")) for d in deadlines if d.get("end") or d.get("start")), default="")
    cells = [(f"{index:06d}", escape(task_label(task, index))),
             *(_agency_cell(task, role) for role in ("lead", "support", "report_to")),
             (due, _typed_list(deadlines, deadline_tip)),
             (str(len(metrics)), _typed_list(metrics, lambda m: metric_tip(m, with_subject=False))),
             (text[:60], escape(_first_words(text)))]
    agencies = sorted({str(a.get("canonical") or a.get("name")) for a in task.get("assignees", [])})
    months = " ".join(sorted({m for d in deadlines if (m := due_month(d))})) or "none"
    attrs = (f'data-task="{index}" data-agencies="{escape(json.dumps(agencies, ensure_ascii=False))}" '
             f'data-months="{escape(months)}"')
    if linked:
        attrs += ' tabindex="0" class="linked" title="show in the text"'
    return f"<tr {attrs}>{_cells(cells)}</tr>"


TASK_COLUMNS = [("path", "num"), ("lead", "text"), ("support", "text"), ("report to", "text"),
                ("deadline", "text"), ("metrics", "num"), ("text", "text")]
INDEX_COLUMNS = [("#", "num"), ("source", "text"), ("type", "text"), ("number", "text"), ("date", "text"),
                 ("tasks", "num"), ("deadlines", "num"), ("metrics", "num"), ("warnings / error", "num")]


def render_task_table(notice: Record, linked: bool) -> str:
    """Task table with sortable columns and filters by agency (any role) and by deadline month."""
    tasks = notice.get("tasks", [])
    if not tasks:
        return "<p class=muted>No task extracted.</p>"
    agencies = sorted({str(a.get("canonical") or a.get("name")) for t in tasks for a in t.get("assignees", [])})
    months = sorted({m for t in tasks for d in t.get("deadlines", []) if (m := due_month(d))})
    agency_options = "".join(f"<option>{escape(a)}</option>" for a in agencies)
    month_options = "".join(f"<option>{escape(m)}</option>" for m in months)
    rows = "".join(_task_row(task, i, linked) for i, task in enumerate(tasks))
    return (
        "<div class=filters>"
        f"<label>agency <select class=f-agency><option value=\"\">all</option>{agency_options}</select></label> "
        f"<label>deadline month <select class=f-month><option value=\"\">all</option>{month_options}"
        "<option value=\"none\">no deadline</option></select></label> "
        f"<span class=shown>{len(tasks)} of {len(tasks)} tasks</span></div>"
        f"<div class=table-wrap><table class=tasks><thead><tr>{_head(TASK_COLUMNS)}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def render_notice_body(notice: Record, links: NoticeLinks | None = None) -> str:
    """The part of a notice that is inserted when it is opened."""
    text = notice.get("text")
    found = collect_highlights(notice) if text else HighlightSet()
    card = render_card(notice, found.problems, links)
    table = render_task_table(notice, linked=bool(text))
    if text:
        body = f"<div class=nv-text lang=vi>{render_text(text, found.items)}</div>"
    else:
        body = ("<p class=no-text>This notice carries no normalized <code>text</code> (extract it with "
                "<code>--include-text</code>, or give the report the notice file), so its highlights cannot be "
                "shown: the card and the task table are complete.</p>")
    return (f"{card}<div class=panes><section class=pane-text aria-label=\"text\">{body}</section>"
            f"<section class=pane-table aria-label=\"tasks\">{table}</section></div>")


# ---------------------------------------------------------------------------------------------
# Many notices: index and charts


def _counts(notice: Record) -> tuple[int, int, int]:
    tasks = notice.get("tasks", [])
    return (len(tasks), sum(len(t.get("deadlines", [])) for t in tasks), sum(len(t.get("metrics", [])) for t in tasks))


def _source_name(record: Record) -> tuple[str, str]:
    path = str((record.get("source") or {}).get("path") or "")
    return (Path(path).name or "(no path)"), path


def _index_row(record: Record, i: int) -> str:
    name, path = _source_name(record)
    first = [(f"{i:06d}", str(i + 1)), (name, f"<a href=\"#n-{i}\" title=\"{escape(path)}\">{escape(name)}</a>")]
    if is_error(record):
        error = record.get("error") or {}
        return (f"<tr class=err>{_cells(first)}<td colspan=7 data-sort=\"\"><span class=code>"
                f"{escape(str(error.get('code')))}</span> {escape(str(error.get('message')))}</td></tr>")
    warnings = [str(w) for w in record.get("warnings") or []]
    header = [(str(v or ""), escape(str(v or "—"))) for v in
              (record.get("doc_type"), record.get("number"), record.get("issue_date"))]
    counts = [(str(n), str(n)) for n in _counts(record)]
    return f"<tr>{_cells([*first, *header, *counts, (str(len(warnings)), escape('; '.join(warnings)))])}</tr>"


def render_index(records: Sequence[Record]) -> str:
    """One row per input record; error records show their code and message."""
    rows = "".join(_index_row(record, i) for i, record in enumerate(records))
    return (f"<section id=index aria-label=\"index\"><h2>Index</h2><div class=table-wrap><table class=index>"
            f"<thead><tr>{_head(INDEX_COLUMNS)}</tr></thead><tbody>{rows}</tbody></table></div></section>")


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


def chart_leads(items: Sequence[tuple[str, int]]) -> str:
    """Horizontal bars: tasks per lead agency (top 20)."""
    if not items:
        return "<p class=muted>No lead agency.</p>"
    bar_h, gap, label_w, bar_w = 18, 6, 330, 330
    top = max(v for _, v in items)
    height = len(items) * (bar_h + gap) + 10
    rows = []
    for i, (name, value) in enumerate(items):
        y = 5 + i * (bar_h + gap)
        width = max(1.0, bar_w * value / top)
        rows.append(
            f"<g><title>{escape(name)}: {value} tasks</title>"
            f"<text x=\"{label_w - 8}\" y=\"{y + 13}\" text-anchor=\"end\">{escape(_clip(name, 48))}</text>"
            f"<rect class=bar-lead x=\"{label_w}\" y=\"{y}\" width=\"{width:.1f}\" height=\"{bar_h}\"/>"
            f"<text x=\"{label_w + width + 5:.1f}\" y=\"{y + 13}\">{value}</text></g>")
    total_w = label_w + bar_w + 50
    return (f"<svg class=chart role=img aria-label=\"tasks per lead agency\" viewBox=\"0 0 {total_w} {height}\" "
            f"width=\"{total_w}\" height=\"{height}\">{''.join(rows)}</svg>")


def chart_months(items: Sequence[tuple[str, int]], undated: int) -> str:
    """Vertical bars: deadlines per due month; undated (recurring) deadlines are counted in the note."""
    note = f"<p class=muted>{undated} deadline(s) without a date (recurring or relative) are not shown.</p>" \
        if undated else ""
    if not items:
        return "<p class=muted>No dated deadline.</p>" + note
    col, plot_h, left, top_pad, bottom = 26, 160, 34, 16, 62
    top = max(v for _, v in items) or 1
    base = top_pad + plot_h
    width = left + len(items) * col + 40
    bars = [f"<line class=axis x1=\"{left}\" y1=\"{base}\" x2=\"{width - 35}\" y2=\"{base}\"/>",
            f"<text x=\"{left - 4}\" y=\"{top_pad + 4}\" text-anchor=\"end\">{top}</text>",
            f"<text x=\"{left - 4}\" y=\"{base}\" text-anchor=\"end\">0</text>"]
    for i, (month, value) in enumerate(items):
        x = left + i * col + 3
        h = plot_h * value / top
        bars.append(
            f"<g><title>{escape(month)}: {value} deadlines</title>"
            f"<rect class=bar-month x=\"{x}\" y=\"{base - h:.1f}\" width=\"{col - 6}\" height=\"{h:.1f}\"/>"
            + (f"<text x=\"{x + (col - 6) / 2:.1f}\" y=\"{base - h - 4:.1f}\" text-anchor=\"middle\" "
               f"class=small>{value}</text>" if value else "")
            + f"<text class=small transform=\"translate({x + 12},{base + 6}) rotate(60)\">{escape(month)}</text></g>")
    height = base + bottom
    return (f"<svg class=chart role=img aria-label=\"deadlines per month\" viewBox=\"0 0 {width} {height}\" "
            f"width=\"{width}\" height=\"{height}\">{''.join(bars)}</svg>{note}")


def chart_shares(stats: CorpusStats) -> str:
    """Two 100 % bars: share of tasks with a deadline and with a metric."""
    label_w, bar_w, bar_h = 150, 400, 22
    rows = []
    for i, (name, count, cls) in enumerate([("with a deadline", stats.with_deadline, "bar-deadline"),
                                            ("with a metric", stats.with_metric, "bar-metric")]):
        share = count / stats.tasks if stats.tasks else 0.0
        y = 5 + i * (bar_h + 10)
        rows.append(
            f"<g><title>{name}: {count} of {stats.tasks} tasks</title>"
            f"<text x=\"{label_w - 8}\" y=\"{y + 16}\" text-anchor=\"end\">tasks {name}</text>"
            f"<rect class=track x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"{bar_h}\"/>"
            f"<rect class=\"{cls}\" x=\"{label_w}\" y=\"{y}\" width=\"{bar_w * share:.1f}\" height=\"{bar_h}\"/>"
            f"<text x=\"{label_w + bar_w + 6}\" y=\"{y + 16}\">{share:.0%} ({count}/{stats.tasks})</text></g>")
    width, height = label_w + bar_w + 120, 2 * (bar_h + 10) + 5
    return (f"<svg class=chart role=img aria-label=\"share of tasks with a deadline and with a metric\" "
            f"viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">{''.join(rows)}</svg>")


def render_charts(notices: Sequence[Record]) -> str:
    stats = corpus_stats(notices)
    return (
        "<section id=charts aria-label=\"corpus charts\"><h2>Corpus</h2>"
        f"<p>{stats.notices} notices, {stats.tasks} tasks.</p><div class=charts>"
        f"<figure><figcaption>Tasks per lead agency (top {TOP_AGENCIES}, canonical names)</figcaption>"
        f"{chart_leads(stats.leads)}</figure>"
        "<figure><figcaption>Deadlines per month (month due)</figcaption>"
        f"{chart_months(stats.months, stats.undated)}</figure>"
        "<figure><figcaption>Share of tasks with a deadline and with a metric</figcaption>"
        f"{chart_shares(stats)}</figure>"
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


def _notice_summary(record: Record, i: int) -> str:
    tasks, deadlines, metrics = _counts(record)
    bits = [f"#{i + 1}", record.get("doc_type"), record.get("number"), record.get("issue_date"),
            f"{tasks} tasks · {deadlines} deadlines · {metrics} metrics"]
    head = " · ".join(escape(str(b)) for b in bits if b)
    title = escape(_clip(str(record.get("title") or _source_name(record)[0]), 160))
    warn = f" <span class=warn-count>⚠ {len(record['warnings'])}</span>" if record.get("warnings") else ""
    return f"<span class=sum-head>{head}</span>{warn} <span class=sum-title>{title}</span>"


def _notice_shell(record: Record, i: int, opened: bool) -> str:
    """What is in the DOM from the start: a closed <details> whose body is filled on first open."""
    if is_error(record):
        error = record.get("error") or {}
        name, path = _source_name(record)
        return (f"<div class=\"notice error-record\" id=n-{i}>#{i + 1} · <span title=\"{escape(path)}\">"
                f"{escape(name)}</span> · <span class=code>{escape(str(error.get('code')))}</span> "
                f"{escape(str(error.get('message')))}</div>")
    return (f"<details class=notice id=n-{i} data-idx=\"{i}\"{' open' if opened else ''}>"
            f"<summary>{_notice_summary(record, i)}</summary><div class=nv-body></div></details>")


def _legend() -> str:
    items = "".join(
        f"<label class=legend-item><input type=checkbox checked data-kind=\"{kind}\"> "
        f"<span class=\"hl {classes}\" data-label=\"{'I/1' if kind == 'task' else ''}\">{escape(name)}</span> "
        f"<span class=cue>{escape(cue)}</span></label>" for kind, classes, name, cue in LEGEND)
    return f"<div class=legend role=group aria-label=\"legend: untick to hide a kind\">{items}</div>"


def render_report(records: Sequence[Record], title: str = "nhiemvu review report") -> str:
    """The whole HTML document for these records (notices and error records)."""
    from . import __version__

    notices = [r for r in records if not is_error(r)]
    errors = len(records) - len(notices)
    single = len(records) == 1 and not errors
    css, js = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    links = citation_links(records)
    data = "".join(
        f"<script type=\"application/json\" id=nv-data-{i}>"
        f"{json_for_script({'html': render_notice_body(r, links.get(i))})}</script>"
        for i, r in enumerate(records) if not is_error(r))
    index = render_index(records) if not single else ""
    charts = render_charts(notices) if len(notices) > 1 else ""
    shells = "".join(_notice_shell(r, i, opened=single) for i, r in enumerate(records))
    total_tasks = sum(len(n.get("tasks", [])) for n in notices)
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"
        "<meta name=viewport content=\"width=device-width, initial-scale=1\">"
        "<link rel=icon href=\"data:,\">"
        f"<title>{escape(title)}</title><style>{css}</style></head><body>"
        f"<header class=top><h1>{escape(title)}</h1><p class=meta>{len(notices)} notices, {errors} errors, "
        f"{total_tasks} tasks · nhiemvu {escape(__version__)} · hover a highlight for its typed value; "
        "click a task row to see it in the text</p>"
        f"{_legend()}</header><main>{index}{charts}<section id=notices aria-label=\"notices\">"
        f"<h2{' class=sr-only' if single else ''}>Notices</h2>{shells}</section></main>"
        f"<div id=nv-tip role=tooltip hidden></div>{data}<script>{js}</script></body></html>"
    )


def build_report(inputs: list[str | Path]) -> str:
    """Read the inputs (notice files, Notice JSON, batch JSON Lines) and return the HTML document."""
    return render_report(load_records(inputs))


def write_report(inputs: list[str | Path], out_path: str | Path) -> Path:
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_report(inputs), encoding="utf-8")
    return out


# ---------------------------------------------------------------------------------------------
# Command line: `nhiemvu report INPUT... -o report.html`


def add_report_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the subcommand on `nhiemvu`'s subparsers."""
    r = sub.add_parser("report", help="one self-contained HTML file to review notices with every field highlighted")
    r.add_argument("inputs", nargs="+", help="notice files (.txt, .pdf, .docx), Notice JSON or batch JSON Lines")
    r.add_argument("-o", "--output", required=True, help="HTML file to write")
    r.add_argument("--title", default="nhiemvu review report", help="title of the page")
    r.set_defaults(handler=cmd_report)
    return r


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """Exit 0 when every record is a notice, 1 when some are error records (they are in the report)."""
    records = load_records(args.inputs)
    html = render_report(records, title=getattr(args, "title", None) or "nhiemvu review report")
    target = Path(args.output)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    errors = sum(1 for r in records if is_error(r))
    out.write(f"{len(records) - errors} notices, {errors} errors -> {target} "
              f"({target.stat().st_size / 1e6:.2f} MB)\n")
    return 1 if errors else 0
