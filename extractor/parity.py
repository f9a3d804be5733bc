"""Format parity: does a notice give the same extraction from two renderings (the .txt and its DOCX,
PDF or scan)? Values are compared, not positions: spans, pages, ids and the source are left out,
since they legitimately differ between formats.

    compare_notices(txt_notice, docx_notice) -> ["tasks[3] 2/2.1 text: '...thực' != '...thực hiện.'", ...]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

METADATA_FIELDS = ("doc_type", "number", "issue_date", "issuer", "place", "title", "signer", "recipients")
TASK_FIELDS = ("label", "path", "heading", "text")
ASSIGNEE_FIELDS = ("name", "canonical", "role", "inherited", "text")
DEADLINE_FIELDS = ("text", "kind", "start", "end", "recurrence")
METRIC_FIELDS = ("text", "value", "value_max", "unit", "op", "subject")
REFERENCE_FIELDS = ("text", "doc_type", "number", "date", "issuer")
SHOWN = 60  # characters of context shown around a difference


def compare_notices(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Human-readable differences between two extractions of one notice (Notice.model_dump() or the
    CLI's JSON); an empty list when they carry the same values."""
    diffs = [f"{name}: {short(a.get(name))} != {short(b.get(name))}"
             for name in METADATA_FIELDS if a.get(name) != b.get(name)]
    diffs += _compare_items("references", a.get("references", []), b.get("references", []), REFERENCE_FIELDS)
    diffs += _compare_items("notes", [{"text": n} for n in a.get("notes", [])],
                            [{"text": n} for n in b.get("notes", [])], ("text",))
    diffs += _compare_tasks(a.get("tasks", []), b.get("tasks", []))
    return diffs


def _compare_tasks(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[str]:
    if [t.get("path") for t in a] != [t.get("path") for t in b]:
        diffs = [f"task paths: {_paths(a)} != {_paths(b)}"]
        pairs = _pair_by_path(a, b)
    else:
        diffs = []
        pairs = list(zip(a, b))
    for i, (x, y) in enumerate(pairs):
        where = f"task {x.get('path')}"
        for name in TASK_FIELDS:
            if x.get(name) != y.get(name):
                diffs.append(f"{where} {name}: {short_pair(x.get(name), y.get(name))}")
        if _parent_path(x) != _parent_path(y):
            diffs.append(f"{where} parent: {_parent_path(x)} != {_parent_path(y)}")
        diffs += _compare_items(f"{where} assignees", x.get("assignees", []), y.get("assignees", []),
                                ASSIGNEE_FIELDS)
        diffs += _compare_items(f"{where} deadlines", x.get("deadlines", []), y.get("deadlines", []),
                                DEADLINE_FIELDS)
        diffs += _compare_items(f"{where} metrics", x.get("metrics", []), y.get("metrics", []), METRIC_FIELDS)
        diffs += _compare_items(f"{where} references", x.get("references", []), y.get("references", []),
                                REFERENCE_FIELDS)
    return diffs


def _compare_items(where: str, a: list[dict[str, Any]], b: list[dict[str, Any]], fields: tuple[str, ...]) -> list[str]:
    """Lists of records compared as lists of their values in `fields`: what one side has and the
    other has not, in order."""
    key: Callable[[dict[str, Any]], tuple[Any, ...]] = lambda item: tuple(item.get(f) for f in fields)
    left, right = [key(x) for x in a], [key(y) for y in b]
    if left == right:
        return []
    only_a = [v for v in left if v not in right]
    only_b = [v for v in right if v not in left]
    if not only_a and not only_b:
        return [f"{where}: same items in another order"]
    return [f"{where}: {_items(only_a, fields)} != {_items(only_b, fields)}"]


def _items(values: list[tuple[Any, ...]], fields: tuple[str, ...]) -> str:
    if not values:
        return "[]"
    shown = [", ".join(f"{f}={short(v)}" for f, v in zip(fields, value) if v not in (None, False))
             for value in values]
    return "[" + "; ".join(f"({s})" for s in shown) + "]"


def _pair_by_path(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Tasks of the same path, in order (the n-th "3/-" with the n-th "3/-")."""
    remaining = list(b)
    pairs = []
    for x in a:
        match = next((y for y in remaining if y.get("path") == x.get("path")), None)
        if match is not None:
            remaining.remove(match)
            pairs.append((x, match))
    return pairs


def _paths(tasks: list[dict[str, Any]]) -> str:
    return "[" + " ".join(str(t.get("path")) for t in tasks) + "]"


def _parent_path(task: dict[str, Any]) -> str | None:
    parent = task.get("parent")  # "<notice id>:<path>": the notice id is a hash of the file's bytes
    return parent.split(":", 1)[-1] if isinstance(parent, str) else parent


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 2 * SHOWN else text[:2 * SHOWN - 3] + "..."


def short_pair(a: Any, b: Any) -> str:
    """Two strings shown around the first character where they differ."""
    if not (isinstance(a, str) and isinstance(b, str)):
        return f"{short(a)} != {short(b)}"
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, i - SHOWN // 2)

    def window(s: str) -> str:
        piece = s[start:start + SHOWN]
        return ("..." if start else "") + repr(piece)[1:-1] + ("..." if start + SHOWN < len(s) else "")

    return f"'{window(a)}' != '{window(b)}'"


__all__ = ["compare_notices"]
