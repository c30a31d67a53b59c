"""Bargaining forecasts: who gets what on an issue, and how much leverage each actor holds.

`read_scenario` reads a scenario (CSV, KTAB CSV or YAML); `forecast` runs the compromise,
weighted-median, expected-utility and probabilistic Condorcet models on it, with Monte Carlo
intervals and each actor's leverage; `propose_scenario` drafts a scenario from stored events.
"""

from detente.analyse.forecast.api import (
    MODELS,
    ForecastOptions,
    Move,
    forecast,
    forecast_cli,
    forecast_file,
    forecast_issue,
)
from detente.analyse.forecast.eum import EUMOptions, expected_utility
from detente.analyse.forecast.models import compromise, condorcet, median, weighted_median
from detente.analyse.forecast.readers import read_scenario
from detente.analyse.forecast.scenario import Actor, Estimate, Inputs, Issue, Scenario

__all__ = [
    "MODELS", "Actor", "Move", "EUMOptions", "Estimate", "ForecastOptions", "Inputs", "Issue",
    "Scenario", "compromise", "condorcet", "expected_utility", "forecast", "forecast_cli",
    "forecast_file", "forecast_issue", "median", "read_scenario", "weighted_median",
]
