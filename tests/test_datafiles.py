"""Every data file is read by `detente.datafiles`: a broken YAML document or TSV table is named
with its file and line, by the API (`DataFileError.path`, `.line`) and by the CLI (E200, exit 4,
no traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.datafiles import read_tsv, read_yaml
from detente.errors import DataFileError
from detente.events.lexicon import load_chains, load_modality
from detente.ground.data import load_places

runner = CliRunner()


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "words.yaml", "first: [a, b]\nsecond: {c: 1\nthird: [d]\n")
    with pytest.raises(DataFileError) as caught:
        read_yaml(path)
    error = caught.value
    assert error.code == "E200"
    assert error.path == str(path)
    assert error.line == 3  # where the parser found the mapping unclosed
    assert str(error).startswith(f"[E200] {path} line 3: invalid YAML")
    assert "at line 2" in str(error)  # and where it was opened


def test_a_yaml_document_knows_the_line_of_every_key_and_item(tmp_path: Path) -> None:
    path = _write(tmp_path, "doc.yaml",
                  "# a comment\nnouns:\n  \"042\": [visit,\n          trip]\nlist:\n  - a\n  - b\n")
    doc = read_yaml(path)
    assert doc.line("nouns") == 2
    assert doc.line("nouns", "042") == 3
    assert doc.line("nouns", "042", 1) == 4  # "trip", on the next line of a flow list
    assert doc.line("list", 1) == 7
    assert doc.line("list", 9) == 5  # no such item: the line of the list
    assert str(doc.error("bad", "list", 0)) == f"[E200] {path} line 6: bad"


def test_a_tsv_row_with_too_many_cells_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "table.tsv", "# comment\nword\tmeaning\nwar\tx\n\nsummit\ty\textra\n")
    with pytest.raises(DataFileError) as caught:
        read_tsv(path, ("word", "meaning"))
    assert (caught.value.path, caught.value.line) == (str(path), 5)
    assert "3 tab-separated cells, the header has 2" in str(caught.value)


def test_a_tsv_header_and_an_empty_cell_are_checked(tmp_path: Path) -> None:
    path = _write(tmp_path, "table.tsv", "word\tsense\nwar\tx\n")
    with pytest.raises(DataFileError, match=r"line 1: the header lacks column.s. meaning"):
        read_tsv(path, ("word", "meaning"))
    path = _write(tmp_path, "table.tsv", "word\tmeaning\nwar\t\n")
    with pytest.raises(DataFileError, match=r"table.tsv line 2: empty meaning"):
        read_tsv(path, ("word", "meaning"), required=("meaning",))
    rows = read_tsv(path, ("word", "meaning"))
    assert [(r.line, r.cells) for r in rows] == [(2, {"word": "war", "meaning": ""})]


def test_the_stage_loaders_name_file_and_line(tmp_path: Path) -> None:
    chains = _write(tmp_path, "chains.tsv",
                    "inner\tintent\tthreat\tappeal\tdemand\trefusal\tattempt\n"
                    "04\t036\t134\t026\t106\t125\t\n"
                    "05\t032\t999\t022\t102\t120\t\n")
    with pytest.raises(DataFileError, match=r"chains.tsv line 3: '999' is not a CAMEO code"):
        load_chains(chains)
    chains.write_text("# a comment\ninner\tintent\tpromise\n04\t036\t030\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"chains.tsv line 2: unknown column.s. promise"):
        load_chains(chains)  # a column must be a chain kind (events.lexicon.CHAIN_KINDS)
    places = _write(tmp_path, "places.tsv", "name\taliases\tcountry\tlat\tlon\tkind\n"
                                            "Somewhere\t\tXX\t1\t2\tcity\n")
    with pytest.raises(DataFileError, match=r"places.tsv line 2: country 'XX'"):
        load_places(places)
    modality = _write(tmp_path, "modality.yaml", "intent: [promise]\noffer: [Offer!]\n")
    with pytest.raises(DataFileError, match=r"modality.yaml line 2: offer must be a list of words"):
        load_modality(modality)


def test_a_missing_data_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"absent.tsv: no such file"):
        read_tsv(tmp_path / "absent.tsv", ("word",))


@pytest.mark.model
def test_the_cli_names_a_broken_data_file_without_a_traceback(tmp_path: Path) -> None:
    article = _write(tmp_path, "a.txt", "Chile criticized Argentina on Monday, April 4, 2022.")
    verbs = _write(tmp_path, "verbs.yaml", '"111": [criticize]\n"042": [visit, [tour\n')
    issues = _write(tmp_path, "issues.yaml", "TRADE:\n  description: trade\n  terms: []\n")
    for option, path, line in (("--verbs", verbs, 3), ("--issues", issues, 3)):
        result = runner.invoke(app, ["analyze", str(article), "--no-store", option, str(path)])
        assert result.exit_code == 4, result.output
        assert "Traceback" not in result.output
        assert "[E200]" in result.output
        assert f"{path.name} line {line}:" in " ".join(result.output.split())
