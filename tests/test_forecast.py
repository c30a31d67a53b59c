"""Bargaining forecasts on small scenarios we write here: the models, intervals and leverage."""

from __future__ import annotations

import numpy as np
import pytest

from detente.analyse.forecast import (
    EUMOptions,
    ForecastOptions,
    Inputs,
    compromise,
    condorcet,
    expected_utility,
    forecast,
    median,
    weighted_median,
)
from detente.analyse.forecast.eum import RELATIONS
from detente.analyse.forecast.readers import read_yaml
from detente.errors import UsageError

# Three parties on a 0-100 continuum with equal exercised power (capability × salience = 1).
THREE = Inputs(capability=np.array([1.0, 1.0, 2.0]), position=np.array([0.0, 100.0, 40.0]),
               salience=np.array([1.0, 1.0, 0.5]), bounds=(0.0, 100.0))

# A Syria-like issue of our own: 0 = the government wins outright, 100 = it leaves power.
GULF = """
scenario: test
issues:
  - id: WAR
    scale: {low: 0, high: 100, low_label: government wins, high_label: government goes}
    status_quo: 30
    actors:
      - {name: Government, position: 0, capability: 0.2, salience: 1.0}
      - {name: Patron, position: 20, capability: 0.6, salience: 0.7}
      - {name: Neighbour, position: [60, 75, 90], capability: 0.3, salience: [0.6, 0.8, 0.9]}
      - {name: Distant power, position: 70, capability: 1.0, salience: 0.3}
      - {name: Rebels, position: 100, capability: 0.05, salience: 1.0}
"""


def test_compromise_is_the_power_weighted_mean():
    assert compromise(THREE).value == pytest.approx(140 / 3)


def test_weighted_median_is_the_position_holding_half_the_power():
    assert median(THREE).value == 40.0
    # one party with more than half the exercised power is the median wherever it stands
    heavy = Inputs(np.array([5.0, 1.0, 1.0]), np.array([90.0, 10.0, 20.0]),
                   np.ones(3), (0.0, 100.0))
    assert median(heavy).value == 90.0
    assert weighted_median(np.array([1.0, 2.0]), np.array([1.0, 1.0])) == 1.0  # exact split


def test_condorcet_distribution_is_a_probability_and_sharper_models_approach_the_median():
    linear = condorcet(THREE, vp="linear", pce="markov")
    probabilities = [o["probability"] for o in linear.detail["options"]]
    assert sum(probabilities) == pytest.approx(1.0)
    assert [o["position"] for o in linear.detail["options"]] == [0.0, 40.0, 100.0]
    assert linear.detail["likeliest"] == 40.0  # the Condorcet winner is the likeliest
    octic = condorcet(THREE, vp="octic", pce="markov")
    assert abs(octic.value - 40) < abs(linear.value - 40)
    binary = condorcet(THREE, vp="binary", pce="conditional")
    assert binary.value == pytest.approx(40.0)


def test_condorcet_counts_the_status_quo_as_an_option():
    with_sq = Inputs(THREE.capability, THREE.position, THREE.salience, (0.0, 100.0), 70.0)
    options = [o["position"] for o in condorcet(with_sq).detail["options"]]
    assert 70.0 in options


def test_expected_utility_without_disagreement_does_not_move():
    same = Inputs(np.array([1.0, 2.0, 3.0]), np.full(3, 55.0), np.array([0.5, 0.9, 0.2]),
                  (0.0, 100.0))
    result = expected_utility(same, names=["a", "b", "c"])
    assert result.value == 55.0
    assert len(result.detail["rounds"]) == 1  # nobody moved: play stopped after round one


def test_expected_utility_reports_rounds_paths_and_dyads():
    issue = read_yaml(GULF, "gulf.yaml").issues[0]
    names = [a.name for a in issue.actors]
    result = expected_utility(issue.arrays(), EUMOptions(rounds=5), names)
    rounds = result.detail["rounds"]
    assert rounds[0]["median"] == median(issue.arrays()).value
    assert 1 < len(rounds) <= 6
    assert result.value == rounds[-1]["median"]
    assert all(len(path) == len(rounds) for path in result.detail["paths"].values())
    relations = result.detail["relations"]
    assert {r["relation"] for r in relations} <= set(RELATIONS)
    assert len(relations) == len(names) * (len(names) - 1)  # every ordered pair, all distinct
    for move in rounds[1]["moves"]:
        assert move["relation"] in ("conflict", "compromise", "compel")
        assert move["actor"] in names and move["toward"] in names
    assert 0.5 <= min(result.detail["risk"].values()) <= max(result.detail["risk"].values()) <= 2


def test_forecast_gives_every_model_and_an_interval_when_inputs_are_ranges():
    scenario = read_yaml(GULF, "gulf.yaml")
    result = forecast(scenario, options=ForecastOptions(draws=60, seed=3))
    by_model = {f["model"]: f for f in result["forecasts"]}
    assert list(by_model) == ["compromise", "median", "eum", "condorcet"]
    for record in by_model.values():
        interval = record["interval"]
        assert interval["draws"] == 60
        assert 0 <= interval["low"] <= interval["high"] <= 100
    # the compromise forecast moves with the Neighbour's uncertain stance: a real interval
    assert by_model["compromise"]["interval"]["high"] > by_model["compromise"]["interval"]["low"]
    assert "rounds" in by_model["eum"] and "actors" in by_model["eum"]
    again = forecast(scenario, options=ForecastOptions(draws=60, seed=3))
    assert again["forecasts"][0]["interval"] == by_model["compromise"]["interval"]


def test_no_interval_without_ranges():
    certain = read_yaml(GULF.replace("[60, 75, 90]", "75").replace("[0.6, 0.8, 0.9]", "0.8"))
    result = forecast(certain, options=ForecastOptions(draws=50))
    assert len(result["forecasts"]) == 4
    assert all("interval" not in f for f in result["forecasts"])


def test_leverage_of_the_mean_is_each_actors_share_of_power():
    from detente.analyse.forecast.scenario import Actor, Estimate, Issue, Scenario

    actors = tuple(Actor(name, Estimate(c), Estimate(x), Estimate(s)) for name, c, x, s in
                   (("A", 1.0, 0.0, 1.0), ("B", 1.0, 100.0, 1.0), ("C", 2.0, 40.0, 0.5)))
    scenario = Scenario("t", (Issue("I", actors, scale=(0.0, 100.0)),))
    result = forecast(scenario, options=ForecastOptions(models=("compromise",)))
    rows = {r["actor"]: r for r in result["leverage"]}
    # a 10-point move by a third of the power moves the mean by 10/3; at the scale's end the
    # step is taken inward and scaled, so A and B show the same
    for name in "ABC":
        assert rows[name]["position"] == pytest.approx(10 / 3)
    # more salience for the party at 100 pulls the outcome up, for the one at 0 down
    assert rows["B"]["salience"] > 0 > rows["A"]["salience"]


def test_a_shift_toward_the_patron_moves_the_forecast_toward_it():
    scenario = read_yaml(GULF)
    result = forecast(scenario, options=ForecastOptions(models=("compromise", "median"),
                                                        draws=0))
    neighbour = {r["model"]: r for r in result["leverage"] if r["actor"] == "Neighbour"}
    # the Neighbour (75) moving down toward the Patron (20) lowers the mean forecast
    assert neighbour["compromise"]["position"] > 0


def test_unknown_models_and_issues_are_usage_errors():
    scenario = read_yaml(GULF)
    with pytest.raises(UsageError, match="unknown model 'oracle'"):
        forecast(scenario, options=ForecastOptions(models=("oracle",)))
    with pytest.raises(UsageError, match="no issue 'PEACE'.*WAR"):
        forecast(scenario, issue="PEACE")
    with pytest.raises(UsageError, match="victory-probability"):
        forecast(scenario, options=ForecastOptions(vp="cubic"))


def test_what_if_an_actor_moves_toward_another():
    from detente.analyse.forecast import Move

    scenario = read_yaml(GULF)
    options = ForecastOptions(models=("compromise", "median"), draws=0, leverage=False,
                              moves=(Move.parse("neighbour=Patron"),))
    rows = {r["model"]: r for r in forecast(scenario, options=options)["what_if"]}
    move = rows["compromise"]
    assert (move["actor"], move["toward"], move["from"], move["to"]) == (
        "Neighbour", "Patron", 75.0, 47.5)
    # the mean moves by the Neighbour's share of power (0.24 of 1.21) times its 27.5 points
    assert move["change"] == pytest.approx(-27.5 * 0.24 / 1.21)
    # the Patron holds the median (0.62 of 1.21 at or below 20) before and after
    assert rows["median"]["before"] == rows["median"]["after"] == 20.0
    with pytest.raises(UsageError, match="Neighbour=Moon.*no issue has both"):
        forecast(scenario, options=ForecastOptions(moves=(Move.parse("Neighbour=Moon"),)))
    for bad in ("Neighbour", "Neighbour=Patron:2", "=Patron", "Neighbour=Patron:half"):
        with pytest.raises(UsageError, match="--move"):
            Move.parse(bad)
