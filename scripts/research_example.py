"""A notebook-style example for researchers: a batch's JSON Lines -> pandas tables -> one chart.

    .venv/bin/nhiemvu batch corpus/seeds/docs corpus/dev/docs -o out/batch.jsonl
    .venv/bin/python scripts/research_example.py out/batch.jsonl --out out/research

Prints the tasks per lead agency and the tasks per due month, writes both tables as CSV and a bar
chart of the tasks per due month as PNG. Needs pandas and matplotlib (the `dev` extra). Each `# %%`
cell runs on its own in an editor that knows cells (VS Code, Spyder, Jupytext).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no window

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

from extractor.export import read_lines
from extractor.models import Notice, Task


# %% one row per task: its notice, its lead agencies and its due date
def due_date(task: Task) -> str | None:
    """The first date a deadline of the task gives: its end ("trước ngày 31/8/2022"), else its start
    ("bắt đầu từ tháng 8/2022"); None for tasks without a dated deadline."""
    for deadline in task.deadlines:
        if deadline.end or deadline.start:
            return deadline.end or deadline.start
    return None


def load_notices(batch: Path) -> list[Notice]:
    """The typed notices of a batch; error records (inputs that gave no notice) are left out."""
    return [Notice.model_validate(record) for record in read_lines(batch) if "error" not in record]


def task_frame(notices: list[Notice]) -> pd.DataFrame:
    rows = []
    for notice in notices:
        for task in notice.tasks:
            leads = [a.canonical for a in task.assignees if a.role == "lead"]
            rows.append({
                "notice": notice.id, "number": notice.number, "issuer": notice.issuer, "doc_type": notice.doc_type,
                "issue_date": notice.issue_date, "task": task.id, "path": task.path,
                "leads": leads, "due": due_date(task),
            })
    frame = pd.DataFrame(rows, columns=["notice", "number", "issuer", "doc_type", "issue_date", "task", "path", "leads", "due"])
    frame["due"] = pd.to_datetime(frame["due"], format="ISO8601", errors="coerce")
    frame["due_month"] = frame["due"].dt.to_period("M")
    return frame


# %% the two tables
def tasks_per_lead(tasks: pd.DataFrame) -> pd.DataFrame:
    """A task with two lead agencies counts for each of them; tasks without one are left out."""
    per_lead = tasks.explode("leads").dropna(subset=["leads"]).groupby("leads").size().sort_values(ascending=False, kind="stable")
    return per_lead.rename("tasks").rename_axis("lead agency").reset_index()


def tasks_per_month(tasks: pd.DataFrame) -> pd.DataFrame:
    per_month = tasks.dropna(subset=["due_month"]).groupby("due_month").size().sort_index()
    return per_month.rename("tasks").rename_axis("due month").reset_index()


# %% the chart
def plot_months(per_month: pd.DataFrame, out: Path) -> Path:
    figure, axes = plt.subplots(figsize=(10, 4.5), layout="constrained")
    labels = per_month["due month"].astype(str)
    axes.bar(labels, per_month["tasks"], color="#0072B2")
    axes.set_xlabel("due month (first dated deadline of the task)")
    axes.set_ylabel("tasks")
    axes.set_title(f"Tasks per due month ({int(per_month['tasks'].sum())} tasks with a dated deadline)")
    axes.tick_params(axis="x", labelrotation=60)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    figure.savefig(out, dpi=120)
    plt.close(figure)
    return out


# %% run
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batch", type=Path, help="JSON Lines from `nhiemvu batch` or `nhiemvu extract -o`")
    parser.add_argument("--out", type=Path, default=Path("out/research"), help="folder for the CSV and PNG files")
    parser.add_argument("--top", type=int, default=20, help="lead agencies to print")
    args = parser.parse_args(argv)

    notices = load_notices(args.batch)
    tasks = task_frame(notices)
    per_lead, per_month = tasks_per_lead(tasks), tasks_per_month(tasks)
    args.out.mkdir(parents=True, exist_ok=True)
    per_lead.to_csv(args.out / "tasks_per_lead.csv", index=False, encoding="utf-8-sig")
    per_month.to_csv(args.out / "tasks_per_month.csv", index=False)
    chart = plot_months(per_month, args.out / "tasks_per_month.png")

    print(f"{len(notices)} notices, {len(tasks)} tasks, {tasks['due'].notna().sum()} with a dated deadline, "
          f"{(tasks['leads'].str.len() == 0).sum()} without a lead agency\n")
    print(f"Tasks per lead agency (top {args.top} of {len(per_lead)}):")
    print(per_lead.head(args.top).to_string(index=False))
    print("\nTasks per due month:")
    print(per_month.to_string(index=False))
    print(f"\nchart: {chart}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
