"""Store: one DuckDB file owns documents, sentences, event mentions and merged events.

Writes are batched through Arrow tables (DuckDB inserts ~1 M rows/s that way, ~700/s with
executemany) and idempotent: a document already stored with the same content hash is skipped, a
changed one replaces its own rows in one transaction. Every mention is kept (`mentions`); the
`events` table merges mentions of the same real-world event so analyses count it once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from detente.errors import StoreError
from detente.records import Event, stable_id

log = logging.getLogger("detente.store")

DEFAULT_DB = "detente.duckdb"

_STRING = pa.string()
MENTION_SCHEMA = pa.schema(
    [
        ("id", _STRING), ("event_key", _STRING), ("doc_id", _STRING),
        ("sentence_index", pa.int32()), ("sentence", _STRING),
        ("source_code", _STRING), ("source_country", _STRING), ("source_sector", _STRING),
        ("source_text", _STRING), ("source_name", _STRING),
        ("target_code", _STRING), ("target_country", _STRING), ("target_sector", _STRING),
        ("target_text", _STRING), ("target_name", _STRING),
        ("cameo", _STRING), ("root", _STRING), ("quad_class", pa.int8()),
        ("goldstein", pa.float64()), ("plover", _STRING),
        ("date", pa.date32()), ("date_precision", _STRING), ("date_text", _STRING),
        ("place_name", _STRING), ("place_country", _STRING),
        ("place_lat", pa.float64()), ("place_lon", pa.float64()),
        ("negated", pa.bool_()), ("modality", _STRING), ("issues", pa.list_(_STRING)),
        ("trigger", _STRING), ("origin", _STRING), ("record", _STRING),
    ]
)
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
        "date": pd.Timestamp(event.date).date() if event.date else None,
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
        "origin": origin,
        "record": json.dumps(event.to_dict(), ensure_ascii=False),
    }


class Store:
    """A DuckDB event store. Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such store; run `detente analyze` first")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc
        if not read_only:
            schema = resources.files("detente.store").joinpath("schema.sql").read_text("utf-8")
            self.con.execute(schema)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- writing -------------------------------------------------------------------------------

    def stored_hashes(self, doc_ids: Sequence[str]) -> dict[str, str]:
        """Content hashes of the given documents that are already stored."""
        if not doc_ids:
            return {}
        self.con.register("wanted_ids", pa.table({"doc_id": pa.array(list(doc_ids), _STRING)}))
        try:
            rows = self.con.execute(
                "SELECT d.doc_id, d.content_hash FROM documents d JOIN wanted_ids USING (doc_id)"
            ).fetchall()
        finally:
            self.con.unregister("wanted_ids")
        return dict(rows)

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
        docs = pa.Table.from_pylist(
            [
                {
                    "doc_id": d.doc_id, "path": d.path, "title": d.title, "url": d.url,
                    "source": d.source,
                    "pub_date": pd.Timestamp(d.pub_date).date() if d.pub_date else None,
                    "date_source": d.date_source, "content_hash": d.content_hash,
                    "n_sentences": n_sentences.get(d.doc_id, 0),
                    "n_events": per_doc.get(d.doc_id, 0), "origin": d.origin,
                }
                for d in documents
            ],
            schema=pa.schema(
                [
                    ("doc_id", _STRING), ("path", _STRING), ("title", _STRING),
                    ("url", _STRING), ("source", _STRING), ("pub_date", pa.date32()),
                    ("date_source", _STRING), ("content_hash", _STRING),
                    ("n_sentences", pa.int32()), ("n_events", pa.int32()), ("origin", _STRING),
                ]
            ),
        )
        sents = pa.Table.from_pylist(
            [
                {"doc_id": s.doc_id, "sentence_index": s.sentence_index, "text": s.text,
                 "paragraph": s.paragraph, "is_caption": s.is_caption}
                for s in sentence_rows
            ],
            schema=pa.schema(
                [("doc_id", _STRING), ("sentence_index", pa.int32()), ("text", _STRING),
                 ("paragraph", pa.int32()), ("is_caption", pa.bool_())]
            ),
        )
        mentions = pa.Table.from_pylist(mention_rows, schema=MENTION_SCHEMA)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("new_docs", docs)
            con.register("new_sentences", sents)
            con.register("new_mentions", mentions)
            # Keys whose merged event changes: those of the replaced mentions and the new ones.
            con.execute(
                "CREATE OR REPLACE TEMP TABLE affected AS "
                "SELECT DISTINCT event_key FROM mentions WHERE doc_id IN "
                "(SELECT doc_id FROM new_docs) "
                "UNION SELECT DISTINCT event_key FROM new_mentions"
            )
            for table in ("mentions", "sentences", "documents"):
                con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM new_docs)")
            con.execute("INSERT INTO documents BY NAME SELECT * FROM new_docs")
            con.execute("INSERT INTO sentences BY NAME SELECT * FROM new_sentences")
            con.execute("INSERT INTO mentions BY NAME SELECT * FROM new_mentions")
            self._merge_affected()
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            for name in ("new_docs", "new_sentences", "new_mentions"):
                con.unregister(name)
        return mentions.num_rows

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
        return self.con.execute(sql, params).df()

    def event_records(self, **filters: Any) -> list[dict[str, Any]]:
        """Stored events as public JSON records (merged events carry their mention counts)."""
        frame = self.events_frame(**filters)
        records = []
        for row in frame.itertuples(index=False):
            record = json.loads(row.record)
            if hasattr(row, "n_mentions"):
                record["n_mentions"] = int(row.n_mentions)
                record["doc_ids"] = list(row.doc_ids)
            records.append(record)
        return records

    def documents_frame(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM documents ORDER BY doc_id").df()

    def counts(self) -> dict[str, int]:
        """How many documents, sentences, mentions and merged events are stored."""
        result = {}
        for table in ("documents", "sentences", "mentions", "events"):
            # fetchall: DuckDB refuses new work on a connection with a half-read result
            result[table] = int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
        return result
