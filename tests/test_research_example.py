"""scripts/research_example.py on a small batch of corpus notices: the tables it prints and the chart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest

from extractor.pipeline import extract

from .conftest import CORPUS, ROOT

pytest.importorskip("pandas", reason="the dev extra: pip install -e '.[dev]'")
pytest.importorskip("matplotlib", reason="the dev extra: pip install -e '.[dev]'")

DOCS = [*sorted((CORPUS / "seeds" / "docs").glob("*.txt")), CORPUS / "real" / "docs" / "w17.txt"]


def test_the_research_example_prints_the_tables_and_draws_the_chart(tmp_path):
    notices = [extract(path) for path in DOCS]
    error = {"schema_version": "1.1", "source": {"path": "bad.txt"}, "error": {"code": "empty", "message": "-"}}
    batch = tmp_path / "batch.jsonl"
    lines = [n.model_dump_json() for n in notices] + [json.dumps(error)]
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "research"

    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLCONFIGDIR": str(tmp_path / "mpl")}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "research_example.py"), str(batch),
                             "--out", str(out), "--top", "5"],
                            check=False, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr

    tasks = [t for n in notices for t in n.tasks]
    months: Counter[str] = Counter()
    for task in tasks:
        dated = [d.end or d.start for d in task.deadlines if d.end or d.start]
        if dated:
            months[dated[0][:7]] += 1
    leads = Counter(a.canonical for t in tasks for a in t.assignees if a.role == "lead")
    no_lead = sum(1 for t in tasks if not any(a.role == "lead" for a in t.assignees))
    assert (f"{len(notices)} notices, {len(tasks)} tasks, {sum(months.values())} with a dated deadline, "
            f"{no_lead} without a lead agency") in result.stdout
    for month, count in months.items():
        assert f"{month} {count:>6}" in result.stdout
    top, count = leads.most_common(1)[0]
    assert f"{top} {count:>6}" in result.stdout

    per_month = (out / "tasks_per_month.csv").read_text().splitlines()
    assert per_month[0] == "due month,tasks" and len(per_month) == len(months) + 1
    per_lead = (out / "tasks_per_lead.csv").read_text(encoding="utf-8-sig").splitlines()
    assert f"{top},{count}" in per_lead[1] or f'"{top}",{count}' in per_lead[1]
    png = (out / "tasks_per_month.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
