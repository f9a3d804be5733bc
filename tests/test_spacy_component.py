"""The spaCy component "nhiemvu" and the DocBin export (`nhiemvu export … --to spacy`)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tomllib
import unicodedata
from importlib import import_module
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy", reason="the spacy extra: pip install -e '.[spacy]'")

from spacy.language import Language
from spacy.tokens import DocBin

from extractor.cli import main
from extractor.models import Notice
from extractor.normalize import normalize_chars
from extractor.pipeline import extract_text
from extractor.spacy_component import (
    GROUPS,
    SPANS_PREFIX,
    annotate,
    items,
    make_nhiemvu,
    read_docbin,
)
from extractor.textutil import SUPERSCRIPTS

from .conftest import CORPUS, ROOT, corpus_documents

SEED = CORPUS / "seeds" / "docs" / "001_469ec51c1b46772e.txt"
NO_PYVI = {"nlp": {"tokenizer": {"use_pyvi": False}}}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("vi", config=NO_PYVI)  # white-space words; the pyvi tokenizer is tested below
    pipeline.add_pipe("nhiemvu")
    return pipeline


def _same_words(a: str, b: str) -> bool:
    """The same characters once normalization's changes are undone: NFC and tone marks, white space,
    `**bold**` markers, footnote marks."""
    def squeeze(text: str) -> str:
        return "".join(ch for ch in normalize_chars(text) if not ch.isspace() and ch not in "*_" + SUPERSCRIPTS)
    return squeeze(a) == squeeze(b)


def _spans(doc) -> dict[str, list[tuple[int, int, str, str, str]]]:
    return {group: [(s.start_char, s.end_char, s.label_, s.id_, s.kb_id_) for s in doc.spans[SPANS_PREFIX + group]]
            for group in GROUPS}


# --- registration --------------------------------------------------------------------------------

def test_the_entry_point_in_pyproject_names_the_registered_factory():
    """pyproject's [project.entry-points.spacy_factories] resolves to the function spaCy registered."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["spacy_factories"]
    module, _, attr = declared["nhiemvu"].partition(":")
    assert getattr(import_module(module), attr) is make_nhiemvu
    assert Language.has_factory("nhiemvu")
    assert Language.get_factory_meta("nhiemvu").default_config == {"issue_date": None, "split_tokens": True}


def test_spacy_finds_the_component_through_the_entry_point_alone(tmp_path):
    """A fresh interpreter that never imports extractor.spacy_component: spaCy loads it from the
    entry-point metadata (written here from pyproject, as `pip install` would) when it builds `nlp`."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["spacy_factories"]
    info = tmp_path / "nhiemvu-0.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: nhiemvu\nVersion: 0.0.0\n")
    (info / "entry_points.txt").write_text(
        "[spacy_factories]\n" + "".join(f"{name} = {target}\n" for name, target in declared.items()))
    code = ("import sys, spacy\n"
            "assert 'extractor.spacy_component' not in sys.modules\n"
            f"nlp = spacy.blank('vi', config={NO_PYVI!r})\n"
            "nlp.add_pipe('nhiemvu')\n"
            f"doc = nlp(open({str(SEED)!r}, encoding='utf-8-sig').read())\n"
            "print(len(doc.spans['nhiemvu_tasks']), type(doc._.nhiemvu).__name__)\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    tasks, kind = result.stdout.split()
    assert int(tasks) > 10 and kind == "Notice"


# --- spans ------------------------------------------------------------------------------------------

def test_the_spans_carry_labels_and_typed_values(nlp):
    doc = nlp(_read(SEED))
    notice = doc._.nhiemvu
    assert isinstance(notice, Notice) and notice.tasks and notice.text
    tasks = list(doc.spans["nhiemvu_tasks"])
    assert [s.label_ for s in tasks] == [t.path or t.id.rsplit(":", 1)[-1] for t in notice.tasks]
    assert [s._.nhiemvu for s in tasks] == notice.tasks
    agencies = list(doc.spans["nhiemvu_agencies"])
    assert agencies and {s.label_ for s in agencies} <= {"lead", "support", "report_to"}
    assert all(s.label_ == s._.nhiemvu.role and s.kb_id_ == (s._.nhiemvu.registry_id or "") for s in agencies)
    assert all(s.label_ == s._.nhiemvu.kind for s in doc.spans["nhiemvu_deadlines"])
    assert all(s.label_ == s._.nhiemvu.op for s in doc.spans["nhiemvu_metrics"])
    assert len(doc.spans["nhiemvu_deadlines"]) and len(doc.spans["nhiemvu_metrics"])


@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_value_of_the_corpus_is_a_span_on_its_own_words(nlp, path):
    """On the file's text the spans cover the characters each value was read from (the same words,
    written before normalization); on the normalized text they are the value's text exactly."""
    raw = _read(path)
    doc = nlp(raw)
    notice = doc._.nhiemvu
    expected = list(items(notice))
    placed = {s.id_: s for group in GROUPS for s in doc.spans[SPANS_PREFIX + group]}
    problems = {u["path"]: u["problem"] for u in doc._.nhiemvu_unaligned}
    assert len(placed) == len(expected)
    for item in expected:
        span = placed[item.path]
        assert span.label_ == item.label
        if item.text is None:
            continue
        if item.path in problems:  # a footnote or a page number printed inside a task's paragraph
            assert problems[item.path].startswith("other lines inside") and item.group == "tasks"
            assert _same_words(span.text[:20], item.text[:20]) or span.text.split()[0] == item.text.split()[0]
        else:
            assert _same_words(span.text, item.text), (item.path, span.text, item.text)
    assert len(problems) <= 1  # the corpus has four such tasks in 99 notices

    exact = nlp.make_doc(notice.text)
    annotate(exact, notice)
    assert not exact._.nhiemvu_unaligned
    for span in (s for group in GROUPS for s in exact.spans[SPANS_PREFIX + group]):
        value = span._.nhiemvu
        assert getattr(value, "text", None) in (None, span.text)


def test_pyvi_words_are_split_at_span_edges_without_moving_a_span():
    pytest.importorskip("pyvi")
    nlp = spacy.blank("vi")  # pyvi's words hold spaces ("Nội vụ", "chủ trì")
    nlp.add_pipe("nhiemvu")
    doc = nlp(_read(SEED))
    assert any(" " in token.text for token in doc)
    assert doc.text == _read(SEED)
    for span in doc.spans["nhiemvu_agencies"]:
        assert _same_words(span.text, span._.nhiemvu.text)


def test_tokens_kept_whole_report_the_spans_that_grew():
    nlp = spacy.blank("vi", config=NO_PYVI)
    nlp.add_pipe("nhiemvu", config={"split_tokens": False})
    doc = nlp(_read(SEED))
    grown = [u for u in doc._.nhiemvu_unaligned if u["problem"].startswith("expanded")]
    assert grown  # "Sở Nội vụ," is one white-space word: the agency's span takes the comma, and says so
    spans = {s.id_: s for s in doc.spans["nhiemvu_agencies"]}
    for entry in grown:
        if entry["group"] == "agencies":
            assert spans[entry["path"]].text != spans[entry["path"]]._.nhiemvu.text


RELATIVE_DEADLINES = (
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\nSố: 160/KH-UBND\nCần Thơ, ngày 18 tháng 11 năm 2025\nKẾ HOẠCH\n"
    "Chi trả trợ cấp không dùng tiền mặt\nII. NHIỆM VỤ\n"
    "1. Ủy ban nhân dân xã, phường tổ chức cao điểm mở tài khoản trong 10 ngày làm việc.\n"
    "2. Các tổ chức cung cấp dịch vụ chi trả rà soát danh sách trong 03 ngày làm việc.\n")


@pytest.mark.parametrize(("issue_date", "undated", "ends"), [
    (None, False, ["2025-12-02", "2025-11-21"]),          # from the header: 18/11/2025
    ("2025-12-01", True, ["2025-12-15", "2025-12-04"]),   # the factory's config dates a text without one
    ("2025-12-01", False, ["2025-12-02", "2025-11-21"]),  # as extract_text: the header's date wins
])
def test_issue_date_comes_through_the_factory_config(issue_date, undated, ends):
    nlp = spacy.blank("vi", config=NO_PYVI)
    nlp.add_pipe("nhiemvu", config={"issue_date": issue_date})
    text = RELATIVE_DEADLINES
    if undated:  # the place-and-date line taken out
        text = re.sub(r"^[^\n]*, ngày \d+ tháng \d+ năm \d{4}\n", "", text, count=1, flags=re.MULTILINE)
    doc = nlp(text)
    relative = [s._.nhiemvu for s in doc.spans["nhiemvu_deadlines"] if s.label_ == "relative"]
    assert [d.end for d in relative] == ends
    assert nlp.config["components"]["nhiemvu"]["issue_date"] == issue_date


@pytest.mark.parametrize("bad", ["5/10/2022", "2022-13", "2022-02-30"])
def test_a_malformed_issue_date_is_refused_when_the_pipe_is_added(bad):
    nlp = spacy.blank("vi", config=NO_PYVI)
    with pytest.raises(ValueError, match="issue_date|month|day"):
        nlp.add_pipe("nhiemvu", config={"issue_date": bad})


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_a_text_without_a_notice_gives_empty_groups_and_the_error(nlp, text):
    doc = nlp(text)
    assert doc._.nhiemvu is None and doc._.nhiemvu_error["code"] == "empty"
    assert all(len(doc.spans[SPANS_PREFIX + group]) == 0 for group in GROUPS)


def test_nfd_text_keeps_its_characters_and_gets_every_span(nlp):
    text = unicodedata.normalize("NFD", _read(SEED))
    doc = nlp(text)
    assert doc.text == text
    assert len(doc.spans["nhiemvu_tasks"]) == len(doc._.nhiemvu.tasks)
    for span in doc.spans["nhiemvu_deadlines"]:
        assert unicodedata.normalize("NFC", span.text) == span._.nhiemvu.text


# --- DocBin ---------------------------------------------------------------------------------------

def test_a_batch_round_trips_through_a_docbin(tmp_path):
    """export --to spacy, read back: the same text, spans, labels and values as the JSON lines."""
    paths = [SEED, CORPUS / "real" / "docs" / "w17.txt", CORPUS / "blind" / "docs" / "m08.txt"]
    notices = [extract_text(_read(p)) for p in paths]
    lines = [notices[0].model_dump(mode="json"), notices[1].model_dump(mode="json")]
    without_text = notices[2].model_copy(update={"text": None})  # a batch run without --include-text
    without_text.source.path = str(paths[2])
    without_text.source.sha256 = hashlib.sha256(paths[2].read_bytes()).hexdigest()
    lines.append(without_text.model_dump(mode="json"))
    lines.append({"schema_version": "1.1", "source": {"path": "x.txt"}, "error": {"code": "empty", "message": "-"}})
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    out = io.StringIO()
    assert main(["export", str(batch), "--to", "spacy", "-o", str(tmp_path / "corpus.spacy")], out=out) == 0
    assert out.getvalue().startswith("3 docs (")

    docs = list(read_docbin(tmp_path / "corpus.spacy"))
    assert len(docs) == 3
    for doc, notice in zip(docs, notices):
        assert doc.text == notice.text
        assert doc._.nhiemvu.model_dump(mode="json") == notice.model_dump(mode="json") | {
            "source": doc._.nhiemvu.source.model_dump(mode="json")}  # the third line's source was edited
        want = {group: [] for group in GROUPS}
        for item in items(notice):
            want[item.group].append((item.start, item.end, item.label, item.path, item.kb_id))
        assert _spans(doc) == want
        for group in GROUPS:
            for span in doc.spans[SPANS_PREFIX + group]:
                value = span._.nhiemvu
                assert getattr(value, "text", span.text) == span.text
                assert tuple(value.span) == (span.start_char, span.end_char)

    # the standard spaCy API reads it too, given a vocabulary
    plain = list(DocBin().from_disk(tmp_path / "corpus.spacy").get_docs(spacy.blank("xx").vocab))
    assert [len(d.spans["nhiemvu_tasks"]) for d in plain] == [len(n.tasks) for n in notices]


def test_a_line_without_text_or_source_is_skipped_and_said(tmp_path, capsys):
    notice = extract_text(_read(SEED)).model_copy(update={"text": None})
    notice.source.path = str(tmp_path / "gone.txt")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps(notice.model_dump(mode="json"), ensure_ascii=False) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert main(["export", str(batch), "--to", "spacy", "-o", str(tmp_path / "c.spacy")], out=out) == 0
    assert out.getvalue().startswith("0 docs")
    assert "line 1: no text (run batch with --include-text" in capsys.readouterr().err


def test_a_doc_the_component_made_keeps_its_values_in_a_users_docbin(nlp):
    doc = nlp(_read(SEED))
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    back = next(iter(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab)))
    assert back.text == doc.text and back._.nhiemvu == doc._.nhiemvu
    assert _spans(back) == _spans(doc)
    assert [s._.nhiemvu for s in back.spans["nhiemvu_agencies"]] == [s._.nhiemvu for s in doc.spans["nhiemvu_agencies"]]


def test_export_without_spacy_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "extractor.spacy_component", None)  # as if spaCy were not installed
    batch = tmp_path / "batch.jsonl"
    batch.write_text("", encoding="utf-8")
    assert main(["export", str(batch), "--to", "spacy", "-o", str(tmp_path / "c.spacy")], out=io.StringIO()) == 2
    assert "pip install 'nhiemvu[spacy]'" in capsys.readouterr().err
