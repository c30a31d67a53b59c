"""Exports of stored events: Parquet by year and month, GDELT-style CSV.

Both read the store's tables (`events`, the merged events, by default; `mentions` for every
mention) through `Store`, which lets DuckDB write the files, so exporting millions of events
streams. A failed write is an `OSError`.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from detente.errors import UsageError
from detente.importers.common import iso3_to_fips
from detente.importers.gdelt import COLUMNS

if TYPE_CHECKING:
    from detente.store import Store

_TABLES = ("events", "mentions")


def _check_table(table: str) -> None:
    if table not in _TABLES:
        raise UsageError(f"cannot export table {table!r}; choose one of {', '.join(_TABLES)}")


def export_parquet(
    store: Store,
    out_dir: str | Path,
    *,
    table: str = "events",
    overwrite: bool = False,
) -> int:
    """Write `table` as Parquet files partitioned `year=YYYY/month=M/` under `out_dir`.

    Undated events go to `year=__HIVE_DEFAULT_PARTITION__/` (read back as NULL). A directory that
    already holds files is refused unless `overwrite`, which first removes the partitions of an
    earlier export (and nothing else). Returns the number of rows written.
    """
    _check_table(table)
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise UsageError(f"{out} is not empty; choose a new directory or overwrite it")
        _remove_partitions(out)
    out.mkdir(parents=True, exist_ok=True)
    return store.export_parquet(out, table=table)


def _remove_partitions(out: Path) -> None:
    """Delete `year=*/month=*/*.parquet` of an earlier export; refuse anything else."""
    parts = [p for p in out.iterdir() if p.name.startswith("year=") and p.is_dir()]
    others = [p.name for p in out.iterdir() if p not in parts]
    strays = [str(f) for p in parts for f in p.rglob("*") if f.is_file() and f.suffix != ".parquet"]
    if others or strays:
        raise UsageError(
            f"{out} holds files that are not an earlier Parquet export "
            f"({', '.join((others + strays)[:3])}); choose a new directory"
        )
    for part in parts:
        shutil.rmtree(part)


def export_gdelt_csv(
    store: Store,
    path: str | Path,
    *,
    table: str = "events",
    delimiter: str = ",",
    header: bool = True,
) -> int:
    """Write `table` as CSV with the 58 columns of a GDELT 1.0 event export.

    `GLOBALEVENTID` is our event id; actor country codes are ISO alpha-3 (group codes such as
    IGO go to `KnownGroupCode`); `ActionGeo_CountryCode` is FIPS 10-4 as in GDELT; merged events
    carry their mention and document counts. `delimiter="\\t", header=False` gives GDELT's own
    layout. Returns the number of rows written.
    """
    _check_table(table)
    return store.export_gdelt_csv(Path(path), table=table, fips=iso3_to_fips(),
                                  columns=COLUMNS[58], delimiter=delimiter, header=header)
