"""ICEWS event files (Dataverse `.tab`, tab-separated with a header; `.csv`, `.gz`, `.zip` too).

Columns: Event ID, Event Date, Source Name, Source Sectors, Source Country, Event Text, CAMEO
Code (no leading zero: 42 is 042), Intensity, Target Name/Sectors/Country, Story ID, Sentence
Number, Publisher, City, District, Province, Country, Latitude, Longitude. Countries are names
(→ ISO alpha-3); sectors are lists of descriptions (→ one sector code, see `data/sectors.tsv`).
ICEWS event ids repeat across releases (a later release re-issues an event): importing the same
id again replaces the earlier record rather than adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterator

from detente.errors import InputError
from detente.importers.common import (
    cameo_code,
    country_iso3,
    field,
    iso_date,
    make_actor,
    make_event,
    make_place,
    read_with_header,
    sector_code,
    to_float,
    to_int,
)
from detente.importers.registry import register
from detente.records import Actor, Event

REQUIRED = ("Event Date", "CAMEO Code", "Source Name", "Target Name")


@register("icews", "ICEWS event files (tab-separated with a header)")
def read_icews(path: str) -> Iterator[Event | InputError]:
    """Events of an ICEWS file; a bad row is yielded as an error naming its line."""
    yield from read_with_header(path, REQUIRED, "an ICEWS event file", _event)


def _actor(cells: list[str], index: dict[str, int], who: str) -> Actor | None:
    name = field(cells, index, f"{who} Name")
    country_name = field(cells, index, f"{who} Country")
    country = country_iso3(country_name)
    if country is None and not country_name:
        country = country_iso3(name)  # "Turkey" as the actor itself
    return make_actor(name, country, sector_code(field(cells, index, f"{who} Sectors")))


def _event(cells: list[str], index: dict[str, int]) -> Event:
    raw_date = field(cells, index, "Event Date")
    date = iso_date(raw_date)
    if date is None:
        raise ValueError(f"Event Date {raw_date!r} is not a date")
    code = cameo_code(field(cells, index, "CAMEO Code"))
    event_id = field(cells, index, "Event ID")
    story = field(cells, index, "Story ID")
    sentence = field(cells, index, "Sentence Number")
    source, target = _actor(cells, index, "Source"), _actor(cells, index, "Target")
    place_name = (
        field(cells, index, "City")
        or field(cells, index, "District")
        or field(cells, index, "Province")
        or field(cells, index, "Country")
    )
    place = make_place(
        place_name,
        country_iso3(field(cells, index, "Country")),
        field(cells, index, "Latitude"),
        field(cells, index, "Longitude"),
    )
    return make_event(
        origin="icews",
        native_id=event_id or f"{story}/{sentence}/{code.code}",
        date=date,
        source=source,
        target=target,
        code=code,
        place=place,
        extra={
            "origin_intensity": to_float(field(cells, index, "Intensity")),
            "event_text": field(cells, index, "Event Text") or None,
            "story_id": story or None,
            "sentence_number": to_int(sentence),
            "publisher": field(cells, index, "Publisher") or None,
        },
    )
