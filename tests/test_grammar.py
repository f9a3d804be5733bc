"""Rules are passed in: an `Extractor` (or a `Grammar`) built from another rules/ directory changes what
is extracted, through the Python API and through NHIEMVU_RULES in the CLI, while the default rules in
the same process stay as they were; the compiled grammar is kept on disk and read back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from extractor import Extractor, extract_text, find_deadlines, load_rules
from extractor.grammar import Grammar, rules_hash
from extractor.rules import rules_dir

ROOT = Path(__file__).resolve().parent.parent
NEW_CUE = "hạn chót là"  # a deadline cue the bundled rules do not have
NOTICE = """ỦY BAN NHÂN DÂN
TỈNH LONG AN

Số: 12/TB-UBND

Long An, ngày 05 tháng 10 năm 2022

THÔNG BÁO

Kết luận của Chủ tịch UBND tỉnh về công tác chuyển đổi số

Chủ tịch UBND tỉnh kết luận và chỉ đạo như sau:

1. Sở Nội vụ chủ trì, phối hợp với Sở Tài chính xây dựng kế hoạch chuyển đổi số, hạn chót là 30/11/2022.

2. Sở Tài chính bố trí kinh phí thực hiện kế hoạch, hoàn thành trước ngày 15/12/2022.
"""


def _custom_rules(tmp_path: Path) -> Path:
    """A copy of rules/ with one more deadline cue: the only change."""
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)  # registry/ too: NHIEMVU_RULES moves the registry with it
    path = target / "deadlines.yaml"
    text = path.read_text(encoding="utf-8")
    assert "by_cues:\n" in text and NEW_CUE not in text
    path.write_text(text.replace("by_cues:\n", f"by_cues:\n  - {NEW_CUE}\n", 1), encoding="utf-8")
    return target


def _ends(record: dict | object) -> list[str | None]:
    """Each task's first deadline's end date (None: no deadline)."""
    data = record if isinstance(record, dict) else record.model_dump(mode="json")  # type: ignore[union-attr]
    return [t["deadlines"][0]["end"] if t["deadlines"] else None for t in data["tasks"]]


def test_extractor_with_custom_rules_changes_extraction_and_not_the_default(tmp_path):
    default_before = extract_text(NOTICE)
    assert _ends(default_before) == [None, "2022-12-15"]

    custom = Extractor(rules=load_rules(str(_custom_rules(tmp_path))))
    assert _ends(custom.extract_text(NOTICE)) == ["2022-11-30", "2022-12-15"]
    cued = "xây dựng kế hoạch, hạn chót là 30/11/2022"
    assert [d.end for d in find_deadlines(cued, grammar=custom.grammar)] == ["2022-11-30"]

    # the default, in the same process, after the custom one ran
    assert extract_text(NOTICE).model_dump() == default_before.model_dump()
    assert find_deadlines(cued) == []


def test_nhiemvu_rules_reaches_the_cli(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(NOTICE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NHIEMVU_RULES"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["NHIEMVU_CACHE_DIR"] = str(tmp_path / "cache")

    def run(extra: dict[str, str]) -> dict:
        done = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(source)],
                              env=env | extra, capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    custom = run({"NHIEMVU_RULES": str(_custom_rules(tmp_path))})
    default = run({})
    assert _ends(custom) == ["2022-11-30", "2022-12-15"]
    assert _ends(default) == [None, "2022-12-15"]
    # each rules directory has its own compiled grammar on disk, and a second run reads it back
    assert len(list((tmp_path / "cache").glob("grammar-*.pickle"))) == 2
    assert run({"NHIEMVU_RULES": str(tmp_path / "rules")}) == custom


def test_disk_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("NHIEMVU_CACHE_DIR", str(tmp_path / "cache"))
    target = _custom_rules(tmp_path)
    first = Grammar.from_directory(target)
    notice = Extractor(grammar=first).extract_text(NOTICE)
    files = list((tmp_path / "cache").glob("grammar-*.pickle"))
    assert len(files) == 1 and rules_hash(target) in files[0].name
    second = Grammar.from_directory(target)  # read back: the stages come compiled
    assert second.rules == first.rules
    assert set(second._stages) == set(first._stages)
    assert Extractor(grammar=second).extract_text(NOTICE).model_dump() == notice.model_dump()
    # a change to a rules file is another key
    path = target / "header.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rules_hash(target) not in files[0].name


def test_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("NHIEMVU_CACHE_DIR", "off")
    grammar = Grammar.from_directory(_custom_rules(tmp_path))
    Extractor(grammar=grammar).extract_text(NOTICE)
    assert grammar._cache_file is None
