"""List markers: the one alternation of every marker finds what trying them one by one finds."""

from __future__ import annotations

import pytest

from extractor.outline import _any_marker, _patterns, match_marker

PARAGRAPHS = [
    ("I. KẾT QUẢ THỰC HIỆN", ("roman", 0, "I")),
    ("IV) Tổ chức thực hiện", ("roman", 0, "IV")),
    ("Một là, tập trung rà soát", ("ordinal", 1, "Một là")),
    ("Thứ hai: đẩy nhanh tiến độ", ("ordinal", 1, "Thứ hai")),
    ("1.2. Sở Tài chính", ("multilevel2", 3, "1.2")),
    ("1.2.3 Sở Xây dựng", ("multilevel3", 4, "1.2.3")),
    ("3. Giao Văn phòng Chính phủ theo dõi", ("arabic", 2, "3")),
    ("12) Bộ Công an", ("arabic", 2, "12")),
    ("a) Rà soát hồ sơ", ("letter", 5, "a")),
    ("đ. Về đất đai", ("letter", 5, "đ")),
    ("1/ Sở Nội vụ chủ trì", ("arabic", 2, "1")),
    ("b/ Về tài chính", ("letter", 5, "b")),
    ("(1) Huy động nguồn lực", ("paren", 4, "1")),
    ("(iv) Tập đoàn báo cáo", ("paren_roman", 6, "iv")),
    ("- Sở Y tế chủ trì", ("dash", 7, "-")),
    ("+ Phòng Nội vụ", ("plus", 8, "+")),
    ("* Thời gian: tháng 8/2022", ("star", 9, "*")),
    ("• Ủy ban nhân dân các xã", ("bullet", 10, "•")),
]
NO_MARKER = ["Giao Sở Tài chính chủ trì", "30/9/2025 là hạn cuối", "1.5% tổng vốn", "", "Ivan", "(v)"]


def _one_by_one(text: str) -> tuple[str, int, str, int] | None:
    for kind, rank, pattern in _patterns().markers:
        m = pattern.match(text)
        if m:
            label = m.group("label")
            if kind == "multilevel":
                depth = label.count(".") + 1
                return f"multilevel{depth}", rank + depth - 2, label, m.end()
            return kind, rank, label, m.end()
    return None


@pytest.mark.parametrize("text,expected", PARAGRAPHS)
def test_marker_of_a_paragraph(text, expected):
    found = match_marker(text)
    assert found is not None and found[:3] == expected
    assert found == _one_by_one(text)


@pytest.mark.parametrize("text", NO_MARKER)
def test_no_marker(text):
    assert match_marker(text) is None and _one_by_one(text) is None


@pytest.mark.parametrize("patterns", [
    [r"(?i)(?P<label>[a-z])\)", r"(?P<label>-)\s"],         # a global flag would reach the other markers
    [r"(?P<label>(\d))\1\.", r"(?P<label>-)\s"],           # group numbers shift inside the alternation
])
def test_markers_that_cannot_be_joined_are_tried_one_by_one(patterns):
    assert _any_marker(patterns) is None


def test_joined_markers_keep_the_order_of_the_rules():
    joined = _any_marker([r"(?P<label>\d)\.", r"(?P<label>\d)"])
    assert joined is not None
    pattern, groups = joined
    m = pattern.match("1. x")
    assert m is not None and m.groups()[groups[0]] is not None and m.group("label") == "1"


@pytest.mark.parametrize("paragraph,opens", [
    ("Phát triển các vùng sản xuất tập trung tại các xã.", True),
    ("Đầu tư trang thiết bị, phương tiện, nguồn nhân lực.", True),
    ("Thường xuyên tuyên truyền, phổ biến, quán triệt các quy định.", True),
    ("Đào tạo, bồi dưỡng nhân lực khoa học, công nghệ.", True),
    ("Hình thành dữ liệu BIM phục vụ công tác quản lý.", True),
    ("Hợp tác với các trường đại học, viện nghiên cứu.", True),
    ("Khai thác tốt các tuyến vận tải đường thủy.", True),
    ("Chịu trách nhiệm về nội dung thẩm định.", True),
    ("Kịp thời tổng hợp báo cáo đầy đủ, thông tin chính xác.", True),
    ("Tổ chức hướng dẫn các địa phương.", True),
    # a name, a figure, a subject that opens on a body: no action
    ("Sở Xây dựng thực hiện.", False),
    ("Trên 70% số doanh nghiệp chế biến đạt trình độ công nghệ trung bình.", False),
    ("Thủy sản", False),
    ("Hội đồng Thi đua tỉnh xét chọn các tập thể.", False),
    ("Phát thanh, truyền hình tỉnh đưa tin.", False),
])
def test_a_paragraph_that_opens_on_an_action(paragraph, opens):
    from extractor.outline import opens_with_action
    assert opens_with_action(paragraph) is opens
