"""The event coder: verbs (and their chains) in a parsed sentence → CAMEO event candidates."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from detente.events.lexicon import (
    NO_EVENT,
    ModalityWords,
    VerbPattern,
    chain_code,
    default_lexicon,
)
from detente.events.syntax import (
    DATIVE_DEPS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    TARGET_PREPS,
    MentionIndex,
    actors_of,
    agent_of,
    child,
    grammatical_subject,
    is_negated,
    is_passive,
    resolve_relative,
)
from detente.records import ActorMention, EventCandidate

log = logging.getLogger("detente.events")

# Codes whose coordinated subjects act on each other when no target is named ("Putin and
# Erdogan met" is a meeting of each with the other).
RECIPROCAL_ROOTS = frozenset({"03", "04", "06"})
RECIPROCAL_CODES = frozenset({"190", "193", "057", "0871"})
_PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "dative", "agent", "acomp", "oprd", "advcl"})


@dataclass(frozen=True, slots=True)
class VerbMatch:
    """A verb pattern that fits a verb, with the tokens it picked out."""

    pattern: VerbPattern
    obj: Token | None  # the verb's direct object (theme), if any
    target: Token | None  # the actor a "@prep" element named


@dataclass(frozen=True, slots=True)
class _Frame:
    """One event to assemble: code, trigger and where to look for its actors."""

    code: str
    trigger: Token
    trigger_text: str
    source: Token | None
    target_tokens: tuple[Token, ...]
    negated: bool
    modality: str | None  # None: decided from the trigger's own context
    rule: str


class EventCoder:
    """Find CAMEO events in a parsed document, given its actor mentions."""

    def __init__(
        self,
        *,
        verbs: dict[str, list[VerbPattern]] | None = None,
        modality: ModalityWords | None = None,
        chains: dict[str, dict[str, str]] | None = None,
    ) -> None:
        default_verbs, default_modality, default_chains = default_lexicon()
        self.verbs = verbs if verbs is not None else default_verbs
        self.words = modality if modality is not None else default_modality
        self.chains = chains if chains is not None else default_chains

    # -- public -------------------------------------------------------------------------------

    def code(self, doc: Doc, mentions: list[ActorMention]) -> list[EventCandidate]:
        """Every event candidate in `doc`, in sentence and token order."""
        index = MentionIndex(mentions)
        if not index:
            return []
        events: list[EventCandidate] = []
        seen: set[tuple[object, ...]] = set()
        for sentence_index, sentence in enumerate(doc.sents):
            for frame in self._frames(sentence, index):
                for event in self._assemble(frame, sentence_index, index):
                    key = (
                        event.sentence_index,
                        event.cameo,
                        _span(event.source),
                        _span(event.target),
                        event.negated,
                    )
                    if key in seen:
                        continue
                    seen.add(key)
                    events.append(event)
        return events

    def match_verb(self, verb: Token, index: MentionIndex) -> VerbMatch | None:
        """The most specific pattern of the verb's lemma that its dependents satisfy."""
        patterns = self.verbs.get(verb.lemma_.lower())
        if not patterns:
            return None
        obj = direct_object(verb)
        for pattern in patterns:
            found = _fits(pattern, verb, obj, index)
            if found is not None:
                if pattern.code == NO_EVENT:
                    return None
                return VerbMatch(pattern, obj, found if isinstance(found, Token) else None)
        return None

    # -- finding -----------------------------------------------------------------------------

    def _frames(self, sentence: Span, index: MentionIndex) -> list[_Frame]:
        frames: list[_Frame] = []
        consumed: set[int] = set()
        verbs = [t for t in sentence if _is_verb(t)]
        for verb in verbs:
            chained = self._chain(verb, index)
            if chained is not None:
                frame, used = chained
                frames.append(frame)
                consumed.update(used)
        for verb in verbs:
            if verb.i in consumed:
                continue
            match = self.match_verb(verb, index)
            if match is None:
                continue
            frames.append(self._verb_frame(verb, match))
        return frames

    def _verb_frame(self, verb: Token, match: VerbMatch) -> _Frame:
        passive = is_passive(verb)
        source = agent_of(verb) if passive else grammatical_subject(verb)
        if source is None and not passive:
            source = agent_of(verb)  # "... at the hands of X"
        return _Frame(
            code=match.pattern.code,
            trigger=verb,
            trigger_text=_trigger_text(verb),
            source=source,
            target_tokens=target_candidates(verb, match, passive=passive),
            negated=is_negated(verb, self.words.negation, self.words.delayed),
            modality=None,
            rule="verb-passive" if passive else "verb",
        )

    def _chain(self, verb: Token, index: MentionIndex) -> tuple[_Frame, set[int]] | None:
        """A verb of intent, threat, appeal, demand, refusal or failure over a coded complement."""
        kind = self._chain_kind(verb)
        if kind is None:
            return None
        inner = _complement(verb)
        used: set[int] = set()
        while (
            inner is not None
            and inner.lemma_.lower() in self.words.plan
            and _complement(inner) is not None
        ):
            used.add(inner.i)
            inner = _complement(inner)
        if inner is None:
            return None
        match = self.match_verb(inner, index)
        if match is None:
            return None
        used.update({inner.i, verb.i})
        inner_code = match.pattern.code
        modality: str | None = None
        negated = is_negated(verb, self.words.negation, self.words.delayed)
        source = grammatical_subject(verb)
        targets = target_candidates(inner, match, passive=is_passive(inner))
        trigger = verb
        if kind == "intent":
            conflict = int(inner_code[:2]) >= 9
            code = chain_code(self.chains, inner_code, "threat" if conflict else "intent")
        elif kind == "plan":
            code, modality, trigger = inner_code, "intended", inner
            source = grammatical_subject(inner)
        elif kind == "failure":
            code, negated, trigger = inner_code, True, inner
        elif kind in {"appeal", "demand"}:
            code = chain_code(self.chains, inner_code, kind)
            addressee = child(verb, OBJECT_DEPS) or child(verb, DATIVE_DEPS)
            targets = ((addressee,) if addressee is not None else ()) + targets
        else:  # threat, refusal
            code = chain_code(self.chains, inner_code, kind)
        frame = _Frame(
            code=code,
            trigger=trigger,
            trigger_text=f"{_trigger_text(verb)} {_trigger_text(inner)}",
            source=source,
            target_tokens=targets,
            negated=negated
            or (trigger is not verb and is_negated(inner, self.words.negation, self.words.delayed)),
            modality=modality,
            rule=f"chain-{kind}",
        )
        return frame, used

    def _chain_kind(self, verb: Token) -> str | None:
        lemma = verb.lemma_.lower()
        words = self.words
        for kind, lemmas in (
            ("intent", words.intent),
            ("threat", words.threat),
            ("refusal", words.refusal),
            ("failure", words.failure),
            ("appeal", words.appeal),
            ("demand", words.demand),
            ("plan", words.plan),
        ):
            if lemma in lemmas:
                return kind
        return None

    # -- assembling --------------------------------------------------------------------------

    def _assemble(
        self, frame: _Frame, sentence_index: int, index: MentionIndex
    ) -> list[EventCandidate]:
        modality, negated, reporter = self._modality(frame, index)
        sources = actors_of(frame.source, index)
        if (
            not sources
            and reporter is not None
            and frame.source is not None
            and frame.source.pos_ == "PRON"
        ):
            # "Turkey denied that it had attacked ...": an unresolved pronoun in a reported
            # clause most often points back to the speaker.
            sources = [reporter]
        targets: list[ActorMention] = []
        for token in frame.target_tokens:
            targets = actors_of(token, index)
            if targets:
                break
        targets = [t for t in targets if t not in sources]
        if not sources and not targets:
            return []
        pairs = _pairs(frame.code, sources, targets)
        return [
            EventCandidate(
                sentence_index=sentence_index,
                trigger=frame.trigger_text,
                trigger_start=frame.trigger.i,
                cameo=frame.code,
                source=source,
                target=target,
                negated=negated,
                modality=modality,
                reported_by=reporter,
                rule=frame.rule,
            )
            for source, target in pairs
        ]

    def _modality(
        self, frame: _Frame, index: MentionIndex
    ) -> tuple[str, bool, ActorMention | None]:
        """Whether the event happened: (modality, negated, reported_by)."""
        words = self.words
        verb = frame.trigger
        negated = frame.negated
        modality = frame.modality or "asserted"
        auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
        if auxiliaries & words.future_aux and modality == "asserted":
            modality = "intended"
        hypothetical = bool(auxiliaries & words.hypothetical_aux) or _conditional(
            verb, words.conditional
        )
        reporter: ActorMention | None = None
        report_verb = _reporting_verb(verb)
        if report_verb is not None:
            lemma = report_verb.lemma_.lower()
            speakers = actors_of(grammatical_subject(report_verb), index)
            if lemma in words.denial:
                negated, modality = True, "denied"
                reporter = speakers[0] if speakers else None
            elif lemma in words.claim or lemma in words.report:
                reporter = speakers[0] if speakers else None
                if lemma in words.claim and modality == "asserted":
                    modality = "reported"
        if reporter is None:
            reporter = _according_to(verb, index)
        if hypothetical:
            modality = "hypothetical"
        elif negated:
            modality = "denied"
        return modality, negated, reporter


# -- helpers -----------------------------------------------------------------------------------


def direct_object(verb: Token) -> Token | None:
    """The thing acted upon: the direct object, a passive subject, or the noun a clause modifies."""
    obj = child(verb, OBJECT_DEPS)
    if obj is not None:
        return resolve_relative(obj)
    passive_subject = child(verb, PASSIVE_SUBJECT_DEPS)
    if passive_subject is not None:
        return resolve_relative(passive_subject)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head  # "sanctions imposed on Russia"
    return None


def _fits(
    pattern: VerbPattern,
    verb: Token,
    obj: Token | None,
    index: MentionIndex,
) -> Token | None | bool:
    """The target token a pattern names (or True when it names none); None when it does not fit."""
    wanted = pattern.direct_objects
    if wanted and (obj is None or not any(t.lemma_.lower() in wanted for t in _heads(obj))):
        return None
    target: Token | None = None
    places = list(verb.children) + (list(obj.children) if obj is not None else [])
    for element in pattern.elements:
        found = False
        for candidate in places:
            if candidate.lower_ != element.word or candidate.dep_ not in _PARTICLE_DEPS:
                continue
            pobj = child(candidate, {"pobj", "pcomp"})
            if element.objects and (pobj is None or pobj.lemma_.lower() not in element.objects):
                continue
            if element.target:
                if pobj is None or not actors_of(pobj, index):
                    continue
                target = pobj
            found = True
            break
        if not found:
            return None
    return target if target is not None else True


def _heads(token: Token) -> list[Token]:
    """The object and, for "a number of sanctions", the noun after "of"."""
    heads = [token]
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = child(c, {"pobj"})
            if pobj is not None:
                heads.append(pobj)
    return heads


def target_candidates(verb: Token, match: VerbMatch, *, passive: bool) -> tuple[Token, ...]:
    """Where the target may be, best first."""
    found: list[Token] = []
    if isinstance(match.target, Token):
        found.append(match.target)
    if passive:
        subject = child(verb, PASSIVE_SUBJECT_DEPS)
        if subject is not None:
            found.append(resolve_relative(subject))
    obj = match.obj if not passive else None
    if obj is not None and not match.pattern.direct_objects:
        found.append(obj)
    dative = child(verb, DATIVE_DEPS)
    if dative is not None:
        found.append(child(dative, {"pobj"}) or dative)
    holders = [verb] + ([match.obj] if match.obj is not None else [])
    for preposition in TARGET_PREPS:
        for holder in holders:
            for c in holder.children:
                if c.dep_ == "prep" and c.lower_ == preposition:
                    pobj = child(c, {"pobj"})
                    if pobj is not None:
                        found.append(pobj)
    if match.obj is not None and match.pattern.direct_objects:
        found.append(match.obj)  # "shot down a Russian jet": the owner of the theme
    return tuple(found)


def _is_verb(token: Token) -> bool:
    """A verb, but not a participle used as a noun modifier ("missile warning data")."""
    if token.pos_ == "VERB":
        return token.dep_ not in {"compound", "nmod"} or token.tag_ in {"VBD", "VBZ", "VBP"}
    return token.tag_ in {"VBD", "VBZ", "VBP"} and token.pos_ != "AUX"


def _complement(verb: Token) -> Token | None:
    """The clause a verb governs: "agreed [to lift]", "agreed [that they would cooperate]"."""
    for c in verb.children:
        if c.dep_ == "xcomp" and (c.pos_ == "VERB" or c.tag_.startswith("VB")):
            return c
    for c in verb.children:
        if c.dep_ == "ccomp" and (c.pos_ == "VERB" or c.tag_.startswith("VB")):
            return c
    return None


def _conditional(verb: Token, marks: frozenset[str]) -> bool:
    """The verb is in an "if" clause, or is the consequence of one ("if X, Russia will attack")."""
    for c in verb.children:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children):
            return True
    node = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in marks for c in node.children):
            return True
        if node.dep_ not in {"xcomp", "conj", "advcl", "ccomp"} or node.head is node:
            return False
        node = node.head
    return False


def _reporting_verb(verb: Token) -> Token | None:
    """The verb whose complement this clause is ("Moscow said [Ankara had shot down ...]")."""
    node = verb
    for _ in range(4):
        if node.dep_ in {"ccomp", "parataxis"} and node.head is not node:
            return node.head
        if node.dep_ not in {"xcomp", "conj"} or node.head is node:
            return None
        node = node.head
    return None


def _according_to(verb: Token, index: MentionIndex) -> ActorMention | None:
    for token in verb.sent:
        if (
            token.lower_ == "according"
            and token.i + 1 < len(token.doc)
            and token.doc[token.i + 1].lower_ == "to"
        ):
            obj = child(token.doc[token.i + 1], {"pobj"})
            found = actors_of(obj, index)
            if found:
                return found[0]
    return None


def _trigger_text(verb: Token) -> str:
    particles = [c for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.text, *(p.text for p in particles)])


def _pairs(
    code: str, sources: list[ActorMention], targets: list[ActorMention]
) -> list[tuple[ActorMention | None, ActorMention | None]]:
    if (
        not targets
        and len(sources) > 1
        and (code[:2] in RECIPROCAL_ROOTS or code in RECIPROCAL_CODES)
    ):
        return [(s, t) for s in sources for t in sources if s is not t]
    source_list: list[ActorMention | None] = list(sources) or [None]
    target_list: list[ActorMention | None] = list(targets) or [None]
    return [(s, t) for s in source_list for t in target_list]


def _span(mention: ActorMention | None) -> tuple[int, int] | None:
    return None if mention is None else (mention.start, mention.end)
