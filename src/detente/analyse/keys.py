"""Parties, filters and periods shared by the relation analyses.

An event's source and target become *parties*: a state folds all its state sectors into its
country code (TURGOV, TURMIL -> TUR), while rebels, opposition, refugees and other non-state
sectors stay apart (SYRREB is not SYR), so Syria's rebels and its government are different third
parties. An actor without a country is its code and name (REB:Kurds), so unrelated country-less
groups stay apart. An intergovernmental organisation with a code of its own (NATO, EUR, UNO:
`detente/actors/data/igos.tsv`) is one party whatever its organ or official (EURGOV, NATO).
The rules live in `data/actor_classes.tsv`; `detente.store.sql` applies them in DuckDB.
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
    from detente.store import Store

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


def party_of(actor: dict[str, str | None] | None) -> str | None:
    """The party of an event record's `source` or `target` (its `country`, `sector`, `code`,
    `name`): what `detente.store.sql.party_sql` computes in the store, for records in hand."""
    if not actor:
        return None
    c, s, code, name = (actor.get(k) for k in ("country", "sector", "code", "name"))
    if c is None and code is None and name is None:
        return None
    classes = actor_classes()
    if c in classes.igo_countries:
        return c
    if c in classes.group_countries:
        rest = name if name is not None else s
        return c + (f":{rest}" if rest is not None else "")
    if c is None:
        return (code or "UNK") + (f":{name}" if name is not None else "")
    if s is not None and s in classes.apart_sectors:
        return c + s
    return c


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


def check_known(store: Store, parties: list[str]) -> None:
    """`UsageError` naming the parties that are neither a state nor in any stored event (a
    typo such as TUX would otherwise give an empty report that looks like no relation)."""
    classes = actor_classes()
    rest = [p for p in parties
            if p not in state_codes() and p.split(":")[0] not in classes.group_countries]
    if not rest:
        return
    stored = store.stored_parties()
    unknown = [p for p in rest if p not in stored]
    if unknown:
        raise UsageError(
            f"unknown party {', '.join(map(repr, unknown))}: not a state code (ISO alpha-3 "
            "such as TUR) and no stored event involves it")


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
