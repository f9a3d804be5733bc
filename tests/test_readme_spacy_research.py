"""The README's "spaCy" and "Research" sections run as written: their shell commands (through
`main(argv)` and the interpreter running the tests) and their Python blocks, in order, in a scratch
folder that sees the corpus and the scripts.

The component is imported first, so the blocks run also where the installed package metadata predates
the `spacy_factories` entry point; tests/test_spacy_component.py checks the entry point itself."""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys

import pytest

from extractor.cli import main

from .conftest import ROOT

pytest.importorskip("spacy", reason="the spacy extra")
pytest.importorskip("pyvi", reason="the spacy extra: spacy.blank('vi') segments words with pyvi")
pytest.importorskip("pandas", reason="the dev extra")
pytest.importorskip("matplotlib", reason="the dev extra")

import extractor.spacy_component  # noqa: F401  (registers the factory and the extension attributes)

FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _blocks() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## spaCy\n")
    research = readme.index("\n## Research\n", start)
    end = readme.find("\n## ", research + 1)  # the section after "Research", whichever it is
    part = readme[start:end if end != -1 else len(readme)]
    return FENCE.findall(part)


def test_the_sections_hold_shell_and_python_blocks():
    kinds = [kind for kind, _ in _blocks()]
    assert kinds.count("python") == 3 and kinds.count("sh") == 2


def test_the_spacy_and_research_examples_run(tmp_path, monkeypatch, capsys):
    for name in ("corpus", "scripts"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLCONFIGDIR": str(tmp_path / "mpl")}
    for kind, code in _blocks():
        if kind == "python":
            exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})  # noqa: S102  (the README is ours)
            printed = capsys.readouterr().out
            assert printed.strip(), code
            continue
        for line in code.splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == [".venv/bin/nhiemvu"]:
                assert main(words[1:], out=io.StringIO()) == 0, line
            elif words[:1] == [".venv/bin/python"]:
                result = subprocess.run([sys.executable, *words[1:]], check=False, capture_output=True,
                                        text=True, env=env, timeout=300)
                assert result.returncode == 0, result.stderr
            else:
                pytest.fail(f"a command the test does not know how to run: {line}")
    assert (tmp_path / "out" / "corpus.spacy").stat().st_size > 0
    assert (tmp_path / "out" / "research" / "tasks_per_month.png").stat().st_size > 0
