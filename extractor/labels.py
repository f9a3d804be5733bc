"""The words of the outputs people read (report interface, XLSX headers), from
report_assets/labels.yaml, validated once per process: no Vietnamese word lives in the code.

`labels("vi")` is the default language; `labels("en")` the English interface. A malformed file raises
RulesError naming the language and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, get_args

from .errors import RulesError

LANGUAGES = ("vi", "en")
DEFAULT_LANG = "vi"
# the code lists each language names, exactly as the contract (extractor/models.py) has them
CODE_LISTS = {"doc_types": "DocType", "deadline_kinds": "DeadlineKind", "recurrences": "Recurrence",
              "roles": "Role", "metric_ops": "MetricOp", "errors": "ErrorCode"}
PRECISIONS = ("day", "month", "year")
LABELS_FILE = Path(__file__).resolve().parent / "report_assets" / "labels.yaml"


@dataclass(frozen=True, slots=True)
class Labels:
    """One language's words; `lang` is its code ("vi", "en")."""

    lang: str
    doc_types: dict[str, str]
    deadline_kinds: dict[str, str]
    recurrences: dict[str, str]
    roles: dict[str, str]
    metric_ops: dict[str, str]
    precisions: dict[str, str]
    date_formats: dict[str, str]
    month_names: list[str]
    errors: dict[str, str]
    app: dict[str, str]
    report: dict[str, str]
    xlsx: dict[str, Any]

    def r(self, key: str, **values: object) -> str:
        """A report string with its placeholders filled."""
        return self.report[key].format(**values) if values else self.report[key]

    def a(self, key: str, **values: object) -> str:
        """A string of the web app (`nhiemvu serve`) with its placeholders filled."""
        return self.app[key].format(**values) if values else self.app[key]

    def doc_type(self, code: str | None) -> str:
        return self.doc_types.get(code or "", code or "")

    def date(self, value: str | None) -> str:
        """An ISO date, or a partial one ("2024-10", "2024"), written the language's way."""
        if not value:
            return ""
        day, precision = parse_date(value)
        if day is None or precision is None:
            return value
        return self.date_formats[precision].format(d=f"{day.day:02d}", m=f"{day.month:02d}", y=f"{day.year:04d}")


def parse_date(value: object) -> tuple[date | None, str | None]:
    """("2024-10-20" -> 20 Oct, "day"), ("2024-10" -> 1 Oct, "month"), ("2024" -> 1 Jan, "year");
    anything else (None, not a date) -> (None, None)."""
    if not isinstance(value, str):
        return None, None
    parts = value.split("-")
    precision = {3: "day", 2: "month", 1: "year"}.get(len(parts))
    try:
        numbers = [int(p) for p in parts]
        if precision is None or len(parts[0]) != 4:
            return None, None
        return date(numbers[0], *(numbers[1:] + [1, 1])[:2]), precision
    except ValueError:
        return None, None


def _keys(tree: Any, prefix: str = "") -> set[str]:
    if isinstance(tree, dict):
        return {k for key, value in tree.items() for k in {f"{prefix}{key}"} | _keys(value, f"{prefix}{key}.")}
    return set()


def _check_leaves(tree: Any, where: str) -> None:
    if isinstance(tree, dict):
        for key, value in tree.items():
            _check_leaves(value, f"{where}.{key}")
    elif isinstance(tree, list):
        if not tree or not all(isinstance(v, str) and v.strip() for v in tree):
            raise RulesError(f"labels.yaml {where}: a list of non-empty strings is expected")
    elif not (isinstance(tree, str) and tree.strip()):
        raise RulesError(f"labels.yaml {where}: a non-empty string is expected, got {tree!r}")


def validate(raw: Any) -> dict[str, Labels]:
    """Both languages with the same keys, strings everywhere, the contract's code lists."""
    # pydantic loads here, not when the report's command line is built
    from . import models
    if not isinstance(raw, dict) or set(raw) != set(LANGUAGES):
        raise RulesError(f"labels.yaml: exactly the languages {', '.join(LANGUAGES)} are expected")
    reference = _keys(raw[DEFAULT_LANG])
    out = {}
    for lang, tree in raw.items():
        if not isinstance(tree, dict):
            raise RulesError(f"labels.yaml {lang}: a mapping is expected")
        if (keys := _keys(tree)) != reference:
            raise RulesError(f"labels.yaml {lang}: keys differ from {DEFAULT_LANG}: "
                             f"{', '.join(sorted(keys ^ reference))}")
        _check_leaves(tree, lang)
        for name, literal in CODE_LISTS.items():
            codes = get_args(getattr(models, literal))
            if set(tree[name]) != set(codes):
                raise RulesError(f"labels.yaml {lang}.{name}: the codes must be {', '.join(codes)}")
        if set(tree["precisions"]) != set(PRECISIONS) or set(tree["date_formats"]) != set(PRECISIONS):
            raise RulesError(f"labels.yaml {lang}: precisions and date_formats must be {', '.join(PRECISIONS)}")
        if len(tree["month_names"]) != 12:
            raise RulesError(f"labels.yaml {lang}.month_names: twelve names are expected")
        try:
            out[lang] = Labels(lang=lang, **tree)
        except TypeError as exc:
            raise RulesError(f"labels.yaml {lang}: {exc}") from None
    return out


@cache
def _all() -> dict[str, Labels]:
    from .rules import read_yaml

    return validate(read_yaml(LABELS_FILE))


def labels(lang: str = DEFAULT_LANG) -> Labels:
    """The words of one language; ValueError for a language the file does not have."""
    table = _all()
    if lang not in table:
        raise ValueError(f"unknown interface language {lang!r}: one of {', '.join(LANGUAGES)}")
    return table[lang]
