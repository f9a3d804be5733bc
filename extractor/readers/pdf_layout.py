"""Page layouts -> blocks: what a reader of the printed page sees, for text-layer PDFs and OCR alike.

- running page numbers (a line of digits alone at the top or bottom margin) are dropped;
- footnotes (lines in a smaller font below the last body line) become footnote blocks;
- two-column regions (the Decree 30 header table: issuer and "Số" left, Quốc hiệu and place/date
  right; the closing table: "Nơi nhận" left, signature right) are read column by column;
- body lines are joined into paragraphs by geometry: a vertical gap, a first-line indent, a short
  line that ends a sentence, a list label after a short line, a change between centered and
  justified lines. A page break alone does not start a paragraph.
Every line becomes a Block; `gap_before` says whether it starts a paragraph, `wrapped` that it may
continue the previous one (the normalizer joins those).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import cache
from statistics import median

import regex

from ..textutil import ENDS_SENTENCE as _ENDS_SENTENCE
from ..textutil import SUPERSCRIPT_DIGITS
from ..textutil import SUPERSCRIPTS as _SUPERSCRIPTS
from ..textutil import list_marker as _label
from .base import Block
from .geometry import Line, PageLayout, Piece

# Fewer long wrapped lines than this are too few to tell the body's right edge by
_WRAPPED_LINES = 12
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–]\s*)?(?:trang\s+)?\d{1,4}(?:\s*[-–/]\s*\d{0,4})?\s*$", re.IGNORECASE)


@dataclass(slots=True)
class _Frame:
    """The body's text box on a page and its typical line size."""

    left: float
    right: float
    size: float
    pitch: float
    space: float | None = None  # the font's word space in ems, as lines that are not stretched show it


def blocks_from_layouts(pages: list[PageLayout]) -> list[Block]:
    blocks: list[Block] = []
    body_size = _body_size(pages)
    running = _running_lines(pages)
    split_pages = []
    for page in pages:
        lines = [line if line.row else _merge_label(line) for line in page.lines
                 if line.row or (not _is_page_number(line, page) and _furniture_key(line, page) not in running)]
        split_pages.append((page, *_split_footnotes(lines, body_size)))
    # one text box for the document: margins are set once, and a short page has too few lines to tell
    frame = _frame([line for _, body, _ in split_pages for line in body if not line.row], body_size)
    frame = _wrapped_edge([line for _, body, _ in split_pages for line in body], frame)
    split_pages = [(page, _without_margin_noise(body, frame), notes) for page, body, notes in split_pages]
    previous: tuple[Line, int] | None = None
    # a two-column table is emitted when body text follows it, so that one running over a page break
    # (recipients left, the signer's name on the next page right) is still read column by column
    table: list[tuple[Line, int]] = []
    for page, body, notes in split_pages:
        if not body and not notes:
            continue
        index = 0
        while index < len(body):
            if body[index].row:  # a row of a ruled table, its cells joined: a paragraph of its own
                if table:
                    blocks.extend(_column_blocks(table, frame))
                    table = []
                piece = body[index].pieces[0]
                blocks.append(Block(text=piece.text, page=page.number, emphasis=list(piece.bold),
                                    uncertain=list(piece.uncertain)))
                previous = None
                index += 1
                continue
            # a table left open at the foot of the previous page goes on with the same gutter
            carried = _gutter(table[0][0], frame) if table and index == 0 else None
            region = _two_column_region(body, index, frame, carried)
            if region:
                table.extend((line, page.number) for line in body[index:index + region])
                index += region
                previous = None
                continue
            if table:
                blocks.extend(_column_blocks(table, frame))
                table = []
            line = body[index]
            blocks.append(_line_block(line, page.number, _starts_paragraph(line, frame, previous, page.number)))
            previous = (line, page.number)
            index += 1
        blocks.extend(_footnote_blocks(notes, page.number))
    if table:
        blocks.extend(_column_blocks(table, frame))
    return blocks


# --- page furniture --------------------------------------------------------------------------------
def _body_size(pages: list[PageLayout]) -> float:
    weights: dict[float, int] = {}
    for page in pages:
        for line in page.lines:
            for piece in line.pieces if not line.row else []:
                key = round(piece.size * 2) / 2
                weights[key] = weights.get(key, 0) + len(piece.text)
    return max(weights, key=weights.__getitem__) if weights else 12.0


def _is_page_number(line: Line, page: PageLayout) -> bool:
    text = " ".join(p.text for p in line.pieces)
    in_margin = line.top < 0.12 * page.height or line.bottom > 0.88 * page.height
    return in_margin and bool(_PAGE_NUMBER.match(text))


def _furniture_key(line: Line, page: PageLayout) -> str | None:
    """A line in the top or bottom margin, digits masked: the same key on several pages is a running
    header or footer ("UBND tỉnh Long An - Thông báo số 45/TB-UBND - Trang 2")."""
    if not (line.top < 0.08 * page.height or line.bottom > 0.92 * page.height):
        return None
    return re.sub(r"\d+", "#", " ".join(p.text.strip() for p in line.pieces))


def _running_lines(pages: list[PageLayout]) -> set[str]:
    if len(pages) < 2:
        return set()
    seen: dict[str, set[int]] = {}
    for page in pages:
        for line in page.lines:
            key = None if line.row else _furniture_key(line, page)
            if key:
                seen.setdefault(key, set()).add(page.number)
    return {key for key, numbers in seen.items() if len(numbers) >= max(2, len(pages) // 2)}


def _split_footnotes(lines: list[Line], body_size: float) -> tuple[list[Line], list[Line]]:
    """Footnotes: a run of lines in a smaller font at the bottom of the page, from the first of them
    that opens with a footnote number (recipients in small type above it stay in the body)."""
    start = len(lines)
    while start > 0 and lines[start - 1].size < 0.9 * body_size and not lines[start - 1].row:
        start -= 1
    for index in range(start, len(lines)):
        above = lines[index - 1] if index else None
        separated = above is None or lines[index].top - above.bottom > 0.8 * lines[index].size
        if _opens_footnote(lines[index], separated):
            return lines[:index], lines[index:]
    return lines, []


def _opens_footnote(line: Line, separated: bool = True) -> bool:
    """A superscript number first, or a plain number and a word after the separator's gap."""
    text = line.pieces[0].text.lstrip()
    if not text:
        return False
    return text[0] in _SUPERSCRIPTS or (separated and bool(regex.match(r"\d{1,2}\s+\p{L}", text)))


def _footnote_blocks(lines: list[Line], page: int) -> list[Block]:
    blocks: list[Block] = []
    for line in lines:
        text = _line_text(line)
        opens = _opens_footnote(line, separated=True)
        if opens and text[0] in "0123456789":
            leading = re.match(r"\d+", text)
            assert leading is not None  # the text starts with a digit
            digits = leading.group(0)
            text = digits.translate(SUPERSCRIPT_DIGITS) + " " + text[len(digits):].lstrip()
        blocks.append(Block(text=text, page=page, gap_before=opens, footnote=True, wrapped=not opens))
    return blocks


# --- geometry of the body --------------------------------------------------------------------------
def _frame(lines: list[Line], body_size: float) -> _Frame:
    body = [line for line in lines if line.size >= 0.9 * body_size] or lines
    if not body:
        return _Frame(left=0.0, right=0.0, size=body_size, pitch=1.2 * body_size)
    lefts = [round(line.left) for line in body]
    counts = {left: lefts.count(left) for left in set(lefts)}
    most = max(counts.values())
    # the text box starts where wrapped lines start: the leftmost edge that many lines share. The most
    # common edge may be the first-line indent (short one-line paragraphs and items are all indented)
    shared = [left for left, count in counts.items() if count >= max(2, most / 4)]
    rights = sorted(line.right for line in body)
    right = _right_edge(rights, body_size)
    steps = [b.bottom - a.bottom for a, b in itertools.pairwise(body) if 0 < b.bottom - a.bottom < 3 * body_size]
    pitch = min(median(steps), 1.6 * body_size) if steps else 1.2 * body_size
    return _Frame(left=min(shared) if shared else min(lefts), right=right, size=body_size, pitch=pitch,
                  space=_word_space(body))


def _wrapped_edge(lines: list[Line], frame: _Frame) -> _Frame:
    """The text box's right edge where the body's wrapped lines end, when there are lines enough to show
    it: the median end of the long lines that start at the box's left. The furthest edge many lines
    reach may be the header's: on a scan whose body was set narrower than its header ("ĐẮK SONG, ngày …"
    ending an inch right of the paragraphs), an indented first line ("6. Chủ tịch UBND …", its end on the
    body's edge) looked centred, and a paragraph broke after "…tỉnh Đăk" where an inch seemed left."""
    width = frame.right - frame.left
    rights = sorted(line.right for line in lines
                    if not line.row and abs(line.left - frame.left) <= 0.5 * frame.size
                    and line.right - line.left > 0.6 * width)
    if len(rights) < _WRAPPED_LINES:
        return frame
    right = median(rights)
    return frame if abs(right - frame.right) < frame.size else replace(frame, right=right)


def _without_margin_noise(lines: list[Line], frame: _Frame) -> list[Line]:
    """Lines without the pieces OCR read in the right margin and was unsure of: a stamp's or a signature's
    specks beside a scan's lines ("- Thủ trưởng các phòng, ban, …;  Í * (đỶ"). A text layer marks nothing
    uncertain, so it keeps all its pieces."""
    out: list[Line] = []
    for line in lines:
        if line.row or all(piece.left <= frame.right for piece in line.pieces):
            out.append(line)
            continue
        kept = [piece for piece in line.pieces if piece.left <= frame.right or not _mostly_uncertain(piece)]
        if kept:
            out.append(Line(kept) if len(kept) < len(line.pieces) else line)
    return out


def _mostly_uncertain(piece: Piece) -> bool:
    letters = sum(1 for c in piece.text if not c.isspace())
    unsure = sum(1 for s, e in piece.uncertain for c in piece.text[s:e] if not c.isspace())
    return letters > 0 and 2 * unsure >= letters


def _right_edge(rights: list[float], size: float) -> float:
    """Where the text box ends: the furthest edge that many lines reach together (justified lines end on
    it within half an em), else the 90th percentile of the lines' ends. A stamp or a signature read over
    the last lines of a scan stretches a few lines past the margin: the percentile alone took them for the
    margin, and every first line indented by a first-line indent then looked centred."""
    fallback = rights[int(0.9 * (len(rights) - 1))]
    need = max(3, len(rights) // 5)
    for right in reversed(rights):
        if right > fallback:
            continue  # only ever nearer than the percentile: the lines past it are what may mislead it
        if right < fallback - 2 * size:
            break
        if sum(1 for r in rights if abs(r - right) <= 0.5 * size) >= need:
            return min(fallback, max(r for r in rights if abs(r - right) <= 0.5 * size))
    return fallback


def _word_space(lines: list[Line]) -> float | None:
    """The word space of the body font in ems: justification only ever widens it, and every
    paragraph's last line, every centred or ragged line keeps it, so it is the low end of the lines'
    typical gaps."""
    typical = sorted(median(gaps) for line in lines if len(gaps := _word_gaps(line)) >= 2)
    return typical[len(typical) // 10] if len(typical) >= 10 else None


def _word_gaps(line: Line) -> list[float]:
    return [gap for piece in line.pieces for gap in piece.word_gaps]


def _is_stretched(line: Line, frame: _Frame) -> bool:
    """A justified line whose word spaces were widened to reach the right edge: its paragraph goes on
    on the next line, whatever that line starts with ("…điểm chuẩn;" / "- Sở Y tế …" inside a cell)."""
    gaps = _word_gaps(line)
    if frame.space is None or len(gaps) < 2 or frame.right - line.right > frame.size:
        return False
    return median(gaps) > 1.02 * frame.space  # the space itself varies by less than 1% (rounding)


def _is_centered(line: Line, frame: _Frame) -> bool:
    return line.left - frame.left > 2 * frame.size and _is_symmetric(line, frame)


def _is_symmetric(line: Line, frame: _Frame) -> bool:
    left_margin = line.left - frame.left
    right_margin = frame.right - line.right
    return left_margin > 0.5 * frame.size and abs(left_margin - right_margin) < 1.5 * frame.size


def _is_rule(text: str) -> bool:
    return bool(text) and not any(ch.isalnum() for ch in text)


@cache
def _type_words() -> frozenset[str]:
    from ..rules import load_rules

    return frozenset(load_rules().header.doc_type_words)


def _is_type_word(text: str) -> bool:
    return " ".join(text.split()).upper() in _type_words()


def _left_room(line: Line, frame: _Frame) -> float:
    return frame.right - line.right


def _first_word_width(line: Line, frame: _Frame) -> float:
    """Estimated width of the line's first word and the space before it (half an em a letter)."""
    first = line.pieces[0].text.strip().split(" ", 1)[0]
    return (len(first) + 1) * 0.5 * line.pieces[0].size + 0.5 * frame.size


def _starts_paragraph(line: Line, frame: _Frame, previous: tuple[Line, int] | None, page: int) -> bool:
    if previous is None:
        return True
    last, last_page = previous
    text, last_text = _line_text(line), _line_text(last)
    if last_page == page and line.top - last.bottom > frame.pitch - (last.bottom - last.top) + 0.3 * frame.size:
        return True  # paragraph spacing or a blank line
    if _is_rule(text) or _is_rule(last_text):
        return True  # the short rule under a title or a column head ("-----", "*")
    centered, last_centered = _is_centered(line, frame), _is_centered(last, frame)
    # a long centred line (a title's first line) has narrow margins, but they are still even
    centered = centered or (last_centered and _is_symmetric(line, frame))
    last_centered = last_centered or (centered and _is_symmetric(last, frame))
    if centered != last_centered:
        return True
    if centered:
        # a type word ("THÔNG BÁO", "CHỈ THỊ", "KẾT LUẬN") is a paragraph of its own above the title
        # and a line in capitals ("CỦA BAN THƯỜNG VỤ TỈNH ỦY") ends where lower case begins
        # (and "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" in capitals under a title in lower case begins anew)
        return _is_type_word(last_text) or last_text.isupper() != text.isupper()
    if line.left <= frame.left + 0.5 * frame.size and _is_stretched(last, frame):
        return False
    if last_text.isupper() and any(c.islower() for c in text):
        return True  # a title in capitals that fills the line ends where lower case begins
    if line.left > frame.left + 0.5 * frame.size:
        return True  # first-line indent
    if _left_room(last, frame) > _first_word_width(line, frame):
        return True  # the first word would have fitted on the line above: that line ended a paragraph
    if _ENDS_SENTENCE.search(last_text) and _label().match(text):
        # "…; (ii) Định danh xác thực điện tử;" / "(iii) Thực hiện …": a parenthesised number after a
        # semicolon goes on counting inside the paragraph; only after a full stop or colon does it open one
        return not text.startswith("(") or last_text.rstrip().endswith((".", ":"))
    return False


def _line_text(line: Line) -> str:
    return "  ".join(p.text.strip() for p in line.pieces)


def _line_block(line: Line, page: int, starts: bool) -> Block:
    text_parts: list[str] = []
    emphasis: list[tuple[int, int]] = []
    uncertain: list[tuple[int, int]] = []
    for piece in line.pieces:
        if text_parts:
            text_parts.append(" ")
        offset = sum(len(t) for t in text_parts)
        stripped = piece.text.strip()
        lead = len(piece.text) - len(piece.text.lstrip())
        for spans, into in ((piece.bold, emphasis), (piece.uncertain, uncertain)):
            into.extend((offset + max(0, s - lead), offset + min(len(stripped), e - lead))
                        for s, e in spans if e - lead > 0)
        text_parts.append(stripped)
    return Block(text="".join(text_parts), page=page, gap_before=starts, emphasis=emphasis, wrapped=True,
                 uncertain=uncertain)


# --- two-column regions ----------------------------------------------------------------------------
def _two_column_region(lines: list[Line], start: int, frame: _Frame,
                       gutter: tuple[float, float] | None = None) -> int:
    """Number of lines from `start` that form a two-column table (0 if none starts here).

    A region opens at a line with two pieces far apart (or goes on with a `gutter` carried over
    from the previous page), and grows over following lines that have such a gap too or whose
    single piece keeps to one side of the gutter between the columns."""
    if gutter is None:
        gutter = _gutter(lines[start], frame)
        if gutter is None:
            return 0
        end = start + 1
    else:
        end = start
    while end < len(lines):
        line = lines[end]
        gap = line.top - lines[end - 1].bottom if end > start else 0.0
        right_only = all(piece.left >= gutter[0] - 1 for piece in line.pieces)
        if gap > 8 * frame.pitch or (gap > 1.5 * frame.pitch and not right_only):
            break  # a blank line ends the table, except the room left for a signature
        if not all(piece.right <= gutter[1] + 1 or piece.left >= gutter[0] - 1 for piece in line.pieces):
            break
        if len(line.pieces) == 1 and (_is_body_line(line, frame, gutter) or _is_centered(line, frame)):
            break  # text running across the gutter, or a type word centred on the page
        end += 1
    return end - start


def _gutter(line: Line, frame: _Frame) -> tuple[float, float] | None:
    if len(line.pieces) < 2:
        return None
    widest = max(range(len(line.pieces) - 1), key=lambda i: line.pieces[i + 1].left - line.pieces[i].right)
    low, high = line.pieces[widest].right, line.pieces[widest + 1].left
    if high - low < frame.size:  # pieces are already cut at wide gaps; adjacent cells may be close
        return None
    if high >= frame.right - frame.size:
        return None  # what lies past it is in the margin (a stamp's specks beside a scan's lines), no column
    return (low, high)


def _merge_label(line: Line) -> Line:
    """A list label set off by a tab ("I." then the heading far to its right) is one piece with its text."""
    pieces = line.pieces
    if len(pieces) < 2 or not _is_label_only(pieces[0].text.strip()):
        return line
    label, text = pieces[0], pieces[1]
    joined = label.text.strip() + " "
    merged = Piece(joined + text.text, label.left, min(label.top, text.top), text.right,
                   max(label.bottom, text.bottom), max(label.size, text.size),
                   list(label.bold) + [(s + len(joined), e + len(joined)) for s, e in text.bold],
                   label.word_gaps + text.word_gaps,
                   list(label.uncertain) + [(s + len(joined), e + len(joined)) for s, e in text.uncertain])
    return Line([merged, *pieces[2:]])


def _is_label_only(text: str) -> bool:
    if not text or len(text) > 8:
        return False
    if text in ("-", "+", "*", "•", "–"):
        return True
    match = _label().match(text + " x")
    return match is not None and match.end() == len(text) + 1


def _is_body_line(line: Line, frame: _Frame, gutter: tuple[float, float]) -> bool:
    """A single piece that starts at the body's left edge and runs past the gutter: text, not a cell."""
    piece = line.pieces[0]
    return piece.left <= frame.left + frame.size and piece.right > gutter[1]


def _column_blocks(lines: list[tuple[Line, int]], frame: _Frame) -> list[Block]:
    gutter = _gutter(lines[0][0], frame)
    assert gutter is not None
    split = (gutter[0] + gutter[1]) / 2
    columns: tuple[list[tuple[Piece, int]], list[tuple[Piece, int]]] = ([], [])
    for line, page in lines:
        for piece in line.pieces:
            columns[piece.left >= split].append((piece, page))
    blocks: list[Block] = []
    for column in columns:
        previous: Piece | None = None
        opening = ""  # the first line of the cell paragraph being read
        last_page = 0
        for piece, page in column:
            # a blank line inside a cell (the type word under the date, the name under the title) ends
            # the cell's paragraph whatever its words
            spaced = page == last_page and previous is not None and piece.bottom - previous.bottom > 1.6 * frame.pitch
            starts = previous is None or spaced or not _continues_cell_line(opening, previous, piece)
            last_page = page
            opening = piece.text.strip() if starts else opening
            blocks.append(_line_block(Line([piece]), page, starts))
            previous = piece
    return blocks


def _continues_cell_line(opening: str, previous: Piece, piece: Piece) -> bool:
    """Inside a table cell each line is its own paragraph (issuer lines, recipients), except a line
    that wraps: it starts in lower case or with a digit, follows a word a line never ends on ("V/v
    triển khai Công văn số"), or continues a recipient item ("- ...") that has not ended."""
    text, last = piece.text.strip(), previous.text.strip()
    if not text or not last or _is_rule(last):
        return False
    if opening.startswith(("- ", "+ ")) and not text.startswith(("-", "+")) and not last.endswith("."):
        # a recipient item runs to the next "-": a colon or semicolon may stand inside it ("- VPCP: BTCN,
        # các Vụ:" / "TCCV, KTTH;" / "Cổng TTĐT;"); a full stop ends the list ("- Lưu: VT.")
        return True
    if last.endswith(","):
        return not text.startswith(("-", "+"))  # a list of units that wraps ("K2ĐT," / "HTTB;")
    if _ENDS_SENTENCE.search(last):
        return (text[0].islower() or text[0].isdigit()) and not last.endswith((".", ";", ":"))
    if text[0].islower() or text[0].isdigit():
        return True
    if last.split()[-1] in _open_line_endings():
        return True
    return opening.startswith(("- ", "+ ")) and not text.startswith(("-", "+"))


@cache
def _open_line_endings() -> frozenset[str]:
    from ..rules import load_rules

    return frozenset(load_rules().header.open_line_endings)
