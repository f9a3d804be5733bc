"""A Dask worker preload for tests/test_batch.py: on the workers it loads into, a `.hang` file takes
`HANG_SECONDS` to read (a file that hangs a worker), so the per-file timeout can be seen on a cluster
whose workers are separate processes (a monkeypatch in the test process does not reach them)."""

from __future__ import annotations

import time

from extractor.readers import READERS, Reading

HANG_SECONDS = 90.0


def _hang(data: bytes) -> Reading:
    time.sleep(HANG_SECONDS)
    raise AssertionError("the batch should have given up on this file")


READERS[".hang"] = ("txt", _hang)
