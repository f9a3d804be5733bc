"""Normalization: tone marks, white space, emphasis, footnotes, broken paragraphs."""

from __future__ import annotations

import pytest

from extractor.normalize import normalize, normalize_chars, normalize_tone_marks
from extractor.readers import read_string

TONES = [
    ("hoà bình", "hòa bình"),
    ("Thanh Hoá", "Thanh Hóa"),
    ("uỷ ban", "ủy ban"),
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("thuỷ lợi", "thủy lợi"),
    ("khoẻ mạnh", "khỏe mạnh"),
    ("hoạ sĩ", "họa sĩ"),
    ("quý IV", "quý IV"),          # "qu" is a consonant: the mark stays
    ("hoàng hôn", "hoàng hôn"),    # a final consonant: the mark stays
    ("thuyết minh", "thuyết minh"),
    ("HOÀ", "HÒA"),
]


@pytest.mark.parametrize("raw,expected", TONES)
def test_tone_marks(raw, expected):
    assert normalize_tone_marks(raw) == expected


# normalize_chars tests cheaply first whether a block can need a rewrite at all: the same results
@pytest.mark.parametrize("raw,expected", TONES + [
    ("hoà²", "hòa²"),                  # a footnote marker is no letter: the syllable ends
    ("Thanh Hoá1", "Thanh Hóa1"),
    ("quý  IV", "quý IV"),
    ("thuỷ\u2003lợi", "thủy lợi"),
    ("xoá\u00a0bỏ\tngay", "xóa bỏ ngay"),
    ("hoàng\u00a0hôn", "hoàng hôn"),
])
def test_normalize_chars_rewrites_tone_marks_and_white_space(raw, expected):
    assert normalize_chars(raw) == expected


def test_tone_marks_agree_with_underthesea():
    from underthesea import text_normalize
    words = ["hoà", "thuỷ", "uỷ", "khoẻ", "Hoá", "toà", "loè", "tuỳ", "hoạ", "quý", "hoàng"]
    for word in words:
        assert normalize_tone_marks(word) == text_normalize(word), word


def test_nfd_and_white_space():
    nfd = "Ủy ban nhân dân".encode().decode("utf-8")
    import unicodedata
    assert normalize_chars("  " + unicodedata.normalize("NFD", nfd) + "\u00a0 tỉnh\t") == "Ủy ban nhân dân tỉnh"


def _doc(text: str):
    return normalize(read_string(text))


def test_bold_markers_removed_and_kept_as_emphasis():
    doc = _doc("1. Xây dựng kế hoạch **trước ngày 31/8/2022.**")
    assert doc.text == "1. Xây dựng kế hoạch trước ngày 31/8/2022."
    (span,) = doc.paragraphs[0].emphasis
    assert doc.text[span[0]:span[1]] == "trước ngày 31/8/2022."


def test_star_bullet_before_bold():
    doc = _doc("*** Thời gian kiểm tra trong tháng 8/2022.**")
    assert doc.text == "* Thời gian kiểm tra trong tháng 8/2022."


def test_bold_across_lines_of_one_block():
    doc = _doc("**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**\n\nNguyễn Văn A")
    assert [doc.para_text(p) for p in doc.paragraphs] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"]
    assert doc.paragraphs[1].emphasis == [(doc.paragraphs[1].start, doc.paragraphs[1].end)]


def test_page_break_rejoined():
    doc = _doc("3. Việc phối hợp giữa các\n\ncơ quan, đơn vị còn thụ động.")
    assert doc.text == "3. Việc phối hợp giữa các cơ quan, đơn vị còn thụ động."


def test_footnote_moved_out_and_paragraph_rejoined():
    doc = _doc("2.2. Tham mưu ban hành kế hoạch¹, trong đó kế hoạch\n\n"
               "¹ Khó khăn, nhất là hạ tầng.\n\nnêu cụ thể các nội dung. Trước ngày 10/8/2022.")
    body = [doc.para_text(p) for p in doc.body]
    assert body == ["2.2. Tham mưu ban hành kế hoạch, trong đó kế hoạch nêu cụ thể các nội dung. Trước ngày 10/8/2022."]
    assert doc.notes == ["¹ Khó khăn, nhất là hạ tầng."]


def test_list_item_is_never_a_continuation():
    doc = _doc("2. Về hoạt động kiểm tra CCHC năm 2023\n\na) Đối với cơ quan được kiểm tra:")
    assert len(doc.paragraphs) == 2


def test_sentence_end_is_not_joined():
    doc = _doc("Giao Sở Nội vụ theo dõi.\n\nbáo cáo kết quả")
    assert len(doc.paragraphs) == 2
