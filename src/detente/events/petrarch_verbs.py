"""Read a PETRARCH/TABARI verb dictionary (CAMEO.verbpatterns style) into our verb patterns.

What the format says and what we keep of it:

    &SYNSET                 a named word list: the `+WORD` lines that follow
    +WORD
    --- VERB [CODE] ---     a verb block; CODE is the bare verb's code ("---": none;
                            "032:033" is a pair of codes, of which the first is the source's)
    VERB {FORMS}            the verb (inflected forms in braces: our lemmatiser needs none)
    +VERB_PART {...}        a verb with particles ("+BREAK_DOWN": "break down"); a word before
    WORD_+VERB [CODE]       the marked verb cannot be expressed in our patterns and is skipped
    - WORDS * WORDS [CODE]  a pattern: `*` is the verb, `+` the target, `$`/`%` the source,
                            `&NAME` a synset, `_` joins words; `#` starts a comment

A pattern becomes ours ("accuse of +spy", "agree with", "ask for +sanction|sanctions"):
prepositions after the verb are its particles, the last content word before a preposition (or
the end) names the object, and a `+` right after a preposition makes its object the target.
Patterns with words before the verb ("SAID * TO ATTEND") depend on context our patterns do not
test; they are skipped and counted. Each pattern remembers the file and line it comes from.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from detente.datafiles import Where, read_yaml
from detente.errors import DataFileError
from detente.events.lexicon import NO_EVENT, VerbPattern, parse_pattern
from detente.events.ontology import DATA_DIR, is_code

log = logging.getLogger("detente.events")

_HEADER = re.compile(r"^---\s*(?P<name>[^\[]+?)\s*\[(?P<code>[^\]]*)\]\s*---\s*$")
_CODE_AT_END = re.compile(r"\[(?P<code>[^\]]*)\]\s*$")
_FORMS = re.compile(r"\{[^}]*\}")
_WORD = re.compile(r"^[a-z][a-z'\-]*$")


@dataclass(slots=True)
class _Block:
    line: int
    code: str  # NO_EVENT when the block has no code of its own
    verbs: list[tuple[str, tuple[str, ...], str | None, int]] = field(default_factory=list)


@lru_cache(maxsize=1)
def particles() -> frozenset[str]:
    """Words after the verb that are its particles, not the object it names (petrarch.yaml)."""
    path = DATA_DIR / "petrarch.yaml"
    doc = read_yaml(path)
    words = doc.mapping().get("particles")
    if not isinstance(words, list) or not all(isinstance(w, str) and _WORD.match(w)
                                              for w in words):
        raise doc.error("particles must be a list of lower-case words", "particles")
    return frozenset(words)


def _code(raw: str, where: Where) -> str:
    """ "112" -> "112"; "---" -> none; "032:033" -> "032" (the source's side of a pair)."""
    code = raw.strip().split(":")[0].strip()
    if not code or set(code) <= {"-"}:
        return NO_EVENT
    if not is_code(code):
        raise where.error(f"{raw.strip()!r} is not a CAMEO code")
    return code


def _strip_comment(text: str) -> str:
    return text.split("#", 1)[0].rstrip()


def _singular(word: str) -> set[str]:
    """The word and its likely singular: our objects are lemmas ("talks" -> "talk")."""
    forms = {word}
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    return forms


def read_petrarch_verbs(path: str | Path, *, label: str | None = None
                        ) -> dict[str, list[VerbPattern]]:
    """Verb patterns by lemma from a PETRARCH verb dictionary; errors name the file and line."""
    path = Path(path)
    label = label or path.name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read verb dictionary: {exc}", path=str(path)) from exc
    synsets: dict[str, set[str]] = {}
    blocks: list[_Block] = []
    # (block, pattern text after "-", line) in file order
    pending: list[tuple[_Block, str, int]] = []
    current_synset: str | None = None
    block: _Block | None = None
    in_comment = False
    for number, raw in enumerate(lines, start=1):
        where = Where(str(path), number)
        text = raw.strip()
        if in_comment or text.startswith("<!--"):
            in_comment = "-->" not in text
            continue
        text = _strip_comment(text)
        if not text:
            current_synset = None
            continue
        if text.startswith("---"):
            match = _HEADER.match(text)
            if match is None:
                raise where.error("a verb block starts '--- VERB [CODE] ---'")
            block = _Block(number, _code(match.group("code"), where))
            blocks.append(block)
            current_synset = None
            continue
        if text.startswith("&"):
            current_synset = text.split()[0].rstrip("_").upper()
            synsets[current_synset] = set()
            continue
        if current_synset is not None and text.startswith("+"):
            words = re.split(r"[\s_]+", text[1:].strip())
            if words and words[-1]:
                synsets[current_synset].add(words[-1].lower())  # a phrase names its last word
            continue
        if block is None:
            raise where.error(f"{text[:40]!r} comes before any '--- VERB [CODE] ---'")
        if text.startswith("-"):
            if not _CODE_AT_END.search(text):
                raise where.error(f"pattern {text[:40]!r} has no [CODE] at its end")
            pending.append((block, text[1:].strip(), number))
            continue
        _verb_line(block, text, number, where)
    if not blocks:
        raise DataFileError("no verb block ('--- VERB [CODE] ---') in the file", path=str(path))

    by_lemma: dict[str, list[VerbPattern]] = defaultdict(list)
    seen: set[str] = set()
    skipped = 0

    def add(text: str, code: str, number: int) -> None:
        key = " ".join(text.split())
        if key in seen:
            return  # the same pattern twice (forms of one verb): the first one counts
        seen.add(key)
        pattern = parse_pattern(text, code, where=str(path), line=number,
                                source=f"{label}:{number}")
        by_lemma[pattern.lemma].append(pattern)

    def translated(text: str, code: str, number: int) -> bool:
        try:
            add(text, code, number)
        except DataFileError:
            return False  # an order of objects and particles our patterns cannot write
        return True

    for blk in blocks:
        for lemma, particles, own, number in blk.verbs:
            code = own or blk.code
            if code != NO_EVENT:
                add(" ".join((lemma, *particles)), code, number)
    for blk, body, number in pending:
        found = _CODE_AT_END.search(body)
        code = _code(found.group("code") if found else "", Where(str(path), number))
        body = _CODE_AT_END.sub("", body)
        heads = [lemma for lemma, particles, _own, _n in blk.verbs if not particles]
        tail = _translate(body, synsets)
        if tail is None or not heads:
            skipped += 1
            continue
        if not all([translated(f"{lemma} {tail}".strip(), code, number) for lemma in heads]):
            skipped += 1
    for patterns in by_lemma.values():
        patterns.sort(key=lambda p: -p.specificity)
    if skipped:
        log.info("%s: %d pattern(s) need words before the verb or an unknown synset; skipped",
                 path, skipped)
    return dict(by_lemma)


def _verb_line(block: _Block, text: str, number: int, where: Where) -> None:
    """ "ACCUSE {ACCUSED ACCUSES}", "+BREAK_DOWN {...}", "WORD_+VERB [CODE]"."""
    own: str | None = None
    match = _CODE_AT_END.search(text)
    if match is not None:
        own = _code(match.group("code"), where)
        text = _CODE_AT_END.sub("", text)
    text = _FORMS.sub("", text).strip()
    words = [w for w in re.split(r"[\s_]+", text) if w]
    if not words:
        return
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    head = marked[0] if marked else 0
    if head > 0:
        return  # words before the verb: not expressible as our pattern
    lemma = words[head].lstrip("+").lower()
    particles = tuple(w.lower() for w in words[head + 1 :])
    if not _WORD.match(lemma) or not all(_WORD.match(p) for p in particles):
        raise where.error(f"{text!r} is not a verb phrase")
    block.verbs.append((lemma, particles, own, number))


def _translate(body: str, synsets: dict[str, set[str]]) -> str | None:
    """The part of our pattern after the verb lemma, or None when ours cannot say it."""
    tokens = [t for t in re.split(r"[\s_]+", body) if t]
    if "*" not in tokens:
        return None
    before, after = tokens[: tokens.index("*")], tokens[tokens.index("*") + 1 :]
    if any(t not in {"$", "%", "+"} for t in before):
        return None  # context before the verb ("SAID * TO ATTEND")
    parts: list[str] = []
    objects: set[str] = set()

    def close_objects() -> None:
        if objects:
            parts.append("+" + "|".join(sorted(objects)))
            objects.clear()

    for token in after:
        if token in {"$", "%"}:
            continue
        if token == "+":
            if parts and not parts[-1].startswith(("+", "@")) and not objects:
                parts[-1] = "@" + parts[-1]  # "* AGAINST +": the target is that object
            continue
        if token.startswith("&"):
            words = synsets.get(token.rstrip("_").upper())
            if not words:
                return None
            objects.clear()  # the last content word before a particle is the head noun
            for word in words:
                objects |= _singular(word)
            continue
        word = token.lower()
        if word in particles():
            close_objects()
            parts.append(word)
            continue
        if not _WORD.match(word):
            return None
        objects.clear()
        objects |= _singular(word)
    close_objects()
    # our patterns name objects after a particle or right after the verb, once each
    return " ".join(parts)
