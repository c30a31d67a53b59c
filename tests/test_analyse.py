"""Relations analyses on constructed event sets with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import detente.analyse as analyse
from detente.analyse.api import open as open_store
from detente.analyse.sample import event, write_events
from detente.analyse.stats import change_points, t_quantile, wls_trend
from detente.errors import StoreError, UsageError
from detente.store import Store


def _db(tmp_path: Path, rows: list[dict]) -> Store:
    store = Store(tmp_path / "events.duckdb")
    write_events(store, rows)
    return store


def _monthly(source: str, target: str, cameo: str, g: float, months: list[str],
             **kw: object) -> list[dict]:
    return [event(source, target, cameo, g, f"{m}-15", sentence=f"{source} {cameo} {target} {m}",
                  **kw) for m in months]  # type: ignore[arg-type]


MONTHS_2015 = [f"2015-{m:02d}" for m in range(1, 13)]
MONTHS_2016 = [f"2016-{m:02d}" for m in range(1, 13)]


def _warming(a: str = "TURGOV", b: str = "RUSGOV") -> list[dict]:
    """Hostile in late 2015, cooperative from mid 2016."""
    return [
        event("TURCVL", b, "141", -6.5, "2015-11-27", sentence="Crowds in Istanbul protested.",
              plover="PROTEST"),
        event(b, a, "112", -2.0, "2015-12-02", sentence="Moscow accused Ankara.",
              plover="ACCUSE"),
        event(b, a, "163", -8.0, "2015-12-20", sentence="Russia imposed sanctions.",
              plover="SANCTION"),
        event(b, a, "051", 3.4, "2016-07-16", sentence="Moscow praised Ankara.", plover="SUPPORT"),
        event(b, a, "042", 1.9, "2016-07-17", sentence="The president called.", plover="CONSULT"),
        event(a, b, "043", 2.8, "2016-08-09", sentence="The leaders met.", plover="CONSULT"),
        event(b, a, "081", 5.0, "2016-08-10", sentence="Russia lifted sanctions.",
              plover="CONCEDE"),
    ]


def _opposed_in_syria() -> list[dict]:
    return [
        event("TURGOV", "SYRREB", "070", 7.0, "2016-08-01", sentence="Ankara armed the rebels.",
              issues=("SYRIA",), plover="AID"),
        event("RUSMIL", "SYRGOV", "070", 7.0, "2016-08-01", sentence="Moscow armed Damascus.",
              issues=("SYRIA",), plover="AID"),
        event("SYRREB", "SYRGOV", "190", -10.0, "2016-08-02", sentence="Rebels attacked.",
              issues=("SYRIA",), plover="ASSAULT"),
        event("TURMIL", "TURREB", "190", -10.0, "2016-06-02", sentence="The army fought.",
              issues=("KURDS",), plover="ASSAULT"),
        event("RUSGOV", "TURREB", "040", 1.0, "2016-06-03", sentence="Moscow hosted them.",
              issues=("KURDS",), plover="CONSULT"),
    ]


def _together_in_syria() -> list[dict]:
    return [
        event("TURGOV", "SYRGOV", "070", 7.0, "2016-08-01", sentence="Ankara aided Damascus.",
              issues=("SYRIA",), plover="AID"),
        event("RUSMIL", "SYRGOV", "070", 7.0, "2016-08-01", sentence="Moscow armed Damascus.",
              issues=("SYRIA",), plover="AID"),
        event("TURMIL", "IMG:ISIS", "190", -10.0, "2016-08-03", sentence="Turkey hit ISIS.",
              issues=("SYRIA",), plover="ASSAULT"),
        event("RUSMIL", "IMG:ISIS", "190", -10.0, "2016-08-04", sentence="Russia hit ISIS.",
              issues=("SYRIA",), plover="ASSAULT"),
        event("TURGOV", "USAGOV", "112", -2.0, "2016-08-05", sentence="Ankara blamed Washington.",
              plover="ACCUSE"),
        event("RUSGOV", "USAGOV", "112", -2.0, "2016-08-05", sentence="Moscow blamed Washington.",
              plover="ACCUSE"),
    ]


def test_series_counts_sums_and_directions(tmp_path: Path) -> None:
    con = _db(tmp_path, _warming())
    series = analyse.dyad_series(con, "TUR", "RUS")
    dec = series[(series["period"].astype(str) == "2015-12-01")]
    assert list(dec["direction"]) == ["B->A"]
    assert int(dec["events"].iloc[0]) == 2
    assert dec["goldstein_sum"].iloc[0] == pytest.approx(-10.0)
    assert dec["goldstein_mean"].iloc[0] == pytest.approx(-5.0)
    assert (int(dec["q3"].iloc[0]), int(dec["q4"].iloc[0])) == (1, 1)
    # PLOVER intensity: mean of ACCUSE (-3) and SANCTION (-6).
    assert dec["plover_intensity"].iloc[0] == pytest.approx(-4.5)
    nov = series[series["period"].astype(str) == "2015-11-01"]
    assert list(nov["direction"]) == ["A->B"]  # a Turkish crowd counts as Turkey
    yearly = analyse.dyad_series(con, "RUS", "TUR", by="year")
    assert yearly.groupby("period")["events"].sum().tolist() == [3, 4]
    assert set(yearly["direction"]) == {"A->B", "B->A"}


def test_series_filters_modality_negation_dates_and_history(tmp_path: Path) -> None:
    rows = _warming() + [
        event("RUSGOV", "TURGOV", "057", 8.0, "2016-08-11", modality="intended"),
        event("RUSGOV", "TURGOV", "057", 8.0, "2016-08-11", negated=True, sentence="not"),
        event("RUSGOV", "TURGOV", "057", 8.0, None, sentence="undated"),
        event("RUSGOV", "TURGOV", "057", 8.0, "1970-01-01", date_precision="decade"),
    ]
    con = _db(tmp_path, rows)
    series = analyse.dyad_series(con, "TUR", "RUS")
    assert int(series["events"].sum()) == 7
    only_2016 = analyse.dyad_series(con, "TUR", "RUS", since="2016-01-01", until="2016-07-31")
    assert int(only_2016["events"].sum()) == 2
    with pytest.raises(UsageError):
        analyse.dyad_series(con, "TUR", "RUS", by="week")


def test_rebels_and_government_are_different_parties(tmp_path: Path) -> None:
    con = _db(tmp_path, _opposed_in_syria())
    assert analyse.dyad_series(con, "SYRREB", "SYR")["events"].sum() == 1
    assert analyse.dyad_series(con, "TUR", "SYR").empty


def test_t_quantile_matches_tables() -> None:
    assert t_quantile(0.975, 1) == pytest.approx(12.706, abs=1e-3)
    assert t_quantile(0.975, 2) == pytest.approx(4.303, abs=1e-3)
    assert t_quantile(0.975, 3) == pytest.approx(3.182, abs=5e-3)
    assert t_quantile(0.975, 5) == pytest.approx(2.571, abs=1e-3)
    assert t_quantile(0.975, 30) == pytest.approx(2.042, abs=1e-3)


def test_trend_recovers_known_slope_and_its_interval() -> None:
    rng = np.random.default_rng(7)
    t = np.arange(24) / 12 + 2000
    n = np.full(24, 30)
    means = 1.5 * (t - t[0])  # +1.5 Goldstein points per year
    values = [m + rng.normal(0, 2, size=k) for m, k in zip(means, n, strict=True)]
    total = np.array([v.sum() for v in values])
    sumsq = np.array([(v**2).sum() for v in values])
    trend = wls_trend(t, n, total, sumsq)
    assert trend.low < 1.5 < trend.high
    assert trend.direction == "up"
    flat = wls_trend(t, n, np.array([v.sum() - m * 30 for v, m in zip(values, means,
                                                                      strict=True)]), sumsq)
    assert flat.direction == "flat"
    assert wls_trend(t[:1], n[:1], total[:1], sumsq[:1]).slope is None


def test_change_point_found_where_the_mean_shifts() -> None:
    n = np.full(10, 5.0)
    means = np.array([-4.0] * 6 + [3.0] * 4)
    rng = np.random.default_rng(1)
    values = [m + rng.normal(0, 1, 5) for m in means]
    found = change_points(n, np.array([v.sum() for v in values]),
                          np.array([(v**2).sum() for v in values]))
    assert [c.index for c in found] == [6]
    assert found[0].shift == pytest.approx(7.0, abs=1.0)
    steady = [rng.normal(0, 1, 5) for _ in range(10)]
    assert change_points(n, np.array([v.sum() for v in steady]),
                         np.array([(v**2).sum() for v in steady])) == []


def test_third_party_alignment_finds_the_split_over_syria(tmp_path: Path) -> None:
    con = _db(tmp_path, _warming() + _opposed_in_syria())
    result = analyse.third_party_alignment(con, "TUR", "RUS")
    table = result["third_parties"].set_index("party")
    assert table.loc["SYRREB", "side"] == "opposite"
    assert table.loc["SYRREB", "a_affinity"] > 0 and not table.loc["SYRREB", "a_inferred"]
    assert table.loc["SYRREB", "b_inferred"]  # Russia's stance comes from backing SYR
    assert table.loc["SYR", "b_affinity"] > 0
    assert result["kappa"] is not None and result["kappa"] < 0
    assert any("TUR backs SYRREB" in d["text"] for d in result["drivers"])


def test_issue_alignment_same_opposite_and_not_both(tmp_path: Path) -> None:
    rows = _opposed_in_syria() + [
        event("TURGOV", "CYP", "112", -2.0, "2016-05-01", issues=("CYPRUS",)),
    ]
    con = _db(tmp_path, rows)
    issues = analyse.issue_alignment(con, "TUR", "RUS").set_index("issue")
    assert issues.loc["SYRIA", "relation"] == "opposite"
    assert issues.loc["KURDS", "relation"] == "opposite"
    assert issues.loc["CYPRUS", "relation"] == "not both"
    together = Store(tmp_path / "together.duckdb")
    write_events(together, _together_in_syria())
    assert analyse.issue_alignment(together, "TUR", "RUS").set_index("issue").loc[
        "SYRIA", "relation"] == "same"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rapprochement", "rapprochement"),
        ("realignment", "realignment"),
        ("estrangement", "estrangement"),
        ("cooperation", "stable cooperation"),
        ("rivalry", "stable rivalry"),
        ("thin", "insufficient evidence"),
        ("still hostile", "stable rivalry"),
    ],
)
def test_verdict_on_constructed_sets(tmp_path: Path, name: str, expected: str) -> None:
    rows = {
        "rapprochement": _warming() + _opposed_in_syria(),
        "realignment": _warming() + _together_in_syria(),
        "estrangement": _monthly("TURGOV", "RUSGOV", "042", 2.0, MONTHS_2015[:6])
        + _monthly("RUSGOV", "TURGOV", "057", 4.0, MONTHS_2015[:6])
        + _monthly("RUSGOV", "TURGOV", "163", -8.0, MONTHS_2015[8:])
        + _monthly("TURGOV", "RUSGOV", "111", -2.0, MONTHS_2015[8:])
        + _opposed_in_syria(),
        "cooperation": _monthly("TURGOV", "AZEGOV", "042", 1.9, MONTHS_2015 + MONTHS_2016)
        + _monthly("AZEGOV", "TURGOV", "051", 3.4, MONTHS_2015 + MONTHS_2016)
        + _monthly("TURGOV", "AZEGOV", "061", 6.4, MONTHS_2016[:6]),
        "rivalry": _monthly("ARMGOV", "AZEGOV", "111", -2.0, MONTHS_2015)
        + _monthly("AZEGOV", "ARMMIL", "190", -10.0, (MONTHS_2015 + MONTHS_2016)[::3])
        + _monthly("ARMGOV", "AZEGOV", "112", -2.0, MONTHS_2016),
        "thin": _warming()[:2],
        "still hostile": _monthly("ARMGOV", "AZEGOV", "190", -10.0, MONTHS_2015)
        + _monthly("ARMGOV", "AZEGOV", "112", -2.0, MONTHS_2016),
    }[name]
    dyad = {"cooperation": ("TUR", "AZE"), "rivalry": ("ARM", "AZE"),
            "still hostile": ("ARM", "AZE")}.get(name, ("TUR", "RUS"))
    con = _db(tmp_path, rows)
    report = analyse.dyad_report(con, *dyad)
    verdict = report["verdict"]
    assert verdict["label"] == expected, json.dumps(verdict["reasons"], indent=1)
    assert verdict["reasons"]
    ids = {e["id"] for e in verdict["evidence"]}
    for reason in verdict["reasons"]:
        assert set(reason["evidence"]) <= ids
    for item in verdict["evidence"]:
        assert item["sentence"] and item["date"] and item["cameo"] and item["doc_id"]
    if expected in ("rapprochement", "realignment", "estrangement"):
        # The direction claim quotes events from both sides of the change.
        direction = verdict["reasons"][0]
        assert len(direction["evidence"]) >= 2
    json.dumps(report)  # the whole report is JSON


def test_rapprochement_reasons_name_the_split_and_its_events(tmp_path: Path) -> None:
    con = _db(tmp_path, _warming() + _opposed_in_syria())
    verdict = analyse.dyad_report(con, "TUR", "RUS")["verdict"]
    claims = {r["claim"]: r for r in verdict["reasons"]}
    assert "opposite sides on SYRIA" in claims
    syria = claims["opposite sides on SYRIA"]
    sentences = {e["id"]: e["sentence"] for e in verdict["evidence"]}
    quoted = {sentences[i] for i in syria["evidence"]}
    assert "Ankara armed the rebels." in quoted and "Moscow armed Damascus." in quoted
    assert verdict["direction"] == "warming" and verdict["alignment"] == "divergent"
    assert all(r["evidence"] for r in verdict["reasons"]), "a reason without its events"


def test_alignment_matrix_and_blocs(tmp_path: Path) -> None:
    rows: list[dict] = []
    west, east, targets = ["USA", "GBR", "FRA"], ["RUS", "CHN", "IRN"], ["UKR", "SYR", "ISR"]
    for s in west:
        rows += _monthly(f"{s}GOV", "UKRGOV", "070", 7.0, MONTHS_2016[:3])
        rows += _monthly(f"{s}GOV", "SYRGOV", "163", -8.0, MONTHS_2016[:3])
        rows += _monthly(f"{s}GOV", "ISRGOV", "042", 1.9, MONTHS_2016[:3])
    for s in east:
        rows += _monthly(f"{s}GOV", "UKRGOV", "112", -2.0, MONTHS_2016[:3])
        rows += _monthly(f"{s}GOV", "SYRGOV", "070", 7.0, MONTHS_2016[:3])
        rows += _monthly(f"{s}GOV", "ISRGOV", "111", -2.0, MONTHS_2016[:3])
    con = _db(tmp_path, rows)
    from detente.analyse.matrix import alignment_matrix

    result = alignment_matrix(con)
    scores = result.scores
    assert scores.loc["USA", "GBR"] > 0.9 and scores.loc["USA", "RUS"] < 0.6
    bloc = dict(zip(result.blocs["state"], result.blocs["bloc"], strict=True))
    assert bloc["USA"] == bloc["GBR"] == bloc["FRA"]
    assert bloc["RUS"] == bloc["CHN"] == bloc["IRN"]
    assert bloc["USA"] != bloc["RUS"]
    assert set(targets) <= set(scores.index)


def test_api_opens_a_store_read_only(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    write_events(path, _warming() + _opposed_in_syria())
    with open_store(path) as db:
        assert int(db.dyad("TUR", "RUS")["events"].sum()) == 7
        assert db.verdict("TUR", "RUS")["label"] == "rapprochement"
        events = db.events(dyad=("TUR", "RUS"))
        assert len(events) == 7 and events["sentence"].str.len().min() > 0
        assert "TUR" in db.alignment().index
        matrix = db.matrix()
        assert list(matrix.scores.index) == list(matrix.blocs["state"])
    with pytest.raises(StoreError):
        open_store(tmp_path / "missing.duckdb")


def test_countryless_actors_are_told_apart_by_name(tmp_path: Path) -> None:
    """Rebels with no country: Kurdish fighters and Syrian rebels are different parties, so
    Turkey fighting one and arming the other is not averaged away."""
    rows = _warming() + [
        event("TURGOV", "REB", "070", 7.0, "2016-08-01", issues=("SYRIA",),
              sentence="Ankara armed the rebels."),
        event("TURMIL", "REB:Kurds", "190", -10.0, "2016-08-01", issues=("SYRIA",),
              sentence="The army fought Kurdish fighters."),
        event("REB", "SYRGOV", "190", -10.0, "2016-08-02", issues=("SYRIA",),
              sentence="Rebels attacked the army."),
        event("RUSMIL", "SYRGOV", "070", 7.0, "2016-08-01", issues=("SYRIA",),
              sentence="Moscow armed Damascus."),
    ]
    con = _db(tmp_path, rows)
    events = analyse.counted_events(con, parties=["TUR"])
    assert {"REB", "REB:Kurds"} <= set(events["target"])
    issues = analyse.issue_alignment(con, "TUR", "RUS").set_index("issue")
    assert issues.loc["SYRIA", "through_third_parties"] == "opposite"
    assert any("TUR backs REB, RUS backs SYR" in r for r in issues.loc["SYRIA", "reasons"])


def test_direct_cooperation_on_an_issue_is_not_alignment(tmp_path: Path) -> None:
    """Warming with many cooperative TUR-RUS events tagged with issues, while their stances
    toward third parties are opposed: still a rapprochement, not a realignment."""
    friendly = [event("RUSGOV", "TURGOV", "061", 6.4, f"2016-08-{d:02d}", issues=("ENERGY",),
                      sentence=f"Pipeline talks {d}.") for d in range(10, 20)]
    con = _db(tmp_path, _warming() + _opposed_in_syria() + friendly)
    report = analyse.dyad_report(con, "TUR", "RUS")
    issues = {r["issue"]: r for r in report["alignment"]["issues"]}
    assert issues["ENERGY"]["relation"] == "same"
    assert issues["ENERGY"]["through_third_parties"] == "none"
    assert report["verdict"]["label"] == "rapprochement"


def test_armed_challengers_are_at_odds_with_their_state_by_default(tmp_path: Path) -> None:
    rows = [
        event("TURGOV", "SYRREB", "070", 7.0, "2016-08-01", issues=("SYRIA",),
              sentence="Ankara armed the rebels."),
        event("RUSMIL", "SYRGOV", "070", 7.0, "2016-08-01", issues=("SYRIA",),
              sentence="Moscow armed Damascus."),
        event("USAGOV", "SYROPP", "042", 1.9, "2016-08-01", sentence="Envoys met the opposition."),
    ]
    con = _db(tmp_path, rows)
    rel = analyse.party_network(con)
    pos = rel.index()
    assert rel.affinity()[pos["SYRREB"], pos["SYR"]] < 0  # no event, the definition links them
    assert rel.count[pos["SYROPP"], pos["SYR"]] == 0  # the opposition: no event, no link
    issues = analyse.issue_alignment(con, "TUR", "RUS").set_index("issue")
    assert issues.loc["SYRIA", "through_third_parties"] == "opposite"


def test_party_match_agrees_with_party_expression(tmp_path: Path) -> None:
    """The raw-column test used to select rows fast must select exactly the events whose
    party expression names that party, for every kind of party."""
    from detente.store.sql import party_match_sql, party_sql

    actors = ["TURGOV", "TUR", "TURREB", "SYRREB", "SYRMIL", "IGO:NATO", "IMG:ISIS", "REB",
              "REB:Kurds", "WST", "NATO", "NATOMIL", "EURGOV", "UNOREF", None]
    rows = [event(s, t, "042", 1.9, "2016-01-01", sentence=f"{s}-{t}")
            for s in actors for t in actors if s != t]
    con = _db(tmp_path, rows).con
    parties = {r[0] for r in con.execute(f"SELECT {party_sql('source')} FROM events").fetchall()}
    assert {"TUR", "TURREB", "SYRREB", "SYR", "IGO:NATO", "IMG:ISIS", "REB", "REB:Kurds",
            "WST", "NATO", "EUR", "UNO"} <= parties
    assert "NATOMIL" not in parties and "UNOREF" not in parties  # an organisation is one party
    for party in parties - {None}:
        match, params = party_match_sql("source", party)
        by_match = con.execute(f"SELECT count(*) FROM events WHERE {match}", params).fetchone()
        by_expr = con.execute(f"SELECT count(*) FROM events WHERE {party_sql('source')} = ?",
                              [party]).fetchone()
        assert by_match == by_expr, party
    # the same rule applied to records in hand (the terminal's dyad table) names the same party
    from detente.analyse.keys import party_of

    stored = con.execute(f"SELECT source_country, source_sector, source_code, source_name, "
                         f"{party_sql('source')} FROM events").fetchall()
    for country, sector, code, name, expected in stored:
        actor = {"country": country, "sector": sector, "code": code, "name": name}
        assert party_of(actor) == expected, actor


def test_realignment_when_alignment_turns_with_the_warming(tmp_path: Path) -> None:
    """Opposed over third parties while hostile, on the same side of all of them after the
    thaw: a realignment (alignment rising), not a rapprochement."""
    early, late = MONTHS_2015[:6], MONTHS_2016[6:]
    rows = (_monthly("TURGOV", "RUSGOV", "112", -2.0, MONTHS_2015[:8])
            + _monthly("RUSGOV", "TURGOV", "163", -8.0, MONTHS_2015[:8])
            + _monthly("TURGOV", "RUSGOV", "057", 8.0, late)
            + _monthly("RUSGOV", "TURGOV", "061", 6.4, late))
    for third, g_tur, g_rus in (("UKRGOV", 7.0, -8.0), ("GEOGOV", 7.0, -8.0),
                                ("ISRGOV", -8.0, 7.0)):
        rows += _monthly("TURGOV", third, "070" if g_tur > 0 else "163", g_tur, early)
        rows += _monthly("RUSGOV", third, "070" if g_rus > 0 else "163", g_rus, early)
    for third, g in (("SYRGOV", 7.0), ("IRNGOV", 7.0), ("USAGOV", -2.0), ("UKRGOV", -8.0)):
        for state in ("TURGOV", "RUSGOV"):
            rows += _monthly(state, third, "070" if g > 0 else "112", g, late)
    con = _db(tmp_path, rows)
    verdict = analyse.dyad_report(con, "TUR", "RUS")["verdict"]
    claims = [r["claim"] for r in verdict["reasons"]]
    assert verdict["label"] == "realignment", claims
    assert "alignment rising" in claims
    rising = next(r for r in verdict["reasons"] if r["claim"] == "alignment rising")
    assert rising["evidence"]
