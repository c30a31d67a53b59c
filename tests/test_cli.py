"""`detente analyze` and `detente events` end to end, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import EXIT_NOTHING, EXIT_PARTIAL, app

pytestmark = pytest.mark.model
runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "japan-korea-thaw.txt"

GOOD = (
    "Chilean President Gabriel Boric met Argentine President Alberto Fernandez in Santiago on "
    "April 4, 2022. The two presidents signed an agreement on border crossings."
)


def run(*args: str):
    return runner.invoke(app, list(args))


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.mark.slow
def test_jsonl_output_is_only_event_records(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "detente.cli", "analyze", str(EXAMPLE), "--format", "jsonl",
         "--db", str(tmp_path / "d.duckdb")],
        capture_output=True, text=True, check=True, env={**os.environ, "COLUMNS": "120"},
    )
    records = jsonl(result.stdout)
    assert len(records) >= 10
    required = {"id", "doc_id", "sentence_index", "sentence", "source", "target", "cameo", "root",
                "quad_class", "goldstein", "plover", "date", "date_precision", "date_text",
                "place", "negated", "modality", "issues", "trigger"}
    for record in records:
        assert required <= record.keys()
        assert record["doc_id"] == str(EXAMPLE)
        assert record["cameo"].startswith(record["root"]) and len(record["root"]) == 2
        assert record["quad_class"] in (1, 2, 3, 4)
        assert record["modality"] in ("asserted", "intended", "hypothetical", "reported", "denied")
        assert not (record["negated"] and record["modality"] == "asserted")


@pytest.mark.slow
def test_the_example_article_gives_the_events_an_analyst_expects(tmp_path):
    result = run("analyze", str(EXAMPLE), "--format", "jsonl", "--db", str(tmp_path / "d.duckdb"))
    assert result.exit_code == 0, result.output
    events = jsonl(result.stdout)

    def has(source: str, target: str, root: str, date_prefix: str | None = None) -> bool:
        return any(
            (e["source"] or {}).get("country") == source
            and (e["target"] or {}).get("country") == target
            and e["root"] == root
            and e["modality"] == "asserted"
            and (date_prefix is None or (e["date"] or "").startswith(date_prefix))
            for e in events
        )

    assert has("KOR", "JPN", "04", "2023-03-16")  # Yoon met Kishida in Tokyo
    assert has("JPN", "KOR", "16", "2019")  # export restrictions, removal from the list
    assert has("KOR", "JPN", "14")  # demonstrators protested outside the embassy
    assert has("CHN", None, "11", "2023-08")  # China criticized the summit (no state named)
    # "Kishida did not apologize" is never an asserted apology
    assert not any(e["trigger"].lower().startswith("apolog") and e["modality"] == "asserted"
                   for e in events)


@pytest.mark.slow
def test_analyze_twice_stores_nothing_new_and_ids_are_stable(tmp_path):
    db = str(tmp_path / "d.duckdb")
    first = run("analyze", str(EXAMPLE), "--format", "jsonl", "--db", db)
    second = run("analyze", str(EXAMPLE), "--format", "jsonl", "--db", db, "--no-store")
    assert [e["id"] for e in jsonl(first.stdout)] == [e["id"] for e in jsonl(second.stdout)]
    again = run("analyze", str(EXAMPLE), "--db", db)
    assert again.exit_code == 0
    assert "0 new event mentions" in again.stdout and "1 documents unchanged" in again.stdout
    stored = run("events", "--db", db, "--format", "jsonl")
    assert len(jsonl(stored.stdout)) >= 10


@pytest.mark.slow
def test_events_query_by_dyad_in_each_format(tmp_path):
    db = str(tmp_path / "d.duckdb")
    run("analyze", str(EXAMPLE), "--db", db)
    records = jsonl(run("events", "--db", db, "--dyad", "JPN", "KOR", "--format", "jsonl").stdout)
    assert records and all(
        {(r["source"] or {}).get("country"), (r["target"] or {}).get("country")} == {"JPN", "KOR"}
        for r in records
    )
    csv_out = run("events", "--db", db, "--dyad", "JPN", "KOR", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("id,event_key,doc_id")
    assert len(csv_out.splitlines()) == len(records) + 1
    table = run("events", "--db", db, "--dyad", "KOR", "JPN")
    assert table.exit_code == 0 and "KOR" in table.stdout
    parquet = tmp_path / "e.parquet"
    run("events", "--db", db, "--format", "parquet", "--output", str(parquet))
    assert parquet.stat().st_size > 0


@pytest.mark.slow
def test_bad_inputs_are_named_and_the_good_ones_still_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (folder / "latin1.txt").write_bytes("Die Pr\xe4sidenten trafen sich.".encode("latin-1"))
    db = str(tmp_path / "d.duckdb")
    result = run("analyze", str(folder), str(tmp_path / "missing.txt"), "--db", db)
    assert result.exit_code == EXIT_PARTIAL
    messages = result.stderr
    for name in ("empty.txt", "binary.txt", "latin1.txt", "missing.txt"):
        assert name in messages
    stored = jsonl(run("events", "--db", db, "--format", "jsonl").stdout)
    assert stored and {e["doc_id"] for e in stored} == {str(folder / "good.txt")}
    # a second run keeps what was stored and adds nothing
    run("analyze", str(folder), "--db", db)
    assert len(jsonl(run("events", "--db", db, "--format", "jsonl").stdout)) == len(stored)


@pytest.mark.slow
def test_nothing_codable_exits_with_its_own_code(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    result = run("analyze", str(empty), "--no-store")
    assert result.exit_code == EXIT_NOTHING
    assert "empty.txt" in result.stderr


@pytest.mark.slow
def test_stdin_and_publication_date_option(tmp_path):
    result = runner.invoke(
        app, ["analyze", "-", "--no-store", "--format", "jsonl", "--date", "2022-04-05"],
        input="Chile accused Argentina of violating the border treaty on Tuesday.",
    )
    assert result.exit_code == 0, result.output
    events = jsonl(result.stdout)
    assert events and events[0]["doc_id"] == "-"
    assert events[0]["date"] == "2022-04-05"  # the Tuesday on or before publication
    bad = run("analyze", "-", "--date", "5 April")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


@pytest.mark.slow
def test_jsonl_corpus_uses_record_ids_and_dates(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "story-1", "text": GOOD, "date": "2022-04-05"}) + "\n"
        + "{not json}\n"
        + json.dumps({"id": "story-2", "text": "Peru recalled its ambassador from Mexico.",
                      "date": "2022-12-20"}) + "\n",
        encoding="utf-8",
    )
    result = run("analyze", str(corpus), "--format", "jsonl", "--db", str(tmp_path / "d.duckdb"))
    assert result.exit_code == EXIT_PARTIAL
    assert "corpus.jsonl" in result.stderr and "2" in result.stderr  # the bad line is named
    assert {e["doc_id"] for e in jsonl(result.stdout)} >= {"story-1"}


def test_readme_documents_every_command():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"detente {name}" in readme, f"README does not document `detente {name}`"


@pytest.mark.slow
def test_a_user_issue_vocabulary_tags_events(tmp_path):
    vocabulary = tmp_path / "issues.yaml"
    vocabulary.write_text(
        "WATER:\n  description: Shared rivers and dams.\n  terms: [dam*, river water, nile]\n",
        encoding="utf-8",
    )
    text = "Egypt accused Ethiopia of filling the dam on the Nile without an agreement."
    plain = jsonl(runner.invoke(app, ["analyze", "-", "--no-store", "--format", "jsonl",
                                      "--date", "2021-07-08"], input=text).stdout)
    tagged = jsonl(runner.invoke(app, ["analyze", "-", "--no-store", "--format", "jsonl",
                                       "--date", "2021-07-08", "--issues", str(vocabulary)],
                                 input=text).stdout)
    assert plain and tagged
    assert "WATER" not in plain[0]["issues"] and "WATER" in tagged[0]["issues"]


@pytest.mark.slow
def test_the_example_article_reads_as_a_rapprochement(tmp_path):
    """The article's arc: 2018–19 sanctions, protests and complaints, then the 2023 summits,
    with trade still disputed. Its events must say warming, not a realignment or a cooling."""
    db = str(tmp_path / "d.duckdb")
    run("analyze", str(EXAMPLE), "--db", db)
    result = run("dyad", "JPN", "KOR", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["verdict"]["label"] == "rapprochement"
    assert report["trend"]["both"]["low"] > 0  # warming, with its interval above zero
    evidence = report["verdict"]["evidence"]
    assert evidence and all(e["sentence"] for e in evidence)
