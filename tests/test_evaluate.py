"""Evaluation against gold records: reading notations, scoring, and a run on our own gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.errors import InputError
from detente.evaluate import (
    GoldRecord,
    evaluate_file,
    gold_country,
    read_gold,
    score_records,
)
from detente.events.ontology import cameo
from detente.records import Actor, Event

GOLD_SMALL = Path(__file__).resolve().parent / "data" / "gold_small.jsonl"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def event(source: str | None, target: str | None, code: str, *, negated: bool = False,
          modality: str = "asserted") -> Event:  # fmt: skip
    info = cameo(code)

    def actor(country: str | None) -> Actor | None:
        return Actor(code=country, country=country, sector=None, text=country) if country else None

    return Event(
        id=f"{source}{target}{code}", doc_id="d", sentence_index=0, sentence="s",
        source=actor(source), target=actor(target), cameo=info.code, root=info.root,
        quad_class=info.quad_class, goldstein=info.goldstein, plover=info.plover, date=None,
        date_precision=None, date_text=None, place=None, negated=negated, modality=modality,
        issues=(), trigger="t",
    )  # fmt: skip


def record(expected: list[dict[str, str]], rid: str = "r") -> GoldRecord:
    return GoldRecord(id=rid, text="text", date=None, expected=tuple(expected))


def test_gold_actor_notations() -> None:
    assert gold_country("TUR:GOV") == "TUR"
    assert gold_country("RUSGOV") == "RUS"
    assert gold_country("JAP") == "JPN"
    assert gold_country("") is None


def test_cameo_gold_scores_dyad_root_and_code() -> None:
    gold = record([{"source": "RUSGOV", "target": "TUR", "code": "042"}])
    result = score_records("g", [(gold, [event("RUS", "TUR", "043")])])
    assert result.scores["dyad_root"].f1 == 1.0  # same root 04
    assert result.scores["dyad_code"].f1 == 0.0  # 043 is not 042
    assert result.scores["penta"].f1 == 1.0


def test_negated_and_hypothetical_predictions_do_not_count() -> None:
    gold = record([], rid="empty")
    result = score_records(
        "g",
        [
            (record([{"source": "RUS", "target": "TUR", "code": "190"}]), []),
            (gold, [event("RUS", "TUR", "190", negated=True, modality="denied"),
                    event("RUS", "TUR", "190", modality="hypothetical")]),
        ],
    )  # fmt: skip
    assert result.scores["dyad_root"].fp == 0
    assert result.scores["dyad_root"].fn == 1
    assert result.errors[0].category == "no event coded"


def test_plover_gold_with_old_type_names() -> None:
    gold = record([{"source": "ISR:MIL", "target": "PSE", "code": "FIGHT"}])
    result = score_records("g", [(gold, [event("ISR", "PSE", "190")])])
    assert "dyad_root" not in result.scores
    assert result.scores["source_plover"].f1 == 1.0
    gold = record([{"source": "USA", "target": "IRQ", "code": "DEMAND"}])
    result = score_records("g", [(gold, [event("USA", "IRQ", "100")])])
    assert result.scores["plover"].tp == 1


def test_penta_gold_accuracy() -> None:
    pairs = [
        (
            record([{"source": "a", "target": "b", "code": "penta:4"}], "1"),
            [event("X", None, "190")],
        ),
        (
            record([{"source": "a", "target": "b", "code": "penta:1"}], "2"),
            [event("X", None, "111")],
        ),
        (record([{"source": "a", "target": "b", "code": ""}], "3"), [event("X", None, "111")]),
    ]
    result = score_records("g", pairs)
    assert result.accuracy["penta"] == (1, 2)  # the unlabelled record is not counted
    table = result.to_table()
    assert "penta accuracy" in table and "0.500" in table
    assert json.loads(json.dumps(result.to_dict()))["accuracy"]["penta"]["accuracy"] == 0.5


def test_malformed_gold_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a", "text": "x", "expected": []}\n{"id": "b"}\n')
    with pytest.raises(InputError, match="gold.jsonl line 2"):
        list(read_gold(bad))
    assert len(list(read_gold(bad, limit=1))) == 1


@pytest.mark.model
def test_evaluate_our_small_gold_file(coder) -> None:  # type: ignore[no-untyped-def]
    result = evaluate_file(GOLD_SMALL, coder=coder)
    assert result.records == 16
    assert result.scores["dyad_root"].f1 >= 0.85
    assert result.scores["dyad_code"].recall >= 0.8
    assert result.accuracy["penta"][0] / result.accuracy["penta"][1] >= 0.9
    # The negated and hypothetical sentences code nothing that happened.
    wrong = {e.id for e in result.errors if e.category == "event where gold has none"}
    assert not wrong & {"small-04", "small-12", "small-14"}


@pytest.mark.model
def test_evaluate_limit_on_reference_gold(coder) -> None:  # type: ignore[no-untyped-def]
    path = SHARED_DATA / "plover_gsr.jsonl"
    if not path.exists():
        pytest.skip(f"reference gold {path} is not present on this machine")
    result = evaluate_file(path, limit=20, coder=coder)
    assert result.records == 20
    assert result.scores["source_plover"].tp > 0


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "a", "text": 5, "expected": []}', "'text' is not a string"),
        ('{"id": "a", "expected": []}', "'text' is not a string"),
        ("[1, 2]", "not a JSON object"),
    ],
)
def test_a_gold_record_that_is_no_text_names_its_line(tmp_path: Path, line, problem) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "ok", "text": "Peru met Chile.", "expected": []}\n' + line + "\n")
    with pytest.raises(InputError, match=f"gold.jsonl line 2: {problem}"):
        list(read_gold(path))
