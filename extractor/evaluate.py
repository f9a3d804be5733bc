"""Evaluation against gold annotations (../shared/gold-format.md), with the project's scoring rules.

- A gold task matches the first unmatched predicted task whose text starts with its quote, else the
  first whose text contains it (both after the same normalization as the pipeline's), else (OCR
  text) the first that starts with it up to one edit in ten characters, case and diacritics folded.
- End to end: a missed task's agencies, deadlines and metrics count as misses, a spurious task's as
  false alarms.
- Agencies are compared after expanding abbreviations (UBND, HĐND ...), dropping leading titles and
  "các", and folding case, diacritics and punctuation; deadlines on (start, end, recurrence);
  metrics on (value, value_max, op, unit).
- number, issue_date and doc_type are compared per document (accuracy).
- Conventions of ../shared/gold-format.md ("Scoring conventions"): agencies nobody names ("các đơn vị
  liên quan", "cơ quan có liên quan") are neutral, dropped from gold and prediction alike; a deadline
  whose start equals its end scores as "by" that day.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from .grammar import current_grammar
from .models import Notice
from .normalize import normalize_chars
from .pipeline import extract
from .rules import Rules, alternation
from .textutil import expand_abbreviations, fold

FIELDS = ("task", "lead", "support", "deadline", "metric")
HEADER_FIELDS = ("doc_type", "number", "issue_date")


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class DocResult:
    doc_id: str
    counts: dict[str, Counts]
    header: dict[str, tuple[object, object]]   # field -> (gold, predicted)
    errors: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)  # human-readable mismatches, for --diff


@dataclass(slots=True)
class Report:
    docs: list[DocResult]

    def totals(self) -> dict[str, Counts]:
        total = {f: Counts() for f in FIELDS}
        for doc in self.docs:
            for f in FIELDS:
                total[f].add(doc.counts[f])
        return total

    def header_accuracy(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for f in HEADER_FIELDS:
            right = sum(1 for d in self.docs if d.header[f][0] == d.header[f][1])
            out[f] = (right, len(self.docs))
        return out

    def as_dict(self) -> dict[str, Any]:
        totals = self.totals()
        return {
            "documents": len(self.docs),
            "fields": {f: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": round(c.precision, 4),
                           "recall": round(c.recall, 4), "f1": round(c.f1, 4)} for f, c in totals.items()},
            "header": {f: {"right": r, "of": n} for f, (r, n) in self.header_accuracy().items()},
            "per_document": {d.doc_id: {f: {"tp": c.tp, "fp": c.fp, "fn": c.fn} for f, c in d.counts.items()}
                             | {"header": {k: {"gold": g, "predicted": p} for k, (g, p) in d.header.items()},
                                "errors": d.errors}
                             for d in self.docs},
        }

    def table(self) -> str:
        lines = [f"{'field':<12}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for f, c in self.totals().items():
            lines.append(f"{f:<12}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}")
        for f, (right, n) in self.header_accuracy().items():
            lines.append(f"{f:<12}{'':>8}{'':>8}{right / n if n else 1:>8.3f}   ({right}/{n} documents right)")
        return "\n".join(lines)


def _title_re() -> regex.Pattern[str]:
    return current_grammar().stage("extractor.evaluate._title_re", _build_title_re)


def _build_title_re(rules: Rules) -> regex.Pattern[str]:
    titles = rules.agencies.titles
    words = titles + [t.lower() for t in titles] + rules.agencies.scoring.dropped_words
    return regex.compile(rf"^(?:{alternation(words)}[\s,]*)+")


def _neutral_re() -> regex.Pattern[str]:
    return current_grammar().stage("extractor.evaluate._neutral_re", _build_neutral_re)


def _build_neutral_re(rules: Rules) -> regex.Pattern[str]:
    vague = rules.agencies.vague_collective
    unit = alternation(vague.units + [u.lower() for u in vague.units])
    return regex.compile(
        rf"^(?:{alternation(rules.agencies.scoring.neutral_determiners, boundary=False)}\s+)?{unit}"
        # units joined by a comma, "và", "/" or a space alone ("các sở ngành liên quan")
        rf"(?:\s*(?:,|{alternation(rules.agencies.list_joiners, boundary=False)}|/)?\s*{unit})*"
        rf"\s+{alternation(vague.qualifiers)}\s*$", regex.I)


def is_neutral_agency(name: str) -> bool:
    """An agency nobody names ("các đơn vị liên quan"): neither a hit, a miss nor a false alarm."""
    return bool(_neutral_re().match(" ".join(normalize_chars(name).split())))


def agency_key(name: str) -> str:
    expanded = expand_abbreviations(normalize_chars(name))
    stripped = _title_re().sub("", expanded.strip())
    return fold(stripped)


def _text_key(text: str) -> str:
    return regex.sub(r"\s+", " ", normalize_chars(text.replace("**", ""))).strip()


def _near_prefix(quote: str, text: str, tolerance: float = 0.1) -> bool:
    """The text begins with the quote up to `tolerance` edits per character, compared with case and
    diacritics folded: a task whose OCR misread a tone mark or a letter is still that task."""
    q, t = fold(quote), fold(text)[: len(quote) + max(2, len(quote) // 5)]
    budget = max(2, int(len(q) * tolerance))
    previous = list(range(len(t) + 1))
    for i, qc in enumerate(q, 1):
        current = [i] + [0] * len(t)
        for j, tc in enumerate(t, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (qc != tc))
        if min(current) > budget:
            return False
        previous = current
    return min(previous) <= budget


def _deadline_key(d: dict[str, Any]) -> tuple[Any, ...]:
    start, end = d.get("start"), d.get("end")
    if start is not None and start == end:
        start = None  # a one-day interval is "by" that day
    return (start, end, d.get("recurrence"))


def _metric_key(m: dict[str, Any]) -> tuple[Any, ...]:
    value_max = m.get("value_max")
    unit = m.get("unit")
    return (float(m["value"]), float(value_max) if value_max is not None else None, m.get("op"),
            fold(unit) if unit else None)


def _multiset_counts(gold: list[Any], predicted: list[Any]) -> Counts:
    g, p = Counter(gold), Counter(predicted)
    tp = sum((g & p).values())
    return Counts(tp=tp, fp=sum(p.values()) - tp, fn=sum(g.values()) - tp)


def _predicted_fields(task: dict[str, Any]) -> dict[str, list[Any]]:
    assignees = task.get("assignees", [])
    return {
        "lead": sorted({agency_key(a["name"]) for a in assignees
                        if a["role"] == "lead" and not is_neutral_agency(a["name"])}),
        "support": sorted({agency_key(a["name"]) for a in assignees
                           if a["role"] == "support" and not is_neutral_agency(a["name"])}),
        "deadline": [_deadline_key(d) for d in task.get("deadlines", [])],
        "metric": [_metric_key(m) for m in task.get("metrics", [])],
    }


def _gold_fields(task: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        "lead": sorted({agency_key(a) for a in task.get("lead", []) if not is_neutral_agency(a)}),
        "support": sorted({agency_key(a) for a in task.get("support", []) if not is_neutral_agency(a)}),
        "deadline": [_deadline_key(d) for d in task.get("deadlines", [])],
        "metric": [_metric_key(m) for m in task.get("metrics", [])],
    }


def score_document(gold: dict[str, Any], notice: Notice | dict[str, Any]) -> DocResult:
    predicted = notice if isinstance(notice, dict) else notice.model_dump(mode="json")
    tasks = predicted.get("tasks", [])
    texts = [_text_key(t["text"]) for t in tasks]
    matched: dict[int, int] = {}
    used: set[int] = set()
    for gi, gtask in enumerate(gold.get("tasks", [])):
        quote = _text_key(gtask["quote"])
        pick = next((pi for pi, t in enumerate(texts) if pi not in used and t.startswith(quote)), None)
        if pick is None:
            pick = next((pi for pi, t in enumerate(texts) if pi not in used and quote in t), None)
        if pick is None:  # OCR text: the same beginning but for a few misread characters
            pick = next((pi for pi, t in enumerate(texts) if pi not in used and _near_prefix(quote, t)), None)
        if pick is not None:
            matched[gi] = pick
            used.add(pick)
    counts = {f: Counts() for f in FIELDS}
    counts["task"] = Counts(tp=len(matched), fp=len(tasks) - len(used),
                            fn=len(gold.get("tasks", [])) - len(matched))
    diffs: list[str] = []
    for gi, gtask in enumerate(gold.get("tasks", [])):
        g = _gold_fields(gtask)
        p = _predicted_fields(tasks[matched[gi]]) if gi in matched else {k: [] for k in g}
        for f in ("lead", "support", "deadline", "metric"):
            counts[f].add(_multiset_counts(g[f], p[f]))
        if gi not in matched:
            diffs.append(f"missed task {gtask.get('path')!r}: {gtask['quote']!r}")
            continue
        for f in ("lead", "support", "deadline", "metric"):
            if Counter(g[f]) != Counter(p[f]):
                diffs.append(f"{gtask.get('path')!r} {gtask['quote'][:40]!r} {f}: gold {g[f]} != predicted {p[f]}")
    for pi, ptask in enumerate(tasks):
        if pi not in used:
            p = _predicted_fields(ptask)
            for f in ("lead", "support", "deadline", "metric"):
                counts[f].add(Counts(fp=len(p[f])))
            diffs.append(f"spurious task {ptask.get('path')!r}: {ptask['text'][:70]!r}")
    header = {f: (gold.get(f), predicted.get(f)) for f in HEADER_FIELDS}
    return DocResult(doc_id=gold.get("id", "?"), counts=counts, header=header, diffs=diffs)


def find_document(docs_dir: Path, doc_id: str) -> Path | None:
    for candidate in sorted(docs_dir.glob(f"{doc_id}.*")):
        if candidate.is_file():
            return candidate
    return None


def evaluate(gold_dir: str | Path, docs_dir: str | Path, suffix: str | None = None) -> Report:
    """Score every gold file in gold_dir against the extraction of its document in docs_dir."""
    gold_dir, docs_dir = Path(gold_dir), Path(docs_dir)
    results: list[DocResult] = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc_id = gold.get("id") or gold_path.stem
        gold.setdefault("id", doc_id)
        doc_path: Path | None
        if suffix:
            doc_path = docs_dir / f"{doc_id}{suffix}"
            doc_path = doc_path if doc_path.is_file() else None
        else:
            doc_path = find_document(docs_dir, doc_id)
        if doc_path is None:
            empty = score_document(gold, {"tasks": []})
            empty.errors.append(f"no document for {doc_id} in {docs_dir}")
            results.append(empty)
            continue
        try:
            notice = extract(doc_path)
        except Exception as exc:  # noqa: BLE001 - an input that fails scores as all misses, and says why
            failed = score_document(gold, {"tasks": []})
            failed.errors.append(f"{type(exc).__name__}: {exc}")
            results.append(failed)
            continue
        results.append(score_document(gold, notice))
    return Report(docs=results)
