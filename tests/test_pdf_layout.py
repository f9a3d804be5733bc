"""Page geometry -> blocks (pdf_layout.py), with pages drawn by hand: the rules the PDF reader and OCR
share. A4 in points, body from x=85 to x=540, 13 pt text on an 18 pt pitch."""

from __future__ import annotations

import pytest

from extractor.readers.geometry import Line, PageLayout, Piece
from extractor.readers.pdf_layout import blocks_from_layouts

SIZE = 13.0
LEFT, RIGHT = 85.0, 540.0
PITCH = 18.0


def piece(text: str, left: float, top: float, right: float | None = None, size: float = SIZE,
          bold: list[tuple[int, int]] | None = None) -> Piece:
    width = len(text) * 0.5 * size if right is None else right - left
    return Piece(text, left, top, left + width, top + size, size, bold or [])


def body(text: str, top: float, *, indent: float = 0.0, full: bool = True, size: float = SIZE) -> Line:
    """A body line: justified to the right edge when `full`, else as long as its text."""
    left = LEFT + indent
    return Line([piece(text, left, top, RIGHT if full else None, size)])


def page(*lines: Line, number: int = 1) -> PageLayout:
    return PageLayout(number=number, width=595.0, height=842.0, lines=list(lines))


def justified(top: float) -> list[Line]:
    """A plain paragraph that shows the page's text box (left and right margins, pitch, body size)."""
    words = ["Các sở, ban, ngành tỉnh và UBND các huyện, thị xã, thành phố căn cứ chức năng,",
             "nhiệm vụ được giao tổ chức triển khai thực hiện nghiêm túc các nội dung của văn",
             "bản này và báo cáo kết quả về UBND tỉnh theo quy định hiện hành."]
    return [body(words[0], top, indent=35), body(words[1], top + PITCH),
            body(words[2], top + 2 * PITCH, full=False)]


def with_frame(lines: list[Line], expected: list[tuple[bool, str]]):
    """Prefix a justified paragraph to the page and to the expectation."""
    prefix = justified(20)
    return prefix + lines, [(True, prefix[0].pieces[0].text)] + [(False, l.pieces[0].text) for l in prefix[1:]] + expected


def texts(blocks) -> list[tuple[bool, str]]:
    return [(b.gap_before, b.text) for b in blocks]


def test_header_table_is_read_column_by_column():
    lines = [
        Line([piece("ỦY BAN NHÂN DÂN", 110, 60), piece("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 280, 60)]),
        Line([piece("TỈNH LONG AN", 125, 78), piece("Độc lập - Tự do - Hạnh phúc", 320, 78)]),
        Line([piece("-------", 140, 96), piece("---------------", 350, 96)]),
        Line([piece("Số: 45/TB-UBND", 115, 114), piece("Long An, ngày 05 tháng 8 năm 2022", 300, 114)]),
        Line([piece("THÔNG BÁO", 280, 150)]),
        body("Kết luận của Chủ tịch UBND tỉnh tại cuộc họp", 168, indent=80, full=False),
    ]
    got = [b.text for b in blocks_from_layouts([page(*lines)])]
    assert got == ["ỦY BAN NHÂN DÂN", "TỈNH LONG AN", "-------", "Số: 45/TB-UBND",
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------",
                   "Long An, ngày 05 tháng 8 năm 2022", "THÔNG BÁO",
                   "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp"]


def test_signature_table_recipients_then_signer():
    lines = [
        body("Yêu cầu các cơ quan, đơn vị triển khai thực hiện./.", 100, indent=35, full=False),
        Line([piece("Nơi nhận:", 85, 130), piece("KT. CHỦ TỊCH", 380, 130)]),
        Line([piece("- Sở Nội vụ;", 85, 146), piece("PHÓ CHỦ TỊCH", 378, 146)]),
        Line([piece("- Lưu: VT.", 85, 162)]),
        Line([piece("Nguyễn Văn A", 380, 230)]),
    ]
    got = [b.text for b in blocks_from_layouts([page(*lines)])]
    assert got == ["Yêu cầu các cơ quan, đơn vị triển khai thực hiện./.", "Nơi nhận:", "- Sở Nội vụ;",
                   "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]


def test_label_set_off_by_a_tab_is_not_a_column():
    lines = [Line([piece("I.", 85, 100), piece("NHIỆM VỤ TRỌNG TÂM", 130, 100)]),
             body("1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành triển khai thực hiện", 118, indent=35)]
    assert [b.text for b in blocks_from_layouts([page(*lines)])] == [
        "I. NHIỆM VỤ TRỌNG TÂM", "1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành triển khai thực hiện"]


@pytest.mark.parametrize(("lines", "expected"), [
    # first-line indent starts a paragraph; a justified line continues it
    ([body("1. Giao Sở Tài chính chủ trì, phối hợp với các cơ quan", 100, indent=35),
      body("liên quan tham mưu UBND tỉnh bố trí kinh phí.", 118, full=False),
      body("2. Sở Y tế theo dõi tình hình dịch bệnh.", 136, indent=35, full=False)],
     [(True, "1. Giao Sở Tài chính chủ trì, phối hợp với các cơ quan"),
      (False, "liên quan tham mưu UBND tỉnh bố trí kinh phí."),
      (True, "2. Sở Y tế theo dõi tình hình dịch bệnh.")]),
    # paragraph spacing without indent
    ([body("Các sở, ngành thực hiện nghiêm.", 100, full=False),
      body("Sở Tài chính bố trí kinh phí.", 126, full=False)],
     [(True, "Các sở, ngành thực hiện nghiêm."), (True, "Sở Tài chính bố trí kinh phí.")]),
    # ragged right: a short line whose next word would have fitted ends a heading without a full stop
    ([body("2. Sở Nội vụ", 100, full=False),
      body("Tham mưu UBND tỉnh ban hành kế hoạch.", 118, full=False)],
     [(True, "2. Sở Nội vụ"), (True, "Tham mưu UBND tỉnh ban hành kế hoạch.")]),
    # a line that wraps in ragged text: the long first word of the next line did not fit
    ([body("Tổ chức kiểm tra việc thực hiện tại các cơ quan, đơn vị, địa phương trên", 100, full=False),
      body("địa bàn tỉnh.", 118, full=False)],
     [(True, "Tổ chức kiểm tra việc thực hiện tại các cơ quan, đơn vị, địa phương trên"),
      (False, "địa bàn tỉnh.")]),
    # a label after a sentence end on a full line starts an item
    ([body("Tổ chức thực hiện các nội dung sau:", 100),
      body("- Rà soát thủ tục hành chính.", 118, full=False)],
     [(True, "Tổ chức thực hiện các nội dung sau:"), (True, "- Rà soát thủ tục hành chính.")]),
    # a number at the start of a wrapped line after a full line with no sentence end is no label
    ([body("theo Kế hoạch số 125/KH-UBND ngày 05/8/2022 của UBND tỉnh và Nghị quyết số", 100),
      body("10-NQ/TU của Tỉnh ủy.", 118, full=False)],
     [(True, "theo Kế hoạch số 125/KH-UBND ngày 05/8/2022 của UBND tỉnh và Nghị quyết số"),
      (False, "10-NQ/TU của Tỉnh ủy.")]),
])
def test_paragraphs_from_line_geometry(lines, expected):
    lines, expected = with_frame(lines, expected)
    assert texts(blocks_from_layouts([page(*lines)])) == expected


def test_type_word_and_wrapped_title_centered():
    lines = [Line([piece("THÔNG BÁO", 270, 100)]),
             Line([piece("Kết luận của Chủ tịch UBND tỉnh tại Hội nghị trực tuyến về", 140, 118, 485)]),
             Line([piece("cải cách hành chính năm 2022", 220, 136, 405)]),
             body("Ngày 27 tháng 7 năm 2022, Chủ tịch UBND tỉnh chủ trì hội nghị.", 170, indent=35, full=False)]
    lines = lines + justified(200)
    assert texts(blocks_from_layouts([page(*lines)]))[:4] == [
        (True, "THÔNG BÁO"), (True, "Kết luận của Chủ tịch UBND tỉnh tại Hội nghị trực tuyến về"),
        (False, "cải cách hành chính năm 2022"),
        (True, "Ngày 27 tháng 7 năm 2022, Chủ tịch UBND tỉnh chủ trì hội nghị.")]


def test_page_break_continues_a_paragraph_and_page_numbers_are_dropped():
    first = page(body("Sở Nội vụ tham mưu UBND tỉnh ban hành kế hoạch khắc phục các tồn tại", 760),
                 Line([piece("2", 300, 800)]), number=1)
    second = page(Line([piece("3", 300, 40)]),
                  body("hạn chế của các chỉ số trước ngày 31/8/2022.", 80, full=False), number=2)
    assert texts(blocks_from_layouts([first, second])) == [
        (True, "Sở Nội vụ tham mưu UBND tỉnh ban hành kế hoạch khắc phục các tồn tại"),
        (False, "hạn chế của các chỉ số trước ngày 31/8/2022.")]


def test_footnotes_in_small_type_below_the_body():
    lines = [*justified(640), body("Tháo gỡ các khó khăn, vướng mắc¹ trong thực hiện dịch vụ công.", 700, full=False),
             Line([piece("¹ Khó khăn, nhất là hạ tầng để triển khai dịch vụ, thanh toán", 85, 760, RIGHT, 10)]),
             Line([piece("trực tuyến.", 85, 772, None, 10)])]
    blocks = blocks_from_layouts([page(*lines)])
    assert [(b.footnote, b.gap_before, b.text) for b in blocks[3:]] == [
        (False, True, "Tháo gỡ các khó khăn, vướng mắc¹ trong thực hiện dịch vụ công."),
        (True, True, "¹ Khó khăn, nhất là hạ tầng để triển khai dịch vụ, thanh toán"),
        (True, False, "trực tuyến.")]


def test_footnote_number_printed_as_a_plain_digit_becomes_a_superscript():
    lines = [*justified(640), body("Nội dung chính của văn bản.", 700, full=False),
             Line([piece("2 Quyết định số 2376/QĐ-UBND ngày 12/9/2018.", 85, 760, None, 10)])]
    assert blocks_from_layouts([page(*lines)])[-1].text == "² Quyết định số 2376/QĐ-UBND ngày 12/9/2018."


def test_small_type_without_a_footnote_number_stays_in_the_body():
    lines = [*justified(640), body("Nội dung chính của văn bản.", 700, full=False),
             Line([piece("(Kèm theo Kế hoạch số 45/KH-UBND)", 85, 730, None, 10)])]
    assert [b.footnote for b in blocks_from_layouts([page(*lines)])] == [False] * 5


def test_bold_offsets_follow_the_text():
    lines = [Line([piece("Thời gian: trước ngày 10/8/2022.", LEFT + 35, 100, None, SIZE, [(11, 32)])])]
    block = blocks_from_layouts([page(*lines)])[0]
    assert [block.text[s:e] for s, e in block.emphasis] == ["trước ngày 10/8/2022."]


def test_running_header_and_footer_repeated_on_every_page_are_dropped():
    def numbered(n: int) -> PageLayout:
        return page(Line([piece("UBND TỈNH LONG AN - KẾ HOẠCH SỐ 45/KH-UBND", 150, 30)]),
                    *justified(100),
                    Line([piece(f"Trang {n}/3 - Lưu hành nội bộ", 230, 800)]), number=n)
    blocks = blocks_from_layouts([numbered(1), numbered(2), numbered(3)])
    assert not any("KẾ HOẠCH SỐ" in b.text or "Trang" in b.text for b in blocks)
    assert len(blocks) == 9


def test_a_margin_line_on_one_page_only_is_kept():
    first = page(Line([piece("THÔNG BÁO KHẨN", 250, 30)]), *justified(100), number=1)
    second = page(*justified(100), number=2)
    assert blocks_from_layouts([first, second])[0].text == "THÔNG BÁO KHẨN"


def test_a_stamp_over_the_last_lines_does_not_move_the_right_margin():
    # A scan's stamp and signature read over the last lines stretch them past the margin (s09: lines ending
    # at 558 and 578 where the text ends at 538). The 90th percentile of the lines' ends took them for the
    # margin: every item's first line, indented and reaching the real margin, looked centred, and the
    # line under it opened a paragraph of its own ("4. Giao Phòng … thành lập" / "Ban chỉ đạo …").
    lines = [
        body("4. Giao Phòng Nông nghiệp và PTNT tham mưu UBND huyện thành lập", 20, indent=33),
        body("Ban chỉ đạo phòng chống bệnh Dịch tả lợn Châu Phi cấp huyện, Đội phản ứng", 20 + PITCH),
        body("nhanh, thành lập Chốt tạm thời và xây dựng kịch bản ứng phó.", 20 + 2 * PITCH, full=False),
        body("5. Đề nghị Công ty Cổ phần Cấp nước và Phát triển Đô thị tỉnh Đăk", 20 + 3 * PITCH, indent=33),
        body("Nông: Cử cán bộ thường xuyên kiểm tra, bảo vệ Hồ nước sinh hoạt.", 20 + 4 * PITCH, full=False),
        body("6. Chủ tịch UBND các xã, thị trấn tích cực tuyên truyền, hướng dẫn người", 20 + 5 * PITCH, indent=33),
        body("dân và các cơ sở chăn nuôi thực hiện các biện pháp phòng, chống dịch bệnh.", 20 + 6 * PITCH),
    ]
    # the stamp: two lines run on past the margin, over the signer's block
    lines += [Line([piece("7. Giao phòng Tài chính - Kế hoạch tham mưu UBND huyện chủ động bố", LEFT + 33,
                          20 + 7 * PITCH, RIGHT + 20)]),
              Line([piece("trí kinh phí dự phòng ngân sách để triển khai thực hiện. nUN", LEFT, 20 + 8 * PITCH,
                          RIGHT + 40)])]
    starts = [b.text[:12] for b in blocks_from_layouts([page(*lines)]) if b.gap_before]
    assert starts == ["4. Giao Phòn", "5. Đề nghị C", "6. Chủ tịch ", "7. Giao phòn"]


def test_specks_in_the_right_margin_are_no_column():
    # A stamp's specks read beside a scan's addressees ("- Thủ trưởng các phòng, …;  Í * (đỶ") gave a two-column
    # table whose gutter swallowed the next 31 lines: the body was read column by column, its paragraphs cut.
    speck = Piece("Í * (đỶ", RIGHT + 10, 40, RIGHT + 42, 40 + SIZE, SIZE, uncertain=[(0, 1), (4, 7)])
    lines = [Line([piece("- Thủ trưởng các phòng, ban, đơn vị, đoàn thể;", LEFT, 40), speck]),
             body("- Chủ tịch UBND các xã, thị trấn.", 40 + PITCH, full=False),
             body("4. Giao Phòng Nông nghiệp và PTNT tham mưu UBND huyện thành lập", 40 + 2 * PITCH, indent=33),
             body("Ban chỉ đạo phòng chống bệnh Dịch tả lợn Châu Phi cấp huyện.", 40 + 3 * PITCH, full=False)]
    assert texts(blocks_from_layouts([page(*lines)])) == [
        (True, "- Thủ trưởng các phòng, ban, đơn vị, đoàn thể;"), (True, "- Chủ tịch UBND các xã, thị trấn."),
        (True, "4. Giao Phòng Nông nghiệp và PTNT tham mưu UBND huyện thành lập"),
        (False, "Ban chỉ đạo phòng chống bệnh Dịch tả lợn Châu Phi cấp huyện.")]


def test_a_text_layer_keeps_what_it_prints_in_the_margin():
    # nothing of a text layer is uncertain: a note printed in the margin stays
    note = piece("(*)", RIGHT + 10, 40)
    lines = [Line([piece("Các sở, ban, ngành tỉnh căn cứ chức năng, nhiệm vụ được giao tổ chức", LEFT, 40, RIGHT), note]),
             body("triển khai thực hiện.", 40 + PITCH, full=False)]
    assert "(*)" in " ".join(b.text for b in blocks_from_layouts([page(*lines)]))


def test_the_right_edge_is_never_further_than_the_lines_percentile():
    # a fax's lines end within a few points of each other (534-546): the edge many lines share was taken at
    # the top of that spread, past the 90th percentile, and short lines then looked like paragraph ends
    # (structures/s01 by fax: task .83 → .52)
    from extractor.readers.pdf_layout import _right_edge
    rights = sorted([300.0] * 4 + [534.0, 536.0, 538.0, 540.0, 542.0, 544.0, 546.0] * 3 + [547.0])
    assert _right_edge(rights, SIZE) <= rights[int(0.9 * (len(rights) - 1))]
    # a stamp's lines past the margin do not draw it out (s09)
    stamped = sorted([538.0] * 20 + [540.0] * 6 + [558.0, 561.0, 578.0, 582.0, 594.0, 594.0])
    assert _right_edge(stamped, SIZE) == 540.0


def test_a_body_set_narrower_than_the_header_keeps_its_own_right_edge():
    # s09's scan: the header's right column ("CỘNG HÒA …", "Đắk Song, ngày …") ends an inch right of the
    # paragraphs, and enough header and closing lines end there to make it the text box's edge. Every item's
    # indented first line, its end on the body's edge, then looked centred, and the line under it opened a
    # paragraph ("5. Đề nghị … tỉnh Đăk" / "Nông: Cử cán bộ …"); a stamp's word read there ("KHIỂN", OCR
    # unsure of it) stood between "phụ-" and "huynh".
    wide = RIGHT + 35
    header = [Line([piece(text, 330, 20 + i * PITCH, wide)]) for i, text in enumerate(
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Đắk Song, ngày 20 tháng 5 năm 2019",
         "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"])]
    top = 20 + 7 * PITCH
    items = []
    for n in range(4, 10):
        items += [body(f"{n}. Đề nghị Công ty Cổ phần Cấp nước và Phát triển Đô thị tỉnh Đăk", top, indent=33),
                  body("Nông: Cử cán bộ thường xuyên kiểm tra, bảo vệ Hồ nước sinh hoạt (Hồ Đăk", top + PITCH),
                  body("Blao); chuẩn bị nguồn nước dự phòng để xử lý kịp thời khi có tình", top + 2 * PITCH),
                  body("huống xảy ra.", top + 3 * PITCH, full=False)]
        top += 4 * PITCH
    stamp = Line([Piece("KHIỂN", RIGHT + 7, top - 4 * PITCH, RIGHT + 34, top - 4 * PITCH + SIZE, SIZE,
                        uncertain=[(0, 5)])])
    lines = header + items[:-3] + [stamp] + items[-3:]
    starts = [b.text[:10] for b in blocks_from_layouts([page(*lines)]) if b.gap_before]
    assert [s for s in starts if s[0].isdigit()] == [f"{n}. Đề nghị" for n in range(4, 10)]
    assert not any(s.startswith(("Nông", "KHIỂN")) for s in starts)
