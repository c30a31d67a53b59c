"""The CAMEO table and the event lexicons: complete, consistent, validated on load."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import DataFileError
from detente.events.lexicon import load_chains, load_modality, load_verb_patterns, parse_pattern
from detente.events.ontology import all_codes, cameo, load_cameo_table, penta_class, quad_class


def test_every_root_is_in_the_table_with_its_quad_class() -> None:
    roots = {c.root for c in all_codes()}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    assert cameo("042").quad_class == 1
    assert cameo("073").quad_class == 2
    assert cameo("094").quad_class == 2  # GDELT puts investigation (09) in material cooperation
    assert cameo("141").quad_class == 3
    assert cameo("190").quad_class == 4


def test_known_codes_carry_gdelt_goldstein_and_plover() -> None:
    assert cameo("042").name == "Make a visit"
    assert cameo("042").goldstein == 1.9
    assert cameo("042").plover == "CONSULT"
    assert cameo("163").goldstein == -8.0  # GDELT's value (Phoenix has -6.5)
    assert cameo("016").goldstein == -2.0  # GDELT's value (Phoenix has 3.4)
    assert cameo("085").plover == "RETREAT"
    assert cameo("195").goldstein == -10.0
    assert cameo("0354").plover == "AGREE"
    assert cameo("010").plover == ""  # PLOVER has no statement category


def test_codes_without_leading_zero_are_found_and_unknown_codes_raise() -> None:
    assert cameo("42").code == "042"
    with pytest.raises(KeyError):
        cameo("999")


def test_table_size_and_every_leaf_has_its_parent() -> None:
    codes = {c.code for c in all_codes()}
    assert len(codes) > 300
    for code in codes:
        if len(code) == 4:
            assert code[:3] in codes, code
        if len(code) == 3:
            assert code[:2] in codes, code


def test_penta_and_quad_class_conventions() -> None:
    assert [penta_class(f"{r:02d}0") for r in range(1, 21)] == [
        0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 3, 4, 4, 4, 4,
    ]  # fmt: skip
    assert [quad_class(f"{r:02d}") for r in (1, 5, 6, 9, 10, 14, 15, 20)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_bad_cameo_table_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "cameo.tsv"
    bad.write_text("code\tgoldstein\tplover\tplover_mode\tname\n042\tlots\tCONSULT\t\tVisit\n")
    with pytest.raises(DataFileError, match=r"cameo.tsv line 2: Goldstein"):
        load_cameo_table(bad)
    bad.write_text("code\tgoldstein\tplover\tplover_mode\tname\n042\t1.9\tCHAT\t\tVisit\n")
    with pytest.raises(DataFileError, match="unknown PLOVER type"):
        load_cameo_table(bad)


def test_verb_lexicon_reaches_every_root_with_the_common_triggers() -> None:
    verbs = load_verb_patterns()
    roots = {p.code[:2] for patterns in verbs.values() for p in patterns if p.code != "none"}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    bare = {
        lemma: p.code
        for lemma, ps in verbs.items()
        for p in ps
        if not p.elements and not p.direct_objects
    }
    for lemma, root in {
        "meet": "04", "visit": "04", "call": "04", "praise": "05", "support": "05", "accuse": "11",
        "criticize": "11", "demand": "10", "reject": "12", "threaten": "13", "protest": "14",
        "sanction": "16", "arrest": "17", "attack": "19", "fight": "19", "arm": "07", "aid": "07",
        "agree": "03", "promise": "03", "negotiate": "04", "deploy": "15",
    }.items():  # fmt: skip
        assert bare[lemma].startswith(root), lemma
    lift = [p for p in verbs["lift"] if "sanction" in p.direct_objects]
    assert lift and lift[0].code == "085"


def test_pattern_syntax_and_errors() -> None:
    pattern = parse_pattern("reach out @to", "030", where="x.yaml", line=3)
    assert pattern.lemma == "reach"
    assert [e.word for e in pattern.elements] == ["out", "to"]
    assert pattern.elements[1].target
    pattern = parse_pattern("call for +talk|dialogue", "026", where="x.yaml", line=3)
    assert pattern.elements[0].objects == {"talk", "dialogue"}
    with pytest.raises(DataFileError, match="x.yaml line 3"):
        parse_pattern("+sanction", "163", where="x.yaml", line=3)


def test_bad_verb_file_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "verbs.yaml"
    bad.write_text('"042": [visit]\n"999": [dance]\n')
    with pytest.raises(DataFileError, match="verbs.yaml line 2"):
        load_verb_patterns(bad)
    bad.write_text('"042": [visit]\n"043": [visit]\n')
    with pytest.raises(DataFileError, match="listed under 042 and 043"):
        load_verb_patterns(bad)


def test_modality_and_chain_files_load_and_validate(tmp_path: Path) -> None:
    words = load_modality()
    assert "promise" in words.intent and "would" in words.hypothetical_aux
    chains = load_chains()
    assert chains["085"]["intent"] == "0354"
    bad = tmp_path / "chains.tsv"
    bad.write_text("inner\tintent\tthreat\tappeal\tdemand\trefusal\tattempt\n085\t9999\t\t\t\t\t\n")
    with pytest.raises(DataFileError, match="chains.tsv line 2"):
        load_chains(bad)


def test_goldstein_values_agree_with_the_public_gdelt_table() -> None:
    """Our table was written from the codebook; check it against GDELT's published values."""
    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "cameo"
    path = path / "CAMEO.goldsteinscale.gdelt.txt"
    if not path.exists():
        pytest.skip(f"reference table {path} is not present on this machine")
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    published = {code: float(value) for code, value in (line.split() for line in lines if line)}
    ours = {c.code: c.goldstein for c in all_codes()}
    assert set(published) <= set(ours)
    assert {code for code, value in published.items() if ours[code] != value} == set()
