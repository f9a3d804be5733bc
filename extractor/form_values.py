"""The values a clerk's correction forms send, checked and turned into correction values
(extractor/corrections.py): agency names, a deadline, a metric, and where a selected passage is in
the notice's text. ValueError for a value that is not valid (a date that is no date, a metric value
that is no number, a kind or operator the contract does not have)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, get_args

from .labels import Labels
from .models import DeadlineKind, MetricOp, Recurrence


def agency_names(values: Iterable[Any]) -> list[str]:
    """The names typed or picked, white space tidied, empty boxes and repeats dropped, in order."""
    names: list[str] = []
    for value in values:
        name = " ".join(str(value).split())[:300]
        if name and name not in names:
            names.append(name)
    return names


def _day(value: Any) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    return date.fromisoformat(text).isoformat()  # ValueError when it is no date


def _field(form: Mapping[str, Any], key: str) -> str:
    return " ".join(str(form.get(key) or "").split())


def deadline_value(form: Mapping[str, Any], lb: Labels) -> dict[str, Any] | None:
    """{text, kind, start, end, recurrence}; None when the kind is left empty (no deadline)."""
    kind = _field(form, "kind")
    if not kind:
        return None
    if kind not in get_args(DeadlineKind):
        raise ValueError(f"unknown deadline kind {kind!r}")
    start, end = _day(form.get("start")), _day(form.get("end"))
    if start and end and start > end:
        raise ValueError("the start is after the end")
    recurrence = _field(form, "recurrence") or None
    if recurrence is not None and recurrence not in get_args(Recurrence):
        raise ValueError(f"unknown recurrence {recurrence!r}")
    text = _field(form, "text")[:300] or " ".join(
        x for x in (lb.deadline_kinds[kind], lb.date(start) if start and start != end else "", lb.date(end)) if x)
    return {"text": text, "kind": kind, "start": start, "end": end, "recurrence": recurrence}


def _number(value: Any) -> int | float | None:
    text = str(value or "").strip().replace(",", ".")
    if not text:
        return None
    number = float(text)  # ValueError when it is no number
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return int(number) if number.is_integer() else number


def metric_value(form: Mapping[str, Any]) -> dict[str, Any] | None:
    """{text, op, value, value_max, unit}; None when the operator is left empty (no metric)."""
    op = _field(form, "op")
    if not op:
        return None
    if op not in get_args(MetricOp):
        raise ValueError(f"unknown metric operator {op!r}")
    value, value_max = _number(form.get("value")), _number(form.get("value_max"))
    if value is None:
        raise ValueError("a metric needs a value")
    if op == "range" and (value_max is None or value_max < value):
        raise ValueError("a range needs a maximum not below its value")
    unit = _field(form, "unit")[:100] or None
    text = _field(form, "text")[:300] or " ".join(str(x) for x in (op, value, value_max, unit) if x is not None)
    return {"text": text, "op": op, "value": value, "value_max": value_max if op == "range" else None, "unit": unit}


def locate(text: str, passage: str, hint: str = "") -> tuple[int, int] | None:
    """Where a selected or pasted passage is in the notice's text (white space may differ: a selection
    across lines); of several places, the one nearest `hint` (the browser's offset). None if nowhere."""
    words = passage.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not found:
        return None
    near = int(hint) if hint.strip().isdigit() else 0
    return min(found, key=lambda span: abs(span[0] - near))
