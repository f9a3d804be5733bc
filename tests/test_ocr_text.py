"""OCR repairs that keep the outline: paragraph-start labels and short headings in capitals."""

from __future__ import annotations

import pytest

from extractor.readers.base import Block
from extractor.readers.ocr_text import repair_blocks


@pytest.mark.parametrize(("read", "meant"), [
    ("HI. TỔ CHỨC THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"),
    ("-2, Ủy ban nhân dân các xã, phường: Đồng Hới", "2, Ủy ban nhân dân các xã, phường: Đồng Hới"),
    ("2,Ủy ban nhân dân các xã, phường: Đồng Hới", "2. Ủy ban nhân dân các xã, phường: Đồng Hới"),
    ("-2,Ủy ban nhân dân các xã", "2. Ủy ban nhân dân các xã"),
    ("II NHIỆM VỤ, GIẢI PHÁP", "II. NHIỆM VỤ, GIẢI PHÁP"),
    ("1I. MỤC ĐÍCH, YÊU CẦU", "II. MỤC ĐÍCH, YÊU CẦU"),
    ("l. MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("IV, TỔ CHỨC THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"),
    ("L. Nhiệm vụ chung các cơ quan, địa phương", "I. Nhiệm vụ chung các cơ quan, địa phương"),
    ("[. Nhiệm vụ chung các cơ quan, địa phương", "I. Nhiệm vụ chung các cơ quan, địa phương"),
    # the stop lost as well, before a heading in capitals (heldout/h01 by bilevel and fax: "I. ĐÁNH GIÁ CHUNG"'s
    # appraisal became a task)
    ("L ĐÁNH GIÁ CHUNG", "I. ĐÁNH GIÁ CHUNG"),
    # the first part's "I." read "IL." or "L," before any part (heldout/h01 by colour and fax)
    ("IL. ĐÁNH GIÁ CHUNG", "I. ĐÁNH GIÁ CHUNG"),
    ("L, ĐÁNH GIÁ CHUNG:", "I. ĐÁNH GIÁ CHUNG:"),
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
    "L Văn Hùng chủ trì",                    # a lone L before a name in running case: no numeral
    "L, Văn Hùng chủ trì",
    "IL. Đánh giá chung",                    # running case: no heading a part's numeral opens
    "LL. ĐÁNH GIÁ CHUNG",                    # two look-alikes: no reading of "I."
])
def test_right_text_is_left_alone(text):
    assert repair_blocks([Block(text)])[0].text == text


def test_a_misread_first_part_label_is_repaired_only_before_any_part():
    blocks = repair_blocks([Block("I. ĐÁNH GIÁ CHUNG"), Block("IL. NHIỆM VỤ")])
    assert [b.text for b in blocks] == ["I. ĐÁNH GIÁ CHUNG", "IL. NHIỆM VỤ"]


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
    # a part's first item, its stop read as a comma (structures/s01 by fax: the targets became tasks)
    (["II. MỤC TIÊU", "1, Mục tiêu đến hết năm 2026"], ["II. MỤC TIÊU", "1. Mục tiêu đến hết năm 2026"]),
    # ... and its 1 read as an l, its stop as a colon (heldout/h04 by fax: the aims' items became tasks)
    (["I. MỤC ĐÍCH, YÊU CẦU", "l: Mục đích"], ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]),
    # a list's first letter read with a mark (heldout/h01 by fax: the item ran into its heading)
    (["2. Đối với Sở Y tế tỉnh Điện Biên", "ä) Tham mưu UBND tỉnh ban hành"],
     ["2. Đối với Sở Y tế tỉnh Điện Biên", "a) Tham mưu UBND tỉnh ban hành"]),
])
def test_a_list_label_misread_by_one_character_is_what_the_labels_before_it_expect(read, meant):
    assert [block.text for block in repair_blocks([Block(text) for text in read])] == meant


@pytest.mark.parametrize("texts", [
    ["c) Tiếp tục", "Đến năm 2025, hoàn thành"],      # a word, not a label
    ["1. Ban hành", "2 | Xây dựng quy chế"],          # a typed table row keeps its number
    ["4. Làm tốt", "7. Có giải pháp"],                # a label of its own, however far from the last
    ["Về công tác chỉ đạo", "b Về công tác"],          # no list before: nothing expected
    ["a) Rà soát", "b) Kiểm tra", "Đ. Văn Hùng"],     # nothing within one edit of "c)"
    ["II. MỤC TIÊU", "Đ. Văn Hùng"],                   # a first item's "1." only from a "1"
    ["II. MỤC TIÊU", "12 Mục tiêu cụ thể"],            # a number other than the first
    ["1. Mục đích", "l: Yêu cầu"],                     # a look-alike of 1 is no "1." after the list's first
    ["II. MỤC TIÊU", "l: mục tiêu"],                   # before lower case: no label
    ["II. MỤC TIÊU", "L: Mục tiêu"],                   # an L is no look-alike of a 1
    ["2. Đối với Sở Y tế", "ö) Kiểm tra"],             # a marked letter other than "a" opens no list
    ["I. MỤC ĐÍCH", "II. NỘI DUNG", "V. TỔ CHỨC THỰC HIỆN"],   # a numeral ahead of the next: as written
    ["II. NỘI DUNG", "I. Phụ lục"],                     # back to "I." is no lost "I" of "III."
    ["1. Thực hiện nghiêm túc", "ò5 Chủ động túc trực"],   # a speck and a number other than the next
    # letters with a full stop are labels too (s07: "a. Tổng dự toán" under "1. …" became "2. Tông dự toán")
    ["1. Về việc chấp hành thu, chi", "1.1. Năm 2016", "a. Tổng dự toán được giao", "b. Tổng chi"],
])
def test_paragraphs_that_are_no_misread_label_are_left_alone(texts):
    assert [block.text for block in repair_blocks([Block(text) for text in texts])] == texts


# --- dates and deadline words (issue 11): what OCR makes of them on the scan profiles --------------
@pytest.mark.parametrize(("read", "meant"), [
    # a slash look-alike after the slash, or for it (gray, photo)
    ("| Quý II/⁄2026 | Quyết định", "| Quý II/2026 | Quyết định"),
    ("hoàn thành trong quý I/⁄2024.", "hoàn thành trong quý I/2024."),
    ("trước ngày 30⁄6/2026.", "trước ngày 30/6/2026."),
    # the recurrence word's marks misread before its period (fax, photo)
    ("định kỳ hăng quý báo cáo Bộ Y tế", "định kỳ hằng quý báo cáo Bộ Y tế"),
    ("trước ngày 15 hãng tháng để tổng hợp", "trước ngày 15 hằng tháng để tổng hợp"),
    ("định kỳ hăng năm đánh giá", "định kỳ hằng năm đánh giá"),
    # a cue one letter off before the day word and a number (fax)
    ("hoàn thành nâng cấp Hệ thống TƯỚC ngày 30/6/2026.", "hoàn thành nâng cấp Hệ thống trước ngày 30/6/2026."),
    ("Hoàn thành trươc ngày 15/9/2023.", "Hoàn thành trước ngày 15/9/2023."),
    # the slash and the second I of a quarter read as "1⁄" (colour)
    ("| Quý I1⁄2026 | Hệ thống được nâng cấp", "| Quý II/2026 | Hệ thống được nâng cấp"),
    # a speck read as a mark between a cue and its period (bilevel)
    ("phấn đấu trong: năm 2022, có 100% hồ sơ", "phấn đấu trong năm 2022, có 100% hồ sơ"),
])
def test_misread_date_is_repaired(read, meant):
    assert repair_blocks([Block(read)])[0].text == meant


@pytest.mark.parametrize("text", [
    "xếp hạng năm 2024 của tỉnh",            # a word before a year is no recurrence prefix
    "Hãng tin đưa tin ngày 3/4",             # "tin" is near no cue
    "kết quả CCHC hàng năm",                 # already a recurrence word
    "Số: 12/IO-UBND ngày 10/01/2024",        # letters in a code stay
    "ông Nguyễn Văn Il trình bày",           # "Il" in a name stays
    "các năm 2025 - 2026 ⁄ ghi chú",         # a fraction slash away from a date
    "Tháng năm 2024 đã qua",
    "đúng hạn theo ngày 30/6/2026",          # "theo" is no cue
    "Thời hạn: năm 2024",                    # a slot label's colon is its own
    "trong đó: năm 2023 đạt 95%",            # a colon after "đó", not after the cue
])
def test_right_date_words_are_left_alone(text):
    assert repair_blocks([Block(text)])[0].text == text


def test_quarter_numeral_after_a_line_break_is_repaired():
    """bilevel s01: the row's line ends on "Quý" and the numeral opens the next line."""
    blocks = repair_blocks([Block("4 | Tích hợp dữ liệu | Sở Tư pháp; Công an tỉnh | Quý"),
                            Block("1V/2026 | Dữ liệu được kết nối", gap_before=False)])
    assert [b.text for b in blocks] == ["4 | Tích hợp dữ liệu | Sở Tư pháp; Công an tỉnh | Quý",
                                        "IV/2026 | Dữ liệu được kết nối"]


# --- task tables typed with " | ": separators lost or misread ----------------------------------------
HEADER = "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm"


@pytest.mark.parametrize(("read", "meant"), [
    ("TT | Nhiệm vụ Cơ quan chủ trì | Cơ quan phối hợp ! Thời gian hoàn thành | Sản phẩm", HEADER),
    ("TT | Nhiệm vụ | Cơ quan chủ trì l Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm", HEADER),
    ("TT Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành Sản phẩm", HEADER),
])
def test_misread_header_row_is_repaired(read, meant):
    assert repair_blocks([Block(read)])[0].text == meant


@pytest.mark.parametrize("text", [
    "TT | Nội dung | Đơn vị tính | Năm 2026",             # statistics: no agency or time column
    "Nhiệm vụ của Sở Y tế | Cơ quan chủ trì",              # a sentence, no header
    "1 | Nhiệm vụ | Cơ quan chủ trì | Thời gian",           # a row whose label says it is one
])
def test_other_bar_lines_are_no_header(text):
    assert repair_blocks([Block(text)])[0].text == text


def test_header_glued_to_the_caption_is_split():
    """photo s01: the table's header on the line of the appendix's caption, its last name below."""
    blocks = repair_blocks([
        Block("(Kèm theo Kế hoạch số 26/KH-UBND ngày 21 tháng 01 năm 2026 của UBND tỉnh Lào Cai) TT | Nhiệm vụ "
              "| Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |"),
        Block("Sản phẩm", gap_before=False)])
    assert [(b.text, b.gap_before) for b in blocks if b.text] == [
        ("(Kèm theo Kế hoạch số 26/KH-UBND ngày 21 tháng 01 năm 2026 của UBND tỉnh Lào Cai)", True),
        (HEADER, True)]


@pytest.mark.parametrize(("last", "joined"), [
    ("L.", True),    # fax s01: the bar with a speck at its foot, a speck after it
    ("|", True),
    ("l,", True),
    ("Lào", False),  # a word: the line is no header whose last name is below
])
def test_header_whose_last_bar_is_misread_takes_its_last_name_from_below(last, joined):
    """fax s01: "… | Thời gian hoàn thành L." / "Sản phẩm": the header went unread, and with it the
    repairs of the rows under it ("3 Trang bị …" kept no bar after its number)."""
    read = f"TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành {last}"
    blocks = repair_blocks([Block(read), Block("Sản phẩm", gap_before=False),
                            Block("3 Trang bị máy quét | UBND các xã | Sở Tài chính | Tháng 6/2026 | Thiết bị")])
    texts = [b.text for b in blocks if b.text]
    assert (texts[:2] == [HEADER, "3 | Trang bị máy quét | UBND các xã | Sở Tài chính | Tháng 6/2026 | Thiết bị"]) \
        == joined


@pytest.mark.parametrize(("read", "meant"), [
    # separators read as lone marks: as many as the row lacks
    ("1 | Ban hành danh mục | Văn phòng UBND tỉnh ' Các sở, ban, ngành | Quý II/2026 | Quyết định",
     "1 | Ban hành danh mục | Văn phòng UBND tỉnh | Các sở, ban, ngành | Quý II/2026 | Quyết định"),
    ("| Duy trì | Sở Nội vụ | Văn phòng UBND tỉnh | Hằng quý I Báo cáo",
     "| Duy trì | Sở Nội vụ | Văn phòng UBND tỉnh | Hằng quý | Báo cáo"),
    # a mark and a lost bar: the time cut from the cell it closes
    (("2 | Xây dựng quy trình | Các sở, ban, ngành | Văn phòng UBND tỉnh; Sở Khoa học và Công nghệ Tháng 5/2026 "
      "! Quyết định"),
     ("2 | Xây dựng quy trình | Các sở, ban, ngành | Văn phòng UBND tỉnh; Sở Khoa học và Công nghệ | Tháng 5/2026 "
      "| Quyết định")),
    # two agencies' cells run together: the time back under its column after an empty cell
    ("3 | Rà soát | Công an tỉnh Sở Tư pháp; các sở, ban, ngành | Năm 2026 và hằng năm | Báo cáo",
     "3 | Rà soát | Công an tỉnh Sở Tư pháp; các sở, ban, ngành | | Năm 2026 và hằng năm | Báo cáo"),
])
def test_row_short_of_cells_is_repaired(read, meant):
    assert repair_blocks([Block(HEADER), Block(read)])[1].text == meant


def test_row_number_without_its_bar_and_a_speck_line_above():
    """gray s01: a line of specks ("-") between two rows, the next row's "2 |" read "2"."""
    blocks = repair_blocks([Block(HEADER), Block("-"),
                            Block("2 Đánh giá mức độ hài lòng | Sở Nội vụ | Văn phòng UBND tỉnh | Hằng quý I Báo cáo")])
    assert blocks[2].text == "2 | Đánh giá mức độ hài lòng | Sở Nội vụ | Văn phòng UBND tỉnh | Hằng quý | Báo cáo"


def test_row_number_without_its_bar_on_a_wrapped_row():
    """gray s01: the row's number without its bar, its cells on the next line."""
    blocks = repair_blocks([Block(HEADER), Block("2 Đánh giá mức độ hài lòng của người dân"),
                            Block("về thủ tục | Sở Nội vụ | Văn phòng UBND tỉnh | Hằng quý I Báo cáo", gap_before=False)])
    assert [b.text for b in blocks[1:]] == ["2 | Đánh giá mức độ hài lòng của người dân",
                                            "về thủ tục | Sở Nội vụ | Văn phòng UBND tỉnh | Hằng quý | Báo cáo"]


def test_bar_after_the_quarter_word_is_no_numeral():
    """gray s01: "Hằng quý | Báo cáo" was made "Hằng quý I Báo cáo" (a quarter I) by the quarter repair."""
    row = "2 | Đánh giá | Sở Nội vụ | Văn phòng UBND tỉnh | Hằng quý | Báo cáo đánh giá"
    assert repair_blocks([Block(row)])[0].text == row


def test_table_ends_on_a_paragraph():
    """A paragraph after the table ends it: a later bar line is not read against its header."""
    row = "1 | Ban hành danh mục | Văn phòng UBND tỉnh ' Các sở, ban, ngành | Quý II/2026"
    blocks = repair_blocks([Block(HEADER), Block("Các cơ quan, đơn vị triển khai thực hiện nghiêm túc."), Block(row)])
    assert blocks[2].text == row


def test_years_of_a_range_in_a_cell_get_their_dash_back():
    """bilevel s01: "2026 - 2027" read "2026 2027" in the time cell."""
    row = "2 | Xây dựng kho dữ liệu | Sở Khoa học và Công nghệ | Các sở, ban, ngành | 2026 2027 | Kho dữ liệu"
    assert repair_blocks([Block(HEADER), Block(row)])[1].text == row.replace("2026 2027", "2026 - 2027")


@pytest.mark.parametrize("text", [
    "4 | Rà soát Phụ lục I kèm theo | Sở Nội vụ | Sở Tư pháp | Quý I/2026 | Báo cáo",   # all cells there
    "5 | Rà soát Phụ lục I và II | Sở Nội vụ | Quý I/2026",                          # two short, one letter
    "II | NHÓM NHIỆM VỤ PHÁT TRIỂN HẠ TẦNG",                                         # a group row
])
def test_rows_that_need_nothing_are_left_alone(text):
    assert repair_blocks([Block(HEADER), Block(text)])[1].text == text


def test_bar_lines_without_a_header_are_left_alone():
    text = "1 | Ban hành danh mục | Văn phòng UBND tỉnh ' Các sở, ban, ngành | Quý II/2026"
    assert repair_blocks([Block(text)])[0].text == text


def test_dash_glued_to_the_next_label_is_dropped():
    """fax and bilevel s05: "2." read "-2,": the item ran into the one before, with its deadline."""
    blocks = repair_blocks([Block("1. Bí thư Đảng ủy các xã hoàn thành trước 17 giờ ngày 14/11/2025."),
                            Block("-2, Ủy ban nhân dân các xã, phường: Đồng Hới hoàn thành trong ngày 13/11/2025")])
    assert blocks[1].text.startswith("2. Ủy ban nhân dân")


@pytest.mark.parametrize("text", [
    "- 2 đơn vị chưa hoàn thành",            # a list dash and a space
    "-2,5% so với cùng kỳ",                   # a negative figure
    "2,5 triệu đồng mỗi hộ",                  # a decimal
    "2.UBND",                                 # no lower-case word after the capital
])
def test_dash_before_a_number_that_is_no_label_stays(text):
    assert repair_blocks([Block(text)])[0].text == text


def test_line_opening_on_an_abbreviation_continues_a_full_line():
    """photo seeds-000: every line after a gap; "CCHC tại …" began a paragraph of its own."""
    blocks = [Block("1. Trách nhiệm người đứng đầu trong lãnh đạo, chỉ đạo thực hiện nhiệm vụ", wrapped=True),
              Block("CCHC tại một số cơ quan, đơn vị chưa thực sự quan tâm đúng mức", wrapped=True)]
    assert [b.gap_before for b in repair_blocks(blocks)] == [True, False]


@pytest.mark.parametrize(("previous", "line"), [
    ("1. Trách nhiệm người đứng đầu trong lãnh đạo, chỉ đạo thực hiện nhiệm vụ.", "CCHC tại một số cơ quan"),
    ("2. Nhiệm vụ trọng tâm", "UBND các huyện triển khai thực hiện"),                  # a heading
    ("II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM TRONG THỜI GIAN TỚI CỦA CÁC CƠ QUAN", "UBND tỉnh yêu cầu các sở"),
    ("1. Trách nhiệm người đứng đầu trong lãnh đạo, chỉ đạo thực hiện nhiệm vụ", "UBND TỈNH YÊU CẦU"),
])
def test_new_paragraph_after_a_line_stays(previous, line):
    blocks = [Block(previous, wrapped=True), Block(line, wrapped=True)]
    assert repair_blocks(blocks)[1].gap_before
