"""Every path gets a message, not a traceback: outputs, dates, limits, party codes, the
publication date given to the API, files a directory walk skips, and the README's code table."""

from __future__ import annotations

import inspect
import json
import logging
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import errors
from detente.cli import app
from detente.store import Store
from detente.web import App

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def db(tmp_path: Path, make_event, add_doc) -> Path:
    path = tmp_path / "m.duckdb"
    with Store(path) as store:
        add_doc(store, "a.txt", [
            make_event("a.txt", 0, "Yoon visited Tokyo."),
            make_event("a.txt", 1, "Kishida visited Seoul.", source="JPN", target="KOR"),
        ])
    return path


def run(*args: str) -> tuple[int, str]:
    """Exit code and stderr of one command; a traceback fails the test."""
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args}: uncaught {result.exception!r}") from result.exception
    message = " ".join(result.stderr.split())  # the console wraps long lines
    assert "Traceback" not in message
    return result.exit_code, message


def _outputs(tmp: Path, db: Path, target: Path) -> list[list[str]]:
    """The same output given to every command that writes a file."""
    return [
        ["report", "--html", str(target), "--db", str(db)],
        ["events", "--format", "jsonl", "-o", str(target), "--db", str(db)],
        ["events", "--format", "csv", "-o", str(target), "--db", str(db)],
        ["events", "--format", "parquet", "-o", str(target), "--db", str(db)],
        ["export", "gdelt", str(target), "--db", str(db)],
    ]


def test_an_output_in_a_missing_folder_is_refused_by_every_exporter(tmp_path, db):
    target = tmp_path / "no" / "such" / "out.file"
    for command in [*_outputs(tmp_path, db, target),
                    ["export", "parquet", str(target), "--db", str(db)]]:
        code, message = run(*command)
        assert code == 2, command
        assert "[E401]" in message and f"the folder {target.parent} does not exist" in message
    assert not (tmp_path / "no").exists()


def test_an_existing_output_is_kept_unless_overwrite_is_given(tmp_path, db):
    target = tmp_path / "kept.out"
    for command in _outputs(tmp_path, db, target):
        target.write_text("the user's own file", encoding="utf-8")
        code, message = run(*command)
        assert code == 2 and "already exists; give --overwrite to replace it" in message, command
        assert target.read_text(encoding="utf-8") == "the user's own file"
        code, message = run(*command, "--overwrite")
        assert code == 0 and "wrote" in message, command
        assert target.read_bytes() != b"the user's own file"
    # a directory where a file is expected
    code, message = run("export", "gdelt", str(tmp_path), "--db", str(db))
    assert code == 2 and "is a directory" in message


def test_a_write_the_system_refuses_is_a_message(tmp_path, db):
    target = tmp_path / ("r" * 300 + ".html")  # longer than a file name may be
    for command in (["report", "--html", str(target)], ["events", "-o", str(target),
                    "--format", "jsonl"], ["export", "gdelt", str(target)]):
        code, message = run(*command, "--db", str(db))
        assert code == 2 and "[E401]" in message and "cannot write" in message, command


@pytest.mark.parametrize("command", [["events"], ["dyad", "KOR", "JPN"], ["align"],
                                     ["report", "--html", "r.html"]])
def test_bad_since_and_until_name_their_option(db, command):
    for option in ("--since", "--until"):
        code, message = run(*command, option, "2023-02-30", "--db", str(db))
        assert code == 2 and f"{option} '2023-02-30' is not a date" in message
        assert "--date" not in message
    code, message = run(*command, "--since", "2024-01-01", "--until", "2023-01-01",
                        "--db", str(db))
    assert code == 2 and "--since 2024-01-01 is after --until 2023-01-01" in message


@pytest.mark.parametrize("limit", ["-1", "0"])
def test_events_limit_below_one_is_refused(db, limit):
    code, message = run("events", "--limit", limit, "--db", str(db))
    assert code == 2 and f"--limit must be 1 or more, not {limit}" in message
    with Store(db, read_only=True) as store, pytest.raises(errors.UsageError, match="limit"):
        store.events_frame(limit=-1)


@pytest.mark.parametrize(("command", "problem"), [
    (["dyad", "KOR", "ZZZ"], "unknown party 'ZZZ'"),
    (["dyad", "K0R", "JPN"], "not a party code: 'K0R'"),
    (["dyad", "KOR", "JP N"], "not a party code: 'JP N'"),
    (["align", "--countries", "KOR,XQZ"], "unknown party 'XQZ'"),
    (["align", "--countries", "KOR,12"], "not a party code: '12'"),
])
def test_unknown_or_malformed_party_codes_exit_2(db, command, problem):
    code, message = run(*command, "--db", str(db))
    assert code == 2 and "[E400]" in message and problem in message


def test_known_states_without_events_and_stored_groups_are_answered(db, make_event, add_doc):
    with Store(db) as store:
        add_doc(store, "k.txt", [make_event("k.txt", 0, "The Kurds met Turkey.",
                                            source="REB:Kurds", target="TUR")])
    code, _ = run("dyad", "ZAF", "NZL", "--db", str(db))  # states: an empty relation, no error
    assert code == 0
    code, _ = run("dyad", "REB:Kurds", "TUR", "--db", str(db))
    assert code == 0
    status, _, body = App(db).respond("/api/dyad/KOR/QQQ")
    assert status == 400 and "unknown party 'QQQ'" in json.loads(body)["error"]


@pytest.mark.model
@pytest.mark.parametrize("bad", ["yesterday", "2023-02-30", "", 20230301])
def test_code_text_with_a_bad_date_is_a_detente_error(coder, bad):
    with pytest.raises(errors.UsageError, match="not a publication date of the form YYYY-MM-DD"):
        coder.code_text("Japan praised South Korea.", date=bad)
    from datetime import date

    events = coder.code_text("Japan praised South Korea on March 3.", date=date(2023, 3, 10))
    assert events and events[0].date == "2023-03-03"


def test_a_directory_walk_names_what_it_skips(tmp_path, caplog):
    from detente.ingest import read_inputs
    from detente.records import Document

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Japan praised South Korea.", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "sub" / "notes.docx").write_bytes(b"PK")
    (folder / ".hidden").write_text("x", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="detente.ingest"):
        items = list(read_inputs([str(folder)]))
    assert [i.path for i in items if isinstance(i, Document)] == [str(folder / "a.txt")]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert f"skipped {folder / 'scan.pdf'}: not a known input type" in warnings[0]
    assert str(folder / "sub" / "notes.docx") in warnings[1] and ".txt" in warnings[1]
    # a folder of many files of another type is summed up after the first ten
    for i in range(15):
        (folder / f"img{i:02}.png").write_bytes(b"\x89PNG")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="detente.ingest"):
        list(read_inputs([str(folder)]))
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 11 and "skipped 7 more files of unknown type" in warnings[-1]
    assert "(17 in all)" in warnings[-1]


def test_every_error_code_is_in_the_readme_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (E\d{3}) \| (.+?) \|$", readme, re.M))
    codes = {cls.code for _, cls in inspect.getmembers(errors, inspect.isclass)
             if issubclass(cls, errors.DetenteError) and cls is not errors.DetenteError}
    assert codes and codes <= set(rows), sorted(codes - set(rows))


@pytest.mark.slow
@pytest.mark.model
def test_analyze_prints_the_files_a_directory_walk_skips(tmp_path):
    import os
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Japan praised South Korea on March 3, 2023.", encoding="utf-8")
    (folder / "slides[1].pptx").write_bytes(b"PK")
    result = subprocess.run(
        [sys.executable, "-m", "detente.cli", "analyze", str(folder), "--no-store"],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "300"}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (f"warning skipped {folder / 'slides[1].pptx'}: not a known input type"
            in result.stderr)
    assert "a.txt" in result.stdout and "Traceback" not in result.stderr
