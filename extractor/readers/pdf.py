"""PDF reader: the text layer through pypdfium2, or OCR when a page has none.

pypdfium2 is 20-60x faster than pdfplumber for text; we read it character by character (origin,
font size, weight) to get what plain text loses: superscript footnote markers ("ngành¹"), bold from
the font, and the boxes that let pdf_layout.py separate the header's two columns and the footnotes. On a page with
ruling lines, pdf_tables.py has pdfplumber's table finder box the cells of ruled tables and reads each
task table's rows from these characters, cell by cell.
A document with no text layer is OCRed with Tesseract when it is installed (ocr.py); otherwise it is
the error "no_text_layer" saying what is missing and what to install. In a document that has a text
layer, a page covered by an image is read by OCR when it has no layer of its own, or a layer that is
not Vietnamese as written (scanner software's English OCR over a Vietnamese scan); the warnings name
those pages and why, and every page OCR could not read. More than MAX_PAGES pages is "too_large".
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import CorruptFile, ExtractionError, TooLarge
from ..textutil import SUPERSCRIPT_DIGITS as _SUPERSCRIPT_DIGITS
from .base import Block
from .geometry import Line, PageLayout, Piece
from .pdf_layout import blocks_from_layouts
from .pdf_tables import OpenTable, TableFinder, continue_table, read_grids, ruling_lines

if TYPE_CHECKING:
    import pypdfium2

    from .ocr import OcrReading

MAX_PAGES = 500
_SKIPPED = {0x0A, 0x0D, 0xFFFE, 0xFEFF, 0x00}
_SOFT_HYPHEN = 0x02  # pdfium's code for a hyphen that ends a line


class NoTextLayer(ExtractionError):
    code = "no_text_layer"


@dataclass(slots=True)
class PdfReading:
    blocks: list[Block]
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)
    ocr_confidence: float | None = None  # mean word confidence of the pages read by OCR, 0-100


@dataclass(slots=True)
class _Char:
    text: str
    x: float  # origin, points from the left
    baseline: float  # points from the top
    right: float
    size: float
    bold: bool


@dataclass(slots=True)
class _Run:
    """Characters in content order on one baseline with no wide gap."""

    chars: list[_Char] = field(default_factory=list)

    @property
    def right(self) -> float:
        return self.chars[-1].right


def _page_chars(page: pypdfium2.PdfPage, height: float) -> list[_Char]:
    from pypdfium2 import raw

    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        x, y = ctypes.c_double(), ctypes.c_double()
        box = raw.FS_RECTF()  # the loose box: origin to advance, so a "." is as wide as it steps
        name = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        weights: dict[bytes, bool] = {}
        chars: list[_Char] = []
        for index in range(count):
            code = raw.FPDFText_GetUnicode(handle, index)
            if code in _SKIPPED:
                continue
            if code == 0x20 or code == 0xA0:
                if chars and chars[-1].text != " ":
                    last = chars[-1]
                    chars.append(_Char(" ", last.right, last.baseline, last.right, last.size, last.bold))
                continue
            text = "-" if code == _SOFT_HYPHEN else chr(code)
            raw.FPDFText_GetCharOrigin(handle, index, x, y)
            raw.FPDFText_GetLooseCharBox(handle, index, box)
            size = raw.FPDFText_GetFontSize(handle, index)
            raw.FPDFText_GetFontInfo(handle, index, name, len(name), flags)
            font = name.value
            bold = weights.get(font)
            if bold is None:
                weight = raw.FPDFText_GetFontWeight(handle, index)
                bold = weights[font] = b"Bold" in font or b"bold" in font or weight >= 600
            chars.append(_Char(text, x.value, height - y.value, max(box.right, x.value), size, bold))
        return chars
    finally:
        textpage.close()


def _runs(chars: list[_Char]) -> list[_Run]:
    runs: list[_Run] = []
    run = _Run()
    for char in chars:
        if char.text == " ":
            if run.chars:
                run.chars.append(char)
            continue
        if run.chars:
            last = next(c for c in reversed(run.chars) if c.text != " ")
            size = max(last.size, char.size, 1.0)
            same_line = abs(char.baseline - last.baseline) < 0.6 * size
            gap = char.x - last.right
            if same_line and -0.5 * size < gap < 2.5 * size:
                if gap > 0.2 * size and run.chars[-1].text != " ":
                    run.chars.append(_Char(" ", last.right, last.baseline, last.right, last.size, last.bold))
                run.chars.append(char)
                continue
            runs.append(run)
            run = _Run()
        run.chars.append(char)
    if run.chars:
        runs.append(run)
    return runs


def _piece(run: _Run) -> Piece:
    """A run as a piece: its main size and baseline from the most frequent size; smaller raised
    characters (footnote references, "m²") become Unicode superscripts."""
    chars = run.chars
    while chars and chars[-1].text == " ":
        chars = chars[:-1]
    sizes: dict[float, int] = {}
    for c in chars:
        sizes[round(c.size, 1)] = sizes.get(round(c.size, 1), 0) + 1
    size = max(sizes, key=lambda s: (sizes[s], s))
    baseline = next(c.baseline for c in chars if round(c.size, 1) == size)
    text: list[str] = []
    bold: list[tuple[int, int]] = []
    gaps = [(after.x - before.right) / max(before.size, 1.0)
            for before, space, after in zip(chars, chars[1:], chars[2:])
            if space.text == " " and before.text != " " and after.text != " "]
    for c in chars:
        raised = c.size < 0.8 * size and baseline - c.baseline > 0.15 * size
        piece_text = c.text.translate(_SUPERSCRIPT_DIGITS) if raised else c.text
        start = len("".join(text))
        text.append(piece_text)
        if c.bold and c.text != " " and not raised:
            if bold and bold[-1][1] >= start - 1:
                bold[-1] = (bold[-1][0], start + len(piece_text))
            else:
                bold.append((start, start + len(piece_text)))
    left = chars[0].x
    return Piece("".join(text), left, baseline - 0.8 * size, max(c.right for c in chars), baseline + 0.2 * size,
                 size, bold, gaps)


def _lines(pieces: list[Piece]) -> list[Line]:
    """Pieces on one baseline form a line (content order may visit a line twice, e.g. table cells)."""
    lines: list[Line] = []
    for piece in sorted(pieces, key=lambda p: (p.bottom, p.left)):
        for line in reversed(lines[-4:]):
            if abs(line.pieces[0].bottom - piece.bottom) < 0.35 * max(piece.size, line.size):
                line.pieces.append(piece)
                break
        else:
            lines.append(Line([piece]))
    for line in lines:
        line.pieces.sort(key=lambda p: p.left)
        line.pieces = _merge_close(line.pieces)
    lines.sort(key=lambda line: line.bottom)
    return lines


def _merge_close(pieces: list[Piece]) -> list[Piece]:
    merged = [pieces[0]]
    for piece in pieces[1:]:
        last = merged[-1]
        # runs broke where the content stream jumped; only a word space apart they are one text again
        # (a wider gap on one baseline separates table cells: "VĂN PHÒNG CHÍNH PHỦ | CỘNG HÒA ...")
        if piece.left - last.right < 1.2 * max(piece.size, last.size):
            joiner = " " if piece.left - last.right > 0.2 * piece.size and not last.text.endswith(" ") else ""
            offset = len(last.text) + len(joiner)
            last.bold.extend((s + offset, e + offset) for s, e in piece.bold)
            last.word_gaps.extend(piece.word_gaps)
            last.text += joiner + piece.text
            last.right = max(last.right, piece.right)
            last.size = max(last.size, piece.size)
        else:
            merged.append(piece)
    return merged


def page_layout(page: pypdfium2.PdfPage, number: int) -> PageLayout:
    """The page as lines of text, ruled tables included (read line by line)."""
    return _read_page(page, number, None, None)[0]


def _read_page(page: pypdfium2.PdfPage, number: int, finder: TableFinder | None,
               open_table: OpenTable | None) -> tuple[PageLayout, OpenTable | None]:
    """The page's lines; with a table finder, the ruled task tables on it as rows (pdf_tables.py), and
    the table the page ends with, which the next page may go on."""
    width, height = page.get_size()
    chars = _page_chars(page, height)
    rows: list[Line] = []
    ends_with: OpenTable | None = None
    rules = ruling_lines(page, height) if finder is not None and finder.available and chars else None
    if finder is not None and rules is not None and rules.enough and page.get_rotation() == 0:
        chars, tables = read_grids(chars, finder.grids(number - 1, rules), _cell_lines, _char_point)
        for k, (grid, table_rows) in enumerate(tables):
            first_text = table_rows[0].piece.text if table_rows else ""
            goes_on = k == 0 and open_table is not None and not _text_beside(chars, height, above=grid.box[1])
            if goes_on:
                table_rows = continue_table(open_table, table_rows, len(grid.columns))
            rows += [Line([row.piece], row=True) for row in table_rows]
            ends_with = None
            if not _text_beside(chars, height, below=grid.box[3]):
                header = open_table.header if goes_on and open_table is not None else first_text
                last = table_rows[-1] if table_rows else (open_table.last if goes_on and open_table else None)
                ends_with = OpenTable(header, len(grid.columns), last) if last is not None else None
    pieces = [_piece(run) for run in _runs(chars)]
    pieces = [p for p in pieces if p.text.strip()]
    lines = _lines(pieces) if pieces else []
    for row in rows:  # each row where its box begins on the page
        at = next((i for i, line in enumerate(lines) if line.top > row.top), len(lines))
        lines.insert(at, row)
    return PageLayout(number=number, width=width, height=height, lines=lines), ends_with


def _char_point(char: _Char) -> tuple[float, float]:
    return (char.x + char.right) / 2, char.baseline - 0.3 * char.size


def _text_beside(chars: list[_Char], height: float, *, above: float | None = None,
                 below: float | None = None) -> bool:
    """Body text above a table's top or below its bottom (the margins, with page numbers and running
    headers, left out): a table with none goes on from the page before or onto the next."""
    for char in chars:
        if char.text == " " or not 0.1 * height < char.baseline < 0.9 * height:
            continue
        if (above is not None and char.baseline < above) or (below is not None and char.baseline > below):
            return True
    return False


def _cell_lines(chars: list[_Char]) -> list[tuple[str, list[tuple[int, int]]]]:
    """A table cell's characters as its lines, top to bottom: text and bold spans."""
    pieces = [p for p in (_piece(run) for run in _runs(chars)) if p.text.strip()]
    lines: list[tuple[str, list[tuple[int, int]]]] = []
    for line in _lines(pieces) if pieces else []:
        text = ""
        bold: list[tuple[int, int]] = []
        for piece in line.pieces:
            stripped = piece.text.strip()
            lead = len(piece.text) - len(piece.text.lstrip())
            text += " " if text else ""
            bold.extend((len(text) + max(0, s - lead), len(text) + min(len(stripped), e - lead))
                        for s, e in piece.bold if e - lead > 0)
            text += stripped
        lines.append((text, bold))
    return lines


def open_pdf(data: bytes) -> pypdfium2.PdfDocument:
    import pypdfium2 as pdfium

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise CorruptFile("not a PDF file (no %PDF header)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise ExtractionError("the PDF is encrypted (password-protected)", code="encrypted") from exc
        raise CorruptFile(f"cannot open the PDF: {exc}") from exc
    if len(document) > MAX_PAGES:
        pages = len(document)
        document.close()
        raise TooLarge(f"{pages} pages is over the {MAX_PAGES} page limit")
    return document


def read_pdf(data: bytes) -> PdfReading:
    import pypdfium2 as pdfium

    document = open_pdf(data)
    finder = TableFinder(data)
    try:
        layouts: list[PageLayout] = []
        to_reread: dict[int, str] = {}  # page number -> why OCR reads it from its image
        open_table: OpenTable | None = None
        for index in range(len(document)):
            try:
                page = document[index]
            except pdfium.PdfiumError as exc:  # "Failed to load page": a damaged page tree or object
                raise CorruptFile(f"cannot read page {index + 1} of the PDF: {exc}") from exc
            try:
                layout, open_table = _read_page(page, index + 1, finder, open_table)
                layouts.append(layout)
                reason = _why_ocr(page, layout)
                if reason:
                    to_reread[index + 1] = reason
            except pdfium.PdfiumError as exc:
                raise CorruptFile(f"cannot read page {index + 1} of the PDF: {exc}") from exc
            finally:
                page.close()
        if not any(layout.lines for layout in layouts):
            return _read_scan(document)
        if not to_reread:
            return PdfReading(blocks_from_layouts(layouts))
        return _read_mixed(document, layouts, to_reread)
    finally:
        finder.close()
        document.close()


# --- which pages OCR reads -------------------------------------------------------------------------
# A page whose images cover at least this share of it is a scanned page (one image, or strips).
SCANNED_PAGE_COVER = 0.5
# A text layer of at least this many words is judged on its language; fewer say too little.
JUDGED_WORDS = 12
# Vietnamese marks nearly every other syllable (tone marks, ă â ê ô ơ ư đ): in the corpus text layers
# 55-75% of the words carry one. A layer where fewer than this share do is not Vietnamese as written
# (scanner software's English OCR: "uY BAN NgAN nAN", "ceNG HoA xA ugr cuu xcuia vrET NAM").
MIN_MARKED_SHARE = 0.2
NO_TEXT_LAYER = "it has no text layer"
NOT_VIETNAMESE = "its text layer does not look Vietnamese (an OCR layer in another language?)"
UNMARKED = "its text layer is mostly without Vietnamese marks (an OCR layer in another language?)"


def _why_ocr(page: pypdfium2.PdfPage, layout: PageLayout) -> str | None:
    """Why this page of a document that has a text layer must be read by OCR from its image, or
    None: it holds a scanned image and no text layer, or a text layer that is not Vietnamese."""
    if _image_cover(page) < SCANNED_PAGE_COVER:
        return None
    if not layout.lines:
        return NO_TEXT_LAYER
    return text_layer_problem(" ".join(piece.text for line in layout.lines for piece in line.pieces))


def text_layer_problem(text: str) -> str | None:
    """NOT_VIETNAMESE or UNMARKED when a page's text layer is not Vietnamese as written, else None."""
    from ..textutil import looks_vietnamese, strip_diacritics

    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if len(words) < JUDGED_WORDS:
        return None
    if not looks_vietnamese(text):
        return NOT_VIETNAMESE
    marked = sum(1 for w in words if strip_diacritics(w) != w)
    return UNMARKED if marked < MIN_MARKED_SHARE * len(words) else None


def _image_cover(page: pypdfium2.PdfPage) -> float:
    """Share of the page's area under its image objects (those inside forms too), at most 1."""
    from pypdfium2 import raw

    width, height = (float(side) for side in page.get_size())
    area = 0.0
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        bounds = getattr(obj, "get_bounds", None) or obj.get_pos  # pypdfium2 5 renamed get_pos
        left, bottom, right, top = bounds()
        clipped_w = max(0.0, min(right, width) - max(left, 0.0))
        clipped_h = max(0.0, min(top, height) - max(bottom, 0.0))
        area += clipped_w * clipped_h
    return min(1.0, area / max(width * height, 1.0))


# --- OCR -------------------------------------------------------------------------------------------
SCAN_WARNING = "the text was read by OCR from a scan: check names and numbers against the original"


def _read_scan(document: pypdfium2.PdfDocument) -> PdfReading:
    """A document with no text layer on any page: every page by OCR."""
    from . import ocr
    from .ocr_text import repair_blocks

    ocr.require_tesseract()  # "no_text_layer", saying whether the binary or its Vietnamese data is missing
    reading = ocr.ocr_document(document)
    blocks = repair_blocks(blocks_from_layouts(reading.pages))
    if not blocks:
        raise NoTextLayer("the PDF has no text layer and OCR found no text in it")
    warnings = [SCAN_WARNING, *_failure_warnings(reading), *_confidence_warnings(reading)]
    return PdfReading(blocks, ocr=True, warnings=warnings, ocr_confidence=reading.confidence)


def _read_mixed(document: pypdfium2.PdfDocument, layouts: list[PageLayout], to_reread: dict[int, str]) -> PdfReading:
    """A document with a text layer where some pages must be read by OCR (see `_why_ocr`): those
    pages from their images, the others from their text; the warnings say which and why."""
    from . import ocr
    from .ocr_text import repair_blocks

    if not ocr.tesseract_available():
        reason = ocr.missing_reason()
        warnings = [f"{_pages(numbers)} could not be read by OCR ({reason}; install it with "
                    f"`{ocr.INSTALL_HINT}`): {why}"
                    for why, numbers in _by_reason(to_reread).items()]
        return PdfReading(blocks_from_layouts(layouts), warnings=warnings)
    try:
        reading = ocr.ocr_document(document, pages=to_reread)
    except ocr.OcrFailed as failure:  # the text pages are still there
        reading = ocr.OcrReading(pages=[], failed_pages=dict.fromkeys(to_reread, failure.message))
    read = {layout.number: layout for layout in reading.pages if layout.number not in reading.failed_pages}
    merged = [read.get(layout.number, layout) for layout in layouts]
    blocks = blocks_from_layouts(merged)
    # the repairs may split a block or empty one: the OCR'd pages' blocks are put back as repaired
    repaired: dict[int | None, list[Block]] = {}
    for block in repair_blocks([block for block in blocks if block.page in read]):
        repaired.setdefault(block.page, []).append(block)
    blocks = [block for page in dict.fromkeys(block.page for block in blocks)
              for block in (repaired.get(page, []) if page in read
                            else [block for block in blocks if block.page == page])]
    warnings = [f"{_pages(numbers)} {'was' if len(numbers) == 1 else 'were'} read by OCR from "
                f"{'its image' if len(numbers) == 1 else 'their images'}: {why}; check names and numbers "
                f"against the original"
                for why, numbers in _by_reason({n: why for n, why in to_reread.items() if n in read}).items()]
    warnings += _failure_warnings(reading, kept_layer={n for n, why in to_reread.items() if why != NO_TEXT_LAYER})
    warnings += _confidence_warnings(reading)
    return PdfReading(blocks, ocr=bool(read), warnings=warnings, ocr_confidence=reading.confidence)


def _failure_warnings(reading: OcrReading, kept_layer: set[int] | None = None) -> list[str]:
    """One warning per page OCR could not read: the text of that page is missing (or, for a page
    whose text layer OCR was to replace, that layer was kept)."""
    kept_layer = kept_layer or set()
    return [f"page {number} could not be read by OCR ({why}): "
            + ("its text layer was kept" if number in kept_layer else "its text is missing")
            for number, why in sorted(reading.failed_pages.items())]


# Below this mean word confidence a page's text is doubtful (the scan profiles' pages read at 85-95;
# Tesseract's confidence falls under 70 where it guesses at specks, stamps or handwriting)
LOW_CONFIDENCE = 70.0


_LOW_CONFIDENCE_PAGE = "page {number} was read by OCR with low confidence"
_LOW_CONFIDENCE_PAGE_RE = re.compile(r"^page (\d+) was read by OCR with low confidence\b")


def _confidence_warnings(reading: OcrReading) -> list[str]:
    warnings: list[str] = []
    for layout in reading.pages:
        confidence = reading.page_confidence(layout.number)
        if confidence is not None and confidence < LOW_CONFIDENCE:
            warnings.append(f"{_LOW_CONFIDENCE_PAGE.format(number=layout.number)} (mean word confidence "
                            f"{confidence:g} of 100): check its text against the original")
    return warnings


def low_confidence_pages(warnings: list[str]) -> set[int]:
    """The pages a notice's warnings say OCR read with low confidence (see `_confidence_warnings`)."""
    return {int(match.group(1)) for warning in warnings if (match := _LOW_CONFIDENCE_PAGE_RE.match(warning))}


def _by_reason(pages: dict[int, str]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for number, why in sorted(pages.items()):
        grouped.setdefault(why, []).append(number)
    return grouped


def _pages(numbers: list[int]) -> str:
    return f"page {numbers[0]}" if len(numbers) == 1 else "pages " + ", ".join(map(str, numbers))

