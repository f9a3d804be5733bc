"""Format parity: every corpus notice rendered in another format (scripts/build_corpus.py) gives the
same extraction as its .txt: the same tasks (label, path, text, assignees with roles, deadlines,
metrics, references) and the same metadata. Values are compared, not spans (extractor/parity.py).

Adding a format is one entry in FORMATS. A missing generated file fails its case.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from extractor.parity import compare_notices

from .conftest import extraction

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# corpus/blind/ is measured, not yet studied: its differences are printed by scripts/parity.py (the
# closing note of issue 3 lists them) and it joins this test once they are fixed. corpus/real/ comes as
# text only (real documents as a clerk copies them); its header parity is tests/test_real_corpus.py's.
RENDERED_PARTS = ("seeds", "dev", "synthetic", "heldout")
NOTICES = sorted(p for p in CORPUS.glob("*/docs/*.txt") if p.parent.parent.name in RENDERED_PARTS)
# The real documents rendered by scripts/build_corpus.py --parts real: every field in DOCX; in PDF the
# header fields of every one, and every field of the notices with task tables (the rest of the PDF
# differences, wrapped recipients and long table cells, are printed by scripts/parity.py pdf).
REAL = sorted((CORPUS / "real" / "docs").glob("*.txt"))
STRUCTURES = sorted((CORPUS / "structures" / "docs").glob("*.txt"))
HEADER_FIELDS = ("doc_type", "number", "issue_date", "place", "issuer", "title")
REAL_TABLE_NOTICES = ("w13", "w19", "w40", "w59")


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    directory: str   # beside docs/ in each corpus part
    suffix: str


FORMATS = [
    Format("docx", "docx", ".docx"),
    Format("pdf", "pdf", ".pdf"),
]

# Differences a format may keep for a reason stated here, as ("format", "notice id"): [differences].
# None today: the three the DOCX first showed (header columns run together, a page number inside a
# sentence, the signature above "Nơi nhận") were the text's misreadings and are fixed, each with a
# regression test in tests/test_regressions.py.
KNOWN_DIFFERENCES: dict[tuple[str, str], list[str]] = {}


def rendered(fmt: Format, txt: Path) -> Path:
    return txt.parent.parent / fmt.directory / f"{txt.stem}{fmt.suffix}"


@pytest.mark.parametrize("txt", NOTICES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_a_rendered_notice_gives_the_same_extraction_as_its_text(fmt: Format, txt: Path):
    other = rendered(fmt, txt)
    assert other.is_file(), f"{other.relative_to(CORPUS)} not generated (python scripts/build_corpus.py)"
    diffs = compare_notices(extraction(txt), extraction(other))
    assert diffs == KNOWN_DIFFERENCES.get((fmt.name, txt.stem), []), "\n".join(diffs)


def test_every_corpus_notice_is_checked():
    assert len(NOTICES) >= 22


def test_compare_notices_ignores_positions_and_names_what_differs():
    task = {"id": "aaaa:1", "label": "1", "path": "1", "text": "Sở Nội vụ rà soát.", "span": [0, 18], "page": 1,
            "parent": None, "assignees": [{"name": "Sở Nội vụ", "canonical": "Sở Nội vụ", "role": "lead",
                                           "inherited": False, "span": [0, 9], "text": "Sở Nội vụ"}],
            "deadlines": [], "metrics": [], "references": []}
    a = {"id": "aaaa", "source": {"format": "txt"}, "doc_type": "thong_bao", "number": "1/TB-UBND", "tasks": [task]}
    moved = {**a, "id": "bbbb", "source": {"format": "docx"},
             "tasks": [{**task, "id": "bbbb:1", "span": [40, 58], "page": 2,
                        "assignees": [{**task["assignees"][0], "span": [40, 49]}]}]}
    assert compare_notices(a, moved) == []
    changed = {**a, "number": None, "tasks": [{**task, "text": "Sở Nội vụ rà soát lại.",
                                               "assignees": [{**task["assignees"][0], "role": "support"}]}]}
    assert compare_notices(a, changed) == [
        "number: '1/TB-UBND' != None",
        "task 1 text: 'Sở Nội vụ rà soát.' != 'Sở Nội vụ rà soát lại.'",
        "task 1 assignees: [(name='Sở Nội vụ', canonical='Sở Nội vụ', role='lead', text='Sở Nội vụ')] != "
        "[(name='Sở Nội vụ', canonical='Sở Nội vụ', role='support', text='Sở Nội vụ')]",
    ]
    assert compare_notices(a, {**a, "tasks": []}) == ["task paths: [1] != []"]


@pytest.mark.parametrize("txt", REAL + STRUCTURES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_a_real_document_gives_the_same_extraction_from_docx(txt: Path):
    other = rendered(FORMATS[0], txt)
    assert other.is_file(), f"{other.relative_to(CORPUS)} not generated (python scripts/build_corpus.py --parts real)"
    assert compare_notices(extraction(txt), extraction(other)) == []


@pytest.mark.parametrize("txt", REAL + STRUCTURES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_header_fields_are_the_same_in_every_format(fmt: Format, txt: Path):
    text, other = extraction(txt), extraction(rendered(fmt, txt))
    assert {f: other[f] for f in HEADER_FIELDS} == {f: text[f] for f in HEADER_FIELDS}


@pytest.mark.parametrize("stem", REAL_TABLE_NOTICES)
def test_a_table_notice_gives_the_same_tasks_from_txt_docx_and_pdf(stem: str):
    txt = CORPUS / "real" / "docs" / f"{stem}.txt"
    tasks = extraction(txt)["tasks"]
    assert any(t["source_kind"] == "table" for t in tasks) or stem == "w40"
    for fmt in FORMATS:
        diffs = [d for d in compare_notices(extraction(txt), extraction(rendered(fmt, txt)))
                 if not d.startswith(("recipients", "signer"))]
        assert diffs == [], f"{fmt.name}: " + "\n".join(diffs)
