"""Writing coded batches on a background thread while the next batch is parsed."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from detente.records import Event
from detente.store.rows import DocumentRow, SentenceRow, StoredDocument

if TYPE_CHECKING:
    from detente.store import Store


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
