"""What every reader returns: the document as blocks of text in reading order, plus its source."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Source


@dataclass(slots=True)
class Block:
    """One paragraph-like unit as the reader saw it.

    `gap_before` is True when the source put a visible gap (blank line, new paragraph) before it;
    a text line without one may be a wrapped continuation. `emphasis` holds (start, end) offsets of
    bold runs in `text` when the format says so (DOCX runs, PDF font names); text input marks bold
    with `**` instead and the normalizer reads that.
    """

    text: str
    page: int | None = None
    gap_before: bool = True
    emphasis: list[tuple[int, int]] = field(default_factory=list)
    footnote: bool = False
    wrapped: bool = False  # a line of a hard-wrapped paragraph (PDF): may continue the previous line


@dataclass(slots=True)
class RawDocument:
    source: Source
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)
