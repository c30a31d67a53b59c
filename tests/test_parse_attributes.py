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


def test_a_pipeline_of_another_shape_is_left_alone(caplog):
    from spacy.lang.en import English

    from detente.parse.attributes import use_column_attributes

    blank = English()
    with caplog.at_level("WARNING", logger="detente.parse"):
        assert use_column_attributes(blank) is False
    assert blank.pipe_names == []
    assert "has no attribute_ruler and lemmatizer" in caplog.text


def test_annotations_do_not_depend_on_what_the_caches_remember(nlp, stock, monkeypatch):
    # a long run empties the caches by word from time to time: nothing may change when it does
    monkeypatch.setattr("detente.parse.attributes._MAX_CACHED_WORDS", 5)
    for ours, theirs in zip(nlp.pipe(TEXTS), stock.pipe(TEXTS), strict=True):
        assert (ours.to_array(ATTRS) == theirs.to_array(ATTRS)).all()


def _column_component(pipeline):
    """A `ColumnAttributes` made from `pipeline`'s own rule components, run beside them."""
    component = pipeline.add_pipe(COLUMN_ATTRIBUTES, name="column_copy", last=True)
    component.copy_from(pipeline.get_pipe("attribute_ruler"), pipeline.get_pipe("lemmatizer"))
    return component


def test_rules_that_set_an_attribute_of_the_word_itself_apply_in_rule_order():
    # Such an attribute is shared by every token of the word: the ruler's last rule must win,
    # not the last token. (The English model has no such rule; a user's ruler may.)
    from spacy.tokens import Doc

    pipeline = load_pipeline(column_attributes=False)
    ruler = pipeline.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "qqq", "TAG": "NN"}]], {"IS_STOP": True})
    ruler.add([[{"LOWER": "qqq", "TAG": "VB"}]], {"IS_STOP": False})
    column = _column_component(pipeline)

    def stop_after(component) -> bool:
        pipeline.vocab["qqq"].is_stop = False
        doc = Doc(pipeline.vocab, words=["qqq", "qqq"], tags=["VB", "NN"])
        component(doc)
        return pipeline.vocab["qqq"].is_stop

    assert stop_after(column) == stop_after(ruler) is False


def test_rules_setting_norms_entities_and_extensions_are_applied_as_the_ruler_applies_them():
    from spacy.tokens import Doc, Token

    if not Token.has_extension("detente_test_flag"):
        Token.set_extension("detente_test_flag", default=None)
    pipeline = load_pipeline(column_attributes=False)
    ruler = pipeline.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "zzq"}]], {"NORM": "zed", "ENT_TYPE": "GPE", "TAG": "NNP",
                                      "_": {"detente_test_flag": "set"}})
    ruler.add([[{"LOWER": "zzq"}, {"LOWER": "summit"}]], {"LEMMA": "meeting"}, index=1)
    column = _column_component(pipeline)

    def annotations(*components) -> list[tuple[str, ...]]:
        doc = Doc(pipeline.vocab, words=["The", "zzq", "summit", "ended"],
                  tags=["DT", "NN", "NN", "VBD"])
        for component in components:
            component(doc)
        return [(t.norm_, t.ent_type_, t.tag_, str(t._.detente_test_flag), t.lemma_)
                for t in doc]

    assert annotations(column) == annotations(ruler, pipeline.get_pipe("lemmatizer"))
    assert annotations(column)[1][:4] == ("zed", "GPE", "NNP", "set")
    assert annotations(column)[2][4] == "meeting"


def test_a_rule_setting_an_attribute_we_cannot_set_keeps_the_stock_components(caplog):
    from detente.parse.attributes import use_column_attributes

    pipeline = load_pipeline(column_attributes=False)
    pipeline.get_pipe("attribute_ruler").add([[{"LOWER": "zzq"}]], {"SENT_START": 1})
    with caplog.at_level("WARNING", logger="detente.parse"):
        assert use_column_attributes(pipeline) is False
    assert pipeline.pipe_names[-2:] == ["attribute_ruler", "lemmatizer"]
    assert COLUMN_ATTRIBUTES not in pipeline.pipe_names
    assert "SENT_START" in caplog.text and "kept as spaCy ships them" in caplog.text


def test_an_unloaded_component_says_how_to_load_it():
    from spacy.lang.en import English

    component = English().add_pipe(COLUMN_ATTRIBUTES)
    with pytest.raises(ValueError, match="no rules yet"):
        component(English().make_doc("Hello."))
