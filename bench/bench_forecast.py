"""Benchmark of the bargaining models on a scenario of many actors (budget: < 1 s a model).

    .venv/bin/python bench/bench_forecast.py --actors 50 --repeat 7

Draws a random scenario (capabilities, positions on 0-100, saliences) with a fixed seed, runs
each model `--repeat` times (the expected-utility model for its default 8 rounds) and prints
one JSON line: the median wall-clock and CPU seconds per model, and a full `forecast` (four
models, leverage, and a Monte Carlo of `--draws` draws when `--ranges` is given).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from detente.analyse.forecast import (
    ForecastOptions,
    Inputs,
    compromise,
    condorcet,
    expected_utility,
    forecast,
    median,
)
from detente.analyse.forecast.scenario import Actor, Estimate, Issue, Scenario


def scenario(n: int, seed: int, ranges: bool) -> Scenario:
    """`n` actors with a spread of power, positions and saliences (and ±10-point ranges)."""
    rng = np.random.default_rng(seed)
    actors = []
    for index in range(n):
        x = float(rng.integers(0, 101))
        position = Estimate(x, max(0.0, x - 10), min(100.0, x + 10)) if ranges else Estimate(x)
        actors.append(Actor(f"actor{index:02d}", Estimate(float(rng.pareto(1.5) + 0.1)),
                            position, Estimate(float(rng.uniform(0.1, 1.0)))))
    return Scenario("bench", (Issue("BENCH", tuple(actors), scale=(0.0, 100.0)),))


def timed(run: Callable[[], Any], repeat: int) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"median_s": round(statistics.median(walls), 4), "max_s": round(max(walls), 4),
            "cpu_s": round(statistics.median(cpus), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ranges", action="store_true", help="Give positions ±10 ranges.")
    parser.add_argument("--draws", type=int, default=200)
    args = parser.parse_args()
    drawn = scenario(args.actors, args.seed, args.ranges)
    inputs: Inputs = drawn.issues[0].arrays()
    names = [a.name for a in drawn.issues[0].actors]
    models: dict[str, Callable[[], Any]] = {
        "compromise": lambda: compromise(inputs),
        "median": lambda: median(inputs),
        "eum": lambda: expected_utility(inputs, names=names),
        "condorcet": lambda: condorcet(inputs),
    }
    figures: dict[str, Any] = {"actors": args.actors, "repeat": args.repeat,
                               "load_1min": round(os.getloadavg()[0], 2)}
    for name, run in models.items():
        figures[name] = timed(run, args.repeat)
    options = ForecastOptions(draws=args.draws)
    figures["forecast_all"] = timed(lambda: forecast(drawn, options=options), 1)
    figures["forecast_all"]["monte_carlo_draws"] = args.draws if args.ranges else 0
    figures["eum_rounds"] = len(models["eum"]().detail["rounds"]) - 1
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
