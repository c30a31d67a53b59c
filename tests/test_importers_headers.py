"""Exports as users keep them: a header row naming the columns, comma- or tab-separated, with
columns the dataset does not define (gdeltPyR's CAMEOCodeDescription, BigQuery selections)."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from detente import errors
from detente.cli import app
from detente.importers import import_file, read_events
from detente.importers.export import export_gdelt_csv
from detente.importers.gdelt import COLUMNS
from detente.records import Event
from detente.store import Store


def _write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> str:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=delimiter).writerows(rows)
    return str(path)


def _read(name: str, path: str) -> tuple[list[Event], list[errors.InputError]]:
    items = list(read_events(name, path))
    return ([i for i in items if isinstance(i, Event)],
            [i for i in items if isinstance(i, errors.InputError)])


def test_a_gdeltpyr_sample_with_a_header_and_a_description_column(
    tmp_path: Path, gdelt2_row,
) -> None:
    # gdeltPyR saves GDELT 2.0 with pandas: comma-separated, a header, one column more (62)
    header = [*COLUMNS[61], "CAMEOCodeDescription"]
    first = [*gdelt2_row(), "Use conventional military force, not specified below"]
    second = [*gdelt2_row(), "Make a visit"]
    second[0], second[COLUMNS[61].index("EventCode")] = "620000003", "042"
    path = _write_csv(tmp_path / "gdeltpyr.csv", [header, first, second])
    events, failures = _read("gdelt", path)
    assert not failures
    assert [(e.doc_id, e.cameo) for e in events] == [("gdelt:620000002", "190"),
                                                    ("gdelt:620000003", "042")]
    force = events[0]
    assert force.source and force.source.code == "RUSMIL"
    assert force.target and force.target.country == "UKR"
    # a quoted comma inside a field stays in its field
    assert force.place and force.place.name == "Kyiv, Kyyiv, Misto, Ukraine"
    assert force.place.country == "UKR"
    assert force.extra["origin_version"] == "2.0" and force.extra["avg_tone"] == -8.2
    # the same rows without a header, tab-separated, are the same events
    plain, _ = _read("gdelt", _write_csv(tmp_path / "plain.CSV", [gdelt2_row()], "\t"))
    assert plain[0].to_dict() == force.to_dict()


def test_a_bigquery_selection_is_read_by_column_name(tmp_path: Path, gdelt1_row) -> None:
    # a BigQuery export of a SELECT: some columns, another order, an extra one, names in any case
    names = COLUMNS[58]
    row = dict(zip(names, gdelt1_row(), strict=True))
    picked = ["SQLDATE", "EventCode", "actor2code", "Actor1Code", "GLOBALEVENTID",
              "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Type", "_PARTITIONTIME"]
    values = [row.get({"actor2code": "Actor2Code"}.get(n, n), "2016-08-10 00:00:00 UTC")
              for n in picked]
    values[1] = "42"  # an integer column drops the leading zero
    for sep, name in ((",", "bq.csv"), ("\t", "bq.tsv")):
        events, failures = _read("gdelt", _write_csv(tmp_path / name, [picked, values], sep))
        assert not failures, failures
        (event,) = events
        assert (event.doc_id, event.cameo, event.date) == ("gdelt:510000001", "042",
                                                           "2016-08-09")
        assert event.source and event.source.code == "TURGOV"
        assert event.target and event.target.code == "RUSGOV"
        assert event.place and event.place.name == "Saint Petersburg, Russia"
        assert event.extra["origin_version"] == "1.0" and event.extra["source_url"] is None


def test_header_problems_and_bad_rows_are_named(tmp_path: Path) -> None:
    lacking = _write_csv(tmp_path / "lacking.csv", [["GLOBALEVENTID", "SQLDATE"], ["1", "2"]])
    events, failures = _read("gdelt", lacking)
    assert not events and "header lacks EventCode" in failures[0].message
    header = ["GLOBALEVENTID", "SQLDATE", "EventCode", "Note"]
    path = _write_csv(tmp_path / "rows.csv", [
        header, ["7", "20230301", "042", "fine"], ["8", "20230302", "042"],
        ["9", "yesterday", "042", "bad date"], ["10", "20230303", "043", "fine"],
    ])
    events, failures = _read("gdelt", path)
    assert [e.doc_id for e in events] == ["gdelt:7", "gdelt:10"]
    assert [f.line for f in failures] == [3, 4]
    assert "3 fields; the header names 4" in failures[0].message
    assert "SQLDATE 'yesterday' is not a date" in failures[1].message


def test_our_own_gdelt_csv_export_imports_back(tmp_path: Path, gdelt1_row, gdelt2_row) -> None:
    source = _write_csv(tmp_path / "g.CSV", [gdelt1_row(), gdelt2_row()], "\t")
    with Store(tmp_path / "a.duckdb") as store:
        import_file("gdelt", source, store)
        export_gdelt_csv(store, tmp_path / "out.csv")  # comma-separated with a header
    events, failures = _read("gdelt", str(tmp_path / "out.csv"))
    assert not failures and sorted(e.cameo for e in events) == ["042", "190"]


def test_icews_and_polecat_exports_read_by_name_with_either_separator(
    tmp_path: Path, icews_columns, polecat_columns,
) -> None:
    # ICEWS as a comma-separated file, columns reordered, one more column, a quoted comma
    icews_header = [*reversed(icews_columns), "Downloaded"]
    icews_row = dict(zip(icews_columns, [
        "9101", "2019-05-02", "Shinzo Abe", "Government, Executive", "Japan", "Praise",
        "51", "3.4", "Moon Jae-in", "Government", "South Korea", "55001", "1", "Wire",
        "Tokyo", "", "", "Japan", "35.68", "139.69"], strict=True))
    rows = [icews_header, [*(icews_row[h] for h in reversed(icews_columns)), "2024-01-01"]]
    for sep in (",", "\t"):
        events, failures = _read("icews", _write_csv(tmp_path / f"icews{len(sep)}.csv", rows,
                                                     sep))
        assert not failures
        (praise,) = events
        assert praise.cameo == "051" and praise.source and praise.source.code == "JPNGOV"
        assert praise.target and praise.target.country == "KOR"
    # POLECAT with snake_case names (a BigQuery or pandas export) and extra columns
    snake = [h.lower().replace(" ", "_") for h in polecat_columns]
    values = ["p-9", "2023-06-01", "AID", "", "2", "Material Cooperation", "economic",
              "Japan", "JPN", "", "Government", "", "Philippines", "PHL", "", "Government",
              "", "", "", "", "", "", "", "", "Wire", "2023-06-02"]
    path = _write_csv(tmp_path / "polecat.csv", [["row", *snake, "language"],
                                                 ["0", *values, "en"]])
    events, failures = _read("polecat", path)
    assert not failures
    (aid,) = events
    assert aid.plover == "AID" and aid.source and aid.source.code == "JPNGOV"
    assert aid.target and aid.target.country == "PHL"


def test_import_command_stores_every_row_of_a_header_file(tmp_path: Path, gdelt2_row) -> None:
    header = [*COLUMNS[61], "CAMEOCodeDescription"]
    rows = [header]
    for i in range(30):
        row = [*gdelt2_row(), "Use conventional military force"]
        row[0] = str(700000000 + i)
        rows.append(row)
    path = _write_csv(tmp_path / "sample.csv", rows)
    db = tmp_path / "i.duckdb"
    result = CliRunner().invoke(app, ["import", "gdelt", path, "--db", str(db)])
    assert result.exit_code == 0, result.output
    message = " ".join(result.stderr.split())  # the console wraps long lines
    assert "30 events read, 30 stored" in message and "0 failed rows" in message
    with Store(db, read_only=True) as store:
        assert store.counts()["mentions"] == 30


def test_any_header_file_gives_events_or_named_errors(tmp_path: Path) -> None:
    """Fuzzed header files (columns in any order, extra ones, odd values, either separator):
    every data row comes out as an event or an error naming its line, nothing else escapes."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    known = ["GLOBALEVENTID", "SQLDATE", "EventCode", "Actor1Code", "Actor2CountryCode",
             "ActionGeo_Type", "ActionGeo_Lat", "NumMentions", "AvgTone", "SOURCEURL"]
    cell = st.one_of(st.sampled_from(["", "042", "20230301", "1", "-3.5", "USA", "x,y", '"q"']),
                     st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
                             max_size=8))
    counter = iter(range(10**9))

    @settings(max_examples=80, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.permutations(known), st.lists(st.sampled_from(["CAMEOCodeDescription", "", "n"]),
           max_size=2), st.lists(st.lists(cell, min_size=12, max_size=12), min_size=1,
           max_size=5), st.sampled_from([",", "\t"]))
    def check(order: list[str], extra: list[str], rows: list[list[str]], sep: str) -> None:
        header = [*order, *extra]
        data = [row[: len(header)] for row in rows]
        path = _write_csv(tmp_path / f"f{next(counter)}.csv", [header, *data], sep)
        items = list(read_events("gdelt", path))
        assert all(isinstance(i, Event | errors.InputError) for i in items)
        # one answer per row that holds anything; errors name a data line
        assert len(items) == sum(1 for row in data if any(c.strip() for c in row))
        assert all(i.line is not None and i.line >= 2 for i in items
                   if isinstance(i, errors.InputError))

    check()
