"""The edit distance the OCR tests measure readings with: numpy rows, fast enough for whole pages."""

from __future__ import annotations

import numpy as np


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one row at a time with numpy (insertions through a running minimum)."""
    target = np.array([ord(c) for c in b])
    offsets = np.arange(len(b) + 1)
    previous = offsets.copy()
    for i, char in enumerate(a, 1):
        row = np.empty(len(b) + 1, dtype=np.int64)
        row[0] = i
        row[1:] = np.minimum(previous[1:] + 1, previous[:-1] + (target != ord(char)))
        previous = np.minimum.accumulate(row - offsets) + offsets
    return int(previous[-1])
