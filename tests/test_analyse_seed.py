"""The seed article, coded and stored end to end, read as an analyst would: a rapprochement
between Turkey and Russia, not a realignment (warming since late 2015 while their interests stay
opposed). Skipped when the reference data beside the repository is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.analyse import dyad_report
from detente.store import Store

pytestmark = [pytest.mark.model, pytest.mark.shared]


@pytest.fixture(scope="module")
def seed_report(coder, shared_file, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from detente.pipeline import analyze

    path = shared_file("seed", "000_a488dd144c49220e.txt")
    db = Path(tmp_path_factory.mktemp("seed")) / "seed.duckdb"
    analyze([str(path)], db=db, coder=coder)
    con = Store(db, read_only=True)
    try:
        return dyad_report(con, "TUR", "RUS")
    finally:
        con.close()


def test_seed_verdict_is_rapprochement_not_realignment(seed_report: dict) -> None:
    verdict = seed_report["verdict"]
    reasons = "\n".join(f"{r['claim']}: {r['text']}" for r in verdict["reasons"])
    assert verdict["label"] == "rapprochement", reasons
    assert verdict["direction"] == "warming"
    assert verdict["alignment"] != "aligned"


def test_seed_reasons_show_the_warming_and_the_opposed_interests(seed_report: dict) -> None:
    verdict = seed_report["verdict"]
    claims = [r["claim"] for r in verdict["reasons"]]
    assert claims[0] == "warming"
    evidence = {e["id"]: e for e in verdict["evidence"]}
    warming = [evidence[i] for i in verdict["reasons"][0]["evidence"]]
    # Hostile events of late 2015 before, cooperative ones of summer 2016 after.
    assert any(e["date"] < "2016-01-01" and e["goldstein"] < 0 for e in warming)
    assert any(e["date"] >= "2016-07-01" and e["goldstein"] > 0 for e in warming)
    opposed = [r for r in verdict["reasons"] if r["claim"].startswith("opposite sides on")]
    assert opposed, "no issue on which Turkey and Russia are on opposite sides"
    for reason in opposed:
        assert reason["evidence"] and all(evidence[i]["sentence"] for i in reason["evidence"])


def test_seed_caucasus_split_is_read_through_the_conflict_between_third_parties(
    seed_report: dict,
) -> None:
    # "in the simmering conflict between Armenia and Azerbaijan, Turkey backs its kin in
    # Azerbaijan whereas Russia keeps a base in Armenia": the standing conflict is what puts
    # the two third parties at odds, and so Turkey and Russia on opposite sides
    texts = "\n".join(r["text"] for r in seed_report["verdict"]["reasons"])
    assert "TUR backs AZE, RUS backs ARM (AZE and ARM are at odds)" in texts, texts
