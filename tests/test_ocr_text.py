"""OCR repairs that keep the outline: paragraph-start labels and short headings in capitals."""

from __future__ import annotations

import pytest

from extractor.readers.base import Block
from extractor.readers.ocr_text import repair_blocks


@pytest.mark.parametrize(("read", "meant"), [
    ("HI. TỔ CHỨC THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"),
    ("II NHIỆM VỤ, GIẢI PHÁP", "II. NHIỆM VỤ, GIẢI PHÁP"),
    ("1I. MỤC ĐÍCH, YÊU CẦU", "II. MỤC ĐÍCH, YÊU CẦU"),
    ("l. MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("IV, TỔ CHỨC THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"),
    ("L. Nhiệm vụ chung các cơ quan, địa phương", "I. Nhiệm vụ chung các cơ quan, địa phương"),
    ("[. Nhiệm vụ chung các cơ quan, địa phương", "I. Nhiệm vụ chung các cơ quan, địa phương"),
    (".Số: 3127/KH-UBND", "Số: 3127/KH-UBND"),
    ("‘Kết luận của Chủ tịch UBND tỉnh", "Kết luận của Chủ tịch UBND tỉnh"),
    ("THÔNG BÁO:'", "THÔNG BÁO"),
    ("KẾ HOẠCH ‘", "KẾ HOẠCH"),
    ("2,1. Tập trung theo dõi, kiểm tra", "2.1. Tập trung theo dõi, kiểm tra"),
    ("4.3, Đẩy nhanh tiến độ đầu tư", "4.3. Đẩy nhanh tiến độ đầu tư"),
    (".* Thời gian lập Tổ và tiến hành kiểm tra", "* Thời gian lập Tổ và tiến hành kiểm tra"),
    ("4. UBND các huyện, thị. xã, thành phố", "4. UBND các huyện, thị xã, thành phố"),
    ("NO nhận", "Nơi nhận:"),
    ("- Thời gian thực hiện: Quý 1I/2024.", "- Thời gian thực hiện: Quý II/2024."),
    ("Hoàn thành trong quý TV/2023.", "Hoàn thành trong quý IV/2023."),
    ("Báo cáo trong quý H năm 2024.", "Báo cáo trong quý II năm 2024."),
    ("Nơi nhân:", "Nơi nhận:"),
    ("Kinh gửi:", "Kính gửi:"),
    ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM.", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Độc lập - Tự do - Hạnh phủc", "Độc lập - Tự do - Hạnh phúc"),
    ("THÔNG BẢO", "THÔNG BÁO"),
])
def test_misread_structure_is_repaired(read, meant):
    assert repair_blocks([Block(read)])[0].text == meant


@pytest.mark.parametrize("text", [
    "1. KẾT QUẢ THỰC HIỆN",                 # an arabic label stays arabic
    "II. NHIỆM VỤ CỤ THỂ:",                 # already right, its colon kept
    "V KẾ HOẠCH",                           # a lone V without a mark may be a word: left alone
    "Hà Nội, ngày 18 tháng 10 năm 2023",
    "III. TỔ CHỨC THỰC HIỆN",
    "- Sở Nội vụ;",
    "2.1. Tập trung theo dõi",
    "Hết hạn ngày 30/9. Sở Tài chính tổng hợp.",   # a full stop before a capital is a sentence end
    "TP. Hồ Chí Minh",
    "Kết luận",                              # running case: a title's words, not the type word
    "Nội dung",
    "Hoàn thành trong quý III/2024.",
    "Báo cáo định kỳ hằng quý.",
    "L.A. Nguyễn chủ trì",                   # no space after the L.: not a label
    "| NHÓM NHIỆM VỤ HOÀN THIỆN THỂ CHẾ",    # a table row's empty first cell, no numeral
    "Lào Cai, ngày 21 tháng 01 năm 2026",
])
def test_right_text_is_left_alone(text):
    assert repair_blocks([Block(text)])[0].text == text


def test_only_paragraph_starts_are_touched():
    line = Block("II NHIỆM VỤ", gap_before=False, wrapped=True)
    assert repair_blocks([line])[0].text == "II NHIỆM VỤ"


@pytest.mark.parametrize(("read", "meant"), [
    (["c) Tiếp tục đẩy mạnh", "đ Tiếp tục đẩy mạnh cải cách", "d3 Đẩy mạnh xây dựng"],
     ["c) Tiếp tục đẩy mạnh", "d) Tiếp tục đẩy mạnh cải cách", "đ) Đẩy mạnh xây dựng"]),
    (["4. Làm tốt hơn nữa", "5S. Có giải pháp cụ thể"], ["4. Làm tốt hơn nữa", "5. Có giải pháp cụ thể"]),
    (["2.3. Chủ trì phối hợp", "2.A. Tập trung kiểm tra"], ["2.3. Chủ trì phối hợp", "2.4. Tập trung kiểm tra"]),
    (["a. Về ưu điểm", "b, Hạn chế"], ["a. Về ưu điểm", "b. Hạn chế"]),   # the letters' own mark
    (["1. Thực hiện nghiêm túc", "ò2 Chủ động túc trực 24/24h"], ["1. Thực hiện nghiêm túc", "2. Chủ động túc trực 24/24h"]),
    # a part's numeral that lost an "I" repeats the one before it (s07)
    (["I. KHÁI QUÁT CHUNG.", "II. KẾT QUẢ KIỂM TRA, XÁC MINH.", "II. NHẬN XÉT, KẾT LUẬN VÀ BIỆN PHÁP XỬ LÝ:"],
     ["I. KHÁI QUÁT CHUNG.", "II. KẾT QUẢ KIỂM TRA, XÁC MINH.", "III. NHẬN XÉT, KẾT LUẬN VÀ BIỆN PHÁP XỬ LÝ:"]),
])
def test_a_list_label_misread_by_one_character_is_what_the_labels_before_it_expect(read, meant):
    assert [block.text for block in repair_blocks([Block(text) for text in read])] == meant


@pytest.mark.parametrize("texts", [
    ["c) Tiếp tục", "Đến năm 2025, hoàn thành"],      # a word, not a label
    ["1. Ban hành", "2 | Xây dựng quy chế"],          # a typed table row keeps its number
    ["4. Làm tốt", "7. Có giải pháp"],                # a label of its own, however far from the last
    ["Về công tác chỉ đạo", "b Về công tác"],          # no list before: nothing expected
    ["a) Rà soát", "b) Kiểm tra", "Đ. Văn Hùng"],     # nothing within one edit of "c)"
    ["I. MỤC ĐÍCH", "II. NỘI DUNG", "V. TỔ CHỨC THỰC HIỆN"],   # a numeral ahead of the next: as written
    ["II. NỘI DUNG", "I. Phụ lục"],                     # back to "I." is no lost "I" of "III."
    ["1. Thực hiện nghiêm túc", "ò5 Chủ động túc trực"],   # a speck and a number other than the next
    # letters with a full stop are labels too (s07: "a. Tổng dự toán" under "1. …" became "2. Tông dự toán")
    ["1. Về việc chấp hành thu, chi", "1.1. Năm 2016", "a. Tổng dự toán được giao", "b. Tổng chi"],
])
def test_paragraphs_that_are_no_misread_label_are_left_alone(texts):
    assert [block.text for block in repair_blocks([Block(text) for text in texts])] == texts
