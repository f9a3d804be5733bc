"""Turn a PDF (LibreOffice output of a notice) into a realistic *scanned* PDF with no text layer.

Each page is rasterised with pypdfium2 in grayscale, then goes through what an office scanner does
to a sheet of paper: a small rotation (0.3-1.2 degrees either way), optical blur, an uneven paper
background, sensor noise, thresholding to black and white (ragged stroke edges, strokes a little
thinner or bolder from page to page), dust specks and sometimes the dark edge of the scanner lid.
Pages are stored as 1-bit CCITT G4 images at the original page size: a text page at 200 dpi is
15-50 KB (a gray JPEG of the same noisy page is 250-400 KB at quality 30-50), small enough to
commit. Page sizes match the original to within half a pixel (0.2 pt at 200 dpi).

Everything random is drawn from `numpy.random.default_rng((seed, page_index))`, and the PDF is
written without dates, so the same input and seed give the same bytes.

    python scripts/render_scan.py in.pdf out.pdf [--seed N] [--dpi 200]
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter

MIN_ANGLE, MAX_ANGLE = 0.3, 1.2  # degrees; real office scans are rarely straighter or more skewed


def render_scan(pdf_bytes: bytes, *, seed: int, dpi: int = 200) -> bytes:
    """The scanned version of `pdf_bytes`: one bilevel image per page, no text layer."""
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        images = [_scan_page(document[index], np.random.default_rng((seed, index)), dpi)
                  for index in range(len(document))]
    finally:
        document.close()
    return _images_to_pdf(images, dpi)


def _scan_page(page: pdfium.PdfPage, rng: np.random.Generator, dpi: int) -> Image.Image:
    width_pt, height_pt = page.get_size()
    size = (round(width_pt * dpi / 72), round(height_pt * dpi / 72))
    bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
    sheet = bitmap.to_pil().convert("L").resize(size, Image.Resampling.BICUBIC)
    page.close()
    sheet = _skew(sheet, rng)
    sheet = sheet.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.5, 0.9)))
    gray = _paper_and_noise(np.asarray(sheet, dtype=np.float32) / 255.0, rng)
    # the threshold sets how bold the strokes come out: a darker or lighter scanner setting
    bilevel = Image.fromarray(np.where(gray < rng.uniform(150, 175), 0, 255).astype(np.uint8))
    _add_specks(bilevel, rng)
    if rng.random() < 0.5:
        _add_lid_edge(bilevel, rng)
    return bilevel.convert("1", dither=Image.Dither.NONE)


def _skew(sheet: Image.Image, rng: np.random.Generator) -> Image.Image:
    angle = rng.uniform(MIN_ANGLE, MAX_ANGLE) * rng.choice([-1.0, 1.0])
    return sheet.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def _paper_and_noise(ink: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Gray levels 0-255: ink (0 = black, 1 = white) on paper that is lighter in some places than in
    others, plus sensor noise."""
    height, width = ink.shape
    coarse = rng.uniform(0.0, 1.0, size=(4, 6)).astype(np.float32)
    field = np.asarray(Image.fromarray(coarse).resize((width, height), Image.Resampling.BICUBIC))
    paper = 246.0 - 24.0 * np.clip(field, 0.0, 1.0)  # 222-246: never dark enough to cross the threshold
    noise = rng.normal(0.0, 9.0, size=ink.shape).astype(np.float32)
    return paper * ink + noise


def _add_specks(image: Image.Image, rng: np.random.Generator) -> None:
    """Dust: scattered dots of one to three pixels, a few small clusters."""
    draw = ImageDraw.Draw(image)
    width, height = image.size
    for _ in range(int(rng.integers(80, 260))):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        r = rng.uniform(0.4, 1.4)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=0)
    for _ in range(int(rng.integers(0, 4))):
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        for _ in range(int(rng.integers(5, 20))):
            x, y = cx + rng.normal(0, 6), cy + rng.normal(0, 6)
            r = rng.uniform(0.4, 1.2)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=0)


def _add_lid_edge(image: Image.Image, rng: np.random.Generator) -> None:
    """The shadow of the sheet's edge along one side: a broken dark band a few pixels wide, well
    outside the text margins."""
    draw = ImageDraw.Draw(image)
    width, height = image.size
    side = rng.choice(["left", "right", "top"])
    length = width if side == "top" else height
    position = 0
    while position < length:
        run = int(rng.integers(40, 400))
        thickness = int(rng.integers(2, 9))
        if rng.random() < 0.8:
            if side == "top":
                draw.rectangle((position, 0, position + run, thickness), fill=0)
            elif side == "left":
                draw.rectangle((0, position, thickness, position + run), fill=0)
            else:
                draw.rectangle((width - 1 - thickness, position, width - 1, position + run), fill=0)
        position += run + int(rng.integers(0, 60))


def _images_to_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """One page per image, the page as large as the image at `dpi`; G4 compression (Pillow uses
    CCITTFaxDecode for 1-bit images when built with libtiff); no dates or title, for identical bytes."""
    buffer = io.BytesIO()
    first, *rest = images
    first.save(buffer, "PDF", save_all=True, append_images=rest, dpi=(dpi, dpi),
               title=None, creationDate=None, modDate=None, producer=None, creator=None)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args(argv)
    args.output.write_bytes(render_scan(args.input.read_bytes(), seed=args.seed, dpi=args.dpi))
    return 0


if __name__ == "__main__":
    sys.exit(main())
