"""The plain-Python view of a parse must say exactly what spaCy's own objects say."""

from __future__ import annotations

import pytest

from detente.parse.tokens import ParsedDoc

TEXT = (
    "Ankara and Moscow agreed on Tuesday to restore charter flights, ending a seven-month "
    "freeze.\n\n"
    "The Turkish president, who had called his Russian counterpart twice, said 2,000 tourists "
    "would return by June. Critics in Istanbul, however, were not persuaded.\n\n"
    "\"We will see,\" one shopkeeper told reporters - and walked off."
)


@pytest.fixture(scope="module")
def both(nlp):
    doc = nlp(TEXT)
    return doc, ParsedDoc(doc, TEXT)


def test_every_token_attribute_matches_spacy(both):
    doc, parsed = both
    assert len(parsed) == len(doc)
    for token, mine in zip(doc, parsed, strict=True):
        assert (mine.i, mine.text, mine.lower_, mine.lemma_, mine.pos_, mine.tag_, mine.dep_) == (
            token.i, token.text, token.lower_, token.lemma_, token.pos_, token.tag_, token.dep_)
        assert (mine.idx, mine.is_sent_start, mine.like_num, mine.is_punct, mine.is_lower) == (
            token.idx, token.is_sent_start, token.like_num, token.is_punct, token.is_lower)
        assert (mine.lemma, mine.lower) == (token.lemma, token.lower)
        assert mine.head.i == token.head.i
        assert [c.i for c in mine.children] == [c.i for c in token.children]
        assert [c.i for c in mine.lefts] == [c.i for c in token.lefts]
        assert [c.i for c in mine.conjuncts] == [c.i for c in token.conjuncts]
        assert [a.i for a in mine.ancestors] == [a.i for a in token.ancestors]
        assert (mine.left_edge.i, mine.right_edge.i) == (token.left_edge.i, token.right_edge.i)


def test_spans_sentences_and_char_spans_match_spacy(both):
    doc, parsed = both
    assert [(s.start, s.end) for s in parsed.sents] == [(s.start, s.end) for s in doc.sents]
    for start in range(len(doc)):
        for end in range(start + 1, min(len(doc), start + 6) + 1):
            assert parsed[start:end].root.i == doc[start:end].root.i, (start, end)
            assert parsed[start:end].text == doc[start:end].text
    for start, end in ((0, 6), (11, 20), (30, 41)):
        mine = parsed.char_span(start, end, alignment_mode="expand")
        theirs = doc.char_span(start, end, alignment_mode="expand")
        assert (mine.start, mine.end) == (theirs.start, theirs.end)


def test_one_view_per_doc_and_release_frees_it(both, nlp):
    doc, _ = both
    fresh = nlp("Japan protested to China.")
    view = ParsedDoc.of(fresh)
    assert ParsedDoc.of(fresh) is view and ParsedDoc.of(view) is view
    view.release()
    assert len(view) == 0 and ParsedDoc.of(fresh) is not view
    assert ParsedDoc(nlp("")).sentence_bounds == []
