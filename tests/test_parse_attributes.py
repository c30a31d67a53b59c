"""The model's attribute rules and lemmatizer applied column-wise must annotate exactly as the
stock components do: every part of speech, morphology, lemma, tag and dependency."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from detente.parse import load_pipeline
from detente.parse.attributes import COLUMN_ATTRIBUTES

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "japan-korea-thaw.txt"
ATTRS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START]

# Our own sentences, chosen to reach the ruler's exceptions: contractions and colloquial forms
# (several-word rules), negation, auxiliaries, pronouns as objects, determiners used as pronouns,
# expletive "there", subordinating words, runs of whitespace and paragraph breaks.
TEXTS = [
    "Japan's foreign minister didn't meet her counterpart, and Seoul ain't gonna forget it.",
    "There is no deal yet; y'all know that, the envoy said in Geneva on Monday.",
    "Let's be clear: I told him to give it to me, and he gave it to you.",
    "Whatever they do, that which Ankara wants is what Moscow fears, whereas Kyiv waits.",
    "The talks    resumed.\n\nOfficials said nothin' about the 2016 coup attempt.",
    "Gotta admit the ministers had been arguing since March, but they're done; I'm not.",
    "Does Tehran have a plan? It does, and it has had one since 1979 - c'mon, everyone knows.",
    "  \n",
    "",
    EXAMPLE.read_text(encoding="utf-8"),
]


@pytest.fixture(scope="module")
def stock():
    return load_pipeline(column_attributes=False)


def test_the_column_component_replaces_the_rule_components(nlp, stock):
    assert COLUMN_ATTRIBUTES in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    assert {"attribute_ruler", "lemmatizer"} <= set(stock.pipe_names)


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_annotations_are_those_of_the_stock_components(nlp, stock, text):
    ours, theirs = nlp(text), stock(text)
    assert (ours.to_array(ATTRS) == theirs.to_array(ATTRS)).all()
    assert [(t.lemma_, t.pos_, str(t.morph)) for t in ours] == [
        (t.lemma_, t.pos_, str(t.morph)) for t in theirs]


def test_batches_and_repeated_words_give_the_same_annotations(nlp, stock):
    # the second pass over the same words comes from the caches, not from the rules
    for ours, theirs in zip(nlp.pipe(TEXTS * 2, batch_size=3), stock.pipe(TEXTS * 2),
                            strict=True):
        assert (ours.to_array(ATTRS) == theirs.to_array(ATTRS)).all()


def test_a_pipeline_of_another_shape_is_left_alone():
    from spacy.lang.en import English

    from detente.parse.attributes import use_column_attributes

    blank = English()
    assert use_column_attributes(blank) is False
    assert blank.pipe_names == []


def test_annotations_do_not_depend_on_what_the_caches_remember(nlp, stock, monkeypatch):
    # a long run empties the caches by word from time to time: nothing may change when it does
    monkeypatch.setattr("detente.parse.attributes._MAX_CACHED_WORDS", 5)
    for ours, theirs in zip(nlp.pipe(TEXTS), stock.pipe(TEXTS), strict=True):
        assert (ours.to_array(ATTRS) == theirs.to_array(ATTRS)).all()


def test_rules_that_set_an_attribute_of_the_word_itself_apply_in_rule_order():
    # Such an attribute is shared by every token of the word: the ruler's last rule must win,
    # not the last token. (The English model has no such rule; a user's ruler may.)
    from spacy.tokens import Doc

    from detente.parse.attributes import ColumnAttributes

    pipeline = load_pipeline(column_attributes=False)
    ruler, lemmatizer = pipeline.get_pipe("attribute_ruler"), pipeline.get_pipe("lemmatizer")
    ruler.add([[{"LOWER": "qqq", "TAG": "NN"}]], {"IS_STOP": True})
    ruler.add([[{"LOWER": "qqq", "TAG": "VB"}]], {"IS_STOP": False})
    column = ColumnAttributes(ruler, lemmatizer)

    def stop_after(component) -> bool:
        pipeline.vocab["qqq"].is_stop = False
        doc = Doc(pipeline.vocab, words=["qqq", "qqq"], tags=["VB", "NN"])
        component(doc)
        return pipeline.vocab["qqq"].is_stop

    assert stop_after(column) == stop_after(ruler) is False
