"""One regression test per bug, each with its own minimal fixture in tests/fixtures/."""

from __future__ import annotations

from extractor import extract, extract_text

from .conftest import FIXTURES


def _tasks(name: str):
    return extract(FIXTURES / name).tasks


def _leads(task) -> list[str]:
    return [a.name for a in task.assignees if a.role == "lead"]


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
