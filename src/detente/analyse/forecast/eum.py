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
        bent = np.power(self.gap, r[:, None])                           # [k, a]
        gain = bent[:, None, :] - bent[:, :, None]                       # [k, i, j]: i over j
        np.maximum(gain, 0.0, out=gain)
        support = np.tensordot(self.c * self.s, gain, axes=1)            # votes for i over j
        # every vote is for one side: the votes cast on (i, j) are those for i and those for j
        cast = support + support.T
        if self.options.probability == "all":
            total = cast.sum()
            return support / total if total > 0 else np.zeros_like(support)
        return np.where(cast > 0, support / np.where(cast > 0, cast, 1.0), 0.0)

    def challenge(self, r: np.ndarray, p: np.ndarray, s_target: np.ndarray,
                  near: np.ndarray, to_median: np.ndarray) -> np.ndarray:
        """EU of a challenge for every cell: `r` the viewer's risk, `p` the challenger's chance,
        `s_target` the target's salience, `near` whether the median lies nearer the challenger
        than the target, `to_median` the challenger's distance to it over d (all of one shape;
        `self.gap` is symmetric so it serves both directions)."""
        gap = self.gap
        success = _utility(0.5 - 0.5 * gap, r)
        failure = _utility(0.5 + 0.5 * gap, r)
        value = s_target * (p * success + (1 - p) * failure) + (1 - s_target) * success
        status_quo = _utility(np.full_like(gap, 0.5), r)
        q = self.options.q
        if q >= 1.0:
            return value - status_quo
        better = _utility(0.5 - 0.25 * (to_median + gap), r)
        worse = _utility(0.5 + 0.25 * (to_median + gap), r)
        return value - q * status_quo - (1 - q) * np.where(near, better, worse)

    def _nearer(self) -> tuple[np.ndarray, np.ndarray]:
        """near[i, j]: the median lies nearer i than j (with Q < 1, T = 1: things get better
        for i), and each row actor's distance to the median over d, as a matrix."""
        to_median = np.abs(self.x - self.median) / self.d
        return to_median[:, None] < to_median[None, :], np.repeat(to_median[:, None], self.n, 1)

    def _risk(self) -> np.ndarray:
        """Scholz's risk exponent: r_i = (1 - R_i/3)/(1 + R_i/3) with R_i in [-1, 1] from how
        much the others expect to gain by challenging i (computed with r = 1 for everyone)."""
        ones = np.ones((self.n, self.n))
        p = self._probability(np.ones(self.n))
        near, to_median = self._nearer()
        eu = self.challenge(ones, p, np.broadcast_to(self.s[None, :], ones.shape), near,
                            to_median)
        danger = eu.sum(axis=0) - np.diag(eu)                          # Σ_j EU_j(challenge i)
        spread = danger.max() - danger.min()
        big_r = (2 * danger - danger.max() - danger.min()) / spread if spread > 0 else 0 * danger
        return (1 - big_r / 3) / (1 + big_r / 3)

    def dyads(self) -> tuple[np.ndarray, np.ndarray]:
        """own[i, j]: i's EU of challenging j; other[i, j]: j's EU of challenging i; both as
        i sees them (with i's risk exponent)."""
        r = np.broadcast_to(self.r[:, None], (self.n, self.n))
        near, to_median = self._nearer()
        own = self.challenge(r, self.p, np.broadcast_to(self.s[None, :], r.shape), near,
                             to_median)
        other = self.challenge(r, self.p.T, np.broadcast_to(self.s[:, None], r.shape), near.T,
                               to_median.T)
        return own, other

    def offers(self, *, keep_relations: bool
               ) -> tuple[np.ndarray, list[dict[str, Any]], list[dict[str, Any]]]:
        """New positions, the moves made and (if asked) every dyad as each actor sees it."""
        own, other = self.dyads()
        x_i, x_j = self.x[:, None], self.x[None, :]
        valid = x_i != x_j                       # also excludes i == j
        conflict = valid & (own > 0) & (other > 0)
        yields = valid & (other > 0) & (own <= 0)
        compromise = yields & (other > np.abs(own))
        compel = yields & ~compromise
        ratio = np.abs(own) / np.where(other > 0, other, 1.0)
        target = np.where(compromise, x_i + (x_j - x_i) * ratio, np.broadcast_to(x_j, own.shape))
        moves_to = {"conflict": conflict & (other > own), "compromise": compromise,
                    "compel": compel}
        new_x = self.x.copy()
        moves: list[dict[str, Any]] = []
        distance = np.abs(target - x_i)
        if self.options.choice == "by-kind":
            midpoint = (np.abs(own) * x_i + np.abs(other) * x_j) / np.where(
                np.abs(own) + np.abs(other) > 0, np.abs(own) + np.abs(other), 1.0)
            order = [("conflict", distance), ("compromise", midpoint), ("compel", distance)]
        else:
            any_move = moves_to["conflict"] | compromise | compel
            order = [("any", distance)]
            moves_to["any"] = any_move
        chosen = np.full(self.n, -1)
        kinds = [""] * self.n
        for kind, key in order:
            mask = moves_to[kind]
            open_rows = (chosen < 0) & mask.any(axis=1)
            if not open_rows.any():
                continue
            best = np.argmin(np.where(mask, key, np.inf), axis=1)
            for i in np.flatnonzero(open_rows):
                chosen[i] = best[i]
                kinds[i] = kind
        for i in np.flatnonzero(chosen >= 0):
            j = int(chosen[i])
            kind = kinds[i] if kinds[i] != "any" else next(
                k for k in ("conflict", "compromise", "compel") if moves_to[k][i, j])
            new_x[i] = target[i, j]
            moves.append({"actor": int(i), "toward": j, "relation": kind,
                          "from": float(self.x[i]), "to": float(target[i, j])})
        relations: list[dict[str, Any]] = []
        if keep_relations:
            gains = valid & (own > 0) & (other <= 0)
            label = np.where(conflict, "conflict", np.where(
                compromise | (gains & (own > np.abs(other))), "compromise",
                np.where(compel | gains, "compel", "stalemate")))
            for i, j in zip(*np.nonzero(valid), strict=True):
                relations.append({"actor": int(i), "other": int(j), "relation": str(label[i, j]),
                                  "eu_actor": float(own[i, j]), "eu_other": float(other[i, j])})
        return new_x, moves, relations


def expected_utility(inputs: Inputs, options: EUMOptions | None = None,
                     names: list[str] | None = None, *, relations: bool = True) -> Result:
    """Play the challenge model; the forecast is the median voter position after the last round.

    `detail` holds `rounds` (median, weighted mean, positions and moves after each round),
    `paths` (each actor's position round by round), `risk` (first-round exponents) and
    `relations` (the first round's dyads as each actor sees them; skipped with
    `relations=False`, as the Monte Carlo and leverage runs do).
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
        new_x, moves, dyads = state.offers(keep_relations=relations and number == 1)
        if number == 1:
            first_relations = [{**r, "actor": names[r["actor"]], "other": names[r["other"]]}
                               for r in dyads]
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
