"""The one date grammar (extractor/dates.py, its words in rules/dates.yaml): the header's date line,
the references' dates and the deadlines read "ngày 02 tháng 9 năm 2025", "02/9/2025", "tháng 5/2025" …
alike, and one changed word in rules/dates.yaml changes all three."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from extractor import Extractor, extract_text, find_deadlines, find_references, load_rules
from extractor.grammar import Grammar
from extractor.rules import rules_dir

HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH LONG AN\n\nSố: 12/TB-UBND\n\n{}\n\nTHÔNG BÁO\n\n"
          "Kết luận của Chủ tịch UBND tỉnh\n\n1. Sở Nội vụ chủ trì rà soát, hoàn thành trong tháng 5/2023.\n")


@pytest.mark.parametrize(("line", "issue_date"), [
    ("Long An, ngày 05 tháng 10 năm 2022", "2022-10-05"),
    ("Long An, ngày 05/10/2022", "2022-10-05"),
    ("Long An, ngày   tháng 10 năm 2022", "2022-10"),   # an unsigned copy: day left blank
    ("Long An, ngày 31 tháng 2 năm 2022", "2022"),      # no such day: the year alone
    ("Long An, ngày 05 tháng 10", None),                # no year: no date line
])
def test_header_date_line(line, issue_date):
    assert extract_text(HEADER.format(line)).issue_date == issue_date


@pytest.mark.parametrize(("text", "date"), [
    ("Thực hiện Quyết định số 12/QĐ-UBND ngày 01/3/2022 của UBND tỉnh", "2022-03-01"),
    ("Nghị định số 60/2021/NĐ-CP ngày 21 tháng 6 năm 2021 của Chính phủ", "2021-06-21"),
    ("Công văn số 5/UBND ngày 31/2/2022", None),   # no such day
    ("Công văn số 5/UBND ngày 01/3", None),        # a citation's date names its year
])
def test_reference_dates(text, date):
    assert [r.date for r in find_references(text)] == [date]


@pytest.mark.parametrize(("text", "found"), [
    ("hoàn thành trước ngày 02 tháng 9 năm 2025", [("by", "2025-09-02")]),
    ("hoàn thành trước ngày 02/9/2025", [("by", "2025-09-02")]),
    ("hoàn thành trước ngày 15/9", [("by", "2025-09-15")]),        # the year of the issue date
    ("hoàn thành trong tháng 5/2025", [("within", "2025-05-31")]),
    ("hoàn thành trước ngày 31/2/2025", []),                        # no such day
])
def test_deadline_dates(text, found):
    assert [(d.kind, d.end) for d in find_deadlines(text, issue_date="2025-08-01")] == found


def test_one_month_word_for_header_references_and_deadlines(tmp_path: Path):
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    path = target / "dates.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["month"] = "th."  # a rules set whose notices write "ngày 05 th. 10 năm 2022"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    custom = Extractor(rules=load_rules(str(target)))
    grammar: Grammar = custom.grammar
    written = HEADER.format("Long An, ngày 05 tháng 10 năm 2022")
    abbreviated = written.replace("tháng", "th.")
    cited = "Nghị định số 60/2021/NĐ-CP ngày 21 {} 6 năm 2021 của Chính phủ"
    deadline = "hoàn thành trong {} 5/2025"

    assert extract_text(written).issue_date == "2022-10-05"
    assert custom.extract_text(written).issue_date is None
    assert custom.extract_text(abbreviated).issue_date == "2022-10-05"
    assert [r.date for r in find_references(cited.format("th."), grammar=grammar)] == ["2021-06-21"]
    assert [r.date for r in find_references(cited.format("tháng"), grammar=grammar)] == [None]
    assert [d.end for d in find_deadlines(deadline.format("th."), grammar=grammar)] == ["2025-05-31"]
    assert find_deadlines(deadline.format("tháng"), grammar=grammar) == []
    # the default rules, in the same process, as before
    assert [d.end for d in find_deadlines(deadline.format("tháng"))] == ["2025-05-31"]
