"""The HTML review report in a real headless Chromium (Debian's `chromium`, driven by Playwright).

Each corpus notice's report loads from file:// with no console error and no request but the file;
the highlighted agencies, deadlines and metrics are as many as the JSON says; a click on a task row
brings its span into view. Screenshots go to out/test-artifacts/ (kept for CI). Skipped, with the
reason, only when chromium or Playwright is missing; `playwright install` is never needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor import extract
from extractor.report import deadline_tip, render_report

from .chromium import ARTIFACTS, sync_api
from .conftest import corpus_documents
from .test_report import NON_BMP_NOTICE, expected_counts, injection_notice

# The text of every highlight id, gathered over its fragments, as the browser sees it (UTF-16 inside).
HIGHLIGHT_TEXTS_JS = """(root) => {
  const texts = {};
  root.querySelectorAll('.nv-text [data-hl]').forEach((el) => {
    texts[el.dataset.hl] = texts[el.dataset.hl] || { field: el.dataset.field, text: '' };
  });
  const walker = document.createTreeWalker(root.querySelector('.nv-text'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const seen = new Set();
    for (let el = node.parentElement.closest('[data-hl]'); el; el = el.parentElement.closest('[data-hl]')) {
      if (!seen.has(el.dataset.hl)) { seen.add(el.dataset.hl); texts[el.dataset.hl].text += node.data; }
    }
  }
  return texts;
}"""


class Watched:
    """A page with every console error, page error, dialog and request recorded."""

    def __init__(self, browser: object) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.errors.append(f"dialog: {d.message}"), d.dismiss()))

    def load(self, path: Path) -> None:
        self.page.goto(path.as_uri(), wait_until="load")

    def assert_clean(self, path: Path) -> None:
        assert self.errors == []
        assert self.requests == [path.as_uri()], "the report must make no request but its own file"

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def watched(browser: object) -> Iterator[Watched]:
    page = Watched(browser)
    yield page
    page.close()


def _write(tmp_path: Path, records: list[dict], name: str = "report.html") -> Path:
    path = tmp_path / name
    path.write_text(render_report(records, lang="en"), encoding="utf-8")
    return path


def _count(page: object, selector: str) -> int:
    return page.locator(f"details.notice[open] .nv-text {selector}:not(.cont)").count()


@pytest.mark.parametrize("doc", corpus_documents(), ids=lambda p: p.name)
def test_corpus_notice_report(watched: Watched, tmp_path: Path, doc: Path) -> None:
    notice = extract(doc).model_dump(mode="json")
    report = _write(tmp_path, [notice])
    watched.load(report)
    page = watched.page
    details = page.locator("details.notice").first
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    expected = expected_counts(notice)
    assert _count(page, ".hl-agency") == expected["agency"]
    assert _count(page, ".hl-deadline") == expected["deadline"]
    assert _count(page, ".hl-metric") == expected["metric"]
    assert _count(page, ".hl-task") == expected["task"]
    if notice["tasks"]:
        last = len(notice["tasks"]) - 1  # the furthest down, so it must scroll
        page.locator(f"table.tasks tr[data-task=\"{last}\"]").click()
        span = page.locator(f".nv-text .hl-task[data-task=\"{last}\"]:not(.cont)")
        sync_api.expect(span).to_be_in_viewport()
        sync_api.expect(span).to_have_class(re.compile(r"\bflash\b"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{doc.stem}.png"))
    watched.assert_clean(report)


def test_corpus_index_sort_filter_tooltip(watched: Watched, tmp_path: Path) -> None:
    notices = [extract(p).model_dump(mode="json") for p in corpus_documents()]
    error = {"schema_version": "1.0", "source": {"path": "broken.pdf"},
             "error": {"code": "corrupt_file", "message": "not a PDF"}}
    report = _write(tmp_path, [*notices, error])
    watched.load(report)
    page = watched.page
    assert page.locator("table.index tbody tr").count() == len(notices) + 1
    assert page.locator("table.index tr.err").inner_text().count("corrupt_file") == 1
    assert page.locator("svg.chart").count() == 3
    assert page.locator(".nv-text").count() == 0, "bodies are rendered only when opened"

    page.locator("table.index th", has_text="tasks").locator("button").click()
    page.locator("table.index th", has_text="tasks").locator("button").click()  # descending
    most = max(range(len(notices)), key=lambda i: (len(notices[i]["tasks"]), -i))
    assert page.locator("table.index tbody tr").first.locator("td").nth(5).inner_text() == \
        str(len(notices[most]["tasks"]))

    page.locator(f"table.index a[href=\"#n-{most}\"]").click()
    notice = notices[most]
    opened = page.locator(f"#n-{most}")
    sync_api.expect(opened).to_have_attribute("open", "")
    assert page.locator(".nv-text").count() == 1

    agency = next(a["canonical"] for t in notice["tasks"] for a in t["assignees"])
    opened.locator(".f-agency").select_option(agency)
    wanted = sum(1 for t in notice["tasks"] if any(a["canonical"] == agency for a in t["assignees"]))
    assert opened.locator("table.tasks tbody tr:not([hidden])").count() == wanted
    opened.locator(".f-agency").select_option("")
    month = next(d["end"][:7] for t in notice["tasks"] for d in t["deadlines"] if d.get("end"))
    opened.locator(".f-month").select_option(month)
    wanted = sum(1 for t in notice["tasks"] if any((d.get("end") or d.get("start") or "")[:7] == month
                                                    for d in t["deadlines"]))
    assert opened.locator("table.tasks tbody tr:not([hidden])").count() == wanted

    first_deadline = next(d for t in notice["tasks"] for d in t["deadlines"])
    opened.locator(".nv-text .hl-deadline").first.hover()
    sync_api.expect(page.locator("#nv-tip")).to_be_visible()
    assert deadline_tip(first_deadline, "en") in page.locator("#nv-tip").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-corpus-index.png"), full_page=False)
    watched.assert_clean(report)


def test_offsets_outside_the_basic_plane(watched: Watched, tmp_path: Path) -> None:
    source = tmp_path / "non_bmp.txt"
    source.write_text(NON_BMP_NOTICE, encoding="utf-8")
    notice = extract(source).model_dump(mode="json")
    report = _write(tmp_path, [notice])
    watched.load(report)
    texts = watched.page.locator("details.notice").first.evaluate(HIGHLIGHT_TEXTS_JS)
    assert texts
    for found in texts.values():
        value = notice
        for part in found["field"].split("."):
            value = value[int(part)] if isinstance(value, list) else value[part]
        assert found["text"] == (value.get("text") or value["name"]), found["field"]
    watched.assert_clean(report)


def test_injected_markup_stays_text(watched: Watched, tmp_path: Path) -> None:
    notice = injection_notice()
    report = _write(tmp_path, [notice, notice])
    watched.load(report)
    page = watched.page
    page.locator("#n-0 summary").click()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#n-0 img, #n-0 b, #n-0 script").count() == 0
    assert "<script>window.__pwned=1</script>" in page.locator("#n-0 .nv-text").inner_text()
    watched.assert_clean(report)


def test_vietnamese_interface(watched: Watched, tmp_path: Path) -> None:
    """The default interface: tooltips, the filter's count and the headers speak Vietnamese."""
    notices = [extract(p).model_dump(mode="json") for p in corpus_documents()]
    report = tmp_path / "vi.html"
    report.write_text(render_report(notices), encoding="utf-8")
    watched.load(report)
    page = watched.page
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("table.index th", has_text="Nhiệm vụ").count() == 1
    most = max(range(len(notices)), key=lambda i: (len(notices[i]["tasks"]), -i))
    notice = notices[most]
    page.locator(f"table.index a[href=\"#n-{most}\"]").click()
    opened = page.locator(f"#n-{most}")
    sync_api.expect(opened).to_have_attribute("open", "")
    month = next(d["end"][:7] for t in notice["tasks"] for d in t["deadlines"] if d.get("end"))
    opened.locator(".f-month").select_option(month)
    wanted = sum(1 for t in notice["tasks"] if any((d.get("end") or d.get("start") or "")[:7] == month
                                                    for d in t["deadlines"]))
    assert opened.locator(".shown").inner_text() == f"{wanted}/{len(notice['tasks'])} nhiệm vụ"
    opened.locator(".f-month").select_option("")
    first_deadline = next(d for t in notice["tasks"] for d in t["deadlines"])
    opened.locator(".nv-text .hl-deadline").first.hover()
    sync_api.expect(page.locator("#nv-tip")).to_be_visible()
    assert deadline_tip(first_deadline) in page.locator("#nv-tip").inner_text()
    assert deadline_tip(first_deadline).startswith(("trước", "trong", "từ", "định kỳ", "tương đối"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-vi-notice.png"), full_page=False)
    watched.assert_clean(report)
