"""Dependency-tree helpers: an event's clause, its tense, and which expression governs it."""

from __future__ import annotations

from dataclasses import dataclass

from detente.events.lexicon import ModalityWords
from detente.parse.tokens import ParsedSpan, ParsedToken

_VERBAL = ("VERB", "AUX")
# Clauses whose verb takes its tense from the verb above it (infinitives, participles, and
# participles used as adjectives: "Turkish-backed rebels represent ...").
_DEPENDENT = frozenset({"xcomp", "advcl", "acl", "relcl", "conj", "ccomp", "pcomp", "prep", "amod"})


@dataclass(frozen=True, slots=True)
class ClauseWords:
    """The words a clause's time is read by: the event stage's modality words
    (`events/data/modality.yaml`), so both stages agree on what is future or conditional."""

    future_aux: frozenset[str]
    modal_aux: frozenset[str]
    intention_verbs: frozenset[str]  # "plans to visit": the visit is yet to come
    conditional_markers: frozenset[str]  # "if Ankara agrees", "supposing that they agree"

    @classmethod
    def of(cls, words: ModalityWords) -> ClauseWords:
        return cls(
            future_aux=words.future_aux,
            modal_aux=words.hypothetical_aux,
            intention_verbs=words.plan | words.intent | words.offer | words.threat,
            conditional_markers=words.conditional | words.supposition,
        )


def clause_verb(tok: ParsedToken) -> ParsedToken:
    """The verb of the clause a token belongs to (the token itself when it is a verb)."""
    steps = 0
    while tok.pos_ not in _VERBAL and tok.head is not tok and steps < 20:
        tok = tok.head
        steps += 1
    return tok


def attach_verb(span: ParsedSpan) -> ParsedToken:
    """The verb the expression `span` hangs from (outside the span itself)."""
    tok = span.root
    steps = 0
    while (tok.i >= span.start and tok.i < span.end) or tok.pos_ not in _VERBAL:
        if tok.head is tok or steps > 20:
            return tok
        tok = tok.head
        steps += 1
    return tok


def tense(verb: ParsedToken, words: ClauseWords, *, depth: int = 0) -> str:
    """past, present, future, modal or none for the clause of `verb`."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & words.future_aux:
        return "future"
    if lowers & words.modal_aux:
        return "modal"
    head = verb.head
    if verb.dep_ == "xcomp" and head.lower_ == "going" and head is not verb:
        return "future"  # "is going to meet"
    if "to" in lowers and head is not verb and head.lemma_ in words.intention_verbs:
        return "future"  # "plans to visit"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and not auxes and verb.dep_ == "ROOT":
        return "past"  # a past tense the tagger read as a participle ("Crowds protested ...")
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    if head is not verb and depth < 4 and (verb.dep_ in _DEPENDENT or "to" in lowers):
        return tense(clause_verb(head), words, depth=depth + 1)
    if verb.tag_ == "VB" and not auxes:
        return "present"
    return "none"


def conditional_heads(sent: ParsedSpan, markers: frozenset[str]) -> frozenset[int]:
    """Tokens of `sent` that head a condition or a supposition ("if Ankara agrees", "supposing
    that ..."): found once per sentence, so each event only walks up its own ancestors."""
    heads = {t.head.i for t in sent if t.dep_ == "mark" and t.lower_ in markers}
    heads |= {t.i for t in sent if t.lemma_.lower() in markers and t.pos_ == "VERB"}
    return frozenset(heads)


def conditional(verb: ParsedToken, heads: frozenset[int]) -> bool:
    """True when the event's clause, or a clause it sits in, is one of `heads`."""
    if not heads:
        return False
    return verb.i in heads or any(a.i in heads for a in verb.ancestors)


# Clauses that keep their own time and place: a relative or complement clause, a later
# conjunct, an aside. An expression inside one does not reach the clause above it.
_OWN_CLAUSE = frozenset({"relcl", "acl", "ccomp", "csubj", "conj", "parataxis"})
# Going up from the event to a clause above it, a complement clause ("worried that Turkey will
# team up") leaves the place of the clause above behind (the worrying is in Washington).
_REPORTED = frozenset({"ccomp", "csubj", "parataxis"})
SAME, COMPLEMENT, ABOVE, ELSEWHERE, NOT_ATTACHED = range(5)


def _path_deps(low: ParsedToken, high: ParsedToken) -> set[str]:
    """Dependency labels from `low` up to (not including) its ancestor `high`."""
    deps: set[str] = set()
    tok, steps = low, 0
    while tok.i != high.i and tok.head is not tok and steps < 40:
        deps.add(tok.dep_)
        tok = tok.head
        steps += 1
    return deps


def attachment_rank(trigger: ParsedToken, verb: ParsedToken, node: ParsedToken,
                    node_verb: ParsedToken, *, place: bool = False) -> int:
    """How closely an expression (its root `node`, its verb `node_verb`) belongs to the event
    (`trigger`, whose clause verb is `verb`): SAME clause or phrase; a COMPLEMENT of it ("forced
    them to work during the war"); a clause ABOVE it; ELSEWHERE in the sentence; NOT_ATTACHED
    inside a clause of its own below the event (or, for a place, above a reported clause)."""
    # Same clause only: a relative clause under the event's subject ("Chad, which had cut ties
    # in 2015, restored ...") has a verb of its own and keeps its date to itself.
    if node_verb.i == verb.i:
        return SAME
    if node_verb.is_ancestor(verb):
        if place and _path_deps(verb, node_verb) & _REPORTED:
            return NOT_ATTACHED
        return ABOVE
    if verb.is_ancestor(node_verb):
        deps = _path_deps(node_verb, verb)
        if deps & _OWN_CLAUSE:
            return NOT_ATTACHED
        if deps <= {"xcomp", "prep", "pobj", "pcomp", "dobj", "advmod", "npadvmod"} and \
                "xcomp" in deps:
            return COMPLEMENT
    if place and node_verb.head.i == verb.i and _subjectless_participle(node_verb):
        return ABOVE  # "Speaking in Ankara on Monday, the minister criticised ...": same setting
    return ELSEWHERE


def _subjectless_participle(tok: ParsedToken) -> bool:
    return tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and not any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") for c in tok.children)
