"""End-to-end coding throughput against the same spaCy pipeline alone, and peak memory.

    python bench/run.py [--corpus FILE.jsonl] [--docs N] [--rounds R] [--baseline-src DIR]

Both measurements parse the same cleaned texts with the same pipeline (en_core_web_sm, NER off,
batch 64, one process), in alternating rounds, each in a fresh child process so peak memory
(VmHWM) belongs to one run. The corpus is ../shared/data/ngec_synthetic.jsonl when present,
else text generated from the example article. Budget: end-to-end ≥ 0.9 × spaCy alone, ≤ 600 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "ngec_synthetic.jsonl"
EXAMPLE = REPO / "examples" / "japan-korea-thaw.txt"


def load_corpus(path: Path | None, n_docs: int) -> list[dict[str, str]]:
    """The first n documents of a JSONL corpus, or generated documents from the example."""
    if path is not None and path.exists():
        docs = []
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                docs.append({"id": str(record["id"]), "text": record["text"],
                             "date": record.get("date") or None})
                if len(docs) == n_docs:
                    break
        return docs
    paragraphs = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if len(p) > 200]
    return [{"id": f"generated-{i}", "text": "\n\n".join(paragraphs[i % len(paragraphs):] +
                                                          paragraphs[:i % len(paragraphs)]),
             "date": "2023-09-04"} for i in range(n_docs)]


def peak_memory_mb() -> float:
    """Peak resident memory of this process image (VmHWM restarts at exec; ru_maxrss does not)."""
    try:
        status = Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]
        return int(status) / 1024
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, corpus_file: str) -> None:
    """One measured run in this process; prints a JSON line with the figures."""
    from detente.clean import clean_document
    from detente.records import Document

    docs = [json.loads(line) for line in Path(corpus_file).read_text("utf-8").splitlines()]
    documents = [Document(id=d["id"], text=d["text"], path=d["id"], date=d["date"],
                          date_source="metadata" if d["date"] else None) for d in docs]
    # Steady state: both modes load their pipeline and code a warm-up document before timing,
    # so one-off costs (model load, tables, the gazetteer) are reported apart from throughput.
    warm_up = Document(id="warm-up", text=EXAMPLE.read_text(encoding="utf-8"), path="warm-up",
                       date="2023-09-04", date_source="option")
    load_start = time.perf_counter()
    if mode == "spacy":
        from detente.parse import load_pipeline, sentence_spans

        nlp = load_pipeline()
        nlp(clean_document(warm_up).text)
        texts = [clean_document(d).text for d in documents]
        loaded = time.perf_counter()
        # counted as the pipeline counts them (not `doc.sents`, which costs a Token per word)
        cpu_start = time.process_time()
        sentences = sum(len(sentence_spans(doc)) for doc in nlp.pipe(texts, batch_size=64))
        events = 0
    else:
        # The whole command as a user runs it: read the corpus file, clean, code, store.
        from detente.pipeline import CodedDocument, Coder, analyze

        coder = Coder()
        list(coder.code_documents([warm_up]))
        loaded = time.perf_counter()
        cpu_start = time.process_time()
        counts = {"sentences": 0, "events": 0}

        def count(item: object) -> None:
            if isinstance(item, CodedDocument):
                counts["sentences"] += len(item.sentences)
                counts["events"] += len(item.events)

        with tempfile.TemporaryDirectory() as tmp:
            analyze([corpus_file], db=Path(tmp) / "bench.duckdb", coder=coder,
                    keep_coded=False, on_document=count)
        sentences, events = counts["sentences"], counts["events"]
    elapsed = time.perf_counter() - loaded
    # CPU seconds of every thread of the process: steadier than wall time on a shared machine
    cpu = time.process_time() - cpu_start
    peak_mb = peak_memory_mb()
    print(json.dumps({"mode": mode, "sentences": sentences, "events": events,
                      "seconds": elapsed, "cpu_seconds": cpu, "load_seconds": loaded - load_start,
                      "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=["spacy", "detente"])
    parser.add_argument("--corpus-file")
    parser.add_argument("--baseline-src", type=Path,
                        help="also run detente from this source tree (an earlier commit's src/), "
                             "alternating with the others, for a before/after figure")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.corpus_file)
        return
    docs = load_corpus(args.corpus, args.docs)
    source = args.corpus if args.corpus.exists() else "generated from examples/"
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.writelines(json.dumps(d) + "\n" for d in docs)
        corpus_file = handle.name
    runs: dict[str, list[dict[str, float]]] = {"spacy": [], "detente": []}
    if args.baseline_src:
        runs["baseline"] = []
    for _ in range(args.rounds):
        for mode in runs:
            env = dict(os.environ)
            if mode == "baseline":
                env["PYTHONPATH"] = str(args.baseline_src.resolve())
            output = subprocess.run(
                [sys.executable, __file__, "--child", "spacy" if mode == "spacy" else "detente",
                 "--corpus-file", corpus_file],
                check=True, capture_output=True, text=True, env=env,
            ).stdout
            runs[mode].append(json.loads(output.strip().splitlines()[-1]))
    Path(corpus_file).unlink()
    rate = {m: median(r["sentences"] / r["seconds"] for r in runs[m]) for m in runs}
    peak = {m: max(r["peak_mb"] for r in runs[m]) for m in runs}
    ratio = rate["detente"] / rate["spacy"]
    cpu_rate = {m: median(r["sentences"] / r["cpu_seconds"] for r in runs[m]) for m in runs}
    print(f"corpus: {source}, {len(docs)} documents, "
          f"{int(runs['spacy'][0]['sentences'])} sentences, {args.rounds} rounds (median)")
    load = {m: median(r["load_seconds"] for r in runs[m]) for m in runs}
    print(f"spaCy alone (NER off):   {rate['spacy']:7.1f} sentences/s   "
          f"peak {peak['spacy']:.0f} MB   load {load['spacy']:.1f} s")
    print(f"detente end to end:      {rate['detente']:7.1f} sentences/s   "
          f"peak {peak['detente']:.0f} MB   load {load['detente']:.1f} s   "
          f"events {int(runs['detente'][0]['events'])}")
    if "baseline" in runs:
        print(f"detente from {args.baseline_src}: {rate['baseline']:7.1f} sentences/s   "
              f"ratio {rate['baseline'] / rate['spacy']:.3f}   peak {peak['baseline']:.0f} MB")
    for mode in runs:
        seconds = ", ".join(f"{r['seconds']:.2f}" for r in runs[mode])
        print(f"  {mode} runs (s): {seconds}")
    print(f"per CPU-second: spaCy {cpu_rate['spacy']:.1f}, detente {cpu_rate['detente']:.1f} "
          f"sentences, ratio {cpu_rate['detente'] / cpu_rate['spacy']:.3f}")
    print(f"ratio: {ratio:.3f} (budget ≥ 0.90)   peak memory budget ≤ 600 MB: "
          f"{'met' if peak['detente'] <= 600 else 'NOT met'}")
    if ratio < 0.9 or peak["detente"] > 600:
        sys.exit(1)


if __name__ == "__main__":
    main()
