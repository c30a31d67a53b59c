"""Loaders for the actor tables: flat TSV tables and nested YAML actor entries.

One loader per kind of file, each reading through `detente.datafiles` and validating what it
reads; a bad entry raises `DataFileError` naming the file and its line. Stage code never opens
data files itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente import datafiles
from detente.datafiles import Row, Where, YamlFile, read_yaml
from detente.errors import DataFileError
from detente.records import Term

DATA_DIR = Path(__file__).resolve().parent / "data"

# CAMEO/PLOVER sector codes an actor may carry (PLOVER list plus CAMEO's HLH, NGO and IGO roles).
SECTORS = frozenset(
    [
        "COP",
        "GOV",
        "JUD",
        "LEG",
        "MIL",
        "PRM",
        "PTY",
        "REB",
        "SPY",
        "UAF",
        "UNK",
        "AGR",
        "BUS",
        "CRM",
        "CVL",
        "EDU",
        "ELI",
        "JRN",
        "LAB",
        "MED",
        "REF",
        "OPP",
        "PRE",
        "REL",
        "SOC",
        "HLH",
        "HRI",
        "NGO",
        "ENV",
    ]
)
KINDS = frozenset(
    [
        "state",
        "capital",
        "person",
        "role",
        "igo",
        "group",
        "ethnic",
        "historical",
        "place",
        "region",
        "pronoun",
    ]
)
_COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor as the tables define it: the names it goes by and what it codes as."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    country: str | None = None
    sector: str | None = None
    terms: tuple[Term, ...] = ()
    source: str = ""  # "file:line", for error messages and debugging


def read_tsv(path: Path, columns: tuple[str, ...]) -> list[Row]:
    """Rows (line, cells) of a TSV table with a header naming at least `columns`; '#' lines are
    comments (`detente.datafiles.read_tsv`, cells stripped, missing last cells empty)."""
    return datafiles.read_tsv(path, columns)


def split_forms(cell: str) -> tuple[str, ...]:
    return tuple(f.strip() for f in cell.split("|") if f.strip())


def check_country(value: Any, where: Where) -> str:
    """Three capital letters (a state or group code) or an organisation code of igos.tsv."""
    from detente.igos import is_igo  # igos reads its table with this module's reader

    if not isinstance(value, str) or not (_COUNTRY_RE.match(value) or is_igo(value)):
        raise where.error(
            "country must be three capital letters or an IGO code of igos.tsv "
            f"(NATO, OPEC ...), got {value!r}"
        )
    return value


def check_sector(value: Any, where: Where) -> str:
    if not isinstance(value, str) or value not in SECTORS:
        raise where.error(
            f"unknown sector {value!r} (one of {', '.join(sorted(SECTORS))})"
        )
    return value


def check_date(value: Any, where: Where) -> str | None:
    """An ISO date, year-month or year; YAML may hand us a date object."""
    if value is None or value == "":
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if not _DATE_RE.match(text):
        raise where.error(f"date must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return text


_ENTRY_KEYS = frozenset({"name", "kind", "aliases", "country", "sector", "terms"})
_TERM_KEYS = frozenset({"country", "sector", "start", "end", "role"})


def load_actor_file(path: str | Path) -> list[ActorEntry]:
    """Read a YAML list of actor entries (the built-in tables and users' `--actors` files).

    Each entry: `name` (required), `kind`, `aliases`, `country`, `sector` and `terms`, a list
    of {country, sector, start, end, role} periods. A bad entry raises `DataFileError` with file
    and line.
    """
    doc = read_yaml(Path(path))
    data = doc.data
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataFileError("an actor file is a YAML list of entries", path=doc.path, line=1)
    return [_entry(item, doc, number) for number, item in enumerate(data)]


def _entry(item: Any, doc: YamlFile, number: int) -> ActorEntry:
    where = doc.where(number)
    if not isinstance(item, dict):
        raise where.error(f"each entry must be a mapping with a 'name', got {item!r}")
    unknown = sorted(set(item) - _ENTRY_KEYS)
    if unknown:
        raise where.error(f"unknown key(s) {', '.join(unknown)}")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise where.error("entry needs a non-empty 'name'")
    kind = item.get("kind") or ("person" if item.get("terms") else "group")
    if kind not in KINDS:
        raise where.error(f"unknown kind {kind!r} (one of {', '.join(sorted(KINDS))})")
    aliases = item.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise where.error("'aliases' must be a list of names")
    country = item.get("country")
    country = check_country(country, where) if country is not None else None
    sector = item.get("sector")
    sector = check_sector(sector, where) if sector is not None else None
    terms = item.get("terms") or []
    if not isinstance(terms, list):
        raise where.error("'terms' must be a list")
    parsed = tuple(
        _term(t, doc.where(number, "terms", k), country) for k, t in enumerate(terms)
    )
    names = tuple(dict.fromkeys([name.strip(), *(a.strip() for a in aliases)]))
    return ActorEntry(name.strip(), kind, names, country, sector, parsed, str(where))


def _term(item: Any, here: Where, country: str | None) -> Term:
    if not isinstance(item, dict):
        raise here.error("each term is a mapping with country, sector, start, end")
    unknown = sorted(set(item) - _TERM_KEYS)
    if unknown:
        raise here.error(f"unknown key(s) in term: {', '.join(unknown)}")
    term_country = item.get("country", country)
    if term_country is None:
        raise here.error("term needs a country (or the entry one)")
    start = _pad(check_date(item.get("start"), here), "-01-01")
    end = _pad(check_date(item.get("end"), here), "-12-31")
    if start and end and end < start:
        raise here.error(f"term ends ({end}) before it starts ({start})")
    return Term(
        country=check_country(term_country, here),
        sector=check_sector(item.get("sector", "GOV"), here),
        start=start,
        end=end,
        role=str(item.get("role", "")),
    )


def _pad(date: str | None, tail: str) -> str | None:
    """Widen a year or year-month to a day so string comparison with ISO dates is right."""
    if date is None or len(date) == 10:
        return date
    return date + tail[len(date) - 4 :]


PEOPLE_COLUMNS = ("name", "aliases", "country", "sector", "role", "start", "end")


def load_people_table(path: Path) -> list[ActorEntry]:
    """People and their offices from a TSV table: one row per term, the name repeated.

    `aliases` ('|'-separated) may be given on any row of a person; `sector` defaults to GOV.
    A row without role and dates gives a person a standing code without a term ("ZAF ELI").
    """
    people: dict[str, dict[str, Any]] = {}
    for line, row in read_tsv(path, PEOPLE_COLUMNS):
        where = Where(str(path), line)
        name = row["name"]
        if not name:
            raise where.error("row without a name")
        person = people.setdefault(
            name, {"aliases": [], "terms": [], "where": where, "country": None, "sector": None}
        )
        person["aliases"] += split_forms(row["aliases"])
        country = check_country(row["country"], where)
        sector = check_sector(row["sector"] or "GOV", where)
        if not (row["role"] or row["start"] or row["end"]):
            person["country"], person["sector"] = country, sector
            continue
        start = _pad(check_date(row["start"], where), "-01-01")
        end = _pad(check_date(row["end"], where), "-12-31")
        if start and end and end < start:
            raise where.error(f"term ends ({end}) before it starts ({start})")
        person["terms"].append(Term(country, sector, start, end, row["role"]))
    entries = []
    for name, person in people.items():
        terms = tuple(sorted(person["terms"], key=lambda t: t.start or ""))
        aliases = tuple(dict.fromkeys([name, *person["aliases"]]))
        entries.append(
            ActorEntry(
                name,
                "person",
                aliases,
                person["country"],
                person["sector"],
                terms,
                str(person["where"]),
            )
        )
    return entries
