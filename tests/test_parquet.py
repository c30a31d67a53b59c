"""Parquet written by DuckDB itself: `detente events --format parquet` and `detente export`
need no pyarrow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from detente.analyse.sample import event, write_events
from detente.store import Store

ROWS = [
    event("TURGOV", "RUSGOV", "042", 1.9, "2016-08-09", sentence="Erdogan visited Putin."),
    event("RUSGOV", "TURGOV", "036", 4.0, "2016-08-10", sentence="Putin offered talks."),
    event("USAGOV", "CHNGOV", "111", -2.0, "2019-05-01", sentence="Washington criticised Beijing."),
    event("IGO:NATO", "RUS", "172", -5.0, None, sentence="NATO suspended cooperation."),
]


def _store(path: Path) -> Path:
    with Store(path) as store:
        write_events(store, ROWS)
    return path


def test_events_parquet_holds_what_the_query_selects(tmp_path: Path) -> None:
    db = _store(tmp_path / "s.duckdb")
    with Store(db, read_only=True) as store:
        expected = list(store.events_frame(dyad=("RUS", "TUR"))["id"])
        written = store.write_events_parquet(tmp_path / "e.parquet", dyad=("RUS", "TUR"))
        everything = store.write_events_parquet(tmp_path / "all.parquet")
    assert written == len(expected) == 2 and everything == len(ROWS)
    back = duckdb.sql(f"SELECT id, date, issues FROM read_parquet('{tmp_path / 'e.parquet'}')")
    assert [row[0] for row in back.fetchall()] == expected  # in the query's order
    # DuckDB's own types, as in `detente export parquet`: a date is a DATE, a list a list
    assert dict(zip(back.columns, back.types, strict=True))["date"] == "DATE"
    assert str(dict(zip(back.columns, back.types, strict=True))["issues"]) == "VARCHAR[]"


# Runs the CLI with pyarrow made unimportable, as in an installation without it.
WITHOUT_PYARROW = """
import sys
sys.modules["pyarrow"] = None  # `import pyarrow` now raises ImportError
from detente.cli import main
sys.argv = ["detente", *sys.argv[1:]]
try:
    main()
finally:
    assert sys.modules["pyarrow"] is None
"""


@pytest.mark.slow  # three CLI processes
def test_every_export_runs_without_pyarrow(tmp_path: Path) -> None:
    db = str(_store(tmp_path / "s.duckdb"))
    commands = {
        "events.parquet": ["events", "--db", db, "--format", "parquet", "-o"],
        "pq": ["export", "parquet", "--db", db],
        "gdelt.csv": ["export", "gdelt", "--db", db],
    }
    for name, command in commands.items():
        target = tmp_path / name
        done = subprocess.run([sys.executable, "-c", WITHOUT_PYARROW, *command, str(target)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (name, done.stderr[-1500:])
        assert "wrote" in done.stderr
        assert target.exists()
    counted = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path / 'events.parquet'}')")
    assert counted.fetchall() == [(len(ROWS),)]
    partitions = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path}/pq/**/*.parquet')")
    assert partitions.fetchall() == [(len(ROWS),)]
    assert len((tmp_path / "gdelt.csv").read_text(encoding="utf-8").splitlines()) == len(ROWS) + 1
