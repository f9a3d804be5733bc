"""Render the PDF regression fixtures as the corpus is rendered: tests/fixtures/pdf/<name>.txt ->
<name>.docx (scripts/build_corpus.py: the Word layout of Decree 30) -> <name>.pdf (LibreOffice).

Each fixture is a minimal notice that shows one class of PDF layout the reader once misread; its test
in tests/test_pdf_fixtures.py checks that the PDF gives what the .txt gives. The output is committed
(the builder pins dates and IDs, so it only changes when the .txt does).

    python scripts/build_pdf_fixtures.py [NAME ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"


def load_builder():
    spec = importlib.util.spec_from_file_location("build_corpus", ROOT / "scripts" / "build_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="fixture names (default: every tests/fixtures/pdf/*.txt)")
    args = parser.parse_args(argv)
    builder = load_builder()
    sources = [FIXTURES / f"{name}.txt" for name in args.names] or sorted(FIXTURES.glob("*.txt"))
    docx_files = []
    for txt in sources:
        docx = txt.with_suffix(".docx")
        # "ruled_…" fixtures print their " | " rows as Word tables with ruling lines
        ruled = txt.stem.startswith("ruled_")
        docx.write_bytes(builder.build_docx(txt.read_text(encoding="utf-8"), ruled_tables=ruled))
        docx_files.append(docx)
    builder.convert_to_pdf(docx_files, FIXTURES)
    for docx in docx_files:
        print(f"{docx.with_suffix('.pdf').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
