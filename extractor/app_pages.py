"""The web app's HTML pages (issue 14): inbox, upload results, tasks page with filters and downloads,
the corrections page of a notice. Pure functions from records to markup: every document string goes
through `html.escape`, every word of the interface comes from report_assets/labels.yaml, the only
script is report_assets/app.js (allowed by its hash in the Content-Security-Policy, `script_csp`).
The notice page itself is the review report (extractor/report.py) with the app's links above it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from .app_filters import TaskFilter, due, is_overdue
from .corrections import Correction
from .labels import Labels


@dataclass(frozen=True, slots=True)
class UploadResult:
    """One file of an upload, read or refused; `message` is the clerk's words (not escaped)."""

    name: str
    ok: bool
    doc_id: str | None = None
    tasks: int = 0
    message: str = ""

    def as_json(self, lb: Labels) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "url": notice_url(self.doc_id) if self.doc_id else None,
                "status": lb.a("status_ok", tasks=self.tasks) if self.ok else lb.a("status_failed"),
                "message": self.message}


def notice_url(doc_id: str, tail: str = "") -> str:
    return f"/notices/{quote(doc_id, safe='')}{tail}"


def anchor(uid: str) -> str:
    """The id of a task's section on the corrections page (and the fragment that links to it)."""
    return "t-" + quote(uid, safe="")


def script_csp() -> str:
    from .report import _asset, _csp_hash

    return _csp_hash(_asset("app.js"))


def nav(lb: Labels, doc_id: str | None = None) -> str:
    links = [("/", lb.a("nav_inbox")), ("/tasks", lb.a("nav_tasks"))]
    if doc_id is not None:
        links += [(notice_url(doc_id), lb.a("nav_notice")), (notice_url(doc_id, "/edit"), lb.a("nav_edit")),
                  (notice_url(doc_id, "/file"), lb.a("nav_original"))]
    return "<nav class=app-nav>" + "".join(f"<a href=\"{escape(href)}\">{escape(word)}</a>" for href, word in links) \
        + "</nav>"


def page(lb: Labels, title: str, body: str, doc_id: str | None = None) -> str:
    from .report import _asset

    return (f"<!DOCTYPE html><html lang={lb.lang}><head><meta charset=utf-8>"
            "<meta name=viewport content=\"width=device-width, initial-scale=1\"><link rel=icon href=\"data:,\">"
            f"<title>{escape(title)} · {escape(lb.a('name'))}</title><style>{_asset('report.css')}</style></head><body>"
            f"<header class=top>{nav(lb, doc_id)}<h1>{escape(title)}</h1></header><main>{body}</main>"
            f"<script>{_asset('app.js')}</script></body></html>")


def notice_title(record: dict[str, Any], filename: str, lb: Labels) -> str:
    if record.get("title"):
        return str(record["title"])
    named = " ".join(x for x in (lb.doc_type(record.get("doc_type")), str(record.get("number") or "")) if x)
    return named or filename


def _counts(record: dict[str, Any], lb: Labels) -> str:
    tasks = record.get("tasks", [])
    return lb.r("counts", tasks=len(tasks), deadlines=sum(len(t.get("deadlines", [])) for t in tasks),
                metrics=sum(len(t.get("metrics", [])) for t in tasks))


def hidden_token(token: str) -> str:
    return f"<input type=hidden name=csrf value=\"{escape(token)}\">"


# ---------------------------------------------------------------------------------------------
# inbox


def results_table(lb: Labels, results: list[UploadResult]) -> str:
    rows = "".join(
        f"<tr class=upload-{'ok' if r.ok else 'error'}><td>{escape(r.name)}</td><td role=status>"
        + (f"{escape(lb.a('status_ok', tasks=r.tasks))} · <a href=\"{escape(notice_url(r.doc_id or ''))}\">"
           f"{escape(lb.a('open_notice'))}</a>" if r.ok else f"{escape(lb.a('status_failed'))}: {escape(r.message)}")
        + "</td></tr>" for r in results)
    return rows


def inbox_page(lb: Labels, notices: list[tuple[str, dict[str, Any]]], token: str, files: int, mb: int,
               results: list[UploadResult] | None = None, error: str | None = None) -> str:
    """The upload form, the results of the last upload (without the script) and the uploaded notices;
    `error` is plain text."""
    listed = "".join(
        f"<li><a href=\"{escape(notice_url(r['id']))}\">{escape(notice_title(r, name, lb))}</a> "
        f"<span class=muted>({escape(name)} · {escape(_counts(r, lb))})</span></li>" for name, r in notices)
    alert = f"<p class=upload-error role=alert>{escape(error)}</p>" if error else ""
    words = {"waiting": lb.a("status_waiting"), "uploading": lb.a("status_uploading", percent="{percent}"),
             "reading": lb.a("status_reading"), "failed": lb.a("status_failed"), "open": lb.a("open_notice")}
    data = " ".join(f"data-{k}=\"{escape(v)}\"" for k, v in words.items())
    accept = ".txt,.docx,.pdf,.zip"
    return page(lb, lb.a("inbox_title"), (
        f"{alert}<form id=upload-form method=post action=\"/upload\" enctype=\"multipart/form-data\" {data}>"
        f"<p>{escape(lb.a('inbox_help'))} {escape(lb.a('limits', files=files, mb=mb))}</p>{hidden_token(token)}"
        f"<div id=drop-zone class=drop-zone><p class=muted>{escape(lb.a('drop_here'))}</p>"
        f"<label>{escape(lb.a('file_label'))} <input type=file name=file multiple accept=\"{accept}\"></label> "
        f"<button type=submit>{escape(lb.a('upload'))}</button></div></form>"
        f"<section id=upload-results{'' if results else ' hidden'} aria-live=polite>"
        f"<h2>{escape(lb.a('results'))}</h2><table><thead><tr><th scope=col>{escape(lb.a('col_file'))}</th>"
        f"<th scope=col>{escape(lb.a('col_status'))}</th></tr></thead>"
        f"<tbody>{results_table(lb, results or [])}</tbody></table></section>"
        f"<h2>{escape(lb.a('uploaded'))}</h2><div id=notices-listing>"
        + (f"<ul class=notices-list>{listed}</ul>" if listed else f"<p class=muted>{escape(lb.a('none_yet'))}</p>")
        + "</div>"))


# ---------------------------------------------------------------------------------------------
# tasks across notices


def _options(values: Iterable[tuple[str, str]], chosen: str, lb: Labels) -> str:
    items = [("", lb.a("filter_all")), *values]
    return "".join(f"<option value=\"{escape(v)}\"{' selected' if v == chosen else ''}>{escape(w)}</option>"
                   for v, w in items)


def tasks_page(lb: Labels, notices: list[tuple[str, dict[str, Any]]], shown: list[tuple[str, dict[str, Any]]], f: TaskFilter,
               agencies: list[str], today: date) -> str:
    """`notices` every corrected notice (for the filter lists and the total), `shown` the filtered ones."""
    from .report import _agency_cell, _written_list, deadline_tip

    total = sum(len(r.get("tasks", [])) for _, r in notices)
    rows = []
    for name, record in shown:
        title = notice_title(record, name, lb)
        for task in record.get("tasks", []):
            when = due(task)
            late = f" <span class=badge-overdue>{escape(lb.a('overdue'))}</span>" if is_overdue(task, today) else ""
            edit = notice_url(record["id"], f"/edit#{anchor(str(task.get('uid') or ''))}")
            rows.append(
                f"<tr><td><a href=\"{escape(notice_url(record['id']))}\">{escape(title)}</a></td>"
                f"<td>{escape(str(task.get('path') or ''))}</td>"
                f"<td><div class=task-text>{escape(str(task.get('text', '')))}</div></td>"
                f"<td class=lead>{_agency_cell(task, 'lead', lb)[1]}</td>"
                f"<td class=support>{_agency_cell(task, 'support', lb)[1]}</td>"
                f"<td>{_written_list(task.get('deadlines', []), lambda d: deadline_tip(d, lb))}</td>"
                f"<td class=due data-due=\"{escape(when)}\">{escape(lb.date(when))}{late}</td>"
                f"<td><a href=\"{escape(edit)}\">{escape(lb.a('edit_link'))}</a></td></tr>")
    filters = (
        "<form class=filters method=get action=\"/tasks\">"
        f"<label>{escape(lb.a('filter_agency'))}<select name=agency>"
        f"{_options(((a, a) for a in agencies), f.agency, lb)}</select></label>"
        f"<label>{escape(lb.a('filter_month'))}<input type=month name=month value=\"{escape(f.month)}\"></label>"
        f"<label>{escape(lb.a('filter_notice'))}<select name=notice>"
        f"{_options(((r['id'], notice_title(r, n, lb)) for n, r in notices), f.notice, lb)}</select></label>"
        f"<label class=check><input type=checkbox name=overdue value=1{' checked' if f.overdue else ''}> "
        f"{escape(lb.a('filter_overdue'))}</label>"
        f"<button type=submit>{escape(lb.a('filter_apply'))}</button> <a href=\"/tasks\">{escape(lb.a('filter_reset'))}</a>"
        "</form>")
    query = urlencode(f.query())
    exports = "<p class=exports>" + escape(lb.a("exports")) + " " + " ".join(
        f"<a download href=\"/export.{fmt}{'?' + escape(query) if query else ''}\">{escape(lb.a('export_' + key))}</a>"
        for fmt, key in (("xlsx", "xlsx"), ("csv", "csv"), ("ics", "ics"), ("db", "sqlite"))) + "</p>"
    count = f"<p class=muted role=status>{escape(lb.a('shown', shown=len(rows), total=total))}</p>"
    if not rows:
        return page(lb, lb.a("tasks_title"), f"{filters}{count}<p class=muted>{escape(lb.a('no_tasks'))}</p>")
    head = "".join(f"<th scope=col>{escape(h)}</th>" for h in (
        lb.a("col_notice"), lb.r("col_path"), lb.r("col_text"), lb.r("col_lead"), lb.r("col_support"),
        lb.r("col_deadline"), lb.a("col_due"), lb.a("col_edit")))
    return page(lb, lb.a("tasks_title"), f"{filters}{exports}{count}<div class=table-wrap><table class=\"tasks all-tasks\">"
                                         f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


# ---------------------------------------------------------------------------------------------
# corrections of one notice


def _who(lb: Labels, who: str) -> str:
    return f"<label>{escape(lb.a('who_label'))}<input name=who required value=\"{escape(who)}\" autocomplete=name></label>"


def _form(action: str, token: str, uid: str, group: str, inner: str) -> str:
    return (f"<form method=post action=\"{escape(action)}\">{hidden_token(token)}"
            f"<input type=hidden name=task value=\"{escape(uid)}\"><input type=hidden name=group value={group}>"
            f"{inner}</form>")


def _agency_inputs(lb: Labels, task: dict[str, Any], role: str, slug: str) -> str:
    names = [a["name"] for a in task.get("assignees", []) if a["role"] == role] + [""]
    inputs = "".join(f"<input name={role} list=agencies value=\"{escape(n)}\" aria-label=\"{escape(lb.a(role + '_label'))}"
                     f" {i + 1}\" id=\"{role}-{slug}-{i}\">" for i, n in enumerate(names))
    return f"<fieldset><legend>{escape(lb.a(role + '_label'))}</legend><div class=agency-inputs>{inputs}</div></fieldset>"


def _select(name: str, label: str, options: list[tuple[str, str]], chosen: str | None, slug: str) -> str:
    items = "".join(f"<option value=\"{escape(v)}\"{' selected' if v == (chosen or '') else ''}>{escape(w)}</option>"
                    for v, w in options)
    return f"<label>{escape(label)}<select name={name} id=\"{name}-{slug}\">{items}</select></label>"


def _input(name: str, label: str, value: object, slug: str, kind: str = "text", extra: str = "") -> str:
    shown = "" if value is None else str(value)
    return (f"<label>{escape(label)}<input type={kind} name={name} id=\"{name}-{slug}\" "
            f"value=\"{escape(shown)}\"{extra}></label>")


def _day(value: object) -> str:
    """A date input's value: only a full ISO day."""
    return str(value) if isinstance(value, str) and len(value) == 10 else ""


def task_editor(lb: Labels, doc_id: str, task: dict[str, Any], token: str, who: str, slug: str) -> str:
    action = notice_url(doc_id, "/correct")
    uid = str(task.get("uid") or "")
    deadline = (task.get("deadlines") or [{}])[0]
    metric = (task.get("metrics") or [{}])[0]
    kinds = [("", lb.a("deadline_none")), *lb.deadline_kinds.items()]
    recurrences = [("", lb.a("value_none")), *lb.recurrences.items()]
    ops = [("", lb.a("metric_none")), *lb.metric_ops.items()]
    agencies = _form(action, token, uid, "agencies",
                     _agency_inputs(lb, task, "lead", slug) + _agency_inputs(lb, task, "support", slug)
                     + f"<div class=row>{_who(lb, who)}<button type=submit>{escape(lb.a('agencies_save'))}</button></div>")
    deadline_form = _form(action, token, uid, "deadline", (
        f"<fieldset><legend>{escape(lb.a('deadline_legend'))}</legend><div class=row>"
        + _select("kind", lb.a("deadline_kind"), kinds, deadline.get("kind"), slug)
        + _input("text", lb.a("deadline_text"), deadline.get("text"), slug)
        + _input("start", lb.a("deadline_start"), _day(deadline.get("start")), slug, "date")
        + _input("end", lb.a("deadline_end"), _day(deadline.get("end")), slug, "date")
        + _select("recurrence", lb.a("deadline_recurrence"), recurrences, deadline.get("recurrence"), slug)
        + f"</div><div class=row>{_who(lb, who)}<button type=submit>{escape(lb.a('deadline_save'))}</button></div>"
          "</fieldset>"))
    metric_form = _form(action, token, uid, "metric", (
        f"<fieldset><legend>{escape(lb.a('metric_legend'))}</legend><div class=row>"
        + _input("text", lb.a("metric_text"), metric.get("text"), slug)
        + _select("op", lb.a("metric_op"), ops, metric.get("op"), slug)
        + _input("value", lb.a("metric_value"), metric.get("value"), slug, "number", " step=any")
        + _input("value_max", lb.a("metric_value_max"), metric.get("value_max"), slug, "number", " step=any")
        + _input("unit", lb.a("metric_unit"), metric.get("unit"), slug)
        + f"</div><div class=row>{_who(lb, who)}<button type=submit>{escape(lb.a('metric_save'))}</button></div>"
          "</fieldset>"))
    not_task = _form(action, token, uid, "not_task",
                     f"<div class=row>{_who(lb, who)}<button type=submit>{escape(lb.a('not_task'))}</button></div>")
    label = str(task.get("path") or task.get("label") or "")
    return (f"<section class=task-edit id=\"{escape(anchor(uid))}\" aria-labelledby=\"h-{slug}\">"
            f"<h3 id=\"h-{slug}\">{escape(lb.a('task_heading', label=label))}</h3>"
            f"<p class=task-text>{escape(str(task.get('text', '')))}</p>"
            f"{agencies}{deadline_form}{metric_form}{not_task}</section>")


def _value(lb: Labels, value: object) -> str:
    if value is None or value == [] or value == "":
        return lb.a("value_none")
    if isinstance(value, bool):
        return lb.a("value_yes") if value else lb.a("value_no")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        if "kind" in value:
            dates = " – ".join(lb.date(str(value[k])) for k in ("start", "end") if value.get(k))
            return " · ".join(x for x in (str(value.get("text") or ""), lb.deadline_kinds.get(value["kind"], ""), dates) if x)
        if "op" in value:
            return " · ".join(str(value[k]) for k in ("text", "op", "value", "value_max", "unit") if value.get(k) is not None)
        if "text" in value:
            return str(value["text"])
    return str(value)


def history(lb: Labels, corrections: list[Correction], paths: dict[str, str]) -> str:
    if not corrections:
        return f"<p class=muted>{escape(lb.a('no_history'))}</p>"
    head = "".join(f"<th scope=col>{escape(lb.a(k))}</th>"
                   for k in ("col_when", "col_who", "col_task", "col_field", "col_before", "col_after"))
    rows = "".join(
        f"<tr><td>{escape(c.at.replace('T', ' ').replace('+00:00', ' UTC'))}</td><td>{escape(c.who)}</td>"
        f"<td>{escape(paths.get(c.task_uid, ''))}</td><td>{escape(lb.a('field_' + c.field))}</td>"
        f"<td>{escape(_value(lb, c.original))}</td><td>{escape(_value(lb, c.value))}</td></tr>"
        for c in reversed(corrections))
    return f"<div class=table-wrap><table class=history><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"


def edit_page(lb: Labels, name: str, record: dict[str, Any], removed: dict[str, dict[str, Any]], corrections: list[Correction],
              token: str, who: str, agencies: list[str], message: str = "", error: str = "") -> str:
    doc_id = record["id"]
    title = lb.a("edit_title", title=notice_title(record, name, lb))
    alert = (f"<p class=upload-error role=alert>{escape(error)}</p>" if error
             else f"<p class=saved role=status>{escape(message)}</p>" if message else "")
    editors = "".join(task_editor(lb, doc_id, t, token, who, f"{i}") for i, t in enumerate(record.get("tasks", [])))
    action = notice_url(doc_id, "/correct")
    restored = "".join(
        f"<li>{escape(str(t.get('path') or ''))} {escape(str(t.get('text', ''))[:200])}"
        + _form(action, token, uid, "restore",
                f"<div class=row>{_who(lb, who)}<button type=submit>{escape(lb.a('restore'))}</button></div>") + "</li>"
        for uid, t in removed.items())
    removed_html = (f"<h2>{escape(lb.a('removed_title'))}</h2><ul>{restored}</ul>" if restored else "")
    add = _form(action, token, "", "add_task", (
        f"<h2 id=add>{escape(lb.a('add_title'))}</h2><p>{escape(lb.a('add_help'))}</p>"
        f"<label>{escape(lb.a('add_text'))}<textarea id=add-text name=text rows=3 required></textarea></label>"
        f"<input type=hidden id=add-hint name=hint value=\"\"><div class=row>{_who(lb, who)}"
        f"<button type=submit>{escape(lb.a('add_button'))}</button></div>"))
    text = (f"<h2>{escape(lb.a('text_title'))}</h2><div id=notice-text tabindex=0>{escape(record.get('text') or '')}</div>")
    datalist = "<datalist id=agencies>" + "".join(f"<option value=\"{escape(a)}\">" for a in agencies) + "</datalist>"
    paths = {str(t.get("uid")): str(t.get("path") or t.get("label") or "")
             for t in [*record.get("tasks", []), *removed.values()]}
    body = (f"{alert}<p>{escape(lb.a('edit_help'))}</p>{datalist}{editors}{removed_html}{add}{text}"
            f"<h2>{escape(lb.a('history_title'))}</h2>{history(lb, corrections, paths)}")
    return page(lb, title, body, doc_id)
