"""Which stored document a new one is: the rule that keeps documents from replacing each other.

A document is identified by where it came from (`Document.key`): a file by its resolved path (so
`x`, `./x` and `/abs/x` are one document), a corpus record by its corpus file and its own id (or
its line when it has none), standard input by its content. Then:

- the same source with the same content is already stored: it is skipped;
- the same source with new content is a new version: it replaces the stored one (its sentences
  and event mentions), and a warning says how many stored event mentions that drops;
- a different source never replaces anything: when its id is already taken by another source, in
  the store or earlier in the run, it is stored under the id followed by `@` and 8 hex digits of
  its source (`1@3f2a9c1d`), and a warning says so.

The `@` suffix is the same on every run, so re-running a command stores nothing twice. Stores
made before documents had a source key identify those by id alone, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from detente.records import Document, stable_id
from detente.store import StoredDocument

log = logging.getLogger("detente.identity")

Lookup = Callable[[Sequence[str], Sequence[str]], list[StoredDocument]]


@dataclass(slots=True)
class Resolved:
    """A document of the run with the id it is stored under, and what storing it does."""

    document: Document
    status: str  # "new", "unchanged" (already stored: skip) or "replaces" (a new version)
    replaced_mentions: int = 0  # event mentions the stored version had (status "replaces")


@dataclass(slots=True)
class Identities:
    """Resolves the documents of one run against the store (`lookup`, None without a store)
    and against the documents seen earlier in the run."""

    lookup: Lookup | None = None
    force: bool = False
    _ids: dict[str, str] = field(default_factory=dict)  # doc_id -> source key, this run
    _keys: dict[str, str] = field(default_factory=dict)  # source key -> doc_id, this run

    def resolve(self, documents: Sequence[Document], hashes: Sequence[str]) -> list[Resolved]:
        """The documents in order with their store ids; `hashes` are their content hashes."""
        keys = [_key(d) for d in documents]
        stored: list[StoredDocument] = []
        if self.lookup is not None and documents:
            stored = self.lookup([d.id for d in documents], keys)
        by_key = {s.source_key: s for s in stored if s.source_key is not None}
        by_id = {s.doc_id: s for s in stored}
        return [self._one(d, key, h, by_key, by_id)
                for d, key, h in zip(documents, keys, hashes, strict=True)]

    def _one(
        self,
        document: Document,
        key: str,
        content: str,
        by_key: dict[str, StoredDocument],
        by_id: dict[str, StoredDocument],
    ) -> Resolved:
        if key in self._keys:  # the same source twice in one run (e.g. the same text on stdin)
            return Resolved(_renamed(document, self._keys[key]), "unchanged")
        same = by_key.get(key)
        if same is None:
            legacy = by_id.get(document.id)
            if legacy is not None and (legacy.source_key is None or legacy.source_key == key):
                same = legacy  # stored before documents had a source key: the id decides
        if same is not None and self._ids.get(same.doc_id, key) == key:
            self._remember(same.doc_id, key)
            document = _renamed(document, same.doc_id)
            if same.content_hash == content and not self.force:
                return Resolved(document, "unchanged")
            if same.content_hash != content:
                log.warning(
                    "%s: changed since it was stored as %r; the new version replaces the stored "
                    "one and its %d event mention(s)", _name(document), same.doc_id,
                    same.n_events or 0,
                )
            return Resolved(document, "replaces", same.n_events or 0)
        doc_id = document.id
        taken = by_id.get(doc_id)
        if (taken is not None and taken.source_key not in (None, key)) or (
            self._ids.get(doc_id, key) != key
        ):
            doc_id = f"{document.id}@{stable_id(key)[:8]}"
            log.warning(
                "%s: the id %r is already used by another document (%s); this one is stored "
                "as %r", _name(document), document.id,
                _where(taken.source_key if taken is not None and taken.source_key
                       else self._ids.get(document.id)), doc_id,
            )
        self._remember(doc_id, key)
        return Resolved(_renamed(document, doc_id), "new")

    def _remember(self, doc_id: str, key: str) -> None:
        self._ids[doc_id] = key
        self._keys[key] = doc_id


def _key(document: Document) -> str:
    return document.key if document.key is not None else f"id:{document.id}"


def _renamed(document: Document, doc_id: str) -> Document:
    return document if document.id == doc_id else replace(document, id=doc_id)


def _name(document: Document) -> str:
    """How a warning names a document: its path, and its id when that is not the path."""
    if document.id == document.path:
        return document.path
    return f"{document.path}, id {document.id!r}"


def _where(key: str | None) -> str:
    """A source key as a reader would say it."""
    if key is None:
        return "an earlier run"
    kind, _, rest = key.partition(":")
    if kind == "record":
        path, _, which = rest.rpartition("#")
        return f"{which} of {path}"
    if kind == "stdin":
        return "another text from standard input"
    return rest
