"""Scale-out benchmark: the same inputs (copies of the corpus's .txt, .docx and .pdf files, ≥ 10,000
by default) through the local pool, `--dask local` (a LocalCluster) and a scheduler plus workers
started as separate processes on 127.0.0.1 (`dask scheduler` / `dask worker`, as a real cluster
runs); prints files/s, MB/s, the Dask paths' ratio to the local pool, whether their output is the
same bytes, and the extrapolated cost per 10^5 notices, each with the 1-minute load average at its
end (on a shared machine other work moves files/s: compare ratios of runs alternated at one load,
e.g. `--modes local,dask-local,dask-tcp,local`). Asserts nothing.

Each run's time is `run_batch`'s wall time: it includes starting the LocalCluster and the workers'
rule compilation (the worker plugin), not starting the separate scheduler and worker processes.

    python scripts/bench_scale.py [--files 10000] [--workers 2] [--modes local,dask-local,dask-tcp]
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.batch import BatchOptions, BatchSummary, run_batch

MODES = ("local", "dask-local", "dask-tcp")


def corpus_files() -> list[Path]:
    corpus = ROOT / "corpus"
    return sorted([*corpus.glob("*/docs/*.txt"), *corpus.glob("*/docx/*.docx"), *corpus.glob("*/pdf/*.pdf")])


def build_inbox(directory: Path, files: int) -> list[Path]:
    """Copies of the corpus (hard links where the file system allows) until there are `files`."""
    sources = corpus_files()
    copies = math.ceil(files / len(sources))
    inputs = []
    for n in range(copies):
        folder = directory / f"copy{n:03d}"
        folder.mkdir(parents=True)
        for source in sources:
            target = folder / f"{source.parent.parent.name}_{source.name}"
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            inputs.append(target)
    return inputs


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def separate_cluster(workers: int) -> Iterator[str]:
    """`dask scheduler` and `workers` × `dask worker --nthreads 1` as processes on 127.0.0.1."""
    from dask.distributed import Client

    dask = str(Path(sys.executable).with_name("dask"))
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-dashboard"], **quiet)]  # type: ignore[call-overload]
    try:
        for _ in range(workers):
            processes.append(subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--nworkers", "1",
                                               "--host", "127.0.0.1", "--no-dashboard"], **quiet))  # type: ignore[call-overload]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def run(mode: str, inputs: list[str], out: Path, workers: int) -> BatchSummary:
    if mode == "local":
        return run_batch(inputs, out, BatchOptions(workers=workers))
    if mode == "dask-local":
        return run_batch(inputs, out, BatchOptions(workers=workers, dask_address="local"))
    with separate_cluster(workers) as address:
        return run_batch(inputs, out, BatchOptions(workers=workers, dask_address=address))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000, help="at least this many inputs (whole corpus copies)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes in every mode")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--vcpu-hour", type=float, default=0.048,
                        help="price of one vCPU for one hour, in USD (default: a general-purpose cloud VM)")
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    if unknown := set(modes) - set(MODES):
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        inputs = [str(p) for p in build_inbox(tmp_path / "in", args.files)]
        megabytes = sum(os.path.getsize(p) for p in inputs) / 1e6
        print(f"{len(inputs)} inputs ({megabytes:.1f} MB), {args.workers} workers, {os.cpu_count()} CPUs")
        rates: dict[str, float] = {}
        outputs: dict[str, bytes] = {}
        for mode in modes:
            out = tmp_path / f"{mode}.jsonl"
            summary = run(mode, inputs, out, args.workers)
            rate = summary.files / summary.seconds
            rates[mode] = rate
            outputs[mode] = out.read_bytes()
            hours = 1e5 / rate / 3600
            cost = hours * args.workers * args.vcpu_hour
            line = (f"{mode:<11} {summary.seconds:7.1f} s  {rate:6.1f} files/s  {megabytes / summary.seconds:5.2f} MB/s"
                    f"  10^5 notices: {hours:.2f} h, {hours * args.workers:.2f} vCPU·h, ${cost:.3f}"
                    f"  (errors: {sum(summary.errors.values())}; load {os.getloadavg()[0]:.1f})")
            if mode != "local" and "local" in rates:
                line += (f"  {rate / rates['local']:.0%} of local, output "
                         + ("identical" if outputs[mode] == outputs["local"] else "DIFFERENT"))
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
