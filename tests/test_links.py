"""Citation links (`nhiemvu links`): references resolved against the notices of the same batch by
number and date. Over the whole corpus the known citing pairs are found and nothing else; a table of
small cases shows the rules (dates, years, leading zeros, self-citations, ambiguity); the GraphML is
well formed; the review report links a cited notice's page."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.links import GRAPHML, number_key, resolve
from extractor.report import render_notice_body, render_report

from .conftest import CORPUS, extraction

NOTICES = sorted(CORPUS.glob("*/docs/*.txt"))
# (citing, cited): every reference in the corpus whose target is in the corpus, checked by hand
KNOWN_PAIRS = {
    ("real/w25", "real/w29"),   # "Công điện số 231/CĐ-TTg ngày 26/11/2025"
    ("real/w28", "real/w32"),   # "Công điện số 227/CĐ-TTg ngày 23/11/2025 của Thủ tướng Chính phủ"
    ("real/w35", "real/w37"),   # "Công điện số 223/CĐ-TTg ngày 20/11/2025 …"
    ("real/w36", "real/w43"),   # "Công điện số 217/CĐ-TTg ngày 16/11/2025"
    ("real/w37", "real/w43"),   # "Công điện số 217/CĐ-TTg" (no date: the same year, issued before)
    ("real/w42", "real/w43"),   # "Công điện số 217/CĐ-TTg ngày 16/11/2025"
}
# same number, another document: "Kế hoạch 310/KH-UBND ngày 21/8/2024" (w38, Đồng Tháp) is not w13
# (310/KH-UBND of Hà Nội, 2025); "Kế hoạch số 45/KH-UBND ngày 15/01/2026" (s06) is not h04 (2024)
LOOKALIKES = {("real/w38", "real/w13"), ("structures/s06", "heldout/h04")}


def _name(path: str) -> str:
    parts = Path(path).parts
    return f"{parts[-3]}/{Path(path).stem}"


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return [extraction(path) for path in NOTICES]


def test_every_citation_whose_target_is_in_the_corpus_is_found(corpus):
    found = {(_name(corpus[c.source]["source"]["path"]), _name(corpus[c.target]["source"]["path"]))
             for c in resolve(corpus)}
    assert found == KNOWN_PAIRS
    assert not found & LOOKALIKES
    # the look-alikes are real: their numbers are the same
    for citing, cited in LOOKALIKES:
        source, target = (extraction(CORPUS / part / "docs" / f"{stem}.txt")
                          for part, stem in (citing.split("/"), cited.split("/")))
        assert number_key(target["number"]) in {number_key(r["number"]) for r in source["references"] if r.get("number")}


def test_links_command_prints_notice_and_task_edges(corpus, tmp_path, capsys):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus), encoding="utf-8")
    assert main(["links", str(batch)]) == 0
    captured = capsys.readouterr()
    edges = [json.loads(line) for line in captured.out.splitlines()]
    by_doc = {r["doc_id"]: _name(r["source"]["path"]) for r in corpus}
    notice_pairs = {(by_doc[e["source"]], by_doc[e["target"]]) for e in edges if e["type"] == "notice_cites"}
    assert notice_pairs == KNOWN_PAIRS
    task_edges = [e for e in edges if e["type"] == "task_cites"]
    uids = {t["uid"]: r["doc_id"] for r in corpus for t in r["tasks"]}
    assert task_edges and all(uids[e["source"]] == e["notice"] for e in task_edges)
    assert {(by_doc[e["notice"]], by_doc[e["target"]]) for e in task_edges} <= KNOWN_PAIRS
    assert "6 resolved to notices of the batch: 6 notice pairs" in captured.err


def test_links_as_graphml(corpus, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus), encoding="utf-8")
    out = tmp_path / "citations.graphml"
    assert main(["links", str(batch), "--format", "graphml", "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    ns = {"g": GRAPHML}
    assert root.tag == f"{{{GRAPHML}}}graphml"
    nodes = {n.get("id"): {d.get("key"): d.text for d in n.findall("g:data", ns)}
             for n in root.findall("g:graph/g:node", ns)}
    edges = [(e.get("source"), e.get("target"), {d.get("key"): d.text for d in e.findall("g:data", ns)})
             for e in root.findall("g:graph/g:edge", ns)]
    notices = [n for n in nodes.values() if n["kind"] == "notice"]
    assert len(notices) == len({r["doc_id"] for r in corpus})
    assert all(s in nodes and t in nodes for s, t, _ in edges)
    cites = {(s, t) for s, t, data in edges if data["relation"] == "cites" and nodes[s]["kind"] == "notice"}
    assert len(cites) == len(KNOWN_PAIRS)
    tasks = [i for i, n in nodes.items() if n["kind"] == "task"]
    assert tasks and all(sum(1 for s, _, d in edges if s == i and d["relation"] == "part_of") == 1 for i in tasks)
    keys = {k.get("id") for k in root.findall("g:key", ns)}
    assert {d for _, _, data in edges for d in data} | {d for n in nodes.values() for d in n} <= keys


def _notice(doc_id: str, number: str | None, issue_date: str | None, issuer: str = "Thủ tướng Chính phủ",
            references: list[dict] | None = None) -> dict:
    refs = [{"text": r.get("text", "x"), "doc_type": "Công điện", "span": [i * 10, i * 10 + 5], **r}
            for i, r in enumerate(references or [])]
    return {"id": doc_id[:4], "doc_id": doc_id, "number": number, "issue_date": issue_date, "issuer": issuer,
            "references": refs, "tasks": [{"id": "t", "uid": f"{doc_id}:1:1", "path": "1", "references": refs[:1]}]}


CITED = _notice("a", "217/CĐ-TTg", "2025-11-16")


@pytest.mark.parametrize(("reference", "citing_date", "others", "expected"), [
    ({"number": "217/CĐ-TTg", "date": "2025-11-16"}, "2025-11-20", [], ["a"]),
    ({"number": "217/CD-TTG", "date": "2025-11-16"}, "2025-11-20", [], ["a"]),           # case, diacritics
    ({"number": "0217/CĐ-TTg", "date": "2025-11-16"}, "2025-11-20", [], ["a"]),          # a leading zero
    ({"number": "217/CĐ-TTg", "date": "2025-11"}, "2025-11-20", [], ["a"]),              # a partial date agrees
    ({"number": "217/CĐ-TTg", "date": "2024-11-16"}, "2025-11-20", [], []),              # another date
    ({"number": "218/CĐ-TTg", "date": "2025-11-16"}, "2025-11-20", [], []),              # another number
    ({"number": "217/CĐ-TTg"}, "2025-11-20", [], ["a"]),                                  # no date: same year, before
    ({"number": "217/CĐ-TTg"}, "2026-01-05", [], []),                                     # no date: another year
    ({"number": "217/CĐ-TTg"}, "2025-11-10", [], []),                                     # no date: issued after
    ({"number": "217/CĐ-TTg"}, None, [], []),                                             # no date anywhere
    # two notices with one number and date: the issuer the reference names decides, else none
    ({"number": "217/CĐ-TTg", "date": "2025-11-16", "issuer": "Thủ tướng Chính phủ"}, "2025-11-20",
     [_notice("b", "217/CĐ-TTg", "2025-11-16", issuer="Ủy ban nhân dân tỉnh Lào Cai")], ["a"]),
    ({"number": "217/CĐ-TTg", "date": "2025-11-16"}, "2025-11-20",
     [_notice("b", "217/CĐ-TTg", "2025-11-16", issuer="Ủy ban nhân dân tỉnh Lào Cai")], []),
    # another rendering of the cited notice (same doc_id) is the same notice
    ({"number": "217/CĐ-TTg", "date": "2025-11-16"}, "2025-11-20", [_notice("a", "217/CĐ-TTg", "2025-11-16")], ["a"]),
])
def test_resolve(reference, citing_date, others, expected):
    citing = _notice("c", "220/CĐ-TTg", citing_date, references=[reference])
    records = [CITED, *others, citing, {"error": {"code": "empty"}, "source": {}}]
    citations = resolve(records)
    assert [records[c.target]["doc_id"] for c in citations] == expected
    assert all(c.task_uids == ("c:1:1",) and records[c.source] is citing for c in citations)


def test_a_notice_does_not_cite_itself():
    own = _notice("a", "217/CĐ-TTg", "2025-11-16", references=[{"number": "217/CĐ-TTg", "date": "2025-11-16"}])
    assert resolve([own]) == []


def test_the_report_links_a_cited_notice_to_its_page():
    citing, cited, other = (extraction(CORPUS / "real" / "docs" / f"{stem}.txt") for stem in ("w28", "w32", "w19"))
    html = render_report([other, citing, cited], lang="en")
    bodies = {int(i): json.loads(data)["html"]
              for i, data in re.findall(r"<script type=\"application/json\" id=nv-data-(\d+)>(.*?)</script>", html)}
    assert '<dt>cites</dt><dd><a href="#n-2">227/CĐ-TTg</a></dd>' in bodies[1]
    assert '<dt>cited by</dt><dd><a href="#n-1">232/CĐ-TTg</a></dd>' in bodies[2]
    assert "cited by" not in bodies[1] and "<dt>cites" not in bodies[2]
    assert "#n-" not in bodies[0]
    assert "<dt>cites" not in render_notice_body(citing, lang="en")  # without the batch there is nothing to link
