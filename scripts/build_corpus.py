"""Render every corpus notice (corpus/<part>/docs/<id>.txt) as the documents offices actually send.

1. corpus/<part>/docx/<id>.docx: the notice typed in Word in the layout of Decree 30/2020/NĐ-CP
   (A4, Times New Roman 14, justified, first-line indent; the header and the closing as borderless
   two-column tables; Word automatic multi-level numbering for "I.", "1.", "1.1.", "-", "+"; real
   footnotes). The text Word shows for each paragraph is the .txt paragraph; paragraphs the .txt cut
   at a page break are whole again, and page numbers live in the page header.
2. corpus/<part>/pdf/<id>.pdf: that DOCX printed by LibreOffice (one soffice call per part).
3. with --scan, corpus/<part>/scan/<id>.pdf: the PDF through scripts/render_scan.py.
4. with --ruled, for the notices with " | " table rows only: corpus/<part>/docx-ruled/<id>.docx and
   corpus/<part>/pdf-ruled/<id>.pdf, the rows printed as Word tables with ruling lines (a header row
   repeated on each page), as offices print task tables; pdf_tables.py reads them.

The output is deterministic (fixed ZIP dates and order, fixed document properties; the PDF's dates
and ID are pinned after conversion), so the committed files only change when the input does.

    python scripts/build_corpus.py [--parts seeds dev ...] [--only ID ...] [--no-pdf] [--scan] [--ruled]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.rules import HeaderRules, load_rules

CORPUS = ROOT / "corpus"
PARTS = ("seeds", "dev", "heldout", "synthetic")

# --- page geometry (twentieths of a point) ---------------------------------------------------------
CM = 567
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838                 # A4
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 2 * CM, 850, 2 * CM, 3 * CM + 1
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FIRST_LINE_INDENT = CM                                  # 1 cm
HEADER_LEFT_WIDTH = round(TEXT_WIDTH * 0.42)            # issuer | national motto
CLOSING_LEFT_WIDTH = round(TEXT_WIDTH * 0.5)            # recipients | signature
BODY_SIZE, HEADER_SIZE, RECIPIENTS_SIZE, FOOTNOTE_SIZE = 28, 26, 22, 20   # half-points

FIXED_TIMESTAMP = "2024-01-01T00:00:00Z"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PDF_DATE = b"D:20240101000000Z"


# ==================================================================================================
# 1. The .txt as lines of runs
# ==================================================================================================
@dataclass(slots=True, frozen=True)
class Run:
    """A piece of text with one formatting; `footnote` set: a footnote reference, printing nothing."""

    text: str
    bold: bool = False
    italic: bool = False
    footnote: int | None = None


@dataclass(slots=True)
class Line:
    """One paragraph of the .txt (one non-blank line), its emphasis markers turned into runs."""

    runs: list[Run]
    gap_before: bool = True

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs).strip()


_STAR_BULLET_THEN_BOLD = regex.compile(r"^\*\*\*(?=\s*\S)")   # "*** Thời gian ...**" = "* " + bold
_BOLD_MARK = regex.compile(r"\*\*|__")
_ITALIC = regex.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE_MARK = regex.compile(rf"(?<=[\p{{L}}\p{{N}}\p{{P}}])[{_SUPERSCRIPT_DIGITS}]+")
_FOOTNOTE_LINE = regex.compile(rf"^\s*(?P<n>[{_SUPERSCRIPT_DIGITS}]+)\s*(?=\S)")


def superscript_value(digits: str) -> int:
    return int("".join(str(_SUPERSCRIPT_DIGITS.index(ch)) for ch in digits))


def read_lines(text: str) -> list[Line]:
    """Non-blank lines as paragraphs, as the text reader sees them; `**` bold may run over several
    lines of one block (no blank line between them), as in "**TM. ỦY BAN NHÂN DÂN\\nCHỦ TỊCH**"."""
    lines: list[Line] = []
    gap, bold_open = True, False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        if not raw.strip():
            gap, bold_open = True, False
            continue
        runs, bold_open = emphasis_runs(raw, bold_open)
        lines.append(Line(runs, gap))
        gap = False
    return lines


def emphasis_runs(text: str, bold_open: bool) -> tuple[list[Run], bool]:
    """`**bold**` and `*italic*` markers -> runs (markers removed); footnote marks -> references.
    Returns the runs and whether bold is still open at the end of the line."""
    if _STAR_BULLET_THEN_BOLD.match(text):
        text = "* **" + text[3:].lstrip()
    markers = [(m.start(), m.end(), "bold") for m in _BOLD_MARK.finditer(text)]
    masked = _BOLD_MARK.sub(lambda m: "\0" * len(m.group()), text)
    for m in _ITALIC.finditer(masked):
        markers += [(m.start(), m.start() + 1, "italic"), (m.end() - 1, m.end(), "italic")]
    runs: list[Run] = []
    pos, bold, italic = 0, bold_open, False
    for start, end, kind in sorted(markers):
        runs.extend(footnote_runs(text[pos:start], bold, italic))
        pos = end
        if kind == "bold":
            bold = not bold
        else:
            italic = not italic
    runs.extend(footnote_runs(text[pos:], bold, italic))
    return runs, bold


def footnote_runs(text: str, bold: bool, italic: bool) -> Iterator[Run]:
    pos = 0
    for m in _FOOTNOTE_MARK.finditer(text):
        if m.start() > pos:
            yield Run(text[pos:m.start()], bold, italic)
        yield Run("", bold, italic, footnote=superscript_value(m.group()))
        pos = m.end()
    if pos < len(text):
        yield Run(text[pos:], bold, italic)


def strip_runs(runs: list[Run], count: int) -> list[Run]:
    """The runs without their first `count` characters (a typed label being replaced by numbering)
    and without the white space that follows."""
    out: list[Run] = []
    for run in runs:
        if count > 0 and run.footnote is None:
            cut = min(count, len(run.text))
            count -= cut
            run = replace(run, text=run.text[cut:])
        if not out or all(r.footnote is not None for r in out):
            run = replace(run, text=run.text.lstrip()) if run.footnote is None else run
        if run.text or run.footnote is not None:
            out.append(run)
    return out


# ==================================================================================================
# 2. Page-break debris: footnote texts, page numbers, paragraphs cut in two
# ==================================================================================================
_ENDS_SENTENCE = regex.compile(r"(?:[.;:!?…]|\./\.|\.\)|:\))\s*$")
_STARTS_LOWER = regex.compile(r"^\p{Ll}")
_PAGE_NUMBER = regex.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")


@cache
def list_marker() -> regex.Pattern:
    """A list label ("a) ...", "đ) ...") starts in lower case but is a new item, never the rest of a
    sentence a page break cut."""
    return regex.compile("|".join(f"(?:{m.pattern})" for m in load_rules().outline.markers))


def continues(previous: str, following: str) -> bool:
    """The normalizer's rule: a paragraph that does not end a sentence (and is not a heading in
    capitals or a rule) followed by one that starts in lower case is one paragraph cut in two."""
    if not previous or not following or list_marker().match(following):
        return False
    if _ENDS_SENTENCE.search(previous) or previous.isupper() or not any(c.isalpha() for c in previous):
        return False
    return bool(_STARTS_LOWER.match(following))


def take_footnotes(lines: list[Line]) -> tuple[list[Line], dict[int, list[Run]]]:
    """Footnote paragraphs ("¹ Khó khăn, ...") out of the flow, by number, when the body refers to
    that number; a footnote nobody refers to stays a paragraph."""
    referenced = {run.footnote for line in lines for run in line.runs if run.footnote is not None}
    kept: list[Line] = []
    notes: dict[int, list[Run]] = {}
    for line in lines:
        plain = "".join(run.text for run in line.runs)
        m = _FOOTNOTE_LINE.match(plain)
        number = superscript_value(m.group("n")) if m else None
        if m and number in referenced and number not in notes:
            notes[number] = strip_runs(line.runs, m.end())
        else:
            kept.append(line)
    return kept, notes


def drop_page_numbers(lines: list[Line]) -> list[Line]:
    """A line that is only a page number is the printed page's header, not text; Word numbers the
    pages itself (in the page header)."""
    return [line for i, line in enumerate(lines)
            if not (0 < i < len(lines) - 1 and _PAGE_NUMBER.match(line.text))]


def join_cut_paragraphs(lines: list[Line]) -> list[Line]:
    joined: list[Line] = []
    for line in lines:
        if joined and continues(joined[-1].text, line.text):
            previous = joined[-1]
            hyphenated = previous.text.endswith("-") and not previous.text[-2:-1].isspace()
            runs = [replace(r, text=r.text.rstrip()) if i == len(previous.runs) - 1 else r
                    for i, r in enumerate(previous.runs)]
            joined[-1] = Line(runs + [Run("" if hyphenated else " ")] + strip_runs(line.runs, 0),
                              previous.gap_before)
        else:
            joined.append(line)
    return joined


# ==================================================================================================
# 3. The parts of a notice: header, type and title, salutation, body, closing
# ==================================================================================================
@dataclass(slots=True, frozen=True)
class HeaderVocabulary:
    """Decree 30 header and closing words, from rules/header.yaml."""

    national_name: str
    motto: str
    party_name: str
    number: regex.Pattern
    subject: regex.Pattern
    salutation: regex.Pattern
    recipients: regex.Pattern
    authority: regex.Pattern
    type_words: frozenset[str]
    localities: tuple[str, ...]


@cache
def vocabulary() -> HeaderVocabulary:
    h: HeaderRules = load_rules().header
    national, motto, party = (next(m for m in h.motto_lines if cue in m.upper())
                              for cue in ("CỘNG HÒA", "ĐỘC LẬP", "ĐẢNG"))
    authorities = "|".join(regex.escape(a) for a in sorted(h.authorities, key=len, reverse=True))
    return HeaderVocabulary(
        national_name=national, motto=motto, party_name=party,
        number=regex.compile(rf"^{regex.escape(h.number_label)}\s*(?::|\s(?=\s*[\d/]))", regex.I),
        subject=regex.compile(rf"^{regex.escape(h.subject_label)}\b", regex.I),
        salutation=regex.compile(rf"^{regex.escape(h.salutation)}\b", regex.I),
        recipients=regex.compile(rf"^{regex.escape(h.recipients_label)}\s*:", regex.I),
        authority=regex.compile(rf"^(?:{authorities})(?:\s|(?<=\.))"),
        type_words=frozenset(h.doc_type_words),
        localities=tuple(h.issuer_localities),
    )


# Header pieces by form. Left column: issuer, number, subject; right: national name, motto, party
# name, place and date; a rule goes under whatever column it follows.
LEFT, RIGHT = "left", "right"
_RULE = regex.compile(r"^[-_–—=*.]+$")
_TWO_RULES = regex.compile(r"^(?P<left>[-_–—=*.]{3,})\s+(?P<right>[-_–—=*.]{3,})$")
# "Quảng Bình, ngày", "Thành phố Hồ Chí Minh, ngày": a place starts with a capital, not in all capitals
_PLACE_DATE = regex.compile(r"(?:^|(?<=\s))\p{Lu}\p{Ll}[\p{L}.\-]*(?:\s+[\p{L}.\-]+){0,5},\s*ngày\b")
_PERSON = regex.compile(r"^(?:\p{Lu}\p{Ll}*\s+){1,5}\p{Lu}\p{Ll}*$")


@dataclass(slots=True)
class HeaderPiece:
    kind: str          # national | motto | party | place_date | number | subject | issuer | rule
    runs: list[Run]
    column: str | None = None   # known when the piece is one half of a merged line

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs).strip()


def header_kind(text: str) -> str | None:
    v = vocabulary()
    folded = " ".join(text.split())
    if folded.upper() == v.national_name.upper():
        return "national"
    if folded.upper() == v.motto.upper():
        return "motto"
    if folded.upper() == v.party_name.upper():
        return "party"
    if _RULE.match(folded):
        return "rule"
    if v.number.match(folded):
        return "number"
    if v.subject.match(folded):
        return "subject"
    if _PLACE_DATE.match(folded) and len(folded) < 90:
        return "place_date"
    if is_type_word(folded) or v.salutation.match(folded):
        return None
    letters = [c for c in folded if c.isalpha()]
    if letters and folded.upper() == folded and len(folded) < 80:
        return "issuer"
    return None


def is_type_word(text: str) -> bool:
    return len(text) < 30 and " ".join(text.split()).upper() in vocabulary().type_words


def split_merged(line: Line) -> list[Line]:
    """A line where the two header columns were read as one ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ
    NGHĨA VIỆT NAM", "Số: 05/CĐ-UBND Quảng Bình, ngày ...", "------- -------") as its two pieces."""
    text = line.text
    if (two := _TWO_RULES.match(text)) is not None:
        return [Line([Run(two.group("left"))]), Line([Run(two.group("right"))])]
    v = vocabulary()
    anchors = [text.upper().find(phrase.upper()) for phrase in (v.national_name, v.motto, v.party_name)]
    if (date := _PLACE_DATE.search(text)) is not None:
        anchors.append(date.start())
    cut = min((a for a in anchors if a > 0), default=None)
    if cut is None:
        return [line]
    left, right = split_runs(line.runs, cut)
    pieces = [Line(left), Line(right)]
    return pieces if all(header_kind(p.text) for p in pieces) else [line]


def split_runs(runs: list[Run], at: int) -> tuple[list[Run], list[Run]]:
    """Runs cut at a character offset of the stripped line text."""
    lead = len("".join(r.text for r in runs)) - len("".join(r.text for r in runs).lstrip())
    at += lead
    left: list[Run] = []
    right: list[Run] = []
    pos = 0
    for run in runs:
        end = pos + len(run.text)
        if end <= at:
            left.append(run)
        elif pos >= at:
            right.append(run)
        else:
            left.append(replace(run, text=run.text[:at - pos]))
            right.append(replace(run, text=run.text[at - pos:]))
        pos = end
    return strip_runs(left, 0), strip_runs(right, 0)


def read_header(lines: list[Line]) -> tuple[list[HeaderPiece], int]:
    """The header pieces at the top and the index of the first line after them; no pieces unless
    the top has a national name, a party name or a document number (a news page has neither)."""
    pieces: list[HeaderPiece] = []
    end = 0
    for i, line in enumerate(lines):
        parts = split_merged(line)
        kinds = [header_kind(p.text) for p in parts]
        if not all(kinds):
            break
        columns = [LEFT, RIGHT] if len(parts) == 2 else [None]
        pieces.extend(HeaderPiece(k, p.runs, c) for k, p, c in zip(kinds, parts, columns))  # type: ignore[arg-type]
        end = i + 1
    if not any(p.kind in ("national", "party", "number") for p in pieces):
        return [], 0
    return pieces, end


def header_columns(pieces: list[HeaderPiece]) -> tuple[list[HeaderPiece], list[HeaderPiece]]:
    left: list[HeaderPiece] = []
    right: list[HeaderPiece] = []
    column = LEFT
    for piece in pieces:
        if piece.column is not None:
            column = piece.column
        elif piece.kind != "rule":
            column = LEFT if piece.kind in ("issuer", "number", "subject") else RIGHT
        (left if column == LEFT else right).append(piece)
    return left, right


def title_end(lines: list[Line], start: int) -> int:
    """The title under the type word: up to a rule line ("-----") within the next few lines, else
    the first line and the lines in capitals after it."""
    for j in range(start, min(start + 4, len(lines))):
        text = lines[j].text
        if _RULE.match(text):
            return j + 1
        if len(text) > 250 or list_marker().match(text) or text.endswith((":", ".")):
            break  # a sentence: the body has begun
    end = start + 1 if start < len(lines) else start
    while end < len(lines) and lines[end].text.isupper() and not _RULE.match(lines[end].text):
        end += 1
    return end


def salutation_end(lines: list[Line], start: int) -> int:
    """"Kính gửi: ..." and the recipient lines ("- ...") right under it."""
    if start >= len(lines) or not vocabulary().salutation.match(lines[start].text):
        return start
    end = start + 1
    while end < len(lines) and lines[end].text.startswith(("-", "+", "•")):
        end += 1
    return end


def is_signature_line(text: str) -> bool:
    v = vocabulary()
    capitals = text.upper() == text and any(c.isalpha() for c in text) and len(text) < 60
    return capitals or bool(v.authority.match(text)) or bool(_PERSON.match(text))


def closing_start(lines: list[Line], body_start: int) -> tuple[int, int | None]:
    """(index where the closing begins, index of "Nơi nhận:" or None). A signature block may come
    before "Nơi nhận:" (the .txt read the right column first), or stand alone at the end."""
    v = vocabulary()
    recipients = next((i for i in range(body_start, len(lines)) if v.recipients.match(lines[i].text)), None)
    anchor = recipients if recipients is not None else len(lines)
    start = anchor
    while start > body_start and anchor - start < 6 and is_signature_line(lines[start - 1].text):
        start -= 1
    block = [lines[i].text for i in range(start, anchor)]
    has_title = any(t.upper() == t or v.authority.match(t) for t in block)
    if not (block and has_title and (recipients is not None or _PERSON.match(block[-1]))):
        start = anchor
    return start, recipients


@dataclass(slots=True)
class NoticeParts:
    header: list[HeaderPiece]
    title: list[Line]                  # the type word first, when there is one
    salutation: list[Line]
    body: list[Line]
    recipients: list[Line]             # "Nơi nhận:" first
    signature: list[Line]
    footnotes: dict[int, list[Run]]
    has_layout: bool                   # False: a news page, plain paragraphs only
    attachment: list[Line] = field(default_factory=list)  # a plan or appendix after the signature


def split_notice(text: str) -> NoticeParts:
    lines, footnotes = take_footnotes(read_lines(text))
    lines = join_cut_paragraphs(drop_page_numbers(lines))
    header, pos = read_header(lines)
    has_layout = bool(header) or (bool(lines) and is_type_word(lines[0].text))
    if not has_layout:
        return NoticeParts([], [], [], lines, [], [], footnotes, False)
    title: list[Line] = []
    if pos < len(lines) and is_type_word(lines[pos].text):
        end = title_end(lines, pos + 1)
        title, pos = lines[pos:end], end
    end = salutation_end(lines, pos)
    salutation, pos = lines[pos:end], end
    start, recipients_at = closing_start(lines, pos)
    body = lines[pos:start]
    closing = lines[start:]
    recipients: list[Line] = []
    signature: list[Line] = []
    attachment: list[Line] = []
    for i, line in enumerate(closing, start):
        if attachment or (signature and _PERSON.match(signature[-1].text) and not line.text.startswith(("-", "+", "•"))
                          and (recipients_at is None or i > recipients_at)):
            attachment.append(line)  # after the signer's name: the plan or appendix it promulgates
            continue
        in_recipients = recipients_at is not None and (i == recipients_at or (
            i > recipients_at and line.text.startswith(("-", "+", "•"))))
        (recipients if in_recipients else signature).append(line)
    return NoticeParts(header, title, salutation, body, recipients, signature, footnotes, True, attachment)


# ==================================================================================================
# 4. List numbering: Word's counters, followed paragraph by paragraph
# ==================================================================================================
ROMAN, DECIMAL, SUB, SUBSUB = range(4)       # levels of the outline list
DASH, PLUS = 10, 11                          # "-" and "+": levels 0 and 1 of the bullet list
SHOWN_LEVELS = {ROMAN: (ROMAN,), DECIMAL: (DECIMAL,), SUB: (DECIMAL, SUB), SUBSUB: (DECIMAL, SUB, SUBSUB)}
OUTLINE_LIST, BULLET_LIST = 1, 2             # the w:num ids the paragraph styles point at
BULLET_LEVELS = {DASH: 0, PLUS: 1}

_LABELS: list[tuple[int, regex.Pattern]] = [
    (SUBSUB, regex.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.\s+(?=\S)")),
    (SUB, regex.compile(r"^(\d{1,2})\.(\d{1,2})\.\s+(?=\S)")),
    (DECIMAL, regex.compile(r"^(\d{1,2})\.\s+(?=\S)")),
    (ROMAN, regex.compile(r"^([IVXL]+)\.\s+(?=\S)")),
    (DASH, regex.compile(r"^-\s+(?=\S)")),
    (PLUS, regex.compile(r"^\+\s+(?=\S)")),
]

_ROMAN_VALUES = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN_VALUES:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def from_roman(numeral: str) -> int | None:
    for n in range(1, 90):
        if to_roman(n) == numeral:
            return n
    return None


@dataclass(slots=True, frozen=True)
class Label:
    level: int
    values: tuple[int, ...]   # the numbers as typed (empty for bullets)
    length: int               # characters of the label and the space after it


def typed_label(text: str) -> Label | None:
    for level, pattern in _LABELS:
        m = pattern.match(text)
        if m is None:
            continue
        if level == ROMAN:
            value = from_roman(m.group(1))
            return Label(level, (value,), m.end()) if value else None
        return Label(level, tuple(int(g) for g in m.groups()), m.end())
    return None


@dataclass(slots=True)
class ListNumbering:
    """Where each labelled paragraph goes in Word's lists, so that the label Word prints is the label
    typed in the .txt. The outline ("I.", "1.", "1.1.", "1.1.1.") is one multi-level list whose
    counters follow Word: one set per abstract list, a level restarts when a shallower one advances,
    and a new w:num whose w:startOverride restarts a level (used when a list starts again at 1 with
    no parent item in between). Bullets are a list of their own: LibreOffice counts a missing parent
    level as 1 when a list begins at a deep level, and the bullets must not count as parents. A label
    no counter gives (a jump, a repeat) stays typed text."""

    restarts: list[dict[int, int]] = field(default_factory=list)   # w:num 3, 4 ...: level -> start
    current: int = OUTLINE_LIST
    counters: dict[int, int] = field(default_factory=dict)
    implied: set[int] = field(default_factory=set)   # levels LibreOffice would count without an item

    def place(self, label: Label) -> tuple[int, int] | None:
        """(numId, ilvl) for this paragraph, advancing the counters; None to type the label."""
        if label.level in BULLET_LEVELS:
            return BULLET_LIST, BULLET_LEVELS[label.level]
        advanced = self._advance(self.counters, label.level, self._starts(self.current))
        if self._shown(advanced, label.level) == label.values and label.level not in self.implied:
            self._commit(advanced, label.level)
            return self.current, label.level
        if label.values[-1] == 1 and label.level in (ROMAN, DECIMAL):
            return self._restart(label)
        return None

    def nums(self) -> dict[int, dict[int, int]]:
        """The outline list's w:num ids and their start overrides."""
        return {OUTLINE_LIST: {}} | {BULLET_LIST + 1 + i: starts for i, starts in enumerate(self.restarts)}

    def _starts(self, num_id: int) -> dict[int, int]:
        return {} if num_id == OUTLINE_LIST else self.restarts[num_id - BULLET_LIST - 1]

    def _restart(self, label: Label) -> tuple[int, int] | None:
        starts = {label.level: 1}
        if label.level == DECIMAL and ROMAN in self.counters:
            starts[ROMAN] = self.counters[ROMAN] + 1   # so the next "II." is right in any reader
        counters = {k: v for k, v in self.counters.items() if k not in starts}
        advanced = self._advance(counters, label.level, starts)
        if self._shown(advanced, label.level) != label.values:
            return None
        self.restarts.append(starts)
        self.current = BULLET_LIST + len(self.restarts)
        self.implied -= starts.keys()
        self._commit(advanced, label.level)
        return self.current, label.level

    def _commit(self, counters: dict[int, int], level: int) -> None:
        self.implied |= {k for k in range(level) if k not in counters}
        self.implied -= {level}
        self.counters = counters

    @staticmethod
    def _advance(counters: dict[int, int], level: int, starts: dict[int, int]) -> dict[int, int]:
        out = {k: v for k, v in counters.items() if k < level}
        out[level] = counters[level] + 1 if level in counters else starts.get(level, 1)
        return out

    @staticmethod
    def _shown(counters: dict[int, int], level: int) -> tuple[int, ...] | None:
        shown = SHOWN_LEVELS[level]
        if not all(k in counters for k in shown):
            return None
        return tuple(counters[k] for k in shown)


# ==================================================================================================
# 5. WordprocessingML
# ==================================================================================================
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FONT = "Times New Roman"


@dataclass(slots=True)
class Para:
    runs: list[Run]
    style: str | None = None
    num: tuple[int, int] | None = None     # direct w:numPr (numId, ilvl)
    bold: bool = False                     # for every run
    italic: bool = False
    size: int | None = None                # half-points, for every run
    keep_next: bool = False


@dataclass(slots=True)
class Table:
    left: list[Para]
    right: list[Para]
    left_width: int


@dataclass(slots=True)
class Grid:
    """A task table with ruling lines (build_docx(..., ruled_tables=True)): the .txt's " | " rows, the
    first row repeated at the top of each page; a row with fewer cells spans its last cell to the end."""

    rows: list[list[list[Run]]]


Block = Para | Table | Grid


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def run_xml(run: Run, para: Para) -> str:
    props = []
    if run.footnote is not None:
        props.append('<w:rStyle w:val="FootnoteReference"/>')
    if run.bold or para.bold:
        props += ["<w:b/>", "<w:bCs/>"]
    if run.italic or para.italic:
        props += ["<w:i/>", "<w:iCs/>"]
    if para.size:
        props.append(f'<w:sz w:val="{para.size}"/><w:szCs w:val="{para.size}"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    if run.footnote is not None:
        return f'<w:r>{rpr}<w:footnoteReference w:id="{run.footnote}"/></w:r>'
    return f"<w:r>{rpr}{t(run.text)}</w:r>"


def para_xml(para: Para) -> str:
    ppr = []
    if para.style:
        ppr.append(f'<w:pStyle w:val="{para.style}"/>')
    if para.keep_next:
        ppr.append("<w:keepNext/>")
    if para.num:
        ppr.append(f'<w:numPr><w:ilvl w:val="{para.num[1]}"/><w:numId w:val="{para.num[0]}"/></w:numPr>')
    mark = []
    if para.bold:
        mark.append("<w:b/>")
    if para.size:
        mark.append(f'<w:sz w:val="{para.size}"/>')
    if mark:
        ppr.append(f"<w:rPr>{''.join(mark)}</w:rPr>")
    body = "".join(run_xml(run, para) for run in merge_runs(para.runs))
    return f"<w:p>{'<w:pPr>' + ''.join(ppr) + '</w:pPr>' if ppr else ''}{body}</w:p>"


def merge_runs(runs: Iterable[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if out and run.footnote is None and out[-1].footnote is None and \
                (run.bold, run.italic) == (out[-1].bold, out[-1].italic):
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        elif run.text or run.footnote is not None:
            out.append(run)
    return out


NO_BORDERS = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def table_xml(table: Table) -> str:
    widths = (table.left_width, TEXT_WIDTH - table.left_width)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{cell_content(paras)}</w:tc>'
        for w, paras in zip(widths, (table.left, table.right)))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblBorders>{NO_BORDERS}</w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
            f'<w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid><w:tr>{cells}</w:tr></w:tbl>')


def cell_content(paras: list[Para]) -> str:
    return "".join(para_xml(p) for p in paras) or "<w:p/>"  # a cell must hold a paragraph


RULES = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
def grid_xml(grid: Grid) -> str:
    """Columns as wide as their text needs: room for the longest word ("30/9/2025", "VIII" are not cut;
    a URL is) and a share of the rest by the mean length of the column's cells."""
    columns = max(len(row) for row in grid.rows)
    # a cell's own column: every cell but the last of a short row, which spans to the end
    texts = [["".join(r.text for r in row[c]) for row in grid.rows if c < len(row) - 1 or len(row) == columns]
             or [""] for c in range(columns)]
    floors = [min(150 * max(len(word) for text in column for word in (text.split() or [""])) + 450, TEXT_WIDTH // 4)
              for column in texts]
    means = [sum(map(len, column)) / len(column) + 1 for column in texts]
    rest = TEXT_WIDTH - sum(floors)
    widths = ([floor + round(rest * mean / sum(means)) for floor, mean in zip(floors, means)] if rest > 0
              else [round(TEXT_WIDTH * floor / sum(floors)) for floor in floors])
    widths[widths.index(max(widths))] -= sum(widths) - TEXT_WIDTH
    grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = []
    for i, row in enumerate(grid.rows):
        cells = []
        for c, runs in enumerate(row):
            span = columns - c if c == len(row) - 1 else 1
            width = sum(widths[c:c + span])
            span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}</w:tcPr>'
                         f'{para_xml(Para(runs, style="Bang", bold=i == 0))}</w:tc>')
        header = "<w:trPr><w:tblHeader/></w:trPr>" if i == 0 else ""
        rows.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblBorders>{RULES}</w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/></w:tblPr>'
            f'<w:tblGrid>{grid_cols}</w:tblGrid>{"".join(rows)}</w:tbl>')


def block_xml(block: Block) -> str:
    if isinstance(block, Para):
        return para_xml(block)
    return table_xml(block) if isinstance(block, Table) else grid_xml(block)


def document_xml(blocks: list[Block]) -> str:
    body = "".join(block_xml(b) for b in blocks)
    section = (f'<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
               f'<w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr>'
               f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
               f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
               f'w:left="{MARGIN_LEFT}" w:header="567" w:footer="567" w:gutter="0"/>'
               f'<w:titlePg/></w:sectPr>')
    return f'{XML_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{section}</w:body></w:document>'


def style_xml(style_id: str, name: str, *, kind: str = "paragraph", based_on: str | None = "Normal",
              ppr: str = "", rpr: str = "", default: bool = False, extra: str = "") -> str:
    is_default = ' w:default="1"' if default else ""
    parent = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (f'<w:style w:type="{kind}" w:styleId="{style_id}"{is_default}><w:name w:val="{name}"/>'
            f'{parent}{extra}{ppr}{rpr}</w:style>')


CENTERED = ('<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>'
            '<w:jc w:val="center"/>')


def styles_xml(ruled_tables: bool = False) -> str:
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    defaults = (f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val="{BODY_SIZE}"/>'
                f'<w:szCs w:val="{BODY_SIZE}"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'
                f'</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" '
                f'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>')
    styles = [
        style_xml("Normal", "Normal", based_on=None, default=True, extra="<w:qFormat/>",
                  ppr=f'<w:spacing w:before="0" w:after="120" w:line="264" w:lineRule="auto"/>'
                      f'<w:ind w:firstLine="{FIRST_LINE_INDENT}"/><w:jc w:val="both"/>'),
        style_xml("DefaultParagraphFont", "Default Paragraph Font", kind="character", based_on=None,
                  default=True, extra="<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>"),
        # the roman-numbered section headings ("I. MỤC ĐÍCH, YÊU CẦU") carry the list in their style
        style_xml("Muc", "Mục", extra="<w:qFormat/>",
                  ppr=f'<w:keepNext/><w:numPr><w:numId w:val="{OUTLINE_LIST}"/></w:numPr><w:spacing w:before="120"/>'
                      f'<w:outlineLvl w:val="0"/>'),
        style_xml("GachDau", "Gạch đầu dòng", ppr=f'<w:numPr><w:numId w:val="{BULLET_LIST}"/></w:numPr>'),
        style_xml("DauCong", "Dấu cộng",
                  ppr=f'<w:numPr><w:ilvl w:val="1"/><w:numId w:val="{BULLET_LIST}"/></w:numPr>'),
        style_xml("CanGiua", "Căn giữa", ppr=CENTERED),
        style_xml("ChuKy", "Chữ ký", based_on="CanGiua", ppr='<w:spacing w:before="240"/>'),
        style_xml("TenLoai", "Tên loại văn bản", based_on="CanGiua", extra="<w:next w:val=\"TrichYeu\"/>",
                  ppr='<w:keepNext/><w:spacing w:before="360"/>', rpr="<w:b/><w:bCs/>"),
        style_xml("TrichYeu", "Trích yếu", based_on="CanGiua", ppr="<w:keepNext/>", rpr="<w:b/><w:bCs/>"),
        style_xml("KinhGui", "Kính gửi", ppr='<w:spacing w:before="240"/><w:ind w:left="1701" w:firstLine="0"/>'),
        style_xml("KinhGuiDong", "Kính gửi (dòng)", based_on="KinhGui",
                  ppr='<w:spacing w:before="0" w:after="60"/><w:ind w:left="2835" w:firstLine="0"/>'),
        style_xml("NoiNhanDau", "Nơi nhận (đầu)", based_on="NoiNhan", ppr='<w:spacing w:before="240"/>'),
        style_xml("NoiNhan", "Nơi nhận", ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
                  '<w:ind w:firstLine="0"/><w:jc w:val="left"/>', rpr=f'<w:sz w:val="{RECIPIENTS_SIZE}"/>'),
        style_xml("FootnoteText", "footnote text", ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
                  '<w:ind w:firstLine="0"/>', rpr=f'<w:sz w:val="{FOOTNOTE_SIZE}"/><w:szCs w:val="{FOOTNOTE_SIZE}"/>'),
        style_xml("FootnoteReference", "footnote reference", kind="character", based_on="DefaultParagraphFont",
                  rpr='<w:vertAlign w:val="superscript"/>'),
        style_xml("Header", "header", based_on="Normal", ppr=CENTERED),
        style_xml("TableNormal", "Normal Table", kind="table", based_on=None, default=True,
                  extra='<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
                        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
                        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'),
    ]
    if ruled_tables:  # the cells of a task table: smaller type, no indent
        styles.append(style_xml("Bang", "Bảng", ppr='<w:spacing w:before="40" w:after="40" w:line="240" '
                                'w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/>',
                                rpr='<w:sz w:val="24"/><w:szCs w:val="24"/>'))
    return f'{XML_DECL}<w:styles xmlns:w="{W_NS}">{defaults}{"".join(styles)}</w:styles>'


def level_xml(ilvl: int, fmt: str, text: str, *, style: str | None = None) -> str:
    linked_style = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'{linked_style}<w:suff w:val="space"/>'
            f'<w:lvlText w:val={quoteattr(text)}/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="{FIRST_LINE_INDENT}"/></w:pPr></w:lvl>')


def numbering_xml(nums: dict[int, dict[int, int]]) -> str:
    """The outline list ("I." / "1." / "1.1." / "1.1.1.") with one w:num per restart (its
    w:lvlOverride/w:startOverride restart the list there), and the bullet list ("-" / "+")."""
    outline = [
        level_xml(ROMAN, "upperRoman", "%1.", style="Muc"),
        level_xml(DECIMAL, "decimal", "%2."),
        level_xml(SUB, "decimal", "%2.%3."),
        level_xml(SUBSUB, "decimal", "%2.%3.%4."),
        *(level_xml(i, "decimal", "".join(f"%{k}." for k in range(2, i + 2))) for i in range(4, 9)),
    ]
    bullets = [level_xml(0, "bullet", "-", style="GachDau"), level_xml(1, "bullet", "+", style="DauCong"),
               *(level_xml(i, "bullet", "-") for i in range(2, 9))]
    abstracts = "".join(
        f'<w:abstractNum w:abstractNumId="{i}"><w:multiLevelType w:val="{kind}"/>{"".join(levels)}</w:abstractNum>'
        for i, (kind, levels) in enumerate((("multilevel", outline), ("hybridMultilevel", bullets))))

    def num(num_id: int, abstract_id: int, starts: dict[int, int]) -> str:
        overrides = "".join(f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                            for lvl, v in sorted(starts.items()))
        return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'

    instances = {**nums, BULLET_LIST: None}
    body = "".join(num(i, 1, {}) if starts is None else num(i, 0, starts) for i, starts in sorted(instances.items()))
    return f'{XML_DECL}<w:numbering xmlns:w="{W_NS}">{abstracts}{body}</w:numbering>'


def footnotes_xml(notes: dict[int, list[Run]]) -> str:
    """Word's two separator footnotes (ids -1 and 0), then one footnote per id."""
    separators = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
                  'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
                  '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
                  'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')
    notes_xml = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r>{t(" ")}</w:r>{"".join(run_xml(r, Para([])) for r in merge_runs(runs))}</w:p></w:footnote>'
        for n, runs in sorted(notes.items()))
    return f'{XML_DECL}<w:footnotes xmlns:w="{W_NS}" xmlns:r="{R_NS}">{separators}{notes_xml}</w:footnotes>'


def page_header_xml() -> str:
    """The page number at the top centre, from the second page on (Decree 30)."""
    field_runs = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE '
                  '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
                  '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return (f'{XML_DECL}<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>'
            f'{field_runs}</w:p></w:hdr>')


def settings_xml() -> str:
    return (f'{XML_DECL}<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="720"/>'
            f'<w:characterSpacingControl w:val="doNotCompress"/>'
            f'<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
            f'<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            f'w:val="15"/></w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>')


def core_xml(title: str) -> str:
    return (f'{XML_DECL}<cp:coreProperties '
            f'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{escape(title)}</dc:title>'
            f'<dc:creator>nhiemvu corpus</dc:creator><cp:lastModifiedBy>nhiemvu corpus</cp:lastModifiedBy>'
            f'<cp:revision>1</cp:revision>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP}</dcterms:modified></cp:coreProperties>')


def app_xml() -> str:
    return (f'{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f'<Application>nhiemvu scripts/build_corpus.py</Application></Properties>')


def package(document: str, numbering: str, footnotes: str | None, title: str, ruled_tables: bool = False) -> bytes:
    """The DOCX package, byte for byte the same for the same input: fixed member order and dates."""
    overrides = {
        "/word/document.xml": f"{WML_TYPE}.document.main+xml",
        "/word/styles.xml": f"{WML_TYPE}.styles+xml",
        "/word/numbering.xml": f"{WML_TYPE}.numbering+xml",
        "/word/settings.xml": f"{WML_TYPE}.settings+xml",
        "/word/header1.xml": f"{WML_TYPE}.header+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    if footnotes is not None:
        overrides["/word/footnotes.xml"] = f"{WML_TYPE}.footnotes+xml"
    content_types = (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides.items())
        + "</Types>")
    package_rels = relationships([
        ("rId1", f"{DOC_REL}/officeDocument", "word/document.xml"),
        ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
         "docProps/core.xml"),
        ("rId3", f"{DOC_REL}/extended-properties", "docProps/app.xml"),
    ])
    document_rels = [("rIdStyles", f"{DOC_REL}/styles", "styles.xml"),
                     ("rIdNumbering", f"{DOC_REL}/numbering", "numbering.xml"),
                     ("rIdSettings", f"{DOC_REL}/settings", "settings.xml"),
                     ("rIdHeader", f"{DOC_REL}/header", "header1.xml")]
    if footnotes is not None:
        document_rels.append(("rIdFootnotes", f"{DOC_REL}/footnotes", "footnotes.xml"))
    members = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", package_rels),
        ("docProps/core.xml", core_xml(title)),
        ("docProps/app.xml", app_xml()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", relationships(document_rels)),
        ("word/styles.xml", styles_xml(ruled_tables)),
        ("word/numbering.xml", numbering),
        ("word/settings.xml", settings_xml()),
        ("word/header1.xml", page_header_xml()),
    ]
    if footnotes is not None:
        members.append(("word/footnotes.xml", footnotes))
    return deterministic_zip(members)


def relationships(rels: list[tuple[str, str, str]]) -> str:
    return (f'{XML_DECL}<Relationships xmlns="{REL_NS}">'
            + "".join(f'<Relationship Id="{i}" Type="{kind}" Target="{target}"/>' for i, kind, target in rels)
            + "</Relationships>")


def deterministic_zip(members: list[tuple[str, str]]) -> bytes:
    import io
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, text.encode("utf-8"), compresslevel=9)
    return buffer.getvalue()


# ==================================================================================================
# 6. A notice's parts as Word blocks
# ==================================================================================================
def header_table(pieces: list[HeaderPiece]) -> Table:
    left, right = header_columns(pieces)
    issuers = [p for p in left if p.kind == "issuer"]
    # the issuing body's own name is bold; a parent body above it is not, unless the two lines are
    # one name ("ỦY BAN NHÂN DÂN" / "TỈNH BẮC GIANG")
    one_name = bool(issuers) and issuers[-1].text.startswith(vocabulary().localities)
    bold_issuers = {id(p) for p in issuers if one_name or p is issuers[-1]}

    def cell_para(piece: HeaderPiece) -> Para:
        para = Para(piece.runs, style="CanGiua", size=HEADER_SIZE)
        if piece.kind in ("national", "party"):
            para.bold = True
        elif piece.kind == "motto":
            para.bold, para.size = True, BODY_SIZE
        elif piece.kind == "place_date":
            para.italic, para.size = True, BODY_SIZE
        elif piece.kind == "issuer":
            para.bold = id(piece) in bold_issuers
        elif piece.kind == "subject":
            para.size = 24
        return para

    return Table([cell_para(p) for p in left], [cell_para(p) for p in right], HEADER_LEFT_WIDTH)


def title_paras(lines: list[Line]) -> list[Para]:
    if not lines:
        return []
    if is_type_word(lines[0].text):
        return [Para(lines[0].runs, style="TenLoai")] + [Para(line.runs, style="TrichYeu") for line in lines[1:]]
    return [Para(line.runs, style="TrichYeu") for line in lines]


def body_paras(lines: list[Line], numbering: ListNumbering) -> list[Para]:
    paras = []
    for line in lines:
        label = typed_label(line.text)
        position = numbering.place(label) if label else None
        if label is None or position is None:
            paras.append(Para(line.runs))  # typed: "a)", "Một là,", a label no counter gives
            continue
        runs = strip_runs(line.runs, label.length + leading_space(line))
        style = {ROMAN: "Muc", DASH: "GachDau", PLUS: "DauCong"}.get(label.level)
        # a styled level only needs w:numPr when it belongs to another w:num than the style's
        direct = None if style and position[0] in (OUTLINE_LIST, BULLET_LIST) else position
        paras.append(Para(runs, style=style, num=direct))
    return paras


def leading_space(line: Line) -> int:
    raw = "".join(r.text for r in line.runs)
    return len(raw) - len(raw.lstrip())


def closing_table(recipients: list[Line], signature: list[Line]) -> Table:
    left = [Para(line.runs, style="NoiNhanDau" if i == 0 else "NoiNhan", bold=i == 0, italic=i == 0,
                 size=24 if i == 0 else None) for i, line in enumerate(recipients)]
    right: list[Para] = []
    for i, line in enumerate(signature):
        is_name = i == len(signature) - 1 and _PERSON.match(line.text) and i > 0
        if is_name:  # room for the signature and the seal
            right += [Para([], style="CanGiua") for _ in range(4)]
        right.append(Para(line.runs, style="ChuKy" if i == 0 else "CanGiua", bold=True))
    return Table(left, right, CLOSING_LEFT_WIDTH)


_CELL_SEPARATOR = regex.compile(r"\s*\|\s*")


def is_table_row(line: Line) -> bool:
    return " | " in line.text or line.text.startswith("| ")


def row_cells(line: Line) -> list[list[Run]]:
    """A " | " row's runs cut into cells at the separators ("1 | | x": three cells, the second empty)."""
    text = "".join(run.text for run in line.runs)
    edges = [0] + [i for m in _CELL_SEPARATOR.finditer(text) if "|" in m.group() for i in m.span()] + [len(text)]
    cells = []
    for start, end in zip(edges[::2], edges[1::2]):
        runs: list[Run] = []
        pos = 0
        for run in line.runs:
            piece = run.text[max(0, start - pos):max(0, end - pos)]
            if piece or (run.footnote is not None and start <= pos <= end):
                runs.append(replace(run, text=piece))
            pos += len(run.text)
        cells.append(strip_runs(runs, 0))
    return cells


def body_blocks(lines: list[Line], numbering: ListNumbering, ruled_tables: bool) -> list[Block]:
    """The body's paragraphs; with `ruled_tables`, two or more " | " rows in a row are a ruled table."""
    if not ruled_tables:
        return list(body_paras(lines, numbering))
    blocks: list[Block] = []
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and is_table_row(lines[end]):
            end += 1
        if end - start >= 2:
            blocks.append(Grid([row_cells(line) for line in lines[start:end]]))
            start = end
            continue
        end = max(end, start + 1)
        while end < len(lines) and not (is_table_row(lines[end]) and end + 1 < len(lines)
                                        and is_table_row(lines[end + 1])):
            end += 1
        blocks += body_paras(lines[start:end], numbering)
        start = end
    return blocks


def notice_blocks(parts: NoticeParts, ruled_tables: bool = False) -> tuple[list[Block], ListNumbering]:
    numbering = ListNumbering()
    if not parts.has_layout:
        return [Para(line.runs) for line in parts.body], numbering
    blocks: list[Block] = []
    if parts.header:
        blocks.append(header_table(parts.header))
    blocks += title_paras(parts.title)
    blocks += [Para(line.runs, style="KinhGui" if i == 0 else "KinhGuiDong") for i, line in enumerate(parts.salutation)]
    blocks += body_blocks(parts.body, numbering, ruled_tables)
    if parts.recipients or parts.signature:
        blocks.append(closing_table(parts.recipients, parts.signature))
    if parts.attachment:  # a new page: its title lines in capitals, then its own numbered body
        head = 0
        while head < len(parts.attachment) and (parts.attachment[head].text.upper() == parts.attachment[head].text
                                                 or parts.attachment[head].text.startswith("(")) \
                and "|" not in parts.attachment[head].text:
            head += 1
        blocks += [Para(line.runs, style="TrichYeu") for line in parts.attachment[:head]]
        blocks += body_blocks(parts.attachment[head:], numbering, ruled_tables)
    return blocks, numbering


def build_docx(text: str, ruled_tables: bool = False) -> bytes:
    """The notice as a DOCX; `ruled_tables`: its " | " rows as tables with ruling lines (Word's own
    tables, as offices print task tables), else as paragraphs that show the separators."""
    parts = split_notice(text)
    blocks, numbering = notice_blocks(parts, ruled_tables)
    used = {run.footnote for b in iter_paras(blocks) for run in b.runs if run.footnote is not None}
    notes = {n: runs for n, runs in parts.footnotes.items() if n in used}
    if used - notes.keys():  # a mark with no footnote text: keep it as the superscript it was
        blocks = [unref(b, used - notes.keys()) for b in blocks]
    title = " ".join(line.text for line in parts.title[1:]) or (parts.body[0].text if parts.body else "")
    return package(document_xml(blocks), numbering_xml(numbering.nums()),
                   footnotes_xml(notes) if notes else None, title[:200], ruled_tables)


def iter_paras(blocks: list[Block]) -> Iterator[Para]:
    for block in blocks:
        if isinstance(block, Para):
            yield block
        elif isinstance(block, Grid):
            yield from (Para(cell) for row in block.rows for cell in row)
        else:
            yield from block.left
            yield from block.right


def unref(block: Block, orphans: set[int]) -> Block:
    def fix(para: Para) -> Para:
        runs = [Run(str(r.footnote).translate(str.maketrans("0123456789", _SUPERSCRIPT_DIGITS)), r.bold, r.italic)
                if r.footnote in orphans else r for r in para.runs]
        return replace(para, runs=runs)

    if isinstance(block, Para):
        return fix(block)
    if isinstance(block, Grid):
        return Grid([[fix(Para(cell)).runs for cell in row] for row in block.rows])
    return Table([fix(p) for p in block.left], [fix(p) for p in block.right], block.left_width)


# ==================================================================================================
# 7. PDF (LibreOffice) and scan
# ==================================================================================================
def convert_to_pdf(docx_files: list[Path], outdir: Path) -> None:
    """All files of one part in one soffice run, with a private profile (no clash with a running
    LibreOffice, no state kept between builds)."""
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nhiemvu-soffice-") as profile:
        command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    missing = [f.name for f in docx_files if not (outdir / f"{f.stem}.pdf").is_file()]
    if done.returncode != 0 or missing:
        raise RuntimeError(f"soffice failed ({done.returncode}) for {missing}: {done.stderr.strip()}")
    for docx_file in docx_files:
        pin_pdf_metadata(outdir / f"{docx_file.stem}.pdf")


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:[^)]*\)")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def pin_pdf_metadata(path: Path) -> None:
    """LibreOffice writes the conversion time, a random document ID and a checksum that depends on
    both; each is replaced by a value of the same length (the cross-reference offsets stay right): a
    fixed date, and an ID and checksum derived from the rest of the file."""
    data = _PDF_DATE.sub(_fixed_date, path.read_bytes())
    digest = hashlib.md5(_PDF_CHECKSUM.sub(b"", _PDF_ID.sub(b"", data))).hexdigest().upper().encode()
    data = _PDF_ID.sub(lambda m: _same_length(m, digest), data)
    data = _PDF_CHECKSUM.sub(lambda m: _same_length(m, digest[::-1]), data)
    path.write_bytes(data)


def _fixed_date(m: re.Match[bytes]) -> bytes:
    original = m.group(0)
    stamp = b"/" + m.group(1) + b"(" + PDF_DATE
    if len(stamp) + 1 > len(original):
        return original
    return stamp + b" " * (len(original) - len(stamp) - 1) + b")"


def _same_length(m: re.Match[bytes], digest: bytes) -> bytes:
    """The match with each hex group replaced by as many characters of the digest."""
    out = m.group(0)
    for i, group in enumerate(m.groups()):
        filler = (digest[i:] + digest[:i]) * (len(group) // len(digest) + 1)
        out = out.replace(group, filler[:len(group)], 1)
    return out


def load_render_scan() -> Callable[..., bytes] | None:
    path = ROOT / "scripts" / "render_scan.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("render_scan", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return getattr(module, "render_scan", None)


def scan_seed(doc_id: str) -> int:
    return zlib.crc32(doc_id.encode("utf-8"))


# ==================================================================================================
# 8. The command
# ==================================================================================================
def notices(parts: list[str], only: set[str] | None) -> Iterator[tuple[str, Path]]:
    for part in parts:
        for txt in sorted((CORPUS / part / "docs").glob("*.txt")):
            if only is None or txt.stem in only:
                yield part, txt


def size_text(path: Path) -> str:
    return f"{path.stat().st_size / 1024:7.1f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", nargs="+", default=[p for p in PARTS if (CORPUS / p / "docs").is_dir()])
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these notice ids (file stems)")
    parser.add_argument("--no-pdf", action="store_true", help="DOCX only (no LibreOffice)")
    parser.add_argument("--scan", action="store_true", help="also render scans with scripts/render_scan.py")
    parser.add_argument("--ruled", action="store_true",
                        help="render the notices with table rows with ruled tables, in docx-ruled/ and pdf-ruled/")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    docx_dir, pdf_dir = ("docx-ruled", "pdf-ruled") if args.ruled else ("docx", "pdf")

    built: dict[str, list[Path]] = {}
    for part, txt in notices(args.parts, set(args.only) if args.only else None):
        text = txt.read_text(encoding="utf-8")
        if args.ruled and not any(is_table_row(line) for line in read_lines(text)):
            continue
        out = CORPUS / part / docx_dir / f"{txt.stem}.docx"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(build_docx(text, ruled_tables=args.ruled))
        built.setdefault(part, []).append(out)
        print(f"{size_text(out)}  {out.relative_to(ROOT)}")
    if not built:
        print("no notices matched", file=sys.stderr)
        return 1

    if not args.no_pdf:
        for part, files in built.items():
            outdir = CORPUS / part / pdf_dir
            convert_to_pdf(files, outdir)
            for f in files:
                pdf = outdir / f"{f.stem}.pdf"
                print(f"{size_text(pdf)}  {pdf.relative_to(ROOT)}")

    if args.scan and not args.ruled:  # scans are of the corpus PDFs
        render_scan = load_render_scan()
        if render_scan is None:
            print("--scan: scripts/render_scan.py (render_scan) is not there yet; scans skipped", file=sys.stderr)
        else:
            for part, files in built.items():
                for f in files:
                    pdf = CORPUS / part / "pdf" / f"{f.stem}.pdf"
                    if not pdf.is_file():
                        print(f"--scan: no {pdf.relative_to(ROOT)}; skipped", file=sys.stderr)
                        continue
                    scan = CORPUS / part / "scan" / f"{f.stem}.pdf"
                    scan.parent.mkdir(parents=True, exist_ok=True)
                    scan.write_bytes(render_scan(pdf.read_bytes(), seed=scan_seed(f.stem)))
                    print(f"{size_text(scan)}  {scan.relative_to(ROOT)}")

    print(f"{sum(map(len, built.values()))} notices in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
