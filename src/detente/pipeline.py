"""The coding pipeline: ingest → clean → parse → actors → events → ground → events records → store.

`Coder` holds the loaded stages (spaCy pipeline, actor matcher, event coder, grounder) and turns
documents into `Event` records; `analyze()` runs it over inputs and writes to a store, going on
past bad inputs and reporting them.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from detente.actors import ActorMatcher
from detente.clean import clean_document
from detente.errors import DetenteError, InputError, UsageError
from detente.events import EventCoder
from detente.events.ontology import cameo
from detente.ground import Grounder, find_publication_date
from detente.ingest import read_inputs
from detente.parse import DEFAULT_BATCH_SIZE, load_pipeline, parse
from detente.parse.tokens import ParsedDoc
from detente.records import (
    CleanDocument,
    DocContext,
    Document,
    Event,
    EventCandidate,
    Grounding,
    stable_id,
)
from detente.store import DocumentRow, SentenceRow, Store, StoreWriter

log = logging.getLogger("detente.pipeline")

# Documents read, coded and written to the store together (the parser batches 32 at a time):
# each store write scans stored rows, so fewer, larger writes keep a long run fast.
DOCUMENT_BATCH = 256


@dataclass(slots=True)
class CodedDocument:
    """One document after coding: what the store keeps and what the CLI summarises."""

    row: DocumentRow
    sentences: list[SentenceRow]
    events: list[Event]
    removed: tuple[str, ...] = ()


def content_hash(document: Document) -> str:
    """Identifies a document's content: re-analysing the same content stores nothing new."""
    return stable_id(document.text, document.date, document.format)


class Coder:
    """The loaded coding stages. Loading the spaCy model takes about two seconds: reuse a Coder."""

    def __init__(
        self,
        *,
        nlp: Language | None = None,
        model: str | None = None,
        actor_files: Sequence[str | Path] = (),
        issue_file: str | Path | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_pipeline(model)
        self.actors = ActorMatcher(self.nlp.vocab, extra=tuple(actor_files))
        self.events = EventCoder()
        self.grounder = Grounder(extra_issues=issue_file)
        self.batch_size = batch_size

    def code_documents(
        self, documents: Iterable[Document | InputError], *, n_process: int = 1
    ) -> Iterator[CodedDocument | InputError]:
        """Code documents in order; a bad one is yielded as an `InputError` and the rest go on."""
        pending_errors: list[InputError] = []

        def cleaned() -> Iterator[tuple[str, CleanDocument]]:
            for item in documents:
                if isinstance(item, InputError):
                    pending_errors.append(item)
                    continue
                try:
                    clean = clean_document(item)
                except InputError as exc:
                    pending_errors.append(_with_path(exc, item.path))
                    continue
                yield clean.text, clean

        for spacy_doc, clean in parse(
            cleaned(), self.nlp, batch_size=self.batch_size, n_process=n_process
        ):
            yield from _drain(pending_errors)
            try:
                yield self.code_parsed(spacy_doc, clean)
            except DetenteError as exc:
                yield _with_path(InputError(f"{clean.document.path}: {exc.message}"), clean)
            except Exception as exc:  # one broken document must not stop a batch of thousands
                log.exception("failed to code %s", clean.document.path)
                error = InputError(f"{clean.document.path}: could not be coded: {exc!r}")
                yield _with_path(error, clean)
        yield from _drain(pending_errors)

    def code_parsed(self, doc: Doc, clean: CleanDocument) -> CodedDocument:
        """Run actors, events and grounding on a parsed document and build its records."""
        document = clean.document
        pub_date, date_source = document.date, document.date_source
        if pub_date is None:
            found = find_publication_date(clean.text)
            if found is not None:
                pub_date, date_source = found[0], f"text: {found[1]}"
        parsed = ParsedDoc.of(doc, clean.text)
        sentences = list(parsed.sents)
        paragraph_of = _sentence_paragraphs(clean, [s.start_char for s in sentences])
        texts = [clean.text[s.start_char:s.end_char].strip() for s in sentences]
        context = DocContext(
            doc_id=document.id,
            pub_date=pub_date,
            paragraphs=clean.paragraphs,
            sentence_paragraphs=tuple(paragraph_of),
        )
        try:
            mentions = self.actors.match(parsed)
            candidates = self.events.code(parsed, mentions)
            groundings = self.grounder.ground(parsed, candidates, context) if candidates else []
        finally:
            parsed.release()
        events = build_events(document.id, texts, candidates, groundings, pub_date)
        row = DocumentRow(
            doc_id=document.id,
            path=document.path,
            content_hash=content_hash(document),
            title=document.title,
            url=document.url,
            source=document.source,
            pub_date=pub_date,
            date_source=date_source,
        )
        sentence_rows = [
            SentenceRow(document.id, i, text, paragraph_of[i], context.is_caption(i))
            for i, text in enumerate(texts)
        ]
        return CodedDocument(row, sentence_rows, events, clean.removed)

    def code_text(
        self, text: str, *, date: str | None = None, doc_id: str = "text"
    ) -> list[Event]:
        """Code one text (no store): the events of a sentence, a paragraph or an article.
        `date` is its publication date, YYYY-MM-DD (`UsageError` when it is not one)."""
        date = _publication_date(date)
        document = Document(
            id=doc_id, text=text, path=doc_id, date=date, date_source="option" if date else None
        )
        results = list(self.code_documents([document]))
        for result in results:
            if isinstance(result, InputError):
                raise result
        return [event for result in results if isinstance(result, CodedDocument)
                for event in result.events]


def _publication_date(value: object) -> str | None:
    """A publication date given to the API, checked: YYYY-MM-DD (or a `datetime.date`)."""
    import datetime

    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise UsageError(f"date {str(value)[:40]!r} is not a publication date of the form "
                     "YYYY-MM-DD")


def build_events(
    doc_id: str,
    sentence_texts: Sequence[str],
    candidates: Sequence[EventCandidate],
    groundings: Sequence[Grounding],
    pub_date: str | None,
) -> list[Event]:
    """Final event records: actors resolved on the event's date, ontology fields, stable ids."""
    events: dict[str, Event] = {}
    for candidate, grounding in zip(candidates, groundings, strict=True):
        when = _resolution_date(grounding.date, grounding.date_precision) or pub_date
        source = candidate.source.resolve(when) if candidate.source else None
        target = candidate.target.resolve(when) if candidate.target else None
        if source is None and target is None:
            continue  # an action with nobody named on either side says nothing about relations
        code = cameo(candidate.cameo)
        modality = candidate.modality
        if candidate.negated and modality == "asserted":
            modality = "denied"  # an event that did not happen is never emitted as asserted
        event_id = stable_id(
            doc_id,
            candidate.sentence_index,
            candidate.trigger_start,
            code.code,
            source.code if source else "",
            target.code if target else "",
        )
        if event_id in events:
            continue
        reported_by = candidate.reported_by.resolve(when) if candidate.reported_by else None
        events[event_id] = Event(
            id=event_id,
            doc_id=doc_id,
            sentence_index=candidate.sentence_index,
            sentence=sentence_texts[candidate.sentence_index],
            source=source,
            target=target,
            cameo=code.code,
            root=code.root,
            quad_class=code.quad_class,
            goldstein=code.goldstein,
            plover=code.plover,
            date=grounding.date,
            date_precision=grounding.date_precision,
            date_text=grounding.date_text,
            place=grounding.place,
            negated=candidate.negated,
            modality=modality,
            issues=grounding.issues,
            trigger=candidate.trigger,
            reported_by=reported_by,
        )
    return list(events.values())


# Where in a coarse period to look up who held office: "in the 1950s" (stored as 1950-01-01)
# means the decade, so Menderes (prime minister from May 1950) is in office in it.
_PERIOD_MIDDLE = {"month": (0, "-15"), "year": (0, "-07-01"), "decade": (5, "-07-01"),
                  "century": (50, "-01-01")}


def _resolution_date(date: str | None, precision: str | None) -> str | None:
    """The date on which to resolve a person's office for an event dated `date`."""
    if not date or precision not in _PERIOD_MIDDLE:
        return date
    years, rest = _PERIOD_MIDDLE[precision]
    if precision == "month":
        return date[:7] + rest
    return f"{int(date[:4]) + years:04d}{rest}"


def _sentence_paragraphs(clean: CleanDocument, sentence_starts: Sequence[int]) -> list[int]:
    """Paragraph index of each sentence, from character offsets in `clean.text`."""
    starts, offset = [], 0
    for paragraph in clean.paragraphs:
        starts.append(offset)
        offset += len(paragraph.text) + 2  # paragraphs are joined by a blank line
    return [max(0, bisect.bisect_right(starts, start) - 1) for start in sentence_starts]


def _with_path(error: InputError, where: object) -> InputError:
    if error.path is None:
        error.path = where.document.path if isinstance(where, CleanDocument) else str(where)
    return error


def _drain(errors: list[InputError]) -> Iterator[InputError]:
    while errors:
        yield errors.pop(0)


@dataclass(slots=True)
class AnalyzeResult:
    """What one `analyze` run did: coded documents, unchanged ones skipped, failures."""

    coded: list[CodedDocument] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    stored_mentions: int = 0

    @property
    def events(self) -> list[Event]:
        return [event for doc in self.coded for event in doc.events]

    @property
    def ok(self) -> bool:
        return not self.failures


def analyze(
    inputs: Sequence[str],
    *,
    db: str | Path | None = None,
    date: str | None = None,
    coder: Coder | None = None,
    force: bool = False,
    n_process: int = 1,
    keep_coded: bool = True,
    on_document: Callable[[CodedDocument | InputError | str], None] | None = None,
) -> AnalyzeResult:
    """Code the inputs and, unless `db` is None, store them (documents already stored with the
    same content are skipped unless `force`). Bad inputs are reported in `failures`.

    `keep_coded=False` keeps memory flat on large corpora: coded documents go to `on_document`
    and the store, not into the result."""
    coder = coder or Coder()
    result = AnalyzeResult()
    # released between batches, so `detente serve` and other readers can open the file
    store = Store(db, hold=False) if db is not None else None
    writer = StoreWriter(store) if store is not None else None
    notify = on_document or (lambda _item: None)
    try:
        stream = read_inputs(list(inputs), date=date)
        while batch := list(islice(stream, DOCUMENT_BATCH)):
            documents = [d for d in batch if isinstance(d, Document)]
            todo: list[Document | InputError] = list(batch)
            if writer is not None and not force:
                stored = writer.stored_hashes([d.id for d in documents])
                unchanged = {d.id for d in documents if stored.get(d.id) == content_hash(d)}
                todo = [d for d in batch if not (isinstance(d, Document) and d.id in unchanged)]
                for doc_id in sorted(unchanged):
                    result.unchanged.append(doc_id)
                    notify(doc_id)
            coded: list[CodedDocument] = []
            for item in coder.code_documents(todo, n_process=n_process):
                if isinstance(item, InputError):
                    result.failures.append(item)
                else:
                    coded.append(item)
                notify(item)
            if writer is not None and coded:
                # written on the writer's thread while the next batch is parsed
                writer.add(
                    [c.row for c in coded],
                    [s for c in coded for s in c.sentences],
                    [e for c in coded for e in c.events],
                )
            if keep_coded:
                result.coded.extend(coded)
    finally:
        try:
            if writer is not None:
                result.stored_mentions = writer.close()
        finally:
            if store is not None:
                store.close()
    return result
