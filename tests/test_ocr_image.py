"""The page clean-up before OCR (extractor/readers/ocr_image.py) on small images built here: when a page
counts as speckled, and a photographed sheet found, flattened and evenly lit."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from extractor.readers import ocr_image


def _text_page(size: tuple[int, int] = (600, 800), paper: int = 235) -> Image.Image:
    """A page of 'text': rows of short dark strokes on paper, with margins."""
    image = Image.new("L", size, paper)
    draw = ImageDraw.Draw(image)
    for top in range(80, size[1] - 80, 24):
        for left in range(60, size[0] - 80, 40):
            draw.rectangle((left, top, left + 28, top + 12), fill=30)
            draw.rectangle((left + 32, top - 5, left + 34, top - 3), fill=30)  # an i's dot: no speck
    return image


def _speckled(image: Image.Image, share: float, seed: int = 1) -> Image.Image:
    pixels = np.array(image)
    rng = np.random.default_rng(seed)
    count = int(share * pixels.size)
    pixels[rng.integers(0, pixels.shape[0], count), rng.integers(0, pixels.shape[1], count)] = 0
    return Image.fromarray(pixels)


@pytest.mark.parametrize(("share", "speckled"), [
    (0.0, False),      # text alone: its strokes' edges and dots are no specks
    (0.0002, False),   # a real signed scan's few specks
    (0.001, True),     # the gray profile's salt and pepper (its pages 0.0005-0.0024)
])
def test_a_page_is_speckled_by_its_lone_dark_pixels_not_by_its_text(share, speckled):
    assert (ocr_image.speck_share(_speckled(_text_page(), share)) > ocr_image.SPECKLED_SHARE) is speckled


def _photo(corners: list[tuple[float, float]], size: tuple[int, int] = (700, 900)) -> Image.Image:
    """A text page warped onto `corners` of a darker desk, a soft shadow over its right half."""
    sheet = _text_page()
    source = [(0, 0), (sheet.width, 0), (sheet.width, sheet.height), (0, sheet.height)]
    rows, values = [], []
    for (x, y), (u, v) in zip(corners, source):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        values += [u, v]
    coefficients = np.linalg.solve(np.array(rows, dtype=float), np.array(values, dtype=float)).tolist()
    warped = sheet.transform(size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR, fillcolor=90)
    mask = Image.new("L", sheet.size, 255).transform(size, Image.Transform.PERSPECTIVE, coefficients,
                                                     fillcolor=0)
    photo = Image.composite(warped, Image.new("L", size, 90), mask)
    light = np.ones((size[1], size[0]), dtype=np.float32)
    light *= np.clip(1.0 - 0.4 * (np.arange(size[0]) - size[0] / 3) / (size[0] / 3), 0.6, 1.0)
    return Image.fromarray((np.asarray(photo, dtype=np.float32) * light).astype(np.uint8))


CORNERS = [(60.0, 70.0), (650.0, 40.0), (640.0, 850.0), (45.0, 830.0)]


def test_a_photographed_sheet_s_corners_are_found():
    found = ocr_image.sheet_corners(_photo(CORNERS))
    assert found is not None
    for (x, y), (want_x, want_y) in zip(found, CORNERS):
        assert abs(x - want_x) < 8 and abs(y - want_y) < 8


@pytest.mark.parametrize("page", [
    _text_page(),                                    # a scan: white margins all round
    _speckled(_text_page(), 0.001),                  # a speckled scan
    Image.new("L", (600, 800), 235),                 # a blank page
])
def test_a_scan_is_no_photographed_sheet(page):
    assert ocr_image.sheet_corners(page) is None


def test_a_flattened_sheet_is_upright_its_desk_paper_and_its_light_even():
    photo = _photo(CORNERS)
    corners = ocr_image.sheet_corners(photo)
    assert corners is not None
    flat = ocr_image.evened(ocr_image.flattened(photo, corners))
    pixels = np.asarray(flat)
    assert pixels[5, 5] > 200 and pixels[-5, -5] > 200  # the desk's corners are paper now
    # a row of strokes runs straight across: the first row of text is dark at the same height on the
    # left and on the right of the sheet, although its corners were 30 px apart in height
    dark_rows = [np.flatnonzero(pixels[:, x] < 128) for x in (120, 560)]
    first = [rows[(rows > 90) & (rows < 400)][0] for rows in dark_rows]
    assert abs(int(first[0]) - int(first[1])) <= 3
    # the shadow is gone: the paper right of the middle is as light as left of it
    paper = pixels[pixels > 128]
    assert np.percentile(pixels[:, 350:600][pixels[:, 350:600] > 128], 50) >= np.percentile(paper, 50) - 10


def _text_box(page: Image.Image) -> tuple[int, int, int, int]:
    """The left, top, right and bottom of the dark strokes on a page."""
    rows, columns = np.nonzero(np.asarray(page) < 128)
    return int(columns.min()), int(rows.min()), int(columns.max()), int(rows.max())


@pytest.mark.parametrize(("fit", "same_place"), [(True, True), (False, False)])
def test_every_page_s_sheet_lands_in_the_same_place_wherever_it_lay_in_the_photo(fit, same_place):
    """photo seeds/001: the layout sets the text box's margins once a document; a page whose sheet lay
    further right in its photo had every line "indented", each a paragraph of its own. The sheets here
    are one 600 x 800 page photographed 40 px apart, their sides measured a few percent apart."""
    boxes = []
    for corners in (CORNERS, [(x + 40 + (x > 300) * 12, y + 20) for x, y in CORNERS]):
        photo = _photo(corners, size=(760, 920))
        found = ocr_image.sheet_corners(photo)
        assert found is not None
        boxes.append(_text_box(ocr_image.flattened(photo, found, fit=fit)))
    assert all(abs(a - b) <= 4 for a, b in zip(*boxes)) is same_place


def test_a_fitted_sheet_keeps_the_resolution_it_was_photographed_at():
    """The fitted rectangle is larger than the sheet in the photo: with own_scale the page is made
    smaller by as much (fewer pixels for Tesseract), the text box in the same place for its size."""
    photo = _photo(CORNERS, size=(760, 920))
    found = ocr_image.sheet_corners(photo)
    assert found is not None
    large, small = (ocr_image.flattened(photo, found, own_scale=own) for own in (False, True))
    scale = small.width / large.width
    assert large.size == photo.size and 0.8 < scale < 0.95  # the sheet is ~600 px wide of the fitted ~660
    assert all(abs(a * scale - b) <= 3 for a, b in zip(_text_box(large), _text_box(small)))


# --- ruled tables (ocr_tables.py) --------------------------------------------------------------------
def _ruled_page(dpi: int = 300, rule: int = 150) -> Image.Image:
    """A 4 x 3 in page at `dpi` with a ruled table of 3 columns and 3 rows (rules 1 px wide, as light
    as a thin rule in a gray scan) and strokes of 'text' in its cells and above it."""
    inch = dpi
    image = Image.new("L", (4 * inch, 3 * inch), 240)
    draw = ImageDraw.Draw(image)
    columns = [int(0.3 * inch), int(0.8 * inch), int(2.6 * inch), int(3.7 * inch)]
    rows = [int(0.8 * inch), int(1.2 * inch), int(1.9 * inch), int(2.6 * inch)]
    for x in columns:
        draw.line((x, rows[0], x, rows[-1]), fill=rule)
    for y in rows:
        draw.line((columns[0], y, columns[-1], y), fill=rule)
    for top in range(int(0.2 * inch), rows[-1], int(0.15 * inch)):  # text above and in the cells
        for left in (columns[0] + 20, columns[1] + 20, columns[2] + 20):
            if top < rows[0] - 30 or any(y + 10 < top < y + 100 for y in rows[:-1]):
                draw.rectangle((left, top, left + 60, top + 25), fill=30)
    draw.line((int(0.5 * inch), int(0.6 * inch), int(2.5 * inch), int(0.6 * inch)), fill=30, width=3)  # an underline
    return image


def test_a_ruled_table_s_cells_are_found_and_its_rules_painted_out():
    from extractor.readers import ocr_tables

    page = _ruled_page()
    grids, erased = ocr_tables.find_grids(page, 300)
    [grid] = grids
    assert (len(grid.rows), len(grid.columns)) == (3, 3)
    left, top, right, bottom = grid.box  # points: 72 to the inch
    assert abs(left - 0.3 * 72) < 2 and abs(top - 0.8 * 72) < 2 and abs(right - 3.7 * 72) < 2
    assert abs(bottom - 2.6 * 72) < 2
    pixels = np.asarray(erased)
    assert pixels[int(1.5 * 300), int(0.8 * 300)] > 200  # a rule between two cells is paper now
    assert pixels[int(0.2 * 300) + 5, int(0.3 * 300) + 25] < 100  # the text is not


@pytest.mark.parametrize("page", [
    _text_page(),                                                      # text only
    Image.new("L", (1200, 900), 240),                                  # blank
])
def test_a_page_without_a_ruled_table_has_no_grid(page):
    from extractor.readers import ocr_tables

    grids, image = ocr_tables.find_grids(page, 300)
    assert grids == [] and image is page


def test_words_in_a_ruled_table_s_cells_are_read_as_its_rows():
    from extractor.readers import ocr, ocr_tables

    from .ocr_fakes import tsv

    grids, _ = ocr_tables.find_grids(_ruled_page(), 300)
    # (line, word, left, top, width, height, conf, text) in pixels at 300 dpi; Tesseract read each line
    # across the cells, as it does
    words = tsv((1, 1, 110, 60, 200, 50, 95, "KẾ"), (1, 2, 330, 60, 300, 50, 95, "HOẠCH"),
                (2, 1, 110, 270, 60, 40, 95, "TT"), (2, 2, 260, 270, 180, 40, 95, "Nhiệm"),
                (2, 3, 460, 270, 80, 40, 95, "vụ"), (2, 4, 800, 270, 120, 40, 95, "Thời"), (2, 5, 940, 270, 120, 40, 95, "gian"),
                (3, 1, 110, 400, 30, 40, 95, "1"), (3, 2, 260, 400, 180, 40, 95, "Ban"), (3, 3, 460, 400, 120, 40, 95, "hành"),
                (3, 4, 800, 400, 120, 40, 95, "Quý"), (3, 5, 940, 400, 60, 40, 95, "II"),
                (4, 1, 260, 460, 180, 40, 95, "danh"), (4, 2, 460, 460, 120, 40, 95, "mục"))
    lines = ocr.read_tsv(words, 300, grids)[0]
    texts = [[piece.text for piece in line.pieces] for line in lines]
    assert texts == [["KẾ HOẠCH"], ["TT | Nhiệm vụ | Thời gian"], ["1 | Ban hành danh mục | Quý II"]]
    assert [line.row for line in lines] == [False, True, True]


def _table(top: float, texts: list[list[str]]):
    from extractor.readers.geometry import Line, Piece
    from extractor.readers.pdf_tables import Cell, Grid, TableRow, row_text

    columns = [(20.0, 60.0), (60.0, 200.0), (200.0, 280.0)]
    rows, lines = [], []
    for index, cells in enumerate(texts):
        row_top = top + 40 * index
        row_cells = [Cell(text) for text in cells]
        piece = Piece(row_text(row_cells)[0], 20.0, row_top, 280.0, row_top + 40, 12.0)
        rows.append(TableRow(row_cells, piece))
        lines.append(Line([piece], row=True))
    boxes = [[(left, top + 40 * i, right, top + 40 * (i + 1)) for left, right in columns] for i in range(len(texts))]
    return Grid((20.0, top, 280.0, top + 40 * len(texts)), boxes, columns), rows, lines


def test_a_ruled_table_going_on_over_a_page_break_drops_the_repeated_header_and_joins_the_cut_row():
    from extractor.readers import ocr
    from extractor.readers.geometry import Line, PageLayout, Piece

    grid, rows, lines = _table(680.0, [["TT", "Nhiệm vụ", "Thời gian hoàn thành"], ["1", "Ban hành danh mục", "Quý II"]])
    title = Line([Piece("PHỤ LỤC", 100.0, 640.0, 200.0, 652.0, 12.0)])
    first = PageLayout(1, 595.0, 842.0, [title, *lines])
    open_table = ocr._continue_tables(first, [(grid, rows)], None)
    assert open_table is not None and open_table.header == "TT | Nhiệm vụ | Thời gian hoàn thành"
    # the next page: the header again as OCR read it this time, the rest of row 1, then row 2
    grid, rows, lines = _table(50.0, [["Tỉ", "Nhiêm vụ", "Thời gian haàn thành"], ["", "thủ tục hành chính", ""],
                                      ["2", "Xây dựng quy trình", "Tháng 5"]])
    second = PageLayout(2, 595.0, 842.0, lines)
    ocr._continue_tables(second, [(grid, rows)], open_table)
    assert [line.pieces[0].text for line in second.lines] == ["2 | Xây dựng quy trình | Tháng 5"]
    assert first.lines[-1].pieces[0].text == "1 | Ban hành danh mục thủ tục hành chính | Quý II"


def test_a_table_under_text_at_the_top_of_a_page_is_a_table_of_its_own():
    from extractor.readers import ocr
    from extractor.readers.geometry import Line, PageLayout, Piece

    grid, rows, lines = _table(680.0, [["TT", "Nhiệm vụ", "Thời gian"], ["1", "Ban hành danh mục", "Quý II"]])
    open_table = ocr._continue_tables(PageLayout(1, 595.0, 842.0, lines), [(grid, rows)], None)
    grid, rows, lines = _table(200.0, [["TT", "Nhiệm vụ", "Thời gian"], ["", "Rà soát", "Năm 2026"]])
    heading = Line([Piece("PHỤ LỤC II", 100.0, 150.0, 200.0, 162.0, 12.0)])
    second = PageLayout(2, 595.0, 842.0, [heading, *lines])
    ocr._continue_tables(second, [(grid, rows)], open_table)
    assert len(second.lines) == 3


@pytest.mark.parametrize(("read", "meant"), [
    (["Tỉ", "Nhiêm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian haàn thành", "Sản phẩm"],
     "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm"),
    (["1", "Ban hành danh mục", "Văn phòng UBND tỉnh", "Các sở", "Quý II/2026", "Quyết định"], None),  # a row
    (["STT", "Xã, phường", "Số trẻ dưới 1 tuổi", "Tỷ lệ (%)", "Ghi chú"], None),  # not a task table's columns
])
def test_a_task_table_s_header_row_misread_by_ocr_is_put_right(read, meant):
    from extractor.readers import ocr
    from extractor.readers.geometry import Piece
    from extractor.readers.pdf_tables import Cell, TableRow, row_text

    row = TableRow([Cell(text) for text in read], Piece(row_text([Cell(text) for text in read])[0], 0, 0, 1, 1, 10))
    ocr._repair_header_row(row)
    assert row.piece.text == (meant or " | ".join(read))


def _summed_area_speck_share(image: Image.Image) -> float:
    """The speck share as first written (a summed-area table in int32): the reference the faster
    sums are held to."""
    dark = np.asarray(image) < 128
    reach = ocr_image.SPECK_WINDOW // 2
    summed = np.pad(dark.astype(np.int32), ((reach + 1, reach), (reach + 1, reach))).cumsum(0).cumsum(1)
    k = ocr_image.SPECK_WINDOW
    around = summed[k:, k:] - summed[:-k, k:] - summed[k:, :-k] + summed[:-k, :-k]
    return float(np.count_nonzero(dark & (around <= ocr_image.SPECK_PIXELS))) / max(dark.size, 1)


@pytest.mark.parametrize(("size", "share"), [((600, 800), 0.001), ((37, 23), 0.05), ((5, 3), 0.3), ((1, 1), 1.0)])
def test_the_speck_share_is_the_summed_area_table_s(size, share):
    page = _speckled(_text_page() if size == (600, 800) else Image.new("L", size, 235), share, seed=7)
    assert ocr_image.speck_share(page) == _summed_area_speck_share(page)


@pytest.mark.parametrize("size", [(1, 1), (2, 7), (5, 5), (31, 17), (240, 320)])
@pytest.mark.parametrize("seed", [1, 2])
def test_the_median_filter_gives_pil_s_pixels(size, seed):
    rng = np.random.default_rng(seed)
    noise = Image.fromarray(rng.integers(0, 256, (size[1], size[0]), dtype=np.uint8))
    for page in (noise, _speckled(_text_page(), 0.002, seed) if size == (240, 320) else noise.point(lambda v: v // 64 * 64)):
        expected = np.asarray(page.filter(ImageFilter.MedianFilter(5)))
        assert np.array_equal(np.asarray(ocr_image.median_filtered(page, 5)), expected)


def test_a_median_filter_of_another_size_is_pil_s():
    page = _speckled(_text_page((90, 70)), 0.01)
    assert np.array_equal(np.asarray(ocr_image.median_filtered(page, 3)),
                          np.asarray(page.filter(ImageFilter.MedianFilter(3))))


def _numeral_word(stems: int, v: bool = False, serifs_touch: bool = True) -> Image.Image:
    """A word "I…/2026" as a serif face prints it at 300 dpi: stems 6 px wide and 50 tall, serifs
    that touch their neighbours', then a slash and a "2"."""
    image = Image.new("L", (260, 80), 255)
    draw = ImageDraw.Draw(image)
    x = 10
    for _ in range(stems):
        draw.rectangle((x, 15, x + 5, 64), fill=0)
        draw.rectangle((x - 4, 15, x + 9, 18), fill=0)
        draw.rectangle((x - 4, 61, x + 9, 64), fill=0)
        x += 14 if serifs_touch else 20
    if v:
        draw.line((x, 15, x + 12, 64), fill=0, width=5)
        draw.line((x + 24, 15, x + 12, 64), fill=0, width=3)
        x += 30
    draw.line((x + 18, 10, x + 4, 72), fill=0, width=4)  # the slash
    draw.arc((x + 26, 15, x + 56, 45), 180, 30, fill=0, width=5)  # a "2"
    draw.line((x + 26, 64, x + 56, 64), fill=0, width=5)
    return image.filter(ImageFilter.GaussianBlur(0.7))


@pytest.mark.parametrize(("stems", "v", "counted"), [(1, False, 1), (2, False, 2), (3, False, 3), (1, True, 1)])
def test_a_numeral_s_stems_are_counted_up_to_its_slash(stems, v, counted):
    image = _numeral_word(stems, v)
    assert ocr_image.leading_stems(image, (0, 0, image.width, image.height)) == counted


def test_a_box_of_paper_has_no_stems():
    assert ocr_image.leading_stems(Image.new("L", (100, 60), 240), (0, 0, 100, 60)) is None


@pytest.mark.parametrize(("before", "read", "stems", "meant"), [
    ("quý", "I/2024.", 2, "II/2024."),      # heldout/h08 by bilevel and photo: the deadline a quarter early
    ("Quý", "II/2026", 3, "III/2026"),      # structures/s01 by bilevel and colour
    ("Quý", "I⁄2024.", 2, "II⁄2024."),
    ("quý", "H/2026", 3, "III/2026"),
    # negatives: the reading kept
    ("quý", "II/2024.", 2, "II/2024."),     # as many I's as strokes
    ("quý", "III/2026", 2, "III/2026"),     # fewer strokes than I's read: never fewer I's
    ("năm", "I/2024.", 2, "I/2024."),       # no quarter word before it
    ("quý", "IV/2023.", 3, "IV/2023."),     # a V: not a numeral of I's
    ("quý", "I", 2, "I"),                   # no slash after it: the box may hold more than the numeral
])
def test_a_quarter_s_numeral_gets_back_the_i_it_lost(before, read, stems, meant):
    from extractor.readers import ocr

    from .ocr_fakes import tsv as make_tsv

    page = Image.new("L", (600, 200), 255)
    word = _numeral_word(stems)
    page.paste(word, (300, 60))
    tsv = make_tsv((1, 1, 200, 75, 80, 50, 95, before), (1, 2, 300, 60, word.width, word.height, 90, read))
    assert ocr._recounted_quarters(tsv, page).splitlines()[-1].split("\t")[-1] == meant


# --- a JPEG page image decoded from its stream ---------------------------------------------------------
FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "scan"


@pytest.mark.parametrize(("profile", "decoded"), [
    ("gray", True), ("colour", True), ("photo", True),
    ("bilevel", False), ("fax", False),              # CCITT G4: pdfium's
])
def test_a_jpeg_page_image_decoded_from_its_stream_has_pdfium_s_pixels(profile, decoded):
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    document = pdfium.PdfDocument((FIXTURES / f"h03_mix.{profile}.pdf").read_bytes())
    [image] = [obj for obj in document[0].get_objects(max_depth=1) if obj.type == raw.FPDF_PAGEOBJ_IMAGE]
    ours = ocr_image._decoded_jpeg(image)
    assert (ours is not None) is decoded
    if ours is not None:
        rendered = image.get_bitmap(render=True, scale_to_original=True).to_pil().convert(ours.mode)
        assert ours.size == rendered.size and np.array_equal(np.asarray(ours), np.asarray(rendered))
