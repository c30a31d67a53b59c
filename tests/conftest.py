"""Shared fixtures. The production pipeline (`load_pipeline()`, `Coder`) is loaded once per test
session and every test that parses goes through it, as users' runs do."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from detente.records import ActorMention, DocContext, Event, EventCandidate, Paragraph

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data {path} is not present on this machine")
    return path


@pytest.fixture(scope="session")
def shared_file() -> Callable[..., Path]:
    """`shared_file("seed", name)`: a reference file beside the repository, or skip the test
    with a message naming it."""
    return _shared_file


@pytest.fixture(scope="session")
def semantic_fallback() -> ModuleType:
    """bench/semantic_fallback.py, the measured experiment its tests check (bench/ is scripts,
    not a package: loaded from its file, with nothing added to sys.path)."""
    name = "semantic_fallback"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up by name
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from detente.parse import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def coder(nlp):  # type: ignore[no-untyped-def]
    from detente.pipeline import Coder

    return Coder(nlp=nlp)


@pytest.fixture(scope="session")
def triples_of(coder):  # type: ignore[no-untyped-def]
    """(source country, CAMEO root, target country) of each event coded in a text."""

    def triples(text: str, date: str = "1990-05-02") -> set[tuple[str | None, str, str | None]]:
        return {
            (e.source.country if e.source else None, e.root, e.target.country if e.target else None)
            for e in coder.code_text(text, date=date)
        }

    return triples


@pytest.fixture(scope="session")
def matcher(coder):  # type: ignore[no-untyped-def]
    """The actor stage of the production coder."""
    return coder.actors


@pytest.fixture(scope="session")
def grounder(coder):  # type: ignore[no-untyped-def]
    """The grounding stage of the production coder."""
    return coder.grounder


@pytest.fixture(scope="session")
def seed_events(coder, shared_file):  # type: ignore[no-untyped-def]
    """The events of the seed article (a 2016 analysis of Turkish–Russian relations, in
    ../shared), coded once for every test that reads them."""
    from detente.records import Document

    path = shared_file("seed", "000_a488dd144c49220e.txt")
    document = Document(id="seed", text=path.read_text(encoding="utf-8"), path=str(path),
                        date="2016-08-10", date_source="option")
    (coded,) = list(coder.code_documents([document]))
    assert coded.events, "the seed article codes no event at all"
    return list(coded.events)


# -- records we write by hand, for the store, the analyses and the web API --------------------


def _make_event(doc_id: str, index: int, sentence: str, cameo: str = "042", *,
                date: str | None = "2023-03-16", precision: str | None = "day",
                source: str = "KOR", target: str = "JPN") -> Event:
    from detente.records import Actor, Place, stable_id

    return Event(
        id=stable_id(doc_id, index, cameo, source, target),
        doc_id=doc_id, sentence_index=index, sentence=sentence,
        source=Actor(f"{source}GOV", source, "GOV", f"{source} text", None),
        target=Actor(f"{target}GOV", target, "GOV", f"{target} text", None),
        cameo=cameo, root=cameo[:2], quad_class=1, goldstein=1.9, plover="CONSULT",
        date=date, date_precision=precision, date_text="March 16" if date else None,
        place=Place("Tokyo", "JPN", 35.69, 139.69), negated=False, modality="asserted",
        issues=("TRADE",), trigger="visited",
    )


def _add_doc(store: Any, doc_id: str, events: list[Event], content: str = "v1") -> int:
    from detente.store import DocumentRow, SentenceRow

    row = DocumentRow(doc_id=doc_id, path=doc_id, content_hash=content, pub_date="2023-09-04")
    sentences = [SentenceRow(doc_id, e.sentence_index, e.sentence, 0, False) for e in events]
    return int(store.add([row], sentences, events))


@pytest.fixture(scope="session")
def make_event() -> Callable[..., Event]:
    """`make_event(doc_id, index, sentence, cameo, source=, target=, date=)`: a coded event
    between two governments, as the coder would store it."""
    return _make_event


@pytest.fixture(scope="session")
def add_doc() -> Callable[..., int]:
    """`add_doc(store, doc_id, events, content)`: store a document with its sentences and
    events; the number of events added."""
    return _add_doc


# -- event files of other datasets, written by us field by field --------------------------------

# One GDELT 1.0 daily-file row, written field by field in the published order.
G1_HEAD = ["510000001", "20160809", "201608", "2016", "2016.6055"]
G1_ACTOR1 = ["TURGOV", "TURKEY", "TUR", "", "", "", "", "GOV", "", ""]
G1_ACTOR2 = ["RUSGOV", "RUSSIA", "RUS", "", "", "", "", "GOV", "", ""]
G1_EVENT = ["1", "042", "042", "04", "1", "1.9", "12", "3", "12", "1.75"]
G1_GEO_A1 = ["1", "Turkey", "TU", "TU", "39", "35", "TU"]
G1_GEO_A2 = ["1", "Russia", "RS", "RS", "60", "100", "RS"]
G1_GEO_ACTION = ["4", "Saint Petersburg, Russia", "RS", "RS66", "59.89", "30.26", "-2999"]
G1_TAIL = ["20160810", "https://example.org/news/summit"]


def _gdelt1_row() -> list[str]:
    row = (
        G1_HEAD + G1_ACTOR1 + G1_ACTOR2 + G1_EVENT + G1_GEO_A1 + G1_GEO_A2 + G1_GEO_ACTION + G1_TAIL
    )
    assert len(row) == 58
    return row


def _gdelt2_row() -> list[str]:
    # 2.0 adds ADM2Code after ADM1Code in each geography block; DATEADDED has a time.
    def geo(block: list[str]) -> list[str]:
        return block[:4] + [""] + block[4:]

    row = (
        ["620000002", "20220224", "202202", "2022", "2022.1479"]
        + ["RUSMIL", "RUSSIA", "RUS", "", "", "", "", "MIL", "", ""]
        + ["UKR", "UKRAINE", "UKR", "", "", "", "", "", "", ""]
        + ["1", "190", "190", "19", "4", "-10.0", "40", "8", "40", "-8.2"]
        + geo(G1_GEO_A2) + geo(["1", "Ukraine", "UP", "UP", "49", "32", "UP"])
        + geo(["4", "Kyiv, Kyyiv, Misto, Ukraine", "UP", "UP12", "50.45", "30.52", "-1044367"])
        + ["20220224061500", "https://example.org/news/invasion"]
    )
    assert len(row) == 61
    return row



ICEWS_COLUMNS = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
]  # fmt: skip

POLECAT_COLUMNS = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector",
    "Recipient Sectors", "Placename", "City", "District", "Province", "Country", "Latitude",
    "Longitude", "Source", "Publication Date",
]  # fmt: skip


@pytest.fixture(scope="session")
def gdelt1_row() -> Callable[[], list[str]]:
    """`gdelt1_row()`: a fresh GDELT 1.0 daily-file row (58 fields)."""
    return _gdelt1_row


@pytest.fixture(scope="session")
def gdelt2_row() -> Callable[[], list[str]]:
    """`gdelt2_row()`: a fresh GDELT 2.0 events row (61 fields)."""
    return _gdelt2_row


@pytest.fixture(scope="session")
def icews_columns() -> list[str]:
    """The columns of an ICEWS event file, in its published order."""
    return list(ICEWS_COLUMNS)


@pytest.fixture(scope="session")
def polecat_columns() -> list[str]:
    """The columns of a POLECAT event file, in its published order."""
    return list(POLECAT_COLUMNS)


# -- the grounding stage on paragraphs we wrote --------------------------------------------------


@pytest.fixture(scope="session")
def parse_paragraphs(nlp) -> Callable[..., tuple[Any, DocContext]]:  # type: ignore[no-untyped-def]
    """`parse_paragraphs(paragraphs, pub_date)`: the parsed document and its `DocContext`, as
    `Coder.code_parsed` builds them; a paragraph is a text or (text, is_caption)."""
    from detente.parse.tokens import ParsedDoc
    from detente.pipeline import _sentence_paragraphs
    from detente.records import CleanDocument, Document

    def parse(paragraphs: Sequence[str | tuple[str, bool]],
              pub_date: str | None = "2016-08-10") -> tuple[Any, DocContext]:
        paras = tuple(Paragraph(p) if isinstance(p, str) else Paragraph(p[0], p[1])
                      for p in paragraphs)
        clean = CleanDocument(Document("test", "", "test"), paras)
        parsed = ParsedDoc.of(nlp(clean.text), clean.text)
        starts = [s.start_char for s in parsed.sents]
        context = DocContext("test", pub_date, paras,
                             tuple(_sentence_paragraphs(clean, starts)))
        return parsed, context

    return parse


def candidate_at(doc, trigger: str, *, nth: int = 0,  # type: ignore[no-untyped-def]
                 source: ActorMention | None = None, target: ActorMention | None = None,
                 modality: str = "asserted") -> EventCandidate:
    """A candidate whose trigger is the nth token with text `trigger` (the grounding stage's
    input; which event it is does not change where and when it happened)."""
    tok = [t for t in doc if t.text == trigger][nth]
    index = next(i for i, s in enumerate(doc.sents) if s.start <= tok.i < s.end)
    return EventCandidate(index, trigger, tok.i, "010", source, target, modality=modality)


def mention_at(doc, text: str, country: str | None,  # type: ignore[no-untyped-def]
               kind: str = "state") -> ActorMention:
    """An actor mention of the words `text`, starting at the first token of its first word."""
    start = next(t.i for t in doc if t.text == text.split()[0])
    return ActorMention(start, start + len(text.split()), text, country, None, kind=kind)


@pytest.fixture(scope="session")
def candidate() -> Callable[..., EventCandidate]:
    return candidate_at


@pytest.fixture(scope="session")
def mention() -> Callable[..., ActorMention]:
    return mention_at


# -- the whole coder on sentences we wrote -------------------------------------------------------


@pytest.fixture(scope="session")
def code(coder) -> Callable[[str], list[Any]]:  # type: ignore[no-untyped-def]
    """`code(text)`: the events `Coder.code_text` gives for our sentence, published on
    2016-08-10 (the time of the Turkish–Russian events most of them describe)."""
    return lambda text: coder.code_text(text, date="2016-08-10")
