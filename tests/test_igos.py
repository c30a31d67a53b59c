"""Intergovernmental organisations are parties of their own, from the record to the analyses;
a party of no country is never a third party."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.analyse.alignment import third_party_alignment
from detente.analyse.keys import check_party
from detente.analyse.matrix import alignment_matrix
from detente.analyse.sample import event, write_events
from detente.cli import app
from detente.errors import DataFileError
from detente.evaluate import gold_country
from detente.evaluate_articles import IGO_CODES, party
from detente.igos import IGO_FILE, igo_code, igos, is_igo, load_igos
from detente.store import Store

runner = CliRunner()
ACTOR_DATA = IGO_FILE.parent


def _store(path: Path, rows: list[dict]) -> Path:
    write_events(path, rows)
    return path


def _countryless(row: dict, side: str, sector: str) -> dict:
    """The row with `side` a bare actor of no country ("the military": MIL, nothing else)."""
    row.update({f"{side}_country": None, f"{side}_sector": sector, f"{side}_code": sector,
                f"{side}_name": None, f"{side}_text": sector.lower()})
    return row


# -- the table ---------------------------------------------------------------------------------


def test_organisation_codes_and_aliases_are_no_state_codes():
    states = {line.split("\t")[0] for line in (ACTOR_DATA / "states.tsv").read_text().splitlines()
              if line and not line.startswith("#")}
    table = igos()
    assert {"UNO", "NATO", "EUR", "OPEC", "IMF", "WBK", "GCC", "ARL", "AFU", "ASN", "OAS"} <= \
        table.codes
    assert not (set(table.lookup) & states)
    assert igo_code("eu") == igo_code("EEC") == "EUR" and igo_code("U.N.") == "UNO"
    assert igo_code("TUR") is None and not is_igo("TUR")


def test_every_organisation_in_the_actor_data_has_a_code_of_the_table():
    import yaml

    groups = yaml.safe_load((ACTOR_DATA / "groups.yaml").read_text(encoding="utf-8"))
    for entry in groups:
        if entry["kind"] == "igo":  # IGO: an organisation the table has no code for
            assert is_igo(entry["country"]) or entry["country"] == "IGO", entry["name"]
    coded = {e["name"]: e["country"] for e in groups if e["kind"] == "igo"}
    assert [coded[name] for name in (
        "North Atlantic Treaty Organization", "European Union", "European Commission",
        "United Nations", "UN Security Council", "Arab League", "African Union",
        "Organization of the Petroleum Exporting Countries", "International Monetary Fund",
        "World Bank", "Gulf Cooperation Council", "Association of Southeast Asian Nations",
        "Organization of American States")] == [
        "NATO", "EUR", "EUR", "UNO", "UNO", "ARL", "AFU", "OPEC", "IMF", "WBK", "GCC", "ASN",
        "OAS"]


def test_a_bad_table_is_named_with_its_line(tmp_path):
    bad = tmp_path / "igos.tsv"
    bad.write_text("code\tname\talso\nNATO\tNorth Atlantic Treaty Organization\t\n"
                   "nato\tlower case\t\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"igos.tsv line 3: code 'nato'"):
        load_igos(bad)
    bad.write_text("code\tname\talso\nEUR\tEuropean Union\tEU\nEUX\tOther\tEU\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"igos.tsv line 3: 'EU' already stands for EUR"):
        load_igos(bad)


def test_the_gold_scorers_count_our_organisations_as_organisations():
    for code in igos().codes:
        assert code in IGO_CODES and party(code) == "IGO"
    assert party("EEC") == party("EUR") == "IGO" and party("TUR") == "TUR"
    assert gold_country("IGOEUREEC") == gold_country("NATO") == gold_country("OPEC") == "IGO"
    assert gold_country("TURGOV") == "TUR"


def test_user_actor_files_may_name_an_organisation_code(tmp_path):
    from detente.actors.loader import load_actor_file

    good = tmp_path / "mine.yaml"
    good.write_text("- {name: Allied Command, kind: igo, country: NATO, sector: MIL}\n",
                    encoding="utf-8")
    assert load_actor_file(good)[0].country == "NATO"
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {name: Somebody, kind: igo, country: NATOS}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad.yaml line 1: country must be .*'NATOS'"):
        load_actor_file(bad)


# -- the analyses --------------------------------------------------------------------------------


def _igo_rows() -> list[dict]:
    return [
        event("RUSGOV", "NATO", "112", -2.0, "2016-01-10", sentence="Moscow accused NATO."),
        event("NATOGOV", "RUSGOV", "111", -2.0, "2016-02-10", sentence="NATO criticised Moscow."),
        event("NATOMIL", "RUS", "190", -10.0, "2016-03-10", sentence="NATO jets fired."),
        event("TURGOV", "EURGOV", "036", 4.0, "2016-01-12", sentence="Ankara sought EU talks."),
        event("EUR", "TURGOV", "057", 8.0, "2016-02-12", sentence="The EU signed with Turkey."),
        event("TURGOV", "NATO", "051", 3.4, "2016-03-12", sentence="Ankara praised NATO."),
        event("USAGOV", "NATO", "051", 3.4, "2016-03-13", sentence="Washington praised NATO."),
    ]


def test_dyads_with_organisations_work_as_users_type_them(tmp_path):
    db = _store(tmp_path / "igo.duckdb", _igo_rows())
    result = runner.invoke(app, ["dyad", "RUS", "NATO", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dyad"] == ["RUS", "NATO"]
    # NATO's own, its officials' (NATOGOV) and its forces' (NATOMIL) events are all NATO's
    assert sum(row["events"] for row in report["series"]) == 3
    assert {row["source"] for row in report["series"]} == {"RUS", "NATO"}
    result = runner.invoke(app, ["dyad", "tur", "EU", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["dyad"] == ["TUR", "EUR"]
    result = runner.invoke(app, ["events", "--dyad", "TUR", "EEC", "--db", str(db),
                                 "--format", "jsonl"])
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) == 2
    result = runner.invoke(app, ["align", "--countries", "RUS,TUR,NATO", "--db", str(db),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["states"] == ["RUS", "TUR", "NATO"]


def test_an_organisation_is_one_party_and_a_third_party_of_its_own_kind(tmp_path):
    con = Store(_store(tmp_path / "igo.duckdb", _igo_rows()), read_only=True)
    assert check_party("nato") == "NATO" and check_party("EEC") == "EUR"
    align = third_party_alignment(con, "TUR", "RUS")
    rows = {r["party"]: r for r in align["third_parties"].to_dict("records")}
    assert rows["NATO"]["kind"] == "igo"  # NATOGOV, NATOMIL and NATO are one party
    assert rows["NATO"]["a_affinity"] > 0 > rows["NATO"]["b_affinity"]
    assert rows["NATO"]["side"] == "opposite"


def test_a_party_of_no_country_is_never_a_third_party(tmp_path):
    rows = [
        event("TURGOV", "USAGOV", "051", 3.4, "2016-01-10", sentence="Ankara praised the US."),
        event("GRCGOV", "USAGOV", "051", 3.4, "2016-01-11", sentence="Athens praised the US."),
    ]
    for month in range(1, 7):
        # "the military" of no stated country: Turkey backs it, Greece fights it
        rows.append(_countryless(event("TURGOV", "USAGOV", "070", 7.0, f"2016-0{month}-02",
                                       sentence=f"Ankara armed the military {month}."),
                                 "target", "MIL"))
        rows.append(_countryless(event("GRCGOV", "USAGOV", "190", -10.0, f"2016-0{month}-03",
                                       sentence=f"Athens fought the military {month}."),
                                 "target", "MIL"))
    con = Store(_store(tmp_path / "bare.duckdb", rows), read_only=True)
    align = third_party_alignment(con, "TUR", "GRC")
    assert list(align["third_parties"]["party"]) == ["USA"]
    assert align["s_score"] == 1.0  # both back the US; the bare "military" does not count
    matrix = alignment_matrix(con)
    assert matrix.scores.loc["TUR", "GRC"] == pytest.approx(1.0)
    assert int(matrix.shared.loc["TUR", "GRC"]) == 1
    # asked for by name, a country-less party is still a party of its own dyad: the military
    # Greece fights is a third party's adversary like any other
    own = third_party_alignment(con, "TUR", "MIL")
    assert sorted(own["third_parties"]["party"]) == ["GRC", "USA"]
    assert "MIL opposes GRC (observed)" in [d["text"].split(", ")[1] for d in own["drivers"]]


# -- the record ----------------------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(("text", "source", "target"), [
    ("NATO accused Russia of violating the treaty on Tuesday.", ("NATO", "NATO"), "RUS"),
    ("The European Community imposed new duties on Japanese goods.", ("EUR", "EUR"), "JPN"),
    ("The United Nations Security Council condemned Iraq's attack.", ("UNOGOV", "UNO"), "IRQ"),
    ("OPEC ministers criticised Saudi Arabia for raising output.", ("OPECGOV", "OPEC"), "SAU"),
])
def test_organisations_keep_their_own_code_in_the_record(coder, text, source, target):
    events = coder.code_text(text, date="1987-05-04")
    found = [e for e in events if e.source and e.target and e.target.country == target]
    assert found, [e.to_dict() for e in events]
    record = found[0].to_dict()
    assert (record["source"]["code"], record["source"]["country"]) == source


def test_imported_organisations_take_our_codes():
    from detente.importers.common import make_actor

    nato = make_actor("NATO", "NAT", None, "IGOWSTNAT")  # GDELT's KnownGroupCode
    assert nato is not None and (nato.code, nato.country) == ("IGOWSTNAT", "NATO")
    eec = make_actor("EUROPEAN COMMUNITY", "EEC", "GOV")
    assert eec is not None and eec.country == "EUR"
    turkey = make_actor("TURKEY", "TUR", "GOV")
    assert turkey is not None and turkey.country == "TUR"
