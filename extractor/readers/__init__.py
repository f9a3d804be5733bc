"""Readers turn a file into blocks. One module per format; register new formats in READERS."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import TooLarge, UnsupportedFormat
from ..models import Source, SourceFormat
from .base import Block, RawDocument
from .text import blocks_from_text, read_text_bytes

MAX_BYTES = 50 * 1024 * 1024



@dataclass(slots=True)
class Reading:
    blocks: list[Block]
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)
    ocr_confidence: float | None = None


ReaderFn = Callable[[bytes], Reading]


def _read_text(data: bytes) -> Reading:
    return Reading(read_text_bytes(data))


def _read_pdf(data: bytes) -> Reading:
    # imported on first use: pypdfium2 is not needed for text input
    from .pdf import read_pdf

    reading = read_pdf(data)
    return Reading(reading.blocks, reading.ocr, reading.warnings, reading.ocr_confidence)


def _read_docx(data: bytes) -> Reading:
    from .docx import read_docx_bytes
    return Reading(read_docx_bytes(data))


READERS: dict[str, tuple[SourceFormat, ReaderFn]] = {
    ".docx": ("docx", _read_docx),
    ".txt": ("txt", _read_text),
    ".text": ("txt", _read_text),
    ".md": ("txt", _read_text),
    ".pdf": ("pdf", _read_pdf),
}


# Formats people send that no reader takes, and what to do instead.
REFUSED: dict[str, str] = {
    ".doc": "a legacy Word .doc file is not read: open it in Word or LibreOffice and save it as .docx "
            "(soffice --headless --convert-to docx FILE.doc)",
}


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_path(path: str | Path, max_bytes: int = MAX_BYTES) -> RawDocument:
    path = Path(path)
    size = path.stat().st_size  # a missing file is FileNotFoundError whatever its name
    _reader(path)
    if size > max_bytes:
        raise TooLarge(f"{size} bytes is over the {max_bytes} byte limit")
    data = path.read_bytes()
    return read_bytes(data, path)


def _reader(path: Path) -> tuple[SourceFormat, ReaderFn]:
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        if suffix in REFUSED:
            raise UnsupportedFormat(REFUSED[suffix])
        raise UnsupportedFormat(f"unsupported file type {path.suffix or '(none)'!r}; "
                                f"supported: {', '.join(sorted(READERS))}")
    return reader


def read_bytes(data: bytes, path: str | Path) -> RawDocument:
    """Blocks of a file already in memory; the reader is chosen by the file name's extension."""
    path = Path(path)
    fmt, read = _reader(path)
    reading = read(data)
    blocks = reading.blocks
    pages = max((b.page or 0 for b in blocks), default=0) if fmt != "txt" else None
    source = Source(path=str(path), sha256=sha256_hex(data), format=fmt, pages=pages or None,
                    ocr=reading.ocr, ocr_confidence=reading.ocr_confidence)
    return RawDocument(source=source, blocks=blocks, warnings=list(reading.warnings))


def read_string(text: str, path: str | None = None) -> RawDocument:
    data = text.encode("utf-8")
    source = Source(path=path, sha256=sha256_hex(data), format="txt")
    return RawDocument(source=source, blocks=blocks_from_text(text))


__all__ = ["READERS", "Block", "RawDocument", "read_bytes", "read_path", "read_string", "sha256_hex"]
