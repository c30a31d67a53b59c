"""Parties, filters and periods shared by the relation analyses.

An event's source and target become *parties*: a state folds all its state sectors into its
country code (TURGOV, TURMIL -> TUR), while rebels, opposition, refugees and other non-state
sectors stay apart (SYRREB is not SYR), so Syria's rebels and its government are different third
parties. An actor without a country is its code and name (REB:Kurds), so unrelated country-less
groups stay apart. An intergovernmental organisation with a code of its own (NATO, EUR, UNO:
`detente/actors/data/igos.tsv`) is one party whatever its organ or official (EURGOV, NATO).
The rules are `detente.parties` (read from `actors/data/actor_classes.tsv`), which the store
applies in DuckDB and the analyses to records in hand; they are re-exported here.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from detente.datafiles import read_tsv
from detente.errors import UsageError
from detente.parties import (  # noqa: F401 - the analyses' names for the party rules
    DEFAULT_MODALITIES,
    DEFAULT_PRECISIONS,
    ActorClasses,
    actor_classes,
    check_party,
    party_kind,
    party_of,
    plover_intensity,
)

if TYPE_CHECKING:
    from detente.store import Store

PERIODS = ("month", "quarter", "year")
# A series places an event in a period only if its date is at least that precise: an event
# known to the year ("in recent months" of a 2016 article) has no month.
SERIES_PRECISIONS = {"month": ("day", "month"), "quarter": ("day", "month"),
                     "year": ("day", "month", "year")}


@lru_cache(maxsize=1)
def state_codes() -> frozenset[str]:
    """ISO alpha-3 codes of the states in the actor table."""
    path = Path(__file__).parents[1] / "actors" / "data" / "states.tsv"
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
