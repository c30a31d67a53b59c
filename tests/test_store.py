"""The DuckDB store: idempotent writes, replacement of changed documents, merged duplicates."""

from __future__ import annotations

import duckdb
import pytest

from detente.errors import StoreError
from detente.store import DocumentRow, SentenceRow, Store, StoreWriter


def test_adding_the_same_document_twice_adds_nothing(tmp_path, make_event, add_doc):
    db = tmp_path / "t.duckdb"
    events = [make_event("a.txt", 0, "Yoon visited Tokyo on March 16.")]
    with Store(db) as store:
        add_doc(store, "a.txt", events)
        add_doc(store, "a.txt", events)
        assert store.counts() == {"documents": 1, "sentences": 1, "mentions": 1, "events": 1}
    # reopening the file keeps everything
    with Store(db, read_only=True) as store:
        assert store.counts()["events"] == 1
        assert store.stored_hashes(["a.txt", "b.txt"]) == {"a.txt": "v1"}


def test_a_changed_document_replaces_its_own_rows_only(tmp_path, make_event, add_doc):
    with Store(tmp_path / "t.duckdb") as store:
        add_doc(store, "a.txt", [make_event("a.txt", 0, "Yoon visited Tokyo on March 16.")])
        add_doc(store, "b.txt", [make_event("b.txt", 0, "China criticized the summit.", "111",
                                            date="2023-08-18", source="CHN", target="USA")])
        add_doc(store, "a.txt", [make_event("a.txt", 2, "Japan lifted export controls.", "0811",
                                            date="2023-03-16", source="JPN", target="KOR")],
                content="v2")
        frame = store.events_frame()
        assert sorted(frame["cameo"]) == ["0811", "111"]
        assert store.counts()["documents"] == 2


def test_the_same_event_from_two_documents_is_one_event_with_two_mentions(
    tmp_path, make_event, add_doc,
):
    with Store(tmp_path / "t.duckdb") as store:
        add_doc(store, "a.txt", [make_event("a.txt", 0, "Yoon visited Tokyo on March 16.")])
        add_doc(store, "b.txt", [make_event("b.txt", 5, "On March 16 Yoon arrived in Tokyo.")])
        merged = store.events_frame()
        assert len(merged) == 1
        assert int(merged["n_mentions"][0]) == 2
        assert list(merged["doc_ids"][0]) == ["a.txt", "b.txt"]
        assert len(store.events_frame(mentions=True)) == 2
        # replacing one source document takes its mention out of the merged count
        add_doc(store, "b.txt", [], content="v2")
        assert int(store.events_frame()["n_mentions"][0]) == 1


def test_coarse_dates_merge_only_repeated_sentences(tmp_path, make_event, add_doc):
    with Store(tmp_path / "t.duckdb") as store:
        add_doc(store, "a.txt", [
            make_event("a.txt", 0, "In the 1970s Ankara clashed with Washington.", "111",
                       date="1970-01-01", precision="decade", source="TUR", target="USA"),
            make_event("a.txt", 3, "Turkey later criticized Washington again.", "111",
                       date="1970-01-01", precision="decade", source="TUR", target="USA"),
        ])
        assert len(store.events_frame()) == 2


def test_dyad_filter_matches_both_directions(tmp_path, make_event, add_doc):
    with Store(tmp_path / "t.duckdb") as store:
        add_doc(store, "a.txt", [
            make_event("a.txt", 0, "Yoon visited Tokyo.", source="KOR", target="JPN"),
            make_event("a.txt", 1, "Kishida visited Seoul.", date="2023-05-07",
                       source="JPN", target="KOR"),
            make_event("a.txt", 2, "China criticized the summit.", "111", source="CHN",
                       target="USA"),
        ])
        assert len(store.events_frame(dyad=("JPN", "KOR"))) == 2
        records = store.event_records(dyad=("KOR", "JPN"), since="2023-04-01")
        assert [r["sentence"] for r in records] == ["Kishida visited Seoul."]
        assert records[0]["n_mentions"] == 1 and records[0]["place"]["name"] == "Tokyo"


def test_a_missing_store_opened_for_reading_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_imported_events_are_idempotent_and_need_no_documents(tmp_path, make_event):
    from dataclasses import replace

    events = [make_event("gdelt:1", 0, "", "042"), make_event("gdelt:2", 0, "", "111",
                                                               source="CHN", target="USA")]
    with Store(tmp_path / "t.duckdb") as store:
        assert store.add_events(events, origin="gdelt") == 2
        assert store.add_events(events, origin="gdelt") == 0  # the same file again
        changed = replace(events[1], cameo="112", root="11")
        assert store.add_events([changed], origin="gdelt") == 1  # a re-issued record
        counts = store.counts()
        assert counts["documents"] == 0 and counts["mentions"] == 2 and counts["events"] == 2
        assert sorted(store.events_frame()["cameo"]) == ["042", "112"]
        assert set(store.events_frame()["origin"]) == {"gdelt"}


def test_two_sentences_restating_one_event_are_one_event(tmp_path, make_event, add_doc):
    with Store(tmp_path / "t.duckdb") as store:
        add_doc(store, "a.txt", [
            make_event("a.txt", 0, "Yoon visited Tokyo on March 16."),
            make_event("a.txt", 4, "His March 16 visit to Tokyo was the first in years."),
            make_event("a.txt", 6, "Yoon visited Osaka on March 17.", date="2023-03-17"),
        ])
        merged = store.events_frame()
        assert len(merged) == 2 and len(store.events_frame(mentions=True)) == 3
        first = merged[merged["date"].astype(str) == "2023-03-16"]
        assert int(first["n_mentions"].iloc[0]) == 2 and int(first["n_documents"].iloc[0]) == 1


@pytest.fixture()
def batch(make_event):  # type: ignore[no-untyped-def]
    """`batch(doc_id, content)`: one document's rows, sentences and events, for a writer."""

    def rows(doc_id: str, content: str = "v1") -> tuple[list, list, list]:
        events = [make_event(doc_id, 0, f"Yoon visited Tokyo on March 16 ({doc_id}).")]
        row = DocumentRow(doc_id=doc_id, path=doc_id, content_hash=content)
        return [row], [SentenceRow(doc_id, 0, events[0].sentence, 0, False)], events

    return rows


def test_the_background_writer_commits_every_batch_in_order(tmp_path, batch):
    with Store(tmp_path / "t.duckdb") as store:
        writer = StoreWriter(store)
        writer.add(*batch("a.txt"))
        # the batch in flight already counts as stored for the next batch's skip check
        assert writer.stored_hashes(["a.txt", "b.txt"]) == {"a.txt": "v1"}
        writer.add(*batch("b.txt"))
        writer.add(*batch("a.txt", content="v2"))  # replaces the first version
        assert writer.close() == 3
        assert store.counts()["documents"] == 2
        assert store.stored_hashes(["a.txt", "b.txt"]) == {"a.txt": "v2", "b.txt": "v1"}


def test_a_failed_background_write_is_raised_and_loses_nothing_stored(tmp_path, batch):
    with Store(tmp_path / "t.duckdb") as store:
        writer = StoreWriter(store)
        writer.add(*batch("a.txt"))
        rows, sentences, events = batch("b.txt")
        # two sentences with the same key break the primary key: the write fails on the thread
        writer.add(rows, sentences * 2, events)
        with pytest.raises(duckdb.ConstraintException, match="(?i)duplicate key"):
            writer.close()
        assert store.stored_hashes(["a.txt", "b.txt"]) == {"a.txt": "v1"}
        assert store.counts()["sentences"] == 1
