"""Events behind a claim: fetched from the store with their sentence and document."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from detente.analyse.keys import check_party, country_prefilter, party_sql, where_sql

EVENT_COLUMNS = (
    "id", "date", "date_precision", "source", "target", "source_code", "target_code", "cameo",
    "quad_class", "goldstein", "plover", "modality", "issues", "sentence", "doc_id",
    "n_mentions", "n_documents",
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
    # A cheap filter on the raw country columns runs first, so the party expressions are
    # computed only for the rows that can match.
    prefilter, pre_params = "TRUE", list[object]()
    named = [*(parties or []), *(between or ())]
    if named:
        joint = "AND" if between is not None and parties is None else "OR"
        prefilter, pre_params = country_prefilter([check_party(p) for p in named], joint)
    if ids is not None:
        chosen_ids = list(ids)
        if not chosen_ids:
            return pd.DataFrame(columns=list(EVENT_COLUMNS))
        prefilter += f" AND id IN ({', '.join('?' for _ in chosen_ids)})"
        pre_params += chosen_ids
    if counted_only:
        where, params = where_sql(since=since, until=until, dated=False, precisions=None)
        clauses.append(where)
    else:
        for op, value in ((">=", since), ("<=", until)):
            if value is not None:
                clauses.append(f"date {op} CAST(? AS DATE)")
                params.append(str(value))
    if parties is not None:
        chosen = [check_party(p) for p in parties]
        marks = ", ".join("?" for _ in chosen)
        clauses.append(f"(src IN ({marks}) OR tgt IN ({marks}))")
        params += chosen + chosen
    if between is not None:
        a, b = (check_party(p) for p in between)
        clauses.append("((src = ? AND tgt = ?) OR (src = ? AND tgt = ?))")
        params += [a, b, b, a]
    if issue is not None:
        clauses.append("list_contains(issues, ?)")
        params.append(issue)
    if before is not None:
        clauses.append("date < CAST(? AS DATE)")
        params.append(str(before))
    order = "date NULLS LAST, id"
    if sign is not None and sign != 0:
        clauses.append(f"goldstein * {1 if sign > 0 else -1} > 0")
        order = f"goldstein * {1 if sign > 0 else -1} DESC, date NULLS LAST, id"
    elif sign == 0:  # strongest of either sign
        order = "abs(goldstein) DESC, date NULLS LAST, id"
    where_all = " AND ".join(clauses) or "TRUE"
    sql = f"""
        WITH e AS MATERIALIZED (
            SELECT id, date, CAST(date AS VARCHAR) AS day, date_precision,
                   {party_sql("source")} AS src, {party_sql("target")} AS tgt,
                   source_code, target_code, cameo, quad_class, goldstein, plover, modality,
                   issues, sentence, doc_id, n_mentions, n_documents, negated
            FROM events WHERE {prefilter}
        )
        SELECT * EXCLUDE (date) RENAME (day AS date) FROM e WHERE {where_all}
        ORDER BY {order}
        {f"LIMIT {int(limit)}" if limit else ""}
    """
    frame = con.execute(sql, [*pre_params, *params]).df()
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
