"""Events behind a claim: fetched from the store with their sentence and document."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from detente.analyse.keys import (
    any_match_sql,
    check_party,
    pair_match_sql,
    party_sql,
    where_sql,
)

MAX_KEY_LOOKUP = 2000  # up to this many events are read by primary-key lookups
EVENT_COLUMNS = (
    "id", "date", "date_precision", "source", "target", "source_code", "target_code", "cameo",
    "quad_class", "goldstein", "plover", "modality", "issues", "sentence", "doc_id",
    "n_mentions", "n_documents", "rule",
)


def events_frame(
    con: duckdb.DuckDBPyConnection,
    *,
    parties: Iterable[str] | None = None,
    between: tuple[str, str] | None = None,
    issue: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    ids: Iterable[str] | None = None,
    counted_only: bool = True,
    limit: int | None = None,
    sign: int | None = None,
    before: str | date | None = None,
) -> pd.DataFrame:
    """Events as a DataFrame, with parties in `source`/`target`.

    `parties`: events whose source or target is one of them; `between`: events in either
    direction between two parties; `issue`: events tagged with it; `counted_only`: only the
    events the analyses count (asserted or reported, not negated; undated ones included).
    """
    clauses: list[str] = []
    params: list[object] = []
    if parties is not None:
        sql, args = any_match_sql([check_party(p) for p in parties])
        clauses.append(sql)
        params += args
    if between is not None:
        sql, args = pair_match_sql(*(check_party(p) for p in between))
        clauses.append(sql)
        params += args
    if ids is not None:
        chosen_ids = list(ids)
        if not chosen_ids:
            return pd.DataFrame(columns=list(EVENT_COLUMNS))
        clauses.append(f"id IN ({', '.join('?' for _ in chosen_ids)})")
        params += chosen_ids
    if counted_only:
        where, where_params = where_sql(since=since, until=until, dated=False, precisions=None)
        clauses.append(where)
        params += where_params
    else:
        for op, value in ((">=", since), ("<=", until)):
            if value is not None:
                clauses.append(f"date {op} CAST(? AS DATE)")
                params.append(str(value))
    if issue is not None:
        clauses.append("list_contains(issues, ?)")
        params.append(issue)
    if before is not None:
        clauses.append("date < CAST(? AS DATE)")
        params.append(str(before))
    order = "date NULLS LAST, id"
    if sign is not None and sign != 0:
        # A plain ORDER BY goldstein lets DuckDB skip row groups in a top-k query.
        clauses.append("goldstein > 0" if sign > 0 else "goldstein < 0")
        order = f"goldstein {'DESC' if sign > 0 else 'ASC'}, date NULLS LAST, id"
    elif sign == 0:  # strongest of either sign
        order = "abs(goldstein) DESC, date NULLS LAST, id"
    where_all = " AND ".join(clauses) or "TRUE"
    # Select and rank with plain column tests (pushed into the scan); sentences and the rest
    # are read only for the chosen events, by primary key.
    chosen = con.execute(f"""
        SELECT event_key, {party_sql("source")} AS src, {party_sql("target")} AS tgt
        FROM events WHERE {where_all}
        ORDER BY {order}
        {f"LIMIT {int(limit)}" if limit else ""}
    """, params).df()
    if chosen.empty:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    keys = chosen["event_key"].tolist()
    details = "(" + ", ".join("?" for _ in keys) + ")" if len(keys) <= MAX_KEY_LOOKUP else None
    columns = """event_key, id, CAST(date AS VARCHAR) AS date, date_precision, source_code,
               target_code, cameo, quad_class, goldstein, plover, modality, issues, sentence,
               doc_id, n_mentions, n_documents,
               json_extract_string(record, '$.rule') AS rule"""  # stores older than `rule` too
    if details is not None:
        rows = con.execute(f"SELECT {columns} FROM events WHERE event_key IN {details}",
                           keys).df()
    else:
        name = f"_detente_keys_{uuid.uuid4().hex}"
        con.register(name, chosen[["event_key"]])
        try:
            rows = con.execute(f"SELECT {columns} FROM events WHERE event_key IN "
                               f"(SELECT event_key FROM {name})").df()
        finally:
            con.unregister(name)
    frame = chosen.merge(rows, on="event_key", how="inner", sort=False)
    frame = frame.rename(columns={"src": "source", "tgt": "target"})
    return frame[list(EVENT_COLUMNS)]


def evidence_record(row: pd.Series | dict[str, Any]) -> dict[str, Any]:
    """One event as an analyst checks it: date, actors, code, quoted sentence, document."""
    get = row.get
    issues = get("issues")
    return {
        "id": get("id"),
        "date": get("date"),
        "source": get("source_code") or get("source"),
        "target": get("target_code") or get("target"),
        "cameo": get("cameo"),
        "goldstein": float(get("goldstein") or 0.0),
        "quad_class": int(get("quad_class") or 0),
        "plover": get("plover"),
        "sentence": get("sentence"),
        "doc_id": get("doc_id"),
        "issues": list(issues) if issues is not None else [],
        "n_mentions": int(get("n_mentions") or 1),
        "rule": get("rule") or None,
    }


def strongest_ids(
    con: duckdb.DuckDBPyConnection, between: tuple[str, str], *, sign: int, k: int = 3,
    since: str | date | None = None, until: str | date | None = None,
    before: str | date | None = None,
) -> list[str]:
    """Ids of the k events between two parties with the largest score of that sign (0: the
    largest in absolute value)."""
    frame = events_frame(con, between=between, since=since, until=until, before=before,
                         sign=sign, limit=k)
    return [str(i) for i in frame["id"]]
