"""Issue tagging from the issue vocabulary (`data/issues.yaml`, extensible by the user)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from detente.ground.data import Issue, load_issues


def merge_issues(base: tuple[Issue, ...], extra: tuple[Issue, ...]) -> tuple[Issue, ...]:
    """`extra` adds new issues and appends terms to existing ones."""
    merged: dict[str, Issue] = {i.tag: i for i in base}
    for issue in extra:
        old = merged.get(issue.tag)
        if old is None:
            merged[issue.tag] = issue
        else:
            terms = old.terms + tuple(t for t in issue.terms if t not in old.terms)
            merged[issue.tag] = Issue(old.tag, old.description or issue.description, terms)
    return tuple(merged.values())


_WORD = re.compile(r"\w[\w\-/]*")


def words_of(text: str) -> list[str]:
    """Lower-case words; hyphenated and slashed compounds stay whole ("pro-assad", "a2/ad")."""
    return _WORD.findall(text.lower())


class IssueTagger:
    """Finds issue terms in text with one compiled pattern; a term may belong to several issues.

    An event is tagged with the issues of its sentence; a sentence that names none takes those
    raised by at least `paragraph_hits` sentences of its paragraph."""

    def __init__(self, *, extra: str | Path | None = None, paragraph_hits: int = 2) -> None:
        issues = load_issues()
        if extra is not None:
            issues = merge_issues(issues, load_issues(Path(extra)))
        self.issues = issues
        self.paragraph_hits = paragraph_hits
        # first word -> [(following words, last word is a prefix, tags)]; a dictionary walk over
        # the words is ten times faster than one regular expression of every term.
        self._index: dict[str, list[tuple[tuple[str, ...], bool, frozenset[str]]]] = {}
        stems: dict[str, set[str]] = {}
        for issue in issues:
            for term in issue.terms:
                prefix = term.endswith("*")
                parts = words_of(term.rstrip("*"))
                if not parts:
                    continue
                if prefix and len(parts) == 1:
                    stems.setdefault(parts[0], set()).add(issue.tag)
                    continue
                entries = self._index.setdefault(parts[0], [])
                for n, (rest, pre, tags) in enumerate(entries):
                    if rest == tuple(parts[1:]) and pre == prefix:
                        entries[n] = (rest, pre, tags | {issue.tag})
                        break
                else:
                    entries.append((tuple(parts[1:]), prefix, frozenset({issue.tag})))
        for entries in self._index.values():
            entries.sort(key=lambda e: -len(e[0]))  # longest term first
        self._stems = {k: frozenset(v) for k, v in stems.items()}
        self._stem_tuple = tuple(self._stems)
        # Every stem's first `_head_length` letters: one set lookup rules out most words.
        self._head_length = min((len(stem) for stem in self._stems), default=1)
        self._stem_heads = frozenset(stem[:self._head_length] for stem in self._stems)

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(i.tag for i in self.issues)

    def hits(self, text: str) -> Counter[str]:
        """How many times each issue's terms occur in `text`."""
        counts: Counter[str] = Counter()
        words = words_of(text)
        index, stems, heads = self._index, self._stem_tuple, self._stem_heads
        k = self._head_length
        # Only words that can open a term are looked at closely (a comprehension, not a loop).
        starts = [i for i, w in enumerate(words)
                  if w in index or (w[:k] in heads and w.startswith(stems))]
        n = len(words)
        skip_to = 0
        for i in starts:
            if i < skip_to:
                continue  # inside a longer term already counted
            word = words[i]
            found: set[str] = set()
            length = 1
            for rest, prefix, tags in index.get(word, ()):
                end = i + 1 + len(rest)
                if end > n or (found and len(rest) + 1 < length):
                    continue
                following = words[i + 1:end]
                if prefix and rest:
                    ok = following[:-1] == list(rest[:-1]) and following[-1].startswith(rest[-1])
                else:
                    ok = following == list(rest)
                if ok:
                    found |= tags
                    length = max(length, len(rest) + 1)
            if word.startswith(stems):
                for stem in stems:
                    if word.startswith(stem):
                        found |= self._stems[stem]
            for tag in found:
                counts[tag] += 1
            skip_to = i + length
        return counts

    def tag(self, sentence: str) -> tuple[str, ...]:
        """Issues whose terms occur in `sentence`, in vocabulary order."""
        found = self.hits(sentence)
        return tuple(t for t in self.tags if t in found)

    def tag_paragraph(self, sentences: list[str]) -> list[tuple[str, ...]]:
        """Issues of each sentence of a paragraph: its own; a sentence that names none takes
        those raised by at least `paragraph_hits` sentences of the paragraph (its subject)."""
        own = [set(self.hits(s)) for s in sentences]
        counts: Counter[str] = Counter(t for tags in own for t in tags)
        shared = {t for t, n in counts.items() if n >= self.paragraph_hits}
        return [tuple(t for t in self.tags if t in (tags or shared)) for tags in own]
