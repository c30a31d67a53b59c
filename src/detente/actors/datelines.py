"""The tokens of datelines, whose places are never actors (see `detente.parse.datelines`)."""

from __future__ import annotations

from detente.parse.datelines import dateline_length
from detente.parse.tokens import ParsedDoc


def dateline_tokens(doc: ParsedDoc) -> set[int]:
    """Indices of the tokens that form a dateline at the start of any sentence."""
    found: set[int] = set()
    text = doc.text
    for sentence in doc.sents:
        start = sentence.start_char
        length = dateline_length(text[start:])
        if not length:
            continue
        end = start + length
        i = sentence.start
        while i < sentence.end and doc.idx[i] < end:
            found.add(i)
            i += 1
    return found
