"""Scale-out: code a document stream on local worker processes or an existing Dask cluster.

The main process reads the inputs (streaming), skips documents already stored with the same
content, cuts the rest into chunks and hands them to workers; each worker loads the coding
stages (the spaCy pipeline) once and codes whole chunks. Coded documents come back to the main
process, which alone writes to the DuckDB store, one transaction per batch.

Why this is safe to interrupt: a document is either committed with all its sentences and events
or not at all, and a restart with the same inputs and store skips every document whose content
hash is stored. So a run killed at any moment (even `kill -9`) and started again finishes the rest,
loses nothing and stores nothing twice. Event ids depend only on the document, so they are the
same as in a single-process run.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.errors import DataFileError, DetenteError, InputError, UsageError
from detente.identity import Identities
from detente.ingest import read_inputs
from detente.parse import DEFAULT_BATCH_SIZE
from detente.pipeline import AnalyzeResult, CodedDocument, Coder, resolve_batch, user_verbs
from detente.records import Document
from detente.store import Store

log = logging.getLogger("detente.distributed")

#: A chunk closes at this many documents or characters, whichever comes first: big enough that
#: scheduling costs nothing next to coding (~0.3–1 s of work), small enough to balance workers.
CHUNK_DOCUMENTS = 32
CHUNK_CHARS = 60_000
#: Coded documents written to the store per transaction. Each write also rescans stored rows, so
#: few large batches keep the writing main process from becoming the bottleneck (600 documents:
#: 3.9 s of writes in batches of 64, 0.6 s in batches of 300).
WRITE_BATCH = 256
#: ... but never hold coded documents longer than this many seconds (bounds work lost to a kill).
WRITE_INTERVAL = 30.0
#: Seconds to wait for a first worker on an existing cluster.
WAIT_FOR_WORKERS = 60.0

_LOCAL_CONFIG = {
    "distributed.admin.system-monitor.interval": "10s",
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "5s",
}

Notify = Callable[[CodedDocument | InputError | str], None]


@dataclass(frozen=True, slots=True)
class CoderSpec:
    """How workers build their `Coder` (it is built once per worker process and reused).

    Extra actor and verb lexicon files travel as (file name, text) pairs: workers on other
    machines cannot read the paths of the machine that started the run.
    """

    model: str | None = None
    actor_files: tuple[tuple[str, str], ...] = ()
    batch_size: int = DEFAULT_BATCH_SIZE
    verb_files: tuple[tuple[str, str], ...] = ()

    @classmethod
    def build(
        cls, *, model: str | None = None, actor_files: Sequence[str | Path] = (),
        verb_files: Sequence[str | Path] = (),
    ) -> CoderSpec:
        """A spec carrying the text of each actor and verb file (read here, where the paths
        exist). A bad verb lexicon is reported here, before any worker starts."""
        if verb_files:
            user_verbs(verb_files)
        return cls(model=model, actor_files=_carried(actor_files, "actor"),
                   verb_files=_carried(verb_files, "verb lexicon"))


def _carried(paths: Sequence[str | Path], what: str) -> tuple[tuple[str, str], ...]:
    files = []
    for path in paths:
        try:
            files.append((Path(path).name, Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(f"cannot read {what} file: {exc}", path=str(path)) from exc
    return tuple(files)


def _written(files: tuple[tuple[str, str], ...], folder: Path) -> list[Path]:
    """Write carried files on this worker, each under its own name (records and error
    messages name it), a folder each so that two files of one name stay apart."""
    paths: list[Path] = []
    if files:
        for i, (name, text) in enumerate(files):
            path = folder / str(i) / name
            path.parent.mkdir(parents=True)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


_CODERS: dict[CoderSpec, Coder] = {}


def worker_coder(spec: CoderSpec) -> Coder:
    """This process's `Coder` for `spec`, loaded on first use."""
    coder = _CODERS.get(spec)
    if coder is None:
        # The actor tables are read while the Coder is built: their files live no longer.
        with tempfile.TemporaryDirectory(prefix="detente-actors-") as folder:
            paths: list[Path] = []
            for i, (name, text) in enumerate(spec.actor_files):
                # Keep the file's own name (error messages name it); a prefix keeps twins apart.
                path = Path(folder) / f"{i}-{name}"
                path.write_text(text, encoding="utf-8")
                paths.append(path)
            verbs = _written(spec.verb_files, Path(folder) / "verbs")
            coder = Coder(model=spec.model, actor_files=tuple(paths), verb_files=tuple(verbs),
                          batch_size=spec.batch_size)  # fmt: skip
        _CODERS[spec] = coder
    return coder


def code_chunk(spec: CoderSpec, documents: list[Document]) -> list[CodedDocument | InputError]:
    """Runs on a worker: code a chunk of documents with the worker's coder."""
    return list(worker_coder(spec).code_documents(documents))


def warm_up(spec: CoderSpec) -> int:
    """Runs on every worker before the first chunk: load the stages; returns the process id."""
    worker_coder(spec)
    return os.getpid()


def worker_memory() -> dict[str, int]:
    """Runs on a worker: its current and peak resident memory in bytes."""
    import resource

    import psutil

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    return {"rss": psutil.Process().memory_info().rss, "peak": peak}


def chunks(
    documents: Iterable[Document],
    *,
    max_docs: int = CHUNK_DOCUMENTS,
    max_chars: int = CHUNK_CHARS,
    tail: int = 0,
) -> Iterator[list[Document]]:
    """Consecutive chunks of the stream, closed by document count or total characters.

    With `tail` > 0 the last `tail` chunks' documents go out in quarter-size chunks: the
    workers then run out of work within a small chunk of each other, rather than one of them
    idling while another finishes a full one."""
    held: deque[list[Document]] = deque()
    for chunk in _cut(documents, max_docs, max_chars):
        held.append(chunk)
        if len(held) > tail:
            yield held.popleft()
    if held:
        yield from _cut((d for chunk in held for d in chunk), max(1, max_docs // 4),
                        max(1, max_chars // 4))


def _cut(documents: Iterable[Document], max_docs: int, max_chars: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    size = 0
    for document in documents:
        chunk.append(document)
        size += len(document.text)
        if len(chunk) >= max_docs or size >= max_chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class DaskCluster:
    """A Dask client on a new local cluster (`workers`) or an existing one (`scheduler`).

    Use as a context manager; pass it to `analyze_distributed(cluster=...)` to reuse the
    workers (and their loaded coding stages) across runs.
    """

    def __init__(self, *, workers: int | None = None, scheduler: str | None = None) -> None:
        if (workers is None) == (scheduler is None):
            raise UsageError("give either --workers N or --scheduler ADDRESS")
        if workers is not None and workers < 1:
            raise UsageError(f"--workers must be at least 1, not {workers}")
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise UsageError(
                "--workers and --scheduler need Dask: pip install 'detente[distributed]'"
            ) from exc
        self.cluster: Any = None
        if scheduler is not None:
            try:
                self.client: Any = Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise UsageError(f"--scheduler {scheduler}: cannot connect: {exc}") from exc
            try:
                self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
            except TimeoutError as exc:
                self.client.close()
                raise UsageError(
                    f"--scheduler {scheduler}: no worker joined within {WAIT_FOR_WORKERS:.0f} s; "
                    "start some with `dask worker ADDRESS`"
                ) from exc
        else:
            import dask

            # One thread per process: spaCy is CPU-bound and holds the GIL, so processes scale
            # and threads would not. No dashboard: nothing listens on a port we did not ask for.
            # Dask's monitors sample every 20–500 ms, ~10% of a core for an idle 2-worker
            # cluster; on a laptop that is coding time lost, and nobody watches the dashboard.
            with dask.config.set(_LOCAL_CONFIG):
                self.cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            self.client = Client(self.cluster)
        self._warm: set[CoderSpec] = set()

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def n_workers(self) -> int:
        return max(1, len(self.client.scheduler_info()["workers"]))

    def warm_up(self, spec: CoderSpec) -> list[int]:
        """Load the coding stages on every worker now; returns the workers' process ids."""
        try:
            pids = self.client.run(warm_up, spec)
        except DetenteError:
            raise  # a data file or model problem: its own message says what to fix
        except Exception as exc:  # the remote exception type is whatever failed on the worker
            raise UsageError(
                f"the Dask workers cannot load detente's coding stages: {exc!r}; install "
                "detente and its spaCy model in the workers' environment"
            ) from exc
        self._warm.add(spec)
        log.info("coding stages loaded on %d worker(s)", len(pids))
        return sorted(pids.values())

    def memory(self) -> dict[str, dict[str, int]]:
        """Current and peak resident memory (bytes) of each worker process."""
        return dict(self.client.run(worker_memory))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def analyze_distributed(
    inputs: Sequence[str],
    *,
    db: str | Path | None = None,
    date: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    cluster: DaskCluster | None = None,
    model: str | None = None,
    actor_files: Sequence[str | Path] = (),
    verb_files: Sequence[str | Path] = (),
    force: bool = False,
    keep_coded: bool = True,
    chunk_documents: int = CHUNK_DOCUMENTS,
    chunk_chars: int = CHUNK_CHARS,
    write_batch: int = WRITE_BATCH,
    on_document: Notify | None = None,
    on_commit: Callable[[int], None] | None = None,
) -> AnalyzeResult:
    """Like `detente.pipeline.analyze`, with the coding spread over Dask workers.

    Give `workers` (local processes), `scheduler` (address of a running Dask scheduler, e.g.
    "tcp://10.0.0.5:8786") or an open `cluster`. `keep_coded=False` keeps memory flat on large
    corpora: coded documents are stored and passed to `on_document`, not collected in the
    result. `on_commit(n)` is called after each store transaction with the documents stored
    so far in this run.
    """
    spec = CoderSpec.build(model=model, actor_files=actor_files, verb_files=verb_files)
    notify: Notify = on_document or (lambda _item: None)
    result = AnalyzeResult()
    stream = read_inputs(inputs, date=date)  # checks --date before any worker starts
    own = cluster is None
    if cluster is None:
        cluster = DaskCluster(workers=workers, scheduler=scheduler)
    store: Store | None = None
    try:
        if spec not in cluster._warm:
            cluster.warm_up(spec)
        # released between batches, so `detente serve` and other readers can open the file
        store = Store(db, hold=False) if db is not None else None
        todo = _pending(stream, store, force, result, notify)
        writer = _Writer(store, result, keep_coded, notify, on_commit, batch=write_batch)
        work = chunks(todo, max_docs=chunk_documents, max_chars=chunk_chars,
                      tail=cluster.n_workers())
        _run(cluster, spec, work, writer)
        writer.flush()
    finally:
        if store is not None:
            store.close()
        if own:
            cluster.close()
    return result


def _pending(
    stream: Iterable[Document | InputError],
    store: Store | None,
    force: bool,
    result: AnalyzeResult,
    notify: Notify,
) -> Iterator[Document]:
    """Documents still to code, under their store ids (`detente.identity`): input errors are
    reported, stored unchanged ones skipped."""
    identities = Identities(store.stored_documents if store is not None else None, force=force)
    batch: list[Document] = []

    def release() -> Iterator[Document]:
        for item in resolve_batch(identities, batch, result, notify):
            assert isinstance(item, Document)
            yield item
        batch.clear()

    for item in stream:
        if isinstance(item, InputError):
            result.failures.append(item)
            notify(item)
            continue
        batch.append(item)
        if len(batch) >= WRITE_BATCH:
            yield from release()
    yield from release()


class _Writer:
    """Collects coded documents and writes them to the store in batches (main process only)."""

    def __init__(
        self,
        store: Store | None,
        result: AnalyzeResult,
        keep_coded: bool,
        notify: Notify,
        on_commit: Callable[[int], None] | None,
        *,
        batch: int = WRITE_BATCH,
    ) -> None:
        self.store, self.result, self.keep, self.batch = store, result, keep_coded, batch
        self.notify, self.on_commit = notify, on_commit
        self.buffer: list[CodedDocument] = []
        self.committed = 0
        self.last_flush = time.monotonic()

    def take(self, items: Iterable[CodedDocument | InputError]) -> None:
        for item in items:
            if isinstance(item, InputError):
                self.result.failures.append(item)
            else:
                self.buffer.append(item)
                if self.keep:
                    self.result.coded.append(item)
            self.notify(item)
        if len(self.buffer) >= self.batch or (
            self.buffer and time.monotonic() - self.last_flush >= WRITE_INTERVAL
        ):
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        if self.store is not None:
            self.result.stored_mentions += self.store.add(
                [c.row for c in self.buffer],
                [s for c in self.buffer for s in c.sentences],
                [e for c in self.buffer for e in c.events],
            )
        self.committed += len(self.buffer)
        self.buffer = []
        self.last_flush = time.monotonic()
        if self.on_commit is not None:
            self.on_commit(self.committed)


def _run(
    cluster: DaskCluster, spec: CoderSpec, work: Iterator[list[Document]], writer: _Writer
) -> None:
    """Keep every worker busy with a bounded number of chunks; hand results on in input order.

    Chunks finish in any order; holding early finishers until the chunks before them are done
    makes the output order (and the order of `on_document` calls) that of the input, as in a
    single process. Chunks in flight plus those held are bounded, so memory stays flat.
    """
    from distributed import as_completed

    client = cluster.client
    limit = 3 * cluster.n_workers() + 1
    pending: dict[Any, tuple[int, list[Document]]] = {}
    ready: dict[int, list[CodedDocument | InputError]] = {}
    done = as_completed()
    submitted = released = 0

    def submit_next() -> bool:
        nonlocal submitted
        chunk = next(work, None)
        if chunk is None:
            return False
        future = client.submit(code_chunk, spec, chunk, pure=False)
        pending[future] = (submitted, chunk)
        submitted += 1
        done.add(future)
        return True

    while len(pending) < limit and submit_next():
        pass
    while pending:
        future = next(done)
        seq, chunk = pending.pop(future)
        try:
            ready[seq] = future.result()
        except Exception as exc:  # the chunk raised on a worker, or killed workers repeatedly
            log.error("a chunk of %d documents failed on the workers: %r", len(chunk), exc)
            ready[seq] = _one_by_one(client, spec, chunk, exc)
        future.release()
        while released in ready:
            writer.take(ready.pop(released))
            released += 1
        while len(pending) + len(ready) < limit and submit_next():
            pass


def _one_by_one(
    client: Any, spec: CoderSpec, chunk: list[Document], exc: BaseException
) -> list[CodedDocument | InputError]:
    """A failed chunk's documents coded again each on its own, so that only the document that
    fails (one that kills its worker, say) is reported, not its chunk-mates."""
    if len(chunk) == 1:
        return [_chunk_error(chunk[0], exc)]
    futures = [client.submit(code_chunk, spec, [d], pure=False) for d in chunk]
    out: list[CodedDocument | InputError] = []
    for document, future in zip(chunk, futures, strict=True):
        try:
            out.extend(future.result())
        except Exception as again:
            out.append(_chunk_error(document, again))
        future.release()
    return out


def _chunk_error(document: Document, exc: BaseException) -> InputError:
    error = InputError(f"{document.path}: could not be coded on a worker: {exc!r}")
    error.path = document.path
    return error
