"""Whole-article gold: events matched within an article by sentence, parties and root."""

from __future__ import annotations

import json

import pytest

from detente.evaluate_articles import evaluate_articles, is_article_gold, party, sentences_overlap

ARTICLE = (
    "OSLO, May 2 - Norway accused Sweden of breaking the fishing accord.\n\n"
    "Norwegian and Swedish ministers will meet in Bergen next week."
)


def _gold(tmp_path, expected):
    path = tmp_path / "gold.jsonl"
    record = {"id": "a1", "text": ARTICLE, "date": "1990-05-02", "expected": expected}
    path.write_text(json.dumps(record) + "\n")
    return path


def test_parties_and_sentences() -> None:
    assert party("SUN") == party("RUSGOV") == "RUS"
    assert party("NATO") == party("EEC") == "IGO"
    assert party("") == ""
    assert sentences_overlap("OSLO, May 2 - Norway accused Sweden.", "Norway accused Sweden.")
    assert not sentences_overlap("Norway accused Sweden.", "Sweden praised Denmark.")


@pytest.mark.model
def test_an_article_is_scored_event_by_event(tmp_path, coder) -> None:
    accusation = {"sentence": "OSLO, May 2 - Norway accused Sweden of breaking the fishing accord.",
                  "source": "NOR", "target": "SWE", "code": "112", "roots": ["11"],
                  "modality": "asserted"}  # fmt: skip
    missed = {"sentence": "Norway accused Sweden of breaking the fishing accord.",
              "source": "NOR", "target": "SWE", "code": "163", "roots": ["16"],
              "modality": "asserted"}  # fmt: skip
    path = _gold(tmp_path, [accusation, missed])
    assert is_article_gold(path)
    result = evaluate_articles(path, coder=coder)
    dyadic = result.scores["dyadic_root"]
    assert dyadic.tp == 1 and dyadic.fn == 1  # one gold event found, the other not
    assert result.recall_by_root == {"11": (1, 1), "16": (0, 1)}
    assert result.missed_by_category["wrong type, right actors"] == 1
    assert result.modality == (1, 1)
