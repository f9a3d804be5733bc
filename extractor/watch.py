"""A watched inbox (`nhiemvu watch INBOX -o out.jsonl [--db tasks.db]`): files are processed as they
arrive, one JSON line each, appended to the output.

- A file is read once it has settled: its size and modification time unchanged for `settle` seconds
  (a scanner or a copy writes it in steps). Hidden files (".name.part") are not looked at. A file
  that changes after it was processed is processed again.
- Restarts resume: a file whose sha256 is already in the output (a notice or an error record) is
  skipped, so the same bytes under another name are skipped too. A line cut short by a crash is
  dropped when the watcher starts again, and its file is processed anew.
- Each file is processed by the batch command's worker process (extractor/batch.py): a file past the
  timeout gets a "timeout" record and cannot stall the inbox; a bad file gets its error record.
- With `--db`, each notice is upserted into the SQLite task database (extractor/database.py).
- One log line per file. Ctrl-C (or SIGTERM) stops after the file in hand, so every line written is
  whole; a second Ctrl-C stops at once. A plain stat loop: no file-system notification library.
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from .batch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, WorkerPool, sha256_of


@dataclass(slots=True)
class WatchOptions:
    settle: float = 2.0                 # seconds a file's size and mtime must stay the same
    poll: float = 0.5                   # seconds between looks at the inbox
    timeout: float = DEFAULT_TIMEOUT    # seconds per file before a "timeout" record
    max_bytes: int = DEFAULT_MAX_BYTES
    include_text: bool = False
    database: Path | None = None        # SQLite task database to upsert each notice into
    max_files: int | None = None        # stop after this many files got a line in this run
    once: bool = False                  # stop when every file present has been handled
    idle_exit: float | None = None      # stop after this many seconds without a file to handle


@dataclass(slots=True)
class WatchSummary:
    notices: int = 0
    errors: int = 0
    skipped: int = 0
    stopped_by_signal: bool = False

    @property
    def lines(self) -> int:
        return self.notices + self.errors


@dataclass(slots=True)
class _Seen:
    size: int
    mtime_ns: int
    since: float                        # when it was last seen to change


@dataclass(slots=True)
class _Stop:
    """Set by Ctrl-C / SIGTERM: finish the file in hand, then stop."""
    requested: bool = False
    # the handlers that were there, as signal.signal returns them
    previous: dict[int, Callable[[int, FrameType | None], Any] | int | signal.Handlers | None] = field(
        default_factory=dict)

    def install(self) -> None:
        def handler(signum: int, frame: FrameType | None) -> None:
            if self.requested:
                raise KeyboardInterrupt  # a second Ctrl-C: stop now
            self.requested = True

        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                self.previous[signum] = signal.signal(signum, handler)
            except ValueError:  # not the main thread: no handlers, Ctrl-C raises as usual
                return

    def restore(self) -> None:
        for signum, previous in self.previous.items():
            signal.signal(signum, previous)


def done_hashes(out: Path) -> set[str]:
    """The sha256 of every input that has a line in the output. A last line cut short by a crash is
    removed first, so that the next line starts on a line of its own."""
    if not out.exists():
        return set()
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        with out.open("r+b") as handle:
            handle.truncate(data.rfind(b"\n") + 1)
        data = data[:data.rfind(b"\n") + 1]
    hashes = set()
    for line in data.decode("utf-8").splitlines():
        try:
            source = json.loads(line).get("source") or {}
        except json.JSONDecodeError:
            continue
        if source.get("sha256"):
            hashes.add(source["sha256"])
    return hashes


def _files(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.rglob("*")
                  if not any(part.startswith(".") for part in p.relative_to(inbox).parts) and p.is_file())


def _state(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _log_line(status: str, path: Path, detail: str) -> str:
    return f"{datetime.now():%Y-%m-%d %H:%M:%S} {status:<7} {path}  {detail}\n"


def watch(inbox: str | Path, out: str | Path, options: WatchOptions, log: TextIO,
          clock: Callable[[], float] = time.monotonic) -> WatchSummary:
    """Watch the inbox until a stop condition of the options holds or Ctrl-C."""
    inbox, out = Path(inbox), Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = done_hashes(out)
    summary = WatchSummary()
    seen: dict[Path, _Seen] = {}
    handled: dict[Path, tuple[int, int]] = {}   # path -> (size, mtime_ns) when it was handled
    stop = _Stop()
    stop.install()
    pool = WorkerPool(1, options.timeout, options.include_text, options.max_bytes)
    last_activity = clock()
    try:
        with out.open("a", encoding="utf-8") as sink:
            while not stop.requested:
                now = clock()
                ready: list[Path] = []
                present = set()
                for path in _files(inbox):
                    try:
                        stat = path.stat()
                    except OSError:
                        continue  # gone since the listing
                    present.add(path)
                    state = (stat.st_size, stat.st_mtime_ns)
                    if handled.get(path) == state:
                        continue
                    known = seen.get(path)
                    if known is None or (known.size, known.mtime_ns) != state:
                        seen[path] = _Seen(stat.st_size, stat.st_mtime_ns, now)  # new, or still growing
                    elif now - known.since >= options.settle:
                        ready.append(path)
                for path in list(seen):
                    if path not in present:
                        del seen[path]
                for path in sorted(ready, key=lambda p: (seen[p].since, str(p))):
                    if stop.requested:
                        break
                    known = seen.pop(path)
                    handled[path] = (known.size, known.mtime_ns)
                    last_activity = clock()
                    digest = sha256_of(path)
                    if digest is not None and digest in done:
                        summary.skipped += 1
                        log.write(_log_line("skipped", path, f"already in {out.name} (sha256 {digest[:12]})"))
                        log.flush()
                        continue
                    [(_, line, _)] = list(pool.run([(0, str(path))]))
                    record = json.loads(line)
                    if _state(path) != handled[path] or (record.get("source") or {}).get("sha256") not in (None, digest):
                        # written to again while it was read: not settled after all, wait again
                        del handled[path]
                        continue
                    sink.write(line + "\n")
                    sink.flush()
                    done.add(digest or (record.get("source") or {}).get("sha256") or "")
                    log.write(_log_line(*_describe(record, path, options.database)))
                    last_activity = clock()  # idle time counts from the end of the work
                    log.flush()
                    if "error" in record:
                        summary.errors += 1
                    else:
                        summary.notices += 1
                    if options.max_files is not None and summary.lines >= options.max_files:
                        return summary
                idle = not seen and not ready
                if options.once and idle:
                    return summary
                if options.idle_exit is not None and idle and clock() - last_activity >= options.idle_exit:
                    return summary
                _sleep(options.poll, stop)
            summary.stopped_by_signal = True
            return summary
    finally:
        pool.close()
        stop.restore()


def _describe(record: dict[str, Any], path: Path, database: Path | None) -> tuple[str, Path, str]:
    """The log line's status and detail; writes a notice to the database when there is one."""
    if "error" in record:
        error = record["error"]
        return "error", path, f"{error['code']}: {error['message']}"
    tasks = record.get("tasks", [])
    detail = (f"{record.get('doc_type')} {record.get('number') or '(no number)'}: {len(tasks)} tasks, "
              f"{sum(len(t.get('deadlines', [])) for t in tasks)} deadlines")
    if database is not None:
        from .database import write_sqlite

        written = write_sqlite([record], database)
        detail += f"; {'replaced in' if written.replaced else 'added to'} {database.name}"
    return "ok", path, detail


def _sleep(seconds: float, stop: _Stop) -> None:
    """Sleep in short steps so that a stop request is seen at once."""
    end = time.monotonic() + seconds
    while not stop.requested and time.monotonic() < end:
        time.sleep(min(0.1, max(0.0, end - time.monotonic())))


def cmd_watch(inbox: str, out: str, options: WatchOptions, log: TextIO, report: TextIO) -> int:
    if not Path(inbox).is_dir():
        log.write(f"nhiemvu watch: not a directory: {inbox}\n")
        return 2
    log.write(_log_line("watching", Path(inbox), f"-> {out}" + (f", {options.database}" if options.database else "")
                        + f"; a file is read once unchanged for {options.settle:g} s; Ctrl-C stops"))
    log.flush()
    try:
        summary = watch(inbox, out, options, log)
    except KeyboardInterrupt:  # a second Ctrl-C while a file was in hand: its line is not written
        report.write(f"stopped at once: the lines in {out} are whole; run again to go on\n")
        return 0
    how = "stopped by Ctrl-C" if summary.stopped_by_signal else "done"
    report.write(f"{how}: {summary.lines} lines ({summary.notices} notices, {summary.errors} errors), "
                 f"{summary.skipped} files already in {out}\n")
    return 0
