"""The pipeline: read -> normalize -> outline (layout, items) -> recognize -> assemble -> Notice."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .assemble import assemble, collect_targets
from .errors import ExtractionError
from .layout import parse_layout
from .link import Linker, link
from .models import SCHEMA_VERSION, ErrorDetail, ErrorRecord, Notice, Source
from .normalize import normalize
from .outline import build_outline
from .readers import RawDocument, read_path, read_string, sha256_hex
from .recognize import recognize
from .registry import default_registry
from .rules import load_rules
from .textutil import looks_vietnamese


def extract(path_or_text: str | Path, *, include_text: bool = False) -> Notice:
    """Extract a Notice from a file path or from the text of a notice itself.

    A `Path`, or a one-line string naming an existing file, is read from disk; any other string is
    taken as the notice's text. Raises ExtractionError (with a contract error code) on bad input.
    """
    raw = _read(path_or_text)
    return extract_raw(raw, include_text=include_text)


def _read(path_or_text: str | Path) -> RawDocument:
    if isinstance(path_or_text, Path):
        return read_path(path_or_text)
    if "\n" not in path_or_text and len(path_or_text) < 4096:
        candidate = Path(path_or_text)
        try:
            if candidate.is_file():
                return read_path(candidate)
        except OSError:
            pass
    return read_string(path_or_text)


def extract_text(text: str, *, issue_date: str | None = None) -> Notice:
    """Extract the notice written in `text` (never taken for a path).

    `Notice.text` is always set: it is the normalized text that every span points into.
    `issue_date` ("2022-10-05", "2022-10" or "2022") stands in for the date of the header, so that
    relative deadlines ("trong vòng 15 ngày kể từ ngày ký") resolve against it.
    """
    return extract_raw(read_string(text), include_text=True, issue_date=check_issue_date(issue_date))


_ISO_PARTIAL = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def check_issue_date(value: str | None) -> str | None:
    """`value` if it is an ISO date, a year-month or a year; ValueError otherwise."""
    if value is None:
        return None
    if not _ISO_PARTIAL.fullmatch(value):
        raise ValueError(f"issue_date must be YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}")
    parts = [int(p) for p in value.split("-")] + [1, 1]
    date(parts[0], parts[1], parts[2])  # ValueError for a month or day that does not exist
    return value


_DEFAULT_LINKER: list[Linker] = []


def default_linker() -> Linker:
    """The link stage's data from the bundled rules and registry, built on first use."""
    if not _DEFAULT_LINKER:
        _DEFAULT_LINKER.append(Linker.build(load_rules(), default_registry()))
    return _DEFAULT_LINKER[0]


def extract_raw(raw: RawDocument, *, include_text: bool = False, linker: Linker | None = None,
                issue_date: str | None = None) -> Notice:
    doc = normalize(raw)
    layout = parse_layout(doc)
    if issue_date is not None:  # the caller knows the date (a snippet without its header)
        layout.issue_date = issue_date
    if raw.source.ocr:
        layout.warnings.extend(_unread_header(doc.text, layout))
    outline = build_outline(doc, layout)
    facts = recognize(doc, layout, outline)
    notice_id = raw.source.sha256[:16]
    tasks = assemble(doc, outline, facts, notice_id)
    targets = collect_targets(doc, outline, facts)
    tasks, issuer, doc_id = link(linker or default_linker(), tasks, layout.issuer, layout.issuer_lines,
                                 layout.number, layout.issue_date, doc.text)
    warnings = list(raw.warnings) + list(layout.warnings)
    if not looks_vietnamese(doc.text):
        warnings.insert(0, "the text does not look Vietnamese")
    if not tasks and not layout.is_news:
        warnings.append("no task found")
    if layout.is_news and layout.relay_index is None:
        warnings.append("news article without a relayed directive: no tasks extracted")
    return Notice(
        id=notice_id, doc_id=doc_id, source=raw.source, doc_type=layout.doc_type,  # type: ignore[arg-type]
        number=layout.number, issuer=issuer, place=layout.place, issue_date=layout.issue_date,
        title=layout.title, signer=layout.signer, recipients=layout.recipients, tasks=tasks, targets=targets,
        references=facts.references, warnings=warnings, notes=doc.notes,
        text=doc.text if include_text else None,
    )


# The first part of a number is digits ("123/TB-UBND", "245-KL/TU", "08/2019/NQ-HĐND", "12a/BC-UBND")
_NUMBER_START = re.compile(r"^\d{1,5}[a-z]?(?:[/\-]|$)")
# The month and year of the date line when its day is not readable
_MONTH_YEAR = re.compile(r"ngày\b.{0,12}?tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>(?:19|20)\d{2})")
HEADER_SPAN = 1500  # characters of the text the header is in


def _unread_header(text: str, layout) -> list[str]:
    """What OCR could not read in the header of a scan, said rather than guessed: the number and the
    day of a signed original are written by hand, and OCR reads handwriting as anything ("J3}/UBND-",
    "4Ø/TB-UBND"). A number whose first part is not digits is dropped; a date line whose day is not
    readable gives its month and year."""
    warnings = []
    if layout.number is not None and not _NUMBER_START.match(layout.number):
        warnings.append(f"the number could not be read from the scan (OCR gave {layout.number!r}; "
                        "written by hand on a signed original?)")
        layout.number = None
    elif layout.number is None and not layout.is_news:
        warnings.append("no number was read from the scan (written by hand on a signed original?)")
    if layout.issue_date is None:
        month_year = _MONTH_YEAR.search(text[:HEADER_SPAN])
        if month_year and 1 <= int(month_year["m"]) <= 12:
            layout.issue_date = f"{month_year['y']}-{int(month_year['m']):02d}"
            warnings.append(f"the day of the issue date could not be read from the scan (written by hand "
                            f"on a signed original?): {layout.issue_date} is the month")
        else:
            warnings.append("no issue date was read from the scan (written by hand on a signed original?)")
    return warnings


def error_record(path: str | Path | None, exc: BaseException, data: bytes | None = None) -> ErrorRecord:
    """The one output line for an input that gave no Notice."""
    code = exc.code if isinstance(exc, ExtractionError) else "internal"
    message = exc.message if isinstance(exc, ExtractionError) else f"{type(exc).__name__}: {exc}"
    suffix = Path(path).suffix.lower().lstrip(".") if path else "txt"
    source = {"path": str(path) if path else None, "sha256": sha256_hex(data) if data is not None else None,
              "format": suffix or None}
    if data is None and path is not None:
        try:
            source["sha256"] = sha256_hex(Path(path).read_bytes())
        except OSError:
            pass
    if source["format"] in ("txt", "docx", "pdf") and source["sha256"]:
        source = Source(path=source["path"], sha256=source["sha256"], format=source["format"])  # type: ignore[assignment]
    return ErrorRecord(schema_version=SCHEMA_VERSION, source=source, error=ErrorDetail(code=code, message=message))
