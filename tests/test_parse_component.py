"""The parse as a spaCy component: `load_pipeline()`'s pipeline saves with `nlp.to_disk` and loads
again with `spacy.load` in a fresh process, and `ColumnAttributes` annotates exactly as the stock
attribute ruler and lemmatizer do on every text the repository holds plus sentences made here."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IS_STOP,
    LEMMA,
    MORPH,
    NORM,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)

import detente
from detente.parse import load_pipeline

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "japan-korea-thaw.txt"
SHARED = REPO.parent / "shared"  # reference corpora beside the repository, when present


pytestmark = pytest.mark.model

ATTRS = [ORTH, SPACY, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, NORM, ENT_IOB, ENT_TYPE,
         IS_STOP]

# Sentences made from parts we wrote, chosen for what the attribute rules and the lemmatizer
# treat apart: contractions and colloquial forms, negation, auxiliaries and modals, passives,
# pronouns, determiners as pronouns, expletive "there", possessives, numbers, abbreviations,
# comparatives, plurals and participles, headlines in capitals, quotes and line breaks.
SUBJECTS = ["Turkey's president", "The envoys", "She", "They", "Nobody in Brasilia",
            "Each of the ministers", "The U.N. Security Council", "Those who negotiated",
            "Y'all", "There", "Pakistan and India", "The EU's top diplomat", "Its navy",
            "Whoever leads Kyiv", "Two thousand troops", "He himself"]
VERBS = ["didn't sign", "won't recognise", "has been accused of shelling", "is gonna visit",
         "ain't meeting", "can't have known about", "was warned by", "wanna resume talks with",
         "'ll reportedly expel", "had better stop arming", "is set to host", "kept threatening",
         "should've condemned", "were being courted by", "does not trust", "lifted sanctions on",
         "is seeking closer ties with", "harshly criticised", "may well mediate between"]
OBJECTS = ["its neighbours", "them", "the rebels' strongholds", "Washington and Tokyo",
           "whatever Moscow proposes", "the 1,200-km border", "her counterpart",
           "the biggest of the oil fields", "NATO", "those islands", "Hamas", "anyone",
           "the world's largest democracy", "me", "us"]
TAILS = [".", " on Monday.", ", officials said.", " last week, according to Reuters.",
         " despite warnings.", "?", " in 2019 and again in March 2021.", " -- or so it seems.",
         " (for now).", "!\n\nThe statement did not elaborate.",
         " as tensions rose; talks stalled.", ", didn't they?", " because it's worried.",
         ", says Ankara."]
HEADLINES = ["EU SLAPS NEW SANCTIONS ON MINSK", "Iran, Saudi Arabia Restore Ties After 7 Years",
             "U.S. warns China over Taiwan drills", "UPDATE 2-Kenya recalls envoy from Somalia"]


def template_sentences() -> list[str]:
    """Several hundred sentences from the parts above, each part used many times over."""
    sentences = []
    for i in range(480):
        sentences.append(f"{SUBJECTS[i % len(SUBJECTS)]} {VERBS[(i * 7) % len(VERBS)]} "
                         f"{OBJECTS[(i * 11) % len(OBJECTS)]}{TAILS[(i * 5) % len(TAILS)]}")
    return sentences + HEADLINES


def _texts_in(value: object) -> Iterator[str]:
    """Every text of a JSON record: `text` fields and `paragraphs`, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("text", "paragraphs") and isinstance(item, str):
                yield item
            else:
                yield from _texts_in(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str) and " " in item:
                yield item
            else:
                yield from _texts_in(item)


def repository_texts() -> list[str]:
    """Every sentence the repository holds: the example article, the texts of our JSONL data, the
    phrases of the semantic examples and the string literals of our tests that read as text."""
    texts = [EXAMPLE.read_text(encoding="utf-8")]
    for path in sorted([*(REPO / "tests" / "data").glob("*.jsonl"),
                        *(REPO / "bench").glob("*.jsonl")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.extend(_texts_in(json.loads(line)))
    for line in (REPO / "bench" / "data" / "semantic_examples.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            texts.append(line.split("\t")[1])
    for path in sorted((REPO / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and len(node.value.split()) >= 4):
                texts.append(node.value)
    return list(dict.fromkeys(texts))


@pytest.fixture(scope="module")
def stock():
    return load_pipeline(column_attributes=False)


def _first_difference(nlp, stock, texts: list[str]) -> str | None:
    """Where our pipeline's annotations first differ from the stock one's, or None."""
    for text, ours, theirs in zip(texts, nlp.pipe(texts), stock.pipe(texts), strict=True):
        a, b = ours.to_array(ATTRS), theirs.to_array(ATTRS)
        if a.shape != b.shape or (a != b).any():
            for x, y in zip(ours, theirs, strict=False):
                left = (x.text, x.tag_, x.pos_, str(x.morph), x.lemma_, x.dep_, x.head.i,
                        x.is_sent_start, x.norm_, x.is_stop)
                right = (y.text, y.tag_, y.pos_, str(y.morph), y.lemma_, y.dep_, y.head.i,
                         y.is_sent_start, y.norm_, y.is_stop)
                if left != right:
                    return f"{text[:80]!r}: ours {left} != stock {right}"
            return f"{text[:80]!r}: the arrays differ"
    return None


@pytest.mark.slow  # over a thousand texts
def test_annotations_match_the_stock_components_on_every_repository_text(nlp, stock):
    texts = repository_texts()
    assert len(texts) >= 500, f"only {len(texts)} texts found in the repository"
    assert _first_difference(nlp, stock, texts) is None


def test_annotations_match_the_stock_components_on_template_sentences(nlp, stock):
    texts = template_sentences()
    assert len(set(texts)) >= 400
    assert _first_difference(nlp, stock, texts) is None


@pytest.mark.shared
@pytest.mark.slow  # the reference corpora
def test_annotations_match_the_stock_components_on_reference_corpora(nlp, stock):
    files = sorted((SHARED / "data").glob("*.jsonl"))
    if not files:
        pytest.skip(f"no reference corpora under {SHARED / 'data'} on this machine")
    texts: list[str] = []
    for path in files:  # the first 150 records of each: news, wire copy, invented test cases
        with path.open(encoding="utf-8") as handle:
            for _, line in zip(range(150), handle, strict=False):
                texts.extend(_texts_in(json.loads(line)))
    assert _first_difference(nlp, stock, texts) is None


# --- saving and loading ---------------------------------------------------------------------

ROUND_TRIP_TEXTS = [
    EXAMPLE.read_text(encoding="utf-8"),
    "SEOUL, March 16 - Yoon didn't say whether he'd visit Tokyo.\nKishida's aides weren't sure.",
    *template_sentences()[:60],
]

# Prints, for each text, what a user reads of the parse: tokens, tags, parts of speech,
# morphology, lemmas, dependencies, heads, sentence starts, norms, stop words and entities.
DUMP = """
import json, sys
def dump(nlp, texts):
    out = []
    for doc in nlp.pipe(texts):
        out.append({
            "tokens": [[t.text, t.whitespace_, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_,
                        t.head.i, t.is_sent_start, t.norm_, t.is_stop, t.ent_iob_, t.ent_type_]
                       for t in doc],
            "ents": [[e.start, e.end, e.label_] for e in doc.ents],
            "sents": [[s.start, s.end] for s in doc.sents],
        })
    return out
"""

LOAD = DUMP + """
import spacy

nlp = spacy.load(sys.argv[1])
texts = json.loads(open(sys.argv[2], encoding="utf-8").read())
print(json.dumps({"pipes": nlp.pipe_names, "modules": sorted(m for m in sys.modules
                  if m.startswith("detente")), "docs": dump(nlp, texts)}))
"""


def _dump(nlp, texts: list[str]) -> list[dict]:
    scope: dict = {}
    exec(DUMP, scope)
    return json.loads(json.dumps(scope["dump"](nlp, texts)))


def _entry_points_dir(tmp_path: Path) -> Path | None:
    """When the installed detente predates its `spacy_factories` entry points (an older editable
    install), a folder declaring those of pyproject.toml as an installed package would, for the
    fresh process to find them as `pip install` makes them available; None when installed."""
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["entry-points"]["spacy_factories"]
    installed = {ep.name for ep in importlib.metadata.entry_points(group="spacy_factories")}
    if set(declared) <= installed:
        return None
    info = tmp_path / "entry-points" / "detente_factories-0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: detente-factories\nVersion: 0\n")
    lines = ["[spacy_factories]", *(f"{name} = {target}" for name, target in declared.items())]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
    return info.parent


@pytest.mark.slow  # a fresh process loads the saved pipeline
def test_the_pipeline_round_trips_through_to_disk_and_spacy_load(nlp, tmp_path):
    saved = tmp_path / "pipeline"
    nlp.to_disk(saved)
    texts_file = tmp_path / "texts.json"
    texts_file.write_text(json.dumps(ROUND_TRIP_TEXTS), encoding="utf-8")
    env = dict(os.environ)
    # the same detente as this process, found through the entry points alone: the child never
    # imports it by name
    paths = [str(Path(detente.__file__).resolve().parents[1])]
    extra = _entry_points_dir(tmp_path)
    if extra is not None:
        paths.insert(0, str(extra))
    env["PYTHONPATH"] = os.pathsep.join([*paths, env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", LOAD, str(saved), str(texts_file)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded["pipes"] == nlp.pipe_names
    assert "detente.parse.attributes" in loaded["modules"]
    expected = _dump(nlp, ROUND_TRIP_TEXTS)
    for text, theirs, ours in zip(ROUND_TRIP_TEXTS, loaded["docs"], expected, strict=True):
        assert theirs == ours, text[:80]


def test_the_component_round_trips_through_bytes(nlp):
    from spacy.lang.en import English

    from detente.parse.attributes import COLUMN_ATTRIBUTES

    data = nlp.get_pipe(COLUMN_ATTRIBUTES).to_bytes()
    copy = English(vocab=nlp.vocab).add_pipe(COLUMN_ATTRIBUTES).from_bytes(data)
    texts = template_sentences()[:40]
    for doc in nlp.pipe(texts):
        expected = doc.to_array([POS, MORPH, LEMMA])
        # take the annotations off and let the copy put them back
        doc.from_array([POS, MORPH, LEMMA], expected * 0)
        assert (copy(doc).to_array([POS, MORPH, LEMMA]) == expected).all()
