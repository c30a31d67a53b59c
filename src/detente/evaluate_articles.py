"""Measure the coder on whole articles whose events an expert coded with their sentences.

The gold format (one JSON line per article) is `{"id", "text", "date", "expected": [...]}` where
each expected event carries the `sentence` it comes from, `source`/`target` country codes (empty
when the text names no actor), the CAMEO `code`, every defensible root in `roots` and a
`modality`. An output event matches a gold event of the same article when

1. their sentences overlap: one contains the other once whitespace is collapsed, or they share a
   stretch of `OVERLAP` characters (sentence splitters differ);
2. source and target agree as parties: the first three letters of a state code (the Soviet Union
   counts as Russia), any intergovernmental organisation with any other, an empty gold actor only
   with an empty one; meetings (root 04) match in either direction;
3. the output's CAMEO root is one of the gold event's roots (at the looser *quad* level: the same
   quad class as the gold's first root).

Each gold event is matched at most once. Recall is matched gold events over gold events;
precision is output events that fit some gold event over output events. *Dyadic* figures keep
only events with both actors on each side. `evaluate_articles(path)` returns an
`ArticleEvaluation`; `detente eval` picks this scorer when the gold events carry sentences.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.evaluate import GoldRecord, Score, coded_gold, read_gold
from detente.events.ontology import quad_class
from detente.igos import igos
from detente.records import Actor, Event

if TYPE_CHECKING:
    from detente.pipeline import Coder

OVERLAP = 60
# Codes of intergovernmental organisations as gold sets and CAMEO write them; any one matches
# any other, since coders split the European Community, its Commission and its Council
# differently.
IGO_CODES = frozenset(
    {
        "IGO",
        "EEC",
        "EUR",
        "EU",
        "UNO",
        "UN",
        "NATO",
        "NAT",
        "OPEC",
        "OPC",
        "IMF",
        "WBK",
        "GCC",
        "ARL",
        "AFU",
        "ASN",
        "OAS",
        "OAU",
        "CIS",
        "WTO",
        "OSCE",
        "CSCE",
        "COE",
        "WHO",
        "IAEA",
        "IAE",
        "ICC",
        "ICJ",
        "UNESCO",
        "UNHCR",
        "UNICEF",
        "NAM",
        "OIC",
        "SCO",
        "BIS",
        "G7",
        "G8",
        "G20",
        "ADB",
        "AFB",
        "IADB",
        "EBRD",
        "ECOWAS",
        "SADC",
        "APEC",
        "ASEAN",
        "AU",
        "CARICOM",
        "MERCOSUR",
        "PAC",
        "IRC",
        "ICRC",
        "AMN",
        "HRW",
        "MSF",
        "OXF",
        "INT",
        "NGO",
        "EFTA",
        "UNSC",
    }
) | igos().codes | frozenset(igos().lookup)  # every organisation code of ours and its aliases
STATE_ALIASES = {"SUN": "RUS", "USR": "RUS"}
_SPACE = re.compile(r"\s+")
# The party of an output actor that has no country ("the ministry" left unresolved): it counts
# as an actor, so the event is dyadic, but it matches no gold actor.
UNPLACED = "?"


def party(code: str | None) -> str:
    """The unit two actors are compared at: a state's three letters, "IGO", or "" for none."""
    if not code:
        return ""
    code = code.strip().upper()
    if not code:
        return ""
    if code in IGO_CODES or code[:3] in {"IGO"} or code.split(":")[0] in IGO_CODES:
        return "IGO"
    head = code[:3]
    return STATE_ALIASES.get(head, head)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def sentences_overlap(a: str, b: str, *, stretch: int = OVERLAP) -> bool:
    """True when one sentence contains the other or both share `stretch` characters."""
    a, b = _squash(a), _squash(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < stretch:
        return False
    # Every window of the shorter sentence; cheap enough for newswire sentence lengths.
    return any(short[i : i + stretch] in long_ for i in range(0, len(short) - stretch + 1))


@dataclass(slots=True)
class GoldEvent:
    article: str
    index: int
    sentence: str
    source: str
    target: str
    roots: tuple[str, ...]
    code: str
    modality: str
    note: str

    @property
    def dyadic(self) -> bool:
        return bool(self.source and self.target)

    def describe(self) -> str:
        return f"{self.source or '-'}→{self.target or '-'} {self.code or '/'.join(self.roots)}"


@dataclass(slots=True)
class OutputEvent:
    sentence: str
    source: str
    target: str
    root: str
    code: str
    modality: str
    rule: str

    @property
    def dyadic(self) -> bool:
        return bool(self.source and self.target)

    def describe(self) -> str:
        return f"{self.source or '-'}→{self.target or '-'} {self.code}"


def _gold_events(record: GoldRecord) -> list[GoldEvent]:
    events = []
    for index, item in enumerate(record.expected):
        code = str(item.get("code") or "").strip()
        roots = tuple(str(r).zfill(2) for r in (item.get("roots") or ()) if str(r).strip())
        if not roots and code[:2].isdigit():
            roots = (code[:2],)
        events.append(
            GoldEvent(
                article=record.id,
                index=index,
                sentence=str(item.get("sentence") or ""),
                source=party(str(item.get("source") or "")),
                target=party(str(item.get("target") or "")),
                roots=roots,
                code=code,
                modality=str(item.get("modality") or "asserted"),
                note=str(item.get("note") or ""),
            )
        )
    return events


def _output_event(event: Event) -> OutputEvent:
    return OutputEvent(
        sentence=event.sentence,
        source=_output_party(event.source),
        target=_output_party(event.target),
        root=event.root,
        code=event.cameo,
        modality="denied" if event.negated and event.modality == "asserted" else event.modality,
        rule=event.rule,
    )


def _output_party(actor: Actor | None) -> str:
    """An output actor's party; one without a country is still an actor, matching no state."""
    if actor is None:
        return ""
    return party(actor.country) or UNPLACED


def _actors_fit(out: OutputEvent, gold: GoldEvent) -> bool:
    if out.source == gold.source and out.target == gold.target:
        return True
    meeting = out.root == "04" and "04" in gold.roots
    return meeting and out.source == gold.target and out.target == gold.source


def _type_fits(out: OutputEvent, gold: GoldEvent, level: str) -> bool:
    if level == "root":
        return out.root in gold.roots
    return bool(gold.roots) and quad_class(out.root) == quad_class(gold.roots[0])


def fits(out: OutputEvent, gold: GoldEvent, level: str = "root") -> bool:
    """Whether an output event fits a gold event by the matching rule (module docstring)."""
    return (
        _type_fits(out, gold, level)
        and _actors_fit(out, gold)
        and sentences_overlap(out.sentence, gold.sentence)
    )


@dataclass(slots=True)
class ArticleEvaluation:
    path: str
    articles: int = 0
    gold_events: int = 0
    output_events: int = 0
    scores: dict[str, Score] = field(default_factory=dict)
    recall_by_root: dict[str, tuple[int, int]] = field(default_factory=dict)
    missed_by_category: Counter[str] = field(default_factory=Counter)
    spurious_by_category: Counter[str] = field(default_factory=Counter)
    modality: tuple[int, int] = (0, 0)  # (agreeing, matched pairs)
    output_with_both_actors: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self, *, details: bool = False) -> dict[str, Any]:
        agree, pairs = self.modality
        record: dict[str, Any] = {
            "path": self.path,
            "format": "articles",
            "articles": self.articles,
            "gold_events": self.gold_events,
            "output_events": self.output_events,
            "output_with_both_actors": self.output_with_both_actors,
            "seconds": round(self.seconds, 2),
            "scores": {level: score.to_dict() for level, score in self.scores.items()},
            "recall_by_root": {
                root: {"found": found, "gold": total, "recall": round(found / total, 4)}
                for root, (found, total) in sorted(self.recall_by_root.items())
            },
            "missed_by_category": dict(self.missed_by_category.most_common()),
            "spurious_by_category": dict(self.spurious_by_category.most_common()),
            "modality_agreement": {
                "agreeing": agree,
                "matched": pairs,
                "rate": round(agree / pairs, 4) if pairs else 0.0,
            },
        }
        if details:
            record["misses"] = self.misses
            record["spurious"] = self.spurious
        return record

    def table_rows(self) -> list[tuple[str, str, str, str, str]]:
        rows = []
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
        agree, pairs = self.modality
        rows.append(
            (
                "modality agreement",
                "",
                "",
                f"{agree / pairs if pairs else 0:.3f}",
                f"{agree}/{pairs} matched",
            )
        )
        rows.append(
            (
                "output with both actors",
                "",
                "",
                f"{self.output_with_both_actors / max(self.output_events, 1):.3f}",
                f"{self.output_with_both_actors}/{self.output_events}",
            )
        )
        return rows


def _miss_category(gold: GoldEvent, outputs: list[OutputEvent]) -> str:
    """Why a gold event found no match: what the coder did with its sentence."""
    here = [o for o in outputs if sentences_overlap(o.sentence, gold.sentence)]
    if not here:
        return "no event in the sentence"
    typed = [o for o in here if o.root in gold.roots]
    if not typed:
        if any(_actors_fit(o, gold) for o in here):
            return "wrong type, right actors"
        return "wrong type"
    if any(not o.source for o in typed) and gold.source:
        return "right type, source missing"
    if any(not o.target for o in typed) and gold.target:
        return "right type, target missing"
    if any(o.source == gold.source for o in typed):
        return "right type, wrong target"
    if any(o.target == gold.target for o in typed):
        return "right type, wrong source"
    return "right type, wrong actors"


def _spurious_category(out: OutputEvent, golds: list[GoldEvent]) -> str:
    here = [g for g in golds if sentences_overlap(out.sentence, g.sentence)]
    if not here:
        return "event in a sentence gold has none"
    typed = [g for g in here if out.root in g.roots]
    if not typed:
        return "wrong type"
    if any(_actors_fit(out, g) for g in typed):
        return "duplicate"
    if not out.source or not out.target:
        return "right type, actor missing"
    return "right type, wrong actor"


def score_articles(path: str, pairs: Iterable[tuple[GoldRecord, list[Event]]]) -> ArticleEvaluation:
    """Score (gold article, output events) pairs by the matching rule of the module docstring."""
    result = ArticleEvaluation(path=path)
    scores = {level: Score() for level in ("dyadic_root", "all_root", "dyadic_quad", "all_quad")}
    by_root: dict[str, list[int]] = {}
    for record, events in pairs:
        result.articles += 1
        golds = _gold_events(record)
        outputs = [_output_event(e) for e in events]
        result.gold_events += len(golds)
        result.output_events += len(outputs)
        result.output_with_both_actors += sum(o.dyadic for o in outputs)
        for scope in ("dyadic", "all"):
            for level in ("root", "quad"):
                g_scope = [g for g in golds if scope == "all" or g.dyadic]
                o_scope = [o for o in outputs if scope == "all" or o.dyadic]
                score = scores[f"{scope}_{level}"]
                matched = _match(o_scope, g_scope, level)
                score.tp += len(matched)
                score.fn += len(g_scope) - len(matched)
                score.fp += sum(1 for o in o_scope if not any(fits(o, g, level) for g in g_scope))
                if scope == "all" and level == "root":
                    _account(result, record, golds, outputs, matched, by_root)
    result.scores = scores
    result.recall_by_root = {root: (v[0], v[1]) for root, v in by_root.items()}
    return result


def _match(outputs: list[OutputEvent], golds: list[GoldEvent], level: str) -> dict[int, int]:
    """Gold index → output index, one to one (greedy, in the gold's order)."""
    matched: dict[int, int] = {}
    used: set[int] = set()
    for gi, gold in enumerate(golds):
        for oi, out in enumerate(outputs):
            if oi in used or not fits(out, gold, level):
                continue
            matched[gi] = oi
            used.add(oi)
            break
    return matched


def _account(
    result: ArticleEvaluation,
    record: GoldRecord,
    golds: list[GoldEvent],
    outputs: list[OutputEvent],
    matched: dict[int, int],
    by_root: dict[str, list[int]],
) -> None:
    """Recall by root, error categories, modality agreement and the details of one article."""
    agree, pairs = result.modality
    for gi, gold in enumerate(golds):
        root = gold.roots[0] if gold.roots else "??"
        counts = by_root.setdefault(root, [0, 0])
        counts[1] += 1
        if gi in matched:
            counts[0] += 1
            pairs += 1
            agree += int(outputs[matched[gi]].modality == gold.modality)
            continue
        category = _miss_category(gold, outputs)
        result.missed_by_category[category] += 1
        result.misses.append(
            {
                "article": record.id,
                "category": category,
                "gold": gold.describe(),
                "modality": gold.modality,
                "sentence": gold.sentence,
                "note": gold.note,
                "output": [
                    o.describe() for o in outputs if sentences_overlap(o.sentence, gold.sentence)
                ],
            }
        )
    result.modality = (agree, pairs)
    for out in outputs:
        if any(fits(out, g) for g in golds):
            continue
        category = _spurious_category(out, golds)
        result.spurious_by_category[category] += 1
        result.spurious.append(
            {
                "article": record.id,
                "category": category,
                "output": out.describe(),
                "modality": out.modality,
                "rule": out.rule,
                "sentence": out.sentence,
                "gold": [
                    g.describe() for g in golds if sentences_overlap(out.sentence, g.sentence)
                ],
            }
        )


def is_article_gold(path: str | Path) -> bool:
    """Whether a gold file is in the article format (its events carry their sentences)."""
    for record in read_gold(path, limit=3):
        if record.expected:
            return all("sentence" in e and ("roots" in e or "code" in e) for e in record.expected)
    return False


def evaluate_articles(
    path: str | Path,
    *,
    limit: int | None = None,
    coder: Coder | None = None,
    modalities: Iterable[str] | None = None,
) -> ArticleEvaluation:
    """Code every article of a gold file with the full pipeline and score it.

    `modalities` keeps only output events of those modalities (default: every event, since the
    gold lists intended, hypothetical, reported and denied events too).
    """
    started = time.perf_counter()
    records, predicted = coded_gold(path, limit=limit, coder=coder)
    kept = frozenset(modalities) if modalities else None

    def events_of(record: GoldRecord) -> list[Event]:
        events = predicted.get(record.id, [])
        return [e for e in events if kept is None or e.modality in kept]

    result = score_articles(str(path), ((r, events_of(r)) for r in records))
    result.seconds = time.perf_counter() - started
    return result
