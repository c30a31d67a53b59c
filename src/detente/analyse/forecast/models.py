"""The static bargaining models: compromise (weighted mean), weighted median, and a
probabilistic Condorcet election in the manner of KTAB's spatial model.

Each model takes `Inputs` (arrays of capability, position, salience) and returns a `Result`
whose `value` is the forecast position on the issue's continuum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.analyse.forecast.scenario import Inputs

#: KTAB's victory-probability models: how coalition strengths S_ab, S_ba become P[a beats b].
VP_MODELS = ("linear", "square", "quartic", "octic", "binary")
#: How pairwise victory probabilities become a distribution over options (KTAB's PCE models).
PCE_MODELS = ("markov", "incentive", "conditional")
#: Under the binary model a coalition this many times stronger wins for certain.
BINARY_MARGIN = 1.10


@dataclass
class Result:
    """A model's forecast; `detail` holds what the model adds (rounds, options...)."""

    model: str
    value: float
    detail: dict[str, Any] = field(default_factory=dict)


def compromise(inputs: Inputs) -> Result:
    """Σ c·s·x / Σ c·s: the capability-and-salience weighted mean of the positions."""
    weight = inputs.weight
    total = float(weight.sum())
    if total <= 0:
        return Result("compromise", float(np.mean(inputs.position)))
    return Result("compromise", float((weight * inputs.position).sum() / total))


def weighted_median(position: np.ndarray, weight: np.ndarray) -> float:
    """The position where the cumulative weight first reaches half the total.

    With linear (or any single-peaked symmetric) preferences on one dimension this position
    beats every other in a weighted pairwise vote: it is the Condorcet winner, the "median
    voter" of Black's theorem. An exact half split falls on the lower of the two positions.
    """
    order = np.argsort(position, kind="stable")
    pos, w = position[order], weight[order]
    total = w.sum()
    if total <= 0:
        return float(np.median(position))
    cumulative = np.cumsum(w)
    index = int(np.searchsorted(cumulative, total / 2 - 1e-12 * total))
    return float(pos[min(index, len(pos) - 1)])


def median(inputs: Inputs) -> Result:
    """The capability×salience weighted median position."""
    return Result("median", weighted_median(inputs.position, inputs.weight))


def _victory(strength_ab: np.ndarray, strength_ba: np.ndarray, vp: str) -> np.ndarray:
    """P[a beats b] from the strengths of the coalitions for a and for b."""
    if vp == "binary":
        # certain victory beyond a 10 % margin, a linear ramp inside it so that nearly equal
        # coalitions do not flip the outcome on a rounding error
        total = np.where(strength_ab + strength_ba > 0, strength_ab + strength_ba, 1.0)
        share = np.where(strength_ab + strength_ba > 0, strength_ab / total, 0.5)
        low, high = 1 / (1 + BINARY_MARGIN), BINARY_MARGIN / (1 + BINARY_MARGIN)
        return np.clip((share - low) / (high - low), 0.0, 1.0)
    power = {"linear": 1, "square": 2, "quartic": 4, "octic": 8}[vp]
    # scale before the power so octic powers of small strengths do not underflow
    scale = np.maximum(np.maximum(strength_ab, strength_ba), 1e-300)
    a, b = (strength_ab / scale) ** power, (strength_ba / scale) ** power
    total = a + b
    return np.where(total > 0, a / np.where(total > 0, total, 1.0), 0.5)


def condorcet(inputs: Inputs, *, vp: str = "linear", pce: str = "incentive") -> Result:
    """A probabilistic Condorcet election over the actors' positions (and the status quo).

    Each actor k values an option a by u_k(a) = 1 - |x_k - a| / span and votes for a over b
    with strength c_k·s_k·(u_k(a) - u_k(b)). The coalition for a against b is the sum of the
    positive votes; `vp` turns the two coalitions into the probability that a beats b. `pce`
    turns those into a distribution over options: "markov", a chain in which a challenger drawn
    at random meets the current option and replaces it with that probability; "incentive", the
    same chain with challengers drawn in proportion to S_ab·P[a beats b]; "conditional", the
    chance that an option beats all others, normalised. The forecast is the distribution's
    mean, and the likeliest option is reported beside it.
    """
    if vp not in VP_MODELS:
        raise ValueError(f"unknown victory-probability model {vp!r}")
    if pce not in PCE_MODELS:
        raise ValueError(f"unknown probabilistic Condorcet model {pce!r}")
    options = np.unique(inputs.position)
    if inputs.status_quo is not None:
        options = np.unique(np.append(options, inputs.status_quo))
    m = len(options)
    if m == 1:
        return Result("condorcet", float(options[0]),
                      {"vp": vp, "options": [{"position": float(options[0]),
                                              "probability": 1.0}]})
    utility = 1.0 - np.abs(inputs.position[:, None] - options[None, :]) / inputs.span
    weight = inputs.weight[:, None, None]
    votes = weight * (utility[:, :, None] - utility[:, None, :])  # votes[k, a, b]: a over b
    strength = np.clip(votes, 0, None).sum(axis=0)                # S[a, b]
    win = _victory(strength, strength.T, vp)                      # P[a beats b]
    np.fill_diagonal(win, 0.5)
    if pce == "conditional":
        beats_all = np.prod(win, axis=1)
        probability = beats_all / beats_all.sum() if beats_all.sum() > 0 else np.full(m, 1 / m)
    else:
        # From the current option b a challenger a is drawn and wins with P[a beats b].
        if pce == "markov":
            challenge = np.full((m, m), 1.0 / (m - 1))            # challenge[a, b]
        else:
            incentive = strength * win
            np.fill_diagonal(incentive, 0.0)
            column = incentive.sum(axis=0)
            challenge = np.where(column > 0, incentive / np.where(column > 0, column, 1.0), 0.0)
        transition = (challenge * win).T                          # transition[b, a]
        np.fill_diagonal(transition, 0.0)
        np.fill_diagonal(transition, 1.0 - transition.sum(axis=1))
        probability = _stationary(transition)
    value = float(probability @ options)
    best = int(np.argmax(probability))
    detail = {
        "vp": vp,
        "pce": pce,
        "likeliest": float(options[best]),
        "options": [{"position": float(o), "probability": float(p)}
                    for o, p in zip(options, probability, strict=True)],
    }
    return Result("condorcet", value, detail)


def _stationary(transition: np.ndarray) -> np.ndarray:
    """The stationary distribution of a row-stochastic matrix (solved, not iterated)."""
    m = len(transition)
    system = transition.T - np.eye(m)
    system[-1, :] = 1.0
    rhs = np.zeros(m)
    rhs[-1] = 1.0
    try:
        solution = np.linalg.solve(system, rhs)
    except np.linalg.LinAlgError:
        # a reducible chain (e.g. binary victories with ties): iterate from uniform instead
        solution = np.full(m, 1.0 / m)
        for _ in range(10_000):
            nxt = solution @ transition
            if np.abs(nxt - solution).max() < 1e-12:
                break
            solution = nxt
    solution = np.clip(solution, 0, None)
    return solution / solution.sum()
