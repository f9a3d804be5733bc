from __future__ import annotations

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
