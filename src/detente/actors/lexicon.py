"""The actor lexicon: every phrase the matcher looks for, and what it stands for.

Built once from the package tables (states, roles, modifiers, groups, people) plus users'
YAML files; later entries override earlier ones with the same phrase.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from detente.actors.loader import (
    DATA_DIR,
    ActorEntry,
    check_country,
    check_date,
    check_sector,
    load_actor_file,
    load_people_table,
    read_tsv,
    split_forms,
)
from detente.actors.petrarch import is_petrarch, load_petrarch
from detente.datafiles import Where
from detente.errors import DataFileError
from detente.records import Term

log = logging.getLogger("detente.actors")

# Kinds whose phrases are names: they must be written with a capital letter in the text.
PROPER_KINDS = frozenset(
    [
        "state",
        "adj",
        "people",
        "capital",
        "seat",
        "person",
        "igo",
        "group",
        "ethnic",
        "historical",
        "place",
        "region",
    ]
)
YAML_TABLES = ("groups.yaml", "historical.yaml", "places.yaml")


@dataclass(frozen=True, slots=True)
class Atom:
    """What one phrase stands for before it is combined with its neighbours."""

    kind: str  # state, adj, people, capital, seat, place, region, role, person, igo, group,
    # ethnic, historical, or block (a phrase that names no actor: "press conference")
    country: str | None
    sector: str | None
    name: str | None
    terms: tuple[Term, ...] = ()
    weak: bool = False  # a role word that a stronger role before it overrides
    title: bool = False  # a role word that may stand before a personal name

    @property
    def proper(self) -> bool:
        return self.kind in PROPER_KINDS

    @property
    def countryish(self) -> bool:
        return self.kind not in ("role", "person")


@dataclass
class Lexicon:
    """Phrases (lower-cased, or exact for short acronyms) mapped to atoms."""

    phrases: dict[str, Atom] = field(default_factory=dict)
    exact: dict[str, Atom] = field(default_factory=dict)
    spelling: dict[str, str] = field(default_factory=dict)  # lower-cased phrase -> as written
    modifiers: dict[str, str] = field(default_factory=dict)
    directions: set[str] = field(default_factory=set)  # "southern" in "in southern Serbia"

    def add(self, phrase: str, atom: Atom, *, fold: bool = False) -> None:
        """Add a phrase; short all-capital acronyms match only as written unless `fold`.
        A name with diacritics also matches without them ("Çavuşoğlu", "Cavusoglu")."""
        phrase = " ".join(phrase.split())
        if not phrase:
            return
        plain = ascii_fold(phrase)
        if plain != phrase and plain.lower() not in self.phrases:
            self._add(plain, atom, fold)
        # "Weizsäcker" is also written "Weizsaecker" (the German spelling without umlauts)
        spelled = ascii_fold(phrase.translate(_UMLAUTS))
        if spelled not in (phrase, plain) and spelled.lower() not in self.phrases:
            self._add(spelled, atom, fold)
        # "Abdel Meguid" is as often "Abdel-Meguid", "al-Shara" "al Shara"
        joined = _PARTICLE_GAP.sub(r"\1-\2", plain)
        parted = _PARTICLE_HYPHEN.sub(r"\1 \2", plain)
        for variant in (joined, parted):
            if variant != plain and variant.lower() not in self.phrases:
                self._add(variant, atom, fold)
        self._add(phrase, atom, fold)

    def _add(self, phrase: str, atom: Atom, fold: bool) -> None:
        bare = phrase.replace(".", "")
        if not fold and bare.isupper() and len(bare) <= 5 and " " not in phrase:
            self.exact[phrase] = atom  # "US", "UN", "PA": only as written, never "us" or "un"
        else:
            self.phrases[phrase.lower()] = atom
            self.spelling[phrase.lower()] = phrase

    def add_entry(self, entry: ActorEntry, *, fold: bool = False) -> None:
        if entry.kind != "role":
            terms = entry.terms
            if terms and entry.kind != "person" and entry.country is not None:
                # a group that governed for a while (the Taliban) is its usual self outside
                # those periods, not a former office holder: its own code closes the list
                terms = (*terms, Term(entry.country, entry.sector or "", None, None, ""))
            atom = Atom(entry.kind, entry.country, entry.sector, entry.name, terms)
            for alias in entry.aliases:
                self.add(alias, atom, fold=fold)
            return
        for alias in entry.aliases:
            # a user's role word keeps what our table knows of its grammar (a title, a weak head)
            known = self.phrases.get(" ".join(alias.split()).lower())
            weak = known is not None and known.kind == "role" and known.weak
            title = known is not None and known.kind == "role" and known.title
            role = Atom("role", entry.country, entry.sector, None, weak=weak, title=title)
            self.add(alias, role, fold=fold)


# Letters that Unicode decomposition leaves as they are.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "İ": "I",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "’": "'",
    }
)


_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


# Particles of Arabic names that news copy joins to the next word with a hyphen or a space.
_PARTICLES = r"(?i:abdel|abdul|abd|al|el|ul|bin|ibn|abu|abou)"
_PARTICLE_GAP = re.compile(rf"\b({_PARTICLES}) ([A-Z]\w+)")
_PARTICLE_HYPHEN = re.compile(rf"\b({_PARTICLES})-([A-Z]\w+)")


def ascii_fold(text: str) -> str:
    """The text without diacritics, as names are often written in English news."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _plural(adjective: str) -> str | None:
    """Nouns for the people of a state from adjectives in -an/-i ("Iraqi" -> "Iraqis")."""
    return adjective + "s" if adjective.endswith(("an", "i")) else None


@cache
def mission_words() -> frozenset[str]:
    """Words naming a diplomatic mission (data/missions.tsv), read by actors and events alike."""
    return frozenset(row["form"] for _, row in read_tsv(DATA_DIR / "missions.tsv", ("form",)))


@cache
def hyphenated_words() -> dict[str, str]:
    """Participle → relation ("control" or "belong") of data/hyphenated.tsv: "Saudi-led
    coalition", "Pakistan-based groups". Read by actors (control words join the phrase to its
    leader) and events (either kind gives a group its actor's country)."""
    path = DATA_DIR / "hyphenated.tsv"
    words: dict[str, str] = {}
    for line, row in read_tsv(path, ("word", "relation")):
        if row["relation"] not in ("control", "belong") or not row["word"].isalpha():
            raise Where(str(path), line).error("expected a word and control or belong")
        words[row["word"].lower()] = row["relation"]
    return words


LINK_ROLES = ("locative", "attach", "possessive", "speech", "leading")


@cache
def link_words(role: str) -> frozenset[str]:
    """The words of one role in data/links.tsv: "locative" prepositions (read by the actor and
    grounding stages), "attach" words, "possessive" endings, "speech" verbs that attribute a
    quotation, "leading" verbs whose subject heads a body ("who heads the American team")."""
    path = DATA_DIR / "links.tsv"
    words: dict[str, set[str]] = {r: set() for r in LINK_ROLES}
    for line, row in read_tsv(path, ("word", "role")):
        if row["role"] not in LINK_ROLES or not row["word"]:
            roles = ", ".join(LINK_ROLES)
            raise Where(str(path), line).error(f"expected a word and a role ({roles})")
        words[row["role"]].add(row["word"].lower())
    return frozenset(words[role])


@cache
def state_codes() -> frozenset[str]:
    """Codes of sovereign states, present and historical (not groups, IGOs or peoples)."""
    codes = {row["code"] for _, row in read_tsv(DATA_DIR / "states.tsv", ("code",))}
    historical = load_actor_file(DATA_DIR / "historical.yaml")
    codes.update(entry.country for entry in historical if entry.country)
    return frozenset(codes)


def load_states(lex: Lexicon, path: Path) -> None:
    columns = ("code", "name", "variants", "adjectives", "nouns", "capitals", "seats")
    for line, row in read_tsv(path, columns):
        where = Where(str(path), line)
        code = check_country(row["code"], where)
        name = row["name"]
        if not name:
            raise where.error("state without a name")
        state = Atom("state", code, None, name)
        for phrase in (name, *split_forms(row["variants"])):
            lex.add(phrase, state)
        adj = Atom("adj", code, None, name)
        people = Atom("people", code, None, name)
        for form in split_forms(row["adjectives"]):
            if lex.exact.get(form) is None and form.lower() not in lex.phrases:
                lex.add(form, adj)
            plural = _plural(form)
            if plural:
                lex.add(plural, people)
        for form in split_forms(row["nouns"]):
            lex.add(form, people)
        for form in split_forms(row["capitals"]):
            lex.add(form, Atom("capital", code, "GOV", name))
        for form in split_forms(row["seats"]):
            seat, _, sector = form.partition("=")
            lex.add(seat, Atom("seat", code, check_sector(sector or "GOV", where), name))


def load_roles(lex: Lexicon, path: Path) -> None:
    for line, row in read_tsv(path, ("sector", "weak", "title", "forms")):
        where = Where(str(path), line)
        sector = None if row["sector"] == "-" else check_sector(row["sector"], where)
        flags = {}
        for column in ("weak", "title"):
            if row[column] not in ("y", "n"):
                raise where.error(f"column {column!r} must be 'y' or 'n'")
            flags[column] = row[column] == "y"
        atom = Atom("role", None, sector, None, weak=flags["weak"], title=flags["title"])
        forms = split_forms(row["forms"])
        if not forms:
            raise where.error("role without forms")
        for form in forms:
            lex.add(form.lower(), atom)


def load_blockers(lex: Lexicon, path: Path) -> None:
    block = Atom("block", None, None, None)
    for line, row in read_tsv(path, ("forms",)):
        forms = split_forms(row["forms"])
        if not forms:
            raise DataFileError("empty row", path=str(path), line=line)
        for form in forms:
            lex.add(form.lower(), block)


def load_modifiers(lex: Lexicon, path: Path) -> None:
    for line, row in read_tsv(path, ("word", "effect")):
        if row["effect"] not in ("skip", "former", "direction"):
            raise Where(str(path), line).error("effect must be 'skip', 'former' or 'direction'")
        word = row["word"].lower()
        if row["effect"] == "direction":
            lex.directions.add(word)
            lex.modifiers[word] = "skip"
        else:
            lex.modifiers[word] = row["effect"]


def add_people(lex: Lexicon, entries: list[ActorEntry]) -> None:
    """People of one table. A short name shared by several people ("Bush", "Assad") stands for
    all their terms when they served the same state, and for nobody when they did not."""
    by_alias: dict[str, list[ActorEntry]] = {}
    for entry in entries:
        lex.add_entry(replace(entry, aliases=(entry.name,)))
        for alias in entry.aliases[1:]:
            by_alias.setdefault(alias, []).append(entry)
    for alias, owners in by_alias.items():
        if len(owners) == 1:
            entry = owners[0]
            lex.add(alias, Atom("person", entry.country, entry.sector, entry.name, entry.terms))
            continue
        states = {frozenset(t.country for t in e.terms) for e in owners}
        if len(states) != 1:
            log.debug("short name %r is shared by people of different states: not used", alias)
            continue
        terms = tuple(sorted({t for e in owners for t in e.terms}, key=lambda t: t.start or ""))
        lex.add(alias, Atom("person", None, None, alias, terms))


def load_cities(lex: Lexicon, path: Path) -> None:
    for line, row in read_tsv(path, ("name", "variants", "country")):
        where = Where(str(path), line)
        if not row["name"]:
            raise where.error("city without a name")
        atom = Atom("place", check_country(row["country"], where), None, row["name"])
        for form in (row["name"], *split_forms(row["variants"])):
            lex.add(form, atom)


def load_historical_seats(lex: Lexicon, path: Path) -> None:
    """Give capitals the periods in which they spoke for a state that no longer exists."""
    periods: dict[str, list[Term]] = {}
    for line, row in read_tsv(path, ("seat", "country", "start", "end")):
        where = Where(str(path), line)
        start, end = check_date(row["start"], where), check_date(row["end"], where)
        term = Term(check_country(row["country"], where), "GOV", start, end, "capital")
        periods.setdefault(row["seat"], []).append(term)
    for seat, terms in periods.items():
        atom = lex.phrases.get(seat.lower())
        if atom is None or atom.kind not in ("capital", "seat"):
            raise DataFileError(f"{seat!r} is not a capital or seat in states.tsv", path=str(path))
        lex.add(seat, replace(atom, terms=tuple(sorted(terms, key=lambda t: t.start or ""))))


def build_lexicon(extra: Iterable[str | Path] = (), data_dir: Path = DATA_DIR) -> Lexicon:
    """The package tables, then each user file in order (later phrases override earlier)."""
    lex = Lexicon()
    load_roles(lex, data_dir / "roles.tsv")
    load_modifiers(lex, data_dir / "modifiers.tsv")
    load_blockers(lex, data_dir / "blockers.tsv")
    load_states(lex, data_dir / "states.tsv")
    load_historical_seats(lex, data_dir / "historical_seats.tsv")
    load_cities(lex, data_dir / "cities.tsv")
    add_people(lex, load_people_table(data_dir / "people.tsv"))
    for table in YAML_TABLES:
        path = data_dir / table
        if path.exists():
            for entry in load_actor_file(path):
                lex.add_entry(entry)
    for user_file in extra:
        petrarch = is_petrarch(user_file)
        entries = load_petrarch(user_file) if petrarch else load_actor_file(user_file)
        log.info("loaded %d actor entries from %s", len(entries), user_file)
        for entry in entries:
            # PETRARCH dictionaries are written in capitals: match them in any case
            lex.add_entry(entry, fold=petrarch)
    return lex
