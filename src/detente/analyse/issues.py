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
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from detente.analyse.alignment import PartyNetwork, party_network
from detente.analyse.keys import check_party

if TYPE_CHECKING:
    from detente.store import Store

ISSUE_COLUMNS = ["issue", "relation", "through_third_parties", "same", "opposite", "a_events",
                 "b_events", "ab_events", "reasons", "evidence"]
SIGN_EPS = 0.5  # |Goldstein| below this is neither backing nor opposing
LINK_EPS = 0.05  # |affinity| between two counterparts below this is no link


def _compare(
    sa: pd.DataFrame, sb: pd.DataFrame, rel: PartyNetwork, a: str, b: str, top: int = 5
) -> tuple[float, float, list[tuple[float, str, list[str]]]]:
    """Same- and opposite-side weights from the two sides' stances (all pairs of A's and B's
    groups at once), with the `top` heaviest pieces of evidence as reasons."""
    if sa.empty or sb.empty:
        return 0.0, 0.0, []
    pos = rel.index()
    ia = np.array([pos.get(o, -1) for o in sa["other"]])
    ib = np.array([pos.get(o, -1) for o in sb["other"]])
    known = (ia >= 0)[:, None] & (ib >= 0)[None, :]
    rows, cols = np.ix_(np.maximum(ia, 0), np.maximum(ib, 0))
    between = rel.affinity()[rows, cols]
    linked = known & (rel.count[rows, cols] > 0) & (np.abs(between) >= LINK_EPS)
    link = np.where(linked, np.sign(between), 0.0)
    same_party = sa["other"].to_numpy()[:, None] == sb["other"].to_numpy()[None, :]
    link[same_party] = 1.0
    kind = sa["sgn"].to_numpy(float)[:, None] * sb["sgn"].to_numpy(float)[None, :] * link
    weight = np.minimum(sa["n"].to_numpy(float)[:, None], sb["n"].to_numpy(float)[None, :])
    same, opposite = float(weight[kind > 0].sum()), float(weight[kind < 0].sum())
    found: list[tuple[float, str, list[str]]] = []
    verb = {1: "backs", -1: "opposes"}
    pairs = np.argwhere(kind != 0)
    order = np.argsort(-weight[kind != 0], kind="stable")[:top]
    for i, j in pairs[order]:
        ra, rb = sa.iloc[i], sb.iloc[j]
        through = "" if same_party[i, j] else (
            f" ({ra.other} and {rb.other} are {'allies' if link[i, j] > 0 else 'at odds'})")
        label = "same" if kind[i, j] > 0 else "opposite"
        text = (f"{label}: {a} {verb[int(ra.sgn)]} {ra.other}, {b} {verb[int(rb.sgn)]} "
                f"{rb.other}{through}")
        found.append((float(weight[i, j]), text, [*ra.ids, *rb.ids]))
    return same, opposite, found


def _relation(same: float, opposite: float) -> str:
    if same == 0 and opposite == 0:
        return "none"
    if opposite > same:
        return "opposite"
    return "same" if same > opposite else "mixed"


def issue_alignment(
    store: Store,
    a: str,
    b: str,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    rel: PartyNetwork | None = None,
    max_reasons: int = 5,
) -> pd.DataFrame:
    """One row per issue tag on events of A or B: relation same / opposite / mixed / unclear /
    not both; `through_third_parties`, the same judgement from stances toward third parties only
    (what the verdict's alignment uses); evidence weights, readable reasons (strongest first) and
    evidence ids."""
    a, b = check_party(a), check_party(b)
    rel = rel or party_network(store, since=since, until=until, around=[a, b])
    stances = store.issue_stances(a, b, sign_eps=SIGN_EPS, since=since, until=until)
    if stances.empty:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    rows = []
    for issue, tagged in stances.groupby("issue", sort=True):
        direct = tagged[(tagged["side"] == a) & (tagged["other"] == b)]
        signed = tagged[tagged["sgn"] != 0]
        sa = signed[(signed["side"] == a) & (signed["other"] != b)]
        sb = signed[(signed["side"] == b) & (signed["other"] != a)]
        same, opposite, found = _compare(sa.reset_index(drop=True),
                                         sb.reset_index(drop=True), rel, a, b, max_reasons)
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
