"""Citation links within a batch (`nhiemvu links batch.jsonl`): each reference of a notice resolved
against the other notices of the batch, giving the citation graph — which notice cites which, and
which task cites which document — as JSON Lines or GraphML.

A reference resolves to a notice of the batch when
- their numbers are the same once case, diacritics, punctuation and leading zeros are set aside
  ("Công điện số 231/CĐ-TTg" ~ "231/CD-TTg", "0204/KH-UBND" ~ "204/KH-UBND"), and
- the reference's date is the notice's issue date; a reference without a date takes a notice of the
  citing notice's year issued no later than it (numbers restart every year);
- when several notices remain, the one whose issuer the reference names; still several: unresolved.
A notice never cites itself, and renderings of one document (one doc_id) are one notice.

Standard library only: the review report (extractor/report.py) links cited notices with it.
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Citation:
    """One reference of a notice resolved to another notice of the batch."""
    source: int                  # index of the citing record
    target: int                  # index of the cited record
    text: str                    # the reference as written
    match: str                   # "number+date" or "number" (the reference has no date)
    task_uids: tuple[str, ...]   # the citing notice's tasks that contain the reference


def _folded_words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.findall(r"[^\W_]+", plain)


def number_key(number: str) -> str:
    """A document number without case, diacritics, punctuation and leading zeros."""
    return "-".join(w.lstrip("0") or "0" if w.isdigit() else w for w in _folded_words(number))


def _doc_id(record: Record) -> str:
    return str(record.get("doc_id") or record.get("id"))


def _same_date(cited: str, issued: str) -> bool:
    """The dates agree as far as both go ("2024-05" agrees with "2024-05-20")."""
    return cited.startswith(issued) or issued.startswith(cited)


def _names_issuer(reference_issuer: str | None, issuer: str | None) -> bool:
    if not reference_issuer or not issuer:
        return False
    said, known = set(_folded_words(reference_issuer)), set(_folded_words(issuer))
    return said <= known or known <= said


def _task_uids(record: Record) -> dict[tuple[int, int], list[str]]:
    """The uids of the tasks that contain each reference (by its span)."""
    found: dict[tuple[int, int], list[str]] = {}
    for task in record.get("tasks", []):
        uid = str(task.get("uid") or task.get("id"))
        for reference in task.get("references", []):
            span = reference.get("span")
            if span:
                found.setdefault((span[0], span[1]), []).append(uid)
    return found


def resolve(records: Sequence[Record]) -> list[Citation]:
    """Every reference of every notice that names another notice of the batch, in batch order."""
    by_number: dict[str, list[int]] = {}
    first_of_doc: dict[str, int] = {}
    for index, record in enumerate(records):
        if "error" in record or not record.get("number"):
            continue
        if _doc_id(record) in first_of_doc:
            continue  # another rendering of a document already in the batch
        first_of_doc[_doc_id(record)] = index
        by_number.setdefault(number_key(record["number"]), []).append(index)
    citations: list[Citation] = []
    for index, record in enumerate(records):
        if "error" in record:
            continue
        in_tasks = _task_uids(record)
        issued = record.get("issue_date") or ""
        for reference in record.get("references", []):
            if not reference.get("number"):
                continue
            candidates = [i for i in by_number.get(number_key(reference["number"]), [])
                          if _doc_id(records[i]) != _doc_id(record)]
            date = reference.get("date")
            if date:
                candidates = [i for i in candidates if records[i].get("issue_date")
                              and _same_date(date, records[i]["issue_date"])]
            else:
                candidates = [i for i in candidates if issued and (records[i].get("issue_date") or "")[:4] == issued[:4]
                              and records[i]["issue_date"] <= issued]
            if len(candidates) > 1:
                candidates = [i for i in candidates if _names_issuer(reference.get("issuer"), records[i].get("issuer"))]
            if len(candidates) != 1:
                continue
            span = reference.get("span") or (0, 0)
            citations.append(Citation(
                source=index, target=candidates[0], text=reference["text"],
                match="number+date" if date else "number",
                task_uids=tuple(in_tasks.get((span[0], span[1]), []))))
    return citations


def notice_edges(records: Sequence[Record], citations: Iterable[Citation]) -> list[Record]:
    """One edge per citing and cited notice, with every reference that makes it."""
    edges: dict[tuple[int, int], Record] = {}
    for citation in citations:
        edge = edges.setdefault((citation.source, citation.target), {
            "type": "notice_cites", "source": _doc_id(records[citation.source]),
            "target": _doc_id(records[citation.target]),
            "source_number": records[citation.source].get("number"),
            "target_number": records[citation.target].get("number"),
            "match": citation.match, "references": []})
        if citation.match == "number+date":
            edge["match"] = "number+date"  # one dated reference is enough to be sure
        if citation.text not in edge["references"]:
            edge["references"].append(citation.text)
    return list(edges.values())


def task_edges(records: Sequence[Record], citations: Iterable[Citation]) -> list[Record]:
    """One edge per task and the document it cites."""
    edges: dict[tuple[str, int], Record] = {}
    for citation in citations:
        for uid in citation.task_uids:
            edges.setdefault((uid, citation.target), {
                "type": "task_cites", "source": uid, "notice": _doc_id(records[citation.source]),
                "target": _doc_id(records[citation.target]), "reference": citation.text})
    return list(edges.values())


def write_jsonl(records: Sequence[Record], citations: list[Citation], out: TextIO) -> None:
    edges = notice_edges(records, citations) + task_edges(records, citations)
    out.writelines(json.dumps(edge, ensure_ascii=False) + "\n" for edge in edges)


GRAPHML = "http://graphml.graphdrawing.org/xmlns"
NODE_KEYS = ("kind", "number", "issue_date", "doc_type", "issuer", "title", "path", "text")
EDGE_KEYS = ("relation", "match", "reference")


def graphml(records: Sequence[Record], citations: list[Citation]) -> ET.Element:
    """The graph: every notice of the batch and every citing task as nodes; 'cites' edges from a notice
    or a task to the cited notice, 'part_of' edges from a task to its notice."""
    ET.register_namespace("", GRAPHML)
    root = ET.Element(f"{{{GRAPHML}}}graphml")
    for owner, names in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name in names:
            ET.SubElement(root, f"{{{GRAPHML}}}key", {"id": name, "for": owner, "attr.name": name,
                                                        "attr.type": "string"})
    graph = ET.SubElement(root, f"{{{GRAPHML}}}graph", {"id": "citations", "edgedefault": "directed"})

    def add(parent: ET.Element, tag: str, attributes: dict[str, str], data: dict[str, Any]) -> None:
        element = ET.SubElement(parent, f"{{{GRAPHML}}}{tag}", attributes)
        for key, value in data.items():
            if value not in (None, ""):
                ET.SubElement(element, f"{{{GRAPHML}}}data", {"key": key}).text = str(value)

    seen: set[str] = set()
    for record in records:
        if "error" in record or _doc_id(record) in seen:
            continue
        seen.add(_doc_id(record))
        add(graph, "node", {"id": _doc_id(record)}, {
            "kind": "notice", "number": record.get("number"), "issue_date": record.get("issue_date"),
            "doc_type": record.get("doc_type"), "issuer": record.get("issuer"), "title": record.get("title")})
    tasks = {str(t.get("uid") or t.get("id")): (r, t) for r in records if "error" not in r for t in r.get("tasks", [])}
    edge_number = 0
    for edge in task_edges(records, citations):
        uid = edge["source"]
        if uid not in seen:
            seen.add(uid)
            record, task = tasks[uid]
            add(graph, "node", {"id": uid}, {"kind": "task", "path": task.get("path"), "text": task.get("text")})
            edge_number += 1
            add(graph, "edge", {"id": f"e{edge_number}", "source": uid, "target": _doc_id(record)},
                {"relation": "part_of"})
        edge_number += 1
        add(graph, "edge", {"id": f"e{edge_number}", "source": uid, "target": edge["target"]},
            {"relation": "cites", "reference": edge["reference"]})
    for edge in notice_edges(records, citations):
        edge_number += 1
        add(graph, "edge", {"id": f"e{edge_number}", "source": edge["source"], "target": edge["target"]},
            {"relation": "cites", "match": edge["match"], "reference": " | ".join(edge["references"])})
    ET.indent(root)
    return root


def write_graphml(records: Sequence[Record], citations: list[Citation], out: TextIO) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(graphml(records, citations), encoding="unicode") + "\n")


def cmd_links(jsonl: str, fmt: str, out: TextIO, err: TextIO) -> int:
    from .export import read_lines

    records = list(read_lines(jsonl))
    citations = resolve(records)
    (write_graphml if fmt == "graphml" else write_jsonl)(records, citations, out)
    numbered = sum(1 for r in records if "error" not in r for ref in r.get("references", []) if ref.get("number"))
    err.write(f"{numbered} numbered references, {len(citations)} resolved to notices of the batch: "
              f"{len(notice_edges(records, citations))} notice pairs, {len(task_edges(records, citations))} task links\n")
    return 0
