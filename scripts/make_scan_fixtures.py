"""The scan fixtures of tests/fixtures/scan/ for the profiles of scripts/render_scan.py: one small page
(`h03_mix.source.pdf`: the header and the opening of page 1 of corpus/heldout/pdf/h03.pdf over the
closing block of its page 3, the page number left out) rendered in each profile with seed 4
(`h03_mix.<profile>.pdf`). The page holds the two-column header, the title, body text, the recipients
and the signer's block, where the colour profile puts its stamp and signature.

    python scripts/make_scan_fixtures.py
"""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpus" / "heldout" / "pdf" / "h03.pdf"
OUT = ROOT / "tests" / "fixtures" / "scan"
SEED = 4
# (page index, top, bottom) in PDF points from the page's bottom: cut in the gaps between lines
PARTS = ((0, 842.0, 620.0), (2, 790.0, 577.0))


def mixed_page(pdf: bytes) -> bytes:
    """One page: the parts of PARTS stacked top to bottom, each clipped to its band."""
    source = pdfium.PdfDocument(pdf)
    width = source[0].get_size()[0]
    heights = [top - bottom for _, top, bottom in PARTS]
    for index, top, bottom in PARTS:
        source[index].set_mediabox(0, bottom, width, top)
        source[index].set_cropbox(0, bottom, width, top)
    document = pdfium.PdfDocument.new()
    page = document.new_page(width, sum(heights))
    below = sum(heights)
    for (index, _, _), height in zip(PARTS, heights):
        below -= height
        form = source.page_as_xobject(index, document).as_pageobject()
        form.transform(pdfium.PdfMatrix().translate(0, below))  # the form starts at its band's bottom
        page.insert_obj(form)
    page.gen_content()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> int:
    spec = importlib.util.spec_from_file_location("render_scan", ROOT / "scripts" / "render_scan.py")
    assert spec is not None and spec.loader is not None
    render_scan = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_scan)
    source = mixed_page(SOURCE.read_bytes())
    (OUT / "h03_mix.source.pdf").write_bytes(source)
    for profile in render_scan.PROFILES:
        out = OUT / f"h03_mix.{profile}.pdf"
        out.write_bytes(render_scan.render_scan(source, seed=SEED, profile=profile))
        print(f"{out.stat().st_size / 1024:7.1f} KB  {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
