"""One regression test per bug, each with its own minimal fixture in tests/fixtures/."""

from __future__ import annotations

import pytest

from extractor import extract, extract_text

from .conftest import FIXTURES


def _tasks(name: str):
    return extract(FIXTURES / name).tasks


def _leads(task) -> list[str]:
    return [a.name for a in task.assignees if a.role == "lead"]


# the head of a decision whose appendix holds a task table (the table tests add its rows)
_DECISION_APPENDIX = ("THỦ TƯỚNG CHÍNH PHỦ\nSố: 2530/QĐ-TTg\nHà Nội, ngày {day} tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
                      "Ban hành Kế hoạch hành động\nPHỤ LỤC {appendix}\n")


def test_lettered_item_after_an_unpunctuated_heading_is_not_joined_to_it():
    (task,) = _tasks("letter_item_after_heading.txt")
    assert task.path == "2/a/-"
    assert _leads(task) == ["cơ quan, đơn vị được kiểm tra"]


def test_closing_clause_does_not_hide_the_assignment_after_it():
    tasks = _tasks("closing_clause_then_assignment.txt")
    last = tasks[-1]
    assert last.label is None and last.text.startswith("giao Sở Nội vụ chủ trì")
    assert _leads(last) == ["Sở Nội vụ"]
    assert [a.name for a in last.assignees if a.role == "support"] == ["Văn phòng UBND tỉnh"]


def test_time_note_after_bullets_times_the_list_owner():
    tasks = {t.path: t for t in _tasks("time_note_after_bullets.txt")}
    owner = tasks["1/1.3"]
    assert [(d.start, d.end) for d in owner.deadlines] == [("2022-08-01", "2022-08-31"), ("2022-09-01", "2022-09-30")]
    assert all(not t.deadlines for p, t in tasks.items() if p != "1/1.3")
    assert "1/1.3/*" not in tasks  # the note is no task of its own


def test_heading_body_inherits_from_its_own_heading():
    tasks = {t.path: t for t in _tasks("heading_with_body.txt")}
    assert _leads(tasks["II/3"]) == ["Văn phòng UBND tỉnh"]
    assert tasks["II/3"].text.startswith("Hướng dẫn, kiểm tra")
    # "thuộc trách nhiệm của địa phương mình" names no lead
    assert _leads(tasks["II/4/4.1"]) == ["UBND các huyện, thị xã, thành phố"]
    assert tasks["II/4/4.1"].assignees[0].inherited


def test_news_article_lists_are_not_tasks():
    notice = extract(FIXTURES / "news_with_ordinal_list.txt")
    assert notice.doc_type == "tin_bai" and notice.tasks == []


def test_shortcomings_list_is_skipped_and_the_new_list_inherits_the_lead_in():
    tasks = _tasks("shortcomings_then_tasks.txt")
    # the lead-in names who must act, so it is a task of its own (gold-format.md, "Agencies")
    assert [t.path for t in tasks] == ["", "1", "2"]
    assert tasks[0].text.startswith("UBND tỉnh yêu cầu") and tasks[1].parent == tasks[0].id
    assert _leads(tasks[0]) == _leads(tasks[1]) == ["các sở, ngành tỉnh", "UBND cấp huyện", "UBND cấp xã"]
    assert _leads(tasks[2]) == ["các sở, ngành tỉnh"]  # its own subject replaces the inherited list


def test_attribute_lines_and_task_table_rows():
    tasks = {t.path: t for t in _tasks("plan_attributes_and_table.txt")}
    assert list(tasks) == ["II/1", "II/2", "III/I/1", "III/I/2", "III/I/3"]
    first = tasks["II/1"]
    assert _leads(first) == ["Sở Thông tin và Truyền thông"]
    assert [a.name for a in first.assignees if a.role == "support"] == ["Sở Nội vụ", "Văn phòng UBND tỉnh"]
    assert [(d.kind, d.start, d.end) for d in first.deadlines] == [("within", "2024-04-01", "2024-06-30")]
    assert [(d.kind, d.end) for d in tasks["II/2"].deadlines] == [("within", "2024-12-31")]
    row = tasks["III/I/2"]
    assert row.label == "2" and row.text == "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
    assert _leads(row) == ["UBND các huyện, thị xã, thành phố"]
    assert [(d.kind, d.end) for d in row.deadlines] == [("by", "2024-12-31")]
    assert _leads(tasks["III/I/3"]) == ["Trung tâm Chuyển đổi số tỉnh"]  # a name the grammar half-knows
    assert [a.name for a in tasks["III/I/3"].assignees if a.role == "support"] == []  # "Các cơ quan liên quan"


def test_party_conclusion_header_and_agencies():
    notice = extract(FIXTURES / "party_conclusion.txt")
    assert (notice.doc_type, notice.number, notice.issue_date) == ("ket_luan", "245-KL/TU", "2023-11-10")
    assert (notice.signer.authority, notice.signer.title) == ("TM.", "Phó Bí thư Thường trực")
    leads = [_leads(t) for t in notice.tasks]
    assert leads == [["Đảng đoàn HĐND tỉnh", "Ban cán sự đảng UBND tỉnh"],
                     ["Các huyện ủy, thị ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"],
                     ["Ban Tuyên giáo Tỉnh ủy"]]


def test_appraisal_items_are_no_tasks_unless_they_assign_work():
    tasks = _tasks("appraisal_items.txt")
    assert [t.path for t in tasks] == ["2", "3"]
    assert _leads(tasks[0]) == ["Bộ Giao thông vận tải"]
    assert [(d.kind, d.end) for d in tasks[0].deadlines] == [("by", "2023-11-30")]


def test_issuer_kept_when_a_copy_runs_the_header_columns_together():
    notice = extract(FIXTURES / "header_columns_run_together.txt")
    assert notice.issuer == "Ủy ban nhân dân tỉnh Hà Giang"
    assert (notice.number, notice.issue_date, notice.doc_type) == ("12/CĐ-UBND", "2024-07-03", "cong_dien")


def test_signature_written_above_the_recipients_is_the_signer():
    notice = extract(FIXTURES / "signature_above_recipients.txt")
    assert notice.signer is not None
    assert (notice.signer.name, notice.signer.authority) == ("Trần Văn Bình", "TM.")
    assert notice.recipients == ["Các ban đảng Tỉnh ủy", "Lưu Văn phòng Tỉnh ủy"]
    assert len(notice.tasks) == 1  # the signature block is no part of the last task


def test_page_number_between_two_halves_of_a_sentence_is_dropped():
    tasks = _tasks("page_number_inside_a_sentence.txt")
    assert [t.path for t in tasks] == ["1", "2"]
    assert tasks[0].text.endswith("kết quả thực hiện.")


PLAN_WITH_TABLE_AND_LEAD_IN = """ỦY BAN NHÂN DÂN
TỈNH PHÚ THỌ
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phú Thọ, ngày 05 tháng 11 năm 2025
KẾ HOẠCH
Triển khai chuyển đổi số năm 2026
I. NHIỆM VỤ
1. Sở Khoa học và Công nghệ chủ trì rà soát các hệ thống thông tin, hoàn thành trong tháng 12 năm 2025, cụ thể:
a) Rà soát hạ tầng của các sở, ngành.
b) Rà soát dữ liệu dùng chung, hoàn thành trước ngày 15/12/2025.
2. Sở Tài chính bố trí kinh phí trước ngày 20/12/2025; báo cáo Ủy ban nhân dân tỉnh trước ngày 20/12/2025.
II. DANH MỤC NHIỆM VỤ
TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành
1 | Xây dựng kho dữ liệu trong tháng 9/2026 | Sở Khoa học và Công nghệ | 30/09/2026
"""


def test_deadlines_of_table_rows_lead_ins_and_repeated_dates():
    tasks = {t.path: t for t in extract_text(PLAN_WITH_TABLE_AND_LEAD_IN).tasks}
    ends = {path: [(d.kind, d.start, d.end) for d in t.deadlines] for path, t in tasks.items()}
    # "…, hoàn thành trong tháng 12 năm 2025, cụ thể:" bounds the items without a deadline of their own
    assert ends["I/1/a"] == [("within", "2025-12-01", "2025-12-31")]
    assert ends["I/1/b"] == [("by", None, "2025-12-15")]
    assert ends["I/2"] == [("by", None, "2025-12-20")]  # the same date twice is one deadline
    # the time column bounds a table row; the month in the task's words describes it
    assert ends["II/1"] == [("by", None, "2026-09-30")]


def test_period_heading_bounds_the_roadmap_items_under_it():
    tasks = _tasks("period_heading_over_roadmap_items.txt")
    assert [t.path for t in tasks] == ["III/1/-", "III/1/-", "III/2/-"]  # the period headings are no tasks
    assert [[(d.kind, d.start, d.end) for d in t.deadlines] for t in tasks] == [
        [("range", "2025-01-01", "2030-12-31")],
        [("within", "2026-01-01", "2026-12-31")],  # its own deadline wins
        [("range", "2031-01-01", "2035-12-31")],
    ]


def test_agency_heading_whose_name_the_recognizer_cut_is_still_a_heading():
    tasks = _tasks("agency_heading_with_unread_words.txt")
    by_text = {t.text.split()[0]: t for t in tasks}
    assert [t.path for t in tasks] == ["V/1/-", "V/1/-", "V/2/-", "V/3", "V/3/-", "IV/2"]
    # the inherited name is fitted where the heading wrote it
    assert _leads(tasks[0]) == ["Ban Quản lý các khu công nghệ cao và khu công nghiệp"]
    assert tasks[0].assignees[0].inherited and tasks[0].assignees[0].span is None
    assert _leads(by_text["Tư"]) == ["Liên hiệp các Hội Khoa học và Kỹ thuật"]
    # a funding statement is no task; one that goes on to assign work is
    assert _leads(tasks[-1]) == ["Sở Tài chính"]


def test_issuer_lines_on_both_sides_of_the_motto_are_one_issuer():
    # a copy that reads the header row by row: issuer line, motto, the issuer's next line; a DOCX or
    # PDF reads the issuer's column first and joins its lines
    text = (FIXTURES / "issuer_lines_around_the_motto.txt").read_text(encoding="utf-8")
    column_first = text.replace("ĐẢNG CỘNG SẢN VIỆT NAM\n\nHUYỆN ỦY TIÊN DU", "HUYỆN ỦY TIÊN DU\n\nĐẢNG CỘNG SẢN VIỆT NAM")
    assert extract(FIXTURES / "issuer_lines_around_the_motto.txt").issuer == extract_text(column_first).issuer \
        == "Đảng bộ Tỉnh Bắc Ninh Huyện ủy Tiên Du"


@pytest.mark.parametrize(("path", "first_words", "leads"), [
    # a collective whose parentheses list its members: the members
    ("IV/1/a", "Tiếp nhận", ["Sở Tài chính", "Sở Xây dựng", "Ban Quản lý Khu kinh tế tỉnh"]),
    ("IV/1/b", "Chịu trách", ["Sở Tài chính", "Sở Xây dựng", "Ban Quản lý Khu kinh tế tỉnh"]),
    # a directive cue before the agency: the paragraph under it is the work
    ("IV/2", "Tăng cường", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
    # a role after a described collective
    ("IV/3/a", "Đầu tư,", ["Các đơn vị cấp nước sạch trên địa bàn tỉnh"]),
    ("IV/3/b", "Kiểm tra", ["Các đơn vị cấp nước sạch trên địa bàn tỉnh"]),
    # a long description with commas
    ("IV/4/-", "Chủ động", ["Các doanh nghiệp hoạt động trong lĩnh vực xây dựng, giao thông, vận tải và logistics trên địa bàn tỉnh"]),
    ("IV/5/a", "Tích cực", ["các tổ chức cung cấp dịch vụ chi trả"]),
])
def test_agency_heading_with_cue_role_or_description_is_the_agency_of_its_items(path, first_words, leads):
    tasks = _tasks("agency_heading_frame.txt")
    (task,) = [t for t in tasks if t.path == path and t.text.startswith(first_words)]
    assert _leads(task) == leads


def test_agency_heading_with_cue_role_or_description_is_no_task():
    paths = [t.path for t in _tasks("agency_heading_frame.txt")]
    assert paths == ["IV/1/a", "IV/1/b", "IV/2", "IV/3/a", "IV/3/b", "IV/4/-", "IV/4/-", "IV/5/a", "IV/5/b"]


def test_lead_in_inside_a_results_part_keeps_the_part_and_forecasts_are_no_tasks():
    # an unlabelled lead-in among results ("…, cụ thể như sau:") once cut "2." loose from "I. TÌNH
    # HÌNH …", so its items came out as tasks; a forecast section directs nothing, and a heading of two
    # parts ("DỰ BÁO … VÀ CÁC GIẢI PHÁP …") leaves it to its own headings
    tasks = _tasks("results_part_with_lead_in.txt")
    assert [(t.path, t.text.split(",")[0]) for t in tasks] == [
        ("III/2/-", "Tăng cường công tác phân tích"),
        ("III/2/-", "Triệt để tiết kiệm chi ngân sách nhà nước"),
    ]


@pytest.mark.parametrize(("header", "tasks"), [
    ("TT | Chỉ tiêu | Chủ trì", 2),                      # a target assigned to an agency is its task
    ("STT | Tên chỉ tiêu | Cơ quan chủ trì | Thời gian", 2),
    ("TT | Chỉ tiêu | Đơn vị tính | Năm 2026", 0),         # statistics: nobody, no time
])
def test_table_of_targets_with_a_lead_column_assigns_them(header, tasks):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 144/KH-UBND\nBắc Ninh, ngày 24 tháng 11 năm 2025\n"
            "KẾ HOẠCH\nPhát triển kinh tế số\nPHỤ LỤC\nPHÂN CÔNG THỰC HIỆN CÁC CHỈ TIÊU\n"
            f"{header}\n"
            "1 | Tỷ lệ doanh nghiệp nhỏ và vừa ứng dụng công nghệ số đạt 60% | Sở Khoa học và Công nghệ | 2030\n"
            "2 | Kinh phí chi cho nghiên cứu phát triển tối thiểu 2% GRDP | Sở Tài chính | 2030\n")
    notice = extract_text(text)
    assert len(notice.tasks) == tasks
    if tasks:
        assert [_leads(t) for t in notice.tasks] == [["Sở Khoa học và Công nghệ"], ["Sở Tài chính"]]
        assert [m.value for t in notice.tasks for m in t.metrics] == [60, 2]


@pytest.mark.parametrize(("line", "is_task"), [
    ("- Địa điểm quan trắc: vùng nuôi tôm nước lợ tại xã Hòa Tâm.", False),   # a spec label with words of its own
    ("- Số lượng mẫu: 08 mẫu mỗi đợt.", False),
    ("- Thuê dịch vụ tin nhắn: 50.000.000 đồng/năm.", False),                  # a budget line
    ("- Hội nghị tuyên truyền, tập huấn: 21.720.000 đồng.", False),
    ("- Tổ chức 02 hội nghị tuyên truyền cho người nuôi trong năm 2026.", True),
    ("- Phát triển hải quan số: số hóa toàn bộ hồ sơ hải quan.", True),        # an action label
])
def test_specification_and_budget_lines_under_a_task_are_no_tasks(line, is_task):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\nSố: 0134/KH-UBND\nĐắk Lắk, ngày 10 tháng 10 năm 2025\n"
            "KẾ HOẠCH\nQuan trắc môi trường nuôi trồng thủy sản\nII. NHIỆM VỤ\n"
            "1. Sở Nông nghiệp và Môi trường quan trắc môi trường vùng nuôi hằng tháng:\n" + line + "\n")
    paths = [t.path for t in extract_text(text).tasks]
    # the spec lines leave the parent the task; an action under it is the task and the parent its lead-in
    assert paths == (["II/1/-"] if is_task else ["II/1"])


def test_group_row_of_a_task_table_is_no_task_wherever_the_task_column_is():
    # "A. | BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" under "STT | Cơ quan chủ trì | … | Nội dung nhiệm vụ | …": the
    # group's name sits in the lead column's place; it was read as a task of that agency
    text = (_DECISION_APPENDIX.format(day=20, appendix="I") +
            "STT | Cơ quan chủ trì | Cơ quan phối hợp | Nội dung nhiệm vụ | Thời hạn hoàn thành\n"
            "A. | BỘ XÂY DỰNG\n"
            "1 | Bộ Xây dựng | Bộ Công Thương | Xây dựng hệ thống kiểm định khí thải phương tiện | Năm 2027\n"
            "B. | BỘ Y TẾ\n"
            "1 | Bộ Y tế | Bộ Tài chính | Tăng cường bảo vệ sức khỏe cộng đồng | Năm 2026\n")
    tasks = extract_text(text).tasks
    assert [(t.path, _leads(t)) for t in tasks] == [("A/1", ["Bộ Xây dựng"]), ("B/1", ["Bộ Y tế"])]


def test_rest_of_a_table_row_whose_first_cells_were_merged_down_is_that_rows_task():
    # "- Kiểm định … | Năm 2027" fills the last columns of the header; read from the first, its task
    # fell into the lead column
    text = (_DECISION_APPENDIX.format(day=20, appendix="I") +
            "STT | Cơ quan chủ trì | Cơ quan phối hợp | Nội dung nhiệm vụ | Thời hạn hoàn thành\n"
            "1 | Bộ Xây dựng | Bộ Công Thương | - Xây dựng quy chuẩn khí thải | Năm 2026\n"
            "- Kiểm định khí thải phương tiện giao thông | Năm 2027\n")
    first, rest = extract_text(text).tasks
    assert rest.path == first.path == "1"
    assert rest.text.startswith("- Kiểm định") and _leads(rest) == ["Bộ Xây dựng"]
    assert [(d.start, d.end) for d in rest.deadlines] == [("2027-01-01", "2027-12-31")]


@pytest.mark.parametrize(("first_words", "lead", "support"), [
    ("Tổ chức chương trình", ["Sở Công Thương"], ["các sở, ban, ngành", "UBND các xã, phường"]),
    ("Tổ chức các hoạt động", ["Sở Công Thương"], ["các sở, ban, ngành", "UBND các xã, phường"]),
    ("Hỗ trợ các nhà đầu tư", ["Sở Công Thương"], ["Sở Tài chính"]),
    # a lead-in's support goes down with its lead; an item that names its own keeps it
    ("Hướng dẫn hợp tác xã", ["Sở Nông nghiệp và Môi trường"], ["Sở Khoa học và Công nghệ"]),
    ("Phối hợp với Sở Y tế", ["Sở Nông nghiệp và Môi trường"], ["Sở Y tế"]),
    # a heading's paragraph of role cues over its items: the heading leads them, the paragraph's bodies support
    ("Triển khai các chính sách", ["Sở Khoa học và Công nghệ"], ["các sở, ngành", "UBND các xã, phường"]),
    ("Hỗ trợ cập nhật thông tin", ["Sở Khoa học và Công nghệ"], ["các sở, ngành", "UBND các xã, phường"]),
])
def test_role_heading_and_lead_in_pass_their_support_down_with_the_lead(first_words, lead, support):
    tasks = _tasks("role_headings_pass_support.txt")
    (task,) = [t for t in tasks if t.text.startswith(first_words)]
    assert _leads(task) == lead
    assert [a.name for a in task.assignees if a.role == "support"] == support


def test_role_heading_is_no_task():
    paths = [t.path for t in _tasks("role_headings_pass_support.txt")]
    # nor is a heading's paragraph of role cues over items (V/3)
    assert paths == ["V/1/a/-", "V/1/a/-", "V/1/b/-", "V/2/a", "V/2/b", "V/3/-", "V/3/-"]


@pytest.mark.parametrize(("label", "lead"), [
    ("Đơn vị chủ trì thực hiện: Sở Tư pháp.", ["Sở Tư pháp"]),
    ("Đơn vị chủ trì tham mưu thực hiện: Sở Khoa học và Công nghệ.", ["Sở Khoa học và Công nghệ"]),
    ("Đơn vị chủ trì: Sở Nội vụ.", ["Sở Nội vụ"]),
])
def test_attribute_line_with_words_after_its_label_gives_the_bullet_above_its_lead(label, lead):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 141/KH-UBND\nBắc Ninh, ngày 20 tháng 11 năm 2025\n"
            "KẾ HOẠCH\nNâng cao năng lực xây dựng pháp luật\nIII. NHIỆM VỤ, GIẢI PHÁP\n"
            "7. Đẩy mạnh chuyển đổi số trong công tác xây dựng pháp luật\n"
            "- Cập nhật cơ sở dữ liệu quốc gia về pháp luật.\nĐơn vị chủ trì: Sở Tư pháp.\n"
            "- Ra mắt trợ lý pháp luật hỗ trợ cán bộ, công chức trên địa bàn tỉnh.\n"
            f"{label}\nĐơn vị phối hợp thực hiện: Sở Tư pháp.\nThời gian thực hiện: Năm 2026.\n")
    first, task = extract_text(text).tasks
    assert _leads(first) == ["Sở Tư pháp"] and task.path == "III/7/-"
    assert _leads(task) == lead
    assert [(d.start, d.end) for d in task.deadlines] == [("2026-01-01", "2026-12-31")]


def test_task_table_whose_header_has_no_number_column():
    # "Nội dung | Đơn vị thực hiện | …" over "1.1 | Xây dựng … | Sở …": read from the header, the
    # number took the task's column and every agency moved one column over
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI\nSố: 179/KH-UBND\nĐồng Nai, ngày 25 tháng 11 năm 2025\n"
            "KẾ HOẠCH\nPhát triển kinh tế số\nPHỤ LỤC\nB | PHÁT TRIỂN KINH TẾ SỐ NGÀNH, LĨNH VỰC\n"
            "I | Nông nghiệp và môi trường\n"
            "Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện | Sản phẩm đầu ra\n"
            "1.1 | Xây dựng kế hoạch chuyển đổi số nông nghiệp | Sở Nông nghiệp và Môi trường | "
            "Các sở, ban, ngành | 2026 | Kế hoạch\n"
            "1.2 | Triển khai nền tảng truy xuất nguồn gốc nông sản | Sở Công Thương | Sở Tài chính | "
            "2026 - 2030 | Nền tảng\n")
    tasks = extract_text(text).tasks
    assert [(t.label, t.text, _leads(t)) for t in tasks] == [
        ("1.1", "Xây dựng kế hoạch chuyển đổi số nông nghiệp", ["Sở Nông nghiệp và Môi trường"]),
        ("1.2", "Triển khai nền tảng truy xuất nguồn gốc nông sản", ["Sở Công Thương"]),
    ]
    assert [a.name for a in tasks[1].assignees if a.role == "support"] == ["Sở Tài chính"]
    assert [(d.start, d.end) for d in tasks[1].deadlines] == [("2026-01-01", "2030-12-31")]


@pytest.mark.parametrize(("lead_in", "tasks"), [
    ("Các nhiệm vụ trọng tâm bao gồm:", 2),                       # it lists tasks
    ("Rà soát, tổng hợp tình hình quản lý, gồm các nội dung sau:", 0),  # it lists a report's contents
])
def test_list_introduced_by_bao_gom(lead_in, tasks):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI\nSố: 179/KH-UBND\nĐồng Nai, ngày 25 tháng 11 năm 2025\n"
            "KẾ HOẠCH\nPhát triển kinh tế số\nIV. NHIỆM VỤ\n1. Nông nghiệp\n"
            f"Phát triển nông nghiệp số gắn với ứng dụng công nghệ số. {lead_in}\n"
            "a) Xây dựng nền tảng dữ liệu số nông nghiệp.\nb) Triển khai truy xuất nguồn gốc nông sản.\n")
    assert len([t for t in extract_text(text).tasks if t.path.startswith("IV/1/")]) == tasks


@pytest.mark.parametrize(("body", "is_task"), [
    ("Nhân lực số là yếu tố then chốt mang tính quyết định đối với sự phát triển kinh tế số.", False),
    ("Bảo đảm an toàn, an ninh mạng là điều kiện tiên quyết để phát triển hạ tầng số.", False),
    ("Khắc phục môi trường sau lũ là nhiệm vụ cấp bách của các địa phương.", False),
    # an appositive after a comma says what the object is; the item still directs
    ("Ứng dụng nền tảng mở của quốc gia về văn hóa số, là nền tảng tích hợp tra cứu thông tin.", True),
    # a definition that goes on to name who acts is a task
    ("Nhân lực số là yếu tố then chốt; giao Sở Nội vụ chủ trì xây dựng kế hoạch đào tạo.", True),
])
def test_item_that_says_what_a_thing_is_is_no_task(body, is_task):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 144/KH-UBND\nBắc Ninh, ngày 24 tháng 11 năm 2025\n"
            "KẾ HOẠCH\nPhát triển kinh tế số\nIII. NHIỆM VỤ\n7. Nhân lực số\n" + body + "\n")
    assert len(extract_text(text).tasks) == (1 if is_task else 0)


def test_sub_rows_of_a_merged_row_run_together_on_one_line():
    # "- Rà soát … | - Bộ công cụ … | 2026 - 2028 | | - Xây dựng … | …": read from the header's first
    # column, a result fell into the lead column and a deadline into the support column
    text = (_DECISION_APPENDIX.format(day=20, appendix="I") +
            "STT | Cơ quan chủ trì | Cơ quan phối hợp | Nhóm nhiệm vụ | Nội dung nhiệm vụ | Chỉ tiêu đạt được | Thời hạn hoàn thành\n"
            "1 | Bộ Nông nghiệp và Môi trường | Bộ Xây dựng | Hoàn thiện pháp luật | - Hoàn thiện Nghị định "
            "về xử lý vi phạm | - Nghị định được ban hành | Năm 2026\n"
            "- Rà soát các hướng dẫn kỹ thuật về kiểm kê khí thải | - Bộ công cụ kiểm kê được ban hành | "
            "Giai đoạn 2026 - 2028 | | - Xây dựng quy chế phối hợp | - Quy chế được ban hành | Năm 2027\n")
    first, rest = extract_text(text).tasks
    assert rest.text.startswith("- Rà soát") and rest.path == first.path == "1"
    assert _leads(rest) == ["Bộ Nông nghiệp và Môi trường"] and rest.assignees[0].inherited
    assert [a.name for a in rest.assignees if a.role == "support"] == ["Bộ Xây dựng"]
    assert [(d.start, d.end) for d in rest.deadlines] == [("2026-01-01", "2028-12-31")]


def test_label_lead_in_stays_under_its_item():
    # "Trọng tâm:" between "1.1." and its a), b) once opened a list of its own, so "1.2." lost "1."
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 144/KH-UBND\nBắc Ninh, ngày 24 tháng 11 năm 2025\n"
            "KẾ HOẠCH\nPhát triển kinh tế số\nIV. NHIỆM VỤ\n1. Nông nghiệp và Môi trường\n1.1. Nông nghiệp\n"
            "Trọng tâm:\na) Xây dựng nền tảng dữ liệu số nông nghiệp tỉnh.\nb) Triển khai nền tảng truy xuất nguồn gốc.\n"
            "1.2. Môi trường\nTrọng tâm:\na) Ứng dụng viễn thám trong giám sát môi trường.\n"
            "b) Số hóa hồ sơ đất đai.\n")
    assert [t.path for t in extract_text(text).tasks] == ["IV/1/1.1/a", "IV/1/1.1/b", "IV/1/1.2/a", "IV/1/1.2/b"]


def test_unit_line_above_a_table_is_no_task():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 0204/KH-UBND\nCà Mau, ngày 20 tháng 7 năm 2025\nKẾ HOẠCH\n"
            "Tài chính - ngân sách nhà nước 03 năm\nPHỤ LỤC\nĐơn vị: Triệu đồng.\n"
            "STT | Nội dung | Năm 2026 | Năm 2027\n1 | Thu nội địa | 11.080.000 | 13.000.000\n")
    assert extract_text(text).tasks == []


def test_task_table_header_with_footnote_marks_and_a_name_column():
    # "Cơ quan chủ trì[1]" and "Tên dự án, nhiệm vụ": the table was not read as a task table at all
    text = (_DECISION_APPENDIX.format(day=19, appendix="II") +
            "STT | Tên dự án, nhiệm vụ | Nội dung chính | Cơ quan chủ trì[1] | Cơ quan phối hợp | "
            "Thời gian thực hiện | Nguồn lực thực hiện[2]\n"
            "I | NHÓM QUAN TRẮC VÀ DỰ BÁO\n"
            "1 | Xây dựng hệ thống cảnh báo ô nhiễm không khí | - Xây dựng trung tâm dữ liệu | "
            "Bộ Nông nghiệp và Môi trường | Bộ Công an | 2026 - 2027 | Ngân sách nhà nước\n")
    (task,) = extract_text(text).tasks
    assert task.path == "I/1" and task.text == "Xây dựng hệ thống cảnh báo ô nhiễm không khí"
    assert _leads(task) == ["Bộ Nông nghiệp và Môi trường"]
    assert [(d.start, d.end) for d in task.deadlines] == [("2026-01-01", "2027-12-31")]


@pytest.mark.parametrize(("heading", "paths"), [
    # targets and tasks under one heading: the sub-headings decide
    ("II. MỤC TIÊU, NHIỆM VỤ CHỦ YẾU CỦA KẾ HOẠCH NĂM 2020", ["II/2/-", "II/2/-"]),
    # "Mục đích, yêu cầu" describes: nothing under it is a task
    ("I. MỤC ĐÍCH, YÊU CẦU", []),
    # who is helped and how: the plan of how ("phương án") holds work
    ("III. PHẠM VI, ĐỐI TƯỢNG, NHU CẦU, PHƯƠNG ÁN HỖ TRỢ", ["III/2/-", "III/2/-"]),
])
def test_heading_of_two_parts_leaves_it_to_its_sub_headings(heading, paths):
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK R’LẤP\nSố: 95/KH-UBND\nĐắk R’lấp, ngày 24 tháng 7 năm 2019\nKẾ HOẠCH\n"
            "Xây dựng kế hoạch phát triển kinh tế - xã hội năm 2020\n" + heading + "\n"
            "1. Mục tiêu tổng quát\nTăng trưởng kinh tế nhanh và bền vững.\n"
            "2. Nhiệm vụ xây dựng kế hoạch năm 2020\n"
            "- Đẩy mạnh cơ cấu lại ngành nông nghiệp.\n- Tăng cường công tác quản lý bảo vệ rừng.\n")
    assert [t.path for t in extract_text(text).tasks] == paths


@pytest.mark.parametrize("clause", [
    "Quyết định này có hiệu lực kể từ ngày 10 tháng 12 năm 2025.",
    "Kế hoạch này có hiệu lực thi hành kể từ ngày ký.",
    "Bãi bỏ Quyết định số 04/2025/QĐ-UBND ngày 13 tháng 2 năm 2025 của Ủy ban nhân dân tỉnh.",
])
def test_effect_clauses_of_a_decision_are_no_tasks(clause):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 45/2025/QĐ-UBND\nQuảng Ngãi, ngày 1 tháng 12 năm 2025\n"
            "QUYẾT ĐỊNH\nBan hành Quy định quản lý giá\n"
            "Giao Sở Tài chính chủ trì hướng dẫn triển khai Quy định này.\n" + clause + "\n")
    assert [t.text for t in extract_text(text).tasks] == ["Giao Sở Tài chính chủ trì hướng dẫn triển khai Quy định này."]


@pytest.mark.parametrize(("heading", "paths"), [
    # who a plan is for describes; nothing under it is a task
    ("II. ĐỐI TƯỢNG, THỜI GIAN VÀ THÀNH PHẦN THỰC HIỆN", []),
    # who it is for, then what they compete in: the sub-headings decide
    ("II. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA", ["II/2/a", "II/2/b"]),
])
def test_subjects_of_a_plan_are_no_tasks(heading, paths):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 982/KH-UBND\nNghệ An, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Phát động phong trào thi đua\n" + heading + "\n"
            "1. Đối tượng\n- Các cơ quan, đơn vị, địa phương trên địa bàn tỉnh.\n- Cán bộ, công chức, viên chức.\n"
            "2. Nội dung\na) Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội.\n"
            "b) Thi đua đẩy mạnh cải cách hành chính.\n")
    assert [t.path for t in extract_text(text).tasks] == paths


def test_a_dash_after_a_known_name_is_not_part_of_it():
    # the registry reads "Sở Tài chính -" as the known "Sở Tài chính"; the name grew onto the dash of an
    # apposition ("… - Cơ quan thường trực Ban Chỉ đạo") and the lead no longer matched its gold
    from extractor import find_agencies
    found = find_agencies("1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo tổng hợp kết quả")
    assert [(a.name, a.text) for a in found][:1] == [("Sở Tài chính", "Sở Tài chính")]
    assert [(a.name, a.role) for a in find_agencies("Giao Sở Nội vụ - cơ quan đầu mối, chủ trì")] == [
        ("Sở Nội vụ", "lead")]


def test_a_topic_heading_named_like_a_collective_gives_no_lead():
    # "c) Doanh nghiệp số" among topic headings read as the collective "Doanh nghiệp", which then led
    # every item under it (real plans of digital economy: 15 false leads)
    text = ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nSố: 144/KH-UBND\nBắc Ninh, ngày 24 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Phát triển kinh tế số\nI. NHIỆM VỤ TRỌNG TÂM\na) Hạ tầng số\n- Phát triển hạ tầng băng rộng.\n"
            "b) Dữ liệu số\n- Xây dựng kho dữ liệu dùng chung.\nc) Doanh nghiệp số\n"
            "- Triển khai Chương trình phát triển công nghiệp công nghệ số.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Các doanh nghiệp công nghệ số\n- Chủ động tham gia triển khai Kế hoạch.\n"
            "2. Sở Tài chính\n- Bố trí kinh phí thực hiện.\n")
    tasks = extract_text(text).tasks
    leads = {t.text[:20]: _leads(t) for t in tasks}
    assert leads["Triển khai Chương tr"] == []
    assert leads["Chủ động tham gia tr"] == ["Các doanh nghiệp công nghệ số"]
    assert leads["Bố trí kinh phí thực"] == ["Sở Tài chính"]


def test_a_numbered_lead_in_that_names_its_bodies_in_parentheses_leads_its_items():
    # "1. Các cơ quan đăng ký đầu tư (Sở Tài chính, …):" got no lead of its own (no cue reaches inside
    # parentheses), so its items took the document's opening assignees instead
    text = ("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK\nSố: 15/CT-UBND\nĐắk Lắk, ngày 17 tháng 11 năm 2025\nCHỈ THỊ\n"
            "Về việc tăng cường phối hợp thẩm định\n"
            "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã, phường thực "
            "hiện các nội dung sau:\nI. Trách nhiệm phối hợp\n"
            "1. Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý Khu Kinh tế Phú Yên, Ban quản lý Khu Nông "
            "nghiệp ứng dụng Công nghệ cao Phú Yên, Ban Quản lý các Khu công nghiệp tỉnh):\n"
            "a) Là đầu mối tiếp nhận hồ sơ đề xuất chủ trương đầu tư.\n"
            "2. Các sở, ban, ngành, địa phương:\na) Có ý kiến thẩm định đúng thời hạn.\n")
    tasks = {t.path: t for t in extract_text(text).tasks}
    assert _leads(tasks["I/1/a"]) == ["Sở Tài chính", "Ban quản lý Khu Kinh tế Phú Yên",
                                      "Ban quản lý Khu Nông nghiệp ứng dụng Công nghệ cao Phú Yên",
                                      "Ban Quản lý các Khu công nghiệp tỉnh"]
    assert _leads(tasks["I/2/a"]) == ["Các sở, ban, ngành, địa phương"]


@pytest.mark.parametrize("heading,items", [
    ("b) Địa điểm, số điểm quan trắc", ["- Số điểm quan trắc: 03 điểm; mỗi điểm thu mẫu theo 02 tầng nước."]),
    ("c) Thông số (chỉ tiêu), tần suất quan trắc môi trường nuôi cá rô phi",
     ["- Thủy lý, thủy hóa và vi sinh vật: Nhiệt độ nước, DO, pH.", "- Tần suất: 02 lần/tháng."]),
])
def test_a_monitoring_plans_parameters_and_places_are_no_tasks(heading, items):
    # the parameters and sampling places a plan lists under "Thông số …" / "Địa điểm …" came out as tasks
    text = ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 12/KH-SNNMT\nCà Mau, ngày 10 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Quan trắc môi trường nuôi trồng thủy sản năm 2026\nII. NỘI DUNG\n"
            "1. Quan trắc môi trường vùng nuôi tôm\na) Chi cục Thủy sản tổ chức lấy mẫu, phân tích mẫu nước.\n"
            f"{heading}\n" + "\n".join(items) + "\n")
    assert [t.text[:30] for t in extract_text(text).tasks] == ["Chi cục Thủy sản tổ chức lấy m"]


@pytest.mark.parametrize(("support_cell", "support"), [
    # terse names beside a known one are bodies too; the bare units that close the cell name nobody
    ("Viện, Trường; Doanh nghiệp, Sở, ban, ngành có liên quan", ["Viện", "Trường", "Doanh nghiệp"]),
    ("Viện, Trường, Sở, ban, ngành có liên quan", ["Viện", "Trường"]),
    # a place after a known name is that name's, not a body of its own
    ("Tỉnh đoàn Lào Cai", ["Tỉnh đoàn Lào Cai"]),
    ("Sở, ban, ngành có liên quan", []),
    # a plural before bare units is one body ("tỉnh", "thành phố" had come out as two); capitalised pieces
    # after it stay bodies of their own
    ("Các tỉnh, thành phố", ["Các tỉnh, thành phố"]),
    ("Các Viện, Trường", ["Các Viện", "Trường"]),
])
def test_a_support_cell_of_terse_names_keeps_every_body(support_cell, support):
    # "Viện, Trường; Doanh nghiệp, …" gave only "Doanh nghiệp", the one name the grammar knows
    text = (_DECISION_APPENDIX.format(day=20, appendix="I") +
            "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n"
            f"1 | Xây dựng cơ chế đặt hàng nghiên cứu khoa học | Sở Khoa học và Công nghệ | {support_cell} | 2026\n")
    task, = extract_text(text).tasks
    assert [a.name for a in task.assignees if a.role == "support"] == support


@pytest.mark.parametrize("closing", [
    ("Điều 2. Giám đốc Sở Tài chính; Thủ trưởng các sở, ban, ngành, đơn vị trực thuộc Ủy ban nhân dân tỉnh; "
     "Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành Quyết định này./."),
    ("Chánh Văn phòng UBND tỉnh; Giám đốc Sở Công Thương; Thủ trưởng các Sở, ngành, cơ quan thuộc tỉnh và các "
     "tổ chức, cá nhân liên quan chịu trách nhiệm thi hành quyết định này./."),
])
def test_a_decisions_executive_article_is_no_task(closing):
    # the executive article names its bodies in clauses parted by ";", so the closing formula of its last
    # clause did not close the paragraph and it came out as a task
    text = ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nSố: 1234/QĐ-UBND\nQuảng Ngãi, ngày 20 tháng 10 năm 2025\n"
            "QUYẾT ĐỊNH\nBan hành Kế hoạch tổng kiểm kê tài sản công\nQUYẾT ĐỊNH:\n"
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tổng kiểm kê tài sản công.\n" + closing + "\n")
    assert extract_text(text).tasks == []


@pytest.mark.parametrize("ending", [", như:", " như:"])
def test_examples_after_nhu_are_no_tasks_with_or_without_a_comma(ending):
    # "… dựa trên ứng dụng của công nghệ số như:" (no comma) over "- Hệ thống …": the examples came out as tasks
    text = ("SỞ XÂY DỰNG\nSố: 45/KH-SXD\nHà Tĩnh, ngày 12 tháng 11 năm 2025\nKẾ HOẠCH\nChuyển đổi số ngành giao thông\n"
            "III. NHIỆM VỤ\n4.5. Nền tảng nhận diện, kiểm soát phương tiện tự động\n"
            "Nghiên cứu, triển khai các nền tảng hỗ trợ quản lý, kiểm soát tự động phương tiện" + ending + "\n"
            "- Hệ thống giám sát hành trình, quản lý điều hành phương tiện.\n- Hệ thống kiểm tra tải trọng xe tự động.\n")
    assert [t.text[:20] for t in extract_text(text).tasks] == ["Nghiên cứu, triển kh"]


def test_a_narrative_subject_in_a_lead_in_leads_no_item():
    # "Ban Tổ chức Hội nghị nhận được 16 tham luận …" in the paragraph that ends "… kết luận Hội nghị như
    # sau:" led every item of the conclusions
    text = ("VĂN PHÒNG TRUNG ƯƠNG ĐẢNG\nSố: 120-TB/VPTW\nHà Nội, ngày 28 tháng 11 năm 2025\nTHÔNG BÁO\n"
            "Kết luận Hội nghị toàn quốc công tác văn phòng\n"
            "Hội nghị được đồng chí Thường trực Ban Bí thư dự và chỉ đạo. Ban Tổ chức Hội nghị nhận được 16 tham "
            "luận. Đồng chí Chánh Văn phòng Trung ương Đảng đã phát biểu kết luận Hội nghị như sau:\n"
            "1. Nâng cao chất lượng công tác tham mưu, tổng hợp.\n2. Đẩy mạnh chuyển đổi số trong các cơ quan đảng.\n")
    assert [_leads(t) for t in extract_text(text).tasks] == [[], []]


def test_a_lead_in_passes_an_earlier_sentences_assigned_lead():
    text = ("ỦY BAN NHÂN DÂN TỈNH GIA LAI\nSố: 88/TB-UBND\nGia Lai, ngày 10 tháng 11 năm 2025\nTHÔNG BÁO\n"
            "Kết luận của Chủ tịch UBND tỉnh\nUBND tỉnh giao Sở Tài chính chủ trì thực hiện. Cụ thể như sau:\n"
            "1. Rà soát các dự án chậm giải ngân.\n")
    assert [_leads(t) for t in extract_text(text).tasks] == [["Sở Tài chính"]]


def test_an_item_that_describes_its_body_leads_its_sub_items():
    # "3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án" over a), b): its sub-items took the document's
    # opening assignees (a described body needed "các" before it)
    text = ("ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK\nSố: 15/CT-UBND\nĐắk Lắk, ngày 17 tháng 11 năm 2025\nCHỈ THỊ\n"
            "Về việc tăng cường phối hợp giải quyết thủ tục đầu tư\n"
            "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã, phường thực "
            "hiện các nội dung sau:\nII. Trách nhiệm phối hợp\n3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án\n"
            "a) Hướng dẫn và tạo điều kiện giải quyết nhanh các thủ tục.\n")
    tasks = {t.path: t for t in extract_text(text).tasks}
    assert _leads(tasks["II/3/a"]) == ["Cơ quan chủ trì giải quyết thủ tục đầu tư dự án"]


def test_an_assignment_that_ends_on_this_notice_is_a_task():
    # "Giao phòng … phối hợp với UBND các xã, thị trấn triển khai thực hiện Thông báo này." was read as the
    # closing formula "… thực hiện Thông báo này"
    text = ("ỦY BAN NHÂN DÂN HUYỆN ĐẮK R'LẤP\nSố: 12/TB-UBND\nĐắk R'lấp, ngày 10 tháng 3 năm 2019\nTHÔNG BÁO\n"
            "Kết luận của Chủ tịch UBND huyện\n"
            "Giao phòng Tài nguyên và Môi trường phối hợp với UBND các xã, thị trấn triển khai thực hiện Thông báo này.\n")
    task, = extract_text(text).tasks
    assert _leads(task) == ["phòng Tài nguyên và Môi trường"]


def test_a_paragraph_between_items_that_opens_on_a_directive_cue_is_a_task():
    # "Đề nghị các đồng chí Bộ trưởng, … chỉ đạo quyết liệt …" after item 3 was read as item 3's rest
    text = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 620/TB-VPCP\nHà Nội, ngày 20 tháng 11 năm 2025\nTHÔNG BÁO\n"
            "Kết luận của Thủ tướng Chính phủ\nThủ tướng Chính phủ yêu cầu:\n"
            "1. Bộ Tài chính khẩn trương hoàn thành việc rà soát các dự án.\n"
            "2. Các bộ, cơ quan ngang bộ tập trung tháo gỡ vướng mắc.\n"
            "Đề nghị các đồng chí Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố chỉ đạo quyết liệt, "
            "sát sao, khẩn trương tháo gỡ vướng mắc cho các dự án.\n"
            "3. Giao Văn phòng Chính phủ theo dõi, đôn đốc.\n")
    tasks = extract_text(text).tasks
    own = [t for t in tasks if t.text.startswith("Đề nghị")]
    assert len(own) == 1 and _leads(own[0]) == ["các Bộ", "Ủy ban nhân dân các tỉnh, thành phố"]
    assert not any(t.text.startswith("Các bộ") and "Đề nghị" in t.text for t in tasks)


def test_a_programmes_name_opens_no_targets_section():
    # "… các Chương trình mục tiêu quốc gia giai đoạn 2026 - 2030:" was read as a "mục tiêu" section, so the
    # directives under it were targets
    from extractor.outline import classify_section
    assert classify_section("Về kiến nghị ban hành quy định về cơ chế quản lý các Chương trình mục tiêu quốc "
                            "gia giai đoạn 2026 - 2030:", False) != "target"
    assert classify_section("Mục tiêu cụ thể:", True) == "target"


@pytest.mark.parametrize("second", [
    "Hình thành ít nhất 02 vùng nuôi thủy sản thông minh đạt tiêu chuẩn quốc tế.",
    "Trên 80% cơ sở nuôi trồng thủy sản được cấp mã số vùng nuôi.",
])
def test_a_targets_heading_is_no_target_and_each_paragraph_under_it_is_one(second):
    # "Thủy sản" over two target paragraphs: the heading was a target of its own (no figure), and the two
    # paragraphs one target — or, once the second opened on an action word, the heading's span took both
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nSố: 301/KH-UBND\nĐồng Tháp, ngày 02 tháng 10 năm 2025\nKẾ HOẠCH\n"
            "Phát triển khoa học, công nghệ\nII. MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2030\n"
            "a) Nông nghiệp công nghệ cao\nPhấn đấu trên 50% diện tích sản xuất lúa ứng dụng công nghệ cao.\n"
            "b) Thủy sản\nĐảm bảo trên 70% diện tích nuôi cá tra áp dụng công nghệ nuôi an toàn sinh học.\n"
            + second + "\nIII. NHIỆM VỤ\n1. Sở Khoa học và Công nghệ chủ trì triển khai Kế hoạch.\n")
    notice = extract_text(text)
    assert [t.text for t in notice.targets] == [
        "Phấn đấu trên 50% diện tích sản xuất lúa ứng dụng công nghệ cao.",
        "Đảm bảo trên 70% diện tích nuôi cá tra áp dụng công nghệ nuôi an toàn sinh học.", second]
    assert [t.path for t in notice.targets] == ["II/2/a", "II/2/b", "II/2/b"]


def test_a_heading_bodys_apposition_names_no_second_lead():
    # "1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo": the committee owns the standing body the dash
    # describes, yet the heading passed it as a second lead to every task under it
    text = ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nSố: 20/KH-UBND\nQuảng Ngãi, ngày 12 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Tổng kiểm kê tài sản công\nIV. NHIỆM VỤ CỤ THỂ\n1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo\n"
            "Tuyên truyền, phổ biến các quy định về quản lý, sử dụng tài sản công.\n"
            "- Làm đầu mối tổ chức tập huấn, hướng dẫn thực hiện tổng kiểm kê.\n")
    tasks = extract_text(text).tasks
    assert tasks and all(_leads(t) == ["Sở Tài chính"] for t in tasks)


def test_a_result_column_gives_its_rows_metrics():
    # "Chỉ tiêu đạt được" / "Kết quả dự kiến": the figures a row must reach were in no known column (the
    # header's "Chỉ tiêu" read it as a second task column), so the rows had no metric
    for column in ("Chỉ tiêu đạt được", "Kết quả dự kiến"):
        text = (_DECISION_APPENDIX.format(day=19, appendix="II") +
                f"STT | Cơ quan chủ trì | Cơ quan phối hợp | Nội dung nhiệm vụ | {column} | Thời hạn hoàn thành\n"
                "1 | Bộ Xây dựng | Bộ Tài chính | Nghiên cứu và ứng dụng thí điểm các công trình xanh | Hà Nội có "
                "tối thiểu 200 công trình, Thành phố Hồ Chí Minh có tối thiểu 500 công trình | Năm 2030\n")
        task, = extract_text(text).tasks
        assert task.text.startswith("Nghiên cứu") and task.product is None
        assert [(m.value, m.op, m.unit) for m in task.metrics] == [(200, ">=", "công trình"), (500, ">=", "công trình")]


def test_a_result_cells_figure_is_a_target_however_it_reads():
    # "100% cơ sở trong danh mục đã được phê duyệt hoàn thành di dời": in a result cell the "đã" of its
    # relative clause made it a past result
    text = (_DECISION_APPENDIX.format(day=19, appendix="II") +
            "STT | Cơ quan chủ trì | Cơ quan phối hợp | Nội dung nhiệm vụ | Chỉ tiêu đạt được | Thời hạn hoàn thành\n"
            "2 | UBND thành phố Hà Nội | Bộ Xây dựng | Hoàn thành việc di dời các cơ sở không đáp ứng yêu cầu "
            "về bảo vệ môi trường. | 100% cơ sở trong danh mục đã được phê duyệt hoàn thành di dời. | Trước năm 2030\n")
    task, = extract_text(text).tasks
    assert [(m.value, m.op, m.unit) for m in task.metrics] == [(100, "=", "%")]


def test_a_part_heading_after_a_bullet_that_ends_on_a_colon_opens_its_part():
    # OCR of a signed inspection conclusion: "- Năm học 2018-2019:" (its figures read as lines of their own)
    # took "III. NHẬN XÉT, KẾT LUẬN VÀ BIỆN PHÁP XỬ LÝ:" as the list it announces, so the whole conclusion
    # sat inside the findings and gave no task
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK R'LẤP\nSố: 41/KL-UBND\nĐắk R'lấp, ngày 12 tháng 6 năm 2019\nKẾT LUẬN\n"
            "Kết quả thanh tra tại trường THCS Trần Quốc Toản\nII. KẾT QUẢ KIỂM TRA, XÁC MINH.\n"
            "3. Công tác thu, quản lý học phí\nTrong đó:\n- Năm học 2018-2019:\n279.620.000 đồng.\n"
            "III. NHẬN XÉT, KẾT LUẬN VÀ BIỆN PHÁP XỬ LÝ:\n"
            "1. Giao Ban giám hiệu nhà trường tổ chức kiểm điểm đối với các cá nhân có liên quan.\n")
    tasks = extract_text(text).tasks
    assert [t.path for t in tasks] == ["III/1"]


def test_recipients_whose_label_ocr_lost_are_no_tasks():
    # "Nơi nhận:" under a stamp came out of OCR as "b,coxiP Ti": the recipients became tasks 2/-
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK R'LẤP\nSố: 267/TB-UBND\nĐắk R'lấp, ngày 12 tháng 6 năm 2019\nTHÔNG BÁO\n"
            "Kết luận tại buổi tiếp công dân\n"
            "1. Giao UBND thị trấn Kiến Đức chủ trì rà soát hoàn cảnh của gia đình ông Nguyễn Đức Tín.\n"
            "UBND huyện thông báo kết luận để các cơ quan, đơn vị liên quan được biết ./.\n"
            "b,coxiP Ti\n- TT. Huyện ủy; (b/cáo)\n- Phòng TN&MT;\n- UBND TT Kiến Đức; (thực hiện)\n"
            "- Lưu VT, H/sơ.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n")
    assert [t.path for t in extract_text(text).tasks] == ["1"]


def test_recipients_whose_label_ocr_lost_are_no_tasks_when_an_appendix_follows_the_signature():
    # colour structures/s01: "Nơi nhận:" read "TH", and the signature block followed by the appendix's table:
    # the signature was looked for in the last paragraphs only, and the recipients became tasks 2/-
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 26/KH-UBND\nLào Cai, ngày 21 tháng 01 năm 2026\nKẾ HOẠCH\n"
            "Đẩy mạnh cung cấp dịch vụ công trực tuyến năm 2026\n"
            "1. Sở Khoa học và Công nghệ chủ trì theo dõi, đôn đốc việc triển khai Kế hoạch.\n"
            "2. Các sở, ban, ngành, Ủy ban nhân dân các xã, phường\n"
            "- Quán triệt, triển khai đầy đủ các nhiệm vụ được giao tại Kế hoạch này.\n"
            "TH\n- TT Tỉnh ủy, TT HĐND tỉnh (b/c);\n- Chủ tịch, các PCT UBND tỉnh;\n- Lưu: VT, KSTT.\n"
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHoàng Minh Tuấn\n"
            "PHỤ LỤC\nDANH MỤC NHIỆM VỤ NĂM 2026\n"
            "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm\n"
            "1 | Ban hành danh mục thủ tục hành chính | Văn phòng UBND tỉnh | Các sở, ban, ngành | Quý II/2026 | "
            "Quyết định\n"
            "2 | Xây dựng quy trình nội bộ | Các sở, ban, ngành | Văn phòng UBND tỉnh | Tháng 5/2026 | Quyết định\n")
    assert [(t.path, t.text[:10]) for t in extract_text(text).tasks] == [
        ("1", "Sở Khoa họ"), ("2/-", "Quán triệt"), ("1", "Ban hành d"), ("2", "Xây dựng q")]


def test_a_scans_header_read_column_by_column_keeps_its_addressees_out_of_the_tasks():
    # OCR of a signed công điện: the type line ("CÔNG ĐIỆN KHÁN", its urgency misread) before the motto, the
    # date line unread but for its year, the title after them: the header ended early, the type was
    # "cong_van", the motto was the title and the addressees after "… điện:" were tasks
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK R'LẤP\nSố: ## /CĐ-UBND\nCÔNG ĐIỆN KHÁN\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐắk R lấp, ngày |‡ tháng ® năm 2019\n"
            "Về việc tập trung chỉ đạo phòng, chống dịch tả lợn Châu Phi\nCHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN điện:\n"
            "- Thủ trưởng các phòng, ban, đơn vị, đoàn thể;\n- Chủ tịch UBND các xã, thị trấn.\n"
            "1. Giao Phòng Nông nghiệp và PTNT tham mưu UBND huyện thành lập Ban chỉ đạo phòng chống dịch.\n")
    notice = extract_text(text)
    assert notice.doc_type == "cong_dien"
    assert notice.title == "Về việc tập trung chỉ đạo phòng, chống dịch tả lợn Châu Phi"
    assert [t.path for t in notice.tasks] == ["1"]


def test_a_cong_dien_lead_in_by_dien_khan_leads_its_items_and_the_receipt_formula_is_no_task():
    # "Chủ tịch … điện khẩn Thủ trưởng các phòng, …" assigned nothing (items without a lead), and the receipt
    # formula "Nhận Công điện này, yêu cầu …; Chủ tịch UBND các xã … khẩn trương triển khai thực hiện./."
    # came out as a task after its ";"
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK R’LẤP\nSố: 34/CĐ-UBND\nĐắk R’lấp, ngày 17 tháng 5 năm 2019\n"
            "CÔNG ĐIỆN KHẨN\nVề việc tập trung chỉ đạo phòng, chống dịch tả lợn Châu Phi\n"
            "Trước tình hình trên, Chủ tịch Ủy ban nhân dân huyện điện khẩn Thủ trưởng các phòng, ban, đơn vị, "
            "đoàn thể; Chủ tịch UBND các xã, thị trấn tập trung thực hiện các nhiệm vụ sau:\n"
            "1. Chủ động túc trực 24/24h đối phó với tình hình dịch bệnh.\n"
            "2. Chuẩn bị nhân lực, vật tư, phương tiện để xử lý kịp thời.\n"
            "Nhận Công điện này, yêu cầu Thủ trưởng các phòng, ban, đơn vị, đoàn thể; Chủ tịch UBND các xã, thị "
            "trấn khẩn trương triển khai thực hiện./.\n")
    tasks = extract_text(text).tasks
    assert [t.label for t in tasks] == [None, "1", "2"]
    for task in tasks[1:]:
        assert [a.name for a in task.assignees if a.role == "lead"] == [
            "các phòng, ban, đơn vị, đoàn thể", "UBND các xã, thị trấn"]


@pytest.mark.parametrize("phrase,name", [
    ("Giao Phòng Kinh tế - Hạ tầng chủ trì thẩm định", "Phòng Kinh tế - Hạ tầng"),
    ("Phòng Kinh tế – Hạ tầng phối hợp với Phòng Nội vụ", "Phòng Kinh tế – Hạ tầng"),
])
def test_a_known_first_part_does_not_cut_a_dashed_name(phrase, name):
    # the registry knows "Phòng Kinh tế": the name was cut back to it, keeping the dash ("Phòng Kinh tế -")
    from extractor import find_agencies
    assert find_agencies(phrase)[0].name == name


def test_each_paragraph_under_an_agency_heading_is_a_task_of_that_agency():
    # "1. Sở Kế hoạch và Đầu tư" over paragraphs that each open on an action: one task was made of the heading
    # and all its paragraphs, led by every body they named ("Sở Tài chính" of "phối hợp với Sở Tài chính")
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK NÔNG\nSố: 120/KH-UBND\nĐắk Nông, ngày 10 tháng 7 năm 2019\nKẾ HOẠCH\n"
            "Xây dựng kế hoạch phát triển kinh tế - xã hội năm 2020\n"
            "III. PHÂN CÔNG THỰC HIỆN\n1. Sở Kế hoạch và Đầu tư\n"
            "Tổ chức hướng dẫn xây dựng và tổng hợp kế hoạch phát triển kinh tế - xã hội năm 2020.\n"
            "Chủ trì, phối hợp với các Sở, cơ quan liên quan tham mưu UBND tỉnh làm việc với các Bộ, ngành Trung ương.\n"
            "Chủ trì, phối hợp với Sở Tài chính tham mưu cho UBND tỉnh phân bổ chi đầu tư phát triển.\n"
            "2. Sở Tài chính:\nChủ trì xây dựng dự toán thu và chi ngân sách nhà nước năm 2020.\n")
    tasks = extract_text(text).tasks
    assert [t.text[:20] for t in tasks] == ["Tổ chức hướng dẫn xâ", "Chủ trì, phối hợp vớ", "Chủ trì, phối hợp vớ",
                                           "Chủ trì xây dựng dự "]
    assert [[a.name for a in t.assignees if a.role == "lead"] for t in tasks] == [
        ["Sở Kế hoạch và Đầu tư"]] * 3 + [["Sở Tài chính"]]
    assert [[a.name for a in t.assignees if a.role == "support"] for t in tasks] == [
        [], ["các Sở, cơ quan liên quan"], ["Sở Tài chính"], []]


def test_a_motto_wrapped_in_a_narrow_column_keeps_the_header():
    # a PDF's header column wraps the motto ("CỘNG HOÀ XÃ HỘI CHỦ" / "NGHĨA VIỆT NAM"): the date, place, title
    # and type after it were lost (doc_type "cong_van", issue_date None)
    text = ("UBND TỈNH ĐẮK NÔNG\nSỞ TÀI NGUYÊN VÀ MÔI\nTRƯỜNG\nSố: 75/TB/ STNMT-VPĐKĐĐ\nCỘNG HOÀ XÃ HỘI CHỦ\n"
            "NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐắk Nông, ngày 14 tháng 6 năm 2019\nTHÔNG BÁO\n"
            "Về việc nhận diện Giấy chứng nhận quyền sử dụng đất giả\n"
            "Đề nghị các tổ chức tín dụng kiểm tra kỹ Giấy chứng nhận trước khi nhận thế chấp.\n")
    notice = extract_text(text)
    assert (notice.doc_type, notice.issue_date, notice.place, notice.title) == (
        "thong_bao", "2019-06-14", "Đắk Nông", "Về việc nhận diện Giấy chứng nhận quyền sử dụng đất giả")


def test_a_subject_wrapped_over_three_lines_keeps_the_date_after_it():
    # "V/v …" wrapped in the left column, its last line a paragraph of its own: the body was thought to begin
    # there, and the motto and the date after it were never read
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK R’LẤP\nSố: 946/UBND-NN\n"
            "V/v tiếp tục thực hiện các biện pháp khẩn cấp phòng, chống, khống chế bệnh\n"
            "Dịch tả lợn Châu Phi trên địa bàn huyện\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nĐắk R’lấp, ngày 24 tháng 7 năm 2019\nKính gửi:\n- UBND các xã, thị trấn;\n"
            "1. UBND các xã, thị trấn tiếp tục kiểm tra tình hình dịch bệnh trên địa bàn.\n")
    notice = extract_text(text)
    assert (notice.issue_date, notice.place) == ("2019-07-24", "Đắk R’lấp")
    assert notice.title == ("tiếp tục thực hiện các biện pháp khẩn cấp phòng, chống, khống chế bệnh "
                            "Dịch tả lợn Châu Phi trên địa bàn huyện")


def test_a_note_in_parentheses_inside_the_recipients_does_not_end_them():
    # "(Niêm yết tại trụ sở UBND huyện …);" between two recipients ended the list: 5 recipients lost
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK R’LẤP\nSố: 156/KH-UBND\nĐắk R’lấp, ngày 21 tháng 8 năm 2019\nKẾ HOẠCH\n"
            "Tuyển dụng viên chức sự nghiệp giáo dục năm 2019\n"
            "1. Phòng Nội vụ chủ trì tổ chức xét tuyển viên chức theo quy định.\n"
            "Nơi nhận:\n- Sở Nội vụ;\n- TT Huyện ủy;\n"
            "(Niêm yết tại trụ sở UBND huyện và đăng tải trên cổng thông tin điện tử huyện);\n"
            "- Phòng Nội vụ;\n- Lưu: VT, NV.\nCHỦ TỊCH\nLê Văn Thị\n")
    assert extract_text(text).recipients == ["Sở Nội vụ", "TT Huyện ủy", "Phòng Nội vụ", "Lưu: VT, NV"]


@pytest.mark.parametrize("glyph", ["-", "–", "—", "+", "•", "▪"])
def test_addressees_and_recipients_under_any_bullet_glyph_are_no_tasks(glyph):
    # Word's bullets copy as "–" as often as "-": the addressees of a công điện under "–" became tasks, and
    # recipients under "–" or "•" were not read as recipients
    text = ("BỘ XÂY DỰNG\nSố: 101/CĐ-BXD\nHà Nội, ngày 22 tháng 11 năm 2025\nCÔNG ĐIỆN\n"
            "Về việc tập trung ứng phó và khắc phục hậu quả mưa lũ\nBỘ XÂY DỰNG điện:\n"
            f"{glyph} Các Cục: Đường bộ Việt Nam, Đường sắt Việt Nam;\n{glyph} Ban Quản lý Dự án 85;\n"
            f"{glyph} Sở Xây dựng các tỉnh, thành phố: Gia Lai, Đắk Lắk, Khánh Hòa, Lâm Đồng.\n"
            "1. Cục Đường bộ Việt Nam chỉ đạo các Khu Quản lý đường bộ tổ chức trực, phân luồng từ xa.\n"
            f"Nơi nhận:\n{glyph} Như trên;\n{glyph} Bộ trưởng (để b/c);\n{glyph} Lưu: VT, VP.\n"
            "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Danh Huy\n")
    notice = extract_text(text)
    assert [t.text[:20] for t in notice.tasks] == ["Cục Đường bộ Việt Na"]
    assert notice.recipients == ["Như trên", "Bộ trưởng (để b/c)", "Lưu: VT, VP"]


@pytest.mark.parametrize("outer,inner", [("-", "+"), ("•", "+"), ("–", "+"), ("+", "-"), ("•", "-"), ("▪", "–")])
def test_a_bullet_glyph_under_another_nests_whatever_their_ranks(outer, inner):
    # "• Bộ Công an rà soát …" over "+ Hoàn thành …": "+", ranked above "•", closed it, and the next "•" went
    # under the "+"
    text = ("BỘ CÔNG AN\nSố: 125/KH-BCA\nHà Nội, ngày 20 tháng 10 năm 2025\nKẾ HOẠCH\nTriển khai thi hành Luật\n"
            "II. NỘI DUNG\n1. Rà soát văn bản quy phạm pháp luật\n"
            f"{outer} Bộ Công an rà soát các văn bản quy phạm pháp luật có liên quan đến Luật.\n"
            f"{inner} Hoàn thành rà soát văn bản do Chính phủ ban hành trước ngày 15/12/2025;\n"
            f"{inner} Hoàn thành rà soát văn bản do Bộ Công an ban hành trước ngày 31/12/2025.\n"
            f"{outer} Bộ Tư pháp hướng dẫn các địa phương rà soát văn bản.\n")
    tasks = extract_text(text).tasks
    assert [t.path for t in tasks] == [f"II/1/{outer}", f"II/1/{outer}/{inner}", f"II/1/{outer}/{inner}",
                                       f"II/1/{outer}"]
    assert [_leads(t) for t in tasks] == [["Bộ Công an"]] * 3 + [["Bộ Tư pháp"]]


@pytest.mark.parametrize("paragraphs,expected", [
    (["Ban hành quy chế quản lý, chia sẻ, khai thác dữ liệu số.",
      "Nghiên cứu ban hành các quy trình nghiệp vụ được số hóa."],
     ["Ban hành quy chế quản lý", "Nghiên cứu ban hành các "]),
    (["Hoàn thiện hệ thống văn bản, cơ chế, chính sách về chuyển đổi số, cụ thể:",
      "Ban hành quy chế quản lý, chia sẻ, khai thác dữ liệu số.",
      "Nghiên cứu ban hành các quy trình nghiệp vụ được số hóa."],
     ["Hoàn thiện hệ thống văn ", "Ban hành quy chế quản lý", "Nghiên cứu ban hành các "]),
    # a paragraph that goes on explaining is the rest of the heading's paragraph
    (["Ban hành quy chế quản lý, chia sẻ, khai thác dữ liệu số.",
      "Trong đó, ưu tiên dữ liệu về kết cấu hạ tầng giao thông và phương tiện."],
     ["Ban hành quy chế quản lý"]),
])
def test_each_paragraph_under_a_topic_heading_that_opens_on_an_action_is_a_task(paragraphs, expected):
    # a plan copied without its "-" bullets: "1. Hoàn thiện thể chế" over paragraphs of their own, each an
    # action; the heading's first paragraph ran over all of them (one task), and after a paragraph ending
    # "cụ thể:" the ones below it were lost
    text = ("BỘ XÂY DỰNG\nSố: 88/KH-BXD\nHà Nội, ngày 10 tháng 10 năm 2025\nKẾ HOẠCH\nChuyển đổi số ngành xây dựng\n"
            "III. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Hoàn thiện thể chế\n" + "\n".join(paragraphs) + "\n"
            "2. Phát triển hạ tầng số\nĐầu tư xây dựng hạ tầng số đồng bộ, hiện đại.\n")
    tasks = extract_text(text).tasks
    assert [t.text[:24] for t in tasks] == [*expected, "Đầu tư xây dựng hạ tầng "]
    assert [t.heading for t in tasks] == ["Hoàn thiện thể chế"] * len(expected) + ["Phát triển hạ tầng số"]


@pytest.mark.parametrize("heading", [
    ("1. Sở Tài chính chủ trì, phối hợp với các sở, ngành và Ủy ban nhân dân các xã, phường rà soát các cơ chế, "
    "chính sách về quản lý, khai thác dữ liệu số trong hoạt động xây dựng, quản lý kết cấu hạ tầng, cụ thể:"),
    "1. Hoàn thiện thể chế",
    "1. Sở Kế hoạch và Đầu tư",
    ("1. Sở Khoa học và Công nghệ\nChủ trì, phối hợp với các sở, ngành, Ủy ban nhân dân các xã, phường và các cơ quan, "
    "đơn vị có liên quan:"),
])
def test_a_list_without_its_bullets_gives_the_tasks_it_gives_with_them(heading):
    # Word's bullets are lost when a plan is pasted as text: the items after a long lead-in item were part
    # of its task
    items = ["Ban hành quy chế quản lý, chia sẻ, khai thác dữ liệu số.",
             "Nghiên cứu ban hành các quy trình nghiệp vụ được số hóa, báo cáo trước ngày 15/12/2025."]
    head = ("BỘ XÂY DỰNG\nSố: 88/KH-BXD\nHà Nội, ngày 10 tháng 10 năm 2025\nKẾ HOẠCH\nChuyển đổi số ngành xây dựng\n"
            "III. NHIỆM VỤ VÀ GIẢI PHÁP\n" + heading + "\n")
    tail = "2. Sở Xây dựng đầu tư xây dựng hạ tầng số đồng bộ, hiện đại.\n"

    def read(text):
        return [(t.text, _leads(t), [d.end for d in t.deadlines]) for t in extract_text(text).tasks]

    with_bullets = read(head + "".join(f"- {item}\n" for item in items) + tail)
    assert read(head + "".join(f"{item}\n" for item in items) + tail) == with_bullets
    assert [text for text, _, _ in with_bullets[-3:]] == [*items, tail[3:-1]]


@pytest.mark.parametrize("item,lead", [
    ("Ban An toàn giao thông tỉnh chủ trì kiểm tra, xử lý vi phạm trật tự an toàn giao thông.",
     "Ban An toàn giao thông tỉnh"),
    ("Giao Ban ATGT tỉnh chủ trì kiểm tra, xử lý vi phạm trật tự an toàn giao thông.", "Ban ATGT tỉnh"),
    ("Trường Chính trị tỉnh mở lớp bồi dưỡng kiến thức quản lý nhà nước.", "Trường Chính trị tỉnh"),
])
def test_a_provincial_body_the_registry_knows_is_read_whole(item, lead):
    # "toàn" is a stopword: the traffic safety board was read "Ban An"
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 77/KH-UBND\nLâm Đồng, ngày 12 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Bảo đảm trật tự an toàn giao thông\n1. " + item + "\n")
    (task,) = extract_text(text).tasks
    assert _leads(task) == [lead]
    assert task.assignees[0].registry_id is not None


@pytest.mark.parametrize("line,leads", [
    ("Sở Xây dựng", ["Sở Xây dựng"] * 2 + ["UBND các xã, phường"]),
    ("b) Sở Xây dựng", ["Sở Xây dựng"] * 2 + ["UBND các xã, phường"]),     # with its label: the same
    # a line that is a sentence, or a note, is no heading: the items keep the lead above them
    ("Sở Xây dựng thực hiện.", ["Sở Nông nghiệp và Môi trường"] * 2 + ["UBND các xã, phường"]),
    ("(Sở Xây dựng)", ["Sở Nông nghiệp và Môi trường"] * 2 + ["UBND các xã, phường"]),
])
def test_an_unlabelled_line_over_bulleted_items_is_their_heading(line, leads):
    # a plan copied without its "a)", "b)": "Sở Xây dựng" over "- Đánh giá …" items named nobody, and its
    # items took the body of the item above
    text = ("ỦY BAN NHÂN DÂN\nTỈNH PHÚ YÊN\nSố: 98/KH-UBND\nPhú Yên, ngày 05 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Phối hợp thẩm định dự án đầu tư\nI. TRÁCH NHIỆM PHỐI HỢP\n"
            "a) Sở Nông nghiệp và Môi trường\n- Đánh giá nhu cầu sử dụng đất của dự án.\n"
            + line + "\n- Đánh giá sự phù hợp của dự án với quy hoạch xây dựng.\n"
            "- Đánh giá nhu cầu sử dụng đất phù hợp với quy mô của dự án.\n"
            "c) UBND các xã, phường\n- Đánh giá hiện trạng sử dụng đất.\n")
    items = [t for t in extract_text(text).tasks if t.text.startswith("Đánh giá")]
    assert [_leads(t) for t in items] == [["Sở Nông nghiệp và Môi trường"]] + [[lead] for lead in leads]


_PLAN_HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 215/KH-UBND\nQuảng Ngãi, ngày 20 tháng 10 năm 2025\nKẾ HOẠCH\n"
              "Tổng kiểm kê tài sản công\nIV. TỔ CHỨC THỰC HIỆN\n")


def _deadline_texts(task) -> list[str]:
    return [d.text for d in task.deadlines]


def test_a_time_line_under_an_unlabelled_paragraph_times_that_paragraph():
    # "Thời gian …" after the second paragraph of an agency heading went to the heading's first paragraph,
    # and the paragraph after the heading's own dash items was no task (the dash had closed the heading)
    text = _PLAN_HEAD + (
        "1. Sở Tài chính\n"
        "Tuyên truyền, phổ biến các quy định về quản lý tài sản công.\n"
        "Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.\n"
        "Tham mưu triển khai thực hiện kế hoạch kiểm kê.\n"
        "Thời gian hoàn thành: Tháng 11 - 12/2025.\n"
        "- Phối hợp hướng dẫn biểu mẫu kiểm kê.\n"
        "Thời gian hoàn thành: Tháng 12/2025.\n"
        "Tham mưu Ban Chỉ đạo đôn đốc, kiểm tra việc kiểm kê.\n"
        "Thời gian thực hiện: Từ tháng 12/2025 đến khi kết thúc Tổng kiểm kê.\n")
    tasks = extract_text(text).tasks
    assert [t.text[:20] for t in tasks] == ["Tuyên truyền, phổ bi", "Tham mưu triển khai ", "Phối hợp hướng dẫn b",
                                           "Tham mưu Ban Chỉ đạo"]
    assert [_deadline_texts(t) for t in tasks] == [
        ["Từ tháng 11/2025"], ["Tháng 11 - 12/2025"], ["Tháng 12/2025"], ["Từ tháng 12/2025"]]
    assert all(_leads(t) == ["Sở Tài chính"] for t in tasks)


def test_an_attribute_line_after_a_list_is_the_items_before_it_that_carry_none():
    # "- A", "- B", "Đơn vị thực hiện: X": X led only B; "+ …", "+ …", "Thời gian …": timed only the last "+"
    text = _PLAN_HEAD + (
        "1. Nâng cao nhận thức của đội ngũ cán bộ\n"
        "- Tăng cường công tác giáo dục chính trị, tư tưởng.\n"
        "- Nâng cao ý thức trách nhiệm của đội ngũ cán bộ.\n"
        "Đơn vị thực hiện: Sở Nội vụ.\n"
        "- Tổ chức tập huấn kiến thức pháp luật.\n"
        "Đơn vị thực hiện: Sở Tư pháp.\n"
        "2. Các sở quản lý ngành\n"
        "- Phối hợp hướng dẫn thực hiện kiểm kê, trong đó:\n"
        "+ Sở Xây dựng: hướng dẫn kiểm kê tài sản kết cấu hạ tầng giao thông.\n"
        "+ Sở Công Thương: hướng dẫn kiểm kê tài sản kết cấu hạ tầng điện.\n"
        "Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.\n")
    tasks = extract_text(text).tasks
    by_start = {t.text[:20]: t for t in tasks}
    assert _leads(by_start["Tăng cường công tác "]) == ["Sở Nội vụ"]
    assert _leads(by_start["Nâng cao ý thức trác"]) == ["Sở Nội vụ"]
    assert _leads(by_start["Tổ chức tập huấn kiế"]) == ["Sở Tư pháp"]
    for start in ("Phối hợp hướng dẫn t", "Sở Xây dựng: hướng d", "Sở Công Thương: hướn"):
        assert _deadline_texts(by_start[start]) == ["Từ tháng 11/2025"], start


@pytest.mark.parametrize("text", [
    # each item carries its own line: the last line is the last item's alone
    ("1. Ủy ban nhân dân các xã\n- Xây dựng kế hoạch kiểm kê.\nThời gian hoàn thành: Trước ngày 15/11/2025.\n"
     "- Tổng hợp kết quả kiểm kê.\nThời gian hoàn thành: Trước ngày 15/4/2026.\n"),
])
def test_an_attribute_line_after_items_that_carry_their_own_is_the_last_items(text):
    tasks = extract_text(_PLAN_HEAD + text).tasks
    assert [_deadline_texts(t) for t in tasks] == [["Trước ngày 15/11/2025"], ["Trước ngày 15/4/2026"]]


@pytest.mark.parametrize("paragraph,is_task", [
    ("Thành lập Ban Chỉ đạo tổng kiểm kê tài sản cấp xã.", True),
    ("Ban hành quy chế phối hợp trong kiểm kê tài sản.", True),
    ("Tổng hợp kết quả kiểm kê, báo cáo Sở Tài chính.", True),
    ("Kiện toàn Tổ kiểm kê của các đơn vị.", True),
    ("Đôn đốc các đơn vị thực hiện kiểm kê đúng tiến độ.", True),
    ("Đây là nhiệm vụ quan trọng, cấp bách của năm 2025.", False),
    ("Kết quả kiểm kê là cơ sở để quản lý tài sản công.", False),
])
def test_a_paragraph_under_an_agency_heading_that_opens_on_an_action_is_its_task(paragraph, is_task):
    text = _PLAN_HEAD + "1. Ủy ban nhân dân các phường, xã\nTuyên truyền các quy định về tài sản công.\n" + paragraph + "\n"
    tasks = extract_text(text).tasks
    assert [t.text for t in tasks][1:] == ([paragraph] if is_task else [])


def test_a_collectives_name_is_not_cut_after_a_comma_of_its_list():
    # the registry fit cut "các văn phòng tỉnh ủy, thành ủy" to "các văn phòng tỉnh ủy," (comma and all)
    text = ("BAN CHẤP HÀNH TRUNG ƯƠNG\nVĂN PHÒNG\nSố 07-KL/VPTW\nHà Nội, ngày 15 tháng 11 năm 2025\nKẾT LUẬN\n"
            "của Chánh Văn phòng Trung ương Đảng\n"
            "1. Các văn phòng tỉnh ủy, thành ủy tiếp tục nâng cao chất lượng công tác tham mưu, tổng hợp.\n")
    (task,) = extract_text(text).tasks
    assert _leads(task) == ["Các văn phòng tỉnh ủy, thành ủy"]


_DECISION_HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 45/2025/QĐ-UBND\nBắc Ninh, ngày 28 tháng 11 năm 2025\n"
                  "QUYẾT ĐỊNH\nBan hành Quy định quản lý giá trên địa bàn tỉnh\nĐiều 13. Điều khoản thi hành\n")


@pytest.mark.parametrize("item,is_task", [
    ("1. Quyết định này có hiệu lực kể từ ngày 10 tháng 12 năm 2025.", False),
    ("1. Quyết định này có hiệu lực thi hành từ ngày 01/01/2026.", False),
    ("2. Bãi bỏ Quyết định số 04/2025/QĐ-UBND ngày 13 tháng 2 năm 2025 của Ủy ban nhân dân tỉnh.", False),
    ("3. Sở Tài chính chủ trì hướng dẫn, kiểm tra việc thực hiện Quyết định này.", True),
    ("3. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan phản ánh về Sở Tài chính.", True),
])
def test_a_decisions_effect_clause_is_no_task_even_as_a_numbered_item(item, is_task):
    tasks = extract_text(_DECISION_HEAD + item + "\n").tasks
    assert [t.text for t in tasks] == ([item[3:]] if is_task else [])


@pytest.mark.parametrize("paragraph,is_task", [
    (("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các địa phương, đơn vị liên hệ Cục Thủy lợi "
     "để được hướng dẫn./."), False),
    (("Trong quá trình triển khai thực hiện, nếu có phát sinh khó khăn, vướng mắc cần phải điều chỉnh, đề nghị các sở, "
     "ban, ngành và Ủy ban nhân dân các xã, phường kịp thời báo cáo về Sở Nông nghiệp và Môi trường để tổng hợp."), False),
    (("Trong quá trình thực hiện, nếu có vướng mắc, đề nghị Ủy ban nhân dân các xã, phường phản ánh về Sở Y tế để "
     "được hướng dẫn."), False),
    ("Giao Sở Tài chính chủ trì tháo gỡ khó khăn, vướng mắc cho doanh nghiệp, báo cáo Ủy ban nhân dân tỉnh.", True),
])
def test_a_closing_that_says_whom_to_tell_of_difficulties_is_no_task(paragraph, is_task):
    # "nếu có vướng mắc", "nếu có phát sinh khó khăn, vướng mắc" closed no paragraph ("có khó khăn, vướng mắc" did)
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\nSố: 312/KH-UBND\nĐắk Lắk, ngày 25 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Khắc phục hậu quả mưa lũ\n1. Sở Y tế chủ trì phòng, chống dịch bệnh sau mưa lũ.\n" + paragraph + "\n")
    texts = [t.text for t in extract_text(text).tasks]
    assert texts[0].startswith("Sở Y tế chủ trì")
    assert texts[1:] == ([paragraph] if is_task else [])


@pytest.mark.parametrize("topic", [
    ("1. Về kiến nghị sớm ban hành Nghị quyết mới về phát triển kinh tế - xã hội và bảo đảm quốc phòng, an ninh đối "
    "với vùng mới được hình thành là vùng Duyên hải Nam Trung Bộ và Tây Nguyên; tiếp tục triển khai các hoạt động "
    "của Hội đồng điều phối vùng:"),
    ("1. Về việc triển khai đầu tư nâng cấp quy mô dự án đầu tư xây dựng tuyến đường bộ cao tốc Hòa Bình - Mộc Châu, "
    "đoạn tuyến thuộc địa bàn tỉnh Sơn La từ 02 làn xe lên 04 làn xe:"),
    "1. Về kiến nghị giao Ủy ban nhân dân tỉnh Sơn La là cơ quan có thẩm quyền đầu tư xây dựng dự án:",
    ("1. Về tình hình phát triển kinh tế - xã hội, an ninh - quốc phòng và thu ngân sách 6 tháng đầu năm; nhiệm vụ, "
    "giải pháp 6 tháng cuối năm:"),
])
def test_a_requests_topic_is_a_heading_however_long_and_whatever_it_names(topic):
    # "Về …:" topics of more than 30 words or with a ";" inside were tasks of their own, and one that quoted
    # "giao Ủy ban nhân dân tỉnh Sơn La" gave its paragraph that committee as a lead
    text = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 612/TB-VPCP\nHà Nội, ngày 20 tháng 11 năm 2025\nTHÔNG BÁO\n"
            "Kết luận của Thủ tướng Chính phủ\nIII. VỀ CÁC KIẾN NGHỊ CỦA TỈNH\n" + topic + "\n"
            "Giao Bộ Xây dựng chủ trì, phối hợp với các bộ, cơ quan liên quan nghiên cứu, xử lý kiến nghị của Tỉnh.\n"
            "2. Về kiến nghị hỗ trợ vốn:\nGiao Bộ Tài chính tổng hợp, báo cáo cấp có thẩm quyền.\n")
    tasks = extract_text(text).tasks
    assert [(t.text[:20], _leads(t)) for t in tasks] == [
        ("Giao Bộ Xây dựng chủ", ["Bộ Xây dựng"]), ("Giao Bộ Tài chính tổ", ["Bộ Tài chính"])]
    assert tasks[0].heading == topic[3:].rstrip(" :")


def test_a_time_attribute_over_items_gives_the_block_their_times_and_they_are_no_tasks():
    # "- Thời gian thực hiện:" over "+ … trước ngày 15 tháng 12 năm 2025": the items became tasks and the
    # block's task had no time; "- Thời hạn ban hành: …" was read as a task of its own
    text = ("BỘ CÔNG AN\nSố: 125/KH-BCA\nHà Nội, ngày 20 tháng 10 năm 2025\nKẾ HOẠCH\nTriển khai thi hành Luật\n"
            "II. NỘI DUNG\n1. Rà soát văn bản quy phạm pháp luật\n"
            "- Nội dung: rà soát các văn bản quy phạm pháp luật có liên quan đến Luật.\n"
            "- Cơ quan thực hiện: Bộ Công an.\n"
            "- Thời gian thực hiện:\n"
            "+ Các bộ, cơ quan ngang bộ gửi kết quả rà soát về Bộ Công an trước ngày 15 tháng 12 năm 2025.\n"
            "+ Bộ Công an tổng hợp kết quả rà soát, báo cáo Thủ tướng Chính phủ trước ngày 31 tháng 12 năm 2025.\n"
            "2. Xây dựng Nghị định của Chính phủ\n"
            "- Nội dung: quy định chi tiết một số điều của Luật.\n"
            "- Cơ quan chủ trì: Bộ Công an.\n"
            "- Thời hạn ban hành: trước ngày 31 tháng 12 năm 2026.\n")
    tasks = extract_text(text).tasks
    assert [t.text[:25] for t in tasks] == ["rà soát các văn bản quy p", "quy định chi tiết một số "]
    assert [[d.end for d in t.deadlines] for t in tasks] == [["2025-12-15", "2025-12-31"], ["2026-12-31"]]


def test_a_time_item_among_a_headings_items_times_the_tasks_under_its_siblings():
    # "2. Thời gian thực hiện: Từ tháng 10/2025 …" between "1. Chủ đề thi đua" and "3. Nội dung thi đua" under a
    # heading with no task of its own: the time was dropped
    text = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 650/KH-UBND\nNghệ An, ngày 19 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Phát động đợt thi đua\nII. NỘI DUNG THI ĐUA\n1. Chủ đề thi đua\n"
            "“Lập thành tích chào mừng Đại hội lần thứ XIV của Đảng”.\n"
            "2. Thời gian thực hiện: Từ tháng 10/2025 đến khi tổ chức thành công Đại hội.\n"
            "3. Nội dung thi đua\n"
            "a) Tiếp tục nâng cao hiệu lực, hiệu quả quản lý nhà nước.\n"
            "b) Thi đua hoàn thành các công trình kết cấu hạ tầng trước ngày 31/12/2025.\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ hướng dẫn khen thưởng đợt thi đua.\n")
    tasks = extract_text(text).tasks
    assert [(t.text[:20], [(d.start, d.end) for d in t.deadlines]) for t in tasks] == [
        ("Tiếp tục nâng cao hi", [("2025-10-01", None)]),
        ("Thi đua hoàn thành c", [(None, "2025-12-31")]),  # its own time
        ("Sở Nội vụ hướng dẫn ", []),  # another part
    ]


@pytest.mark.parametrize("body,is_task", [
    ("“Lập thành tích chào mừng Đại hội lần thứ XIV của Đảng”.", False),
    ("\"Đoàn kết, sáng tạo, thi đua hoàn thành thắng lợi nhiệm vụ năm 2026\"", False),
    ("Triển khai phong trào “Lập thành tích chào mừng Đại hội” đến từng cơ sở.", True),
])
def test_a_headings_body_wholly_in_quotation_marks_is_no_task(body, is_task):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 650/KH-UBND\nNghệ An, ngày 19 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Phát động đợt thi đua\nII. NỘI DUNG THI ĐUA\n1. Chủ đề thi đua\n" + body + "\n")
    assert [t.text for t in extract_text(text).tasks] == ([body] if is_task else [])


@pytest.mark.parametrize("heading,lead", [
    ("4. UBND thành phố Quy Nhơn", "UBND thành phố Quy Nhơn"),
    ("4. Đề nghị Ngân hàng Chính sách xã hội Chi nhánh tỉnh", "Ngân hàng Chính sách xã hội Chi nhánh tỉnh"),
])
def test_the_registry_fit_never_cuts_a_name_before_its_capitalized_words(heading, lead):
    # a known shorter name ("UBND thành phố", "Ngân hàng Chính sách xã hội") cut the place's or branch's name off
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\nSố: 210/TB-UBND\nBình Định, ngày 12 tháng 11 năm 2025\nTHÔNG BÁO\n"
            "Kết luận của Chủ tịch UBND tỉnh\n" + heading + "\n"
            "a) Tập trung hoàn thành công tác bồi thường, giải phóng mặt bằng các dự án nhà ở xã hội.\n")
    (task,) = extract_text(text).tasks
    assert _leads(task) == [lead]


@pytest.mark.parametrize("item,is_task", [
    ("Hội đồng nhân dân huyện đã hoàn thành chương trình công tác 6 tháng đầu năm.", False),
    ("Phòng Tài chính - Kế hoạch đã tham mưu phân bổ vốn đầu tư kịp thời.", False),
    ("Hội đồng nhân dân huyện tiếp tục đổi mới hoạt động chất vấn tại kỳ họp.", True),
    ("Ủy ban nhân dân huyện đã ban hành kế hoạch; yêu cầu các xã triển khai thực hiện.", True),
])
def test_an_item_that_says_what_its_agency_did_is_no_task(item, is_task):
    text = ("HUYỆN ỦY ĐẮK R'LẤP\nSố: 145-TB/HU\nĐắk R'Lấp, ngày 15 tháng 7 năm 2019\nTHÔNG BÁO\n"
            "Kết luận của Ban Thường vụ Huyện ủy\n2. Đối với hoạt động của HĐND huyện\n2.1. " + item + "\n")
    assert [t.text for t in extract_text(text).tasks] == ([item] if is_task else [])


@pytest.mark.parametrize("item,is_task", [
    ("Nguồn xã hội hóa từ các doanh nghiệp, hợp tác xã và các nguồn huy động hợp pháp khác.", False),
    ("Nguồn tài trợ, viện trợ; nguồn hợp pháp khác (nếu có).", False),
    ("Từ ngân sách tỉnh, ngân sách địa phương theo phân cấp.", False),
    ("Nguồn ngân sách nhà nước: giao Sở Tài chính tham mưu bố trí kinh phí thực hiện.", True),
])
def test_an_item_that_says_where_money_comes_from_is_no_task(item, is_task):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\nSố: 300/KH-UBND\nĐắk Lắk, ngày 25 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Khắc phục hậu quả mưa lũ\nIV. KINH PHÍ THỰC HIỆN\n1. " + item + "\n")
    tasks = extract_text(text).tasks
    assert len(tasks) == (1 if is_task else 0)


@pytest.mark.parametrize("heading,item,is_task", [
    ("b) Thủ tục, hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
     "- Tờ trình đề nghị khen thưởng của các cơ quan, đơn vị, địa phương;", False),
    ("b) Thủ tục, hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
     "- Biên bản họp xét khen thưởng của Hội đồng Thi đua - Khen thưởng các cơ quan, đơn vị;", False),
    ("b) Thủ tục, hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh", "- Các văn bản liên quan (nếu có).", False),
    ("1. Nội dung công khai",
     "a) Giá hàng hóa, dịch vụ thuộc thẩm quyền định giá của Ủy ban nhân dân tỉnh theo quy định.", False),
    ("1. Nội dung công khai",
     "d) Danh sách các tổ chức kinh doanh hàng hóa, dịch vụ thực hiện kê khai giá.", False),
    ("c) Triển khai các nền tảng", "- Nền tảng số quản trị trang trại, hợp tác xã nông nghiệp.", False),
    ("2. Nội dung đánh giá", "- Mức độ đạt được kết quả thực hiện mục tiêu, nhiệm vụ so với kế hoạch.", False),
    ("2. Nội dung đánh giá", "- Phương hướng, giải pháp thực hiện năm tiếp theo.", False),
    # actions under the same headings stay tasks; a thing-item that assigns is one
    ("2. Nội dung đánh giá",
     "- Đánh giá công tác quản lý Chương trình trong năm thực hiện, công tác điều phối, phối hợp.", True),
    ("b) Thủ tục, hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
     "- Hồ sơ đề nghị khen thưởng: giao Sở Nội vụ tiếp nhận, thẩm định trước ngày 15/12/2025.", True),
    ("c) Triển khai các nền tảng",
     "- Giám sát, điều hành giao thông thông minh trên nền tảng số của tỉnh.", True),
])
def test_an_item_that_names_a_thing_not_an_action_is_no_task(heading, item, is_task):
    # the papers of a dossier, a price list's contents, the platforms a plan names, what an assessment weighs
    text = ("ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\nSố: 310/KH-UBND\nThanh Hóa, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Tổ chức thực hiện năm 2026\nIII. NỘI DUNG THỰC HIỆN\n" + heading + "\n" + item + "\n")
    texts = [t.text for t in extract_text(text).tasks]
    body = item.lstrip("-abcd) ")
    assert any(body in t for t in texts) == is_task, texts


def test_an_items_span_never_runs_over_paragraphs_of_their_own_before_the_next_item():
    # the paragraph right before "2." continued "1." over the paragraphs between them: item 1 took the
    # agencies of all of them as its leads
    text = ("THỦ TƯỚNG CHÍNH PHỦ\nSố: 25/CĐ-TTg\nHà Nội, ngày 28 tháng 11 năm 2025\nCÔNG ĐIỆN\n"
            "Về khắc phục hậu quả mưa lũ\n"
            "Thủ tướng Chính phủ yêu cầu tập trung một số nhiệm vụ khẩn cấp sau:\n"
            "1. Các địa phương phát động ngay chiến dịch hỗ trợ Nhân dân xây dựng lại nhà ở.\n"
            "Bộ Quốc phòng, Bộ Công an huy động lực lượng tối đa hỗ trợ Nhân dân.\n"
            "Bộ Xây dựng hướng dẫn các địa phương thiết kế nhà mẫu.\n"
            "2. Bộ Y tế chỉ đạo ngành y tế bảo đảm vệ sinh môi trường.\n")
    tasks = extract_text(text).tasks
    assert [(t.text[:20], _leads(t)) for t in tasks] == [
        ("Các địa phương phát ", ["Các địa phương"]),
        ("Bộ Quốc phòng, Bộ Cô", ["Bộ Quốc phòng", "Bộ Công an"]),
        ("Bộ Xây dựng hướng dẫ", ["Bộ Xây dựng"]),
        ("Bộ Y tế chỉ đạo ngàn", ["Bộ Y tế"]),
    ]


@pytest.mark.parametrize("row,expected", [
    # a recurrence in the task's words is the work's rhythm beside the time column's period
    ("7.3 | Hàng năm thực hiện sát hạch, đánh giá kỹ năng số của công chức | Sở Khoa học và Công nghệ | 2026 - 2030",
     [("2026-01-01", "2030-12-31", None), (None, None, "yearly")]),
    # a date in the task's words describes it; the column bounds the row
    ("8 | Khắc phục ngay những tồn tại đã chỉ ra tại báo cáo ngày 20/8/2025 | Sở Khoa học và Công nghệ | 15/09/2025",
     [(None, "2025-09-15", None)]),
    # the column's own recurrence: no second one from the words
    ("9 | Báo cáo hằng quý kết quả thực hiện | Sở Tài chính | Năm 2026 và hằng quý",
     [("2026-01-01", "2026-12-31", None), (None, None, "quarterly")]),
])
def test_a_task_rows_recurrence_in_its_words_joins_the_time_columns_period(row, expected):
    text = (_DECISION_APPENDIX.format(day="20", appendix="I") + "STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành\n"
            + row + "\n")
    (task,) = extract_text(text).tasks
    assert [(d.start, d.end, d.recurrence) for d in task.deadlines] == expected


@pytest.mark.parametrize("item,expected", [
    ("3. Công bố danh sách thí sinh đủ điều kiện thi vòng 2: 05/9/2019.", [(None, "2019-09-05")]),
    ("4. Hướng dẫn ôn tập, thu lệ phí xét tuyển: Ngày 07/9/2019.", [(None, "2019-09-07")]),
    # a time that only ends the value is no schedule's ("…: … nhiệm kỳ 2026 - 2031.")
    ("2. Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh: vận động hội viên tham gia bầu cử nhiệm kỳ 2026 - 2031.", []),
])
def test_a_schedules_item_is_timed_by_the_day_after_its_colon(item, expected):
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK R’LẤP\nSố: 120/TB-UBND\nĐắk R’Lấp, ngày 20 tháng 8 năm 2019\nTHÔNG BÁO\n"
            "Tuyển dụng viên chức\nIX. THỜI GIAN THỰC HIỆN\n" + item + "\n")
    (task,) = extract_text(text).tasks
    assert [(d.start, d.end) for d in task.deadlines] == expected


def test_a_findings_bullet_that_opens_on_a_directive_cue_is_a_task():
    # "- Đề nghị Hiệu trưởng … trước ngày 30/8/2019" under "b) Hạn chế." was dropped with the findings
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẮK R’LẤP\nSố: 88/KL-TTr\nĐắk R’Lấp, ngày 12 tháng 8 năm 2019\nKẾT LUẬN THANH TRA\n"
            "Việc thu chi tài chính tại trường THCS Trần Quốc Toản\nIII. KẾT LUẬN\n"
            "a. Về ưu điểm\nNhìn chung, nhà trường đã chấp hành tương đối tốt các quy định.\n"
            "b. Hạn chế.\n"
            "Qua kiểm tra các chứng từ chi, việc thực hiện nhiệm vụ chi còn một số sai sót.\n"
            "- Số tiền 7.240.000 đồng chi sai quy định, đề nghị thu hồi.\n"
            "- Đề nghị Hiệu trưởng trường THCS Trần Quốc Toản chỉ đạo bộ phận chuyên môn bổ sung chứng từ còn thiếu "
            "và báo cáo kết quả về Thanh tra huyện trước ngày 30/8/2019.\n")
    (task,) = extract_text(text).tasks  # the findings themselves stay no tasks
    assert _leads(task) == ["trường THCS Trần Quốc Toản"]
    assert [d.end for d in task.deadlines] == ["2019-08-30"]


@pytest.mark.parametrize("part,tasks", [
    # a body that directs first and then names the principles its items are
    (("3.1. Về Kế hoạch đầu tư công năm 2020\n"
     "Xây dựng kế hoạch đầu tư công năm 2020 theo đúng quy định của Luật Đầu tư công, trong đó lưu ý các nguyên tắc:\n"
     "a) Bố trí vốn tập trung, không dàn trải.\n"
     "b) Áp dụng công nghệ thông tin trong công tác xây dựng, tổng hợp kế hoạch.\n"),
     ["Xây dựng kế hoạch đầ", "Bố trí vốn tập trung", "Áp dụng công nghệ th"]),
    # a part about principles describes
    ("II. NGUYÊN TẮC\n1. Bảo đảm công khai, minh bạch, đúng quy định.\n2. Phát huy vai trò của người đứng đầu.\n", []),
])
def test_a_bodys_principles_after_its_own_directive_are_the_headings_work(part, tasks):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK NÔNG\nSố: 120/KH-UBND\nĐắk Nông, ngày 10 tháng 7 năm 2019\nKẾ HOẠCH\n"
            "Xây dựng kế hoạch phát triển kinh tế - xã hội năm 2020\n" + part)
    assert [t.text[:20] for t in extract_text(text).tasks] == tasks


def test_paragraphs_an_items_colon_introduced_are_read_alone_not_into_the_items_span():
    # the last of them continued the item over the others: the item took their years and figures
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐẮK NÔNG\nSố: 120/KH-UBND\nĐắk Nông, ngày 10 tháng 7 năm 2019\nKẾ HOẠCH\n"
            "Xây dựng kế hoạch phát triển kinh tế - xã hội năm 2020\n3. Xây dựng kế hoạch đầu tư công\n"
            "a) Đối với kế hoạch đầu tư nguồn ngân sách nhà nước: Thực hiện theo điểm b, khoản 4, Mục I tại Chỉ thị "
            "số 07/CT-UBND ngày 11/7/2019 của UBND tỉnh về xây dựng dự toán ngân sách nhà nước năm 2020, cụ thể:\n"
            "Chi đầu tư phát triển nguồn ngân sách nhà nước phải phục vụ mục tiêu, nhiệm vụ kế hoạch năm 2020.\n"
            "Năm 2020 là năm cuối của kế hoạch trung hạn, do đó bố trí đủ 10% vốn để thanh toán nợ trong năm 2020.\n"
            "Sau khi quyết toán, Sở Tài chính tổng hợp báo cáo UBND tỉnh.\n"
            "b) Áp dụng công nghệ thông tin trong công tác xây dựng kế hoạch.\n")
    tasks = {t.text[:20]: t for t in extract_text(text).tasks}
    item_a = tasks["Đối với kế hoạch đầu"]
    assert item_a.deadlines == [] and item_a.metrics == []
    assert _leads(tasks["Sau khi quyết toán, "]) == ["Sở Tài chính"]


def test_a_lead_cells_provision_locator_names_no_body():
    # "tại điểm d, khoản 1, mục III" in a lead cell gave the bodies "khoản 1" and "mục III"
    text = (_DECISION_APPENDIX.format(day="20", appendix="I") + "STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành\n"
            "4.2 | Triển khai kế hoạch phát triển dữ liệu trong các lĩnh vực trọng điểm | Các cơ quan quản lý các lĩnh "
            "vực trọng điểm tại điểm d, khoản 1, mục III | 2026 - 2030\n")
    (task,) = extract_text(text).tasks
    assert _leads(task) == ["Các cơ quan quản lý các lĩnh vực trọng điểm"]


@pytest.mark.parametrize("heading", ["Chương III", "Phần II", "Mục 2"])
def test_a_parts_heading_after_a_line_cut_at_the_width_is_no_wrap(heading):
    # text hard-wrapped at 80 columns: "Chương III" after a full line ending a sentence was joined to it
    import textwrap

    paragraph = ("2. Trường hợp kiểm tra việc chấp hành pháp luật về giá theo quy định tại khoản 2 Điều 11 Quyết "
                 "định này: Sở Tài chính ban hành kế hoạch kiểm tra và ký quyết định kiểm tra theo Mẫu quy định "
                 "tại Phụ lục II ban hành kèm theo Thông tư số 28/2024/TT-BTC của Bộ Tài chính năm nay.")
    lines = textwrap.wrap(paragraph, 80)
    while len(lines[-1]) + 1 + len(heading.split()[0]) <= 80:  # the line before the heading full
        paragraph = paragraph[:-1] + " nay."
        lines = textwrap.wrap(paragraph, 80)
    body = "\n".join(lines * 6) + "\n" + heading + "\nTỔ CHỨC THỰC HIỆN\n"
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 45/2025/QĐ-UBND\nBắc Ninh, ngày 28 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
            "Ban hành Quy định quản lý giá\n" + body)
    assert all(not t.text.rstrip().endswith(heading) for t in extract_text(text).tasks)


@pytest.mark.parametrize(("title", "header", "row_time", "deadlines"), [
    # the title's horizon is the only time rows of a table without a time column are given
    ("PHÂN CÔNG THỰC HIỆN CÁC CHỈ TIÊU PHÁT TRIỂN KINH TẾ SỐ ĐẾN NĂM 2030", "TT | Chỉ tiêu | Chủ trì", "",
     [(None, "2030-12-31")]),
    # a title's year is the plan's, no deadline of the rows (the annotators gave none)
    ("DANH MỤC NHIỆM VỤ CUNG CẤP DỊCH VỤ CÔNG TRỰC TUYẾN NĂM 2026", "TT | Chỉ tiêu | Chủ trì", "", []),
    # a time column speaks for its rows, even where it says "Thường xuyên"
    ("PHÂN CÔNG THỰC HIỆN CÁC CHỈ TIÊU ĐẾN NĂM 2030", "TT | Chỉ tiêu | Chủ trì | Thời gian", " | Thường xuyên", []),
])
def test_attachment_title_horizon_times_the_rows_of_its_table_without_a_time_column(title, header, row_time,
                                                                                     deadlines):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 144/KH-UBND\nBắc Ninh, ngày 24 tháng 11 năm 2025\n"
            "KẾ HOẠCH\nPhát triển kinh tế số\n"
            "1. Các sở, ngành triển khai thực hiện các chỉ tiêu tại Phụ lục kèm theo.\n"
            "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nMai Sơn\n"
            f"PHỤ LỤC\n{title}\n(Ban hành kèm theo Kế hoạch số 144/KH-UBND ngày 24 tháng 11 năm 2025)\n{header}\n"
            f"1 | Kinh tế số chiếm 45% GRDP tỉnh. | Sở Tài chính{row_time}\n")
    notice = extract_text(text)
    (row,) = [t for t in notice.tasks if t.source_kind == "table"]
    assert [(d.start, d.end) for d in row.deadlines] == deadlines
    assert all(notice.text[d.span[0]:d.span[1]] == d.text for d in row.deadlines)


@pytest.mark.parametrize(("paragraph", "tasks"), [
    # an appraisal as a paragraph (a scan lost its "1.") is no task, as it is none as an item
    ("Ban Thường vụ Tỉnh ủy cơ bản đồng tình với báo cáo của Ban cán sự đảng UBND tỉnh.", 0),
    # one that goes on to assign work is
    (("Ban Thường vụ Tỉnh ủy cơ bản đồng tình với báo cáo; đề nghị Ban cán sự đảng UBND tỉnh chỉ đạo rà soát "
     "các hợp tác xã."), 1),
])
def test_appraisal_paragraph_is_no_task_unless_it_assigns(paragraph, tasks):
    text = ("TỈNH ỦY LÂM ĐỒNG\nSố: 120-TB/TU\nLâm Đồng, ngày 15 tháng 11 năm 2023\nTHÔNG BÁO\n"
            "Kết luận của Ban Thường vụ Tỉnh ủy về phát triển kinh tế tập thể\n"
            "Tại hội nghị ngày 08/11/2023, sau khi nghe Ban cán sự đảng UBND tỉnh báo cáo, Ban Thường vụ Tỉnh ủy "
            "kết luận như sau:\n" + paragraph + "\n")
    assert len(extract_text(text).tasks) == tasks


@pytest.mark.parametrize("spec,metrics", [
    ("- Số lượng: 5.000 cuốn.", [(5000, "cuốn", "=")]),
    ("- Số lượng: 02 hội nghị/năm × 50 đại biểu/hội nghị.", [(2, "hội nghị/năm", "="), (50, "đại biểu/hội nghị", "=")]),
    ("- Hình thức: In tài liệu cấp phát cho cán bộ cấp xã, hợp tác xã.", []),
])
def test_a_blocks_specification_line_gives_its_one_task_its_figures(spec, metrics):
    # "- Số lượng: 5.000 cuốn." under "- Nội dung: Tuyên truyền …": its cue is its label, which was left out of
    # what was read; the line, heading-shaped, took the non-task class of the section word "Số lượng"; and
    # the block's one task did not take the figures the block's title had
    text = ("ỦY BAN NHÂN DÂN\nTỈNH THANH HÓA\nSố: 45/KH-UBND\nThanh Hóa, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Quan trắc môi trường nuôi trồng thủy sản năm 2026\nII. NỘI DUNG KẾ HOẠCH\n"
            "2. Thông tin tuyên truyền nâng cao nhận thức về bảo vệ môi trường trong nuôi trồng thủy sản\n"
            "- Nội dung: Tuyên truyền các quy định, tiêu chuẩn, quy chuẩn quốc gia về chất lượng nước nuôi trồng thủy sản.\n"
            + spec + "\n3. Xây dựng hệ thống quan trắc môi trường phục vụ quản lý ngành nông nghiệp.\n")
    tasks = extract_text(text).tasks
    assert tasks[0].text.startswith("Tuyên truyền các quy định")
    assert [(m.value, m.unit, m.op) for m in tasks[0].metrics] == metrics


def test_a_project_tables_main_content_column_gives_the_row_its_figures():
    # "STT | Tên dự án, nhiệm vụ | Nội dung chính | …": the main content column was no column the table reader
    # knew, and the figures of what the project delivers were dropped
    text = (_DECISION_APPENDIX.format(day="20", appendix="II")
            + "STT | Tên dự án, nhiệm vụ | Nội dung chính | Cơ quan chủ trì | Thời gian thực hiện\n"
            "2 | Chương trình chuyển đổi phương tiện vận tải hành khách công cộng sử dụng năng lượng sạch | - Thực hiện "
            "chuyển đổi xe buýt sử dụng nhiên liệu hóa thạch sang phương tiện sử dụng năng lượng sạch. - Sản phẩm: 100% "
            "hệ thống xe buýt sử dụng năng lượng sạch được sử dụng tại Hà Nội | Bộ Xây dựng | 2026 - 2030\n")
    (task,) = extract_text(text).tasks
    assert [(m.value, m.unit, m.op) for m in task.metrics] == [(100, "%", "=")]


@pytest.mark.parametrize("column,metrics", [("Chỉ tiêu", [(45, "%", "=")]), ("Nhiệm vụ", [])])
def test_a_target_tables_row_states_what_must_be_reached(column, metrics):
    # "TT | Chỉ tiêu | Chủ trì": "Kinh tế số chiếm 45% GRDP tỉnh." read as a share that was ("chiếm" marks a
    # statistic), though the row is the target its agency must reach; under a task column it stays a result
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 144/KH-UBND\nBắc Ninh, ngày 24 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Phát triển kinh tế số\nPHỤ LỤC\nPHÂN CÔNG THỰC HIỆN\n"
            f"TT | {column} | Chủ trì\n| I. Kinh tế số\n1 | Kinh tế số chiếm 45% GRDP tỉnh. | Sở Tài chính\n")
    (task,) = extract_text(text).tasks
    assert [(m.value, m.unit, m.op) for m in task.metrics] == metrics


@pytest.mark.parametrize(("title", "paths"), [
    # a title over items of its own, no full stop, no body leading it: the items carry the work (real plans:
    # 26 titles of this shape came out as tasks, the gold has four)
    ("2. Tăng cường hiệu lực, hiệu quả trong chỉ đạo, điều hành và quản lý Nhà nước về công tác ma túy",
     ["III/2/a", "III/2/b"]),
    ("2. Nâng cao năng lực, hiệu quả phòng, chống tội phạm ma túy của các lực lượng chuyên trách",
     ["III/2/a", "III/2/b"]),
    ("2. Tổ chức hội nghị, hội thảo trong công tác xây dựng pháp luật", ["III/2/a", "III/2/b"]),
    # a sentence with its own full stop, or a title with the body that leads it, stays a task
    ("2. Các sở, ngành tăng cường quản lý nhà nước về phòng, chống ma túy, cụ thể là.",
     ["III/2", "III/2/a", "III/2/b"]),
    ("2. Sở Y tế tăng cường quản lý nhà nước về phòng, chống ma túy", ["III/2", "III/2/a", "III/2/b"]),
])
def test_a_title_over_items_of_its_own_is_no_task(title, paths):
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 153/KH-UBND\nCần Thơ, ngày 17 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Phòng, chống ma túy năm 2026\nIII. NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM\n" + title + "\n"
            "a) Kiện toàn Ban Chỉ đạo phù hợp với điều kiện thực tế của địa phương.\n"
            "b) Rà soát, kiến nghị sửa đổi các văn bản quy phạm pháp luật về phòng, chống ma túy.\n")
    assert [t.path for t in extract_text(text).tasks] == paths


def test_a_title_over_items_passes_down_no_body_it_names_as_its_object():
    # "2. Cơ cấu thu, chi và khung cân đối ngân sách … của địa phương": the title's "địa phương" is what it
    # is about, not who does the items under it; a title that opens on a body (after its cue) still leads
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 60/KH-UBND\nCần Thơ, ngày 17 tháng 7 năm 2025\nKẾ HOẠCH\n"
            "Tài chính - ngân sách nhà nước 03 năm 2026 - 2028\nII. NHIỆM VỤ\n"
            "1. Cơ cấu thu, chi và khung cân đối ngân sách tổng thể của địa phương 03 năm 2026 - 2028\n"
            "a) Xây dựng dự toán chi thường xuyên theo từng lĩnh vực.\n"
            "2. Đề nghị các tổ chức cung cấp dịch vụ chi trả\na) Bố trí nguồn lực tổ chức chi trả trực tiếp.\n")
    leads = {t.path: _leads(t) for t in extract_text(text).tasks}
    assert leads == {"II/1/a": [], "II/2/a": ["các tổ chức cung cấp dịch vụ chi trả"]}


@pytest.mark.parametrize(("lead_in", "paths"), [
    # what a report holds is no task; the paragraph after its items that names its own body is
    ("khẩn trương rà soát, thống kê, tổng hợp báo cáo cụ thể về một số nội dung sau:", ["1", ""]),
    ("khẩn trương rà soát, tổng hợp tình hình, gồm các nội dung sau:", ["1", ""]),
    # work introduced the same way stays work
    ("khẩn trương thực hiện các nội dung sau:", ["1", "1/1", "1/2", ""]),
])
def test_a_reports_contents_are_no_tasks_and_the_paragraph_after_them_is_read(lead_in, paths):
    text = ("THỦ TƯỚNG CHÍNH PHỦ\nSố: 230/CĐ-TTg\nHà Nội, ngày 25 tháng 11 năm 2025\nCÔNG ĐIỆN\n"
            "Về việc hỗ trợ Nhân dân sửa chữa nhà cửa\n"
            "1. Chủ tịch Ủy ban nhân dân các tỉnh: Đắk Lắk, Khánh Hòa chỉ đạo cơ quan chức năng " + lead_in + "\n"
            "(1) Số hộ dân có nhà bị sập, đổ, trôi cần phải xây dựng lại.\n"
            "(2) Tổng kinh phí cần thiết hỗ trợ Nhân dân sửa chữa nhà cửa.\n"
            "Ủy ban nhân dân các tỉnh: Đắk Lắk, Khánh Hòa khẩn trương gửi Báo cáo về Văn phòng Chính phủ "
            "trước 17 giờ ngày 27/11/2025.\n")
    tasks = extract_text(text).tasks
    assert [t.path for t in tasks] == paths
    assert [d.end for d in tasks[-1].deadlines] == ["2025-11-27"]


def test_a_body_an_item_names_in_support_is_no_lead_it_inherits():
    # the document's lead-in named the communes' committees, the item asks its agency to work with them: they
    # came out as a lead of the item (inherited) and lost their support
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 40/CT-UBND\nCần Thơ, ngày 10 tháng 11 năm 2025\nCHỈ THỊ\n"
            "Về tăng cường quản lý tài nguyên nước\n"
            "Chủ tịch Ủy ban nhân dân thành phố yêu cầu Giám đốc các sở, ban ngành, Chủ tịch Ủy ban nhân dân xã, "
            "phường thực hiện các nội dung sau:\n"
            "1. Về quản lý tài nguyên nước\na) Phối hợp Sở Nông nghiệp và Môi trường và Ủy ban nhân dân xã, phường "
            "tuyên truyền quy định của pháp luật về tài nguyên nước.\n")
    task = {t.path: t for t in extract_text(text).tasks}["1/a"]
    roles = [(a.name, a.role) for a in task.assignees]
    assert ("các sở, ban ngành", "lead") in roles
    assert ("Ủy ban nhân dân xã, phường", "support") in roles
    assert ("Ủy ban nhân dân xã, phường", "lead") not in roles


@pytest.mark.parametrize(("body", "paths"), [
    # a heading's paragraph that orients the items a label introduces ("Trọng tâm:") is no task of its own
    ("Phát triển mạnh mẽ thương mại điện tử, chuyển đổi toàn diện hoạt động kinh doanh sang môi trường số.",
     ["III/1/a", "III/1/b"]),
    # one that names its agency is
    ("Sở Công Thương chủ trì phát triển thương mại điện tử, chuyển đổi hoạt động kinh doanh sang môi trường số.",
     ["III/1", "III/1/a", "III/1/b"]),
])
def test_a_paragraph_that_orients_labelled_items_is_no_task(body, paths):
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 144/KH-UBND\nBắc Ninh, ngày 24 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Phát triển kinh tế số\nIII. PHÁT TRIỂN KINH TẾ SỐ NGÀNH, LĨNH VỰC\n1. Thương mại\n" + body + "\n"
            "Trọng tâm:\na) Thúc đẩy thương mại điện tử theo từng ngành, địa phương.\n"
            "b) Đào tạo lực lượng thương mại điện tử toàn diện.\n")
    assert [t.path for t in extract_text(text).tasks] == paths


@pytest.mark.parametrize(("ending", "tasks"), [
    # the places a sampling line lists are no tasks; the line itself is
    ("lấy mẫu tại 15 vị trí như sau:", 1),
    # work a line introduces stays work
    ("cụ thể như sau:", 3),
])
def test_the_places_a_sampling_line_lists_are_no_tasks(ending, tasks):
    text = ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 235/KH-UBND\nThanh Hóa, ngày 18 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Quan trắc môi trường nuôi trồng thủy sản năm 2026\nII. NỘI DUNG KẾ HOẠCH\n"
            "1. Quan trắc, cảnh báo môi trường nuôi trồng thủy sản\n"
            "a) Thực hiện quan trắc tại 07 cửa sông cấp nước cho các vùng nuôi tôm, " + ending + "\n"
            "- Cửa sông lạch Càn: Lấy mẫu 01 vị trí tại khu vực cấp nước chung cho vùng nuôi tôm.\n"
            "- Cửa sông Mã: Lấy mẫu 01 vị trí tại khu vực nước cấp chung.\n")
    assert len(extract_text(text).tasks) == tasks


@pytest.mark.parametrize(("lead_in", "paths"), [
    # a numbered lead-in that assigns its items' work is a task itself
    ("3. Trong thời gian tới, yêu cầu các bộ, ngành tập trung thực hiện một số nhiệm vụ như sau:", ["3", "3/1", "3/2"]),
    # one that only names whom it addresses is their heading
    ("3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội:", ["3/1", "3/2"]),
])
def test_a_numbered_lead_in_that_assigns_is_a_task(lead_in, paths):
    text = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 612/TB-VPCP\nHà Nội, ngày 21 tháng 11 năm 2025\nTHÔNG BÁO\n"
            "Kết luận của Phó Thủ tướng Chính phủ\n" + lead_in + "\n"
            "(1) Giao Bộ Nông nghiệp và Môi trường chủ trì hoàn thiện hồ sơ Chương trình.\n"
            "(2) Giao Bộ Tài chính cân đối nguồn vốn thực hiện Chương trình.\n")
    assert [t.path for t in extract_text(text).tasks] == paths
