"""Alignment by issue: on each issue tag, do A and B act on the same side, opposite sides, or
not both?

For an issue t, the events of each side tagged t are grouped by counterpart k and by the sign of
their Goldstein score: "A backs k" (positive events) and "A opposes k" (negative ones) are kept
apart, so a party that A both arms and fights contributes both, each with its own weight.
Evidence of *opposite* sides: A backs k while B opposes k; A backs k1 and B backs k2 while k1 and
k2 are at odds in the whole store (the sign rule extends to every combination). Evidence of the
*same* side: the same stance toward k, or toward two parties that are allies. Direct events
between A and B tagged t count when they carry a side: diplomatic or material cooperation
(CAMEO roots 05-08) for the same side, demands, criticism and conflict (roots 10-20) for
opposite sides; statements, appeals, intents and consultations (01-04) carry none. Each piece of
evidence weighs min(events of A, events of B) behind it; the larger total decides, a tie is
"mixed". See docs/ANALYSIS.md.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from detente.analyse.alignment import Relations, relations
from detente.analyse.keys import check_party, country_prefilter, party_sql, where_sql

ISSUE_COLUMNS = ["issue", "relation", "through_third_parties", "same", "opposite", "a_events",
                 "b_events", "ab_events", "reasons", "evidence"]
SIGN_EPS = 0.5  # |Goldstein| below this is neither backing nor opposing
LINK_EPS = 0.05  # |affinity| between two counterparts below this is no link


def _compare(
    sa: pd.DataFrame, sb: pd.DataFrame, rel: Relations, a: str, b: str
) -> tuple[float, float, list[tuple[float, str, list[str]]]]:
    """Same- and opposite-side weights from the two sides' stances, with the reasons."""
    same = opposite = 0.0
    found: list[tuple[float, str, list[str]]] = []
    pos = rel.index()
    aff = rel.affinity()
    verb = {1: "backs", -1: "opposes"}
    for ra in sa.itertuples():
        for rb in sb.itertuples():
            if ra.other == rb.other:
                link, through = 1, ""
            elif ra.other in pos and rb.other in pos and rel.count[pos[ra.other],
                                                                   pos[rb.other]]:
                value = aff[pos[ra.other], pos[rb.other]]
                if abs(value) < LINK_EPS:
                    continue
                link = 1 if value > 0 else -1
                through = (f" ({ra.other} and {rb.other} are "
                           f"{'allies' if link > 0 else 'at odds'})")
            else:
                continue
            weight = float(min(ra.n, rb.n))
            kind = "same" if ra.sgn * rb.sgn * link > 0 else "opposite"
            if kind == "same":
                same += weight
            else:
                opposite += weight
            text = (f"{kind}: {a} {verb[ra.sgn]} {ra.other}, {b} {verb[rb.sgn]} "
                    f"{rb.other}{through}")
            found.append((weight, text, [*ra.ids, *rb.ids]))
    return same, opposite, found


def _stances(
    con: duckdb.DuckDBPyConnection, a: str, b: str, since: str | date | None,
    until: str | date | None,
) -> pd.DataFrame:
    """Per issue, side (A or B), counterpart and sign: events, mean, two strongest ids, and
    for A-B rows the events whose CAMEO root carries a side."""
    where, params = where_sql(since=since, until=until, dated=False)
    prefilter, pre_params = country_prefilter([a, b], "OR")
    return con.execute(f"""
        WITH e AS MATERIALIZED (
            SELECT id, {party_sql("source")} AS src, {party_sql("target")} AS tgt, goldstein,
                   TRY_CAST(root AS INTEGER) AS root_n, issues
            FROM events
            WHERE {prefilter} AND {where}
                  AND len(issues) > 0
        ), sided AS (
            SELECT id, src AS side, tgt AS other, goldstein, root_n, unnest(issues) AS issue
            FROM e WHERE src IN (?, ?) AND tgt IS NOT NULL AND tgt <> src
            UNION ALL
            SELECT id, tgt, src, goldstein, root_n, unnest(issues) FROM e
            WHERE tgt IN (?, ?) AND src IS NOT NULL AND tgt <> src
        )
        SELECT issue, side, other,
               CASE WHEN goldstein >= {SIGN_EPS} THEN 1 WHEN goldstein <= -{SIGN_EPS} THEN -1
                    ELSE 0 END AS sgn,
               count(*) AS n, avg(goldstein) AS mean,
               count(*) FILTER (WHERE root_n BETWEEN 5 AND 8) AS n_coop,
               count(*) FILTER (WHERE root_n >= 10) AS n_conflict,
               list(id ORDER BY abs(goldstein) DESC, id)[1:2] AS ids
        FROM sided GROUP BY ALL ORDER BY issue, side, n DESC, other
    """, [*pre_params, *params, a, b, a, b]).df()


def _relation(same: float, opposite: float) -> str:
    if same == 0 and opposite == 0:
        return "none"
    if opposite > same:
        return "opposite"
    return "same" if same > opposite else "mixed"


def issue_alignment(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    rel: Relations | None = None,
    max_reasons: int = 5,
) -> pd.DataFrame:
    """One row per issue tag on events of A or B: relation same / opposite / mixed / unclear /
    not both; `through_third_parties`, the same judgement from stances toward third parties only
    (what the verdict's alignment uses); evidence weights, readable reasons (strongest first) and
    evidence ids."""
    a, b = check_party(a), check_party(b)
    rel = rel or relations(con, since=since, until=until, around=[a, b])
    stances = _stances(con, a, b, since, until)
    if stances.empty:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    rows = []
    for issue, tagged in stances.groupby("issue", sort=True):
        direct = tagged[(tagged["side"] == a) & (tagged["other"] == b)]
        signed = tagged[tagged["sgn"] != 0]
        sa = signed[(signed["side"] == a) & (signed["other"] != b)]
        sb = signed[(signed["side"] == b) & (signed["other"] != a)]
        same, opposite, found = _compare(sa, sb, rel, a, b)
        through = _relation(same, opposite)
        ab_events = int(direct["n"].sum())
        for kind, column, word in (("same", "n_coop", "cooperative"),
                                   ("opposite", "n_conflict", "hostile")):
            n = int(direct[column].sum())
            if not n:
                continue
            if kind == "same":
                same += n
            else:
                opposite += n
            chosen = direct[direct[column] > 0]
            ids = [str(i) for group in chosen["ids"] for i in group]
            found.append((float(n), f"{kind}: {n} {word} event(s) between {a} and {b} on "
                          f"{issue}", ids))
        a_n = int(tagged.loc[(tagged["side"] == a) & (tagged["other"] != b), "n"].sum())
        b_n = int(tagged.loc[(tagged["side"] == b) & (tagged["other"] != a), "n"].sum())
        relation = _relation(same, opposite)
        if relation == "none":
            relation = "not both" if (a_n == 0 or b_n == 0) and not ab_events else "unclear"
        found.sort(key=lambda item: -item[0])
        top = found[:max_reasons]
        rows.append({
            "issue": issue, "relation": relation, "through_third_parties": through,
            "same": same, "opposite": opposite,
            "a_events": a_n, "b_events": b_n, "ab_events": ab_events,
            "reasons": [text for _, text, _ in top],
            "evidence": list(dict.fromkeys(str(i) for _, _, ids in top for i in ids)),
        })
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS)
