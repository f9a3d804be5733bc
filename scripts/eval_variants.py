"""The corpus's figures when its text arrives as offices and clerks really copy it: the same notices with
Word's bullets as "–" or "•", lost bullets or letters, hard-wrapped prose, old-style tone marks ("Uỷ",
"hoà"), "UBND" for "Ủy ban nhân dân", other date and quarter spellings, CRLF, blank lines between
paragraphs. A variant rewrites each document (and, where the words the gold quotes change, the gold) and
is scored against the same gold as the original: the gap to the first line is what a notice written that
way would lose. No figure here is a target; a large gap is a class of input the pipeline does not read
yet (tests/test_regressions.py holds the ones fixed).

    python scripts/eval_variants.py                    # corpus/real, every variant
    python scripts/eval_variants.py --parts real blind --variants endash wrap_prose
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_ROMAN_QUARTERS = {"I": "1", "II": "2", "III": "3", "IV": "4"}
_OLD_TONES = [("Ủy", "Uỷ"), ("ủy", "uỷ"), ("Hòa", "Hoà"), ("hòa", "hoà"), ("Thủy", "Thuỷ"), ("thủy", "thuỷ"),
              ("khỏe", "khoẻ"), ("họa", "hoạ")]


def _wrap_prose(text: str, width: int = 90) -> str:
    # a table's rows (" | ") stay whole: the text of a page that prints its tables apart
    return "\n".join(line if " | " in line or len(line) <= width
                     else "\n".join(textwrap.wrap(line, width, break_on_hyphens=False))
                     for line in text.split("\n"))


def _old_tones(text: str) -> str:
    for new, old in _OLD_TONES:
        text = text.replace(new, old)
    return text


# name -> (rewrite of a document, rewrite of its gold file's text or None when the gold stands)
VARIANTS: dict[str, tuple[Callable[[str], str], Callable[[str], str] | None]] = {
    "endash": (lambda t: re.sub(r"(?m)^- ", "– ", t), None),
    "bullet": (lambda t: re.sub(r"(?m)^- ", "• ", t), None),
    "star_plus": (lambda t: re.sub(r"(?m)^\+ ", "* ", t), None),
    "no_dash": (lambda t: re.sub(r"(?m)^- ", "", t), None),
    "no_plus": (lambda t: re.sub(r"(?m)^\+ ", "", t), None),
    "no_letter": (lambda t: re.sub(r"(?m)^[a-zđ]\) ", "", t), None),
    "letter_dot": (lambda t: re.sub(r"(?m)^([a-zđ])\) ", r"\1. ", t), None),
    "number_paren": (lambda t: re.sub(r"(?m)^(\d{1,2})\. ", r"\1) ", t), None),
    "wrap_prose": (_wrap_prose, None),
    "old_tones": (_old_tones, _old_tones),
    "ubnd": (lambda t: t.replace("Ủy ban nhân dân", "UBND"), lambda g: g.replace("Ủy ban nhân dân", "UBND")),
    "date_slash": (lambda t: re.sub(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", r"ngày \1/\2/\3", t), None),
    "quarter_arabic": (lambda t: re.sub(r"([Qq]uý) (IV|III|II|I)\b",
                                        lambda m: f"{m.group(1)} {_ROMAN_QUARTERS[m.group(2)]}", t), None),
    "crlf": (lambda t: t.replace("\n", "\r\n"), None),
    "blank_lines": (lambda t: t.replace("\n", "\n\n"), None),
}


def _score(pairs: list[tuple[dict, str]]) -> dict[str, float]:
    from extractor.evaluate import FIELDS, Counts, score_document
    from extractor.pipeline import extract_text

    totals = {f: Counts() for f in FIELDS}
    for gold, text in pairs:
        result = score_document(gold, extract_text(text))
        for f in FIELDS:
            totals[f].add(result.counts[f])
    return {f: totals[f].f1 for f in FIELDS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", nargs="+", default=["real"])
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args(argv)
    documents: list[tuple[str, str]] = []  # (gold file's text, document's text)
    for part in args.parts:
        for gold_path in sorted((ROOT / "corpus" / part / "gold").glob("*.json")):
            doc = ROOT / "corpus" / part / "docs" / f"{gold_path.stem}.txt"
            if doc.is_file():
                documents.append((gold_path.read_text(encoding="utf-8"), doc.read_text(encoding="utf-8")))
    if not documents:
        parser.error(f"no text documents with gold in {args.parts}")
    print(f"{len(documents)} documents of {', '.join(args.parts)}; F1 per field")
    print(f"{'variant':<16}{'task':>7}{'lead':>7}{'support':>9}{'deadline':>10}{'metric':>8}")

    def line(name: str, figures: dict[str, float]) -> None:
        print(f"{name:<16}{figures['task']:>7.3f}{figures['lead']:>7.3f}{figures['support']:>9.3f}"
              f"{figures['deadline']:>10.3f}{figures['metric']:>8.3f}", flush=True)

    line("as written", _score([(json.loads(g), t) for g, t in documents]))
    for name in args.variants:
        rewrite, rewrite_gold = VARIANTS[name]
        line(name, _score([(json.loads(rewrite_gold(g) if rewrite_gold else g), rewrite(t)) for g, t in documents]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
