"""`detente forecast`: tables and JSON, exit codes, and scenarios drafted from the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from detente.analyse.forecast import forecast, read_scenario
from detente.analyse.forecast.propose import load_capabilities, propose_scenario
from detente.cli import EXIT_STORE, EXIT_USAGE, app
from detente.records import Actor, Event, stable_id
from detente.store import Store

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "syria-2016.yaml"

CSV = """Actor,Capability,Position,Salience
Harbour city,0.5,20,0.9
Capital,0.9,50,0.6
Mountain province,0.2,95,1.0
"""


def test_json_lists_every_model_with_its_extras(tmp_path):
    path = tmp_path / "three.csv"
    path.write_text(CSV)
    result = runner.invoke(app, ["forecast", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    models = [f["model"] for f in data["forecasts"]]
    assert models == ["compromise", "median", "eum", "condorcet"]
    values = {f["model"]: f["value"] for f in data["forecasts"]}
    assert values["compromise"] == pytest.approx((0.45 * 20 + 0.54 * 50 + 0.2 * 95) / 1.19)
    assert values["median"] == 50
    eum = data["forecasts"][2]
    assert eum["rounds"][0]["round"] == 0 and {a["name"] for a in eum["actors"]} == {
        "Harbour city", "Capital", "Mountain province"}
    assert {row["actor"] for row in data["leverage"]} == {"Harbour city", "Capital",
                                                          "Mountain province"}


def test_models_can_be_chosen_and_the_table_shows_them(tmp_path):
    path = tmp_path / "three.csv"
    path.write_text(CSV)
    result = runner.invoke(app, ["forecast", str(path), "--model", "median", "--model",
                                 "condorcet", "--vp", "quartic"])
    assert result.exit_code == 0, result.output
    assert "median" in result.stdout and "quartic" in result.stdout
    assert "compromise" not in result.stdout
    assert "leverage" in result.stdout


def test_the_worked_example_forecasts_both_issues_with_intervals():
    result = runner.invoke(app, ["forecast", str(EXAMPLE), "--format", "json", "--draws", "40",
                                 "--issue", "kurdish_question"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {f["issue"] for f in data["forecasts"]} == {"KURDISH_QUESTION"}
    assert all(f["interval"]["draws"] == 40 for f in data["forecasts"])


def test_bad_scenarios_and_options_exit_with_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV.replace("0.9,50,0.6", "0.9,fifty,0.6"))
    result = runner.invoke(app, ["forecast", str(bad)])
    assert result.exit_code == EXIT_STORE
    assert f"{bad}, line 3, field 'Position'" in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    good = tmp_path / "good.csv"
    good.write_text(CSV)
    for args in (["--model", "oracle"], ["--vp", "cubic"], ["--from-db"]):
        result = runner.invoke(app, ["forecast", str(good), *args])
        assert result.exit_code == EXIT_USAGE, (args, result.output)
    assert runner.invoke(app, ["forecast"]).exit_code == EXIT_USAGE


def _event(index: int, source: tuple[str, str | None, str, str | None],
           target: tuple[str, str | None, str, str | None], cameo: str, goldstein: float,
           issues: tuple[str, ...], sentence: str) -> Event:
    return Event(
        id=stable_id("syria-notes", index, cameo, source[0], target[0]),
        doc_id="syria-notes", sentence_index=index, sentence=sentence,
        source=Actor(*source, source[3]), target=Actor(*target, target[3]),
        cameo=cameo, root=cameo[:2], quad_class=1 if goldstein > 0 else 4, goldstein=goldstein,
        plover="", date="2016-08-01", date_precision="day", date_text=None, place=None,
        negated=False, modality="asserted", issues=issues, trigger="",
    )


TUR = ("TURGOV", "TUR", "GOV", None)
RUS = ("RUSGOV", "RUS", "GOV", None)
SYR = ("SYRGOV", "SYR", "GOV", "Assad")
USA = ("USAGOV", "USA", "GOV", None)
REBELS = ("SYRREB", "SYR", "REB", None)
KURDS = ("REB", None, "REB", "Kurds")


@pytest.fixture()
def syria_store(tmp_path: Path) -> Path:
    """A store of events we write: the war's parties and where each leans."""
    war, kurds = ("SYRIA_WAR",), ("SYRIA_WAR", "KURDISH_QUESTION")
    events = [
        _event(0, RUS, SYR, "057", 8.0, war, "Moscow signed a defence pact with Damascus."),
        _event(1, RUS, SYR, "070", 7.0, war, "Russia sent aid to the Syrian government."),
        _event(2, REBELS, SYR, "190", -10.0, war, "Rebels attacked government positions."),
        _event(3, SYR, REBELS, "190", -10.0, war, "Government forces shelled rebel towns."),
        _event(4, TUR, REBELS, "070", 7.0, war, "Ankara armed the rebels."),
        _event(5, TUR, SYR, "111", -2.0, war, "Turkey criticised Assad."),
        _event(6, USA, KURDS, "070", 7.4, kurds, "Washington armed Kurdish militias."),
        _event(7, TUR, KURDS, "190", -10.0, kurds, "The Turkish army struck Kurdish fighters."),
        _event(8, KURDS, SYR, "111", -2.0, kurds, "Kurdish leaders denounced Damascus."),
        _event(9, TUR, RUS, "040", 1.0, ("TRADE",), "Turkey and Russia discussed trade."),
    ]
    db = tmp_path / "syria.duckdb"
    with Store(db) as store:
        store.add_events(events, origin="test")
    return db


def test_a_scenario_drafted_from_the_store_places_each_party_by_its_stances(syria_store):
    with Store(syria_store, read_only=True) as store:
        proposal = propose_scenario(store, "syria_war")
    issue = proposal.scenario.issues[0]
    actors = {a.name: a for a in issue.actors}
    assert set(actors) == {"Syria", "Russia", "Turkey", "United States", "Kurds",
                           "rebels (Syria)"}
    position = {name: a.position.mode for name, a in actors.items()}
    # the most frequent target anchors the scale; its fiercest opponent holds the other end
    assert position["Syria"] == 0 and position["rebels (Syria)"] == 100
    assert position["Russia"] < 20 < 80 < position["Turkey"]
    # the United States' only stance is backing the Kurds, so it stands where they stand; the
    # Kurds, fought by Turkey, stand away from Turkey's side
    assert position["United States"] == pytest.approx(position["Kurds"], abs=0.1)
    assert position["Kurds"] < position["Turkey"] - 30
    # Turkey's trade talk with Russia is on another issue: 3 of its 4 tagged events count,
    # with one pseudo-event each way
    assert actors["Turkey"].salience.mode == pytest.approx(round(4 / 6, 2))
    table = load_capabilities()
    assert actors["Russia"].capability.mode == pytest.approx(table["RUS"].index, abs=1e-4)
    assert actors["Kurds"].capability.uncertain  # no public figure: a range to set
    assert "no public figure" in proposal.sources["Kurds"]["capability"]
    text = proposal.to_yaml()
    assert "SIPRI" in text and "Ankara armed the rebels." in text
    # the draft is a scenario our reader accepts and every model can forecast
    path = syria_store.parent / "draft.yaml"
    path.write_text(text)
    result = forecast(read_scenario(path))
    assert len(result["forecasts"]) == 4


def test_from_db_prints_the_draft_or_writes_and_forecasts_it(syria_store, tmp_path):
    result = runner.invoke(app, ["forecast", "--from-db", "--issue", "SYRIA_WAR", "--db",
                                 str(syria_store)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout)["issues"][0]["id"] == "SYRIA_WAR"
    out = tmp_path / "syria.yaml"
    result = runner.invoke(app, ["forecast", "--from-db", "--issue", "SYRIA_WAR", "--db",
                                 str(syria_store), "--output", str(out), "--format", "json",
                                 "--draws", "20"])
    assert result.exit_code == 0, result.output
    assert out.exists() and json.loads(result.stdout)["forecasts"]
    missing = runner.invoke(app, ["forecast", "--from-db", "--issue", "CYPRUS", "--db",
                                  str(syria_store)])
    assert missing.exit_code == EXIT_USAGE and "SYRIA_WAR" in missing.stderr


@pytest.mark.model
@pytest.mark.shared
def test_the_seed_article_yields_a_syria_scenario_an_analyst_recognises(coder, shared_file,
                                                                        tmp_path):
    from detente.pipeline import analyze

    seed = shared_file("seed", "000_a488dd144c49220e.txt")
    db = tmp_path / "seed.duckdb"
    analyze([str(seed)], db=db, coder=coder)
    with Store(db, read_only=True) as store:
        issue = propose_scenario(store, "SYRIA_WAR").scenario.issues[0]
    position = {a.name: a.position.mode for a in issue.actors}
    assert {"Turkey", "Russia", "Syria", "United States", "Kurds"} <= set(position)
    # Russia stands with Damascus; Turkey, backing the rebels, stands further from it
    assert position["Syria"] == 0
    assert position["Russia"] < position["Turkey"]


def test_the_html_report_shows_the_forecast_on_the_continuum(syria_store, tmp_path):
    import re
    import xml.etree.ElementTree as ET

    page = tmp_path / "report.html"
    result = runner.invoke(app, ["report", "--html", str(page), "--db", str(syria_store),
                                 "--scenario", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert 'id="forecast"' in html and "Expected-utility rounds" in html
    continua = re.findall(r'<svg class="continuum".*?</svg>', html, re.S)
    assert len(continua) == 2  # one per issue
    war = ET.fromstring(continua[0])
    names = [t.text for t in war.iter("text")]
    assert {"Syria", "Russia", "Turkey", "status quo"} <= set(names)
    assert len(list(war.iter("circle"))) == 8  # the eight actors
    assert len(list(war.iter("path"))) == 4  # a diamond per model
    bars = [line for line in war.iter("line") if line.get("stroke-opacity") == "0.35"]
    assert len(bars) == 4  # each with its Monte Carlo interval
    assert len(re.findall(r'<svg class="rounds"', html)) == 2
    data = json.loads(re.search(r'id="detente-data">(.*?)</script>', html, re.S).group(1))
    assert {f["model"] for f in data["forecast"]["forecasts"]} == {
        "compromise", "median", "eum", "condorcet"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("issues: []\n")
    result = runner.invoke(app, ["report", "--html", str(page), "--db", str(syria_store),
                                 "--scenario", str(bad), "--overwrite"])
    assert result.exit_code == EXIT_STORE and "E210" in result.stderr


def test_the_dashboard_serves_the_forecast_page_and_json(syria_store):
    from detente.web import App

    result = forecast(read_scenario(EXAMPLE), issue="SYRIA_WAR")
    app_ = App(syria_store, forecast=result)
    try:
        status, kind, body = app_.respond("/api/forecast")
        assert status == 200 and kind.startswith("application/json")
        assert [f["model"] for f in json.loads(body)["forecasts"]] == [
            "compromise", "median", "eum", "condorcet"]
        status, _, page = app_.respond("/")
        assert status == 200 and b'class="continuum"' in page and b"Who governs Syria" in page
    finally:
        app_.close()
    plain = App(syria_store)
    try:
        status, _, body = plain.respond("/api/forecast")
        assert status == 404 and b"--scenario" in body
    finally:
        plain.close()


def test_move_shows_what_if_in_the_table_and_json():
    result = runner.invoke(app, ["forecast", str(EXAMPLE), "--issue", "SYRIA_WAR", "--draws",
                                 "0", "--no-leverage", "--move", "TUR=RUS", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["what_if"]
    assert [r["model"] for r in rows] == ["compromise", "median", "eum", "condorcet"]
    assert all(r["actor"] == "Turkey" and r["to"] == 47.5 for r in rows)
    assert next(r for r in rows if r["model"] == "compromise")["change"] < 0
    table = runner.invoke(app, ["forecast", str(EXAMPLE), "--draws", "0", "--no-leverage",
                                "--move", "Turkey=Russia:0.25"])
    assert table.exit_code == 0 and "what if" in table.stdout
