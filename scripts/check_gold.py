"""Check gold annotations against ../shared/gold-format.md before they land.

Standalone on purpose (no import of extractor/): blind annotators run it without reading the code.
Checks: valid JSON with the required keys; every task quote, deadline text and metric text occurs
verbatim in the document (NFC, whitespace runs folded); kinds, ops and ISO dates well formed; paths
end with their label. Prints one line per problem and exits 1 when there is any.

    python scripts/check_gold.py corpus/real/gold corpus/real/docs [ids ...]
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

DOC_TYPES = {"thong_bao", "chi_thi", "cong_van", "ke_hoach", "quyet_dinh", "nghi_quyet", "cong_dien",
             "ket_luan", "bao_cao", "tin_bai", "other"}
KINDS = {"by", "within", "from", "range", "recurring", "relative"}
RECURRENCES = {None, "weekly", "monthly", "quarterly", "yearly"}
OPS = {">=", ">", "=", "<=", "<", "range"}
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def check(gold: dict, text: str) -> list[str]:
    problems: list[str] = []
    body = _fold(text)
    for key in ("id", "doc_type", "number", "issue_date", "issuer", "signer", "tasks"):
        if key not in gold:
            problems.append(f"missing key {key!r}")
    if gold.get("doc_type") not in DOC_TYPES:
        problems.append(f"doc_type {gold.get('doc_type')!r}")
    if gold.get("issue_date") and not ISO.match(gold["issue_date"]):
        problems.append(f"issue_date {gold['issue_date']!r}")
    for section in ("tasks", "targets"):
        for n, item in enumerate(gold.get(section) or []):
            where = f"{section}[{n}] {item.get('path')!r}"
            quote = item.get("quote") or item.get("text") or ""
            if not quote or _fold(quote) not in body:
                problems.append(f"{where}: quote not verbatim: {quote!r}")
            label, path = item.get("label"), item.get("path", "")
            if section == "tasks" and label is not None and not str(path).endswith(str(label)):
                problems.append(f"{where}: path does not end with label {label!r}")
            for role in ("lead", "support"):
                if section == "tasks" and not isinstance(item.get(role, []), list):
                    problems.append(f"{where}: {role} is not a list")
            for field in ("deadlines", "metrics"):
                for value in item.get(field, []):
                    if _fold(value.get("text", "")) not in body:
                        problems.append(f"{where}: {field[:-1]} text not verbatim: {value.get('text')!r}")
            for d in item.get("deadlines", []):
                if d.get("kind") not in KINDS:
                    problems.append(f"{where}: deadline kind {d.get('kind')!r}")
                if d.get("recurrence") not in RECURRENCES:
                    problems.append(f"{where}: recurrence {d.get('recurrence')!r}")
                for k in ("start", "end"):
                    if d.get(k) is not None and not ISO.match(d[k]):
                        problems.append(f"{where}: deadline {k} {d[k]!r}")
            for m in item.get("metrics", []):
                if m.get("op") not in OPS:
                    problems.append(f"{where}: metric op {m.get('op')!r}")
                if not isinstance(m.get("value"), int | float):
                    problems.append(f"{where}: metric value {m.get('value')!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print(__doc__)
        return 2
    gold_dir, docs_dir, ids = Path(args[0]), Path(args[1]), set(args[2:])
    failed = False
    for path in sorted(gold_dir.glob("*.json")):
        if ids and path.stem not in ids:
            continue
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            print(f"{path.name}: invalid JSON: {error}")
            failed = True
            continue
        text = (docs_dir / f"{path.stem}.txt").read_text(encoding="utf-8")
        for problem in check(gold, text):
            print(f"{path.name}: {problem}")
            failed = True
        print(f"{path.name}: {len(gold.get('tasks', []))} tasks, {len(gold.get('targets') or [])} targets")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
