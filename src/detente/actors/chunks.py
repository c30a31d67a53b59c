"""Chunks: the actor phrases being built from neighbouring atoms, and how atoms join them.

`ActorMatcher` (matcher.py) finds the atoms and drives composition; this module holds the
state of one phrase and the rules for what may extend it.
"""

from __future__ import annotations

from dataclasses import dataclass

from detente.actors.lexicon import Atom
from detente.parse.tokens import ParsedDoc
from detente.records import Term

BASE_KIND = {
    "state": "state", "adj": "state", "people": "state", "capital": "capital", "seat": "capital",
    "place": "place", "region": "place", "igo": "igo", "group": "group", "ethnic": "ethnic",
    "historical": "historical", "person": "person", "role": "role", "pronoun": "pronoun",
}  # fmt: skip


@dataclass(slots=True)
class Item:
    """An atom found at a token span."""

    start: int
    end: int
    atom: Atom


@dataclass(slots=True)
class Chunk:
    """A mention being built from consecutive atoms."""

    start: int
    end: int
    kind: str = "role"
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    terms: tuple[Term, ...] = ()
    explicit: bool = False
    roles: int = 0
    person: bool = False
    former: bool = False
    title: bool = False
    lead: str = ""  # kind of the first atom ("adj" matters for "Russian and Turkish officials")
    attached: bool = False  # the state came from "of/in/from X" after the role words

    def accepts(self, atom: Atom) -> bool:
        if self.person:
            # "the Assad regime", "Putin's government": the person's state in that role
            return self.roles == 0 and atom.kind == "role" and not atom.title and bool(self.terms)
        if atom.kind == "role" or atom.kind == "person":
            return True
        if self.named_by(atom):
            return True
        # a state word followed by an ethnic group or another people: "Iraqi Kurds",
        # "Bosnian Serbs" (Serbs living in Bosnia)
        return (
            self.roles == 0
            and self.lead in ("adj", "state")
            and self.kind == "state"
            and atom.kind in ("ethnic", "people")
        )

    def named_by(self, atom: Atom) -> bool:
        """A title followed by a name the tables file under the same state (PETRARCH
        dictionaries list leaders as plain state synonyms: "Bree Prime Minister Romendacil")."""
        return (
            self.title
            and atom.kind in ("state", "group")
            and atom.country is not None
            and atom.country == self.country
        )

    def absorb(self, item: Item, name: str = "") -> None:
        atom = item.atom
        self.end = item.end
        if self.named_by(atom) and atom.kind != "role":
            self.person, self.kind, self.name = True, "person", name or atom.name
            return
        if atom.kind == "role" and self.person:
            self.person, self.kind = False, "role"
            self.country = self.country or self.terms[-1].country
            self.sector, self.explicit, self.terms = atom.sector, atom.sector is not None, ()
            self.roles += 1
            return
        if atom.kind == "role":
            if atom.sector is not None and (self.sector is None or not atom.weak):
                self.sector = atom.sector
                self.explicit = True
            self.roles += 1
            self.title = atom.title
            if self.kind in ("state", "capital", "place"):
                self.kind = "role"
        elif atom.kind == "person":
            self.person = True
            self.kind = "person"
            self.name = atom.name
            self.terms = atom.terms
            # a title before the name ("President Yeltsin", "General X") says what the person
            # was when the text was written: it keeps its sector whatever the date ("former"
            # titles give ELI); a bare name is GOV in office and ELI outside (resolve)
            if self.sector is None and not atom.terms:
                self.sector = atom.sector
            if self.country is None and not atom.terms:
                self.country = atom.country
        else:  # ethnic group or people after a state word
            self.kind = "ethnic"
            self.name = atom.name if atom.kind == "ethnic" else None
            self.sector = self.sector or atom.sector


def apposed(doc: ParsedDoc, low: list[str], first: Chunk, second: Chunk) -> bool:
    """A role and a person next to each other, the second in apposition to the first."""
    if first.person == second.person or not (first.person or first.roles):
        return False
    if not (second.person or second.roles):
        return False
    between = low[first.end : second.start]
    if between not in ([","], [",", "the"]) or not doc.has_annotation("DEP"):
        return False
    head = doc[second.start : second.end].root
    return head.dep_ == "appos" and first.start <= head.head.i < first.end


def chunk_of(item: Item) -> Chunk:
    atom = item.atom
    chunk = Chunk(item.start, item.end, kind=BASE_KIND.get(atom.kind, atom.kind), lead=atom.kind)
    if atom.kind == "role":
        chunk.absorb(item)
        return chunk
    chunk.country = atom.country
    chunk.sector = atom.sector
    chunk.terms = atom.terms
    # a seat of power with dated periods ("Moscow" for the Soviet Union until 1991) keeps its
    # sector on every date: GOV of the period's state, else GOV of its present state
    chunk.explicit = atom.kind in ("capital", "seat") and bool(atom.terms)
    if atom.kind == "person":
        chunk.person = True
        chunk.name = atom.name
    elif atom.kind in ("igo", "group", "ethnic", "historical", "region", "place"):
        chunk.name = atom.name
    return chunk
