"""rules/ is validated data: a malformed file fails loudly, naming the file and field."""

from __future__ import annotations

import shutil

import pytest

from extractor.errors import RulesError
from extractor.rules import load_rules, rules_dir


def test_rules_load():
    rules = load_rules()
    assert "UBND" in rules.abbreviations.expansions
    assert rules.roles.lead.preceding and rules.roles.support.preceding


def _copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    return target


def _with_bullet_glyphs(tmp_path, glyphs: str):
    target = _copy(tmp_path)
    path = target / "outline.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("bullet_glyphs:")
    end = text.index("\n", start)
    path.write_text(text[:start] + "bullet_glyphs: " + glyphs + text[end:], encoding="utf-8")
    return target


def test_missing_key_is_rejected(tmp_path):
    target = _copy(tmp_path)
    path = target / "roles.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("pseudo:", "pseudos:"), encoding="utf-8")
    with pytest.raises(RulesError, match="pseudo"):
        load_rules(str(target))


def test_bad_marker_pattern_is_rejected(tmp_path):
    target = _copy(tmp_path)
    path = target / "outline.yaml"
    text = path.read_text(encoding="utf-8").replace("(?P<label>\\+)", "(\\+)")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match="label"):
        load_rules(str(target))


@pytest.mark.parametrize("glyphs", ['["-", "ab"]', '["-", "a"]', '["-", " "]', "[]"])
def test_a_bullet_glyph_that_is_not_one_mark_is_rejected(tmp_path, glyphs):
    target = _with_bullet_glyphs(tmp_path, glyphs)
    with pytest.raises(RulesError, match="bullet_glyphs"):
        load_rules(str(target))


@pytest.mark.parametrize("glyphs,message", [
    ('["-", "–", "—", "+", "*", "•", "·", "▪", "◦", "●", "○", "■", "□", "➢", "➤", "✓", "§"]', "open no item"),
    ('["-", "–", "—", "+", "*"]', "match none of bullet_glyphs"),   # the "bullet" marker's glyphs unlisted
])
def test_bullet_glyphs_and_bullet_markers_name_the_same_glyphs(tmp_path, glyphs, message):
    target = _with_bullet_glyphs(tmp_path, glyphs)
    with pytest.raises(RulesError, match=message):
        load_rules(str(target))


def test_unknown_metric_operator_is_rejected(tmp_path):
    target = _copy(tmp_path)
    path = target / "metrics.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('">=":', '"=>":'), encoding="utf-8")
    with pytest.raises(RulesError, match="unknown operators"):
        load_rules(str(target))


def test_relative_marker_outside_past_markers_is_rejected(tmp_path):
    target = _copy(tmp_path)
    path = target / "metrics.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("relative_markers: [đã]", "relative_markers: [đã, vừa]"),
                    encoding="utf-8")
    with pytest.raises(RulesError, match="vừa"):
        load_rules(str(target))


def test_a_new_agency_name_is_a_data_change(tmp_path):
    from extractor.grammar import Grammar
    from extractor.recognize import agencies

    before = [m.name for m in agencies.find_agencies("Sở Khoa học, Công nghệ và Môi trường tỉnh chủ trì")]
    assert before != ["Sở Khoa học, Công nghệ và Môi trường tỉnh"]
    target = _copy(tmp_path)
    path = target / "agencies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - Quốc phòng\n", "  - Quốc phòng\n  - Khoa học, Công nghệ và Môi trường\n"),
                    encoding="utf-8")
    grammar = Grammar(load_rules(str(target)))
    names = [m.name for m in agencies.find_agencies("Sở Khoa học, Công nghệ và Môi trường tỉnh chủ trì",
                                                    grammar=grammar)]
    assert names == ["Sở Khoa học, Công nghệ và Môi trường tỉnh"]
    # the default grammar is not touched by the other one
    assert [m.name for m in agencies.find_agencies("Sở Khoa học, Công nghệ và Môi trường tỉnh chủ trì")] == before


# A rules directory written for an older version lacks the keys added since: the error says which key
# of which file (the registry's files too).
MISSING_KEYS = [
    ("sections.yaml", "lead_in_endings:", "sections.yaml: missing key 'lead_in_endings'"),
    ("registry/provincial.yaml", "  province_unit:", "provincial.yaml: missing key 'place_words.province_unit'"),
    ("registry/former_provinces.yaml", "provinces:", "former_provinces.yaml: missing key 'provinces'"),
]


@pytest.mark.parametrize(("name", "key", "message"), MISSING_KEYS)
def test_an_old_rules_directory_names_the_missing_key_and_file(tmp_path, name, key, message):
    target = _copy(tmp_path)
    path = target / name
    text = path.read_text(encoding="utf-8")
    assert text.count(f"\n{key}") == 1
    path.write_text(text.replace(f"\n{key}", f"\n{key.replace(key.strip(), 'old_' + key.strip())}"), encoding="utf-8")
    with pytest.raises(RulesError) as raised:
        load_rules(str(target))
    assert message in str(raised.value)
    assert str(target) in str(raised.value)


# The rules and the registry are plain records (extractor/records.py) whose pydantic models are made
# on the first validation: every kind of check the class bodies declare still rejects a bad file.
@pytest.mark.parametrize(("name", "edit", "message"), [
    ("dates.yaml", lambda d: d.update(unknown_key=["x"]), "unknown_key"),                 # extra="forbid"
    ("dates.yaml", lambda d: d.update(day=""), "day"),                                    # Field(min_length=1)
    ("sections.yaml", lambda d: d.update(heading_max_words=0), "heading_max_words"),      # Field(gt=0)
    ("agencies.yaml", lambda d: d["titles"].append(" "), "empty entry"),                  # field_validator
    ("agencies.yaml", lambda d: d["bare_titles"][0].update(agency=None), "bare_titles"),  # a nested record
    ("header.yaml", lambda d: d["doc_type_words"].update({"Thông tri": "thong_tri"}), "doc_type_words"),  # Literal
    ("registry/central.yaml", lambda d: d["entries"][0].update(id="Bộ Nội vụ"), "slug"),   # model_validator
])
def test_rules_records_are_still_validated(tmp_path, name, edit, message):
    import yaml

    from extractor.registry import load_registry

    target = _copy(tmp_path)
    path = target / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load_registry(target / "registry") if name.startswith("registry/") else load_rules(str(target))


def test_rules_records_are_frozen_values():
    import pickle

    rules = load_rules()
    assert pickle.loads(pickle.dumps(rules)) == rules  # the grammar's disk cache keeps them so
    bare = rules.agencies.bare_titles[0]
    assert bare.own_words == [] and bare.shares_locality is False  # the declared defaults
    assert repr(bare).startswith("BareTitleRules(title=")
    with pytest.raises(AttributeError, match="frozen"):
        bare.title = "Thủ tướng"
