"""The text reader: paragraphs from lines, and the lines of a hard-wrapped text joined again."""

from __future__ import annotations

import textwrap

import pytest

from extractor.readers.text import blocks_from_text, wrap_width

_PROSE = ("Để bảo đảm cắt giảm thực chất, hiệu quả thủ tục hành chính, điều kiện kinh doanh đạt mục tiêu theo "
          "đúng chỉ đạo của Bộ Chính trị, Ban Bí thư, Chính phủ, Thủ tướng Chính phủ yêu cầu Bộ trưởng, Thủ "
          "trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương tập trung "
          "hoàn thành ngay một số nhiệm vụ cụ thể, báo cáo kết quả về Văn phòng Chính phủ trước ngày 15/12/2025.")
_ROW = ("1 | Bộ Nông nghiệp và Môi trường | - Bộ Khoa học và Công nghệ; - Bộ Xây dựng; - Bộ Công Thương | "
        "Hoàn thiện thể chế, chính sách về quản lý chất lượng không khí | Quý IV/2026")
_REST = "- Rà soát, cập nhật các hướng dẫn kỹ thuật về hệ số phát thải. | - Bộ công cụ kiểm kê khí thải"


@pytest.mark.parametrize("lines,width", [
    (textwrap.wrap(_PROSE * 3, 80), 80),
    (textwrap.wrap(_PROSE * 3, 80) + [_ROW, _REST], 80),   # a table's rows are not the prose's width
    # items shorter than the width among the wrapped lines (w01: 137 of 295 long lines near the width)
    (textwrap.wrap(_PROSE * 2, 90) + ["- Sở Tài chính chủ trì, phối hợp với các sở, ngành;"] * 12, 90),
    ([_PROSE] * 10, None),                                 # a paragraph a line: not wrapped
    ([_ROW] * 10, None),
])
def test_the_width_a_text_was_wrapped_at(lines, width):
    assert wrap_width(lines) == width


def test_a_table_row_longer_than_the_width_does_not_take_the_line_after_it():
    # the rest of a merged row ("- Rà soát … | …") was joined to the row above as its wrapped line
    text = "\n".join([*textwrap.wrap(_PROSE * 3, 80), _ROW, _REST])
    blocks = blocks_from_text(text)
    assert [b.wrapped for b in blocks if b.text.startswith(("1 |", "- Rà soát"))] == [False, False]
    assert any(b.wrapped for b in blocks)  # the prose's lines are still joined
