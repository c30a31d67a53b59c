"""Find actor mentions in a parsed document.

Two steps, kept apart: phrase matching finds atoms (states, roles, people, groups...) with spaCy's
PhraseMatcher; composition joins neighbouring atoms into one mention ("Russian" + "President" +
"Vladimir Putin") and attaches locations ("rebels in Syria").
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

from detente.actors.chunks import BASE_KIND, Chunk, Item, apposed, chunk_of
from detente.actors.datelines import dateline_tokens
from detente.actors.lexicon import (
    Atom,
    Lexicon,
    build_lexicon,
    hyphenated_words,
    link_words,
    mission_words,
)
from detente.actors.loader import DATA_DIR
from detente.actors.reference import (
    GROUP_CODES,
    Reference,
    load_references,
    resolve_references,
)
from detente.actors.surnames import with_surnames
from detente.actors.venues import names_a_venue
from detente.parse.tokens import ParsedDoc
from detente.records import ActorMention

log = logging.getLogger("detente.actors")

POSSESSIVE = link_words("possessive")  # "Turkey's"
LOCATIVE = link_words("locative")  # "in Ankara": the place, not the government
ATTACH = link_words("attach")  # "the president of Russia", "rebels in Syria"
# A story's state (`main_state`) is named at least this often, and this many times as often as
# any other; codes that name no one place never are.
MAIN_MINIMUM = 3
MAIN_LEAD = 1.5
UNPLACED = frozenset({"IGO", "NGO", "IMG", "WST"})
NOUNISH = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})


def _longest(spans: list[tuple[int, int, Reference]]) -> list[tuple[int, int, Reference]]:
    """Non-overlapping spans, longest first."""
    taken: set[int] = set()
    out = []
    for span in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if taken.isdisjoint(range(span[0], span[1])):
            taken.update(range(span[0], span[1]))
            out.append(span)
    return sorted(out, key=lambda x: x[0])


class _Texts:
    """`doc[start:end].text` read from the token arrays: `Span.text` makes a Token object per
    word, which costs more than the matching."""

    __slots__ = ("tokens", "space")

    def __init__(self, doc: ParsedDoc) -> None:
        self.tokens = doc.tokens
        self.space = doc.trailing_space

    def span(self, start: int, end: int) -> str:
        parts: list[str] = []
        for i in range(start, end):
            parts.append(self.tokens[i].text)
            if self.space[i] and i < end - 1:
                parts.append(" ")
        return "".join(parts)


def _designation(word: str) -> bool:
    """A model designation ("F-16", "MiG-23", "SS-20") between a state and a role: "Greek F-16
    fighter planes" are Greece's."""
    return any(c.isdigit() for c in word) and any(c.isalpha() for c in word) and len(word) <= 8


def _other_bearer(chunk: Chunk, item: Item, texts: _Texts) -> bool:
    """Whether a known one-word surname right after an unknown given name belongs to someone
    else: the given name shares no initial with any of the known person's names (so that
    "Tariq Aziz" still finds "Tareq Aziz")."""
    atom = item.atom
    if atom.kind != "person" or item.start != chunk.end or item.end - item.start != 1:
        return False
    if chunk.name is None or atom.name is None:
        return False
    given = {word[:1].lower() for word in chunk.name.split()}
    known = {word[:1].lower() for word in atom.name.split()[:-1]}
    # a surname several people share ("Aliyev") names none of them after a given name
    return not known or given.isdisjoint(known)


def _missions_of_owners(doc: ParsedDoc, mentions: list[ActorMention], lexicon: Lexicon) -> None:
    """A mission named after the city it is in ("Chad's Paris embassy", "the Moscow embassy")
    belongs to its possessor, or to no state the text names: the city only says where it is."""
    missions = mission_words()
    previous: ActorMention | None = None
    for mention in mentions:
        words = mention.text.lower().split()
        owner, previous = previous, mention
        if len(words) < 2 or " ".join(words[1:]) not in missions:
            continue
        atom = lexicon.exact.get(mention.text.split()[0]) or lexicon.phrases.get(words[0])
        if atom is None or atom.kind != "capital":
            continue
        possessed = (
            owner is not None
            and owner.end + 1 == mention.start
            and doc[owner.end].lower_ in {"'s", "'"}
            and owner.country is not None
        )
        mention.country = owner.country if possessed and owner is not None else None
        mention.kind = "role"


def main_state(mentions: list[ActorMention], filed: str) -> str | None:
    """The state a story is about, for officials it names by their role alone: the state it is
    filed from, unless the text names that state at most in passing and names another clearly
    more often than any other ("CAIRO - Sudan has rejected ...", "BRUSSELS - EC ministers"): a
    correspondent covers neighbours and organisations from a regional bureau. None when the
    text names the filing state at most once and is about two others alike."""
    counts = _state_counts(mentions)
    if counts.get(filed, 0) > 1 or not counts:
        return filed
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if ranked[0][0] not in GROUP_CODES:
        # a state's story (Sudan and the IMF): it leads the other states
        ranked = [item for item in ranked if item[0] not in GROUP_CODES]
    leader, most = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if most >= MAIN_MINIMUM and most >= MAIN_LEAD * second:
        return leader
    if counts.get(filed, 0) <= 1 and second >= MAIN_MINIMUM:
        # "GENEVA - the superpowers ...", "BAHRAIN - Iran and Iraq ...": a story between two
        # states the filing state plays no part in (named once at most, as in "monitored by
        # the British Broadcasting Corporation") leaves a bare role's state unknown
        return None
    return filed


def _state_counts(mentions: list[ActorMention]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for mention in mentions:
        country = mention.country or (mention.terms[-1].country if mention.terms else None)
        if country is None or country in UNPLACED or mention.kind == "place":
            continue
        counts[country] = counts.get(country, 0) + 1
    return counts


def _visitors(doc: ParsedDoc, mentions: list[ActorMention], home: str) -> None:
    """ "signed by Secretary of State George Shultz and Foreign Minister Vahit Halefoglu": a
    titled official the tables do not know, joined by "and" to a known official of the story's
    state, is the other party's, the state the story names most after its own."""
    counts = _state_counts([m for m in mentions if not m.country_from_dateline])
    others = sorted(((n, c) for c, n in counts.items() if c != home and c not in GROUP_CODES),
                    reverse=True)  # fmt: skip
    if not others or (len(others) > 1 and others[0][0] == others[1][0]):
        return
    other = others[0][1]
    for before, mention in zip(mentions, mentions[1:], strict=False):
        if not (mention.country_from_dateline and mention.kind == "person"):
            continue
        known = before.country or (before.terms[-1].country if before.terms else None)
        joined = before.end + 1 == mention.start and doc[before.end].lower_ == "and"
        named = before.kind == "person" and not before.country_from_dateline
        if joined and named and known == home:
            mention.country = other
            mention.country_from_dateline = False


def _place_at_home(
    doc: ParsedDoc, mentions: list[ActorMention], home: str | None, filed: str
) -> None:
    """Officials and bodies named by their role alone ("the trade minister", "Congress",
    "a military spokesman"), and titled officials the tables do not know ("Trade Minister Anna
    Berg"), belong to the state the story is about (`main_state`): wire copy names a foreign
    official's country and leaves the home one implied. "Officials here" are the dateline's."""
    for mention in mentions:
        if mention.country is not None:
            continue
        role_only = mention.kind == "role" and mention.name is None
        # "Foreign Trade Minister Anita Gradin" in a story from Stockholm: a titled official
        # the tables do not know, with no country word, is the home state's too.
        titled = mention.kind == "person" and mention.explicit_sector and not mention.terms
        if role_only or titled:
            here = mention.end < len(doc) and doc[mention.end].lower_ == "here"
            country = filed if here else home
            if country is not None:
                mention.country = country
                mention.country_from_dateline = True


class ActorMatcher:
    """Find actors in spaCy Docs: `ActorMatcher(nlp.vocab, extra=paths).match(doc)`."""

    def __init__(self, vocab: Vocab, *, extra: Iterable[str | Path] = ()) -> None:
        self.lexicon: Lexicon = build_lexicon(extra)
        # "X-led", "X-run": the state before the hyphen is the actor of the phrase that follows
        self._control = frozenset(w for w, how in hyphenated_words().items() if how == "control")
        tokenizer: Tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        self._atoms: dict[int, Atom] = {}
        self._lower = PhraseMatcher(vocab, attr="LOWER")
        self._exact = PhraseMatcher(vocab, attr="ORTH")
        for matcher, table, spelled in (
            (self._lower, self.lexicon.phrases, self.lexicon.spelling),
            (self._exact, self.lexicon.exact, {}),
        ):
            groups: dict[Atom, list[str]] = {}
            for phrase, atom in table.items():
                groups.setdefault(atom, []).append(spelled.get(phrase, phrase))
            for atom, phrases in groups.items():
                key = f"detente_actor_{len(self._atoms)}"
                self._atoms[vocab.strings.add(key)] = atom
                matcher.add(key, list(tokenizer.pipe(phrases)))
        # Reference forms ("the two leaders", "his counterpart") share the lower-case matcher:
        # one pass over the document finds both.
        self._references: dict[int, Reference] = {}
        for n, (form, reference) in enumerate(load_references(DATA_DIR / "references.tsv").items()):
            key = f"detente_reference_{n}"
            self._references[vocab.strings.add(key)] = reference
            self._lower.add(key, [tokenizer(form)])
        log.debug("actor lexicon: %d phrases", len(self.lexicon.phrases) + len(self.lexicon.exact))

    def match(self, doc: Doc | ParsedDoc) -> list[ActorMention]:
        """Mentions sorted by start token, non-overlapping."""
        return self.match_filed(doc)[0]

    def match_filed(self, doc: Doc | ParsedDoc) -> tuple[list[ActorMention], str | None]:
        """Mentions, and the state the story is filed from (its dateline's), if it has one."""
        doc = ParsedDoc.of(doc)
        low = doc.lowers
        capital = [token.text[:1].isupper() for token in doc.tokens]
        texts = _Texts(doc)
        lower_matches = self._lower(doc.spacy)
        items = self._atoms_in(doc, lower_matches, low, capital)
        mentions = self._compose(doc, items, low, texts)
        references = self._references
        refs = _longest([(s, e, references[m]) for m, s, e in lower_matches if m in references])
        # Officials named by their role alone belong to the story's state before pronouns and
        # surnames are resolved: "Finance Minister Beshir Omer ... his government ... Omer said"
        # all need his state.
        home: str | None = None
        filed: str | None = None
        dateline = dateline_tokens(doc)
        if dateline:
            filed = next((m.country for m in mentions if m.start in dateline and m.country), None)
            mentions = [m for m in mentions if m.start not in dateline]
            if filed is not None:
                home = main_state(mentions, filed)
                _place_at_home(doc, mentions, home, filed)
                if home is not None:
                    _visitors(doc, mentions, home)
        mentions = with_surnames(doc, mentions)
        mentions = resolve_references(doc, mentions, refs, texts.span)
        dyads = self._hyphen_dyads(doc, items, low, capital)
        if dyads:
            mentions = sorted(mentions + dyads, key=lambda m: m.start)
        _missions_of_owners(doc, mentions, self.lexicon)
        mentions = [m for m in mentions if not names_a_venue(doc, m)]
        if filed is not None:
            _place_at_home(doc, mentions, home, filed)  # missions named after a city
        return mentions, filed

    def _hyphen_dyads(
        self, doc: ParsedDoc, items: list[Item], low: list[str], capital: list[bool]
    ) -> list[ActorMention]:
        """'U.S.-Turkish' written as one token: one mention per state, both on that token."""
        covered = {i for it in items for i in range(it.start, it.end)}
        out: list[ActorMention] = []
        for i, word in enumerate(low):
            if "-" not in word or len(word) < 4 or not capital[i] or i in covered:
                continue
            token = doc[i]
            parts = [p for p in token.text.split("-") if p]
            atoms = [
                self.lexicon.exact.get(p) or self.lexicon.phrases.get(p.lower()) for p in parts
            ]
            if len(parts) < 2 or not all(a is not None and a.countryish for a in atoms):
                continue
            for part, atom in zip(parts, atoms, strict=True):
                assert atom is not None
                kind = BASE_KIND.get(atom.kind, atom.kind)
                name = atom.name if atom.kind in ("igo", "group", "historical") else None
                out.append(ActorMention(i, i + 1, part, atom.country, None, name, kind))
        return out

    # -- step 1: atoms -------------------------------------------------------------------------

    def _atoms_in(self, doc: ParsedDoc, lower_matches: list[tuple[int, int, int]],
                  low: list[str], capital: list[bool]) -> list[Item]:
        atoms = self._atoms
        found = [(s, e, atoms[m]) for m, s, e in lower_matches if m in atoms]
        for m, s, e in self._exact(doc.spacy):
            # a two-letter acronym among capitalised words is shouting, not a name: "WHAT IS"
            if (
                e - s == 1
                and len(low[s]) == 2
                and (self._shouted(doc, s - 1) or self._shouted(doc, s + 1))
            ):
                continue
            found.append((s, e, self._atoms[m]))
        # names must be written with a capital letter somewhere ("Turkey", not "turkey")
        found = [f for f in found if not f[2].proper or any(capital[f[0] : f[1]])]
        # longest first; among equals a phrase not opening with "the" ("the West" loses to
        # "West Bank" in "the West Bank"), then leftmost
        found.sort(key=lambda f: (f[0] - f[1], low[f[0]] == "the", f[0]))
        taken = bytearray(len(doc))
        items: list[Item] = []
        for start, end, atom in found:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            items.append(Item(start, end, atom))
        items = [it for it in items if it.atom.kind != "block"]
        items.sort(key=lambda it: it.start)
        # a role word used as a modifier or verb ("press ahead", "daily talks") is no actor
        # unless another role follows it ("military officials")
        kept: list[Item] = []
        tagged = doc.has_annotation("POS")
        for k, it in enumerate(items):
            if tagged and it.atom.kind == "role" and doc[it.end - 1].pos_ not in NOUNISH:
                following = items[k + 1] if k + 1 < len(items) else None
                if following is None or following.start != it.end or following.atom.kind != "role":
                    continue
            kept.append(it)
        return kept

    def _shouted(self, doc: ParsedDoc, i: int) -> bool:
        """An all-capital word of three letters or more that is not one of our acronyms."""
        if i < 0 or i >= len(doc):
            return False
        text = doc[i].text
        return (
            len(text) >= 3 and text.isalpha() and text.isupper() and text not in self.lexicon.exact
        )

    # -- step 2: composition -------------------------------------------------------------------

    def _gap(
        self, doc: ParsedDoc, low: list[str], start: int, end: int, domain: bool
    ) -> tuple[bool, bool]:
        """Whether tokens between two atoms keep the phrase going, and whether one says 'former'.

        With `domain` (a state word before a role word), up to two lower-case nouns or
        adjectives naming a field may stand between: "Turkish energy minister", "Russian gas
        company", "French paper workers"; so may a model designation ("Greek F-16 jets")."""
        former = False
        if end - start >= 2 and low[start] == "-" and low[start + 1] in self._control:
            start += 2  # "Saudi-led coalition", "Hamas-run ministry": the leader acts
        unknown = 0
        # "Iraqi Mirage F-1 jets": a designation and the model's name
        model = domain and any(_designation(doc[i].text) for i in range(start, end))
        for i in range(start, end):
            effect = self.lexicon.modifiers.get(low[i])
            if effect is None and low[i] not in POSSESSIVE:
                token = doc[i]
                # field words ("energy minister") and coordinated adjectives ("new and
                # powerful minister") between a state and a role
                if not domain or not (
                    (
                        token.is_lower
                        and (token.pos_ in ("NOUN", "ADJ", "PROPN") or low[i] in ("and", ","))
                    )
                    or _designation(token.text)
                    or (model and token.pos_ == "PROPN")
                ):
                    return False, False
                unknown += 1
            former = former or effect == "former"
        return unknown <= 3 and low[end - 1] not in ("and", ","), former

    def _compose(self, doc: ParsedDoc, items: list[Item], low: list[str],
                 texts: _Texts) -> list[ActorMention]:
        chunks: list[Chunk] = []
        i = 0
        while i < len(items):
            chunk = chunk_of(items[i])
            # modifiers just before the first atom ("the former Turkish president")
            k = chunk.start
            while k > 0 and self.lexicon.modifiers.get(low[k - 1]) is not None:
                k -= 1
                if self.lexicon.modifiers[low[k]] == "former":
                    chunk.former = True
            j = i + 1
            # "pro-Russian separatists", "anti-Western protest": an orientation, not the
            # nationality of what follows; the state stays a mention of its own
            oriented = (
                chunk.start >= 2
                and low[chunk.start - 1] == "-"
                and (low[chunk.start - 2] in ("pro", "anti"))
            )
            while j < len(items) and not oriented:
                nxt = items[j]
                domain = chunk.roles == 0 and not chunk.person and nxt.atom.kind == "role"
                ok, former = self._gap(doc, low, chunk.end, nxt.start, domain)
                if not ok or not chunk.accepts(nxt.atom):
                    break
                chunk.former = chunk.former or former
                chunk.absorb(nxt, texts.span(nxt.start, nxt.end))
                j += 1
            if chunk.title and not chunk.person:
                self._unknown_name(doc, chunk, items[j].start if j < len(items) else len(doc))
                if chunk.person and j < len(items) and _other_bearer(chunk, items[j], texts):
                    # "Trade Minister Rachmat Saleh" is not Ali Abdullah Saleh: a surname the
                    # tables know, after a given name that is none of its bearer's
                    chunk.name = f"{chunk.name} {texts.span(items[j].start, items[j].end)}"
                    chunk.end = items[j].end
                    j += 1
            if (chunk.roles or chunk.kind == "ethnic") and j < len(items):
                j += self._attach(low, chunk, items[j])
            located = chunk.start > 0 and low[chunk.start - 1] in LOCATIVE
            if chunk.kind in ("capital", "place") and chunk.roles == 0 and located:
                # the dated periods of a seat stay ("in Moscow" in 1987 is in the Soviet Union)
                chunk.kind, chunk.sector, chunk.explicit = "place", None, False
            if chunk.former:
                chunk.sector, chunk.explicit = "ELI", True
            chunks.append(chunk)
            i = j
        self._distribute(low, chunks)
        chunks = self._appositions(doc, low, chunks)
        return [self._mention(texts, c) for c in chunks]

    @staticmethod
    def _appositions(doc: ParsedDoc, low: list[str], chunks: list[Chunk]) -> list[Chunk]:
        """'his Turkish counterpart, Recep Tayyip Erdogan' and 'Erdogan, the Turkish president':
        a role and the person it describes, set off by a comma, are one mention."""
        out: list[Chunk] = []
        for chunk in chunks:
            prev = out[-1] if out else None
            if prev is not None and apposed(doc, low, prev, chunk):
                person, role = (chunk, prev) if chunk.person else (prev, chunk)
                countries = {t.country for t in person.terms} | {person.country}
                if role.country is None or role.country in countries:
                    prev.end = chunk.end
                    prev.kind, prev.person = "person", True
                    prev.name, prev.terms = person.name, person.terms
                    prev.country = role.country or person.country
                    if role.sector is not None:
                        prev.sector, prev.explicit = role.sector, role.explicit
                    continue
            out.append(chunk)
        return out

    @staticmethod
    def _unknown_name(doc: ParsedDoc, chunk: Chunk, limit: int) -> None:
        """A title followed by a name we do not know: "Foreign Minister Nasser Bourita"."""
        end = chunk.end
        while end < limit and end - chunk.end < 4:
            token = doc[end]
            if token.pos_ != "PROPN" or not token.text[:1].isupper() or token.is_sent_start:
                break
            end += 1
        if end > chunk.end:
            chunk.name = doc[chunk.end : end].text
            chunk.end = end
            chunk.person = True
            chunk.kind = "person"

    def _attach(self, low: list[str], chunk: Chunk, nxt: Item) -> int:
        """'of/in/from' + a state or place gives a role or a people its country ("rebels in
        Syria", "Albanians in southern Serbia"); returns the number of items consumed."""
        if chunk.country is not None or chunk.person or chunk.end >= len(low):
            return 0
        if low[chunk.end] not in ATTACH or not nxt.atom.countryish:
            return 0
        gap = low[chunk.end + 1 : nxt.start]
        if len(gap) > 2 or any(w != "the" and w not in self.lexicon.directions for w in gap):
            return 0
        chunk.country = nxt.atom.country
        chunk.attached = True
        if nxt.atom.kind in ("igo", "group") and chunk.name is None:
            chunk.name = nxt.atom.name
            chunk.kind = nxt.atom.kind
        chunk.end = nxt.end
        return 1

    @staticmethod
    def _distribute(low: list[str], chunks: list[Chunk]) -> None:
        """'Russian and Turkish officials': the shared head word gives each state its sector."""
        for k in range(len(chunks) - 1):
            # "the foreign ministers of Russia and Turkey": the role covers each state
            first, second = chunks[k], chunks[k + 1]
            between = low[first.end : second.start]
            # "Danish media and government": the state word covers both heads
            if (
                first.roles
                and first.country is not None
                and not first.person
                and second.roles
                and second.country is None
                and second.kind == "role"
                and between in (["and"], ["or"])
            ):
                second.country = first.country
            if (
                first.attached
                and second.roles == 0
                and second.kind == "state"
                and between in (["and"], [","], [",", "and"])
            ):
                second.sector, second.explicit = first.sector, first.explicit
                second.kind, second.attached = "role", True
        for k in range(len(chunks) - 2, -1, -1):
            first, second = chunks[k], chunks[k + 1]
            if first.lead != "adj" or first.roles or first.person or second.lead != "adj":
                continue
            between = low[first.end : second.start]
            joined = bool(between) and all(w in (",", "and", "or", "as", "well") for w in between)
            if joined and second.roles and second.sector is not None:
                first.sector, first.explicit = second.sector, second.explicit
                first.kind = second.kind if second.kind != "person" else "role"

    @staticmethod
    def _mention(texts: _Texts, chunk: Chunk) -> ActorMention:
        mention = ActorMention(
            start=chunk.start,
            end=chunk.end,
            text=texts.span(chunk.start, chunk.end),
            country=chunk.country,
            sector=chunk.sector,
            name=chunk.name,
            kind=chunk.kind,
            terms=chunk.terms,
            explicit_sector=chunk.explicit,
            people=chunk.lead == "people" and chunk.roles == 0,
            seat=chunk.kind == "place" and chunk.lead in ("capital", "seat"),
        )
        if chunk.kind == "role" and chunk.sector is None:
            mention = replace(mention, kind="role")
        return mention
