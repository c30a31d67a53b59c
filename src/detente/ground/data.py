"""Loaders for the grounding data files: date words (YAML), extra places (TSV), issues (YAML).

One loader per kind; each validates and raises `DataFileError` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from detente.errors import DataFileError

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
    intention_verbs: frozenset[str]
    conditional_markers: frozenset[str]
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


def _read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The parsed data and its node tree (for line numbers in error messages)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc})") from exc
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise DataFileError(f"{path}{line}: invalid YAML ({exc})") from exc


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line number of every top-level key and of every nested key one level down."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[str(key.value)] = key.start_mark.line + 1
            if isinstance(value, yaml.MappingNode):
                for sub, _ in value.value:
                    lines[f"{key.value}.{sub.value}"] = sub.start_mark.line + 1
            elif isinstance(value, yaml.SequenceNode):
                for i, item in enumerate(value.value):
                    lines[f"{key.value}.{i}"] = item.start_mark.line + 1
    return lines


def _fail(path: Path, lines: dict[str, int], key: str, message: str) -> DataFileError:
    line = lines.get(key) or lines.get(key.split(".")[0])
    where = f"{path} line {line}" if line else str(path)
    return DataFileError(f"{where}: {message}")


def _int_map(path: Path, lines: dict[str, int], data: dict[str, Any], key: str) -> dict[str, int]:
    raw = data.get(key)
    if not isinstance(raw, dict) or not raw:
        raise _fail(path, lines, key, f"'{key}' must be a non-empty mapping")
    out: dict[str, int] = {}
    for name, value in raw.items():
        if not isinstance(value, int):
            raise _fail(path, lines, f"{key}.{name}", f"'{name}' must map to an integer")
        out[str(name).lower()] = value
    return out


@lru_cache(maxsize=4)
def load_words(path: Path = DATA_DIR / "words.yaml") -> GroundWords:
    """Read the grounding words: calendar, units, relative phrases, periods, place words."""
    data, node = _read_yaml(path)
    lines = _key_lines(node)
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a mapping at the top level")
    units = data.get("units")
    if not isinstance(units, dict):
        raise _fail(path, lines, "units", "'units' must be a mapping")
    unit_days: dict[str, int] = {}
    unit_precision: dict[str, str] = {}
    for unit, spec in units.items():
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("days"), int)
            or spec.get("precision") not in PRECISIONS
        ):
            raise _fail(path, lines, f"units.{unit}", f"unit '{unit}' needs days and a precision")
        unit_days[unit] = spec["days"]
        unit_precision[unit] = spec["precision"]
    phrases = _phrases(path, lines, data, "relative_phrases", unit_days)
    sequels = _phrases(path, lines, data, "sequel_phrases", unit_days)
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
            raise _fail(path, lines, f"periods.{i}", "a period needs name, start <= end, aliases")
        periods.append(Period(item["name"], tuple(str(a) for a in item.get("aliases", [])),
                              item["start"], item["end"]))
    preps = data.get("period_prepositions")
    if not isinstance(preps, dict) or any(
        v not in ("within", "after", "aftermath", "before", "end") for v in preps.values()
    ):
        raise _fail(path, lines, "period_prepositions",
                    "period_prepositions map words to within/after/aftermath/before/end")
    return GroundWords(
        months=_int_map(path, lines, data, "months"),
        weekdays=_int_map(path, lines, data, "weekdays"),
        numbers=_int_map(path, lines, data, "numbers"),
        ordinals=_int_map(path, lines, data, "ordinals"),
        unit_days=unit_days,
        unit_precision=unit_precision,
        fuzzy_modifiers=tuple(str(m).lower() for m in data.get("fuzzy_modifiers") or []),
        seasons=tuple(sorted(_word_set(path, lines, data, "seasons"))),
        relative_phrases=phrases,
        sequel_phrases=sequels,
        periods=tuple(periods),
        historical_markers=tuple(str(m).lower() for m in data.get("historical_markers") or []),
        historical_adverbs=_word_set(path, lines, data, "historical_adverbs"),
        period_prepositions={str(k).lower(): str(v) for k, v in preps.items()},
        location_prepositions=_word_set(path, lines, data, "location_prepositions"),
        motion_prepositions=_word_set(path, lines, data, "motion_prepositions"),
        motion_verbs=_word_set(path, lines, data, "motion_verbs"),
        place_object_verbs=_word_set(path, lines, data, "place_object_verbs"),
        place_parts=_word_set(path, lines, data, "place_parts"),
        intention_verbs=_word_set(path, lines, data, "intention_verbs"),
        conditional_markers=_word_set(path, lines, data, "conditional_markers"),
        future_markers=_word_set(path, lines, data, "future_markers"),
    )


def _phrases(path: Path, lines: dict[str, int], data: dict[str, Any], key: str,
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
            raise _fail(path, lines, f"{key}.{i}", "needs text, offset, unit, precision")
        out.append(RelativePhrase(item["text"].lower(), item["offset"], item["unit"],
                                  item["precision"]))
    return tuple(out)


def _word_set(path: Path, lines: dict[str, int], data: dict[str, Any], key: str) -> frozenset[str]:
    raw = data.get(key)
    if not isinstance(raw, list) or not all(isinstance(w, str) and w for w in raw):
        raise _fail(path, lines, key, f"'{key}' must be a list of words")
    return frozenset(w.lower() for w in raw)


def _float(value: str, path: Path, line: int, column: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise DataFileError(f"{path} line {line}: {column} '{value}' is not a number") from exc


@lru_cache(maxsize=4)
def load_places(path: Path = DATA_DIR / "places.tsv") -> tuple[PlaceRow, ...]:
    """Read extra gazetteer entries (regions, seas, bases, country aliases)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc})") from exc
    rows: list[PlaceRow] = []
    header = ["name", "aliases", "country", "lat", "lon", "kind"]
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if number == 1:
            if cells != header:
                raise DataFileError(f"{path} line 1: header must be {' / '.join(header)}")
            continue
        if len(cells) != len(header) or not cells[0]:
            raise DataFileError(f"{path} line {number}: expected {len(header)} tab-separated cells")
        name, aliases, country, lat, lon, kind = cells
        if country and (len(country) != 3 or not country.isupper()):
            raise DataFileError(f"{path} line {number}: country '{country}' is not ISO alpha-3")
        if kind not in ("country", "region", "site", "sea", "city"):
            raise DataFileError(f"{path} line {number}: unknown kind '{kind}'")
        lat_f, lon_f = _float(lat, path, number, "lat"), _float(lon, path, number, "lon")
        if (lat_f is None) != (lon_f is None) or (lat_f is None and kind != "country"):
            raise DataFileError(f"{path} line {number}: give both lat and lon (only countries "
                                "may leave them empty)")
        rows.append(PlaceRow(name, tuple(a for a in aliases.split(";") if a), country or None,
                             lat_f, lon_f, kind))
    return tuple(rows)


def load_issues(path: Path = DATA_DIR / "issues.yaml") -> tuple[Issue, ...]:
    """Read an issue vocabulary: TAG -> {description, terms}."""
    data, node = _read_yaml(path)
    lines = _key_lines(node)
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a mapping of issue tags")
    issues = []
    for tag, spec in data.items():
        if not isinstance(tag, str) or not tag.replace("_", "").isalnum() or not tag.isupper():
            raise _fail(path, lines, str(tag), f"issue tag '{tag}' must be UPPER_CASE")
        if not isinstance(spec, dict) or not isinstance(spec.get("terms"), list):
            raise _fail(path, lines, tag, f"issue '{tag}' needs a list of terms")
        terms = spec["terms"]
        if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise _fail(path, lines, f"{tag}.terms", f"issue '{tag}': terms must be non-empty text")
        issues.append(Issue(tag, str(spec.get("description", "")),
                            tuple(t.strip().lower() for t in terms)))
    return tuple(issues)
