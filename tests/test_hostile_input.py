"""Nothing lost, nothing replaced: hostile Unicode, long documents, document identity, clean-up.

Each section is one finding of an attack on the released version: a corpus record carrying lone
surrogates, a document over spaCy's length limit, two documents under one id, and what a run
leaves behind.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pytest

from detente import errors
from detente.ingest import read_inputs
from detente.pipeline import AnalyzeResult, Coder, analyze
from detente.records import Document
from detente.store import Store

PYTHON = sys.executable
REPO = Path(__file__).resolve().parents[1]

CHILE = "Chile accused Argentina of violating the border treaty in Santiago on Monday."
JAPAN = "Japan and South Korea agreed to resume talks on trade in Seoul on Friday."
RUSSIA = "Russia threatened Ukraine with new sanctions, officials in Moscow said."
PERU = "Peru praised Bolivia for the water agreement signed in La Paz."


def _documents(db: Path) -> dict[str, dict[str, Any]]:
    """Stored documents by id, with their source key and event count."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT doc_id, source_key, n_events, title, url, source FROM documents"
        ).fetchall()
    return {r[0]: {"key": r[1], "events": r[2], "title": r[3], "url": r[4], "source": r[5]}
            for r in rows}


def _mentions(db: Path) -> dict[str, list[str]]:
    """Stored mention sentences per document."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT doc_id, sentence FROM mentions ORDER BY doc_id").fetchall()
    out: dict[str, list[str]] = {}
    for doc_id, sentence in rows:
        out.setdefault(doc_id, []).append(sentence)
    return out


# -- 1. any Unicode a corpus can hold -----------------------------------------------------------

# JSON escapes written by hand: json.dumps would write the same, but the test shows the bytes.
SURROGATE_LINES = [
    json.dumps({"id": "good-1", "text": CHILE}),
    '{"id": "text-bad", "text": "' + JAPAN + ' \\udc80 The talks went on."}',
    '{"id": "id-bad\\ud800", "text": "' + RUSSIA + '"}',
    '{"id": "title-bad", "title": "Talks \\udfff", "text": "' + PERU + '"}',
    '{"id": "meta-bad", "url": "https://example.org/\\ud83d", "source": "Wire \\udc81",'
    ' "date": "2023-01-0\\udc80", "text": "' + CHILE + '"}',
    json.dumps({"id": "good-2", "text": JAPAN}),
]
SURROGATE_IDS = {"good-1", "text-bad", "id-bad\\ud800", "title-bad", "meta-bad", "good-2"}


def _surrogate_corpus(tmp_path: Path) -> Path:
    path = tmp_path / "scraped.jsonl"
    path.write_text("\n".join(SURROGATE_LINES) + "\n", encoding="ascii")
    return path


def _check_surrogate_store(db: Path, result: AnalyzeResult) -> None:
    assert not result.failures, result.failures
    docs = _documents(db)
    assert set(docs) == SURROGATE_IDS  # every record stored, the bad id written as its escape
    assert docs["title-bad"]["title"] == "Talks \\udfff"
    assert docs["meta-bad"]["url"] == "https://example.org/\\ud83d"
    assert docs["meta-bad"]["source"] == "Wire \\udc81"
    with duckdb.connect(str(db), read_only=True) as con:
        text = con.execute(
            "SELECT string_agg(text, ' ') FROM sentences WHERE doc_id = 'text-bad'"
        ).fetchall()[0][0]
    assert "\ufffd" in text and text.startswith("Japan and South Korea")
    assert all(docs[d]["events"] for d in ("good-1", "text-bad", "good-2"))


@pytest.mark.model
def test_lone_surrogates_are_repaired_per_field_and_every_record_is_stored(
    tmp_path: Path, coder: Coder, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = _surrogate_corpus(tmp_path)
    db = tmp_path / "u.duckdb"
    with caplog.at_level(logging.WARNING, logger="detente.ingest"):
        result = analyze([str(corpus)], db=db, coder=coder)
    _check_surrogate_store(db, result)
    # each repair is named with its record's line and field
    said = caplog.text
    for where in ("line 2: 'text'", "line 3: 'id'", "line 4: 'title'", "line 5: 'url'",
                  "line 5: 'source'", "line 5: 'date'"):
        assert f"scraped.jsonl, {where}" in said, where
    # and a second run finds everything stored (it crashed at the same place before)
    again = analyze([str(corpus)], db=db, coder=coder)
    assert sorted(again.unchanged) == sorted(SURROGATE_IDS) and not again.failures


@pytest.mark.model
def test_a_file_name_that_is_not_utf8_is_stored_under_an_escaped_id(
    tmp_path: Path, coder: Coder
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    raw = os.fsencode(str(folder)) + b"/caf\xe9.txt"  # a Latin-1 file name
    with open(raw, "w", encoding="utf-8") as out:
        out.write(CHILE)
    db = tmp_path / "n.duckdb"
    result = analyze([str(folder)], db=db, coder=coder)
    assert not result.failures and len(result.coded) == 1
    (doc_id,) = _documents(db)
    assert doc_id.endswith("caf\\udce9.txt")


@pytest.mark.model
def test_surrogates_through_the_python_api_are_repaired(coder: Coder) -> None:
    events = coder.code_text(CHILE + " \udc80", doc_id="api\udc80")
    assert events and all(e.doc_id == "api\\udc80" for e in events)
    assert json.dumps([e.to_dict() for e in events], ensure_ascii=False).encode("utf-8")


# -- 2. long documents ----------------------------------------------------------------------

def _long_text(paragraphs: int) -> str:
    """Numbered paragraphs, each with events, so every sentence says where it stands."""
    return "\n\n".join(
        f"Report {i}. {CHILE} The French president visited Berlin on Tuesday." for i in
        range(paragraphs)
    )


def _check_sentences_true(db: Path, doc_id: str) -> int:
    """Sentence indices run 0..n-1 in text order, paragraphs are the document's own, and every
    event's sentence is the stored sentence at its index. Returns the number of sentences."""
    with duckdb.connect(str(db), read_only=True) as con:
        sentences = con.execute(
            "SELECT sentence_index, text, paragraph FROM sentences WHERE doc_id = ? "
            "ORDER BY sentence_index", [doc_id]).fetchall()
        events = con.execute(
            "SELECT sentence_index, sentence FROM mentions WHERE doc_id = ?", [doc_id]
        ).fetchall()
    assert [s[0] for s in sentences] == list(range(len(sentences)))
    assert sum(text.startswith("Report ") for _, text, _ in sentences) == len(sentences) // 3
    for index, text, paragraph in sentences:
        if text.startswith("Report "):
            assert int(text.split()[1].rstrip(".")) == paragraph
            assert index == 3 * paragraph  # three sentences a paragraph, counted through
    by_index = {s[0]: s[1] for s in sentences}
    assert events and all(by_index[i] == sentence for i, sentence in events)
    return len(sentences)


@pytest.mark.model
def test_a_document_coded_in_pieces_keeps_its_sentences_and_events(
    tmp_path: Path, coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import detente.pipeline as pipeline

    text = _long_text(60)  # about 8,000 characters
    doc = tmp_path / "long.txt"
    doc.write_text(text, encoding="utf-8")
    whole = analyze([str(doc)], db=tmp_path / "whole.duckdb", coder=coder)
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 1_000)  # the same document in ~9 pieces
    pieces = analyze([str(doc)], db=tmp_path / "pieces.duckdb", coder=coder)
    assert _check_sentences_true(tmp_path / "pieces.duckdb", str(doc)) == 180
    assert [(s.sentence_index, s.text, s.paragraph) for s in pieces.coded[0].sentences] == [
        (s.sentence_index, s.text, s.paragraph) for s in whole.coded[0].sentences
    ]
    # pieces are cut between paragraphs, so the events are the same, id for id
    assert [e.to_dict() for e in pieces.events] == [e.to_dict() for e in whole.events]


@pytest.mark.model
def test_a_paragraph_longer_than_a_piece_is_cut_after_a_sentence(
    coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import detente.pipeline as pipeline

    monkeypatch.setattr(pipeline, "PIECE_CHARS", 500)
    paragraph = " ".join([CHILE, JAPAN, RUSSIA, PERU] * 5)  # one paragraph of ~1,500 chars
    doc = Document(id="p", text=paragraph + "\n\n" + CHILE, path="p")
    (coded,) = list(coder.code_documents([doc]))
    assert not isinstance(coded, errors.InputError)
    texts = [s.text for s in coded.sentences]
    assert texts == [CHILE, JAPAN, RUSSIA, PERU] * 5 + [CHILE]
    assert [s.paragraph for s in coded.sentences] == [0] * 20 + [1]
    assert [s.sentence_index for s in coded.sentences] == list(range(21))


@pytest.mark.model
def test_a_piece_spacy_refuses_fails_its_document_only(
    coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import detente.pipeline as pipeline

    # spaCy's own refusal (E088, a text over nlp.max_length), made to happen on small texts.
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 600)
    monkeypatch.setattr(coder.nlp, "max_length", 500)
    # three different paragraphs of ~370 characters (cleaning drops repeated ones): one a piece
    a, b, c = (" ".join(s) for s in ([CHILE, JAPAN, RUSSIA, PERU, CHILE],
                                     [JAPAN, RUSSIA, PERU, CHILE, JAPAN],
                                     [RUSSIA, PERU, CHILE, JAPAN, RUSSIA]))
    too_long = " ".join([PERU, CHILE, JAPAN, RUSSIA] * 2)[:580]  # one paragraph spaCy refuses
    docs = [
        Document(id="middle-fails", text="\n\n".join([a, too_long, b]), path="c"),
        Document(id="first-fails", text="\n\n".join([too_long, a, b]), path="a"),
        Document(id="fine", text="\n\n".join([a, b, c]), path="b"),
        Document(id="short", text=JAPAN, path="d"),
    ]
    out = list(coder.code_documents(docs))
    assert [type(o).__name__ for o in out] == [
        "InputError", "InputError", "CodedDocument", "CodedDocument"]
    assert [getattr(o, "path", None) for o in out[:2]] == ["c", "a"]  # each its own error
    assert all("E088" in o.message for o in out[:2])  # type: ignore[union-attr]
    fine = out[2]
    assert not isinstance(fine, errors.InputError)
    assert [s.sentence_index for s in fine.sentences] == list(range(15))
    assert [s.paragraph for s in fine.sentences] == [0] * 5 + [1] * 5 + [2] * 5


@pytest.mark.slow
@pytest.mark.model
def test_a_document_over_spacys_limit_is_coded_and_its_batch_stored(
    tmp_path: Path, coder: Coder
) -> None:
    text = _long_text(7_500)
    assert len(text) > 1_000_000  # spaCy's own limit
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in [
        {"id": "before", "text": JAPAN}, {"id": "huge", "text": text},
        {"id": "after", "text": RUSSIA}]) + "\n", encoding="utf-8")
    db = tmp_path / "l.duckdb"
    result = analyze([str(corpus)], db=db, coder=coder, keep_coded=False)
    assert not result.failures
    assert set(_documents(db)) == {"before", "huge", "after"}
    assert _check_sentences_true(db, "huge") == 3 * 7_500


@pytest.mark.slow
@pytest.mark.model
def test_on_dask_surrogates_and_a_huge_document_fail_nobody(tmp_path: Path) -> None:
    from detente.distributed import analyze_distributed

    corpus = _surrogate_corpus(tmp_path)
    huge = _long_text(7_500)
    with corpus.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"id": "huge", "text": huge}) + "\n")
        out.write(json.dumps({"id": "after-huge", "text": PERU}) + "\n")
    db = tmp_path / "d.duckdb"
    # chunks of 3: the huge document shares its chunk with a surrogate record and a good one
    result = analyze_distributed([str(corpus)], db=db, workers=2, chunk_documents=3,
                                 keep_coded=False)
    assert not result.failures, result.failures
    stored = _documents(db)
    assert set(stored) == SURROGATE_IDS | {"huge", "after-huge"}
    assert _check_sentences_true(db, "huge") == 3 * 7_500


# -- 3. document identity -------------------------------------------------------------------

def _corpus(path: Path, records: list[dict[str, str]]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


@pytest.mark.model
def test_two_corpora_numbering_from_one_keep_both_documents(
    tmp_path: Path, coder: Coder, caplog: pytest.LogCaptureFixture
) -> None:
    a = _corpus(tmp_path / "a" / "news.jsonl", [{"id": "1", "text": CHILE},
                                                {"id": "2", "text": PERU}])
    b = _corpus(tmp_path / "b" / "news.jsonl", [{"id": "1", "text": JAPAN}])
    db = tmp_path / "i.duckdb"
    analyze([a], db=db, coder=coder)
    with caplog.at_level(logging.WARNING, logger="detente.identity"):
        second = analyze([b], db=db, coder=coder)
    docs = _documents(db)
    (renamed,) = set(docs) - {"1", "2"}
    assert renamed.startswith("1@") and "is stored as" in caplog.text
    mentions = _mentions(db)
    assert any("Chile" in s for s in mentions["1"])  # corpus a's events are still there
    assert any("Japan" in s for s in mentions[renamed])
    assert not second.replaced
    # In one run, in either order, the same: both kept, nothing new on a re-run.
    db2 = tmp_path / "j.duckdb"
    analyze([b, a], db=db2, coder=coder)
    assert len(_documents(db2)) == 3
    again = analyze([a, b], db=db2, coder=coder)
    assert len(again.unchanged) == 3 and not again.coded


@pytest.mark.model
def test_standard_input_twice_keeps_both_texts(
    tmp_path: Path, coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "s.duckdb"

    def from_stdin(text: str) -> AnalyzeResult:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
        return analyze(["-"], db=db, coder=coder)

    from_stdin(CHILE)
    from_stdin(JAPAN)
    docs = _documents(db)
    assert len(docs) == 2 and "-" in docs
    assert {k["key"].split(":")[0] for k in docs.values()} == {"stdin"}
    third = from_stdin(CHILE)  # the same text again is the same document
    assert third.unchanged == ["-"] and len(_documents(db)) == 2


@pytest.mark.model
def test_the_same_relative_path_from_two_folders_is_two_documents(
    tmp_path: Path, coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in (("a", CHILE), ("b", JAPAN)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "r.duckdb"
    monkeypatch.chdir(tmp_path / "a")
    analyze(["story.txt"], db=db, coder=coder)
    monkeypatch.chdir(tmp_path / "b")
    result = analyze(["story.txt"], db=db, coder=coder)
    assert not result.replaced
    docs = _documents(db)
    assert len(docs) == 2 and "story.txt" in docs
    mentions = _mentions(db)
    assert any("Chile" in s for s in mentions["story.txt"])
    assert any("Japan" in s for d, ss in mentions.items() if d != "story.txt" for s in ss)


@pytest.mark.model
def test_one_file_under_three_spellings_is_stored_once(
    tmp_path: Path, coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "x.txt").write_text(CHILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "x.duckdb"
    runs = [analyze([given], db=db, coder=coder)
            for given in ("x.txt", "./x.txt", str(tmp_path / "x.txt"))]
    assert len(runs[0].coded) == 1
    assert runs[1].unchanged == ["x.txt"] and runs[2].unchanged == ["x.txt"]
    one_run = analyze(["x.txt", "./x.txt", str(tmp_path / "x.txt")],
                      db=tmp_path / "y.duckdb", coder=coder)
    assert len(one_run.coded) == 1
    assert len(_documents(db)) == 1 and len(_documents(tmp_path / "y.duckdb")) == 1


@pytest.mark.model
def test_a_changed_file_replaces_its_stored_version_and_says_so(
    tmp_path: Path, coder: Coder, caplog: pytest.LogCaptureFixture
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(CHILE, encoding="utf-8")
    db = tmp_path / "c.duckdb"
    first = analyze([str(story)], db=db, coder=coder)
    n_before = len(first.events)
    story.write_text(JAPAN, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="detente.identity"):
        second = analyze([str(story)], db=db, coder=coder)
    assert second.replaced == [str(story)]
    assert f"replaces the stored one and its {n_before} event mention(s)" in caplog.text
    stored = _mentions(db)[str(story)]
    assert stored and all("Japan" in s for s in stored)  # only the new text's events


@pytest.mark.model
def test_a_store_from_before_source_keys_keeps_its_documents(
    tmp_path: Path, coder: Coder
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(CHILE, encoding="utf-8")
    db = tmp_path / "old.duckdb"
    analyze([str(story)], db=db, coder=coder)
    with duckdb.connect(str(db)) as con:  # the documents table as older versions made it
        con.execute("ALTER TABLE documents DROP COLUMN source_key")
    again = analyze([str(story)], db=db, coder=coder)  # reopening adds the column back
    assert again.unchanged == [str(story)]
    assert list(_documents(db).values())[0]["key"] is None


# -- 7. clean up ----------------------------------------------------------------------------

def test_a_store_write_leaves_no_named_file_at_any_moment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # While a batch is inside DuckDB, a kill would leave any named file behind: there is none.
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    seen: list[list[str]] = []
    with (
        Store(tmp_path / "t.duckdb") as store,
        store._batch("probe", [{"doc_id": "a"}], {"doc_id": "VARCHAR"}),
    ):
        seen.append(os.listdir(scratch))
        rows = store.con.execute("SELECT * FROM probe").fetchall()
    assert rows == [("a",)] and seen == [[]] and os.listdir(scratch) == []


@pytest.mark.slow
@pytest.mark.model
def test_a_run_killed_mid_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    import signal

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    corpus = _corpus(tmp_path / "c.jsonl",
                     [{"id": str(i), "text": f"{CHILE} {JAPAN} Item {i}."} for i in range(600)])
    db = tmp_path / "k.duckdb"
    # Batches of 2 documents: the run is writing to the store almost all the time.
    script = ("import sys, detente.pipeline as p; p.DOCUMENT_BATCH = 2; "
              "p.analyze([sys.argv[1]], db=sys.argv[2], keep_coded=False, "
              "on_document=lambda item: print('doc', flush=True))")
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen([PYTHON, "-c", script, corpus, str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    for n, _line in enumerate(proc.stdout):
        if n >= 40:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert os.listdir(scratch) == []


@pytest.mark.model
def test_csv_export_writes_list_columns_as_csv_values(tmp_path: Path, coder: Coder) -> None:
    from typer.testing import CliRunner

    from detente.cli import app

    story = tmp_path / "s.txt"
    story.write_text("Chile imposed tariffs on Argentine wheat and beef imports on 4 May 2021.",
                     encoding="utf-8")
    db = tmp_path / "e.duckdb"
    analyze([str(story)], db=db, coder=coder)
    result = CliRunner().invoke(app, ["events", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    for row in rows:
        assert json.loads(row["doc_ids"]) == [str(story)]
        issues = json.loads(row["issues"])
        assert isinstance(issues, list) and all(isinstance(i, str) for i in issues)
    assert any(json.loads(row["issues"]) for row in rows)  # a real list, not only empty ones


def test_a_csv_record_with_an_unbalanced_quote_is_reported_and_not_merged(
    tmp_path: Path
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "id,text\n"
        f'1,"{CHILE}\n'  # the quote never closes
        f"2,{JAPAN}\n"
        f'3,"{RUSSIA}"\n'
        f'4,"{PERU}\n',  # open at the end of the file
        encoding="utf-8",
    )
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == [
        "MalformedInput", "Document", "Document", "MalformedInput"]
    first, two, three, last = items
    assert isinstance(first, errors.MalformedInput)
    assert first.line == 2 and "unbalanced quote" in first.message
    assert "read again" in first.message
    assert isinstance(two, Document) and (two.id, two.text) == ("2", JAPAN)
    assert isinstance(three, Document) and (three.id, three.text) == ("3", RUSSIA)
    assert isinstance(last, errors.MalformedInput) and last.line == 5
    assert "end of the file" in last.message


@pytest.mark.slow
@pytest.mark.model
def test_one_long_record_stays_within_the_memory_budget(tmp_path: Path) -> None:
    # 221 KB in one paragraph peaked at 882 MB when it was parsed in one go.
    text = " ".join([CHILE, JAPAN, RUSSIA, PERU] * 800)[:221_000]
    corpus = _corpus(tmp_path / "one.jsonl", [{"id": "long", "text": text}])
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc/self/status (Linux) to read the peak memory of a process")
    # VmHWM, not getrusage: ru_maxrss survives exec, so it would count this test process too.
    script = ("import re, sys; from detente.pipeline import analyze; "
              "r = analyze([sys.argv[1]], db=None, keep_coded=False); "
              "assert not r.failures, r.failures; "
              "status = open('/proc/self/status').read(); "
              r"print(int(re.search(r'VmHWM:\s+(\d+)', status)[1]) // 1024)")
    done = subprocess.run([PYTHON, "-c", script, corpus], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert done.returncode == 0, done.stderr[-2000:]
    peak_mb = int(done.stdout.split()[-1])
    assert peak_mb <= 600, f"peak {peak_mb} MB"


@pytest.mark.slow
@pytest.mark.model
def test_dask_workers_leave_no_actor_files_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from detente.distributed import analyze_distributed

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # the worker processes' temporary folder
    actors = tmp_path / "fictional.yaml"
    actors.write_text("- name: Freedonia\n  kind: state\n  country: FRD\n", encoding="utf-8")
    corpus = _corpus(tmp_path / "c.jsonl",
                     [{"id": "f1", "text": "Freedonia accused Chile of spying on its navy."}])
    result = analyze_distributed([corpus], workers=1, actor_files=[actors])
    assert [e.source.code for e in result.events if e.source] == ["FRD"]
    assert not list(scratch.glob("detente-*"))
