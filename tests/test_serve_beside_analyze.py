"""The dashboard beside ingestion: `detente serve` and `detente analyze` on one DuckDB file at
once, as separate processes, the way an analyst runs them."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from detente.errors import StoreBusy
from detente.store import Store
from detente.web import App

ENV = {**os.environ, "COLUMNS": "400"}  # one line per message on stderr


@pytest.fixture()
def seed_store(make_event, add_doc):  # type: ignore[no-untyped-def]
    """`seed_store(path)`: a store of one document and its event."""

    def seed(path: Path) -> None:
        with Store(path) as store:
            add_doc(store, "seed.txt", [make_event("seed.txt", 0, "Yoon visited Tokyo.")])

    return seed


def _start_server(db: Path) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "detente.cli", "serve", "--db", str(db), "--port", "0"],
        stderr=subprocess.PIPE, text=True, env=ENV)
    deadline = time.monotonic() + 120
    seen = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        seen.append(line)
        if match := re.search(r"http://127\.0\.0\.1:(\d+)/", line):
            return process, int(match.group(1))
        if not line:
            break
    process.kill()
    raise AssertionError(f"serve did not start: {''.join(seen)}")


def _stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def _documents(port: int) -> tuple[int, set[str]]:
    """The status of /api/events and the documents behind the merged events it lists."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events?limit=5000",
                                    timeout=60) as response:
            events = json.loads(response.read())
            return response.status, {d for e in events for d in e["doc_ids"]}
    except urllib.error.HTTPError as exc:
        return exc.code, set()


def _corpus(path: Path, n: int) -> Path:
    pairs = [("Japan", "South Korea"), ("France", "Germany"), ("Chile", "Argentina"),
             ("India", "Pakistan"), ("Egypt", "Israel"), ("Brazil", "Mexico")]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            a, b = pairs[i % len(pairs)]
            text = (f"The foreign minister of {a} met the ambassador of {b} in the capital on "
                    f"March {i % 27 + 1}, 2023. {a} praised {b} for its help after the floods.")
            out.write(json.dumps({"id": f"brief-{i}", "text": text, "date": "2023-04-01"}) + "\n")
    return path


@pytest.mark.slow
@pytest.mark.model
def test_serve_and_analyze_run_on_one_store_at_once(tmp_path, seed_store):
    db = tmp_path / "shared.duckdb"
    seed_store(db)
    server, port = _start_server(db)
    late_server = None
    analyze = None
    try:
        status, before = _documents(port)
        assert status == 200 and len(before) == 1
        # analyze writes to the store while the first server is up (DuckDB: one writer)
        analyze = subprocess.Popen(
            [sys.executable, "-m", "detente.cli", "analyze", str(_corpus(tmp_path / "c.jsonl",
             1000)), "--db", str(db), "--format", "jsonl"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=ENV)
        statuses, counts = [], []
        while analyze.poll() is None:
            status, now = _documents(port)
            statuses.append(status)
            counts.append(len(now))
            if late_server is None and len(now) > 1:
                # a second server starts in the middle of the run, between two batches
                late_server, late_port = _start_server(db)
                assert analyze.poll() is None, "the run ended before the second server started"
                late_status, _ = _documents(late_port)
                assert late_status == 200
            time.sleep(0.2)
        stderr = analyze.stderr.read()
        assert analyze.returncode == 0, stderr
        assert set(statuses) == {200}, statuses
        assert counts == sorted(counts)  # what is shown only grows, batch by batch
        assert late_server is not None, "no batch was visible while the run went on"
        # the same server, never restarted, shows the run's events
        status, after = _documents(port)
        assert status == 200 and len(after) == 1001 and "brief-999" in after
        assert any(1 < c < 1001 for c in counts)  # a batch was shown before the run ended
        with Store(db, read_only=True) as store:
            assert store.counts()["documents"] == 1001
    finally:
        for process in (server, late_server):
            if process is not None:
                _stop(process)
        if analyze is not None and analyze.poll() is None:
            analyze.kill()


_HOLDER = """
import sys, time
from detente.store import Store
store = Store(sys.argv[1])          # holds the file, as a notebook or an old run would
print("held", flush=True)
time.sleep(float(sys.argv[2]))
store.close()
"""


@pytest.mark.slow
def test_a_store_held_by_another_process_is_waited_for_then_reported(tmp_path, seed_store):
    db = tmp_path / "held.duckdb"
    seed_store(db)
    web = App(db, wait=1.0)
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db), "3"],
                              stdout=subprocess.PIPE, text=True, env=ENV)
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        status, kind, body = web.respond("/api/events")
        assert status == 503 and kind.startswith("application/json")
        assert "in use by another process" in json.loads(body)["error"]
        assert time.monotonic() - started >= 0.9  # it waited before giving up
        with pytest.raises(StoreBusy, match="E301"):
            Store(db, read_only=True, wait=0.2)
        # a longer wait outlasts the holder: the request is answered
        status, _, body = App(db, wait=30).respond("/api/events")
        assert status == 200 and len(json.loads(body)) == 1
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow
def test_a_writer_that_does_not_hold_lets_readers_in_between_batches(tmp_path, make_event, add_doc):
    db = tmp_path / "w.duckdb"
    writer = Store(db, hold=False)
    add_doc(writer, "a.txt", [make_event("a.txt", 0, "Yoon visited Tokyo.")])
    # between batches another process can read the file
    reader = subprocess.run(
        [sys.executable, "-c",
         "import sys; from detente.store import Store; "
         "print(Store(sys.argv[1], read_only=True, wait=0).counts()['events'])", str(db)],
        capture_output=True, text=True, env=ENV, timeout=120)
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.strip() == "1"
    add_doc(writer, "b.txt", [make_event("b.txt", 0, "Kishida visited Seoul.", source="JPN",
                                         target="KOR")])
    assert writer.counts()["documents"] == 2
    writer.close()
