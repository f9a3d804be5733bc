"""What every reader returns: the document as blocks of text in reading order, plus its source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..grammar import current_grammar
from ..models import Source
from ..rules import Rules


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


# A header row of a task table: at least two cells like those of rules/sections.yaml. A table with at
# most two columns and no such row is a layout table (the Decree 30 header, "Nơi nhận" beside the
# signature), read column by column; any other table is read row by row, its cells joined by
# CELL_SEPARATOR as a clerk types them.
CELL_SEPARATOR = " | "


def looks_like_task_header(cells: list[str]) -> bool:
    header_cell = current_grammar().stage("extractor.readers.base.task_header_cell", _build_task_header_cell)
    return sum(1 for text in cells if header_cell.match(text.strip())) >= 2


def _build_task_header_cell(rules: Rules) -> re.Pattern[str]:
    def words(phrases: list[str]) -> str:  # a space in a phrase may be left out ("NhiệmVụ")
        return "|".join(re.escape(p).replace(r"\ ", r"\s*") for p in phrases)

    s = rules.sections
    return re.compile(rf"^(?:{words(s.task_table_header_cells)}|(?:{words(s.task_table_header_starts)}).*)$",
                      re.IGNORECASE)
