"""Intergovernmental organisations as parties of their own (`actors/data/igos.tsv`).

Each organisation has a code that events carry as their actor's `country` (NATO, EUR, UNO ...).
`igo_code` turns what a user types ("EU", "eec", "UN") into that code; `is_igo` tells an
organisation from a state or a group for the analyses. This module stands apart from
`detente.actors` so that the store and the analyses read the table without loading spaCy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from detente.datafiles import Row, Where, read_tsv

IGO_FILE = Path(__file__).resolve().parent / "actors" / "data" / "igos.tsv"
COLUMNS = ("code", "name", "also")
# Upper-case letters and digits, a letter first (G7, G20): events concatenate it with a sector.
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_ALIAS = re.compile(r"^[A-Z][A-Z0-9.]{1,11}$")


@dataclass(frozen=True, slots=True)
class Igos:
    """The organisation codes, and every code or alias (upper case) -> its code."""

    codes: frozenset[str]
    lookup: dict[str, str]
    names: dict[str, str]


def load_igos(path: Path | None = None) -> Igos:
    """Read an IGO table (code, name, also); errors name the file and line."""
    path = path or IGO_FILE
    codes: set[str] = set()
    lookup: dict[str, str] = {}
    names: dict[str, str] = {}
    for line, row in _rows(path):
        where = Where(str(path), line)
        code = row["code"]
        if not _CODE.match(code):
            raise where.error(f"code {code!r} must be 2-8 upper-case letters or digits")
        if not row["name"]:
            raise where.error(f"{code} has no name")
        for form in (code, *(f.strip() for f in row["also"].split("|") if f.strip())):
            if not _ALIAS.match(form):
                raise where.error(f"{form!r} is not an upper-case code")
            if form in lookup:
                raise where.error(f"{form!r} already stands for {lookup[form]}")
            lookup[form] = code
        codes.add(code)
        names[code] = row["name"]
    return Igos(frozenset(codes), lookup, names)


def _rows(path: Path) -> list[Row]:
    """The table's rows after its header; `#` lines are comments."""
    return read_tsv(path, COLUMNS, exact=True)


@lru_cache(maxsize=1)
def igos() -> Igos:
    """The shipped table, loaded once."""
    return load_igos()


def igo_codes() -> frozenset[str]:
    return igos().codes


def is_igo(code: str | None) -> bool:
    """Whether `code` (an actor's country) is an intergovernmental organisation."""
    return code is not None and code in igos().codes


def igo_code(text: str) -> str | None:
    """The organisation code for what a user typed ("EU", "eec", "NATO"), else None."""
    return igos().lookup.get(text.strip().upper())
