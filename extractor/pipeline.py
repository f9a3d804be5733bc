"""The pipeline: read -> normalize -> outline (layout, items) -> recognize -> assemble -> Notice."""

from __future__ import annotations

import errno
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from .assemble import assemble, collect_targets
from .errors import CorruptFile, ExtractionError, NotFound
from .grammar import Grammar, current_grammar, default_grammar, using
from .layout import Layout, month_and_year, parse_layout
from .link import Linker, link
from .models import SCHEMA_VERSION, ErrorDetail, ErrorRecord, Notice, Source, SourceFormat
from .normalize import normalize
from .outline import build_outline
from .readers import MAX_BYTES, RawDocument, read_path, read_string, sha256_hex
from .recognize import recognize
from .registry import build_registry
from .rules import Rules
from .textutil import looks_vietnamese


def extract(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Notice:
    """The Notice of the file at `path` (.txt, .docx, .pdf), with `text` set (the normalized text
    every span refers to).

    A string is always a path: a notice's text goes to `extract_text`. Raises FileNotFoundError when
    there is no such file and ExtractionError (with a contract error code) when the file cannot
    become a Notice.
    """
    file = Path(path)
    try:
        file.stat()
    except OSError as exc:
        if isinstance(path, str) and ("\n" in path or exc.errno == errno.ENAMETOOLONG):
            raise FileNotFoundError(errno.ENOENT, "no such file (extract() takes a path, extract_text() "
                                    "a notice's text)", path[:60] + "…") from None
        raise
    return extract_raw(read_path(file, max_bytes=max_bytes))


def extract_text(text: str, *, issue_date: str | date | None = None) -> Notice:
    """The Notice of a notice's text (`source.path` is None). `issue_date` (a date or ISO
    "2025-08-12") stands in when the text has no dated header, so that relative deadlines ("trong thời
    hạn 15 ngày kể từ ngày ký", "trước ngày 15/9") resolve; a date in the header wins."""
    return extract_raw(read_string(text), issue_date=iso_date(issue_date))


def iso_date(value: str | date | None) -> str | None:
    """A date argument as the contract writes dates; ValueError when it is not one."""
    if value is None or isinstance(value, date):
        return value.isoformat() if value is not None else None
    return date.fromisoformat(value).isoformat()


def extract_or_error(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Notice | ErrorRecord:
    """One input, one record: the Notice of `path`, or the error record saying why there is none.
    Never raises (the CLI, `batch` and `report` all go through here)."""
    try:
        return extract(path, max_bytes=max_bytes)
    except (FileNotFoundError, NotADirectoryError):
        return error_record(path, NotFound(f"no such file: {path}"))
    except (PermissionError, IsADirectoryError) as exc:
        return error_record(path, CorruptFile(f"cannot read {path}: {exc.strerror or exc}"))
    except MemoryError:
        return error_record(path, ExtractionError("ran out of memory", code="too_large"))
    except Exception as exc:  # noqa: BLE001 - an input's failure is data, not a crash
        return error_record(path, exc)


def record_json(record: Notice | ErrorRecord, *, include_text: bool = False) -> dict[str, Any]:
    """The JSON object of an output line; a Notice's `text` only with `include_text` (the key stays,
    null, so that lines keep one shape)."""
    data = record.model_dump(mode="json")
    if isinstance(record, Notice) and not include_text:
        data["text"] = None
    return data


_ISO_PARTIAL = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def check_issue_date(value: str | None) -> str | None:
    """`value` if it is an ISO date, a year-month or a year; ValueError otherwise (the spaCy
    component's config takes these partial dates)."""
    if value is None:
        return None
    if not _ISO_PARTIAL.fullmatch(value):
        raise ValueError(f"issue_date must be YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    date(parts[0], parts[1], parts[2])  # ValueError for a month or day that does not exist
    return value


class Extractor:
    """The pipeline with one set of rules: their compiled `Grammar` and the link stage's `Linker`.

    `Extractor()` uses the bundled rules (or $NHIEMVU_RULES); `Extractor(rules=load_rules(dir))` a
    reviewer's own, next to the default in the same process. Build one and reuse it: compiling the
    patterns is the costly part, done on first use and kept with the grammar.
    """

    def __init__(self, rules: Rules | None = None, *, grammar: Grammar | None = None) -> None:
        if grammar is None:
            grammar = default_grammar() if rules is None else Grammar(rules)
        self.grammar = grammar
        self.rules = grammar.rules

    @property
    def linker(self) -> Linker:
        return self.grammar.stage("extractor.pipeline.linker", _build_linker)

    def extract(self, path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Notice:
        """As `extract` (module level), with these rules."""
        with using(self.grammar):
            return extract(path, max_bytes=max_bytes)

    def extract_text(self, text: str, *, issue_date: str | date | None = None) -> Notice:
        """As `extract_text` (module level), with these rules."""
        return self.extract_raw(read_string(text), issue_date=iso_date(issue_date))

    def extract_raw(self, raw: RawDocument, *, issue_date: str | None = None) -> Notice:
        """read -> Notice with these rules."""
        return extract_raw(raw, issue_date=issue_date, grammar=self.grammar)


def _build_linker(rules: Rules) -> Linker:
    return Linker.build(rules, build_registry(rules.registry))


def default_linker() -> Linker:
    """The link stage's data from the rules in force (the bundled ones by default) and the registry."""
    return current_grammar().stage("extractor.pipeline.linker", _build_linker)


def extract_raw(raw: RawDocument, *, linker: Linker | None = None, issue_date: str | None = None,
                grammar: Grammar | None = None) -> Notice:
    """read -> Notice: every stage after the reader. `issue_date` fills in a header without a date.
    Without `grammar`, the grammar in force (an `Extractor`'s inside its calls, else the default)."""
    with using(grammar) as used:
        notice = _extract_raw(raw, linker or default_linker(), issue_date)
    used.save()  # patterns this document needed first go to the disk cache (a no-op when none did)
    return notice


def _extract_raw(raw: RawDocument, linker: Linker, issue_date: str | None) -> Notice:
    doc = normalize(raw)
    layout = parse_layout(doc)
    if issue_date is not None and layout.issue_date is None:
        layout.issue_date = issue_date
    if raw.source.ocr:
        layout.warnings.extend(_unread_header(doc.text, layout))
    outline = build_outline(doc, layout)
    facts = recognize(doc, layout, outline)
    notice_id = raw.source.sha256[:16]
    tasks = assemble(doc, outline, facts, notice_id)
    targets = collect_targets(doc, outline, facts)
    tasks, issuer, doc_id = link(linker, tasks, layout, doc.text)
    warnings = list(raw.warnings) + list(layout.warnings)
    if not layout.foreign and not looks_vietnamese(doc.text):  # a Vietnamese header over other words
        warnings.insert(0, "the text does not look Vietnamese")
    if not tasks and not layout.is_news and not layout.foreign:
        warnings.append("no task found")
    if layout.is_news and layout.relay_index is None:
        warnings.append("news article without a relayed directive: no tasks extracted")
    notice = Notice(
        id=notice_id, doc_id=doc_id, source=raw.source, doc_type=layout.doc_type,
        number=layout.number, issuer=issuer, place=layout.place, issue_date=layout.issue_date,
        title=layout.title, signer=layout.signer, recipients=layout.recipients, tasks=tasks, targets=targets,
        references=facts.references, warnings=warnings, notes=doc.notes,
        text=doc.text,
    )
    notice._ocr_uncertain = doc.uncertain
    return notice


# The first part of a number is digits ("123/TB-UBND", "245-KL/TU", "08/2019/NQ-HĐND", "12a/BC-UBND")
_NUMBER_START = re.compile(r"^\d{1,5}[a-z]?(?:[/\-]|$)")
HEADER_SPAN = 1500  # characters of the text the header is in


def _unread_header(text: str, layout: Layout) -> list[str]:
    """What OCR could not read in the header of a scan, said rather than guessed: the number and the
    day of a signed original are written by hand, and OCR reads handwriting as anything ("J3}/UBND-",
    "4Ø/TB-UBND"). A number whose first part is not digits is dropped; a date line whose day is not
    readable gives its month and year."""
    warnings: list[str] = []
    if layout.number is not None and not _NUMBER_START.match(layout.number):
        warnings.append(f"the number could not be read from the scan (OCR gave {layout.number!r}; "
                        "written by hand on a signed original?)")
        layout.number = None
    elif layout.number is None and not layout.is_news:
        warnings.append("no number was read from the scan (written by hand on a signed original?)")
    if layout.issue_date is None:
        month_year = month_and_year(text[:HEADER_SPAN])
        if month_year and 1 <= month_year[0] <= 12:
            layout.issue_date = f"{month_year[1]}-{month_year[0]:02d}"
            warnings.append(f"the day of the issue date could not be read from the scan (written by hand "
                            f"on a signed original?): {layout.issue_date} is the month")
        else:
            warnings.append("no issue date was read from the scan (written by hand on a signed original?)")
    return warnings


_FORMATS: dict[str, SourceFormat] = {"txt": "txt", "docx": "docx", "pdf": "pdf"}  # an input's source format


def error_record(path: str | os.PathLike[str] | None, exc: BaseException) -> ErrorRecord:
    """The one output line for an input that gave no Notice."""
    code = exc.code if isinstance(exc, ExtractionError) else "internal"
    message = exc.message if isinstance(exc, ExtractionError) else f"{type(exc).__name__}: {exc}"
    suffix = Path(path).suffix.lower().lstrip(".") if path else "txt"
    sha256: str | None = None
    if path is not None:
        try:
            sha256 = sha256_hex(Path(path).read_bytes())
        except OSError:
            pass
    source: Source | dict[str, str | None]
    if suffix in _FORMATS and sha256:
        source = Source(path=str(path), sha256=sha256, format=_FORMATS[suffix])
    else:
        source = {"path": str(path) if path else None, "sha256": sha256, "format": suffix or None}
    return ErrorRecord(schema_version=SCHEMA_VERSION, source=source, error=ErrorDetail(code=code, message=message))
