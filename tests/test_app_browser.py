"""`nhiemvu serve` in a real headless Chromium (Debian's `chromium`, driven by Playwright), against the
server started as a clerk starts it (`nhiemvu serve --db … --data … --port …` on 127.0.0.1).

In order, on one server: upload 5 corpus notices of mixed formats (txt, docx, pdf) and a corrupt file
in one go -> 5 notices and one error, each with its status; correct a task's lead and deadline on the
corrections page (registry list, date picker) and add a missed task by selecting its words; download
the tasks page's XLSX and read the corrected values back with openpyxl; stop and start the server and
find the correction; upload a notice with `<script>` in its text: no script runs, it shows as text.
Every page is saved as a screenshot in out/test-artifacts/app-*.png. Skipped, with the reason, only
when chromium, Playwright or the app extra is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the app needs the app extra (pip install 'nhiemvu[app]')")
pytest.importorskip("uvicorn", reason="nhiemvu serve needs uvicorn (the app extra)")

from openpyxl import load_workbook

from extractor.labels import labels

from .chromium import ARTIFACTS, sync_api
from .conftest import ROOT

VI = labels("vi")
SEEDS = ROOT / "corpus" / "seeds"
MIXED = [SEEDS / "docs" / "001_469ec51c1b46772e.txt", SEEDS / "docx" / "002_d7e163504e54dca3.docx",
         SEEDS / "pdf" / "003_4cd86deb306978ba.pdf", SEEDS / "docx" / "004_56dd7385fc792d91.docx",
         SEEDS / "pdf" / "000_d90f0c8499158383.pdf"]
SCRIPT_NOTICE = ("ỦY BAN NHÂN DÂN TỈNH LONG AN\nSố: 99/TB-UBND\n\nTHÔNG BÁO\n"
                 "<script>window.pwned = 1; alert('pwned')</script>\n\n"
                 "1. Giao Sở Nội vụ <img src=x onerror=\"window.pwned = 2\"> chủ trì rà soát thủ tục trước ngày "
                 "31/8/2022.\n")


class Server:
    """`nhiemvu serve` in a child process, on a free port of 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen | None = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from extractor.cli import main; sys.exit(main(sys.argv[1:]))",
             "serve", "--db", str(self.folder / "tasks.db"), "--data", str(self.folder / "data"),
             "--port", str(self.port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"nhiemvu serve exited: {self.process.stderr.read().decode()}") from None
                time.sleep(0.2)
        raise RuntimeError("nhiemvu serve did not answer in 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("serve"))
    running.start()
    yield running
    running.stop()


class Clerk:
    """A browser tab; every console error, page error and dialog is recorded."""

    def __init__(self, browser: object, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                           locale="vi-VN")  # the date pickers show dd/mm/yyyy
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))
        self.foreign: list[str] = []
        self.page.on("request", lambda r: None if r.url.startswith(base) else self.foreign.append(r.url))

    def go(self, path: str) -> None:
        self.page.goto(self.base + path, wait_until="load")

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"app-{name}.png"), full_page=True)

    def clean(self) -> None:
        assert self.errors == [] and self.foreign == []


@pytest.fixture()
def clerk(browser: object, server: Server) -> Iterator[Clerk]:
    tab = Clerk(browser, server.url)
    yield tab
    tab.context.close()


def _upload(clerk: Clerk, files: list[Path]) -> None:
    page = clerk.page
    clerk.go("/")
    page.set_input_files("#upload-form input[type=file]", [str(f) for f in files])
    page.click("#upload-form button[type=submit]")
    sync_api.expect(page.locator("#upload-results")).to_have_attribute("data-state", "done", timeout=120_000)


def test_1_upload_mixed_formats_and_a_corrupt_file(clerk: Clerk, tmp_path: Path) -> None:
    corrupt = tmp_path / "bien-ban-hong.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    _upload(clerk, [*MIXED, corrupt])
    page = clerk.page
    assert page.locator("#upload-results tr.upload-ok").count() == 5
    errors = page.locator("#upload-results tr.upload-error")
    assert errors.count() == 1
    assert errors.inner_text() == f"{corrupt.name}\t{VI.a('status_failed')}: {VI.errors['corrupt_file']}"
    for path in MIXED:
        row = page.locator("#upload-results tr.upload-ok", has_text=path.name)
        assert row.count() == 1 and VI.a("open_notice") in row.inner_text()
    # the list of uploaded notices is refreshed in place
    assert page.locator("#notices-listing ul.notices-list li").count() == 5
    clerk.shot("inbox-results")
    clerk.go("/")
    assert page.locator("ul.notices-list li").count() == 5
    assert all(page.locator("ul.notices-list li", has_text=p.name).count() == 1 for p in MIXED)
    clerk.shot("inbox")
    clerk.clean()


def test_2_correct_a_lead_and_a_deadline(clerk: Clerk) -> None:
    page = clerk.page
    clerk.go("/")
    page.locator("ul.notices-list li", has_text=MIXED[0].name).locator("a").click()
    page.wait_for_load_state("load")
    assert page.locator(".nv-text").count() == 1  # the review report's highlighted text
    clerk.shot("notice")
    page.get_by_role("link", name=VI.a("nav_edit")).click()
    page.wait_for_load_state("load")
    first = page.locator("section.task-edit").first
    lead = first.locator("input[name=lead]").first
    assert lead.get_attribute("list") == "agencies" and lead.input_value() == "các cơ quan, đơn vị, địa phương"
    lead.fill("Sở Nội vụ")
    first.locator("input[name=who]").first.fill("Nguyễn Thị Lan")
    first.get_by_role("button", name=VI.a("agencies_save")).click()
    page.wait_for_load_state("load")
    assert page.locator("p.saved").inner_text() == VI.a("saved")
    first = page.locator("section.task-edit").first
    assert first.locator("input[name=lead]").first.input_value() == "Sở Nội vụ"
    assert first.locator("input[name=who]").first.input_value() == "Nguyễn Thị Lan"  # remembered
    deadline = first.locator("fieldset", has_text=VI.a("deadline_legend"))
    assert deadline.locator("input[name=end]").get_attribute("type") == "date"
    deadline.locator("select[name=kind]").select_option("by")
    deadline.locator("input[name=text]").fill("")
    deadline.locator("input[name=end]").fill("2022-09-30")
    deadline.get_by_role("button", name=VI.a("deadline_save")).click()
    page.wait_for_load_state("load")
    first = page.locator("section.task-edit").first
    assert first.locator("input[name=end]").input_value() == "2022-09-30"
    assert first.locator("input[name=text]").first.input_value() == "trước ngày 30/09/2022"
    history = page.locator("table.history tbody tr")
    assert history.count() == 2
    assert "Nguyễn Thị Lan" in history.nth(1).inner_text() and "các cơ quan, đơn vị, địa phương" in history.nth(1).inner_text()
    # a missed task: select its words in the text (the script fills the box), then add it
    words = page.evaluate("""() => {
        const text = document.getElementById('notice-text');
        const node = text.firstChild;
        const at = node.data.indexOf('Tổ chức');
        const range = document.createRange();
        range.setStart(node, at); range.setEnd(node, at + 60);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        text.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        return range.toString();
    }""")
    assert page.locator("#add-text").input_value() == words.strip()
    page.get_by_role("button", name=VI.a("add_button")).click()
    page.wait_for_load_state("load")
    assert page.locator("table.history tbody tr").count() == 3
    assert VI.a("field_add_task") in page.locator("table.history tbody tr").first.inner_text()
    clerk.shot("corrections")
    clerk.clean()


def test_3_tasks_page_exports_the_corrected_values(clerk: Clerk) -> None:
    page = clerk.page
    clerk.go("/tasks")
    page.locator("select[name=agency]").select_option("Sở Nội vụ")
    page.get_by_role("button", name=VI.a("filter_apply")).click()
    page.wait_for_load_state("load")
    rows = page.locator("table.all-tasks tbody tr")
    assert rows.count() >= 1 and all("Sở Nội vụ" in rows.nth(i).inner_text() for i in range(rows.count()))
    clerk.shot("tasks-filtered")
    clerk.go("/tasks")
    clerk.shot("tasks")
    with page.expect_download() as info:
        page.get_by_role("link", name=VI.a("export_xlsx")).click()
    download = info.value
    assert download.suggested_filename == "nhiemvu-tasks.xlsx"
    saved = ARTIFACTS / "app-tasks.xlsx"
    download.save_as(saved)
    sheet = load_workbook(saved)[VI.xlsx["sheet_tasks"]]
    values = list(sheet.iter_rows(values_only=True))
    head = values[0]
    row = next(dict(zip(head, r, strict=True)) for r in values[1:]
               if r[head.index(VI.xlsx["source_file"])] == MIXED[0].name and r[head.index(VI.xlsx["path"])] == "I/1")
    assert row[VI.xlsx["lead"]] == "Sở Nội vụ"
    assert row[VI.xlsx["deadline_end"]] == datetime(2022, 9, 30)
    assert row[VI.xlsx["deadline_kind"]] == VI.deadline_kinds["by"]
    clerk.clean()


def test_4_the_correction_survives_a_restart(clerk: Clerk, server: Server) -> None:
    server.stop()
    server.start()
    page = clerk.page
    clerk.go("/tasks?agency=S%E1%BB%9F+N%E1%BB%99i+v%E1%BB%A5")
    row = page.locator("table.all-tasks tbody tr", has_text="30/09/2022")
    assert row.count() == 1 and "Sở Nội vụ" in row.inner_text()
    row.get_by_role("link", name=VI.a("edit_link")).click()
    page.wait_for_load_state("load")
    assert page.locator("table.history tbody tr").count() == 3
    assert page.locator("section.task-edit").first.locator("input[name=lead]").first.input_value() == "Sở Nội vụ"
    clerk.go("/")
    assert page.locator("ul.notices-list li").count() == 5
    clerk.clean()


def test_5_a_notice_with_a_script_runs_none(clerk: Clerk, tmp_path: Path) -> None:
    hostile = tmp_path / "<img src=x onerror=alert(1)>.txt"
    hostile.write_text(SCRIPT_NOTICE, encoding="utf-8")
    _upload(clerk, [hostile])
    page = clerk.page
    assert page.locator("#upload-results tr.upload-ok").count() == 1
    page.locator("#upload-results tr.upload-ok a").click()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("window.pwned") is None
    assert "<script>window.pwned = 1; alert('pwned')</script>" in page.locator(".nv-text").inner_text()
    assert page.locator(".nv-text script, .nv-text img").count() == 0
    clerk.shot("notice-script")
    for path in ("/", "/tasks"):
        clerk.go(path)
        page.wait_for_timeout(200)
        assert page.evaluate("window.pwned") is None
        assert page.locator("main img").count() == 0
    clerk.go("/tasks")
    assert "<img src=x onerror=\"window.pwned = 2\">" in page.locator("table.all-tasks").inner_text()
    page.locator("table.all-tasks tbody tr", has_text="onerror").get_by_role("link", name=VI.a("edit_link")).click()
    page.wait_for_load_state("load")
    assert page.evaluate("window.pwned") is None
    assert "<script>" in page.locator("#notice-text").inner_text() and page.locator("main script").count() == 0
    clerk.shot("corrections-script")
    clerk.clean()


def test_6_keyboard_only(clerk: Clerk) -> None:
    """The filters are reached with Tab and used with Space and Enter; a correction is saved with Enter."""
    page = clerk.page
    clerk.go("/tasks")
    page.locator("select[name=agency]").focus()
    for _ in range(12):  # the month picker has its own stops (month, year)
        if page.evaluate("document.activeElement.name") == "overdue":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "overdue"
    page.keyboard.press("Space")
    assert page.locator("input[name=overdue]").is_checked()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "overdue=1" in page.url
    rows = page.locator("table.all-tasks tbody tr")
    assert rows.count() > 0 and rows.count() == page.locator("table.all-tasks .badge-overdue").count()
    rows.first.get_by_role("link", name=VI.a("edit_link")).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    target = page.url.split("#", 1)[1]
    unit = page.locator(f"section.task-edit[id='{target}']")
    assert unit.count() == 1
    support = unit.locator("input[name=support]").last
    support.focus()
    page.keyboard.type("Sở Tư pháp")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("p.saved").count() == 1
    assert "Sở Tư pháp" in page.locator("table.history tbody tr").first.inner_text()
    clerk.clean()


def test_7_readable_at_125_percent_zoom(browser: object, server: Server) -> None:
    """At 125% (a 1280-pixel screen seen as 1024 CSS pixels at 1.25 device pixels each) no page needs
    a horizontal scroll bar: the wide task table scrolls inside its own box."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, device_scale_factor=1.25, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(server.url + "/tasks", wait_until="load")
        edit = str(page.locator("table.all-tasks tbody tr a", has_text=VI.a("edit_link")).first.get_attribute("href"))
        for path in ("/", "/tasks", edit.split("#")[0]):
            page.goto(server.url + path, wait_until="load")
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        page.screenshot(path=str(ARTIFACTS / "app-corrections-125.png"))
    finally:
        context.close()


def test_8_drag_and_drop(clerk: Clerk) -> None:
    """Files dropped on the inbox's box are uploaded one by one, each with its status line."""
    page = clerk.page
    clerk.go("/")
    before = page.locator("ul.notices-list li").count()
    text = (ROOT / "corpus" / "seeds" / "docs" / "002_d7e163504e54dca3.txt").read_text(encoding="utf-8")
    page.evaluate("""(text) => {
        const dropped = new DataTransfer();
        dropped.items.add(new File([text], 'keo-tha.txt', { type: 'text/plain' }));
        dropped.items.add(new File(['MZ'], 'chuong-trinh.exe', { type: 'application/octet-stream' }));
        document.getElementById('drop-zone').dispatchEvent(
            new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    }""", text)
    sync_api.expect(page.locator("#upload-results")).to_have_attribute("data-state", "done", timeout=60_000)
    assert page.locator("#upload-results tr.upload-ok", has_text="keo-tha.txt").count() == 1
    refused = page.locator("#upload-results tr.upload-error", has_text="chuong-trinh.exe")
    assert VI.errors["unsupported_format"] in refused.inner_text()
    assert page.locator("ul.notices-list li").count() == before + 1
    clerk.clean()
