"""POLECAT exports (tab-separated with a header; `.csv`, `.gz`, `.zip` too).

Columns used: Event ID, Event Date, Event Type (PLOVER), Event Mode, Intensity, Quad Code,
Contexts, Actor Name/Country/Sectors (also "Primary Actor Sector"), Recipient Name/Country/Sectors,
Placename, City, District, Province, Country, Latitude, Longitude, Source, Publication Date.
POLECAT codes PLOVER, not CAMEO: the type and mode choose the most general CAMEO code of that
type and mode in our CAMEO table (or the default of `data/plover_cameo.tsv`), and the record keeps
POLECAT's own type as `plover` and its mode, intensity and contexts. Compound actors ("A; B")
take the first as source/target and keep the full list in `actors` / `recipients`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from detente.errors import DataFileError, InputError
from detente.events.ontology import PLOVER_TYPES, CameoCode, all_codes, cameo
from detente.importers.common import (
    DATA_DIR,
    country_iso3,
    field,
    iso_date,
    make_actor,
    make_event,
    make_place,
    read_table,
    read_with_header,
    sector_code,
    to_float,
)
from detente.importers.registry import register
from detente.records import Actor, Event

REQUIRED = ("Event ID", "Event Date", "Event Type")
_SPLIT = re.compile(r"\s*;\s*")


@lru_cache(maxsize=1)
def _plover_codes() -> tuple[dict[str, CameoCode], dict[tuple[str, str], CameoCode]]:
    defaults: dict[str, CameoCode] = {}
    for plover, code in read_table(DATA_DIR / "plover_cameo.tsv", ("plover", "cameo")):
        entry = cameo(code)
        if plover not in PLOVER_TYPES or entry.plover != plover:
            raise DataFileError(
                f"plover_cameo.tsv: {plover} → {code}, but {code} is {entry.plover or 'none'}"
            )
        defaults[plover] = entry
    by_mode: dict[tuple[str, str], CameoCode] = {}
    for entry in sorted(all_codes(), key=lambda c: (len(c.code), c.code)):
        if len(entry.code) >= 3 and entry.plover and entry.plover_mode:
            by_mode.setdefault((entry.plover, entry.plover_mode.lower()), entry)
    return defaults, by_mode


def plover_to_cameo(event_type: str, mode: str = "") -> CameoCode:
    """The CAMEO code standing for a PLOVER type (and mode)."""
    defaults, by_mode = _plover_codes()
    key = event_type.strip().upper()
    if key not in defaults:
        raise ValueError(f"Event Type {event_type!r} is not a PLOVER event type")
    return by_mode.get((key, mode.strip().lower()), defaults[key])


@register("polecat", "POLECAT event exports (tab-separated with a header)")
def read_polecat(path: str) -> Iterator[Event | InputError]:
    """Events of a POLECAT export; a bad row is yielded as an error naming its line."""
    yield from read_with_header(path, REQUIRED, "a POLECAT export", _event)


def _split(value: str) -> list[str]:
    return [v for v in _SPLIT.split(value) if v]


def _actor(cells: list[str], index: dict[str, int], who: str) -> tuple[Actor | None, list[str]]:
    names = _split(field(cells, index, f"{who} Name"))
    countries = _split(field(cells, index, f"{who} Country"))
    sectors = field(cells, index, f"Primary {who} Sector", f"{who} Sectors")
    first_sector = _split(sectors)[0] if sectors else ""
    country = country_iso3(countries[0]) if countries else None
    actor = make_actor(names[0] if names else "", country, sector_code(first_sector))
    return actor, names


def _event(cells: list[str], index: dict[str, int]) -> Event:
    event_id = field(cells, index, "Event ID")
    if not event_id:
        raise ValueError("empty Event ID")
    raw_date = field(cells, index, "Event Date")
    date = iso_date(raw_date)
    if date is None:
        raise ValueError(f"Event Date {raw_date!r} is not a date")
    event_type = field(cells, index, "Event Type")
    mode = field(cells, index, "Event Mode")
    code = plover_to_cameo(event_type, mode)
    source, actors = _actor(cells, index, "Actor")
    target, recipients = _actor(cells, index, "Recipient")
    place = make_place(
        field(cells, index, "Placename", "City", "District", "Province", "Country"),
        country_iso3(field(cells, index, "Country")),
        field(cells, index, "Latitude"),
        field(cells, index, "Longitude"),
    )
    return make_event(
        origin="polecat",
        native_id=event_id,
        date=date,
        source=source,
        target=target,
        code=code,
        place=place,
        plover=event_type.strip().upper(),
        extra={
            "plover_mode": mode or None,
            "origin_intensity": to_float(field(cells, index, "Intensity")),
            "origin_quad_code": field(cells, index, "Quad Code") or None,
            "contexts": _split(field(cells, index, "Contexts").replace(",", ";")),
            "actors": actors,
            "recipients": recipients,
            "publisher": field(cells, index, "Source") or None,
            "pub_date": iso_date(field(cells, index, "Publication Date")),
        },
    )
