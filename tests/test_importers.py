"""detente.importers: GDELT 1.0/2.0, ICEWS and POLECAT files we write, stored and exported."""

from __future__ import annotations

import csv
import gzip
import zipfile
from pathlib import Path

import duckdb
import pytest

from detente import errors
from detente.importers import get_importer, import_file, importers, read_events
from detente.importers.export import export_gdelt_csv, export_parquet
from detente.records import Event
from detente.store import Store


def _write_tsv(path: Path, rows: list[list[str]]) -> str:
    text = "".join("\t".join(r) + "\n" for r in rows)
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(path.stem, text)
    elif path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def _events(name: str, path: str) -> tuple[list[Event], list[errors.InputError]]:
    items = list(read_events(name, path))
    return (
        [i for i in items if isinstance(i, Event)],
        [i for i in items if isinstance(i, errors.InputError)],
    )


def test_registry_names_and_unknown() -> None:
    assert {"gdelt", "icews", "polecat"} <= {i.name for i in importers()}
    with pytest.raises(errors.UsageError, match="known: gdelt, icews, polecat"):
        get_importer("acled")


def test_gdelt_1_and_2_and_bad_rows(tmp_path: Path, gdelt1_row, gdelt2_row) -> None:
    backfile = gdelt1_row()[:-1]  # 1.0 backfiles end at DATEADDED (57 fields)
    backfile[0] = "17"
    bad_code = gdelt1_row()
    bad_code[0], bad_code[26] = "18", "999"
    path = _write_tsv(
        tmp_path / "20160810.export.CSV.zip",
        [gdelt1_row(), gdelt2_row(), backfile, ["1", "2", "3"], bad_code],
    )
    events, failures = _events("gdelt", path)
    v1, v2, old = events
    assert (v1.doc_id, v1.cameo, v1.root, v1.quad_class, v1.plover) == (
        "gdelt:510000001", "042", "04", 1, "CONSULT",
    )
    assert v1.source and v1.target
    assert (v1.source.code, v1.source.country, v1.source.sector) == ("TURGOV", "TUR", "GOV")
    assert (v1.target.code, v1.target.name) == ("RUSGOV", "RUSSIA")
    assert v1.date == "2016-08-09" and v1.date_precision == "day"
    assert v1.place and (v1.place.country, v1.place.lat) == ("RUS", 59.89)  # FIPS RS → RUS
    record = v1.to_dict()
    assert record["origin"] == "gdelt" and record["origin_id"] == "510000001"
    assert record["num_mentions"] == 12 and record["source_url"].endswith("/summit")
    assert v2.extra["origin_version"] == "2.0" and v2.cameo == "190" and v2.quad_class == 4
    assert v2.place and v2.place.country == "UKR" and v2.target and v2.target.sector is None
    assert old.extra["origin_version"] == "1.0" and old.extra["source_url"] is None
    assert [f.line for f in failures] == [4, 5]  # type: ignore[attr-defined]
    assert "3 fields" in failures[0].message and "999" in failures[1].message
    again, _ = _events("gdelt", path)
    assert [e.id for e in again] == [e.id for e in events]  # stable ids


def test_icews_codes_countries_sectors(tmp_path: Path, icews_columns) -> None:
    rows = [
        icews_columns,
        ["9001", "2016-08-09", "Recep Tayyip Erdogan", "Government,Executive,Elite",
         "Turkey", "Make a visit", "42", "1.9", "Vladimir Putin", "Executive,Government",
         "Russian Federation", "44001", "2", "Wire", "Saint Petersburg", "", "", "Russia",
         "59.89", "30.26"],
        ["9002", "2016-07-20", "Police (Turkey)", "Police", "Turkey", "Arrest", "1711", "-9.2",
         "Citizen (Turkey)", "General Population / Civilian / Social", "Turkey", "44002", "1",
         "Wire", "", "", "Istanbul", "Turkey", "41.0", "28.9"],
        ["9003", "2016-07-21", "Turkey", "", "", "Appeal", "211", "3.4", "Russia", "", "",
         "44003", "1", "Wire", "", "", "", "", "", ""],
        ["9004", "21 July", "Turkey", "", "", "x", "42", "", "Russia", "", "", "", "", "",
         "", "", "", "", "", ""],
    ]  # fmt: skip
    events, failures = _events("icews", _write_tsv(tmp_path / "events.2016.tab", rows))
    visit, arrest, appeal = events
    assert visit.cameo == "042" and visit.source and visit.target
    assert (visit.source.code, visit.target.code) == ("TURGOV", "RUSGOV")
    assert visit.place and visit.place.name == "Saint Petersburg" and visit.place.country == "RUS"
    assert visit.extra["origin_intensity"] == 1.9 and visit.extra["story_id"] == "44001"
    assert arrest.cameo == "1711" and arrest.source and arrest.target
    assert (arrest.source.code, arrest.target.code) == ("TURCOP", "TURCVL")
    assert appeal.cameo == "0211"  # ICEWS drops the leading zero
    assert appeal.source and appeal.source.country == "TUR"  # the actor named as a country
    assert len(failures) == 1 and "line 5" in failures[0].message
    assert "'21 July' is not a date" in failures[0].message


def test_icews_wrong_header(tmp_path: Path) -> None:
    path = _write_tsv(tmp_path / "x.tab", [["a", "b"], ["1", "2"]])
    events, failures = _events("icews", path)
    assert not events and "not an ICEWS event file" in failures[0].message


def test_polecat_plover_to_cameo(tmp_path: Path, polecat_columns) -> None:
    rows = [
        polecat_columns,
        ["p-1", "2023-03-02", "CONSULT", "phone", "1", "Verbal Cooperation", "diplomatic",
         "Joe Biden", "USA", "2", "Government", "Government", "Olaf Scholz", "DEU", "255",
         "Government", "Government", "", "", "", "", "", "", "", "Wire", "2023-03-03"],
        ["p-2", "2023-03-05", "SANCTION", "", "-5", "Material Conflict", "economic;military",
         "United States; European Union", "USA;", "", "Government", "", "Russia", "RUS", "",
         "", "", "Moscow", "Moscow", "", "", "Russia", "55.75", "37.62", "Wire", ""],
        ["p-3", "2023-03-05", "GOSSIP", "", "", "", "", "A", "", "", "", "", "B", "", "", "",
         "", "", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    events, failures = _events("polecat", _write_tsv(tmp_path / "ngec.txt.gz", rows))
    call, sanction = events
    assert (call.cameo, call.plover, call.extra["plover_mode"]) == ("041", "CONSULT", "phone")
    assert call.source and call.target
    assert (call.source.code, call.target.code) == ("USAGOV", "DEUGOV")
    assert (sanction.cameo, sanction.plover, sanction.quad_class) == ("160", "SANCTION", 4)
    assert sanction.extra["actors"] == ["United States", "European Union"]
    assert sanction.extra["contexts"] == ["economic", "military"]
    assert sanction.place and sanction.place.country == "RUS"
    assert len(failures) == 1 and "'GOSSIP' is not a PLOVER event type" in failures[0].message


def test_import_into_store_idempotent_and_queryable(tmp_path: Path, gdelt1_row, gdelt2_row) -> None:
    path = _write_tsv(tmp_path / "g.CSV", [gdelt1_row(), gdelt2_row(), ["bad"]])
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        first = import_file("gdelt", path, store)
        second = import_file("gdelt", path, store)
        frame = store.events_frame(dyad=("RUS", "TUR"))
        mentions = store.counts()["mentions"]
    assert (first.read, first.stored, len(first.failures)) == (2, 2, 1)
    assert (second.stored, second.unchanged) == (0, 2)
    assert mentions == 2
    assert list(frame["cameo"]) == ["042"] and list(frame["origin"]) == ["gdelt"]


def test_exports_parquet_partitions_and_gdelt_csv_round_trip(
    tmp_path: Path, gdelt1_row, gdelt2_row,
) -> None:
    path = _write_tsv(tmp_path / "g.CSV", [gdelt1_row(), gdelt2_row()])
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        import_file("gdelt", path, store)
        n = export_parquet(store, tmp_path / "pq")
        n_csv = export_gdelt_csv(store, tmp_path / "out.csv")
        export_gdelt_csv(store, tmp_path / "out.tsv", delimiter="\t", header=False)
    assert n == n_csv == 2
    assert (tmp_path / "pq" / "year=2016" / "month=8").is_dir()
    assert (tmp_path / "pq" / "year=2022" / "month=2").is_dir()
    back = duckdb.sql(
        f"SELECT cameo, year, month FROM read_parquet('{tmp_path}/pq/**/*.parquet', "
        "hive_partitioning = true) ORDER BY year"
    ).fetchall()
    assert back == [("042", 2016, 8), ("190", 2022, 2)]
    with Store(db) as store:
        with pytest.raises(errors.UsageError, match="not empty"):
            export_parquet(store, tmp_path / "pq")
        store.con.execute("DELETE FROM events WHERE cameo = '190'")
        assert export_parquet(store, tmp_path / "pq", overwrite=True) == 1
    assert not (tmp_path / "pq" / "year=2022").exists()  # the earlier partition is gone
    with open(tmp_path / "out.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows[0]) == 58
    assert rows[0]["SQLDATE"] == "20160809" and rows[0]["Actor1CountryCode"] == "TUR"
    assert rows[0]["ActionGeo_CountryCode"] == "RS"  # back to FIPS, as GDELT writes it
    assert rows[0]["SOURCEURL"] == "https://example.org/news/summit"
    # GDELT's own layout (tab-separated, no header) reads back through the GDELT importer.
    events, failures = _events("gdelt", str(tmp_path / "out.tsv"))
    assert not failures
    assert [(e.cameo, e.date, e.source.code if e.source else None) for e in events] == [
        ("042", "2016-08-09", "TURGOV"), ("190", "2022-02-24", "RUSMIL"),
    ]


def test_row_that_is_not_utf8_is_reported_and_the_rest_imported(
    tmp_path: Path, gdelt1_row, gdelt2_row,
) -> None:
    good = "\t".join(gdelt1_row())
    bad = good.replace("TURKEY", "T\u00dcRK\u0130YE").encode("utf-8").replace(
        "\u00dc".encode(), b"\xdc"
    )
    path = tmp_path / "mixed.CSV"
    path.write_bytes(bad + b"\n" + "\t".join(gdelt2_row()).encode("utf-8") + b"\n")
    events, failures = _events("gdelt", str(path))
    assert [e.cameo for e in events] == ["190"]
    assert isinstance(failures[0], errors.EncodingInput) and "line 1" in failures[0].message


def test_missing_file_and_corrupt_archive(tmp_path: Path, gdelt1_row) -> None:
    _, missing = _events("icews", str(tmp_path / "nope.tab"))
    assert isinstance(missing[0], errors.MissingInput) and "nope.tab" in missing[0].message
    broken = tmp_path / "broken.CSV.gz"
    broken.write_bytes(gzip.compress(("\t".join(gdelt1_row()) + "\n").encode() * 50)[:60])
    events, failures = _events("gdelt", str(broken))
    assert not events and failures and str(broken) in failures[-1].message


def test_corrupt_zip_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.export.CSV.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    events, failures = _events("gdelt", str(path))
    assert not events and isinstance(failures[0], errors.MalformedInput)
