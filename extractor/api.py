"""The public Python API beyond `extract`: many files in order, batch output read back as typed records,
and the recognizers as functions on any text.

The `find_*` functions run the pipeline's own recognizers (extractor/recognize/) on a text the caller
owns and return the contract models (`Deadline`, `Metric`, `Assignee`, `Reference`) whose `span` and
`text` point into that text as given. The recognizers expect the normalizer's text (NFC, one tone-mark
placement); a text in another form (NFD from some PDF tools, "hoà" for "hòa", zero-width characters)
is normalized here and the spans are mapped back, so `text[span[0]:span[1]] == value.text` always holds.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from .models import Assignee, Deadline, ErrorRecord, Metric, Notice, Reference

if TYPE_CHECKING:
    from .grammar import Grammar

Record = Notice | ErrorRecord
Found = TypeVar("Found", Deadline, Metric, Assignee, Reference)

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\ufeff\u00ad")
_SPACES = frozenset("\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")


# --- many files ------------------------------------------------------------------------------------
def iter_extract(paths: Iterable[str | os.PathLike[str]], *, workers: int = 1, timeout: float | None = None,
                 max_bytes: int | None = None) -> Iterator[Record]:
    """One record per path, in the order given: the Notice (with `text`) or the ErrorRecord saying why
    there is none (`not_found`, `corrupt_file`, ...); never raises for an input.

    `workers=1` extracts in this process. More workers are processes that can be killed: a file that
    runs past `timeout` seconds (default 60) gets a `timeout` record and its worker is replaced, as in
    `nhiemvu batch`. Paths are files; `extractor.batch.collect_inputs` expands folders and globs.
    """
    from .batch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, WorkerPool
    from .pipeline import extract_or_error

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if workers <= 1:
        for path in paths:
            yield extract_or_error(path, max_bytes=limit)
        return
    jobs = [(index, os.fspath(path)) for index, path in enumerate(paths)]
    if not jobs:
        return
    pool = WorkerPool(min(workers, len(jobs)), DEFAULT_TIMEOUT if timeout is None else timeout,
                      include_text=True, max_bytes=limit)
    waiting: dict[int, str] = {}
    following = 0
    try:
        for index, line, _ in pool.run(jobs):
            waiting[index] = line
            while following in waiting:
                yield parse_record(waiting.pop(following))
                following += 1
    finally:
        pool.close()


def parse_record(line: str | dict[str, object]) -> Record:
    """A batch line (JSON text or its parsed object) as a typed record."""
    data = json.loads(line) if isinstance(line, str) else line
    if isinstance(data, dict) and "error" in data:
        return ErrorRecord.model_validate(data)
    return Notice.model_validate(data)  # anything else that is not a Notice: ValidationError (a ValueError)


def load_records(jsonl: str | os.PathLike[str]) -> list[Record]:
    """The records of a batch's JSON Lines (`nhiemvu batch`, `nhiemvu extract --jsonl`), typed.

    Raises FileNotFoundError for a missing file and ValueError naming the line for one that is not a
    notice or an error record. Notices carry `text` only when the batch ran with --include-text.
    """
    from .export import read_lines

    records: list[Record] = []
    for number, data in enumerate(read_lines(os.fspath(jsonl)), start=1):
        try:
            records.append(parse_record(data))
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            raise ValueError(f"{os.fspath(jsonl)}: record {number} is not a notice or an error record: "
                             f"{str(exc).splitlines()[0]}") from exc
    return records


# --- the recognizers on any text -------------------------------------------------------------------
def find_deadlines(text: str, *, issue_date: str | date | None = None,
                   grammar: Grammar | None = None) -> list[Deadline]:
    """Deadlines in `text` ("trước ngày 31/8/2022", "trong tháng 8/2022", "định kỳ hàng tháng"):
    kind, start and end dates, recurrence, span. Relative ones ("trong thời hạn 15 ngày kể từ ngày
    ký") and dates without a year ("trước ngày 15/9") resolve against `issue_date`; without it they
    keep no date. Dates inside citations ("Quyết định số 12/QĐ-UBND ngày 01/3/2022") are not deadlines."""
    from .grammar import using
    from .pipeline import iso_date
    from .recognize.deadlines import find_deadlines as recognize_deadlines

    normalized, spans = _Normalized.of(text)
    with using(grammar):
        found = recognize_deadlines(normalized, 0, iso_date(issue_date), _citations(normalized))
    return spans.remap(found)


def find_metrics(text: str, *, grammar: Grammar | None = None) -> list[Metric]:
    """Targets in `text` ("ít nhất 80% hồ sơ", "từ 5 đến 10 tỷ đồng"): value, value_max, operator,
    unit, subject, span. Past results ("đã đạt 75%") and numbers inside citations are not targets."""
    from .grammar import using
    from .recognize.metrics import find_metrics as recognize_metrics

    normalized, spans = _Normalized.of(text)
    with using(grammar):
        return spans.remap(recognize_metrics(normalized, 0, _citations(normalized)))


def find_agencies(text: str, *, grammar: Grammar | None = None) -> list[Assignee]:
    """The agencies `text` gives work to, each with its role as in a task (lead, support, report_to),
    linked to the agency registry (`registry_id`, official `canonical`, `level`, `kind`, `current`).
    Agencies without a role (inside a citation or an aside, or "các cơ quan liên quan") are left out."""
    from .grammar import using
    from .pipeline import default_linker
    from .recognize.agencies import find_agencies as recognize_agencies
    from .recognize.roles import assign_roles

    normalized, spans = _Normalized.of(text)
    with using(grammar):
        mentions = recognize_agencies(normalized, 0)
        linker = default_linker()
        assignees = [linker.link_assignee(linker.fit_extent(a, normalized), None)
                     for a in assign_roles(normalized, 0, mentions, _citations(normalized))]
    return spans.remap(assignees)


def find_references(text: str, *, grammar: Grammar | None = None) -> list[Reference]:
    """Citations of other documents in `text` ("Quyết định số 12/QĐ-UBND ngày 01/3/2022 của UBND
    tỉnh"): type, number, date, issuer, span."""
    from .grammar import using
    from .recognize.references import find_references as recognize_references

    normalized, spans = _Normalized.of(text)
    with using(grammar):
        return spans.remap(recognize_references(normalized, 0))


def _citations(text: str) -> list[tuple[int, int]]:
    """Spans the pipeline keeps the other recognizers out of (a date in a citation is no deadline)."""
    from .recognize.references import find_references as recognize_references

    return [r.span for r in recognize_references(text)] if any(c.isdigit() for c in text) else []


class _Normalized:
    """The recognizers' form of a caller's text and the way back: `origin[i]` is the caller's offset
    of normalized character i (one more entry for the end)."""

    __slots__ = ("origin", "original")

    def __init__(self, original: str, origin: list[int] | None):
        self.original = original
        self.origin = origin

    @classmethod
    def of(cls, text: str) -> tuple[str, _Normalized]:
        from .normalize import normalize_tone_marks

        if unicodedata.is_normalized("NFC", text) and not any(c in _ZERO_WIDTH for c in text):
            # one character for one: tone marks move within their syllable, spaces stay spaces
            same = "".join(" " if c in _SPACES else c for c in text)
            return normalize_tone_marks(same), cls(text, None)
        pieces: list[str] = []
        origin: list[int] = []
        index = 0
        while index < len(text):
            end = index + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1
            cluster = text[index:end]
            if cluster not in _ZERO_WIDTH:
                composed = " " if cluster in _SPACES else unicodedata.normalize("NFC", cluster)
                pieces.append(composed)
                origin.extend([index] * len(composed))
            index = end
        origin.append(len(text))
        return normalize_tone_marks("".join(pieces)), cls(text, origin)

    def remap(self, found: list[Found]) -> list[Found]:
        out: list[Found] = []
        for item in found:
            if item.span is None:
                out.append(item)
                continue
            start, end = item.span
            if self.origin is not None:
                start, end = self.origin[start], self.origin[end]
            written = self.original[start:end]
            update: dict[str, object] = {"span": (start, end)}
            if item.text is not None:
                update["text"] = written
            out.append(item.model_copy(update=update))
        return out
