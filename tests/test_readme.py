"""The README's Python examples are run as a doctest (`>>>` lines in its ```python blocks), from the
repository's root as the README says, so the documented API cannot drift from the code."""

from __future__ import annotations

import doctest
import tempfile

import pytest

from .conftest import ROOT


def test_readme_python_examples_run(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the examples' temporary files go here
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS,
                              verbose=False, report=True)
    assert result.attempted >= 20, "the README lost its API examples"
    assert result.failed == 0, "a README example failed (the doctest report is above)"
