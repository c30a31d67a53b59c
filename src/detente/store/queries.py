"""The read queries of a store, over an open DuckDB connection (`Store` calls them).

Every question the analyses, views and exports ask of the stored events is answered here, and
only here: which events (`select_events`), the per-period aggregates of a dyad, the stances by
issue, the event counts between all pairs of parties, the parties that occur at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from detente.errors import UsageError
from detente.store.sql import (
    any_match_sql,
    pair_match_sql,
    party_match_sql,
    party_sql,
    placed_sql,
    plover_case,
    state_sql,
    where_sql,
)

if TYPE_CHECKING:
    import duckdb
    import numpy as np

Day = str | date | None
MAX_KEY_LOOKUP = 2000  # up to this many rows are read back by primary-key lookups
ORDER = "date NULLS LAST, doc_id, sentence_index, id"


def _event_filters(
    *,
    parties: Iterable[str] | None = None,
    between: tuple[str, str] | None = None,
    issue: str | None = None,
    since: Day = None,
    until: Day = None,
    before: Day = None,
    doc_id: str | None = None,
    ids: list[str] | None = None,
    code: str | None = None,
    modality: str | None = None,
    counted_only: bool = False,
    precisions: Iterable[str] | None = None,
    source_party: str | None = None,
) -> tuple[list[str], list[object]]:
    """WHERE clauses (joined by AND) and their parameters for the filters of `select_events`
    (`precisions`: only dated events of these date precisions, as a series counts them)."""
    clauses: list[str] = []
    params: list[object] = []
    if source_party is not None:
        sql, args = party_match_sql("source", source_party)
        clauses.append(sql)
        params += args
    if precisions is not None:
        chosen = list(precisions)
        marks = ", ".join("?" for _ in chosen) or "NULL"
        clauses.append(f"date IS NOT NULL AND coalesce(date_precision, 'day') IN ({marks})")
        params += chosen
    if parties is not None:
        sql, args = any_match_sql(list(parties))
        clauses.append(sql)
        params += args
    if between is not None:
        sql, args = pair_match_sql(*between)
        clauses.append(sql)
        params += args
    if ids is not None:
        clauses.append(f"id IN ({', '.join('?' for _ in ids)})" if ids else "FALSE")
        params += ids
    if counted_only:
        where, where_params = where_sql(since=since, until=until, dated=False, precisions=None)
        clauses.append(where)
        params += where_params
    else:
        for op, value in ((">=", since), ("<=", until)):
            if value is not None:
                clauses.append(f"date {op} CAST(? AS DATE)")
                params.append(str(value))
    if before is not None:
        clauses.append("date < CAST(? AS DATE)")
        params.append(str(before))
    if issue is not None:
        clauses.append("list_contains(issues, ?)")
        params.append(issue)
    if doc_id is not None:
        clauses.append("doc_id = ?")
        params.append(doc_id)
    if code:
        clauses.append("starts_with(cameo, ?)")
        params.append(code)
    if modality:
        clauses.append("modality = ?")
        params.append(modality)
    return clauses, params


def count_events(
    con: duckdb.DuckDBPyConnection, *, mentions: bool = False, sign: int | None = None,
    limit: int | None = None, offset: int = 0, ids: Iterable[str] | None = None, **filters: Any,
) -> int:
    """How many rows `select_events` with these filters finds (`limit` and `offset` aside)."""
    clauses, params = _event_filters(ids=None if ids is None else list(ids), **filters)
    if sign:
        clauses.append("goldstein > 0" if sign > 0 else "goldstein < 0")
    table = "mentions" if mentions else "events"
    row = con.execute(f"SELECT count(*) FROM {table} WHERE {' AND '.join(clauses) or 'TRUE'}",
                      params).fetchall()
    return int(row[0][0])


def events_select(
    *, mentions: bool = False, limit: int | None = None, **filters: Any
) -> tuple[str, list[object]]:
    """One SELECT of the events `select_events` returns (all columns, date order), for DuckDB to
    write out itself (`export.write_events_parquet`); parties checked by the caller."""
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 (no limit) or more, not {limit}")
    table = "mentions" if mentions else "events"
    clauses, params = _event_filters(**filters)
    where = " AND ".join(clauses) or "TRUE"
    window = f" LIMIT {int(limit)}" if limit else ""
    return f"SELECT * FROM {table} WHERE {where} ORDER BY {ORDER}{window}", list(params)


def select_events(
    con: duckdb.DuckDBPyConnection,
    *,
    parties: Iterable[str] | None = None,
    between: tuple[str, str] | None = None,
    issue: str | None = None,
    since: Day = None,
    until: Day = None,
    before: Day = None,
    doc_id: str | None = None,
    ids: Iterable[str] | None = None,
    code: str | None = None,
    modality: str | None = None,
    counted_only: bool = False,
    precisions: Iterable[str] | None = None,
    source_party: str | None = None,
    mentions: bool = False,
    sign: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """Stored events (merged; every mention with `mentions=True`) with all their columns and
    their parties in `source`/`target` (see `detente.analyse.keys`), in date order.

    `parties`: the source or target is one of them; `between`: either direction between two
    parties; `issue`: tagged with it; `code`: CAMEO codes starting with it; `counted_only`: only
    the events the analyses count (asserted or reported, not negated; undated ones included);
    `sign`: only positive (1) or negative (-1) Goldstein scores, strongest first (0: strongest
    of either sign). Parties must be checked (`check_party`) by the caller.
    """
    if limit is not None and limit < 0:
        raise UsageError(f"limit must be 0 (no limit) or more, not {limit}")
    table = "mentions" if mentions else "events"
    key = "id" if mentions else "event_key"
    chosen_ids = None if ids is None else list(ids)
    if chosen_ids == []:
        return _empty(con, table)
    clauses, params = _event_filters(
        parties=parties, between=between, issue=issue, since=since, until=until, before=before,
        doc_id=doc_id, ids=chosen_ids, code=code, modality=modality, counted_only=counted_only,
        precisions=precisions, source_party=source_party)
    order = ORDER
    if sign is not None and sign != 0:
        # A plain ORDER BY goldstein lets DuckDB skip row groups in a top-k query.
        clauses.append("goldstein > 0" if sign > 0 else "goldstein < 0")
        order = f"goldstein {'DESC' if sign > 0 else 'ASC'}, date NULLS LAST, id"
    elif sign == 0:
        order = "abs(goldstein) DESC, date NULLS LAST, id"
    where_all = " AND ".join(clauses) or "TRUE"
    window = (f"LIMIT {int(limit)}" if limit else "") + (f" OFFSET {int(offset)}" if offset else "")
    # Select and rank with plain column tests (pushed into the scan); the other columns are read
    # only for the chosen rows, by primary key.
    chosen = con.execute(f"""
        SELECT {key} AS _key, {party_sql("source")} AS source, {party_sql("target")} AS target
        FROM {table} WHERE {where_all} ORDER BY {order} {window}
    """, params).df()
    if chosen.empty:
        return _empty(con, table)
    keys = chosen["_key"].tolist()
    if len(keys) <= MAX_KEY_LOOKUP:
        marks = ", ".join("?" for _ in keys)
        rows = con.execute(f"SELECT * FROM {table} WHERE {key} IN ({marks})", keys).df()
    else:
        name = f"_detente_keys_{uuid.uuid4().hex}"
        con.register(name, chosen[["_key"]])
        try:
            rows = con.execute(f"SELECT * FROM {table} WHERE {key} IN "
                               f"(SELECT _key FROM {name})").df()
        finally:
            con.unregister(name)
    frame = chosen.merge(rows.assign(_key=rows[key]), on="_key", how="inner", sort=False)
    return frame[_columns(con, table)]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The stored columns of `table` followed by the two party columns."""
    stored = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
    return [*stored, "source", "target"]


def _empty(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    return pd.DataFrame(columns=_columns(con, table))


def dyad_aggregates(
    con: duckdb.DuckDBPyConnection, a: str, b: str, *, by: str, precisions: tuple[str, ...],
    since: Day = None, until: Day = None, modalities: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Per period and direction (A->B, B->A) of the counted events between two parties: events,
    mentions, Goldstein sum/mean/sum of squares, quad-class counts and mean PLOVER intensity."""
    kwargs: dict[str, Any] = {"since": since, "until": until, "precisions": precisions}
    if modalities is not None:
        kwargs["modalities"] = modalities
    where, params = where_sql(**kwargs)
    pair, pair_params = pair_match_sql(a, b)
    from_a, from_a_params = party_match_sql("source", a)
    # Plain column tests select the rows (pushed into the scan); no party expression is
    # evaluated on the millions of other events.
    sql = f"""
        SELECT CAST(date_trunc('{by}', date) AS DATE) AS period,
               CASE WHEN {from_a} THEN 'A->B' ELSE 'B->A' END AS direction,
               count(*) AS events, sum(n_mentions) AS mentions,
               sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean,
               sum(goldstein * goldstein) AS goldstein_sumsq,
               count(*) FILTER (WHERE quad_class = 1) AS q1,
               count(*) FILTER (WHERE quad_class = 2) AS q2,
               count(*) FILTER (WHERE quad_class = 3) AS q3,
               count(*) FILTER (WHERE quad_class = 4) AS q4,
               avg({plover_case()}) AS plover_intensity
        FROM events
        WHERE {pair} AND {where}
        GROUP BY ALL
        ORDER BY period, direction
    """
    return con.execute(sql, [*from_a_params, *pair_params, *params]).df()


def issue_stances(
    con: duckdb.DuckDBPyConnection, a: str, b: str, *, sign_eps: float, since: Day = None,
    until: Day = None,
) -> pd.DataFrame:
    """Per issue, side (A or B), counterpart and sign of the counted events of A and B: events,
    mean, the two strongest ids, and the events whose CAMEO root carries a side (05-08
    cooperation, 10-20 conflict)."""
    where, params = where_sql(since=since, until=until, dated=False)
    either, either_params = any_match_sql([a, b])
    sides: list[str] = []
    side_params: list[object] = []
    for side in ("source", "target"):
        whens = []
        for party in (a, b):
            sql, args = party_match_sql(side, party)
            whens.append(f"WHEN {sql} THEN ?")
            side_params += [*args, party]
        sides.append(f"CASE {' '.join(whens)} END")
    # Rows are chosen with plain column tests; the side of each is a flag computed the same
    # way, never a filter on the party expressions (which DuckDB would push into the scan).
    return con.execute(f"""
        WITH e AS (
            SELECT id, {party_sql("source")} AS src, {party_sql("target")} AS tgt, goldstein,
                   TRY_CAST(root AS INTEGER) AS root_n, issues,
                   {sides[0]} AS src_side, {sides[1]} AS tgt_side
            FROM events
            WHERE {either} AND {where} AND len(issues) > 0
        ), sided AS (
            SELECT id, src_side AS side, tgt AS other, goldstein, root_n,
                   unnest(issues) AS issue
            FROM e WHERE src_side IS NOT NULL AND tgt IS NOT NULL AND tgt <> src
            UNION ALL
            SELECT id, tgt_side, src, goldstein, root_n, unnest(issues) FROM e
            WHERE tgt_side IS NOT NULL AND src IS NOT NULL AND tgt <> src
        )
        SELECT issue, side, other,
               CASE WHEN goldstein >= {sign_eps} THEN 1 WHEN goldstein <= -{sign_eps} THEN -1
                    ELSE 0 END AS sgn,
               count(*) AS n, avg(goldstein) AS mean,
               count(*) FILTER (WHERE root_n BETWEEN 5 AND 8) AS n_coop,
               count(*) FILTER (WHERE root_n >= 10) AS n_conflict,
               list(id ORDER BY abs(goldstein) DESC, id)[1:2] AS ids
        FROM sided GROUP BY ALL ORDER BY issue, side, n DESC, other
    """, [*side_params, *either_params, *params]).df()


def party_pairs(
    con: duckdb.DuckDBPyConnection, *, since: Day = None, until: Day = None
) -> dict[str, np.ndarray]:
    """Counted events between every two parties (undirected, p < q): count `n`, Goldstein sum
    `g`, and whether each is a state (`p_state`) and has a country (`p_placed`)."""
    where, params = where_sql(since=since, until=until, dated=False)
    # Two stages: group the raw actor columns first (plain columns group fastest; a CASE per
    # row costs more than the extra groups), then compute parties on the groups.
    sides = ", ".join(f"{s}_country, {s}_sector, {s}_name, {s}_code" for s in ("source", "target"))
    raw = con.execute(
        f"SELECT {sides}, count(*) AS n, sum(goldstein) AS g FROM events WHERE {where} "
        "GROUP BY ALL", params,
    ).df()
    # The second stage runs on the grouped rows as a separate query: inside one query DuckDB
    # may evaluate the party expressions on every event again.
    name = f"_detente_raw_{uuid.uuid4().hex}"
    con.register(name, raw)
    try:
        return con.execute(f"""
            WITH parties AS (
                SELECT {party_sql("source")} AS src, {party_sql("target")} AS tgt,
                       {state_sql("source")} AS src_state, {state_sql("target")} AS tgt_state,
                       {placed_sql("source")} AS src_placed, {placed_sql("target")} AS tgt_placed,
                       n, g FROM {name}
            )
            SELECT least(src, tgt) AS p, greatest(src, tgt) AS q, sum(n) AS n, sum(g) AS g,
                   bool_or(CASE WHEN src < tgt THEN src_state ELSE tgt_state END) AS p_state,
                   bool_or(CASE WHEN src < tgt THEN tgt_state ELSE src_state END) AS q_state,
                   bool_or(CASE WHEN src < tgt THEN src_placed ELSE tgt_placed END) AS p_placed,
                   bool_or(CASE WHEN src < tgt THEN tgt_placed ELSE src_placed END) AS q_placed
            FROM parties WHERE src <> tgt GROUP BY ALL
        """).fetchnumpy()
    finally:
        con.unregister(name)


def stored_parties(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every party that is the source or target of a stored event."""
    return {row[0] for row in con.execute(
        f"SELECT DISTINCT {party_sql('source')} FROM events "
        f"UNION SELECT DISTINCT {party_sql('target')} FROM events").fetchall()}


def top_dyads(con: duckdb.DuckDBPyConnection, k: int) -> list[tuple[str, str, int]]:
    """The k pairs of states with the most counted, dated events between them (a < b)."""
    where, params = where_sql()
    rows = con.execute(f"""
        SELECT least(s, t), greatest(s, t), count(*) AS n FROM (
            SELECT {party_sql("source")} AS s, {party_sql("target")} AS t FROM events
            WHERE {where} AND {state_sql("source")} AND {state_sql("target")}
        ) WHERE s <> t
        GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT {int(k)}
    """, params).fetchall()
    return [(str(a), str(b), int(n)) for a, b, n in rows]


def issue_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Every issue tag on stored events, with how many events carry it (most first)."""
    rows = con.execute(
        "SELECT issue, count(*) AS n FROM (SELECT unnest(issues) AS issue FROM events) "
        "GROUP BY issue ORDER BY n DESC, issue").fetchall()
    return [(str(i), int(n)) for i, n in rows]


def event(
    con: duckdb.DuckDBPyConnection, event_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The merged event with this id, or the one a mention with this id belongs to, with its
    parties (`source`, `target`); and its mentions (id, document, sentence), or None."""
    found = con.execute(f"""
        SELECT *, {party_sql("source")} AS source, {party_sql("target")} AS target FROM events
        WHERE id = ? OR event_key IN (SELECT event_key FROM mentions WHERE id = ?)
        ORDER BY id = ? DESC LIMIT 1
    """, [event_id, event_id, event_id]).df()
    if found.empty:
        return None
    row = found.iloc[0].to_dict()
    mentions = con.execute(
        "SELECT id, doc_id, sentence_index, sentence, modality, date FROM mentions "
        "WHERE event_key = ? ORDER BY doc_id, sentence_index, id", [row["event_key"]]).df()
    return row, mentions.to_dict(orient="records")


def event_totals(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Merged events stored, and the documents they come from."""
    row = con.execute("SELECT count(*), count(DISTINCT doc_id) FROM events").fetchall()
    return (int(row[0][0]), int(row[0][1])) if row else (0, 0)


def checked_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """`Store.events_frame` filters as `queries.select_events` takes them (parties checked)."""
    from detente.parties import check_party

    out = dict(filters)
    dyad, country = out.pop("dyad", None), out.pop("country", None)
    out.pop("with_parties", None)
    chosen = [check_party(p) for p in (*(out.pop("parties", None) or ()),
                                       *([country] if country else []))]
    out["parties"] = chosen or None
    out["between"] = (check_party(dyad[0]), check_party(dyad[1])) if dyad else None
    if out.get("source_party"):
        out["source_party"] = check_party(out["source_party"])
    return out
