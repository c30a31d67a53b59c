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
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import duckdb

from detente.errors import StoreBusy, StoreError
from detente.records import Event
from detente.store.rows import (
    DOCUMENT_COLUMNS,
    MENTION_COLUMNS,
    SENTENCE_COLUMNS,
    DocumentRow,
    SentenceRow,
    StoredDocument,
    event_key,
    frame_records,
    mention_row,
    unnamed_file,
)

if TYPE_CHECKING:  # pandas is only needed to read DataFrames, never on the coding path
    from datetime import date

    import pandas as pd

    Day = str | date | None

log = logging.getLogger("detente.store")

DEFAULT_DB = "detente.duckdb"

#: Seconds opening a store waits while another process holds it. A writer that does not hold
#: its connection keeps the file for one batch (well under a second on a laptop), a reader for
#: one query; a run that holds it (`Store(hold=True)`, a notebook) keeps it until closed.
LOCK_WAIT = 30.0

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
            with unnamed_file(data) as path:
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
        mention_rows = [mention_row(e, origin_of.get(e.doc_id, "text")) for e in events]
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
        rows = {row["id"]: row for row in (mention_row(e, origin) for e in events)}
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
        parties: Sequence[str] | None = None,
        issue: str | None = None,
        since: Day = None,
        until: Day = None,
        before: Day = None,
        doc_id: str | None = None,
        ids: Sequence[str] | None = None,
        code: str | None = None,
        modality: str | None = None,
        counted_only: bool = False,
        precisions: Sequence[str] | None = None,
        source_party: str | None = None,
        mentions: bool = False,
        sign: int | None = None,
        limit: int | None = None,
        offset: int = 0,
        with_parties: bool = False,
    ) -> pd.DataFrame:
        """Stored events (merged; every mention with `mentions=True`) as a DataFrame, in date
        order, with the filters of `queries.select_events`.

        `precisions` keeps dated events of those date precisions (what a series counts);
        `source_party` the events whose source is that party (one direction of a dyad).
        `dyad=(A, B)` keeps the events between the parties A and B in either direction,
        `country=X` those of which X is the source or target party (`detente.analyse.keys`: a
        state is its government, military and people, not its rebels or opposition; EU, UN are
        EUR, UNO). `with_parties` adds the parties as columns `source` and `target`.
        """
        from detente.store.queries import checked_filters, select_events

        frame = select_events(self.con, **checked_filters({
            "dyad": dyad, "country": country, "parties": parties, "issue": issue,
            "since": since, "until": until, "before": before, "doc_id": doc_id, "ids": ids,
            "code": code, "modality": modality, "counted_only": counted_only,
            "precisions": precisions, "source_party": source_party, "mentions": mentions,
            "sign": sign, "limit": limit,
            "offset": offset}))
        return frame if with_parties else frame.drop(columns=["source", "target"])

    @_one_operation
    def count_events(self, **filters: Any) -> int:
        """How many events `events_frame(**filters)` would return (without a limit)."""
        from detente.store.queries import checked_filters, count_events

        return count_events(self.con, **checked_filters(filters))

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
    def dyad_aggregates(
        self, a: str, b: str, *, by: str, precisions: tuple[str, ...], since: Day = None,
        until: Day = None, modalities: tuple[str, ...] | None = None,
    ) -> pd.DataFrame:
        """Per period and direction, aggregates of the counted events between two parties."""
        from detente.store.queries import dyad_aggregates

        return dyad_aggregates(self.con, a, b, by=by, precisions=precisions, since=since,
                               until=until, modalities=modalities)

    @_one_operation
    def issue_stances(
        self, a: str, b: str, *, sign_eps: float, since: Day = None, until: Day = None
    ) -> pd.DataFrame:
        """Per issue, side, counterpart and sign: the counted events of A and B."""
        from detente.store.queries import issue_stances

        return issue_stances(self.con, a, b, sign_eps=sign_eps, since=since, until=until)

    @_one_operation
    def party_pairs(self, *, since: Day = None, until: Day = None) -> dict[str, Any]:
        """Counted events and Goldstein sums between every two parties (numpy columns)."""
        from detente.store.queries import party_pairs

        return party_pairs(self.con, since=since, until=until)

    @_one_operation
    def stored_parties(self) -> set[str]:
        """Every party that is the source or target of a stored event."""
        from detente.store.queries import stored_parties

        return stored_parties(self.con)

    def busiest_dyad(self) -> tuple[str, str] | None:
        """The pair of states with the most counted, dated events between them."""
        top = self.top_dyads(1)
        return (top[0][0], top[0][1]) if top else None

    @_one_operation
    def top_dyads(self, k: int = 20) -> list[tuple[str, str, int]]:
        """The k pairs of states with the most counted, dated events between them."""
        from detente.store.queries import top_dyads

        return top_dyads(self.con, k)

    @_one_operation
    def issue_counts(self) -> list[tuple[str, int]]:
        """Every issue tag on stored events with its number of events, most first."""
        from detente.store.queries import issue_counts

        return issue_counts(self.con)

    @_one_operation
    def event(self, event_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
        """A merged event (by its id or a mention's) with its parties, and its mentions."""
        from detente.store.queries import event

        return event(self.con, event_id)

    @_one_operation
    def event_totals(self) -> tuple[int, int]:
        """Merged events stored, and the documents they come from."""
        from detente.store.queries import event_totals

        return event_totals(self.con)

    @_one_operation
    def documents_frame(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM documents ORDER BY doc_id").df()

    @_one_operation
    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A stored document's row with its sentences (`sentences`: index, text, paragraph,
        is_caption), or None."""
        rows = self.con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id]).df()
        if rows.empty:
            return None
        found = rows.iloc[0].to_dict()
        sentences = self.con.execute(
            "SELECT sentence_index, text, paragraph, is_caption FROM sentences "
            "WHERE doc_id = ? ORDER BY sentence_index", [doc_id]).fetchall()
        found["sentences"] = [
            {"sentence_index": int(i), "text": t, "paragraph": p, "is_caption": bool(c)}
            for i, t, p, c in sentences]
        return found

    @_one_operation
    def counts(self) -> dict[str, int]:
        """How many documents, sentences, mentions and merged events are stored."""
        result = {}
        for table in ("documents", "sentences", "mentions", "events"):
            # fetchall: DuckDB refuses new work on a connection with a half-read result
            result[table] = int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
        return result

    @_one_operation
    def check_events(self) -> None:
        """`StoreError` unless the file holds an `events` table (a detente store)."""
        tables = {r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        if "events" not in tables:
            raise StoreError(f"{self.path}: the database has no `events` table: is it a "
                             "detente store?")

    @_one_operation
    def insert_event_rows(self, rows: Sequence[dict[str, Any]]) -> int:
        """Insert merged `events` rows built by hand (`detente.analyse.sample.event`) in one
        batch; returns the number inserted."""
        import pandas as pd

        if not rows:
            return 0
        frame = pd.DataFrame(list(rows))
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
        columns = ", ".join(frame.columns)
        name = f"_detente_rows_{os.getpid()}"
        self.con.register(name, frame)
        try:
            self.con.execute(f"INSERT INTO events ({columns}) SELECT {columns} FROM {name}")
        finally:
            self.con.unregister(name)
        return len(frame)

    @_one_operation
    def write_events_parquet(self, path: str | Path, **filters: Any) -> int:
        """Write the events `events_frame(**filters)` selects (dyad, country, since, until,
        mentions, limit) to one Parquet file at `path`; returns how many were written."""
        from detente.store.export import write_events_parquet
        from detente.store.queries import checked_filters, events_select

        chosen = checked_filters(filters)
        select, params = events_select(**chosen)
        return write_events_parquet(self.con, path, select, params)

    @_one_operation
    def export_parquet(self, out: Path, *, table: str) -> int:
        """Write `table` as Parquet partitioned `year=YYYY/month=M/` under `out` (see
        `detente.importers.export`); returns the rows written."""
        from detente.store.export import export_parquet

        return export_parquet(self.con, out, table=table)

    @_one_operation
    def export_gdelt_csv(
        self, path: Path, *, table: str, fips: dict[str, str], columns: Sequence[str],
        delimiter: str = ",", header: bool = True,
    ) -> int:
        """Write `table` as CSV with GDELT's `columns` (see `detente.importers.export`)."""
        from detente.store.export import export_gdelt_csv

        return export_gdelt_csv(self.con, path, table=table, fips=fips, columns=columns,
                                delimiter=delimiter, header=header)


# The writer lives in its own module; these names are the package's public ones.
from detente.store.writer import StoreWriter  # noqa: E402

__all__ = [
    "DEFAULT_DB", "LOCK_WAIT", "DocumentRow", "SentenceRow", "Store", "StoreWriter",
    "StoredDocument", "connect", "event_key", "frame_records",
]
