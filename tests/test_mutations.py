"""Mutated inputs (scripts/mutate_corpus.py): damaged copies of corpus files each get one line, none
the `internal` code, and none hangs; each `internal` the mutations found has its regression here."""

from __future__ import annotations

import importlib.util
import io
import json
import time
import zipfile
from pathlib import Path

import pytest

from extractor.batch import BatchOptions, run_batch
from extractor.pipeline import extract_or_error

from .conftest import ROOT
from .docx_builders import W_NS

_spec = importlib.util.spec_from_file_location("mutate_corpus", ROOT / "scripts" / "mutate_corpus.py")
assert _spec is not None and _spec.loader is not None
mutate_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutate_corpus)

TIMEOUT = 30.0


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_mutator_is_deterministic_and_covers_every_mutation(tmp_path):
    first = mutate_corpus.build_mutations(tmp_path / "a", 14, seed=3)
    second = mutate_corpus.build_mutations(tmp_path / "b", 14, seed=3)
    assert [p.name for p in first] == [p.name for p in second]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    kinds = {p.name.split("_")[1] for p in first}
    assert kinds == {kind for kind, _ in mutate_corpus.MUTATIONS}
    assert {p.suffix for p in first} == {".txt", ".docx", ".pdf"}


def test_forty_mutated_inputs_give_one_typed_line_each_and_none_hangs(tmp_path):
    paths = mutate_corpus.build_mutations(tmp_path / "in", 40, seed=12)
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    summary = run_batch([str(p) for p in paths], out, BatchOptions(workers=2, timeout=TIMEOUT))
    elapsed = time.monotonic() - started
    lines = _lines(out)
    assert [line["source"]["path"] for line in lines] == [str(p) for p in paths]
    codes = {p.name: line["error"]["code"] for p, line in zip(paths, lines, strict=True) if "error" in line}
    assert not {name: code for name, code in codes.items() if code in ("internal", "timeout")}
    assert summary.errors.total() == len(codes) and summary.notices == len(paths) - len(codes)
    assert elapsed < 40 * TIMEOUT / 2  # far less in practice (a few seconds): no file came near the timeout


def _docx(document_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", document_xml)
    return out.getvalue()


def _declaring(encoding: str) -> bytes:
    return (f'<?xml version="1.0" encoding="{encoding}"?><w:document {W_NS}><w:body><w:p><w:r>'
            "<w:t>Giao Sở Nội vụ chủ trì.</w:t></w:r></w:p></w:body></w:document>").encode()


@pytest.mark.parametrize(("name", "data", "words"), [
    # readers/text.py decoded after a BOM (or UTF-16-looking zero bytes) without a fallback
    ("bom_then_not_utf8.txt", b"\xef\xbb\xbf\x9b\xcd Giao S\xe1", "not utf-8 text"),
    ("utf16_bom_odd_length.txt", b"\xff\xfeG\x00i\x00a\x00o", "not utf-16"),
    ("utf16_zeros_odd_length.txt", "Giao Sở Nội vụ chủ trì".encode("utf-16-le")[:-1], "not utf-16-le text"),
    # readers/docx.py: expat's LookupError/ValueError for an XML declaration's encoding escaped
    ("unknown_xml_encoding.docx", _docx(_declaring("no-such-codec")), "declares an encoding"),
    ("multibyte_xml_encoding.docx", _docx(_declaring("shift_jis")), "declares an encoding"),
    ("non_text_xml_encoding.docx", _docx(_declaring("rot13")), "declares an encoding"),
])
def test_mutations_that_gave_internal_errors_are_corrupt_file(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    record = extract_or_error(path)
    assert record.model_dump()["error"]["code"] == "corrupt_file"
    assert words in record.model_dump()["error"]["message"].lower()
