"""Find a document's publication date in its own text, and say where it was found.

Used when the input carries no date in its metadata and none is given with `--date`. In order:
a labelled date near the top ("Published August 10, 2016"), a dateline ("ANKARA, Aug 10
(Reuters) -"), else the latest full date near the top (captions included: a photo is dated on or
before the day its story runs), leaving out dates announced as still to come.
"""

from __future__ import annotations

import datetime as dt
import re

from detente.ground.data import GroundWords, load_words
from detente.ground.dates import DateExpr, find_dates_around

TOP_CHARS = 2000  # "near the top": headline, standfirst, first captions and paragraphs
_LABEL = re.compile(
    r"(?i:published|posted|updated|last\s+updated|first\s+published|date)\s*(?:on|:)?\s*:?\s*$"
)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATELINE_HEAD = re.compile(r"^[A-Z][A-Z .'\-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?,?\s+$")
_DATELINE_TAIL = re.compile(r"^\s*(?:\([A-Za-z .&]{2,30}\))?\s*[-—–:]")


def find_publication_date(text: str) -> tuple[str, str] | None:
    """(ISO date, how it was found) or None. `how` is one of "label", "dateline",
    "latest-date-near-top"."""
    top = text[:TOP_CHARS]
    words = load_words()
    for m in _ISO.finditer(top):
        before = top[max(0, m.start() - 30):m.start()]
        if _LABEL.search(before):
            day = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if day is not None:
                return day.isoformat(), "label"
    # Only full and day-month dates count here, and each has a month name beside a number:
    # the search (most of the cost) looks only around those.
    exprs = find_dates_around(top, [m.start() for m in _day_and_month(words).finditer(top)],
                              words)
    full = [e for e in exprs if e.kind == "full"]
    for e in full:
        if _LABEL.search(top[max(0, e.start - 30):e.start]):
            value = e.resolve(None)
            if value is not None:
                return value[0], "label"
    dateline = _dateline(top, exprs, full)
    if dateline is not None:
        return dateline.isoformat(), "dateline"
    values = [v[0] for v in (e.resolve(None) for e in full if not _ahead(top, e, words))
              if v is not None]
    if values:
        return max(values), "latest-date-near-top"
    return None


_DAY_AND_MONTH: dict[int, tuple[GroundWords, re.Pattern[str]]] = {}


def _day_and_month(words: GroundWords) -> re.Pattern[str]:
    """A capitalised month name (as the date pattern wants it) beside a number."""
    cached = _DAY_AND_MONTH.get(id(words))  # by identity: the word tables never change
    if cached is None or cached[0] is not words:
        months = "|".join(re.escape(m.capitalize())
                          for m in sorted(words.months, key=len, reverse=True))
        pattern = re.compile(
            rf"(?:{months})\.?\s+\d|\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})")
        cached = _DAY_AND_MONTH[id(words)] = (words, pattern)
    return cached[1]


def _ahead(text: str, expr: DateExpr, words: GroundWords) -> bool:
    """A date announced as still to come ("will open on December 5, 2016")."""
    sentence_start = max(text.rfind(". ", 0, expr.start), text.rfind("\n", 0, expr.start))
    before = text[max(sentence_start + 1, expr.start - 60):expr.start].lower()
    return any(w in words.future_markers for w in re.findall(r"[a-z']+", before))


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _dateline(top: str, exprs: list[DateExpr], full: list[DateExpr]) -> dt.date | None:
    """A place in capitals, then a date, then an agency or a dash, at the start of a line."""
    years = [e.year for e in full if e.year]
    for e in exprs:
        if e.kind not in ("full", "month_day"):
            continue
        line_start = top.rfind("\n", 0, e.start) + 1
        head = top[line_start:e.start]
        if not _DATELINE_HEAD.match(head) or not _DATELINE_TAIL.match(top[e.end:e.end + 40]):
            continue
        if e.kind == "full":
            value = e.resolve(None)
            return dt.date.fromisoformat(value[0]) if value else None
        if years and e.month and e.day:  # a day and month alone: the year of the dates around
            return _valid(max(years), e.month, e.day)
    return None
