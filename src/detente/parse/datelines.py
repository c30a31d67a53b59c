"""Datelines: the place (and often the day) a wire story was filed, at the head of its text.

"PARIS, March 20 - Chadian troops ...", "LA PAZ, Bolivia, March 23 (Reuters) - ...",
"GENEVA -". The parser is given the dateline as a sentence of its own, so that the story's
first sentence parses as the sentence it is; the actor stage never reads a dateline's place as
an actor: where a reporter stood says nothing about who did what.
"""

from __future__ import annotations

import re

# An upper-case place (with an optional region or country), an optional "Month Day" or
# "(Agency)", then a dash or colon. The place must be in capitals: "Paris, Berlin and Rome
# condemned ..." in running text is a list of actors, not a dateline.
DATELINE = re.compile(
    r"[A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*){0,3}"  # PARIS, LA PAZ, ST. PETERSBURG
    r"(?:,\s*[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,2})?"  # , Bolivia / , Calif.
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # , March 20 / , Aug. 3
    r",?\s*(?:\([A-Za-z .&]{2,30}\)\s*)?"  # (Reuters)
    r"[-\u2014\u2013:](?=\s|$)"
)
MAX_HEAD = 80  # characters a dateline can take at the start of a paragraph
_WORDS = re.compile(r"[\s,.()]+")


def dateline_length(text: str) -> int:
    """Characters of the dateline that opens `text` (its dash included), or 0 when none."""
    match = DATELINE.match(text[:MAX_HEAD])
    if match is None:
        return 0
    head = match.group(0)
    # The place is a word of two capitals or more ("PARIS"), not an initial or a name in
    # running text ("A. Smith:").
    if not any(len(w) >= 2 and w.isalpha() and w.isupper() for w in _WORDS.split(head)):
        return 0
    return match.end()
