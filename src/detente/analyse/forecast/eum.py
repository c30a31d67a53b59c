"""The expected-utility "challenge" model of Bueno de Mesquita as Scholz, Calbert & Smith
(2011, Journal of Theoretical Politics 23(4)) reconstruct it.

Every round each actor i weighs challenging every other actor j:

    EU_i(challenge j) = s_j·[P_ij·U_s + (1 - P_ij)·U_f] + (1 - s_j)·U_s
                        - Q·U_sq - (1 - Q)·[T·U_b + (1 - T)·U_w]

with U_s = 2 - 4(0.5 - 0.5·δ)^r, U_f = 2 - 4(0.5 + 0.5·δ)^r, U_sq = 2 - 4·0.5^r,
U_b = 2 - 4(0.5 - 0.25·(δ_μ + δ))^r, U_w = 2 - 4(0.5 + 0.25·(δ_μ + δ))^r, δ = |x_i - x_j|/d,
δ_μ = |x_i - μ|/d, μ the median voter position and d the span of the continuum. P_ij is the
share of the votes c_k·s_k·(|x_k - x_j|^r_k - |x_k - x_i|^r_k)/d^r_k that favour i. Each actor's
risk exponent r comes from how exposed its position is (Scholz's R_i), in [0.5, 2].

Each actor compares its own expected utility of challenging j with j's (as i perceives it)
and reads off the dyad: conflict (both positive; the weaker gives way and takes the other's
position), compromise (the other gains more than i loses: i moves part of the way, by the
ratio of the two), compel (the other gains less than i would lose by resisting: i yields in
full), or stalemate (both negative: nothing happens). Among the offers it receives an actor
takes one (by kind, or the one asking it to move least: see `EUMOptions`). The forecast is the
median voter position after the last round. Choices the paper leaves open are listed in
docs/FORECAST.md and in `EUMOptions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.analyse.forecast.models import Result, weighted_median
from detente.analyse.forecast.scenario import Inputs

RELATIONS = ("conflict", "compromise", "compel", "stalemate")


@dataclass(frozen=True)
class EUMOptions:
    """The choices the reconstruction leaves open, with the values we use by default.

    - `rounds`: how many rounds to play at most (Scholz et al. report 8); play stops earlier
      when no actor moves.
    - `q`: the probability that the status quo holds if i does not challenge (Scholz: 1.0).
    - `probability`: "all" (default) divides i's supporting votes by the votes over every pair
      of positions, as the code behind the paper's published figures does (it makes every P_ij
      small); "dyad" divides by the votes cast on the pair (i, j) alone, as the text reads.
    - `choice`: "by-kind" (default, the code behind the published figures: a lost conflict
      first, then the compromise nearest the EU-weighted midpoint, then being compelled) or
      "least-move" (the text: an actor accepts the offer asking the smallest change).
    The defaults reproduce the published round-by-round medians (docs/FORECAST.md).
    """

    rounds: int = 8
    q: float = 1.0
    probability: str = "all"
    choice: str = "by-kind"


def _utility(base: np.ndarray, r: np.ndarray) -> np.ndarray:
    """2 - 4·base^r, the form every utility in the model shares (base 0.5: utility 0)."""
    return 2.0 - 4.0 * np.power(np.clip(base, 0.0, 1.0), r)


class _Round:
    """The state of play at the start of a round: positions and everybody's risk exponent."""

    def __init__(self, inputs: Inputs, x: np.ndarray, options: EUMOptions) -> None:
        self.c, self.s, self.x, self.options = inputs.capability, inputs.salience, x, options
        self.d = inputs.span
        self.n = len(x)
        self.median = weighted_median(x, self.c * self.s)
        self.gap = np.abs(x[:, None] - x[None, :]) / self.d         # gap[i, j] = δ_ij
        self.r = self._risk()
        self.p = self._probability(self.r)

    def _probability(self, r: np.ndarray) -> np.ndarray:
        """P[i, j]: the chance that i's position prevails over j's if they clash."""
        distance = np.abs(self.x[:, None] - self.x[None, :]) / self.d   # [k, a]
        bent = np.power(distance, r[:, None])
        weight = (self.c * self.s)[:, None, None]
        votes = weight * (bent[:, None, :] - bent[:, :, None])           # [k, i, j]: i over j
        support = np.clip(votes, 0, None).sum(axis=0)
        if self.options.probability == "all":
            total = np.abs(votes).sum()
            return support / total if total > 0 else np.zeros_like(support)
        cast = np.abs(votes).sum(axis=0)
        return np.where(cast > 0, support / np.where(cast > 0, cast, 1.0), 0.0)

    def challenge(self, r: np.ndarray, p: np.ndarray) -> np.ndarray:
        """E[v, i, j]: i's expected utility of challenging j as actor v sees it (v's risk)."""
        rv = r[:, None, None]
        gap = self.gap[None, :, :]
        success = _utility(0.5 - 0.5 * gap, rv)
        failure = _utility(0.5 + 0.5 * gap, rv)
        status_quo = _utility(np.full_like(gap, 0.5), rv)
        s_target = self.s[None, None, :]
        value = s_target * (p[None] * success + (1 - p[None]) * failure) + (1 - s_target) * success
        q = self.options.q
        if q < 1.0:
            to_median = (np.abs(self.x - self.median) / self.d)[None, :, None]
            better = _utility(0.5 - 0.25 * (to_median + gap), rv)
            worse = _utility(0.5 + 0.25 * (to_median + gap), rv)
            # T: things get better for i if the median already lies nearer i than j
            t = (np.abs(self.x - self.median)[:, None] < np.abs(self.x - self.median)[None, :])
            value -= q * status_quo + (1 - q) * np.where(t[None], better, worse)
        else:
            value -= status_quo
        return value

    def _risk(self) -> np.ndarray:
        """Scholz's risk exponent: r_i = (1 - R_i/3)/(1 + R_i/3) with R_i in [-1, 1] from how
        much the others expect to gain by challenging i (computed with r = 1 for everyone)."""
        ones = np.ones(self.n)
        eu = self.challenge(ones, self._probability(ones))[0]          # all views agree at r=1
        danger = eu.sum(axis=0) - np.diag(eu)                          # Σ_j EU_j(challenge i)
        spread = danger.max() - danger.min()
        big_r = (2 * danger - danger.max() - danger.min()) / spread if spread > 0 else 0 * danger
        return (1 - big_r / 3) / (1 + big_r / 3)

    def offers(self) -> tuple[np.ndarray, list[dict[str, Any]], list[dict[str, Any]]]:
        """New positions, the moves made and every dyad's relation as each actor sees it."""
        eu = self.challenge(self.r, self.p)
        idx = np.arange(self.n)
        own = eu[idx, idx, :]          # own[i, j]: i's EU of challenging j (i's view)
        other = eu[idx, :, idx]        # other[i, j]: j's EU of challenging i (i's view)
        new_x = self.x.copy()
        moves, relations = [], []
        for i in range(self.n):
            candidates = []
            for j in range(self.n):
                if i == j or self.x[i] == self.x[j]:
                    continue
                mine, theirs = own[i, j], other[i, j]
                relation, target = _relation(mine, theirs, self.x[i], self.x[j])
                relations.append({"actor": i, "other": j, "relation": relation,
                                  "eu_actor": float(mine), "eu_other": float(theirs)})
                if target is not None:
                    candidates.append((relation, target, j, mine, theirs))
            if candidates:
                relation, target, j = self._choose(i, candidates)
                new_x[i] = target
                moves.append({"actor": i, "toward": j, "relation": relation,
                              "from": float(self.x[i]), "to": float(target)})
        return new_x, moves, relations

    def _choose(self, i: int, candidates: list[tuple[str, float, int, float, float]]
                ) -> tuple[str, float, int]:
        if self.options.choice == "by-kind":
            for kind in ("conflict", "compromise", "compel"):
                pool = [c for c in candidates if c[0] == kind]
                if not pool:
                    continue
                if kind == "compromise":
                    def key(c: tuple[str, float, int, float, float]) -> float:
                        mine, theirs = abs(c[3]), abs(c[4])
                        return (mine * self.x[i] + theirs * self.x[c[2]]) / (mine + theirs)
                    best = min(pool, key=key)
                else:
                    best = min(pool, key=lambda c: abs(c[1] - self.x[i]))
                return best[0], best[1], best[2]
        best = min(candidates, key=lambda c: (abs(c[1] - self.x[i]), c[2]))
        return best[0], best[1], best[2]


def _relation(mine: float, theirs: float, x_i: float, x_j: float) -> tuple[str, float | None]:
    """The dyad (i, j) as i sees it, and where i moves (None: i does not move)."""
    if mine > 0 and theirs > 0:
        return "conflict", (x_j if theirs > mine else None)
    if theirs > 0 >= mine:
        if theirs > abs(mine):
            return "compromise", x_i + (x_j - x_i) * abs(mine / theirs)
        return "compel", x_j
    if mine > 0 >= theirs:
        # i is the one who gains: j compromises or is compelled, which j decides for itself
        return ("compromise" if mine > abs(theirs) else "compel"), None
    return "stalemate", None


def expected_utility(inputs: Inputs, options: EUMOptions | None = None,
                     names: list[str] | None = None) -> Result:
    """Play the challenge model; the forecast is the median voter position after the last round.

    `detail` holds `rounds` (median, weighted mean, positions and moves after each round),
    `paths` (each actor's position round by round), `risk` (first-round exponents) and
    `relations` (the first round's dyads as each actor sees them).
    """
    options = options or EUMOptions()
    names = names or [str(i) for i in range(len(inputs.position))]
    x = inputs.position.astype(float).copy()
    weight = inputs.weight
    mean = float((weight * x).sum() / weight.sum()) if weight.sum() > 0 else float(x.mean())
    rounds: list[dict[str, Any]] = [{"round": 0, "median": weighted_median(x, weight),
                                     "mean": mean, "moves": []}]
    paths = [[float(v)] for v in x]
    first_relations: list[dict[str, Any]] = []
    first_risk: list[float] = []
    for number in range(1, options.rounds + 1):
        state = _Round(inputs, x, options)
        new_x, moves, relations = state.offers()
        if number == 1:
            first_relations = [{**r, "actor": names[r["actor"]], "other": names[r["other"]]}
                               for r in relations]
            first_risk = [float(v) for v in state.r]
        if not moves:
            break
        x = new_x
        for path, value in zip(paths, x, strict=True):
            path.append(float(value))
        mean = float((weight * x).sum() / weight.sum()) if weight.sum() > 0 else float(x.mean())
        rounds.append({"round": number, "median": weighted_median(x, weight), "mean": mean,
                       "moves": [{**m, "actor": names[m["actor"]], "toward": names[m["toward"]]}
                                 for m in moves]})
    detail = {
        "rounds": rounds,
        "paths": dict(zip(names, paths, strict=True)),
        "risk": dict(zip(names, first_risk, strict=True)),
        "relations": first_relations,
        "options": {"rounds": options.rounds, "q": options.q,
                    "probability": options.probability, "choice": options.choice},
    }
    return Result("eum", float(rounds[-1]["median"]), detail)
