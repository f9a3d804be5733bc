"""What OCR cannot read in the header of a signed scan is said, not guessed (issue 11): the number
and the day written by hand come out as anything ("J3}/UBND-" for 946/UBND-NN, "4Ø/TB-UBND" for
30/TB-UBND, corpus/scans-real)."""

from __future__ import annotations

import pytest

from extractor.pipeline import extract_raw
from extractor.readers import read_string

HEADER = """ỦY BAN NHÂN DÂN
HUYỆN ĐẮK R’LẤP
Số: {number}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đắk R’lấp, ngày {day} tháng 7 năm 2019
THÔNG BÁO
Về việc phòng, chống dịch tả lợn châu Phi
1. Giao Phòng Nông nghiệp và Phát triển nông thôn chủ trì, theo dõi tình hình dịch bệnh.
"""


def _notice(number: str, day: str, ocr: bool = True):
    raw = read_string(HEADER.format(number=number, day=day), "scan.pdf")
    raw.source.ocr = ocr
    return extract_raw(raw)


@pytest.mark.parametrize(("number", "day", "expected_number", "expected_date", "said"), [
    ("946/UBND-NN", "24", "946/UBND-NN", "2019-07-24", []),
    ("J3}/UBND-", "24", None, "2019-07-24", ["the number could not be read from the scan (OCR gave 'J3}/UBND-'"]),
    ("4Ø/TB-UBND", "24", None, "2019-07-24", ["the number could not be read"]),
    ("/TB-UBND", "24", None, "2019-07-24", ["no number was read from the scan"]),
    ("946/UBND-NN", "Ø9", "946/UBND-NN", "2019-07",
     [("the day of the issue date could not be read from the scan (written by hand on a signed original?): "
      "2019-07 is the month")]),
])
def test_a_handwritten_number_or_day_is_said_not_guessed(number, day, expected_number, expected_date, said):
    notice = _notice(number, day)
    assert notice.number == expected_number
    assert notice.issue_date == expected_date
    for start in said:
        assert any(w.startswith(start) for w in notice.warnings), notice.warnings
    if not said:
        assert not any("from the scan" in w for w in notice.warnings)


def test_typed_text_keeps_what_it_says():
    notice = _notice("J3}/UBND-", "24", ocr=False)
    assert notice.number == "J3}/UBND-"
    assert not any("from the scan" in w for w in notice.warnings)


@pytest.mark.parametrize("place", ["Đắk R’lấp", "Cư M'gar"])
def test_a_place_with_an_apostrophe_keeps_its_date(place):
    """The date line "Đắk R’lấp, ngày 24 tháng 7 năm 2019" gave no date at all (the ten notices of
    corpus/scans-real, typed or scanned): the place's letters did not include the apostrophe."""
    text = HEADER.format(number="946/UBND-NN", day="24").replace("Đắk R’lấp,", f"{place},")
    notice = extract_raw(read_string(text))
    assert (notice.place, notice.issue_date) == (place, "2019-07-24")
