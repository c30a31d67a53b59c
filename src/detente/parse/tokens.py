"""A parsed document as plain Python objects, read from spaCy's arrays once per document.

The coding rules read a handful of attributes (dependency, head, children, lemma, tag) many
times per token. Each read on a spaCy `Token` is a Cython property that looks the string up in
the vocabulary and, for `head` and `children`, builds new Token objects: about 110 to 1,100 ns a
read, against under 20 ns for a slot of an ordinary object. `ParsedDoc.of(doc)` copies what the
rules need in one pass over `Doc.to_array`, and keeps spaCy's meaning of every attribute it offers
(the names are spaCy's, so rules read the same either way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

import numpy as np
from spacy.attrs import (
    DEP,
    HEAD,
    IDX,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc

_ATTRS = [ORTH, LOWER, LEMMA, POS, TAG, DEP, HEAD, SENT_START, IDX, LIKE_NUM, IS_PUNCT, IS_SPACE,
          SPACY]


def _column(name: str, kind: Callable[[int], Any] = int) -> Any:
    """A token attribute read from the document's column `name` at the token's position."""
    return property(lambda token: kind(getattr(token.doc, name)[token.i]))


class ParsedToken:
    """One token: spaCy's attribute names, read from plain slots."""

    __slots__ = ("doc", "i", "text", "lower_", "lemma_", "pos_", "tag_", "dep_", "head",
                 "children", "idx", "lemma", "lower")

    doc: ParsedDoc
    i: int
    text: str
    lower_: str
    lemma_: str
    pos_: str
    tag_: str
    dep_: str
    head: ParsedToken
    children: Sequence[ParsedToken]  # a list for a head, () for a leaf: read, never changed
    idx: int
    lemma: int
    lower: int

    def __len__(self) -> int:
        return len(self.text)

    # Read less often: taken from the document's columns when asked for.
    like_num = _column("like_num", bool)
    is_punct = _column("is_punct", bool)
    is_space = _column("is_space", bool)

    @property
    def is_lower(self) -> bool:
        return self.text.islower()

    @property
    def is_sent_start(self) -> bool | None:
        start = self.doc.sent_start[self.i]
        return True if start == 1 else (False if start == -1 else None)

    def __repr__(self) -> str:
        return self.text

    def __lt__(self, other: ParsedToken) -> bool:
        return self.i < other.i

    @property
    def lefts(self) -> tuple[ParsedToken, ...]:
        return tuple(c for c in self.children if c.i < self.i)

    # spaCy's edges, which differ from the subtree's extremes in non-projective parses; rare
    # enough here to be read from spaCy itself.
    @property
    def left_edge(self) -> ParsedToken:
        return self.doc.tokens[self.doc.spacy[self.i].left_edge.i]

    @property
    def right_edge(self) -> ParsedToken:
        return self.doc.tokens[self.doc.spacy[self.i].right_edge.i]

    @property
    def ancestors(self) -> Iterator[ParsedToken]:
        node, steps = self, 0
        while node.head is not node and steps < len(self.doc):
            node = node.head
            steps += 1
            yield node

    def is_ancestor(self, descendant: ParsedToken) -> bool:
        return descendant.doc is self.doc and any(a is self for a in descendant.ancestors)

    @property
    def conjuncts(self) -> tuple[ParsedToken, ...]:
        """The tokens coordinated with this one, as spaCy's `Token.conjuncts` gives them."""
        start = self
        while start.head is not start and start.dep_ == "conj":
            start = start.head
        queue = [start]
        output = [start]
        for word in queue:
            for child in word.children:
                if child.i > word.i and child.dep_ == "conj":
                    output.append(child)
                    queue.append(child)
        return tuple(w for w in output if w is not self)

    def nbor(self, offset: int = 1) -> ParsedToken:
        position = self.i + offset
        if position < 0 or position >= len(self.doc):
            raise IndexError(f"token {self.i} has no neighbour at {offset}")
        return self.doc.tokens[position]


class _Strings(dict[int, str]):
    """spaCy's strings by hash, shared by every document of a vocabulary: the same few thousand
    words recur, and a dict lookup is cheaper than the string store's."""

    _by_store: dict[int, _Strings] = {}

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store

    @classmethod
    def for_vocab(cls, store: Any) -> _Strings:
        found = cls._by_store.get(id(store))
        if found is None or found.store is not store:
            found = cls._by_store[id(store)] = cls(store)
        return found

    def __missing__(self, key: int) -> str:
        value = self[key] = self.store[key]
        return str(value)


class ParsedSpan:
    """A slice of a `ParsedDoc`: the parts of spaCy's `Span` the rules read."""

    __slots__ = ("doc", "start", "end")

    def __init__(self, doc: ParsedDoc, start: int, end: int) -> None:
        self.doc, self.start, self.end = doc, start, end

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self) -> Iterator[ParsedToken]:
        return iter(self.doc.tokens[self.start:self.end])

    @overload
    def __getitem__(self, key: int) -> ParsedToken: ...

    @overload
    def __getitem__(self, key: slice) -> ParsedSpan: ...

    def __getitem__(self, key: int | slice) -> ParsedToken | ParsedSpan:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self))
            return ParsedSpan(self.doc, self.start + start, self.start + max(start, stop))
        if key < 0:
            key += len(self)
        if not 0 <= key < len(self):
            raise IndexError(f"index {key} outside a span of {len(self)} tokens")
        return self.doc.tokens[self.start + key]

    def __repr__(self) -> str:
        return self.text

    @property
    def start_char(self) -> int:
        return self.doc.idx[self.start] if self.end > self.start else 0

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return 0
        last = self.end - 1
        return self.doc.idx[last] + len(self.doc.tokens[last].text)

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char:self.end_char]

    @property
    def root(self) -> ParsedToken:
        """The token nearest the root of the sentence, the first of equals (spaCy's rule,
        bare punctuation and spaces last)."""
        tokens, start, end = self.doc.tokens, self.start, self.end
        if end - start == 1:
            return tokens[start]  # most actor mentions: one word is its own root
        for i in range(start, end):
            if tokens[i].head is tokens[i]:
                return tokens[i]
        best, root = len(tokens), -1
        for i in range(start, end):
            token = tokens[i]
            if start <= token.head.i < end:
                continue
            if (token.is_space or token.is_punct) and not token.children:
                depth = len(tokens) - 1
            else:
                depth, node = 0, token
                while node.head is not node and depth < len(tokens):
                    node = node.head
                    depth += 1
            if depth < best:
                best, root = depth, i
        return tokens[start if root == -1 else root]


class ParsedDoc:
    """A parsed document: its tokens as `ParsedToken`s, its text, and the spaCy `Doc` behind it
    (kept for what needs spaCy itself: the phrase matchers)."""

    __slots__ = ("spacy", "text", "tokens", "sentence_bounds", "orth", "lower", "lemma", "tag",
                 "idx", "like_num", "is_punct", "is_space", "trailing_space", "sent_start",
                 "lowers")

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.spacy = doc
        self.text = doc.text if text is None else text
        self.tokens: list[ParsedToken] = []
        self.sentence_bounds: list[tuple[int, int]] = []
        # Per-token columns, for rules that scan a whole document (hashes are spaCy's).
        self.orth: list[int] = []
        self.lower: list[int] = []
        self.lemma: list[int] = []
        self.tag: list[int] = []
        self.idx: list[int] = []
        self.like_num: list[int] = []
        self.is_punct: list[int] = []
        self.is_space: list[int] = []
        self.trailing_space: list[int] = []
        self.sent_start: list[int] = []
        self.lowers: list[str] = []
        if len(doc):
            self._read(doc)

    @classmethod
    def of(cls, doc: Doc | ParsedDoc, text: str | None = None) -> ParsedDoc:
        """The parsed view of `doc`, made once per spaCy Doc (the last one made is kept)."""
        if isinstance(doc, ParsedDoc):
            return doc
        cached = _LAST[0]
        if cached is not None and cached.spacy is doc:
            return cached
        view = cls(doc, text)
        _LAST[0] = view
        return view

    def _read(self, doc: Doc) -> None:
        rows = doc.to_array(_ATTRS)  # unsigned: string hashes use all 64 bits
        (self.orth, self.lower, self.lemma, pos, self.tag, dep, _, _, self.idx, self.like_num,
         self.is_punct, self.is_space, self.trailing_space) = rows.T.tolist()
        # head offsets and sentence starts are signed, stored in the same unsigned array
        heads = rows[:, 6].astype(np.int64).tolist()
        self.sent_start = rows[:, 7].astype(np.int64).tolist()
        name = _Strings.for_vocab(doc.vocab.strings).__getitem__
        self.lowers = list(map(name, self.lower))
        new = ParsedToken.__new__
        tokens = self.tokens = [new(ParsedToken) for _ in heads]
        for token, i, text, low, lemma, part, tag, relation, idx, lemma_hash, lower_hash in zip(
            tokens, range(len(tokens)), map(name, self.orth), self.lowers,
            map(name, self.lemma), map(POS_NAMES.__getitem__, pos), map(name, self.tag),
            map(name, dep), self.idx, self.lemma, self.lower, strict=True,
        ):
            token.doc = self
            token.i = i
            token.idx = idx
            token.lemma = lemma_hash
            token.lower = lower_hash
            token.text = text
            token.lower_ = low
            token.lemma_ = lemma
            token.pos_ = part
            token.tag_ = tag
            token.dep_ = relation
            token.children = ()
        for token, offset in zip(tokens, heads, strict=True):
            if offset:
                parent = tokens[token.i + offset]
                token.head = parent
                # children in document order, as spaCy gives them; a leaf keeps the shared ()
                if parent.children:
                    parent.children.append(token)
                else:
                    parent.children = [token]
            else:
                token.head = token
        starts = [i for i, s in enumerate(self.sent_start) if s == 1 and i > 0]
        bounds = [0, *starts, len(tokens)]
        self.sentence_bounds = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]

    def release(self) -> None:
        """Drop the tokens now. Each token points at its head and children, so without this a
        document's tokens wait for Python's cycle collector, which then walks every object alive."""
        for token in self.tokens:
            token.head = token.children = token.doc = None  # type: ignore[assignment]
        self.tokens = []
        if _LAST[0] is self:
            _LAST[0] = None

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[ParsedToken]:
        return iter(self.tokens)

    @overload
    def __getitem__(self, key: int) -> ParsedToken: ...

    @overload
    def __getitem__(self, key: slice) -> ParsedSpan: ...

    def __getitem__(self, key: int | slice) -> ParsedToken | ParsedSpan:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.tokens))
            return ParsedSpan(self, start, max(start, stop))
        return self.tokens[key]

    @property
    def sents(self) -> Iterator[ParsedSpan]:
        return (ParsedSpan(self, a, b) for a, b in self.sentence_bounds)

    def has_annotation(self, attr: str) -> bool:
        return bool(self.spacy.has_annotation(attr))

    def char_span(self, start: int, end: int, alignment_mode: str = "strict") -> ParsedSpan | None:
        span = self.spacy.char_span(start, end, alignment_mode=alignment_mode)
        return None if span is None else ParsedSpan(self, span.start, span.end)


_LAST: list[ParsedDoc | None] = [None]
