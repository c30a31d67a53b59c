"""A user's verb lexicon (`detente analyze --verbs FILE`): our YAML format and PETRARCH verb
dictionaries, merged over ours, used by the coder, named in each event's `rule`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import DataFileError
from detente.events.lexicon import default_lexicon, load_verb_lexicon, merge_verbs

runner = CliRunner()

# Our own lexicon: a verb the shipped lexicon does not know, and a pattern with a particle.
OURS = """# a lexicon of our own, for the tests
"051": [serenade]
"1122": [pester about +tariff|quota]
"""
# Our own dictionary in the PETRARCH/TABARI verb format.
PETRARCH = """<!-- a small CAMEO-coded verb dictionary,
     written for these tests -->
&PUNISH
+ECONOMIC SANCTIONS
+EMBARGO

--- SNUB [---] ---
SNUB {SNUBBED SNUBS}
- * OVER &PUNISH [1121]   # the object names the issue
- * WITH +  [1122]
- SAID * [112]            # words before the verb: not expressible, skipped

--- SERENADE [051] ---
SERENADE
"""


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_our_yaml_format_is_read_and_bad_lines_are_named(tmp_path):
    verbs = load_verb_lexicon(_file(tmp_path, "mine.yaml", OURS))
    assert [p.code for p in verbs["serenade"]] == ["051"]
    assert verbs["pester"][0].entry == "mine.yaml:pester about +tariff|quota"
    bad = _file(tmp_path, "bad.yaml", '"051": [serenade]\n"0999": [hector]\n')
    with pytest.raises(DataFileError, match=r"bad.yaml line 2: '0999' is not a CAMEO code"):
        load_verb_lexicon(bad)
    bad = _file(tmp_path, "bad2.yaml", '"051": [serenade,\n        pester +]\n')
    with pytest.raises(DataFileError, match=r"bad2.yaml line 2: bad object list"):
        load_verb_lexicon(bad)
    with pytest.raises(DataFileError, match=r"missing.yaml: no such verb lexicon file"):
        load_verb_lexicon(tmp_path / "missing.yaml")


def test_a_petrarch_dictionary_becomes_our_patterns(tmp_path):
    verbs = load_verb_lexicon(_file(tmp_path, "cameo.verbs", PETRARCH))
    snub = {p.text: p for p in verbs["snub"]}  # a synset phrase names its last word
    assert set(snub) == {"snub over +embargo|sanction|sanctions", "snub @with"}
    assert snub["snub over +embargo|sanction|sanctions"].code == "1121"
    assert snub["snub @with"].elements[0].target
    # the pattern names the file and the line it was written on
    assert snub["snub @with"].entry == "cameo.verbs:10:snub @with"
    assert [(p.text, p.code) for p in verbs["serenade"]] == [("serenade", "051")]


@pytest.mark.parametrize(("text", "message"), [
    ("- * OVER +  [1121]\n", r"x.verbs line 1: .* comes before any '--- VERB \[CODE\] ---'"),
    ("--- SNUB [345] ---\nSNUB\n", r"x.verbs line 1: '345' is not a CAMEO code"),
    ("--- SNUB [120] ---\nSNUB\n- * WITH +\n", r"x.verbs line 3: pattern .* has no \[CODE\]"),
    ("--- SNUB 120 ---\n", r"x.verbs line 1: a verb block starts"),
    ("&PUNISH\n+EMBARGO\n", r"x.verbs: no verb block"),
])
def test_a_bad_petrarch_dictionary_is_named_with_its_line(tmp_path, text, message):
    with pytest.raises(DataFileError, match=message):
        load_verb_lexicon(_file(tmp_path, "x.verbs", text))


@pytest.mark.shared
def test_a_weis_coded_dictionary_is_refused_naming_the_line(shared_file):
    path = shared_file("data", "petrarch2", "dictionaries", "PETR.Validate.verbs.txt")
    with pytest.raises(DataFileError, match=r"Validate.verbs.txt line \d+: '\d+' is not a CAMEO"):
        load_verb_lexicon(path)


def test_a_users_pattern_replaces_ours_written_the_same_way_and_wins_ties(tmp_path):
    ours = default_lexicon()[0]
    assert any(p.text == "snub" for p in ours["snub"])
    mine = load_verb_lexicon(_file(tmp_path, "mine.yaml", '"1121": [snub]\n"0311": [reward]\n'))
    merged = merge_verbs(ours, mine)
    assert [p.code for p in merged["snub"] if p.text == "snub"] == ["1121"]
    assert merged["reward"][0].source == "mine.yaml"
    assert ours["snub"] != merged["snub"]  # ours are left as they were


@pytest.mark.model
def test_a_new_verb_codes_an_event_it_did_not_before(nlp, coder, tmp_path):
    from detente.pipeline import Coder

    mine = _file(tmp_path, "mine.yaml", OURS)
    text = "Chile serenaded Argentina on Monday. Japan pestered the United States about quotas."
    before = coder.code_text(text, date="2022-04-05")
    after = Coder(nlp=nlp, verb_files=[mine]).code_text(text, date="2022-04-05")
    assert not [e for e in before if e.trigger in {"serenaded", "pestered"}]
    found = {(e.source.country, e.cameo, e.target.country, e.rule)
             for e in after if e.source and e.target}
    assert ("CHL", "051", "ARG", "verb:mine.yaml:serenade") in found
    assert ("JPN", "1122", "USA", "verb:mine.yaml:pester about +tariff|quota") in found


@pytest.mark.model
def test_a_petrarch_pattern_codes_what_ours_code_otherwise(nlp, coder, tmp_path):
    from detente.pipeline import Coder

    dictionary = _file(tmp_path, "cameo.verbs", PETRARCH)
    text = "Brazil snubbed Argentina over the embargo."
    before = {(e.cameo, e.rule) for e in coder.code_text(text, date="2022-04-05")}
    after = {(e.cameo, e.rule)
             for e in Coder(nlp=nlp, verb_files=[dictionary]).code_text(text, date="2022-04-05")}
    assert ("1121", "verb:cameo.verbs:9:snub over +embargo|sanction|sanctions") in after
    assert not any(code == "1121" for code, _ in before)


@pytest.mark.slow
@pytest.mark.model
def test_analyze_takes_verbs_and_names_a_bad_file(tmp_path):
    article = _file(tmp_path, "a.txt", "Chile serenaded Argentina on Monday, April 4, 2022.")
    mine = _file(tmp_path, "mine.yaml", OURS)
    result = runner.invoke(app, ["analyze", str(article), "--verbs", str(mine), "--no-store",
                                 "--format", "jsonl", "--date", "2022-04-05"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert any(r["cameo"] == "051" and r["rule"] == "verb:mine.yaml:serenade" for r in records)
    bad = _file(tmp_path, "bad.yaml", '"051": [serenade]\n"0999": [hector]\n')
    result = runner.invoke(app, ["analyze", str(article), "--verbs", str(bad), "--no-store"])
    assert result.exit_code == 4
    assert "bad.yaml line 2" in result.output and "Traceback" not in result.output
