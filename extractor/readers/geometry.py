"""Page geometry shared by the PDF text-layer reader and OCR: pieces of text with their boxes.

Both sources describe a page the same way, so one layout step (pdf_layout.py) turns either into
blocks: header columns split, running headers and page numbers dropped, footnotes separated,
paragraphs rebuilt from line geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Piece:
    """A run of text on one visual line with no wide gap inside it.

    Coordinates are PDF points measured from the page's top-left corner (y grows downwards).
    `size` is the font size (text layer) or the line's glyph height (OCR). `bold` holds
    (start, end) offsets of bold text inside `text`. `word_gaps` are the spaces between its words in
    ems (text layer only): wider than the font's space on a justified line that is not its
    paragraph's last. `uncertain` holds (start, end) offsets of the words OCR was unsure of (word
    confidence under ocr.LOW_WORD_CONFIDENCE; OCR only).
    """

    text: str
    left: float
    top: float
    right: float
    bottom: float
    size: float
    bold: list[tuple[int, int]] = field(default_factory=list)
    word_gaps: list[float] = field(default_factory=list)
    uncertain: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Line:
    """Pieces that share a baseline, left to right; or, `row` set, one row of a ruled table read cell
    by cell (pdf_tables.py): a single piece over the row's box, its cells joined by " | "."""

    pieces: list[Piece]
    row: bool = False

    @property
    def left(self) -> float:
        return self.pieces[0].left

    @property
    def right(self) -> float:
        return self.pieces[-1].right

    @property
    def top(self) -> float:
        return min(p.top for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.pieces)

    @property
    def size(self) -> float:
        return max(p.size for p in self.pieces)


@dataclass(slots=True)
class PageLayout:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line]  # top to bottom
