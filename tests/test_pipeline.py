"""Building event records from candidates: dates, offices, modality, ids."""

from __future__ import annotations

from detente.pipeline import _sentence_paragraphs, build_events
from detente.records import (
    ActorMention,
    CleanDocument,
    Document,
    EventCandidate,
    Grounding,
    Paragraph,
    Term,
)

MENDERES = ActorMention(
    0, 2, "Adnan Menderes", "TUR", None, "Adnan Menderes", kind="person",
    terms=(Term("TUR", "GOV", "1950-05-22", "1960-05-27", "prime minister"),),
)
USA = ActorMention(5, 6, "Washington", "USA", "GOV", kind="capital")
SENTENCES = ["In the late 1950s, Adnan Menderes clashed with Washington over aid."]


def candidate(**changes) -> EventCandidate:
    fields = {"sentence_index": 0, "trigger": "clashed", "trigger_start": 3, "cameo": "111",
              "source": MENDERES, "target": USA}
    fields.update(changes)
    return EventCandidate(**fields)


def test_a_person_is_resolved_in_office_during_a_coarse_period():
    decade = Grounding(date="1950-01-01", date_precision="decade", date_text="in the 1950s")
    (event,) = build_events("d", SENTENCES, [candidate()], [decade], "2016-08-10")
    assert event.source.code == "TURGOV"  # the decade's middle, not its first day
    (later,) = build_events("d", SENTENCES, [candidate()], [Grounding()], "2016-08-10")
    assert later.source.code == "TURELI"  # undated: the publication date, long after his term


def test_ontology_fields_and_stable_ids():
    (first,) = build_events("d", SENTENCES, [candidate()], [Grounding()], "2016-08-10")
    (again,) = build_events("d", SENTENCES, [candidate()], [Grounding()], "2016-08-10")
    assert first.id == again.id
    assert (first.root, first.quad_class, first.plover) == ("11", 3, "ACCUSE")
    assert first.goldstein < 0


def test_a_negated_event_is_never_asserted():
    (event,) = build_events("d", SENTENCES, [candidate(negated=True)], [Grounding()], None)
    assert event.negated and event.modality != "asserted"


def test_duplicate_candidates_and_actorless_events_are_dropped():
    events = build_events(
        "d", SENTENCES,
        [candidate(), candidate(), candidate(source=None, target=None, trigger_start=4)],
        [Grounding()] * 3, None,
    )
    assert len(events) == 1


def test_sentences_are_placed_in_their_paragraphs():
    clean = CleanDocument(Document("d", "", "d"), (Paragraph("One. Two."), Paragraph("Three.")))
    # "One." at 0, "Two." at 5, "Three." after the blank line at 11
    assert _sentence_paragraphs(clean, [0, 5, 11]) == [0, 0, 1]
