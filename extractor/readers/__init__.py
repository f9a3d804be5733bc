"""Readers turn a file into blocks. One module per format; register new formats in READERS."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ..errors import TooLarge, UnsupportedFormat
from ..models import Source
from .base import Block, RawDocument
from .text import blocks_from_text, read_text_bytes

MAX_BYTES = 50 * 1024 * 1024

ReaderFn = Callable[[bytes], list[Block]]
READERS: dict[str, tuple[str, ReaderFn]] = {
    ".txt": ("txt", read_text_bytes),
    ".text": ("txt", read_text_bytes),
    ".md": ("txt", read_text_bytes),
}


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_path(path: str | Path) -> RawDocument:
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    size = path.stat().st_size
    if reader is None:
        raise UnsupportedFormat(f"unsupported file type {path.suffix or '(none)'!r}; "
                                f"supported: {', '.join(sorted(READERS))}")
    if size > MAX_BYTES:
        raise TooLarge(f"{size} bytes is over the {MAX_BYTES} byte limit")
    data = path.read_bytes()
    fmt, read = reader
    source = Source(path=str(path), sha256=sha256_hex(data), format=fmt)  # type: ignore[arg-type]
    return RawDocument(source=source, blocks=read(data))


def read_string(text: str, path: str | None = None) -> RawDocument:
    data = text.encode("utf-8")
    source = Source(path=path, sha256=sha256_hex(data), format="txt")
    return RawDocument(source=source, blocks=blocks_from_text(text))


__all__ = ["Block", "RawDocument", "READERS", "read_path", "read_string", "sha256_hex"]
