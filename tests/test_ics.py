"""Deadlines as a calendar (`nhiemvu export … --to ics`): one VTODO per task deadline, DUE / DTSTART /
RRULE as the deadline says, SUMMARY, CATEGORIES and a UID that stays the same on re-export; the file
is read back by icalendar and by vobject (the parser of the Radicale CalDAV server)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from extractor.cli import main
from extractor.ics import build_calendar, write_ics

from .conftest import CORPUS, extraction

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
# every kind of deadline among them ("from": w60's "Từ tháng 10/2025 đến khi …"; w05's was the effect clause
# of a decision, no task)
BATCH = [CORPUS / "blind" / "docs" / "m02.txt", CORPUS / "blind" / "docs" / "m03.txt",
         CORPUS / "blind" / "docs" / "m04.txt", CORPUS / "heldout" / "docs" / "h03.txt",
         CORPUS / "real" / "docs" / "w05.txt", CORPUS / "real" / "docs" / "w31.txt",
         CORPUS / "real" / "docs" / "w60.txt"]


def _notice(deadline: dict, issue_date: str | None = "2022-08-25") -> dict:
    return {"id": "n1", "doc_id": "ubnd@x/1/TB-UBND/2022-08-25", "number": "1/TB-UBND", "issue_date": issue_date,
            "issuer": "Ủy ban nhân dân tỉnh X", "title": "Kết luận",
            "tasks": [{"id": "n1:1", "uid": "ubnd@x/1/TB-UBND/2022-08-25:1:1", "path": "1",
                       "text": "Sở Nội vụ rà soát hồ sơ.", "assignees": [
                           {"name": "Sở Nội vụ", "canonical": "Sở Nội vụ tỉnh X", "role": "lead"},
                           {"name": "Sở Tư pháp", "canonical": "Sở Tư pháp tỉnh X", "role": "support"}],
                       "deadlines": [{"span": [0, 1], **deadline}]}]}


def _todo(deadline: dict, issue_date: str | None = "2022-08-25"):
    (todo,) = Calendar.from_ical(build_calendar([_notice(deadline, issue_date)], NOW).to_ical()).walk("VTODO")
    return todo


def _value(todo, name: str):
    return todo[name].dt if name in todo else None


def _rule(todo) -> str | None:
    return todo["RRULE"].to_ical().decode() if "RRULE" in todo else None


@pytest.mark.parametrize(("deadline", "issue_date", "dtstart", "due", "rrule"), [
    ({"kind": "by", "text": "trước ngày 31/8/2022", "end": "2022-08-31"}, "2022-08-25", None, date(2022, 8, 31), None),
    ({"kind": "within", "text": "trong tháng 9/2022", "start": "2022-09-01", "end": "2022-09-30"}, "2022-08-25",
     date(2022, 9, 1), date(2022, 9, 30), None),
    ({"kind": "from", "text": "từ tháng 9/2022", "start": "2022-09-01"}, "2022-08-25", date(2022, 9, 1), None, None),
    ({"kind": "range", "text": "từ tháng 9/2022 đến tháng 10/2022", "start": "2022-09-01", "end": "2022-10-31"},
     "2022-08-25", date(2022, 9, 1), date(2022, 10, 31), None),
    ({"kind": "relative", "text": "trong 10 ngày làm việc", "end": "2022-09-08"}, "2022-08-25", None, date(2022, 9, 8), None),
    # a relative deadline whose end is unknown: a to-do without a date
    ({"kind": "relative", "text": "ngay sau khi lũ rút"}, "2022-08-25", None, None, None),
    # recurring: the first occurrence on or after the issue date, then the rule
    ({"kind": "recurring", "recurrence": "monthly", "text": "trước ngày 20 hằng tháng"}, "2022-08-25",
     date(2022, 9, 20), date(2022, 9, 20), "FREQ=MONTHLY;BYMONTHDAY=20"),
    ({"kind": "recurring", "recurrence": "monthly", "text": "trước ngày 20 hằng tháng"}, "2022-08-20",
     date(2022, 8, 20), date(2022, 8, 20), "FREQ=MONTHLY;BYMONTHDAY=20"),
    ({"kind": "recurring", "recurrence": "monthly", "text": "định kỳ hằng tháng"}, "2024-02-10",
     date(2024, 2, 29), date(2024, 2, 29), "FREQ=MONTHLY;BYMONTHDAY=-1"),
    ({"kind": "recurring", "recurrence": "quarterly", "text": "định kỳ hằng quý"}, "2023-11-08",
     date(2023, 12, 31), date(2023, 12, 31), "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
    ({"kind": "recurring", "recurrence": "quarterly", "text": "trước ngày 15 của tháng cuối quý"}, "2023-10-18",
     date(2023, 12, 15), date(2023, 12, 15), "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15"),
    ({"kind": "recurring", "recurrence": "yearly", "text": "trước ngày 30/11 hằng năm"}, "2025-11-19",
     date(2025, 11, 30), date(2025, 11, 30), "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=30"),
    ({"kind": "recurring", "recurrence": "yearly", "text": "định kỳ trước ngày 15 tháng 02 hàng năm"}, "2025-11-28",
     date(2026, 2, 15), date(2026, 2, 15), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=15"),
    ({"kind": "recurring", "recurrence": "yearly", "text": "Hằng năm"}, "2025-11-19",
     date(2025, 12, 31), date(2025, 12, 31), "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
    ({"kind": "recurring", "recurrence": "weekly", "text": "vào thứ Sáu hằng tuần"}, "2024-05-01",
     date(2024, 5, 3), date(2024, 5, 3), "FREQ=WEEKLY;BYDAY=FR"),
    ({"kind": "recurring", "recurrence": "weekly", "text": "chiều thứ 2 hằng tuần"}, "2024-05-01",
     date(2024, 5, 6), date(2024, 5, 6), "FREQ=WEEKLY;BYDAY=MO"),
    ({"kind": "recurring", "recurrence": "weekly", "text": "định kỳ hằng tuần"}, "2024-05",
     date(2024, 5, 5), date(2024, 5, 5), "FREQ=WEEKLY;BYDAY=SU"),
    # a notice without an issue date has no first occurrence: no dates, no rule
    ({"kind": "recurring", "recurrence": "monthly", "text": "trước ngày 20 hằng tháng"}, None, None, None, None),
])
def test_a_deadline_becomes_a_todo(deadline, issue_date, dtstart, due, rrule):
    todo = _todo(deadline, issue_date)
    written = _rule(todo)
    assert (_value(todo, "DTSTART"), _value(todo, "DUE")) == (dtstart, due)
    # the parts of a rule in any order
    assert (set(written.split(";")) if written else None) == (set(rrule.split(";")) if rrule else None)
    assert str(todo["UID"]) == "ubnd@x/1/TB-UBND/2022-08-25:1:1#1"
    assert str(todo["SUMMARY"]) == "Sở Nội vụ rà soát hồ sơ."
    assert [str(c) for c in todo["CATEGORIES"].cats] == ["Sở Nội vụ tỉnh X"]  # leads only
    assert deadline["text"] in str(todo["DESCRIPTION"]) and "Sở Tư pháp tỉnh X" in str(todo["DESCRIPTION"])


@pytest.mark.parametrize(("text", "issue_date", "first_four"), [
    ("trước ngày 20 hằng tháng", "2022-08-25", ["2022-09-20", "2022-10-20", "2022-11-20", "2022-12-20"]),
    ("định kỳ hằng quý", "2023-11-08", ["2023-12-31", "2024-03-31", "2024-06-30", "2024-09-30"]),
    ("định kỳ hằng tháng", "2024-01-15", ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]),
])
def test_recurring_todos_fall_on_the_days_the_notice_means(text, issue_date, first_four):
    recurrence = "quarterly" if "quý" in text else "monthly"
    todo = _todo({"kind": "recurring", "recurrence": recurrence, "text": text}, issue_date)
    start = datetime.combine(todo["DTSTART"].dt, datetime.min.time())
    rule = rrulestr(_rule(todo), dtstart=start)
    assert [d.date().isoformat() for d in rule[:4]] == first_four


def _corpus_batch(tmp_path: Path) -> tuple[Path, list[dict]]:
    records = [extraction(p) for p in BATCH]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
                     + '{"schema_version": "1.1", "source": {"path": "x.pdf"}, "error": {"code": "empty", "message": ""}}\n',
                     encoding="utf-8")
    return batch, records


def test_the_corpus_as_a_calendar_reads_back_in_icalendar_and_vobject(tmp_path, capsys):
    import vobject

    batch, records = _corpus_batch(tmp_path)
    out = tmp_path / "deadlines.ics"
    assert main(["export", str(batch), "--to", "ics", "-o", str(out)]) == 0
    deadlines = [(r, t, n, d) for r in records for t in r["tasks"] for n, d in enumerate(t["deadlines"], start=1)]
    assert capsys.readouterr().out == f"{len(deadlines)} deadlines written to {out}\n"
    todos = Calendar.from_ical(out.read_bytes()).walk("VTODO")
    assert [str(t["UID"]) for t in todos] == [f"{task['uid']}#{n}" for _, task, n, _ in deadlines]
    assert len({str(t["UID"]) for t in todos}) == len(todos) > 20
    for todo, (notice, task, _, deadline) in zip(todos, deadlines, strict=True):
        assert " ".join(task["text"].split()).startswith(str(todo["SUMMARY"]).rstrip("…"))
        leads = list(dict.fromkeys(a["canonical"] for a in task["assignees"] if a["role"] == "lead"))
        assert ([str(c) for c in todo["CATEGORIES"].cats] if "CATEGORIES" in todo else []) == leads
        if "DTSTART" in todo and "DUE" in todo:
            assert todo["DUE"].dt >= todo["DTSTART"].dt
        assert ("RRULE" in todo) == (deadline["kind"] == "recurring" and bool(notice["issue_date"]))
    kinds = {d["kind"] for *_, d in deadlines}
    assert {"by", "within", "range", "from", "recurring", "relative"} <= kinds
    parsed = vobject.readOne(out.read_text(encoding="utf-8"))
    assert len(parsed.vtodo_list) == len(todos)
    assert {t.uid.value for t in parsed.vtodo_list} == {str(t["UID"]) for t in todos}


def test_a_re_export_of_a_corrected_notice_keeps_the_uids(tmp_path):
    _, records = _corpus_batch(tmp_path)
    corrected = copy.deepcopy(records)
    task = next(t for t in corrected[0]["tasks"] if t["deadlines"])
    task["text"] = "Nội dung đã sửa: " + task["text"]
    first = Calendar.from_ical(build_calendar(records, NOW).to_ical()).walk("VTODO")
    again = Calendar.from_ical(build_calendar(corrected, datetime(2026, 2, 1, tzinfo=UTC)).to_ical()).walk("VTODO")
    assert [str(t["UID"]) for t in first] == [str(t["UID"]) for t in again]
    assert [str(t["SUMMARY"]) for t in first] != [str(t["SUMMARY"]) for t in again]
    assert again[0]["DTSTAMP"].dt > first[0]["DTSTAMP"].dt  # a client takes the newer one


def test_write_ics_counts_the_todos(tmp_path):
    batch, records = _corpus_batch(tmp_path)
    count = write_ics(batch, tmp_path / "sub" / "d.ics", NOW)
    assert count == sum(len(t["deadlines"]) for r in records for t in r["tasks"])


@pytest.mark.parametrize(("lang", "deadline_line", "calendar_name"), [
    ("vi", "Thời hạn: trước ngày 30/9/2022", "nhiemvu: hạn nhiệm vụ"),
    ("en", "Deadline: trước ngày 30/9/2022", "nhiemvu: task deadlines"),
])
def test_calendar_words_are_the_interface_language(lang, deadline_line, calendar_name):
    deadline = {"text": "trước ngày 30/9/2022", "kind": "by", "start": None, "end": "2022-09-30", "recurrence": None}
    book = Calendar.from_ical(build_calendar([_notice(deadline, "2022-08-15")], NOW, lang).to_ical())
    (todo,) = book.walk("VTODO")
    assert deadline_line in str(todo["description"]).splitlines()
    assert str(book["x-wr-calname"]) == calendar_name
