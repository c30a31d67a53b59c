"""What letting go of the store between batches costs a writer (`Store(hold=False)`, so that
`detente serve` and other readers can open the file while `detente analyze` runs).

    PYTHONPATH=src .venv/bin/python bench/bench_store_release.py --batches 40 --fill 400000

Fills a store with `--fill` synthetic event mentions (kept between runs in `--dir`), then writes
`--batches` batches of 256 documents (8 events each, as coded text gives) into a copy of it,
once holding the connection and once releasing it after every batch, and prints one JSON line
with the median seconds per batch of each.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

from detente.records import Actor, Event, Place, stable_id
from detente.store import DocumentRow, SentenceRow, Store

STATES = ["TUR", "RUS", "USA", "CHN", "JPN", "KOR", "FRA", "DEU", "IND", "BRA", "EGY", "ISR"]


def _batch(tag: str, docs: int = 256, per_doc: int = 8) -> tuple[
        list[DocumentRow], list[SentenceRow], list[Event]]:
    rows, sentences, events = [], [], []
    for d in range(docs):
        doc_id = f"{tag}-{d}"
        rows.append(DocumentRow(doc_id=doc_id, path=doc_id, content_hash=doc_id,
                                pub_date="2023-01-01"))
        for i in range(per_doc):
            a, b = STATES[(d + i) % len(STATES)], STATES[(d * 7 + i + 1) % len(STATES)]
            text = f"{a} met {b} in document {doc_id}, sentence {i}."
            sentences.append(SentenceRow(doc_id, i, text, 0, False))
            events.append(Event(
                id=stable_id(doc_id, i), doc_id=doc_id, sentence_index=i, sentence=text,
                source=Actor(f"{a}GOV", a, "GOV", a, None),
                target=Actor(f"{b}GOV", b, "GOV", b, None),
                cameo="042", root="04", quad_class=1, goldstein=1.9, plover="CONSULT",
                date=f"2023-{d % 12 + 1:02}-{i % 28 + 1:02}", date_precision="day",
                date_text=None, place=Place("Ankara", "TUR", 39.9, 32.8), negated=False,
                modality="asserted", issues=("TRADE",), trigger="met"))
    return rows, sentences, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--fill", type=int, default=400_000, help="mentions stored before")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/detente-bench-release"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    base = args.dir / f"base-{args.fill}.duckdb"
    if not base.exists():
        with Store(base) as store:
            for n in range(args.fill // 2048):
                store.add(*_batch(f"fill{n}"))
    result: dict[str, object] = {"fill_mentions": args.fill, "batches": args.batches,
                                 "events_per_batch": 2048}
    for hold in (True, False):
        copy = args.dir / "run.duckdb"
        shutil.copyfile(base, copy)
        times = []
        store = Store(copy, hold=hold)
        for n in range(args.batches):
            start = time.perf_counter()
            store.add(*_batch(f"run{n}"))
            times.append(time.perf_counter() - start)
        start = time.perf_counter()
        store.close()
        close = time.perf_counter() - start
        result["hold" if hold else "release"] = {
            "median_s": round(statistics.median(times), 4),
            "total_s": round(sum(times) + close, 2)}
        copy.unlink()
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
