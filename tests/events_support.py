"""Helpers for the event-coding tests (no tests here): actor mentions from a phrase table, so
the coder is tested apart from the actor stage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from detente.records import ActorMention

Table = Mapping[str, Sequence[tuple[str | None, str | None]]]


def phrase_mentions(doc, actors: Table) -> list[ActorMention]:  # type: ignore[no-untyped-def]
    """Mentions for the phrases of `actors` (phrase -> one or more (country, sector)), longest
    phrase first, not overlapping; a phrase with several actors gives a mention for each."""
    words = [t.text for t in doc]
    taken: set[int] = set()
    found: list[ActorMention] = []
    for phrase in sorted(actors, key=lambda p: -len(p.split())):
        parts = phrase.split()
        for start in range(len(words) - len(parts) + 1):
            span = set(range(start, start + len(parts)))
            if words[start : start + len(parts)] == parts and not taken & span:
                # "Russian diplomats": a role word names people, as the actor stage says
                role = len(parts) > 1 and parts[-1].islower()
                for country, sector in actors[phrase]:
                    found.append(
                        ActorMention(start, start + len(parts), phrase, country, sector,
                                     kind="role" if role else "state", explicit_sector=role)
                    )  # fmt: skip
                taken |= span
    return sorted(found, key=lambda m: m.start)


def coder_on(nlp, mentions_for):  # type: ignore[no-untyped-def]
    """A function coding a text with `EventCoder`, actors given by `mentions_for(doc)`."""
    from detente.events import EventCoder

    coder = EventCoder()

    def run(text: str):  # type: ignore[no-untyped-def]
        doc = nlp(text)
        return coder.code(doc, mentions_for(doc))

    return run
