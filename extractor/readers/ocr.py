"""OCR of a PDF with no text layer: Tesseract (`vie`) through its command line, into page layouts.

Each page is rendered with pypdfium2 at 300 dpi in grayscale, straightened (the skew is estimated
from the rows of ink, see `_skew_angle`), and given to `tesseract stdin stdout -l vie --psm 4 tsv`
(or, where libtesseract loads, to the same engine kept in this process: ocr_engine.py).
`--psm 4` reads the page as one column of lines of varying size, so the two cells of the header table
("ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") come back on one line, which is cut
into pieces at the gutter (see `_column_splits`), as the text-layer reader cuts its runs;
pdf_layout.py then reads the columns.
Tesseract runs with OMP_THREAD_LIMIT=1: its OpenMP threads cost more than they gain on small
machines (8.5 s against 2.0 s a page on 2 cores, first pages of the 22 corpus scans).

Why straighten: Tesseract groups the words of a skewed page into the right lines by itself (the text
is as good either way), but the boxes keep the skew: on a page turned by 0.9°, the left margin of
the body drifted from 54 to 63 pt down the page, more than the first-line indent pdf_layout.py looks
for. Straightened, body lines start within 1 pt of where the text layer has them. The estimate takes
0.1 s and the rotation 0.2 s a page.

A page whose OCR fails or takes longer than PAGE_TIMEOUT_SECONDS, or that holds ink where OCR finds
no word, comes back with no lines, and its number and reason are in `OcrReading.failed_pages` (the
PDF reader makes each a warning naming the page); only when every page fails is it an error.
Without the binary or its Vietnamese data the error is "no_text_layer" saying which is missing and
what to install. `OcrReading.confidence` is the mean confidence of the words kept (the notice's
`source.ocr_confidence`).

Coordinates are PDF points from the page's top-left, like the text layer's. A piece's `size` is its
estimated font size and its top and bottom a font box around its estimated baseline (see
`_metrics`), as the text-layer reader makes them, so thresholds in font sizes and gaps between
lines mean the same for both sources; left and right are the ink's.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from ..errors import ExtractionError
from ..models import ErrorCode
from ..textutil import SUPERSCRIPT_DIGITS as _SUPERSCRIPT_DIGITS
from .base import looks_like_task_header
from .geometry import Line, PageLayout, Piece
from .pdf_tables import Grid, OpenTable, TableRow, continue_table

if TYPE_CHECKING:
    import pypdfium2
    from PIL import Image

    from ..rules import Rules

TESSERACT = "tesseract"  # the binary's name or path; tests point it elsewhere
LANGUAGE = "vie"
DPI = 300
PAGE_TIMEOUT_SECONDS = 90.0
MAX_PIXELS = 40_000_000  # A3 at 300 dpi is 17 million
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"

# A gap between two words wider than this many font sizes separates two cells of a table row (the
# text layer reader uses the same figure).
COLUMN_GAP = 2.5
# ... and a gap wider than this many when the cells show in the lines around (see `_column_splits`;
# the text layer reader joins runs closer than 1.2 sizes).
NEAR_COLUMN_GAP = 1.2
NEIGHBOURS = 3
# Font size / the 75th percentile of a line's word heights. On the 55 pages of the corpus scans
# (LibreOffice, Liberation Serif 11-14 pt, scripts/render_scan.py, read at 300 dpi) that height was
# 0.91 font sizes (median of 1420 lines matched to the text layer; 5% of lines under 0.77, 5% over
# 0.98). The 90th percentile scatters as little overall but a box swollen by a speck decides it on
# short lines (a 14 pt line read as 22 pt), and pdf_layout.py then saw 18 paragraph starts that
# differ from the text layer's on 1721 blocks instead of 4.
SIZE_PER_WORD_HEIGHT = 1.1
# A word Tesseract gives less confidence than this (0-100) is one it was unsure of: the review report
# marks a task's lead, deadline or metric written with such a word ("OCR không chắc chắn").
LOW_WORD_CONFIDENCE = 60.0
# A page with at least this many "|" inside its lines has its table rows typed with bars ("1 | Ban hành
# … | Văn phòng UBND tỉnh | Quý II/2026", as the text reader gives a table row): a bar that opens or
# closes a line there is a cell's edge ("| Duy trì …": an empty first cell), kept when it stands a word
# space from its neighbour, where elsewhere a bar at a line's end is the page edge or dust.
TYPED_BARS = 6
# How far below the baseline the 10th percentile of a line's word bottoms lies, in font sizes
# (0.04, 0.01-0.07 over 121 lines of the same pages).
BASELINE_DROP = 0.04


class TesseractMissing(ExtractionError):
    """No OCR possible here: the PDF is a scan and Tesseract or its Vietnamese data is not installed."""

    code = "no_text_layer"


class OcrFailed(ExtractionError):
    """Tesseract ran but no page could be read."""

    code = "internal"


@dataclass(slots=True)
class OcrReading:
    pages: list[PageLayout]
    failed_pages: dict[int, str] = field(default_factory=dict)  # page number -> reason
    # page number -> (sum of the confidences of the words kept, number of those words)
    word_confidences: dict[int, tuple[float, int]] = field(default_factory=dict)

    @property
    def confidence(self) -> float | None:
        """Mean word confidence (0-100) over every word read, or None when no word was."""
        total = sum(words for _, words in self.word_confidences.values())
        if not total:
            return None
        return round(sum(summed for summed, _ in self.word_confidences.values()) / total, 1)

    def page_confidence(self, number: int) -> float | None:
        summed, words = self.word_confidences.get(number, (0.0, 0))
        return round(summed / words, 1) if words else None


@dataclass(slots=True)
class _Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float

    @property
    def height(self) -> int:
        return self.bottom - self.top


# --- availability ----------------------------------------------------------------------------------
@cache
def tesseract_available() -> bool:
    """True when the Tesseract binary runs and has the Vietnamese language data."""
    return missing_reason() is None


def missing_reason() -> str | None:
    """Why OCR is not possible here (the binary or its Vietnamese data missing), or None."""
    if shutil.which(TESSERACT) is None:
        return f"the Tesseract binary ({TESSERACT!r}) is not on PATH"
    try:
        listed = subprocess.run([TESSERACT, "--list-langs"], capture_output=True, text=True, timeout=30,
                                env=_environment(), check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({exc})"
    languages = {line.strip() for line in (listed.stdout + listed.stderr).splitlines()}
    if LANGUAGE not in languages:
        return f"Tesseract has no Vietnamese language data ({LANGUAGE!r})"
    return None


def require_tesseract() -> None:
    """Raise TesseractMissing (code "no_text_layer") with the reason and the install command."""
    if tesseract_available():
        return
    reason = missing_reason() or "Tesseract is missing"
    raise TesseractMissing(f"the PDF has no text layer (a scan) and OCR is not possible: {reason}; "
                           f"install it with `{INSTALL_HINT}`")


def _environment() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


# --- the document ----------------------------------------------------------------------------------
def ocr_pdf(document_or_bytes: bytes | bytearray | pypdfium2.PdfDocument, *, dpi: int = DPI,
            page_timeout: float = PAGE_TIMEOUT_SECONDS) -> list[PageLayout]:
    """Page layouts of every page of a PDF (bytes or an open pypdfium2 document) read by OCR; a page
    that could not be read has no lines (see `ocr_document` for the reasons)."""
    return ocr_document(document_or_bytes, dpi=dpi, page_timeout=page_timeout).pages


def ocr_document(document_or_bytes: bytes | bytearray | pypdfium2.PdfDocument, *, dpi: int = DPI,
                 page_timeout: float = PAGE_TIMEOUT_SECONDS, pages: Iterable[int] | None = None) -> OcrReading:
    """The pages of a PDF read by OCR: every page, or only the page numbers (1-based) in `pages`.

    A page that cannot be read comes back with no lines and its reason in `failed_pages`: Tesseract
    failed or timed out, the page cannot be rendered, or the page holds ink but OCR found no word in
    it. When every page asked for fails, it is an error (OcrFailed, code "timeout" when they all
    timed out); without Tesseract or its Vietnamese data, TesseractMissing saying which is missing."""
    import pypdfium2 as pdfium

    require_tesseract()
    owned = isinstance(document_or_bytes, (bytes, bytearray))
    document: pypdfium2.PdfDocument = pdfium.PdfDocument(bytes(document_or_bytes)) if owned else document_or_bytes
    try:
        numbers = list(range(1, len(document) + 1)) if pages is None else sorted(set(pages))
        reading = OcrReading(pages=[])
        timeouts = 0
        open_table: OpenTable | None = None  # the task table the page before ended with
        for number in numbers:
            page = document[number - 1]
            try:
                width, height = page.get_size()
                layout = PageLayout(number=number, width=width, height=height, lines=[])
                try:
                    layout.lines, confidences, tables = _ocr_page(page, dpi, page_timeout)
                    open_table = _continue_tables(layout, tables, open_table)
                    reading.word_confidences[number] = (float(sum(confidences)), len(confidences))
                except _PageFailure as failure:
                    reading.failed_pages[number] = str(failure)
                    timeouts += failure.timed_out
                reading.pages.append(layout)
            finally:
                page.close()
    finally:
        if owned:
            document.close()
    if reading.pages and len(reading.failed_pages) == len(reading.pages):
        reasons = "; ".join(f"page {n}: {why}" for n, why in reading.failed_pages.items())
        code: ErrorCode = "timeout" if timeouts == len(reading.pages) else "internal"
        raise OcrFailed(f"OCR could not read any page ({reasons})", code=code)
    return reading


def _repeats_header(row: TableRow, header: str) -> bool:
    """Is this row the table's header row again, read a little differently ("Tỉ | Nhiêm vụ | …" for
    "TT | Nhiệm vụ | …"): a task-table header row, or within an edit in four of the first reading?"""
    from ..textutil import edit_distance, fold

    if looks_like_task_header([cell.text for cell in row.cells]):
        return True
    read, first = fold(row.piece.text), fold(header)
    return bool(first) and edit_distance(read, first) <= len(first) // 4


def RepeatedHeader(header: str, row: TableRow) -> TableRow:
    """The repeated header row as OCR read it, given the first page's reading (so that
    pdf_tables.continue_table knows it for the header and drops it)."""
    row.piece.text = header
    return row


def _continue_tables(layout: PageLayout, tables: list[tuple[Grid, list[TableRow]]],
                     open_table: OpenTable | None) -> OpenTable | None:
    """A task table that goes on from the page before (no text above it on this page) drops its
    repeated header row and joins the row the page break cut (pdf_tables.continue_table, as for the
    text layer); returns the table this page ends with (no text below it), which the next page may
    go on."""
    def text_beside(*, above: float | None = None, below: float | None = None) -> bool:
        return any(not line.row and 0.1 * layout.height < line.bottom < 0.9 * layout.height
                   and ((above is not None and line.bottom < above) or (below is not None and line.top > below))
                   for line in layout.lines)

    ends_with: OpenTable | None = None
    for k, (grid, rows) in enumerate(tables):
        first_text = rows[0].piece.text if rows else ""
        goes_on = k == 0 and open_table is not None and not text_beside(above=grid.box[1])
        if goes_on and open_table is not None and rows and len(grid.columns) == open_table.columns \
                and _repeats_header(rows[0], open_table.header):
            rows = [RepeatedHeader(open_table.header, rows[0]), *rows[1:]]  # OCR reads it a little differently
        if goes_on:
            kept = continue_table(open_table, rows, len(grid.columns))
            dropped = {id(row.piece) for row in rows} - {id(row.piece) for row in kept}
            layout.lines = [line for line in layout.lines if not (line.row and id(line.pieces[0]) in dropped)]
            rows = kept
        ends_with = None
        if not text_beside(below=grid.box[3]):
            header = open_table.header if goes_on and open_table is not None else first_text
            last = rows[-1] if rows else (open_table.last if goes_on and open_table else None)
            ends_with = OpenTable(header, len(grid.columns), last) if last is not None else None
    return ends_with if tables else None


class _PageFailure(Exception):
    def __init__(self, reason: str, *, timed_out: bool = False):
        super().__init__(reason)
        self.timed_out = timed_out


# A page with more than this share of dark pixels holds something to read: when OCR finds no word
# on it, that is a failure to report, not a blank page (a blank scanned sheet with dust is 0.01%).
INK_SHARE = 0.003


def _ocr_page(page: pypdfium2.PdfPage, dpi: int, timeout: float
              ) -> tuple[list[Line], list[float], list[tuple[Grid, list[TableRow]]]]:
    """The page's lines and the confidences of the words in them. The image is prepared for the
    page it is (ocr_image.py); `dpi` is the resolution of a page that is not one scanned image."""
    from . import ocr_image

    steps = ocr_image.STEPS
    try:
        prepared = ocr_image.prepare(page, steps)
    except ocr_image.UnrenderablePage as exc:
        raise _PageFailure(str(exc)) from exc
    from . import ocr_tables

    grids, image = (ocr_tables.find_grids(prepared.image, prepared.dpi, prepared.ruled) if steps.tables
                    else ([], prepared.image))
    tsv = _recounted_quarters(_read_image(image, round(prepared.dpi), timeout, prepared.thresholding), image)
    lines, confidences, tables = read_page_tsv(tsv, prepared.dpi, grids)
    if not lines and _ink_share(prepared.image) > INK_SHARE:
        raise _PageFailure("OCR found no text on a page that is not blank")
    return lines, confidences, tables


# the numeral after the quarter word read with I's alone ("I", "1I", "H" for II) and then its slash
_QUARTER_NUMERAL = re.compile(r"^(?P<numeral>[Il1|H]{1,3})(?P<tail>[/⁄∕]\S*)$")


def _quarter_word() -> str:
    from ..grammar import current_grammar
    from ..textutil import fold

    return current_grammar().stage("extractor.readers.ocr._quarter_word", lambda rules: fold(rules.dates.quarter))


def _recounted_quarters(tsv: str, image: Image.Image) -> str:
    """The TSV with a quarter's numeral read with fewer I's than the page shows put right by the
    strokes in the word's box (ocr_image.leading_stems): Tesseract reads "quý II/2024" as "quý I/2024"
    and "Quý III/2026" as "Quý II/2026" where the serifs of two I's touch, and the deadline is a quarter
    early. Only after the quarter word, only a numeral of I's, and only ever to more I's (up to III):
    a stroke is lost, never made up, in these readings."""
    from ..textutil import fold
    from .ocr_image import leading_stems

    rows = tsv.split("\n")
    quarter = _quarter_word()
    previous: list[str] = []
    for index, row in enumerate(rows):
        fields = row.split("\t")
        if len(fields) != 12 or fields[0] != "5":
            continue
        found = _QUARTER_NUMERAL.match(unicodedata.normalize("NFC", fields[11]).strip())
        if found and previous[2:5] == fields[2:5] and fold(previous[11]) == quarter:
            read = len(found.group("numeral").replace("H", "II"))
            left, top, width, height = (int(value) for value in fields[6:10])
            stems = leading_stems(image, (left, top, left + width, top + height))
            if stems is not None and read < stems <= 3:
                fields[11] = "I" * stems + found.group("tail")
                rows[index] = "\t".join(fields)
        previous = fields
    return "\n".join(rows)


def _ink_share(image: Image.Image) -> float:
    import numpy as np

    pixels = np.asarray(image.reduce(4) if min(image.size) >= 64 else image)
    return float(np.count_nonzero(pixels < 128)) / max(pixels.size, 1)


def _read_image(image: Image.Image, resolution: int, timeout: float, thresholding: int) -> str:
    """Tesseract's TSV of a page image: by the engine kept in this process (ocr_engine.py) where
    libtesseract loads and TESSERACT is the real binary's name, else by the command."""
    from . import ocr_engine

    engine = ocr_engine.engine(LANGUAGE) if TESSERACT == "tesseract" else None
    if engine is not None:
        try:
            return engine.read(image, resolution, timeout, tesseract_variables(thresholding))
        except ocr_engine.EngineTimeout as exc:
            raise _PageFailure(str(exc), timed_out=True) from exc
        except ocr_engine.EngineFailure as exc:
            raise _PageFailure(str(exc)) from exc
    buffer = io.BytesIO()
    # an uncompressed BMP: Tesseract reads the same pixels (the same TSV, to the byte) as from a PNG,
    # which took 0.14 s of CPU a page to compress, or a PGM, which Leptonica reads a byte at a time
    # (0.2 s of Tesseract's CPU on a 300 dpi page); the resolution goes by --dpi
    image.save(buffer, "BMP")
    return _run_tesseract(buffer.getvalue(), resolution, timeout, thresholding=thresholding)


def tesseract_variables(thresholding: int = 0) -> dict[str, str]:
    """The `-c` variables of `tesseract_command`, every one (the engine kept in this process keeps
    a variable from one page to the next: thresholding_method is set back to its default 0)."""
    return {"tessedit_do_invert": "0", "textord_disable_pitch_test": "1", "thresholding_method": str(thresholding)}


def tesseract_command(dpi: int, thresholding: int = 0) -> list[str]:
    """The command that reads one page image from standard input into TSV. `--oem 1` (the LSTM
    engine, which is all the `vie` data has) gives the same words as the default mode and skips
    loading the legacy engine's ambiguity tables (0.1 s a page). `tessedit_do_invert=0`: Tesseract 5
    reads again, inverted, every line it is unsure of, in case it is white type on black; the pages
    prepared here are dark type on paper (5-10% of Tesseract's CPU). `textord_disable_pitch_test=1`:
    no test of each row for fixed-pitch (typewriter) type, which the LSTM engine does not use (about 3%
    of Tesseract's CPU; the same TSV, to the byte, on 40 pages of every scan profile and the real scans)."""
    command = [TESSERACT, "stdin", "stdout", "-l", LANGUAGE, "--oem", "1", "--psm", "4", "--dpi", str(dpi),
               "-c", "tessedit_do_invert=0", "-c", "textord_disable_pitch_test=1"]
    if thresholding:
        command += ["-c", f"thresholding_method={thresholding}"]
    command.append("tsv")
    return command


def _run_tesseract(image: bytes, dpi: int, timeout: float, thresholding: int = 0) -> str:
    command = tesseract_command(dpi, thresholding)
    try:
        done = subprocess.run(command, input=image, capture_output=True, timeout=timeout, env=_environment(),
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise _PageFailure(f"Tesseract took more than {timeout:g} s", timed_out=True) from exc
    except OSError as exc:
        raise _PageFailure(f"Tesseract did not start ({exc})") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _PageFailure(f"Tesseract failed (exit {done.returncode}): {message[-1] if message else ''}")
    return done.stdout.decode("utf-8", "replace")


def _straightened(image: Image.Image) -> Image.Image:
    from .ocr_image import straightened

    return straightened(image)


def _skew_angle(image: Image.Image) -> float:
    from .ocr_image import skew_angle

    return skew_angle(image)


# --- TSV -> lines ----------------------------------------------------------------------------------
def lines_from_tsv(tsv: str, dpi: float) -> list[Line]:
    """Tesseract's TSV as lines of pieces in points, top to bottom. Rows with confidence -1 (pages,
    blocks, paragraphs, lines, and empty words) are dropped; words are grouped by their
    (block, paragraph, line) numbers, cleared of specks and split into pieces at table gutters
    (see `_column_splits`)."""
    return read_tsv(tsv, dpi)[0]


def read_tsv(tsv: str, dpi: float, grids: list[Grid] | None = None) -> tuple[list[Line], list[float]]:
    """`lines_from_tsv`, and the confidences of the words kept in those lines (specks dropped). With
    `grids` (the page's ruled tables, ocr_tables.py), the words inside a task table's cells are read
    as its rows, one " | " line each, as the text-layer reader reads them."""
    lines, confidences, _ = read_page_tsv(tsv, dpi, grids)
    return lines, confidences


def read_page_tsv(tsv: str, dpi: float, grids: list[Grid] | None = None
                  ) -> tuple[list[Line], list[float], list[tuple[Grid, list[TableRow]]]]:
    """`read_tsv`, and the task tables read (each grid and its rows, whose pieces are the row lines')."""
    scale = 72 / dpi
    rows: list[tuple[list[_Word], _Metrics]] = []
    tsv_lines = list(_tsv_lines(tsv))
    table_rows: list[Line] = []
    table_confidences: list[float] = []
    tables: list[tuple[Grid, list[TableRow]]] = []
    if grids:
        tsv_lines, tables, table_confidences = _read_tables(tsv_lines, grids, scale)
        table_rows = [Line([row.piece], row=True) for _, rows_read in tables for row in rows_read]
    for words in tsv_lines:
        metrics = _metrics(words)
        for word in words:
            if _is_bar(word, metrics.size):
                word.text = "|"
        words = [w for i, w in enumerate(words) if not _is_noise(w, metrics.size) or _is_number_label(words, i)]
        if words and not _is_dust_line(words):
            rows.append((words, metrics))
    rows = _without_lone_specks(rows)
    rows.sort(key=lambda row: row[1].baseline)
    typed_bars = sum(1 for words, _ in rows for w in words[1:-1] if w.text == "|")
    lines: list[Line] = []
    confidences: list[float] = []
    for (words, metrics), splits in zip(rows, _column_splits(rows)):
        keep = typed_bars >= TYPED_BARS
        groups = [_repair_tones(_corrected(group, metrics.size if keep else None))
                  for group in _cut(words, splits)]
        pieces = [_piece(group, metrics, scale) for group in groups if group]
        if pieces:
            lines.append(Line(pieces))
            confidences.extend(w.conf for group in groups for w in group)
    lines += table_rows
    confidences += table_confidences
    lines.sort(key=lambda line: (line.bottom, line.left))
    return lines, confidences, tables


def _column_names() -> dict[str, str]:
    """The task tables' column names (rules/sections.yaml table_columns), folded -> as printed."""
    from ..grammar import current_grammar
    from ..textutil import fold

    return current_grammar().stage(
        "extractor.readers.ocr._column_names",
        lambda rules: {fold(name): name for names in rules.sections.table_columns.values() for name in names})


def _column_name(text: str) -> str | None:
    """The column name a header cell was meant to be ("Nhiêm vụ" -> "Nhiệm vụ", "Tỉ" -> "TT"): the one
    nearest, within one edit in five characters (one in a name of two or three)."""
    from ..textutil import edit_distance, fold

    folded = fold(text)
    if not folded:
        return None
    names = _column_names()
    if folded in names:
        return names[folded]
    near = sorted((edit_distance(key, folded), name) for key, name in names.items()
                  if abs(len(key) - len(folded)) <= 2 and edit_distance(key, folded) <= max(1, len(key) // 5))
    if not near or (len(near) > 1 and near[1][0] == near[0][0]):
        return None  # none near, or two as near: the nearest only when it is the only nearest
    return near[0][1]


def _repair_header_row(row: TableRow) -> None:
    """A task table's first row whose cells are mostly its column names, each misread one by OCR put
    right, so that the table is read by its columns ("Tỉ | Nhiêm vụ | Cơ quan chủ trì"; with "Nhiêm vụ"
    the task column went unrecognised and the table gave no task)."""
    names = [_column_name(cell.text) for cell in row.cells]
    exact = sum(1 for cell, name in zip(row.cells, names) if name is not None and cell.text.strip() == name)
    if exact < 2 or sum(name is not None for name in names) < 0.6 * len(row.cells):
        return
    for cell, name in zip(row.cells, names):
        if name is not None and cell.text.strip() != name:
            cell.text, cell.bold = name, []
    row.refresh()


@dataclass(slots=True)
class _Placed:
    """A word as a table cell's character: its Tesseract line and that line's font size in points."""

    word: _Word
    line: int
    size: float


def _read_tables(tsv_lines: list[list[_Word]], grids: list[Grid], scale: float
                 ) -> tuple[list[list[_Word]], list[tuple[Grid, list[TableRow]]], list[float]]:
    """The words outside the task tables (by Tesseract line), each task table's rows as lines, and the
    confidences of the words in them (pdf_tables.read_grids places the words by their middles)."""
    from .pdf_tables import read_grids

    placed: list[_Placed] = []
    for index, words in enumerate(tsv_lines):
        size = _metrics(words).size
        placed += [_Placed(word, index, size * scale) for word in words if not _is_noise(word, size)]

    def position(item: _Placed) -> tuple[float, float]:
        return (item.word.left + item.word.right) / 2 * scale, (item.word.top + item.word.bottom) / 2 * scale

    def cell_lines(items: list[_Placed]) -> list[tuple[str, list[tuple[int, int]]]]:
        by_line: dict[int, list[_Word]] = {}
        for item in items:
            by_line.setdefault(item.line, []).append(item.word)
        lines = sorted(by_line.values(), key=lambda words: min(w.top for w in words))
        texts = [" ".join(w.text for w in _repair_tones(_corrected(sorted(words, key=lambda w: w.left))))
                 for words in lines]
        return [(text, []) for text in texts if text]

    outside, tables = read_grids(placed, grids, cell_lines, position)
    if not tables:
        return tsv_lines, [], []
    for _, table_rows in tables:
        for row in table_rows[:1]:
            _repair_header_row(row)
    kept = {id(item.word) for item in outside}
    boxes = [grid.box for grid, _ in tables]

    def in_table(word: _Word) -> bool:  # a speck inside a table's box goes with it
        x, y = (word.left + word.right) / 2 * scale, (word.top + word.bottom) / 2 * scale
        return any(left <= x <= right and top <= y <= bottom for left, top, right, bottom in boxes)

    remaining = [[w for w in words if id(w) in kept or (not in_table(w) and id(w) not in
                                                          {id(item.word) for item in placed})]
                 for words in tsv_lines]
    confidences = [item.word.conf for item in placed if id(item.word) not in kept]
    return [words for words in remaining if words], tables, confidences


def _tsv_lines(tsv: str) -> Iterable[list[_Word]]:
    grouped: dict[tuple[str, ...], list[_Word]] = {}  # (page, block, paragraph, line) numbers
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None:
        return []
    column = {name: i for i, name in enumerate(header)}
    for row in reader:
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        try:
            conf = float(row[column["conf"]])
        except ValueError:
            continue
        text = unicodedata.normalize("NFC", row[column["text"]]).strip()
        if conf < 0 or not text:
            continue
        left, top = int(row[column["left"]]), int(row[column["top"]])
        word = _Word(text, left, top, left + int(row[column["width"]]), top + int(row[column["height"]]), conf)
        key = tuple(row[column[name]] for name in ("page_num", "block_num", "par_num", "line_num"))
        grouped.setdefault(key, []).append(word)
    return [sorted(words, key=lambda w: w.left) for words in grouped.values()]


@dataclass(slots=True)
class _Metrics:
    size: float  # font size, pixels
    baseline: float  # pixels from the top
    measured: int  # words it was measured on


def _metrics(words: list[_Word]) -> _Metrics:
    """Font size and baseline of a run of words, from the words Tesseract is sure of that have letters
    or digits (dust merged into a word or read as a mark would skew both).

    Size: the 75th percentile of the word heights times SIZE_PER_WORD_HEIGHT; capitals, ascenders
    and Vietnamese diacritics reach the full height, so the taller words measure it, and the
    percentile keeps a box swollen by a speck from counting. Baseline: the 10th percentile of the word
    bottoms less BASELINE_DROP sizes; descenders and dots below (ạ, ệ, ộ) only go lower."""
    measured = [w for w in words if w.conf >= 50 and _has_alnum(w.text)]
    sample = measured or [w for w in words if _has_alnum(w.text)] or words
    heights = sorted(w.height for w in sample)
    bottoms = sorted(w.bottom for w in sample)
    size = heights[int(0.75 * (len(heights) - 1))] * SIZE_PER_WORD_HEIGHT
    baseline = bottoms[int(0.1 * (len(bottoms) - 1))] - BASELINE_DROP * size
    return _Metrics(size=size, baseline=baseline, measured=len(measured))


def _column_splits(rows: list[tuple[list[_Word], _Metrics]]) -> list[list[int]]:
    """Where each line is cut into pieces (indices of the words that open a piece).

    A gap wider than COLUMN_GAP sizes always separates two cells. The cells of a header table can
    be closer ("VĂN PHÒNG CHÍNH PHỦ  CỘNG HÒA XÃ HỘI ..." 1.6 sizes apart, while a justified line
    stretched or a word OCR lost leaves gaps of 1.3-1.8 sizes in body text), so a line with no such
    gap is cut at its widest gap too when that is wider than NEAR_COLUMN_GAP sizes and the cells
    show in the lines around it (at most NEIGHBOURS away): a wide gap whose middle it spans, or a
    line on one side of the gap centred on the same axis as the text on that side (the centred
    cells of the Decree 30 header: "CỘNG HÒA ..." over "Độc lập - Tự do - Hạnh phúc")."""
    spans = [[(i, words[i - 1].right, words[i].left) for i in range(1, len(words))] for words, _ in rows]
    sure = [[(low, high) for _, low, high in line_gaps if high - low > COLUMN_GAP * metrics.size]
            for line_gaps, (_, metrics) in zip(spans, rows)]
    splits: list[list[int]] = []
    for index, (line_gaps, (words, metrics)) in enumerate(zip(spans, rows)):
        cuts = [i for i, low, high in line_gaps if high - low > COLUMN_GAP * metrics.size]
        if not cuts and line_gaps:
            i, low, high = max(line_gaps, key=lambda gap: gap[2] - gap[1])
            around = range(max(0, index - NEIGHBOURS), min(len(rows), index + NEIGHBOURS + 1))
            nearby_gutters = [g for other in around for g in sure[other]]
            if high - low > NEAR_COLUMN_GAP * metrics.size and (
                    any(low < (g_low + g_high) / 2 < high for g_low, g_high in nearby_gutters)
                    or _cells_centred(words[:i], words[i:], [rows[o][0] for o in around if o != index],
                                      metrics.size)):
                cuts = [i]
        splits.append(cuts)
    return splits


def _cells_centred(left: list[_Word], right: list[_Word], others: list[list[_Word]], size_px: float) -> bool:
    """Is the text on either side of a gap centred like a nearby line that stays on that side?"""
    gap_low, gap_high = left[-1].right, right[0].left
    sides: tuple[tuple[list[_Word], Callable[[list[_Word]], bool]], ...] = (
        (left, lambda ws: ws[-1].right <= gap_high), (right, lambda ws: ws[0].left >= gap_low))
    for side, keeps_to_side in sides:
        if len(side) < 2:
            continue  # one word centred like something nearby proves nothing
        centre, width = (side[0].left + side[-1].right) / 2, side[-1].right - side[0].left
        for other in others:
            other_width = other[-1].right - other[0].left
            # lines of one width share a centre when they share a left edge: widths must differ
            if (keeps_to_side(other) and abs(other_width - width) > 2 * size_px
                    and abs((other[0].left + other[-1].right) / 2 - centre) < 0.5 * size_px):
                return True
    return False


def _cut(words: list[_Word], splits: list[int]) -> list[list[_Word]]:
    edges = [0, *splits, len(words)]
    return [words[start:end] for start, end in itertools.pairwise(edges)]


def _piece(words: list[_Word], line: _Metrics, scale: float) -> Piece:
    """A piece with a font box like the text layer's (0.8 size above the baseline, 0.2 below), so
    gaps between lines mean the same for both sources. A piece of two or more sure words is
    measured on its own (the two cells of a header row may differ in size); a lone word (a label,
    a speck-sized remnant) takes its line's measure."""
    own = _metrics(words)
    metrics = own if own.measured >= 2 else line
    size = metrics.size * scale
    baseline = metrics.baseline * scale
    uncertain: list[tuple[int, int]] = []
    offset = 0
    for word in words:
        if word.conf < LOW_WORD_CONFIDENCE:
            if uncertain and uncertain[-1][1] == offset - 1:
                uncertain[-1] = (uncertain[-1][0], offset + len(word.text))  # one span over unsure neighbours
            else:
                uncertain.append((offset, offset + len(word.text)))
        offset += len(word.text) + 1
    return Piece(text=" ".join(w.text for w in words), left=words[0].left * scale,
                 top=baseline - 0.8 * size, right=max(w.right for w in words) * scale,
                 bottom=baseline + 0.2 * size, size=round(size, 1), uncertain=uncertain)


# --- safe corrections ------------------------------------------------------------------------------
_DASHES = {"—", "–", "―", "−"}
_MARKS = set("|¦'`´‘’_ˆ˜¨°¬~^")  # what dust and the page edge are read as; never a word of their own
# ... nor are these, alone (a stamp's or a signature's remnants), though "/TB-UBND" keeps its slash
_LONE_MARKS = _MARKS | set("/\\⁄")
_LEADING_PUNCTUATION = {".", ",", ":", ";"}  # no line starts with one of these standing alone
_ONE_LOOK_ALIKES = {"!", "l", "I"}
_COMMA_LABEL = re.compile(r"^(?:\d{1,2}|[IVX]{1,4}),$")


def _has_alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _is_noise(word: _Word, size_px: float) -> bool:
    """Dust and specks read as text: anything far smaller than a hyphen (about 0.3 x 0.1 sizes; a
    speck read as "n" or "." can have a high confidence), punctuation alone that is unsure, a word
    lower than any letter (x-height is about 0.45 sizes), a letter
    or two that Tesseract all but rejects or that is unsure and low, an unsure run of punctuation
    around one letter ("S........"; "(b/c);" stays)."""
    if max(word.right - word.left, word.height) <= 0.15 * size_px:
        return True
    alnum = sum(c.isalnum() for c in word.text)
    if _is_dash(word):
        return False  # judged by its place in the piece (see `_corrected`)
    if word.text == "|" and BAR_HEIGHT * size_px <= word.height <= 1.05 * size_px:
        return False  # a bar as tall as the type: a typed cell edge or a border, judged by its place
    if alnum == 0:
        return word.conf < 50
    if word.height < 0.25 * size_px and word.conf < 90:
        return True  # lower than any letter: a rule or an underline read as "nn"
    if len(word.text) <= 2 and (word.conf < 10 or (word.conf < 30 and word.height < 0.35 * size_px)):
        return True
    return word.conf < 50 and alnum <= 1 and len(word.text) >= 3


# "2|", "1|": a typed table row's number glued to its cell's bar; "..4,": a list's number, its stop
# read as a comma, specks before it
_NUMBER_LABEL_WORD = re.compile(r"^[.,'‘’`]*\d{1,2}[.,|]$")


def _is_number_label(words: list[_Word], index: int) -> bool:
    """A number label opening the line before a capital, a table row's glued to its bar ("2| Xây dựng
    …") or a list item's ("..4, Đẩy mạnh …"), which specks beside it make Tesseract all but reject
    (confidence 0, 9 and 49 on a fax page): no speck is read as a number and a mark, and without its
    label the item runs into the one before it (a row, into the row before, whose cells go wrong)."""
    return (index == 0 and len(words) > 1 and bool(_NUMBER_LABEL_WORD.match(words[0].text))
            and words[1].text[:1].isupper())


# a line of marks alone no taller than this share of the page's type is a speck: a fax's dust read as
# "+" (7 x 13 px at 300 dpi, confidence 96, where the type is 50-60 px) opened a list item of nothing
SPECK_LINE_HEIGHT = 0.35


def _without_lone_specks(rows: list[tuple[list[_Word], _Metrics]]) -> list[tuple[list[_Word], _Metrics]]:
    """The lines but those of marks alone ("+") far smaller than the page's type (the median font size
    of its lines with letters or digits; a lone word's size is its own, so `_is_noise` keeps it)."""
    sizes = sorted(metrics.size for words, metrics in rows if any(_has_alnum(w.text) for w in words))
    if not sizes:
        return rows
    type_size = sizes[len(sizes) // 2]
    return [(words, metrics) for words, metrics in rows
            if any(_has_alnum(w.text) for w in words) or any(w.text == "|" for w in words)
            or max(w.height for w in words) > SPECK_LINE_HEIGHT * type_size]


def _is_dust_line(words: list[_Word]) -> bool:
    """A "line" of a few unsure letters is a cluster of specks ("Vy"), whatever marks stand beside them
    however sure Tesseract is of those: "+ ` tý ." below a fax's last paragraph ("+" at 95, "." at 85,
    "tý" at 16) made a list item "tý" (heldout/h08)."""
    lettered = [w for w in words if _has_alnum(w.text)] or words
    return all(w.conf < 50 for w in lettered) and sum(c.isalnum() for w in words for c in w.text) <= 3


# What Tesseract reads a typed "|" as when unsure of it ("¡" at 43, "!", "l"): told from a letter by
# its shape, as tall as the line's type from ascender to descender (0.79-0.91 font sizes on the
# corpus scans; digits and capitals 0.63-0.72) and a stroke wide (under 0.12 sizes; a "1" is 0.23)
_BAR_LOOK_ALIKES = set("|¡!¦lI1[]")
BAR_HEIGHT = 0.76
BAR_WIDTH = 0.15


def _is_bar(word: _Word, size_px: float) -> bool:
    return (len(word.text) == 1 and word.text in _BAR_LOOK_ALIKES and word.right - word.left <= BAR_WIDTH * size_px
            and BAR_HEIGHT * size_px <= word.height <= 1.05 * size_px)


def _is_dash(word: _Word) -> bool:
    return word.text == "-" or word.text in _DASHES


def _corrected(words: list[_Word], bars_at_size: float | None = None) -> list[_Word]:
    """Fixes that hold for any document, at the ends of a piece where dust and the page edge show:
    - marks standing alone at either end go (a bar from the page edge or a table border, an
      apostrophe from a speck), and so does a lone ".", ",", ":" or ";" opening a line;
    - a lone dash that Tesseract is unsure of goes, unless it opens the piece (a list item's dash
      scored as low as 44; elsewhere real dashes scored 80-93 and specks read as dashes 36-74 on
      the corpus scans, while their boxes, as tall as the line at times, tell nothing);
    - but on a page of typed bars (`bars_at_size`: the line's font size in pixels), a bar a word space
      from the word beside it is a cell's edge and stays ("| Duy trì", "Thường xuyên |");
    - a mark glued to the first word ("_THÔNG", "'Kết") goes;
    - a long dash opening a list item becomes the "-" the notices use, and a numbered label read
      with a comma before a capital ("2, Huy động") gets its full stop back;
    - a raised digit or "1" look-alike ("!", "l", "I") opening a line is a footnote number:
      it becomes a superscript ("¹ Khó khăn, ...")."""
    words = [w for i, w in enumerate(words) if i == 0 or not (_is_dash(w) and w.conf < 75)]

    def cell_edge(bar: _Word, beside: _Word) -> bool:
        return (bars_at_size is not None and bar.text == "|"
                and max(beside.left - bar.right, bar.left - beside.right) < 0.6 * bars_at_size)

    while words and (set(words[0].text) <= _LONE_MARKS or words[0].text in _LEADING_PUNCTUATION):
        if len(words) > 1 and cell_edge(words[0], words[1]):
            break
        words = words[1:]
    while words and (set(words[-1].text) <= _LONE_MARKS or (_is_dash(words[-1]) and words[-1].conf < 75)):
        if len(words) > 1 and cell_edge(words[-1], words[-2]):
            break
        words = words[:-1]
    if not words:
        return words
    first = words[0]
    if len(first.text) > 1 and first.text[0] in _MARKS and first.text[1].isalnum():
        first.text = first.text[1:]
    if len(words) > 1:
        if first.text in _DASHES:
            first.text = "-"
        elif _COMMA_LABEL.match(first.text) and words[1].text[:1].isupper():
            first.text = first.text[:-1] + "."
        elif _is_footnote_number(first, _metrics(words[1:])):
            first.text = first.text.translate(_SUPERSCRIPT_DIGITS) if first.text.isdigit() else "¹"
    return words


def _is_footnote_number(word: _Word, rest: _Metrics) -> bool:
    """A digit or two (or a "1" look-alike) sitting above the baseline of the words after it."""
    looks_like = (word.text.isdigit() and len(word.text) <= 2) or word.text in _ONE_LOOK_ALIKES
    raised = rest.baseline - word.bottom > 0.2 * rest.size and word.height < 0.6 * rest.size
    return looks_like and raised


# --- tone marks ------------------------------------------------------------------------------------
# In a scan the hook above (ả ể ổ ở ủ) shrinks to a stroke that Tesseract reads as an acute (á ế ố
# ớ ú): "tổ chức" comes out "tố chức", "kiểm tra" "kiếm tra". underthesea's word list (Viet74K,
# 64 000 compounds) tells them apart: an acute syllable that makes no compound with its neighbours
# gets the hook when that makes one with a neighbour that is not already in a compound. On the 55
# corpus scan pages this made 120 right changes and 2 wrong ones, and mean CER fell from 1.56% to
# 1.45%. Only this way round: Tesseract hardly ever reads a hook for an acute, and turning hooks
# into acutes by the word list was wrong 14 times out of 17 ("cấp tỉnh" -> "cấp tính": the list
# lacks many administrative phrases).
_ACUTE, _HOOK = "\u0301", "\u0309"
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


def _repair_compounds() -> frozenset[str]:
    """The word list's compounds and the grammar's own cue phrases of two or more syllables ("điện khẩn",
    "giao cho", "phối hợp với": the list lacks many administrative phrases), when the list is there."""
    from ..grammar import current_grammar

    return current_grammar().stage("extractor.readers.ocr._repair_compounds", _build_repair_compounds)


def _build_repair_compounds(rules: Rules) -> frozenset[str]:
    from ..normalize import normalize_tone_marks

    words = _compounds()
    if not words:
        return words
    roles = rules.roles
    cues = [*roles.lead.preceding, *roles.lead.following, *roles.support.preceding, *roles.report_to.preceding,
            *roles.directive_cues]
    return words | {normalize_tone_marks(" ".join(cue.lower().split())) for cue in cues if " " in cue.strip()}


@cache
def _compounds() -> frozenset[str]:
    """Lower-case compounds of two or more syllables, tone marks placed as the normalizer places
    them; empty when underthesea's word list is not there (no repair then)."""
    import importlib.util
    from pathlib import Path

    from ..normalize import normalize_tone_marks

    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    if not path.is_file():
        return frozenset()
    entries = (unicodedata.normalize("NFC", line.strip().lower()) for line in path.open(encoding="utf-8"))
    return frozenset(normalize_tone_marks(entry) for entry in entries if " " in entry)


def _syllable_key(text: str) -> str | None:
    from ..normalize import normalize_tone_marks

    core = _EDGE_PUNCTUATION.sub("", text)
    if not core or not core.isalpha():
        return None
    return normalize_tone_marks(core.lower())


def _acute_as_hook(text: str) -> str | None:
    decomposed = unicodedata.normalize("NFD", text)
    if _ACUTE not in decomposed:
        return None
    return unicodedata.normalize("NFC", decomposed.replace(_ACUTE, _HOOK))


_CIRCUMFLEX = "\u0302"
_TONES = ("\u0309", "\u0301", "\u0300", "\u0303", "\u0323")  # hook, acute, grave, tilde, dot below


def _tone_candidates(text: str) -> list[str]:
    """The readings of an OCR word the repair may choose: its acute read as a hook; its D without the bar;
    for a syllable whose circumflex vowel carries no tone ("đây", "thê", "tô", "KIÊM"), that vowel with each
    tone: OCR often loses the tone stacked on a circumflex ("đẩy", "thể", "tổ", "KIỂM"), or the circumflex
    under the tone."""
    swapped = _acute_as_hook(text)
    out = [swapped] if swapped is not None else []
    if text[:1] in _D_BARRED:
        # a D whose bar OCR lost (a few pixels: fax "MỤC DÍCH", "chỉ dạo" for "MỤC ĐÍCH", "chỉ đạo")
        out.append(_D_BARRED[text[0]] + text[1:])
    decomposed = unicodedata.normalize("NFD", text)
    at = decomposed.find(_CIRCUMFLEX)
    if at > 0 and not any(tone in decomposed for tone in _TONES):
        out += [unicodedata.normalize("NFC", decomposed[:at + 1] + tone + decomposed[at + 1:]) for tone in _TONES]
    elif at < 0 and text.isupper():
        # the circumflex lost under a tone in capitals ("NHU CÀU", "KÉT LUẬN": "CẦU", "KẾT"), where it is
        # a few pixels (in lower case OCR keeps it: "có sự" is no "cố sự")
        toned = next((k for k, c in enumerate(decomposed) if c in _TONES), -1)
        if toned > 0 and decomposed[toned - 1] in _CIRCUMFLEX_BASES:
            out.append(unicodedata.normalize("NFC", decomposed[:toned] + _CIRCUMFLEX + decomposed[toned:]))
    return out


_CIRCUMFLEX_BASES = frozenset("aeoAEO")
_D_BARRED = {"D": "Đ", "d": "đ"}


def _repair_tones(words: list[_Word]) -> list[_Word]:
    compounds = _repair_compounds()
    if not compounds or len(words) < 2:
        return words
    keys = [_syllable_key(w.text) for w in words]

    def spans(position: int) -> Iterator[range]:
        for length in (2, 3):
            for start in range(max(0, position - length + 1), min(position, len(keys) - length) + 1):
                yield range(start, start + length)

    def is_compound(span: range, replaced: int, key: str | None) -> bool:
        parts = [key if i == replaced else keys[i] for i in span]
        known = [part for part in parts if part is not None]
        return len(known) == len(parts) and " ".join(known) in compounds

    covered = [any(is_compound(span, -1, None) for span in spans(i)) for i in range(len(keys))]
    for index, word in enumerate(words):
        if covered[index] or keys[index] is None:
            continue
        for swapped in _tone_candidates(word.text):
            key = _syllable_key(swapped)
            span = next((span for span in spans(index)
                         if not any(covered[i] for i in span if i != index) and is_compound(span, index, key)), None)
            if span is not None:
                word.text, keys[index] = swapped, key
                for i in span:
                    covered[i] = True
                break
    return words


# --- the floor -------------------------------------------------------------------------------------
def plain_text(document_or_bytes: bytes | bytearray | pypdfium2.PdfDocument, *, timeout: float = PAGE_TIMEOUT_SECONDS) -> str:
    """The text of plain `tesseract -l vie --psm 4` on each page's embedded scan image (square pixels,
    its own resolution; a page that is not one image rendered at 300 dpi), pages one after another:
    the floor the OCR path is measured against (scripts/eval_formats.py --plain-tesseract)."""
    import pypdfium2 as pdfium

    from . import ocr_image

    require_tesseract()
    owned = isinstance(document_or_bytes, (bytes, bytearray))
    document: pypdfium2.PdfDocument = pdfium.PdfDocument(bytes(document_or_bytes)) if owned else document_or_bytes
    texts: list[str] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                image = ocr_image._embedded_image(page) or ocr_image._rendered(page)
            finally:
                page.close()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", compress_level=1)
            command = [TESSERACT, "stdin", "stdout", "-l", LANGUAGE, "--psm", "4"]
            done = subprocess.run(command, input=buffer.getvalue(), capture_output=True, timeout=timeout,
                                  env=_environment(), check=False)
            texts.append(unicodedata.normalize("NFC", done.stdout.decode("utf-8", "replace")))
    finally:
        if owned:
            document.close()
    return "\n\n".join(texts)
