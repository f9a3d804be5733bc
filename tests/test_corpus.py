"""Every corpus notice: spans are lossless, and the pipeline meets its targets against gold."""

from __future__ import annotations

import json

import pytest

from extractor import extract
from extractor.evaluate import evaluate

from .conftest import CORPUS, corpus_documents

DOCS = corpus_documents()


@pytest.fixture(scope="module", params=DOCS, ids=[f"{p.parent.parent.name}/{p.stem}" for p in DOCS])
def notice(request):
    return extract(request.param)


def test_corpus_is_there():
    assert len(DOCS) >= 11


def test_every_span_is_its_text(notice):
    text = notice.text
    checked = 0
    for task in notice.tasks:
        assert text[task.span[0]:task.span[1]] == task.text
        for field in (*task.deadlines, *task.metrics, *task.references):
            assert text[field.span[0]:field.span[1]] == field.text
            checked += 1
        for assignee in task.assignees:
            if assignee.inherited:
                assert assignee.span is None
            else:
                assert text[assignee.span[0]:assignee.span[1]] == assignee.text
                # as written, an elliptic part ("Tài chính" of "Bộ Tài chính"), or the owner named at
                # the end of its units' words ("cơ quan chức năng của Bộ Y tế")
                assert assignee.name.endswith(assignee.text) or assignee.text.endswith(assignee.name)
    for ref in notice.references:
        assert text[ref.span[0]:ref.span[1]] == ref.text


def test_task_ids_are_unique_and_stable(notice):
    ids = [t.id for t in notice.tasks]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(notice.id + ":") for i in ids)
    assert [t.id for t in extract(notice.source.path).tasks] == ids


def test_news_articles_without_a_relayed_document_have_no_tasks():
    for path in DOCS:
        gold = path.parent.parent / "gold" / f"{path.stem}.json"
        if gold.exists() and json.loads(gold.read_text(encoding="utf-8"))["doc_type"] == "tin_bai" \
                and not json.loads(gold.read_text(encoding="utf-8"))["tasks"]:
            assert extract(path).tasks == [], path


# The targets of issue 2 for every part (the held-out part is a development set since its blind run).
TARGETS = {
    "seeds": {"task": 0.97, "lead": 0.93, "support": 0.85, "deadline": 0.95, "metric": 0.93},
    "dev": {"task": 0.97, "lead": 0.93, "support": 0.85, "deadline": 0.95, "metric": 0.93},
    "heldout": {"task": 0.95, "lead": 0.93, "support": 0.90, "deadline": 0.95, "metric": 0.93},
    "synthetic": {"task": 0.95, "lead": 0.93, "support": 0.85, "deadline": 0.95, "metric": 0.93},
    # issue 10's structure fixtures (written blind by a helper): the floors of their first study
    "structures": {"task": 0.95, "lead": 0.88, "support": 0.96, "deadline": 0.99, "metric": 0.95},
    # the real corpus (corpus/real/gold), all 61 documents since blind part 3 (measured once at c43f2a2:
    # task 0.819, lead 0.599, support 0.534, deadline 0.498, metric 0.255) joined it for study; the floors of
    # its first study, raised by the second, third, fourth and fifth (sessions of 2026-12-03)
    "real": {"task": 0.96, "lead": 0.90, "support": 0.87, "deadline": 0.90, "metric": 0.89},
    # the real 2019 district scans as transcribed (corpus/scans-real; measured blind once: task 0.463,
    # lead 0.246, support 0.400, deadline 0.489, metric 0.250), floors of their study
    "scans-real": {"task": 0.86, "lead": 0.66, "support": 0.63, "deadline": 0.64, "metric": 0.85},
    # the blind part m02-m09 (measured once before its study), the floors of its study
    "blind": {"task": 0.97, "lead": 0.95, "support": 0.88, "deadline": 0.97, "metric": 0.97},
}


# The 45 real documents studied before blind part 3 keep the floors they had then.
REAL_PART_3 = {"w02", "w06", "w09", "w14", "w18", "w31", "w35", "w38", "w39", "w46", "w47", "w48", "w49",
               "w55", "w57", "w60"}
REAL_BEFORE_PART_3 = {"task": 0.95, "lead": 0.89, "support": 0.88, "deadline": 0.92, "metric": 0.85}


def test_real_documents_studied_before_part_3_keep_their_floors(tmp_path):
    gold = sorted(p for p in (CORPUS / "real" / "gold").glob("*.json") if p.stem not in REAL_PART_3)
    assert len(gold) == 45
    for path in gold:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    report = evaluate(tmp_path, CORPUS / "real" / "docs")
    scores = {f: round(c.f1, 3) for f, c in report.totals().items()}
    assert all(scores[f] >= floor for f, floor in REAL_BEFORE_PART_3.items()), scores


@pytest.mark.parametrize("part", sorted(TARGETS))
def test_targets_against_gold(part):
    assert (CORPUS / part / "gold").is_dir(), f"no corpus/{part}/gold"
    report = evaluate(CORPUS / part / "gold", CORPUS / part / "docs")
    scores = {f: round(c.f1, 3) for f, c in report.totals().items()}
    assert all(scores[f] >= floor for f, floor in TARGETS[part].items()), scores
    header = report.header_accuracy()
    assert all(right == n for right, n in header.values()), header
