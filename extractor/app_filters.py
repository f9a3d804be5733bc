"""The tasks page's filters (issue 14): by agency, due month, overdue, notice. A filter keeps the
notices as records with only the tasks that pass, so that the page and every export (XLSX, CSV, ICS,
SQLite) are built from the same records by the existing writers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class TaskFilter:
    agency: str = ""      # a lead or support agency, canonical name or as written
    month: str = ""       # "YYYY-MM": a deadline of the task ends (or starts) in it
    overdue: bool = False  # a deadline's end is before today
    notice: str = ""      # the notice's id

    @classmethod
    def from_query(cls, query: dict[str, str]) -> TaskFilter:
        month = query.get("month", "").strip()
        return cls(agency=query.get("agency", "").strip(), month=month if _is_month(month) else "",
                   overdue=query.get("overdue", "") in ("1", "on", "true"), notice=query.get("notice", "").strip())

    def query(self) -> dict[str, str]:
        """The filter as query parameters (only those set)."""
        values = {"agency": self.agency, "month": self.month, "overdue": "1" if self.overdue else "",
                  "notice": self.notice}
        return {k: v for k, v in values.items() if v}


def _is_month(value: str) -> bool:
    return len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit()


def due(task: dict[str, Any]) -> str:
    """The task's earliest due date (a deadline's end, else its start), ISO; "" when it has none."""
    return min((str(d.get("end") or d.get("start")) for d in task.get("deadlines", []) if d.get("end") or d.get("start")),
               default="")


def is_overdue(task: dict[str, Any], today: date) -> bool:
    return any(d.get("end") and len(str(d["end"])) == 10 and str(d["end"]) < today.isoformat()
               and d.get("kind") != "recurring" for d in task.get("deadlines", []))


def agencies(task: dict[str, Any]) -> set[str]:
    return {name for a in task.get("assignees", []) if a["role"] in ("lead", "support")
            for name in (a.get("canonical"), a.get("name")) if name}


def keep(task: dict[str, Any], f: TaskFilter, today: date) -> bool:
    if f.agency and f.agency not in agencies(task):
        return False
    if f.month and not any(str(d.get("end") or d.get("start") or "").startswith(f.month)
                           for d in task.get("deadlines", [])):
        return False
    return not (f.overdue and not is_overdue(task, today))


def filter_records(records: list[dict[str, Any]], f: TaskFilter, today: date) -> list[dict[str, Any]]:
    """The notices (of `f.notice` only, when set) with only their tasks that pass the filter."""
    return [dict(r, tasks=[t for t in r.get("tasks", []) if keep(t, f, today)])
            for r in records if not f.notice or r["id"] == f.notice]


def agency_options(records: list[dict[str, Any]]) -> list[str]:
    """The lead and support agencies (canonical names) of every task, for the filter's list."""
    return sorted({a["canonical"] for r in records for t in r.get("tasks", []) for a in t.get("assignees", [])
                   if a["role"] in ("lead", "support") and a.get("canonical")})
