"""Metric phrasings, one real phrase a line: phrase in, (value, value_max, unit, op) out."""

from __future__ import annotations

import pytest

from extractor.recognize.metrics import find_metrics

CASES = [
    # a count's unit takes the units listed with it
    ("UBND cấp xã lựa chọn ít nhất 02 cán bộ, công chức có năng lực",
     [("ít nhất 02 cán bộ, công chức có năng lực", 2, None, "cán bộ, công chức", ">=")]),
    ("Lựa chọn ít nhất 01 doanh nghiệp, hợp tác xã để hỗ trợ",
     [("ít nhất 01 doanh nghiệp, hợp tác xã để hỗ trợ", 1, None, "doanh nghiệp, hợp tác xã", ">=")]),
    ("Phấn đấu phát triển ít nhất 05 bộ dữ liệu mở", [("ít nhất 05 bộ dữ liệu mở", 5, None, "bộ dữ liệu mở", ">=")]),
    # one cue for two figures; a counted deliverable after the verb that makes it
    ("mức hỗ trợ không quá 10% / 5% tổng kinh phí", [("không quá 10%", 10, None, "%", "<="),
                                                  ("5% tổng kinh phí", 5, None, "%", "<=")]),
    ("Xây dựng 16 nghị định và các thông tư hướng dẫn thi hành", [("Xây dựng 16 nghị định và các thông tư hướng dẫn thi hành", 16, None, "nghị định", "=")]),
    ("hoàn thành sửa đổi, bổ sung 485 văn bản quy phạm pháp luật để thực thi",
     [("bổ sung 485 văn bản quy phạm pháp luật để thực thi", 485, None, "văn bản quy phạm pháp luật", "=")]),
    ("phấn đấu trong năm 2022, có ít nhất 80% dịch vụ công trực tuyến phát sinh hồ sơ (đối với các TTHC)",
     [("ít nhất 80% dịch vụ công trực tuyến phát sinh hồ sơ", 80, None, "%", ">=")]),
    ("trên 50% hồ sơ TTHC giải quyết bằng hình thức trực tuyến.",
     [("trên 50% hồ sơ TTHC giải quyết bằng hình thức trực tuyến", 50, None, "%", ">")]),
    ("(trong năm 2022 dự kiến từ 01 đến 02 cuộc họp)", [("từ 01 đến 02 cuộc họp", 1, 2, "cuộc họp", "range")]),
    ("tăng 10% số cơ sở được kiểm tra, thanh tra so với 6 tháng đầu năm./.",
     [("tăng 10% số cơ sở được kiểm tra, thanh tra so với 6 tháng đầu năm", 10, None, "%", ">=")]),
    ("phấn đấu 100% hồ sơ TTHC được giải quyết đúng hạn;", [("100% hồ sơ TTHC được giải quyết đúng hạn", 100, None, "%", "=")]),
    ("bảo đảm 100% hồ sơ được tiếp nhận qua Bộ phận một cửa.", [("100% hồ sơ được tiếp nhận qua Bộ phận một cửa", 100, None, "%", "=")]),
    ("tỷ lệ hồ sơ trễ hạn không quá 5% tổng số hồ sơ.", [("không quá 5% tổng số hồ sơ", 5, None, "%", "<=")]),
    ("thời gian giải quyết tối đa 10 ngày làm việc.", [("tối đa 10 ngày làm việc", 10, None, "ngày làm việc", "<=")]),
    ("tối thiểu 97,5% người dân hài lòng với sự phục vụ.", [("tối thiểu 97,5% người dân hài lòng với sự phục vụ", 97.5, None, "%", ">=")]),
    ("tổ chức ít nhất 02 đợt kiểm tra trong năm.", [("ít nhất 02 đợt kiểm tra trong năm", 2, None, "đợt kiểm tra", ">=")]),
    ("giảm ít nhất 20% thời gian giải quyết TTHC.", [("giảm ít nhất 20% thời gian giải quyết TTHC", 20, None, "%", ">=")]),
    ("cấp tỉnh phải đạt 70% hồ sơ công việc;", [("đạt 70% hồ sơ công việc", 70, None, "%", ">=")]),
    ("phấn đấu đạt 95% số xã đạt chuẩn nông thôn mới.", [("phấn đấu đạt 95% số xã đạt chuẩn nông thôn mới", 95, None, "%", ">=")]),
    ("giải ngân đạt 100% kế hoạch vốn được giao.", [("đạt 100% kế hoạch vốn được giao", 100, None, "%", ">=")]),
    ("tỷ lệ hộ nghèo giảm dưới 3% theo chuẩn mới.", [("dưới 3% theo chuẩn mới", 3, None, "%", "<")]),
    ("số thu vượt 5% dự toán được giao.", [("vượt 5% dự toán được giao", 5, None, "%", ">")]),
    ("tổ chức từ 2 đến 3 lớp tập huấn cho cán bộ.", [("từ 2 đến 3 lớp tập huấn cho cán bộ", 2, 3, "lớp", "range")]),
    ("kiểm tra không dưới 30% số cơ sở sản xuất.", [("không dưới 30% số cơ sở sản xuất", 30, None, "%", ">=")]),
    ("Chỉ tiêu đặt ra phải đạt 50% số TTHC mức độ 3 và mức độ 4 có phát sinh hồ sơ;",
     [("đạt 50% số TTHC mức độ 3 và mức độ 4 có phát sinh hồ sơ", 50, None, "%", ">=")]),
    ("ít nhất 20% hồ sơ được giải quyết trực tuyến trên tổng số hồ sơ phát sinh;",
     [("ít nhất 20% hồ sơ được giải quyết trực tuyến trên tổng số hồ sơ phát sinh", 20, None, "%", ">=")]),
    # a rate's unit keeps what it counts per, as the real corpus's annotators wrote it ("lần/năm", "mẫu/năm")
    ("tối thiểu 01 lần/quý tổ chức đối thoại.", [("tối thiểu 01 lần/quý tổ chức đối thoại", 1, None, "lần/quý", ">=")]),
    ("- Số lượng: 02 hội nghị/năm.", [("Số lượng: 02 hội nghị/năm", 2, None, "hội nghị/năm", "=")]),
    ("số lượng: 240 mẫu/năm;", [("số lượng: 240 mẫu/năm", 240, None, "mẫu/năm", "=")]),
    # a figure after the target it names takes the operator of the cue before the target
    ("trong đó phấn đấu hoàn thành cao nhất mục tiêu tăng trưởng kinh tế Chính phủ giao (8%)",
     [("8%", 8, None, "%", ">=")]),
    ("phấn đấu tăng trưởng kinh tế vượt mục tiêu Chính phủ giao (10%)", [("10%", 10, None, "%", ">")]),
    ("đạt được mục tiêu tăng trưởng kinh tế 8% trong năm 2025 của Tỉnh", [("8% trong năm 2025 của Tỉnh", 8, None, "%", ">=")]),
    # … not the figure that states the target itself
    ("(iii) Hoàn thành mục tiêu 100% TTHC liên quan đến doanh nghiệp được thực hiện trực tuyến",
     [("Hoàn thành mục tiêu 100% TTHC liên quan đến doanh nghiệp được thực hiện trực tuyến", 100, None, "%", "=")]),
    # a count in words after a bound
    ("tổ chức diễn tập phương án phòng ngừa, ứng phó sự cố tối thiểu một lần/năm.",
     [("tối thiểu một lần/năm", 1, None, "lần/năm", ">=")]),
    ("Chỉ tiêu 4: Có ít nhất một cơ sở y tế cung cấp dịch vụ",
     [("ít nhất một cơ sở y tế cung cấp dịch vụ", 1, None, "cơ sở", ">=")]),
    ("đạt trên 90% kế hoạch năm.", [("đạt trên 90% kế hoạch năm", 90, None, "%", ">")]),
    # after a verb, "đã" opens the object's relative clause: a target still
    ("quyết tâm giải ngân 100% kế hoạch vốn năm 2025 đã được Thủ tướng Chính phủ giao.",
     [("100% kế hoạch vốn năm 2025 đã được Thủ tướng Chính phủ giao", 100, None, "%", "=")]),
    ("tái sử dụng 100% dữ liệu đã số hóa để cắt giảm tối đa thủ tục hành chính",
     [("100% dữ liệu đã số hóa để cắt giảm tối đa thủ tục hành chính", 100, None, "%", "=")]),
    # an approximate count; the second factor of a product; a counted event the task organizes
    ("thông tin trực tiếp đến khoảng 1.000 thuê bao di động", [("khoảng 1.000 thuê bao di động", 1000, None, "thuê bao di động", "=")]),
    ("trước mắt cho tỉnh Khánh Hòa, Lâm Đồng mỗi tỉnh khoảng 200 tỷ đồng;",
     [("khoảng 200 tỷ đồng", 200, None, "tỷ đồng", "=")]),
    ("- Số lượng: 02 hội nghị/năm × 50 đại biểu/hội nghị.",
     [("Số lượng: 02 hội nghị/năm", 2, None, "hội nghị/năm", "="), ("× 50 đại biểu/hội nghị", 50, None, "đại biểu/hội nghị", "=")]),
    ("tỷ lệ trẻ em dưới 15 tuổi đạt khoảng 22%;", [("đạt khoảng 22%", 22, None, "%", "=")]),
    ("Tổ chức 02 lớp tập huấn cho cán bộ làm công tác tư pháp", [("Tổ chức 02 lớp tập huấn cho cán bộ làm công tác tư pháp", 2, None, "lớp", "=")]),
]

NEGATIVES = [
    "Sau tối đa 05 ngày kể từ khi văn bản được ban hành, cơ quan gửi báo cáo",
    "đã tổ chức thực hiện hoàn thành 34/45 nhiệm vụ, đạt tỷ lệ 75,55%;",
    "giải quyết 7.740 hồ sơ, chiếm 88,6%.",
    "thực hiện các dịch vụ công trực tuyến mức độ 3, 4 tại các cơ quan",
    "theo Quyết định số 2376/QĐ-UBND ngày 12/9/2018",
    "trong 9 tháng đầu năm 2022",
    "tỉnh An Giang xếp thứ 26 với số điểm đạt được là 84,67 điểm",
    "100% cơ quan, đơn vị đã thực hiện cơ chế một cửa.",
    "Chỉ số năm 2021 đã tăng 3,27 điểm so với năm 2020.",
    # after a verb "một" is an article, and "ít nhất một trong …" counts nothing
    "hướng dẫn người dân lựa chọn một thuê bao di động để đăng ký làm số thuê bao chính",
    "đáp ứng ít nhất một trong các tiêu chí sau",
    "lao động việc làm; đến nay 100% các văn phòng đã xây dựng báo cáo tháng, báo cáo quý;",
    "Đến nay, 100% các tỉnh uỷ, thành uỷ đã triển khai hệ thống điều hành tác nghiệp,",
    # "khoảng" before a time, a count in a past result
    "trong khoảng thời gian 10 ngày",
    "đã tổ chức khoảng 30 hội nghị tuyên truyền",
]


@pytest.mark.parametrize("phrase,expected", CASES, ids=[c[0][:50] for c in CASES])
def test_metric(phrase, expected):
    found = find_metrics(phrase)
    assert [(m.text, m.value, m.value_max, m.unit, m.op) for m in found] == expected
    for metric in found:
        assert phrase[metric.span[0]:metric.span[1]] == metric.text


@pytest.mark.parametrize("phrase", NEGATIVES, ids=[n[:50] for n in NEGATIVES])
def test_not_a_metric(phrase):
    from extractor.recognize.references import find_references
    assert find_metrics(phrase, 0, [r.span for r in find_references(phrase)]) == []


def test_two_targets_in_one_sentence():
    phrase = "cấp tỉnh phải đạt 70% hồ sơ công việc; cấp huyện đạt 60% hồ sơ công việc và cấp xã đạt 40% hồ sơ công việc."
    assert [m.value for m in find_metrics(phrase)] == [70, 60, 40]


# A collective or generic head counts with the lower-case words after it, up to a stop word, a capital, a
# figure or a mark (rules/metrics.yaml phrase_units); any other count's unit is the listed noun alone.
PHRASE_UNITS = [
    ("Phấn đấu mỗi năm phát triển ít nhất 05 bộ dữ liệu mở chất lượng cao phục vụ phát triển kinh tế số", "bộ dữ liệu mở"),
    ("ít nhất 20 tập dữ liệu mở phục vụ phát triển kinh tế số và xã hội số", "tập dữ liệu mở"),
    ("tối thiểu 05 kịch bản ứng dụng dữ liệu cấp tỉnh, ngành và địa phương", "kịch bản ứng dụng dữ liệu"),
    ("thông tin trực tiếp đến khoảng 1.000 thuê bao di động nhận tin nhắn kết quả quan trắc", "thuê bao di động"),
    ("Phấn đấu đến năm 2030 đạt 1.200 công trình xây dựng xanh theo các tiêu chuẩn quốc tế", "công trình xây dựng xanh"),
    ("Thành phố Hồ Chí Minh có tối thiểu 500 công trình xây dựng xanh vào năm 2030.", "công trình xây dựng xanh"),
    ("Bộ tiêu chí Nhãn sinh thái Việt Nam được ban hành, có ít nhất 02 loại hình sản phẩm được cấp.", "loại hình sản phẩm"),
    ("Có ít nhất 02 vùng dự án nuôi thủy sản công nghệ cao.", "vùng dự án"),
    ("Hoàn thành việc sáp nhập ít nhất 03 tổ chức đảng trong quý III/2024.", "tổ chức đảng"),
    ("- Sản phẩm: Ban hành tối thiểu 02 bộ tiêu chí Nhãn sinh thái Việt Nam cho phương tiện", "bộ tiêu chí"),
    ("hoàn thành tối thiểu 04 CSDL ngành Y tế", "CSDL"),
    ("Trong đó thành phố Hà Nội có tối thiểu 200 công trình, Thành phố Hồ Chí Minh", "công trình"),
    # not a collective head: the noun alone
    ("xây dựng ít nhất 05 điểm chữa cháy công cộng trong năm 2024.", "điểm"),
    ("tổ chức từ 2 đến 3 lớp bồi dưỡng cho công chức cấp xã trong năm 2024", "lớp"),
    ("bố trí ít nhất 01 cán bộ chuyên trách về chuyển đổi số tại mỗi xã, phường", "cán bộ"),
    ("thu hút ít nhất 30 bác sĩ về công tác tại các trung tâm y tế huyện", "bác sĩ"),
    ("Bệnh viện Đa khoa tỉnh thành lập từ 02 đến 03 đội cấp cứu cơ động, sẵn sàng hỗ trợ tuyến dưới", "đội"),
    ("UBND cấp xã lựa chọn ít nhất 02 cán bộ, công chức có năng lực", "cán bộ, công chức"),
]


@pytest.mark.parametrize("phrase,unit", PHRASE_UNITS, ids=[c[0][:50] for c in PHRASE_UNITS])
def test_phrase_unit(phrase, unit):
    assert [m.unit for m in find_metrics(phrase)] == [unit]


# "trên" alone before a count says where ("on four types of press"); before a percentage, or in "đạt
# trên", it bounds
PREPOSITION_CUES = [
    ("phóng sự, câu chuyện, phim tài liệu về kinh tế số, xã hội số trên 04 loại hình báo chí;", []),
    ("mưa lớn gây ngập trên 40 điểm ngập, nước chảy xiết", []),
    ("tổng sản phẩm trái cây tham gia xuất khẩu phấn đấu đến năm 2030 đạt trên 46.200 tấn;", [(46200, "tấn", ">")]),
    ("trên 50% hồ sơ TTHC giải quyết bằng hình thức trực tuyến.", [(50, "%", ">")]),
]


@pytest.mark.parametrize("phrase,expected", PREPOSITION_CUES, ids=[c[0][:50] for c in PREPOSITION_CUES])
def test_preposition_cue(phrase, expected):
    assert [(m.value, m.unit, m.op) for m in find_metrics(phrase)] == expected


# A bound states what must be: right after a past marker its figure is still a target; a share or a
# change that was stays a result
BOUND_AFTER_PAST_MARKER = [
    ("Chú trọng xây dựng các chính sách để nâng tỷ lệ hoạt động trực tuyến chiếm tối thiểu 80% các hoạt động",
     [(80, "%", ">=")]),
    ("xây dựng các chính sách để bảo đảm tỷ lệ hoạt động trực tuyến chiếm tối thiểu 50% tổng số hoạt động",
     [(50, "%", ">=")]),
    ("(3) Tỷ lệ nhân lực lao động kinh tế số trong lực lượng lao động chiếm tối thiểu 20%,", [(20, "%", ">=")]),
    ("giải quyết 7.740 hồ sơ, chiếm 88,6%.", []),
    ("Chỉ số năm 2021 đã tăng 3,27 điểm so với năm 2020.", []),
    ("Đến nay, 100% các tỉnh uỷ, thành uỷ đã triển khai hệ thống điều hành tác nghiệp,", []),
]


@pytest.mark.parametrize("phrase,expected", BOUND_AFTER_PAST_MARKER, ids=[c[0][:50] for c in BOUND_AFTER_PAST_MARKER])
def test_bound_after_past_marker(phrase, expected):
    assert [(m.value, m.unit, m.op) for m in find_metrics(phrase)] == expected


# A figure after "góp phần" is the goal the work contributes to, not its own target; a target before it stays
CONTRIBUTION = [
    ("góp phần thực hiện mục tiêu tăng trưởng kinh tế năm 2025 đạt trên 8% gắn liền với giữ vững ổn định kinh tế vĩ mô",
     []),
    ("đạt được mục tiêu tăng trưởng kinh tế 8% trong năm 2025 của Tỉnh và góp phần đạt mục tiêu tăng trưởng từ 8,3 - 8,5%",
     [(8, "%", ">=")]),
]


@pytest.mark.parametrize("phrase,expected", CONTRIBUTION, ids=[c[0][:50] for c in CONTRIBUTION])
def test_contributed_goal(phrase, expected):
    assert [(m.value, m.unit, m.op) for m in find_metrics(phrase)] == expected


# "mục tiêu" between a cue and its figure, as "tỷ lệ" and "mức"; without a cue the figure is bare
TARGET_LEAD_WORD = [
    ("- Phấn đấu đạt mục tiêu 1.200 công trình xanh được chứng nhận (theo tiêu chuẩn trong nước hoặc quốc tế)",
     [(1200, "công trình xanh", ">=")]),
    ("(iii) Hoàn thành mục tiêu 100% TTHC liên quan đến doanh nghiệp được thực hiện trực tuyến", [(100, "%", "=")]),
    ("triển khai thí điểm các “Vùng phát thải thấp” (LEZ); đảm bảo mục tiêu 100% phương tiện", [(100, "%", "=")]),
]


@pytest.mark.parametrize("phrase,expected", TARGET_LEAD_WORD, ids=[c[0][:50] for c in TARGET_LEAD_WORD])
def test_target_lead_word(phrase, expected):
    assert [(m.value, m.unit, m.op) for m in find_metrics(phrase)] == expected


# A figure inside quotation marks is part of a name or a slogan; one outside them still counts
QUOTED_NAMES = [
    ("thi đua cao điểm “500 ngày đêm thi đua hoàn thành 3.000 km đường bộ cao tốc” và khen thưởng", []),
    ("triển khai phong trào \"Tổ chức 02 lớp tập huấn cho cán bộ\" trong toàn ngành", []),
    ("hưởng ứng phong trào “Trồng một tỷ cây xanh”, tổ chức 02 lớp tập huấn cho cán bộ", [(2, "lớp", "=")]),
    ("đạt 100% kế hoạch vốn, thực hiện “bốn tại chỗ”", [(100, "%", ">=")]),
]


@pytest.mark.parametrize("phrase,expected", QUOTED_NAMES, ids=[c[0][:50] for c in QUOTED_NAMES])
def test_quoted_name(phrase, expected):
    assert [(m.value, m.unit, m.op) for m in find_metrics(phrase)] == expected


# "hoàn thành N UNIT": what the work completes; a completion that was ("đã … hoàn thành 34/45 nhiệm vụ") or a
# percentage keeps its reading
COMPLETED_COUNTS = [
    ("Chủ trì, phối hợp với Bộ Công an và các cơ quan liên quan tập trung nguồn lực, hoàn thành 04 CSDL ngành Y tế",
     [(4, "CSDL", "=")]),
    ("trong đó đặc biệt ưu tiên hoàn thành ngay 319 VBQPPL cần phải sửa đổi, bổ sung trong năm 2025", [(319, "VBQPPL", "=")]),
    ("đã tổ chức thực hiện hoàn thành 34/45 nhiệm vụ, đạt tỷ lệ 75,55%;", []),
    ("do nhu cầu; đến nay cả nước mới hoàn thành 4.018 căn hộ", []),
    ("Phấn đấu hoàn thành 100% nhiệm vụ được giao", [(100, "%", "=")]),
]


@pytest.mark.parametrize("phrase,expected", COMPLETED_COUNTS, ids=[c[0][:50] for c in COMPLETED_COUNTS])
def test_completed_count(phrase, expected):
    assert [(m.value, m.unit, m.op) for m in find_metrics(phrase)] == expected


# A rate per a noun that is neither a count unit nor a period ("con/phụ nữ"); a listed one first
RATE_NOUNS = [
    ("tổng tỷ suất sinh đạt 2,1 con/phụ nữ; tỷ số giới tính khi sinh", [(2.1, "con/phụ nữ", ">=")]),
    ("tổ chức ít nhất 02 lần/năm học vào đầu năm", [(2, "lần/năm", ">=")]),
    ("số lượng: 240 mẫu/năm;", [(240, "mẫu/năm", "=")]),
]


@pytest.mark.parametrize("phrase,expected", RATE_NOUNS, ids=[c[0][:50] for c in RATE_NOUNS])
def test_rate_per_noun(phrase, expected):
    assert [(m.value, m.unit, m.op) for m in find_metrics(phrase)] == expected


# A percentage right after a one-word name inside a sentence grades it ("Chlorine 70%"); after a place's
# name, an acronym or at a sentence's start it is a figure still
GRADED_NAMES = [
    ("Trung tâm Kiểm soát bệnh tật tỉnh chủ trì chủ động điều phối, cấp hóa chất Cloramin B, Chlorine 70%, máy phun", []),
    ("thủy sản công nghệ cao. Có 30% diện tích nuôi thủy sản chủ lực", [(30, "%", "=")]),
    ("Thành phố Hồ Chí Minh 100% hồ sơ được số hóa", [(100, "%", "=")]),
    ("tốc độ tăng trưởng GRDP 8% trong năm 2025", [(8, "%", "=")]),
]


@pytest.mark.parametrize("phrase,expected", GRADED_NAMES, ids=[c[0][:50] for c in GRADED_NAMES])
def test_graded_name(phrase, expected):
    assert [(m.value, m.unit, m.op) for m in find_metrics(phrase)] == expected


# "nâng … lên N UNIT": the level a figure is raised to; a past raise, or a noun no unit, is none
RAISED_TO = [
    ("phấn đấu có thêm từ 1 đến 2 xã đạt chuẩn vào cuối năm 2019 nâng tổng số xã đạt chuẩn nông thôn mới lên 09 xã.",
     [(1, "xã", "range"), (9, "xã", "=")]),
    ("nâng cấp đoạn tuyến thuộc địa bàn tỉnh Sơn La từ 02 làn xe lên 04 làn xe", []),
    ("năm 2023 đã nâng tổng số xã đạt chuẩn nông thôn mới lên 09 xã.", []),
]


@pytest.mark.parametrize("phrase,expected", RAISED_TO, ids=[c[0][:50] for c in RAISED_TO])
def test_raised_to(phrase, expected):
    assert [(m.value, m.unit, m.op) for m in find_metrics(phrase)] == expected


# A figure in the topic of a request the notice answers is what someone asked for; a request cited as the
# ground of a task's own figure is not such a topic
REQUEST_TOPICS = [
    ("Về kiến nghị bổ sung cho tỉnh Đắk Lắk nguồn ngân sách Trung ương hỗ trợ, khoảng 16.750 tỷ đồng để đầu tư", []),
    ("Về đề nghị hỗ trợ khoảng 200 tỷ đồng để kịp thời khắc phục hậu quả sau cơn bão số 13:", []),
    ("hỗ trợ gạo, vật tư theo đề nghị của các địa phương, trước mắt cho tỉnh Khánh Hòa khoảng 200 tỷ đồng",
     [(200, "tỷ đồng", "=")]),
]


@pytest.mark.parametrize("phrase,expected", REQUEST_TOPICS, ids=[c[0][:50] for c in REQUEST_TOPICS])
def test_request_topic(phrase, expected):
    assert [(m.value, m.unit, m.op) for m in find_metrics(phrase)] == expected
