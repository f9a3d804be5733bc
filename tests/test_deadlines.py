"""Deadline phrasings, one real phrase a line: phrase in, typed value out (issue date 2023-10-05)."""

from __future__ import annotations

import pytest

from extractor.recognize.deadlines import find_deadlines, find_time_cell

ISSUE = "2023-10-05"

# (phrase, text, kind, start, end, recurrence)
CASES = [
    # the notice itself is no plan's name
    ("phấn đấu hoàn thành các nhiệm vụ của Kế hoạch này đến năm 2030", "đến năm 2030", "by", None, "2030-12-31", None),
    ("Thu thập, số hóa, chuẩn hóa cơ sở dữ liệu quy hoạch (2025 - 2030).", "2025 - 2030", "range", "2025-01-01", "2030-12-31", None),
    ("huy động doanh nghiệp tham gia (xuyên suốt 2025 - 2035).", "xuyên suốt 2025 - 2035", "range", "2025-01-01", "2035-12-31", None),
    ("Xây dựng kế hoạch khắc phục gửi UBND tỉnh trước ngày 31/8/2022.", "trước ngày 31/8/2022", "by", None, "2022-08-31", None),
    ("Thời gian tham mưu ban hành kế hoạch: Trước ngày 10/8/2022.", "Trước ngày 10/8/2022", "by", None, "2022-08-10", None),
    ("báo cáo UBND tỉnh chậm nhất ngày 15/11/2023.", "chậm nhất ngày 15/11/2023", "by", None, "2023-11-15", None),
    ("gửi kết quả chậm nhất là ngày 05 tháng 01 năm 2024.", "chậm nhất là ngày 05 tháng 01 năm 2024", "by", None, "2024-01-05", None),
    ("hoàn thành trước ngày 30 tháng 6 năm 2024.", "hoàn thành trước ngày 30 tháng 6 năm 2024", "by", None, "2024-06-30", None),
    ("Thời hạn: 20/12/2023.", "Thời hạn: 20/12/2023", "by", None, "2023-12-20", None),
    ("Thời hạn hoàn thành: 15/01/2024.", "Thời hạn hoàn thành: 15/01/2024", "by", None, "2024-01-15", None),
    ("gửi qua email chậm nhất 10h00' ngày 27/4/2020.", "chậm nhất 10h00' ngày 27/4/2020", "by", None, "2020-04-27", None),
    ("tổng hợp báo cáo gửi về UBND tỉnh trước 14h00 ngày 28/4/2020.", "trước 14h00 ngày 28/4/2020", "by", None, "2020-04-28", None),
    ("báo cáo Bộ Tài nguyên và Môi trường trước ngày 15/4/2013.", "trước ngày 15/4/2013", "by", None, "2013-04-15", None),
    ("gửi Sở Nội vụ trước ngày 15/9 để tổng hợp.", "trước ngày 15/9", "by", None, "2023-09-15", None),
    ("hoàn thành trước 31/12/2023.", "hoàn thành trước 31/12/2023", "by", None, "2023-12-31", None),
    ("trình UBND tỉnh trước ngày 25-10-2023.", "trước ngày 25-10-2023", "by", None, "2023-10-25", None),
    # "trước" a period: before it begins (the real corpus's annotators: "trước năm 2030" by 31/12/2029)
    ("hoàn thành trước quý IV/2024.", "hoàn thành trước quý IV/2024", "by", None, "2024-09-30", None),
    ("Trước năm 2030", "Trước năm 2030", "by", None, "2029-12-31", None),
    ("hoàn thành trước năm 2027.", "hoàn thành trước năm 2027", "by", None, "2026-12-31", None),
    # … and a period's end with another by cue, a day's own day with "trước"
    ("chậm nhất năm 2026.", "chậm nhất năm 2026", "by", None, "2026-12-31", None),
    ("hoàn thành năm 2024.", "hoàn thành năm 2024", "by", None, "2024-12-31", None),
    ("xong trước tháng 12/2023.", "xong trước tháng 12/2023", "by", None, "2023-11-30", None),
    ("phải hoàn thành chậm nhất trong tháng 3/2024.", "chậm nhất trong tháng 3/2024", "by", None, "2024-03-31", None),
    ("Đến năm 2030, 100% các khu vực bảo vệ nghiêm ngặt được quan trắc tự động.", "Đến năm 2030", "by", None, "2030-12-31", None),
    ("Phát triển ngành thủy sản toàn diện, bền vững đến năm 2030.", "đến năm 2030", "by", None, "2030-12-31", None),
    ("Thời gian thực hiện trong tháng 8/2022.", "trong tháng 8/2022", "within", "2022-08-01", "2022-08-31", None),
    ("Thời hạn trình trong tháng 3 năm 2023.", "trong tháng 3 năm 2023", "within", "2023-03-01", "2023-03-31", None),
    ("phấn đấu trong năm 2022, có ít nhất 80% dịch vụ công", "trong năm 2022", "within", "2022-01-01", "2022-12-31", None),
    ("tổ chức thực hiện trong quý III/2023.", "trong quý III/2023", "within", "2023-07-01", "2023-09-30", None),
    ("hoàn thành trong quý 2 năm 2024.", "trong quý 2 năm 2024", "within", "2024-04-01", "2024-06-30", None),
    ("tổ chức sơ kết trong quý IV.", "trong quý IV", "within", "2023-10-01", "2023-12-31", None),
    ("tăng cường kiểm tra trong 6 tháng cuối năm, tăng 10% số cơ sở", "trong 6 tháng cuối năm", "within", "2023-07-01", "2023-12-31", None),
    ("triển khai trong 6 tháng đầu năm 2024.", "trong 6 tháng đầu năm 2024", "within", "2024-01-01", "2024-06-30", None),
    ("ban hành trong tháng 11.", "trong tháng 11", "within", "2023-11-01", "2023-11-30", None),
    ("Thời gian thực hiện: năm 2024.", "Thời gian thực hiện: năm 2024", "within", "2024-01-01", "2024-12-31", None),
    ("Thời gian hoàn thành: Quý II/2024.", "Thời gian hoàn thành: Quý II/2024", "within", "2024-04-01", "2024-06-30", None),
    ("hoàn thành vào cuối năm 2023.", "cuối năm 2023", "by", None, "2023-12-31", None),
    ("(bắt đầu thực hiện từ tháng 8/2022).", "bắt đầu thực hiện từ tháng 8/2022", "from", "2022-08-01", None, None),
    ("áp dụng bắt đầu từ ngày 01/01/2024.", "bắt đầu từ ngày 01/01/2024", "from", "2024-01-01", None, None),
    ("Từ ngày 15/10/2023, các cơ quan thực hiện", "Từ ngày 15/10/2023", "from", "2023-10-15", None, None),
    # the year a target is reached: by its end; a month with the same cue stays within it
    ("Phấn đấu đạt 1.200 công trình xây dựng xanh vào năm 2030.", "vào năm 2030", "by", None, "2030-12-31", None),
    ("tổ chức hội nghị vào tháng 4 năm 2026", "vào tháng 4 năm 2026", "within", "2026-04-01", "2026-04-30", None),
    # after the topic's comma or colon the time is the work's again
    ("- Đối với các dự án khởi công trong năm 2025: hoàn thành trước ngày 30/6/2026", "hoàn thành trước ngày 30/6/2026",
     "by", None, "2026-06-30", None),
    # after a period: from the day after it ends
    ("Thí điểm trong giai đoạn 2026 - 2027 và thực hiện mở rộng sau năm 2028", "sau năm 2028", "from", "2029-01-01",
     None, None),
    ("Tổ chức hoạt động thí điểm từ sau năm 2027.", "từ sau năm 2027", "from", "2028-01-01", None, None),
    ("(thời gian làm việc trong khoảng từ tháng 9/2022 đến tháng 10/2022).", "trong khoảng từ tháng 9/2022 đến tháng 10/2022", "range", "2022-09-01", "2022-10-31", None),
    ("tổ chức kiểm tra từ tháng 9/2023 đến tháng 12/2023.", "từ tháng 9/2023 đến tháng 12/2023", "range", "2023-09-01", "2023-12-31", None),
    ("thực hiện từ ngày 01/11/2023 đến ngày 30/11/2023.", "thực hiện từ ngày 01/11/2023 đến ngày 30/11/2023", "range", "2023-11-01", "2023-11-30", None),
    ("ra quân từ quý I/2024 đến quý III/2024.", "từ quý I/2024 đến quý III/2024", "range", "2024-01-01", "2024-09-30", None),
    ("Thủ trưởng các sở định kỳ hàng tháng sắp xếp thời gian", "định kỳ hàng tháng", "recurring", None, None, "monthly"),
    ("Định kỳ hằng quý, báo cáo kết quả về UBND tỉnh.", "Định kỳ hằng quý", "recurring", None, None, "quarterly"),
    ("báo cáo hằng quý về Sở Nội vụ.", "hằng quý", "recurring", None, None, "quarterly"),
    ("gửi báo cáo trước ngày 20 hằng tháng.", "trước ngày 20 hằng tháng", "recurring", None, None, "monthly"),
    ("tổ chức giao ban hàng tuần để kiểm điểm tiến độ.", "hàng tuần", "recurring", None, None, "weekly"),
    # a range's start without a year is in the end's year (or the year before, when later in the year)
    ("thời gian quan trắc từ tháng 3 đến tháng 10 năm 2026;", "từ tháng 3 đến tháng 10 năm 2026", "range",
     "2026-03-01", "2026-10-31", None),
    ("tổ chức từ tháng 11 đến tháng 3/2026.", "từ tháng 11 đến tháng 3/2026", "range", "2025-11-01", "2026-03-31", None),
    # an end without a year before the start is the next year's
    ("tăng tần suất vệ sinh đường từ tháng 10 đến tháng 4 năm sau,", "từ tháng 10 đến tháng 4", "range",
     f"{ISSUE[:4]}-10-01", f"{int(ISSUE[:4]) + 1}-04-30", None),
    # a clause that opens on the event the work waits for
    ("Sau khi được Quốc hội thông qua, các Bộ xây dựng văn bản hướng dẫn.", "Sau khi được Quốc hội thông qua",
     "relative", None, None, None),
    ("Sau khi phương án phân vùng mới được cấp có thẩm quyền thông qua, Sở Nông nghiệp công bố",
     "Sau khi phương án phân vùng mới được cấp có thẩm quyền thông qua", "relative", None, None, None),
    # daily: recurring with no period of the contract's four
    ("Báo cáo tổng hợp hàng ngày gửi UBND tỉnh.", "hàng ngày", "recurring", None, None, None),
    ("Hằng ngày, cập nhật tình hình mưa lũ trên địa bàn.", "Hằng ngày", "recurring", None, None, None),
    ("Hằng năm, tổ chức sơ kết, đánh giá.", "Hằng năm", "recurring", None, None, "yearly"),
    ("báo cáo định kỳ hằng năm trước ngày 15 tháng 12.", "định kỳ hằng năm trước ngày 15 tháng 12", "recurring", None, None, "yearly"),
    ("gửi báo cáo trước ngày 15 tháng 12 hằng năm.", "trước ngày 15 tháng 12 hằng năm", "recurring", None, None, "yearly"),
    # "định kỳ" makes a number of months a period even without "hằng" (no period of the contract's four)
    ("Định kỳ 06 tháng các cơ quan có liên quan báo cáo kết quả thực hiện", "Định kỳ 06 tháng", "recurring", None, None, None),
    ("định kỳ 6 tháng báo cáo UBND tỉnh", "định kỳ 6 tháng", "recurring", None, None, None),
    # the words close a directive's clause: the task recurs
    ("tổ chức diễn tập phương án phòng ngừa, ứng phó sự cố hàng năm.", "hàng năm", "recurring", None, None, "yearly"),
    ("xây dựng Kế hoạch quan trắc, cảnh báo môi trường hàng năm.", "hàng năm", "recurring", None, None, "yearly"),
    ("phê duyệt Kế hoạch sao lưu, phục hồi dữ liệu và ứng phó sự cố hằng năm; trong đó", "hằng năm", "recurring", None, None, "yearly"),
    # a period without a year beside the words is the recurrence's time, no one-off deadline
    ("a. Thời gian thực hiện: Từ tháng 3 đến tháng 11 hằng năm.", "Từ tháng 3 đến tháng 11 hằng năm", "recurring", None, None, "yearly"),
    ("tổng hợp danh mục, báo cáo trong tháng 12 hằng năm.", "trong tháng 12 hằng năm", "recurring", None, None, "yearly"),
    ("trong vòng 15 ngày kể từ ngày ký.", "trong vòng 15 ngày kể từ ngày ký", "relative", None, "2023-10-20", None),
    ("trong thời hạn 07 ngày kể từ ngày ban hành văn bản này.", "trong thời hạn 07 ngày kể từ ngày ban hành văn bản này", "relative", None, None, None),
    ("trả lời trong 30 ngày làm việc.", "trong 30 ngày làm việc", "relative", None, "2023-11-16", None),
    ("trong vòng 10 ngày kể từ ngày nhận được văn bản này", "trong vòng 10 ngày kể từ ngày nhận được văn bản này", "relative", None, None, None),
    ("báo cáo ngay sau khi có kết quả kiểm tra.", "ngay sau khi có kết quả kiểm tra", "relative", None, None, None),
    # phrasings of the real 2025 corpus (corpus/real)
    ("khánh thành đồng loạt vào ngày 02 tháng 9 năm 2025.", "vào ngày 02 tháng 9 năm 2025", "by", None, "2025-09-02", None),
    ("tổng hợp, báo cáo Thủ tướng Chính phủ trong ngày 15/10/2025.", "trong ngày 15/10/2025", "by", None, "2025-10-15", None),
    ("hoàn thành bổ sung, điều chỉnh quy hoạch đến hết năm 2026.", "đến hết năm 2026", "by", None, "2026-12-31", None),
    ("tập trung chỉ đạo từ nay đến hết năm 2026.", "từ nay đến hết năm 2026", "range", "2023-10-05", "2026-12-31", None),
    ("triển khai thực hiện từ nay đến tháng 6/2027.", "từ nay đến tháng 6/2027", "range", "2023-10-05", "2027-06-30", None),
    ("hoàn thành trong quý III/2026.", "trong quý III/2026", "within", "2026-07-01", "2026-09-30", None),
]


# a day without a year in a recurrence's sentence comes round with it (recurrences of corpus/real)
@pytest.mark.parametrize("phrase,expected", [
    ("Định kỳ hằng năm báo cáo kết quả thực hiện về Sở Nông nghiệp và Môi trường chậm nhất ngày 17 tháng 12.",
     [("Định kỳ hằng năm", "yearly")]),
    (("Định kỳ hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước ngày 16/6), tổng kết năm (trước ngày 20/11 "
      "hàng năm) hoặc khi có yêu cầu."),
     [("Định kỳ hàng tháng", "monthly"), ("trước ngày 16 hàng tháng", "monthly"), ("trước ngày 20/11 hàng năm", "yearly")]),
    ("định kỳ báo cáo kết quả thực hiện trước ngày 20/11 về Sở Khoa học và Công nghệ.",
     [("trước ngày 20/11", "yearly")]),
    # another sentence, or a year written: a one-off deadline
    ("Định kỳ hằng năm báo cáo kết quả. Hoàn thành kế hoạch trước ngày 17 tháng 12.",
     [("Định kỳ hằng năm", "yearly"), ("trước ngày 17 tháng 12", None)]),
    ("Định kỳ hằng quý báo cáo; tổng kết trước ngày 15/12/2023.",
     [("Định kỳ hằng quý", "quarterly"), ("trước ngày 15/12/2023", None)]),
])
def test_a_day_in_a_recurrences_sentence_recurs(phrase, expected):
    found = find_deadlines(phrase, 0, ISSUE)
    assert [(d.text, d.recurrence) for d in found] == expected

# A time cell of a task table: (cell, [(text, kind, start, end, recurrence), ...])
CELLS = [
    # from the first period to the end of the second
    ("Quý IV/2025- Quý II/2026", [("Quý IV/2025- Quý II/2026", "range", "2025-10-01", "2026-06-30", None)]),
    ("Tháng 10/2025 - Tháng 3/2026", [("Tháng 10/2025 - Tháng 3/2026", "range", "2025-10-01", "2026-03-31", None)]),
    ("Tháng 11 - 12/2025.", [("Tháng 11 - 12/2025", "range", "2025-11-01", "2025-12-31", None)]),
    ("Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.", [("Từ tháng 11/2025", "from", "2025-11-01", None, None)]),
    ("2025", [("2025", "within", "2025-01-01", "2025-12-31", None)]),
    ("Năm 2025 và các năm tiếp theo.", [("Năm 2025 và các năm tiếp theo", "from", "2025-01-01", None, None)]),
    ("Năm 2026 và những năm tiếp theo", [("Năm 2026 và những năm tiếp theo", "from", "2026-01-01", None, None)]),
    ("Giai đoạn 2025 - 2030", [("Giai đoạn 2025 - 2030", "range", "2025-01-01", "2030-12-31", None)]),
    # the years wherever they stand in a time column
    ("Xây dựng, trong giai đoạn 2026 - 2027 và vận hành, nâng cấp thường xuyên",
     [("giai đoạn 2026 - 2027", "range", "2026-01-01", "2027-12-31", None)]),
    # each phase of a cell that gives several, and a phase beside a cued phrase
    (("Thực hiện trong giai đoạn 2026 - 2030. Trong đó triển khai các chương trình thí điểm trong giai đoạn "
     "2027 - 2030 và có đánh giá, nhân rộng (nếu khả thi)"),
     [("giai đoạn 2026 - 2030", "range", "2026-01-01", "2030-12-31", None),
      ("giai đoạn 2027 - 2030", "range", "2027-01-01", "2030-12-31", None)]),
    (("- Xây dựng các quy định, hướng dẫn và các báo cáo liên quan trong giai đoạn 2026 - 2027. - Thí điểm mô "
     "hình tái chế trong từ năm 2027."),
     [("giai đoạn 2026 - 2027", "range", "2026-01-01", "2027-12-31", None),
      ("từ năm 2027", "from", "2027-01-01", None, None)]),
    # a range the cued phrase already holds is read once
    ("Từ năm 2026 đến năm 2027", [("Từ năm 2026 đến năm 2027", "range", "2026-01-01", "2027-12-31", None)]),
    ("Thường xuyên", []),
    ("Sở Tài chính", []),
    ("Quý II năm 2024", [("Quý II năm 2024", "within", "2024-04-01", "2024-06-30", None)]),
    # a period without a year before the words is the recurrence's time
    ("Tháng 12 hằng năm", [("Tháng 12 hằng năm", "recurring", None, None, "yearly")]),
    ("Từ tháng 3 đến tháng 11 hằng năm", [("Từ tháng 3 đến tháng 11 hằng năm", "recurring", None, None, "yearly")]),
    ("Năm 2023 và hàng năm", [("Năm 2023", "within", "2023-01-01", "2023-12-31", None),
                              ("hàng năm", "recurring", None, None, "yearly")]),
    ("2025 - 2026", [("2025 - 2026", "range", "2025-01-01", "2026-12-31", None)]),
    ("Năm 2026 - 2027", [("Năm 2026 - 2027", "range", "2026-01-01", "2027-12-31", None)]),
    ("Tháng 5/2025", [("Tháng 5/2025", "within", "2025-05-01", "2025-05-31", None)]),
    ("31/10/2025", [("31/10/2025", "by", None, "2025-10-31", None)]),
    ("30/06/2025", [("30/06/2025", "by", None, "2025-06-30", None)]),
    ("Quý IV/2026", [("Quý IV/2026", "within", "2026-10-01", "2026-12-31", None)]),
    ("Năm 2025", [("Năm 2025", "within", "2025-01-01", "2025-12-31", None)]),
    ("Thường xuyên", []),
    ("Hằng năm", [("Hằng năm", "recurring", None, None, "yearly")]),
    ("Theo tiến độ của Bộ Tài chính", []),
]

NEGATIVES = [
    # a time inside the topic a clause opens with says which things, not when the work is due
    "2. Đối với các nhiệm vụ triển khai trong năm 2025, các bộ, cơ quan chủ động bố trí trong nguồn ngân sách",
    # "sau" before a count of days, no point in time: a relative with no anchor is no deadline here
    "chậm nhất sau 15 ngày",
    "sau khi hoàn thành việc sắp xếp",
    # an end before the start is no period
    "tổ chức từ ngày 20/12/2025 đến ngày 10/12/2025",
    # a meeting's narrative, and an event inside a sentence, are no deadlines
    "Sau khi nghe Sở Xây dựng báo cáo và ý kiến phát biểu của các đại biểu dự họp, Chủ tịch kết luận",
    "Sau khi thảo luận, Hội nghị thống nhất như sau",
    "Sở Tài chính tổng hợp sau khi các đơn vị gửi báo cáo, trình UBND tỉnh",
    "theo chỉ đạo của UBND tỉnh tại văn bản số 7056/UBND-THKSTTHC ngày 03/8/2022",
    "Ngày 30/9/2022, UBND tỉnh tổ chức Hội nghị trực tuyến sơ kết",
    "Kế hoạch cải cách hành chính năm 2022 và giai đoạn 2021 - 2025 của tỉnh",
    "về chuyển đổi số đến năm 2025, định hướng đến năm 2030",
    "cải thiện điểm số, thứ hạng trong năm 2022 và những năm tiếp theo",
    "thường xuyên kiểm tra, rà soát tham mưu UBND tỉnh chấn chỉnh",
    "căn cứ kết quả công tác CCHC hàng năm và việc cải thiện các chỉ số",
    "góp phần cải thiện chỉ số PAPI hàng năm của tỉnh",
    "định kỳ năm 2025 các đơn vị đã báo cáo đầy đủ",
    "báo cáo kết quả 6 tháng đầu năm cho Sở Nội vụ",
    # a purpose clause's time times the purpose, not the task
    "là một chỉ tiêu quan trọng để đánh giá, xếp loại cán bộ hằng năm.",
    "báo cáo cấp có thẩm quyền để xem xét, đánh giá, nhận xét cán bộ hàng năm.",
    "báo cáo kết quả thực hiện công tác phòng, chống dịch từ ngày 30/01/2020 đến ngày 24/4/2020",
    "đạt được trong 9 tháng đầu năm 2022 của tỉnh, kết quả tốt",
    "tiếp tục triển khai trong thời gian tới",
    "trước ngày 31/02/2024",
    "ít nhất 80% hồ sơ, trên 50% dịch vụ công",
    "mức độ 3, 4 tại các cơ quan, địa phương",
    "Quyết định số 2376/QĐ-UBND ngày 12/9/2018 của UBND tỉnh",
    "trong giai đoạn 2 (năm 2021 - 2023) theo Đề án",
    "tiếp nhận và trả kết quả 24/24 giờ, 7/7 ngày trong tuần",
    "Chiến lược phát triển đến năm 2030, tầm nhìn đến năm 2045",
    # a plan's name opens the clause: its horizon bounds nothing
    "Triển khai Chiến lược quốc gia về tăng trưởng xanh đến năm 2030",
    "công khai tài liệu Điều chỉnh quy hoạch sử dụng đất đến năm 2020",
    "Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050",
    "thường xuyên theo dõi, đôn đốc",
    # a cited plan's long name; a horizon with no comma before it
    ("Tiếp tục triển khai thực hiện Kế hoạch 310/KH-UBND ngày 21/8/2024 của Ủy ban nhân dân tỉnh về phát triển "
    "nuôi trồng thủy sản trên biển tỉnh đến năm 2030"),
    "Hội nghị lần thứ tám về phát triển bền vững kinh tế biển Việt Nam đến năm 2030 tầm nhìn đến năm 2045",
]


@pytest.mark.parametrize("phrase,text,kind,start,end,recurrence", CASES, ids=[c[0][:50] for c in CASES])
def test_deadline(phrase, text, kind, start, end, recurrence):
    found = find_deadlines(phrase, 0, ISSUE)
    assert [(d.text, d.kind, d.start, d.end, d.recurrence) for d in found] == [(text, kind, start, end, recurrence)]
    assert phrase[found[0].span[0]:found[0].span[1]] == found[0].text


@pytest.mark.parametrize("phrase", NEGATIVES, ids=[n[:50] for n in NEGATIVES])
def test_not_a_deadline(phrase):
    from extractor.recognize.references import find_references
    blocked = [r.span for r in find_references(phrase)]
    assert find_deadlines(phrase, 0, ISSUE, blocked) == []


def test_two_deadlines_in_one_sentence():
    phrase = "kiểm tra trong tháng 8/2022 và triển khai khắc phục các hạn chế trong tháng 9/2022."
    found = find_deadlines(phrase, 0, ISSUE)
    assert [(d.start, d.end) for d in found] == [("2022-08-01", "2022-08-31"), ("2022-09-01", "2022-09-30")]


def test_year_comes_from_issue_date_never_the_clock():
    assert find_deadlines("trước ngày 15/9", 0, "2019-05-02")[0].end == "2019-09-15"
    missing = find_deadlines("trước ngày 15/9", 0, None)
    assert missing and missing[0].end is None


def test_relative_needs_a_full_issue_date():
    assert find_deadlines("trong vòng 15 ngày kể từ ngày ký", 0, "2023-10")[0].end is None


@pytest.mark.parametrize("cell,expected", CELLS, ids=[c[0] for c in CELLS])
def test_time_cell(cell, expected):
    found = find_time_cell(cell, 0, ISSUE)
    assert [(d.text, d.kind, d.start, d.end, d.recurrence) for d in found] == expected
    assert all(cell[d.span[0]:d.span[1]] == d.text for d in found)
