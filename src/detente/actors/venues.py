"""Places that name documents and forums ("the Helsinki Final Act", "the Vienna talks"): the
city is part of a name there, not a government that acts (data in `data/venues.tsv`)."""

from __future__ import annotations

from functools import lru_cache

from detente.actors.loader import DATA_DIR, read_tsv, split_forms
from detente.parse.tokens import ParsedDoc
from detente.records import ActorMention

_PLACE_KINDS = frozenset({"capital", "place", "city"})


@lru_cache(maxsize=1)
def venue_words() -> dict[str, frozenset[str]]:
    """Head nouns by kind (`document`, `forum`)."""
    kinds: dict[str, frozenset[str]] = {}
    for _, row in read_tsv(DATA_DIR / "venues.tsv", ("kind", "words")):
        kinds[row["kind"]] = frozenset(w.lower() for w in split_forms(row["words"]))
    return kinds


def names_a_venue(doc: ParsedDoc, mention: ActorMention) -> bool:
    """Whether a place mention is part of a document's or a forum's name."""
    if mention.kind not in _PLACE_KINDS:
        return False
    root = doc[mention.start : mention.end].root
    if root.dep_ not in {"compound", "nmod", "amod"} or mention.start <= root.head.i < mention.end:
        return False
    head = root.head
    # "the Helsinki Final Act": the place may stand before other words of the name.
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    words = venue_words()
    lemma = head.lemma_.lower()
    if lemma in words["document"] or head.lower_ in words["document"]:
        return True
    forum = lemma in words["forum"] or head.lower_ in words["forum"]
    return forum and any(c.dep_ == "det" for c in head.children)
