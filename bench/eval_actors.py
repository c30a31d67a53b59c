"""Actor accuracy and actor-matching cost.

    python bench/eval_actors.py [--gold FILE.jsonl] [--own FILE.jsonl] [--corpus FILE.jsonl]
                                [--docs N] [--errors]

1. Through the full pipeline (`detente.pipeline.Coder`) on the PLOVER gold standard
   (../shared/data/plover_gsr.jsonl): per sentence, the set of source countries of the coded
   events against the gold set (micro precision / recall / F1), and sector accuracy on the
   source countries both agree on.
2. The actor stage alone, independent of event coding: the mentions over each gold source's
   annotated text (`source_text`) against its country and sector (precision over spans where
   we found a mention, recall over all gold spans); and a cruder proxy: is the first gold
   source's country among the sentence's mentions, is the first mention's country that one.
3. Our own dated sentences: resolved code of each listed mention on the sentence's date
   (people in and out of office, metonymy, sectors, groups). bench/actors_gold.jsonl was
   written first and used while developing; bench/actors_heldout.jsonl was written later and
   first measured without changes to the matcher (see docs/EVALUATION.md).
4. Cost: matching time against parse time on the first N documents of a real corpus.
5. With --petrarch: PETRARCH-2's syntax unit tests (../shared/data/petrarch2_unittest.jsonl)
   coded through the full pipeline with PETRARCH's own validation dictionaries imported
   (`--actors PETR.Validate.actors.txt --actors PETR.Validate.agents.txt`): share of expected
   events whose source and target codes we produce, and whose CAMEO code matches too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
# CAMEO country codes that differ from ISO 3166-1 alpha-3 in the gold files.
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "UAR": "EGY", "LEB": "LBN", "KUW": "KWT"}


def gold_sources(record: dict) -> list[tuple[str, str]]:
    """(country, sector) of each gold source; sector '' when the gold gives none."""
    out = []
    for event in record["expected"]:
        source = event.get("source") or ""
        if not source:
            continue
        country, _, sector = source.partition(":")
        country = CAMEO_TO_ISO.get(country, country)
        out.append((country, sector[:3] if sector not in ("", "***") else ""))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def eval_pipeline(coder, records: list[dict], show_errors: bool) -> dict:
    tp = n_pred = n_gold = 0
    sector_hits = sector_total = 0
    for record in records:
        gold = gold_sources(record)
        if not gold:
            continue
        events = coder.code_text(record["text"], date=record.get("date") or None)
        predicted = {e.source.country for e in events if e.source and e.source.country}
        gold_countries = {c for c, _ in gold}
        hits = predicted & gold_countries
        tp += len(hits)
        n_pred += len(predicted)
        n_gold += len(gold_countries)
        for country, sector in gold:
            if country not in hits:
                continue
            ours = {
                e.source.sector or "" for e in events if e.source and e.source.country == country
            }
            sector_total += 1
            sector_hits += sector in ours
        if show_errors and predicted != gold_countries:
            print(f"  {sorted(predicted)} vs {sorted(gold_countries)}: {record['text'][:110]}")
    p, r, f = prf(tp, n_pred, n_gold)
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "sector_accuracy": sector_hits / sector_total if sector_total else 0.0,
        "sector_n": sector_total,
    }


def eval_proxy(nlp, matcher, records: list[dict], show_errors: bool) -> dict:
    found = first = total = 0
    for record in records:
        gold = gold_sources(record)
        if not gold:
            continue
        mentions = matcher.match(nlp(record["text"]))
        countries = [m.resolve(record.get("date") or None).country for m in mentions]
        total += 1
        found += gold[0][0] in countries
        first += bool(countries) and countries[0] == gold[0][0]
        if show_errors and gold[0][0] not in countries:
            print(f"  missed {gold[0][0]}: {record['text'][:110]}")
    return {
        "n": total,
        "source_in_mentions": found / total,
        "first_mention_is_source": first / total,
    }


def eval_spans(nlp, matcher, records: list[dict], show_errors: bool) -> dict:
    """Actor stage on the gold source spans: does a mention over the annotated source text give
    its country (and sector)? Independent of event coding."""
    gold_n = found = right = sector_right = 0
    for record in records:
        text = record["text"]
        doc = None
        for event in record["expected"]:
            source, span = event.get("source") or "", (event.get("source_text") or "").strip()
            if not source or not span or span not in text:
                continue
            if doc is None:
                doc = nlp(text)
                mentions = matcher.match(doc)
            country, _, sector = source.partition(":")
            country = CAMEO_TO_ISO.get(country, country)
            sector = sector[:3] if sector not in ("", "***") else ""
            begin = text.index(span)
            stop = begin + len(span)
            over = [
                m
                for m in mentions
                if doc[m.start].idx < stop and doc[m.end - 1].idx + len(doc[m.end - 1]) > begin
            ]
            gold_n += 1
            if not over:
                if show_errors:
                    print(f"  no mention in {span!r} ({source}): {text[:90]}")
                continue
            found += 1
            actors = [m.resolve(record.get("date") or None) for m in over]
            hit = next((a for a in actors if a.country == country), None)
            right += hit is not None
            sector_right += hit is not None and (hit.sector or "") == sector
            if show_errors and hit is None:
                print(f"  {[a.code for a in actors]} in {span!r} != {source}: {text[:80]}")
    p, r, f = prf(right, found, gold_n)
    return {
        "spans": gold_n,
        "precision": p,
        "recall": r,
        "f1": f,
        "sector_accuracy": sector_right / right if right else 0.0,
    }


def eval_own(nlp, matcher, path: Path, show_errors: bool) -> dict:
    right = total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        mentions = matcher.match(nlp(record["text"]))
        for text, code in record["expected"].items():
            # the mention whose text is the expected text, else one that contains it or lies
            # inside it (span conventions differ: "Chinese embassy" vs "Chinese embassy in X")
            same = [m for m in mentions if m.text == text]
            near = [m for m in mentions if text in m.text or m.text in text]
            found = (same or near or [None])[0]
            got = found.resolve(record.get("date")).code if found is not None else None
            total += 1
            right += got == code
            if show_errors and got != code:
                print(f"  {text!r}: {got} != {code} in {record['text'][:90]}")
    return {"n": total, "accuracy": right / total if total else 0.0}


def eval_petrarch(nlp, records: list[dict], dictionaries: Path, show_errors: bool) -> dict:
    from detente.pipeline import Coder

    files = [dictionaries / "PETR.Validate.actors.txt", dictionaries / "PETR.Validate.agents.txt"]
    coder = Coder(nlp=nlp, actor_files=files)
    expected = pair = full = source_hits = 0
    for record in records:
        events = coder.code_text(record["text"], date=record.get("date") or None)
        coded = [
            (e.source.code if e.source else "", e.target.code if e.target else "", e.cameo)
            for e in events
        ]
        for gold in record["expected"]:
            expected += 1
            source, target, code = gold.get("source", ""), gold.get("target", ""), gold["code"]
            source_hits += any(c[0] == source for c in coded)
            pair += any(c[0] == source and c[1] == target for c in coded)
            full += any(c == (source, target, code) for c in coded)
            if show_errors and not any(c[0] == source and c[1] == target for c in coded):
                print(f"  {source}->{target} {code} not in {coded}: {record['text'][:90]}")
    return {
        "records": len(records),
        "events": expected,
        "source": source_hits / expected,
        "source_and_target": pair / expected,
        "with_cameo_code": full / expected,
    }


def eval_cost(nlp, matcher, corpus: Path, n_docs: int, rounds: int = 2) -> dict:
    """Parse time and matching time on the same documents; the fastest of `rounds` runs of
    each, since the machine is shared and a single run can be slowed by other work."""
    texts = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) == n_docs:
                break
    parse_times, match_times = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=64))
        parse_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        n_mentions = sum(len(matcher.match(doc)) for doc in docs)
        match_times.append(time.perf_counter() - start)
    sentences = sum(1 for doc in docs for _ in doc.sents)
    parse, match = min(parse_times), min(match_times)
    return {
        "docs": len(docs),
        "sentences": sentences,
        "mentions": n_mentions,
        "parse_s": parse,
        "match_s": match,
        "ratio": match / parse,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=SHARED / "plover_gsr.jsonl")
    parser.add_argument("--own", type=Path, default=REPO / "bench" / "actors_gold.jsonl")
    parser.add_argument("--heldout", type=Path, default=REPO / "bench" / "actors_heldout.jsonl")
    parser.add_argument("--corpus", type=Path, default=SHARED / "ngec_synthetic.jsonl")
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--errors", action="store_true", help="print each miss")
    parser.add_argument("--petrarch", action="store_true", help="score PETRARCH's unit tests")
    parser.add_argument("--no-pipeline", action="store_true", help="skip the full-pipeline run")
    args = parser.parse_args()

    from detente.actors import ActorMatcher
    from detente.parse import load_pipeline

    nlp = load_pipeline()
    matcher = ActorMatcher(nlp.vocab)
    report: dict[str, dict] = {}
    if args.gold.exists():
        records = [json.loads(x) for x in args.gold.read_text(encoding="utf-8").splitlines() if x]
        report["gold source spans (actor stage alone)"] = eval_spans(
            nlp, matcher, records, args.errors
        )
        report["first-actor proxy"] = eval_proxy(nlp, matcher, records, args.errors)
        if not args.no_pipeline:
            from detente.pipeline import Coder

            coder = Coder(nlp=nlp)
            report["pipeline source country"] = eval_pipeline(coder, records, args.errors)
    else:
        print(f"gold file {args.gold} not found: skipping the gold evaluation", file=sys.stderr)
    unit_tests = SHARED / "petrarch2_unittest.jsonl"
    if args.petrarch and unit_tests.exists():
        records = [json.loads(x) for x in unit_tests.read_text(encoding="utf-8").splitlines() if x]
        report["petrarch unit tests"] = eval_petrarch(
            nlp, records, SHARED / "petrarch2" / "dictionaries", args.errors
        )
    if args.own.exists():
        report["own dated sentences"] = eval_own(nlp, matcher, args.own, args.errors)
    if args.heldout.exists():
        report["held-out dated sentences"] = eval_own(nlp, matcher, args.heldout, args.errors)
    if args.corpus.exists():
        report["cost"] = eval_cost(nlp, matcher, args.corpus, args.docs)
    else:
        print(f"corpus {args.corpus} not found: skipping the cost benchmark", file=sys.stderr)
    for name, figures in report.items():
        shown = ", ".join(
            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()
        )
        print(f"{name}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
