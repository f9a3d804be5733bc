"""The page image that Tesseract reads, prepared for the page it is (issue 11: scans as offices make
them: bilevel, grayscale and colour JPEG, fax, phone photos).

- **Resolution**: a page that is one scanned grayscale or colour image is read from that image at its
  own resolution (pdfium re-rendering a 200 dpi JPEG at 300 dpi smoothed the strokes Tesseract
  reads); a bilevel one (G4, a fax) is rendered by pdfium at 300 dpi as before, which read the
  committed corpus scans better (deadline F1 0.90 against 0.87). Below UPSAMPLE_BELOW dpi the image is enlarged to
  UPSAMPLE_TO dpi (x2 at 150 dpi, x1.5 at 200: summed task F1 over the profiles 3.48 against 3.43
  without and 3.15 at x2, see `Steps.upsample`). A page that is not one image (vector outlines,
  several strips) is rendered at 300 dpi as before.
- **Colour**: on a colour page with coloured ink (a red stamp, a blue signature over the signer's
  block), each pixel's brightest channel is its gray: red and blue ink vanish into the paper while
  black text under them stays black. Other pages are converted to luminance.
- **Specks**: only when the page is speckled (lone dark pixels, far from any stroke, above
  SPECKLED_SHARE of the page at its own resolution), a 5 x 5 median filter at that resolution, before any enlargement
  (gray profile, task F1: 0.33 without, 0.69 after a x2 enlargement, 0.88 at the scan's resolution).
- **Binarisation**: Tesseract's own, Otsu's global threshold on an evenly lit page, Sauvola's local
  one where the light is uneven (the paper's brightness spreads over more than UNEVEN_LIGHT levels).
- **Skew**: straightened from the rows of ink (see `straightened`).
- **Photographed sheet**: a page whose four edges are sharp steps up from a darker ground (a phone
  photo of the sheet on a desk) is flattened: its perspective undone, the desk painted as paper, its
  light evened (divided by the paper's brightness), then Otsu (`sheet_corners`, `flattened`,
  `evened`; photo profile, 8 notices, task F1 0.63 -> 0.86). Every page's sheet is mapped onto the same
  rectangle (an ISO sheet's proportions, centred), whatever it lay in the photo, at the resolution it was
  photographed at (30 notices, task F1 .933 -> .979). A scan's margins are paper: left alone.
  The perspective is undone with bilinear resampling (half bicubic's CPU, the same figures on the
  photo profile); a skewed page is turned with bicubic (bilinear cost bilevel, gray and fax deadlines).
- **Ruled tables**: where the median filter ran, the page before it is kept (`PreparedPage.ruled`),
  for ocr_tables.py finds the cells of a ruled table from its rules, which the filter blurs away.

Which steps run is `STEPS` (the environment variable NHIEMVU_OCR_STEPS overrides it for the
evaluation of each step: "upsample=1,denoise=0", see `steps_from`); every step was kept because it
raised the task figure summed over the scan profiles (scripts/eval_scans.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pypdfium2
    from PIL import Image

UPSAMPLE_BELOW = 250  # dpi
UPSAMPLE_TO = 300  # dpi: 150 dpi x2, 200 dpi x1.5
RENDER_DPI = 300
MAX_PIXELS = 40_000_000  # A3 at 300 dpi is 17 million
# lone dark pixels (at most SPECK_PIXELS dark in the SPECK_WINDOW square around them: a speck in the
# white, not a stroke's edge or an i's dot) per pixel of the page at its own resolution: the gray
# profile's salt and pepper 0.0005-0.0024 a page (51 pages), the ten real signed scans 0-0.0003, the
# colour and photo profiles under 0.0002, bilevel and fax pages under 0.000005. The share of dark
# pixels with at most one dark neighbour, used before, overlapped (gray 0.0009-0.0028, real scans up
# to 0.001, text-heavy pages more): gray pages under its threshold of 0.0015 went unfiltered and lost
# their header ("ỦYBANNHÂNDÂN CŨNG HÒA XÃ Anh CHỦ NGHĨA").
SPECKLED_SHARE = 0.0004
SPECK_WINDOW = 7
SPECK_PIXELS = 3
# spread of the paper's brightness (5th to 95th percentile of the brightest pixel of 64 x 64 cells):
# the real signed scans 0-2, the gray profile 11-12, the colour profile (light falling off to one
# side) 26-40, phone photos over 100. Sauvola on the colour and photo profiles raised task F1 from
# 0.86 to 0.94 and from 0.55 to 0.71 (8 notices each, against Otsu)
UNEVEN_LIGHT = 20
# a pixel whose channels differ by more than this is coloured ink; a page with more than
# COLOURED_SHARE of them has a stamp or a signature to drop
COLOURED = 90
COLOURED_SHARE = 0.0005


@dataclass(frozen=True, slots=True)
class Steps:
    native: bool = True  # read a scanned page from its embedded image at its own resolution
    # factor below UPSAMPLE_BELOW dpi; 0: up to UPSAMPLE_TO dpi; 1: none. Task F1 over 8 notices a
    # profile, none / x1.5 (to 300 dpi) / x2: bilevel 0.892 / 0.886 / 0.884, colour 0.880 / 0.925 /
    # 0.825, fax 0.776 / 0.890 / 0.757; the real signed scans 0.435 / 0.590 (at 200 dpi their small
    # header type was misread: "ó: 43,/UBND-NN" for "Số: 43/UBND-NN", and s10 lost its header)
    upsample: float = 0
    drop_colour: bool = True
    colour_edge: int = 50  # channel spread of the faint edge of coloured ink
    colour_grow: int = 5  # the mask of coloured ink grown by a max filter of this size
    denoise: bool = True
    median: int = 5  # the median filter's size (3 left the gray fixture with 15% character errors, 5 with 6%)
    median_first: bool = True  # the median at the scan's own resolution, before any enlargement
    binarise: str = "auto"  # "otsu", "sauvola" or "auto" (chosen per page)
    deskew: bool = True
    flatten: bool = True  # a photographed sheet: its edges found, its perspective undone, the desk whitened
    even_light: bool = True  # ... and its light evened (divided by the paper's brightness), then Otsu
    tables: bool = True  # ruled tables read cell by cell (ocr_tables.py)
    fit_sheet: bool = True  # a photographed sheet mapped onto the rectangle of its proportions centred on the page
    sheet_own_scale: bool = True  # ... at the resolution it was photographed at


def steps_from(spec: str | None) -> Steps:
    """Steps from "name=value,..." (booleans as 0/1), over the defaults."""
    steps = Steps()
    if not spec:
        return steps
    types = {f.name: f.type for f in fields(Steps)}
    for item in spec.split(","):
        name, _, value = item.partition("=")
        name = name.strip()
        if name not in types:
            raise ValueError(f"unknown OCR step {name!r}; steps: {', '.join(types)}")
        kind = types[name]
        parsed: object = (value.strip() not in ("0", "false", "no") if kind in ("bool", bool)
                          else float(value) if kind in ("float", float)
                          else int(value) if kind in ("int", int) else value.strip())
        steps = replace(steps, **{name: parsed})  # type: ignore[arg-type]  # parsed by the field's type
    return steps


STEPS = steps_from(os.environ.get("NHIEMVU_OCR_STEPS"))


@dataclass(slots=True)
class PreparedPage:
    image: Image.Image  # mode "L"
    dpi: float  # pixels per inch of `image` on the page
    thresholding: int  # Tesseract's thresholding_method: 0 Otsu, 2 Sauvola
    applied: list[str]  # the steps that ran, for the evaluation
    # the page before its median filter, in the same geometry, when that filter blurred ruling lines
    # away (a 0.5 pt rule at 200 dpi is a pixel wide): where ocr_tables.py looks for a ruled table
    ruled: Image.Image | None = None


class UnrenderablePage(Exception):
    pass


def prepare(page: pypdfium2.PdfPage, steps: Steps | None = None) -> PreparedPage:
    """The page as the image Tesseract reads (see the module's docstring)."""
    import numpy as np
    from PIL import Image

    steps = steps or STEPS
    applied: list[str] = []
    width_pt = float(page.get_size()[0])
    image = _embedded_image(page) if steps.native else None
    if image is None:
        image = _rendered(page)
        dpi = image.width / (width_pt / 72)
    else:
        dpi = image.width / (width_pt / 72)
        applied.append(f"native {dpi:.0f} dpi")
    if image.mode != "L":
        from PIL import ImageChops

        # each pixel's brightest and darkest channel, and their difference, by PIL in bytes (0.1 s
        # for a 12 MP photo, where numpy in int16 took 0.9 s)
        red, green, blue = (image if image.mode == "RGB" else image.convert("RGB")).split()
        brightest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
        spread_image = ImageChops.subtract(brightest, ImageChops.darker(ImageChops.darker(red, green), blue))
        coloured = sum(spread_image.histogram()[COLOURED + 1:])
        if steps.drop_colour and coloured > COLOURED_SHARE * spread_image.width * spread_image.height:
            from PIL import ImageFilter

            # the ink's faint edges too (JPEG keeps colour at half resolution): the mask grown
            spread = np.asarray(spread_image)
            faint = Image.fromarray(((spread > steps.colour_edge) * 255).astype(np.uint8))
            mask = np.asarray(faint.filter(ImageFilter.MaxFilter(steps.colour_grow))) > 0
            luminance = np.asarray(image.convert("L"))
            image = Image.fromarray(np.where(mask, np.asarray(brightest), luminance).astype(np.uint8))
            applied.append("colour dropped")
        else:
            image = image.convert("L")
    corners = sheet_corners(image) if steps.flatten else None
    sheet = corners is not None
    if corners is not None:
        before = image.width
        image = flattened(image, corners, steps.fit_sheet, steps.sheet_own_scale)
        dpi *= image.width / before
        applied.append("sheet flattened")
        if steps.even_light:
            image = evened(image)
            applied.append("light evened")
    speckled = steps.denoise and speck_share(image) > SPECKLED_SHARE  # measured at the scan's own resolution
    from . import ocr_tables

    ruled = image if steps.tables and speckled and ocr_tables.has_rules(image, dpi) else None
    if speckled and steps.median_first:
        image = median_filtered(image, steps.median)
        applied.append("despeckled")
    factor = steps.upsample or UPSAMPLE_TO / dpi
    if factor > 1 and dpi < UPSAMPLE_BELOW and image.width * image.height * factor**2 <= MAX_PIXELS:
        image = image.resize((round(image.width * factor), round(image.height * factor)), Image.Resampling.BICUBIC)
        dpi *= factor
        applied.append(f"upsampled x{factor:.3g}")
    if speckled and not steps.median_first:
        image = median_filtered(image, steps.median)
        applied.append("despeckled")
    if ruled is not None and ruled.size != image.size:
        ruled = ruled.resize(image.size, Image.Resampling.BICUBIC)
    if steps.deskew:
        angle = skew_angle(image)
        image = rotated(image, angle)
        ruled = rotated(ruled, angle) if ruled is not None else None
    thresholding = 0
    evened_sheet = sheet and steps.even_light
    if steps.binarise == "sauvola" or (steps.binarise == "auto" and not evened_sheet
                                       and light_spread(image) > UNEVEN_LIGHT):
        thresholding = 2
        applied.append("sauvola")
    return PreparedPage(image=image, dpi=dpi, thresholding=thresholding, applied=applied, ruled=ruled)


def _rendered(page: pypdfium2.PdfPage) -> Image.Image:
    import pypdfium2 as pdfium

    width, height = (float(side) for side in page.get_size())
    # a poster-sized page would be gigabytes at 300 dpi: read it at a lower resolution instead
    dpi = min(RENDER_DPI, int(72 * (MAX_PIXELS / max(width * height, 1.0)) ** 0.5))
    try:
        image: Image.Image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        return image
    except pdfium.PdfiumError as exc:
        raise UnrenderablePage(f"the page cannot be rendered ({exc})") from exc


def _embedded_image(page: pypdfium2.PdfPage) -> Image.Image | None:
    """The page's one image when it covers the page upright (a scan), in square pixels at its own
    resolution (pdfium applies its colour space and decode array); None otherwise."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    if page.get_rotation():
        return None
    width, height = page.get_size()
    objects = list(page.get_objects(max_depth=1))
    images = [obj for obj in objects if obj.type == raw.FPDF_PAGEOBJ_IMAGE]
    if len(images) != 1 or any(obj.type in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_SHADING, raw.FPDF_PAGEOBJ_FORM)
                               for obj in objects):
        return None
    [image] = images
    if image.get_metadata().bits_per_pixel == 1:
        # a bilevel scan (G4, a fax) reads better rendered by pdfium at 300 dpi, as before: on the
        # committed corpus scans deadline F1 fell from 0.90 to 0.87 read from the image itself
        return None
    matrix = image.get_matrix()
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
        return None  # turned or mirrored: let pdfium render the page
    left, bottom, right, top = matrix.e, matrix.f, matrix.e + matrix.a, matrix.f + matrix.d
    if left > 0.02 * width or bottom > 0.02 * height or right < 0.98 * width or top < 0.98 * height:
        return None
    pixels_across, _ = image.get_px_size()
    if pixels_across * pixels_across * height / width > MAX_PIXELS:
        return None
    bitmap: Image.Image | None = _decoded_jpeg(image)
    if bitmap is None:
        try:
            bitmap = image.get_bitmap(render=True, scale_to_original=True).to_pil()
        except pdfium.PdfiumError:
            return None
    if bitmap.mode in ("RGBA", "LA"):
        from PIL import Image

        flat = Image.new("RGB", bitmap.size, (255, 255, 255))
        flat.paste(bitmap, mask=bitmap.getchannel("A"))
        bitmap = flat
    # the image may overhang the page a little: the page is what the coordinates are in
    scale = bitmap.width / (right - left)
    crop = (round((0 - left) * scale), round((top - height) * scale),
            round((width - left) * scale), round((top - 0) * scale))
    if crop != (0, 0, bitmap.width, bitmap.height):
        bitmap = bitmap.crop(crop)
    return bitmap


def _decoded_jpeg(image: pypdfium2.PdfImage) -> Image.Image | None:
    """A JPEG image object (DCTDecode alone, 8-bit gray or RGB) decoded by PIL from its stream: the
    same pixels as pdfium's rendering of it on the scan profiles' and the real scans' pages, in a third
    of the CPU (0.06 s against 0.2 for a 12 MP phone photo); None for anything else (CMYK, other
    filters, a stream PIL does not read), which pdfium renders."""
    import io

    from PIL import Image, UnidentifiedImageError
    from pypdfium2 import raw

    metadata = image.get_metadata()
    kind = {(raw.FPDF_COLORSPACE_DEVICEGRAY, 8): "L", (raw.FPDF_COLORSPACE_DEVICERGB, 24): "RGB"}.get(
        (metadata.colorspace, metadata.bits_per_pixel))
    if kind is None or list(image.get_filters()) != ["DCTDecode"]:
        return None
    try:
        decoded = Image.open(io.BytesIO(bytes(image.get_data(decode_simple=False))))
        if decoded.format != "JPEG" or decoded.mode != kind or decoded.size != tuple(image.get_px_size()):
            return None
        decoded.load()
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    return decoded


def speck_share(image: Image.Image) -> float:
    """Lone dark pixels (at most SPECK_PIXELS dark ones in the SPECK_WINDOW square centred on them)
    per pixel of the page."""
    import numpy as np

    dark = np.asarray(image) < 128
    # the dark pixels in each window, summed along the rows and then the columns in bytes (at most
    # 49): 0.04 s a 300 dpi page, where a summed-area table in int32 took 0.3-0.7 s
    reach = SPECK_WINDOW // 2
    padded = np.pad(dark.view(np.uint8), reach)
    height, width = dark.shape
    across = padded[:, :width].copy()
    for k in range(1, SPECK_WINDOW):
        across += padded[:, k:k + width]
    around = across[:height].copy()
    for k in range(1, SPECK_WINDOW):
        around += across[k:k + height]
    return float(np.count_nonzero(dark & (around <= SPECK_PIXELS))) / max(dark.size, 1)


# a compare-exchange network that sorts five values (nine exchanges)
_SORT_FIVE = ((0, 1), (3, 4), (2, 4), (2, 3), (0, 3), (0, 2), (1, 4), (1, 3), (1, 2))
# the cells of a 5 x 5 table sorted along its rows and its columns that can hold its median (the 13th
# of 25): a cell (i, j) has (i + 1)(j + 1) - 1 cells at or below it and (5 - i)(5 - j) - 1 at or above
# it; the six cells outside these on either side are surely below or above, so the median of the 25 is
# the median of these 13
_MEDIAN_CELLS = ((0, 3), (0, 4), (1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3), (3, 0), (3, 1), (3, 2),
                 (4, 0), (4, 1))


def median_filtered(image: Image.Image, size: int) -> Image.Image:
    """PIL's MedianFilter(size), the same pixels; the 5 x 5 one of a gray page computed with numpy
    (0.2 s of CPU a 200 dpi page against PIL's 0.9): each pixel's 5 x 5 neighbourhood (edges
    repeated, as PIL pads) sorted along its columns, then along its rows, and the median of the 13
    cells that can hold it found by forgetful selection."""
    import numpy as np
    from PIL import Image, ImageFilter

    if size != 5 or image.mode != "L":
        return image.filter(ImageFilter.MedianFilter(size))

    def exchange(values: list[npt.NDArray[np.uint8]], low: int, high: int) -> None:
        smaller = np.minimum(values[low], values[high])
        np.maximum(values[low], values[high], out=values[high])
        values[low] = smaller

    def sort_five(values: list[npt.NDArray[np.uint8]]) -> list[npt.NDArray[np.uint8]]:
        for low, high in _SORT_FIVE:
            exchange(values, low, high)
        return values

    width, height = image.size
    padded = np.pad(np.asarray(image), 2, mode="edge")
    columns = sort_five([padded[k:k + height].copy() for k in range(5)])  # the k-th of each column of five
    table = [sort_five([columns[rank][:, k:k + width].copy() for k in range(5)]) for rank in range(5)]
    pool = [table[i][j] for i, j in _MEDIAN_CELLS]
    # forgetful selection: the least and the greatest of a pool of 8 cannot be the median of 13; drop
    # both, take the next value in, until one value is left
    pool, rest = pool[:8], pool[8:]
    while True:
        for k in range(len(pool) - 1):  # the least to the end
            exchange(pool, k + 1, k)
        pool.pop()
        for k in range(len(pool) - 1):  # the greatest to the end
            exchange(pool, k, k + 1)
        pool.pop()
        if not rest:
            break
        pool.append(rest.pop(0))
    [median] = pool
    return Image.fromarray(median)


def light_spread(image: Image.Image) -> float:
    """How unevenly the paper is lit: the spread (5th to 95th percentile) of the brightest pixels
    of 64 x 64 cells of the page, the page's border left out."""
    import numpy as np

    pixels = np.asarray(image, dtype=np.uint8)
    height, width = pixels.shape
    cell = 64
    rows, columns = height // cell, width // cell
    if rows < 4 or columns < 4:
        return 0.0
    cells = pixels[:rows * cell, :columns * cell].reshape(rows, cell, columns, cell)
    paper = np.percentile(cells, 90, axis=(1, 3))[1:-1, 1:-1]
    return float(np.percentile(paper, 95) - np.percentile(paper, 5))


# --- a photographed sheet --------------------------------------------------------------------------
# A phone photo shows the sheet on a desk, its corners off square (perspective): Tesseract's layout
# analysis reads the dark desk as blocks and the converging lines badly (photo profile: pages where
# only a few lines came back). The sheet's four edges are sharp steps from the darker desk to the paper:
# on a quarter-size image, the first step up of at least SHEET_STEP (ratio and SHEET_STEP_LEVELS
# levels) in each row from the left, the last from the right, likewise in each column from the top and
# the bottom, each within SHEET_SEARCH of the side; a straight line fitted to each (outliers dropped);
# accepted only when the desk outside the four lines is darker than the paper inside (a scan's white
# margin is not: its text's first strokes would make "edges" too).
SHEET_STEP = 1.15
SHEET_STEP_LEVELS = 8
SHEET_SEARCH = 0.35
SHEET_INLIERS = 0.5  # of the rows (columns) that have a step
DESK_DARKER = 0.8  # desk median / paper median at most this
# an ISO sheet (A4, the size of administrative documents, Decree 30/2020) is sqrt(2) tall for 1 wide: a
# sheet measured within PAPER_ASPECT_NEAR of that is taken to be one (the photo profile's sheets measure
# 6% under to 4% over it, 22 pages)
PAPER_ASPECT = 2**0.5
PAPER_ASPECT_NEAR = 0.1
FIT_SHEET = 0.98  # of the image's width (or height) that a flattened sheet takes: its edge off the border


def sheet_corners(image: Image.Image) -> list[tuple[float, float]] | None:
    """The photographed sheet's corners (top-left, top-right, bottom-right, bottom-left) in pixels of
    `image`, or None when the page is not a sheet on a darker ground."""
    import numpy as np

    factor = 4
    if min(image.size) < 64 * factor:
        return None
    small = np.asarray(image.reduce(factor), dtype=np.float32)
    lines: list[tuple[float, float]] = []
    for rows, rising in ((small, True), (small[:, ::-1], True), (small.T, True), (small.T[:, ::-1], True)):
        found = _edge_line(rows, rising)
        if found is None:
            return None
        lines.append(found)
    width, height = small.shape[1], small.shape[0]
    # the lines from the right and the bottom were found on mirrored arrays: position = size - 1 - x
    (la, lb), (ra, rb), (ta, tb), (ba, bb) = lines
    ra, rb = -ra, width - 1 - rb
    ba, bb = -ba, height - 1 - bb

    def cross(vertical: tuple[float, float], horizontal: tuple[float, float]) -> tuple[float, float]:
        va, vb = vertical  # x = va * y + vb
        ha, hb = horizontal  # y = ha * x + hb
        x = (va * hb + vb) / (1 - va * ha)
        return x * factor, (ha * x + hb) * factor

    corners = [cross((la, lb), (ta, tb)), cross((ra, rb), (ta, tb)), cross((ra, rb), (ba, bb)), cross((la, lb), (ba, bb))]
    from PIL import Image, ImageDraw

    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).polygon([(x / factor, y / factor) for x, y in corners], fill=255)
    inside = np.asarray(mask) > 0
    if not 0.3 < inside.mean() < 0.97:
        return None
    if np.median(small[~inside]) > DESK_DARKER * np.median(small[inside]):
        return None
    return corners


def _edge_line(rows: npt.NDArray[np.float32], rising: bool) -> tuple[float, float] | None:
    """x = a * y + b of the first step up from the left in each row (within SHEET_SEARCH of the
    side), fitted with outliers dropped; None when too few rows have one or too few fit."""
    import numpy as np

    step = 2
    span = rows[:, :int(SHEET_SEARCH * rows.shape[1])]
    after, before = span[:, step:], span[:, :-step]
    hit = (after > before * SHEET_STEP) & (after - before > SHEET_STEP_LEVELS)
    has = np.flatnonzero(hit.any(axis=1))
    if len(has) < 0.3 * len(rows):
        return None
    ys = has.astype(np.float64)
    xs = hit[has].argmax(axis=1).astype(np.float64) + 1
    keep = np.ones(len(ys), dtype=bool)
    for _ in range(3):
        if keep.sum() < 10:
            return None
        a, b = np.polyfit(ys[keep], xs[keep], 1)
        residual = np.abs(xs - (a * ys + b))
        keep = residual < max(2.0, 3 * float(np.median(residual[keep])))
    if keep.mean() < SHEET_INLIERS:
        return None
    return float(a), float(b)


def flattened(image: Image.Image, corners: list[tuple[float, float]], fit: bool = True,
              own_scale: bool = False) -> Image.Image:
    """The sheet inside `corners` mapped onto the upright rectangle between their mean sides (the
    page keeps its size and scale), or with `fit` onto the rectangle of its proportions centred on
    the page, the desk around it painted as paper. With `own_scale`, the page is made smaller so that
    the sheet keeps the resolution it was photographed at (the fitted rectangle is larger than the
    sheet in the photo, and Tesseract took 15% more CPU a page reading it: 2.53 against 2.15 s on four
    photo pages, the same words but for 3 of 1,060); its resolution is then the
    image's times the page's width over the image's."""
    import numpy as np
    from PIL import Image

    (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = corners
    left, right = (tlx + blx) / 2, (trx + brx) / 2
    top, bottom = (tly + try_) / 2, (bly + bry) / 2
    if fit:
        # the largest rectangle of the sheet's own proportions centred on the image, whatever the sheet
        # lay in the photo: every page's text box lands in the same place (the layout sets the margins
        # once a document, and a page whose sheet lay 20 pt further right had every line "indented")
        aspect = (bottom - top) / max(right - left, 1.0)
        if abs(aspect / PAPER_ASPECT - 1) < PAPER_ASPECT_NEAR:
            # the proportions as measured vary by a few percent from page to page (the sides' ends are
            # where the corners were found); and the rectangle's size with them, by as much where the
            # image's own proportions are the sheet's (width or height the limit by turns)
            aspect = PAPER_ASPECT
        width = min(float(image.width), image.height / aspect) * FIT_SHEET
        scale = min(1.0, (right - left) / width) if own_scale else 1.0
        height = width * aspect
        left, top = (image.width - width) / 2, (image.height - height) / 2
        left, top, right, bottom = left * scale, top * scale, (left + width) * scale, (top + height) * scale
        size = (round(image.width * scale), round(image.height * scale))
    else:
        size = image.size
    target = [(left, top), (right, top), (right, bottom), (left, bottom)]
    rows, values = [], []
    for (x, y), (u, v) in zip(target, corners):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        values += [u, v]
    coefficients = np.linalg.solve(np.array(rows), np.array(values)).tolist()
    paper = _paper_level(image)
    # bilinear: half the CPU of bicubic on a 12 MP photo (0.21 s against 0.45); photo profile, 8
    # notices, task and deadline F1 .981 and .932 either way
    warped = image.transform(size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR,
                             fillcolor=paper)
    # the sheet's rectangle of the warped page on paper: the four strips around it painted (the same
    # pixels as the rectangle cropped and pasted on a new page, without copying 12 MP twice)
    box = (max(0, round(left)), max(0, round(top)), min(size[0], round(right)), min(size[1], round(bottom)))
    if not (box[0] < box[2] and box[1] < box[3]):
        return Image.new("L", size, paper)
    from PIL import ImageDraw

    draw = ImageDraw.Draw(warped)
    width, height = size
    for strip in ((0, 0, width, box[1]), (0, box[3], width, height), (0, box[1], box[0], box[3]),
                  (box[2], box[1], width, box[3])):
        if strip[0] < strip[2] and strip[1] < strip[3]:
            draw.rectangle((strip[0], strip[1], strip[2] - 1, strip[3] - 1), fill=paper)
    return warped


def evened(image: Image.Image) -> Image.Image:
    """The page divided by the paper's brightness around each point (the brightest pixels of an eighth-size
    image, spread and smoothed), so that a shadow across a photographed sheet leaves the paper as white
    as the rest and Otsu's one threshold holds everywhere (on a photo page, Tesseract's Sauvola read the
    shadowed half as "tham øïa", "löäng quaHng/ĐỢ ðẠy"; evened, every word right)."""
    import numpy as np
    from PIL import Image, ImageFilter

    paper = (image.reduce(8).filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.GaussianBlur(4))
             .resize(image.size, Image.Resampling.BILINEAR))
    # a pixel and its paper are bytes: the quotient is looked up in a table of every pair, made by the
    # same float32 arithmetic (the same pixels as computing it for each of 12 million: 0.1 s against 0.5)
    levels = np.arange(256, dtype=np.float32)
    ratio = levels[None, :] / np.maximum(levels[:, None], 1.0)  # [paper, pixel]
    table = np.clip(ratio * 235, 0, 255).astype(np.uint8).ravel()
    pairs = np.asarray(paper, dtype=np.uint16) << 8
    pairs |= np.asarray(image, dtype=np.uint8)
    return Image.fromarray(table[pairs])


# --- skew ------------------------------------------------------------------------------------------
MAX_SKEW_DEGREES = 3.0


def straightened(image: Image.Image) -> Image.Image:
    return rotated(image, skew_angle(image))


def rotated(image: Image.Image, angle: float) -> Image.Image:
    """The page turned back by its skew `angle` (degrees; under 0.1 left as it is)."""
    from PIL import Image

    if abs(angle) < 0.1:
        return image
    return image.rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=_paper_level(image))


def _paper_level(image: Image.Image) -> int:
    import numpy as np

    return int(np.percentile(np.asarray(image.reduce(4) if min(image.size) >= 64 else image), 90))


def skew_angle(image: Image.Image) -> float:
    """The page's skew in degrees, counter-clockwise positive (PIL's `rotate(-angle)` undoes it): the
    angle at which the rows of ink line up best, i.e. the horizontal projection of the dark pixels is the
    most peaked. Done on a half-size image; ±MAX_SKEW_DEGREES in 0.1° steps, then 0.01° steps."""
    import numpy as np

    small = np.asarray(image.reduce(2))
    ys, xs = np.nonzero(small < 128)
    if len(ys) < 500:
        return 0.0
    if len(ys) > 400_000:  # plenty for a profile; a fixed stride keeps it deterministic
        step = len(ys) // 400_000 + 1
        ys, xs = ys[::step], xs[::step]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - xs.mean()
    # the rows shifted by an even constant so that none is negative (bincount's leading zeros change no
    # score; even, so a half rounds to even as before), computed in one buffer: the same scores as
    # rounding `ys + xs * tan` afresh and taking away the least, in half the time
    shift = 2 * float(np.ceil(np.abs(xs).max() * np.tan(np.radians(MAX_SKEW_DEGREES + 0.2)) / 2)) + 2
    shifted = ys + shift
    buffer = np.empty_like(xs)
    rows = np.empty(len(xs), dtype=np.int64)

    def peakedness(degrees: float) -> float:
        np.multiply(xs, np.tan(np.radians(degrees)), out=buffer)
        np.add(shifted, buffer, out=buffer)
        np.rint(buffer, out=buffer)
        rows[:] = buffer
        counts = np.bincount(rows)
        return float(np.dot(counts, counts))

    def best(angles: npt.NDArray[np.float64]) -> float:
        # rows are whole pixels, so near the answer several angles score the same: take the middle
        # of that plateau, not its first angle (which would lean every estimate one way)
        scores = np.array([peakedness(a) for a in angles])
        top = np.flatnonzero(scores == scores.max())
        return float(angles[top[len(top) // 2]])

    coarse = best(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.1))
    return best(np.arange(coarse - 0.1, coarse + 0.1 + 1e-9, 0.01))


# --- a roman numeral's strokes ---------------------------------------------------------------------
# A column is a stem's when a run of dark pixels down it is at least STEM_HEIGHT of the numeral's height
# (the first stem's run); a column with a run of at least SLASH_HEIGHT that is no stem's, and not beside
# one, is where the numeral ends (the slash of "II/2024", a V's stroke)
STEM_HEIGHT = 0.85
SLASH_HEIGHT = 0.2


def leading_stems(image: Image.Image, box: tuple[int, int, int, int]) -> int | None:
    """The upright strokes that a word in `box` (left, top, right, bottom) of `image` opens with before
    its first slanted or curved stroke: the I's of "III/2026" (Tesseract reads "II/2026" where the
    serifs of two I's touch); None when the box holds no stroke as tall as a letter."""
    import numpy as np

    pixels = np.asarray(image.crop(box), dtype=np.int16)
    if pixels.size == 0:
        return None
    low, high = np.percentile(pixels, 2), np.percentile(pixels, 98)
    if high - low < 64:
        return None
    dark = pixels < (low + high) / 2
    width = dark.shape[1]
    # the longest run of dark pixels down each column
    run = np.zeros(width, dtype=np.int32)
    longest = np.zeros(width, dtype=np.int32)
    for row in dark:
        run = np.where(row, run + 1, 0)
        np.maximum(longest, run, out=longest)
    tall = int(longest[:max(3, width // 3)].max())
    if tall < 8:
        return None
    stem = longest >= STEM_HEIGHT * tall
    count = 0
    for x in range(width):
        if stem[x]:
            count += x == 0 or not stem[x - 1]
        elif count and longest[x] >= SLASH_HEIGHT * tall and not stem[x - 1] \
                and not (x + 1 < width and stem[x + 1]):
            break
    return count
