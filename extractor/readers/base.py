"""What every reader returns: the document as blocks of text in reading order, plus its source."""

from __future__ import annotations

import re
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
    uncertain: list[tuple[int, int]] = field(default_factory=list)  # words OCR was unsure of, like `emphasis`


@dataclass(slots=True)
class RawDocument:
    source: Source
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)


# A header row of a task table: at least two cells like these. A table with at most two columns and
# no such row is a layout table (the Decree 30 header, "Nơi nhận" beside the signature), read column by
# column; any other table is read row by row, its cells joined by " | " as a clerk types them.
TASK_HEADER_CELL = re.compile(
    r"^(?:s?tt|số\s*tt|nhiệm\s*vụ.*|nội\s*dung.*|công\s*việc.*|cơ\s*quan.*|đơn\s*vị.*|"
    r"thời\s*(?:gian|hạn).*|tiến\s*độ.*|ghi\s*chú|kết\s*quả.*|sản\s*phẩm.*)$", re.IGNORECASE)


def looks_like_task_header(cells: list[str]) -> bool:
    return sum(1 for text in cells if TASK_HEADER_CELL.match(text.strip())) >= 2
