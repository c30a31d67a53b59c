"""Scenario files: the three formats, and messages naming file, line and field for bad ones."""

from __future__ import annotations

import string

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.analyse.forecast import compromise, condorcet, expected_utility, median
from detente.analyse.forecast.readers import read_csv, read_scenario, read_yaml
from detente.errors import ScenarioError

SIMPLE = """Actor,Capability,Position,Salience
North,0.4,10,0.9
South,0.3,60,0.5
East,0.3,90,0.7
"""

# KTAB's layout: a title line (name, description, actors, dimensions), a header, the actors.
KTAB = """Water; scen 0,Sharing a river, 3, 2,
Actor,Description,Influence,Flow Position,Flow Salience,Dam Position,Dam Salience,
UP,Upstream state,60,20,50,80,40,
DOWN,Downstream state,40,90,70,10,30,
NGO,River commission,5,60,20,50,20,
"""

TWO_ISSUES = """
scenario: Two issues
capabilities: {North: [0.3, 0.4, 0.5], South: 0.3}
issues:
  - id: TARIFF
    scale: [0, 100]
    status_quo: 40
    actors:
      - {name: North, position: 10, salience: 80}
      - {name: South, position: [50, 60, 70], salience: 50}
  - id: BORDER
    actors:
      - {name: North, position: 3, salience: 0.2}
      - {name: South, position: 7, salience: 0.9, capability: 0.1}
"""


def test_simple_csv_any_case_and_order_with_ranges(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("salience,NAME,position,Position Low,Position High,capability\n"
                    "0.5,North,10,5,20,2\n0.5,South,80,,,1\n")
    issue = read_scenario(path).issues[0]
    north, south = issue.actors
    assert (north.name, north.position.low, north.position.high) == ("North", 5, 20)
    assert north.position.uncertain and not south.position.uncertain
    assert issue.bounds == (5, 80)


def test_ktab_csv_gives_one_issue_per_dimension_on_0_100():
    scenario = read_csv(KTAB, "river.csv")
    assert [i.id for i in scenario.issues] == ["Flow", "Dam"]
    flow, dam = scenario.issues
    assert flow.scale == (0.0, 100.0) and flow.label == "Sharing a river"
    assert [a.code for a in flow.actors] == ["UP", "DOWN", "NGO"]
    assert flow.actors[1].salience.mode == pytest.approx(0.7)  # 0-100 read as a share
    assert dam.actors[0].position.mode == 80 and dam.actors[0].capability.mode == 60


def test_yaml_issues_share_capabilities_and_scale_salience():
    scenario = read_yaml(TWO_ISSUES, "two.yaml")
    tariff, border = scenario.issues
    assert tariff.status_quo == 40 and tariff.scale == (0, 100)
    assert tariff.actors[0].capability.uncertain
    assert tariff.actors[0].salience.mode == pytest.approx(0.8)
    assert border.actors[1].capability.mode == 0.1  # its own figure wins
    assert border.bounds == (3, 7)


@pytest.mark.parametrize("text, line, field, problem", [
    (SIMPLE.replace("0.3,60,0.5", "0.3,sixty,0.5"), 3, "Position", "'sixty' is not a number"),
    (SIMPLE.replace("Salience", "Weight"), 1, "salience", "missing column 'Salience'"),
    (SIMPLE.replace("0.3,90,0.7", "0.3,90,170"), 4, "salience", "outside 0-1"),
    (SIMPLE.replace("0.3,90,0.7", "-0.3,90,0.7"), 4, "capability", "negative"),
    (SIMPLE.replace("East,", "North,"), 4, "name", "appears twice"),
    (SIMPLE.replace("East,0.3,90,0.7", "East,0.3,90"), 4, None, "3 fields"),
])
def test_bad_csv_names_file_line_and_field(tmp_path, text, line, field, problem):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        read_scenario(path)
    message = str(caught.value)
    assert f"{path}, line {line}" in message and problem in message
    if field:
        assert f"field '{field}'" in message
    assert caught.value.code == "E210"


@pytest.mark.parametrize("text, line, field, problem", [
    (TWO_ISSUES.replace("[50, 60, 70]", "[50, 80, 70]"), 10, "position", "low <= mode <= high"),
    (TWO_ISSUES.replace("status_quo: 40", "status_quo: 140"), 7, "status_quo", "outside"),
    (TWO_ISSUES.replace("position: 3,", "positoin: 3,"), 13, "position", "has no position"),
    (TWO_ISSUES.replace("id: BORDER", "id: TARIFF"), 11, "id", "used twice"),
    (TWO_ISSUES.replace("salience: 0.9, capability: 0.1", "salience: 0.9, capability: lots"),
     14, "capability", "'lots' is not a number"),
    (TWO_ISSUES.replace("[0, 100]", "[100, 0]"), 6, "scale", "must exceed"),
    (TWO_ISSUES.replace("{name: North, position: 3", "{name: North, position: [3, 4]"), 13,
     "position", "[low, mode, high]"),
])
def test_bad_yaml_names_file_line_and_field(tmp_path, text, line, field, problem):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        read_scenario(path)
    message = str(caught.value)
    assert f"line {line}, field '{field}'" in message, message
    assert problem in message and str(path) in message


def test_bad_ktab_and_unreadable_files(tmp_path):
    with pytest.raises(ScenarioError, match="line 1, field 'number of actors'.*4 actors but 3"):
        read_csv(KTAB.replace(", 3, 2,", ", 4, 2,"), "river.csv")
    cases = {"missing.csv": None, "empty.yaml": "  \n", "latin.csv": b"Actor\xe9,Capability\n",
             "notes.docx": "Actor,Capability,Position,Salience\n",
             "broken.yaml": "issues: [unclosed\n", "one.csv": "Actor,Capability,Position,"
             "Salience\nSolo,1,5,0.5\n", "prose.csv": "hello, world\nno header here\n"}
    expected = {"missing.csv": "no such file", "empty.yaml": "empty", "latin.csv": "not UTF-8",
                "notes.docx": "unknown format", "broken.yaml": "not valid YAML",
                "one.csv": "at least two", "prose.csv": "not a scenario CSV"}
    for name, content in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif content is not None:
            path.write_text(content)
        with pytest.raises(ScenarioError, match=expected[name]):
            read_scenario(path)


_cells = st.text(alphabet=string.printable, max_size=12)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.lists(_cells, min_size=1, max_size=6), min_size=1, max_size=6),
       st.sampled_from([SIMPLE, KTAB]))
def test_fuzzed_csv_is_read_or_refused_with_a_scenario_error(rows, template):
    # corrupt a real file's lines with random cells: only ScenarioError may escape
    lines = template.splitlines()
    for index, cells in enumerate(rows):
        lines[index % len(lines)] = ",".join(cells)
    try:
        scenario = read_csv("\n".join(lines) + "\n", "fuzz.csv")
    except ScenarioError:
        return
    for issue in scenario.issues:
        assert len(issue.actors) >= 2


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_fuzzed_yaml_is_read_or_refused_with_a_scenario_error(text):
    try:
        scenario = read_yaml(TWO_ISSUES[: len(TWO_ISSUES) // 2] + text, "fuzz.yaml")
    except ScenarioError:
        return
    assert all(len(issue.actors) >= 2 for issue in scenario.issues)


_actor = st.tuples(st.floats(0.01, 10), st.floats(0, 100), st.floats(0.01, 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(_actor, min_size=2, max_size=8))
def test_every_model_forecasts_within_the_positions_held(actors):
    from detente.analyse.forecast import Inputs

    c, x, s = (np.array(v) for v in zip(*actors, strict=True))
    inputs = Inputs(c, x, s, (0.0, 100.0))
    low, high = x.min() - 1e-9, x.max() + 1e-9
    assert low <= compromise(inputs).value <= high
    assert median(inputs).value in x
    assert low <= condorcet(inputs).value <= high
    assert low <= expected_utility(inputs).value <= high


def test_yaml_structure_errors_name_their_line(tmp_path):
    cases = {
        TWO_ISSUES.replace("{North: [0.3, 0.4, 0.5], South: 0.3}", "[1, 2]"):
            (3, "capabilities", "mapping"),
        TWO_ISSUES.replace("scale: [0, 100]", "scale: [0, 100]\n    status_quo: 3"):
            (8, "status_quo", "given twice"),
        TWO_ISSUES.replace("      - {name: South, position: 7, salience: 0.9, capability: 0.1}\n",
                           ""): (13, "actors", "at least two"),
        "issues:\n  - id: X\n    actors:\n      - just a name\n      - {name: B}\n":
            (4, "actor", "mapping"),
    }
    for text, (line, field, problem) in cases.items():
        with pytest.raises(ScenarioError) as caught:
            read_yaml(text, "s.yaml")
        message = str(caught.value)
        assert f"line {line}, field '{field}'" in message and problem in message, message


def test_the_documented_yaml_example_reads():
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "FORECAST.md").read_text("utf-8")
    block = re.search(r"```yaml\n(.*?)```", doc, re.S)
    assert block, "docs/FORECAST.md lost its YAML example"
    issue = read_yaml(block.group(1), "FORECAST.md").issues[0]
    assert [a.name for a in issue.actors] == ["Syria", "Russia", "Turkey"]
    assert issue.actors[0].capability.uncertain  # from the shared capabilities
