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
# Every part rendered by scripts/build_corpus.py (corpus/scans-real/'s transcriptions are rendered too, but
# their PDF differences are listed in tests/test_stable_ids.py until the reader reads them; the scans
# themselves are OCR's, measured by make eval-scans). The real documents (corpus/real/, 61 notices, plans and công điện of
# 2025) and issue 10's structure fixtures (corpus/structures/) are in too.
RENDERED_PARTS = ("seeds", "dev", "synthetic", "heldout", "blind", "structures", "real")
NOTICES = sorted(p for p in CORPUS.glob("*/docs/*.txt") if p.parent.parent.name in RENDERED_PARTS)
REAL = sorted((CORPUS / "real" / "docs").glob("*.txt"))
STRUCTURES = sorted((CORPUS / "structures" / "docs").glob("*.txt"))
HEADER_FIELDS = ("doc_type", "number", "issue_date", "place", "issuer", "title")
# Notices with " | " table rows: task tables (the rows are tasks: their STT, lead, support and time
# columns) and tables that give no task (statistics, appendix forms, a scoring scale)
TASK_TABLE_NOTICES = ("real/w13", "real/w14", "real/w15", "real/w16", "real/w18", "real/w19", "real/w39",
                      "real/w59", "structures/s01")
OTHER_TABLE_NOTICES = ("real/w01", "real/w06", "real/w09", "real/w17", "real/w31", "real/w40",
                       "structures/s06", "structures/s08")


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
# Each must still differ: a fixed one fails its case until it is removed from here.
# The hyphen case: the .txt has a space after a hyphen ("số 10- CTr/TU") where the PDF
# breaks the line, and a line that ends with a hyphen cannot show whether a space followed it (the
# PDF's reading, "10-CTr/TU", is the symbol the .txt's typist meant, and both now read that number:
# only the reference's text, a span of each one's own text, differs).
KNOWN_DIFFERENCES: dict[tuple[str, str], list[str]] = {
    ("pdf", "real/w16"): [
        ("references: [(text='Chương trình hành động số 10- CTr/TU ngày 13/8/2025 của Ban Thường vụ Tỉnh ủy', "
         "doc_type='Chương trình hành động', number='10-CTr/TU', date='2025-08-13', issuer='Ban Thường vụ Tỉnh ủy')] "
         "!= []"),
    ],
}


def name(txt: Path) -> str:
    return f"{txt.parent.parent.name}/{txt.stem}"


def rendered(fmt: Format, txt: Path) -> Path:
    return txt.parent.parent / fmt.directory / f"{txt.stem}{fmt.suffix}"


@pytest.mark.parametrize("txt", NOTICES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_a_rendered_notice_gives_the_same_extraction_as_its_text(fmt: Format, txt: Path):
    other = rendered(fmt, txt)
    assert other.is_file(), f"{other.relative_to(CORPUS)} not generated (python scripts/build_corpus.py)"
    diffs = compare_notices(extraction(txt), extraction(other))
    assert diffs == KNOWN_DIFFERENCES.get((fmt.name, name(txt)), []), "\n".join(diffs)


def test_every_corpus_notice_is_checked():
    assert len(NOTICES) >= 99 and len(REAL) >= 61


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
        ("task 1 assignees: [(name='Sở Nội vụ', canonical='Sở Nội vụ', role='lead', text='Sở Nội vụ')] != "
        "[(name='Sở Nội vụ', canonical='Sở Nội vụ', role='support', text='Sở Nội vụ')]"),
    ]
    assert compare_notices(a, {**a, "tasks": []}) == ["task paths: [1] != []"]


@pytest.mark.parametrize("txt", NOTICES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_header_fields_are_the_same_in_every_format(fmt: Format, txt: Path):
    text, other = extraction(txt), extraction(rendered(fmt, txt))
    assert {f: other[f] for f in HEADER_FIELDS} == {f: text[f] for f in HEADER_FIELDS}


@pytest.mark.parametrize("notice", TASK_TABLE_NOTICES + OTHER_TABLE_NOTICES)
def test_a_table_notice_gives_the_same_tasks_from_txt_docx_and_pdf(notice: str):
    part, stem = notice.split("/")
    txt = CORPUS / part / "docs" / f"{stem}.txt"
    tasks = extraction(txt)["tasks"]
    assert any(t["source_kind"] == "table" for t in tasks) == (notice in TASK_TABLE_NOTICES)
    for fmt in FORMATS:
        diffs = compare_notices({"tasks": tasks}, {"tasks": extraction(rendered(fmt, txt))["tasks"]})
        known = [d for d in KNOWN_DIFFERENCES.get((fmt.name, notice), []) if d.startswith("task")]
        assert diffs == known, f"{fmt.name}: " + "\n".join(diffs)


# The table notices printed with ruled tables (scripts/build_corpus.py --ruled): a ruled task table as
# offices print it, read cell by cell by extractor/readers/pdf_tables.py. What differs, and why:
RULED_DIFFERENCES: dict[tuple[str, str], str] = {
    # the .txt's appendix runs several tables together (a row of 31 cells): printed as one table, its
    # columns are a letter wide and LibreOffice cuts every word into letters
    ("pdf-ruled", "real/w06"): "task paths",
    ("pdf-ruled", "real/w16"): "references",   # "số 10- CTr/TU" cut after the hyphen (see above)
    # the hyphen case above, and a merged run of tables whose narrow columns cut "28/12/2018" in two
    ("pdf-ruled", "real/w31"): "references",
    # the hyphen case in a time cell: "Quý IV/2025- Quý II/2026" printed over two lines of its cell reads
    # "Quý IV/2025-Quý II/2026" (the same range, its text without the space)
    ("pdf-ruled", "real/w13"): "task 2 deadlines: [(text='Quý IV/2025- Quý II/2026'",
}


@pytest.mark.parametrize("notice", TASK_TABLE_NOTICES + OTHER_TABLE_NOTICES)
@pytest.mark.parametrize("directory", ["docx-ruled", "pdf-ruled"])
def test_a_ruled_table_notice_gives_the_same_extraction_as_its_text(directory: str, notice: str):
    part, stem = notice.split("/")
    txt = CORPUS / part / "docs" / f"{stem}.txt"
    other = CORPUS / part / directory / f"{stem}{'.pdf' if directory.startswith('pdf') else '.docx'}"
    assert other.is_file(), f"{other.relative_to(CORPUS)} not generated (python scripts/build_corpus.py --ruled)"
    diffs = compare_notices(extraction(txt), extraction(other))
    if (directory, notice) in RULED_DIFFERENCES:
        assert diffs and diffs[0].startswith(RULED_DIFFERENCES[directory, notice])
    else:
        assert diffs == [], "\n".join(diffs)


def test_every_notice_with_table_rows_is_a_table_notice():
    with_rows = {name(txt) for txt in REAL + STRUCTURES if " | " in txt.read_text(encoding="utf-8")}
    assert with_rows == set(TASK_TABLE_NOTICES + OTHER_TABLE_NOTICES)
