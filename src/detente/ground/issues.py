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


def _term_pattern(term: str) -> str:
    stem = term[:-1] if term.endswith("*") else term
    body = r"\s+".join(re.escape(part) for part in stem.split())
    return body + (r"[\w\-]*" if term.endswith("*") else "") + r"(?![\w])"


class IssueTagger:
    """Finds issue terms in text with one compiled pattern; a term may belong to several issues.

    An event is tagged with the issues of its sentence and with those raised by at least
    `paragraph_hits` sentences of its paragraph."""

    def __init__(self, *, extra: str | Path | None = None, paragraph_hits: int = 2) -> None:
        issues = load_issues()
        if extra is not None:
            issues = merge_issues(issues, load_issues(Path(extra)))
        self.issues = issues
        self.paragraph_hits = paragraph_hits
        self._exact: dict[str, set[str]] = {}
        self._stems: dict[str, set[str]] = {}
        for issue in issues:
            for term in issue.terms:
                table = self._stems if term.endswith("*") else self._exact
                table.setdefault(" ".join(term.rstrip("*").split()), set()).add(issue.tag)
        terms = {t for i in issues for t in i.terms}
        body = "|".join(_term_pattern(t) for t in sorted(terms, key=len, reverse=True))
        self._pattern = re.compile(r"(?<![\w\-])(?:" + body + ")", re.IGNORECASE)

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(i.tag for i in self.issues)

    def hits(self, text: str) -> Counter[str]:
        """How many times each issue's terms occur in `text`."""
        counts: Counter[str] = Counter()
        for m in self._pattern.finditer(text):
            found = " ".join(m.group().lower().split())
            tags = set(self._exact.get(found, ()))
            for stem, stem_tags in self._stems.items():
                if found.startswith(stem):
                    tags |= stem_tags
            counts.update(tags)
        return counts

    def tag(self, sentence: str) -> tuple[str, ...]:
        """Issues whose terms occur in `sentence`, in vocabulary order."""
        found = self.hits(sentence)
        return tuple(t for t in self.tags if t in found)

    def tag_paragraph(self, sentences: list[str]) -> list[tuple[str, ...]]:
        """Issues of each sentence of a paragraph: its own, plus those that at least
        `paragraph_hits` sentences of the paragraph raise (the paragraph's subject)."""
        own = [set(self.hits(s)) for s in sentences]
        counts: Counter[str] = Counter(t for tags in own for t in tags)
        shared = {t for t, n in counts.items() if n >= self.paragraph_hits}
        return [tuple(t for t in self.tags if t in tags or t in shared) for tags in own]
