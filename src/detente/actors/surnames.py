"""People named again by their surname alone: wire copy introduces "Iraqi Foreign Minister Tareq
Aziz" once and writes "Aziz said ..." after. Each later surname is that person, with the office
and country the introduction gave; a surname two people of the story share stays unresolved."""

from __future__ import annotations

from dataclasses import replace

from detente.actors.lexicon import link_words
from detente.parse.tokens import ParsedDoc
from detente.records import ActorMention

# A surname is a proper noun that stands alone: not part of a longer name ("Aziz Ahmed").
_NAME_TAGS = frozenset({"NNP", "NNPS"})
LEADING = link_words("leading")  # "who heads the American team"


def _named_again(mentions: list[ActorMention]) -> list[ActorMention]:
    """ "Saudi Arabia's Crown Prince Abdullah Ibn Abdulaziz ... Prince Abdullah": a later
    person whose state the text does not give (or gives only as the story's) and whose name is
    part of one earlier person's name, whose state it gives, is that person."""
    known = [
        (m, set(m.name.split()))
        for m in mentions
        if m.kind == "person" and m.name and (m.country or m.terms) and not m.country_from_dateline
    ]
    if not known:
        return mentions
    out: list[ActorMention] = []
    for mention in mentions:
        if (
            mention.kind == "person"
            and mention.name
            and (mention.country is None or mention.country_from_dateline)
            and not mention.terms
        ):
            words = set(mention.name.split())
            earlier = {m.name: m for m, names in known if m.end <= mention.start and words <= names}
            if len(earlier) == 1:
                person = next(iter(earlier.values()))
                mention = replace(
                    mention,
                    country=person.country,
                    terms=person.terms,
                    name=person.name,
                    country_from_dateline=False,
                )
        out.append(mention)
    return out


def _leaders(doc: ParsedDoc, mentions: list[ActorMention]) -> list[ActorMention]:
    """ "Maynard Glitman, who heads the American team": a name the tables do not know, whose
    relative clause says it leads a body of a state, is that state's official (GOV)."""
    by_start = {m.start: m for m in mentions}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    added: list[ActorMention] = []
    for mention in mentions:
        if mention.country is None or mention.kind not in ("role", "igo", "state"):
            continue
        body = doc[mention.start : mention.end].root
        verb = body.head
        if body.dep_ != "dobj" or verb.dep_ != "relcl" or verb.lemma_.lower() not in LEADING:
            continue
        if not any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in verb.children):
            continue
        name = verb.head
        if name.tag_ not in _NAME_TAGS or name.i in covered:
            continue
        start = name.i
        while start > 0 and doc[start - 1].tag_ in _NAME_TAGS and doc[start - 1].dep_ == "compound":
            start -= 1
        if start == name.i or start in by_start or any(i in covered for i in range(start, name.i)):
            continue  # a single word is too little to be sure it is a person's name
        text = doc[start : name.i + 1].text
        added.append(
            ActorMention(start, name.i + 1, text, mention.country, "GOV", text, "person")
        )
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def with_surnames(doc: ParsedDoc, mentions: list[ActorMention]) -> list[ActorMention]:
    """`mentions` plus a mention for each later bare surname of a person introduced in full
    (and later titled mentions of that person completed: `_named_again`; unknown leaders of a
    state's body named: `_leaders`)."""
    mentions = _named_again(_leaders(doc, mentions))
    introduced: dict[str, ActorMention] = {}
    shared: set[str] = set()
    for mention in mentions:
        if mention.kind != "person" or not mention.name or " " not in mention.name:
            continue
        if mention.country is None and not mention.terms:
            continue  # a name with no office or country says nothing an actor needs
        surname = mention.name.rsplit(" ", 1)[1]
        if len(surname) < 3 or not surname[:1].isupper():
            continue
        first = introduced.setdefault(surname, mention)
        if first.name != mention.name:
            shared.add(surname)
    if not introduced:
        return mentions
    covered = {i for m in mentions for i in range(m.start, m.end)}
    added: list[ActorMention] = []
    for token in doc.tokens:
        person = introduced.get(token.text)
        if person is None or token.text in shared or token.i in covered or token.i < person.end:
            continue
        if token.tag_ not in _NAME_TAGS or _inside_a_longer_name(doc, token.i):
            continue
        added.append(replace(person, start=token.i, end=token.i + 1, text=token.text))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)


def _inside_a_longer_name(doc: ParsedDoc, i: int) -> bool:
    """ "Aziz Ahmed", "Hassan Aziz": another capitalised proper noun beside it makes a different
    name (titles such as "Mr." before it do not)."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(doc.tokens):
            other = doc.tokens[j]
            titled = other.text.endswith(".")  # "Mr.", "Gen."
            if other.tag_ in _NAME_TAGS and other.text[:1].isupper() and not titled:
                return True
    return False
