"""The spaCy component "nhiemvu": nhiemvu's extraction as spans on a spaCy Doc (needs the `spacy` extra).

    import spacy
    nlp = spacy.blank("vi")            # pyvi tokenizer; without pyvi: config={"nlp": {"tokenizer": {"use_pyvi": False}}}
    nlp.add_pipe("nhiemvu")            # registered through the `spacy_factories` entry point
    doc = nlp(text)
    doc.spans["nhiemvu_tasks"]         # label: the task's path ("II/2/2.2"; "p3" for an unnumbered paragraph)
    doc.spans["nhiemvu_agencies"]      # label: role (lead, support, report_to); kb_id: registry id
    doc.spans["nhiemvu_deadlines"]     # label: kind (by, within, from, range, recurring, relative)
    doc.spans["nhiemvu_metrics"]       # label: op (>=, >, <, <=, =, range)
    doc.spans["nhiemvu_references"], doc.spans["nhiemvu_targets"]
    span._.nhiemvu                     # the typed value: Task, Assignee, Deadline, Metric, Reference, Target
    doc._.nhiemvu                      # the Notice (its `text` is the normalized text its own spans point into)

The extraction runs on `doc.text`; its spans point into the normalized text and are placed back into
`doc.text` by `extractor.align` (tone marks, NFD, `**bold**`, footnotes, joined lines), and tokens are
split at the span edges so that every span covers exactly its characters. A value that cannot be
placed, or whose span lost characters or gained other lines on the way, is listed in
`doc._.nhiemvu_unaligned` and logged, never moved silently.

Storage: `doc.user_data["nhiemvu"]` holds the Notice as JSON and every span's `id_` is the path of its
value in it ("tasks/3/assignees/0"); `Doc._.nhiemvu` and `Span._.nhiemvu` read from there. So a
`DocBin(store_user_data=True)` keeps everything, and `nhiemvu export batch.jsonl --to spacy` writes
one (`write_docbin`, read back with `read_docbin`).
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from .models import Assignee, Deadline, Metric, Notice, Reference, Target, Task

GROUPS = ("tasks", "agencies", "deadlines", "metrics", "references", "targets")
SPANS_PREFIX = "nhiemvu_"
NOTICE_KEY = "nhiemvu"                 # doc.user_data: the Notice as JSON
UNALIGNED_KEY = "nhiemvu_unaligned"    # doc.user_data: values not placed exactly
ERROR_KEY = "nhiemvu_error"            # doc.user_data: {code, message} when the text gave no Notice
_MODELS: dict[str, type[BaseModel]] = {
    "tasks": Task, "assignees": Assignee, "deadlines": Deadline, "metrics": Metric,
    "references": Reference, "targets": Target,
}
logger = logging.getLogger("nhiemvu.spacy")


# --- extension attributes: read from doc.user_data, so that a DocBin carries them ------------------

def _notice_json(doc: Doc) -> dict[str, Any] | None:
    data = doc.user_data.get(NOTICE_KEY)
    return data if isinstance(data, dict) else None


def _doc_notice(doc: Doc) -> Notice | None:
    data = _notice_json(doc)
    if data is None:
        return None
    if data.get("text") is None:  # stored without it: the doc's text is the normalized text
        data = {**data, "text": doc.text}
    return Notice.model_validate(data)


def value_at(data: dict[str, Any], path: str) -> BaseModel:
    """The typed value at `path` ("tasks/3/assignees/0") of a Notice's JSON."""
    node: Any = data
    parts = path.split("/")
    for name, index in zip(parts[::2], parts[1::2]):
        node = node[name][int(index)]
    return _MODELS[parts[-2]].model_validate(node)


def _span_value(span: Span) -> BaseModel | None:
    data = _notice_json(span.doc)
    path = span.id_
    if data is None or not path:
        return None
    try:
        return value_at(data, path)
    except (KeyError, IndexError, ValueError):
        return None


def _doc_unaligned(doc: Doc) -> list[dict[str, Any]]:
    return list(doc.user_data.get(UNALIGNED_KEY, []))


def _doc_error(doc: Doc) -> dict[str, str] | None:
    error = doc.user_data.get(ERROR_KEY)
    return dict(error) if error else None


Doc.set_extension("nhiemvu", getter=_doc_notice, force=True)
Doc.set_extension("nhiemvu_unaligned", getter=_doc_unaligned, force=True)
Doc.set_extension("nhiemvu_error", getter=_doc_error, force=True)
Span.set_extension("nhiemvu", getter=_span_value, force=True)


# --- the values of a notice and where they go --------------------------------------------------

@dataclass(frozen=True, slots=True)
class Item:
    group: str                 # one of GROUPS
    path: str                  # where the value is in the Notice's JSON: "tasks/3/deadlines/0"
    label: str
    start: int                 # span in the normalized text
    end: int
    text: str | None           # the value's text: the normalized text's words at the span
    kb_id: str = ""


def items(notice: Notice) -> Iterator[Item]:
    """Every value of `notice` that has a span, in document order within each group."""
    for t, task in enumerate(notice.tasks):
        here = f"tasks/{t}"
        label = task.path or task.id.rsplit(":", 1)[-1]  # unnumbered paragraphs: "p3"
        yield Item("tasks", here, label, *task.span, task.text)
        for a, who in enumerate(task.assignees):
            if who.span is not None:  # inherited agencies have no words in the task
                yield Item("agencies", f"{here}/assignees/{a}", who.role, *who.span, who.text,
                           kb_id=who.registry_id or "")
        yield from _timing(here, task.deadlines, task.metrics)
    for g, target in enumerate(notice.targets):
        here = f"targets/{g}"
        yield Item("targets", here, target.path or "target", *target.span, target.text)
        yield from _timing(here, target.deadlines, target.metrics)
    for r, reference in enumerate(notice.references):
        yield Item("references", f"references/{r}", reference.doc_type, *reference.span, reference.text)


def _timing(here: str, deadlines: list[Deadline], metrics: list[Metric]) -> Iterator[Item]:
    for d, deadline in enumerate(deadlines):
        yield Item("deadlines", f"{here}/deadlines/{d}", deadline.kind, *deadline.span, deadline.text)
    for m, metric in enumerate(metrics):
        yield Item("metrics", f"{here}/metrics/{m}", metric.op, *metric.span, metric.text)


def _split_tokens(doc: Doc, cuts: Iterable[int]) -> None:
    """Split the tokens that a span edge falls inside, so that every span covers whole tokens."""
    starts = [token.idx for token in doc]
    inside: dict[int, set[int]] = {}
    for cut in cuts:
        i = bisect_right(starts, cut) - 1
        if i >= 0 and starts[i] < cut < starts[i] + len(doc[i].text):
            inside.setdefault(i, set()).add(cut - starts[i])
    if not inside:
        return
    with doc.retokenize() as retokenizer:
        for i, offsets in inside.items():
            token = doc[i]
            bounds = [0, *sorted(offsets), len(token.text)]
            pieces = [token.text[a:b] for a, b in pairwise(bounds)]
            last = len(pieces) - 1
            head: Any = token.head if token.head.i != token.i else (token, last)
            retokenizer.split(token, pieces, heads=[(token, last)] * last + [head])


def annotate(doc: Doc, notice: Notice, *, split_tokens: bool = True, store_text: bool = True) -> Doc:
    """Fill `doc.spans` and `doc.user_data` from `notice`, whose spans point into `notice.text`;
    `doc.text` may be that text or the text it was extracted from."""
    from .align import TextAlignment

    normalized = notice.text or ""
    alignment = TextAlignment(normalized, doc.text)
    placed: list[tuple[Item, int, int, str]] = []
    unaligned: list[dict[str, Any]] = []
    for item in items(notice):
        where = alignment.place(item.start, item.end)
        if where is None:
            unaligned.append({"path": item.path, "group": item.group, "span": [item.start, item.end],
                              "problem": "not found in doc.text"})
        else:
            placed.append((item, where.start, where.end, where.match))
    if split_tokens:
        _split_tokens(doc, {edge for _, start, end, _ in placed for edge in (start, end)})
    spans: dict[str, list[Span]] = {group: [] for group in GROUPS}
    for item, start, end, match in placed:
        span = doc.char_span(start, end, label=item.label, kb_id=item.kb_id, span_id=item.path,
                             alignment_mode="expand")
        problem = None
        if span is None:
            problem = "no tokens there"
        elif (span.start_char, span.end_char) != (start, end):
            problem = f"expanded to token edges: {span.start_char}-{span.end_char}"
        elif match == "interrupted":
            problem = "other lines inside the span (a footnote or page number)"
        if problem is not None:
            unaligned.append({"path": item.path, "group": item.group, "span": [item.start, item.end],
                              "problem": problem})
        if span is not None:
            spans[item.group].append(span)
    for group, members in spans.items():
        doc.spans[SPANS_PREFIX + group] = members
    data = notice.model_dump(mode="json")
    if not store_text and normalized == doc.text:
        data["text"] = None  # Doc._.nhiemvu takes it from doc.text
    doc.user_data[NOTICE_KEY] = data
    doc.user_data[UNALIGNED_KEY] = unaligned
    doc.user_data.pop(ERROR_KEY, None)
    if unaligned:
        logger.warning("nhiemvu: %d values not placed exactly in doc.text (see doc._.nhiemvu_unaligned)",
                       len(unaligned))
    return doc


class NhiemvuComponent:
    """Runs nhiemvu's extraction on `doc.text` and puts its values on the Doc."""

    def __init__(self, name: str = "nhiemvu", *, issue_date: str | None = None, split_tokens: bool = True) -> None:
        from .pipeline import check_issue_date

        self.name = name
        self.issue_date = check_issue_date(issue_date)
        self.split_tokens = split_tokens

    def __call__(self, doc: Doc) -> Doc:
        from .errors import ExtractionError
        from .pipeline import extract_text

        try:
            notice = extract_text(doc.text, issue_date=self.issue_date)
        except ExtractionError as exc:  # an empty text, binary data: no notice, no spans
            for group in GROUPS:
                doc.spans[SPANS_PREFIX + group] = []
            doc.user_data.pop(NOTICE_KEY, None)
            doc.user_data[UNALIGNED_KEY] = []
            doc.user_data[ERROR_KEY] = {"code": exc.code, "message": exc.message}
            return doc
        return annotate(doc, notice, split_tokens=self.split_tokens)


@Language.factory(
    "nhiemvu",
    default_config={"issue_date": None, "split_tokens": True},
    assigns=["doc.spans", "doc._.nhiemvu", "span._.nhiemvu"],
)
def make_nhiemvu(nlp: Language, name: str, issue_date: str | None, split_tokens: bool) -> NhiemvuComponent:
    """`issue_date` ("2022-10-05", "2022-10", "2022"): the notice's date when the text has no header
    (relative deadlines resolve against it). `split_tokens`: split tokens at span edges (default);
    false keeps the tokenizer's tokens and lists the spans that had to grow in doc._.nhiemvu_unaligned."""
    return NhiemvuComponent(name, issue_date=issue_date, split_tokens=split_tokens)


# --- DocBin: `nhiemvu export batch.jsonl --to spacy` -------------------------------------------

def blank_pipeline() -> Language:
    """The pipeline the export builds docs with: Vietnamese, white-space words (no pyvi needed)."""
    import spacy

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


@dataclass(slots=True)
class DocBinSummary:
    docs: int = 0
    spans: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)


def _source_text(notice: Notice) -> str | None:
    """The normalized text of the notice's source file, when the file is there unchanged."""
    from .normalize import normalize
    from .readers import read_path, sha256_hex

    path = Path(notice.source.path) if notice.source.path else None
    if path is None or not path.is_file() or sha256_hex(path.read_bytes()) != notice.source.sha256:
        return None
    return normalize(read_path(path)).text


def _spans_fit(notice: Notice, text: str) -> bool:
    return all(item.text is None or text[item.start:item.end] == item.text for item in items(notice))


def write_docbin(records: Iterable[dict[str, Any]], out: str | Path) -> DocBinSummary:
    """A DocBin of the notices among `records` (batch JSON lines): each doc is a notice's normalized
    text with its spans and the Notice in user_data. A line without `text` (a batch run without
    --include-text) takes it from its source file when that file is still there with the same
    sha256, and every span is checked against it; otherwise the line is skipped and said so."""
    nlp = blank_pipeline()
    docbin = DocBin(store_user_data=True)
    summary = DocBinSummary()
    for number, record in enumerate(records, start=1):
        if "error" in record:
            summary.skipped.append(f"line {number}: error record ({record['error'].get('code')})")
            continue
        notice = Notice.model_validate(record)
        text = notice.text if notice.text is not None else _source_text(notice)
        if text is None:
            summary.skipped.append(f"line {number}: no text (run batch with --include-text, or keep the "
                                   f"source file {notice.source.path} unchanged)")
            continue
        if not _spans_fit(notice, text):
            summary.skipped.append(f"line {number}: the spans do not fit the text of {notice.source.path}")
            continue
        notice = notice.model_copy(update={"text": text})
        doc = annotate(nlp.make_doc(text), notice, store_text=False)
        for group in GROUPS:
            summary.spans[group] += len(doc.spans[SPANS_PREFIX + group])
        docbin.add(doc)
        summary.docs += 1
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(out)
    return summary


def read_docbin(path: str | Path, vocab: Vocab | None = None) -> Iterator[Doc]:
    """The docs of a DocBin written by `write_docbin`, with Doc._.nhiemvu and Span._.nhiemvu."""
    docbin = DocBin(store_user_data=True).from_disk(Path(path))
    return docbin.get_docs(vocab or blank_pipeline().vocab)
