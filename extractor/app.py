"""`nhiemvu serve`: a local web app for clerks (issue 14) — the routes.

Inbox (several files at once, or a zip of them; per-file status) -> notice page (the review report)
-> corrections page (lead/support from the registry or typed, deadline with a date picker and its
kind, metric, "not a task", a missed task added by selecting its words) -> tasks page across notices
(filters by agency, due month, overdue, notice; XLSX, CSV, ICS and SQLite downloads of the corrected
notices). Needs the `app` extra (Starlette, uvicorn, python-multipart).

One job per module: this one routes and guards; app_inbox.py unpacks uploads (zip limits),
app_store.py stores notices and corrections (SQLite), corrections.py applies them and writes gold
files, app_filters.py and app_exports.py filter and download, app_pages.py builds the markup.

Security, and why:
- Bound to 127.0.0.1 by default: nothing leaves the machine.
- Every write is a POST that must carry the process's CSRF token and must not come from another
  origin (the Origin header, else Sec-Fetch-Site, when the browser sends them).
- Upload size and count limits; zips are opened in memory with bomb and path checks (app_inbox.py);
  uploads are stored by sha256, and the one route that serves a file serves only a stored upload
  that resolves inside the data directory.
- Every document string is escaped; a Content-Security-Policy allows no script but app.js (by hash)
  on the app's pages, and the report's own on the notice page.
- Uploads are extracted in a worker process of the batch command's pool (extractor/batch.py), not in
  the app's own: a crash in a native reader (libtesseract, pdfium) or the OS killing the worker costs
  that upload alone (an "internal" error record, the worker replaced), and an upload past `timeout`
  seconds gets a "timeout" record. The worker is kept between uploads (rules compiled, OCR engine
  loaded) and closed with the app.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import secrets
import threading
from collections.abc import AsyncIterator
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, unquote

from .app_inbox import Limits, unpack
from .labels import DEFAULT_LANG, LANGUAGES, labels

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from .app_inbox import Item
    from .app_pages import UploadResult
    from .batch import WorkerPool

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_FILES = 50
EXTRACT_TIMEOUT = 300.0  # seconds one upload's extraction may take (a long scan: ~3 s of OCR a page)
DEFAULT_PORT = 8765
WHO_COOKIE = "nhiemvu_who"


class Refused(Exception):
    """A request refused with a status and the clerk's words."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "clerk"


def create_app(db: str | Path = "tasks.db", data: str | Path = "nhiemvu-data", lang: str = DEFAULT_LANG,
               max_upload_bytes: int = MAX_UPLOAD_BYTES, max_files: int = MAX_FILES,
               today: date | None = None, timeout: float = EXTRACT_TIMEOUT) -> Starlette:
    """The ASGI app; MissingExtra when Starlette is not installed. `today` fixes the date the
    "overdue" filter compares with (tests); `timeout` is the seconds one upload's extraction may take."""
    try:
        from starlette.applications import Starlette
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
        from starlette.responses import Response as PlainResponse
        from starlette.routing import Route
    except ImportError as exc:
        from .export import MissingExtra

        raise MissingExtra(f"nhiemvu serve needs the app extra: pip install 'nhiemvu[app]' ({exc})") from exc

    from . import app_pages as pages
    from .app_exports import FORMATS, export_bytes
    from .app_filters import TaskFilter, agency_options, filter_records
    from .app_store import Store
    from .batch import WorkerPool
    from .readers import MAX_BYTES
    from .report import render_report

    lb = labels(lang)
    store = Store(Path(db), Path(data))
    limits = Limits(file_bytes=max_upload_bytes, files=max_files,
                    total_bytes=max(max_upload_bytes * 10, 200 * 1024 * 1024))
    token = secrets.token_urlsafe(32)
    extracting = threading.Lock()  # one worker, one extraction at a time (the pool is not thread-safe)
    workers: list[WorkerPool] = []  # made on the first upload, kept while the app runs
    base = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
            "Cache-Control": "no-store"}
    headers = {**base, "Content-Security-Policy": (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src {pages.script_csp()}; img-src data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")}
    registry_names: list[str] = []

    def agencies() -> list[str]:
        if not registry_names:
            from .registry import default_registry

            registry_names.extend(sorted({row["canonical"] for row in default_registry().listing()}))
        return registry_names

    def today_() -> date:
        return today or date.today()

    def html(markup: str, status: int = 200) -> Response:
        return HTMLResponse(markup, status_code=status, headers=headers)

    def same_origin(request: Request) -> None:
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
            raise Refused(403, lb.a("bad_token"))
        if origin is None and request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
            raise Refused(403, lb.a("bad_token"))

    def checked_token(form: Any) -> None:
        if not secrets.compare_digest(str(form.get("csrf") or ""), token):
            raise Refused(403, lb.a("bad_token"))

    # --- inbox --------------------------------------------------------------------------------
    def inbox_markup(results: list[UploadResult] | None = None, error: str | None = None) -> str:
        return pages.inbox_page(lb, store.all(), token, limits.files, limits.file_bytes // (1024 * 1024),
                                results, error)

    async def inbox(request: Request) -> Response:
        return html(inbox_markup())

    def message(code: str) -> str:
        if code in lb.errors:
            return lb.errors[code]
        return lb.a(code, files=limits.files) if "{files}" in lb.app.get(code, "") else lb.app.get(code, code)

    def read_one(item: Item) -> UploadResult:
        if item.error is not None or item.content is None:
            return pages.UploadResult(item.name, False, message=message(item.error or "internal"))
        stored = store.save_upload(item.content, item.suffix)
        record = json.loads(extracted_line(str(stored)))
        if "error" in record:
            return pages.UploadResult(item.name, False, message=message(str(record["error"].get("code"))))
        record["source"]["path"] = item.name  # the clerk's name for it, not the storage path
        store.add(record, item.name, stored)
        return pages.UploadResult(item.name, True, doc_id=record["id"], tasks=len(record.get("tasks", [])))

    def extracted_line(path: str) -> str:
        """The batch line (a Notice with its text, or an error record) of a stored upload, made in the
        worker process; a worker that dies or overruns gives that upload's error record."""
        with extracting:
            if not workers:
                workers.append(WorkerPool(1, timeout, include_text=True, max_bytes=MAX_BYTES))
            [(_, line, _)] = list(workers[0].run([(0, path)]))
        return line

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        with extracting:
            for pool in workers:
                pool.close()
            workers.clear()

    async def upload(request: Request) -> Response:
        wants_json = "application/json" in request.headers.get("accept", "")

        def refuse(status: int, words: str) -> Response:
            if wants_json:
                return JSONResponse({"message": words, "results": []}, status_code=status, headers=base)
            return html(inbox_markup(error=words), status)

        try:
            same_origin(request)
            length = int(request.headers.get("content-length") or 0)
            if length > limits.total_bytes + 64 * 1024:
                raise Refused(413, lb.errors["too_large"])
            try:
                form = await request.form(max_files=limits.files, max_fields=8)
            except Exception:  # noqa: BLE001 - python-multipart's limits and malformed bodies
                raise Refused(413, lb.a("too_many_files", files=limits.files)) from None
            checked_token(form)
        except Refused as refused:
            return refuse(refused.status, refused.message)
        sent: list[tuple[str, bytes]] = []
        for part in form.getlist("file"):
            if isinstance(part, str) or not part.filename:
                continue
            sent.append((part.filename, await part.read(limits.total_bytes + 1)))
        await form.close()
        if not sent:
            return refuse(422, lb.a("no_file"))
        results = [await run_in_threadpool(read_one, item) for item in unpack(sent, limits)]
        if wants_json:
            return JSONResponse({"results": [r.as_json(lb) for r in results]}, headers=base)
        if len(results) == 1:
            only = results[0]
            if only.ok and only.doc_id:
                return RedirectResponse(pages.notice_url(only.doc_id), status_code=303)
            status = 413 if only.message == lb.errors["too_large"] else 422
            return html(inbox_markup(results, f"{lb.a('upload_failed', name=only.name)}: {only.message}"), status)
        return html(inbox_markup(results), 200 if any(r.ok for r in results) else 422)

    # --- a notice -----------------------------------------------------------------------------
    def not_found() -> Response:
        return html(pages.page(lb, lb.a("not_found"), ""), 404)

    async def notice(request: Request) -> Response:
        found = store.get(str(request.path_params["doc_id"]))
        if found is None:
            return not_found()
        name, record, _ = found
        # the report's document carries its own CSP (its script and style by hash)
        return HTMLResponse(render_report([record], title=pages.notice_title(record, name, lb), lang=lang,
                                          nav=pages.nav(lb, record["id"])), headers=base)

    async def original(request: Request) -> Response:
        from starlette.responses import FileResponse

        path = store.stored_file(str(request.path_params["doc_id"]))
        found = store.get(str(request.path_params["doc_id"]))
        if path is None or found is None:
            return not_found()
        return FileResponse(path, filename=found[0], headers=base,
                            content_disposition_type="attachment")

    def edit_markup(doc_id: str, who: str, saved: str = "", error: str = "") -> str | None:
        found = store.get(doc_id)
        if found is None:
            return None
        name, record, removed = found
        return pages.edit_page(lb, name, record, removed, store.corrections(doc_id), token, who, agencies(),
                               saved, error)

    async def edit(request: Request) -> Response:
        who = unquote(request.cookies.get(WHO_COOKIE) or "") or _user()
        saved = lb.a("saved") if request.query_params.get("saved") else ""
        markup = edit_markup(str(request.path_params["doc_id"]), who, saved)
        return not_found() if markup is None else html(markup)

    async def correct(request: Request) -> Response:
        doc_id = str(request.path_params["doc_id"])
        try:
            same_origin(request)
            form = await request.form(max_files=0, max_fields=64)
            checked_token(form)
        except Refused as refused:
            return html(pages.page(lb, refused.message, f"<p class=upload-error role=alert>{escape(refused.message)}</p>"),
                        refused.status)
        who = " ".join(str(form.get("who") or "").split())[:100] or _user()
        found = store.get(doc_id)
        if found is None:
            return not_found()
        try:
            anchor = apply_form(doc_id, found[1], form, who)
        except Refused as refused:
            return html(edit_markup(doc_id, who, error=refused.message) or "", refused.status)
        response = RedirectResponse(pages.notice_url(doc_id, f"/edit?saved=1#{anchor}"), status_code=303)
        response.set_cookie(WHO_COOKIE, quote(who, safe=""), httponly=True, samesite="strict", max_age=3600 * 24 * 365)
        return response

    def apply_form(doc_id: str, record: dict[str, Any], form: Any, who: str) -> str:
        """Store the corrections a form asks for (only the fields that changed); the anchor to go back to."""
        from .corrections import current_value
        from .form_values import agency_names, deadline_value, locate, metric_value

        group, uid = str(form.get("group") or ""), str(form.get("task") or "")
        try:
            if group == "add_task":
                span = locate(record.get("text") or "", str(form.get("text") or ""), str(form.get("hint") or ""))
                if span is None:
                    raise Refused(422, lb.a("not_in_text"))
                text = (record.get("text") or "")[span[0]:span[1]]
                new_uid = f"{record.get('doc_id') or doc_id}:+{store.added_count(doc_id) + 1}"
                store.correct(doc_id, new_uid, "add_task", {"text": text, "span": list(span)}, who)
                return pages.anchor(new_uid)
            if group == "not_task":
                store.correct(doc_id, uid, "not_task", True, who)
                return "add"
            if group == "restore":
                store.correct(doc_id, uid, "not_task", False, who)
                return pages.anchor(uid)
            _, _, removed = store.get(doc_id) or ("", record, {})
            if group == "agencies":
                for role in ("lead", "support"):
                    names = agency_names(form.getlist(role))
                    if names != current_value(record, removed, uid, role):
                        store.correct(doc_id, uid, role, names, who)
            elif group == "deadline":
                value = deadline_value(dict(form), lb)
                if value != current_value(record, removed, uid, "deadline"):
                    store.correct(doc_id, uid, "deadline", value, who)
            elif group == "metric":
                value = metric_value(dict(form))
                if value != current_value(record, removed, uid, "metric"):
                    store.correct(doc_id, uid, "metric", value, who)
            else:
                raise Refused(422, lb.a("bad_value"))
        except KeyError:
            raise Refused(404, lb.a("no_such_task")) from None
        except ValueError:
            raise Refused(422, lb.a("bad_value")) from None
        return pages.anchor(uid)

    # --- tasks and downloads ------------------------------------------------------------------
    def filtered(request: Request) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, dict[str, Any]]], TaskFilter]:
        notices = store.all()
        f = TaskFilter.from_query(dict(request.query_params))
        names = {r["id"]: name for name, r in notices}
        shown = filter_records([r for _, r in notices], f, today_())
        return notices, [(names[r["id"]], r) for r in shown], f

    async def tasks(request: Request) -> Response:
        notices, shown, f = filtered(request)
        return html(pages.tasks_page(lb, notices, shown, f, agency_options([r for _, r in notices]), today_()))

    async def download(request: Request) -> Response:
        fmt = str(request.path_params["fmt"])
        if fmt not in FORMATS:
            return not_found()
        _, shown, _ = filtered(request)
        content = await run_in_threadpool(export_bytes, [r for _, r in shown], fmt, lang)
        return PlainResponse(content, media_type=FORMATS[fmt], headers={
            **base, "Content-Disposition": f"attachment; filename=\"nhiemvu-tasks.{fmt}\""})

    app = Starlette(routes=[
        Route("/", inbox), Route("/upload", upload, methods=["POST"]),
        Route("/notices/{doc_id:str}", notice), Route("/notices/{doc_id:str}/edit", edit),
        Route("/notices/{doc_id:str}/correct", correct, methods=["POST"]),
        Route("/notices/{doc_id:str}/file", original),
        Route("/tasks", tasks), Route("/export.{fmt:str}", download),
    ], lifespan=lifespan)
    app.state.store, app.state.csrf = store, token
    return app


# ---------------------------------------------------------------------------------------------
# command line: `nhiemvu serve [--db tasks.db] [--port 8765]`


def add_serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    s = sub.add_parser("serve", help="a local web app for clerks: upload notices, correct and export their tasks "
                                     "(extra: app)")
    s.add_argument("--db", default="tasks.db", help="the SQLite file (the trackers' schema and the app's tables)")
    s.add_argument("--data", default="nhiemvu-data", help="directory for the uploaded files")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    s.add_argument("--port", type=int, default=DEFAULT_PORT)
    s.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANG, help="interface language")
    s.add_argument("--max-mb", type=int, default=MAX_UPLOAD_BYTES // (1024 * 1024), help="largest file, in MB")
    s.add_argument("--max-files", type=int, default=MAX_FILES, help="most files in one upload (zip members count)")
    s.add_argument("--timeout", type=float, default=EXTRACT_TIMEOUT,
                   help="seconds one file's extraction may take (default: %(default)g)")
    s.set_defaults(handler=cmd_serve)
    return s


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from .export import MissingExtra

    try:
        app = create_app(args.db, args.data, args.lang, max_upload_bytes=args.max_mb * 1024 * 1024,
                         max_files=args.max_files, timeout=args.timeout)
        import uvicorn
    except (MissingExtra, ImportError) as exc:
        out.write(f"nhiemvu serve: {exc}\n")
        return 2
    out.write(f"nhiemvu serve: http://{args.host}:{args.port}/ (Ctrl-C to stop)\n")
    out.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
