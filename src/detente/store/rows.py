"""What a store keeps of a coded document, its sentences and event mentions: the rows written,
their column types, and the key that merges mentions of one real-world event."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from detente.records import Event, stable_id

if TYPE_CHECKING:
    import pandas as pd

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


def mention_row(event: Event, origin: str) -> dict[str, Any]:
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
def unnamed_file(data: bytes) -> Iterator[str]:
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
