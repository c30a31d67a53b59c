"""GDELT event exports: 1.0 (57 fields, 58 with SOURCEURL) and 2.0 (61 fields), tab-separated,
no header, plain, `.gz` or `.zip` (the form GDELT publishes).

Exports as users keep them are read too: when the first row is a header naming GDELT's columns
(BigQuery exports, files saved by gdeltPyR or pandas, our own `detente export gdelt`), every row
is read by column name, tab- or comma-separated, whatever the order; columns GDELT does not have
(gdeltPyR's `CAMEOCodeDescription`, a pandas index) are ignored. Such a header must name at least
GLOBALEVENTID, SQLDATE and EventCode; other missing columns read as empty.

Actor codes, country codes (CAMEO, mostly ISO alpha-3) and type codes map directly; place
country codes are FIPS 10-4 and become ISO alpha-3. Goldstein, quad class and PLOVER type come
from our CAMEO table so imported and coded events compare; GDELT's own values, counts, tone and
source URL are kept in the record (`origin_goldstein`, `num_mentions`, `avg_tone`, `source_url`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from detente.errors import InputError
from detente.importers.common import (
    cameo_code,
    fips_to_iso3,
    iso_date,
    iter_rows,
    make_actor,
    make_event,
    make_place,
    row_error,
    to_float,
    to_int,
)
from detente.importers.registry import register
from detente.records import Actor, Event

_ACTOR = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_EVENT = (
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
)  # fmt: skip
_GEO_1 = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_GEO_2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")


def _columns(geo: tuple[str, ...], tail: tuple[str, ...]) -> tuple[str, ...]:
    return (
        ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
        + tuple(f"Actor1{c}" for c in _ACTOR)
        + tuple(f"Actor2{c}" for c in _ACTOR)
        + _EVENT
        + tuple(f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in geo)
        + tail
    )


#: Column names by field count: 1.0 backfiles (57), 1.0 daily files (58), 2.0 (61).
COLUMNS = {
    57: _columns(_GEO_1, ("DATEADDED",)),
    58: _columns(_GEO_1, ("DATEADDED", "SOURCEURL")),
    61: _columns(_GEO_2, ("DATEADDED", "SOURCEURL")),
}
VERSIONS = {57: "1.0", 58: "1.0", 61: "2.0"}


#: Every GDELT column by its folded name ("actor1geotype" for Actor1Geo_Type).
_BY_FOLDED = {re.sub(r"[^a-z0-9]", "", name.lower()): name
              for name in (*COLUMNS[61], *COLUMNS[58])}
#: What a header must name for its rows to be events.
REQUIRED = ("GLOBALEVENTID", "SQLDATE", "EventCode")


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """Positions of GDELT's columns when `cells` is a header row naming them (None when the
    row is data: GDELT's own files have no header)."""
    index: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = _BY_FOLDED.get(re.sub(r"[^a-z0-9]", "", cell.lower()))
        if name is not None and name not in index:
            index[name] = i
    return index if "GLOBALEVENTID" in index else None


@register("gdelt", "GDELT 1.0/2.0 event exports (57/58/61 fields, or any columns by header)")
def read_gdelt(path: str) -> Iterator[Event | InputError]:
    """Events of a GDELT export, one per row; a bad row is yielded as an error naming its line."""
    header: dict[str, int] | None = None
    width = 0
    first = True
    for item in iter_rows(path):
        if isinstance(item, InputError):
            yield item
            continue
        line, cells = item
        if first:
            first = False
            header = header_columns(cells)
            if header is not None:
                missing = [name for name in REQUIRED if name not in header]
                if missing:
                    yield row_error(path, line, "not a GDELT export: the header lacks "
                                    + ", ".join(missing))
                    return
                width = len(cells)
                continue
        if header is not None:
            if len(cells) != width:
                yield row_error(path, line, f"{len(cells)} fields; the header names {width}")
                continue
            row = dict.fromkeys(_BY_FOLDED.values(), "")
            row.update({name: cells[i] for name, i in header.items()})
            version = "2.0" if "ActionGeo_ADM2Code" in header else "1.0"
            try:
                yield _event(row, version)
            except (KeyError, ValueError) as exc:
                yield row_error(path, line, str(exc).strip("'\""))
            continue
        names = COLUMNS.get(len(cells))
        if names is None:
            yield row_error(
                path, line, f"{len(cells)} fields; a GDELT export row has 57, 58 (1.0) or 61 (2.0)"
            )
            continue
        row = dict(zip(names, cells, strict=True))
        try:
            yield _event(row, VERSIONS[len(cells)])
        except (KeyError, ValueError) as exc:
            yield row_error(path, line, str(exc).strip("'\""))


def _actor(row: dict[str, str], who: str) -> Actor | None:
    country = row[f"{who}CountryCode"] or row[f"{who}KnownGroupCode"] or None
    return make_actor(
        row[f"{who}Name"], country, row[f"{who}Type1Code"] or None, row[f"{who}Code"] or None
    )


def _event(row: dict[str, str], version: str) -> Event:
    event_id = row["GLOBALEVENTID"]
    if not event_id:
        raise ValueError("empty GLOBALEVENTID")
    date = iso_date(row["SQLDATE"])
    if date is None:
        raise ValueError(f"SQLDATE {row['SQLDATE']!r} is not a date")
    code = cameo_code(row["EventCode"])
    place = None
    if row["ActionGeo_Type"] not in ("", "0"):
        place = make_place(
            row["ActionGeo_FullName"],
            fips_to_iso3(row["ActionGeo_CountryCode"]),
            row["ActionGeo_Lat"],
            row["ActionGeo_Long"],
        )
    source, target = _actor(row, "Actor1"), _actor(row, "Actor2")
    return make_event(
        origin="gdelt",
        native_id=event_id,
        date=date,
        source=source,
        target=target,
        code=code,
        place=place,
        extra={
            "origin_version": version,
            "origin_goldstein": to_float(row["GoldsteinScale"]),
            "origin_quad_class": to_int(row["QuadClass"]),
            "is_root_event": row["IsRootEvent"] == "1",
            "num_mentions": to_int(row["NumMentions"]),
            "num_sources": to_int(row["NumSources"]),
            "num_articles": to_int(row["NumArticles"]),
            "avg_tone": to_float(row["AvgTone"]),
            "date_added": row["DATEADDED"] or None,
            "source_url": row.get("SOURCEURL") or None,
        },
    )
