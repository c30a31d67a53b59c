"""Parties, filters and periods shared by the relation analyses.

An event's source and target become *parties*: a state folds all its state sectors into its
country code (TURGOV, TURMIL -> TUR), while rebels, opposition, refugees and other non-state
sectors stay apart (SYRREB is not SYR), so Syria's rebels and its government are different third
parties. An actor without a country is its code and name (REB:Kurds), so unrelated country-less
groups stay apart. An intergovernmental organisation with a code of its own (NATO, EUR, UNO:
`detente/actors/data/igos.tsv`) is one party whatever its organ or official (EURGOV, NATO).
The rules live in `data/actor_classes.tsv`; the SQL built here applies them in DuckDB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from detente.datafiles import Row, read_tsv
from detente.errors import DataFileError, UsageError
from detente.igos import igo_code, igo_codes

if TYPE_CHECKING:
    import duckdb

DATA_DIR = Path(__file__).with_name("data")
PERIODS = ("month", "quarter", "year")
# Events that happened (or that a source reports as having happened) count; intended,
# hypothetical and denied ones are claims about what might be, not relations.
DEFAULT_MODALITIES = ("asserted", "reported")
# Decade- and century-precise events are history ("in the 1970s"), not part of a trend.
DEFAULT_PRECISIONS = ("day", "month", "year")
# A series places an event in a period only if its date is at least that precise: an event
# known to the year ("in recent months" of a 2016 article) has no month.
SERIES_PRECISIONS = {"month": ("day", "month"), "quarter": ("day", "month"),
                     "year": ("day", "month", "year")}


@dataclass(frozen=True, slots=True)
class ActorClasses:
    """Sector classes (state / apart / challenger) and non-state group pseudo-countries."""

    state_sectors: frozenset[str]
    apart_sectors: frozenset[str]  # includes the challengers
    group_countries: frozenset[str]
    challenger_sectors: frozenset[str] = frozenset()
    igo_countries: frozenset[str] = frozenset()  # organisations that are parties by their code


def _read_tsv(path: Path, columns: tuple[str, ...]) -> list[Row]:
    """Rows of a TSV data file with exactly `columns`, none empty; `#` lines are comments."""
    return read_tsv(path, columns, exact=True, complete=True, required=columns)


@lru_cache(maxsize=1)
def actor_classes(path: Path | None = None) -> ActorClasses:
    """Load `data/actor_classes.tsv`."""
    path = path or DATA_DIR / "actor_classes.tsv"
    state: set[str] = set()
    apart: set[str] = set()
    challengers: set[str] = set()
    groups: set[str] = set()
    for n, row in _read_tsv(path, ("kind", "code", "class")):
        kind, code, cls = row["kind"], row["code"], row["class"]
        if kind == "sector" and cls in ("state", "apart", "challenger"):
            (state if cls == "state" else apart).add(code)
            if cls == "challenger":
                challengers.add(code)
        elif kind == "country" and cls == "group":
            groups.add(code)
        else:
            raise DataFileError(f"unknown kind/class {kind!r}/{cls!r}", path=str(path), line=n)
        if not code.isalnum() or not code.isupper():
            raise DataFileError(f"code {code!r} must be upper-case letters", path=str(path), line=n)
    igos = igo_codes()
    if igos & groups:
        raise DataFileError(f"{', '.join(sorted(igos & groups))} are IGO codes (igos.tsv), "
                            "not groups", path=str(path))
    return ActorClasses(frozenset(state), frozenset(apart), frozenset(groups),
                        frozenset(challengers), igos)


@lru_cache(maxsize=1)
def plover_intensity(path: Path | None = None) -> dict[str, float]:
    """Load `data/plover_intensity.tsv`: PLOVER event type -> conflict-cooperation score."""
    path = path or DATA_DIR / "plover_intensity.tsv"
    table: dict[str, float] = {}
    for n, row in _read_tsv(path, ("plover", "intensity")):
        try:
            value = float(row["intensity"])
        except ValueError as exc:
            raise DataFileError(
                f"intensity {row['intensity']!r} is not a number", path=str(path), line=n
            ) from exc
        if not -10 <= value <= 10:
            raise DataFileError(f"intensity {value} outside -10..10", path=str(path), line=n)
        table[row["plover"]] = value
    return table


def _sql_list(values: frozenset[str] | tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in sorted(values))


def _in(column: str, values: frozenset[str] | tuple[str, ...]) -> str:
    """`column IN (...)` as a list lookup: DuckDB plans a long IN list inside CASE as a join,
    several times slower on millions of rows."""
    return f"list_contains([{_sql_list(values)}], {column})"


def party_sql(side: str) -> str:
    """SQL expression for the party of `side` ("source" or "target") of an events row."""
    if side not in ("source", "target"):
        raise ValueError(side)
    classes = actor_classes()
    c, s, code, name = f"{side}_country", f"{side}_sector", f"{side}_code", f"{side}_name"
    return (
        f"(CASE WHEN {c} IS NULL AND {code} IS NULL AND {name} IS NULL THEN NULL "
        f"WHEN {_in(c, classes.igo_countries)} THEN {c} "
        f"WHEN {_in(c, classes.group_countries)} "
        f"THEN {c} || coalesce(':' || coalesce({name}, {s}), '') "
        f"WHEN {c} IS NULL THEN coalesce(nullif({code}, ''), 'UNK') || coalesce(':' || {name}, '') "
        f"WHEN {_in(s, classes.apart_sectors)} THEN {c} || {s} "
        f"ELSE {c} END)"
    )


def party_match_sql(side: str, party: str) -> tuple[str, list[object]]:
    """SQL test on the raw columns of `side` that holds exactly when `party_sql(side)` equals
    `party`: plain column comparisons, which DuckDB pushes into the scan (a filter on the
    party expression itself would be evaluated on every stored event)."""
    classes = actor_classes()
    c, s, code, name = (f"{side}_{x}" for x in ("country", "sector", "code", "name"))
    apart = _in(f"coalesce({s}, '')", classes.apart_sectors)
    countryless = f"({c} IS NULL AND coalesce(nullif({code}, ''), 'UNK') = ?"
    if ":" in party:
        prefix, rest = party.split(":", 1)
        if prefix in classes.group_countries:
            return f"({c} = ? AND coalesce({name}, {s}) = ?)", [prefix, rest]
        return f"{countryless} AND {name} = ?)", [prefix, rest]
    if party in classes.igo_countries:
        return f"({c} = ?)", [party]
    if party in classes.group_countries:
        return f"({c} = ? AND {name} IS NULL AND {s} IS NULL)", [party]
    if len(party) > 3 and party[3:] in classes.apart_sectors:
        return f"({c} = ? AND {s} = ?)", [party[:3], party[3:]]
    alone = f"{countryless} AND {name} IS NULL)"
    if len(party) == 3:
        return f"(({c} = ? AND NOT {apart}) OR {alone})", [party, party]
    return alone, [party]


def _country_of(party: str) -> str:
    """The country column value the events of `party` carry (TUR, SYR for SYRREB, NATO for
    NATO, IGO for IGO:Some Organisation); country-less parties carry NULL, which the prefilter
    lets through too."""
    if ":" in party:
        return party.split(":", 1)[0]
    return party if party in actor_classes().igo_countries else party[:3]


def _prefilter(parties: list[str], joint: str) -> tuple[str, list[object]]:
    """A coarse test on the country columns alone, which DuckDB evaluates in the scan; the
    exact party test then runs on the few rows left."""
    countries = sorted({_country_of(p) for p in parties})
    marks = ", ".join("?" for _ in countries)
    sides = [f"({side}_country IN ({marks}) OR {side}_country IS NULL)"
             for side in ("source", "target")]
    return f"({sides[0]} {joint} {sides[1]})", [*countries, *countries]


def pair_match_sql(a: str, b: str) -> tuple[str, list[object]]:
    """SQL test: the event is between parties a and b, in either direction."""
    pre, pre_params = _prefilter([a, b], "AND")
    parts, params = [], []
    for x, y in ((a, b), (b, a)):
        sx, px = party_match_sql("source", x)
        ty, py = party_match_sql("target", y)
        parts.append(f"({sx} AND {ty})")
        params += px + py
    return f"({pre} AND ({' OR '.join(parts)}))", [*pre_params, *params]


def any_match_sql(parties: list[str]) -> tuple[str, list[object]]:
    """SQL test: the event's source or target is one of the parties."""
    pre, pre_params = _prefilter(parties, "OR")
    parts, params = [], []
    for party in parties:
        for side in ("source", "target"):
            sql, args = party_match_sql(side, party)
            parts.append(sql)
            params += args
    return f"({pre} AND ({' OR '.join(parts)}))", [*pre_params, *params]


def state_sql(side: str) -> str:
    """SQL test: the party of `side` is a state (a country, in a state sector)."""
    classes = actor_classes()
    c, sector = f"{side}_country", f"coalesce({side}_sector, '')"
    return (f"({c} IS NOT NULL AND NOT {_in(c, classes.group_countries)} "
            f"AND NOT {_in(c, classes.igo_countries)} "
            f"AND NOT {_in(sector, classes.apart_sectors)})")


def placed_sql(side: str) -> str:
    """SQL test: the actor of `side` has a country (a state, an organisation, a group code):
    a bare "rebels" or "the military" of no stated country is no party to align with."""
    return f"({side}_country IS NOT NULL)"


def party_kind(party: str, states: frozenset[str] = frozenset()) -> str:
    """"state", "igo" or "group" (anything else: rebels, regions, organisations of no code)."""
    if party in actor_classes().igo_countries:
        return "igo"
    return "state" if party in states else "group"


# A party as a user writes it: letters (TUR, SYRREB, IGO), or a group key (IGO:NATO,
# REB:Kurds) whose name part is what the store holds, within printable characters.
_PARTY = re.compile(r"[A-Za-z]{2,9}|[A-Za-z]{2,9}:[^\x00-\x1f\x7f']{1,60}")


def check_party(code: str) -> str:
    """Validate a party code given by a user (TUR, SYRREB, NATO, EU, REB:Kurds); an
    organisation's other codes become its own (EU, EEC -> EUR; UN -> UNO)."""
    code = code.strip()
    if not _PARTY.fullmatch(code):
        raise UsageError(f"not a party code: {code[:70]!r} (use ISO alpha-3 such as TUR, a "
                         "state and sector such as SYRREB, an organisation such as NATO, EUR, "
                         "UNO, or a group such as IGO:Nordic Council)")
    if ":" in code:
        return code
    return igo_code(code) or code.upper()


@lru_cache(maxsize=1)
def state_codes() -> frozenset[str]:
    """ISO alpha-3 codes of the states in the actor table."""
    path = DATA_DIR.parents[1] / "actors" / "data" / "states.tsv"
    return frozenset(row["code"] for _line, row in read_tsv(path, ("code",)))


def check_known(con: duckdb.DuckDBPyConnection, parties: list[str]) -> None:
    """`UsageError` naming the parties that are neither a state nor in any stored event (a
    typo such as TUX would otherwise give an empty report that looks like no relation)."""
    classes = actor_classes()
    rest = [p for p in parties
            if p not in state_codes() and p.split(":")[0] not in classes.group_countries]
    if not rest:
        return
    stored = {row[0] for row in con.execute(
        f"SELECT DISTINCT {party_sql('source')} FROM events "
        f"UNION SELECT DISTINCT {party_sql('target')} FROM events").fetchall()}
    unknown = [p for p in rest if p not in stored]
    if unknown:
        raise UsageError(
            f"unknown party {', '.join(map(repr, unknown))}: not a state code (ISO alpha-3 "
            "such as TUR) and no stored event involves it")


def where_sql(
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    modalities: tuple[str, ...] = DEFAULT_MODALITIES,
    precisions: tuple[str, ...] | None = DEFAULT_PRECISIONS,
    dated: bool = True,
) -> tuple[str, list[object]]:
    """A WHERE clause (without the keyword) for events that count, and its parameters."""
    # Plain IN lists here: DuckDB pushes them into the scan (unlike list lookups).
    clauses = ["NOT negated", f"modality IN ({_sql_list(tuple(modalities))})"]
    params: list[object] = []
    if dated:
        clauses.append("date IS NOT NULL")
    if precisions is not None:
        clauses.append("(date IS NULL OR coalesce(date_precision, 'day') IN "
                       f"({_sql_list(tuple(precisions))}))")
    if since is not None:
        clauses.append("date >= CAST(? AS DATE)")
        params.append(str(since))
    if until is not None:
        clauses.append("date <= CAST(? AS DATE)")
        params.append(str(until))
    for value in modalities:
        if not value.isalpha():
            raise UsageError(f"not a modality: {value!r}")
    return " AND ".join(clauses), params


def check_period(by: str) -> str:
    if by not in PERIODS:
        raise UsageError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    return by


def period_years(by: str) -> float:
    """Length of a period in years (for the mid-point of a period on the time axis)."""
    return {"month": 1 / 12, "quarter": 0.25, "year": 1.0}[check_period(by)]


def fractional_year(d: date) -> float:
    start = date(d.year, 1, 1)
    length = (date(d.year + 1, 1, 1) - start).days
    return d.year + (d - start).days / length
