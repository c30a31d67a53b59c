"""Loaders for the grounding data files: date words (YAML), extra places (TSV), issues (YAML).

One loader per kind, each reading its file through `detente.datafiles` and validating it; an
error is a `DataFileError` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from detente.actors.lexicon import link_words
from detente.datafiles import Where, YamlFile, read_tsv, read_yaml
from detente.errors import DataFileError
from detente.events.lexicon import default_modality, month_numbers

DATA_DIR = Path(__file__).resolve().parent / "data"
PRECISIONS = ("day", "month", "year", "decade", "century")


@dataclass(frozen=True, slots=True)
class RelativePhrase:
    text: str
    offset: int
    unit: str
    precision: str


@dataclass(frozen=True, slots=True)
class Period:
    name: str
    aliases: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GroundWords:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    unit_days: dict[str, int]
    unit_precision: dict[str, str]
    fuzzy_modifiers: tuple[str, ...]
    seasons: tuple[str, ...]
    relative_phrases: tuple[RelativePhrase, ...]
    sequel_phrases: tuple[RelativePhrase, ...]
    periods: tuple[Period, ...]
    historical_markers: tuple[str, ...]
    historical_adverbs: frozenset[str]
    period_prepositions: dict[str, str]
    location_prepositions: frozenset[str]
    motion_prepositions: frozenset[str]
    motion_verbs: frozenset[str]
    place_object_verbs: frozenset[str]
    place_parts: frozenset[str]
    future_markers: frozenset[str]


@dataclass(frozen=True, slots=True)
class PlaceRow:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    lat: float | None
    lon: float | None
    kind: str


@dataclass(frozen=True, slots=True)
class Issue:
    tag: str
    description: str
    terms: tuple[str, ...]


def _fail(doc: YamlFile, key: str, message: str) -> DataFileError:
    """An error at the line of `key` ("units.day", "periods.3")."""
    parts = [int(p) if p.isdigit() else p for p in key.split(".")]
    return doc.error(message, *parts)


def _int_map(doc: YamlFile, data: dict[str, Any], key: str) -> dict[str, int]:
    raw = data.get(key)
    if not isinstance(raw, dict) or not raw:
        raise _fail(doc, key, f"'{key}' must be a non-empty mapping")
    out: dict[str, int] = {}
    for name, value in raw.items():
        if not isinstance(value, int):
            raise _fail(doc, f"{key}.{name}", f"'{name}' must map to an integer")
        out[str(name).lower()] = value
    return out


@lru_cache(maxsize=4)
def load_words(path: Path = DATA_DIR / "words.yaml") -> GroundWords:
    """Read the grounding words: calendar, units, relative phrases, periods, place words."""
    doc = read_yaml(path)
    data = doc.mapping()
    units = data.get("units")
    if not isinstance(units, dict):
        raise _fail(doc, "units", "'units' must be a mapping")
    unit_days: dict[str, int] = {}
    unit_precision: dict[str, str] = {}
    for unit, spec in units.items():
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("days"), int)
            or spec.get("precision") not in PRECISIONS
        ):
            raise _fail(doc, f"units.{unit}", f"unit '{unit}' needs days and a precision")
        unit_days[unit] = spec["days"]
        unit_precision[unit] = spec["precision"]
    phrases = _phrases(doc, data, "relative_phrases", unit_days)
    sequels = _phrases(doc, data, "sequel_phrases", unit_days)
    periods = []
    for i, item in enumerate(data.get("periods") or []):
        ok = (
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and isinstance(item.get("start"), int)
            and isinstance(item.get("end"), int)
            and item["start"] <= item["end"]
            and isinstance(item.get("aliases", []), list)
        )
        if not ok:
            raise _fail(doc, f"periods.{i}", "a period needs name, start <= end, aliases")
        periods.append(Period(item["name"], tuple(str(a) for a in item.get("aliases", [])),
                              item["start"], item["end"]))
    preps = data.get("period_prepositions")
    if not isinstance(preps, dict) or any(
        v not in ("within", "after", "aftermath", "before", "end") for v in preps.values()
    ):
        raise _fail(doc, "period_prepositions",
                    "period_prepositions map words to within/after/aftermath/before/end")
    return GroundWords(
        months=month_numbers(),  # the event stage's events/data/months.tsv
        weekdays=_int_map(doc, data, "weekdays"),
        numbers=_int_map(doc, data, "numbers"),
        ordinals=_int_map(doc, data, "ordinals"),
        unit_days=unit_days,
        unit_precision=unit_precision,
        fuzzy_modifiers=tuple(str(m).lower() for m in data.get("fuzzy_modifiers") or []),
        seasons=tuple(sorted(_word_set(doc, data, "seasons"))),
        relative_phrases=phrases,
        sequel_phrases=sequels,
        periods=tuple(periods),
        historical_markers=tuple(str(m).lower() for m in data.get("historical_markers") or []),
        historical_adverbs=_word_set(doc, data, "historical_adverbs"),
        period_prepositions={str(k).lower(): str(v) for k, v in preps.items()},
        # the actor stage's prepositions of place (actors/data/links.tsv)
        location_prepositions=link_words("locative"),
        motion_prepositions=_word_set(doc, data, "motion_prepositions"),
        motion_verbs=_word_set(doc, data, "motion_verbs"),
        place_object_verbs=_word_set(doc, data, "place_object_verbs"),
        place_parts=_word_set(doc, data, "place_parts"),
        # with the event stage's future auxiliaries (events/data/modality.yaml)
        future_markers=_word_set(doc, data, "future_markers") | default_modality().future_aux,
    )


def _phrases(doc: YamlFile, data: dict[str, Any], key: str,
             unit_days: dict[str, int]) -> tuple[RelativePhrase, ...]:
    out = []
    for i, item in enumerate(data.get(key) or []):
        ok = (
            isinstance(item, dict)
            and isinstance(item.get("text"), str)
            and isinstance(item.get("offset"), int)
            and item.get("unit") in unit_days
            and item.get("precision") in PRECISIONS
        )
        if not ok:
            raise _fail(doc, f"{key}.{i}", "needs text, offset, unit, precision")
        out.append(RelativePhrase(item["text"].lower(), item["offset"], item["unit"],
                                  item["precision"]))
    return tuple(out)


def _word_set(doc: YamlFile, data: dict[str, Any], key: str) -> frozenset[str]:
    raw = data.get(key)
    if not isinstance(raw, list) or not all(isinstance(w, str) and w for w in raw):
        raise _fail(doc, key, f"'{key}' must be a list of words")
    return frozenset(w.lower() for w in raw)


def _float(value: str, where: Where, column: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise where.error(f"{column} '{value}' is not a number") from None


@lru_cache(maxsize=4)
def load_places(path: Path = DATA_DIR / "places.tsv") -> tuple[PlaceRow, ...]:
    """Read extra gazetteer entries (regions, seas, bases, country aliases)."""
    rows: list[PlaceRow] = []
    header = ("name", "aliases", "country", "lat", "lon", "kind")
    for number, cells in read_tsv(path, header, exact=True, complete=True, required=("name",),
                                  strip=False):
        where = Where(str(path), number)
        name, aliases, country, lat, lon, kind = (cells[c] for c in header)
        if country and (len(country) != 3 or not country.isupper()):
            raise where.error(f"country '{country}' is not ISO alpha-3")
        if kind not in ("country", "region", "site", "sea", "city"):
            raise where.error(f"unknown kind '{kind}'")
        lat_f, lon_f = _float(lat, where, "lat"), _float(lon, where, "lon")
        if (lat_f is None) != (lon_f is None) or (lat_f is None and kind != "country"):
            raise where.error("give both lat and lon (only countries may leave them empty)")
        rows.append(PlaceRow(name, tuple(a for a in aliases.split(";") if a), country or None,
                             lat_f, lon_f, kind))
    return tuple(rows)


def load_issues(path: Path = DATA_DIR / "issues.yaml") -> tuple[Issue, ...]:
    """Read an issue vocabulary: TAG -> {description, terms}."""
    doc = read_yaml(path)
    if not isinstance(doc.data, dict):
        raise DataFileError("expected a mapping of issue tags", path=doc.path, line=1)
    data = doc.data
    issues = []
    for tag, spec in data.items():
        if not isinstance(tag, str) or not tag.replace("_", "").isalnum() or not tag.isupper():
            raise _fail(doc, str(tag), f"issue tag '{tag}' must be UPPER_CASE")
        if not isinstance(spec, dict) or not isinstance(spec.get("terms"), list):
            raise _fail(doc, tag, f"issue '{tag}' needs a list of terms")
        terms = spec["terms"]
        if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise _fail(doc, f"{tag}.terms", f"issue '{tag}': terms must be non-empty text")
        issues.append(Issue(tag, str(spec.get("description", "")),
                            tuple(t.strip().lower() for t in terms)))
    return tuple(issues)
