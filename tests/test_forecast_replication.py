"""The models against the published record: the 1994 EC emission-standards case (Bueno de
Mesquita's data as Scholz, Calbert & Smith 2011 replicate it) and KTAB's China SOE scenarios
(Efird, Lester & Wise 2016). Read from the reference data beside the repository; skipped when
it is absent."""

from __future__ import annotations

import math

import pytest

from detente.analyse.forecast import (
    EUMOptions,
    compromise,
    condorcet,
    expected_utility,
    median,
    read_scenario,
)

pytestmark = pytest.mark.shared

#: Scholz et al. (2011), Table 2: the median voter position after each of eight rounds,
#: printed to one decimal.
SCHOLZ_MEDIANS = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6]


@pytest.fixture()
def emissions(shared_file):
    """The emission-standards example of Scholz et al. (2011): its arrays and actor names."""
    path = shared_file("data", "bdm-scholz-expected-utility-model", "ExampleActors.csv")
    issue = read_scenario(path).issues[0]
    return issue.arrays(), [a.name for a in issue.actors]


def test_emission_standards_compromise_and_median(emissions):
    inputs, _ = emissions
    assert compromise(inputs).value == pytest.approx(7.39, abs=0.005)
    assert median(inputs).value == 7.0


def test_emission_standards_eum_follows_scholz_round_by_round(emissions):
    inputs, names = emissions
    result = expected_utility(inputs, EUMOptions(rounds=8), names)
    ours = [r["median"] for r in result.detail["rounds"][1:]]
    assert len(ours) == 8
    # The published figures are cut, not rounded, to one decimal (9.96 prints as 9.9).
    cut = [math.floor(v * 10) / 10 for v in ours]
    agree = [a == b for a, b in zip(cut, SCHOLZ_MEDIANS, strict=True)]
    assert cut[0] == 8.4  # Belgium's compromise with France in the first round
    assert sum(agree) == 7, list(zip(cut, SCHOLZ_MEDIANS, strict=True))
    assert not agree[1]  # round 2: 9.6 here, 9.9 in the paper (see docs/FORECAST.md)
    first = result.detail["rounds"][1]["moves"]
    assert {"actor": "Belgium", "toward": "France", "relation": "compromise"}.items() <= \
        next(m for m in first if m["actor"] == "Belgium").items()


def test_emission_standards_eum_as_the_text_reads_it_never_moves_the_median(emissions):
    # P_ij over the votes on the pair alone makes every challenger's chance large, so
    # everyone fights and the median stays at 7: why the published code divides by all votes.
    inputs, names = emissions
    result = expected_utility(inputs, EUMOptions(probability="dyad"), names)
    assert {r["median"] for r in result.detail["rounds"]} == {7.0}


@pytest.fixture()
def ktab(shared_file):
    """`ktab(name)`: the issues of one of KTAB's example files."""
    return lambda name: read_scenario(shared_file("data", "KTAB", name)).issues


def test_ktab_soe_policy_converges_near_the_xi_cluster(ktab):
    # Efird et al.: the policy space converges around 30, with a sensitivity sweep of 15-45.
    issue = ktab("SOE-Policy.csv")[0]
    assert len(issue.actors) == 26
    inputs = issue.arrays()
    assert median(inputs).value == 30
    result = condorcet(inputs)
    assert 15 <= result.value <= 45 and abs(result.value - 30) < 5
    assert result.detail["likeliest"] == 30


def test_ktab_soe_competitive_within_the_published_range(ktab):
    # Efird et al.: the competitive position ends between 20 and 40 (sweep 30-50).
    issue = ktab("SOE-Competitive.csv")[0]
    assert len(issue.actors) == 34
    result = condorcet(issue.arrays())
    assert 30 <= result.value <= 50
    assert 20 <= result.detail["likeliest"] <= 40


def test_ktab_two_dimensional_file_reads_as_two_issues(ktab):
    policy, competitive = ktab("SOE-Pol-Comp.csv")
    assert (policy.id, competitive.id) == ("Policy", "Competitive")
    assert len(policy.actors) == len(competitive.actors) == 13
    assert policy.actors[0].salience.mode == pytest.approx(0.24)
