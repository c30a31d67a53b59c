"""Alignment by issue: on each issue tag, do A and B act on the same side, opposite sides, or
not both?

For an issue t, each side's stance toward each counterpart k is the mean Goldstein of their
events tagged t. Evidence of *opposite* sides: a counterpart they treat with opposite signs; two
counterparts k1, k2 in conflict (their relation in the whole store is hostile) with A backing one
and B backing the other (or A opposing k1 while B backs k1's enemy... by the same sign rule); a
hostile A-B event tagged t. Evidence of the *same* side: the same sign toward a counterpart, or
toward two counterparts that are friends; a cooperative A-B event tagged t. Each piece of
evidence weighs the events behind it; the larger total decides (a tie is "mixed").
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from detente.analyse.alignment import STANCE_EPS, Relations, relations
from detente.analyse.keys import check_party, party_country, party_sql, where_sql

ISSUE_COLUMNS = ["issue", "relation", "same", "opposite", "a_events", "b_events", "ab_events",
                 "reasons", "evidence"]


def _sign(value: float) -> int:
    return 0 if abs(value) < 10 * STANCE_EPS else (1 if value > 0 else -1)


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
        da = _sign(ra.mean)
        if da == 0:
            continue
        for rb in sb.itertuples():
            db = _sign(rb.mean)
            if db == 0:
                continue
            if ra.other == rb.other:
                link, through = 1, ""
            elif ra.other in pos and rb.other in pos and rel.count[pos[ra.other],
                                                                   pos[rb.other]]:
                link = _sign(10 * aff[pos[ra.other], pos[rb.other]])
                if link == 0:
                    continue
                through = (f" ({ra.other} and {rb.other} are "
                           f"{'allies' if link > 0 else 'at odds'})")
            else:
                continue
            weight = float(min(ra.n, rb.n))
            kind = "same" if da * db * link > 0 else "opposite"
            if kind == "same":
                same += weight
            else:
                opposite += weight
            text = f"{kind}: {a} {verb[da]} {ra.other}, {b} {verb[db]} {rb.other}{through}"
            found.append((weight, text, [*ra.ids, *rb.ids]))
    return same, opposite, found


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
    not both, the evidence weights, readable reasons (strongest first) and evidence ids."""
    a, b = check_party(a), check_party(b)
    rel = rel or relations(con, since=since, until=until, around=[a, b])
    where, params = where_sql(since=since, until=until, dated=False)
    countries = sorted({party_country(a), party_country(b)})
    marks = ", ".join("?" for _ in countries)
    stances = con.execute(f"""
        WITH e AS MATERIALIZED (
            SELECT id, {party_sql("source")} AS src, {party_sql("target")} AS tgt, goldstein,
                   issues
            FROM events
            WHERE (source_country IN ({marks}) OR target_country IN ({marks})) AND {where}
                  AND len(issues) > 0
        ), sided AS (
            SELECT id, src AS side, tgt AS other, goldstein, unnest(issues) AS issue
            FROM e WHERE src IN (?, ?)
            UNION ALL
            SELECT id, tgt, src, goldstein, unnest(issues) FROM e WHERE tgt IN (?, ?)
        )
        SELECT issue, side, other, count(*) AS n, avg(goldstein) AS mean,
               sum(CASE WHEN goldstein > 0 THEN 1 ELSE 0 END) AS n_pos,
               sum(CASE WHEN goldstein < 0 THEN 1 ELSE 0 END) AS n_neg,
               list(id ORDER BY abs(goldstein) DESC, id)[1:2] AS ids
        FROM sided GROUP BY ALL ORDER BY issue, side, n DESC, other
    """, [*countries, *countries, *params, a, b, a, b]).df()
    if stances.empty:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    rows = []
    for issue, tagged in stances.groupby("issue", sort=True):
        direct = tagged[(tagged["side"] == a) & (tagged["other"] == b)]
        sa = tagged[(tagged["side"] == a) & (tagged["other"] != b)]
        sb = tagged[(tagged["side"] == b) & (tagged["other"] != a)]
        same, opposite, found = _compare(sa, sb, rel, a, b)
        ab_events = int(direct["n"].sum())
        if ab_events:
            n_pos, n_neg = int(direct["n_pos"].sum()), int(direct["n_neg"].sum())
            same += n_pos
            opposite += n_neg
            ids = list(direct["ids"].iloc[0])
            for n, kind, word in ((n_pos, "same", "cooperative"), (n_neg, "opposite",
                                                                   "hostile")):
                if n:
                    found.append((float(n), f"{kind}: {n} {word} event(s) between {a} and {b} "
                                  f"on {issue}", ids))
        a_n, b_n = int(sa["n"].sum()), int(sb["n"].sum())
        if same == 0 and opposite == 0:
            relation = "not both" if (a_n == 0 or b_n == 0) and not ab_events else "unclear"
        elif opposite > same:
            relation = "opposite"
        elif same > opposite:
            relation = "same"
        else:
            relation = "mixed"
        found.sort(key=lambda item: -item[0])
        top = found[:max_reasons]
        rows.append({
            "issue": issue, "relation": relation, "same": same, "opposite": opposite,
            "a_events": a_n, "b_events": b_n, "ab_events": ab_events,
            "reasons": [text for _, text, _ in top],
            "evidence": list(dict.fromkeys(str(i) for _, _, ids in top for i in ids)),
        })
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS)
