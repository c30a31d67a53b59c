"""Parties: who an event's source and target are for the relation analyses and the store.

A state folds all its state sectors into its country code (TURGOV, TURMIL -> TUR), while rebels,
opposition, refugees and other non-state sectors stay apart (SYRREB is not SYR). An actor without
a country is its code and name (REB:Kurds). An intergovernmental organisation with a code of its
own (NATO, EUR, UNO: `actors/data/igos.tsv`) is one party whatever its organ or official. The
rules are read from `actors/data/actor_classes.tsv`; `detente.store.sql` applies them in DuckDB,
`party_of` to records in hand. Like `detente.igos`, this sits below the stages: the store and the
analyses both read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from detente.datafiles import Row, read_tsv
from detente.errors import DataFileError, UsageError
from detente.igos import igo_code, igo_codes

ACTORS_DATA = Path(__file__).parent / "actors" / "data"
EVENTS_DATA = Path(__file__).parent / "events" / "data"

# Events that happened (or that a source reports as having happened) count; intended,
# hypothetical and denied ones are claims about what might be, not relations.
DEFAULT_MODALITIES = ("asserted", "reported")
# Decade- and century-precise events are history ("in the 1970s"), not part of a trend.
DEFAULT_PRECISIONS = ("day", "month", "year")

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
    """Load `actors/data/actor_classes.tsv`."""
    path = path or ACTORS_DATA / "actor_classes.tsv"
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
    """Load `events/data/plover_intensity.tsv`: PLOVER event type -> conflict-cooperation
    score."""
    path = path or EVENTS_DATA / "plover_intensity.tsv"
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


