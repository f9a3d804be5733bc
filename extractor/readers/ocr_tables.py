"""Ruled tables in a scan: the cell boxes from the page image's ruling lines.

A task table printed with ruling lines wraps each cell over several lines; Tesseract reads the page
line by line across the cells, so the cells of a row interleave ("Xây dựng quy Sở Nội vụ Văn phòng
30/9/2026 Quyết định" / "chế phối hợp số UBND tỉnh; của UBND" ...) and no row survives. The text-layer
reader has pdfplumber find the cells from the PDF's ruling paths (pdf_tables.py); a scan has no paths,
but its ruling lines are long straight runs of dark pixels, far longer than any stroke of a letter.
Those runs become the same edges pdfplumber's table finder joins into cells, so the OCR'd words fall
into the same grids, and a row becomes one " | " line as from the text layer. The lines are painted
out of the image Tesseract reads (a border read as "|" or "l" glued to a cell's word otherwise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .pdf_tables import Grid, Rules

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from PIL import Image

# a horizontal rule is a dark run at least this long (inches): the shortest cell of a task table
# ("TT", 0.4 in) is wider than a letter's stroke could ever be; a vertical rule spans at least a row of
# one line (0.22 in) and is longer than any letter (14 pt from ascender to descender, 0.2 in)
MIN_RULE_ACROSS = 0.35
MIN_RULE_DOWN = 0.21
# a rule is darker than the paper by this much: a 0.5 pt rule in a 200 dpi JPEG is no darker than 160-200
# where the paper is 245, far lighter than the ink of letters
RULE_CONTRAST = 45
# pdfplumber's own tolerances for snapping and joining edges and for their intersections (points)
TOLERANCE = 3.0


def rule_mask(dark: npt.NDArray[np.bool_], min_run: int) -> npt.NDArray[np.bool_]:
    """The pixels of `dark` in runs along each row at least `min_run` long (a gap of one pixel
    bridged)."""
    import numpy as np

    closed = dark.copy()
    closed[:, 1:-1] |= dark[:, :-2] & dark[:, 2:]
    rows, starts, ends = _runs(closed)
    long = ends - starts >= min_run
    rows, starts, lengths = rows[long], starts[long], (ends - starts)[long]
    # the long runs' pixels set by their flat indices (few: the rules), not by marks at each run's
    # ends summed along every row of the page (0.03 s against 0.09 a 300 dpi page, the same mask)
    mask = np.zeros(dark.shape, dtype=bool)
    if len(rows):
        before = np.cumsum(lengths) - lengths  # pixels of the long runs before each
        firsts = rows * dark.shape[1] + starts - before
        mask.reshape(-1)[np.repeat(firsts, lengths) + np.arange(int(lengths.sum()))] = True
    return mask


def _runs(mask: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Rows, starts and ends of the runs of `mask` along each row: the changes along a row, padded
    with a clear pixel at each end, alternate between a run's start and its end."""
    import numpy as np

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=bool)
    padded[:, 1:-1] = mask
    rows, changes = np.nonzero(padded[:, 1:] != padded[:, :-1])
    return rows[0::2], changes[0::2], changes[1::2]


def _rule_masks(image: Image.Image, dpi: float) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], int]:
    """The pixels of long runs across and down, at half the resolution (each pixel the darkest of its
    four, so a rule a pixel wide stays), and the paper's level."""
    import numpy as np

    pixels = np.asarray(image)
    paper = int(np.percentile(pixels[::4, ::4], 90))
    height, width = (side - side % 2 for side in pixels.shape)
    quarters = pixels[:height, :width]
    half = np.minimum(np.minimum(quarters[0::2, 0::2], quarters[0::2, 1::2]),
                      np.minimum(quarters[1::2, 0::2], quarters[1::2, 1::2]))
    dark = half < paper - RULE_CONTRAST
    across = rule_mask(dark, round(MIN_RULE_ACROSS * dpi / 2))
    down = rule_mask(dark.T, round(MIN_RULE_DOWN * dpi / 2)).T
    return across, down, paper


def has_rules(image: Image.Image, dpi: float) -> bool:
    """Does the page hold long rules both across and down (a ruled table, perhaps)?"""
    across, down, _ = _rule_masks(image, dpi)
    return bool(across.any() and down.any())


def find_grids(image: Image.Image, dpi: float, ruled: Image.Image | None = None) -> tuple[list[Grid], Image.Image]:
    """The ruled tables of a page image (boxes in points from the top-left, as pdfplumber gives them for
    a text layer), found on `ruled` when given (the page before a median filter blurred its rules), and
    `image` with their ruling lines painted out (`image` itself when there is no table)."""
    import numpy as np
    from PIL import Image

    across, down, paper = _rule_masks(ruled if ruled is not None else image, dpi)
    if not across.any() or not down.any():
        return [], image
    pixels = np.asarray(image)
    height, width = across.shape[0] * 2, across.shape[1] * 2
    scale = 72 / (dpi / 2)
    rules = Rules()
    for row, start, end in zip(*(part.tolist() for part in _runs(across))):
        rules.add(start * scale, row * scale, end * scale, (row + 1) * scale)
    for column, start, end in zip(*(part.tolist() for part in _runs(down.T))):
        rules.add(column * scale, start * scale, (column + 1) * scale, end * scale)
    grids = _grids(rules)
    if not grids:
        return [], image
    erased = pixels.copy()
    lines = across | down
    grown = lines.copy()  # the rule's blurred edge too
    grown[1:, :] |= lines[:-1, :]
    grown[:-1, :] |= lines[1:, :]
    grown[:, 1:] |= lines[:, :-1]
    grown[:, :-1] |= lines[:, 1:]
    full = np.zeros(pixels.shape, dtype=bool)
    full[:height, :width] = grown.repeat(2, axis=0).repeat(2, axis=1)
    erased[full] = paper
    return grids, Image.fromarray(erased)


def _grids(rules: Rules) -> list[Grid]:
    """pdfplumber's table finder on edges (its steps, as `TableFinder` runs them on a page's lines)."""
    try:
        from pdfplumber.table import Table, cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
    except ImportError:
        return []
    if not rules.enough:
        return []
    from .pdf_tables import _grid

    edges: list[dict[str, Any]] = merge_edges(rules.horizontal + rules.vertical, TOLERANCE, TOLERANCE,
                                              TOLERANCE, TOLERANCE)
    intersections = edges_to_intersections(edges, TOLERANCE, TOLERANCE)
    cells = intersections_to_cells(intersections)
    return [_grid(Table(None, table)) for table in cells_to_tables(cells)]  # type: ignore[arg-type]


__all__ = ["find_grids", "rule_mask"]
