"""Direct relations of a dyad per period: counts, Goldstein, quad classes, PLOVER intensity.

The aggregation is one query of the store (`Store.dyad_aggregates`); trend and change points
are computed from the per-period aggregates (see `stats`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from detente.analyse.keys import (
    SERIES_PRECISIONS,
    check_party,
    check_period,
    fractional_year,
    period_years,
)
from detente.analyse.stats import ChangePoint, Trend, change_points, wls_trend

if TYPE_CHECKING:
    from detente.store import Store

SERIES_COLUMNS = [
    "period", "direction", "source", "target", "events", "mentions", "goldstein_sum",
    "goldstein_mean", "goldstein_sumsq", "q1", "q2", "q3", "q4", "plover_intensity",
]


def dyad_series(
    store: Store,
    a: str,
    b: str,
    *,
    by: str = "month",
    since: str | date | None = None,
    until: str | date | None = None,
    modalities: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Per period and direction (A->B, B->A): events, mentions, Goldstein sum/mean/sum of
    squares, quad-class counts q1..q4 and mean PLOVER intensity. Ordered by period. Only events
    dated at least as precisely as the period count (year-precise ones only `by="year"`)."""
    a, b = check_party(a), check_party(b)
    check_period(by)
    frame = store.dyad_aggregates(a, b, by=by, precisions=SERIES_PRECISIONS[by], since=since,
                                  until=until, modalities=modalities)
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in SERIES_COLUMNS})
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    forward = frame["direction"] == "A->B"
    frame["source"] = np.where(forward, a, b)
    frame["target"] = np.where(forward, b, a)
    for column in ("events", "mentions", "q1", "q2", "q3", "q4"):
        frame[column] = frame[column].astype("int64")
    return frame[SERIES_COLUMNS].reset_index(drop=True)


def combine_directions(series: pd.DataFrame) -> pd.DataFrame:
    """Both directions summed per period (means recomputed from the sums)."""
    if series.empty:
        return series.copy()
    summed = (
        series.assign(_pl=series["plover_intensity"].fillna(0) * series["events"],
                      _pn=series["plover_intensity"].notna() * series["events"])
        .groupby("period", as_index=False)[
            ["events", "mentions", "goldstein_sum", "goldstein_sumsq", "q1", "q2", "q3", "q4",
             "_pl", "_pn"]
        ].sum()
    )
    summed["goldstein_mean"] = summed["goldstein_sum"] / summed["events"]
    summed["plover_intensity"] = summed["_pl"] / summed["_pn"].where(summed["_pn"] > 0)
    summed["direction"] = "both"
    return summed.drop(columns=["_pl", "_pn"]).sort_values("period").reset_index(drop=True)


def period_midpoints(periods: pd.Series, by: str) -> np.ndarray:
    """Time of each period's middle in fractional years."""
    half = period_years(by) / 2
    return np.array([fractional_year(p) + half for p in periods], dtype=float)


def series_trend(series: pd.DataFrame, by: str, level: float = 0.95) -> Trend:
    """Trend of the mean Goldstein score over a (single-direction or combined) series."""
    if series.empty:
        return wls_trend(np.array([]), np.array([]), np.array([]), np.array([]), level)
    return wls_trend(
        period_midpoints(series["period"], by),
        series["events"].to_numpy(float),
        series["goldstein_sum"].to_numpy(float),
        series["goldstein_sumsq"].to_numpy(float),
        level,
    )


def series_change_points(series: pd.DataFrame, **options: Any) -> list[dict[str, Any]]:
    """Shifts in the mean Goldstein score of a combined series, with the period they start."""
    if series.empty:
        return []
    found: list[ChangePoint] = change_points(
        series["events"].to_numpy(float),
        series["goldstein_sum"].to_numpy(float),
        series["goldstein_sumsq"].to_numpy(float),
        **options,
    )
    periods = list(series["period"])
    return [
        {
            "period": periods[c.index].isoformat(),
            "after_period": periods[c.index - 1].isoformat(),
            "mean_before": round(float(c.before), 3),
            "mean_after": round(float(c.after), 3),
            "shift": round(float(c.shift), 3),
            "events_before": c.n_before,
            "events_after": c.n_after,
            "index": c.index,
        }
        for c in found
    ]
