"""Every event says why: the `rule` (mechanism and lexicon entry) from the coder to the record,
the store, the query formats and the HTML report; stores made before the field still work."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import duckdb
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.records import Actor, Event, stable_id
from detente.store import DocumentRow, SentenceRow, Store

runner = CliRunner()


def _event(doc_id: str, rule: str, cameo: str = "112") -> Event:
    return Event(
        id=stable_id(doc_id, cameo, rule), doc_id=doc_id, sentence_index=0,
        sentence="Chile accused Argentina of violating the border.",
        source=Actor("CHLGOV", "CHL", "GOV", "Chile", None),
        target=Actor("ARGGOV", "ARG", "GOV", "Argentina", None),
        cameo=cameo, root=cameo[:2], quad_class=3, goldstein=-2.0, plover="ACCUSE",
        date="2022-04-05", date_precision="day", date_text="April 5", place=None,
        negated=False, modality="asserted", issues=(), trigger="accused", rule=rule,
    )


def _add(store: Store, event: Event, content: str = "v1") -> None:
    row = DocumentRow(doc_id=event.doc_id, path=event.doc_id, content_hash=content,
                      pub_date="2022-04-05")
    store.add([row], [SentenceRow(event.doc_id, 0, event.sentence, 0, False)], [event])


def test_the_record_carries_its_rule():
    record = _event("a.txt", "verb:events/data/verbs.yaml:accuse").to_dict()
    assert record["rule"] == "verb:events/data/verbs.yaml:accuse"
    assert list(record)[-1] == "rule"


def test_the_store_keeps_the_rule_and_the_query_formats_show_it(tmp_path):
    db = tmp_path / "r.duckdb"
    with Store(db) as store:
        _add(store, _event("a.txt", "verb:events/data/verbs.yaml:accuse"))
        assert store.con.execute("SELECT rule FROM mentions").fetchall() == [
            ("verb:events/data/verbs.yaml:accuse",)]
        assert store.con.execute("SELECT rule FROM events").fetchall() == [
            ("verb:events/data/verbs.yaml:accuse",)]
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows[0]["rule"] == "verb:events/data/verbs.yaml:accuse"
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"])
    assert json.loads(result.output.splitlines()[0])["rule"] == \
        "verb:events/data/verbs.yaml:accuse"


def test_a_store_made_before_the_rule_column_opens_and_keeps_its_data(tmp_path):
    db = tmp_path / "old.duckdb"
    old = _event("old.txt", "")
    with Store(db) as store:
        _add(store, old)
    # what a store written by an earlier version looks like: no `rule` column, no field
    con = duckdb.connect(str(db))
    for table in ("mentions", "events"):
        con.execute(f"ALTER TABLE {table} DROP COLUMN rule")
    con.execute("UPDATE mentions SET record = json_object('id', id, 'cameo', cameo)")
    con.execute("UPDATE events SET record = json_object('id', id, 'cameo', cameo)")
    con.close()
    # read-only first (no migration possible): queries and the report still work
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0 and "Chile accused Argentina" in result.output
    html = tmp_path / "old.html"
    result = runner.invoke(app, ["report", "--html", str(html), "--db", str(db),
                                 "--dyad", "CHL", "ARG"])
    assert result.exit_code == 0, result.output
    # opened for writing, it gains the column; old rows are all there and new ones say why
    new = replace(_event("new.txt", "noun:events/data/nominals.yaml:criticism", cameo="111"),
                  sentence="Chile voiced criticism of Argentina.")
    with Store(db) as store:
        _add(store, new)
        assert store.counts()["mentions"] == 2 and store.counts()["documents"] == 2
        rules = dict(store.con.execute("SELECT doc_id, rule FROM events").fetchall())
    assert rules == {"old.txt": None, "new.txt": "noun:events/data/nominals.yaml:criticism"}


def test_the_report_evidence_table_names_each_rule(tmp_path):
    db = tmp_path / "r.duckdb"
    with Store(db) as store:
        _add(store, _event("a.txt", "verb:events/data/verbs.yaml:accuse"))
    html = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--html", str(html), "--db", str(db),
                                 "--dyad", "CHL", "ARG"])
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert "<th>rule</th>" in page
    assert "<td class=rule>verb:events/data/verbs.yaml:accuse</td>" in page


@pytest.mark.model
@pytest.mark.parametrize(("text", "cameo", "rule"), [
    ("Chile accused Argentina of spying on Monday.", "112",
     "verb:events/data/verbs.yaml:accuse"),
    ("Japan and South Korea held talks in Seoul on Monday.", "040",
     "verb:events/data/verbs.yaml:hold +talk|meeting|discussion|consultation|summit; reciprocal"),
    ("Turkey threatened to attack Syria.", "1384", "chain-threat:events/data/verbs.yaml:attack"),
    ("Pro-Russian forces seized the airport.", "050",
     "prefix:events/data/nominals.yaml:prefixes:pro"),
])
def test_the_coder_names_the_mechanism_and_the_entry(coder, text, cameo, rule):
    events = coder.code_text(text, date="2022-04-05")
    assert any(e.cameo == cameo and e.rule == rule for e in events), \
        [(e.cameo, e.rule) for e in events]
    # every event the coder makes names a lexicon file (or a mechanism of its own)
    assert all(e.rule for e in events)
