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
import numpy as np
import pandas as pd

from detente.analyse.alignment import STANCE_EPS, Relations, relations
from detente.analyse.evidence import events_frame

ISSUE_COLUMNS = ["issue", "relation", "same", "opposite", "a_events", "b_events", "ab_events",
                 "reasons", "evidence"]


def _stance_table(events: pd.DataFrame, side: str, other: str) -> pd.DataFrame:
    """Per counterpart of `side` (excluding `other`): events, mean Goldstein, event ids."""
    mine = events[((events["source"] == side) & (events["target"] != other))
                  | ((events["target"] == side) & (events["source"] != other))]
    if mine.empty:
        return pd.DataFrame(columns=["party", "n", "mean", "ids"])
    party = np.where(mine["source"] == side, mine["target"], mine["source"])
    grouped = mine.assign(party=party).groupby("party")
    return pd.DataFrame({
        "n": grouped.size(),
        "mean": grouped["goldstein"].mean(),
        "ids": grouped["id"].agg(list),
    }).reset_index()


def _sign(value: float) -> int:
    return 0 if abs(value) < 10 * STANCE_EPS else (1 if value > 0 else -1)


def _compare(
    sa: pd.DataFrame, sb: pd.DataFrame, rel: Relations, a: str, b: str
) -> tuple[float, float, list[str], list[str]]:
    same = opposite = 0.0
    reasons: list[str] = []
    ids: list[str] = []
    pos = rel.index()
    aff = rel.affinity()
    for ra in sa.itertuples():
        for rb in sb.itertuples():
            da, db = _sign(ra.mean), _sign(rb.mean)
            if da == 0 or db == 0:
                continue
            if ra.party == rb.party:
                link = 1
                through = ""
            elif ra.party in pos and rb.party in pos and rel.count[pos[ra.party], pos[rb.party]]:
                link = _sign(10 * aff[pos[ra.party], pos[rb.party]])
                through = f" ({ra.party} and {rb.party} are {'allies' if link > 0 else 'at odds'})"
                if link == 0:
                    continue
            else:
                continue
            weight = float(min(ra.n, rb.n))
            verb = {1: "backs", -1: "opposes"}
            text = f"{a} {verb[da]} {ra.party}, {b} {verb[db]} {rb.party}{through}"
            if da * db * link > 0:
                same += weight
            else:
                opposite += weight
            reasons.append(f"{'same' if da * db * link > 0 else 'opposite'}: {text}")
            ids += [*ra.ids[:2], *rb.ids[:2]]
    return same, opposite, reasons, ids


def issue_alignment(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    rel: Relations | None = None,
) -> pd.DataFrame:
    """One row per issue tag on events of A or B: relation same / opposite / mixed / not both,
    the evidence weights, readable reasons and evidence event ids."""
    rel = rel or relations(con, since=since, until=until, around=[a, b])
    events = events_frame(con, parties=[a, b], since=since, until=until)
    events = events[events["issues"].map(lambda v: v is not None and len(v) > 0)]
    if events.empty:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    exploded = events.explode("issues").rename(columns={"issues": "issue"})
    rows = []
    for issue, tagged in exploded.groupby("issue", sort=True):
        direct = tagged[((tagged["source"] == a) & (tagged["target"] == b))
                        | ((tagged["source"] == b) & (tagged["target"] == a))]
        sa, sb = _stance_table(tagged, a, b), _stance_table(tagged, b, a)
        same, opposite, reasons, ids = _compare(sa, sb, rel, a, b)
        for d in direct.itertuples():
            s = _sign(d.goldstein)
            if s > 0:
                same += 1
            elif s < 0:
                opposite += 1
            else:
                continue
            reasons.append(f"{'same' if s > 0 else 'opposite'}: {d.source} -> {d.target} "
                           f"{d.cameo} ({d.goldstein:+g}) on {issue}")
            ids.append(d.id)
        a_n, b_n = int(sa["n"].sum()) if len(sa) else 0, int(sb["n"].sum()) if len(sb) else 0
        if same == 0 and opposite == 0:
            relation = "not both" if (a_n == 0 or b_n == 0) and direct.empty else "unclear"
        elif opposite > same:
            relation = "opposite"
        elif same > opposite:
            relation = "same"
        else:
            relation = "mixed"
        rows.append({
            "issue": issue, "relation": relation, "same": same, "opposite": opposite,
            "a_events": a_n, "b_events": b_n, "ab_events": len(direct),
            "reasons": reasons, "evidence": list(dict.fromkeys(ids)),
        })
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS)
