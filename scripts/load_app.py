"""Load test of `nhiemvu serve` on 127.0.0.1 (issue 14): a bounded number of uploads (default 200)
from concurrent clients (default 4), each a corpus notice file (txt, docx, pdf in turn, every file
distinct), through the inbox's JSON answer as the page's script uses it (CSRF token included).

Checks, and prints: no failed request (every answer 200 with one result per file), no lost notice
(every notice read is listed by the inbox, has its page, and its row in the trackers' table), and
the server's peak memory (VmHWM of its process, Linux) under the limit (default 500 MB). Exit 0 when
all hold, 1 otherwise. Not part of `make test`:

    .venv/bin/python scripts/load_app.py                    # 200 uploads, 4 clients
    .venv/bin/python scripts/load_app.py --uploads 40 --clients 2
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = (("docs", ".txt"), ("docx", ".docx"), ("pdf", ".pdf"))


def corpus_files(count: int) -> list[Path]:
    """`count` distinct corpus files, the formats taken in turn."""
    by_format = [sorted(ROOT.glob(f"corpus/*/{folder}/*{suffix}")) for folder, suffix in FORMATS]
    files: list[Path] = []
    for i in range(max(len(f) for f in by_format)):
        for listing in by_format:
            if i < len(listing):
                files.append(listing[i])
    if len(files) < count:
        raise SystemExit(f"load_app: only {len(files)} corpus files for {count} uploads")
    return files[:count]


def memory_kb(pid: int, key: str) -> int:
    """VmRSS / VmHWM of a process, in kB (0 where /proc is missing)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    read: dict[str, str] = field(default_factory=dict)      # file -> notice id
    refused: Counter[str] = field(default_factory=Counter)  # typed errors (not failed requests)


def multipart(token: str, path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def client(port: int, queue: list[Path], tally: Tally) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", "/")
    page = connection.getresponse().read().decode()
    found = re.search(r'name=csrf value="([^"]+)"', page)
    if found is None:
        raise SystemExit("load_app: the inbox has no CSRF token")
    token = found.group(1)
    while True:
        with tally.lock:
            if not queue:
                break
            path = queue.pop()
        body, kind = multipart(token, path)
        started = time.perf_counter()
        try:
            connection.request("POST", "/upload", body, {"Content-Type": kind, "Accept": "application/json",
                                                         "Origin": f"http://127.0.0.1:{port}"})
            answer = connection.getresponse()
            data = answer.read()
            status = answer.status
        except (OSError, http.client.HTTPException) as exc:
            with tally.lock:
                tally.failed.append(f"{path.name}: {type(exc).__name__}: {exc}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            continue
        elapsed = time.perf_counter() - started
        with tally.lock:
            tally.latencies.append(elapsed)
            if status != 200:
                tally.failed.append(f"{path.name}: HTTP {status}")
                continue
            results = json.loads(data)["results"]
            if len(results) != 1:
                tally.failed.append(f"{path.name}: {len(results)} results")
            elif results[0]["ok"]:
                tally.read[str(path)] = results[0]["url"].rsplit("/", 1)[1]
            else:
                tally.refused[results[0]["message"]] += 1
    connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--max-mb", type=float, default=500, help="the server's memory limit, MB")
    parser.add_argument("--keep", type=Path, help="keep the database and data here (default: a temporary folder)")
    args = parser.parse_args(argv)

    files = corpus_files(args.uploads)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="nhiemvu-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from extractor.cli import main; sys.exit(main(sys.argv[1:]))",
         "serve", "--db", str(folder / "tasks.db"), "--data", str(folder / "data"), "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        idle_kb = memory_kb(server.pid, "VmRSS")
        tally = Tally()
        queue = list(reversed(files))
        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(port, queue, tally)) for _ in range(args.clients)]
        samples: list[int] = []
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            samples.append(memory_kb(server.pid, "VmRSS"))
            time.sleep(0.2)
        wall = time.perf_counter() - started
        peak_kb = max(memory_kb(server.pid, "VmHWM"), *samples, 0)

        # no lost notice: every notice read is in the inbox, has its page, and its row in the trackers' table
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        connection.request("GET", "/")
        inbox = connection.getresponse().read().decode()
        listed = set(re.findall(r'<li><a href="/notices/([^"/]+)"', inbox))
        ids = set(tally.read.values())
        missing_pages = []
        for doc_id in sorted(ids):
            connection.request("GET", f"/notices/{doc_id}")
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                missing_pages.append(doc_id)
        connection.close()
        with sqlite3.connect(folder / "tasks.db") as db:
            stored = {row[0] for row in db.execute("SELECT doc_id FROM app_documents")}
            tracker_rows = db.execute("SELECT count(*) FROM notices").fetchone()[0]
            tasks = db.execute("SELECT count(*) FROM tasks").fetchone()[0]
        lost = sorted((ids - listed) | (ids - stored) | set(missing_pages))
    finally:
        server.terminate()
        server.wait(timeout=30)

    lat = sorted(tally.latencies)
    formats = Counter(Path(f).suffix for f in files)
    print(f"uploads            {len(files)} ({', '.join(f'{n} {s}' for s, n in sorted(formats.items()))}), "
          f"{args.clients} concurrent clients, 127.0.0.1")
    print(f"failed requests    {len(tally.failed)}")
    for line in tally.failed[:10]:
        print(f"  {line}")
    print(f"notices read       {len(ids)} (typed errors: {sum(tally.refused.values())}"
          + "".join(f"; {n}× «{m}»" for m, n in tally.refused.items()) + ")")
    print(f"lost notices       {len(lost)}")
    print(f"in the app         {len(listed)} listed, {len(stored)} stored, {tracker_rows} rows in notices "
          f"(doc_id: renderings of one notice share it), {tasks} tasks")
    print(f"wall time          {wall:.1f} s, {len(lat) / wall:.2f} uploads/s")
    if lat:
        print(f"latency            median {statistics.median(lat):.2f} s, p95 {lat[int(0.95 * (len(lat) - 1))]:.2f} s, "
              f"max {lat[-1]:.2f} s")
    print(f"server memory      idle {idle_kb / 1024:.0f} MB, peak {peak_kb / 1024:.0f} MB (limit {args.max_mb:.0f} MB)")
    ok = not tally.failed and not lost and len(lat) == len(files) and peak_kb / 1024 < args.max_mb
    print("result             " + ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
