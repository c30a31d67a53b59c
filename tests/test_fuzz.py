"""Fuzzing the corpus readers and the Python API with hostile values (hypothesis).

Lone surrogates, control characters, byte-order marks, line separators, huge and empty fields
and values of the wrong JSON type go in beside good records. Only detente's own errors may come
out, every good record must come out as a document (and be stored, through `analyze`), and
everything that comes out must be storable as UTF-8.

`DETENTE_FUZZ_SCALE=10 pytest tests/test_fuzz.py` runs ten times as many examples.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from detente.errors import DetenteError, InputError, UsageError
from detente.ingest import read_inputs
from detente.pipeline import Coder, analyze
from detente.records import Document

GOOD_TEXTS = (
    "Chile accused Argentina of violating the border treaty in Santiago on Monday.",
    "Japan and South Korea agreed to resume talks on trade in Seoul on Friday.",
    "Russia threatened Ukraine with new sanctions, officials in Moscow said.",
)
# Characters that broke or could break a reader, a parser or a store, beside any character.
NASTY = ("\udc80", "\ud800", "\udfff", "\ud83d", "\x00", "\x1b", "\x7f", "\u2028", "\u2029",
         "\ufeff", "\ufffd", "\r", "\n", "\t", "\x85", "\x0b", "\x0c", '"', "\\", ",", "\u200b")
chars = st.one_of(st.characters(), st.sampled_from(NASTY))
hostile_text = st.one_of(
    st.text(chars, max_size=80),
    st.just(""),
    st.builds(lambda c, n: c * n, st.sampled_from(NASTY + ("a", " ")), st.integers(0, 30_000)),
)
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), hostile_text)
json_value = st.recursive(
    scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(chars, max_size=5),
                                                                        inner, max_size=3),
    max_leaves=6,
)
FIELDS = ("id", "text", "title", "url", "source", "date", "format")
hostile_record = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(chars, max_size=8)), json_value, max_size=6
)
# HTML pages go through the HTML extractor: hostile markup around hostile text.
html_record = st.fixed_dictionaries({
    "format": st.just("html"),
    "text": st.one_of(hostile_text, st.builds(
        lambda t, u: f"<html><head><title>{u}</title></head><body><p>{t}</p><p>{u}</body>",
        hostile_text, st.text(chars, max_size=20))),
})
any_record = st.one_of(hostile_record, html_record)
metadata = st.fixed_dictionaries({}, optional={name: json_value for name in
                                               ("title", "url", "source", "date")})
SCALE = int(os.environ.get("DETENTE_FUZZ_SCALE", "1"))
FUZZ = settings(max_examples=60 * SCALE, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _good(n: int, meta: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": f"good-{i}", "text": GOOD_TEXTS[i % 3], **meta[i % len(meta)]}
            for i in range(n)]


def _utf8(document: Document) -> None:
    """Everything a document carries can be written to a UTF-8 store."""
    for name in ("id", "text", "path", "title", "url", "source", "date", "key"):
        value = getattr(document, name)
        if value is not None:
            value.encode("utf-8")


def _read(path: Path) -> list[Document | InputError]:
    items = list(read_inputs([str(path)]))
    for item in items:
        assert isinstance(item, Document | InputError), item
        if isinstance(item, Document):
            _utf8(item)
    return items


def _interleave(good: list[dict[str, Any]], bad: list[Any], order: list[bool]) -> list[Any]:
    good_it, bad_it = iter(good), iter(bad)
    out = [next(bad_it, None) if take_bad else next(good_it, None) for take_bad in order]
    out = [x for x in out if x is not None]
    return out + list(good_it) + list(bad_it)


@FUZZ
@given(
    bad=st.lists(any_record, max_size=8),
    meta=st.lists(metadata, min_size=1, max_size=3),
    n_good=st.integers(1, 4),
    order=st.lists(st.booleans(), max_size=12),
)
def test_jsonl_reader_yields_every_good_record_and_only_its_own_errors(
    bad: list[dict[str, Any]], meta: list[dict[str, Any]], n_good: int, order: list[bool]
) -> None:
    assume(not any(str(r.get("id", "")).startswith("good-") for r in bad))
    records = _interleave(_good(n_good, meta), bad, order)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.jsonl"
        # json.dumps writes lone surrogates as \ud800 escapes, as scrapers' JSON does
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="ascii")
        items = _read(path)
    assert len(items) == len(records)  # one document or one named error per record
    documents = {d.id: d for d in items if isinstance(d, Document)}
    for record in records:
        if str(record.get("id", "")).startswith("good-"):
            assert documents[record["id"]].text == record["text"]
    for error in items:
        if isinstance(error, InputError):
            assert error.line is not None and f"line {error.line}" in error.message


@FUZZ
@given(
    cells=st.lists(st.lists(hostile_text, min_size=0, max_size=5), max_size=8),
    n_good=st.integers(1, 4),
    order=st.lists(st.booleans(), max_size=12),
)
def test_csv_reader_yields_every_good_row_and_only_its_own_errors(
    cells: list[list[str]], n_good: int, order: list[bool]
) -> None:
    # A NUL byte makes the whole file binary (refused at once), which is not what we test here.
    bad = [[c.replace("\x00", "") for c in row] for row in cells]
    assume(not any(row and row[0].startswith("good-") for row in bad))
    good = [[f"good-{i}", GOOD_TEXTS[i % 3], "a title"] for i in range(n_good)]
    rows = _interleave(good, bad, order)  # type: ignore[arg-type]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "text", "title"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        # surrogates cannot be UTF-8: they become bytes that are not UTF-8 (refused per row)
        path.write_bytes(out.getvalue().encode("utf-8", "surrogatepass"))
        items = _read(path)
    documents = {d.id: d for d in items if isinstance(d, Document)}
    for i in range(n_good):
        assert documents[f"good-{i}"].text == GOOD_TEXTS[i % 3]
    assert len(items) <= len(rows)


@pytest.mark.model
@settings(max_examples=40 * SCALE, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.one_of(st.text(chars, max_size=300),
                      st.builds(lambda t, junk: t + junk, st.sampled_from(GOOD_TEXTS),
                                st.text(chars, max_size=40))))
def test_code_text_returns_events_or_raises_only_detente_errors(coder: Coder, text: str) -> None:
    try:
        events = coder.code_text(text, doc_id="fuzz\udc80")
    except DetenteError:
        return
    for event in events:
        json.dumps(event.to_dict(), ensure_ascii=False).encode("utf-8")
        assert event.doc_id == "fuzz\\udc80"


@pytest.mark.model
@pytest.mark.parametrize("value", [None, 42, b"Chile accused Argentina.", ["Chile"], {"t": 1}])
def test_code_text_of_the_wrong_type_is_a_usage_error(coder: Coder, value: Any) -> None:
    with pytest.raises(UsageError, match="text must be a str"):
        coder.code_text(value)


@pytest.mark.model
def test_analyze_takes_paths_of_any_kind_and_refuses_others(tmp_path: Path,
                                                              coder: Coder) -> None:
    story = tmp_path / "s.txt"
    story.write_text(GOOD_TEXTS[0], encoding="utf-8")
    assert len(analyze(story, db=None, coder=coder).coded) == 1  # type: ignore[arg-type]
    assert len(analyze([story], db=None, coder=coder).coded) == 1  # type: ignore[list-item]
    with pytest.raises(UsageError, match="expected paths"):
        analyze([42], db=None, coder=coder)  # type: ignore[list-item]


@pytest.mark.slow
@pytest.mark.model
@settings(max_examples=20 * SCALE, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(
    bad=st.lists(any_record, max_size=6),
    meta=st.lists(metadata, min_size=1, max_size=3),
    n_good=st.integers(1, 3),
    order=st.lists(st.booleans(), max_size=9),
)
def test_analyze_stores_every_good_record_whatever_comes_beside_it(
    coder: Coder, bad: list[dict[str, Any]], meta: list[dict[str, Any]], n_good: int,
    order: list[bool],
) -> None:
    assume(not any(str(r.get("id", "")).startswith("good-") for r in bad))
    records = _interleave(_good(n_good, meta), bad, order)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="ascii")
        db = Path(tmp) / "fuzz.duckdb"
        result = analyze([str(path)], db=db, coder=coder)
        assert all(isinstance(f, InputError) for f in result.failures)
        with duckdb.connect(str(db), read_only=True) as con:
            stored = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
    assert {f"good-{i}" for i in range(n_good)} <= stored
    assert len(stored) == len(result.coded)
