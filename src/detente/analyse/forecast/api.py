"""Forecast a scenario: run the models, a Monte Carlo interval when inputs are ranges, and each
actor's leverage. Returns plain JSON-ready records; the CLI and the report render them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from detente.analyse.forecast.eum import EUMOptions, expected_utility
from detente.analyse.forecast.models import (
    PCE_MODELS,
    VP_MODELS,
    Result,
    compromise,
    condorcet,
    median,
)
from detente.analyse.forecast.scenario import Inputs, Issue, Scenario
from detente.errors import UsageError

MODELS = ("compromise", "median", "eum", "condorcet")


@dataclass(frozen=True)
class Move:
    """A what-if: `actor` moves `fraction` of the way toward `toward`'s position."""

    actor: str
    toward: str
    fraction: float = 0.5

    @classmethod
    def parse(cls, text: str) -> Move:
        """`Turkey=Russia` (halfway) or `Turkey=Russia:0.25`, names or codes."""
        actor, sep, rest = text.partition("=")
        toward, _, share = rest.partition(":")
        if not sep or not actor.strip() or not toward.strip():
            raise UsageError(f"--move {text!r}: write ACTOR=OTHER or ACTOR=OTHER:FRACTION")
        try:
            fraction = float(share) if share.strip() else 0.5
        except ValueError:
            raise UsageError(f"--move {text!r}: {share!r} is not a fraction") from None
        if not 0 < fraction <= 1:
            raise UsageError(f"--move {text!r}: the fraction must lie in (0, 1]")
        return cls(actor.strip(), toward.strip(), fraction)


@dataclass(frozen=True)
class ForecastOptions:
    """How to forecast: which models, how many Monte Carlo draws, the interval's level, the
    Condorcet model's victory-probability and PCE models, the EUM's options, and the step used
    for leverage (a fraction of the scale for positions, of the 0-1 range for salience)."""

    models: tuple[str, ...] = MODELS
    draws: int = 200
    seed: int = 0
    level: float = 0.90
    vp: str = "linear"
    pce: str = "incentive"
    eum: EUMOptions = field(default_factory=EUMOptions)
    leverage: bool = True
    step: float = 0.10
    moves: tuple[Move, ...] = ()

    def check(self) -> None:
        """Raise `UsageError` for an unknown model or option."""
        for model in self.models:
            if model not in MODELS:
                raise UsageError(f"unknown model {model!r}; choose from {', '.join(MODELS)}")
        if self.vp not in VP_MODELS:
            raise UsageError(f"unknown victory-probability model {self.vp!r}; choose from "
                             f"{', '.join(VP_MODELS)}")
        if self.pce not in PCE_MODELS:
            raise UsageError(f"unknown Condorcet model {self.pce!r}; choose from "
                             f"{', '.join(PCE_MODELS)}")
        if self.draws < 0:
            raise UsageError("--draws must be zero or more")
        if not 0 < self.level < 1:
            raise UsageError("--level must lie between 0 and 1")
        if self.eum.rounds < 1:
            raise UsageError("--rounds must be at least 1")


def _runner(name: str, options: ForecastOptions, names: list[str], *, full: bool = True
            ) -> Callable[[Inputs], Result]:
    """The model as a function of the inputs; `full=False` leaves out what only the shown
    forecast needs (the expected-utility model's dyads), for the many repeated runs."""
    if name == "compromise":
        return compromise
    if name == "median":
        return median
    if name == "condorcet":
        return lambda inputs: condorcet(inputs, vp=options.vp, pce=options.pce)
    return lambda inputs: expected_utility(inputs, options.eum, names, relations=full)


def _record(issue: Issue, result: Result) -> dict[str, Any]:
    """A forecast as a JSON record: model, value and what the model adds."""
    record: dict[str, Any] = {"issue": issue.id, "model": result.model, "value": result.value}
    detail = result.detail
    if result.model == "eum":
        record["rounds"] = detail["rounds"]
        record["actors"] = [{"name": name, "path": path, "risk": detail["risk"].get(name)}
                            for name, path in detail["paths"].items()]
        record["relations"] = detail["relations"]
        record["settings"] = detail["options"]
    elif result.model == "condorcet":
        record.update(likeliest=detail.get("likeliest", result.value),
                      settings={"vp": detail["vp"], "pce": detail.get("pce")},
                      options=detail["options"])
    return record


def _leverage(issue: Issue, run: Callable[[Inputs], Result], base: Inputs, step: float
              ) -> list[dict[str, Any]]:
    """How far the forecast moves when each actor shifts: per `step`·span of position toward
    the scale's high end, and per `step` of salience (central differences, clipped at the ends)."""
    low, high = base.bounds
    delta = step * base.span
    rows = []
    for index, actor in enumerate(issue.actors):
        x, s = float(base.position[index]), float(base.salience[index])
        up, down = min(x + delta, high), max(x - delta, low)
        moved = run(base.with_actor(index, position=up)).value - run(
            base.with_actor(index, position=down)).value
        by_position = moved * delta / (up - down) if up > down else 0.0
        s_up, s_down = min(s + step, 1.0), max(s - step, 0.0)
        moved = run(base.with_actor(index, salience=s_up)).value - run(
            base.with_actor(index, salience=s_down)).value
        by_salience = moved * step / (s_up - s_down) if s_up > s_down else 0.0
        rows.append({"actor": actor.name, "position": float(by_position),
                     "salience": float(by_salience)})
    return rows


def forecast_issue(issue: Issue, options: ForecastOptions | None = None) -> dict[str, Any]:
    """Every chosen model's forecast for one issue, with intervals and leverage."""
    options = options or ForecastOptions()
    options.check()
    names = [a.name for a in issue.actors]
    base = issue.arrays()
    draws = issue.samples(np.random.default_rng(options.seed), options.draws) \
        if issue.uncertain and options.draws > 0 else []
    forecasts, leverage = [], []
    for model in options.models:
        record = _record(issue, _runner(model, options, names)(base))
        run = _runner(model, options, names, full=False)
        if draws:
            values = np.array([run(inputs).value for inputs in draws])
            tail = (1 - options.level) / 2
            record["interval"] = {"low": float(np.quantile(values, tail)),
                                  "high": float(np.quantile(values, 1 - tail)),
                                  "level": options.level, "draws": len(values),
                                  "mean": float(values.mean())}
        forecasts.append(record)
        if options.leverage:
            for row in _leverage(issue, run, base, options.step):
                leverage.append({"issue": issue.id, "model": model, **row})
    return {"issue": issue.to_json(), "forecasts": forecasts, "leverage": leverage,
            "step": {"position": options.step * base.span, "salience": options.step},
            "what_if": _what_if(issue, options, names, base, forecasts)}


def _find(issue: Issue, name: str) -> int | None:
    """The index of the actor named (or coded) `name`, case-insensitive."""
    for index, actor in enumerate(issue.actors):
        if name.lower() in (actor.name.lower(), (actor.code or "").lower()):
            return index
    return None


def _what_if(issue: Issue, options: ForecastOptions, names: list[str], base: Inputs,
             forecasts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each model's forecast after each move of `options.moves` that applies to the issue."""
    rows = []
    for move in options.moves:
        mover, target = _find(issue, move.actor), _find(issue, move.toward)
        if mover is None or target is None:
            continue
        start, goal = float(base.position[mover]), float(base.position[target])
        moved = base.with_actor(mover, position=start + move.fraction * (goal - start))
        for record in forecasts:
            after = _runner(record["model"], options, names, full=False)(moved).value
            rows.append({"issue": issue.id, "actor": names[mover], "toward": names[target],
                         "fraction": move.fraction, "from": start,
                         "to": float(moved.position[mover]), "model": record["model"],
                         "before": record["value"], "after": after,
                         "change": after - record["value"]})
    return rows


def forecast(scenario: Scenario, *, issue: str | None = None,
             options: ForecastOptions | None = None) -> dict[str, Any]:
    """Forecast every issue of a scenario (or the one named): a JSON-ready object whose
    `forecasts` lists {issue, model, value, interval?, rounds?, actors?} records."""
    options = options or ForecastOptions()
    options.check()
    issues = scenario.issue(issue)
    if not issues:
        known = ", ".join(i.id for i in scenario.issues)
        raise UsageError(f"no issue {issue!r} in {scenario.source or scenario.name}; it has: "
                         f"{known}")
    for move in options.moves:
        if not any(_find(i, move.actor) is not None and _find(i, move.toward) is not None
                   for i in issues):
            known = ", ".join(sorted({a.name for i in issues for a in i.actors}))
            raise UsageError(f"--move {move.actor}={move.toward}: no issue has both actors; "
                             f"the actors are: {known}")
    results = [forecast_issue(i, options) for i in issues]
    return {
        "scenario": scenario.name,
        "source": scenario.source,
        "issues": [r["issue"] for r in results],
        "forecasts": [f for r in results for f in r["forecasts"]],
        "leverage": [row for r in results for row in r["leverage"]],
        "leverage_step": {r["issue"]["id"]: r["step"] for r in results},
        "what_if": [row for r in results for row in r["what_if"]],
        "settings": {"models": list(options.models), "draws": options.draws,
                     "seed": options.seed, "level": options.level, "vp": options.vp,
                     "pce": options.pce, "eum_rounds": options.eum.rounds,
                     "eum_probability": options.eum.probability,
                     "eum_choice": options.eum.choice},
    }


def forecast_file(path: Path, options: ForecastOptions | None = None) -> dict[str, Any]:
    """Read a scenario file and forecast all its issues (what the report and dashboard show)."""
    from detente.analyse.forecast.readers import read_scenario

    return forecast(read_scenario(path), options=options)


def forecast_cli(scenario: Path | None, *, models: list[str] | None, issue: str | None,
                 from_db: bool, db: Path, output: Path | None, draws: int, seed: int,
                 level: float, vp: str, pce: str, rounds: int, leverage: bool = True,
                 moves: list[str] | None = None
                 ) -> tuple[dict[str, Any] | None, str | None]:
    """What `detente forecast` does: read (or draft from the store) a scenario and forecast it.

    Returns (forecast, drafted YAML). With --from-db and no --output the draft is returned
    alone, for the analyst to edit before forecasting.
    """
    from detente.analyse.forecast.propose import propose_scenario
    from detente.analyse.forecast.readers import read_scenario
    from detente.store import Store

    chosen = tuple(m.strip().lower() for item in models or [] for m in item.split(",")
                   if m.strip()) or MODELS
    options = ForecastOptions(models=chosen, draws=draws, seed=seed, level=level, vp=vp,
                              pce=pce, eum=EUMOptions(rounds=rounds), leverage=leverage,
                              moves=tuple(Move.parse(m) for m in moves or []))
    options.check()
    drafted = None
    if from_db:
        if not issue:
            raise UsageError("--from-db needs --issue TAG (e.g. --issue SYRIA_WAR)")
        if scenario is not None:
            raise UsageError("give a SCENARIO file or --from-db, not both")
        with Store(db, read_only=True) as store:
            drafted = propose_scenario(store, issue).to_yaml()
        if output is None:
            return None, drafted
        output.write_text(drafted, encoding="utf-8")
        scenario, issue = output, None
    if scenario is None:
        raise UsageError("give a SCENARIO file, or --from-db --issue TAG")
    return forecast(read_scenario(scenario), issue=issue, options=options), drafted
