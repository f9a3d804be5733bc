"""Header and closing block (Decree 30/2020 layout)."""

from __future__ import annotations

import pytest

from extractor.layout import parse_layout
from extractor.normalize import normalize
from extractor.readers import read_string

HEADER = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

{number}

{date}

{type}

{title}

Nội dung thông báo.

1. Giao Sở Nội vụ chủ trì thực hiện.

Nơi nhận:
- Như trên;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trần Văn Bình
"""

CASES = [
    ("Số: 123/TB-UBND", "Quảng Nam, ngày 05 tháng 10 năm 2023", "THÔNG BÁO", "thong_bao", "123/TB-UBND", "2023-10-05"),
    ("Số: /TB-UBND", "Quảng Nam, ngày    tháng 10 năm 2022", "THÔNG BÁO", "thong_bao", None, "2022-10"),
    ("Số: 06/CT-UBND", "Tam Kỳ, ngày 2 tháng 5 năm 2019", "CHỈ THỊ", "chi_thi", "06/CT-UBND", "2019-05-02"),
    ("Số: 45 /KH-UBND", "Quảng Nam, ngày 15/3/2024", "KẾ HOẠCH", "ke_hoach", "45/KH-UBND", "2024-03-15"),
    ("Số: 05/CĐ-UBND", "Quảng Nam, ngày 28 tháng 9 năm 2023", "CÔNG ĐIỆN", "cong_dien", "05/CĐ-UBND", "2023-09-28"),
    ("Số: 245-KL/TU", "Quảng Nam, ngày 10 tháng 11 năm 2023", "KẾT LUẬN", "ket_luan", "245-KL/TU", "2023-11-10"),
]


@pytest.mark.parametrize("number,date,type_word,doc_type,expected_number,issue_date", CASES,
                         ids=[c[0] for c in CASES])
def test_header(number, date, type_word, doc_type, expected_number, issue_date):
    text = HEADER.format(number=number, date=date, type=type_word, title="Kết luận của Chủ tịch UBND tỉnh")
    layout = parse_layout(normalize(read_string(text)))
    assert (layout.doc_type, layout.number, layout.issue_date) == (doc_type, expected_number, issue_date)
    assert layout.issuer == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert layout.place in ("Quảng Nam", "Tam Kỳ")
    assert layout.title == "Kết luận của Chủ tịch UBND tỉnh"
    assert (layout.signer.name, layout.signer.title, layout.signer.authority) == ("Trần Văn Bình", "Phó Chủ tịch", "KT.")
    assert layout.recipients == ["Như trên", "Lưu: VT"]


def test_cong_van_without_type_word():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\n\nSố: 722/UBND-MT\n\nV/v tổ chức rà soát cơ sở gây ô nhiễm\n\n"
            "Bắc Giang, ngày 28 tháng 03 năm 2013\n\nKính gửi: Sở Tài nguyên và Môi trường\n\n"
            "Sở Tài nguyên và Môi trường chủ trì thực hiện.")
    layout = parse_layout(normalize(read_string(text)))
    assert (layout.doc_type, layout.number, layout.title) == ("cong_van", "722/UBND-MT", "tổ chức rà soát cơ sở gây ô nhiễm")


def test_news_article():
    text = ("Những giải pháp nâng cao chỉ số cải cách hành chính\n\nCập nhật lúc: 04:21, 30/08/2021 [GMT+7]\n\n"
            "UBND tỉnh yêu cầu các sở, ban, ngành không ngừng nâng cao tinh thần.\n\nVIẾT TRỌNG")
    layout = parse_layout(normalize(read_string(text)))
    assert layout.doc_type == "tin_bai" and layout.is_news and layout.relay_index is None
