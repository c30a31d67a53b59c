"""Plain records passed between pipeline stages.

Every stage takes and returns these dataclasses; none of them knows about files, the CLI or the
store. `Event.to_dict()` is the public JSON-lines contract (see README, "The event record").
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

MODALITIES = ("asserted", "intended", "hypothetical", "reported", "denied")
DATE_PRECISIONS = ("day", "month", "year", "decade", "century")


@dataclass(frozen=True, slots=True)
class Document:
    """One input document as read by `detente.ingest`, before cleaning."""

    id: str
    text: str
    path: str
    format: str = "text"  # "text" or "html"
    date: str | None = None  # publication date, ISO YYYY-MM-DD
    date_source: str | None = None  # "metadata", "option", "text" or None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    # Where the document came from, which identifies it in the store: "file:" and the resolved
    # path, "record:" and the corpus's resolved path with the record's id (or line), or "stdin:"
    # and a hash of the content. None (documents made in Python): the id alone identifies it.
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of cleaned text; captions are kept apart so their dates stay their own."""

    text: str
    is_caption: bool = False


@dataclass(frozen=True, slots=True)
class CleanDocument:
    """A document after `detente.clean`: boilerplate removed, paragraphs kept."""

    document: Document
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[str, ...] = ()  # what cleaning dropped, for provenance and debugging

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Term:
    """A period in which a person held an office that makes them a given actor."""

    country: str
    sector: str
    start: str | None  # ISO date or None for open start
    end: str | None  # ISO date or None for still in office
    role: str = ""

    def covers(self, date: str | None) -> bool:
        if date is None:
            return self.end is None
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    """The public actor record of an event (`source` / `target`)."""

    code: str
    country: str | None
    sector: str | None
    text: str
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "text": self.text,
            "name": self.name,
        }


def actor_code(country: str | None, sector: str | None) -> str:
    """CAMEO-style code: country then sector, e.g. TURGOV; either part may be missing."""
    return f"{country or ''}{sector or ''}"


@dataclass(slots=True)  # made by the thousand: not frozen (a frozen init costs ~4x)
class ActorMention:
    """An actor found in a parsed document (token offsets are into the spaCy Doc).

    `country`/`sector` are what the text itself says ("Turkish army" → TUR, MIL). For people,
    `terms` holds their offices; the final code depends on the event's date (`resolve`).
    """

    start: int
    end: int
    text: str
    country: str | None
    sector: str | None
    name: str | None = None
    # state, capital, place, person, role, igo, group, ethnic, historical, pronoun
    kind: str = "state"
    terms: tuple[Term, ...] = ()
    explicit_sector: bool = False  # the sector came from a role word in the text, not a default
    country_from_dateline: bool = False  # a role alone, placed in the state the story is filed from
    people: bool = False  # a people noun ("Nigerians", "ethnic Turks"): a state's people, not it
    seat: bool = False  # a capital named as a place ("in Washington"): its government is there

    def resolve(self, date: str | None) -> Actor:
        """The actor on `date`: a person in office is GOV of that state, out of office ELI."""
        country, sector = self.country, self.sector
        place = self.kind == "place"  # "in Moscow": the state of the date, never an office
        if self.terms:
            current = next((t for t in self.terms if t.covers(date)), None)
            if current is not None:
                country = current.country
                if not place and (not self.explicit_sector or sector is None):
                    sector = current.sector
            else:
                country = country or _nearest_term(self.terms, date).country
                if not self.explicit_sector and not place:
                    sector = "ELI"
        return Actor(
            code=actor_code(country, sector),
            country=country,
            sector=sector,
            text=self.text,
            name=self.name,
        )


def _nearest_term(terms: tuple[Term, ...], date: str | None) -> Term:
    if date is None:
        return terms[-1]
    before = [t for t in terms if t.end is not None and t.end < date]
    return before[-1] if before else terms[0]


@dataclass(slots=True)  # made by the thousand: not frozen (a frozen init costs ~4x)
class EventCandidate:
    """An event found by `detente.events` before dates, places and final actor codes."""

    sentence_index: int
    trigger: str
    trigger_start: int  # token offset of the trigger in the Doc
    cameo: str
    source: ActorMention | None
    target: ActorMention | None
    negated: bool = False
    modality: str = "asserted"
    reported_by: ActorMention | None = None
    rule: str = ""  # which mechanism produced it, for error analysis


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None
    lat: float | None
    lon: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(slots=True)  # made by the thousand: not frozen (a frozen init costs ~4x)
class Grounding:
    """When, where and about what an event is (from `detente.ground`)."""

    date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    place: Place | None = None
    issues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event: the public record."""

    id: str
    doc_id: str
    sentence_index: int
    sentence: str
    source: Actor | None
    target: Actor | None
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: str
    date: str | None
    date_precision: str | None
    date_text: str | None
    place: Place | None
    negated: bool
    modality: str
    issues: tuple[str, ...]
    trigger: str
    reported_by: Actor | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # what coded it: mechanism and lexicon entry ("verb:events/data/verbs.yaml:accuse")
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": self.id,
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "root": self.root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": self.plover,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "place": self.place.to_dict() if self.place else None,
            "negated": self.negated,
            "modality": self.modality,
            "issues": list(self.issues),
            "trigger": self.trigger,
            "rule": self.rule,
        }
        if self.reported_by is not None:
            record["reported_by"] = self.reported_by.to_dict()
        record.update(self.extra)
        return record


def json_default(value: Any) -> Any:
    """`json.dumps(default=...)` for numpy numbers and dates inside analysis results."""
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# `json.dumps` with options builds a new encoder on every call: one encoder, the same output.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def stable_id(*parts: object) -> str:
    """A short, stable content hash (the same input gives the same id on every run)."""
    payload = _ENCODE([str(p) for p in parts])
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=10).hexdigest()


@dataclass(frozen=True, slots=True)
class DocContext:
    """What grounding needs to know about the document an event comes from."""

    doc_id: str
    pub_date: str | None
    paragraphs: tuple[Paragraph, ...]
    sentence_paragraphs: tuple[int, ...]  # paragraph index of each sentence

    def is_caption(self, sentence_index: int) -> bool:
        return self.paragraphs[self.sentence_paragraphs[sentence_index]].is_caption
