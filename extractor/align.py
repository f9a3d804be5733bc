"""Map spans of the normalized text back into the text a caller passed in (for spaCy: `doc.text`).

Every span of a Notice points into `Notice.text`, the normalized text: NFC, one tone-mark placement,
white space collapsed, `**bold**` markers and footnote marks removed, footnote lines moved to the
end, paragraphs joined. `TextAlignment(normalized, original)` finds, for each span, the characters
of the original that normalize to it. It compares the two texts without white space and with the
original's characters normalized the way `normalize_chars` does, walks both in step and, where they
part (a `**` marker, a page number, a footnote line moved), finds the normalized text again in the
original. A span is `exact` when the original holds the same characters, `equivalent` when it holds
them in another form (tone marks, NFD, line breaks, markers inside), `interrupted` when all its
characters are there in order with other lines between them (a footnote or a page number printed
inside a paragraph); a span whose characters cannot be found is not placed (None), never moved to
text it does not stand for.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import numpy as np
import numpy.typing as npt

from .normalize import normalize_tone_marks
from .textutil import SUPERSCRIPTS

Match = Literal["exact", "equivalent", "interrupted"]

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\ufeff\u00ad")
_MARKUP = frozenset("*_" + SUPERSCRIPTS)  # what normalization may remove between two words
_ANCHOR = 12          # characters of the normalized text that must agree to pick up the thread again
_FAR_ANCHOR = 32      # ... when searching the whole original (a footnote moved to the end)
_NEAR = 4000          # how far ahead the thread is first looked for
_SHORT_ANCHOR = 4     # ... and with fewer characters, close by (a marker inside the longer anchor)
_SHORT_REACH = 64


@dataclass(frozen=True, slots=True)
class Placed:
    start: int
    end: int
    match: Match


_SPACE_CODES = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)


def _codes(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _non_space(text: str) -> tuple[str, npt.NDArray[np.intp]]:
    """`text` without its white space, and where each remaining character stands in `text`."""
    codes = _codes(text)
    keep = np.flatnonzero(~np.isin(codes, _SPACE_CODES))
    return codes[keep].tobytes().decode("utf-32-le"), keep


def _original_keys(text: str) -> tuple[str, npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The non-space characters of `text` as normalization writes them, each with the range of
    `text` it came from (a base letter with its combining marks is one range)."""
    if unicodedata.is_normalized("NFC", text) and not _ZERO_WIDTH.intersection(text):
        projected = text
        starts = np.arange(len(text), dtype=np.intp)
        ends = starts + 1
    else:
        chars: list[str] = []
        first: list[int] = []
        after: list[int] = []
        i, n = 0, len(text)
        while i < n:
            j = i + 1
            while j < n and unicodedata.combining(text[j]):
                j += 1
            cluster = text[i:j]
            if cluster[0] not in _ZERO_WIDTH:
                composed = unicodedata.normalize("NFC", cluster) if j - i > 1 else cluster
                chars.append(composed)
                first.extend([i] * len(composed))
                after.extend([j] * len(composed))
            i = j
        projected = "".join(chars)
        starts, ends = np.array(first, dtype=np.intp), np.array(after, dtype=np.intp)
    toned = normalize_tone_marks(projected)  # before white space goes: the rule looks at word ends
    if len(toned) == len(projected):
        projected = toned
    key, keep = _non_space(projected)
    return key, starts[keep], ends[keep]


def _strip_markup(text: str) -> str:
    return "".join(ch for ch in text if ch not in _MARKUP)


def _common(a: str, i: int, b: str, j: int) -> int:
    """Length of the common prefix of a[i:] and b[j:], found by galloping."""
    done, step = 0, 16
    limit = min(len(a) - i, len(b) - j)
    while done < limit:
        size = min(step, limit - done)
        if a[i + done:i + done + size] == b[j + done:j + done + size]:
            done += size
            step *= 2
        elif size == 1:
            break
        else:
            step = max(1, size // 2)
    return done


def _resync(nkey: str, i: int, okey: str, j: int) -> int:
    """Where the normalized text from `i` on is found again in the original: ahead of `j` first
    (the original has more: a page number, a footnote line), then anywhere (a footnote moved)."""
    for size, reach in ((_ANCHOR, _NEAR), (_SHORT_ANCHOR, _SHORT_REACH)):
        anchor = nkey[i:i + size]
        pos = okey.find(anchor, j, j + reach + len(anchor))
        if pos >= 0:
            return pos
    far = nkey[i:i + _FAR_ANCHOR]
    pos = okey.find(far, j)
    return pos if pos >= 0 else okey.find(far)


class TextAlignment:
    """Offsets of the normalized text -> offsets of the original text."""

    def __init__(self, normalized: str, original: str) -> None:
        self.normalized = normalized
        self.original = original
        self.identity = normalized == original
        if self.identity:
            return
        self._nkey, positions = _non_space(normalized)
        self._positions: list[int] = positions.tolist()
        self._okey, starts, ends = _original_keys(original)
        self._starts: list[int] = starts.tolist()
        self._ends: list[int] = ends.tolist()
        self._map = self._walk(self._nkey, self._okey)

    @staticmethod
    def _walk(nkey: str, okey: str) -> list[int]:
        """For each character of `nkey` its index in `okey`, or -1."""
        found = [-1] * len(nkey)
        i = j = 0
        while i < len(nkey):
            same = _common(nkey, i, okey, j)
            if same:
                found[i:i + same] = range(j, j + same)
                i += same
                j += same
            elif j < len(okey) and okey[j] in _MARKUP:
                j += 1  # a marker normalization removed
            elif nkey[i] in _MARKUP:
                i += 1
            else:
                pos = _resync(nkey, i, okey, j)
                if pos < 0:
                    i += 1  # a character the original does not have here: left unplaced
                else:
                    j = pos
        return found

    def place(self, start: int, end: int) -> Placed | None:
        """The original's range for the normalized span [start, end), or None when it is not there."""
        if self.identity:
            return Placed(start, end, "exact")
        first = bisect_left(self._positions, start)
        last = bisect_left(self._positions, end) - 1
        if first > last or self._map[first] < 0 or self._map[last] < 0:
            return None  # an empty span, or an end of it is not in the original
        o_first, o_last = self._map[first], self._map[last]
        if o_last < o_first:
            return None
        o_start, o_end = self._starts[o_first], self._ends[o_last]
        if _strip_markup(self._okey[o_first:o_last + 1]) == _strip_markup(self._nkey[first:last + 1]):
            exact = self.original[o_start:o_end] == self.normalized[start:end]
            return Placed(o_start, o_end, "exact" if exact else "equivalent")
        inside = self._map[first:last + 1]
        if all(a < b for a, b in pairwise(inside)):  # -1 cannot follow a larger index
            return Placed(o_start, o_end, "interrupted")  # other lines in between (a footnote, a page number)
        return None
