"""Dependency-tree helpers: who is the subject and object of a verb, and whether it happened.

All functions read spaCy tokens and a token → mention index; none of them knows CAMEO.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from detente.parse.tokens import ParsedToken
from detente.records import ActorMention

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
DATIVE_DEPS = frozenset({"dative", "iobj"})
AIMED_PREPS = frozenset({"against", "on"})
TARGET_PREPS = (
    "with",
    "to",
    "against",
    "toward",
    "towards",
    "at",
    "into",
    "on",
    "upon",
    "over",
    "for",
)
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
# Dependents through which a noun phrase's actor may be found ("leaders of Russia", "Turkish army").
_DESCEND_DEPS = frozenset({"compound", "amod", "poss", "appos", "nmod", "npadvmod"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})
_ADJECTIVE_DEPS = frozenset({"amod", "compound", "nmod"})


class MentionIndex:
    """Token offset → mention, for the mentions of one document."""

    def __init__(
        self,
        mentions: Iterable[ActorMention],
        *,
        abstract_heads: frozenset[str],
        trade_flows: frozenset[str],
    ) -> None:
        # The coder's own words (its `Nominals`): heads whose modifiers name no actor ("U.S.-
        # Turkish relations"), and flows of goods whose "from"/"to" names a party.
        self.abstract_heads = abstract_heads
        self.trade_flows = trade_flows
        self._by_token: dict[int, ActorMention] = {}
        # Further mentions over a token already taken: the actor stage gives "U.S.-Turkish", one
        # token, a mention for each side.
        self._shared: dict[int, list[ActorMention]] = {}
        for mention in mentions:
            for i in range(mention.start, mention.end):
                first = self._by_token.setdefault(i, mention)
                if first is not mention:
                    self._shared.setdefault(i, []).append(mention)
        # Results computed once per document and reused (keys name the helper that owns them).
        self.memo: dict[tuple[object, ...], object] = {}

    def at(self, token: ParsedToken) -> ActorMention | None:
        return self._by_token.get(token.i)

    def all_at(self, token: ParsedToken) -> list[ActorMention]:
        """Every mention over a token, the first one first."""
        first = self._by_token.get(token.i)
        if first is None:
            return []
        return [first, *self._shared.get(token.i, ())]

    def sharing(self, mention: ActorMention) -> list[ActorMention]:
        """Other mentions over the tokens of a mention ("Turkish" of "U.S.-Turkish")."""
        found: list[ActorMention] = []
        for i in range(mention.start, mention.end):
            for other in (self._by_token.get(i), *self._shared.get(i, ())):
                if other is not None and other is not mention and other not in found:
                    found.append(other)
        return found

    def offsets_in(self, start: int, end: int) -> list[int]:
        """Token offsets inside [start, end) that belong to a mention, in order."""
        return sorted(i for i in self._by_token if start <= i < end)

    def __bool__(self) -> bool:
        return bool(self._by_token)


def conjuncts(token: ParsedToken) -> list[ParsedToken]:
    """The token and its coordinated siblings ("Russia and Turkey" → both)."""
    return [
        token,
        *[t for t in token.conjuncts if t.i != token.i and not is_stray_subject(t)],
    ]


def actor_of(
    token: ParsedToken, index: MentionIndex, *, modifiers: bool = False, depth: int = 0
) -> ActorMention | None:
    """The actor a noun phrase headed by `token` stands for, or None.

    The head itself, then possessors (not pronouns: "its interests" are not an actor), appositions
    ("his counterpart, Erdogan"), "of" phrases ("the leaders of Russia") and adjectives and
    compounds ("Iraqi troops") — except on abstract heads ("U.S.-Turkish relations" are not the
    United States) unless `modifiers` asks for the owner of a theme ("a Russian jet").
    """
    found = index.at(token)
    if found is not None or depth > 3:
        return found
    abstract: bool | None = None  # read once, and only when a modifier asks
    for c in token.children:
        dep = c.dep_
        if dep == "prep" and c.lower_ == "of":
            for grandchild in c.children:
                if grandchild.dep_ == "pobj":
                    hit = actor_of(grandchild, index, modifiers=modifiers, depth=depth + 1)
                    if hit is not None:
                        return hit
            continue
        if dep == "poss" and c.pos_ == "PRON":
            continue
        if dep in _MODIFIER_DEPS and not modifiers:
            if abstract is None:
                abstract = token.lemma_.lower() in index.abstract_heads
            if abstract:
                continue
        if dep in _DESCEND_DEPS:
            hit = actor_of(c, index, modifiers=modifiers, depth=depth + 1)
            if hit is not None:
                return hit
    return None


def actors_of(
    token: ParsedToken | None, index: MentionIndex, *, modifiers: bool = False
) -> list[ActorMention]:
    """Every actor of a (possibly coordinated) noun phrase, one per conjunct, in order."""
    if token is None:
        return []
    found: list[ActorMention] = []
    # Only the first conjunct opens a coordination: a stray subject parsed as the last item of a
    # list ("... in Qatar and Russia reached out") must not drag the list in with it.
    parts = [token] if token.dep_ == "conj" else conjuncts(token)
    for part in parts:
        hit = actor_of(part, index, modifiers=modifiers)
        if hit is None:
            continue
        if hit not in found:
            found.append(hit)
        # "U.S.-Turkish" (one token, two mentions); "the leaders of Russia and Turkey" and
        # "Greek and Cypriot officials": the coordination sits below the head.
        key = ("conjuncts", id(hit))
        coordinated = index.memo.get(key)
        if not isinstance(coordinated, list):
            coordinated = index.memo[key] = list(index_conjuncts(hit, token.doc, index))
        for other in (*index.sharing(hit), *coordinated):
            if other not in found:
                found.append(other)
    return found


def index_conjuncts(
    mention: ActorMention, doc: object, index: MentionIndex
) -> Iterator[ActorMention]:
    """Mentions coordinated with a mention's own head token."""
    tokens = doc[mention.start : mention.end]  # type: ignore[index]
    head = tokens.root
    if head.dep_ == "conj":
        return
    for other in head.conjuncts:
        hit = index.at(other)
        if hit is not None and hit is not mention and not is_stray_subject(other):
            yield hit
    # Coordinated adjectives of one noun: "Greek and Cypriot officials" gives the mention
    # "Cypriot officials"; "Greek" hangs on the same noun, "Cypriot" is its conjunct.
    for token in tokens:
        if token.dep_ == "conj" and token.head.dep_ in _ADJECTIVE_DEPS:
            first = token.head
            if first.head == head and not mention.start <= first.i < mention.end:
                hit = index.at(first)
                if hit is not None and hit is not mention:
                    yield hit
    # "the leaders of Russia and Turkey", "negotiators from Ecuador and Colombia": the mention
    # ends with the first country; the others are coordinated inside its preposition.
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in {"of", "from"} and c.i < mention.end:
            pobj = child(c, {"pobj"})
            if pobj is None or not mention.start <= pobj.i < mention.end:
                continue
            for other in pobj.conjuncts:
                hit = index.at(other)
                if hit is not None and hit is not mention and other.i >= mention.end:
                    yield hit
    for c in head.children:
        if c.dep_ in _ADJECTIVE_DEPS and not mention.start <= c.i < mention.end:
            for other in c.conjuncts:
                if mention.start <= other.i < mention.end:
                    hit = index.at(c)
                    if hit is not None and hit is not mention:
                        yield hit
                    break


def trade_partners(noun: ParsedToken, index: MentionIndex) -> list[ParsedToken]:
    """Who a flow of goods comes from or goes to: its own country ("Japanese exports"), "imports
    from Japan", "exports to India", and the buyers of the goods in a relative clause ("exports
    of chemicals that Korean firms need")."""
    if noun.lemma_.lower() not in index.trade_flows:
        return []
    # "curb Japanese exports to the United States": the flow's own country is hurt first
    found = [c for c in noun.children if c.dep_ in {"amod", "compound"} and index.at(c)]
    goods: list[ParsedToken] = []
    for c in noun.children:
        if c.dep_ != "prep":
            continue
        pobj = child(c, {"pobj"})
        if pobj is None:
            continue
        if c.lower_ in {"from", "to"}:
            found.append(pobj)
        elif c.lower_ == "of":
            goods.append(pobj)
    for thing in goods:
        for clause in thing.children:
            if clause.dep_ == "relcl":
                subject = child(clause, SUBJECT_DEPS)
                if subject is not None and subject.lower_ not in RELATIVE_PRONOUNS:
                    found.append(subject)
    return found


def child(token: ParsedToken, deps: frozenset[str] | set[str]) -> ParsedToken | None:
    for c in token.children:
        if c.dep_ in deps:
            return c
    return None


def is_passive(verb: ParsedToken) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)


def agent_of(verb: ParsedToken) -> ParsedToken | None:
    """The "by" phrase of a passive, or "at the hands of X"."""
    for c in verb.children:
        by_phrase = c.dep_ == "prep" and c.lower_ in {"by", "from"} and is_passive(verb)
        if c.dep_ == "agent" or by_phrase:
            obj = child(c, {"pobj"})
            if obj is not None:
                return obj
    return hands_of(verb)


def hands_of(token: ParsedToken) -> ParsedToken | None:
    """X in "at the hands of X" attached to a word."""
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ == "at":
            hands = child(c, {"pobj"})
            if hands is not None and hands.lower_ in {"hands", "hand"}:
                for of in hands.children:
                    if of.dep_ == "prep" and of.lower_ == "of":
                        return child(of, {"pobj"})
    return None


def resolve_relative(token: ParsedToken) -> ParsedToken:
    """A relative pronoun stands for the noun its clause modifies ("sanctions that it imposed")."""
    if token.lower_ in RELATIVE_PRONOUNS:
        clause = token.head
        while clause.dep_ not in {"relcl", "acl"} and clause.head != clause:
            if clause.dep_ not in {"xcomp", "conj", "ccomp"}:
                break
            clause = clause.head
        if clause.dep_ in {"relcl", "acl"}:
            return clause.head
    return token


def grammatical_subject(verb: ParsedToken) -> ParsedToken | None:
    """The subject of a verb, inherited through control, coordination and relative clauses."""
    seen = 0
    current = verb
    while seen < 6:
        seen += 1
        subject = child(current, SUBJECT_DEPS)
        if subject is not None:
            return resolve_relative(subject)
        stray = _stray_subject(current)
        if stray is not None:
            return stray
        if current.dep_ in {"acl", "relcl"} and _infinitival(current):
            # "Iraq's refusal to accept the truce": the noun's owner acts; "Turkey faces
            # pressure to back Azerbaijan": whoever faces the pressure backs.
            owner = _named_owner(current.head)
            if owner is not None:
                return owner
            holder = _noun_holder(current.head)
            if holder is None:
                return None
            current = holder
            continue
        if current.dep_ == "acl" and current.tag_ == "VBN" and not is_passive(current) and (
            not _misread_main_verb(current)
        ):
            # "soldiers captured in the south": a past participle on a noun is done to it;
            # its doer is the "by" phrase, if any
            return agent_of(current) or child(
                next((c for c in current.children if c.dep_ == "prep" and c.lower_ == "by"),
                     current), {"pobj"})  # fmt: skip
        if current.dep_ in {"relcl", "acl"} and not is_passive(current):
            return current.head  # "the rebels who attacked", "forces fighting in Syria"
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            # "By reaching out to Russia, the government sought ...";
            # "Turkey's strategy of backing militias".
            attached = current.head.head
            if attached.pos_ in {"NOUN", "PROPN"}:
                owner = child(attached, {"poss"})
                if owner is not None:
                    return owner
                holder = _noun_holder(attached)
                if holder is None:
                    return None
                current = holder
            else:
                # "accused Russia of shelling", "warned the US against selling": the object
                # of the verb does what the gerund says; "after meeting Mubarak, Shultz told
                # reporters": a time the gerund sets is the subject's own.
                obj = child(attached, OBJECT_DEPS)
                if obj is not None and current.head.lower_ not in _TIME_PREPS:
                    if current.head.lower_ == "for":
                        # "imposed sanctions against Japan for breaking": the one the measure
                        # is aimed at did what it is punished for
                        aimed = _aimed_at(obj)
                        if aimed is not None:
                            return aimed
                    return obj
                current = attached
            continue
        if current.dep_ == "conj" and current.head.pos_ in {"VERB", "AUX"}:
            current = current.head
            continue
        if current.dep_ == "xcomp" and current.head.pos_ == "ADJ" and current.head.dep_ == "acomp":
            current = current.head.head  # "Arnor is about to restore", "is ready to send"
            continue
        if current.dep_ in {"xcomp", "advcl"} and current.head.pos_ in {"VERB", "AUX"}:
            head = current.head
            # Object control: "urged Turkey to lift" → Turkey lifts.
            obj = child(head, OBJECT_DEPS) if current.dep_ == "xcomp" else None
            if obj is not None:
                return obj
            current = head
            continue
        return None
    return None


def _aimed_at(noun: ParsedToken) -> ParsedToken | None:
    """The object of "against"/"on" after a noun ("action against Japan")."""
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in AIMED_PREPS:
            return child(c, {"pobj"})
    return None


def for_subject(verb: ParsedToken) -> ParsedToken | None:
    """ "appealed for Japan to open its market": the subject of an infinitive clause that "for"
    introduces, whom the verb addresses."""
    for clause in verb.children:
        if clause.dep_ in {"advcl", "xcomp", "ccomp"} and any(
            c.dep_ == "mark" and c.lower_ == "for" for c in clause.children
        ):
            return child(clause, SUBJECT_DEPS)
    return None


def _stray_subject(verb: ParsedToken) -> ParsedToken | None:
    """A clause whose subject the parser attached to the list before it.

    "between Armenia and Azerbaijan, Turkey backs its kin" and "a base in Qatar and Russia reached
    out" often parse the subject as the last conjunct of the list before the verb; a proper noun
    right before a finite verb that has no subject, attached as a conjunct, is its subject.
    """
    if verb.i == 0 or verb.tag_ not in {"VBZ", "VBD", "VBP"}:
        return None
    if verb.dep_ in {"relcl", "acl", "xcomp", "pcomp"}:
        return None
    before = verb.doc[verb.i - 1]
    if before.dep_ == "conj" and before.pos_ == "PROPN" and before.head.i < before.i:
        return before
    return None


def is_stray_subject(token: ParsedToken) -> bool:
    """The token is a clause's subject parsed as the last item of the list before it."""
    doc = token.doc
    if token.i + 1 >= len(doc):
        return False
    verb = doc[token.i + 1]
    if verb.dep_ in {"aux", "auxpass", "neg"}:
        verb = verb.head  # "Jordan and Britain have agreed"
    if any(c.dep_ in SUBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children):
        return False  # "Putin and Erdogan met": the list is the subject
    return verb.i == token.i + 1 and _stray_subject(verb) == token


def _infinitival(verb: ParsedToken) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


# Prepositions before a gerund that set the time of the main clause's subject's act.
_TIME_PREPS = frozenset({"after", "before", "since", "while", "upon", "on", "following"})


def _misread_main_verb(participle: ParsedToken) -> bool:
    """Whether a past participle hung on a noun is a main verb the parser misread: the
    sentence's root is a noun ("Doctors from aid groups donated ...": no verb found), or the
    participle takes an object or a gerund ("youths resorted to throwing stones"), which a
    participle said of its noun cannot."""
    if any(c.dep_ in {"dobj", "ccomp"} for c in participle.children):
        return True
    if any(g.dep_ == "pcomp" for c in participle.children if c.dep_ == "prep" for g in c.children):
        return True
    node = participle
    for _ in range(40):
        if node.head == node:
            break
        node = node.head
    return node.pos_ in {"NOUN", "PROPN"}


def _named_owner(noun: ParsedToken) -> ParsedToken | None:
    """A noun's possessor ("Iraq's refusal to accept the truce"). (A name before the noun, "the
    Soviet offer to ...", was measured and not kept: on unseen news it named the wrong party
    about as often as the right one.)"""
    return next((c for c in noun.children if c.dep_ == "poss"), None)


def _noun_holder(noun: ParsedToken) -> ParsedToken | None:
    """The verb a noun is the object of, directly or through a preposition."""
    node = noun
    for _ in range(3):
        if node.dep_ in {"dobj", "attr", "nsubj", "nsubjpass", "pobj", "prep"}:
            node = node.head
            if node.pos_ in {"VERB", "AUX"}:
                return node
        else:
            return None
    return None


def is_negated(verb: ParsedToken, negation_words: frozenset[str], delayed: frozenset[str]) -> bool:
    """True when the verb is negated and the negation is not one of delay ("not until July")."""
    children = list(verb.children)  # read three times below: build the tokens once
    negated = any(
        c.dep_ == "neg" or (c.dep_ in {"advmod", "neg"} and c.lower_ in negation_words)
        for c in children
    )
    if not negated:
        for c in children:
            if c.dep_ in OBJECT_DEPS and any(
                d.dep_ == "det" and d.lower_ == "no" for d in c.children
            ):
                negated = True
    if negated and any(c.dep_ == "prep" and c.lower_ in delayed for c in children):
        return False
    return negated


def authored(noun: ParsedToken, index: MentionIndex) -> bool:
    """Whether a noun names its own author: a named possessor ("Iran's offer"), an actor
    adjective or compound ("an IMF demand", "the Turkish warning") or a "by" phrase ("a demand
    by the IMF").

    Such an object of a verb ("Sudan rejected a demand by the IMF") is an act of its own, by
    another party, besides the verb's.
    """
    for c in noun.children:
        if c.dep_ == "poss" and c.tag_ != "PRP$" and actors_of(c, index):
            # not "lift its sanctions": a possessive pronoun mostly names the verb's own actor
            return True
        if c.dep_ in {"amod", "compound", "nmod"} and index.at(c) is not None:
            return True
        if c.dep_ == "prep" and c.lower_ == "by" and actors_of(child(c, {"pobj"}), index):
            return True
    return False
