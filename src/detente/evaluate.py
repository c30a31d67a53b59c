"""Measure the coder against gold records (the JSON-lines gold format of the reference data).

Each gold record is `{"id", "text", "date", "expected": [{"source", "target", "code", ...}]}`.
The notation of `source`/`target`/`code` differs between gold sets and is read per record:

- CAMEO codes ("042") with actor codes ("RUSGOV", "TUR:GOV", "TUR") → dyad, root, code, PLOVER
  and 5-way class are all scored;
- PLOVER type names ("CONSULT"; 0.5b1 names DEMAND, DISAPPROVE, INVESTIGATE, FIGHT are mapped to
  REQUEST, ACCUSE, ACCUSE, ASSAULT) with `COUNTRY[:SECTOR]` actors → PLOVER type, with and
  without the source country;
- "penta:N" (the 5-way class) with actor text spans → class accuracy and class F1.

`evaluate_file(path)` codes each record's text with the full pipeline and returns an
`EvaluationResult`; `detente eval` prints it as a table or JSON.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.errors import InputError, MalformedInput, UsageError
from detente.events.coder import ANNOUNCED, COUNTERPART
from detente.events.ontology import cameo, is_code, penta_class
from detente.igos import igo_code, is_igo
from detente.records import Actor, Document, Event

if TYPE_CHECKING:
    from detente.pipeline import Coder

log = logging.getLogger("detente.evaluate")

PLOVER_RENAMED = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# Country codes some gold sets write in CAMEO's older three-letter forms.
COUNTRY_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "UK": "GBR", "UKG": "GBR"}
_ACTOR = re.compile(r"^([A-Z]{3})(?::?([A-Z]{3}))?")
# The levels, in the order they are reported.
LEVELS = (
    "dyad_root",  # (source country, target country, CAMEO root)
    "dyad_code",  # (source country, target country, full CAMEO code)
    "source_plover",  # (source country, PLOVER type)
    "dyad_plover",  # (source country, target country, PLOVER type)
    "plover",  # PLOVER type, actors ignored
    "root",  # CAMEO root, actors ignored
    "code",  # full CAMEO code, actors ignored
    "penta",  # 5-way class, actors ignored
)
# Events scored as predictions: hypothetical, intended and denied events did not happen (an
# expressed intention is scored as its own CAMEO 03x/13x event), so gold sets do not list them.
SCORED_MODALITIES = frozenset({"asserted", "reported"})


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class RecordError:
    """A record the coder got wrong at the main level, with a category for error analysis."""

    id: str
    text: str
    category: str
    missed: list[str]
    spurious: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "category": self.category,
            "missed": self.missed,
            "spurious": self.spurious,
        }


@dataclass(slots=True)
class EvaluationResult:
    path: str
    records: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    scores: dict[str, Score] = field(default_factory=dict)
    accuracy: dict[str, tuple[int, int]] = field(default_factory=dict)  # level → (correct, total)
    errors: list[RecordError] = field(default_factory=list)
    main_level: str = ""
    seconds: float = 0.0

    def error_categories(self) -> dict[str, int]:
        return dict(Counter(e.category for e in self.errors).most_common())

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "records": self.records,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "seconds": round(self.seconds, 2),
            "main_level": self.main_level,
            "scores": {level: score.to_dict() for level, score in self.scores.items()},
            "accuracy": {
                level: {"correct": c, "total": t, "accuracy": round(c / t, 4) if t else 0.0}
                for level, (c, t) in self.accuracy.items()
            },
            "error_categories": self.error_categories(),
            "errors": [e.to_dict() for e in self.errors],
        }

    def table_rows(self) -> list[tuple[str, str, str, str, str]]:
        """(level, precision, recall, F1 or accuracy, counts) rows for a table."""
        rows: list[tuple[str, str, str, str, str]] = []
        for level, score in self.scores.items():
            rows.append(
                (
                    level,
                    f"{score.precision:.3f}",
                    f"{score.recall:.3f}",
                    f"{score.f1:.3f}",
                    f"tp={score.tp} fp={score.fp} fn={score.fn}",
                )
            )
        for level, (correct, total) in self.accuracy.items():
            value = correct / total if total else 0.0
            rows.append((f"{level} accuracy", "", "", f"{value:.3f}", f"{correct}/{total}"))
        return rows

    def to_table(self) -> str:
        """A plain-text table (the CLI may render `table_rows()` with rich instead)."""
        header = ("level", "precision", "recall", "F1/acc", "counts")
        rows = [header, *self.table_rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = [f"{self.path}: {self.records} records, {self.gold_events} gold events, "
                 f"{self.predicted_events} predicted events"]  # fmt: skip
        for row in rows:
            lines.append(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            )
        if self.errors:
            cats = ", ".join(f"{k} {v}" for k, v in self.error_categories().items())
            lines.append(f"errors at {self.main_level}: {cats}")
        return "\n".join(lines)


# -- reading gold ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    date: str | None
    expected: tuple[dict[str, Any], ...]


def read_gold(path: str | Path, *, limit: int | None = None) -> Iterator[GoldRecord]:
    """Gold records from a JSON-lines file; a malformed line raises `InputError` naming it."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such gold file")
    with path.open(encoding="utf-8") as handle:
        count = 0
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                return
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise MalformedInput(
                        f"{path} line {lineno}: not a JSON object", path=str(path), line=lineno
                    )
                if not isinstance(record.get("text"), str):
                    # scoring str(5) as a text would pass silently as "no event coded"
                    raise MalformedInput(
                        f"{path} line {lineno}: 'text' is not a string", path=str(path),
                        line=lineno,
                    )
                expected = tuple(record.get("expected") or ())
                yield GoldRecord(
                    id=str(record.get("id") or f"line-{lineno}"),
                    text=str(record["text"]),
                    date=record.get("date") or None,
                    expected=expected,
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"{path} line {lineno}: not a gold record ({exc})") from None
            count += 1


def gold_country(actor: str) -> str | None:
    """ "TUR:GOV", "TURGOV", "TUR" → "TUR"; any intergovernmental organisation ("IGOEUREEC",
    "NATO", "UNO") → "IGO"; empty or unreadable → None."""
    text = actor.strip().upper() if actor else ""
    if igo_code(text.split(":")[0]):
        return "IGO"
    match = _ACTOR.match(text)
    if match is None:
        return None
    country = COUNTRY_ALIASES.get(match.group(1), match.group(1))
    return "IGO" if is_igo(country) else country


def output_country(actor: Actor | None) -> str | None:
    """An output actor's country at the gold's level: CAMEO gold codes every organisation as
    IGO (IGOUNO, IGOEUREEC), so any of ours (UNO, EUR, NATO) counts as IGO."""
    if actor is None:
        return None
    return "IGO" if is_igo(actor.country) else actor.country


def _gold_facts(item: dict[str, Any]) -> dict[str, Any]:
    """What a gold event says, in our terms: code kind, code, plover, penta, countries."""
    raw = str(item.get("code", "")).strip()
    facts: dict[str, Any] = {"source": gold_country(str(item.get("source", ""))),
                             "target": gold_country(str(item.get("target", "")))}  # fmt: skip
    if raw.startswith("penta:"):
        facts.update(kind="penta", penta=int(raw.split(":", 1)[1]))
        facts["source"] = facts["target"] = None  # spans, not codes
    elif raw.upper() in PLOVER_RENAMED or raw.isalpha() and raw.isupper():
        facts.update(kind="plover", plover=PLOVER_RENAMED.get(raw.upper(), raw.upper()))
    elif raw and is_code(raw):
        code = cameo(raw)
        facts.update(kind="cameo", code=code.code, root=code.root, plover=code.plover,
                     penta=penta_class(code.code))  # fmt: skip
    else:
        facts.update(kind="none")
    return facts


def _keys(level: str, facts: dict[str, Any]) -> tuple[Any, ...] | None:
    kind = facts["kind"]
    src, tgt = facts.get("source"), facts.get("target")
    if level == "dyad_root" and kind == "cameo":
        return (src, tgt, facts["root"])
    if level == "dyad_code" and kind == "cameo":
        return (src, tgt, facts["code"])
    if level in {"source_plover", "dyad_plover", "plover"} and not facts.get("plover"):
        return None  # CAMEO 01x has no PLOVER type: nothing to score at the PLOVER levels
    if level == "source_plover" and kind in {"cameo", "plover"}:
        return (src, facts["plover"])
    if level == "dyad_plover" and kind in {"cameo", "plover"}:
        return (src, tgt, facts["plover"])
    if level == "plover" and kind in {"cameo", "plover"}:
        return (facts["plover"],)
    if level == "root" and kind == "cameo":
        return (facts["root"],)
    if level == "code" and kind == "cameo":
        return (facts["code"],)
    if level == "penta" and kind in {"cameo", "penta"}:
        return (facts["penta"],)
    return None


def _event_facts(event: Event) -> dict[str, Any]:
    return {
        "kind": "cameo",
        "source": output_country(event.source),
        "target": output_country(event.target),
        "code": event.cameo,
        "root": event.root,
        "plover": event.plover,
        "penta": penta_class(event.cameo),
    }


# -- scoring -----------------------------------------------------------------------------------


def score_records(
    path: str,
    pairs: Iterable[tuple[GoldRecord, list[Event]]],
    *,
    modalities: frozenset[str] = SCORED_MODALITIES,
) -> EvaluationResult:
    """Score (gold record, predicted events) pairs at every level the gold supports."""
    result = EvaluationResult(path=path)
    items = [
        (record, [_gold_facts(g) for g in record.expected], events) for record, events in pairs
    ]
    # The levels a gold set supports follow from its notation; records with `expected == []`
    # count false positives at those same levels.
    levels = [
        level
        for level in LEVELS
        if any(_keys(level, g) is not None for _, gold, _ in items for g in gold)
    ]
    scores = {level: Score() for level in levels}
    penta_acc = [0, 0]
    for record, gold, events in items:
        result.records += 1
        result.gold_events += len(gold)
        kept = [e for e in events if not e.negated and e.modality in modalities]
        result.predicted_events += len(kept)
        predicted = [_event_facts(e) for e in kept]
        record_keys: dict[str, tuple[set[Any], set[Any]]] = {}
        for level in levels:
            gold_keys = {k for g in gold if (k := _keys(level, g)) is not None}
            if gold and not gold_keys:
                continue  # e.g. a record whose events carry no class label
            pred_keys = {k for p in predicted if (k := _keys(level, p)) is not None}
            score = scores[level]
            score.tp += len(gold_keys & pred_keys)
            score.fp += len(pred_keys - gold_keys)
            score.fn += len(gold_keys - pred_keys)
            record_keys[level] = (gold_keys, pred_keys)
        labelled = [g["penta"] for g in gold if "penta" in g]
        if labelled:
            penta_acc[1] += 1
            guess = _record_class(predicted)
            truth = Counter(labelled).most_common(1)[0][0]
            penta_acc[0] += int(guess is not None and guess == truth)
        result.errors.extend(_record_errors(record, record_keys, kept))
    result.scores = scores
    if penta_acc[1]:
        result.accuracy["penta"] = (penta_acc[0], penta_acc[1])
    result.main_level = _main_level(result.scores)
    result.errors = [e for e in result.errors if e.category.startswith(result.main_level + ":")]
    for error in result.errors:
        error.category = error.category.split(":", 1)[1]
    return result


def _record_class(predicted: list[dict[str, Any]]) -> int | None:
    """The class a record gets: that of its first event (sentences carry one main event)."""
    return predicted[0]["penta"] if predicted else None


def _main_level(scores: dict[str, Score]) -> str:
    for level in ("dyad_root", "source_plover", "penta"):
        if level in scores and scores[level].tp + scores[level].fn:
            return level
    return next(iter(scores), "")


def _record_errors(
    record: GoldRecord, keys: dict[str, tuple[set[Any], set[Any]]], events: list[Event]
) -> Iterator[RecordError]:
    for level, (gold, pred) in keys.items():
        missed, spurious = gold - pred, pred - gold
        if not missed and not spurious:
            continue
        yield RecordError(
            id=record.id,
            text=record.text,
            category=f"{level}:{_categorise(level, gold, pred, events)}",
            missed=sorted(map(str, missed)),
            spurious=sorted(map(str, spurious)),
        )


def _categorise(level: str, gold: set[Any], pred: set[Any], events: list[Event]) -> str:
    """Why a record is wrong, coarsely: the error categories of docs/EVALUATION.md."""
    if not events:
        return "no event coded"
    if not gold:
        return "event where gold has none"
    if len(next(iter(gold))) == 1:
        return "wrong type"
    gold_types = {k[-1] for k in gold}
    pred_types = {k[-1] for k in pred}
    gold_sources = {k[0] for k in gold}
    pred_sources = {k[0] for k in pred}
    if gold_types & pred_types:
        if None in pred_sources and not gold_sources & pred_sources:
            return "source missing"
        return "wrong or missing actor"
    if gold_sources & pred_sources:
        return "wrong type"
    return "wrong type and actor"


# -- running -----------------------------------------------------------------------------------


def evaluate_file(
    path: str | Path,
    *,
    limit: int | None = None,
    coder: Coder | None = None,
    modalities: Iterable[str] = SCORED_MODALITIES,
) -> EvaluationResult:
    """Code every gold record's text with the full pipeline and score it against the gold.

    `limit` scores the first N records; `coder` reuses a loaded `detente.pipeline.Coder` (e.g.
    one built with `actor_files=` for gold sets with their own actors); `modalities` says which
    events count as predictions (default: asserted and reported ones).
    """
    started = time.perf_counter()
    if coder is None:
        from detente.pipeline import Coder

        coder = Coder()
    records, predicted = coded_gold(path, limit=limit, coder=coder)
    pairs = ((r, cameo_convention(predicted.get(r.id, []), coder)) for r in records)
    result = score_records(str(path), pairs, modalities=frozenset(modalities))
    result.seconds = time.perf_counter() - started
    log.info("evaluated %d records from %s in %.1f s", result.records, path, result.seconds)
    return result


def cameo_convention(events: list[Event], coder: Coder) -> list[Event]:
    """Events as CAMEO's codebook codes them: an act announced for the future ("X will visit Y",
    intended 042) is the statement of intent that was made (036, asserted).

    The codebook sets follow that convention; the real-news gold and the event record keep the
    act with its modality (`detente.events.coder.ANNOUNCED`).
    """
    converted = []
    for event in events:
        tags = {part.strip() for part in event.rule.split(";")[1:]}
        if event.modality == "intended" and ANNOUNCED in tags and COUNTERPART in tags:
            continue  # the host of an announced visit states no intent of its own
        if event.modality == "intended" and ANNOUNCED in tags:
            code = cameo(coder.events.intention_code(event.cameo))
            event = replace(
                event,
                cameo=code.code,
                root=code.root,
                quad_class=code.quad_class,
                goldstein=code.goldstein,
                plover=code.plover,
                modality="asserted",
            )
        converted.append(event)
    return converted


def coded_gold(
    path: str | Path, *, limit: int | None = None, coder: Coder | None = None
) -> tuple[list[GoldRecord], dict[str, list[Event]]]:
    """The records of a gold file and the events the pipeline codes for each (by record id)."""
    records = list(read_gold(path, limit=limit))
    if not records:
        raise UsageError(f"{path}: no gold records to evaluate")
    if coder is None:
        from detente.pipeline import Coder

        coder = Coder()
    return records, code_records(coder, records)


def code_records(coder: Coder, records: list[GoldRecord]) -> dict[str, list[Event]]:
    """Events of each record, by record id, coded in batches through the pipeline."""
    documents = [
        Document(
            id=r.id, text=r.text, path=r.id, date=r.date, date_source="option" if r.date else None
        )
        for r in records
    ]
    events: dict[str, list[Event]] = {}
    for item in coder.code_documents(documents):
        if isinstance(item, InputError):
            log.warning("gold record not coded: %s", item)
            continue
        events[item.row.doc_id] = list(item.events)
    return events
