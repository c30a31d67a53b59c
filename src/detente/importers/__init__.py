"""Existing event datasets (GDELT, ICEWS, POLECAT) imported as our event records.

`read_events(name, path)` streams `Event | InputError` from one export file; `import_file` writes
them to a `Store` in batches, so `dyad`, `align` and `report` work on them like on coded text.
Every record keeps where it came from (`origin`, `origin_id`) and its id is a hash of the dataset
and the row's own id, so importing a file again stores nothing twice.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from detente.errors import InputError, MalformedInput, MissingInput
from detente.importers.registry import Importer, get_importer, importers, register
from detente.ingest.common import input_error
from detente.records import Event

__all__ = [
    "ImportResult",
    "Importer",
    "get_importer",
    "import_file",
    "importers",
    "read_events",
    "register",
]

#: Events written to the store together (one transaction each).
IMPORT_BATCH = 5000


def read_events(name: str, path: str) -> Iterator[Event | InputError]:
    """Events of one export file read by the importer `name` (bad rows come as errors)."""
    from pathlib import Path

    importer = get_importer(name)
    if not Path(path).is_file():
        yield input_error(MissingInput, path, "no such file")
        return
    try:
        yield from importer.read(path)
    except InputError as exc:
        if exc.path is None:
            exc.path = path
        yield exc
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as exc:
        # unreadable, truncated or corrupt compressed file: what was read before stays read
        yield input_error(MalformedInput, path, f"cannot be read to the end: {exc}")


@dataclass(slots=True)
class ImportResult:
    """What one import did."""

    importer: str
    path: str
    read: int = 0  # rows read as events
    stored: int = 0  # events new or changed in the store
    unchanged: int = 0  # already stored with the same content
    failures: list[InputError] = field(default_factory=list)


def import_file(
    name: str,
    path: str,
    store: Any,
    *,
    batch_size: int = IMPORT_BATCH,
    on_batch: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Import one export file into `store` (a `detente.store.Store`), streaming in batches."""
    importer = get_importer(name)
    result = ImportResult(importer.name, path)
    stream = read_events(importer.name, path)
    while chunk := list(islice(stream, batch_size)):
        batch: dict[str, Event] = {}
        for item in chunk:
            if isinstance(item, InputError):
                result.failures.append(item)
            else:
                batch[item.doc_id] = item  # a re-issued row replaces the earlier one
        result.read += sum(1 for item in chunk if isinstance(item, Event))
        if batch:
            stored = _write(store, list(batch.values()), importer.name, path)
            result.stored += stored
            result.unchanged += len(batch) - stored
        if on_batch is not None:
            on_batch(result)
    return result


def _write(store: Any, events: list[Event], origin: str, path: str) -> int:
    """Store new or changed events (`Store.add_events`); returns how many were written."""
    return int(store.add_events(events, origin=origin))
