"""The date grammar: how a notice writes a day, a month and a year, defined once and used by the
header's date line (layout.py), the references' dates and the deadlines (and the OCR header check).

  DATE   := [ngày] D tháng M [năm|/ YEAR]        "ngày 02 tháng 9 năm 2025", "31 tháng 8"
          | [ngày] D SEP M [SEP YEAR]            "02/9/2025", "31-8-2022", "31.8", SEP one of / . -
  MONTH  := tháng M [/|năm YEAR]                 "tháng 5/2025", "tháng 8 năm 2022"
  YEAR   := 19xx | 20xx
  HEADER := ngày [D] tháng|/ [M] năm|/ YYYY      the dated line of a header, whose day and month may
                                                 be blank on an unsigned copy ("ngày  tháng 9 năm 2025")

The words come from rules/dates.yaml; the patterns here are regex sources that each stage compiles
into its own patterns with its own flags (the deadlines' are case-insensitive, the header's are not).
Group names take a prefix, so that two dates can stand in one pattern ("từ DATE đến DATE"): the
written form's groups are {p}d, {p}m, {p}y, the numeric form's {p}d2, {p}m2, {p}y2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import regex

from .rules import DateRules

YEAR = r"(?:19|20)\d{2}"
SEP = r"\s*[/.\-]\s*"  # between the day, the month and the year of a numeric date


def _word(word: str) -> str:
    return regex.escape(word).replace(r"\ ", r"\s+")


@dataclass(frozen=True, slots=True)
class DateGrammar:
    """Regex sources of the date phrasing, from the words of rules/dates.yaml."""

    day: str      # "ngày"
    month: str    # "tháng"
    year: str     # "năm"
    quarter: str  # "quý"

    @classmethod
    def of(cls, words: DateRules) -> DateGrammar:
        return cls(day=_word(words.day), month=_word(words.month), year=_word(words.year),
                   quarter=_word(words.quarter))

    def written(self, p: str = "", *, year_required: bool = False) -> str:
        """"31 tháng 8 năm 2022", "31 tháng 8/2022", "31 tháng 8" (no leading "ngày")."""
        year = rf"\s*(?:{self.year}|/)\s*(?P<{p}y>{YEAR})"
        return rf"(?P<{p}d>\d{{1,2}})\s+{self.month}\s+(?P<{p}m>\d{{1,2}})" + (year if year_required else f"(?:{year})?")

    def numeric(self, p: str = "", *, year_required: bool = False) -> str:
        """"31/8/2022", "31-8-2022", "31.8" (no leading "ngày")."""
        year = rf"{SEP}(?P<{p}y2>{YEAR})"
        return (rf"(?P<{p}d2>\d{{1,2}}){SEP}(?P<{p}m2>\d{{1,2}})" + (year if year_required else f"(?:{year})?")
                + r"(?![\d/])")

    def day_date(self, p: str = "") -> str:
        """A day as a deadline names it: the year may be missing (it comes from the issue date)."""
        return rf"(?:{self.day}\s+)?{self.written(p)}|(?:{self.day}\s+)?{self.numeric(p)}"

    def cited_date(self, p: str = "") -> str:
        """A day as a citation dates a document: "ngày" first, the year always written."""
        return rf"{self.day}\s+(?:{self.numeric(p, year_required=True)}|{self.written(p, year_required=True)})"

    def month_period(self, p: str = "") -> str:
        """"tháng 5/2025", "tháng 8 năm 2022", "tháng 8"."""
        return rf"{self.month}\s+(?P<{p}mm>\d{{1,2}})(?:\s*(?:/|{self.year})\s*(?P<{p}my>{YEAR}))?(?![\d/])"

    def header_date(self) -> str:
        """The header's dated line after the place: "ngày 05 tháng 10 năm 2022", "ngày 05/10/2022", and
        the form with blanks of an unsigned copy; groups d, m, y."""
        return (rf"{self.day}\s*(?P<d>\d{{1,2}})?\s*(?:/|{self.month})\s*(?P<m>\d{{1,2}})?\s*(?:/|{self.year})"
                rf"\s*(?P<y>{YEAR})")

    def header_year(self) -> str:
        """A header date line OCR garbled but for its year ("ngày |‡ tháng ® năm 2019"); group y."""
        return rf"{self.day}\b.{{0,12}}?{self.month}\b.{{0,8}}?{self.year}\s*(?P<y>{YEAR})"

    def header_month_year(self) -> str:
        """The month and year of a header date line whose day could not be read (a scan); groups m, y."""
        return rf"{self.day}\b.{{0,12}}?{self.month}\s*(?P<m>\d{{1,2}})\s*{self.year}\s*(?P<y>{YEAR})"


def day_of(m: regex.Match[str], p: str = "", *, default_year: int | None = None) -> date | None:
    """The day a `written` or `numeric` match of prefix `p` names; None when it names no year (and
    none is given) or no real day (31/2, month 13)."""
    groups = m.groupdict()
    day = groups.get(f"{p}d") or groups.get(f"{p}d2")
    if not day:
        return None
    month = groups.get(f"{p}m") or groups.get(f"{p}m2") or "0"
    written_year = groups.get(f"{p}y") or groups.get(f"{p}y2")
    year = int(written_year) if written_year else default_year
    if year is None:
        return None
    try:
        return date(year, int(month), int(day))
    except ValueError:
        return None
