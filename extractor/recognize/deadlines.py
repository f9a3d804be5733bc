"""Deadlines: time expressions that bound a task's action, resolved against the notice's issue date.

Grammar (cue words from rules/deadlines.yaml):
  by         := by_cue [time of day] [ngày] POINT            "trước ngày 31/8/2022", "chậm nhất 10h00' ngày 27/4/2020"
  within     := within_cue PERIOD                            "trong tháng 8/2022", "trong quý III/2023"
  range      := [trong khoảng] từ POINT|PERIOD đến POINT|PERIOD
  from       := from_cue POINT|PERIOD (no range after it)   "bắt đầu thực hiện từ tháng 8/2022"
  recurring  := [định kỳ] hằng|hàng tuần|tháng|quý|năm      only after "định kỳ", a trigger verb or at a clause start
  relative   := trong vòng N ngày|tuần|tháng [làm việc] [kể từ ngày ký]; "ngay sau khi ..."
  slot       := Thời hạn|Thời gian hoàn thành ...: POINT|PERIOD
POINT is a day (31/8/2022, 31/8, ngày 31 tháng 8 năm 2022); PERIOD a month, quarter, half-year,
"N tháng đầu/cuối năm" or year: the date grammar of extractor/dates.py (the header and the
references read dates with it too). A missing year comes from the issue date only; never the clock.
Dateparser is not used: it reads "trước" as "ago", invents days and turns "95%" into a year.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import regex

from ..dates import YEAR as _YEAR
from ..dates import DateGrammar
from ..grammar import Grammar, OpenerScan, current_grammar, current_rules, using
from ..models import Deadline, DeadlineKind, Recurrence, built
from ..rules import Rules, alternation

Span = tuple[int, int]


@dataclass(slots=True, frozen=True)
class RefDate:
    """What is known of the issue date: a year, maybe a month, maybe a day."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, iso: str | None) -> RefDate:
        if not iso:
            return cls()
        parts = [int(p) for p in iso.split("-")]
        return cls(*parts)

    def full(self) -> date | None:
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None


@dataclass(slots=True, frozen=True)
class _Period:
    start: date | None
    end: date | None


# every recognizer call of a notice reads the same issue date: parsed once (a RefDate is immutable)
_ref_date = lru_cache(maxsize=64)(RefDate.parse)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class _Patterns:
    def __init__(self, rules: Rules) -> None:
        r = rules.deadlines
        self.rules = r
        ci = regex.IGNORECASE
        quarters = "|".join(sorted((regex.escape(k) for k in r.quarters), key=len, reverse=True))
        halves = alternation(list(r.half_years))
        number_words = alternation(list(r.number_words))
        dg = DateGrammar.of(rules.dates)
        day, month, year = dg.day, dg.month, dg.year
        sides = alternation(list(r.year_parts), boundary=False)  # "đầu", "cuối" (năm)
        ends = alternation(r.end_words, boundary=False)          # "hết", "cuối" (tháng)
        # POINT (a day) and PERIOD sub-grammars of the date grammar (extractor/dates.py); named groups
        # are prefixed so two can stand in one pattern.
        def point(p: str) -> str:
            return dg.day_date(p)

        def period(p: str) -> str:
            return (
                rf"{dg.month_period(p)}"
                rf"|{dg.quarter}\s+(?P<{p}q>{quarters})(?:\s*(?:/|{year})\s*(?P<{p}qy>{_YEAR}))?(?![\p{{L}}\d])"
                rf"|(?P<{p}half>{halves})(?:\s+(?P<{p}hy>{_YEAR}))?"
                rf"|(?P<{p}n>\d{{1,2}}|{number_words})\s+{month}\s+(?P<{p}side>{sides})\s+{year}(?:\s+(?P<{p}ny>{_YEAR}))?"
                rf"|{year}\s+(?P<{p}yy>{_YEAR})(?![\d/\-])"
            )

        hours = alternation(rules.dates.hour_words, boundary=False)
        minutes = alternation(rules.dates.minute_words, boundary=False)
        time_of_day = rf"(?:\d{{1,2}}\s*{hours}\s*(?:\d{{1,2}})?\s*'?\s*(?:{minutes})?\s*,?\s*)?"
        def point_or_period(p: str) -> str:
            return rf"(?:{period(p)}|{point(p)})"
        by = alternation(r.by_cues)
        within = alternation(r.within_cues)
        frm = alternation(r.from_cues)
        to = "|".join(regex.escape(s) for s in r.range_separators)
        slot = alternation(r.slot_labels)
        completion = alternation(r.completion_verbs)
        # The cued patterns are searched where one of their first words begins (`OpenerScan`: a stdlib
        # scan of the lower-cased text, then the pattern tried there; `regex` tries a case-insensitive
        # pattern at every character otherwise), and only where one of their cues begins whole
        def firsts_of(*lists: list[str]) -> list[str]:
            return [w.split()[0] for words in lists for w in words]
        self.range = OpenerScan(regex.compile(
            rf"(?:{alternation(r.range_openers, boundary=False)}\s+)?(?:{frm})\s+{point_or_period('a')}"
            rf"\s*(?:{to})\s*(?:{day}\s+)?{point_or_period('b')}", ci), firsts_of(r.range_openers, r.from_cues),
            [*r.range_openers, *r.from_cues])
        self.range_now = regex.compile(
            rf"(?:{alternation(r.range_from_now)})\s*(?:{to})\s*(?:{ends}\s+)?(?:{day}\s+)?"
            rf"{point_or_period('b')}", ci)
        self.year_range = regex.compile(
            rf"\s*(?:(?:{year}|{alternation(r.phase_words, boundary=False)})\s+)?(?P<y1>{_YEAR})\s*[-–]\s*(?P<y2>{_YEAR})(?![\d/])", ci)
        self.before = regex.compile(rf"(?:{alternation(r.before_cues)})\s", ci)
        self.after = regex.compile(rf"(?:{alternation(r.after_cues)})\s", ci) if r.after_cues else None
        self.by = OpenerScan(regex.compile(rf"(?:{by})\s+{time_of_day}{point_or_period('a')}", ci),
                             firsts_of(r.by_cues), r.by_cues)
        self.within = OpenerScan(regex.compile(rf"(?:{within})\s+{point_or_period('a')}", ci),
                                 firsts_of(r.within_cues), r.within_cues)
        # "từ tháng 11/2025" alone, or "… đến khi kết thúc Tổng kiểm kê" (an end that is an event, no date)
        self.frm = OpenerScan(regex.compile(
            rf"(?:{frm})\s+{point_or_period('a')}(?!\s*(?:{to})\s*(?:{day}|{month}|{year}|{dg.quarter}|{ends}|\d))", ci),
            firsts_of(r.from_cues), r.from_cues)
        # "(2025 - 2030)", "(xuyên suốt 2025 - 2035)" closing a roadmap item
        self.paren_years = regex.compile(
            rf"\(\s*(?:{alternation(r.paren_range_words)}\s+)?(?P<y1>{_YEAR})\s*[-–]\s*(?P<y2>{_YEAR})\s*\)(?=\s*[.;]?\s*$)", ci)
        # "Tháng 11 - 12/2025" in a time column
        self.month_range = regex.compile(
            rf"\s*{month}\s+(?P<m1>\d{{1,2}})\s*[-–]\s*(?P<m2>\d{{1,2}})\s*[/.]\s*(?P<y>{_YEAR})(?![\d/])", ci)
        self.slot = regex.compile(rf"(?:{slot})(?:\s+\p{{Ll}}+){{0,4}}\s*:\s*{point_or_period('a')}", ci)
        self.completion = OpenerScan(regex.compile(rf"(?:{completion})\s+(?:{point_or_period('a')})", ci),
                                     firsts_of(r.completion_verbs), r.completion_verbs)
        rec_words = alternation(list(r.recurrence.words), boundary=False)  # after a space or "định kỳ 0"
        prefixes = alternation(r.recurrence.prefixes)
        periodic = alternation(r.recurrence.periodic_words, boundary=False)  # "định kỳ"
        triggers = alternation(r.recurrence.triggers, backwards=True)
        self.recurring = regex.compile(
            rf"(?:(?P<by>{by})\s+(?:{day}\s+)?(?P<day>\d{{1,2}})(?:\s*(?:/|{month})\s*\d{{1,2}})?\s+)?"
            rf"(?:(?:{periodic}\s+)?(?P<prefix>{prefixes})\s+|{periodic}\s+0?(?=\d))(?P<unit>{rec_words})(?![\p{{L}}\d/])",
            ci)
        self.recurring_scan = OpenerScan(self.recurring, firsts_of(r.by_cues, r.recurrence.periodic_words,
                                                                    r.recurrence.prefixes),
                                         [*r.by_cues, *r.recurrence.periodic_words, *r.recurrence.prefixes])
        self.recurring_trigger = regex.compile(
            rf"(?:{triggers}|{alternation(r.recurrence.periodic_words, boundary=False, backwards=True)})"
            rf"(?:\s+\S+){{0,3}}\s*$", ci | regex.REVERSE)
        self.periodic_word = regex.compile(rf"(?<![\p{{L}}]){periodic}(?![\p{{L}}])", ci | regex.REVERSE)
        self.periodic = regex.compile(rf"{periodic}\s+{alternation(r.recurrence.prefixes, boundary=False)}", ci)
        self.periodic_tail = regex.compile(rf"{periodic}\s+$", ci)  # a "định kỳ" just before the words
        units = alternation(list(r.relative.units))
        anchors = alternation(r.relative.anchors)
        self.relative = regex.compile(
            rf"{alternation(r.relative.number_openers, boundary=False)}\s+"
            rf"(?P<n>\d{{1,3}})\s+(?P<unit>{units})(?:\s*,?\s*(?P<anchor>{anchors})(?P<rest>[^,.;()]{{0,40}}))?", ci)
        self.immediate = regex.compile(rf"(?:{alternation(r.relative.immediate)})[^,.;()]{{0,60}}", ci)
        ev = r.relative.events
        # at a clause's start only, up to the comma that closes the event
        self.event = regex.compile(
            rf"(?:^|(?<=[.;:\n|]\s*)|(?<=^[-+•]\s*))(?:{alternation(ev.openers)})\s+"
            rf"(?!{alternation(ev.narrative_verbs)}(?![\p{{L}}]))[^,.;:()\n]{{3,{ev.max_chars}}}(?=\s*,)")
        # (the end-anchored REVERSE patterns here are matched from the end, where a search finds its match
        # first: "\s*$" reads across a final line break, the only other place "$" holds)
        self.block_before = regex.compile(rf"(?:{alternation(r.blockers.before, backwards=True)})\s*$", ci | regex.REVERSE)
        self.block_after = regex.compile(rf"^\s*(?:{alternation(r.blockers.after)})", ci)
        self.name_period = regex.compile(alternation(r.blockers.name_periods), ci)
        # "… từ ngày 30/01/2020 đến ngày 24/4/2020": "đến …" ends a range, never a deadline of its own
        self.separator = regex.compile(alternation([w for w in r.range_separators if w[:1].isalpha()]), ci)
        self.range_head = regex.compile(rf"(?:{frm})\s+(?:{point_or_period('z')})\s*$", ci)
        # a plan's name opens the clause ("Triển khai Chiến lược phát triển … đến năm 2030")
        self.name_clause = regex.compile(
            rf"(?:{alternation(r.blockers.name_nouns)})(?!\s+{alternation(r.blockers.self_reference)})"
            rf"[^,.;:()]{{0,{r.blockers.name_chars}}}$", ci)
        self.name_chars = r.blockers.name_chars
        self.topic_clause = regex.compile(
            rf"(?:^|[.;:\n])\s*(?:[-+•]\s*)?(?:{alternation(r.blockers.topic_openers)})\s[^,.;:\n]{{0,{r.blockers.topic_chars}}}$",
            ci) if r.blockers.topic_openers else None
        self.topic_chars = r.blockers.topic_chars
        self.onward = regex.compile(rf"\s*(?:{alternation(r.blockers.after)})", ci)  # matched at a position
        # First words of each family's cues: a plain substring test skips a pattern that cannot match.
        def firsts(words: list[str]) -> tuple[str, ...]:
            return tuple(sorted({w.split()[0].lower() for w in words}))
        self.gate_by = firsts(r.by_cues)
        self.gate_within = firsts(r.within_cues)
        self.gate_from = firsts(r.from_cues)
        self.gate_slot = firsts(r.slot_labels)
        self.gate_completion = firsts(r.completion_verbs)
        self.bare = regex.compile(rf"\s*(?:{point_or_period('a')}|(?P<ayear>{_YEAR})(?![\d/.\-]))", ci)
        # "Quý IV/2025 - Quý II/2026" in a time cell: from the first period to the end of the second
        symbols = [w for w in r.range_separators if not w[:1].isalpha()]
        self.cell_range_next = regex.compile(
            rf"\s*(?:{'|'.join(map(regex.escape, symbols))})\s*{point_or_period('b')}", ci) if symbols else None
        # "báo cáo kết quả … từ ngày … đến ngày …": what was done in a period, not a deadline
        self.period_subject = regex.compile(rf"{alternation(r.reporting_subjects, boundary=False)}[^.;:]*$", ci)
        # "trong 6 tháng" alone is a duration; "trong vòng 6 tháng" a term
        self.within_term = regex.compile(alternation(r.relative.term_cues, boundary=False), ci)
        self.signing_anchors = frozenset(a.lower() for a in r.relative.signing_anchors)
        # cheap gates before the patterns, read as the cue gates above on the lower-cased text (one
        # case-insensitive alternation searched over a whole text costs more than its pattern saves):
        # a digit or a period word; a recurrence's prefix or "định kỳ"; a digit or an "at once" cue
        self.digit = re.compile(r"\d")  # stdlib: the same digits (Unicode decimals), a cheaper call
        self.gate_period = firsts([rules.dates.quarter, rules.dates.month])
        # a relative term has a digit and one of its openers; an "at once" cue its words; an event
        # its opener, as written (the event pattern is case-sensitive)
        self.gate_relative = firsts(r.relative.number_openers)
        self.gate_event = tuple(sorted({w.split()[0] for w in r.relative.events.openers}))
        # whole phrases: the first word of "định kỳ" is in every "quy định"
        self.gate_recurrence = tuple(sorted({w.lower() for w in r.recurrence.prefixes + r.recurrence.periodic_words}))
        self.gate_immediate = firsts(r.relative.immediate)
        self.year = regex.compile(_YEAR)
        self.end_words = tuple(w.lower() for w in r.end_words)  # "cuối tháng 6": by its end
        self.year_target_cues = tuple(f"{w.lower()} " for w in r.year_target_cues)  # "vào năm 2030": by its end
        self.joiners = tuple(rules.agencies.list_joiners)        # "Năm 2023 và hàng năm"
        self.clause_end = regex.compile(r"[.;:\n]\s*$")
        self.clause_close = regex.compile(r"\s*(?:[.;\n]|$)")
        self.clause_break = regex.compile(r"[.;:\n]", regex.REVERSE)
        self.purpose = regex.compile(alternation(r.recurrence.purpose_words), ci)


def _patterns() -> _Patterns:
    return current_grammar().stage("extractor.recognize.deadlines._patterns", _Patterns)


def _year(raw: str | None, ref: RefDate) -> int | None:
    return int(raw) if raw else ref.year


def _written_year(m: regex.Match[str], p: str) -> bool:
    """Whether the POINT/PERIOD alternative with prefix p wrote its year."""
    return any(m.group(f"{p}{key}") for key in ("y", "y2", "my", "qy", "hy", "ny", "yy")
               if f"{p}{key}" in m.re.groupindex)


def _resolve(m: regex.Match[str], p: str, ref: RefDate) -> _Period | None:
    """The period named by the POINT/PERIOD alternative with prefix p that matched."""
    g = m.groupdict()
    try:
        if g.get(f"{p}d") or g.get(f"{p}d2"):
            day = int(g.get(f"{p}d") or g[f"{p}d2"])
            month = int(g.get(f"{p}m") or g[f"{p}m2"])
            year = _year(g.get(f"{p}y") or g.get(f"{p}y2"), ref)
            if year is None:
                return _Period(None, None)
            point = date(year, month, day)
            return _Period(point, point)
        if g.get(f"{p}mm"):
            month = int(g[f"{p}mm"])
            year = _year(g.get(f"{p}my"), ref)
            if year is None or not 1 <= month <= 12:
                return None if year else _Period(None, None)
            return _Period(date(year, month, 1), _month_end(year, month))
        if g.get(f"{p}q"):
            quarter = current_rules().deadlines.quarters[g[f"{p}q"].upper()]
            year = _year(g.get(f"{p}qy"), ref)
            if year is None:
                return _Period(None, None)
            first = 3 * (quarter - 1) + 1
            return _Period(date(year, first, 1), _month_end(year, first + 2))
        if g.get(f"{p}half"):
            first, last = _half(g[f"{p}half"])
            year = _year(g.get(f"{p}hy"), ref)
            if year is None:
                return _Period(None, None)
            return _Period(date(year, first, 1), _month_end(year, last))
        if g.get(f"{p}n"):
            words = current_rules().deadlines.number_words
            months = words.get(g[f"{p}n"].lower()) or int(g[f"{p}n"])
            if not 1 <= months <= 12:
                return None
            year = _year(g.get(f"{p}ny"), ref)
            if year is None:
                return _Period(None, None)
            if current_rules().deadlines.year_parts[g[f"{p}side"].lower()] == "first":
                return _Period(date(year, 1, 1), _month_end(year, months))
            return _Period(date(year, 13 - months, 1), _month_end(year, 12))
        if g.get(f"{p}yy"):
            year = int(g[f"{p}yy"])
            return _Period(date(year, 1, 1), date(year, 12, 31))
    except ValueError:
        return None  # 31/2, month 13: not a date
    return None


def _half(words: str) -> tuple[int, int]:
    halves = current_rules().deadlines.half_years
    key = " ".join(words.lower().split())
    return halves[key]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: DeadlineKind
    period_start: date | None
    period_end: date | None
    recurrence: Recurrence | None = None


def find_deadlines(text: str, offset: int = 0, issue_date: str | None = None,
                   blocked: Sequence[Span] = (), *, grammar: Grammar | None = None) -> list[Deadline]:
    """Deadlines in `text` (spans shifted by `offset`); `blocked` are citation spans to skip."""
    if grammar is None:  # the grammar in force: no context to set
        return _find_deadlines(text, offset, issue_date, blocked)
    with using(grammar):
        return _find_deadlines(text, offset, issue_date, blocked)


def _find_deadlines(text: str, offset: int = 0, issue_date: str | None = None,
                    blocked: Sequence[Span] = ()) -> list[Deadline]:
    pats = _patterns()
    ref = _ref_date(issue_date)
    found: list[_Found] = []

    def add(match: regex.Match[str], kind: DeadlineKind, period: _Period | None,
            recurrence: Recurrence | None = None, start: int | None = None) -> None:
        if period is None:
            return
        s = match.start() if start is None else start
        e = match.end()
        if pats.block_before.match(text[max(0, s - 30):s]) or pats.block_after.match(text[e:e + 40]):
            return
        if pats.name_period.match(text, s) and pats.name_clause.search(text[max(0, s - pats.name_chars - 20):s]):
            return
        if pats.separator.match(text, s) and pats.range_head.search(text[max(0, s - 60):s]):
            return
        if pats.topic_clause is not None and pats.topic_clause.search(text, max(0, s - pats.topic_chars - 20), s):
            return
        found.append(_Found(s, e, kind, period.start, period.end, recurrence))

    lower = text.lower()
    digit = pats.digit.search(text) is not None
    has_digit = digit or any(map(lower.__contains__, pats.gate_period))

    def gated(pattern: regex.Pattern[str] | OpenerScan, firsts: tuple[str, ...]) -> Iterable[regex.Match[str]]:
        if not (has_digit and any(map(lower.__contains__, firsts))):
            return ()
        return pattern.finditer(text, lower) if isinstance(pattern, OpenerScan) else pattern.finditer(text)

    if has_digit:  # else no cued pattern can match (most texts: no digit, no quarter or month word)
        for m in gated(pats.range, pats.gate_from):
            last = _resolve(m, "b", ref)
            # "từ tháng 3 đến tháng 10 năm 2026": a start without a year is in the end's year
            shared = last is not None and last.end is not None and _written_year(m, "b") and not _written_year(m, "a")
            first = _resolve(m, "a", RefDate(last.end.year) if shared and last is not None and last.end else ref)
            if shared and first is not None and first.start and last is not None and last.end \
                    and first.start > last.end:  # "từ tháng 11 đến tháng 3/2026" began the year before
                first = _resolve(m, "a", RefDate(last.end.year - 1))
            if first is None or last is None:
                continue
            if first.start and last.end and first.start > last.end:
                if _written_year(m, "b"):
                    continue  # an end before the start: no period
                # "từ tháng 10 đến tháng 4 năm sau": an end without a year before the start is the next year's
                last = _resolve(m, "b", RefDate(last.end.year + 1))
                if last is None:
                    continue
            if pats.period_subject.search(text[max(0, m.start() - 120):m.start()]):
                continue  # "báo cáo kết quả ... từ ngày 30/01/2020 đến ngày 24/4/2020": a reporting period
            add(m, "range", _Period(first.start, last.end))
        if "nay" in lower:
            for m in pats.range_now.finditer(text):
                last, now = _resolve(m, "b", ref), ref.full()
                if last is not None and now is not None:
                    add(m, "range", _Period(now, last.end))
        for m in gated(pats.by, pats.gate_by):
            period = _resolve(m, "a", ref)
            if period and period.start and period.start != period.end and pats.before.match(m.group(0)):
                # "trước năm 2030": before the period begins, by the last day of the one before
                add(m, "by", _Period(None, period.start - timedelta(days=1)))
                continue
            add(m, "by", period and _Period(None, period.end))
        for m in gated(pats.slot, pats.gate_slot):
            period = _resolve(m, "a", ref)
            if period and period.start == period.end:
                add(m, "by", _Period(None, period.end))
            else:
                add(m, "within", period)
        for m in gated(pats.within, pats.gate_within):
            period = _resolve(m, "a", ref)
            if m.group(0).lower().startswith(pats.end_words) or (period and period.start and period.start == period.end):
                # "cuối tháng 6", "vào ngày 02/9/2025", "trong ngày 15/10/2025": by that day
                add(m, "by", period and _Period(None, period.end))
            elif period and _whole_year(period) and m.group(0).lower().startswith(pats.year_target_cues):
                # "đạt 1.200 công trình xây dựng xanh vào năm 2030": the year a target is reached, by its end
                add(m, "by", _Period(None, period.end))
            else:
                add(m, "within", period)
        for m in gated(pats.completion, pats.gate_completion):
            period = _resolve(m, "a", ref)
            add(m, "by", period and _Period(None, period.end))
        for m in gated(pats.frm, pats.gate_from):
            period = _resolve(m, "a", ref)
            if period and period.end and pats.after is not None and pats.after.match(m.group(0)):
                # "sau năm 2028": from the day after the period ends
                add(m, "from", _Period(period.end + timedelta(days=1), None))
                continue
            add(m, "from", period and _Period(period.start, None))
        if "(" in text:
            for m in pats.paren_years.finditer(text):
                first_year, last_year = int(m.group("y1")), int(m.group("y2"))
                if first_year <= last_year:
                    # the span is inside the parentheses
                    inner = m.start() + 1 + (len(m.group(0)[1:]) - len(m.group(0)[1:].lstrip()))
                    found.append(_Found(inner, m.end() - 1, "range", date(first_year, 1, 1), date(last_year, 12, 31),
                                        None))
    _recurring(text, lower, pats, found)
    _relative(text, lower, digit, pats, ref, found)
    if not found:
        return []  # (most texts)
    found = _merge_recurring_days(text, pats, found)
    local_blocked = [(s - offset, e - offset) for s, e in blocked]
    found = [f for f in found if not any(f.start < e and s < f.end for s, e in local_blocked)]
    chosen = _non_overlapping(found)
    return [
        built(Deadline, text=text[f.start:f.end].rstrip(" ,"), kind=f.kind,
                 start=_iso(f.period_start), end=_iso(f.period_end), recurrence=f.recurrence,
                 span=(f.start + offset, f.start + offset + len(text[f.start:f.end].rstrip(" ,"))))
        for f in chosen
    ]


def find_time_cell(text: str, offset: int = 0, issue_date: str | None = None, *, grammar: Grammar | None = None) -> list[Deadline]:
    """A time slot's value ("Quý III/2024", "31/12/2023", "Tháng 12/2023", "trước ngày 15/9"):
    cued phrases as usual, else a bare day (kind "by") or period (kind "within") at its start."""
    if grammar is None:  # the grammar in force: no context to set
        return _find_time_cell(text, offset, issue_date)
    with using(grammar):
        return _find_time_cell(text, offset, issue_date)


def _find_time_cell(text: str, offset: int = 0, issue_date: str | None = None) -> list[Deadline]:
    cued = find_deadlines(text, offset, issue_date)
    if any(d.kind != "recurring" for d in cued):
        # a cell of several sentences may give a phase beside a cued phrase ("… trong giai đoạn 2026 -
        # 2027. - Thí điểm mô hình tái chế từ năm 2027.")
        return sorted(cued + [r for r in _year_ranges(text, offset) if not _overlaps(r, cued)],
                      key=lambda d: d.span)
    # a recurrence alone ("Năm 2023 và hàng năm") leaves the cell's bare period to read
    bare = _bare_time_cell(text, offset, issue_date)
    return sorted(bare + [d for d in cued if not _overlaps(d, bare)], key=lambda d: d.span)


def _whole_year(period: _Period) -> bool:
    return period.start is not None and period.end is not None and period.start.year == period.end.year \
        and (period.start.month, period.start.day, period.end.month, period.end.day) == (1, 1, 12, 31)


def _overlaps(deadline: Deadline, others: list[Deadline]) -> bool:
    return any(deadline.span[0] < o.span[1] and o.span[0] < deadline.span[1] for o in others)


def _year_ranges(text: str, offset: int) -> list[Deadline]:
    """Every "2025 - 2026", "giai đoạn 2026 - 2027" of a time cell, from the first year to the last."""
    out: list[Deadline] = []
    for years in _patterns().year_range.finditer(text):
        first, last = int(years.group("y1")), int(years.group("y2"))
        start = years.start() + (len(years.group(0)) - len(years.group(0).lstrip()))
        if first <= last:
            out.append(Deadline(text=text[start:years.end()], kind="range", start=date(first, 1, 1).isoformat(),
                                end=date(last, 12, 31).isoformat(), span=(start + offset, years.end() + offset)))
    return out


def _bare_time_cell(text: str, offset: int, issue_date: str | None) -> list[Deadline]:
    pats = _patterns()
    months = pats.month_range.match(text)
    if months is not None:  # "Tháng 11 - 12/2025": from the first month to the end of the last
        year, m1, m2 = int(months.group("y")), int(months.group("m1")), int(months.group("m2"))
        if 1 <= m1 <= m2 <= 12:
            start = months.start() + (len(months.group(0)) - len(months.group(0).lstrip()))
            return [Deadline(text=text[start:months.end()], kind="range", start=date(year, m1, 1).isoformat(),
                             end=_month_end(year, m2).isoformat(), span=(start + offset, months.end() + offset))]
    # "2025 - 2026", "Năm 2026 - 2027", "Xây dựng, trong giai đoạn 2026 - 2027 và vận hành …": in a time
    # column the years from the first to the last, wherever they stand; each phase of a cell that gives
    # more than one ("Thực hiện trong giai đoạn 2026 - 2030. Trong đó … trong giai đoạn 2027 - 2030")
    ranges = _year_ranges(text, offset)
    if ranges:
        return ranges
    m = pats.bare.match(text)
    if m is None:
        return []
    period: _Period | None
    if m.group("ayear"):  # a time column that reads only "2025"
        year = int(m.group("ayear"))
        period = _Period(date(year, 1, 1), date(year, 12, 31))
    else:
        period = _resolve(m, "a", _ref_date(issue_date))
    if period is None:
        return []
    start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
    end = m.end()
    kind: DeadlineKind
    if period.start is not None and period.start == period.end:
        kind, period = "by", _Period(None, period.end)
    else:
        kind = "within"
    following = pats.cell_range_next.match(text, end) if pats.cell_range_next is not None else None
    if following is not None and period.start is not None:
        second = _resolve(following, "b", _ref_date(issue_date))
        if second is not None and second.end is not None and second.end >= period.start:
            kind, period, end = "range", _Period(period.start, second.end), following.end()
    onward = pats.onward.match(text, end)
    if onward is not None and period.start is not None:
        # "Năm 2025 và các năm tiếp theo": from the period on, with no end
        kind, period, end = "from", _Period(period.start, None), onward.end()
    written = text[start:end]
    out = [built(Deadline, text=written, kind=kind, start=_iso(period.start), end=_iso(period.end),
                    span=(start + offset, end + offset))]
    # "Năm 2023 và hàng năm": the year, then every year
    for again in pats.recurring.finditer(text, m.end()):
        recurrence = pats.rules.recurrence.words.get(" ".join(again.group("unit").lower().split()))
        between = text[m.end():again.start()].strip(" ,;")
        for joiner in pats.joiners:
            between = between.removeprefix(joiner)
        if recurrence and not between.strip():
            if not text[end:again.start()].strip(" ,") and not pats.year.search(written):
                # "Tháng 12 hằng năm": the period is the recurrence's time, no one-off deadline
                return [Deadline(text=text[start:again.end()], kind="recurring", recurrence=recurrence,
                                 span=(start + offset, again.end() + offset))]
            out.append(Deadline(text=again.group(0), kind="recurring", recurrence=recurrence,
                                span=(again.start() + offset, again.end() + offset)))
    return out


def _recurring(text: str, lower: str, pats: _Patterns, found: list[_Found]) -> None:
    if not any(map(lower.__contains__, pats.gate_recurrence)):
        return
    words = pats.rules.recurrence.words
    for m in pats.recurring_scan.finditer(text, lower):
        unit = " ".join(m.group("unit").lower().split())
        if unit not in words:
            continue
        # "hằng ngày", "định kỳ 06 tháng": recurring, with no period of the contract's four
        recurrence = words[unit]
        start = m.start()
        before = text[max(0, start - 40):start]
        clause_start = not text[:start].strip() or pats.clause_end.search(text[:start])
        explicit = m.group("by") or pats.periodic.match(m.group(0))
        if not (explicit or clause_start or pats.recurring_trigger.match(before)
                or _closes_directive_clause(text, start, m.end(), pats)):
            continue
        # include a "định kỳ" just before the words, as written
        lead = pats.periodic_tail.search(text[max(0, start - 12):start])
        if lead:
            start -= len(lead.group(0))
        found.append(_Found(start, m.end(), "recurring", None, None, recurrence))


def _closes_directive_clause(text: str, start: int, end: int, pats: _Patterns) -> bool:
    """"… tổ chức diễn tập phương án ứng phó sự cố hàng năm.": the words close their clause (rules/deadlines.yaml
    recurrence.purpose_words: not in a purpose clause)."""
    if not pats.clause_close.match(text, end):
        return False
    last = pats.clause_break.search(text, 0, start)  # the last break before the words
    return not pats.purpose.search(text, last.end() if last else 0, start)


def _merge_recurring_days(text: str, pats: _Patterns, found: list[_Found]) -> list[_Found]:
    """"định kỳ hằng năm trước ngày 15 tháng 12", "Từ tháng 3 đến tháng 11 hằng năm": a day or period
    without a year right beside a recurrence is the time of that recurrence, not a one-off deadline."""
    recurring = [f for f in found if f.kind == "recurring"]
    out: list[_Found] = []
    for f in found:
        if f.kind in ("by", "within", "range") and not pats.year.search(text[f.start:f.end]):
            after = next((r for r in recurring if 0 <= f.start - r.end <= 2 and
                          not text[r.end:f.start].strip(" ,")), None)
            if after is not None and f.kind != "range":
                after.end = f.end
                continue
            before = next((r for r in recurring if 0 <= r.start - f.end <= 2 and
                           not text[f.end:r.start].strip(" ,")), None)
            if before is not None:
                before.start = f.start
                continue
            # "định kỳ hàng năm báo cáo … chậm nhất ngày 17 tháng 12", "Định kỳ hàng tháng (…), 6 tháng (trước
            # ngày 16/6)": further on in the recurrence's sentence, the day is the recurrence's too
            if any(r.end <= f.start and not _SENTENCE_BREAK.search(text, r.end, f.start) for r in recurring):
                continue
            # "định kỳ báo cáo kết quả thực hiện trước ngày 20/11": a day of the year that comes round
            periodic = pats.periodic_word.search(text, 0, f.start)
            if f.kind == "by" and periodic is not None and not _SENTENCE_BREAK.search(text, periodic.end(), f.start):
                out.append(_Found(f.start, f.end, "recurring", None, None, "yearly"))
                continue
        out.append(f)
    return out


_SENTENCE_BREAK = regex.compile(r"[.;\n]")


def _relative(text: str, lower: str, digit: bool, pats: _Patterns, ref: RefDate, found: list[_Found]) -> None:
    """`digit`: the text has a digit. Each pattern is searched only in a text with its first words."""
    if any(map(text.__contains__, pats.gate_event)):
        for m in pats.event.finditer(text):
            found.append(_Found(m.start(), m.end(), "relative", None, None))
    units = pats.rules.relative.units
    base = ref.full()
    relative = pats.relative.finditer(text) if digit and any(map(lower.__contains__, pats.gate_relative)) else ()
    for m in relative:
        anchor = (m.group("anchor") or "").lower()
        unit = units[" ".join(m.group("unit").lower().split())]
        if not anchor and not pats.within_term.match(m.group(0)) and unit != "workday":
            continue  # "trong 6 tháng" alone is a duration, not a deadline
        end: date | None = None
        signing = not anchor or anchor in pats.signing_anchors
        rest = (m.group("rest") or "").strip()
        if base and signing and not rest:
            end = _add(base, int(m.group("n")), unit)
        found.append(_Found(m.start(), m.end(), "relative", None, end))
    if any(map(lower.__contains__, pats.gate_immediate)):
        for m in pats.immediate.finditer(text):
            found.append(_Found(m.start(), m.end(), "relative", None, None))


def _add(base: date, amount: int, unit: str) -> date:
    if unit == "day":
        return base + timedelta(days=amount)
    if unit == "week":
        return base + timedelta(weeks=amount)
    if unit == "workday":
        day = base
        left = amount
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day
    month = base.month - 1 + amount
    year = base.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(base.day, calendar.monthrange(year, month)[1]))


def _non_overlapping(found: list[_Found]) -> list[_Found]:
    """Longest first; a candidate overlapping a kept one is dropped."""
    kept: list[_Found] = []
    for cand in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if any(cand.start < k.end and k.start < cand.end for k in kept):
            continue
        kept.append(cand)
    kept.sort(key=lambda f: f.start)
    return kept
