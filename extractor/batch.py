"""Batch ingestion: many files in, exactly one JSON line per input out, nothing lost on a crash.

- Inputs: files, directories (recursively) and glob patterns in command-line order, each folder's or
  glob's files sorted; hidden files skipped; a folder or glob that gives no file is a usage error.
- Each input is processed by `process_file`, which never raises: it returns the JSON line of a Notice
  or of an error record (contract error codes).
- Workers are processes that the parent can kill: a file that runs past `timeout` seconds is
  answered with a "timeout" record and its worker replaced, so one file can never hang the batch;
  each worker has an address-space limit so one file cannot exhaust memory.
- Lines are appended and flushed as they finish (a crash or Ctrl-C loses nothing finished), then the
  file is rewritten in input order through a temporary file and an atomic rename.
- `resume` skips inputs whose path and sha256 already have a line in the output; `retry_errors`
  redoes those whose line is an error record.
- The same `process_file` runs on a Dask cluster (`dask_address`), written by the same writer.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import multiprocessing as mp
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
WORKER_MEMORY_LIMIT = 2 * 1024 ** 3  # address space per worker process

Counts = tuple[str | None, int, int, int]  # a line's (error code or None, tasks, deadlines, metrics)


@dataclass(slots=True)
class BatchOptions:
    workers: int = os.cpu_count() or 1
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    resume: bool = False
    retry_errors: bool = False          # with resume: redo the inputs whose line is an error record
    include_text: bool = False
    dask_address: str | None = None     # "local" or "tcp://host:8786"


@dataclass(slots=True)
class BatchSummary:
    files: int = 0
    skipped: int = 0
    notices: int = 0
    tasks: int = 0
    deadlines: int = 0
    metrics: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    worker_peak_rss_mb: list[float] = field(default_factory=list)

    def add(self, counts: Counts) -> None:
        error, tasks, deadlines, metrics = counts
        if error is not None:
            self.errors[error] += 1
            return
        self.notices += 1
        self.tasks += tasks
        self.deadlines += deadlines
        self.metrics += metrics

    def table(self) -> str:
        done = self.files - self.skipped
        rate = done / self.seconds if self.seconds else 0.0
        rows: list[tuple[str, object]] = [("files", self.files), ("skipped (resume)", self.skipped), ("notices", self.notices),
                ("tasks", self.tasks), ("deadlines", self.deadlines), ("metrics", self.metrics),
                ("errors", sum(self.errors.values()))]
        rows += [(f"  {code}", n) for code, n in sorted(self.errors.items())]
        rows += [("wall time", f"{self.seconds:.2f} s"), ("files per second", f"{rate:.1f}")]
        if self.worker_peak_rss_mb:
            rows.append(("peak RSS per worker", ", ".join(f"{m:.0f} MB" for m in self.worker_peak_rss_mb)))
        width = max(len(k) for k, _ in rows)
        return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


# --- inputs ---------------------------------------------------------------------------------------
class NothingMatched(ValueError):
    """Some folder or glob on the command line gave no file: a usage error, not an empty batch."""

    def __init__(self, specs: list[str]):
        self.specs = specs
        super().__init__("; ".join(f"{'no file in folder' if Path(spec).is_dir() else 'no file matches'} {spec}"
                                   for spec in specs))


def collect_inputs(specs: Iterable[str]) -> list[Path]:
    """Files, directories (recursively, hidden files skipped) and globs in the order given, a
    directory's or a glob's files sorted, each file once (where it first appears). A plain path is
    kept whether or not it exists (a missing file gets its `not_found` line); a directory or glob
    that gives no file raises NothingMatched."""
    found: dict[Path, None] = {}
    empty: list[str] = []
    for spec in specs:
        if glob.has_magic(spec):
            matches = [Path(m) for m in sorted(glob.glob(spec, recursive=True))]
        else:
            matches = [Path(spec)]
        files: list[Path] = []
        for path in matches:
            if path.is_dir():
                files.extend(sorted((p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)), key=str))
            else:
                files.append(path)
        if not files:
            empty.append(spec)
        found.update(dict.fromkeys(files))
    if empty:
        raise NothingMatched(empty)
    return list(found)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def sha256_of(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


# --- the per-file function ------------------------------------------------------------------------
def process_file(path: str, include_text: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The JSON line for one input; never raises (every failure is an error record)."""
    from .pipeline import extract_or_error, record_json

    record = extract_or_error(path, max_bytes=max_bytes)
    return json.dumps(record_json(record, include_text=include_text), ensure_ascii=False)


def line_counts(line: str) -> Counts:
    """(error code or None, tasks, deadlines, metrics) of a line, computed where the line is made so
    that the writer does not parse every line again."""
    record = json.loads(line)
    if "error" in record:
        return (record["error"]["code"], 0, 0, 0)
    tasks = record.get("tasks", [])
    return (None, len(tasks), sum(len(t["deadlines"]) for t in tasks), sum(len(t["metrics"]) for t in tasks))


def warm_up() -> None:
    """Load and compile every rule pattern by extracting a tiny notice."""
    from .pipeline import extract_text

    extract_text("THÔNG BÁO\n\nKết luận\n\nChủ tịch kết luận như sau:\n\n"
            "1. Giao Sở Nội vụ chủ trì, phối hợp với UBND cấp huyện rà soát trước ngày 31/8/2022; "
            "ít nhất 80% hồ sơ theo Quyết định số 1/QĐ-UBND ngày 01/01/2022.\n")


def timeout_line(path: str, timeout: float) -> str:
    from .errors import ExtractionError
    from .pipeline import error_record

    record = error_record(path, ExtractionError(f"no result within {timeout:g} s", code="timeout"))
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False)


# --- killable worker processes --------------------------------------------------------------------
def _worker_main(conn: Connection, include_text: bool, max_bytes: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C means
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_LIMIT, WORKER_MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass
    parent = os.getppid()
    while True:
        # Wake up now and then: a parent killed with SIGKILL never closes the pipe (other workers
        # hold copies of it), so an orphaned worker notices by being adopted and leaves.
        while not conn.poll(1.0):
            if os.getppid() != parent:
                return
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        index, path = job
        line = process_file(path, include_text, max_bytes)
        conn.send((index, line, line_counts(line)))


@dataclass(slots=True)
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    job: tuple[int, str] | None = None
    started: float = 0.0


class WorkerPool:
    """N processes fed one file at a time; a worker past its deadline is killed and replaced."""

    def __init__(self, workers: int, timeout: float, include_text: bool, max_bytes: int):
        self.timeout = timeout
        self.args = (include_text, max_bytes)
        self.context: Any = mp.get_context("fork" if sys.platform != "win32" else "spawn")
        if self.context.get_start_method() == "fork":
            warm_up()  # compile the rules once here; forked workers inherit the compiled patterns
        self.workers = [self._spawn() for _ in range(max(1, workers))]

    def _spawn(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child, *self.args), daemon=True)
        process.start()
        child.close()
        return _Worker(process=process, conn=parent)

    def run(self, jobs: list[tuple[int, str]]) -> Iterator[tuple[int, str, Counts]]:
        pending = list(reversed(jobs))
        busy = 0
        while pending or busy:
            for worker in self.workers:
                if worker.job is None and pending:
                    worker.job = pending.pop()
                    worker.started = time.monotonic()
                    worker.conn.send(worker.job)
                    busy += 1
            active = [w for w in self.workers if w.job is not None]
            deadline = min(w.started for w in active) + self.timeout
            ready = wait([w.conn for w in active], timeout=max(0.0, deadline - time.monotonic()))
            for worker in active:
                if worker.conn in ready:
                    try:
                        index, line, counts = worker.conn.recv()
                    except (EOFError, OSError):  # the worker died (killed by the OS, out of memory)
                        assert worker.job is not None
                        index, line = worker.job[0], process_crash_line(worker.job[1])
                        counts = line_counts(line)
                        self._replace(worker)
                    worker.job = None
                    busy -= 1
                    yield index, line, counts
                elif time.monotonic() - worker.started >= self.timeout and worker.job is not None:
                    index, path = worker.job
                    self._replace(worker)
                    busy -= 1
                    line = timeout_line(path, self.timeout)
                    yield index, line, line_counts(line)

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        fresh = self._spawn()
        worker.process, worker.conn, worker.job = fresh.process, fresh.conn, None

    def peak_rss_mb(self) -> list[float]:
        """High-water mark of each live worker's resident memory (Linux /proc)."""
        peaks = []
        for worker in self.workers:
            try:
                status = Path(f"/proc/{worker.process.pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return peaks

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for worker in self.workers:
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.kill()


def process_crash_line(path: str) -> str:
    from .errors import WorkerDied
    from .pipeline import error_record

    record = error_record(path, WorkerDied("the worker process died on this file"))
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False)


# --- Dask -----------------------------------------------------------------------------------------
CHUNK_FILES = 64        # files per Dask task at most: one scheduler round trip per chunk, not per file
CHUNKS_PER_THREAD = 2   # in flight per worker thread, so that a worker never waits for the client
# Dask's own diagnostics took ~10% of a 2-core machine from the files: every worker samples its
# threads' stacks every 10 ms for the dashboard's profile, and every server (scheduler, nanny,
# worker) wakes every 20 ms to time its event loop. Neither changes what a task does; the batch
# turns them down for the LocalCluster it starts (its workers inherit the setting through their
# nannies, also after a restart), and its worker plugin does the same on a cluster it joins.
DASK_TICK = "500ms"
DASK_CONFIG: dict[str, object] = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": DASK_TICK}
PROFILER_CALLBACKS = ("profile", "profile-cycle")  # a distributed.Worker's periodic callbacks


def process_chunk(paths: list[str], include_text: bool, max_bytes: int,
                  timeout: float) -> tuple[list[tuple[str, Counts]], str | None]:
    """A Dask task: the (line, counts) of each file of `paths`, read and extracted on the worker.

    Each file runs in a thread of its own that the task waits for `timeout` seconds, so the per-file
    clock starts when the file does. A file past it ends the chunk with its `timeout` line and the
    worker's address (the second item): the client restarts that worker, whose thread cannot be
    stopped, and submits the files after it again. Otherwise the second item is None."""
    import threading

    results: list[tuple[str, Counts]] = []
    for path in paths:
        box: list[str] = []
        thread = threading.Thread(target=_process_into, args=(box, path, include_text, max_bytes),
                                  name=f"nhiemvu {os.path.basename(path)}", daemon=True)
        thread.start()
        thread.join(timeout)
        if not box:
            if thread.is_alive():
                from distributed import get_worker

                line = timeout_line(path, timeout)
                results.append((line, line_counts(line)))
                return results, get_worker().address
            line = process_crash_line(path)  # the thread died without a line: cannot happen
        else:
            line = box[0]
        results.append((line, line_counts(line)))
    return results, None


def _process_into(box: list[str], path: str, include_text: bool, max_bytes: int) -> None:
    box.append(process_file(path, include_text, max_bytes))


def chunk_size(files: int, threads: int) -> int:
    """Files per chunk: enough chunks for every thread to have several (an even end of the run),
    each at most CHUNK_FILES files."""
    return max(1, min(CHUNK_FILES, files // max(1, threads * 4 * CHUNKS_PER_THREAD)))


def chunked(jobs: list[tuple[int, str]], threads: int) -> Iterator[list[tuple[int, str]]]:
    """The jobs in chunks of `chunk_size` of the files that remain: full chunks while there are many,
    smaller ones towards the end, so that the workers finish together instead of one of them
    working through a last full chunk alone."""
    at = 0
    while at < len(jobs):
        size = chunk_size(len(jobs) - at, threads)
        yield jobs[at:at + size]
        at += size


def _run_dask(jobs: list[tuple[int, str]], options: BatchOptions) -> Iterator[tuple[int, str, Counts]]:
    """The jobs on a Dask cluster, in chunks of files read and extracted on the workers, the lines
    streamed back in input order, with the local pool's per-file timeout.

    Workers compile the rules when they join (a worker plugin), not on their first file's time. A
    chunk is one task (`process_chunk`), which enforces the per-file timeout on the worker; a file
    past it gets its `timeout` record and its worker is restarted (through its nanny, as `dask
    worker` and LocalCluster run them), and the rest of its chunk is submitted again. Should a chunk
    not come back at all (a worker that died, or one whose hung file holds the interpreter), its
    worker is restarted and its files are submitted one per task, and a single file that still does
    not come back gets its `timeout` record (or, when its task failed, its error record).
    """
    from collections import deque

    import dask
    from dask.distributed import Client, LocalCluster, wait

    with dask.config.set(DASK_CONFIG):  # read when each server starts
        if options.dask_address == "local":
            cluster = LocalCluster(n_workers=max(1, options.workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            cluster = None
            client = Client(options.dask_address)
    # every worker, and every one that replaces it, compiles the rules before its first file: that
    # is no file's time (the local pool's workers are forked from a warm parent)
    client.register_plugin(_warm_up_plugin(), name="nhiemvu-warm-up")
    threads = max(1, sum(client.nthreads().values()))
    queue: deque[list[tuple[int, str]]] = deque(chunked(jobs, threads))
    running: dict[Any, tuple[list[tuple[int, str]], float]] = {}  # future -> (chunk, submitted)
    finished: dict[int, tuple[str, Counts]] = {}
    order = [index for index, _ in jobs]
    position, submitted_count, counted = 0, 0, time.monotonic()
    try:
        while queue or running:
            if time.monotonic() - counted > 1.0:  # workers may come and go on a real cluster
                threads, counted = max(1, sum(client.nthreads().values())), time.monotonic()
            while queue and len(running) < threads * CHUNKS_PER_THREAD:
                chunk = queue.popleft()
                submitted_count += 1
                future = client.submit(process_chunk, [path for _, path in chunk], options.include_text,
                                       options.max_bytes, options.timeout,
                                       key=f"nhiemvu-{submitted_count}-{chunk[0][0]}", pure=False)
                running[future] = (chunk, time.monotonic())
            # a chunk that has not come back long after its files' timeouts (queued behind one other
            # chunk on its worker at most)
            deadlines = {f: submitted + options.timeout * (2 * len(chunk) + 1)
                         for f, (chunk, submitted) in running.items()}
            try:
                done = wait(list(running), timeout=max(0.0, min(deadlines.values()) - time.monotonic()),
                            return_when="FIRST_COMPLETED").done
            except TimeoutError:
                done = set()
            restart: list[str] = []
            for future in done:
                chunk, _ = running.pop(future)
                try:
                    results, hung = future.result()
                except Exception as exc:  # noqa: BLE001 - the cluster's failure for this chunk
                    if len(chunk) > 1:
                        queue.extendleft([job] for job in reversed(chunk))  # find the file that fails
                        continue
                    from .pipeline import error_record
                    line = json.dumps(error_record(chunk[0][1], exc).model_dump(mode="json"), ensure_ascii=False)
                    results, hung = [(line, line_counts(line))], None
                for (index, _), result in zip(chunk, results, strict=False):
                    finished[index] = result
                if len(results) < len(chunk):
                    queue.appendleft(chunk[len(results):])
                if hung is not None:
                    restart.append(hung)
            overdue = [f for f in running if time.monotonic() >= deadlines[f] and not f.done()]
            if overdue:
                _stop(client, overdue)
            for future in overdue:
                chunk, _ = running.pop(future)
                if len(chunk) > 1:
                    queue.extendleft([job] for job in reversed(chunk))
                else:
                    line = timeout_line(chunk[0][1], options.timeout)
                    finished[chunk[0][0]] = (line, line_counts(line))
            if restart:
                with contextlib.suppress(Exception):  # a worker without a nanny cannot restart
                    client.restart_workers(restart, raise_for_error=False)
            while position < len(order) and order[position] in finished:
                index = order[position]
                line, counts = finished.pop(index)
                position += 1
                yield index, line, counts
    finally:
        if cluster is None:  # a cluster that outlives the batch gets its workers' profiler back
            with contextlib.suppress(Exception):
                client.unregister_worker_plugin("nhiemvu-warm-up")
        client.close()
        if cluster is not None:
            cluster.close()


def _warm_up_plugin() -> Any:
    from dask.distributed import WorkerPlugin

    class WarmUp(WorkerPlugin):
        """Compiles the rules on a worker when it joins, and pauses its statistical profiler and slows
        its event-loop clock (DASK_CONFIG) while the batch's plugin is registered: a cluster started
        elsewhere has them at Dask's defaults."""

        def __init__(self) -> None:
            self.paused: list[Any] = []
            self.tick: tuple[Any, float] | None = None

        async def setup(self, worker: Any) -> None:
            import asyncio

            from dask.utils import parse_timedelta

            callbacks = getattr(worker, "periodic_callbacks", {})
            self.paused = [callbacks[name] for name in PROFILER_CALLBACKS
                           if name in callbacks and callbacks[name].is_running()]
            for callback in self.paused:
                callback.stop()
            tick = callbacks.get("tick")
            slow = parse_timedelta(DASK_TICK, default="ms") * 1000
            if tick is not None and tick.callback_time < slow:
                self.tick = (tick, tick.callback_time)
                tick.callback_time = slow
            await asyncio.get_running_loop().run_in_executor(None, warm_up)  # the event loop stays live

        def teardown(self, worker: Any) -> None:
            for callback in self.paused:
                if not callback.is_running():
                    callback.start()
            if self.tick is not None:
                tick, callback_time = self.tick
                tick.callback_time = callback_time
            self.paused, self.tick = [], None

    return WarmUp()


def _stop(client: Any, futures: list[Any]) -> None:
    """Cancel the futures and restart the workers running them (a hung thread holds its worker)."""
    keys = {future.key for future in futures}
    try:
        workers = [address for address, running in client.processing().items() if keys & set(running)]
    except Exception:  # noqa: BLE001 - the scheduler is gone: the run will end on it anyway
        workers = []
    client.cancel(futures, force=True)
    if workers:
        with contextlib.suppress(Exception):  # a worker without a nanny cannot restart: it keeps its thread
            client.restart_workers(workers, raise_for_error=False)


# --- the writer -----------------------------------------------------------------------------------
def _existing(out: Path) -> list[str]:
    """Complete lines already written (a line cut by a crash is dropped)."""
    if not out.exists():
        return []
    lines = []
    for line in out.read_text(encoding="utf-8").splitlines():
        try:
            json.loads(line)
        except json.JSONDecodeError:
            continue
        lines.append(line)
    return lines


def _line_key(line: str) -> tuple[str | None, str | None, bool]:
    """(path, sha256, is an error record) of an output line."""
    record = json.loads(line)
    source = record.get("source") or {}
    return source.get("path"), source.get("sha256"), "error" in record


def run_batch(specs: Iterable[str], out: str | Path, options: BatchOptions,
              on_progress: Callable[[int, int, int], None] | None = None) -> BatchSummary:
    """Process every input; returns the summary. The output ends in input order, one line each.
    Raises NothingMatched (before touching the output) when a folder or glob gives no file."""
    started = time.monotonic()
    out = Path(out)
    inputs = [str(p) for p in collect_inputs(specs)]
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = BatchSummary(files=len(inputs))
    previous = _existing(out) if options.resume or options.retry_errors else []
    latest: dict[str, str] = {}  # an input's newest line: a crashed retry may have left two
    pathless: list[str] = []
    for line in previous:
        path = _line_key(line)[0]
        if path is None:
            pathless.append(line)
        else:
            latest[path] = line
    kept: dict[int, str] = {}
    jobs: list[tuple[int, str]] = []
    for index, path in enumerate(inputs):
        done = latest.get(path)
        if done is not None:
            _, sha256, failed = _line_key(done)
            if sha256 == sha256_of(Path(path)) and not (failed and options.retry_errors):
                kept[index] = done  # same path, same content: done already
                summary.skipped += 1
                summary.add(line_counts(done))
                continue
        jobs.append((index, path))
    position = set(inputs)
    leftovers = [line for path, line in latest.items() if path not in position] + pathless
    lines_by_input: dict[int, str] = {}
    with out.open("w", encoding="utf-8") as sink:
        for line in previous:  # keep what the earlier run finished, whatever happens next
            sink.write(line + "\n")
        sink.flush()
        source = _run_dask(jobs, options) if options.dask_address else None
        pool = None
        if source is None:
            pool = WorkerPool(min(options.workers, max(1, len(jobs))), options.timeout,
                              options.include_text, options.max_bytes)
            source = pool.run(jobs)
        errors = 0
        try:
            for count, (index, line, counts) in enumerate(source, start=1):
                sink.write(line + "\n")
                sink.flush()  # appended and flushed: finished work survives a crash
                lines_by_input[index] = line
                summary.add(counts)
                errors += counts[0] is not None
                if on_progress:
                    on_progress(count, len(jobs), errors)
        finally:
            if pool is not None:
                summary.worker_peak_rss_mb = pool.peak_rss_mb()
                pool.close()
    _rewrite_in_order(out, {**kept, **lines_by_input}, leftovers)
    summary.seconds = time.monotonic() - started
    return summary


def _rewrite_in_order(out: Path, lines: dict[int, str], leftovers: list[str]) -> None:
    """One line per input in input order, then the lines of earlier runs for other inputs."""
    temporary = out.with_name(out.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        for index in sorted(lines):
            handle.write(lines[index] + "\n")
        for line in leftovers:
            handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, out)
