"""Citations: phrase in, (doc_type, number, date, issuer) out."""

from __future__ import annotations

import pytest

from extractor.recognize.references import find_references

CASES = [
    ("theo Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ.", ("Nghị định", "60/2021/NĐ-CP", "2021-06-21", "Chính phủ")),
    ("Chỉ thị số 11-CT/TU ngày 07/9/2021 của Ban Thường vụ Tỉnh ủy về tăng cường", ("Chỉ thị", "11-CT/TU", "2021-09-07", "Ban Thường vụ Tỉnh ủy")),
    ("tại văn bản số 7056/UBND-THKSTTHC ngày 03/8/2022).", ("Văn bản", "7056/UBND-THKSTTHC", "2022-08-03", None)),
    ("Báo cáo số 1457/BC-SNV ngày 06 tháng 7 năm 2022 của Sở Nội vụ về phân tích", ("Báo cáo", "1457/BC-SNV", "2022-07-06", "Sở Nội vụ")),
    ("theo tinh thần Chỉ thị 40 của Tỉnh ủy về tăng cường", ("Chỉ thị", "40", None, "Tỉnh ủy")),
    ("Kết luận số 30-KL/TW ngày 15/3/2022 của Bộ Chính trị", ("Kết luận", "30-KL/TW", "2022-03-15", "Bộ Chính trị")),
    ("Kế hoạch số 2992/KH-UBND ngày 12/8/2021 của UBND tỉnh về thực hiện", ("Kế hoạch", "2992/KH-UBND", "2021-08-12", "UBND tỉnh")),
    ("Thực hiện Công văn số 1017/BTNMT-TCMT ngày 22 tháng 3 năm 2013 của Bộ Tài nguyên và Môi trường về việc", ("Công văn", "1017/BTNMT-TCMT", "2013-03-22", "Bộ Tài nguyên và Môi trường")),
    ("(Công văn số 3729/VP-KGVX, ngày 11/9/2019).", ("Công văn", "3729/VP-KGVX", "2019-09-11", None)),
    ("Nghị quyết 18-NQ/TW ngày 25/10/2017 của Hội nghị lần thứ sáu", ("Nghị quyết", "18-NQ/TW", "2017-10-25", None)),
    ("Quyết định số 2376/QĐ-UBND.", ("Quyết định", "2376/QĐ-UBND", None, None)),
    ("Thông tư số 01/2023/TT-BNV ngày 15/02/2023 của Bộ Nội vụ", ("Thông tư", "01/2023/TT-BNV", "2023-02-15", "Bộ Nội vụ")),
    # symbols with lower-case letters (real 2025 documents)
    ("Chỉ thị số 12/CT-TTg ngày 03/4/2023 của Thủ tướng Chính phủ", ("Chỉ thị", "12/CT-TTg", "2023-04-03", "Thủ tướng Chính phủ")),
    ("theo Tờ trình số 215/TTr-UBND ngày 5/6/2025.", ("Tờ trình", "215/TTr-UBND", "2025-06-05", None)),
    ("Công điện số 220/CĐ-TTg ngày 18 tháng 11 năm 2025", ("Công điện", "220/CĐ-TTg", "2025-11-18", None)),
    ("tại Công văn số 10704/VPCP-KSTT ngày 04 tháng 11 năm 2025", ("Công văn", "10704/VPCP-KSTT", "2025-11-04", None)),
    # a space typed after the dash (corpus/real/w16): the same symbol as its PDF print gives
    ("và Chương trình hành động số 10- CTr/TU ngày 13/8/2025 của Ban Thường vụ Tỉnh ủy",
     ("Chương trình hành động", "10-CTr/TU", "2025-08-13", "Ban Thường vụ Tỉnh ủy")),
    ("Quyết định số 35- QĐ/TU ngày 02/3/2021 của Tỉnh ủy", ("Quyết định", "35-QĐ/TU", "2021-03-02", "Tỉnh ủy")),
    ("theo Chỉ thị số 10- Các cơ quan thực hiện", ("Chỉ thị", "10", None, None)),  # a word after the dash: no code
]

NEGATIVES = [
    "Kế hoạch cải cách hành chính năm 2022 của tỉnh",
    "ban hành Kế hoạch khắc phục những tồn tại",
    "tổ chức một số cuộc họp chuyên đề",
]


@pytest.mark.parametrize("phrase,expected", CASES, ids=[c[0][:50] for c in CASES])
def test_reference(phrase, expected):
    (ref,) = find_references(phrase)
    assert (ref.doc_type, ref.number, ref.date, ref.issuer) == expected
    assert phrase[ref.span[0]:ref.span[1]] == ref.text


@pytest.mark.parametrize("phrase", NEGATIVES)
def test_not_a_reference(phrase):
    assert find_references(phrase) == []
