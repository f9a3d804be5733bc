"""nhiemvu: Vietnamese administrative notices -> typed task records (contract 1.x).

The public API (see README, "Python API"):

- `extract(path)`, `extract_text(text, *, issue_date=None)` -> `Notice`
- `iter_extract(paths, workers=1)` -> `Notice | ErrorRecord` per path, in order
- `load_records(jsonl)` -> the typed records of a batch's JSON Lines
- `Extractor(rules=load_rules(dir))`: the same with a reviewer's own rules/ (`Grammar`, compiled once)
- `find_deadlines`, `find_metrics`, `find_agencies`, `find_references`: the recognizers on any text
- the contract models `Notice`, `Task`, `Assignee`, `Deadline`, `Metric`, `Reference`, `ErrorRecord`,
  and `ExtractionError` (its `code` is a contract error code)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import (
        find_agencies,
        find_deadlines,
        find_metrics,
        find_references,
        iter_extract,
        load_records,
    )
    from .errors import ExtractionError
    from .grammar import Grammar
    from .models import Assignee, Deadline, ErrorRecord, Metric, Notice, Reference, Task
    from .pipeline import Extractor, extract, extract_text
    from .rules import Rules, load_rules

__all__ = [
    "Assignee", "Deadline", "ErrorRecord", "ExtractionError", "Extractor", "Grammar", "Metric", "Notice",
    "Reference", "Rules", "Task", "extract", "extract_text", "find_agencies", "find_deadlines", "find_metrics", "find_references",
    "iter_extract", "load_records", "load_rules",
]
__version__ = "0.1.0"

_HOMES = {
    "extract": "pipeline", "extract_text": "pipeline", "Extractor": "pipeline", "Grammar": "grammar",
    "Rules": "rules", "load_rules": "rules",
    "iter_extract": "api", "load_records": "api", "find_agencies": "api", "find_deadlines": "api",
    "find_metrics": "api", "find_references": "api",
    "Assignee": "models", "Deadline": "models", "ErrorRecord": "models", "Metric": "models",
    "Notice": "models", "Reference": "models", "Task": "models",
    "ExtractionError": "errors",
}


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `nhiemvu --version` does not load pydantic and the rules.
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{home}", __name__), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
