"""Small numerical methods (numpy only): trend with a confidence interval, change points, blocs.

Everything works on per-period aggregates (events n, Goldstein sum, sum of squares) so the heavy
lifting stays in DuckDB and a series over millions of events is a handful of numbers here.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

# The scatter of period means around the line is estimated only from 5 periods on (df >= 3);
# with fewer, its t quantile (12.7 at df 1) says nothing but "few periods".
MIN_PERIODS_FOR_SCATTER = 5


def t_quantile(p: float, df: float) -> float:
    """Quantile of Student's t (exact for df 1 and 2, Hill's expansion of the normal beyond)."""
    if df <= 0:
        return math.inf
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = NormalDist().inv_cdf(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


@dataclass(frozen=True, slots=True)
class Trend:
    """Slope of the mean Goldstein score per year with its confidence interval."""

    slope: float | None  # Goldstein points per year
    low: float | None
    high: float | None
    level: float  # confidence level of [low, high]
    n_events: int
    n_periods: int
    intercept_mean: float | None  # event-weighted mean Goldstein over the series
    t_mean: float | None = None  # event-weighted mean time: the line passes (t_mean, mean)

    @property
    def direction(self) -> str:
        """"up", "down" or "flat" (the interval includes 0, or no estimate)."""
        if self.low is None or self.high is None:
            return "flat"
        if self.low > 0:
            return "up"
        if self.high < 0:
            return "down"
        return "flat"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "direction": self.direction}


def wls_trend(
    t: np.ndarray, n: np.ndarray, total: np.ndarray, sumsq: np.ndarray, level: float = 0.95
) -> Trend:
    """Weighted least squares slope of period means on time, weights = events per period.

    The slope equals the event-level OLS slope. Its interval is the wider of two: from
    event-level residuals (N - 2 df) and, from 5 periods on, from the weighted residuals of the
    period means (P - 2 df, which catches periods that do not line up), each with its t
    quantile. See docs/ANALYSIS.md.
    """
    t, n, total, sumsq = (np.asarray(x, dtype=float) for x in (t, n, total, sumsq))
    keep = n > 0
    t, n, total, sumsq = t[keep], n[keep], total[keep], sumsq[keep]
    big_n, periods = int(n.sum()), int(keep.sum())
    mean = float(total.sum() / big_n) if big_n else None
    if periods < 2 or big_n < 3:
        return Trend(None, None, None, level, big_n, periods, mean,
                     float((n * t).sum() / big_n) if big_n else None)
    tbar = float((n * t).sum() / big_n)
    sxx = float((n * (t - tbar) ** 2).sum())
    sxy = float(((t - tbar) * total).sum())
    syy = float(sumsq.sum() - big_n * mean**2)  # type: ignore[operator]
    slope = sxy / sxx
    sse_event = max(syy - slope * sxy, 0.0)
    se_event = math.sqrt(sse_event / (big_n - 2) / sxx)
    candidates = [(se_event, big_n - 2)]
    if periods >= MIN_PERIODS_FOR_SCATTER:
        m = total / n
        fitted = mean + slope * (t - tbar)  # type: ignore[operator]
        sse_period = float((n * (m - fitted) ** 2).sum())
        # The period-level residual variance is per event (weights are event counts).
        candidates.append((math.sqrt(sse_period / (periods - 2) / sxx), periods - 2))
    q = 0.5 + level / 2
    half = max(se * t_quantile(q, df) for se, df in candidates)
    return Trend(slope, slope - half, slope + half, level, big_n, periods, mean, tbar)


@dataclass(frozen=True, slots=True)
class ChangePoint:
    """The series mean shifts at the start of period `index`."""

    index: int
    before: float  # mean Goldstein of the segment before
    after: float  # mean Goldstein of the segment after
    n_before: int
    n_after: int
    gain: float  # N * ln(SSE0 / SSE1), compared with penalty * ln(N)

    @property
    def shift(self) -> float:
        return self.after - self.before


def _sse(n: float, total: float, sumsq: float) -> float:
    return max(sumsq - total * total / n, 0.0) if n > 0 else 0.0


def change_points(
    n: np.ndarray,
    total: np.ndarray,
    sumsq: np.ndarray,
    *,
    penalty: float = 2.0,
    min_size: int = 2,
    min_shift: float = 1.0,
    max_changes: int = 5,
) -> list[ChangePoint]:
    """Binary segmentation for shifts in the mean, on per-period aggregates (in time order).

    A segment is split where the split lowers the sum of squared errors most; the split is kept
    when N*ln(SSE0/SSE1) > penalty*ln(N) (a BIC-type test), both sides hold at least `min_size`
    events and the means differ by at least `min_shift` Goldstein points.
    """
    n, total, sumsq = (np.asarray(x, dtype=float) for x in (n, total, sumsq))
    cn, ct, cs = (np.concatenate([[0.0], np.cumsum(x)]) for x in (n, total, sumsq))
    found: list[ChangePoint] = []
    segments = [(0, len(n))]
    while segments and len(found) < max_changes:
        lo, hi = segments.pop(0)
        seg_n, seg_t, seg_s = cn[hi] - cn[lo], ct[hi] - ct[lo], cs[hi] - cs[lo]
        sse0 = _sse(seg_n, seg_t, seg_s)
        if seg_n < 2 * min_size or sse0 <= 0:
            continue
        best: ChangePoint | None = None
        best_sse = sse0
        for k in range(lo + 1, hi):
            n1, n2 = cn[k] - cn[lo], cn[hi] - cn[k]
            if n1 < min_size or n2 < min_size:
                continue
            t1, t2 = ct[k] - ct[lo], ct[hi] - ct[k]
            sse1 = _sse(n1, t1, cs[k] - cs[lo]) + _sse(n2, t2, cs[hi] - cs[k])
            if sse1 < best_sse and abs(t2 / n2 - t1 / n1) >= min_shift:
                floor = max(sse1, 1e-9 * sse0)
                gain = seg_n * math.log(sse0 / floor)
                best_sse = sse1
                best = ChangePoint(k, t1 / n1, t2 / n2, int(n1), int(n2), gain)
        if best is not None and best.gain > penalty * math.log(seg_n):
            found.append(best)
            segments += [(lo, best.index), (best.index, hi)]
    return sorted(found, key=lambda c: c.index)


def communities(weights: np.ndarray) -> list[int]:
    """Blocs by modularity: Newman's leading-eigenvector method with repeated bisection.

    `weights` is a symmetric non-negative matrix (zero diagonal). Returns a bloc number per row;
    rows with no weight at all form singleton blocs.
    """
    w = np.asarray(weights, dtype=float)
    size = w.shape[0]
    labels = np.full(size, -1)
    degree = w.sum(axis=1)
    two_m = degree.sum()
    isolated = degree <= 0
    if two_m <= 0:
        return list(range(size))
    modularity = w - np.outer(degree, degree) / two_m
    pending = [np.flatnonzero(~isolated)]
    groups: list[np.ndarray] = []
    while pending:
        group = pending.pop()
        if len(group) < 2:
            groups.append(group)
            continue
        sub = modularity[np.ix_(group, group)].copy()
        sub[np.diag_indices_from(sub)] -= sub.sum(axis=1)
        values, vectors = np.linalg.eigh(sub)
        lead = vectors[:, -1]
        split = lead >= 0
        if values[-1] <= 1e-10 or split.all() or not split.any():
            groups.append(group)
            continue
        s = np.where(split, 1.0, -1.0)
        if float(s @ sub @ s) <= 1e-10:
            groups.append(group)
            continue
        pending += [group[split], group[~split]]
    # Number blocs by size (largest first), then isolated rows each on their own.
    groups.sort(key=lambda g: (-len(g), int(g.min())))
    for number, group in enumerate(groups):
        labels[group] = number
    next_label = len(groups)
    for row in np.flatnonzero(isolated):
        labels[row] = next_label
        next_label += 1
    return [int(x) for x in labels]
