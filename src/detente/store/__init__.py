"""Store: one DuckDB file owns documents, sentences, event mentions and merged events.

Writes are batched through DuckDB's JSON-lines reader (~160,000 rows/s, against ~700/s with
executemany, and without importing pandas into every coding process). They are
idempotent: a document already stored with the same content hash is skipped, and a changed one
replaces its own rows in one transaction. Every mention is kept (`mentions`); the `events`
table merges mentions of the same real-world event so analyses count it once.

DuckDB lets one process write a file, or several processes read it, never both at once. So that
the dashboard (`detente serve`) runs beside `detente analyze`, a store opened with `hold=False`
keeps its connection only for one operation (a batch written, a query read) and lets it go in
between; opening waits, with growing pauses, while another process holds the file.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import duckdb

from detente.errors import StoreBusy, StoreError, UsageError
from detente.igos import igo_code
from detente.records import Event, stable_id

if TYPE_CHECKING:  # pandas is only needed to read DataFrames, never on the coding path
    import pandas as pd

log = logging.getLogger("detente.store")

DEFAULT_DB = "detente.duckdb"

#: Seconds opening a store waits while another process holds it. A writer that does not hold
#: its connection keeps the file for one batch (well under a second on a laptop), a reader for
#: one query; a run that holds it (`Store(hold=True)`, a notebook) keeps it until closed.
LOCK_WAIT = 30.0

# Column types of the batches written through `read_json` (the tables' own types).
DOCUMENT_COLUMNS = {
    "doc_id": "VARCHAR", "path": "VARCHAR", "title": "VARCHAR", "url": "VARCHAR",
    "source": "VARCHAR", "pub_date": "DATE", "date_source": "VARCHAR",
    "content_hash": "VARCHAR", "n_sentences": "INTEGER", "n_events": "INTEGER",
    "origin": "VARCHAR", "source_key": "VARCHAR",
}
SENTENCE_COLUMNS = {
    "doc_id": "VARCHAR", "sentence_index": "INTEGER", "text": "VARCHAR", "paragraph": "INTEGER",
    "is_caption": "BOOLEAN",
}
MENTION_COLUMNS = {
    "id": "VARCHAR", "event_key": "VARCHAR", "doc_id": "VARCHAR", "sentence_index": "INTEGER",
    "sentence": "VARCHAR",
    **{f"{side}_{part}": "VARCHAR" for side in ("source", "target")
       for part in ("code", "country", "sector", "text", "name")},
    "cameo": "VARCHAR", "root": "VARCHAR", "quad_class": "TINYINT", "goldstein": "DOUBLE",
    "plover": "VARCHAR", "date": "DATE", "date_precision": "VARCHAR", "date_text": "VARCHAR",
    "place_name": "VARCHAR", "place_country": "VARCHAR", "place_lat": "DOUBLE",
    "place_lon": "DOUBLE", "negated": "BOOLEAN", "modality": "VARCHAR", "issues": "VARCHAR[]",
    "trigger": "VARCHAR", "origin": "VARCHAR", "record": "JSON", "rule": "VARCHAR",
}
# Merging mentions of one event across documents needs a date at least this precise; coarser
# dates ("in the 1970s") only merge when the sentence itself is repeated word for word.
_MERGE_PRECISIONS = {"day", "month"}


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """What the store keeps about a coded document."""

    doc_id: str
    path: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    pub_date: str | None = None
    date_source: str | None = None
    origin: str = "text"
    source_key: str | None = None  # where it came from (see `Document.key`)


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """What identifying a new document needs to know about a stored one."""

    doc_id: str
    source_key: str | None
    content_hash: str
    n_events: int | None


@dataclass(frozen=True, slots=True)
class SentenceRow:
    doc_id: str
    sentence_index: int
    text: str
    paragraph: int
    is_caption: bool


def event_key(event: Event) -> str:
    """Mentions with the same key are one real-world event (GDELT's NumMentions groups them)."""
    source = event.source.code if event.source else ""
    target = event.target.code if event.target else ""
    if event.date and event.date_precision in _MERGE_PRECISIONS:
        when: str = f"{event.date}/{event.date_precision}"
    else:
        when = " ".join(event.sentence.lower().split())
    return stable_id(source, target, event.cameo, event.modality, event.negated, when)


def _mention_row(event: Event, origin: str) -> dict[str, Any]:
    source, target, place = event.source, event.target, event.place
    return {
        "id": event.id,
        "event_key": event_key(event),
        "doc_id": event.doc_id,
        "sentence_index": event.sentence_index,
        "sentence": event.sentence,
        "source_code": source.code if source else None,
        "source_country": source.country if source else None,
        "source_sector": source.sector if source else None,
        "source_text": source.text if source else None,
        "source_name": source.name if source else None,
        "target_code": target.code if target else None,
        "target_country": target.country if target else None,
        "target_sector": target.sector if target else None,
        "target_text": target.text if target else None,
        "target_name": target.name if target else None,
        "cameo": event.cameo,
        "root": event.root,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "plover": event.plover,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_text": event.date_text,
        "place_name": place.name if place else None,
        "place_country": place.country if place else None,
        "place_lat": place.lat if place else None,
        "place_lon": place.lon if place else None,
        "negated": event.negated,
        "modality": event.modality,
        "issues": list(event.issues),
        "trigger": event.trigger,
        "rule": event.rule or None,
        "origin": origin,
        "record": event.to_dict(),
    }


@contextmanager
def _unnamed_file(data: bytes) -> Iterator[str]:
    """A path from which `data` can be read while the block runs, for a file that no kill can
    leave behind: an anonymous temporary file read through /dev/fd where there is one (Linux,
    macOS), else a named temporary file removed at the end of the block."""
    if os.path.isdir("/dev/fd"):
        with tempfile.TemporaryFile(prefix="detente-") as out:
            out.write(data)
            out.flush()
            out.seek(0)  # /dev/fd on macOS shares the offset with our descriptor
            yield f"/dev/fd/{out.fileno()}"
        return
    handle, path = tempfile.mkstemp(prefix="detente-", suffix=".json")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        yield path
    finally:
        os.unlink(path)


def _held_elsewhere(exc: duckdb.Error) -> bool:
    """The file is locked by another process, or open in this one with the other mode."""
    text = str(exc)
    return "Could not set lock" in text or "different configuration" in text


def connect(path: str, *, read_only: bool, wait: float = LOCK_WAIT) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to `path`, waiting up to `wait` seconds while another process (or a
    connection of this one in the other mode) holds the file; `StoreBusy` after that."""
    deadline = time.monotonic() + wait
    pause = 0.01
    while True:
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            if not _held_elsewhere(exc):
                raise StoreError(f"{path}: cannot open the store: {exc}") from exc
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreBusy(
                    f"{path}: the store is in use by another process (waited {wait:g} s); "
                    "try again when its current write or query is done"
                ) from exc
            time.sleep(min(pause, left))
            pause = min(pause * 2, 0.25)
            continue
        # DuckDB draws a progress bar on stdout for long queries: stdout is for our output.
        con.execute("SET enable_progress_bar = false")
        return con


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _one_operation(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Let a store opened with `hold=False` go of the file once the operation is done."""

    @functools.wraps(method)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        store = args[0]
        assert isinstance(store, Store)
        try:
            return method(*args, **kwargs)
        finally:
            if not store.hold:
                store.release()

    return run


class Store:
    """A DuckDB event store. Use as a context manager or call `close()`.

    With `hold=False` the file is opened for each operation and released after it, so other
    processes can read (or write) it in between; `con` opens it again when used.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_DB,
        *,
        read_only: bool = False,
        hold: bool = True,
        wait: float = LOCK_WAIT,
    ) -> None:
        self.path = str(path)
        self.read_only, self.hold, self.wait = read_only, hold, wait
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such store; run `detente analyze` first")
        self._con: duckdb.DuckDBPyConnection | None = None
        self._con = self.connect()
        if not read_only:
            schema = resources.files("detente.store").joinpath("schema.sql").read_text("utf-8")
            self._con.execute(schema)
        if not hold:
            self.release()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The store's connection, opened again if it was released."""
        if self._con is None:
            self._con = self.connect()
        return self._con

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A new connection to this store's file in its mode (the caller closes it)."""
        return connect(self.path, read_only=self.read_only, wait=self.wait)

    def release(self) -> None:
        """Close the connection so other processes can open the file (`con` reopens it)."""
        con, self._con = self._con, None
        if con is not None:
            con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.release()

    # -- writing -------------------------------------------------------------------------------

    def stored_hashes(
        self, doc_ids: Sequence[str], *, con: duckdb.DuckDBPyConnection | None = None
    ) -> dict[str, str]:
        """Content hashes of the given documents that are already stored (read through `con`,
        a connection from `connect()`, when another thread is writing through `self.con`)."""
        if not doc_ids:
            return {}
        if con is None:
            return self._stored_hashes(doc_ids)
        rows = con.execute(
            "SELECT doc_id, content_hash FROM documents WHERE doc_id IN (SELECT unnest(?))",
            [list(doc_ids)],
        ).fetchall()
        return dict(rows)

    def stored_documents(
        self,
        doc_ids: Sequence[str],
        keys: Sequence[str],
        *,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> list[StoredDocument]:
        """Stored documents with one of these ids or source keys (see `detente.identity`)."""
        if not doc_ids and not keys:
            return []
        if con is None:
            return self._stored_documents(doc_ids, keys)
        rows = con.execute(
            "SELECT doc_id, source_key, content_hash, n_events FROM documents "
            "WHERE doc_id IN (SELECT unnest(?)) OR source_key IN (SELECT unnest(?))",
            [list(doc_ids), list(keys)],
        ).fetchall()
        return [StoredDocument(*row) for row in rows]

    @_one_operation
    def _stored_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        return self.stored_hashes(doc_ids, con=self.con)

    @_one_operation
    def _stored_documents(
        self, doc_ids: Sequence[str], keys: Sequence[str]
    ) -> list[StoredDocument]:
        return self.stored_documents(doc_ids, keys, con=self.con)

    @contextmanager
    def _batch(
        self, name: str, rows: Sequence[dict[str, Any]], columns: dict[str, str]
    ) -> Iterator[None]:
        """Make `rows` queryable as the temporary table `name` for the duration of the block.

        The rows go through a file that has no name (where the system allows, read back through
        /dev/fd): a run killed at any moment leaves no file behind."""
        # one encoder call for the whole batch: per-row calls cost more than the insert
        data = json.dumps(list(rows), ensure_ascii=False, default=str).encode("utf-8")
        spec = ", ".join(f"{json.dumps(k)}: '{v}'" for k, v in columns.items())
        try:
            with _unnamed_file(data) as path:
                quoted = path.replace("'", "''")
                self.con.execute(
                    f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM read_json("
                    f"'{quoted}', format='array', columns={{{spec}}})"
                )
            yield
        finally:
            self.con.execute(f"DROP TABLE IF EXISTS {name}")

    @_one_operation
    def add(
        self,
        documents: Sequence[DocumentRow],
        sentences: Iterable[SentenceRow],
        events: Iterable[Event],
        *,
        counts: dict[str, int] | None = None,
    ) -> int:
        """Store a batch of coded documents with their sentences and events, replacing any earlier
        version of the same documents. Returns the number of new event mentions."""
        if not documents:
            return 0
        origin_of = {d.doc_id: d.origin for d in documents}
        mention_rows = [_mention_row(e, origin_of.get(e.doc_id, "text")) for e in events]
        per_doc: dict[str, int] = dict(counts or {})
        for row in mention_rows:
            per_doc[row["doc_id"]] = per_doc.get(row["doc_id"], 0) + 1
        sentence_rows = list(sentences)
        n_sentences: dict[str, int] = {}
        for s in sentence_rows:
            n_sentences[s.doc_id] = n_sentences.get(s.doc_id, 0) + 1
        document_rows = [
            {"doc_id": d.doc_id, "path": d.path, "title": d.title, "url": d.url,
             "source": d.source, "pub_date": d.pub_date, "date_source": d.date_source,
             "content_hash": d.content_hash, "n_sentences": n_sentences.get(d.doc_id, 0),
             "n_events": per_doc.get(d.doc_id, 0), "origin": d.origin,
             "source_key": d.source_key}
            for d in documents
        ]
        sentence_dicts = [
            {"doc_id": s.doc_id, "sentence_index": s.sentence_index, "text": s.text,
             "paragraph": s.paragraph, "is_caption": s.is_caption}
            for s in sentence_rows
        ]
        con = self.con
        with (
            self._batch("new_docs", document_rows, DOCUMENT_COLUMNS),
            self._batch("new_sentences", sentence_dicts, SENTENCE_COLUMNS),
            self._batch("new_mentions", mention_rows, MENTION_COLUMNS),
        ):
            con.execute("BEGIN TRANSACTION")
            try:
                # Deleting and re-merging the replaced rows scans the store: only when the batch
                # replaces documents stored before.
                replaces = con.execute(
                    "SELECT count(*) FROM documents WHERE doc_id IN (SELECT doc_id FROM new_docs)"
                ).fetchall()[0][0]
                # Keys whose merged event changes: those of the new mentions and the replaced.
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE affected AS "
                    "SELECT DISTINCT event_key FROM new_mentions"
                    + (" UNION SELECT DISTINCT event_key FROM mentions WHERE doc_id IN "
                       "(SELECT doc_id FROM new_docs)" if replaces else "")
                )
                for table in ("mentions", "sentences", "documents") if replaces else ():
                    con.execute(
                        f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM new_docs)"
                    )
                con.execute("INSERT INTO documents BY NAME SELECT * FROM new_docs")
                con.execute("INSERT INTO sentences BY NAME SELECT * FROM new_sentences")
                con.execute("INSERT INTO mentions BY NAME SELECT * FROM new_mentions")
                self._merge_affected()
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return len(mention_rows)

    @_one_operation
    def add_events(self, events: Sequence[Event], *, origin: str) -> int:
        """Store events imported from a dataset (GDELT, ICEWS, POLECAT), which have no document
        of ours behind them. A record already stored unchanged (same id, same content) is skipped,
        a changed one replaces the earlier version. Returns how many were new or changed."""
        if not events:
            return 0
        rows = {row["id"]: row for row in (_mention_row(e, origin) for e in events)}
        con = self.con
        with self._batch("new_mentions", list(rows.values()), MENTION_COLUMNS):
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE changed AS SELECT n.* FROM new_mentions n "
                    "LEFT JOIN mentions m USING (id) "
                    "WHERE m.id IS NULL OR CAST(m.record AS VARCHAR) <> CAST(n.record AS VARCHAR)"
                )
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE affected AS "
                    "SELECT DISTINCT event_key FROM mentions WHERE id IN (SELECT id FROM changed) "
                    "UNION SELECT DISTINCT event_key FROM changed"
                )
                con.execute("DELETE FROM mentions WHERE id IN (SELECT id FROM changed)")
                con.execute("INSERT INTO mentions BY NAME SELECT * FROM changed")
                self._merge_affected()
                stored = int(con.execute("SELECT count(*) FROM changed").fetchall()[0][0])
                con.execute("DROP TABLE changed")
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
        return stored

    def _merge_affected(self) -> None:
        """Rebuild the merged `events` rows of the keys in the temp table `affected`."""
        self.con.execute("DELETE FROM events WHERE event_key IN (SELECT event_key FROM affected)")
        self.con.execute(
            """
            INSERT INTO events BY NAME
            WITH m AS (
                SELECT * FROM mentions WHERE event_key IN (SELECT event_key FROM affected)
            ),
            counts AS (
                SELECT event_key, count(*) AS n_mentions, count(DISTINCT doc_id) AS n_documents,
                       list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids
                FROM m GROUP BY event_key
            ),
            first AS (
                SELECT * FROM m
                QUALIFY row_number() OVER (
                    PARTITION BY event_key ORDER BY doc_id, sentence_index, id) = 1
            )
            SELECT first.*, counts.n_mentions, counts.n_documents, counts.doc_ids
            FROM first JOIN counts USING (event_key)
            """
        )

    # -- reading -------------------------------------------------------------------------------

    @_one_operation
    def events_frame(
        self,
        *,
        dyad: tuple[str, str] | None = None,
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc_id: str | None = None,
        mentions: bool = False,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Stored events (merged; raw mentions with `mentions=True`) as a DataFrame.

        `dyad=(A, B)` keeps events between A and B in either direction.
        """
        # an organisation's other codes are its own (EU, EEC -> EUR; UN -> UNO)
        if dyad:
            dyad = (igo_code(dyad[0]) or dyad[0], igo_code(dyad[1]) or dyad[1])
        if country:
            country = igo_code(country) or country
        return select_events(self.con, dyad=dyad, country=country, since=since, until=until,
                             doc_id=doc_id, mentions=mentions, limit=limit)

    @_one_operation
    def write_events_parquet(self, path: str | Path, **filters: Any) -> int:
        """Write the events `events_frame(**filters)` selects to one Parquet file at `path`,
        DuckDB writing it as it reads them; returns how many were written."""
        sql, params = self._events_query(**filters)
        target = str(path).replace("'", "''")
        self.con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)", params)
        row = self.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
        return int(row[0]) if row else 0

    def _events_query(self, *, dyad: tuple[str, str] | None = None, country: str | None = None,
                      **filters: Any) -> tuple[str, list[Any]]:
        if dyad:
            dyad = (igo_code(dyad[0]) or dyad[0], igo_code(dyad[1]) or dyad[1])
        if country:
            country = igo_code(country) or country
        return events_query(dyad=dyad, country=country, **filters)

    def issue_events_frame(self, issues: Sequence[str] | None = None) -> pd.DataFrame:
        """Merged events tagged with any of `issues` (with any issue at all when None), with
        the columns an issue analysis needs."""
        columns = ("id, doc_id, sentence_index, sentence, date, source_code, source_country, "
                   "source_sector, source_name, target_code, target_country, target_sector, "
                   "target_name, cameo, goldstein, quad_class, modality, issues, n_mentions")
        if issues is None:
            where, params = "len(issues) > 0", []
        else:
            where, params = "list_has_any(issues, ?::VARCHAR[])", [list(issues)]
        return self.con.execute(
            f"SELECT {columns} FROM events WHERE {where} "
            "ORDER BY date NULLS LAST, doc_id, sentence_index, id", params).df()

    def event_records(self, **filters: Any) -> list[dict[str, Any]]:
        """Stored events as public JSON records (merged events carry their mention counts)."""
        return frame_records(self.events_frame(**filters))

    @_one_operation
    def documents_frame(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM documents ORDER BY doc_id").df()

    @_one_operation
    def counts(self) -> dict[str, int]:
        """How many documents, sentences, mentions and merged events are stored."""
        result = {}
        for table in ("documents", "sentences", "mentions", "events"):
            # fetchall: DuckDB refuses new work on a connection with a half-read result
            result[table] = int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
        return result


def select_events(
    con: duckdb.DuckDBPyConnection,
    *,
    dyad: tuple[str, str] | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    doc_id: str | None = None,
    mentions: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """`Store.events_frame` over an open connection to a store."""
    sql, params = events_query(dyad=dyad, country=country, since=since, until=until,
                               doc_id=doc_id, mentions=mentions, limit=limit)
    return con.execute(sql, params).df()


def events_query(
    *,
    dyad: tuple[str, str] | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    doc_id: str | None = None,
    mentions: bool = False,
    limit: int | None = None,
) -> tuple[str, list[Any]]:
    """The SELECT of `select_events` and its parameters."""
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 (no limit) or more, not {limit}")
    table = "mentions" if mentions else "events"
    where, params = ["TRUE"], []
    if dyad:
        where.append(
            "((source_country = ? AND target_country = ?) OR "
            "(source_country = ? AND target_country = ?))"
        )
        params += [dyad[0], dyad[1], dyad[1], dyad[0]]
    if country:
        where.append("(source_country = ? OR target_country = ?)")
        params += [country, country]
    if since:
        where.append("date >= CAST(? AS DATE)")
        params.append(since)
    if until:
        where.append("date <= CAST(? AS DATE)")
        params.append(until)
    if doc_id:
        where.append("doc_id = ?")
        params.append(doc_id)
    sql = (
        f"SELECT * FROM {table} WHERE {' AND '.join(where)} "
        "ORDER BY date NULLS LAST, doc_id, sentence_index, id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return sql, params


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Public JSON records of an events frame (merged events carry their mention counts)."""
    records = []
    for row in frame.itertuples(index=False):
        record = json.loads(row.record)
        if hasattr(row, "n_mentions"):
            record["n_mentions"] = int(row.n_mentions)
            record["doc_ids"] = list(row.doc_ids)
        records.append(record)
    return records


def event_records(con: duckdb.DuckDBPyConnection, **filters: Any) -> list[dict[str, Any]]:
    """`Store.event_records` over an open connection to a store."""
    return frame_records(select_events(con, **filters))


class StoreWriter:
    """Writes coded batches to a `Store` on one background thread, so the next batch is parsed
    while DuckDB inserts and merges the last (DuckDB releases the GIL while it works; the
    parser does not). One batch is in flight at a time: `add` waits for the previous one, so
    memory stays flat and batches commit in input order. An error in a write is raised by the
    next `add` or by `close`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.stored_mentions = 0
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="detente-store")
        self._pending: Future[int] | None = None
        self._pending_hashes: dict[str, str] = {}

    def stored_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """`Store.stored_hashes`, counting the batch being written as stored: its transaction
        commits before the next one starts, or the run stops with its error."""
        # DuckDB connections are not shared between threads: reads go through their own
        # connection (within this process it shares the open database with the writer's).
        reader = self.store.connect()
        try:
            stored = self.store.stored_hashes(doc_ids, con=reader)
        finally:
            reader.close()
        for doc_id in doc_ids:
            if doc_id in self._pending_hashes:
                stored[doc_id] = self._pending_hashes[doc_id]
        return stored

    def stored_documents(self, doc_ids: Sequence[str], keys: Sequence[str]) -> list[StoredDocument]:
        """`Store.stored_documents`, read while the writer's thread writes (the batch in flight
        is not seen: `detente.identity` remembers every document of the run itself)."""
        reader = self.store.connect()
        try:
            return self.store.stored_documents(doc_ids, keys, con=reader)
        finally:
            reader.close()

    def add(
        self,
        documents: Sequence[DocumentRow],
        sentences: Sequence[SentenceRow],
        events: Sequence[Event],
    ) -> None:
        """Start writing a batch (see `Store.add`) once the previous one is committed."""
        self.wait()
        if not documents:
            return
        self._pending_hashes = {d.doc_id: d.content_hash for d in documents}
        self._pending = self._thread.submit(self.store.add, documents, sentences, events)

    def wait(self) -> int:
        """Wait for the batch in flight; returns the event mentions stored so far."""
        if self._pending is not None:
            future, self._pending = self._pending, None
            self._pending_hashes = {}
            self.stored_mentions += future.result()
        return self.stored_mentions

    def close(self) -> int:
        """Finish the last write and stop the thread (the store itself stays open)."""
        try:
            return self.wait()
        finally:
            self._thread.shutdown()
