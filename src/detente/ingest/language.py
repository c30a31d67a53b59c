"""A cheap test for text that is clearly not English.

English prose is 35–55% function words ("the", "of", "and", …); other languages written in Latin
script share only a handful of short words with that list, and other scripts share none. Only
texts long enough to measure and far below the English range are flagged, so headlines, tables
and name lists are never rejected.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from detente.datafiles import read_tsv
from detente.errors import DataFileError

#: Fewer words than this and the share says nothing.
MIN_WORDS = 40
#: A share below this is "clearly not English" (English prose measures 0.35–0.55).
MAX_SHARE = 0.12
#: Words looked at (the start of the text is enough to decide).
SAMPLE_WORDS = 300
#: Share of lowercase words above which a text is running prose.
MIN_LOWERCASE = 0.55
#: Characters looked at for the script test, and the fewest letters that decide.
SAMPLE_CHARS = 3000
MIN_LETTERS = 100

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LETTER = re.compile(r"[^\W\d_]")
# Letters outside Basic Latin .. Latin Extended-B (accented Latin letters count as Latin).
_NON_LATIN = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
_ENTRY = re.compile(r"^[a-z]+$")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """The English function words of `data/function_words.tsv` (validated)."""
    source = resources.files("detente.ingest") / "data" / "function_words.tsv"
    words: set[str] = set()
    for lineno, row in read_tsv(source, ("word",), exact=True, complete=True):
        word = row["word"]
        if not _ENTRY.match(word):
            raise DataFileError(f"{word!r} is not a lowercase word", path=str(source), line=lineno)
        if word in words:
            raise DataFileError(f"duplicate word {word!r}", path=str(source), line=lineno)
        words.add(word)
    if not words:
        raise DataFileError("no words", path=str(source))
    return frozenset(words)


def english_share(text: str) -> tuple[float, float, int]:
    """Among the first `SAMPLE_WORDS` words: share of English function words, share of words in
    lowercase (prose rather than a list of names or headlines), and the number of words."""
    vocab = function_words()
    # Words average under 7 characters: this slice holds the sample without scanning a long text.
    words = _WORD.findall(text[: SAMPLE_WORDS * 12])[:SAMPLE_WORDS]
    if not words:
        return 0.0, 0.0, 0
    lowered = [w.lower() for w in words]
    hits = sum(1 for w in lowered if w in vocab)
    lower = sum(1 for w, low in zip(words, lowered, strict=True) if w == low)
    return hits / len(words), lower / len(words), len(words)


def latin_share(text: str) -> tuple[float, int]:
    """Share of letters in Latin script among the first `SAMPLE_CHARS` characters, and the
    number of letters seen."""
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return 1.0, 0
    return 1 - len(_NON_LATIN.findall(sample)) / letters, letters


def not_english_reason(text: str) -> str | None:
    """Why `text` is clearly not English, or None when it is English or too short to tell."""
    # Counting letters costs more than the rest of reading a document: only a sample with a
    # letter outside Latin script can fail the script test.
    if _NON_LATIN.search(text, 0, SAMPLE_CHARS) is not None:
        latin, letters = latin_share(text)
        if letters >= MIN_LETTERS and latin < 0.5:
            return (f"does not look like English: {1 - latin:.0%} of its letters are not "
                    "Latin script")
    share, lower, n = english_share(text)
    # Lists of names and headlines have few function words too; only running prose (mostly
    # lowercase words) with almost no English function words is clearly another language.
    if n < MIN_WORDS or share >= MAX_SHARE or lower < MIN_LOWERCASE:
        return None
    return (
        f"does not look like English: {share:.0%} of its first {n} words are common English "
        f"function words (English prose has 35–55%)"
    )
