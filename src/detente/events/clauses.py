"""Verb frames: a verb and its dependents, and chains of verbs ("agreed to lift sanctions")."""

from __future__ import annotations

from dataclasses import replace

from detente.events.lexicon import (
    CHAIN_KINDS,
    FORGO,
    NO_EVENT,
    ModalityWords,
    VerbPattern,
    chain_code,
)
from detente.events.matching import (
    Frame,
    VerbMatch,
    best_match,
    direct_object,
    lemma_candidates,
    object_heads,
    target_candidates,
)
from detente.events.syntax import (
    DATIVE_DEPS,
    OBJECT_DEPS,
    MentionIndex,
    actors_of,
    agent_of,
    authored,
    child,
    grammatical_subject,
    is_negated,
    is_passive,
)
from detente.igos import is_igo
from detente.parse.tokens import ParsedToken
from detente.records import ActorMention

# Prepositions of a verb's setting rather than its theme: "in the conflict between X and Y, Z
# backs ..." is two events, "agreed upon a pact between X and Y" one.
_SETTING_PREPS = frozenset(
    {"in", "during", "amid", "amidst", "despite", "since", "after", "before", "throughout", "of"}
)

# Roots of the acts an appeal or demand asks for that are coded as the addressee's own possible
# act: reducing relations, sanctions, coercion and force ("urged Canada to cut ties").
_ASKED_ROOTS = frozenset({"16", "17", "18", "19", "20"})

# Prepositions that place a verb's act beside an occasion of its own ("after a meeting with X");
# a journey's purpose is one too ("arrived in Geneva for talks with X"), not what is asked for.
_OCCASION_PREPS = frozenset({"after", "before", "during", "at", "following", "for"})
# Nouns of journeys, which name their host ("his visit to Madrid") and a subject is on.
VISITS = frozenset({"visit", "trip", "tour", "mission"})


class ClauseFinder:
    """Find verb frames in a sentence from the verb lexicon, modality words and code chains."""

    def __init__(
        self,
        verbs: dict[str, list[VerbPattern]],
        words: ModalityWords,
        chains: dict[str, dict[str, str]],
        intent_adjectives: frozenset[str],
        capability_words: frozenset[str] = frozenset(),
    ) -> None:
        self.verbs = verbs
        self.words = words
        self.chains = chains
        self.intent_adjectives = intent_adjectives
        self.capability_words = capability_words
        self._kinds: dict[str, str] = {}
        for kind in reversed(CHAIN_KINDS):  # earlier kinds win, as listed
            self._kinds.update({lemma: kind for lemma in getattr(words, kind)})

    def trigger_words(self) -> set[str]:
        """Every word form that can start a verb frame: lemmas, their regular inflections, and
        the verbs of chains and reports (used to skip tokens that can start nothing)."""
        lemmas = set(self.verbs) | set(self.intent_adjectives)
        for kind in (*CHAIN_KINDS, "report", "claim"):
            lemmas |= getattr(self.words, kind)
        forms = set(lemmas)
        for lemma in lemmas:
            forms.update(inflections(lemma))
        return forms

    def patterns_for(self, token: ParsedToken) -> list[VerbPattern]:
        """Patterns of a verb, trying its surface form when the lemmatiser got it wrong."""
        for lemma in lemma_candidates(token):
            patterns = self.verbs.get(lemma)
            if patterns:
                return patterns
        return []

    def match_verb(self, verb: ParsedToken, index: MentionIndex) -> VerbMatch | None:
        """The most specific pattern of the verb's lemma that its dependents satisfy."""
        patterns = self.patterns_for(verb)
        if not patterns:
            return None
        obj = direct_object(verb)
        helping = obj is None and verb.lemma_.lower() in self.words.helping
        if helping and _helped_clause(verb) and _helped_party(verb) is None:
            return None  # "the plan would help reduce the deficit": no party is aided
        chosen = best_match(patterns, verb, obj, index)
        if chosen is None or chosen.pattern.code == NO_EVENT:
            return None
        return chosen

    def frames(
        self, tokens: list[ParsedToken], index: MentionIndex
    ) -> tuple[list[Frame], set[int]]:
        """Frames of the verbs of a sentence, and the tokens they cover (triggers, objects)."""
        frames: list[Frame] = []
        consumed: set[int] = set()
        covered: set[int] = set()
        verbs = [
            t
            for t in tokens
            if (is_verb(t) or (t.lower_ == "visiting" and t.dep_ == "amod"))
            and not _question(t)
            and not gerund_subject(t)
            and not _means(t)
        ]
        heads = verbs + [
            t for t in tokens if t.pos_ == "ADJ" and t.lemma_ in self.intent_adjectives
        ]
        for verb in heads:
            chained = self._chain(verb, index)
            if chained is not None:
                chain_frames, used = chained
                frames.extend(chain_frames)
                consumed.update(used)
                asked = self._asked_act(chain_frames[0], verb, index)
                if asked is not None:
                    frames.append(asked)
        for verb in verbs:
            if verb.i in consumed:
                continue
            obliged = self._obligation(verb, index)
            if obliged is not None:
                frame, used = obliged
                frames.append(frame)
                consumed.update(used)
        for verb in verbs:
            if verb.i in consumed or self._capability(verb):
                continue
            match = self.match_verb(verb, index)
            if match is None:
                continue
            visitor = _adjectival_visitor(verb, index) if match.pattern.code == "042" else None
            if visitor is not None:
                frames.append(_visitor_frame(verb, visitor, match))
            else:
                frames.append(self._verb_frame(verb, match, index))
            consumed.add(verb.i)
        doc = tokens[0].doc if tokens else None
        journeys = {f.trigger.i for f in frames if f.code.startswith("04")}
        for i in consumed:
            token = doc[i]  # type: ignore[index]
            covered.add(i)
            obj = direct_object(token)
            if obj is not None and not authored(obj, index) and not _between(obj):
                # ("a deal between A and B was signed" names its parties itself)
                covered.add(obj.i)
            for c in token.children:
                if c.dep_ in {"prep", "agent"}:
                    # A noun that names its own parties ("in the conflict between X and Y") is
                    # an event of its own, not part of the verb's.
                    covered.update(
                        g.i
                        for g in c.children
                        if g.dep_ == "pobj"
                        and not (
                            (c.lower_ in _SETTING_PREPS or (c.lower_ == "for" and i in journeys)
                             or c.lower_ == "on")
                            and _names_parties(g, index)
                        )
                    )
        return frames, covered

    def _verb_frame(self, verb: ParsedToken, match: VerbMatch, index: MentionIndex) -> Frame:
        passive = is_passive(verb)
        if passive and agent_of(verb) is None and self._stative(verb):
            passive = False  # "Vietnam is committed to ...": the subject is the one committed
        source = agent_of(verb) if passive else grammatical_subject(verb)
        if source is None and not passive:
            source = child(verb, {"nsubjpass"})
        if source is None and not passive:
            source = agent_of(verb)  # "... at the hands of X"
        negated = is_negated(verb, self.words.negation, self.words.delayed)
        code, rule = match.pattern.code, "verb-passive" if passive else "verb"
        fallback: tuple[ParsedToken, ...] = ()
        if passive and source is None and match.obj is not None:
            # "The sanctions that Russia imposed were lifted": who imposed them lifts them.
            fallback = tuple(_clause_subjects(match.obj))
        if passive and source is None and code[:2] == "17":
            # "was arrested in Lebanon": by the authorities of the place.
            fallback += tuple(_places(verb))
        modality: str | None = None
        infinitive = any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
        if verb.dep_ == "pcomp" and verb.head.head.lemma_.lower() in self.intent_adjectives:
            modality = "intended"  # "powers intent on occupying Anatolia"
        if infinitive and verb.dep_ in {"advcl", "acl", "relcl"}:
            # A purpose ("flew to Moscow to mediate") or a pressure ("pressure to back
            # Azerbaijan") is not the act yet; "in no position to bankroll Turkey" denies it.
            if _no_position(verb.head):
                negated = True
            else:
                modality = "intended"
        if negated and int(code[:2]) <= 8 and self._stated_refusal(verb):
            # "Israel will not release the prisoners" is a refusal that was stated, not an
            # event that failed to happen.
            code, negated, rule = chain_code(self.chains, code, "refusal"), False, "verb-refusal"
            modality = "asserted"
        targets, owners = target_candidates(verb, match, index, passive=passive)
        if code[:2] == "11" and not passive:
            # "Cyprus protested to the United Nations over violations by the Turkish air
            # force": a complaint lodged with an organisation is aimed at the state it is about.
            theme = _complaint_theme(verb, index)
            if theme is not None:
                targets = (theme, *targets)
        helped = _helped_party(verb) if verb.lemma_.lower() in self.words.helping else None
        if helped is not None and match.obj is None:
            targets = (helped, *targets)  # "to help Khartoum to pay more"
        if match.pattern.received and not passive:
            # "Turkey will receive aid from the United States": the giver acts on the receiver.
            receiver = source
            source = _giver(verb, match.obj)
            targets, owners = ((receiver,) if receiver is not None else ()), ()
        tags: tuple[str, ...] = ()
        if code.startswith("02") and _courtesy_call(verb, index):
            code, tags = "042", ("courtesy-call",)  # "the envoy called on Genscher"
        return Frame(
            code=code,
            trigger=verb,
            trigger_text=trigger_text(verb),
            source=source,
            target_tokens=targets,
            owner_tokens=owners,
            negated=negated,
            modality=modality,
            rule=rule,
            source_fallback=fallback,
            reciprocal=match.pattern.mutual,
            entry=match.pattern.entry,
            tags=tags,
        )

    def _capability(self, verb: ParsedToken) -> bool:
        """A verb under a word of capability ("a missile capable of hitting Iraq", "would
        enable Iran to strike"): what could be done is no act."""
        words = self.capability_words
        if verb.dep_ == "pcomp" and verb.head.lower_ == "of":
            return verb.head.head.lemma_.lower() in words
        return verb.dep_ in {"xcomp", "ccomp"} and verb.head.lemma_.lower() in words

    def _stative(self, verb: ParsedToken) -> bool:
        lemma = verb.lemma_.lower()
        return lemma in self.words.intent or lemma in self.words.offer

    def intention_code(self, code: str) -> str:
        """The code of a stated intention to do `code`: 03x for cooperation, 13x for force."""
        root = int(code[:2])
        if root <= 8:
            return chain_code(self.chains, code, "intent")
        if root >= 13 and root != 15:
            return chain_code(self.chains, code, "threat")
        return code  # verbal conflict and force posture are already what they announce

    def _stated_refusal(self, verb: ParsedToken) -> bool:
        auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
        # "will not", "won't", "would not" refuse; "cannot" is inability, not refusal, except
        # of a stance.
        if auxiliaries & (self.words.future_aux | {"would"}):
            return True
        if auxiliaries & {"can", "could", "ca"} and verb.lemma_.lower() in self.words.stance:
            return True  # "could not accept the proposal": a stance refused, the diplomat's way
        # '"We do not support Soviet membership"': a stance its holder states is a refusal
        # (not "did not": a past act that did not happen; "he does not support it" describes
        # a stance, which the story may or may not report as stated).
        subject = grammatical_subject(verb)
        return (
            bool(auxiliaries & {"do"})
            and verb.lemma_.lower() in self.words.stance
            and subject is not None
            and subject.lower_ in {"we", "i"}
        )

    def _chain(
        self, verb: ParsedToken, index: MentionIndex
    ) -> tuple[list[Frame], set[int]] | None:
        """A verb of intent, threat, appeal, demand, refusal or failure over a coded complement."""
        kind = "intent" if verb.pos_ == "ADJ" else self._chain_kind(verb)
        if kind is None:
            return None
        inner = complement(verb)
        if inner is None and kind == "appeal":
            inner = _for_clause(verb)  # "appealed for Japan to open its market"
        used: set[int] = set()
        passing = self.words.plan | self.words.aspect | self.words.attempt
        while (
            inner is not None and inner.lemma_.lower() in passing and complement(inner) is not None
        ):
            used.add(inner.i)
            inner = complement(inner)
        if inner is None:
            return None
        if kind == "threat" and actors_of(child(verb, {"dobj"}), index):
            # "Syria warned Israel not to attack Lebanon": a warning to the one warned (the
            # verb's own 130), whose act it would be; no threat of the warner's to attack
            return None
        addressee: ParsedToken | None = None
        if kind in {"appeal", "demand"}:
            addressee = _addressee(verb, inner, index)
        elif (
            kind == "plan"
            and verb.lemma_.lower() in self.words.bidding_appeal | self.words.bidding_demand
            and not is_negated(verb, self.words.negation, self.words.delayed)
        ):  # ("does not want Russia to dominate" asks nothing of Russia)
            # "Seoul wants Tokyo to ease restrictions", "expect Japan to open its market": what
            # one state wants of another is asked of it (an appeal, or a demand).
            addressee = _bidden(verb, inner, index)
            if addressee is not None:
                demand = verb.lemma_.lower() in self.words.bidding_demand
                kind = "demand" if demand else "appeal"
        if kind in {"failure", "refusal"} and self._keeps_rule(inner):
            return [self._breach(verb, inner)], {verb.i, inner.i}
        match = self.match_verb(inner, index)
        if match is None:
            if addressee is None or kind not in {"appeal", "demand"}:
                return None
            if addressee.dep_ not in {"nsubj", "nsubjpass"}:
                return None  # "urged Chile to ...", "called on Chile to ...": the verb's own
            own = self.match_verb(verb, index)
            if own is not None and own.pattern.code[:2] not in {"02", "10"}:
                return None  # "forced Iran to retreat": the verb's own act (coercion) codes it
            if not any(m.country is not None for m in actors_of(addressee, index)):
                return None  # "ordered the newspapers to close": no party of a dyad is asked
            return [self._bare_request(verb, inner, kind, addressee)], {verb.i, inner.i}
        used.update({inner.i, verb.i})
        inner_code = match.pattern.code
        modality: str | None = None
        negated = is_negated(verb, self.words.negation, self.words.delayed)
        if negated and kind == "refusal" and verb.lemma_.lower() in {"hesitate", "balk"}:
            kind, negated = "intent", False  # "will not hesitate to use force": resolve
        # "X is willing to send": the subject belongs to the copula the adjective hangs on.
        source = grammatical_subject(verb.head if verb.pos_ == "ADJ" else verb)
        if verb.pos_ == "ADJ":
            negated = negated or is_negated(verb.head, self.words.negation, self.words.delayed)
        if source is None:
            source = child(verb, {"nsubjpass"})  # "Vietnam is committed to opening up"
        targets, owners = target_candidates(inner, match, index, passive=is_passive(inner))
        trigger = verb
        forgone = kind in {"intent", "offer"} and is_negated(
            inner, self.words.negation, self.words.delayed
        )
        if forgone and chain_code(self.chains, inner_code, FORGO) != inner_code:
            # "pledged not to attack Iraqi ships": an intent to yield, never a threat
            code = chain_code(self.chains, inner_code, FORGO)
        elif forgone and int(inner_code[:2]) <= 8:
            # "agreed not to lift the sanctions": a stated refusal to cooperate
            code = chain_code(self.chains, inner_code, "refusal")
        elif kind == "intent":
            code = self.intention_code(inner_code)
        elif kind == "offer":
            code = chain_code(self.chains, inner_code, "intent")
        elif kind == "consider":
            code = "014"  # the weighing happened; the action weighed did not
        elif kind == "plan":
            code, modality, trigger = inner_code, "intended", inner
            # ("A and B are scheduled to meet": the planned act's subject is the passive one)
            source = grammatical_subject(inner) or source
        elif kind == "aspect":
            code, trigger = inner_code, inner
            source = grammatical_subject(inner)
        elif kind == "attempt":
            code, trigger = chain_code(self.chains, inner_code, "attempt"), inner
            source = grammatical_subject(inner)
        elif kind == "failure" and (inner_code[:2] == "03" or inner_code == "057"):
            # "failed to reach agreement": the sides rejected each other's terms.
            code = chain_code(self.chains, inner_code, "refusal")
        elif kind == "failure":
            code, negated, trigger = inner_code, True, inner
        elif kind in {"appeal", "demand"}:
            code = chain_code(self.chains, inner_code, kind)
            targets = ((addressee,) if addressee is not None else ()) + targets
        else:  # threat, refusal
            code = chain_code(self.chains, inner_code, kind)
        if negated and kind in {"intent", "offer"}:
            # "did not agree to lift sanctions": a stated refusal, never an agreement.
            code, negated = chain_code(self.chains, inner_code, "refusal"), False
        context = verb.head if verb.pos_ == "ADJ" else verb
        frame = Frame(
            code=code,
            trigger=trigger,
            trigger_text=f"{trigger_text(verb)} {trigger_text(inner)}",
            source=source,
            target_tokens=targets,
            owner_tokens=owners,
            negated=negated
            or (trigger != verb and is_negated(inner, self.words.negation, self.words.delayed)),
            modality=modality,
            rule=f"chain-{kind}",
            context=context if trigger == verb else inner,
            entry=match.pattern.entry,
        )
        if kind == "intent" and inner_code.startswith("04") and not frame.negated:
            # "agreed to meet Tambo in Ottawa": a meeting promised is a meeting scheduled too.
            scheduled = replace(
                frame,
                code=inner_code,
                trigger=inner,
                trigger_text=trigger_text(inner),
                modality="intended",
                rule="chain-scheduled",
                context=inner,
            )
            return [frame, scheduled], used
        return [frame], used

    def _asked_act(
        self, frame: Frame, verb: ParsedToken, index: MentionIndex
    ) -> Frame | None:
        """The act an appeal or demand asks of its addressee, as a possible act of theirs:
        "urged Canada to cut all ties with South Africa" is also Canada's cutting its ties with
        South Africa, hypothetical (reported speech codes the act it reports too)."""
        if frame.rule not in {"chain-appeal", "chain-demand"} or verb.pos_ == "ADJ":
            return None
        inner = complement(verb)
        addressee = child(verb, OBJECT_DEPS)
        if inner is None or addressee is None or not actors_of(addressee, index):
            return None
        match = self.match_verb(inner, index)
        if match is None or match.pattern.code[:2] not in _ASKED_ROOTS:
            return None
        targets, owners = target_candidates(inner, match, index, passive=is_passive(inner))
        return Frame(
            code=match.pattern.code,
            trigger=inner,
            trigger_text=trigger_text(inner),
            source=addressee,
            target_tokens=targets,
            owner_tokens=owners,
            negated=is_negated(inner, self.words.negation, self.words.delayed),
            modality="hypothetical",
            rule="verb",
            context=inner,
            entry=match.pattern.entry,
            tags=("asked-act",),
        )

    def _keeps_rule(self, verb: ParsedToken) -> bool:
        """ "honour the pact", "live up to the agreement", "comply with the accord"."""
        if verb.lemma_.lower() not in self.words.keeping:
            return False
        objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
        for c in verb.children:
            heads = [c] if c.dep_ == "prep" else [g for g in c.children if g.dep_ == "prep"]
            objects += [g for h in heads for g in h.children if g.dep_ == "pobj"]
        return any(o.lemma_.lower() in self.words.kept_rules for o in objects)

    def _breach(self, verb: ParsedToken, inner: ParsedToken) -> Frame:
        """ "Tokyo failed to honour the pact", "refused to comply with the accord": a breach
        (CAMEO 128), whose other party the speech stage finds (the state that reports it)."""
        return Frame(
            code="128",
            trigger=verb,
            trigger_text=f"{trigger_text(verb)} {trigger_text(inner)}",
            source=grammatical_subject(verb),
            target_tokens=(),
            negated=False,
            modality=None,
            rule="chain-breach",
            context=verb,
        )

    def _bare_request(
        self, verb: ParsedToken, inner: ParsedToken, kind: str, addressee: ParsedToken
    ) -> Frame:
        """An appeal or demand to a named party whose requested act the lexicon does not code:
        "insisted that Japan boost imports" (CAMEO 100), "appealed for Chile to think again"
        (020). A verb that names its addressee itself ("urged Chile to") codes it as a verb."""
        return Frame(
            code="100" if kind == "demand" else "020",
            trigger=verb,
            trigger_text=f"{trigger_text(verb)} {trigger_text(inner)}",
            source=grammatical_subject(verb),
            target_tokens=(addressee,),
            negated=is_negated(verb, self.words.negation, self.words.delayed),
            modality=None,
            rule=f"chain-{kind}",
            context=verb,
        )

    def _obligation(self, verb: ParsedToken, index: MentionIndex) -> tuple[Frame, set[int]] | None:
        """ "X said Y must do Z": X demands Z of Y (CAMEO 10x); with "should", X appeals (02x)."""
        lemma = verb.lemma_.lower()
        if lemma not in self.words.report and lemma not in self.words.claim:
            return None
        inner = next((c for c in verb.children if c.dep_ == "ccomp" and is_verb(c)), None)
        if inner is None:
            return None
        modals = {c.lower_ for c in inner.children if c.dep_ == "aux"}
        if modals & self.words.demand_aux:
            kind, default = "demand", "100"
        elif modals & self.words.appeal_aux:
            kind, default = "appeal", "020"
        else:
            return None
        addressee = grammatical_subject(inner)
        if addressee is None or addressee.lower_ in {"it", "we", "i"}:
            return None  # "Japan said it must cut production": its own obligation
        match = self.match_verb(inner, index)
        code = chain_code(self.chains, match.pattern.code, kind) if match else default
        frame = Frame(
            code=code,
            trigger=verb,
            trigger_text=f"{trigger_text(verb)} {trigger_text(inner)}",
            source=grammatical_subject(verb),
            target_tokens=(addressee,),
            negated=is_negated(verb, self.words.negation, self.words.delayed),
            modality="asserted",
            rule=f"obligation-{kind}",
            entry=match.pattern.entry if match else "",
        )
        return frame, {verb.i, inner.i}

    def _chain_kind(self, verb: ParsedToken) -> str | None:
        return self._kinds.get(verb.lemma_.lower())


def _complaint_theme(verb: ParsedToken, index: MentionIndex) -> ParsedToken | None:
    """Whom a complaint to an organisation (or to nobody named) is about: the author of the act
    complained of ("over violations by the Turkish air force") or the subject of the charge
    ("complained to GATT that South Korea's plan breaks its rules")."""
    addressee = next(
        (child(c, {"pobj"}) for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"),
        None,
    )
    if addressee is not None and not any(is_igo(m.country) for m in actors_of(addressee, index)):
        return None
    if any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children):
        return None  # "clashed with the United States over Cyprus": the partner is named
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in {"over", "about", "against"}:
            act = child(c, {"pobj"})
            if act is None:
                continue
            for p in act.children:
                if p.dep_ == "prep" and p.lower_ == "by" and actors_of(child(p, {"pobj"}), index):
                    return child(p, {"pobj"})
            if actors_of(act, index):
                return act
        if c.dep_ == "ccomp":
            subject = child(c, {"nsubj", "nsubjpass"})
            if subject is not None and actors_of(subject, index):
                return subject
    return None


def _helped_clause(verb: ParsedToken) -> ParsedToken | None:
    return child(verb, {"xcomp", "ccomp"})


def _helped_party(verb: ParsedToken) -> ParsedToken | None:
    """The subject of a helping verb's clause ("help Khartoum to pay"), if it has one."""
    clause = _helped_clause(verb)
    return child(clause, {"nsubj"}) if clause is not None else None


def _giver(verb: ParsedToken, obj: ParsedToken | None) -> ParsedToken | None:
    """Who something received comes from: "from X" on the verb or on what is received ("two
    billion dollars in loans from Saudi Arabia"), else the maker the goods are named by
    ("acquired Chinese-made missiles", "received Soviet arms")."""
    holders = [verb, *(object_heads(obj) if obj is not None else [])]
    holders += [g for c in verb.children if c.lower_ == "in" for g in c.children
                if g.dep_ == "pobj"]  # fmt: skip
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ == "from":
                return child(c, {"pobj"})
    if obj is not None:
        for c in obj.children:
            if c.dep_ in {"amod", "compound", "nmod"}:
                maker = next((g for g in c.children if g.dep_ in {"npadvmod", "compound"}), None)
                return maker or c
    return None


def _courtesy_call(verb: ParsedToken, index: MentionIndex) -> bool:
    """ "The Soviet envoy called on Foreign Minister Genscher": calling on a person, with nothing
    asked of him, is a visit; "called on Genscher to resign" stays an appeal."""
    if verb.lemma_.lower() != "call":
        return False
    called = [
        pobj
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in {"on", "upon"} and (pobj := child(c, {"pobj"}))
    ]
    if not called:
        return False
    mention = index.at(called[0])
    if mention is None or mention.kind not in {"person", "role"}:
        return False
    asked = {"xcomp", "ccomp", "advcl", "acl", "relcl"}
    return not any(
        g.dep_ in asked for node in (verb, called[0]) for g in node.children
    ) and not any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children)


def _means(verb: ParsedToken) -> bool:
    """ "aircraft using guided missiles killed four soldiers": what an actor uses to do an act
    is the means of that act, not an act of its own; "the weapons they use" names the weapons."""
    return verb.lemma_.lower() == "use" and (
        verb.dep_ in {"acl", "relcl"} or (verb.tag_ == "VBG" and verb.dep_ == "advcl")
    )  # ("weapons they use" names the weapons)


def gerund_subject(token: ParsedToken) -> bool:
    """A gerund that is a clause's subject and takes no object: a noun ("Fighting between Iran
    and Iraq intensified"), coded by the nominal finder."""
    return (
        token.tag_ == "VBG"
        and token.dep_ in {"nsubj", "nsubjpass"}
        and not any(c.dep_ in {"dobj", "nsubj", "aux"} for c in token.children)
    )


def _question(verb: ParsedToken) -> bool:
    """A reporter's question or a source's wish, not a request made of a party: "Asked whether
    Japan would retaliate, the minister said ...", "asked about the proposal", "a diplomat who
    asked not to be identified" (a state that "asked whether its ships could be escorted" still
    asks for it)."""
    if verb.lemma_.lower() != "ask":
        return False
    if verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(
        c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in verb.children
    ):
        return True  # "Asked ..., X said": the participle of a question put to X
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "about":
            return True
        if c.dep_ == "xcomp" and any(g.dep_ == "auxpass" for g in c.children):
            return True  # "asked not to be named", "asked to be excused"
    return False


def _adjectival_visitor(verb: ParsedToken, index: MentionIndex) -> ParsedToken | None:
    """ "talks with visiting Australian Prime Minister Bob Hawke": the parser reads the adjective
    as a verb whose object is the visitor. A person or official right after a subjectless
    "visiting" is the one who visits ("visiting Moscow" stays a verb: a place is visited)."""
    if verb.lower_ != "visiting":
        return None
    if verb.dep_ == "amod":  # parsed right: "Visiting Soviet Foreign Minister Eduard ..."
        visitor = index.at(verb.head)
        return verb.head if _placed_visitor(visitor) else None
    if child(verb, {"nsubj", "nsubjpass"}) is not None:
        return None
    doc = verb.doc
    if verb.i + 1 >= len(doc):
        return None
    visitor = index.at(doc[verb.i + 1])
    if visitor is None or not _placed_visitor(visitor):
        return None
    obj = direct_object(verb)
    if obj is not None and visitor.start <= obj.i < visitor.end:
        return obj
    return doc[visitor.end - 1]


def _placed_visitor(visitor: ActorMention | None) -> bool:
    """A person or official of a known state ("the visiting team" is nobody's)."""
    if visitor is None or visitor.kind not in {"person", "role"}:
        return False
    return visitor.country is not None or bool(visitor.terms)


def _visitor_frame(verb: ParsedToken, visitor: ParsedToken, match: VerbMatch) -> Frame:
    """The visit of an adjectival "visiting X": the host is the other party of the clause it
    sits in ("Nakasone held talks with visiting ...") or the place that clause names."""
    clause = verb.head
    for _ in range(4):
        if clause.pos_ in {"VERB", "AUX"} or clause.head == clause:
            break
        clause = clause.head
    hosts: list[ParsedToken] = []
    subject = grammatical_subject(clause) if clause != verb else None
    if subject is not None and subject != verb and subject != visitor:
        hosts.append(subject)
    if clause != verb:
        hosts.extend(_places(clause))  # "visiting ... told reporters in Bangkok"
    return Frame(
        code=match.pattern.code,
        trigger=verb,
        trigger_text=verb.text,
        source=visitor,
        target_tokens=tuple(hosts),
        negated=False,
        modality=None,
        rule="verb",
        context=clause if clause != verb else None,
        entry=match.pattern.entry,
        tags=("visiting",),
    )


def _between(noun: ParsedToken) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "between" for c in noun.children)


def _names_parties(noun: ParsedToken, index: MentionIndex) -> bool:
    """Whether a noun in a verb's setting names parties of its own: "in the conflict between X
    and Y", "after a meeting with the IMF envoy" (not "in its war with Iraq": a standing
    conflict the story refers to)."""
    if _between(noun):
        return True
    on_visit = noun.head.lower_ == "on" and noun.lemma_.lower() in VISITS  # "on a visit to"
    if noun.head.lower_ not in _OCCASION_PREPS and not on_visit:
        return False
    for c in noun.children:
        # "during his visit to Madrid": a visit names its host
        partner = {"with", "to"} if noun.lemma_.lower() in VISITS else {"with"}
        if c.dep_ == "prep" and c.lower_ in partner and actors_of(child(c, {"pobj"}), index):
            return True
    return False


def _no_position(head: ParsedToken) -> bool:
    """ "no position", "in no position": the noun the infinitive depends on is negated."""
    nouns = [head] + [
        pobj for c in head.children if c.dep_ == "prep" and (pobj := child(c, {"pobj"})) is not None
    ]
    return any(d.dep_ in {"det", "neg"} and d.lower_ == "no" for n in nouns for d in n.children)


def _places(verb: ParsedToken) -> list[ParsedToken]:
    return [
        pobj
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "in" and (pobj := child(c, {"pobj"})) is not None
    ]


def _clause_subjects(noun: ParsedToken) -> list[ParsedToken]:
    """Subjects of relative clauses on a noun ("sanctions [that Russia imposed]")."""
    found = []
    for c in noun.children:
        if c.dep_ in {"relcl", "acl"}:
            subject = child(c, {"nsubj"})
            if subject is not None:
                found.append(subject)
            agent = agent_of(c)
            if agent is not None:
                found.append(agent)
    return found


def inflections(lemma: str) -> set[str]:
    """Regular forms of a verb, for surface matching when the lemmatiser errs ("staged")."""
    forms = {lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy":
        forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
    return forms


def is_verb(token: ParsedToken) -> bool:
    """A verb, but not a participle used as a noun modifier ("missile warning data")."""
    if token.pos_ == "VERB":
        return token.dep_ not in {"compound", "nmod", "amod"} or token.tag_ in {"VBD", "VBZ", "VBP"}
    return token.tag_ in {"VBD", "VBZ", "VBP"} and token.pos_ != "AUX"


def complement(verb: ParsedToken) -> ParsedToken | None:
    """The clause a word governs: "agreed [to lift]", "agreed [that they would cooperate]"."""
    for c in verb.children:
        if c.dep_ == "xcomp" and (c.pos_ == "VERB" or c.tag_.startswith("VB")):
            return c
    for c in verb.children:
        if c.dep_ == "ccomp" and (c.pos_ == "VERB" or c.tag_.startswith("VB")):
            return c
    return None


# A requested act is in the base form: "to release", "that Bonn recognise" (a subjunctive the
# tagger often reads as a present, VBP), "that Japan should open".
_REQUESTED_TAGS = frozenset({"VB", "VBP"})
_REQUESTED_AUX = frozenset({"to", "should", "must", "be"})


def _for_clause(verb: ParsedToken) -> ParsedToken | None:
    """ "appealed for the country to make an effort": the clause after "for" with a subject."""
    for c in verb.children:
        if c.dep_ == "advcl" and is_verb(c) and any(
            m.dep_ == "mark" and m.lower_ == "for" for m in c.children
        ):
            return c
    return None


def _addressee(verb: ParsedToken, inner: ParsedToken, index: MentionIndex) -> ParsedToken | None:
    """Whom an appeal or demand is made of: the object ("urged Britain to release"), the object of
    "on" ("called on Moscow to withdraw"), else the named subject of the requested act
    ("demanded that Bonn recognise the border")."""
    found = child(verb, OBJECT_DEPS) or child(verb, DATIVE_DEPS)
    if found is not None:
        return found
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in {"on", "upon"}:
            found = child(c, {"pobj"})
            if found is not None:
                return found
    return _bidden(verb, inner, index)


def _bidden(verb: ParsedToken, inner: ParsedToken, index: MentionIndex) -> ParsedToken | None:
    """The named party a clause asks to act ("that Japan boost imports", "Tokyo to ease"): the
    subject of a base-form verb, an actor other than the asker. A finite clause ("insisted that
    Iraq had started the war") is a claim, and "asked if Israel could attend" a question."""
    if inner.dep_ not in {"ccomp", "xcomp", "advcl"} or inner.tag_ not in _REQUESTED_TAGS:
        return None
    for c in inner.children:
        if (c.dep_ == "mark" and c.lower_ not in {"that", "for"}) or (
            c.dep_ in {"aux", "auxpass"} and c.lower_ not in _REQUESTED_AUX
        ):
            return None
    subject = child(inner, {"nsubj", "nsubjpass"})
    if subject is None or subject.pos_ == "PRON" or not actors_of(subject, index):
        return None
    asker = grammatical_subject(verb)
    if asker is not None and asker.i == subject.i:
        return None
    return subject


def trigger_text(verb: ParsedToken) -> str:
    particles = [c for c in verb.children if c.dep_ == "prt"]
    return " ".join([verb.text, *(p.text for p in particles)])
