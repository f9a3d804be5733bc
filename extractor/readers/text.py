"""Plain-text reader (.txt, .text, .md): UTF-8 (with or without BOM), UTF-16 (with a BOM or by its
zero bytes), and the byte encodings of older offices, Windows-1258 and TCVN3/VNI, where the reading
whose words look most Vietnamese wins (text that looks Vietnamese in none is `corrupt_file`); NUL
bytes are binary data (`corrupt_file`). Each non-blank line is a block, a blank line a paragraph
gap, a form feed a page break; lines hard-wrapped at a fixed width (text pasted from a PDF or a web
page) are marked as possible continuations for the normalizer."""

from __future__ import annotations

import codecs
import itertools
import unicodedata

import regex

from ..errors import CorruptFile, EmptyInput
from .base import CELL_SEPARATOR, Block


def decode(data: bytes) -> str:
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        if _looks_utf16(data):
            return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    except UnicodeDecodeError as exc:  # a BOM or zero bytes over something else
        raise CorruptFile(f"not {exc.encoding} text although it starts like it (byte {exc.start})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:4096]:
            raise CorruptFile("binary data, not text") from exc
        legacy = _legacy_decode(data)
        if legacy is None:
            raise CorruptFile(f"not UTF-8, UTF-16, Windows-1258 or TCVN3 text (byte {exc.start})") from exc
        return legacy


def _legacy_decode(data: bytes) -> str | None:
    """Older offices' files: Windows-1258 (combining tone marks) or TCVN3 bytes; the reading whose
    words look most Vietnamese wins, and one that does not look Vietnamese at all is refused."""
    from ..textutil import looks_vietnamese, vietnamese_share
    from .legacy_fonts import tcvn3_to_unicode, vni_to_unicode

    readings = []
    try:
        readings.append(unicodedata.normalize("NFC", data.decode("cp1258")))
    except UnicodeDecodeError:
        pass
    latin = data.decode("latin-1")  # each byte as one character, as the legacy tables expect
    readings.append(tcvn3_to_unicode(latin))
    readings.append(unicodedata.normalize("NFC", vni_to_unicode(latin)))
    best = max(readings, key=vietnamese_share)
    return best if looks_vietnamese(best) else None


def _looks_utf16(data: bytes) -> bool:
    head = data[:200]
    if len(head) < 4:
        return False
    zeros_even = head[0::2].count(0)
    zeros_odd = head[1::2].count(0)
    half = len(head) // 2
    return max(zeros_even, zeros_odd) > 0.4 * half and min(zeros_even, zeros_odd) < 0.05 * half


def blocks_from_text(text: str) -> list[Block]:
    """Each non-blank line is a block; a blank line before it sets gap_before."""
    if "\x00" in text:
        raise CorruptFile("binary data, not text")
    blocks: list[Block] = []
    page = 1
    gap = True
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if "\f" in raw_line:
            page += raw_line.count("\f")
            raw_line = raw_line.replace("\f", "")
            gap = True
        if not raw_line.strip():
            gap = True
            continue
        blocks.append(Block(text=raw_line, page=page, gap_before=gap))
        gap = False
    if not blocks:
        raise EmptyInput("no text in the document")
    width = wrap_width([b.text for b in blocks])
    if width is not None:
        _mark_wrapped_lines(blocks, width)
    return blocks


# Text pasted from a PDF or a web page arrives hard-wrapped at a fixed width: most long lines end
# within a word or two of that width and none is longer. Such a line continues into the next one
# when the next line's first word would not have fitted on it (the rule the PDF layout uses).
_MIN_WRAPPED_LINES = 8
_TABLE_ROW_START = regex.compile(r"^(?:\||(?P<label>[^\s|]{1,8})\s*\|\s)")  # "| …", "12 | …", "II | …"
_ROW_GROUP_LABEL = regex.compile(r"^(?:[IVXLC]+|[a-zđ]|[A-Z])[.)]?$")


def _all_capitals(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text.upper() == text


def _is_next_row(label: str, previous: str | None) -> bool:
    """A line that opens with "label |" starts a row when the label can follow the last row's STT: a
    group label (I, II, a), an empty cell, 1 (a new group), or the next number; "2026 | …" after row 7
    is the wrapped rest of a cell."""
    if not label or _ROW_GROUP_LABEL.match(label):
        return True
    number = label.rstrip(".")
    if not number.isdigit():
        return False
    last = previous.rstrip(".") if previous else None
    return int(number) == 1 or last is None or not last.isdigit() or int(number) == int(last) + 1
_WRAP_SLACK = 14
# the share of long lines that end near the width: lines wrapped from a notice's prose (a short item or a
# paragraph's last line ends early; the corpus's whole-paragraph texts stay under 0.2)
_NEAR_WIDTH_SHARE = 0.35


def wrap_width(lines: list[str]) -> int | None:
    """The column a text was hard-wrapped at, or None when its lines are whole paragraphs."""
    # a table's rows ("1 | Nhiệm vụ | Sở Tài chính | …") are cells joined on one line, never wrapped at the
    # width of the prose around them
    lengths = [len(line.rstrip()) for line in lines if line.strip() and CELL_SEPARATOR not in line]
    if len(lengths) < _MIN_WRAPPED_LINES:
        return None
    width = max(lengths)
    if width > 200:
        return None  # paragraphs on one line each: not wrapped
    near = sum(1 for n in lengths if n >= width - _WRAP_SLACK)
    long_lines = sum(1 for n in lengths if n >= 30)
    return width if long_lines and near >= _NEAR_WIDTH_SHARE * long_lines and near >= _MIN_WRAPPED_LINES else None


def _mark_wrapped_lines(blocks: list[Block], width: int) -> None:
    from ..rules import alternation, load_rules
    from ..textutil import list_marker

    marker = list_marker()
    rules = load_rules()
    header = rules.header
    part_heading = regex.compile(rf"^(?:{alternation(rules.outline.part_heading_words)})\s+(?:[IVXLC]+|\d{{1,2}})\s*$")
    layout_line = regex.compile(
        rf"^(?:{regex.escape(header.recipients_label)}|{regex.escape(header.salutation)})\s*:", regex.I)
    row_label: str | None = None  # the STT of the table row being read
    for previous, block in itertools.pairwise(blocks):
        line, following = previous.text.rstrip(), block.text.strip()
        row = _TABLE_ROW_START.match(following)
        if row is not None and not block.gap_before:
            label = row.group("label") or ""
            cut = len(line) + 1 + len(following.split(" ", 1)[0]) > width
            # after a line cut at the width, "| …" and "1 | …" are more often the rest of a cell (cut
            # before a separator or after a number) than an empty first cell or a new group
            ambiguous = cut and (label == "" or (label.rstrip(".") == "1" and row_label not in (None, "")))
            if _is_next_row(label, row_label) and not ambiguous:
                row_label = label if label.rstrip(".").isdigit() else row_label
                continue  # the next row of a table starts its own paragraph
        if len(line) > width:
            continue  # a line longer than the width (a table's row) was not wrapped at it
        if block.gap_before or line.endswith("./.") or layout_line.match(following):
            continue  # "Nơi nhận:" and "Kính gửi:" start paragraphs; "./." ends the body
        if _all_capitals(line) and not _all_capitals(following):
            continue  # a title in capitals wraps onto capitals
        ends_sentence = line.endswith((".", ";", ":", "!", "?"))
        if ends_sentence and part_heading.match(following):
            continue  # "Chương III" after a sentence: the heading of the next part
        if marker.match(following) and (ends_sentence or not following.startswith("-")):
            continue  # a list label after a finished sentence starts an item ("- 2030" may be a wrap)
        if ends_sentence and following[:1].isupper() and len(line) + 1 + len(following.split(" ", 1)[0]) <= width + 2:
            continue
        first_word = block.text.strip().split(" ", 1)[0]
        if len(previous.text.rstrip()) + 1 + len(first_word) > width:
            block.wrapped = True


def read_text_bytes(data: bytes) -> list[Block]:
    if not data.strip():
        raise EmptyInput("the file is empty")
    return blocks_from_text(decode(data))
