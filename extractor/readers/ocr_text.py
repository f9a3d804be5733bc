"""Repairs of OCR text where one misread character changes the document's structure.

Tesseract reads the words of a notice well enough for the recognizers (agency keys and the scoring
fold diacritics), but a label or a type word misread by one character moves every item after it:
"HI. TỔ CHỨC THỰC HIỆN" is no section III, "II NHIỆM VỤ" (its full stop lost) no section at all,
".Số: 12/TB-UBND" no document number, "THÔNG BÁO:'" no type word. These repairs touch only the
start of a paragraph and a short line in capitals, and only into a form that the outline accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..grammar import current_grammar
from ..rules import Rules
from ..textutil import edit_distance, fold
from .base import Block

# a speck read as punctuation glued to the first word of a paragraph
_LEADING_JUNK = regex.compile(r"^[.,'‘’`\"|_~:;]+(?=[\p{L}\p{N}]|[*+\-–]\s)")
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
_L_FOR_I = regex.compile(r"^[L\[|]\.\s+(?=\p{Lu})")
_ROMANS = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
# specks after a short heading: ":'" or " ‘" (a lone ":" or "." may be the heading's own)
_TRAILING_JUNK = regex.compile(r"\s*[.:;]?[,'‘’`\"|_~]+[.:;,'‘’`\"|_~]*$")


@dataclass(frozen=True, slots=True)
class _Rules:
    # "Quý 1I/2024", "quý TV/2023": the quarter's numeral misread ("1", "l", "|", "T" for "I"; "H" for "II")
    quarter: regex.Pattern[str]
    quarter_tail: str         # "uý": a block without it names no quarter (the word's first letter in either case)
    formulas: dict[str, str]  # the fixed lines of the Decree 30 layout, folded -> as printed


def _rules() -> _Rules:
    return current_grammar().stage("extractor.readers.ocr_text._rules", _build_rules)


def _build_rules(rules: Rules) -> _Rules:
    word = rules.dates.quarter
    header = rules.header
    # "Nơi nhận:", "Kính gửi:", the national motto, the type words
    lines = [f"{header.recipients_label}:", f"{header.salutation}:", *header.motto_lines, *header.doc_type_words]
    return _Rules(
        quarter=regex.compile(rf"(?<=\b[{regex.escape(word[:1].upper() + word[:1].lower())}]{regex.escape(word[1:])}\s)"
                              r"(?P<numeral>[IVTHl1|]{1,4})(?=[/.,;)\s]|$)"),
        quarter_tail=word[1:],
        formulas={fold(line): line for line in lines},
    )


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
        if token in _PART_LABELS:
            last_roman = _PART_LABELS.index(token)
        if not _is_label(token) and 0 < len(token) <= 4 and rest[:1].isupper():
            # "ò2 Chủ động …": a speck read before the number, the number's stop lost
            reads = {token, token[1:]} if not token[:1].isdigit() and token[1:2].isdigit() else {token}
            near = [label for label in _next_labels(last_letter, last_number, last_multilevel, letter_mark)
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


_PART_LABELS = ("I.", "II.", "III.", "IV.", "V.", "VI.", "VII.", "VIII.", "IX.", "X.", "XI.", "XII.", "XIII.",
                "XIV.", "XV.")  # a part's numeral in order


def _is_label(token: str) -> bool:
    return bool(_LETTER_LABEL.match(token) or _NUMBER_LABEL.match(token) or _MULTILEVEL_LABEL.match(token)
                or _ROMAN_HEADING.match(token))


def _fold_label(label: str) -> str:
    return label.replace("đ", "d").replace("Đ", "D")


def repair_blocks(blocks: list[Block]) -> list[Block]:
    rules = _rules()
    for block in blocks:
        if not block.footnote and ("." in block.text or rules.quarter_tail in block.text):
            text = rules.quarter.sub(_quarter, _STRAY_STOP.sub("", block.text))
            if text != block.text:
                block.emphasis = _shifted(block.emphasis, 0, len(text))
                block.uncertain = _shifted(block.uncertain, 0, len(text))
                block.text = text
        if block.footnote or not block.gap_before:
            continue
        text = _LEADING_JUNK.sub("", block.text)
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
    return repair_label_sequence(blocks)


def _quarter(match: regex.Match[str]) -> str:
    read = match.group("numeral")
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
