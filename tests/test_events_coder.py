"""Event coding on sentences we wrote, one construction, modality and root at a time."""

from __future__ import annotations

import pytest

from detente.events import EventCoder
from detente.records import ActorMention, EventCandidate

pytestmark = pytest.mark.model

# Actors our sentences use, by the exact words that name them.
ACTORS: dict[str, tuple[str, str | None]] = {
    "Russian President Vladimir Putin": ("RUS", "GOV"),
    "Turkish counterpart": ("TUR", "GOV"),
    "Russian forces": ("RUS", "MIL"),
    "Turkish troops": ("TUR", "MIL"),
    "Kurdish militias": ("KUR", "REB"),
    "Kurdish fighters": ("KUR", "REB"),
    "United States": ("USA", None),
    "Washington": ("USA", "GOV"),
    "Moscow": ("RUS", "GOV"),
    "Ankara": ("TUR", "GOV"),
    "Kremlin": ("RUS", "GOV"),
    "Erdogan": ("TUR", "GOV"),
    "Putin": ("RUS", "GOV"),
    "Russia": ("RUS", None),
    "Turkey": ("TUR", None),
    "Armenia": ("ARM", None),
    "Syria": ("SYR", None),
    "Iran": ("IRN", None),
    "Russian": ("RUS", None),
    "Turkish": ("TUR", None),
    "Syrian": ("SYR", None),
}


def mentions_for(doc) -> list[ActorMention]:  # type: ignore[no-untyped-def]
    """Mentions for the phrases in ACTORS, longest first, non-overlapping."""
    words = [t.text for t in doc]
    taken: set[int] = set()
    found: list[ActorMention] = []
    for phrase in sorted(ACTORS, key=lambda p: -len(p.split())):
        parts = phrase.split()
        for start in range(len(words) - len(parts) + 1):
            span = range(start, start + len(parts))
            if words[start : start + len(parts)] == parts and not taken & set(span):
                country, sector = ACTORS[phrase]
                found.append(ActorMention(start, start + len(parts), phrase, country, sector))
                taken.update(span)
    return sorted(found, key=lambda m: m.start)


@pytest.fixture(scope="module")
def code(nlp):  # type: ignore[no-untyped-def]
    coder = EventCoder()

    def run(text: str) -> list[EventCandidate]:
        doc = nlp(text)
        return coder.code(doc, mentions_for(doc))

    return run


def triples(events: list[EventCandidate]) -> set[tuple[str | None, str | None, str]]:
    return {
        (e.source.country if e.source else None, e.target.country if e.target else None, e.cameo)
        for e in events
    }


def only(events: list[EventCandidate]) -> EventCandidate:
    assert len(events) == 1, events
    return events[0]


# -- constructions ---------------------------------------------------------------------------


def test_active_subject_and_object(code) -> None:  # type: ignore[no-untyped-def]
    event = only(
        code("Russian President Vladimir Putin called his Turkish counterpart on Saturday.")
    )
    assert (event.source.country, event.target.country, event.cameo) == ("RUS", "TUR", "041")
    assert event.trigger == "called" and event.modality == "asserted" and not event.negated


def test_prepositional_object(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Putin met with Erdogan in Sochi.")) == {("RUS", "TUR", "040")}
    assert ("TUR", "KUR", "190") in triples(code("Turkish troops clashed with Kurdish militias."))


def test_passive_with_agent(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Turkey was attacked by Russian forces."))
    assert (event.source.country, event.target.country, event.cameo) == ("RUS", "TUR", "190")
    assert event.rule == "verb-passive"


def test_at_the_hands_of(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TUR", "KUR", "1823") in triples(
        code("Kurdish fighters were killed at the hands of Turkish troops.")
    )


def test_phrasal_verb_with_target_preposition(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Russia reached out to Turkey.")) == {("RUS", "TUR", "030")}
    assert ("USA", "KUR", "052") in triples(
        code("The United States stood up for Kurdish militias.")
    )


def test_object_lemma_picks_the_subcode(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Russia lifted sanctions on Turkey.")) == {("RUS", "TUR", "085")}
    assert triples(code("Russia imposed sanctions on Turkey.")) == {("RUS", "TUR", "163")}
    assert ("RUS", "ARM", "062") in triples(code("Russia keeps a military base in Armenia."))


def test_compound_subject_gives_one_event_per_actor(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Russia and Iran criticized Turkey."))
    assert found == {("RUS", "TUR", "111"), ("IRN", "TUR", "111")}


def test_compound_subject_without_object_meets_each_other(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Putin and Erdogan met in Saint Petersburg.")) == {
        ("RUS", "TUR", "040"),
        ("TUR", "RUS", "040"),
    }


def test_coordinated_verbs_share_the_subject(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Erdogan praised Putin and criticized the United States."))
    assert found == {("TUR", "RUS", "051"), ("TUR", "USA", "111")}


def test_stray_subject_after_a_list_is_not_merged_into_it(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Turkey keeps a military base in Syria and Russia reached out to Ankara."))
    assert ("RUS", "TUR", "030") in found
    assert ("SYR", "TUR", "030") not in found


def test_relative_clause_event(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("The sanctions that Russia imposed on Turkey in late 2015 hurt farmers."))
    assert ("RUS", "TUR", "163") in found


def test_appositive_target(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Putin phoned the Turkish leader, Erdogan, on Saturday."))
    assert (event.source.country, event.target.country, event.cameo) == ("RUS", "TUR", "041")


# -- chains ----------------------------------------------------------------------------------


def test_agreed_to_lift_sanctions_codes_intent_to_ease_sanctions(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Russia agreed to lift sanctions on Turkey."))
    assert (event.source.country, event.target.country, event.cameo) == ("RUS", "TUR", "0354")
    assert event.rule == "chain-intent"


def test_threat_and_refusal_and_appeal_chains(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Turkey threatened to impose sanctions on Russia.")) == {
        ("TUR", "RUS", "1312")
    }
    assert triples(code("Turkey refused to meet with Russia.")) == {("TUR", "RUS", "125")}
    assert triples(code("Washington urged Ankara to lift its sanctions on Moscow.")) == {
        ("USA", "TUR", "0254")
    }


def test_plans_are_intended_events(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Russia plans to deploy troops in Armenia."))
    assert event.cameo == "154" and event.modality == "intended"


# -- what happened and what did not ---------------------------------------------------------


def test_negation_is_never_asserted(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Russia did not attack Turkey."))
    assert event.negated and event.modality == "denied"


def test_late_call_did_happen(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Erdogan did not call Putin until July 19."))
    assert event.cameo == "041" and not event.negated and event.modality == "asserted"


def test_negated_agreement_is_not_an_agreement(code) -> None:  # type: ignore[no-untyped-def]
    for event in code("A deal between Russia and Turkey will not be signed."):
        assert event.negated and event.modality != "asserted"
    # Declining to agree is a refusal (CAMEO 124x), never an agreement (03x).
    event = only(code("Turkey did not agree to lift sanctions on Russia."))
    assert event.cameo == "1244" and not event.cameo.startswith("03")


def test_stated_refusal_of_a_future_act(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Russia will not release the Turkish pilots."))
    assert event.cameo == "1243" and event.modality == "asserted" and event.rule == "verb-refusal"
    # A past non-event stays a non-event.
    past = only(code("Russia did not release the Turkish pilots."))
    assert past.cameo == "0841" and past.negated and past.modality == "denied"


def test_hypothetical_and_conditional(code) -> None:  # type: ignore[no-untyped-def]
    assert only(code("Russia would attack Turkey.")).modality == "hypothetical"
    assert only(code("Russia could sanction Turkey.")).modality == "hypothetical"
    events = code("If Turkey enters Syria, Russia will attack Turkey.")
    assert {e.modality for e in events if e.cameo == "190"} == {"hypothetical"}


def test_future_is_intended(code) -> None:  # type: ignore[no-untyped-def]
    assert only(code("Putin will visit Turkey next month.")).modality == "intended"


def test_reported_speech_codes_the_inner_event_and_the_reporter(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Moscow said Ankara had attacked Russian forces."))
    assert (event.source.country, event.target.country, event.cameo) == ("TUR", "RUS", "190")
    assert event.reported_by is not None and event.reported_by.text == "Moscow"
    assert event.modality == "asserted"
    claimed = only(code("Moscow claimed that Ankara had attacked Russian forces."))
    assert claimed.modality == "reported" and claimed.reported_by.text == "Moscow"


def test_denial(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Turkey denied that it had attacked Russian forces.")
    attack = only([e for e in events if e.cameo == "190"])
    assert attack.negated and attack.modality == "denied"
    assert attack.source.country == "TUR" and attack.target.country == "RUS"
    assert {e.cameo for e in events} <= {"190", "016"}  # 016: deny responsibility


def test_no_statement_fallback(code) -> None:  # type: ignore[no-untyped-def]
    # "said" alone is no event (no PETRARCH-style 010 fallback) ...
    assert code("Russia said the weather was cold.") == []
    assert code("Turkey discussed the weather on Tuesday.") == [] or all(
        e.cameo != "010" for e in code("Turkey discussed the weather on Tuesday.")
    )
    # ... but an explicit statement is one.
    assert only(code("Turkey released a statement on Tuesday.")).cameo == "010"
