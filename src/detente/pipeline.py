"""The coding pipeline: ingest → clean → parse → actors → events → ground → events records → store.

`Coder` holds the loaded stages (spaCy pipeline, actor matcher, event coder, grounder) and turns
documents into `Event` records; `analyze()` runs it over inputs and writes to a store, going on
past bad inputs and reporting them.
"""

from __future__ import annotations

import bisect
import logging
import re
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
from detente.events.coder import COUNTERPART
from detente.events.lexicon import VerbPattern, default_lexicon, load_verb_lexicon, merge_verbs
from detente.events.ontology import cameo
from detente.ground import Grounder, find_publication_date
from detente.identity import Identities
from detente.igos import is_igo
from detente.ingest import read_inputs
from detente.ingest.documents import repair_document
from detente.parse import DEFAULT_BATCH_SIZE, load_pipeline, parse
from detente.parse.tokens import ParsedDoc
from detente.records import (
    Actor,
    CleanDocument,
    DocContext,
    Document,
    Event,
    EventCandidate,
    Grounding,
    Paragraph,
    stable_id,
)
from detente.store import DocumentRow, SentenceRow, Store, StoreWriter

log = logging.getLogger("detente.pipeline")

#: A document longer than this many characters is parsed and coded in pieces of at most this
#: size (spaCy refuses texts over 1,000,000 characters, and see BATCH_CHARS).
PIECE_CHARS = 20_000
#: Characters parsed together at most. The parser's memory grows with the text it parses at
#: once, about 2.6 kB a character (20,000 characters: +60 MB; 200,000: +520 MB), so a batch is
#: closed by size as well as by count: a 220,000-character record parsed whole peaked at 820 MB.
#: 32 news articles of 1,300 characters (our benchmark corpus) stay one batch.
BATCH_CHARS = 60_000

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


def user_verbs(verb_files: Sequence[str | Path]) -> dict[str, list[VerbPattern]] | None:
    """Our verb patterns with those of users' lexicons added (later files win), or None for
    ours alone."""
    if not verb_files:
        return None
    return merge_verbs(default_lexicon()[0], *(load_verb_lexicon(p) for p in verb_files))


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
        verb_files: Sequence[str | Path] = (),
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        # a bad lexicon fails here, before the model loads
        verbs = user_verbs(verb_files)
        self.nlp = nlp if nlp is not None else load_pipeline(model)
        self.actors = ActorMatcher(self.nlp.vocab, extra=tuple(actor_files))
        self.events = EventCoder(verbs=verbs)
        # the grounding stage reads tense and conditions with the event stage's modality words
        self.grounder = Grounder(extra_issues=issue_file, modality=self.events.words)
        self.batch_size = batch_size

    def code_documents(
        self, documents: Iterable[Document | InputError], *, n_process: int = 1
    ) -> Iterator[CodedDocument | InputError]:
        """Code documents in order; a bad one is yielded as an `InputError` and the rest go on.

        A document longer than `PIECE_CHARS` is parsed and coded in pieces cut between
        paragraphs (or sentences), so neither spaCy's length limit nor the parser's memory, which
        grows with the words parsed together, depends on the longest document; its sentence
        indices and paragraphs count through the whole document."""
        pending_errors: list[InputError] = []

        def cleaned() -> Iterator[tuple[str, CleanDocument | _Piece]]:
            for item in documents:
                if isinstance(item, InputError):
                    pending_errors.append(item)
                    continue
                item = repair_document(item)
                try:
                    clean = clean_document(item)
                except InputError as exc:
                    pending_errors.append(_with_path(exc, item.path))
                    continue
                except Exception as exc:  # a page that breaks the HTML extractor, say
                    log.debug("failed to clean %s", item.path, exc_info=True)
                    error = InputError(f"{item.path}: could not be cleaned: {exc!r}")
                    pending_errors.append(_with_path(error, item.path))
                    continue
                text = clean.text
                if len(text) <= PIECE_CHARS:
                    yield text, clean
                else:
                    for piece in _pieces(clean):
                        yield piece.clean.text, piece

        pieces = _PieceCoder(self)
        for spacy_doc, context, failure in self._parse(cleaned(), n_process):
            yield from _drain(pending_errors)
            clean = context.whole if isinstance(context, _Piece) else context
            if isinstance(context, _Piece) and context.index == 0:
                pieces.start()
            result: CodedDocument | InputError | None
            try:
                if failure is not None:
                    raise failure
                assert spacy_doc is not None
                if isinstance(context, _Piece):
                    pieces.add(spacy_doc, context)
                    result = None
                else:
                    result = self.code_parsed(spacy_doc, clean)
            except DetenteError as exc:
                result = _with_path(InputError(f"{clean.document.path}: {exc.message}"), clean)
            except Exception as exc:  # one broken document must not stop a batch of thousands
                # the message names the document and the error; the traceback goes to debug logs
                log.debug("failed to code %s", clean.document.path, exc_info=True)
                error = InputError(f"{clean.document.path}: could not be coded: {exc!r}")
                result = _with_path(error, clean)
            if isinstance(context, _Piece):
                result = pieces.finish(context, result)
            if result is not None:
                yield result
        yield from _drain(pending_errors)

    def _parse(
        self, items: Iterable[tuple[str, _Context]], n_process: int
    ) -> Iterator[tuple[Doc | None, _Context, Exception | None]]:
        """(Doc, context, None) per text in order, or (None, context, error) for a text spaCy
        cannot parse. Texts are parsed in groups bounded by count and by characters; when a
        group fails, its texts are parsed one by one so only the culprit fails."""
        if n_process > 1:  # spaCy's own process pool: one stream, no per-text recovery
            for doc, context in parse(items, self.nlp, batch_size=self.batch_size,
                                      n_process=n_process):
                yield doc, context, None
            return
        group: list[tuple[str, _Context]] = []
        size = 0
        for text, context in items:
            group.append((text, context))
            size += len(text)
            if len(group) >= self.batch_size or size >= BATCH_CHARS:
                yield from self._parse_group(group)
                group, size = [], 0
        if group:
            yield from self._parse_group(group)

    def _parse_group(
        self, group: list[tuple[str, _Context]]
    ) -> Iterator[tuple[Doc | None, _Context, Exception | None]]:
        try:
            parsed = list(parse(group, self.nlp, batch_size=len(group)))
        except Exception as exc:
            log.warning("parsing a group of %d texts failed (%r); parsing them one by one",
                        len(group), exc)
        else:
            for doc, context in parsed:
                yield doc, context, None
            return
        for text, context in group:
            try:
                doc = self.nlp(text)
            except Exception as exc:
                yield None, context, exc
            else:
                yield doc, context, None

    def code_parsed(
        self,
        doc: Doc,
        clean: CleanDocument,
        *,
        publication: tuple[str | None, str | None] | None = None,
        offsets: tuple[int, int] = (0, 0),
        paragraph_map: Sequence[int] | None = None,
    ) -> CodedDocument:
        """Run actors, events and grounding on a parsed document and build its records.

        For a piece of a longer document, `publication` is the whole document's date and where
        it came from, `offsets` the sentences and tokens of the pieces before it, and
        `paragraph_map` the whole document's paragraph index of each paragraph of the piece."""
        document = clean.document
        if publication is None:
            publication = self.publication(clean)
        pub_date, date_source = publication
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
            mentions, filed = self.actors.match_filed(parsed)
            candidates = self.events.code(parsed, mentions, filed=filed)
            groundings = self.grounder.ground(parsed, candidates, context) if candidates else []
        finally:
            parsed.release()
        events = build_events(document.id, texts, candidates, groundings, pub_date,
                              offsets=offsets)
        row = DocumentRow(
            doc_id=document.id,
            path=document.path,
            content_hash=content_hash(document),
            title=document.title,
            url=document.url,
            source=document.source,
            pub_date=pub_date,
            date_source=date_source,
            source_key=document.key,
        )
        first = offsets[0]
        paragraphs = paragraph_of if paragraph_map is None else [paragraph_map[p]
                                                                  for p in paragraph_of]
        sentence_rows = [
            SentenceRow(document.id, first + i, text, paragraphs[i], context.is_caption(i))
            for i, text in enumerate(texts)
        ]
        return CodedDocument(row, sentence_rows, events, clean.removed)

    @staticmethod
    def publication(clean: CleanDocument) -> tuple[str | None, str | None]:
        """The document's publication date and where it came from (metadata, or its text)."""
        document = clean.document
        if document.date is None:
            found = find_publication_date(clean.text)
            if found is not None:
                return found[0], f"text: {found[1]}"
        return document.date, document.date_source

    def code_text(
        self, text: str, *, date: str | None = None, doc_id: str = "text"
    ) -> list[Event]:
        """Code one text (no store): the events of a sentence, a paragraph or an article.
        `date` is its publication date, YYYY-MM-DD (`UsageError` when it is not one)."""
        for name, value in (("text", text), ("doc_id", doc_id)):
            if not isinstance(value, str):
                raise UsageError(f"code_text: {name} must be a str, not {type(value).__name__}")
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


# Acts a state does to people of its own (protests, coercion, assault: "FBI agents arrested three
# Americans"); between two organs of one state any other act is a misread target.
_DOMESTIC_ROOTS = frozenset({"14", "17", "18"})
# Sectors that are the state itself acting (None: the state named as such).
_STATE_ORGANS = frozenset({None, "GOV", "MIL", "LEG", "JUD", "SPY", "COP"})


def _one_party(source: Actor, target: Actor) -> bool:
    """Two organs of one state ("the Canadian government" and "Canada"), or one organisation:
    never two sides of a relation. A state and its citizens, rebels or press stay two sides."""
    if source.country is None or source.country != target.country:
        return False
    if is_igo(source.country):
        return True
    return source.sector in _STATE_ORGANS and target.sector in _STATE_ORGANS


def build_events(
    doc_id: str,
    sentence_texts: Sequence[str],
    candidates: Sequence[EventCandidate],
    groundings: Sequence[Grounding],
    pub_date: str | None,
    *,
    offsets: tuple[int, int] = (0, 0),
) -> list[Event]:
    """Final event records: actors resolved on the event's date, ontology fields, stable ids.

    `offsets` are the sentences and tokens before `sentence_texts` in the document (a piece of a
    long document): indices and ids count through the whole document."""
    first_sentence, first_token = offsets
    events: dict[str, Event] = {}
    for candidate, grounding in zip(candidates, groundings, strict=True):
        when = _resolution_date(grounding.date, grounding.date_precision) or pub_date
        source = candidate.source.resolve(when) if candidate.source else None
        target = candidate.target.resolve(when) if candidate.target else None
        if source is None and target is None:
            continue  # an action with nobody named on either side says nothing about relations
        if (
            source is not None
            and target is not None
            and candidate.cameo[:2] not in _DOMESTIC_ROOTS
            and _one_party(source, target)
        ):
            # "Mulroney and Tambo would discuss Canadian sanctions" read as Canada with Canada,
            # "the IMF rejected an IMF demand": an act of one state's organs on each other is a
            # misread target, not a relation; the act stays, with its target unknown (its other
            # side, made by the counterpart rule, goes).
            if candidate.rule.endswith(COUNTERPART):
                continue
            target = None
        code = cameo(candidate.cameo)
        modality = candidate.modality
        if candidate.negated and modality == "asserted":
            modality = "denied"  # an event that did not happen is never emitted as asserted
        sentence_index = first_sentence + candidate.sentence_index
        event_id = stable_id(
            doc_id,
            sentence_index,
            first_token + candidate.trigger_start,
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
            sentence_index=sentence_index,
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
            rule=candidate.rule,
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


@dataclass(frozen=True, slots=True)
class _Piece:
    """A piece of a long document: its paragraphs, and where they are in the whole."""

    clean: CleanDocument  # the piece's paragraphs, with the whole document's metadata
    whole: CleanDocument
    paragraph_map: tuple[int, ...]  # the whole document's paragraph of each of the piece's
    index: int
    last: bool
    # The whole text has a paragraph break (a "\n\n" token of its own) before this piece.
    after_break: bool = False


_Context = CleanDocument | _Piece
# Where a paragraph longer than a piece may be cut: after a sentence's final punctuation.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")


def _pieces(clean: CleanDocument, limit: int | None = None) -> Iterator[_Piece]:
    """`clean` cut into pieces of at most `limit` characters, between paragraphs; a paragraph
    longer than that is cut after a sentence (failing that, between words)."""
    limit = limit or PIECE_CHARS
    units: list[tuple[int, Paragraph]] = []
    for i, paragraph in enumerate(clean.paragraphs):
        if len(paragraph.text) <= limit:
            units.append((i, paragraph))
        else:
            units.extend((i, Paragraph(part, paragraph.is_caption))
                         for part in _cut(paragraph.text, limit))
    groups: list[list[tuple[int, Paragraph]]] = [[]]
    size = 0
    for unit in units:
        extra = len(unit[1].text) + (2 if groups[-1] else 0)
        if groups[-1] and size + extra > limit:
            groups.append([])
            size, extra = 0, len(unit[1].text)
        groups[-1].append(unit)
        size += extra
    for n, group in enumerate(groups):
        yield _Piece(
            clean=CleanDocument(clean.document, tuple(p for _, p in group), clean.removed),
            whole=clean,
            paragraph_map=tuple(i for i, _ in group),
            index=n,
            last=n == len(groups) - 1,
            after_break=n > 0 and groups[n - 1][-1][0] != group[0][0],
        )


def _cut(text: str, limit: int) -> Iterator[str]:
    """`text` in parts of at most `limit` characters, cut after a sentence where possible."""
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > limit // 4 else window.rfind(" ") + 1
        if cut <= limit // 4:
            cut = limit  # no sentence end or space worth cutting at: a hard cut
        part = window[:cut].strip()
        if part:
            yield part
        start += cut
    rest = text[start:].strip()
    if rest:
        yield rest


class _PieceCoder:
    """Codes the pieces of one long document in turn and joins them into one `CodedDocument`."""

    def __init__(self, coder: Coder) -> None:
        self.coder = coder
        self.start()

    def start(self) -> None:
        """Forget the last document: the next piece is the first of another."""
        self.parts: list[CodedDocument] = []
        self.failure: InputError | None = None
        self.sentences = self.tokens = 0
        self.publication: tuple[str | None, str | None] | None = None

    def add(self, doc: Doc, piece: _Piece) -> None:
        """Code one piece (pieces come in order, after `start`)."""
        if self.failure is not None:
            return
        if self.publication is None:
            self.publication = self.coder.publication(piece.whole)
        if piece.after_break:
            self.tokens += 1  # the whole document's "\n\n" token between the two paragraphs
        coded = self.coder.code_parsed(
            doc, piece.clean, publication=self.publication,
            offsets=(self.sentences, self.tokens), paragraph_map=piece.paragraph_map,
        )
        self.parts.append(coded)
        self.sentences += len(coded.sentences)
        self.tokens += len(doc)

    def finish(
        self, piece: _Piece, result: CodedDocument | InputError | None
    ) -> CodedDocument | InputError | None:
        """The whole document after its last piece (or its first error), else None."""
        if isinstance(result, InputError) and self.failure is None:
            self.failure = result
        if not piece.last:
            return None
        failure, parts = self.failure, self.parts
        self.start()
        if failure is not None:
            return failure
        events: dict[str, Event] = {}
        for part in parts:
            for event in part.events:
                events.setdefault(event.id, event)
        return CodedDocument(
            parts[0].row,
            [s for part in parts for s in part.sentences],
            list(events.values()),
            piece.whole.removed,
        )


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
    #: Documents whose stored earlier version (and its event mentions) this run replaced.
    replaced: list[str] = field(default_factory=list)
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
    same content are skipped unless `force`). Bad inputs are reported in `failures`. Which
    stored document an input is follows `detente.identity`.

    `keep_coded=False` keeps memory flat on large corpora: coded documents go to `on_document`
    and the store, not into the result."""
    coder = coder or Coder()
    result = AnalyzeResult()
    # released between batches, so `detente serve` and other readers can open the file
    store = Store(db, hold=False) if db is not None else None
    writer = StoreWriter(store) if store is not None else None
    notify = on_document or (lambda _item: None)
    try:
        stream = read_inputs(inputs, date=date)
        identities = Identities(writer.stored_documents if writer is not None else None,
                                force=force)
        while batch := list(islice(stream, DOCUMENT_BATCH)):
            todo = resolve_batch(identities, batch, result, notify)
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


def resolve_batch(
    identities: Identities,
    batch: Sequence[Document | InputError],
    result: AnalyzeResult,
    notify: Callable[[CodedDocument | InputError | str], None],
) -> list[Document | InputError]:
    """The batch with each document under its store id (`detente.identity`); documents already
    stored unchanged are left out, counted in `result.unchanged` and passed to `notify`."""
    documents = [d for d in batch if isinstance(d, Document)]
    resolved = iter(identities.resolve(documents, [content_hash(d) for d in documents]))
    todo: list[Document | InputError] = []
    for item in batch:
        if isinstance(item, Document):
            one = next(resolved)
            if one.status == "unchanged":
                result.unchanged.append(one.document.id)
                notify(one.document.id)
                continue
            if one.status == "replaces":
                result.replaced.append(one.document.id)
            item = one.document
        todo.append(item)
    return todo
