"""Ruled tables in a text-layer PDF: pdfplumber finds the cells, pypdfium2's characters fill them.

A task table printed with ruling lines ("STT | Nhiệm vụ | Cơ quan chủ trì | …") wraps each cell over
several lines; read line by line, the cells of a row interleave and long cells split into paragraphs.
On a page that has ruling lines, pdfplumber's table finder (a runtime dependency) gives each cell's
box; the characters inside a box are that cell's text, and a row becomes one " | " line, as the text
reader and the DOCX reader give a table row. Tables of at most two columns without a task-table header
row are layout tables (the Decree 30 header, "Nơi nhận" beside the signature) and stay with the page
geometry (pdf_layout.py), as the DOCX reader reads them column by column.

Across a page break a table goes on: the header row repeated at the top of the next page is dropped,
and a row cut by the break (its STT cell empty, its text going on in lower case) is joined again.
Without pdfplumber, or when it fails on a file, every page is read as before, line by line.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from .base import looks_like_task_header
from .geometry import Piece

Box = tuple[float, float, float, float]  # left, top, right, bottom: points from the top-left corner
RULE_THICKNESS = 2.0  # a ruling line is a path at most this thick
MAX_SEGMENTS = 5000   # path segments read on a page


@dataclass(slots=True)
class Grid:
    """One table pdfplumber found: its box and its rows of cell boxes (None where a merged cell from
    the left or from above covers the position)."""

    box: Box
    rows: list[list[Box | None]]
    columns: list[tuple[float, float]]
    spans: list[tuple[float, float]] = field(init=False)  # each row's extent down the page

    def __post_init__(self) -> None:
        self.spans = [(min((cell[1] for cell in row if cell), default=0.0), max((cell[3] for cell in row if cell),
                                                                               default=0.0)) for row in self.rows]

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        for r, row in enumerate(self.rows):
            if not self.spans[r][0] <= y <= self.spans[r][1]:
                continue
            for c, cell in enumerate(row):
                if cell is not None and cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]:
                    return r, c
        return None

    def spanned(self, r: int, c: int) -> bool:
        """A position covered by a cell to its left (a merged cell over several columns): it has no
        cell of its own in the row, as in DOCX's w:gridSpan; one covered from above is an empty cell."""
        return any(cell is not None and cell[2] >= self.columns[c][1] - 1 for cell in self.rows[r][:c])


@dataclass(slots=True)
class Cell:
    text: str = ""
    bold: list[tuple[int, int]] = field(default_factory=list)

    def extend(self, text: str, bold: Sequence[tuple[int, int]]) -> None:
        """Add a line of the cell: a space between, none where a line broke inside a symbol, after a
        hyphen or a slash ("10-" + "NQ/TU", "66/2018/" + "QĐ-UBND": a narrow column breaks there)."""
        if not text:
            return
        inside = self.text.endswith(("-", "/")) and not self.text[-2:-1].isspace()
        joiner = "" if not self.text or inside else " "
        offset = len(self.text) + len(joiner)
        self.text += joiner + text
        self.bold.extend((s + offset, e + offset) for s, e in bold)


@dataclass(slots=True)
class TableRow:
    """A row as cells and as the piece the page layout reads (its text updated when a row cut by a page
    break is joined again)."""

    cells: list[Cell]
    piece: Piece

    def refresh(self) -> None:
        text, bold = row_text(self.cells)
        self.piece.text, self.piece.bold = text, bold


@dataclass(slots=True)
class OpenTable:
    """The table the previous page ended with: it may go on at the top of the next page."""

    header: str
    columns: int
    last: TableRow


@dataclass(slots=True)
class Rules:
    """The ruling lines of a page as pdfplumber's edges (points from the top-left corner)."""

    horizontal: list[dict[str, Any]] = field(default_factory=list)
    vertical: list[dict[str, Any]] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        """Two horizontal and two vertical rules: the least a ruled table draws (a header's underline
        alone is horizontal)."""
        return len(self.horizontal) >= 2 and len(self.vertical) >= 2

    def add(self, x0: float, top: float, x1: float, bottom: float) -> None:
        """A segment that runs straight across or down, as an edge; a slanted one is no rule."""
        if abs(bottom - top) <= RULE_THICKNESS and x1 - x0 > RULE_THICKNESS:
            middle = (top + bottom) / 2
            self.horizontal.append(_edge("h", x0, middle, x1, middle))
        elif abs(x1 - x0) <= RULE_THICKNESS and bottom - top > RULE_THICKNESS:
            middle = (x0 + x1) / 2
            self.vertical.append(_edge("v", middle, top, middle, bottom))


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {"object_type": "line_edge", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "width": x1 - x0, "height": bottom - top}


def ruling_lines(page: Any, height: float) -> Rules:
    """The page's path objects read as rules: a thin path is one rule (how LibreOffice and Word draw
    borders), any other path gives the straight segments between its points (a cell drawn as a
    rectangle, a grid drawn as one path)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    rules = Rules()
    x, y = ctypes.c_float(), ctypes.c_float()
    budget = MAX_SEGMENTS  # a chart or a drawing has thousands: a table's grid is read long before
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = obj.get_bounds()
        if min(right - left, top - bottom) <= RULE_THICKNESS:
            rules.add(left, height - top, right, height - bottom)
            continue
        budget -= pdfium_c.FPDFPath_CountSegments(obj.raw)
        if budget < 0:
            break
        a, b, c, d, e, f = obj.get_matrix().get()
        last: tuple[float, float] | None = None
        start: tuple[float, float] | None = None  # where the subpath began: a closing segment returns there
        for index in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
            if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
            if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_MOVETO or last is None:
                start = point
            else:
                rules.add(min(last[0], point[0]), min(last[1], point[1]), max(last[0], point[0]), max(last[1], point[1]))
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                rules.add(min(point[0], start[0]), min(point[1], start[1]), max(point[0], start[0]), max(point[1], start[1]))
            last = point
    return rules


class TableFinder:
    """pdfplumber's table finder over the same bytes, opened on the first page that needs it, given
    the page's ruling lines as read by pypdfium2 (so pdfplumber does not parse the page's content
    again); `available` is False when pdfplumber is not installed or cannot open the file (the pages
    are then read line by line)."""

    def __init__(self, data: bytes):
        self.data = data
        self.available = True
        self._document: Any = None

    def grids(self, index: int, rules: Rules) -> list[Grid]:
        document = self._open()
        if document is None or not rules.enough:
            return []
        settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": rules.vertical, "explicit_horizontal_lines": rules.horizontal}
        try:
            tables = document.pages[index].find_tables(settings)
            return [_grid(table) for table in tables]
        except Exception:  # noqa: BLE001 - pdfminer failed on the page: read it without tables
            return []

    def _open(self) -> Any:
        if self._document is None and self.available:
            try:
                import pdfplumber
            except ImportError:
                self.available = False
                return None
            try:
                self._document = pdfplumber.open(io.BytesIO(self.data))
            except Exception:  # noqa: BLE001 - pdfminer cannot parse the file: read it without tables
                self.available = False
        return self._document

    def close(self) -> None:
        if self._document is not None:
            self._document.close()
            self._document = None


def _grid(table: Any) -> Grid:
    rows = [[tuple(cell) if cell is not None else None for cell in row.cells] for row in table.rows]
    columns = [(column.bbox[0], column.bbox[2]) for column in table.columns]
    return Grid(tuple(table.bbox), rows, columns)


class Sized(Protocol):
    size: float


CharT = TypeVar("CharT", bound=Sized)
CellLines = Callable[[list[CharT]], list[tuple[str, list[tuple[int, int]]]]]


def read_grids(chars: list[CharT], grids: list[Grid], cell_lines: CellLines[CharT],
               position: Callable[[CharT], tuple[float, float]]) -> tuple[list[CharT], list[tuple[Grid, list[TableRow]]]]:
    """The characters outside the task tables, and each task table's rows. `position` gives a
    character's point (its middle, on the body of the letters); `cell_lines` turns a cell's
    characters into its lines (text and bold spans), top to bottom."""
    if not grids:
        return chars, []
    placed: dict[tuple[int, int, int], list[CharT]] = {}
    owner: list[int | None] = []
    for char in chars:
        x, y = position(char)
        where = next(((g, *found) for g, grid in enumerate(grids)
                      if grid.box[0] <= x <= grid.box[2] and grid.box[1] <= y <= grid.box[3]
                      and (found := grid.cell_at(x, y)) is not None), None)
        owner.append(where[0] if where else None)
        if where is not None:
            placed.setdefault(where, []).append(char)
    tables: list[tuple[Grid, list[TableRow]]] = []
    kept: set[int] = set()
    for g, grid in enumerate(grids):
        cells = [[_cell(cell_lines, placed.get((g, r, c), [])) if box is not None
                  else None if grid.spanned(r, c) else Cell() for c, box in enumerate(boxes)]
                 for r, boxes in enumerate(grid.rows)]
        texts = [[cell.text for cell in row if cell is not None] for row in cells]
        if max(map(len, texts), default=0) <= 2 and not any(map(looks_like_task_header, texts)):
            continue  # a layout table: the page geometry reads it column by column
        kept.add(g)
        rows = []
        for r, row in enumerate(cells):
            present = [cell for cell in row if cell is not None]
            if not any(cell.text.strip() for cell in present):
                continue  # an empty row prints nothing, as in DOCX
            text, bold = row_text(present)
            boxes = [box for box in grid.rows[r] if box is not None]
            size = max((char.size for c in range(len(row)) for char in placed.get((g, r, c), [])), default=0.0)
            piece = Piece(text, grid.box[0], min(box[1] for box in boxes), grid.box[2], max(box[3] for box in boxes),
                          size, bold)
            rows.append(TableRow(present, piece))
        tables.append((grid, rows))
    outside = [char for char, g in zip(chars, owner) if g is None or g not in kept]
    return outside, tables


def _cell(cell_lines: CellLines[CharT], chars: list[CharT]) -> Cell:
    cell = Cell()
    for text, bold in cell_lines(chars):
        cell.extend(text, bold)
    return cell


def row_text(cells: list[Cell]) -> tuple[str, list[tuple[int, int]]]:
    """Cells joined by " | " as the DOCX reader joins them ("1 | | x" keeps an empty cell, "| Tổng
    cộng" an empty first one), their white space collapsed; bold spans moved along."""
    text = ""
    bold: list[tuple[int, int]] = []
    for i, cell in enumerate(cells):
        content = " ".join(cell.text.split())
        if i:
            text += " |" if text else "|"
        if not content:
            continue
        text += " " if text else ""
        if cell.text == content:  # offsets hold only where no white space was collapsed
            bold.extend((s + len(text), e + len(text)) for s, e in cell.bold)
        text += content
    return text, bold


def continue_table(previous: OpenTable | None, rows: list[TableRow], columns: int) -> list[TableRow]:
    """The rows of a table at the top of a page, less what only goes on from the previous page: the
    repeated header row, and the rest of a row the page break cut (joined to it cell by cell)."""
    if previous is None or previous.columns != columns or not rows:
        return rows
    if rows[0].piece.text == previous.header:
        rows = rows[1:]
    if rows and _goes_on(rows[0]) and len(rows[0].cells) == len(previous.last.cells):
        for cell, rest in zip(previous.last.cells, rows[0].cells):
            cell.extend(rest.text, rest.bold)
        previous.last.refresh()
        rows = rows[1:]
    return rows


def _goes_on(row: TableRow) -> bool:
    """The rest of a row cut by a page break: no STT (or a first cell of text going on in lower case;
    a lettered row, "a | …", has a label there), and a cell going on in lower case or only a few cells
    going on (the short ones ended on the page before). A row of its own without STT fills most of
    its cells with text that begins anew ("| Duy trì, vận hành … | Sở … | Năm 2025")."""
    label = row.cells[0].text.strip()
    if label and not (len(label) > 4 and label[:1].islower()):
        return False
    going_on = [cell.text.strip() for cell in row.cells if cell.text.strip()]
    return any(text[:1].islower() for text in going_on) or 0 < len(going_on) <= len(row.cells) // 2


__all__ = ["Grid", "OpenTable", "Rules", "TableFinder", "TableRow", "continue_table", "read_grids", "row_text",
           "ruling_lines"]
