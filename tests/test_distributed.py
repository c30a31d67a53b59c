"""detente.distributed: local worker processes, an existing Dask cluster, and kill -9 resumption.

The slow tests start real worker processes (each loads the spaCy model) and compare what they
store with a single-process run of the same corpus, id for id.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from detente import distributed
from detente.distributed import DaskCluster, analyze_distributed, chunks
from detente.errors import DataFileError, UsageError
from detente.records import Document

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_scale", REPO / "bench" / "bench_scale.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(tmp: Path, n: int) -> list[str]:
    """A generated corpus of `n` articles plus one empty file (a bad input)."""
    bench = _bench()
    path = tmp / "corpus.jsonl"
    bench.write_corpus(path, bench.generate_corpus(n, seed=11))
    empty = tmp / "empty.txt"
    empty.write_text("")
    return [str(path), str(empty)]


def _stored(db: Path) -> tuple[int, dict[str, str]]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        docs = con.execute("SELECT count(*) FROM documents").fetchone()
        rows = con.execute("SELECT id, record FROM mentions").fetchall()
    return (int(docs[0]) if docs else 0), {i: r for i, r in rows}


def test_chunks_close_by_count_and_by_size() -> None:
    docs = [Document(id=str(i), text="x" * (10 if i != 3 else 500), path=str(i)) for i in range(7)]
    sizes = [[d.id for d in c] for c in chunks(docs, max_docs=3, max_chars=400)]
    assert sizes == [["0", "1", "2"], ["3"], ["4", "5", "6"]]


def test_the_last_chunks_are_cut_smaller_so_workers_finish_together() -> None:
    docs = [Document(id=str(i), text="x" * 10, path=str(i)) for i in range(22)]
    cut = [[d.id for d in c] for c in chunks(docs, max_docs=8, max_chars=10_000, tail=2)]
    assert [len(c) for c in cut] == [8, 2, 2, 2, 2, 2, 2, 2]
    assert [i for c in cut for i in c] == [str(i) for i in range(22)]


@pytest.mark.parametrize("kwargs", [{}, {"workers": 2, "scheduler": "tcp://x:1"}, {"workers": 0}])
def test_workers_or_scheduler_required(kwargs: dict[str, Any]) -> None:
    with pytest.raises(UsageError):
        DaskCluster(**kwargs)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, dict]]:
    """The corpus and the events a single-process run codes from it."""
    from detente.pipeline import analyze

    tmp = tmp_path_factory.mktemp("corpus")
    inputs = _corpus(tmp, 40)
    result = analyze(inputs, db=None)
    assert len(result.coded) == 40 and len(result.failures) == 1
    return inputs, {e.id: e.to_dict() for e in result.events}


@pytest.mark.slow
@pytest.mark.model
def test_two_local_workers_store_the_same_events_as_one_process(
    reference: tuple[list[str], dict[str, dict]], tmp_path: Path
) -> None:
    inputs, expected = reference
    db = tmp_path / "w2.duckdb"
    with DaskCluster(workers=2) as cluster:
        first = analyze_distributed(inputs, db=db, cluster=cluster, chunk_documents=3)
        again = analyze_distributed(inputs, db=db, cluster=cluster)
        pids = cluster.warm_up(_spec())
    assert len(set(pids)) == 2 and os.getpid() not in pids  # real, separate processes
    assert {e.id: e.to_dict() for e in first.events} == expected
    assert [e.id for e in first.events] == list(expected)  # and in the same order
    assert [f.path for f in first.failures] == [inputs[1]]  # type: ignore[attr-defined]
    n_docs, stored = _stored(db)
    assert n_docs == 40 and set(stored) == set(expected)
    assert {i: json.loads(r) for i, r in stored.items()} == expected
    # A second run finds everything stored: nothing coded, nothing added.
    assert len(again.unchanged) == 40 and not again.coded and again.stored_mentions == 0


def _spec() -> Any:
    from detente.distributed import CoderSpec

    return CoderSpec()


@pytest.mark.slow
@pytest.mark.model
def test_existing_cluster_started_with_dask_commands(
    reference: tuple[list[str], dict[str, dict]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs, expected = reference
    dask = str(Path(PYTHON).parent / "dask")
    info = tmp_path / "scheduler.json"
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--scheduler-file", str(info), "--port", "0",
             "--dashboard-address", ":0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        monkeypatch.setattr(distributed, "WAIT_FOR_WORKERS", 2.0)
        with pytest.raises(UsageError, match="no worker joined"):
            DaskCluster(scheduler=address)
        monkeypatch.setattr(distributed, "WAIT_FOR_WORKERS", 120.0)
        procs.append(
            subprocess.Popen(
                [dask, "worker", address, "--nworkers", "1", "--nthreads", "1",
                 "--no-dashboard"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )
        )
        db = tmp_path / "remote.duckdb"
        # The worker is still starting: the run waits for it to join.
        result = analyze_distributed(inputs, db=db, scheduler=address)
    finally:
        for proc in reversed(procs):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    assert {e.id for e in result.events} == set(expected)
    assert _stored(db)[0] == 40


_RUN = """
import sys
from detente.distributed import analyze_distributed
result = analyze_distributed(
    sys.argv[1:-1], db=sys.argv[-1], workers=2, chunk_documents=2, write_batch=4,
    on_commit=lambda n: print("committed", n, flush=True),
)
print("unchanged", len(result.unchanged), flush=True)
print("coded", len(result.coded), flush=True)
"""


@pytest.mark.slow
@pytest.mark.model
def test_kill_9_then_restart_finishes_without_loss_or_duplicates(
    reference: tuple[list[str], dict[str, dict]], tmp_path: Path
) -> None:
    inputs, expected = reference
    db = tmp_path / "resume.duckdb"
    command = [PYTHON, "-c", _RUN, *inputs, str(db)]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        start_new_session=True,  # its own process group: the kill reaches its workers too
    )
    committed = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("committed"):
            committed = int(line.split()[1])
            if committed >= 8:
                break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL and 8 <= committed < 40
    stored_before, _ = _stored(db)
    assert committed <= stored_before < 40  # killed mid-run, committed work kept

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    lines = dict(line.split() for line in rerun.stdout.splitlines() if " " in line)
    assert int(lines["unchanged"]) == stored_before
    assert int(lines["coded"]) == 40 - stored_before
    n_docs, stored = _stored(db)
    assert n_docs == 40
    assert {i: json.loads(r) for i, r in stored.items()} == expected


@pytest.mark.slow
@pytest.mark.model
def test_chunk_failing_on_a_worker_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    from detente.distributed import CoderSpec, _run, _Writer
    from detente.pipeline import AnalyzeResult

    # A coder that cannot be built on the worker (its actor file is broken) fails every chunk.
    broken = CoderSpec(actor_files=(("bad.yaml", "- name: [unclosed\n"),))
    docs = [Document(id=f"d{i}", text="Chile praised Peru.", path=f"d{i}") for i in range(5)]
    result = AnalyzeResult()
    seen: list[object] = []
    writer = _Writer(None, result, True, seen.append, None)
    with DaskCluster(workers=1) as cluster:
        _run(cluster, broken, chunks(docs, max_docs=2), writer)
    writer.flush()
    assert sorted(f.path for f in result.failures) == [d.id for d in docs]  # type: ignore[attr-defined]
    assert all("could not be coded on a worker" in f.message for f in result.failures)
    assert len(seen) == 5 and not result.coded


@pytest.mark.slow
@pytest.mark.model
def test_extra_actor_files_travel_to_the_workers(tmp_path: Path) -> None:
    # Workers get the file's text, not its path: a worker on another machine could not read it.
    actors = tmp_path / "fictional.yaml"
    actors.write_text("- name: Freedonia\n  kind: state\n  country: FRD\n", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "f1", "text": "Freedonia accused Chile of spying on its navy.",
                    "date": "2020-01-01"}) + "\n",
        encoding="utf-8",
    )
    result = analyze_distributed([str(corpus)], workers=1, actor_files=[actors])
    assert [(e.source.code if e.source else None, e.cameo) for e in result.events] == [
        ("FRD", "112")
    ]
    with pytest.raises(DataFileError, match="missing.yaml"):
        analyze_distributed([str(corpus)], workers=1, actor_files=[tmp_path / "missing.yaml"])


@pytest.mark.slow
@pytest.mark.model
def test_a_verb_lexicon_travels_to_the_workers(tmp_path: Path) -> None:
    # The workers code with the user's lexicon, and name it in each rule as one process does.
    verbs = tmp_path / "mine.yaml"
    verbs.write_text('"051": [serenade]\n', encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "v1", "text": "Chile serenaded Argentina on Monday.",
                    "date": "2020-01-01"}) + "\n",
        encoding="utf-8",
    )
    result = analyze_distributed([str(corpus)], workers=1, verb_files=[verbs])
    assert [(e.source.code if e.source else None, e.cameo, e.rule) for e in result.events] == [
        ("CHL", "051", "verb:mine.yaml:serenade")
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text('"0999": [serenade]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="bad.yaml line 1"):
        analyze_distributed([str(corpus)], workers=1, verb_files=[bad])
