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

from detente.records import ActorMention, DocContext, EventCandidate, Paragraph

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
def example_article() -> Path:
    """The article shipped in examples/ (our own text), which `make demo` codes."""
    return REPO / "examples" / "japan-korea-thaw.txt"


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
