"""The HTML review report, checked without a browser: spans honoured, counts, errors, escaping, no URL.

The report is parsed the way a browser would see it: each notice's body is the JSON string in its
`<script type="application/json">`, and every highlight fragment carries `data-hl` (one id per
extracted value) and `data-field` (the value's JSON path in the notice).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from typing import Any

import pytest

from extractor import extract
from extractor.report import (
    Highlight,
    add_report_parser,
    build_report,
    cmd_report,
    corpus_stats,
    deadline_tip,
    metric_tip,
    render_report,
    render_text,
    write_report,
)

from .conftest import corpus_documents

DATA_SCRIPT = re.compile(r'<script type="application/json" id=nv-data-(\d+)>(.*?)</script>', re.DOTALL)
URL = re.compile(r"https?://[^\s\"'<>)]+")

# Characters outside the Basic Multilingual Plane before and inside spans: JavaScript would count
# each as two UTF-16 units, Python as one code point.
NON_BMP_NOTICE = """ỦY BAN NHÂN DÂN
TỈNH LONG AN
Số: 12/TB-UBND
Long An, ngày 05 tháng 10 năm 2022

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh 😀 về cải cách hành chính 𠀀

1. Giao Sở Nội vụ 🏛 chủ trì, phối hợp với Sở Tài chính rà soát, đạt ít nhất 80% hồ sơ 📄 trước ngày 31/8/2022.
2. Sở Tư pháp 🎉 chủ trì xây dựng kế hoạch 𝐀𝐁 trong tháng 9/2022.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


# ---------------------------------------------------------------------------------------------
# helpers shared with the browser tests


class BodyParser(HTMLParser):
    """Collects, inside `.nv-text`, the whole text and the text of every highlight id (all fragments)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.highlights: dict[str, dict[str, Any]] = {}
        self._depth = 0  # > 0 inside .nv-text
        self._spans: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self._depth:
            self._depth += tag == "div"
            if tag == "span":
                hid = a.get("data-hl")
                self._spans.append(hid)
                if hid and hid not in self.highlights:
                    assert "cont" not in (a.get("class") or "").split(), "a highlight starts with a continuation"
                    self.highlights[hid] = {"attrs": a, "text": ""}
        elif tag == "div" and "nv-text" in (a.get("class") or "").split():
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if not self._depth:
            return
        if tag == "span":
            self._spans.pop()
        elif tag == "div":
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._depth:
            return
        self.text.append(data)
        for hid in set(self._spans):
            if hid:
                self.highlights[hid]["text"] += data


def notice_bodies(html: str) -> dict[int, str]:
    """Index of the record -> the HTML inserted when that notice is opened."""
    return {int(i): json.loads(raw)["html"] for i, raw in DATA_SCRIPT.findall(html)}


def parse_body(body: str) -> BodyParser:
    parser = BodyParser()
    parser.feed(body)
    parser.close()
    return parser


def resolve(notice: dict, path: str) -> Any:
    value: Any = notice
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def expected_counts(notice: dict) -> dict[str, int]:
    """What the JSON says must be highlighted: inherited agencies have no span and are not."""
    tasks = notice.get("tasks", [])
    refs = {tuple(r["span"]) for r in notice.get("references", [])}
    refs |= {tuple(r["span"]) for t in tasks for r in t.get("references", [])}
    return {
        "task": len(tasks),
        "agency": sum(1 for t in tasks for a in t["assignees"] if not a["inherited"] and a["span"]),
        "deadline": sum(len(t["deadlines"]) for t in tasks),
        "metric": sum(len(t["metrics"]) for t in tasks),
        "reference": len(refs),
    }


def highlight_kind(attrs: dict) -> str:
    classes = (attrs.get("class") or "").split()
    return next(c[3:] for c in ("hl-task", "hl-agency", "hl-deadline", "hl-metric", "hl-reference") if c in classes)


@pytest.fixture(scope="module")
def corpus_notices() -> dict[str, dict]:
    return {p.name: extract(p).model_dump(mode="json") for p in corpus_documents()}


@pytest.fixture()
def non_bmp_notice(tmp_path: Path) -> dict:
    path = tmp_path / "non_bmp.txt"
    path.write_text(NON_BMP_NOTICE, encoding="utf-8")
    return extract(path).model_dump(mode="json")


def injection_notice() -> dict:
    """A hand-made notice whose every string tries to break out of the HTML."""
    evil = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">"
    lead = "Sở <b>Nội</b> vụ"
    text = f"THÔNG BÁO {evil}\n1. Giao {lead} chủ trì </script><!-- & \"quoted\" 'x' trước ngày 31/8/2022."
    task_text = text[text.index("Giao"):]
    start = text.index(task_text)
    lead_at = text.index(lead)
    dl = "trước ngày 31/8/2022"
    dl_at = text.index(dl)
    return {
        "schema_version": "1.0", "id": "e" * 16,
        "source": {"path": f"/tmp/{evil}.txt", "sha256": "e" * 64, "format": "txt"},
        "doc_type": "thong_bao", "number": "1/<i>TB</i>", "issuer": evil, "issue_date": "2022-08-01",
        "title": evil, "signer": {"name": evil, "title": "</dd>", "authority": "KT."},
        "recipients": [evil], "warnings": [evil], "notes": [], "references": [], "text": text,
        "tasks": [{
            "id": "e" * 16 + ":1", "label": "1", "path": '1"><script>x</script>', "heading": None,
            "text": task_text, "span": [start, start + len(task_text)], "page": 1, "parent": None,
            "assignees": [{"name": lead, "canonical": evil, "role": "lead", "inherited": False,
                           "span": [lead_at, lead_at + len(lead)], "text": lead},
                          {"name": "x", "canonical": "<u>inherited</u>", "role": "support", "inherited": True,
                           "span": None, "text": None}],
            "deadlines": [{"text": dl, "kind": "by", "start": None, "end": "2022-08-31", "recurrence": None,
                           "span": [dl_at, dl_at + len(dl)]}],
            "metrics": [], "references": [],
        }],
    }


# ---------------------------------------------------------------------------------------------
# spans honoured


def _check_highlights(notice: dict) -> BodyParser:
    html = render_report([notice])
    body = parse_body(notice_bodies(html)[0])
    assert "".join(body.text) == notice["text"], "the highlighted text must be the normalized text, unchanged"
    for hid, found in body.highlights.items():
        value = resolve(notice, found["attrs"]["data-field"])
        written = value.get("text") or value["name"]
        start, end = value["span"]
        assert found["text"] == written, (hid, found["attrs"]["data-field"])
        assert notice["text"][start:end] == written
    return body


@pytest.mark.parametrize("doc", [p.name for p in corpus_documents()])
def test_every_highlight_reads_as_its_field(corpus_notices: dict[str, dict], doc: str) -> None:
    _check_highlights(corpus_notices[doc])


@pytest.mark.parametrize("doc", [p.name for p in corpus_documents()])
def test_highlight_counts_equal_the_json(corpus_notices: dict[str, dict], doc: str) -> None:
    notice = corpus_notices[doc]
    body = parse_body(notice_bodies(render_report([notice]))[0])
    counted = Counter(highlight_kind(h["attrs"]) for h in body.highlights.values())
    expected = expected_counts(notice)
    assert {k: counted.get(k, 0) for k in expected} == expected


def test_highlights_outside_the_basic_plane(non_bmp_notice: dict) -> None:
    assert any(ord(c) > 0xFFFF for c in non_bmp_notice["text"])
    body = _check_highlights(non_bmp_notice)
    kinds = Counter(highlight_kind(h["attrs"]) for h in body.highlights.values())
    assert kinds["deadline"] == 2 and kinds["metric"] == 1 and kinds["agency"] >= 2


def test_crossing_spans_nest_and_keep_their_text() -> None:
    text = "abcdefghij"
    marks = [Highlight(1, 6, "metric", "hl-metric", "m", "tasks.0.metrics.0", 0),
             Highlight(4, 9, "deadline", "hl-deadline", "d", "tasks.0.deadlines.0", 1),
             Highlight(4, 6, "agency", "hl-agency hl-lead", "a", "tasks.0.assignees.0", 2)]
    html = render_text(text, marks)
    body = parse_body(f"<div class=nv-text>{html}</div>")
    assert "".join(body.text) == text
    assert {k: v["text"] for k, v in body.highlights.items()} == {"h0": "bcdef", "h1": "efghi", "h2": "ef"}
    assert html.count("<span") == html.count("</span>")
    assert " cont" in html  # the deadline is cut by the metric's end and continues


# ---------------------------------------------------------------------------------------------
# typed values in tooltips and the table


def test_tooltips_show_typed_values() -> None:  # the English interface (--lang en)
    assert deadline_tip({"kind": "within", "start": "2022-08-01", "end": "2022-08-31"}, "en") == \
        "within 2022-08-01 → 2022-08-31"
    assert deadline_tip({"kind": "by", "end": "2022-08-31"}, "en") == "by 2022-08-31"
    assert deadline_tip({"kind": "recurring", "recurrence": "monthly"}, "en") == "recurring monthly"
    assert metric_tip({"op": ">=", "value": 80, "unit": "%"}, lang="en") == ">= 80 %"
    assert metric_tip({"op": "range", "value": 1, "value_max": 2.0, "unit": "cuộc họp"}, lang="en") == \
        "range 1–2 cuộc họp"


def test_table_marks_inherited_agencies(corpus_notices: dict[str, dict]) -> None:
    notice = corpus_notices["001_469ec51c1b46772e.txt"]
    body = notice_bodies(render_report([notice], lang="en"))[0]
    rows = re.findall(r"<tr data-task=.*?</tr>", body, re.DOTALL)
    assert len(rows) == len(notice["tasks"])
    inherited = [i for i, t in enumerate(notice["tasks"]) if any(a["inherited"] for a in t["assignees"])]
    assert inherited and all("inherited</span>" in rows[i] for i in inherited)


# ---------------------------------------------------------------------------------------------
# inputs: notice files, Notice JSON, JSON Lines, error records


def test_batch_jsonl_with_error_records(tmp_path: Path, corpus_notices: dict[str, dict]) -> None:
    notices = list(corpus_notices.values())[:3]
    error = {"schema_version": "1.0", "source": {"path": "x.docx"},
             "error": {"code": "unsupported_format", "message": "no reader for .docx <yet>"}}
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [*notices, error]) + "\nnot json\n",
                     encoding="utf-8")
    html = build_report([batch, tmp_path / "missing.txt"])
    assert len(re.findall(r"<tr class=err>", html)) == 3
    assert "unsupported_format</span> no reader for .docx &lt;yet&gt;" in html
    assert "corrupt_file</span>" in html and "line 5 is not JSON" in html
    assert "not_found</span> no such file" in html and "missing.txt" in html
    assert len(notice_bodies(html)) == 3
    assert html.count("<svg class=chart") == 3


def test_notice_json_without_text(tmp_path: Path, corpus_notices: dict[str, dict]) -> None:
    notice = dict(corpus_notices["001_469ec51c1b46772e.txt"], text=None)
    path = tmp_path / "notice.json"
    path.write_text(json.dumps(notice, ensure_ascii=False, indent=2), encoding="utf-8")
    body = notice_bodies(build_report([path], lang="en"))[0]
    assert "nv-text" not in body and "no normalized <code>text</code>" in body
    assert body.count("<tr data-task=") == len(notice["tasks"])
    assert "linked" not in body  # rows cannot scroll to a text that is not there


def test_notice_files_are_extracted_with_their_text(tmp_path: Path) -> None:
    out = write_report([corpus_documents()[0]], tmp_path / "r.html")
    body = parse_body(notice_bodies(out.read_text(encoding="utf-8"))[0])
    assert "".join(body.text).startswith(extract(corpus_documents()[0]).text[:50])


# ---------------------------------------------------------------------------------------------
# safety: escaping, no other host


def test_document_text_cannot_inject_html() -> None:
    notice = injection_notice()
    html = render_report([notice, notice])
    assert "<script>window" not in html and "<img" not in html and "<b>" not in html and "<i>TB" not in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == ['<script type="application/json" id=nv-data-0>',
                       '<script type="application/json" id=nv-data-1>', "<script>"]
    body = notice_bodies(html)[0]
    assert "<script>" not in body and "<img" not in body and "<b>" not in body
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in body
    checked = _check_highlights(notice)
    assert len(checked.highlights) == 3


def test_no_url_except_in_the_notices_own_text(corpus_notices: dict[str, dict]) -> None:
    notices = list(corpus_notices.values())
    planted = dict(notices[0], text=notices[0]["text"] + "\nXem http://example.invalid/a.png", tasks=[])
    html = render_report([*notices, planted])
    own = " ".join(json.dumps(n, ensure_ascii=False) for n in [*notices, planted])
    everything = DATA_SCRIPT.sub("", html) + "".join(notice_bodies(html).values())  # bodies decoded
    found = URL.findall(everything)
    assert "http://example.invalid/a.png" in found
    assert all(url in own for url in found), [u for u in found if u not in own]
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//""", everything)
    assert "default-src 'none'" in html


# ---------------------------------------------------------------------------------------------
# many notices, charts, command line


def test_index_and_charts(corpus_notices: dict[str, dict]) -> None:
    notices = list(corpus_notices.values())
    html = render_report(notices, lang="en")
    assert html.count("<details class=notice") == len(notices)
    index = html[html.index("<table class=index>"):html.index("</table>")]
    assert index.count("<tr>") == len(notices) + 1
    stats = corpus_stats(notices)
    assert len(stats.leads) <= 20
    lead_chart = html[html.index('aria-label="tasks per lead agency"'):]
    assert lead_chart.count("class=bar-lead") == len(stats.leads)
    top_name, top_count = stats.leads[0]
    assert f"{top_name}: {top_count} tasks" in lead_chart
    assert sum(v for _, v in stats.months) + stats.undated == sum(
        len(t["deadlines"]) for n in notices for t in n["tasks"])


def test_one_notice_is_open_and_has_no_index(corpus_notices: dict[str, dict]) -> None:
    html = render_report([corpus_notices["h01.txt"]])
    assert "<details class=notice id=n-0 data-idx=\"0\" open>" in html
    assert "<table class=index>" not in html and "<svg" not in html


def test_cmd_report_and_parser(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    add_report_parser(parser.add_subparsers(dest="command"))
    good = [str(p) for p in corpus_documents()[:2]]
    args = parser.parse_args(["report", *good, "-o", str(tmp_path / "a" / "r.html")])
    out = StringIO()
    assert args.handler(args, out) == 0
    assert "2 notices, 0 errors" in out.getvalue() and (tmp_path / "a" / "r.html").is_file()
    args = parser.parse_args(["report", good[0], str(tmp_path / "nope.txt"), "-o", str(tmp_path / "b.html")])
    assert cmd_report(args, StringIO()) == 1
