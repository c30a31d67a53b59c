"""Alignment of two parties through third parties and by issue.

Affinity of party p toward third party k: the Goldstein scores of the events between them (both
directions), scaled to -1..1 and shrunk toward 0 when there are few events:
    x_pk = sum(g) / (10 * (n + PRIOR)).
Where p has no event with k, a second-order stance is inferred from p's partners j
(the friend of my friend, the enemy of my friend):
    x_pk ~ sum_j n_pj s_pj s_jk / sum_j n_pj,   s = sign(x) sqrt(|x|).
The alignment of A and B is a weighted S-score over the third parties both have a stance on:
    S = 1 - sum_k w_k |x_Ak - x_Bk| / sum_k w_k,   w_k = sqrt(e_Ak * e_Bk)
(Signorino-Ritter with d_max = 2 on the -1..1 scale), its chance-corrected form
kappa = 1 - D_obs / D_exp, and the weighted correlation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from detente.analyse.keys import actor_classes, check_party, party_kind

if TYPE_CHECKING:
    from detente.store import Store

PRIOR = 1.0  # events of Goldstein 0 added to every affinity (shrinks thin evidence)
# Armed challengers (SYRREB) are at odds with their own state (SYR) by definition: when no event
# links them, one pseudo-event of this score does (affinity -0.25).
CHALLENGER_PRIOR = -5.0
INFERRED_WEIGHT = 0.5  # an inferred stance counts half as much as observed events
STANCE_EPS = 0.05  # |affinity| below this is neutral


@dataclass(frozen=True, slots=True)
class PartyNetwork:
    """Symmetric event counts and Goldstein sums between parties (index order = `keys`)."""

    keys: list[str]
    count: np.ndarray
    total: np.ndarray
    states: frozenset[str] = frozenset()  # keys that are states (not groups, rebels, regions)

    def index(self) -> dict[str, int]:
        return {k: i for i, k in enumerate(self.keys)}

    def affinity(self) -> np.ndarray:
        return np.clip(self.total / (10.0 * (self.count + PRIOR)), -1.0, 1.0)


def party_network(
    store: Store,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    around: list[str] | None = None,
) -> PartyNetwork:
    """Event counts and Goldstein sums between all pairs of parties (undirected).

    `around`: only pairs among these parties and everyone they have events with (the parties'
    neighbourhood), which is what the alignment of a few parties needs. A party of no country
    (a bare "rebels", "the military") is kept only when it is one of `around`: whose rebels
    they are is unknown, so they are never a third party to align on.
    """
    pairs = store.party_pairs(since=since, until=until)
    chosen_parties = set(around or ())
    placed = np.fromiter(
        ((bool(pp) or p in chosen_parties) and (bool(qp) or q in chosen_parties)
         for p, q, pp, qp in zip(pairs["p"].tolist(), pairs["q"].tolist(),
                                 pairs["p_placed"].tolist(), pairs["q_placed"].tolist(),
                                 strict=True)),
        bool, count=len(pairs["p"]))
    pairs = {k: np.asarray(v)[placed] for k, v in pairs.items()}
    if around:
        p_list, q_list = pairs["p"].tolist(), pairs["q"].tolist()
        chosen = set(around)
        near = chosen | {q for p, q in zip(p_list, q_list, strict=True) if p in chosen} | {
            p for p, q in zip(p_list, q_list, strict=True) if q in chosen}
        keep = np.fromiter((p in near and q in near for p, q in zip(p_list, q_list,
                                                                    strict=True)), bool,
                           count=len(p_list))
        pairs = {k: np.asarray(v)[keep] for k, v in pairs.items()}
    keys = sorted(set(pairs["p"].tolist()) | set(pairs["q"].tolist()) | set(around or []))
    pos = {k: i for i, k in enumerate(keys)}
    size = len(keys)
    count = np.zeros((size, size))
    total = np.zeros((size, size))
    if len(pairs["p"]):
        i = np.fromiter((pos[p] for p in pairs["p"].tolist()), int)
        j = np.fromiter((pos[q] for q in pairs["q"].tolist()), int)
        n = np.asarray(pairs["n"], dtype=float)
        g = np.asarray(pairs["g"], dtype=float)
        count[i, j] = count[j, i] = n
        total[i, j] = total[j, i] = g
    _challenger_links(keys, pos, count, total)
    states = {str(k) for k, flag in zip(pairs["p"].tolist(), pairs["p_state"].tolist(),
                                        strict=True) if flag}
    states |= {str(k) for k, flag in zip(pairs["q"].tolist(), pairs["q_state"].tolist(),
                                         strict=True) if flag}
    return PartyNetwork(keys, count, total, frozenset(states))


def _challenger_links(keys: list[str], pos: dict[str, int], count: np.ndarray,
                      total: np.ndarray) -> None:
    """Link each armed challenger party (SYRREB) to its state (SYR) when no event does."""
    sectors = actor_classes().challenger_sectors
    for key in keys:
        country, sector = key[:3], key[3:]
        if sector in sectors and country in pos and ":" not in key:
            i, j = pos[key], pos[country]
            if count[i, j] == 0:
                count[i, j] = count[j, i] = 1.0
                total[i, j] = total[j, i] = CHALLENGER_PRIOR


def stances(
    rel: PartyNetwork, rows: list[int], *, infer: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stance (affinity) of each row party toward every party, its evidence weight, whether it
    was inferred (second order) rather than observed, and for inferred stances the partner it
    goes through most (index, -1 if none). Inference never goes through one of `rows` (A's
    stance must not be borrowed from B's)."""
    aff = rel.affinity()
    observed = rel.count > 0
    x = aff[rows].copy()
    e = rel.count[rows].copy()
    inferred = np.zeros_like(x, dtype=bool)
    via = np.full(x.shape, -1)
    if not infer:
        return x, e, inferred, via
    # Second order: through partners j both observed (p-j and j-k).
    weight_pj = rel.count[rows].copy()  # (r, K)
    weight_pj[:, rows] = 0.0
    through = aff * observed  # x_jk where observed, else 0
    # Each path contributes sign(x_pj x_jk) * sqrt(|x_pj x_jk|): the geometric mean keeps the
    # strength of the links (a plain product of two values below 1 fades toward neutral).
    root_x = np.sign(x) * np.sqrt(np.abs(x))
    root_through = np.sign(through) * np.sqrt(np.abs(through))
    numer = (weight_pj * root_x) @ root_through
    denom = weight_pj @ observed.astype(float)
    for r, row in enumerate(rows):
        missing = (~observed[row]) & (denom[r] > 0)
        missing[row] = False
        x[r, missing] = numer[r, missing] / denom[r, missing]
        # Evidence of a second-order stance: the weaker link of each path, summed.
        support = np.minimum(weight_pj[r][:, None], rel.count).sum(axis=0)
        e[r, missing] = INFERRED_WEIGHT * support[missing]
        inferred[r, missing] = True
        if missing.any():
            paths = np.minimum(weight_pj[r][:, None], rel.count[:, missing]) * np.abs(
                x[r][:, None] * through[:, missing])
            via[r, missing] = np.argmax(paths, axis=0)
    return x, e, inferred, via


def _weighted_corr(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float | None:
    if len(x) < 3 or w.sum() <= 0:
        return None
    mx, my = np.average(x, weights=w), np.average(y, weights=w)
    cov = np.average((x - mx) * (y - my), weights=w)
    vx, vy = np.average((x - mx) ** 2, weights=w), np.average((y - my) ** 2, weights=w)
    if vx <= 1e-12 or vy <= 1e-12:
        return None
    return float(cov / np.sqrt(vx * vy))


def _chance_corrected(xa: np.ndarray, xb: np.ndarray, w: np.ndarray, observed: float
                      ) -> float | None:
    """1 - D_obs / D_exp, D_exp the weighted mean divergence over all pairings of A's and B's
    stances (what two unrelated profiles with these values would show)."""
    if len(xa) < 3:
        return None
    ww = np.outer(w, w)
    expected = float((ww * np.abs(xa[:, None] - xb[None, :])).sum() / ww.sum())
    if expected <= 1e-9:
        return None
    return 1.0 - observed / expected


def _side(xa: float, xb: float) -> str:
    if abs(xa) < STANCE_EPS or abs(xb) < STANCE_EPS:
        return "neutral"
    return "same" if (xa > 0) == (xb > 0) else "opposite"


def third_party_alignment(
    store: Store,
    a: str,
    b: str,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    rel: PartyNetwork | None = None,
) -> dict[str, Any]:
    """S-score and weighted correlation of A's and B's stances toward third parties.

    Returns {"s_score", "correlation", "n_third_parties", "third_parties": DataFrame rows
    (key, a/b affinity, events, inferred, weight, side), "drivers": top agreements and splits}.
    """
    a, b = check_party(a), check_party(b)
    rel = rel or party_network(store, since=since, until=until, around=[a, b])
    pos = rel.index()
    x, e, inferred, via = stances(rel, [pos[a], pos[b]])
    rows = []
    for k, key in enumerate(rel.keys):
        if key in (a, b) or e[0, k] <= 0 or e[1, k] <= 0:
            continue
        if inferred[0, k] and inferred[1, k]:
            continue  # nobody observed: nothing to compare
        rows.append({
            "party": key,
            "kind": party_kind(key, rel.states),
            "a_affinity": round(float(x[0, k]), 4), "b_affinity": round(float(x[1, k]), 4),
            "a_events": round(float(e[0, k]), 2), "b_events": round(float(e[1, k]), 2),
            "a_inferred": bool(inferred[0, k]), "b_inferred": bool(inferred[1, k]),
            "a_via": rel.keys[via[0, k]] if inferred[0, k] else None,
            "b_via": rel.keys[via[1, k]] if inferred[1, k] else None,
            "weight": round(float(np.sqrt(e[0, k] * e[1, k])), 4),
            "divergence": round(float(abs(x[0, k] - x[1, k])), 4),
            "side": _side(float(x[0, k]), float(x[1, k])),
        })
    table = pd.DataFrame(rows, columns=[
        "party", "kind", "a_affinity", "b_affinity", "a_events", "b_events", "a_inferred",
        "b_inferred", "a_via", "b_via", "weight", "divergence", "side",
    ])
    if table.empty:
        return {"s_score": None, "kappa": None, "correlation": None, "n_third_parties": 0,
                "third_parties": table, "drivers": []}
    w = table["weight"].to_numpy(float)
    s_score = float(1 - (w * table["divergence"].to_numpy(float)).sum() / w.sum())
    xa, xb = table["a_affinity"].to_numpy(float), table["b_affinity"].to_numpy(float)
    corr = _weighted_corr(xa, xb, w)
    kappa = _chance_corrected(xa, xb, w, float((w * table["divergence"]).sum() / w.sum()))
    table = table.sort_values("weight", ascending=False, kind="stable").reset_index(drop=True)
    return {
        "s_score": round(s_score, 4),
        "kappa": None if kappa is None else round(kappa, 4),
        "correlation": None if corr is None else round(corr, 4),
        "n_third_parties": len(table),
        "third_parties": table,
        "drivers": drivers(table, a, b),
    }


def _stance_words(party: str, affinity: float) -> str:
    if affinity >= STANCE_EPS:
        return f"{party} backs"
    if affinity <= -STANCE_EPS:
        return f"{party} opposes"
    return f"{party} is neutral toward"


def drivers(table: pd.DataFrame, a: str, b: str, k: int = 3) -> list[dict[str, Any]]:
    """The third parties that drive the score: biggest weighted splits and agreements."""
    out: list[dict[str, Any]] = []
    for side in ("opposite", "same"):
        chosen = table[table["side"] == side]
        score = chosen["weight"] * (chosen["divergence"] if side == "opposite"
                                    else 2 - chosen["divergence"])
        for idx in score.sort_values(ascending=False).index[:k]:
            row = table.loc[idx]
            how_a = f"inferred via {row['a_via']}" if row["a_inferred"] else "observed"
            how_b = f"inferred via {row['b_via']}" if row["b_inferred"] else "observed"
            out.append({
                "party": row["party"], "side": side,
                "text": f"{_stance_words(a, row['a_affinity'])} {row['party']} ({how_a}), "
                        f"{_stance_words(b, row['b_affinity'])} {row['party']} ({how_b})",
                "a_affinity": row["a_affinity"], "b_affinity": row["b_affinity"],
                "a_via": row["a_via"], "b_via": row["b_via"],
            })
    return out
