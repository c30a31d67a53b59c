"""Find date expressions in text and resolve them against a reference date.

Finding is one regular-expression pass over the text built from `data/dates.yaml`; resolving
needs the reference date (publication or caption date) and whether the governing verb is future,
so it is a separate step (`DateExpr.resolve`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from detente.ground.data import GroundWords, load_words

# A time preposition kept inside the expression, so `date_text` reads "on July 16".
_PREPS = (
    "as early as|as late as|as of|prior to|ahead of|at the end of|by the end of|"
    "on|in|since|until|till|by|from|to|during|through|throughout|before|after|between|"
    "following|and|of|at"
)


@dataclass(slots=True)  # made by the thousand: not frozen (a frozen init costs ~4x)
class DateExpr:
    """A date expression found in text; character offsets are into the searched text."""

    start: int
    end: int
    text: str
    # full, month_day, month_year, month, year, weekday, relative, decade, century, period,
    # range; sequel ("two months later": counted from the story's last date, not publication);
    # ahead ("in two years": only for a future verb)
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int = 0  # relative: units from the reference date; period: first year
    unit: str = ""
    precision: str = "day"
    end_year: int | None = None  # period: last year of the range
    modifier: str = ""  # last / next / this for weekdays and months

    @property
    def historical(self) -> bool:
        """Decades, centuries and named periods: the past, never the publication date."""
        if self.kind == "range":
            return self.year is not None and self.end_year is not None and \
                self.end_year > self.year + 1
        return self.kind in ("decade", "century", "period")

    @property
    def needs_reference(self) -> bool:
        return self.kind in ("month_day", "month", "weekday", "relative", "sequel", "ahead")

    def resolve(self, ref: dt.date | None, *, future: bool = False,
                past: bool = False) -> tuple[str, str] | None:
        """(ISO date, precision), or None when the expression needs a reference date it lacks.

        `future` / `past` give the tense of the verb the expression belongs to; with neither, a
        day-month without a year is the nearest such day."""
        value = _resolve(self, ref, future, past)
        if value is None:
            return None
        day, precision = value
        return truncate(day, precision).isoformat(), precision


def truncate(day: dt.date, precision: str) -> dt.date:
    """The first day of the period of `precision` that contains `day`."""
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return dt.date(day.year, 1, 1)
    if precision == "decade":
        return dt.date(max(day.year // 10 * 10, 1), 1, 1)
    if precision == "century":
        return dt.date(max(day.year // 100 * 100, 1), 1, 1)
    return day


def period_representative(first: int, last: int) -> tuple[dt.date, str]:
    """A year range as one date: a single year; a range under twenty years as the decade that
    holds most of its years (the earlier one on a tie); a longer one as its midpoint's century."""
    if first == last:
        return dt.date(max(first, 1), 1, 1), "year"
    if last - first < 20:
        decades = range(first // 10, last // 10 + 1)
        best = max(decades, key=lambda d: (min(last, d * 10 + 9) - max(first, d * 10), -d))
        return dt.date(max(best * 10, 1), 1, 1), "decade"
    middle = (first + last) // 2
    return dt.date(max(middle // 100 * 100, 1), 1, 1), "century"


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _shift(ref: dt.date, offset: int, unit: str) -> dt.date:
    if unit == "day":
        return ref + dt.timedelta(days=offset)
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday())
        return monday + dt.timedelta(weeks=offset)
    if unit == "month":
        return _add_months(ref, offset)
    if unit == "year":
        return dt.date(ref.year + offset, 1, 1)
    return dt.date(ref.year // 10 * 10 + 10 * offset, 1, 1)  # decade


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _resolve(e: DateExpr, ref: dt.date | None, future: bool,
             past: bool) -> tuple[dt.date, str] | None:
    if e.kind == "full" and e.year and e.month and e.day:
        found = _safe_date(e.year, e.month, e.day)
        return (found, "day") if found else None
    if e.kind == "month_year" and e.year and e.month:
        return dt.date(e.year, e.month, 1), "month"
    if e.kind in ("year", "decade", "century") and e.year is not None:
        return dt.date(max(e.year, 1), 1, 1), e.precision
    if e.kind in ("period", "range") and e.year is not None and e.end_year is not None:
        return period_representative(e.year, e.end_year)
    if ref is None:
        return None
    if e.kind == "month_day" and e.month and e.day:
        options = [d for d in (_safe_date(ref.year + k, e.month, e.day) for k in (-1, 0, 1)) if d]
        if not options:
            return None
        # A day-month without a year: the nearest such day on the side the tense points to.
        if past:
            options = [d for d in options if d <= ref + dt.timedelta(days=1)] or options
        elif future:
            options = [d for d in options if d >= ref - dt.timedelta(days=1)] or options
        return min(options, key=lambda d: abs((d - ref).days)), "day"
    if e.kind == "month" and e.month:
        year = ref.year
        if e.modifier == "last" or (not future and e.modifier != "next"):
            if e.month > ref.month or (e.modifier == "last" and e.month == ref.month):
                year -= 1
        elif e.month < ref.month or (e.modifier == "next" and e.month == ref.month):
            year += 1
        return dt.date(year, e.month, 1), "month"
    if e.kind == "weekday" and e.weekday is not None:
        back = (ref.weekday() - e.weekday) % 7
        ahead = (e.weekday - ref.weekday()) % 7
        if e.modifier == "next" or (future and e.modifier != "last"):
            return ref + dt.timedelta(days=ahead or 7), "day"
        if e.modifier == "last":
            return ref - dt.timedelta(days=back or 7), "day"
        return ref - dt.timedelta(days=back), "day"
    if e.kind == "sequel" and e.unit == "week":
        return ref + dt.timedelta(weeks=e.offset), e.precision  # from a day, not a calendar week
    if e.kind == "relative" or e.kind == "sequel":
        return _shift(ref, e.offset, e.unit), e.precision
    if e.kind == "ahead" and future:
        return _shift(ref, e.offset, e.unit), e.precision
    return None


@dataclass(frozen=True, slots=True)
class _Compiled:
    pattern: re.Pattern[str]
    words: GroundWords
    phrases: dict[str, tuple[int, str, str]]
    sequels: dict[str, tuple[int, str, str]]
    periods: dict[str, tuple[int, int]]
    anchors: frozenset[str]  # every expression without a digit holds one of these words
    cased: frozenset[str]  # anchors that count only capitalised (month and weekday names)
    period_heads: dict[str, frozenset[str]]  # a period's head noun -> the words before it
    starters: frozenset[str]  # every expression starts with one of these words (or a digit)
    first_runs: frozenset[str]  # the starters' leading letters ("twenty-first" -> "twenty")
    # every run of letters the pattern can match (and its plural); None when the pattern has
    # non-ASCII letters (some match ASCII ones in any case): then no word is ruled out
    inner: frozenset[str] | None


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _cap_alt(words: list[str]) -> str:
    # Month and weekday names must be capitalised ("may" and "march" are verbs).
    return "|".join(re.escape(w.capitalize()) for w in sorted(words, key=len, reverse=True))


_COMPILED: dict[int, _Compiled] = {}


def _compile(words: GroundWords) -> _Compiled:
    # Keyed by identity: the word tables are loaded once and never change.
    cached = _COMPILED.get(id(words))
    if cached is None or cached.words is not words:
        cached = _COMPILED[id(words)] = _build_pattern(words)
    return cached


def prepare(words: GroundWords | None = None) -> None:
    """Compile the date pattern now (once per word table), not on the first text."""
    _compile(words or load_words())


def _build_pattern(words: GroundWords) -> _Compiled:
    month = rf"(?:{_cap_alt(list(words.months))})\.?"
    weekday = rf"(?:{_cap_alt(list(words.weekdays))})"
    fuzzy = rf"(?i:{_alt(list(words.fuzzy_modifiers))})"
    number = rf"(?:\d+|{_alt(list(words.numbers))})"
    unit = rf"(?:{_alt(list(words.unit_days))})"
    ordinal = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{_alt(list(words.ordinals))})"
    phrases = {p.text: (p.offset, p.unit, p.precision) for p in words.relative_phrases}
    sequels = {p.text: (p.offset, p.unit, p.precision) for p in words.sequel_phrases}
    periods: dict[str, tuple[int, int]] = {}
    for period in words.periods:
        for name in (period.name, *period.aliases):
            key = name.lower()
            periods[key] = (period.start, period.end)
            if key.startswith("the "):
                periods[key[4:]] = (period.start, period.end)
    period_preps = _alt(list(words.period_prepositions))
    # Month and weekday names are case-sensitive ("may" and "march" are verbs); all other words
    # are matched in any case, since they may start a sentence.
    parts = [
        rf"(?i:(?P<period>(?P<pprep>{period_preps})\s+(?:the\s+)?(?P<pname>{_alt(list(periods))})))\b",
        rf"(?P<full>(?:{weekday},?\s+)?(?P<fm>{month})\s+(?P<fd>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
        rf"(?P<fy>\d{{4}}))\b",
        rf"(?P<full2>(?P<f2d>\d{{1,2}})\s+(?P<f2m>{month})\s+(?P<f2y>\d{{4}}))\b",
        rf"(?i:(?P<season>(?P<sm>this|last|next)\s+(?:{_alt(list(words.seasons))})))\b",
        rf"(?i:(?P<decade>(?:the\s+)?(?:(?P<dfz>{fuzzy})[\s-]+)?(?P<dy>\d{{3}}0|'\d0)s"
        rf"(?:\s+and\s+(?:the\s+)?\d{{3}}0s)?))\b",
        rf"(?i:(?P<century>(?:the\s+)?(?:{fuzzy}[\s-]+)?(?P<cn>{ordinal})[\s-]+century))\b",
        rf"(?P<my>(?:{fuzzy}[\s-]+(?i:of\s+)?)?(?P<mym>{month}),?\s+(?P<myy>\d{{4}}))\b",
        rf"(?P<md>(?P<mdm>{month})\s+(?P<mdd>\d{{1,2}})(?:st|nd|rd|th)?)\b(?!,?\s*\d)",
        rf"(?P<dm>(?P<dmd>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmm>{month}))\b",
        rf"(?i:(?P<fy2>(?P<fyz>{fuzzy})[\s-]+(?:of\s+)?(?P<fyy>\d{{4}})))\b",
        rf"(?i:(?P<ago>(?P<agon>{number})\s+(?P<agou>{unit})s?\s+ago))\b",
        rf"(?i:(?P<seq>(?:(?:less\s+than|more\s+than|about|some|nearly|almost|only|just)\s+)?"
        rf"(?P<seqn>{number})\s+(?P<sequ>{unit})s?\s+(?P<seqd>later|earlier|afterwards)))\b",
        rf"(?i:(?P<seqp>{_alt(list(sequels))}))\b",
        rf"(?i:(?P<dur>(?:for|over|in\s+the\s+(?:past|last))\s+(?:the\s+)?(?:(?:past|last)\s+)?"
        rf"(?:(?:more\s+than|over|nearly|almost|about|around|some|at\s+least)\s+)?"
        rf"(?P<durn>{number})\s+(?P<duru>{unit})s?))\b",
        rf"(?i:(?P<ahead>(?:in|within)\s+(?:(?:about|some|another)\s+)?"
        rf"(?P<ahn>{number})\s+(?P<ahu>{unit})s?))\b",
        rf"(?i:(?P<dur1>(?:for|over|in)\s+the\s+(?:past|last)\s+(?P<dur1u>{unit})))\b",
        rf"(?i:(?P<rel>{_alt(list(phrases))}))\b",
        rf"(?P<wd>(?:(?P<wdm>(?i:last|next|this|on|by|until|since))\s+)?(?P<wdn>{weekday}))\b",
        rf"(?P<mo>(?P<mop>(?i:in|since|until|by|early|late|mid|last|next|this|from|through|"
        rf"before|after|during|of))[\s-]+(?P<mom>{month}))\b(?!\s+\d)",
        r"(?P<yr>(?P<yy>1[0-9]\d\d|20\d\d))\b(?![,.]?\d)",
    ]
    # A year range keeps its own "between"/"from", so it is tried before the optional lead word.
    year_range = (
        r"(?i:(?P<range>(?:between\s+(?P<ra>\d{4})\s+and|from\s+(?P<rb>\d{4})\s+(?:to|until)|"
        r"(?P<rc>\d{4})\s*[-–]|(?P<rd>\d{4})\s+to)\s*(?P<re>\d{4})))\b"
    )
    lead = rf"(?:(?P<lead>(?i:{_PREPS}))\s+)?"
    pattern = re.compile(r"\b(?:" + year_range + "|" + lead + "(?:" + "|".join(parts) + "))")
    starters = {p.split()[0] for p in _PREPS.split("|")}
    starters |= {"the", "last", "next", "this", "for", "over", "in", "early", "late", "mid",
                 "between", "from"}
    starters |= {"less", "more", "about", "some", "nearly", "almost", "only", "just", "within",
                 "another", "that"}
    for group in (words.fuzzy_modifiers, words.numbers, words.ordinals, words.months,
                  words.weekdays, phrases, sequels, words.period_prepositions):
        starters |= {str(w).split()[0] for w in group}
    # A period's head noun is searched only after one of the words it follows in a period
    # name ("cold war", "ottoman era"), unless it is a calendar word anyway ("Arab Spring").
    other = anchor_words(words, periods=False)
    heads: dict[str, set[str]] = {}
    for name in periods:
        parts = [w for w in name.split() if w.isalpha() and w not in ("i", "ii")
                 and w not in words.numbers]
        if parts and parts[-1] not in other:
            heads.setdefault(parts[-1], set()).add(parts[-2] if len(parts) > 1 else "")
    period_heads = {h: frozenset(b) for h, b in heads.items() if "" not in b}
    cased = frozenset(words.months) | frozenset(words.weekdays)
    return _Compiled(pattern, words, phrases, sequels, periods, anchor_words(words), cased,
                     period_heads, frozenset(starters),
                     frozenset(r.group() for r in map(_RUN.match, starters) if r is not None),
                     _letter_runs(pattern.pattern))


def _num(text: str, words: GroundWords) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else words.numbers.get(text, 1)


def _ordinal(text: str, words: GroundWords) -> int:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else words.ordinals.get(text.lower(), 0)


_RUN = re.compile(r"\w+")
_LETTERS = re.compile(r"[a-z]+")


def _letter_runs(source: str) -> frozenset[str] | None:
    # The pattern has no letter classes: every letter it matches is one of its literals, and
    # a literal ends at a space, a sign or the end, or takes a plural "s" ("weeks").
    if any(ch.isalpha() and not ch.isascii() for ch in source):
        return None
    runs = set(_LETTERS.findall(source.lower()))
    return frozenset(runs | {r + "s" for r in runs})


def _inside(low: str, inner: frozenset[str]) -> bool:
    """Whether the lower-case word `low` can lie inside a date expression."""
    if low in inner:
        return True
    if low.isalpha() and low.isascii():
        return False
    if not low.isascii() or _HAS_DIGIT.search(low):
        return True  # numbers, and letters that match others in any case
    return all(r in inner for r in _LETTERS.findall(low))

_NOT_YEAR_BEFORE = re.compile(r"(?:[$€£#]|\d[.,]?|No\.?\s*)\s*$")
_NOT_YEAR_AFTER = re.compile(r"^\s*(?:%|per\s*cent|percent)")


def find_dates(text: str, words: GroundWords | None = None, *, offset: int = 0) -> list[DateExpr]:
    """All date expressions in `text`, left to right, not overlapping; `offset` is added to
    their character positions (for a sentence searched on its own)."""
    words = words or load_words()
    compiled = _compile(words)
    found: list[DateExpr] = []
    _scan(text, compiled, 0, len(text), offset, found)
    return found


def find_dates_around(text: str, spots: list[int],
                      words: GroundWords | None = None) -> list[DateExpr]:
    """What `find_dates(text)` finds in the stretches of `text` that hold the character
    offsets `spots`. A stretch ends at a word no expression can hold ("percent"): no match
    crosses one (every match ends at a word boundary), so each stretch is searched alone."""
    words = words or load_words()
    compiled = _compile(words)
    found: list[DateExpr] = []
    if not spots:
        return found
    inner = compiled.inner
    if inner is None:
        _scan(text, compiled, 0, len(text), 0, found)
        return found
    stretches: list[tuple[int, int]] = []
    for spot in sorted(spots):
        stretch = _stretch(text, spot, inner)
        if not stretches or stretches[-1] != stretch:
            stretches.append(stretch)
    for start, end in stretches:
        _scan(text, compiled, start, end, 0, found)
    return found


def _is_wall(run: str, inner: frozenset[str]) -> bool:
    """A word no date expression can hold ("percent", "troops")."""
    return run.isalpha() and run.isascii() and run.lower() not in inner


def _stretch(text: str, spot: int, inner: frozenset[str]) -> tuple[int, int]:
    """The stretch of `text` around `spot` that no wall word cuts: from the end of the last wall
    starting at or before `spot` to the start of the first wall after it. Words are read outward
    from `spot` only as far as the nearest walls (a whole text holds hundreds of words)."""
    window = 120
    while True:
        # a run of word characters never holds a space: starting after one, runs are whole
        lo = 0 if spot <= window else text.rfind(" ", 0, spot - window) + 1
        last_end: int | None = None if lo else 0
        for m in _RUN.finditer(text, lo):
            if m.start() > spot:
                if _is_wall(m.group(), inner):
                    if last_end is not None:
                        return last_end, m.start()
                    break
                continue
            if _is_wall(m.group(), inner):
                last_end = m.end()
        else:
            if last_end is not None:
                return last_end, len(text)
        if lo == 0:
            return (last_end or 0), len(text)
        window *= 4  # no wall before the spot in this window: look further back


def _scan(text: str, compiled: _Compiled, start: int, end: int, offset: int,
          found: list[DateExpr]) -> None:
    pattern, firsts = compiled.pattern, compiled.first_runs
    covered = start
    # The same matches as `pattern.finditer(text)`, but the long pattern is tried only where a
    # match can start: at a digit, a sign, a non-ASCII word or a word that opens an expression.
    for at in _CANDIDATE.finditer(text, start):
        if at.start() >= end:
            break
        word = at.group(1)
        if at.start() < covered or (word is not None and word.isalpha() and word.isascii()
                                    and word.lower() not in firsts):
            continue
        m = pattern.match(text, at.start())
        if m is None:
            continue
        covered = m.end()
        expr = _build(m, text, compiled, offset)
        if expr is not None:
            found.append(expr)


# Where a match of the date pattern can start: a word, or a sign right after a word ("x'70s").
_CANDIDATE = re.compile(r"\b(?:(\w+)|[^\w\s])")


def find_dates_near_anchors(text: str, tokens: list[tuple[int, str]],
                            words: GroundWords | None = None, *,
                            offset: int = 0) -> list[DateExpr]:
    """`find_dates` for tokenised text, ten times faster: the pattern is tried only at the
    few words before a digit or a calendar word that can open an expression. `tokens` are
    (character offset in `text`, lower-case text) pairs."""
    words = words or load_words()
    c = _compile(words)
    found: list[DateExpr] = []
    covered = 0
    # Anchors a few words apart ("70 percent of ... in 2015") try the same openers: the pattern
    # is matched once per position.
    tried: dict[int, re.Match[str] | None] = {}
    inner = c.inner or frozenset()
    walled = c.inner is not None  # else no word is ruled out
    for a, (a_char, a_low) in enumerate(tokens):
        if a_char < covered:
            continue
        if a_low.isalpha() or not _HAS_DIGIT.search(a_low):
            head = a_low if a_low.isalpha() else \
                a_low.rstrip(".").removesuffix("'s").removesuffix("’s")
            if head not in c.anchors:
                continue
            if head in c.cased and not text[a_char].isupper():
                continue  # "may", "march" as verbs
            before = c.period_heads.get(head)
            if before is not None and (a == 0 or tokens[a - 1][1] not in before):
                continue  # "war" alone is no period; "Cold War" is
        # A match that starts before a word no date expression can hold ("percent") cannot
        # reach the anchor: it is not tried.
        first = max(0, a - _MAX_LEAD)
        for j in range(a - 1, first if walled else a - 1, -1):
            low = tokens[j][1]
            if low not in inner and not _inside(low, inner):
                first = j
                break
        for k in range(first, a + 1):
            k_char, k_low = tokens[k]
            if k_char < covered:
                continue
            opener = k == a or k_low[:1].isdigit() or k_low[:1] == "'"
            if not opener and k_low.rstrip(".") not in c.starters:
                continue
            if k_char in tried:
                m = tried[k_char]
            else:
                m = tried[k_char] = c.pattern.match(text, k_char)
            if m is None or m.end() <= a_char:
                continue
            expr = _build(m, text, c, offset)
            if expr is not None:
                found.append(expr)
                covered = m.end()
                break
    return found


_HAS_DIGIT = re.compile(r"\d")
_WORDS = re.compile(r"\w[\w'.]*|[^\w\s]")


def word_tokens(text: str) -> list[tuple[int, str]]:
    """(offset, lower-case word) pairs for `find_dates_near_anchors`; hyphens split words."""
    lowered = text.lower()
    if len(lowered) == len(text):  # lower-casing kept every offset (it almost always does)
        return [(m.start(), m.group()) for m in _WORDS.finditer(lowered)]
    return [(m.start(), m.group().lower()) for m in _WORDS.finditer(text)]
_MAX_LEAD = 9  # words before the anchor: "in the aftermath of the Second World War"


def anchor_words(words: GroundWords | None = None, *, periods: bool = True) -> frozenset[str]:
    """Lower-case words at least one of which every date expression without a digit contains
    (its head word: a month, a weekday, a unit, "ago", "century", a period's head noun); a
    sentence with none of them and no digit need not be searched."""
    words = words or load_words()
    anchors: set[str] = set(words.months) | set(words.weekdays) | set(words.seasons)
    anchors |= {u for u in words.unit_days} | {u + "s" for u in words.unit_days}
    anchors |= {"ago", "century", "centuries"}
    for phrase in (*words.relative_phrases, *words.sequel_phrases):
        anchors.add(phrase.text.split()[-1])
    anchors |= {"later", "earlier", "afterwards"}
    for period in words.periods if periods else ():
        for name in (period.name, *period.aliases):
            # The head noun ("war", "era"), not a modifier ("Russian", "Turkish") that would
            # send half of all sentences to the search; "World War One" ends in a numeral.
            parts = [w for w in name.lower().split() if w.isalpha() and w not in ("i", "ii")
                     and w not in words.numbers]
            if parts:
                anchors.add(parts[-1])
    return frozenset(anchors)


def _build(m: re.Match[str], text: str, c: _Compiled, shift: int = 0) -> DateExpr | None:
    w = c.words
    g = m.groupdict()
    s, e = m.span()

    def make(kind: str, **kw: object) -> DateExpr:
        return DateExpr(s + shift, e + shift, text[s:e], kind, **kw)  # type: ignore[arg-type]

    def month_no(name: str) -> int:
        return w.months[name.rstrip(".").lower()]

    if g["period"]:
        first, last = c.periods[g["pname"].lower()]
        mode = w.period_prepositions[g["pprep"].lower()]
        if mode == "after":
            first, last = last + 1, last + 10
        elif mode == "aftermath":
            first, last = last, last + 4
        elif mode == "before":
            first, last = first - 10, first - 1
        elif mode == "end":
            first = max(first, last - 2)
        return make("period", year=first, end_year=last, precision="decade")
    if g["range"]:
        first = int(g["ra"] or g["rb"] or g["rc"] or g["rd"])
        last = int(g["re"])
        if not 1000 <= first <= last <= 2100 or last - first > 300:
            return None
        return make("range", year=first, end_year=last, precision="decade")
    if g["season"]:
        offset = {"this": 0, "last": -1, "next": 1}[g["sm"].lower()]
        return make("relative", offset=offset, unit="year", precision="year")
    if g["full"]:
        return make("full", year=int(g["fy"]), month=month_no(g["fm"]), day=int(g["fd"]))
    if g["full2"]:
        return make("full", year=int(g["f2y"]), month=month_no(g["f2m"]), day=int(g["f2d"]))
    if g["decade"]:
        raw = g["dy"]
        year = 1900 + int(raw[1:]) if raw.startswith("'") else int(raw)
        if year % 100 == 0 and not raw.startswith("'") and not g["dfz"]:
            return make("century", year=year, precision="century")  # "the 1800s"
        return make("decade", year=year, precision="decade")
    if g["century"]:
        n = _ordinal(g["cn"], w)
        return make("century", year=100 * (n - 1), precision="century") if n else None
    if g["my"]:
        return make("month_year", year=int(g["myy"]), month=month_no(g["mym"]), precision="month")
    if g["md"]:
        return make("month_day", month=month_no(g["mdm"]), day=int(g["mdd"]))
    if g["dm"]:
        return make("month_day", month=month_no(g["dmm"]), day=int(g["dmd"]))
    if g["fy2"]:
        return make("year", year=int(g["fyy"]), precision="year")
    if g["ago"]:
        n, unit = _num(g["agon"], w), g["agou"].lower()
        return make("relative", offset=-n, unit=unit, precision=w.unit_precision[unit])
    if g["seq"]:
        n, unit = _num(g["seqn"], w), g["sequ"].lower()
        sign = -1 if g["seqd"].lower() == "earlier" else 1
        return make("sequel", offset=sign * n, unit=unit, precision=w.unit_precision[unit])
    if g["seqp"]:
        offset, unit, precision = c.sequels[g["seqp"].lower()]
        return make("sequel", offset=offset, unit=unit, precision=precision)
    if g["ahead"]:
        n, unit = _num(g["ahn"], w), g["ahu"].lower()
        return make("ahead", offset=n, unit=unit, precision=w.unit_precision[unit])
    if g["dur"] or g["dur1"]:
        n = _num(g["durn"], w) if g["dur"] else 1
        unit = (g["duru"] or g["dur1u"]).lower()
        return make("relative", offset=-n, unit=unit, precision=w.unit_precision[unit])
    if g["rel"]:
        offset, unit, precision = c.phrases[g["rel"].lower()]
        return make("relative", offset=offset, unit=unit, precision=precision)
    if g["wd"]:
        modifier = (g["wdm"] or "").lower()
        return make("weekday", weekday=w.weekdays[g["wdn"].lower()],
                    modifier=modifier if modifier in ("last", "next", "this") else "")
    if g["mo"]:
        modifier = g["mop"].lower()
        return make("month", month=month_no(g["mom"]), precision="month",
                    modifier=modifier if modifier in ("last", "next", "this") else "")
    if g["yr"]:
        year = int(g["yy"])
        before, after = text[max(0, s - 6):s], text[e:e + 12]
        if _NOT_YEAR_BEFORE.search(before) or _NOT_YEAR_AFTER.match(after):
            return None
        return make("year", year=year, precision="year")
    return None
