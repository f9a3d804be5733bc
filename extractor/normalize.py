"""Normalize: blocks -> one clean text with paragraph offsets.

NFC; one tone-mark placement ("hoà" -> "hòa", "uỷ" -> "ủy", as underthesea's text_normalize writes
them); white space; `**bold**`/`*italic*` markers removed and kept as emphasis spans; footnote
markers (¹ ²) detached and footnote lines moved out of the body into notes; paragraphs cut by a page
break, a footnote or a hard line wrap joined again. Every later span refers to `NormalizedDoc.text`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import regex

from .grammar import current_grammar
from .readers.base import Block, RawDocument
from .rules import Rules
from .textutil import ENDS_SENTENCE as _ENDS_SENTENCE
from .textutil import SUPERSCRIPTS as _SUPERSCRIPTS
from .textutil import list_marker as _list_marker

Span = tuple[int, int]


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    page: int | None
    emphasis: list[Span] = field(default_factory=list)
    gap_before: bool = True
    is_note: bool = False
    uncertain: list[Span] = field(default_factory=list)  # words OCR was unsure of (offsets in the text)


@dataclass(slots=True)
class NormalizedDoc:
    text: str
    paragraphs: list[Paragraph]
    notes: list[str]
    pages: int | None = None

    @property
    def uncertain(self) -> list[Span]:
        """Spans of the text whose words OCR was unsure of (empty unless the text was read by OCR)."""
        return [span for para in self.paragraphs for span in para.uncertain]

    def para_text(self, para: Paragraph) -> str:
        return self.text[para.start:para.end]

    @property
    def body(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if not p.is_note]


# --- tone marks -----------------------------------------------------------------------------------
# Old and new placement differ only in open syllables ending in oa, oe, uy: "hoà"/"hòa",
# "khoẻ"/"khỏe", "thuỷ"/"thủy". We write the mark on the first vowel, as underthesea does.
_TONES = {  # base vowel -> marked forms in the order: grave, acute, hook, tilde, dot
    "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ", "o": "òóỏõọ", "u": "ùúủũụ",
    "A": "ÀÁẢÃẠ", "E": "ÈÉẺẼẸ", "Y": "ỲÝỶỸỴ", "O": "ÒÓỎÕỌ", "U": "ÙÚỦŨỤ",
}


def _tone_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for f in (first, first.upper()):
            for s in (second, second.upper()):
                for tone in range(5):
                    table[f + _TONES[s][tone]] = _TONES[f][tone] + s
    return table


# Only at the end of a syllable (no final consonant) and not after "q" ("quý" keeps its mark).
def _tone_re() -> regex.Pattern[str]:
    return regex.compile(r"(?<![qQ])(?:" + "|".join(sorted(_tone_table(), key=len, reverse=True)) + r")(?![\p{L}])")


@dataclass(slots=True, frozen=True)
class _Patterns:
    """The normalizer's patterns, compiled with the grammar (and kept with it on disk), not at import."""

    tone: regex.Pattern[str]
    tone_table: dict[str, str]
    tone_gate: re.Pattern[str]
    space: re.Pattern[str]
    odd_space: re.Pattern[str]
    zero_width: re.Pattern[str]
    leading_star_bullet_bold: regex.Pattern[str]
    bold_token: regex.Pattern[str]
    italic: regex.Pattern[str]
    footnote_line: regex.Pattern[str]
    footnote_mark: regex.Pattern[str]
    page_number: regex.Pattern[str]
    starts_lower: regex.Pattern[str]


_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff\u00ad"  # zero-width spaces and joiners, the BOM, the soft hyphen: dropped


def _patterns() -> _Patterns:
    return current_grammar().stage("extractor.normalize._patterns", _build_patterns)


def _build_patterns(rules: Rules) -> _Patterns:
    # a running page number: "- 2 -", "2", "Trang 2", "Trang 2/5" (the word from rules/header.yaml,
    # its first letter in either case)
    page = "|".join(rf"[{regex.escape(w[:1].upper() + w[:1].lower())}]{regex.escape(w[1:])}"
                    for w in rules.header.page_words)
    table = _tone_table()
    return _Patterns(
        tone=_tone_re(),
        tone_table=table,
        # a cheap first test (`re`, no look-behind) that every text the tone pattern rewrites passes:
        # about one block in eight does, and the full pattern costs five times more over a text
        tone_gate=re.compile(f"[{''.join(sorted({k[0] for k in table}))}]"
                             f"[{''.join(sorted({k[1] for k in table}))}](?![a-zA-Z])"),
        # a run of white space becomes one space; a single plain space (most of them) is left as it is
        space=re.compile(r" [ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+|[\t\u00a0\u2000-\u200b\u202f\u205f\u3000][ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]*"),
        # what `space` can match besides two plain spaces: most blocks have neither
        odd_space=re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u205f\u3000]"),
        zero_width=re.compile(f"[{_ZERO_WIDTH}]"),
        leading_star_bullet_bold=regex.compile(r"^\*\*\*(?=\s*\S)"),
        bold_token=regex.compile(r"\*\*|__"),
        italic=regex.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])"),
        # "¹ Nghị định …" or, as web pages print them, "[7] Các Bộ có …"
        footnote_line=regex.compile(rf"^(?:[{_SUPERSCRIPTS}]+|\[\d{{1,3}}\])\s*(?=\S)"),
        footnote_mark=regex.compile(rf"(?<=[\p{{L}}\p{{N}}\p{{P}}])[{_SUPERSCRIPTS}]+"),
        page_number=regex.compile(rf"^(?:-\s*\d{{1,3}}\s*-|\d{{1,3}}|(?:{page})\s+\d{{1,3}}(?:\s*/\s*\d{{1,3}})?)$"),
        starts_lower=regex.compile(r"^[\p{Ll}]"),
    )


def normalize_tone_marks(text: str) -> str:
    pats = _patterns()
    table = pats.tone_table
    return pats.tone.sub(lambda m: table[m.group(0)], text)


# --- characters and white space -------------------------------------------------------------------
def normalize_chars(text: str) -> str:
    pats = _patterns()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # the zero-width characters and the white space `space` rewrites besides two plain spaces are all
    # unprintable: a printable text (most blocks: one C pass) has none of them
    printable = text.isprintable()
    if not printable and not text.isascii() and any(map(text.__contains__, _ZERO_WIDTH)):  # (a few C searches)
        text = pats.zero_width.sub("", text)
    gate = pats.tone_gate.search(text)
    if gate is not None:
        text = _retone(text, gate, pats)
        printable = text.isprintable()
    if "  " in text or not printable and pats.odd_space.search(text) is not None:
        text = pats.space.sub(" ", text)
    return text.strip()


def _retone(text: str, found: re.Match[str] | None, pats: _Patterns) -> str:
    """`pats.tone.sub` with the table, the pattern tried only where the gate finds a pair from `found` on
    (its look-behind would make `regex` try it at every character). Each pair the pattern rewrites is
    one the gate finds (its ASCII letters are letters), and none begins inside another: a pair's
    second vowel (marked "a", "e", "y") never begins one (an "o" or "u")."""
    parts: list[str] = []
    last = 0
    match, search, table = pats.tone.match, pats.tone_gate.search, pats.tone_table
    while found is not None:
        pair = match(text, found.start())
        if pair is not None:
            parts.append(text[last:pair.start()])
            parts.append(table[pair.group(0)])
            last = pair.end()
        found = search(text, found.end())
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


# --- emphasis -------------------------------------------------------------------------------------
def _strip_emphasis(text: str, bold_open: bool) -> tuple[str, list[Span], bool]:
    """Remove markdown emphasis markers; return text, emphasis spans, bold state at the end."""
    pats = _patterns()
    if pats.leading_star_bullet_bold.match(text):  # "*** Thời gian ...**": a "*" bullet, then bold
        text = "* **" + text[3:].lstrip()
    markers = [(m.start(), m.end(), "bold") for m in pats.bold_token.finditer(text)]
    masked = pats.bold_token.sub(lambda m: "\0" * len(m.group()), text)
    for m in pats.italic.finditer(masked):
        markers.append((m.start(), m.start() + 1, "open"))
        markers.append((m.end() - 1, m.end(), "close"))
    out: list[str] = []
    spans: list[Span] = []
    pos = length = 0
    bold_start: int | None = 0 if bold_open else None
    italic_start = 0
    for start, end, kind in sorted(markers):
        out.append(text[pos:start])
        length += start - pos
        pos = end
        if kind == "open":
            italic_start = length
        elif kind == "close":
            spans.append((italic_start, length))
        elif bold_start is None:
            bold_start = length
        else:
            spans.append((bold_start, length))
            bold_start = None
    out.append(text[pos:])
    length += len(text) - pos
    if bold_start is not None:
        spans.append((bold_start, length))
    return "".join(out), spans, bold_start is not None


def _continues(previous: str, following: str, wrapped: bool = False) -> bool:
    """A paragraph that does not end a sentence followed by one that starts in lower case, or, in a
    hard-wrapped source (PDF lines), a line the reader saw continue its paragraph."""
    if not previous or not following:
        return False
    if wrapped:
        return True  # the reader saw this line continue a paragraph on the page (no gap, no indent)
    # (the cheapest test first, and the one that fails most: a paragraph seldom starts in lower case)
    if not _patterns().starts_lower.match(following):
        return False
    if _list_marker().match(following):
        return False
    if _ENDS_SENTENCE.search(previous):
        return False
    # a heading in capitals or a separator line ("-------") ends its paragraph
    return not (previous.isupper() or not any(ch.isalpha() for ch in previous))


@dataclass(slots=True)
class _Piece:
    text: str
    emphasis: list[Span]
    page: int | None
    gap_before: bool
    uncertain: list[Span] = field(default_factory=list)


def normalize(raw: RawDocument) -> NormalizedDoc:
    pats = _patterns()
    pieces: list[_Piece] = []
    notes: list[_Piece] = []
    bold_open = False
    last_was_note = False
    for block in raw.blocks:
        if block.gap_before:
            bold_open = False
        text, emphasis, bold_open = _clean_block(block, bold_open)
        # OCR's unsure words, kept while the block's text keeps its length (as bold is)
        uncertain = list(block.uncertain) if len(text) == len(block.text) else []
        if not text:
            continue
        if last_was_note and block.wrapped and not block.gap_before and not pats.footnote_line.match(text):
            notes[-1].text = _join(notes[-1].text, text)  # the footnote's wrapped second line
            continue
        last_was_note = False
        if block.footnote or pats.footnote_line.match(text):
            last_was_note = True
            notes.append(_Piece(pats.footnote_line.sub(lambda m: m.group(0).strip() + " ", text, count=1),
                                emphasis, block.page, True))
            continue
        if pats.page_number.match(text):
            continue  # a running page number copied with the text ("2" between two halves of a sentence)
        text, emphasis, uncertain = _detach_footnote_marks(text, emphasis, uncertain)
        if pieces and _continues(pieces[-1].text, text, block.wrapped and not block.gap_before):
            prev = pieces[-1]
            joined = _join(prev.text, text)
            offset = len(joined) - len(text)
            prev.text = joined
            prev.emphasis.extend((s + offset, e + offset) for s, e in emphasis)
            prev.uncertain.extend((s + offset, e + offset) for s, e in uncertain)
            continue
        pieces.append(_Piece(text, emphasis, block.page, block.gap_before, uncertain))
    return _assemble(pieces, notes, raw)


def _join(previous: str, following: str) -> str:
    """Two pieces of one paragraph; a word hyphenated at a line end ("10-" + "NQ/TU") takes no space."""
    if previous.endswith("-") and len(previous) > 1 and not previous[-2].isspace():
        return previous + following
    return previous + " " + following


def _clean_block(block: Block, bold_open: bool) -> tuple[str, list[Span], bool]:
    text = normalize_chars(block.text)
    # tone-mark rewrites keep the length; white-space changes shift offsets, so then bold is dropped
    emphasis = list(block.emphasis) if block.emphasis and len(text) == len(block.text) else []
    if "*" in text or "__" in text:
        text, marked, bold_open = _strip_emphasis(text, bold_open)
        emphasis.extend(marked)
        stripped = text.strip()
        if stripped != text:
            lead = len(text) - len(text.lstrip())
            emphasis = [(max(0, s - lead), max(0, min(e - lead, len(stripped)))) for s, e in emphasis]
            text = stripped
        text = _patterns().space.sub(" ", text) if "  " in text else text
    elif bold_open:
        emphasis.append((0, len(text)))
    emphasis = [(s, e) for s, e in emphasis if e > s]
    return text, emphasis, bold_open


_ANY_SUPERSCRIPT = re.compile(f"[{_SUPERSCRIPTS}]")


def _detach_footnote_marks(text: str, emphasis: list[Span],
                           uncertain: list[Span]) -> tuple[str, list[Span], list[Span]]:
    if _ANY_SUPERSCRIPT.search(text) is None:  # (one scan for the ten characters)
        return text, emphasis, uncertain
    removed: list[tuple[int, int]] = []
    for match in _patterns().footnote_mark.finditer(text):
        removed.append((match.start(), match.end()))
    if not removed:
        return text, emphasis, uncertain
    out: list[str] = []
    pos = 0
    for start, end in removed:
        out.append(text[pos:start])
        pos = end

    out.append(text[pos:])

    def move(offset: int) -> int:
        return offset - sum(min(end, offset) - start for start, end in removed if start < offset)

    moved = [(move(s), move(e)) for s, e in uncertain]
    return "".join(out), [(move(s), move(e)) for s, e in emphasis], [(s, e) for s, e in moved if e > s]


def _assemble(pieces: list[_Piece], notes: list[_Piece], raw: RawDocument) -> NormalizedDoc:
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for piece, is_note in [(p, False) for p in pieces] + [(n, True) for n in notes]:
        if parts:
            parts.append("\n")
            offset += 1
        parts.append(piece.text)
        paragraphs.append(Paragraph(
            start=offset, end=offset + len(piece.text), page=piece.page,
            emphasis=[(offset + s, offset + e) for s, e in piece.emphasis],
            gap_before=piece.gap_before, is_note=is_note,
            uncertain=[(offset + s, offset + e) for s, e in piece.uncertain],
        ))
        offset += len(piece.text)
    pages = max((b.page or 1 for b in raw.blocks), default=None)
    return NormalizedDoc(text="".join(parts), paragraphs=paragraphs,
                         notes=[n.text for n in notes], pages=pages)
