"""Task deadlines as an iCalendar file (`nhiemvu export … --to ics -o deadlines.ics`), written with the
`icalendar` package: one VTODO per deadline of a task.

- DUE is the deadline's end (by, within, range, relative with a computed end); DTSTART its start
  (from, range, within).
- A recurring deadline gets an RRULE: "trước ngày 20 hằng tháng" -> FREQ=MONTHLY;BYMONTHDAY=20,
  "hằng quý" -> FREQ=MONTHLY;INTERVAL=3, "trước ngày 30/11 hằng năm" -> FREQ=YEARLY;BYMONTH=11;
  BYMONTHDAY=30, "thứ Sáu hằng tuần" -> FREQ=WEEKLY;BYDAY=FR. A period that names no day falls due on
  its last day (the month's, the quarter's, the year's; Sunday for a week), as "trong tháng 8" ends on
  the 31st. The first occurrence (DTSTART = DUE) is the first such day on or after the notice's issue
  date; without an issue date there is no first occurrence and no RRULE (the recurrence is said in
  the description).
- SUMMARY is the task's text (shortened), DESCRIPTION the whole text, the deadline as written, the
  notice and the supporting agencies; CATEGORIES the lead agencies.
- UID is the task's uid and the deadline's ordinal in it, so importing an updated file again updates
  the to-dos instead of adding them twice.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .grammar import current_grammar
from .labels import DEFAULT_LANG, labels
from .rules import Rules
from .textutil import strip_diacritics

if TYPE_CHECKING:
    from icalendar import Calendar

PRODID = "-//nhiemvu//task deadlines//VI"
SUMMARY_CHARACTERS = 120
WEEKDAY_NUMBERS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
LOOK_AHEAD_DAYS = 800  # a yearly day may be nearly two years away when 29 February is asked


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The days a recurring deadline names, read in its words without tone marks (rules/dates.yaml)."""

    day_and_month: re.Pattern[str]   # "ngay 30/11", "ngay 30 thang 11"
    day: re.Pattern[str]             # "ngay 20"
    weekday: re.Pattern[str]         # "thu sau", "chu nhat"
    weekdays: dict[str, str]         # "thu sau" -> "FR"


def _patterns() -> _Patterns:
    return current_grammar().stage("extractor.ics._patterns", _build_patterns)


def _build_patterns(rules: Rules) -> _Patterns:
    def folded(word: str) -> str:
        return " ".join(strip_diacritics(word).lower().split())

    dates = rules.dates
    day, month = re.escape(folded(dates.day)), re.escape(folded(dates.month))
    weekdays: dict[str, str] = {folded(name): code for name, code in dates.weekdays.items()}
    names = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(weekdays, key=len, reverse=True))
    return _Patterns(
        day_and_month=re.compile(rf"{day}\s+(\d{{1,2}})\s*(?:/|-|\s+{month}\s+)\s*(\d{{1,2}})(?![\d/])"),
        day=re.compile(rf"{day}\s+(\d{{1,2}})(?![\d/])"),
        weekday=re.compile(rf"\b(?:{names})\b"),
        weekdays=weekdays,
    )


def recurrence_rule(recurrence: str, text: str) -> dict[str, object]:
    """The RRULE of a recurring deadline from its recurrence and the words of its text."""
    words = strip_diacritics(text).lower()
    pats = _patterns()
    if recurrence == "weekly":
        weekday = pats.weekday.search(words)
        day = "SU" if weekday is None else pats.weekdays[" ".join(weekday.group(0).split())]
        return {"FREQ": "WEEKLY", "BYDAY": day}
    if recurrence == "yearly":
        day_month = pats.day_and_month.search(words)
        if day_month and 1 <= int(day_month.group(2)) <= 12 and 1 <= int(day_month.group(1)) <= 31:
            return {"FREQ": "YEARLY", "BYMONTH": int(day_month.group(2)), "BYMONTHDAY": int(day_month.group(1))}
        return {"FREQ": "YEARLY", "BYMONTH": 12, "BYMONTHDAY": 31}
    named_day = pats.day.search(words)
    month_day = int(named_day.group(1)) if named_day and 1 <= int(named_day.group(1)) <= 31 else -1
    if recurrence == "quarterly":
        return {"FREQ": "MONTHLY", "INTERVAL": 3, "BYMONTHDAY": month_day}
    return {"FREQ": "MONTHLY", "BYMONTHDAY": month_day}


def _matches(rule: dict[str, object]) -> Callable[[date], bool]:
    """Whether a day is an occurrence of the rule (the quarterly one: in the last month of a quarter)."""
    def on_month_day(day: date, wanted: object) -> bool:
        assert isinstance(wanted, int)
        last = calendar.monthrange(day.year, day.month)[1]
        return day.day == (last if wanted == -1 else wanted)

    if rule["FREQ"] == "WEEKLY":
        return lambda day: day.weekday() == WEEKDAY_NUMBERS[str(rule["BYDAY"])]
    if rule["FREQ"] == "YEARLY":
        return lambda day: day.month == rule["BYMONTH"] and on_month_day(day, rule["BYMONTHDAY"])
    quarterly = rule.get("INTERVAL") == 3
    return lambda day: (not quarterly or day.month % 3 == 0) and on_month_day(day, rule["BYMONTHDAY"])


def first_occurrence(rule: dict[str, object], issued: date) -> date | None:
    """The first day on or after the issue date that the rule falls on."""
    matches = _matches(rule)
    for offset in range(LOOK_AHEAD_DAYS):
        day = issued + timedelta(days=offset)
        if matches(day):
            return day
    return None


def _date(value: str | None) -> date | None:
    """An ISO date; a partial one ("2024-05", "2024") is its first day."""
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _summary(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_CHARACTERS:
        return text
    cut = text.rfind(" ", 0, SUMMARY_CHARACTERS)
    return text[:cut if cut > 0 else SUMMARY_CHARACTERS].rstrip(" ,;:") + "…"


def _names(task: dict[str, Any], role: str) -> list[str]:
    names: list[str] = []
    for who in task.get("assignees", []):
        name = who.get("canonical") or who["name"]
        if who["role"] == role and name not in names:
            names.append(name)
    return names


def _notice_line(notice: dict[str, Any], words: dict[str, str]) -> str:
    issued = words["issued"].format(date=notice["issue_date"]) if notice.get("issue_date") else ""
    parts = [notice.get("number") or words["no_number"], issued, notice.get("issuer") or "", notice.get("title") or ""]
    return " — ".join(p for p in parts if p)


def build_calendar(records: Iterable[dict[str, Any]], now: datetime | None = None,
                   lang: str = DEFAULT_LANG) -> Calendar:
    """The icalendar.Calendar of every task deadline of the notices (error records are skipped); the
    words of its descriptions in `lang` (report_assets/labels.yaml)."""
    from icalendar import Calendar, Todo, vRecur

    words = labels(lang).ics
    stamp = now or datetime.now(UTC)
    book = Calendar()
    book.add("prodid", PRODID)
    book.add("version", "2.0")
    book.add("x-wr-calname", words["calendar_name"])
    for notice in records:
        if "error" in notice:
            continue
        doc_id = notice.get("doc_id") or notice["id"]
        issued = _date(notice.get("issue_date"))
        for task in notice.get("tasks", []):
            uid = task.get("uid") or f"{doc_id}:{task['path']}"
            for ordinal, deadline in enumerate(task.get("deadlines", []), start=1):
                todo = Todo()
                todo.add("uid", f"{uid}#{ordinal}")
                todo.add("dtstamp", stamp)
                todo.add("summary", _summary(task["text"]))
                description = [task["text"], words["deadline"].format(text=deadline["text"]),
                               words["notice"].format(line=_notice_line(notice, words))]
                supporting = _names(task, "support")
                if supporting:
                    description.append(words["support"].format(names="; ".join(supporting)))
                leads = _names(task, "lead")
                if leads:
                    todo.add("categories", leads)
                todo.add("status", "NEEDS-ACTION")
                start, end = _date(deadline.get("start")), _date(deadline.get("end"))
                recurrence = deadline.get("recurrence")
                if deadline["kind"] == "recurring" and recurrence:
                    rule = recurrence_rule(recurrence, deadline["text"])
                    anchor = start or issued
                    first = first_occurrence(rule, anchor) if anchor is not None else None
                    if first is None:
                        description.append(words["undated_recurrence"].format(recurrence=recurrence))
                    else:
                        todo.add("dtstart", first)
                        todo.add("due", first)
                        todo.add("rrule", vRecur(rule))
                else:
                    if start is not None:
                        todo.add("dtstart", start)
                    if end is not None:
                        todo.add("due", end)
                todo.add("description", "\n".join(description))
                book.add_component(todo)
    return book


def write_ics(jsonl: str | Path, out: str | Path, now: datetime | None = None, lang: str = DEFAULT_LANG) -> int:
    """Write the calendar; returns the number of VTODOs."""
    from .export import read_lines

    book = build_calendar(read_lines(jsonl), now, lang)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(book.to_ical())
    return len(book.walk("VTODO"))
