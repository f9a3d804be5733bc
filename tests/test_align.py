"""extractor.align: spans of the normalized text placed back into the text the caller passed in."""

from __future__ import annotations

import unicodedata

import pytest

from extractor.align import TextAlignment

NORMALIZED = "1. Giao Sở Nội vụ chủ trì, phối hợp với Ủy ban nhân dân huyện hòa giải trước ngày 31/8/2022."
WORD = "Sở Nội vụ"


@pytest.mark.parametrize(("original", "word", "match"), [
    (NORMALIZED, WORD, "exact"),
    (NORMALIZED.replace("Giao ", "Giao   "), WORD, "exact"),                        # white space collapsed
    (NORMALIZED.replace("Giao ", "Giao **").replace("vụ ", "vụ** "), WORD, "exact"),  # bold markers outside
    (NORMALIZED.replace("Nội ", "**Nội** "), WORD, "equivalent"),                  # bold markers inside
    (NORMALIZED.replace("Sở Nội", "Sở\nNội"), WORD, "equivalent"),                 # a line joined
    (unicodedata.normalize("NFD", NORMALIZED), WORD, "equivalent"),                # NFD -> NFC
    (NORMALIZED.replace("Ủy ban", "Uỷ ban"), "Ủy ban nhân dân", "equivalent"),     # old tone-mark placement
    (NORMALIZED.replace("hòa giải", "hoà giải"), "hòa giải", "equivalent"),
    ("\ufeff" + NORMALIZED.replace("vụ", "vụ\u200b"), WORD, "exact"),             # BOM, zero-width space
    ("\ufeff" + NORMALIZED.replace("Nội", "N\u00adội"), WORD, "equivalent"),       # soft hyphen inside
    (NORMALIZED.replace("phối hợp", "phối\n\n2\n\nhợp"), "phối hợp", "interrupted"),  # a page number inside
])
def test_a_span_is_placed_on_the_characters_it_came_from(original, word, match):
    start = NORMALIZED.index(word)
    placed = TextAlignment(NORMALIZED, original).place(start, start + len(word))
    assert placed is not None and placed.match == match
    found = original[placed.start:placed.end]
    assert found[:1].strip() and found[-1:].strip()  # never starts or ends on white space
    words = "".join(ch if ch.isalnum() else " " for ch in unicodedata.normalize("NFC", found) if ch != "\u00ad")
    words = " ".join(words.replace("Uỷ", "Ủy").replace("hoà", "hòa").split())
    if match == "interrupted":
        assert words.startswith(word.split()[0]) and words.endswith(word.split()[-1]) and words != word
    else:
        assert words == word


def test_a_moved_footnote_is_found_where_the_original_has_it():
    original = "Thực hiện Nghị định¹ của Chính phủ.\n¹ Nghị định số 60/2021/NĐ-CP.\nGiao Sở Y tế chủ trì."
    normalized = "Thực hiện Nghị định của Chính phủ.\nGiao Sở Y tế chủ trì.\n¹ Nghị định số 60/2021/NĐ-CP."
    alignment = TextAlignment(normalized, original)
    for word in ("Sở Y tế", "60/2021/NĐ-CP", "Chính phủ"):
        start = normalized.index(word)
        placed = alignment.place(start, start + len(word))
        assert placed is not None and original[placed.start:placed.end] == word


def test_a_span_whose_words_are_not_in_the_original_is_not_placed():
    normalized = "Giao Sở Nội vụ chủ trì thực hiện."
    alignment = TextAlignment(normalized, "Một văn bản hoàn toàn khác.")
    start = normalized.index("Sở Nội vụ")
    assert alignment.place(start, start + len("Sở Nội vụ")) is None
