"""The export queries of a store: DuckDB writes the files, so exporting millions of events
streams (`detente.importers.export` checks the destination and calls these through `Store`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd


def _sql_path(path: str | Path) -> str:
    return str(path).replace("'", "''")


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchall()
    return int(row[0][0]) if row else 0


def export_parquet(con: duckdb.DuckDBPyConnection, out: Path, *, table: str) -> int:
    """Write `table` as Parquet partitioned `year=YYYY/month=M/` under `out` (undated events
    under `year=__HIVE_DEFAULT_PARTITION__/`); returns the rows written."""
    try:
        con.execute(
            f"COPY (SELECT *, year(date) AS year, month(date) AS month FROM {table} "
            "ORDER BY date NULLS LAST, doc_id, sentence_index, id) "
            f"TO '{_sql_path(out)}' "
            "(FORMAT parquet, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE true)"
        )
    except duckdb.IOException as exc:
        raise OSError(str(exc)) from exc
    return _rows(con, table)


def _gdelt_select(table: str, has_counts: bool, names: Sequence[str]) -> str:
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
    columns = ", ".join(f'{values[name]} AS "{name}"' for name in names)
    return (
        f"SELECT {columns} FROM {table} e "
        "LEFT JOIN documents d ON d.doc_id = e.doc_id "
        "LEFT JOIN _gdelt_countries f ON f.iso3 = e.place_country "
        "ORDER BY e.date NULLS LAST, e.doc_id, e.sentence_index, e.id"
    )


def export_gdelt_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    table: str,
    fips: dict[str, str],
    columns: Sequence[str],
    delimiter: str = ",",
    header: bool = True,
) -> int:
    """Write `table` as CSV with GDELT's `columns` (place countries through the `fips` table);
    returns the rows written."""
    cols = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
    con.register(
        "_gdelt_countries",
        pd.DataFrame({"iso3": list(fips), "fips": list(fips.values())}),
    )
    try:
        query = _gdelt_select(table, "n_mentions" in cols, columns)
        sep = delimiter.replace("'", "''")
        con.execute(
            f"COPY ({query}) TO '{_sql_path(path)}' "
            f"(FORMAT csv, DELIMITER '{sep}', HEADER {'true' if header else 'false'})"
        )
    except duckdb.IOException as exc:
        raise OSError(str(exc)) from exc
    finally:
        con.unregister("_gdelt_countries")
    return _rows(con, table)


def write_events_parquet(
    con: duckdb.DuckDBPyConnection, path: str | Path, select: str, params: list[object]
) -> int:
    """Write the rows of `select` to one Parquet file, DuckDB writing as it reads (its own
    types: `date` a DATE, lists as lists, `record` JSON); returns how many were written."""
    try:
        con.execute(f"COPY ({select}) TO '{_sql_path(path)}' (FORMAT parquet)", params)
    except duckdb.IOException as exc:
        raise OSError(str(exc)) from exc
    row = con.execute(f"SELECT count(*) FROM ({select})", params).fetchall()
    return int(row[0][0]) if row else 0
