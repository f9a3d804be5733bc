"""Turn a PDF (LibreOffice output of a notice) into a realistic *scanned* PDF with no text layer, as
offices make them. Profiles (`--profile`), each deterministic per seed:

- `bilevel` (the default, the committed corpus/*/scan): each page rasterised in grayscale goes
  through what an office scanner does to a sheet: a small rotation (0.3-1.2 degrees either way),
  optical blur, an uneven paper background, sensor noise, thresholding to black and white (ragged
  stroke edges, strokes a little thinner or bolder from page to page), dust specks and sometimes the
  dark edge of the scanner lid; 1-bit CCITT G4 at 200 dpi: 15-50 KB a text page, small enough to commit.
- `gray`: an office scanner's grayscale output: 200 dpi JPEG (quality 50-70 per document), skew up to
  ±1°, blur, light-gray paper, salt-and-pepper specks.
- `colour`: a signed original: 150 dpi colour JPEG (quality 60-80), yellowed paper, uneven light (one
  side darker), a red round stamp and a blue signature over the closing block (the signer's title and
  name, found from the text layer: the right-hand column beside "Nơi nhận").
- `fax`: 200 x 100 dpi bilevel G4 (half the lines), blurred and thresholded, a few dropped or black
  scan lines.
- `photo`: a phone photo of the sheet on a desk: 12 MP JPEG for an A4 page (the frame 15% larger than the
  sheet), perspective (each corner moved up to 3% of the frame), a soft shadow across the sheet,
  vignetting, focus blur and sensor noise.

Page sizes are the original's (the photo's: the frame's, 1.15 times the sheet). Everything random is
drawn from `numpy.random.default_rng(...)` seeded by the seed, the profile and the page index, and the
PDF is written without dates, so the same input, profile and seed give the same bytes.

    python scripts/render_scan.py in.pdf out.pdf [--seed N] [--profile bilevel|gray|colour|fax|photo]
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
PROFILES = ("bilevel", "gray", "colour", "fax", "photo")


def render_scan(pdf_bytes: bytes, *, seed: int, dpi: int | None = None, profile: str = "bilevel") -> bytes:
    """The scanned version of `pdf_bytes` in `profile`: one image per page, no text layer. `dpi`
    overrides the profile's resolution (bilevel 200, gray 200, colour 150, fax 200 x 100, photo: 12 MP
    for an A4 frame)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; one of {', '.join(PROFILES)}")
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        if profile == "bilevel":
            dpi = dpi or 200
            images = [_scan_page(document[index], np.random.default_rng((seed, index)), dpi)
                      for index in range(len(document))]
            return _images_to_pdf(images, dpi)
        number = PROFILES.index(profile)
        document_rng = np.random.default_rng((seed, number, 1_000_000))
        closing = _closing_block(document) if profile == "colour" else None
        pages = []
        for index in range(len(document)):
            rng = np.random.default_rng((seed, number, index))
            page = document[index]
            mark = closing[1] if closing is not None and closing[0] == index else None
            if profile == "gray":
                pages.append(_gray_page(page, rng, dpi or 200))
            elif profile == "colour":
                pages.append(_colour_page(page, rng, dpi or 150, mark))
            elif profile == "fax":
                pages.append(_fax_page(page, rng, dpi or 200))
            else:
                pages.append(_photo_page(page, rng, dpi))
            page.close()
    finally:
        document.close()
    if profile == "gray":
        return _images_to_pdf(pages, dpi or 200, quality=int(document_rng.integers(50, 71)))
    if profile == "colour":
        return _images_to_pdf(pages, dpi or 150, quality=int(document_rng.integers(60, 81)))
    if profile == "fax":
        return _images_to_pdf(pages, ((dpi or 200), (dpi or 200) // 2))
    return _images_to_pdf(pages, dpi or _photo_dpi(), quality=int(document_rng.integers(75, 89)))


def _sheet(page: pdfium.PdfPage, dpi: float, size: tuple[int, int] | None = None) -> Image.Image:
    """The page in grayscale at `dpi`, resized to exactly `size` (the page size at that dpi)."""
    width_pt, height_pt = page.get_size()
    size = size or (round(width_pt * dpi / 72), round(height_pt * dpi / 72))
    bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
    return bitmap.to_pil().convert("L").resize(size, Image.Resampling.BICUBIC)


def _scan_page(page: pdfium.PdfPage, rng: np.random.Generator, dpi: int) -> Image.Image:
    sheet = _sheet(page, dpi)
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


def _images_to_pdf(images: list[Image.Image], dpi: int | tuple[int, int], quality: int | None = None) -> bytes:
    """One page per image, the page as large as the image at `dpi` (a pair: across, down); 1-bit
    images in G4 (Pillow uses CCITTFaxDecode for them when built with libtiff), others in JPEG at
    `quality`; no dates or title, for identical bytes."""
    buffer = io.BytesIO()
    first, *rest = images
    resolution = dpi if isinstance(dpi, tuple) else (dpi, dpi)
    options = {"quality": quality} if quality is not None else {}
    first.save(buffer, "PDF", save_all=True, append_images=rest, dpi=resolution,
               title=None, creationDate=None, modDate=None, producer=None, creator=None, **options)
    return buffer.getvalue()


# --- gray: an office scanner's grayscale JPEG ------------------------------------------------------
def _gray_page(page: pdfium.PdfPage, rng: np.random.Generator, dpi: int) -> Image.Image:
    sheet = _sheet(page, dpi)
    angle = rng.uniform(0.0, 1.0) * rng.choice([-1.0, 1.0])
    sheet = sheet.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    sheet = sheet.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.5, 1.0)))
    ink = np.asarray(sheet, dtype=np.float32) / 255.0
    paper = rng.uniform(225, 242) + 8.0 * _low_frequency(ink.shape, rng, (3, 4))
    toner = rng.uniform(25, 60)
    gray = toner + (paper - toner) * ink + rng.normal(0.0, 2.5, size=ink.shape).astype(np.float32)
    gray = _salt_and_pepper(gray, rng, rng.uniform(0.0005, 0.003))
    return Image.fromarray(np.clip(gray, 0, 255).astype(np.uint8))


def _low_frequency(shape: tuple[int, int], rng: np.random.Generator, cells: tuple[int, int]) -> np.ndarray:
    """A smooth field in -1..1 over the page (bicubic from a few random cells)."""
    height, width = shape
    coarse = rng.uniform(-1.0, 1.0, size=cells).astype(np.float32)
    field = Image.fromarray(coarse).resize((width, height), Image.Resampling.BICUBIC)
    return np.clip(np.asarray(field), -1.0, 1.0)


def _salt_and_pepper(gray: np.ndarray, rng: np.random.Generator, density: float) -> np.ndarray:
    """Specks of one or two pixels: dark ones on the paper, light ones in the strokes."""
    height, width = gray.shape
    count = int(density * height * width)
    ys, xs = rng.integers(0, height - 1, count), rng.integers(0, width - 1, count)
    dark = rng.random(count) < 0.7
    out = gray.copy()
    for dy, dx in ((0, 0), (0, 1), (1, 0)):
        keep = rng.random(count) < (1.0 if (dy, dx) == (0, 0) else 0.35)
        out[ys[keep & dark] + dy, xs[keep & dark] + dx] = rng.uniform(20, 90)
        out[ys[keep & ~dark] + dy, xs[keep & ~dark] + dx] = rng.uniform(200, 250)
    return out


# --- colour: a signed original ---------------------------------------------------------------------
STAMP_RADIUS_PT = 50.0  # a round seal of 35 mm
RED, BLUE = (205, 35, 45), (35, 55, 165)


def _colour_page(page: pdfium.PdfPage, rng: np.random.Generator, dpi: int,
                 mark: tuple[float, float, float, float] | None) -> Image.Image:
    """Yellowed paper, light falling off towards one side, and on the page that closes the notice
    a stamp and a signature over `mark` (the signer's block, points from the top-left)."""
    sheet = _sheet(page, dpi)
    angle = rng.uniform(0.0, 0.8) * rng.choice([-1.0, 1.0])
    sheet = sheet.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    sheet = sheet.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.4, 0.8)))
    ink = np.asarray(sheet, dtype=np.float32)[..., None] / 255.0
    paper = np.array([rng.uniform(236, 248), rng.uniform(226, 238), rng.uniform(190, 215)], dtype=np.float32)
    toner = np.array([rng.uniform(20, 50)] * 3, dtype=np.float32) + np.array([0, 0, 8], dtype=np.float32)
    rgb = toner + (paper - toner) * ink
    if mark is not None:
        rgb = _stamp_and_signature(rgb, rng, dpi, mark)
    height, width = ink.shape[:2]
    ramp = np.linspace(-1.0, 1.0, width if rng.random() < 0.5 else height, dtype=np.float32)
    ramp = ramp if rng.random() < 0.5 else ramp[::-1]
    light = 1.0 - rng.uniform(0.06, 0.16) * (ramp + 1.0) / 2.0
    light = light[None, :] if len(ramp) == width else light[:, None]
    light = light * (1.0 + 0.03 * _low_frequency((height, width), rng, (3, 3)))
    rgb = rgb * light[..., None] + rng.normal(0.0, 3.0, size=rgb.shape).astype(np.float32)
    return Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")


def _stamp_and_signature(rgb: np.ndarray, rng: np.random.Generator, dpi: int,
                         mark: tuple[float, float, float, float]) -> np.ndarray:
    """A red seal over the left half of the signer's block and a blue signature between the
    title and the name, both printed over the black text (multiplied, as ink on paper)."""
    scale = dpi / 72
    left, top, right, bottom = (v * scale for v in mark)
    height, width = rgb.shape[:2]
    radius = STAMP_RADIUS_PT * scale * rng.uniform(0.9, 1.1)
    centre = (left + rng.uniform(0.0, 0.3) * (right - left), (top + bottom) / 2 + rng.uniform(-0.1, 0.1) * radius)
    stamp = Image.new("L", (width, height), 0)
    _draw_stamp(ImageDraw.Draw(stamp), centre, radius, rng)
    signature = Image.new("L", (width, height), 0)
    _draw_signature(ImageDraw.Draw(signature), (left, top, right, bottom), rng, scale)
    for layer, colour, strength in ((stamp, RED, rng.uniform(0.75, 0.95)), (signature, BLUE, rng.uniform(0.85, 1.0))):
        layer = layer.filter(ImageFilter.GaussianBlur(radius=0.6))
        coverage = np.asarray(layer, dtype=np.float32)[..., None] / 255.0 * strength
        tint = np.array(colour, dtype=np.float32) / 255.0
        rgb = rgb * (1.0 - coverage + coverage * tint)
    return rgb


def _draw_stamp(draw: ImageDraw.ImageDraw, centre: tuple[float, float], radius: float,
                rng: np.random.Generator) -> None:
    """Two rings, a star, the office's name around the rim; worn in places (unevenly inked)."""
    from PIL import ImageFont

    cx, cy = centre
    for ratio, thickness in ((1.0, 0.05), (0.68, 0.025)):
        r = radius * ratio
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=max(1, round(thickness * radius)))
    star = [(cx + (0.22 if i % 2 == 0 else 0.09) * radius * np.sin(np.pi * i / 5),
             cy - (0.22 if i % 2 == 0 else 0.09) * radius * np.cos(np.pi * i / 5)) for i in range(10)]
    draw.polygon(star, fill=255)
    font = ImageFont.load_default(size=max(6, round(0.17 * radius)))
    rim = "UY BAN NHAN DAN * HUYEN * TINH *"
    for i, char in enumerate(rim):
        angle = -np.pi / 2 + 2 * np.pi * i / len(rim)
        x, y = cx + 0.84 * radius * np.cos(angle), cy + 0.84 * radius * np.sin(angle)
        glyph = Image.new("L", (round(0.3 * radius),) * 2, 0)
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), char, fill=255, font=font, anchor="mm")
        glyph = glyph.rotate(-np.degrees(angle) - 90, resample=Image.Resampling.BILINEAR)
        draw.bitmap((x - glyph.width / 2, y - glyph.height / 2), glyph, fill=255)
    for _ in range(int(rng.integers(30, 80))):  # worn spots
        x, y = cx + rng.uniform(-radius, radius), cy + rng.uniform(-radius, radius)
        r = rng.uniform(1, 0.06 * radius)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=0)
    draw.text((cx, cy + 0.38 * radius), "UBND", fill=255, font=font, anchor="mm")


def _draw_signature(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float],
                    rng: np.random.Generator, scale: float) -> None:
    """A flourish: a smooth looping stroke across the middle of the signer's block."""
    left, top, right, bottom = box
    steps = 400
    t = np.linspace(0.0, 1.0, steps)
    span = max(right - left, 60 * scale)
    xs = left + 0.1 * span + 0.9 * span * t + 0.06 * span * np.sin(2 * np.pi * rng.uniform(3, 6) * t)
    height = max(bottom - top, 40 * scale)
    ys = (top + bottom) / 2 + 0.2 * height * np.sin(2 * np.pi * (rng.uniform(1.5, 3.0) * t + rng.uniform(0, 1)))
    ys = ys + 0.12 * height * np.cos(2 * np.pi * rng.uniform(4, 8) * t)
    width = max(1, round(rng.uniform(0.9, 1.4) * scale))
    draw.line(list(zip(xs.tolist(), ys.tolist())), fill=255, width=width, joint="curve")


def _closing_block(document: pdfium.PdfDocument) -> tuple[int, tuple[float, float, float, float]] | None:
    """The page and box (points from the top-left) of the signer's block: the right-hand text
    beside and below "Nơi nhận" on the last page that has it; else the lowest right-hand text of
    the last page with text."""
    for index in reversed(range(len(document))):
        page = document[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
            rects = [r for r in rects if r[1] >= 0 and r[3] <= height]  # text clipped off the page is not there
            found = textpage.search("Nơi nhận", match_case=False).get_next()
            anchor = textpage.get_charbox(found[0])[3] + 20 if found else None
        finally:
            textpage.close()
            page.close()
        right = [r for r in rects if r[0] > 0.45 * width and (anchor is None or r[3] <= anchor)]
        if anchor is None and right:
            lowest = min(r[1] for r in right)
            right = [r for r in right if r[1] < lowest + 120]
        if right:
            box = (min(r[0] for r in right), height - max(r[3] for r in right),
                   max(r[2] for r in right), height - min(r[1] for r in right))
            return index, box
    return None


# --- fax -------------------------------------------------------------------------------------------
def _fax_page(page: pdfium.PdfPage, rng: np.random.Generator, dpi: int) -> Image.Image:
    """200 dpi across, 100 down: the sheet blurred, halved in height, thresholded; a few scan lines
    dropped (white) or smeared (black)."""
    sheet = _skew(_sheet(page, dpi), rng)
    sheet = sheet.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.4, 0.8)))
    sheet = sheet.resize((sheet.width, sheet.height // 2), Image.Resampling.BOX)
    gray = np.asarray(sheet, dtype=np.float32) + rng.normal(0.0, 8.0, size=(sheet.height, sheet.width))
    bilevel = np.where(gray < rng.uniform(140, 175), 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(0, 6))):
        row = int(rng.integers(0, bilevel.shape[0]))
        start = int(rng.integers(0, bilevel.shape[1] // 2))
        stop = start + int(rng.integers(bilevel.shape[1] // 8, bilevel.shape[1] // 2))
        bilevel[row, start:stop] = 255 if rng.random() < 0.7 else 0
    image = Image.fromarray(bilevel)
    _add_specks(image, rng)
    return image.convert("1", dither=Image.Dither.NONE)


# --- photo -----------------------------------------------------------------------------------------
PHOTO_PIXELS = 12_000_000  # for an A4 frame
PHOTO_MARGIN = 1.15  # the frame over the sheet


def _photo_dpi() -> int:
    """The frame's resolution that gives PHOTO_PIXELS for an A4 sheet (8.27 x 11.69 in)."""
    return round((PHOTO_PIXELS / (8.27 * 11.69 * PHOTO_MARGIN**2)) ** 0.5)


def _photo_page(page: pdfium.PdfPage, rng: np.random.Generator, dpi: int | None) -> Image.Image:
    """The sheet photographed on a desk: the frame is PHOTO_MARGIN times the sheet; the sheet's
    corners are moved from their places by up to 3% of the frame (perspective), a soft shadow
    falls across one part of it, the corners are darker (vignetting), focus blur, sensor noise."""
    dpi = dpi or _photo_dpi()
    width_pt, height_pt = page.get_size()
    frame = (round(width_pt * PHOTO_MARGIN * dpi / 72), round(height_pt * PHOTO_MARGIN * dpi / 72))
    sheet = _sheet(page, dpi)
    # where the sheet's corners land in the frame: centred, each moved a little
    margin_x, margin_y = (frame[0] - sheet.width) / 2, (frame[1] - sheet.height) / 2
    corners = np.array([(margin_x, margin_y), (margin_x + sheet.width, margin_y),
                        (margin_x + sheet.width, margin_y + sheet.height), (margin_x, margin_y + sheet.height)])
    corners = corners + rng.uniform(-0.03, 0.03, size=(4, 2)) * np.array(frame)
    source = [(0, 0), (sheet.width, 0), (sheet.width, sheet.height), (0, sheet.height)]
    coefficients = _perspective(corners.tolist(), source)
    warped = sheet.transform(frame, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC, fillcolor=255)
    mask = Image.new("L", sheet.size, 255).transform(frame, Image.Transform.PERSPECTIVE, coefficients,
                                                     Image.Resampling.BILINEAR, fillcolor=0)
    ink = np.asarray(warped, dtype=np.float32)[..., None] / 255.0
    inside = np.asarray(mask, dtype=np.float32)[..., None] / 255.0
    paper = np.array([rng.uniform(215, 240), rng.uniform(212, 236), rng.uniform(200, 228)], dtype=np.float32)
    desk = np.array([rng.uniform(80, 150), rng.uniform(60, 110), rng.uniform(40, 80)], dtype=np.float32)
    toner = np.array([rng.uniform(25, 55)] * 3, dtype=np.float32)
    rgb = (toner + (paper - toner) * ink) * inside + desk * (1.0 - inside)
    height, width = frame[1], frame[0]
    # light over the frame, computed on a grid 8 times coarser and enlarged (it is smooth)
    small = (max(2, width // 8), max(2, height // 8))
    ys, xs = np.mgrid[0:small[1], 0:small[0]].astype(np.float32)
    ys, xs = ys * height / small[1], xs * width / small[0]
    # a shadow: a half-plane through a random point, its edge softened over a tenth of the frame
    angle = rng.uniform(0, 2 * np.pi)
    px, py = rng.uniform(0.2, 0.8) * width, rng.uniform(0.2, 0.8) * height
    distance = (xs - px) * np.cos(angle) + (ys - py) * np.sin(angle)
    shadow = 1.0 - rng.uniform(0.25, 0.45) / (1.0 + np.exp(-distance / (0.03 * width)))
    vignette = 1.0 - 0.25 * (((xs / width - 0.5) ** 2 + (ys / height - 0.5) ** 2) / 0.5)
    light = Image.fromarray((shadow * vignette).astype(np.float32)).resize((width, height), Image.Resampling.BILINEAR)
    rgb = rgb * np.asarray(light)[..., None]
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
    image = image.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.8, 1.4)))
    noise = rng.standard_normal(size=(height, width, 3), dtype=np.float32) * 2.0
    noisy = np.asarray(image, dtype=np.float32) + noise
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB")


def _perspective(destination: list[list[float]], source: list[tuple[int, int]]) -> list[float]:
    """PIL's eight perspective coefficients mapping frame points (`destination`) to sheet points."""
    rows, values = [], []
    for (x, y), (u, v) in zip(destination, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    return np.linalg.solve(np.array(rows, dtype=np.float64), np.array(values, dtype=np.float64)).tolist()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", choices=PROFILES, default="bilevel")
    parser.add_argument("--dpi", type=int, default=None, help="override the profile's resolution")
    args = parser.parse_args(argv)
    args.output.write_bytes(render_scan(args.input.read_bytes(), seed=args.seed, dpi=args.dpi, profile=args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
