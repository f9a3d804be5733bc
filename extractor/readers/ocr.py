"""OCR of a PDF with no text layer: Tesseract (`vie`) through its command line, into page layouts.

Each page is rendered with pypdfium2 at 300 dpi in grayscale, straightened (the skew is estimated
from the rows of ink, see `_skew_angle`), and given to `tesseract stdin stdout -l vie --psm 4 tsv`.
`--psm 4` reads the page as one column of lines of varying size, so the two cells of the header table
("ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") come back on one line, which is split
into pieces at the wide gap, as the text-layer reader does; pdf_layout.py then reads the columns.
Tesseract runs with OMP_THREAD_LIMIT=1: its OpenMP threads cost more than they gain on small
machines (8.5 s against 2.5 s a page on 2 cores).

Why straighten: Tesseract groups the words of a skewed page into the right lines by itself (the text
is as good either way), but the boxes keep the skew: on a page turned by 0.9°, the left margin of
the body drifted from 54 to 63 pt down the page, more than the first-line indent pdf_layout.py looks
for. Straightened, body lines start within 1 pt of where the text layer has them.

A page whose OCR fails or takes longer than PAGE_TIMEOUT_SECONDS comes back with no lines, and its
number and reason are in `OcrReading.failed_pages`; only when every page fails is it an error.
Without the binary or its Vietnamese data the error is "no_text_layer" saying what to install.

Coordinates are PDF points from the page's top-left, like the text layer's. A piece's `size` is its
line's estimated font size (see `_line_size`), so thresholds in font sizes work on both sources.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ..errors import ExtractionError
from .geometry import Line, PageLayout, Piece

TESSERACT = "tesseract"  # the binary's name or path; tests point it elsewhere
LANGUAGE = "vie"
DPI = 300
PAGE_TIMEOUT_SECONDS = 90.0
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"

# A gap between two words wider than this many font sizes separates two cells of a table row (the
# text layer reader uses the same figure).
COLUMN_GAP = 2.5
# Font size / the 75th percentile of a line's word heights: 13 pt Liberation Serif (Times metrics)
# pages from LibreOffice, scanned by scripts/render_scan.py and read at 300 dpi, gave a median height
# of 0.90 font sizes per line (0.74-1.2 over 150 lines; see `_line_size`).
SIZE_PER_WORD_HEIGHT = 1.1


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
    return _missing_reason() is None


def _missing_reason() -> str | None:
    if shutil.which(TESSERACT) is None:
        return f"the Tesseract binary ({TESSERACT!r}) is not on PATH"
    try:
        listed = subprocess.run([TESSERACT, "--list-langs"], capture_output=True, text=True, timeout=30,
                                env=_environment())
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
    reason = _missing_reason() or "Tesseract is missing"
    raise TesseractMissing(f"the PDF has no text layer (a scan) and OCR is not possible: {reason}; "
                           f"install it with `{INSTALL_HINT}`")


def _environment() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


# --- the document ----------------------------------------------------------------------------------
def ocr_pdf(document_or_bytes, *, dpi: int = DPI, page_timeout: float = PAGE_TIMEOUT_SECONDS) -> list[PageLayout]:
    """Page layouts of every page of a PDF (bytes or an open pypdfium2 document) read by OCR; a page
    that could not be read has no lines (see `ocr_document` for the reasons)."""
    return ocr_document(document_or_bytes, dpi=dpi, page_timeout=page_timeout).pages


def ocr_document(document_or_bytes, *, dpi: int = DPI,
                 page_timeout: float = PAGE_TIMEOUT_SECONDS) -> OcrReading:
    import pypdfium2 as pdfium

    require_tesseract()
    owned = isinstance(document_or_bytes, (bytes, bytearray))
    document = pdfium.PdfDocument(bytes(document_or_bytes)) if owned else document_or_bytes
    try:
        reading = OcrReading(pages=[])
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                layout = PageLayout(number=index + 1, width=width, height=height, lines=[])
                try:
                    layout.lines = _ocr_page(page, dpi, page_timeout)
                except _PageFailure as failure:
                    reading.failed_pages[index + 1] = str(failure)
                reading.pages.append(layout)
            finally:
                page.close()
    finally:
        if owned:
            document.close()
    if reading.pages and len(reading.failed_pages) == len(reading.pages):
        reasons = "; ".join(f"page {n}: {why}" for n, why in reading.failed_pages.items())
        code = "timeout" if all("time" in why for why in reading.failed_pages.values()) else "internal"
        raise OcrFailed(f"OCR could not read any page ({reasons})", code=code)
    return reading


class _PageFailure(Exception):
    pass


def _ocr_page(page, dpi: int, timeout: float) -> list[Line]:
    image = _straightened(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1, dpi=(dpi, dpi))
    tsv = _run_tesseract(buffer.getvalue(), dpi, timeout)
    return lines_from_tsv(tsv, dpi)


def _run_tesseract(png: bytes, dpi: int, timeout: float) -> str:
    command = [TESSERACT, "stdin", "stdout", "-l", LANGUAGE, "--psm", "4", "--dpi", str(dpi), "tsv"]
    try:
        done = subprocess.run(command, input=png, capture_output=True, timeout=timeout, env=_environment())
    except subprocess.TimeoutExpired as exc:
        raise _PageFailure(f"Tesseract took more than {timeout:g} s") from exc
    except OSError as exc:
        raise _PageFailure(f"Tesseract did not start ({exc})") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _PageFailure(f"Tesseract failed (exit {done.returncode}): {message[-1] if message else ''}")
    return done.stdout.decode("utf-8", "replace")


# --- skew ------------------------------------------------------------------------------------------
MAX_SKEW_DEGREES = 3.0


def _straightened(image):
    from PIL import Image

    angle = _skew_angle(image)
    if abs(angle) < 0.1:
        return image
    return image.rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def _skew_angle(image) -> float:
    """The page's skew in degrees, counter-clockwise positive (PIL's `rotate(-angle)` undoes it): the
    angle at which the rows of ink line up best, i.e. the horizontal projection of the dark pixels is the
    most peaked. Done on a half-size image; ±MAX_SKEW_DEGREES in 0.1° steps, then 0.02° steps."""
    import numpy as np

    small = np.asarray(image.reduce(2))
    ys, xs = np.nonzero(small < 128)
    if len(ys) < 500:
        return 0.0
    if len(ys) > 400_000:  # plenty for a profile; a fixed stride keeps it deterministic
        step = len(ys) // 400_000 + 1
        ys, xs = ys[::step], xs[::step]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - xs.mean()

    def peakedness(degrees: float) -> float:
        rows = np.round(ys + xs * np.tan(np.radians(degrees))).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    coarse = max(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.1), key=peakedness)
    fine = max(np.arange(coarse - 0.1, coarse + 0.1 + 1e-9, 0.02), key=peakedness)
    return float(fine)


# --- TSV -> lines ----------------------------------------------------------------------------------
def lines_from_tsv(tsv: str, dpi: int) -> list[Line]:
    """Tesseract's TSV as lines of pieces in points, top to bottom. Rows with confidence -1 (pages,
    blocks, paragraphs, lines, and empty words) are dropped; words are grouped by their
    (block, paragraph, line) numbers, cleared of specks and split into pieces at gaps wider than
    COLUMN_GAP font sizes."""
    scale = 72 / dpi
    lines: list[Line] = []
    for words in _tsv_lines(tsv):
        size_px = _line_size(words)
        words = _corrected([w for w in words if not _is_noise(w, size_px)])
        if words:
            lines.append(Line([_piece(group, size_px, scale) for group in _split_at_gaps(words, size_px)]))
    lines.sort(key=lambda line: (line.bottom, line.left))
    return lines


def _tsv_lines(tsv: str) -> Iterable[list[_Word]]:
    grouped: dict[tuple[str, str, str, str], list[_Word]] = {}
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
        grouped.setdefault(key, []).append(word)  # type: ignore[arg-type]
    return [sorted(words, key=lambda w: w.left) for words in grouped.values()]


def _line_size(words: list[_Word]) -> float:
    """The line's font size in pixels: the 75th percentile of its words' heights times
    SIZE_PER_WORD_HEIGHT. Capitals, ascenders and Vietnamese diacritics reach the full height, so
    the taller words measure the size; the percentile keeps a word merged with a speck (or a descender
    and a stacked diacritic) from inflating it. Only confident words with letters or digits count."""
    measured = ([w for w in words if w.conf >= 50 and _has_alnum(w.text)]
                or [w for w in words if _has_alnum(w.text)] or words)
    heights = sorted(w.height for w in measured)
    return heights[int(0.75 * (len(heights) - 1))] * SIZE_PER_WORD_HEIGHT


def _split_at_gaps(words: list[_Word], size_px: float) -> list[list[_Word]]:
    groups = [[words[0]]]
    for word in words[1:]:
        if word.left - groups[-1][-1].right > COLUMN_GAP * size_px:
            groups.append([word])
        else:
            groups[-1].append(word)
    return groups


def _piece(words: list[_Word], size_px: float, scale: float) -> Piece:
    return Piece(text=" ".join(w.text for w in words), left=words[0].left * scale,
                 top=min(w.top for w in words) * scale, right=max(w.right for w in words) * scale,
                 bottom=max(w.bottom for w in words) * scale, size=round(size_px * scale, 1))


# --- safe corrections ------------------------------------------------------------------------------
_DASHES = {"—", "–", "―", "−"}
_BARS = {"|", "¦"}


def _has_alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _is_noise(word: _Word, size_px: float) -> bool:
    """Dust and specks read as marks: punctuation alone that is unsure or far smaller than a hyphen
    (a hyphen is about 0.3 x 0.1 sizes), a letter or two that is unsure and low, or an unsure run of
    mostly punctuation ("S........")."""
    alnum = sum(c.isalnum() for c in word.text)
    if alnum == 0:
        return word.conf < 50 or max(word.right - word.left, word.height) <= 0.15 * size_px
    if word.conf < 30 and alnum <= 2 and word.height < 0.35 * size_px:
        return True
    return word.conf < 50 and 2 * alnum < len(word.text)


def _corrected(words: list[_Word]) -> list[_Word]:
    """Fixes that hold for any document: bars read from the page edge or a table border at either end
    of a line go; a long dash opening a list item becomes the "-" the notices use."""
    while words and set(words[0].text) <= _BARS:
        words = words[1:]
    while words and set(words[-1].text) <= _BARS:
        words = words[:-1]
    if len(words) > 1 and words[0].text in _DASHES:
        words[0].text = "-"
    return words
