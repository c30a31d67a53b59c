"""An `EventCoder` codes by the lexicons it is given, never by the package's defaults behind them:
verbs, modality words and nominal words each come from the coder's own instance."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from detente.events import EventCoder
from detente.events.lexicon import default_modality, default_nominals, load_verb_patterns

pytestmark = pytest.mark.model



@pytest.fixture(scope="module")
def _coded(nlp, matcher):  # type: ignore[no-untyped-def]
    """Code a text with an `EventCoder`, after the production parse and actor stage."""

    def code(coder: EventCoder, text: str) -> list[tuple[object, ...]]:
        doc = nlp(text)
        return [
            (e.source and e.source.country, e.cameo, e.target and e.target.country, e.modality,
             e.rule)
            for e in coder.code(doc, matcher.match(doc))
        ]

    return code


def test_a_verb_lexicon_of_one_pattern_is_the_only_one_consulted(_coded, tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text('"042": [criticize]\n', encoding="utf-8")  # a deliberately wrong code
    text = "Chile criticized Argentina. Chile visited Argentina."
    ours = _coded(EventCoder(), text)
    assert [e[:3] for e in ours][:2] == [("CHL", "111", "ARG"), ("CHL", "042", "ARG")]
    mine = _coded(EventCoder(verbs=load_verb_patterns(path, label="one.yaml")), text)
    # "criticized" codes as the file says; "visited", known only to the package's verbs, codes
    # nothing
    assert mine == [("CHL", "042", "ARG", "asserted", "verb:one.yaml:criticize"),
                    ("ARG", "043", "CHL", "asserted", "verb:one.yaml:criticize; counterpart")]


def test_the_modality_words_given_decide_what_is_reported(_coded) -> None:
    text = "Chile said Argentina attacked Peru."
    ours = _coded(EventCoder(), text)
    assert ("ARG", "190", "PER", "asserted") in [e[:4] for e in ours]
    words = default_modality()
    doubting = replace(words, claim=words.claim | {"say"})  # "say" now only claims
    mine = _coded(EventCoder(modality=doubting), text)
    assert ("ARG", "190", "PER", "reported") in [e[:4] for e in mine]
    assert ("ARG", "190", "PER", "asserted") not in [e[:4] for e in mine]


def test_the_nominal_words_given_decide_whose_forces_act(_coded) -> None:
    # "-based" is the event stage's to read ("Saudi-led forces" the actor stage joins itself)
    text = "Pakistan-based militants attacked India."
    assert [e[:3] for e in _coded(EventCoder(), text)] == [("PAK", "190", "IND")]
    nominals = replace(default_nominals(), belonging_participles=frozenset({"led"}))
    # without "based" among the coder's words, the militants belong to no state
    assert [e[:3] for e in _coded(EventCoder(nominals=nominals), text)] == [
        (None, "190", "IND")
    ]
