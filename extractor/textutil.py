"""Small text helpers shared by the recognizers and the evaluation."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from itertools import repeat

import regex

from .grammar import current_grammar, current_rules
from .rules import Rules


class _Abbreviations:
    """The abbreviations' pattern and expansions, and the names already expanded with them (a
    notice repeats its agencies' names: the link stage, the registry and the recognizers expand each
    one again and again). Kept with the grammar; the memo is dropped when it grows large and never
    goes to the disk cache."""

    __slots__ = ("expansions", "memo", "pattern")
    MEMO_SIZE = 4096

    def __init__(self, pattern: regex.Pattern[str], expansions: dict[str, str]) -> None:
        self.pattern = pattern
        self.expansions = expansions
        self.memo: dict[str, str] = {}

    def expand(self, text: str) -> str:
        expanded = self.memo.get(text)
        if expanded is None:
            expansions = self.expansions
            expanded = self.pattern.sub(lambda m: expansions[m.group(0)], text)
            if len(self.memo) >= self.MEMO_SIZE:
                self.memo.clear()
            self.memo[text] = expanded
        return expanded

    def __getstate__(self) -> tuple[regex.Pattern[str], dict[str, str]]:
        return self.pattern, self.expansions

    def __setstate__(self, state: tuple[regex.Pattern[str], dict[str, str]]) -> None:
        self.pattern, self.expansions = state
        self.memo = {}


def _abbreviations() -> _Abbreviations:
    return current_grammar().stage("extractor.textutil._abbreviations", _build_abbreviations)


def _build_abbreviations(rules: Rules) -> _Abbreviations:
    expansions = rules.abbreviations.expansions
    keys = sorted(expansions, key=len, reverse=True)
    pattern = regex.compile(
        r"(?<![\p{L}\p{N}&])(?:" + "|".join(regex.escape(k) for k in keys) + r")(?![\p{L}\p{N}&])"
    )
    return _Abbreviations(pattern, expansions)


def expand_abbreviations(text: str) -> str:
    """"UBND cấp huyện" -> "Ủy ban nhân dân cấp huyện"; "Sở TT&TT" -> "Sở Thông tin và Truyền thông"."""
    return _abbreviations().expand(text)


def is_single_spaced(text: str) -> bool:
    """Whether the only white space of `text` is single spaces (each line of a normalized text): any
    other (tabs, line breaks, no-break and other Unicode spaces) is not printable. There a pattern's
    `\\s+` matches one space, and `\\s*` at most one."""
    return text.isprintable() and "  " not in text


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")


@cache
def fold(text: str) -> str:
    """Case, diacritics and punctuation folded away: for comparing names (memoised: names repeat)."""
    return _NON_WORD.sub(" ", strip_diacritics(text).lower()).strip()


def _common_syllables() -> frozenset[str]:
    return current_grammar().stage("extractor.textutil._common_syllables", _build_common_syllables)


def _build_common_syllables(rules: Rules) -> frozenset[str]:
    return frozenset(rules.language.common_syllables)


def _share_words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text[:20000].lower()).split()


def _common_count(words: list[str]) -> int:
    """How many of `words` are very common syllables, once stripped of stops and quotes (the loop in C)."""
    return sum(map(_common_syllables().__contains__, map(str.strip, words, repeat(".,;:()\"'"))))


def vietnamese_share(text: str) -> float:
    """Share of the words that are very common Vietnamese syllables (rules/language.yaml)."""
    words = _share_words(text)
    if not words:
        return 0.0
    return _common_count(words) / len(words)


_SHARE_CHUNK = 1000  # words counted before the share is checked against the minimum


def looks_vietnamese(text: str) -> bool:
    """Whether `vietnamese_share(text)` reaches the rules' minimum share (or the text is too short to
    tell). The words are counted a chunk at a time: the answer is known once the words counted so far
    reach the minimum, or the words left could not (on a notice, after its first chunk)."""
    if len(text.split(maxsplit=12)) < 12:
        return True  # too short to tell
    minimum = current_rules().language.minimum_share
    words = _share_words(text)
    total = len(words)
    if not total:
        return 0.0 >= minimum
    found = 0
    for start in range(0, total, _SHARE_CHUNK):
        end = start + _SHARE_CHUNK
        found += _common_count(words[start:end])
        if found / total >= minimum:  # the whole share is at least this
            return True
        if (found + max(0, total - end)) / total < minimum:  # and at most this
            return False
    return found / total >= minimum


# Footnote markers as the text shows them ("ngành¹"); readers write raised digits this way.
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions of one character)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# A paragraph that ends here ends its sentence ("./." closes a notice); both the PDF layout and the
# normalizer decide joins with it.
ENDS_SENTENCE = regex.compile(r"(?:[.;:!?…]|\./\.|\.\)|:\))\s*$")


def list_marker() -> regex.Pattern[str]:
    """Any list label of rules/outline.yaml at the start of a paragraph ("a) ..." too)."""
    return current_grammar().stage("extractor.textutil.list_marker", _build_list_marker)


def _build_list_marker(rules: Rules) -> regex.Pattern[str]:
    return regex.compile("|".join(f"(?:{m.pattern})" for m in rules.outline.markers))


def regex_tokens(source: str) -> Iterator[tuple[str, bool]]:
    """A regular expression's source as (token, inside a character class): an escape ("\\s") is one
    token, a class's opening with its "^" and a first "]" (a member there) another, any other character
    one; a class's members and its closing "]" are inside it."""
    i, n, in_class = 0, len(source), False
    while i < n:
        c = source[i]
        if c == "\\":
            yield source[i:i + 2], in_class
            i += 2
        elif in_class:
            yield c, True
            in_class = c != "]"
            i += 1
        elif c == "[":
            j = i + 1
            if source[j:j + 1] == "^":
                j += 1
            if source[j:j + 1] == "]":
                j += 1
            yield source[i:j], False
            in_class = True
            i = j
        else:
            yield c, False
            i += 1

