"""Constructions of real wire copy, on our own sentences: datelines, and the actors around them."""

from __future__ import annotations

import pytest

from detente.parse.datelines import dateline_length

pytestmark = pytest.mark.model


def _triples(coder, text: str, date: str = "1990-05-02") -> set[tuple[str | None, str, str | None]]:
    return {
        (e.source.country if e.source else None, e.root, e.target.country if e.target else None)
        for e in coder.code_text(text, date=date)
    }


@pytest.mark.parametrize(
    "text",
    [
        "OSLO, May 2 - ",
        "BUENOS AIRES, Argentina, May 2 (Wire) - ",
        "CANBERRA - ",
        "ST. JOHN'S, May 2 - ",
    ],
)
def test_dateline_heads_are_recognised(text: str) -> None:
    assert dateline_length(text + "Norway thanked Sweden.") >= len(text.rstrip())


@pytest.mark.parametrize(
    "text",
    [
        "Oslo, Stockholm and Helsinki protested to Moscow.",
        "A. Larsen: the deal is done.",
        "Norway, Denmark and Sweden met on Monday - and agreed.",
    ],
)
def test_running_text_is_not_a_dateline(text: str) -> None:
    assert dateline_length(text) == 0


def test_dateline_place_is_never_an_actor(coder) -> None:
    triples = _triples(
        coder, "OSLO, May 2 - Argentina accused Chile of violating the fishing accord."
    )
    assert ("ARG", "11", "CHL") in triples
    assert not any("NOR" in (s, t) for s, _, t in triples)


def test_sentence_after_a_dateline_keeps_its_subject(coder) -> None:
    events = coder.code_text(
        "CANBERRA, May 2 (Wire) - Japan and Peru signed a fisheries agreement today.",
        date="1990-05-02",
    )
    pairs = {(e.source.country, e.target.country) for e in events if e.source and e.target}
    assert {("JPN", "PER"), ("PER", "JPN")} <= pairs
    assert all("CANBERRA" not in e.sentence for e in events)
