"""Tesseract in this process: libtesseract's C API through ctypes, one engine per thread kept across
pages (issue 11, OCR CPU per page).

The `tesseract` command costs 0.13-0.15 s of CPU a page before it reads a pixel: the process, and
the `vie` model with its tables loaded again for each page, then the page written as a BMP and read
back. Where the library the command itself runs on can be loaded (package libtesseract5), the page's
pixels are given to an engine that stays loaded, with the command's settings (`--oem 1 --psm 4`,
`user_defined_dpi` as `--dpi` sets it, the same `-c` variables): the same TSV, to the byte, as the
command's on 40 pages of every scan profile and the real signed scans.

ocr.py falls back to the command when the library or its `vie` data cannot be loaded, when
`ocr.TESSERACT` names another binary (tests point it at stand-ins) or when IN_PROCESS is off. A page
that runs past its time is cancelled by Tesseract's own monitor (checked between words; the layout
analysis before them is not cut short, where the command's process was killed). Tesseract's messages
("Detected 225 diacritics") go to os.devnull, as the command's stderr went to a pipe nobody read.
A crash inside the library takes its process with it: `nhiemvu batch`, `watch` and `serve` extract in
worker processes (extractor/batch.py), which answer that file with an "internal" error record and go
on with a fresh worker; `nhiemvu extract` runs in its own process, one run, and its user sees it.
OpenMP: OMP_THREAD_LIMIT=1 is set for this process before the library loads, if not set already (the
command ran with it: its threads cost more than they gain on small machines).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

IN_PROCESS = True
_PSM_SINGLE_COLUMN = 4
_OEM_LSTM_ONLY = 1
# the command's TSV renderer writes this header before the page's rows; the API gives the rows only
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


class EngineTimeout(Exception):
    pass


class EngineFailure(Exception):
    pass


def _load() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # read by libgomp when the library loads it
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return None
    handle, text, monitor = ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p
    signatures: dict[str, tuple[list[type], type | None]] = {
        "TessBaseAPICreate": ([], handle),
        "TessBaseAPIDelete": ([handle], None),
        "TessBaseAPISetVariable": ([handle, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
        "TessBaseAPIInit2": ([handle, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int], ctypes.c_int),
        "TessBaseAPISetPageSegMode": ([handle, ctypes.c_int], None),
        "TessBaseAPISetImage": ([handle, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int],
                                None),
        "TessBaseAPIRecognize": ([handle, monitor], ctypes.c_int),
        "TessBaseAPIGetTsvText": ([handle, ctypes.c_int], text),
        "TessBaseAPIClear": ([handle], None),
        "TessDeleteText": ([text], None),
        "TessMonitorCreate": ([], monitor),
        "TessMonitorDelete": ([monitor], None),
        "TessMonitorSetDeadlineMSecs": ([monitor, ctypes.c_int], None),
    }
    try:
        for function, (arguments, result) in signatures.items():
            symbol = getattr(library, function)
            symbol.argtypes = arguments
            symbol.restype = result
    except AttributeError:
        return None
    return library


_library: list[ctypes.CDLL | None] = []  # loaded once per process (empty: not tried yet)
_load_lock = threading.Lock()
_engines = threading.local()


class Engine:
    """One TessBaseAPI for the pages this thread reads (an engine is not to be shared by threads)."""

    def __init__(self, library: ctypes.CDLL, language: str):
        self.library = library
        self.handle = library.TessBaseAPICreate()
        if not self.handle:
            raise OSError("libtesseract gave no engine")
        library.TessBaseAPISetVariable(self.handle, b"debug_file", os.devnull.encode())
        if library.TessBaseAPIInit2(self.handle, None, language.encode(), _OEM_LSTM_ONLY) != 0:
            library.TessBaseAPIDelete(self.handle)
            raise OSError(f"libtesseract could not load its {language!r} data")
        library.TessBaseAPISetPageSegMode(self.handle, _PSM_SINGLE_COLUMN)

    def read(self, image: Image.Image, dpi: int, timeout: float, variables: dict[str, str]) -> str:
        """The TSV of one page image (mode "L"), header first, as the command prints it."""
        library, handle = self.library, self.handle
        for name, value in {**variables, "user_defined_dpi": str(dpi)}.items():
            if not library.TessBaseAPISetVariable(handle, name.encode(), value.encode()):
                raise EngineFailure(f"libtesseract has no variable {name!r}")
        pixels = image.tobytes()
        library.TessBaseAPISetImage(handle, pixels, image.width, image.height, 1, image.width)
        monitor = library.TessMonitorCreate()
        started = time.monotonic()
        try:
            library.TessMonitorSetDeadlineMSecs(monitor, max(1, min(int(timeout * 1000), 2**31 - 1)))
            if library.TessBaseAPIRecognize(handle, monitor) != 0:
                if time.monotonic() - started >= timeout:
                    raise EngineTimeout(f"Tesseract took more than {timeout:g} s")
                raise EngineFailure("Tesseract could not read the page")
            text = library.TessBaseAPIGetTsvText(handle, 0)
            if not text:
                return TSV_HEADER
            try:
                return TSV_HEADER + (ctypes.string_at(text) or b"").decode("utf-8", "replace")
            finally:
                library.TessDeleteText(text)
        finally:
            library.TessMonitorDelete(monitor)
            library.TessBaseAPIClear(handle)


def engine(language: str) -> Engine | None:
    """This thread's engine for `language`, or None when libtesseract cannot be loaded or cannot
    load the language's data (then ocr.py runs the command)."""
    if not IN_PROCESS:
        return None
    engines: dict[str, Engine | None] = getattr(_engines, "by_language", None) or {}
    _engines.by_language = engines
    if language not in engines:
        with _load_lock:
            if not _library:
                _library.append(_load())
        library = _library[0]
        try:
            engines[language] = Engine(library, language) if library is not None else None
        except OSError:
            engines[language] = None
    return engines[language]
