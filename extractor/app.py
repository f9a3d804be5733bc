"""`nhiemvu serve`: a local web app for clerks (issue 14, item 1) — first slice.

An inbox page uploads one notice file; the notice page is the review report of that notice (its
highlights, card and task table); the tasks page lists the tasks of every uploaded notice. Needs the
`app` extra (Starlette, uvicorn, python-multipart).

Design choices, and why:
- Bound to 127.0.0.1 by default: nothing leaves the machine.
- Storage is one SQLite file: the trackers' schema (extractor/database.py, what `export --to sqlite`
  writes) plus `app_documents`, which keeps each notice's record with its text (the highlights need
  it) and the uploaded file's name. Uploads are stored under the data directory by their sha256, never
  by the name the browser sent, so no name can reach outside it.
- Every write is a POST carrying the app's CSRF token (a random value per process, in the forms) and,
  when the browser sends an Origin, the same origin; uploads are limited in size.
- Pages are built here with `html.escape` on every document string, as the report is; a
  Content-Security-Policy forbids any script but the report's own (by hash).
- Every word of the interface comes from report_assets/labels.yaml (`app`, `errors`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .labels import DEFAULT_LANG, LANGUAGES, Labels, labels

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SUFFIXES = (".txt", ".docx", ".pdf")
DEFAULT_PORT = 8765
APP_TABLE = """CREATE TABLE IF NOT EXISTS app_documents (
    doc_id TEXT PRIMARY KEY, filename TEXT NOT NULL, stored TEXT NOT NULL, uploaded_at TEXT NOT NULL,
    record TEXT NOT NULL)"""


class Store:
    """The app's SQLite file and upload directory."""

    def __init__(self, db: Path, data: Path) -> None:
        self.db, self.uploads = db, data / "uploads"
        self.uploads.mkdir(parents=True, exist_ok=True)
        db.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.execute(APP_TABLE)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.db)
        try:
            with connection:
                yield connection
        finally:
            connection.close()

    def save_upload(self, content: bytes, suffix: str) -> Path:
        path = self.uploads / f"{hashlib.sha256(content).hexdigest()}{suffix}"
        if not path.exists():
            path.write_bytes(content)
        return path

    def add(self, record: dict, filename: str, stored: Path) -> None:
        """The notice in the trackers' tables and, with its text, in app_documents (a re-upload replaces)."""
        from .database import write_sqlite

        write_sqlite([record], self.db)
        with self._connect() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO app_documents VALUES (?, ?, ?, ?, ?)",
                (record["id"], filename, stored.name, datetime.now(UTC).isoformat(timespec="seconds"),
                 json.dumps(record, ensure_ascii=False)))

    def get(self, doc_id: str) -> tuple[str, dict] | None:
        with self._connect() as connection:
            row = connection.execute("SELECT filename, record FROM app_documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def all(self) -> list[tuple[str, dict]]:
        with self._connect() as connection:
            rows = connection.execute("SELECT filename, record FROM app_documents ORDER BY uploaded_at, doc_id").fetchall()
        return [(name, json.loads(record)) for name, record in rows]


# ---------------------------------------------------------------------------------------------
# pages


def _nav(lb: Labels) -> str:
    return (f"<nav class=app-nav><a href=\"/\">{escape(lb.a('nav_inbox'))}</a> · "
            f"<a href=\"/tasks\">{escape(lb.a('nav_tasks'))}</a></nav>")


def _page(lb: Labels, title: str, body: str) -> str:
    from .report import _asset

    css = _asset("report.css")
    return (f"<!DOCTYPE html><html lang={lb.lang}><head><meta charset=utf-8>"
            "<meta name=viewport content=\"width=device-width, initial-scale=1\"><link rel=icon href=\"data:,\">"
            f"<title>{escape(title)} · {escape(lb.a('name'))}</title><style>{css}</style></head><body>"
            f"<header class=top>{_nav(lb)}<h1>{escape(title)}</h1></header><main>{body}</main></body></html>")


def _notice_title(record: dict, filename: str, lb: Labels) -> str:
    if record.get("title"):
        return str(record["title"])
    named = " ".join(x for x in (lb.doc_type(record.get("doc_type")), str(record.get("number") or "")) if x)
    return named or filename


def _counts(record: dict, lb: Labels) -> str:
    tasks = record.get("tasks", [])
    return lb.r("counts", tasks=len(tasks), deadlines=sum(len(t.get("deadlines", [])) for t in tasks),
                metrics=sum(len(t.get("metrics", [])) for t in tasks))


def inbox_page(lb: Labels, store: Store, token: str, error: str | None = None) -> str:
    """The upload form and the uploaded notices; `error` is already escaped."""
    listed = "".join(
        f"<li><a href=\"/notices/{escape(r['id'])}\">{escape(_notice_title(r, name, lb))}</a> "
        f"<span class=muted>({escape(name)} · {escape(_counts(r, lb))})</span></li>"
        for name, r in store.all())
    alert = f"<p class=upload-error role=alert>{error}</p>" if error else ""
    return _page(lb, lb.a("inbox_title"), (
        f"{alert}<form method=post action=\"/upload\" enctype=\"multipart/form-data\">"
        f"<p>{escape(lb.a('inbox_help'))}</p>"
        f"<input type=hidden name=csrf value=\"{escape(token)}\">"
        f"<label>{escape(lb.a('file_label'))} <input type=file name=file accept=\"{','.join(SUFFIXES)}\"></label> "
        f"<button type=submit>{escape(lb.a('upload'))}</button></form>"
        f"<h2>{escape(lb.a('uploaded'))}</h2>"
        + (f"<ul class=notices-list>{listed}</ul>" if listed else f"<p class=muted>{escape(lb.a('none_yet'))}</p>")))


def tasks_page(lb: Labels, store: Store) -> str:
    from .report import _agency_cell, _written_list, deadline_tip

    rows = []
    for name, record in store.all():
        title = _notice_title(record, name, lb)
        for task in record.get("tasks", []):
            deadlines = task.get("deadlines", [])
            due = min((str(d.get("end") or d.get("start")) for d in deadlines if d.get("end") or d.get("start")),
                      default="")
            rows.append(
                f"<tr><td><a href=\"/notices/{escape(record['id'])}\">{escape(title)}</a></td>"
                f"<td>{escape(str(task.get('path') or ''))}</td>"
                f"<td><div class=task-text>{escape(str(task.get('text', '')))}</div></td>"
                f"<td>{_agency_cell(task, 'lead', lb)[1]}</td>"
                f"<td>{_written_list(deadlines, lambda d: deadline_tip(d, lb))}</td>"
                f"<td data-due=\"{escape(due)}\">{escape(lb.date(due))}</td></tr>")
    if not rows:
        return _page(lb, lb.a("tasks_title"), f"<p class=muted>{escape(lb.a('no_tasks'))}</p>")
    head = "".join(f"<th scope=col>{escape(h)}</th>" for h in (
        lb.a("col_notice"), lb.r("col_path"), lb.r("col_text"), lb.r("col_lead"), lb.r("col_deadline"),
        lb.a("col_due")))
    return _page(lb, lb.a("tasks_title"), f"<div class=table-wrap><table class=\"tasks all-tasks\"><thead><tr>{head}"
                                          f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


# ---------------------------------------------------------------------------------------------
# the application


def create_app(db: str | Path = "tasks.db", data: str | Path = "nhiemvu-data", lang: str = DEFAULT_LANG,
               max_upload_bytes: int = MAX_UPLOAD_BYTES) -> Starlette:
    """The ASGI app; MissingExtra when Starlette is not installed."""
    try:
        from starlette.applications import Starlette
        from starlette.responses import HTMLResponse, RedirectResponse
        from starlette.routing import Route
    except ImportError as exc:
        from .export import MissingExtra

        raise MissingExtra(f"nhiemvu serve needs the app extra: pip install 'nhiemvu[app]' ({exc})") from exc

    from .pipeline import extract_or_error, record_json
    from .report import render_report

    lb = labels(lang)
    store = Store(Path(db), Path(data))
    token = secrets.token_urlsafe(32)
    headers = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                          "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
               "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

    def failed(message: str, status: int) -> Response:
        return HTMLResponse(inbox_page(lb, store, token, escape(message)), status_code=status, headers=headers)

    async def inbox(request: Request) -> Response:
        return HTMLResponse(inbox_page(lb, store, token), headers=headers)

    async def upload(request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
            return failed(lb.a("bad_token"), 403)
        length = int(request.headers.get("content-length") or 0)
        if length > max_upload_bytes + 64 * 1024:
            return failed(lb.errors["too_large"], 413)
        form = await request.form(max_files=1, max_fields=4)
        if not secrets.compare_digest(str(form.get("csrf") or ""), token):
            return failed(lb.a("bad_token"), 403)
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return failed(lb.a("no_file"), 422)
        name = Path(upload.filename).name
        suffix = Path(name).suffix.lower()
        content = await upload.read(max_upload_bytes + 1)
        await form.close()
        if suffix not in SUFFIXES:
            return failed(f"{lb.a('upload_failed', name=name)}: {lb.errors['unsupported_format']}", 422)
        if len(content) > max_upload_bytes:
            return failed(f"{lb.a('upload_failed', name=name)}: {lb.errors['too_large']}", 413)
        stored = store.save_upload(content, suffix)
        record = record_json(extract_or_error(stored), include_text=True)
        if "error" in record:
            code = str(record["error"].get("code"))
            return failed(f"{lb.a('upload_failed', name=name)}: {lb.errors.get(code, code)}", 422)
        record["source"]["path"] = name  # the clerk's name for it, not the storage path
        store.add(record, name, stored)
        return RedirectResponse(f"/notices/{record['id']}", status_code=303)

    async def notice(request: Request) -> Response:
        found = store.get(str(request.path_params["doc_id"]))
        if found is None:
            return HTMLResponse(_page(lb, lb.a("not_found"), ""), status_code=404, headers=headers)
        name, record = found
        # the report's document carries its own CSP (its script and style by hash)
        return HTMLResponse(render_report([record], title=_notice_title(record, name, lb), lang=lang, nav=_nav(lb)),
                            headers={k: v for k, v in headers.items() if k != "Content-Security-Policy"})

    async def tasks(request: Request) -> Response:
        return HTMLResponse(tasks_page(lb, store), headers=headers)

    app = Starlette(routes=[
        Route("/", inbox), Route("/upload", upload, methods=["POST"]),
        Route("/notices/{doc_id:str}", notice), Route("/tasks", tasks),
    ])
    app.state.store, app.state.csrf = store, token
    return app


# ---------------------------------------------------------------------------------------------
# command line: `nhiemvu serve [--db tasks.db] [--port 8765]`


def add_serve_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    s = sub.add_parser("serve", help="a local web app for clerks: upload notices, see their tasks (extra: app)")
    s.add_argument("--db", default="tasks.db", help="the SQLite file (the trackers' schema and the app's table)")
    s.add_argument("--data", default="nhiemvu-data", help="directory for the uploaded files")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    s.add_argument("--port", type=int, default=DEFAULT_PORT)
    s.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANG, help="interface language")
    s.set_defaults(handler=cmd_serve)
    return s


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from .export import MissingExtra

    try:
        app = create_app(args.db, args.data, args.lang)
        import uvicorn
    except (MissingExtra, ImportError) as exc:
        out.write(f"nhiemvu serve: {exc}\n")
        return 2
    out.write(f"nhiemvu serve: http://{args.host}:{args.port}/ (Ctrl-C to stop)\n")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
