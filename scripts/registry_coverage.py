"""Which agencies named in the annotated real documents the registry places, and which it does not.

    python scripts/registry_coverage.py [--markdown]

Reads every lead and support of corpus/real/gold (agencies nobody names,
"các đơn vị liên quan", left out as in scoring), resolves each with the registry (the issuer's
province as context) and prints the counts, then the names it cannot place, grouped: collectives and
lists (by design not registry entries), people by office, and the rest.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.evaluate import is_neutral_agency
from extractor.registry import load_registry

GOLD = [ROOT / "corpus" / "real" / "gold"]
_COLLECTIVE = regex.compile(r"(?i)^(?:các|những|mọi)\s|,")
_PERSON = regex.compile(r"^(?:Phó Thủ tướng|Thủ tướng|Chủ tịch|Phó Chủ tịch|Bộ trưởng)")


def coverage() -> dict:
    registry = load_registry()
    names: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    for folder in GOLD:
        for path in sorted(folder.glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            province = registry.find_province(gold.get("issuer") or "")
            for task in gold["tasks"]:
                for name in task.get("lead", []) + task.get("support", []):
                    if is_neutral_agency(name):
                        continue
                    names[name] += 1
                    if registry.resolve(name, province) is not None:
                        placed[name] += 1
    unknown = sorted(n for n in names if n not in placed)
    groups: dict[str, list[str]] = {"collectives and lists": [], "people by office": [], "other": []}
    for name in unknown:
        key = "collectives and lists" if _COLLECTIVE.search(name) else \
            "people by office" if _PERSON.match(name) else "other"
        groups[key].append(name)
    return {"distinct": len(names), "placed": len(placed), "mentions": sum(names.values()),
            "mentions_placed": sum(names[n] for n in placed), "unknown": groups}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="the unknown names as a Markdown list")
    args = parser.parse_args(argv)
    data = coverage()
    print(f"{data['distinct']} distinct agency names in the real gold, {data['placed']} placed by the registry; "
          f"{data['mentions_placed']} of {data['mentions']} mentions")
    for group, members in data["unknown"].items():
        print(f"\n{'## ' if args.markdown else ''}{group}: {len(members)}")
        for name in members:
            print(f"- {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
