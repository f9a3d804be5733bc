from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_documents() -> list[Path]:
    return sorted(CORPUS.glob("*/docs/*.txt"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@cache
def extraction(path: Path) -> dict:
    """A corpus file's Notice as JSON, extracted once per test session (several modules compare the
    same renderings: format parity, stable ids)."""
    from extractor.pipeline import extract

    return extract(path).model_dump(mode="json")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium for a browser test module (tests/chromium.py says what it needs)."""
    from .chromium import CHROMIUM, CHROMIUM_ARGS, sync_api

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
