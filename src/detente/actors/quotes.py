"""First-person plurals in quotations: "we", "us" and "our" inside a quotation speak for
whoever the text says spoke it ('Baker told the committee, "We do not support ..."').

A quotation runs from an opening to a closing quotation mark, across sentences; its speaker is
the subject of a verb of saying outside the marks, in the sentence where the quotation opens or
the one where it closes ('"... we will stand by them," Gaddafi said').
"""

from __future__ import annotations

from dataclasses import replace

from detente.actors.lexicon import link_words
from detente.parse.tokens import ParsedDoc
from detente.records import ActorMention

SPEECH = link_words("speech")  # lemmas of verbs that attribute a quotation
OPENING = frozenset({"“", "``"})
CLOSING = frozenset({"”", "''"})
STRAIGHT = frozenset({'"'})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def quotations(doc: ParsedDoc) -> list[tuple[int, int]]:
    """Token spans [open, close] of the quotations of a document; an unclosed one runs to the
    end of the paragraph (wire copy reopens a quotation that goes on)."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for token in doc.tokens:
        text = token.text
        if "\n\n" in text or (token.is_space and "\n" in text):
            if start is not None:
                spans.append((start, token.i))
                start = None
            continue
        if text in OPENING or (text in STRAIGHT and start is None):
            if start is None:
                start = token.i
        elif (text in CLOSING or text in STRAIGHT) and start is not None:
            spans.append((start, token.i))
            start = None
    if start is not None:
        spans.append((start, len(doc.tokens) - 1))
    return spans


def _sentence_span(doc: ParsedDoc, token: int) -> tuple[int, int]:
    for start, end in doc.sentence_bounds:
        if start <= token < end:
            return start, end
    return 0, len(doc.tokens)


def speaker(
    doc: ParsedDoc, quote: tuple[int, int], mentions: list[ActorMention]
) -> ActorMention | None:
    """The actor a quotation is attributed to, if the text names one with a country."""
    first, last = quote
    seen: set[tuple[int, int]] = set()
    for token in (last, first):  # "..." he said: the attribution after the quotation first
        bounds = _sentence_span(doc, token)
        if bounds in seen:
            continue
        seen.add(bounds)
        for i in range(*bounds):
            if first <= i <= last:
                continue
            verb = doc[i]
            if verb.lemma_.lower() not in SPEECH or verb.pos_ not in ("VERB", "AUX"):
                continue
            subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
            if subject is None:
                continue
            found = next(
                (m for m in mentions if m.start <= subject.i < m.end and (m.country or m.terms)),
                None,
            )
            if found is not None:
                return found
    return None


def we_speakers(
    doc: ParsedDoc, mentions: list[ActorMention], forms: list[tuple[int, int]]
) -> list[ActorMention]:
    """Mentions for the first-person plurals at `forms` (token spans) that stand inside a
    quotation with a named speaker: the speaker, over the pronoun's words."""
    if not forms:
        return []
    spans = quotations(doc)
    out: list[ActorMention] = []
    for start, end in forms:
        quote = next((q for q in spans if q[0] < start <= q[1]), None)
        if quote is None:
            continue
        who = speaker(doc, quote, mentions)
        if who is None:
            continue
        text = doc[start:end].text
        out.append(replace(who, start=start, end=end, text=text, kind="pronoun"))
    return out
