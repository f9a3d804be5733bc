"""Rules are passed in: an `Extractor` (or a `Grammar`) built from another rules/ directory changes what
is extracted, through the Python API and through NHIEMVU_RULES in the CLI, while the default rules in
the same process stay as they were; the compiled grammar is kept on disk and read back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from extractor import (
    Extractor,
    assemble,
    extract_text,
    find_agencies,
    find_deadlines,
    find_metrics,
    find_references,
    load_rules,
)
from extractor.evaluate import agency_key, is_neutral_agency
from extractor.grammar import Grammar, rules_hash, using
from extractor.ics import recurrence_rule
from extractor.outline import classify_section, section_at_head
from extractor.readers.base import looks_like_task_header
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


def test_a_registry_edit_is_a_new_cache_key(tmp_path, monkeypatch):
    # the link stage keeps the registry in the cached grammar: an edited registry file must not load
    # the old one (the key once hashed the rules files only)
    target = _custom_rules(tmp_path)
    monkeypatch.setenv("NHIEMVU_RULES", str(target))
    monkeypatch.delenv("NHIEMVU_REGISTRY", raising=False)
    before = rules_hash(target)
    path = target / "registry" / "central.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rules_hash(target) != before


def test_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("NHIEMVU_CACHE_DIR", "off")
    grammar = Grammar.from_directory(_custom_rules(tmp_path))
    Extractor(grammar=grammar).extract_text(NOTICE)
    assert grammar._cache_file is None


def _rules_with(tmp_path: Path, name: str, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of rules/ whose file `name` is changed by `edit` (on its parsed YAML): the only change."""
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    path = target / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def _deadlines(text: str, grammar: Grammar | None) -> list[tuple[str, str, str | None, str | None]]:
    return [(d.text, d.kind, d.end, d.recurrence) for d in find_deadlines(text, issue_date="2025-08-01", grammar=grammar)]


def _roles(text: str, grammar: Grammar | None) -> list[tuple[str, str | None]]:
    return [(a.text, a.role) for a in find_agencies(text, grammar=grammar)]


def _citations(text: str, grammar: Grammar | None) -> list[tuple[str, str | None]]:
    return [(r.text, r.issuer) for r in find_references(text, grammar=grammar)]


def _targets(text: str, grammar: Grammar | None) -> list[tuple[str, float | None, str | None]]:
    return [(m.op, m.value, m.unit) for m in find_metrics(text, grammar=grammar)]


def _task_header(text: str, grammar: Grammar | None) -> bool:
    with using(grammar):
        return looks_like_task_header(text.split(" | "))


def _weekly_day(text: str, grammar: Grammar | None) -> object:
    with using(grammar):
        return recurrence_rule("weekly", text)["BYDAY"]


def _section(text: str, grammar: Grammar | None) -> str | None:
    with using(grammar):
        return classify_section(text, False)


def _heading_section(text: str, grammar: Grammar | None) -> str | None:
    with using(grammar):
        return section_at_head(text)


def _generic_lead_in(text: str, grammar: Grammar | None) -> bool:
    with using(grammar):
        return any(p.match(text) for p in assemble._patterns().generic)


def _names(text: str, grammar: Grammar | None) -> list[tuple[str, str]]:
    return [(a.text, a.name) for a in find_agencies(text, grammar=grammar)]


def _neutral(text: str, grammar: Grammar | None) -> bool:
    with using(grammar):
        return is_neutral_agency(text)


def _gold_key(text: str, grammar: Grammar | None) -> str:
    with using(grammar):
        return agency_key(text)


def _agency_item_filler(text: str, grammar: Grammar | None) -> bool:
    with using(grammar):
        return assemble._patterns().filler.fullmatch(text) is not None


# Words that were in the code and are now rules data: a changed word in a rules directory of one's
# own changes what is found (the default rules, in the same process, stay as they were).
WORDS_IN_RULES = [
    # "trong vòng N ngày" is a term without an anchor only while it is one of the term cues
    ("deadlines.yaml", lambda d: d["relative"].update(term_cues=["trong thời hạn"]), _deadlines,
     "Sở Tài chính hoàn thành trong vòng 15 ngày.",
     [("trong vòng 15 ngày", "relative", "2025-08-16", None)], []),
    # a range after "kết quả" is the period a report covers; with other reporting words it is a deadline
    ("deadlines.yaml", lambda d: d.update(reporting_subjects=["số liệu"]), _deadlines,
     "Sở Tài chính báo cáo kết quả thực hiện từ ngày 01/3/2024 đến ngày 30/6/2024.",
     [], [("thực hiện từ ngày 01/3/2024 đến ngày 30/6/2024", "range", "2024-06-30", None)]),
    # the periodic word makes "hằng quý" a recurrence and is kept in the deadline's text
    ("deadlines.yaml", lambda d: d["recurrence"].update(periodic_words=["thường kỳ"]), _deadlines,
     "Sở Y tế thường kỳ hằng quý tổng hợp.",
     [], [("thường kỳ hằng quý", "recurring", None, "quarterly")]),
    # only the signing anchors count from the issue date
    ("deadlines.yaml", lambda d: d["relative"].update(signing_anchors=["kể từ ngày ban hành"]), _deadlines,
     "Sở Nội vụ hoàn thành trong 10 ngày kể từ ngày ký.",
     [("trong 10 ngày kể từ ngày ký", "relative", "2025-08-11", None)],
     [("trong 10 ngày kể từ ngày ký", "relative", None, None)]),
    # an agency inside parentheses has a role only after a via cue
    ("roles.yaml", lambda d: d.update(via_cues=["chuyển qua"]), _roles,
     "Giao Sở Y tế chủ trì (báo cáo thông qua Sở Nội vụ).",
     [("Sở Y tế", "lead"), ("Sở Nội vụ", "report_to")], [("Sở Y tế", "lead")]),
    # the words of a time of day before the deadline's day
    ("dates.yaml", lambda d: d.update(hour_words=["giờ"]), _deadlines,
     "Sở Tài chính hoàn thành chậm nhất 10h00 ngày 27/4/2025.",
     [("hoàn thành chậm nhất 10h00 ngày 27/4/2025", "by", "2025-04-27", None)], []),
    # the words before a relative term's number
    ("deadlines.yaml", lambda d: d["relative"].update(number_openers=["trong vòng", "trong"]), _deadlines,
     "Sở Tài chính hoàn thành chậm nhất sau 15 ngày kể từ ngày ký.",
     [("chậm nhất sau 15 ngày kể từ ngày ký", "relative", "2025-08-16", None)], []),
    # "cuối tháng 6" is by the end of the month while "cuối" is an end word
    ("deadlines.yaml", lambda d: d.update(end_words=["hết"]), _deadlines,
     "Sở Xây dựng hoàn thành cuối tháng 6/2025.",
     [("cuối tháng 6/2025", "by", "2025-06-30", None)], [("cuối tháng 6/2025", "within", "2025-06-30", None)]),
    # the words before a range are part of its text
    ("deadlines.yaml", lambda d: d.update(range_openers=["trong khoảng"]), _deadlines,
     "Sở Y tế thực hiện trong khoảng thời gian từ ngày 01/3/2025 đến ngày 30/6/2025.",
     [("trong khoảng thời gian từ ngày 01/3/2025 đến ngày 30/6/2025", "range", "2025-06-30", None)],
     [("từ ngày 01/3/2025 đến ngày 30/6/2025", "range", "2025-06-30", None)]),
    # the issuer of a citation follows one of its issuer words
    ("references.yaml", lambda d: d.update(issuer_words=["do"]), _citations,
     "theo Quyết định số 12/QĐ-UBND ngày 01/3/2022 của UBND tỉnh",
     [("Quyết định số 12/QĐ-UBND ngày 01/3/2022 của UBND tỉnh", "UBND tỉnh")],
     [("Quyết định số 12/QĐ-UBND ngày 01/3/2022", None)]),
    # "phần trăm" is a percentage while it is a percent unit
    ("metrics.yaml", lambda d: d.update(percent_units=["%"]), _targets,
     "bảo đảm ít nhất 80 phần trăm hồ sơ được số hóa", [(">=", 80, "%")], []),
    # a table's header row names its task columns with these words
    ("sections.yaml", lambda d: d.update(task_table_header_starts=["nhiệm vụ", "nội dung"]), _task_header,
     "STT | Cơ quan chủ trì", True, False),
    # the words between a paragraph's section word and its colon: past 40 characters only these
    ("sections.yaml", lambda d: d.update(section_tail_endings=["như thế"]), _section,
     "Để khắc phục những tồn tại, hạn chế nêu trên trong công tác chuyển đổi số như thế:", None, "non_task"),
    # a heading's opening words before its section word
    ("sections.yaml", lambda d: d.update(section_heading_openers=["Về"]), _heading_section,
     "Một số giải pháp chủ yếu", "task", None),
    # the words a generic lead-in ("… các nhiệm vụ sau đây:") may end with
    ("sections.yaml", lambda d: d.update(generic_lead_in_endings=["như sau"]), _generic_lead_in,
     "thực hiện các nhiệm vụ sau đây:", True, False),
    # an item of agencies only may hold these words besides them
    ("sections.yaml", lambda d: d.update(agency_item_fillers=["các"]), _agency_item_filler,
     " và các ", True, False),
    # the scoring conventions: an agency nobody names may open with these determiners
    ("agencies.yaml", lambda d: d["scoring"].update(neutral_determiners=["các"]), _neutral,
     "mọi đơn vị liên quan", True, False),
    # … and a name is compared without these words
    ("agencies.yaml", lambda d: d["scoring"].update(dropped_words=["Các"]), _gold_key,
     "các Sở Tài chính", "so tai chinh", "cac so tai chinh"),
    # the words inside agency names: the plural before a colon list's head …
    ("agencies.yaml", lambda d: d["name_words"].update(plural=["mọi"]), _names,
     "Giao các Bộ: Tài chính, Tư pháp chủ trì rà soát.",
     [("Tài chính", "Bộ Tài chính"), ("Tư pháp", "Bộ Tư pháp")], [("các Bộ", "các Bộ")]),
    # … and before a people's committee's places
    ("agencies.yaml", lambda d: d["name_words"].update(plural=["mọi"]), _names,
     "Giao UBND các huyện chủ trì rà soát.", [("UBND các huyện", "UBND các huyện")], [("các huyện", "các huyện")]),
    ("agencies.yaml", lambda d: d["name_words"].update(every_level=["mọi cấp"]), _names,
     "Giao UBND các cấp chủ trì rà soát.", [("UBND các cấp", "UBND các cấp")], [("các cấp", "các cấp")]),
    ("agencies.yaml", lambda d: d["name_words"].update(subordinate=["trực thuộc"]), _names,
     "Giao các phòng, ban thuộc UBND huyện chủ trì rà soát.",
     [("các phòng, ban thuộc UBND huyện", "các phòng, ban thuộc UBND huyện")],
     [("các phòng, ban", "các phòng, ban"), ("UBND huyện", "UBND huyện")]),
    ("agencies.yaml", lambda d: d["name_words"].update(owner=["thuộc"]), _roles,
     "Sở Y tế phối hợp với cơ quan chức năng của Bộ Công an rà soát.",
     [("Sở Y tế", "lead"), ("cơ quan chức năng của Bộ Công an", "support")], [("Sở Y tế", "lead")]),
    ("agencies.yaml", lambda d: d["name_words"].update(numbered_after=["Số"]), _names,
     "Giao Chi nhánh Ngân hàng Nhà nước Khu vực 14 chủ trì rà soát.",
     [("Ngân hàng Nhà nước Khu vực 14", "Ngân hàng Nhà nước Khu vực 14")], []),
    # a unit's abbreviation in a list of provinces stands for its unit
    ("agencies.yaml", lambda d: d["province_lists"].update(unit_abbreviations={"T.P": "thành phố"}), _names,
     "Giao Ủy ban nhân dân các tỉnh: TP Huế, Quảng Trị chủ trì rà soát.",
     [("TP Huế", "Ủy ban nhân dân thành phố Huế"), ("Quảng Trị", "Ủy ban nhân dân tỉnh Quảng Trị")],
     [("TP Huế", "Ủy ban nhân dân tỉnh TP Huế"), ("Quảng Trị", "Ủy ban nhân dân tỉnh Quảng Trị")]),
    # the calendar's weekday names
    ("dates.yaml", lambda d: d["weekdays"].update({"thứ sáu": "SA"}), _weekly_day,
     "thứ Sáu hằng tuần", "FR", "SA"),
]


@pytest.mark.parametrize(("name", "edit", "find", "text", "default", "custom"), WORDS_IN_RULES)
def test_moved_words_are_read_from_the_rules(tmp_path, name, edit, find, text, default, custom):
    grammar = Grammar(load_rules(str(_rules_with(tmp_path, name, edit))))
    assert find(text, None) == default
    assert find(text, grammar) == custom
    assert find(text, None) == default


def _registry_ids(text: str, grammar: Grammar | None) -> list[tuple[str, str | None]]:
    return [(a.text, a.registry_id) for a in find_agencies(text, grammar=grammar)]


def _add_to_registry(tmp_path: Path) -> Path:
    """A copy of rules/ whose registry has one more (invented) province and one more central agency."""
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    provincial = target / "registry" / "provincial.yaml"
    text = provincial.read_text(encoding="utf-8")
    assert "added_provinces: []\n" in text
    provincial.write_text(text.replace("added_provinces: []\n", "added_provinces: [{name: Sơn Hải, unit: tỉnh}]\n"),
                          encoding="utf-8")
    central = target / "registry" / "central.yaml"
    central.write_text(central.read_text(encoding="utf-8").replace("entries:\n", """entries:
  - id: vien-thien-van-quoc-gia
    name: Viện Thiên văn Quốc gia
    short: []
    aliases: []
    code: null
    level: trung_uong
    kind: agency
    successor: null
    successor_date: null
""", 1), encoding="utf-8")
    return target


REGISTRY_PHRASES = [
    # a province the bundled registry does not know keeps its name, unlinked (its committee was once cut to
    # "UBND tỉnh" and linked to the generic committee: a wrong body, as "UBND thành phố Quy Nhơn" was)
    ("Giao UBND tỉnh Sơn Hải chủ trì rà soát.",
     [("UBND tỉnh Sơn Hải", None)], [("UBND tỉnh Sơn Hải", "uy-ban-nhan-dan-tinh@son-hai")]),
    ("Giao Sở Nội vụ tỉnh Sơn Hải chủ trì rà soát.",
     [("Sở Nội vụ tỉnh Sơn Hải", None)], [("Sở Nội vụ tỉnh Sơn Hải", "so-noi-vu@son-hai")]),
    ("Giao Viện Thiên văn Quốc gia chủ trì rà soát.",
     [("Viện Thiên văn Quốc gia", None)], [("Viện Thiên văn Quốc gia", "vien-thien-van-quoc-gia")]),
    # a province the package knows is the same with either registry
    ("Giao UBND tỉnh Hà Tĩnh chủ trì rà soát.",
     [("UBND tỉnh Hà Tĩnh", "uy-ban-nhan-dan-tinh@ha-tinh")], [("UBND tỉnh Hà Tĩnh", "uy-ban-nhan-dan-tinh@ha-tinh")]),
]


@pytest.mark.parametrize(("text", "default", "custom"), REGISTRY_PHRASES)
def test_a_rules_directory_brings_its_registry(tmp_path, text, default, custom):
    # Extractor(rules=load_rules(dir)) once linked names with the bundled registry whatever the directory
    extractor = Extractor(rules=load_rules(str(_add_to_registry(tmp_path))))
    assert _registry_ids(text, None) == default
    assert _registry_ids(text, extractor.grammar) == custom
    assert _registry_ids(text, None) == default


def test_a_registry_of_its_own_is_part_of_the_cache_key(tmp_path):
    # the key once hashed the registry in force (the bundled one) for any rules directory
    target = _add_to_registry(tmp_path)
    assert rules_hash(target) != rules_hash(rules_dir())
    before = rules_hash(target)
    path = target / "registry" / "local.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rules_hash(target) != before


def test_a_start_from_the_disk_cache_neither_reads_nor_validates_the_rules(tmp_path):
    # start-up (issue 12): with the compiled grammar on disk the CLI reads no rules file (no YAML), makes
    # no pydantic model of the rules, and pydantic looks for no plugins (importlib.metadata, email, …)
    source = tmp_path / "notice.txt"
    source.write_text(NOTICE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("NHIEMVU_RULES", "NHIEMVU_REGISTRY")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["NHIEMVU_CACHE_DIR"] = str(tmp_path / "cache")
    command = [sys.executable, "-X", "importtime", "-m", "extractor.cli", "extract", str(source)]
    subprocess.run(command, env=env, capture_output=True, check=True)  # compiles the grammar, keeps it
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert {"extractor.pipeline", "pydantic"} <= imported
    assert not {"yaml", "importlib.metadata"} & imported
    probe = ("from extractor.grammar import default_grammar\nfrom extractor.rules import Rules\n"
             "default_grammar()\nprint('_pydantic_model' in vars(Rules))")
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# a regular expression's source read token by token (textutil.regex_tokens): each `\s+` outside a class a
# plain space for single-spaced lines (agencies), an alternative at the top level (outline's colon endings)
@pytest.mark.parametrize("source,spaced", [
    (r"Sở\s+Tài\s+chính", "Sở Tài chính"),
    (r"các\s+?sở\s++ngành", "các sở ngành"),
    (r"[\s+]\s+x", r"[\s+] x"),            # inside a class it stays
    (r"[]\s+]\s+x", r"[]\s+] x"),          # a "]" first in a class is a member
    (r"[^]a]\s+x", r"[^]a] x"),
    (r"a\\s+b", r"a\\s+b"),                # an escaped backslash, then "s+"
    (r"\s*x\s", r"\s*x\s"),
])
def test_single_spaced_copies_of_a_reading(source, spaced):
    from extractor.recognize.agencies import single_spaced
    assert single_spaced(source) == spaced


@pytest.mark.parametrize("pattern,ends", [
    (r"(?:bao\s+)?gồm\s*:\s*$", True),
    (r"(?:,\s*|\s+)như\s*:\s*$", True),
    (r"a|b:\s*$", False),                  # an alternative of its own: not every match ends so
    (r"[|]b:\s*$", True),                   # a bar in a class is no alternative
    (r"a\|b:\s*$", True),
    (r"gồm\:\s*$", False),
])
def test_a_content_list_pattern_that_ends_in_a_colon(pattern, ends):
    from extractor.outline import _ends_in_colon
    assert _ends_in_colon(pattern) is ends
