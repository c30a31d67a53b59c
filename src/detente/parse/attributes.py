"""Part of speech, morphology and lemmas as the model's own rules give them, set column-wise.

The English model ends with two rule components: the `attribute_ruler` (tag → part of speech and
morphology, with exceptions by word and dependency) and the rule `lemmatizer`. Together they take
about 45 % of the parse time: the ruler runs a Matcher of ~180 patterns over every word and makes a
Span and a Token for each match; the lemmatizer makes a Token for every word. Their output depends
on a handful of columns per word, so `ColumnAttributes` computes the same values from
`Doc.to_array` columns with a cache per distinct word signature and writes them back with
`Doc.from_array`.

It is a spaCy component of its own (factory `detente_column_attributes`, found by `spacy.load`
through the package's `spacy_factories` entry point). It keeps copies of the two components it
stands in for, made with their own factories, and saves them with the pipeline (`to_disk`: one
folder each, as spaCy saves them), so a saved pipeline loads again with `spacy.load`. Only public
spaCy API is used. Its annotations (tags, parts of speech, morphology, lemmas, dependencies, and
any lexeme attribute, norm, entity attribute or extension a rule sets) are the stock components'
own: tests compare every attribute on thousands of sentences. Where it differs from them on
purpose, nothing a user reads changes: it makes no Span or Token objects for matches, it asks the
lemmatizer once per (word, part of speech, morphology), and the lemmatizer's word lists are held
as sets in a second copy of its tables (the saved tables are the model's own lists). A rule that
sets an attribute spaCy's public API cannot set the same way (the head, sentence start, entity
IOB, spacing) makes `use_column_attributes` keep the stock components, with a warning naming it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from spacy import util
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_KB_ID,
    ENT_TYPE,
    IS_SPACE,
    LANG,
    LEMMA,
    LOWER,
    MORPH,
    NORM,
    ORTH,
    POS,
    PREFIX,
    SHAPE,
    SUFFIX,
    TAG,
)
from spacy.attrs import IDS as ATTR_IDS
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

log = logging.getLogger("detente.parse")

COLUMN_ATTRIBUTES = "detente_column_attributes"
# The token attributes a rule may test for this component to match it from columns; a rule
# testing anything else (or using operators, several tokens) goes through a Matcher as before.
_TESTED = {"TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE, "LOWER": LOWER, "ORTH": ORTH}
_WORD_KEYS = ("LOWER", "ORTH")  # open-class values: only words a rule names are told apart
_READ = [TAG, DEP, IS_SPACE, LOWER, ORTH, POS, MORPH, LEMMA]
_COLUMNS = {POS, MORPH, LEMMA}  # attributes written back column-wise; others token by token
# Other attributes a rule may set, each as the ruler sets it: on the token, or on the word's
# lexeme (shared by its every token); boolean flags (IS_*, LIKE_*) on the lexeme too.
_TOKEN_SETTERS = {TAG: "tag", DEP: "dep", ENT_TYPE: "ent_type", ENT_ID: "ent_id",
                  ENT_KB_ID: "ent_kb_id"}
_LEXEME_SETTERS = {LOWER: "lower", SHAPE: "shape", PREFIX: "prefix", SUFFIX: "suffix",
                   LANG: "lang"}
_FLAGS = 64  # attribute ids below this are the lexeme's boolean flags
# Lemmatizers whose result depends on the word, its part of speech and morphology alone.
_PURE_LEMMATIZERS = {"Lemmatizer", "EnglishLemmatizer"}
_RULER, _LEMMATIZER = "attribute_ruler", "lemmatizer"


def unsupported(nlp: Language) -> str | None:
    """Why `nlp` cannot run `ColumnAttributes` in place of its rule components (None if it can):
    it must end with an attribute ruler and a rule lemmatizer of a kind this one reproduces."""
    names = nlp.pipe_names
    if _RULER not in names or _LEMMATIZER not in names:
        return "the pipeline has no attribute_ruler and lemmatizer"
    if names[-2:] != [_RULER, _LEMMATIZER]:
        return "the attribute_ruler and lemmatizer are not its last two components"
    ruler, lemmatizer = nlp.get_pipe(_RULER), nlp.get_pipe(_LEMMATIZER)
    if not isinstance(ruler, AttributeRuler) or not isinstance(lemmatizer, Lemmatizer):
        return "its attribute_ruler or lemmatizer is not spaCy's"
    if type(lemmatizer).__name__ not in _PURE_LEMMATIZERS:
        return f"its lemmatizer is a {type(lemmatizer).__name__}, not one reproduced here"
    if lemmatizer.mode != "rule" or lemmatizer.overwrite:
        return (f"its lemmatizer runs in mode {lemmatizer.mode!r} "
                f"(overwrite: {lemmatizer.overwrite})")
    return _unsupported_rule(ruler)


def _unsupported_rule(ruler: AttributeRuler) -> str | None:
    for rule_id, attrs in enumerate(ruler.attrs):
        for attr in attrs:
            if not (attr == "_" or attr in _COLUMNS or attr in _TOKEN_SETTERS
                    or attr in _LEXEME_SETTERS or attr == NORM
                    or (isinstance(attr, int) and attr < _FLAGS)):
                name = next((k for k, v in ATTR_IDS.items() if v == attr), attr)
                return f"attribute rule {rule_id} sets {name}, which is not reproduced here"
    return None


def supported(nlp: Language) -> bool:
    """Whether `nlp` ends with the stock rule components this one stands in for."""
    return unsupported(nlp) is None


def use_column_attributes(nlp: Language) -> bool:
    """Replace the model's attribute ruler and lemmatizer by `ColumnAttributes` (same output,
    a fraction of the time). Returns False, changing nothing but a warning naming why, when the
    pipeline is not the shape it expects or the component cannot be built."""
    reason = unsupported(nlp)
    if reason is None:
        ruler, lemmatizer = nlp.get_pipe(_RULER), nlp.get_pipe(_LEMMATIZER)
        try:
            component = nlp.add_pipe(COLUMN_ATTRIBUTES, last=True,
                                     config={"validate": bool(getattr(ruler, "validate", False))})
            if not isinstance(component, ColumnAttributes) or not isinstance(
                    ruler, AttributeRuler) or not isinstance(lemmatizer, Lemmatizer):
                raise TypeError("another component is registered under its name")
            component.copy_from(ruler, lemmatizer)
        except (ValueError, KeyError, TypeError) as exc:
            if COLUMN_ATTRIBUTES in nlp.pipe_names:
                nlp.remove_pipe(COLUMN_ATTRIBUTES)
            reason = f"{COLUMN_ATTRIBUTES} could not be built ({exc})"
    if reason is not None:
        log.warning("attribute ruler and lemmatizer kept as spaCy ships them (slower): %s",
                    reason)
        return False
    nlp.remove_pipe(_RULER)
    nlp.remove_pipe(_LEMMATIZER)
    return True


@Language.factory(
    COLUMN_ATTRIBUTES,
    default_config={"validate": False},
    requires=["token.tag", "token.dep", "token.lower"],
    assigns=["token.pos", "token.morph", "token.lemma"],
)
def make_column_attributes(nlp: Language, name: str, validate: bool) -> ColumnAttributes:
    """An empty component: `copy_from` a model's rule components, or `from_disk` a saved one
    (as `spacy.load` does)."""
    ruler = nlp.create_pipe(_RULER, name=f"{name}.{_RULER}", config={"validate": validate})
    # the language's own rule lemmatizer (English's for English), twice: one to save, one to run
    config = {"mode": "rule", "overwrite": False, "model": None}
    saved = nlp.create_pipe(_LEMMATIZER, name=f"{name}.{_LEMMATIZER}", config=config)
    running = nlp.create_pipe(_LEMMATIZER, name=f"{name}.{_LEMMATIZER}", config=config)
    if not isinstance(ruler, AttributeRuler) or not isinstance(saved, Lemmatizer) \
            or not isinstance(running, Lemmatizer):
        raise TypeError(f"{COLUMN_ATTRIBUTES}: the language's attribute_ruler or lemmatizer "
                        "is not spaCy's")
    return ColumnAttributes(nlp.vocab, name, ruler=ruler, lemmatizer=saved, running=running)


_COLUMN_INDEX = {POS: 0, MORPH: 1, LEMMA: 2}
_Hit = tuple[tuple[int, ...], frozenset[int], tuple[int, ...]]
# The caches by word start afresh past this many entries: a long run meets millions of words,
# the words of news recur, and a miss costs microseconds.
_MAX_CACHED_WORDS = 200_000


class _Rule:
    __slots__ = ("columns", "others")

    def __init__(self, attrs: dict[int, Any]) -> None:
        self.columns = [(_COLUMN_INDEX[a], v) for a, v in attrs.items() if a in _COLUMNS]
        self.others = {a: v for a, v in attrs.items() if a not in _COLUMNS}


class _Test:
    """One word's conditions in a Matcher pattern (plain values, IN, NOT_IN, REGEX)."""

    def __init__(self, token: dict[str, Any], strings: StringStore) -> None:
        self.checks: list[tuple[int, str, Any]] = []
        for key, value in token.items():
            attr = _TESTED[key]
            if isinstance(value, dict):
                ((op, operand),) = value.items()
                if op in ("IN", "NOT_IN"):
                    self.checks.append((attr, op, frozenset(_value(v, strings) for v in operand)))
                else:  # REGEX, searched in the word's own text
                    self.checks.append((attr, op, re.compile(operand)))
            else:
                self.checks.append((attr, "==", _value(value, strings)))

    def words(self, attr: int) -> set[int]:
        """Values of `attr` this test names (so a word's signature keeps them)."""
        named: set[int] = set()
        for a, op, operand in self.checks:
            if a == attr and op == "==":
                named.add(operand)
            elif a == attr and op in ("IN", "NOT_IN"):
                named |= operand
        return named

    def regexes(self, attr: int) -> list[re.Pattern[str]]:
        return [operand for a, op, operand in self.checks if a == attr and op == "REGEX"]

    def __call__(self, values: dict[int, Any], strings: StringStore) -> bool:
        for attr, op, operand in self.checks:
            value = values[attr]
            if op == "==":
                ok = value == operand
            elif op == "IN":
                ok = value in operand
            elif op == "NOT_IN":
                ok = value not in operand
            else:
                ok = bool(operand.search(strings[value])) if value else False
            if not ok:
                return False
        return True


def _value(value: Any, strings: StringStore) -> Any:
    return value if isinstance(value, bool) else strings.add(value)


class ColumnAttributes:
    """The attribute ruler and the rule lemmatizer of a model, applied from columns."""

    def __init__(self, vocab: Vocab, name: str = COLUMN_ATTRIBUTES, *, ruler: AttributeRuler,
                 lemmatizer: Lemmatizer, running: Lemmatizer) -> None:
        self.vocab = vocab
        self.name = name
        self.ruler = ruler  # the rules, saved with the pipeline
        self.lemmatizer = lemmatizer  # the lemma tables as the model has them, saved
        self._running = running  # the same tables with the word lists as sets, used
        self._ready = False

    def copy_from(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        """Take the rules and lemma tables of a model's own components."""
        self.ruler.clear()
        self.ruler.add_patterns(ruler.patterns)
        self.lemmatizer.initialize(lookups=lemmatizer.lookups)
        self._build()

    def _build(self) -> None:
        """Compile the rules and lemma tables into the tests and caches used per word."""
        reason = _unsupported_rule(self.ruler)
        if reason is not None:
            raise ValueError(reason)
        self._running.initialize(lookups=_with_word_sets(self.lemmatizer.lookups))
        ruler = self.ruler
        strings = self.vocab.strings
        self.rules = [_Rule(dict(attrs)) for attrs in ruler.attrs]
        self._tests: list[_Test] = []
        # (rule id, index of the word it sets, ids of the tests of its words in order)
        self._patterns: list[tuple[int, int, tuple[int, ...]]] = []
        # patterns with operators or other attributes, checked as the ruler checks them
        self._matcher = Matcher(self.vocab, validate=ruler.validate)
        entries: list[dict[str, Any]] = list(ruler.patterns)
        for rule_id, (entry, index) in enumerate(zip(entries, ruler.indices, strict=True)):
            for pattern in entry["patterns"]:
                if not _plain(pattern):
                    self._matcher.add(str(rule_id), [pattern])
                    continue
                tests = []
                for token in pattern:
                    self._tests.append(_Test(token, strings))
                    tests.append(len(self._tests) - 1)
                self._patterns.append((rule_id, index, tuple(tests)))
        self._indices = list(ruler.indices)
        self._complex = len(self._matcher) > 0
        self._single = [(r, t[0]) for r, _, t in self._patterns if len(t) == 1]
        self._multi = [(r, i, t) for r, i, t in self._patterns if len(t) > 1]
        # A word no rule names counts as 0 in its signature (and as "matches this regex" or not):
        # the cache below then stays as small as the rule table.
        self._named = {a: set().union(*(t.words(a) for t in self._tests)) for a in (LOWER, ORTH)}
        self._regexes = {a: [r for t in self._tests for r in t.regexes(a)] for a in (LOWER, ORTH)}
        self._word_keys: dict[tuple[int, int], Any] = {}
        # signature -> (single-word rules it meets in rule order, tests it passes, and the
        # several-word patterns whose first word it can be)
        self._matched: dict[tuple[Any, ...], _Hit] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}
        self._ready = True

    # Saved as spaCy saves the two components, one folder (or one msgpack field) each.
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        util.to_disk(path, {
            _RULER: lambda p: self.ruler.to_disk(p, exclude=exclude),
            _LEMMATIZER: lambda p: self.lemmatizer.to_disk(p, exclude=exclude),
        }, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ColumnAttributes:
        def ruler(folder: Path) -> None:
            self.ruler.from_disk(folder, exclude=exclude)

        def lemmatizer(folder: Path) -> None:
            self.lemmatizer.from_disk(folder, exclude=exclude)

        util.from_disk(path, {_RULER: ruler, _LEMMATIZER: lemmatizer}, exclude)
        self._build()
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({
            _RULER: lambda: self.ruler.to_bytes(exclude=exclude),
            _LEMMATIZER: lambda: self.lemmatizer.to_bytes(exclude=exclude),
        }, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ColumnAttributes:
        util.from_bytes(data, {
            _RULER: lambda b: self.ruler.from_bytes(b, exclude=exclude),
            _LEMMATIZER: lambda b: self.lemmatizer.from_bytes(b, exclude=exclude),
        }, exclude)
        self._build()
        return self

    def _word_key(self, attr: int, value: int) -> Any:
        key = self._word_keys.get((attr, value))
        if key is None:
            if value in self._named[attr]:
                key = value
            else:  # which of the rules' regexes the word meets is all that tells it apart
                text = self.vocab.strings[value] if value else ""
                key = tuple(bool(r.search(text)) for r in self._regexes[attr]) if text else ()
            if len(self._word_keys) >= _MAX_CACHED_WORDS:
                self._word_keys.clear()
            self._word_keys[(attr, value)] = key
        return key

    def _evaluate(self, signature: tuple[Any, ...], values: dict[int, Any]) -> _Hit:
        strings = self.vocab.strings
        passed = frozenset(k for k, test in enumerate(self._tests) if test(values, strings))
        rules = tuple(sorted({r for r, t in self._single if t in passed}))
        starts = tuple(n for n, (_, _, tests) in enumerate(self._multi) if tests[0] in passed)
        hit = self._matched[signature] = (rules, passed, starts)
        return hit

    def __call__(self, doc: Doc) -> Doc:
        if not self._ready:
            raise ValueError(f"{self.name}: no rules yet; load a saved pipeline with spacy.load "
                             "or build the component with use_column_attributes")
        if len(doc) == 0:
            return doc
        columns = doc.to_array(_READ)
        tag, dep, space, lower, orth = (columns[:, k].tolist() for k in range(5))
        word_key, matched = self._word_key, self._matched
        found: list[_Hit] = []
        for i, signature in enumerate(zip(
            tag, dep, space, [word_key(LOWER, w) for w in lower],
            [word_key(ORTH, w) for w in orth], strict=True,
        )):
            hit = matched.get(signature)
            if hit is None:
                values = {TAG: tag[i], DEP: dep[i], IS_SPACE: space[i] == 1, LOWER: lower[i],
                          ORTH: orth[i]}
                hit = self._evaluate(signature, values)
            found.append(hit)
        by_word = [hit[0] for hit in found]
        extra: dict[int, set[int]] = {}
        for start, (_, _, starts) in enumerate(found):
            for n in starts:  # rare: "gon" of "gonna", an expletive "there"
                rule_id, index, tests = self._multi[n]
                end = start + len(tests)
                if end <= len(found) and all(
                    t in found[start + k][1] for k, t in enumerate(tests[1:], 1)
                ):
                    extra.setdefault(_target(start, end, index, rule_id), set()).add(rule_id)
        if self._complex:
            for match_id, start, end in self._matcher(doc, allow_missing=True):
                rule_id = int(self.vocab.strings[match_id])
                target = _target(start, end, self._indices[rule_id], rule_id)
                extra.setdefault(target, set()).add(rule_id)
        for i, more in extra.items():
            by_word[i] = tuple(sorted({*by_word[i], *more}))
        # Later rules overwrite earlier ones, as in the ruler (it applies matches in rule order).
        pos, morph, lemma = (columns[:, k].tolist() for k in (5, 6, 7))
        out = [pos, morph, lemma]
        others: list[tuple[int, int, dict[int, Any]]] = []
        rules = self.rules
        for i, ids in enumerate(by_word):
            for rule_id in ids:
                rule = rules[rule_id]
                for column, value in rule.columns:
                    out[column][i] = value
                if rule.others:
                    others.append((rule_id, i, rule.others))
        doc.from_array([POS, MORPH], np.array([pos, morph], dtype=np.uint64).T)  # type: ignore[arg-type]
        # rare (a tag or a dependency set by a rule); in the ruler's order, rule by rule, since
        # an attribute of the word itself is shared by its every token
        others.sort(key=lambda item: (item[0], item[1]))
        for _, i, attrs in others:
            _set_attrs(doc[i], attrs)
        self._lemmatize(doc, pos, morph, lemma, orth)
        return doc

    def _lemmatize(self, doc: Doc, pos: list[int], morph: list[int], lemma: list[int],
                   orth: list[int]) -> None:
        """The rule lemmatizer on every word without a lemma. Its result depends on the word,
        part of speech and morphology alone: each such triple goes through it once, as a Token."""
        if len(self._lemmas) >= _MAX_CACHED_WORDS:
            self._lemmas.clear()
            self._running.cache.clear()  # the lemmatizer's own, by the same triple
        lemmas, strings, lemmatize = self._lemmas, self.vocab.strings, self._running.lemmatize
        for i, current in enumerate(lemma):
            if current:
                continue
            key = (orth[i], pos[i], morph[i])
            value = lemmas.get(key)
            if value is None:
                value = lemmas[key] = strings.add(lemmatize(doc[i])[0])
            lemma[i] = value
        doc.from_array([LEMMA], np.array(lemma, dtype=np.uint64).reshape(-1, 1))  # type: ignore[arg-type]

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


def _with_word_sets(lookups: Lookups) -> Lookups:
    """The same tables, the lemmatizer's word lists as sets: it asks `form in index` of lists of
    up to 57,000 nouns, and a set gives the same answers without a scan for every new word."""
    copy = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            copy.add_table(name, {key: frozenset(value) if isinstance(value, list) else value
                                  for key, value in table.items()})
        else:
            copy.set_table(name, table)
    return copy


def _set_attrs(token: Token, attrs: dict[Any, Any]) -> None:
    """Set a rule's other attributes where the attribute ruler sets them: token attributes on
    the token, lexical ones (flags too) on the word's lexeme, the norm on the token only."""
    lexeme = token.vocab[token.orth]
    for attr, value in attrs.items():
        if attr == "_":
            for key, extension_value in value.items():
                token._.set(key, extension_value)
        elif attr in _TOKEN_SETTERS:
            setattr(token, _TOKEN_SETTERS[attr], value)
        elif attr == NORM:
            token.norm_ = token.vocab.strings[value]
        elif attr in _LEXEME_SETTERS:
            setattr(lexeme, _LEXEME_SETTERS[attr], value)
        elif attr < _FLAGS:
            lexeme.set_flag(attr, bool(value))


def _target(start: int, end: int, index: int, rule_id: int) -> int:
    target = (start if index >= 0 else end) + index
    if not start <= target < end:
        raise ValueError(f"attribute rule {rule_id}: index {index} falls outside its match")
    return target


def _plain(pattern: list[dict[str, Any]]) -> bool:
    """Whether every word of a pattern tests only columns we read, with plain values or IN,
    NOT_IN and REGEX (no quantifiers, no other operators)."""
    for token in pattern:
        if not token:
            return False
        for key, value in token.items():
            if key not in _TESTED:
                return False
            if isinstance(value, dict):
                if len(value) != 1:
                    return False
                ((op, operand),) = value.items()
                if op == "REGEX":  # searched in a word's text, so only on LOWER or ORTH
                    if key not in _WORD_KEYS or not isinstance(operand, str):
                        return False
                elif op not in ("IN", "NOT_IN") or not all(
                        isinstance(v, str | bool) for v in operand):
                    return False
            elif not isinstance(value, str | bool) or (key == "IS_SPACE") != isinstance(
                    value, bool):
                return False
    return True
