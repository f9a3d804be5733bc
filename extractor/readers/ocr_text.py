"""Repairs of OCR text where one misread character changes the document's structure.

Tesseract reads the words of a notice well enough for the recognizers (agency keys and the scoring
fold diacritics), but a label or a type word misread by one character moves every item after it:
"HI. TỔ CHỨC THỰC HIỆN" is no section III, "II NHIỆM VỤ" (its full stop lost) no section at all,
".Số: 12/TB-UBND" no document number, "THÔNG BÁO:'" no type word. These repairs touch only the
start of a paragraph and a short line in capitals, and only into a form that the outline accepts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import regex

from ..grammar import current_grammar
from ..rules import Rules, alternation
from ..textutil import edit_distance, fold
from .base import Block

# a speck read as punctuation glued to the first word of a paragraph
_LEADING_JUNK = regex.compile(r"^[.,'‘’`\"|_~:;]+(?=[\p{L}\p{N}]|[*+\-–]\s)")
# "-2, Ủy ban nhân dân …": a speck read as a dash glued to a numbered label (a list dash is followed by a
# space); the label's comma is then put right by the label sequence
_DASH_ON_LABEL = regex.compile(r"^[\-–](?=\d{1,2}[.,]\s*\p{Lu})")
# "2,Ủy ban nhân dân …": a numbered label whose full stop was read as a comma and its space lost
_GLUED_LABEL = regex.compile(r"^(\d{1,2})[.,](?=\p{Lu}\p{Ll})")
# "2,1. Tập trung", "4.3, Đẩy nhanh": a multi-level label with a comma for one of its full stops
_MULTILEVEL_COMMA = regex.compile(r"^(\d{1,2})[.,](\d{1,2})[.,]\s+(?=\p{Lu})")
_QUARTERS = {"I", "II", "III", "IV"}
# "UBND các huyện, thị. xã": a speck read as a full stop; no sentence goes on in lower case after one
_STRAY_STOP = regex.compile(r"(?<=\p{Ll})\.(?= \p{Ll})")
# a roman numeral as OCR reads it: "H" for "II", "l", "1" or "|" for "I"; then its mark (or none)
_ROMAN_LIKE = regex.compile(r"^(?P<numeral>[IVXHl1|]{1,5})(?P<mark>[.,:]?)\s+(?=\p{Lu}{2,})")
# "L. Nhiệm vụ chung …", "[. Nhiệm vụ …": the numeral I read as an L or a bracket before a heading in
# running case (no paragraph of a notice opens with a lone capital L and a full stop; lettered
# sections are A., B., C.)
# sections are A., B., C.); before a heading in capitals its stop may be lost too ("L ĐÁNH GIÁ CHUNG")
_L_FOR_I = regex.compile(r"^(?:[L\[|]\.\s+(?=\p{Lu})|L\s+(?=\p{Lu}{2,}))")
_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
_ROMANS = frozenset(_NUMERALS[:12])
# specks after a short heading: ":'" or " ‘" (a lone ":" or "." may be the heading's own)
_TRAILING_JUNK = regex.compile(r"\s*[.:;]?[,'‘’`\"|_~]+[.:;,'‘’`\"|_~]*$")


@dataclass(frozen=True, slots=True)
class _Rules:
    # "Quý 1I/2024", "quý TV/2023": the quarter's numeral misread ("1", "l", "|", "T" for "I"; "H" for "II")
    quarter: regex.Pattern[str]
    quarter_tail: str         # "uý": a block without it names no quarter (the word's first letter in either case)
    formulas: dict[str, str]  # the fixed lines of the Decree 30 layout, folded -> as printed
    # "II/⁄2026", "30⁄6/2026": a slash look-alike (after the slash itself, or for it) inside a date
    slash: regex.Pattern[str]
    # a word right before what a deadline word introduces ("hăng quý", "TƯỚC ngày 30/6"): its group
    # "word" is tested against `deadline_words`
    before_period: regex.Pattern[str]
    before_day: regex.Pattern[str]
    # "phấn đấu trong: năm 2022": a speck read as a mark between a cue and its period
    mark_after_cue: regex.Pattern[str]
    period_words: tuple[str, ...]  # the recurrence prefixes: "hằng", "hàng", "mỗi"
    cue_words: tuple[str, ...]     # the one-word cues before a day: "trước", "đến", "hết", "trong", …
    known_words: frozenset[str]    # words left alone whatever they look like (the date words themselves)
    min_edit_length: int
    # the task tables' column names, folded -> as printed, and their kinds
    columns: dict[str, str]
    column_kinds: dict[str, str]
    longest_column: int            # words in the longest name
    # where a time cell begins: "Tháng 5/2026", "Quý II/2026", "Năm 2026", "Trước ngày 15/12", "30/9/2026"
    time_start: regex.Pattern[str]
    bar_look_alikes: frozenset[str]
    range_dash: str                # the range separator put back between two years ("-")


def _rules() -> _Rules:
    return current_grammar().stage("extractor.readers.ocr_text._rules", _build_rules)


def _build_rules(rules: Rules) -> _Rules:
    word = rules.dates.quarter
    header = rules.header
    # "Nơi nhận:", "Kính gửi:", the national motto, the type words
    lines = [f"{header.recipients_label}:", f"{header.salutation}:", *header.motto_lines, *header.doc_type_words]
    dates, deadlines, ocr = rules.dates, rules.deadlines, rules.ocr
    recurrence = deadlines.recurrence
    periods = [w for w in recurrence.words if not w[:1].isdigit()]
    cues = [c for c in [*deadlines.by_cues, *deadlines.within_cues] if " " not in c]
    slashes = regex.escape("".join(ocr.slash_look_alikes))
    columns = {fold(name): name for names in rules.sections.table_columns.values() for name in names}
    # the words a time cell opens on: the month, the quarter, the year, a cue before a day ("Trước ngày")
    opening = [dates.month, dates.quarter, dates.year, *(f"{cue} {dates.day}" for cue in deadlines.before_cues)]
    return _Rules(
        quarter=regex.compile(rf"(?<=\b[{regex.escape(word[:1].upper() + word[:1].lower())}]{regex.escape(word[1:])}\s)"
                              r"(?P<numeral>[IVTHl1|]{1,4})(?=[/.,;)\s]|$)"),
        quarter_tail=word[1:],
        formulas={fold(line): line for line in lines},
        slash=regex.compile(rf"(?<=[\dIVl]\s?)(?:/\s?)?[{slashes}](?=\s?\d)"),
        before_period=regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?P<word>\p{{L}}{{3,8}})(?=\s+{alternation(periods)}(?!\s*\d))",
                                    regex.IGNORECASE),
        before_day=regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?P<word>\p{{L}}{{3,8}})(?=\s+{_word(dates.day)}\s+\d)",
                                 regex.IGNORECASE),
        mark_after_cue=regex.compile(
            rf"(?<={alternation(cues)})[:;,](?=\s+{alternation([dates.day, dates.month, dates.quarter, dates.year])}"
            r"\s+[\dIV])", regex.IGNORECASE),
        period_words=tuple(recurrence.prefixes),
        cue_words=tuple(cues),
        known_words=frozenset(w.lower() for w in [*periods, *cues, *recurrence.prefixes, dates.day, dates.month,
                                                  dates.year, dates.quarter, *recurrence.triggers]),
        min_edit_length=ocr.min_edit_length,
        columns=columns,
        column_kinds={fold(name): kind for kind, names in rules.sections.table_columns.items() for name in names},
        longest_column=max(len(key.split()) for key in columns),
        bar_look_alikes=frozenset(ocr.bar_look_alikes),
        range_dash=next(sep for sep in deadlines.range_separators if not sep.isalpha()),
        time_start=regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:(?:{'|'.join(_capitalised(w) for w in opening)})"
                                 r"\s+(?:\d|[IV]{1,3}\b)|\d{1,2}/\d{1,2}/(?:19|20)\d\d)"),
    )


def _capitalised(word: str) -> str:
    return _word(word[:1].upper() + word[1:])


def _word(word: str) -> str:
    return regex.escape(word).replace(r"\ ", r"\s+")


def _formula(text: str) -> str | None:
    """The fixed line a short paragraph was meant to be ("NO nhận" -> "Nơi nhận:"), if it is within
    one edit in five characters of exactly one of them."""
    folded = fold(text)
    if not folded or len(folded) > 60:
        return None
    near = [line for key, line in _rules().formulas.items()
            if abs(len(key) - len(folded)) <= len(key) // 5 and edit_distance(key, folded) <= max(1, len(key) // 5)]
    if len(near) != 1:
        return None
    letters = [c for c in text if c.isalpha()]
    if near[0].isupper() and sum(c.isupper() for c in letters) < 0.7 * len(letters):
        return None  # "Kết luận" in running case is a title's words, not the type word "KẾT LUẬN"
    return near[0]


# a label as it should read at a paragraph start: "a)", "12.", "2.5." (what the sequence repair expects)
_LETTER_LABEL = regex.compile(r"^(?P<letter>\p{Ll})(?P<mark>[.)])$")  # "a)" or "a." as the notice writes it
_NUMBER_LABEL = regex.compile(r"^(?P<number>\d{1,2})\.$")
_MULTILEVEL_LABEL = regex.compile(r"^(?P<head>\d{1,2})\.(?P<number>\d{1,2})\.$")
_ROMAN_HEADING = regex.compile(r"^[IVX]{1,4}\.$")


def _letters() -> tuple[str, ...]:
    """The list letters in order, from the grammar's rules (a letter label follows the one before it)."""
    return current_grammar().stage("extractor.readers.ocr_text._letters", lambda rules: tuple(rules.outline.letters))


def _next_labels(last_letter: int | None, last_number: int | None,
                 last_multilevel: tuple[int, int] | None, letter_mark: str = ")") -> list[str]:
    letters = _letters()
    expected = []
    if last_letter is not None and last_letter + 1 < len(letters):
        expected.append(f"{letters[last_letter + 1]}{letter_mark}")
    if last_number is not None:
        expected.append(f"{last_number + 1}.")
    if last_multilevel is not None:
        expected.append(f"{last_multilevel[0]}.{last_multilevel[1] + 1}.")
    return expected


def repair_label_sequence(blocks: list[Block]) -> list[Block]:
    """A list label misread by one character where the labels before it say what it must be: after
    "c)", "đ Tiếp tục" is "d)"; after "d)", "d3 Đẩy mạnh" is "đ)"; after "4.", "5S. Có giải pháp" is
    "5." (the item and its task are lost otherwise). Only at a paragraph start, only a short first
    word followed by a capital, only within one edit of exactly one expected label (diacritics
    folded: "đ" for "d"), and only into it."""
    letters = _letters()
    last_letter: int | None = None
    last_number: int | None = None
    last_multilevel: tuple[int, int] | None = None
    letter_mark = ")"
    last_roman: int | None = None
    for block in blocks:
        if block.footnote or not block.gap_before:
            continue
        token, _, rest = block.text.partition(" ")
        if token in _PART_LABELS and last_roman is not None and _PART_LABELS.index(token) <= last_roman \
                and last_roman + 1 < len(_PART_LABELS) and edit_distance(token, _PART_LABELS[last_roman + 1]) <= 1:
            # "II. NHẬN XÉT, KẾT LUẬN …" after "II. KẾT QUẢ …": an "I" lost, the part is "III."
            expected = _PART_LABELS[last_roman + 1]
            block.emphasis = _shifted(block.emphasis, len(token) - len(expected), len(expected) + 1 + len(rest))
            block.uncertain = _shifted(block.uncertain, len(token) - len(expected), len(expected) + 1 + len(rest))
            token = expected
            block.text = f"{token} {rest}"
        if last_roman is None and token not in _PART_LABELS and _FIRST_PART_MISREAD.match(token) \
                and _CAPITALS_HEADING.match(rest):
            # "IL. ĐÁNH GIÁ CHUNG", "L, ĐÁNH GIÁ CHUNG:": the first part's "I." read with an L for its
            # I or a speck after it, or its stop as a comma (colour, fax h01), before any part
            expected = _PART_LABELS[0]
            block.emphasis = _shifted(block.emphasis, len(token) - len(expected), len(expected) + 1 + len(rest))
            block.uncertain = _shifted(block.uncertain, len(token) - len(expected), len(expected) + 1 + len(rest))
            token = expected
            block.text = f"{token} {rest}"
        if token in _PART_LABELS:
            last_roman = _PART_LABELS.index(token)
        if not _is_list_label(token) and 0 < len(token) <= 4 and rest[:1].isupper():
            # "ò2 Chủ động …": a speck read before the number, the number's stop lost
            reads = {token, token[1:]} if not token[:1].isdigit() and token[1:2].isdigit() else {token}
            labels = _next_labels(last_letter, last_number, last_multilevel, letter_mark)
            if last_number is None and _FIRST_NUMBER_MISREAD.match(token):
                # a list's first number, its stop misread: "II. MỤC TIÊU" then "1, Mục tiêu đến hết năm 2026",
                # or its 1 too: "I. MỤC ĐÍCH, YÊU CẦU" then "l: Mục đích" (fax heldout/h04: the aims'
                # items became tasks)
                labels.append("1.")
                reads.add("1.")
            first = letters[0]
            if last_letter is None and len(token) == 2 and token[1] == ")" \
                    and unicodedata.normalize("NFD", token[0])[0] == first:
                # a list's first letter read with a mark: "2. Đối với Sở Y tế …" then "ä) Tham mưu UBND tỉnh …"
                labels.append(f"{first})")
            near = [label for label in labels
                    if any(edit_distance(_fold_label(read), _fold_label(label)) <= 1 for read in reads)]
            if len(near) == 1:
                block.emphasis = _shifted(block.emphasis, len(token) - len(near[0]), len(near[0]) + 1 + len(rest))
                block.uncertain = _shifted(block.uncertain, len(token) - len(near[0]), len(near[0]) + 1 + len(rest))
                token = near[0]
                block.text = f"{token} {rest}"
        if (letter := _LETTER_LABEL.match(token)) and letter.group("letter") in letters:
            last_letter, letter_mark = letters.index(letter.group("letter")), letter.group("mark")
        elif number := _NUMBER_LABEL.match(token):
            last_number, last_letter, last_multilevel = int(number.group("number")), None, None
        elif multilevel := _MULTILEVEL_LABEL.match(token):
            last_multilevel, last_letter = (int(multilevel.group("head")), int(multilevel.group("number"))), None
        elif _ROMAN_HEADING.match(token):
            last_number = last_letter = last_multilevel = None
    return blocks


_PART_LABELS = tuple(f"{numeral}." for numeral in _NUMERALS)  # a part's numeral in order
# "I." with an L (or a bracket, a bar) for its I or for a speck after it, its stop a comma or not: "IL.",
# "L,", "[L." (one I and at most one look-alike; "II." itself is a part's label)
_FIRST_PART_MISREAD = regex.compile(r"^(?=.*[L\[|])(?:I?[L\[|]|[L\[|]I?)[.,]$")
_CAPITALS_HEADING = regex.compile(r"^\p{Lu}{2,}")
# a list's first "1." with its stop read as another mark, and its 1 as a look-alike or not: "1,", "l:", "|."
_FIRST_NUMBER_MISREAD = regex.compile(r"^[1lI|!][,:;.]$")


def _is_label(token: str) -> bool:
    return bool(_LETTER_LABEL.match(token) or _NUMBER_LABEL.match(token) or _MULTILEVEL_LABEL.match(token)
                or _ROMAN_HEADING.match(token))


def _is_list_label(token: str) -> bool:
    """A label of the grammar's lists: a letter label's letter is one of its letters ("ä)" is no label)."""
    letter = _LETTER_LABEL.match(token)
    return letter.group("letter") in _letters() if letter else _is_label(token)


def _fold_label(label: str) -> str:
    return label.replace("đ", "d").replace("Đ", "D")


def repair_blocks(blocks: list[Block]) -> list[Block]:
    rules = _rules()
    for block in blocks:
        if not block.footnote and "." in block.text:
            text = _STRAY_STOP.sub("", block.text)
            if text != block.text:
                block.emphasis = _shifted(block.emphasis, 0, len(text))
                block.uncertain = _shifted(block.uncertain, 0, len(text))
                block.text = text
    for block in blocks:
        if block.footnote or not block.gap_before:
            continue
        text = _GLUED_LABEL.sub(r"\1. ", _DASH_ON_LABEL.sub("", _LEADING_JUNK.sub("", block.text)))
        text = _MULTILEVEL_COMMA.sub(r"\1.\2. ", text)
        text = _repair_roman_label(text)
        if _is_short_capitals(text):
            text = _TRAILING_JUNK.sub("", text)
        if len(text) <= 60 and not text[:1] in "-+":
            text = _formula(text) or text
        if text != block.text:
            block.emphasis = _shifted(block.emphasis, len(block.text) - len(text), len(text))
            block.uncertain = _shifted(block.uncertain, len(block.text) - len(text), len(text))
            block.text = text
    _repair_dates(blocks, rules)
    _join_abbreviation_lines(blocks)
    return repair_label_sequence(_repair_tables(blocks, rules))


# a line that opens on an abbreviation in capitals and goes on in lower case ("CCHC tại một số cơ quan",
# "TTHC; nâng cao tinh thần"), and a full line before it that ends no sentence
_ABBREVIATION_START = regex.compile(r"^\p{Lu}{2,}[,;]?\s+\p{Ll}")
_SENTENCE_ENDS = regex.compile(r"[.:;!?…][\"”’)]*\s*$")
FULL_LINE = 60  # characters: shorter, the line before may be a heading in running case


def _join_abbreviation_lines(blocks: list[Block]) -> None:
    """A wrapped line that OCR saw after a gap (a photo's perspective spreads the lines) continues
    the paragraph when it opens on an abbreviation and goes on in lower case, right after a full
    line that ends no sentence: "1. Trách nhiệm … thực hiện nhiệm vụ" / "CCHC tại một số cơ quan …"
    (the text's own rule joins only a line that starts in lower case)."""
    for previous, block in pairwise(blocks):
        if (block.gap_before and block.wrapped and not block.footnote and not previous.footnote
                and previous.page == block.page and len(previous.text) >= FULL_LINE
                and not previous.text.isupper() and "|" not in previous.text
                and not _SENTENCE_ENDS.search(previous.text) and _ABBREVIATION_START.match(block.text)):
            block.gap_before = False


def _repair_tables(blocks: list[Block], rules: _Rules) -> list[Block]:
    """The rows of a task table typed with " | " between its cells, as OCR breaks them: a header row
    whose bars were lost or misread between its column names ("TT | Nhiệm vụ Cơ quan chủ trì | Cơ
    quan phối hợp ! Thời gian hoàn thành") is those names, " | " between them; one glued to the line
    above it ("(Kèm theo Kế hoạch …) TT | Nhiệm vụ | …") is split from it; its last name left on the
    line below ("… | Thời gian hoàn thành |" / "Sản phẩm") joins it. A row with fewer cells than its
    header gets back its separators read as lone marks ("Văn phòng UBND tỉnh ' Các sở", "Hằng quý I
    Báo cáo"), only when there are exactly as many such marks as the row lacks cells."""
    out: list[Block] = []
    kinds: list[str | None] = []
    for index, block in enumerate(blocks):
        if block.footnote or "|" not in block.text:
            if kinds and not block.footnote and _opens_row(block):  # "2 Đánh giá …" / "… | Sở Nội vụ | …"
                _repair_row([block, *_continuation(blocks, index)], kinds, rules)
            elif block.gap_before and not block.footnote and block.text and not _is_noise(block.text):
                kinds = []
            out.append(block)
            continue
        names = _header_names(block.text, rules) if len(block.text) <= 240 else None
        head = ""
        if names is None and len(block.text) <= 480:
            head, names = _glued_header(block.text, rules)
        if names is not None:
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            last = block.text.split()[-1]
            if (following is not None and (last.endswith("|") or _bar_look_alike(last, rules))
                    and fold(following.text) in rules.columns and following.page == block.page):
                names.append(rules.columns[fold(following.text)])
                following.text, following.emphasis, following.uncertain = "", [], []
            text = " | ".join(names)
            if head:
                out.append(Block(head, page=block.page, gap_before=block.gap_before,
                                 emphasis=_shifted(block.emphasis, 0, len(head)), wrapped=block.wrapped))
                block.gap_before, block.wrapped = True, False
            block.emphasis = [(0, len(text))] if block.emphasis else []
            block.uncertain = []
            block.text = text
            block.gap_before, block.wrapped = True, False  # a header row opens its table
            kinds = [rules.column_kinds[fold(name)] for name in names]
            out.append(block)
            continue
        out.append(block)
        if kinds and _opens_row(block):
            _repair_row([block, *_continuation(blocks, index)], kinds, rules)
    return out


# a table row's first line: its label cell ("1 |", "2.1 |", "II |", "a) |") or, after a gap, an empty one
_ROW_LABEL = regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLH]{1,4}\.?|\p{Ll}\))\s?\|")


def _opens_row(block: Block) -> bool:
    return bool(_ROW_LABEL.match(block.text)) or (
        block.gap_before and (block.text.startswith("|") or bool(_BARE_ROW_LABEL.match(block.text))))


# a row's number whose bar was lost: "2 Đánh giá mức độ … | Sở Nội vụ | …"
_BARE_ROW_LABEL = regex.compile(r"^\d{1,2}(?= \p{Lu})")


def _is_noise(text: str) -> bool:
    """A line of specks ("-", "Z\\._usNnp. Ý*/") between two rows: fewer than three words of letters."""
    return sum(1 for word in text.split() if len(word.strip(_PUNCTUATION)) >= 2
               and word.strip(_PUNCTUATION).isalpha()) < 3


_PUNCTUATION = ".,:;!?()[]\"'‘’“”"


def _continuation(blocks: list[Block], index: int) -> list[Block]:
    """The lines after blocks[index] that continue its table row (up to the next row's first line
    or a line with no cell separator that follows a gap)."""
    lines = []
    for block in blocks[index + 1:]:
        if block.footnote or _opens_row(block) or (block.gap_before and "|" not in block.text):
            break
        lines.append(block)
    return lines


def _repair_row(lines: list[Block], kinds: list[str | None], rules: _Rules) -> None:
    """A row short of its header's cells: its separators read as lone marks put back (letters only
    when there are exactly as many as the row lacks, other marks when there are no more than that);
    then, one cell still short, the time cell brought back under its column: the date that opens
    the cell before it, or ends it ("… Sở Khoa học và Công nghệ Tháng 5/2026"), is cut from it, or
    an empty cell is put before it (two agencies' cells run together)."""
    width = len(kinds)
    cells = " ".join(line.text for line in lines).count("|") + 1
    _repair_years(lines, rules)
    if cells >= width or cells < 3:
        return
    if bare := _BARE_ROW_LABEL.match(lines[0].text):
        _insert(lines, bare.end(), " |")
        cells += 1
    marks = [(line, match.start()) for line in lines for match in _LONE_MARK.finditer(line.text)
             if match.group() in rules.bar_look_alikes and match.start() > 0]
    if len(marks) != width - cells:
        marks = [(line, at) for line, at in marks if not line.text[at].isalnum()]
        if len(marks) > width - cells:
            return
    for line, at in marks:
        line.text = line.text[:at] + "|" + line.text[at + 1:]
    if cells + len(marks) == width - 1 and "time" in kinds:
        _align_time(lines, kinds.index("time"), rules)


def _repair_years(lines: list[Block], rules: _Rules) -> None:
    """"2026 2027" alone in a cell: the range's dash was lost ("2026 - 2027")."""
    for line in lines:
        text = _TWO_YEARS.sub(lambda m: f"{m.group(1)} {rules.range_dash} {m.group(2)}"
                              if int(m.group(1)) < int(m.group(2)) else m.group(), line.text)
        if text != line.text:
            line.emphasis = _shifted(line.emphasis, 0, len(text))
            line.uncertain = _shifted(line.uncertain, 0, len(text))
            line.text = text


_TWO_YEARS = regex.compile(r"(?<=(?:^|\|)\s*)((?:19|20)\d\d) ((?:19|20)\d\d)(?=\s*(?:\||$))")


def _align_time(lines: list[Block], column: int, rules: _Rules) -> None:
    text = " ".join(line.text for line in lines)
    bars = [match.start() for match in regex.finditer(r"\|", text)]
    if column < 2 or len(bars) < column:
        return
    start, end = bars[column - 2] + 1, bars[column - 1] if column - 1 < len(bars) else len(text)
    cell = text[start:end]
    found = rules.time_start.search(cell)
    if found is None:
        return
    if not cell[:found.start()].strip():
        _insert(lines, start, " |")       # the whole cell is the time: an empty cell before it
    elif len(cell) - found.start() <= _TIME_CELL:  # the time closes the cell: a cell of its own
        _insert(lines, start + found.start(), "| ")


_TIME_CELL = 40  # characters of a time cell ("Trước ngày 15/12/2026", "Quý III/2026")


def _insert(lines: list[Block], position: int, string: str) -> None:
    """`string` put at `position` of the lines joined by spaces."""
    offset = 0
    for line in lines:
        if position <= offset + len(line.text):
            at = position - offset
            line.text = line.text[:at] + string + line.text[at:]
            line.emphasis = _shifted(line.emphasis, 0, len(line.text))
            line.uncertain = _shifted(line.uncertain, 0, len(line.text))
            return
        offset += len(line.text) + 1


# a mark or a letter standing alone between spaces (a bar's look-alike: see rules/ocr.yaml)
_LONE_MARK = regex.compile(r"(?<=\s)\S(?=\s)")


def _header_names(text: str, rules: _Rules) -> list[str] | None:
    """The column names a table's header row is made of, or None when it is not one (at least three
    names, among them the task's and its agency's or time's). Bars and their look-alikes standing
    alone are where a name ends; elsewhere the names are found in the words' run, fewest first."""
    if _ROW_LABEL.match(text):
        return None  # "1 | …" is a row
    pieces: list[list[str]] = [[]]
    for token in text.replace("|", " | ").split():
        if token == "|" or _bar_look_alike(token, rules):
            pieces.append([])
        else:
            pieces[-1].append(token)
    names: list[str] = []
    for words in pieces:
        if not words:
            continue
        found = _segmented([fold(word) for word in words], rules)
        if found is None:
            return None
        names += found
    kinds = {rules.column_kinds[fold(name)] for name in names}
    if len(names) < 3 or "task" not in kinds or not kinds & {"lead", "support", "time"}:
        return None
    return names


def _bar_look_alike(token: str, rules: _Rules) -> bool:
    """A bar's look-alike, a speck after it read as a mark too ("Thời gian hoàn thành L." / "Sản phẩm")."""
    return token.rstrip(_SPECK_MARKS) in rules.bar_look_alikes


_SPECK_MARKS = ".,:;'"


def _segmented(words: list[str], rules: _Rules) -> list[str] | None:
    """`words` (folded) as a run of column names, as few as can make it, or None."""
    best: list[list[str] | None] = [[]] + [None] * len(words)
    for end in range(1, len(words) + 1):
        for start in range(max(0, end - rules.longest_column), end):
            before = best[start]
            name = rules.columns.get(" ".join(words[start:end]))
            if before is not None and name is not None:
                candidate = [*before, name]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[-1]


def _glued_header(text: str, rules: _Rules) -> tuple[str, list[str] | None]:
    """A header row glued to the end of the line before it: that line (ending on a closing mark) and
    the header's names."""
    for match in _SENTENCE_END.finditer(text):
        names = _header_names(text[match.end():], rules)
        if names is not None:
            return text[:match.end()].rstrip(), names
    return "", None


_SENTENCE_END = regex.compile(r"[).:;](?=\s+\S)")


# the characters of the block before and after a block that a date repair may look at: a date or a
# deadline phrase broken over two lines ("… | Quý" / "1V/2026 | …", "hoàn thành TƯỚC" / "ngày 30/6")
_CONTEXT = 24


def _repair_dates(blocks: list[Block], rules: _Rules) -> None:
    """Dates and deadline words misread where they stand, each only in its date context (see
    `_Rules`): the quarter's numeral after the quarter word, a slash look-alike between the parts of a
    date, a cue or recurrence word before what it introduces. A phrase may run over a line break: the
    end of the block before and the start of the block after are context, never rewritten."""
    def word_before_period(match: regex.Match[str]) -> str:
        return _deadline_word(match.group("word"), rules.period_words, rules)

    def word_before_day(match: regex.Match[str]) -> str:
        return _deadline_word(match.group("word"), rules.cue_words, rules)

    repairs: list[tuple[regex.Pattern[str], Callable[[regex.Match[str]], str]]] = [
        (rules.slash, lambda match: "/"),
        (rules.quarter, _quarter),
        (rules.before_period, word_before_period),
        (rules.before_day, word_before_day),
        (rules.mark_after_cue, lambda match: ""),
    ]
    for index, block in enumerate(blocks):
        if block.footnote:
            continue
        before = blocks[index - 1].text[-_CONTEXT:] + "\n" if index and not blocks[index - 1].footnote else ""
        after = "\n" + blocks[index + 1].text[:_CONTEXT] if index + 1 < len(blocks) else ""
        text = block.text
        for pattern, replace in repairs:
            whole = before + text + after
            start, end = len(before), len(before) + len(text)

            def inside(match: regex.Match[str], replace: Callable[[regex.Match[str]], str] = replace,
                       start: int = start, end: int = end) -> str:
                return replace(match) if start <= match.start() and match.end() <= end else match.group()

            repaired = pattern.sub(inside, whole)
            text = repaired[len(before):len(repaired) - len(after)]
        if text != block.text:
            block.emphasis = _shifted(block.emphasis, 0, len(text))
            block.uncertain = _shifted(block.uncertain, 0, len(text))
            block.text = text


def _deadline_word(read: str, words: tuple[str, ...], rules: _Rules) -> str:
    """The deadline word `read` was meant to be: the one of `words` with the same letters but for
    their marks ("hăng" -> "hằng"), or one letter off when it is long enough ("TƯỚC" -> "trước");
    `read` itself when it is a word of the date grammar or when none is near."""
    lower = read.lower()
    if lower in rules.known_words or lower in words:
        return read
    key = fold(read)
    near = [word for word in words if fold(word) == key]
    if not near:
        near = [word for word in words
                if len(fold(word)) >= rules.min_edit_length and edit_distance(fold(word), key) <= 1]
    if not near:
        return read
    meant = min(near, key=lambda word: edit_distance(word, lower))
    return meant[:1].upper() + meant[1:] if read[:1].isupper() and not read[1:2].isupper() else meant


def _quarter(match: regex.Match[str]) -> str:
    read = match.group("numeral")
    if read == "|" and not match.string.startswith("/", match.end()):
        return read  # "Hằng quý | Báo cáo": a table's cell separator after the word, no numeral
    meant = read.replace("H", "II").translate(str.maketrans("Tl1|", "IIII"))
    return meant if meant in _QUARTERS else read


def _repair_roman_label(text: str) -> str:
    """"HI. TỔ CHỨC" -> "III. TỔ CHỨC", "II NHIỆM VỤ" -> "II. NHIỆM VỤ", "1I, MỤC TIÊU" -> "II. MỤC TIÊU":
    only before a heading in capitals (or "L. Nhiệm vụ chung" in running case), and only into a real
    numeral."""
    if misread_one := _L_FOR_I.match(text):
        return "I. " + text[misread_one.end():]
    match = _ROMAN_LIKE.match(text)
    if not match:
        return text
    if match.group("numeral").isdigit():
        return text  # "1. KẾT QUẢ" is an arabic label
    if "|" in match.group("numeral") and not match.group("mark"):
        return text  # "| NHÓM NHIỆM VỤ …": a table row's empty first cell, its bar no numeral
    numeral = match.group("numeral").replace("H", "II").replace("l", "I").replace("1", "I").replace("|", "I")
    if numeral not in _ROMANS:
        return text
    if numeral == match.group("numeral") and match.group("mark") == ".":
        return text
    if not match.group("mark") and numeral == match.group("numeral") and len(numeral) == 1 and numeral != "I":
        return text  # "V KẾT LUẬN" could be a word; only a numeral OCR visibly mangled, or I/II/III, is one
    return f"{numeral}. " + text[match.end():]


def _is_short_capitals(text: str) -> bool:
    words = text.split()
    letters = [c for c in text if c.isalpha()]
    return 0 < len(words) <= 4 and bool(letters) and all(c.isupper() for c in letters)


def _shifted(emphasis: list[tuple[int, int]], removed_front: int, length: int) -> list[tuple[int, int]]:
    """Bold spans after a repair; an edit inside the label shifts them by the change in length."""
    out = []
    for start, end in emphasis:
        start, end = max(0, start - removed_front), min(length, end - removed_front)
        if end > start:
            out.append((start, end))
    return out
