"""Exports of stored events over a DuckDB connection: Parquet by year and month, GDELT-style CSV.

Both read the store's tables directly (`events`, the merged events, by default; `mentions` for
every mention) and let DuckDB write the files, so exporting millions of events streams.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd

from detente.errors import UsageError
from detente.importers.common import iso3_to_fips
from detente.importers.gdelt import COLUMNS

_TABLES = ("events", "mentions")


def _check_table(table: str) -> None:
    if table not in _TABLES:
        raise UsageError(f"cannot export table {table!r}; choose one of {', '.join(_TABLES)}")


def _sql_path(path: str | Path) -> str:
    return str(path).replace("'", "''")


def export_parquet(
    con: duckdb.DuckDBPyConnection,
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
    con.execute(
        f"COPY (SELECT *, year(date) AS year, month(date) AS month FROM {table} "
        "ORDER BY date NULLS LAST, doc_id, sentence_index, id) "
        f"TO '{_sql_path(out)}' "
        "(FORMAT parquet, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE true)"
    )
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


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


def _gdelt_select(table: str, has_counts: bool) -> str:
    """One SELECT producing the 58 columns of a GDELT 1.0 export row from our tables."""

    def actor(who: str, col: str) -> dict[str, str]:
        state = f"{col}_country IN (SELECT iso3 FROM _gdelt_countries)"
        return {
            f"{who}Code": f"coalesce(e.{col}_code, '')",
            f"{who}Name": f"upper(coalesce(e.{col}_name, e.{col}_text, ''))",
            f"{who}CountryCode": f"CASE WHEN {state} THEN e.{col}_country ELSE '' END",
            f"{who}KnownGroupCode": (
                f"CASE WHEN {state} THEN '' ELSE coalesce(e.{col}_country, '') END"
            ),
            f"{who}EthnicCode": "''",
            f"{who}Religion1Code": "''",
            f"{who}Religion2Code": "''",
            f"{who}Type1Code": f"coalesce(e.{col}_sector, '')",
            f"{who}Type2Code": "''",
            f"{who}Type3Code": "''",
        }

    place_type = (
        "CASE WHEN e.place_name IS NULL THEN 0 "
        "WHEN e.place_name = e.place_country OR e.place_lat IS NULL THEN 1 ELSE 4 END"
    )
    values: dict[str, str] = {
        "GLOBALEVENTID": "e.id",
        "SQLDATE": "coalesce(strftime(e.date, '%Y%m%d'), '')",
        "MonthYear": "coalesce(strftime(e.date, '%Y%m'), '')",
        "Year": "coalesce(CAST(year(e.date) AS VARCHAR), '')",
        "FractionDate": (
            "coalesce(CAST(round(year(e.date) + (dayofyear(e.date) - 1) / 365.0, 4) "
            "AS VARCHAR), '')"
        ),
        **actor("Actor1", "source"),
        **actor("Actor2", "target"),
        "IsRootEvent": "CASE WHEN e.sentence_index = 0 THEN 1 ELSE 0 END",
        "EventCode": "e.cameo",
        "EventBaseCode": "left(e.cameo, 3)",
        "EventRootCode": "e.root",
        "QuadClass": "e.quad_class",
        "GoldsteinScale": "e.goldstein",
        "NumMentions": "e.n_mentions" if has_counts else "1",
        "NumSources": "e.n_documents" if has_counts else "1",
        "NumArticles": "e.n_documents" if has_counts else "1",
        "AvgTone": "''",
        "DATEADDED": "coalesce(strftime(d.coded_at, '%Y%m%d'), '')",
        "SOURCEURL": "coalesce(d.url, e.record->>'source_url', e.doc_id)",
    }
    for who in ("Actor1", "Actor2"):
        for part in ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"):
            values[f"{who}Geo_{part}"] = "0" if part == "Type" else "''"
    values.update(
        {
            "ActionGeo_Type": place_type,
            "ActionGeo_FullName": "coalesce(e.place_name, '')",
            "ActionGeo_CountryCode": "coalesce(f.fips, '')",
            "ActionGeo_ADM1Code": "coalesce(f.fips, '')",
            "ActionGeo_Lat": "coalesce(CAST(e.place_lat AS VARCHAR), '')",
            "ActionGeo_Long": "coalesce(CAST(e.place_lon AS VARCHAR), '')",
            "ActionGeo_FeatureID": "''",
        }
    )
    columns = ", ".join(f'{values[name]} AS "{name}"' for name in COLUMNS[58])
    return (
        f"SELECT {columns} FROM {table} e "
        "LEFT JOIN documents d ON d.doc_id = e.doc_id "
        "LEFT JOIN _gdelt_countries f ON f.iso3 = e.place_country "
        "ORDER BY e.date NULLS LAST, e.doc_id, e.sentence_index, e.id"
    )


def export_gdelt_csv(
    con: duckdb.DuckDBPyConnection,
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
    cols = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
    fips = iso3_to_fips()
    con.register(
        "_gdelt_countries",
        pd.DataFrame({"iso3": list(fips), "fips": list(fips.values())}),
    )
    try:
        query = _gdelt_select(table, has_counts="n_mentions" in cols)
        sep = delimiter.replace("'", "''")
        con.execute(
            f"COPY ({query}) TO '{_sql_path(path)}' "
            f"(FORMAT csv, DELIMITER '{sep}', HEADER {'true' if header else 'false'})"
        )
    finally:
        con.unregister("_gdelt_countries")
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0
