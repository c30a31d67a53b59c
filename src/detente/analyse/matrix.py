"""Alignment matrix of all states in the store, and blocs found on it.

Each pair of states i, j is scored with the weighted S-score over the third parties k both have
events with (observed stances only; the pair report of `alignment` also infers second-order
stances, which is too costly for every pair):
    S_ij = 1 - sum_k w_ijk |x_ik - x_jk| / sum_k w_ijk,   w_ijk = sqrt(n_ik * n_jk).
Blocs: Newman's leading-eigenvector modularity on max(S_ij - median S, 0), i.e. pairs that agree
more than a typical pair of states in the same store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from detente.analyse.alignment import party_network
from detente.analyse.keys import check_known, check_party
from detente.analyse.stats import communities

if TYPE_CHECKING:
    from detente.store import Store


@dataclass(frozen=True, slots=True)
class AlignmentMatrix:
    """`scores`: S-score DataFrame (states x states, NaN where no shared third party);
    `shared`: number of shared third parties; `blocs`: state, bloc, events."""

    scores: pd.DataFrame
    shared: pd.DataFrame
    blocs: pd.DataFrame

    def long(self) -> pd.DataFrame:
        """One row per pair (a < b): a, b, s_score, shared third parties, bloc of each."""
        bloc = dict(zip(self.blocs["state"], self.blocs["bloc"], strict=True))
        rows = []
        names = list(self.scores.index)
        values, shared = self.scores.to_numpy(), self.shared.to_numpy()
        for i, a in enumerate(names):
            for j in range(i + 1, len(names)):
                if not np.isnan(values[i, j]):
                    rows.append({"a": a, "b": names[j], "s_score": round(float(values[i, j]), 4),
                                 "shared": int(shared[i, j]), "bloc_a": bloc[a],
                                 "bloc_b": bloc[names[j]]})
        return pd.DataFrame(rows, columns=["a", "b", "s_score", "shared", "bloc_a", "bloc_b"])

    def heatmap_json(self, first: list[str] | None = None, top: int = 40) -> dict[str, Any]:
        """The `top` most active states (and those of `first`), grouped by bloc, as the report's
        heatmap draws them: states, bloc of each, S-scores rounded to 3 places, and the bloc of
        every state."""
        active = self.blocs.sort_values("events", ascending=False, kind="stable")
        keep = list(active["state"].head(top))
        known = set(self.blocs["state"])
        keep += [p for p in first or [] if p in known and p not in keep]
        chosen = self.blocs[self.blocs["state"].isin(keep)].sort_values(
            ["bloc", "events"], ascending=[True, False], kind="stable")
        names = list(chosen["state"])
        values = self.scores.loc[names, names].to_numpy() if names else np.zeros((0, 0))
        return {
            "states": names,
            "blocs": [int(x) for x in chosen["bloc"]],
            "scores": [[None if np.isnan(v) else round(float(v), 3) for v in row]
                       for row in values],
            "all_blocs": {str(s): int(g) for s, g in zip(self.blocs["state"],
                                                          self.blocs["bloc"], strict=True)},
        }

    def to_json(self) -> dict[str, Any]:
        """The matrix as `detente align --format json` and `/api/align` give it: states, their
        S-scores (null where no shared third party) and blocs."""
        return {
            "states": list(self.scores.index),
            "scores": [[None if v != v else round(float(v), 4) for v in row]
                       for row in self.scores.to_numpy()],
            "blocs": self.blocs.to_dict(orient="records"),
        }


def alignment_matrix(
    store: Store,
    countries: list[str] | None = None,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
) -> AlignmentMatrix:
    """S-score of every pair of states (or of `countries`) and their blocs."""
    rel = party_network(store, since=since, until=until)
    pos = rel.index()
    if countries:
        states = [check_party(c) for c in countries]
        check_known(store, states)
    else:
        states = [k for k in rel.keys if k in rel.states]
    rows = [pos[s] for s in states if s in pos]
    present = [s for s in states if s in pos]
    size = len(present)
    aff = rel.affinity()
    x = aff[rows]  # (N, K)
    n = rel.count[rows]
    dist = np.zeros((size, size))
    weight = np.zeros((size, size))
    shared = np.zeros((size, size))
    root = np.sqrt(n)
    for k in np.flatnonzero(n.sum(axis=0) > 0):
        col = root[:, k]
        live = np.flatnonzero(col > 0)
        if len(live) < 2:
            continue
        w = np.outer(col[live], col[live])
        xs = x[live, k]
        block = np.ix_(live, live)
        dist[block] += w * np.abs(xs[:, None] - xs[None, :])
        weight[block] += w
        shared[block] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(weight > 0, 1.0 - dist / weight, np.nan)
    np.fill_diagonal(scores, 1.0)
    np.fill_diagonal(shared, 0)
    labels = communities(_bloc_weights(scores)) if size else []
    events = rel.count[rows].sum(axis=1) if size else np.zeros(0)
    blocs = pd.DataFrame({"state": present, "bloc": labels, "events": events.astype(int)})
    return AlignmentMatrix(
        scores=pd.DataFrame(scores, index=present, columns=present),
        shared=pd.DataFrame(shared.astype(int), index=present, columns=present),
        blocs=blocs,
    )


def _bloc_weights(scores: np.ndarray) -> np.ndarray:
    off = ~np.eye(len(scores), dtype=bool) & ~np.isnan(scores)
    if not off.any():
        return np.zeros_like(scores)
    typical = float(np.median(scores[off]))
    weights = np.where(off, np.maximum(np.nan_to_num(scores, nan=typical) - typical, 0.0), 0.0)
    return (weights + weights.T) / 2
