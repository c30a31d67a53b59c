"""SQL fragments over the `events` table: who an event's parties are, and which events count.

The party rules (`detente.analyse.keys`: a state folds its state sectors into its country code,
rebels and other non-state sectors stay apart, an organisation is one party) are applied here in
DuckDB, as plain column tests where possible so that DuckDB pushes them into the scan.
"""

from __future__ import annotations

from datetime import date

from detente.errors import UsageError
from detente.parties import (
    DEFAULT_MODALITIES,
    DEFAULT_PRECISIONS,
    actor_classes,
    plover_intensity,
)


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
        clauses.append(f"(date IS NULL OR coalesce(date_precision, 'day') IN "
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


def plover_case() -> str:
    """SQL CASE mapping `plover` to its PLOVER conflict-cooperation score (NULL if unknown)."""
    whens = " ".join(f"WHEN '{k}' THEN {v}" for k, v in plover_intensity().items())
    return f"(CASE upper(plover) {whens} ELSE NULL END)"
