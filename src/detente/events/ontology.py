"""The CAMEO event ontology: every code with its name, Goldstein value, quad class and PLOVER type.

The table lives in `data/cameo.tsv` (see the header of that file for its sources and conventions).
Root and quad class are derived from the code itself, so the file cannot contradict them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from detente.datafiles import Where, read_tsv

DATA_DIR = Path(__file__).resolve().parent / "data"
CAMEO_FILE = DATA_DIR / "cameo.tsv"

PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
    }
)  # fmt: skip
_CODE = re.compile(r"^(0[1-9]|1\d|20)\d{0,2}$")
_COLUMNS = ["code", "goldstein", "plover", "plover_mode", "name"]


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO code and what it means."""

    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int  # GDELT: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    plover: str  # PLOVER event type; "" for root 01 (PLOVER has no statement category)
    plover_mode: str

    @property
    def penta_class(self) -> int:
        return penta_class(self.code)


def quad_class(code: str) -> int:
    """GDELT QuadClass of a CAMEO code: 01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4


def penta_class(code: str) -> int:
    """The Phoenix 5-way class: 0 (01–02), 1 (03–05), 2 (06–08), 3 (09–13, 16), 4 (14–15, 17–20)."""
    root = int(code[:2])
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


def load_cameo_table(path: Path = CAMEO_FILE) -> dict[str, CameoCode]:
    """Read and validate the CAMEO table; raise `DataFileError` naming file and line."""
    table: dict[str, CameoCode] = {}
    for lineno, row in read_tsv(path, tuple(_COLUMNS), exact=True, complete=True, strip=False):
        where = Where(str(path), lineno)
        code, goldstein_text, plover, mode, name = (row[c] for c in _COLUMNS)
        if not _CODE.match(code):
            raise where.error(f"bad CAMEO code {code!r}")
        if code in table:
            raise where.error(f"duplicate code {code}")
        try:
            goldstein = float(goldstein_text)
        except ValueError:
            raise where.error(f"Goldstein value {goldstein_text!r} is not a number") from None
        if not -10.0 <= goldstein <= 10.0:
            raise where.error(f"Goldstein {goldstein} outside ±10")
        if plover and plover not in PLOVER_TYPES:
            raise where.error(f"unknown PLOVER type {plover!r}")
        if not name:
            raise where.error(f"code {code} has no name")
        table[code] = CameoCode(
            code=code,
            name=name,
            root=code[:2],
            goldstein=goldstein,
            quad_class=quad_class(code),
            plover=plover,
            plover_mode=mode,
        )
    return table


@lru_cache(maxsize=1)
def _table() -> dict[str, CameoCode]:
    return load_cameo_table()


def cameo(code: str) -> CameoCode:
    """Look up a CAMEO code ("042"); ICEWS-style codes without the leading zero ("42") work too."""
    key = code.strip()
    table = _table()
    if key not in table and "0" + key in table:
        key = "0" + key
    try:
        return table[key]
    except KeyError:
        raise KeyError(f"unknown CAMEO code {code!r}") from None


def all_codes() -> list[CameoCode]:
    """Every CAMEO code in the table, in code order."""
    return list(_table().values())


def is_code(code: str) -> bool:
    return code in _table()
