"""The event coder: a parsed sentence and its actor mentions → CAMEO event candidates.

Frames come from verbs and verb chains (`clauses`), event nouns, copular adjectives and
hyphenated compounds (`nominal`); this module resolves their actors, and `modality` decides
whether each event happened (negation, modality, reported speech). The coder reads only the
lexicons it holds (given, or the package's own).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from dataclasses import replace
from itertools import compress
from operator import or_

from spacy.strings import StringStore
from spacy.tokens import Doc

from detente.actors.lexicon import mission_words, state_codes
from detente.events.clauses import ClauseFinder
from detente.events.lexicon import (
    ModalityWords,
    Nominals,
    VerbPattern,
    default_chains,
    default_modality,
    default_nominals,
    default_verbs,
)
from detente.events.matching import Frame, VerbMatch
from detente.events.modality import according_to, decide
from detente.events.nominal import NominalFinder, place_of
from detente.events.speech import (
    STATE_VOICES,
    allegations,
    complaints_about,
    completed_by_speech,
    condemnations,
    drawn_reactions,
    faultings,
    quote_speaker,
    state_of,
    statement_authors,
    threats,
    warnings,
    with_accusations,
    without_naming_calls,
)
from detente.events.syntax import (
    MentionIndex,
    actors_of,
    child,
)
from detente.parse.tokens import ParsedDoc, ParsedSpan, ParsedToken
from detente.records import ActorMention, EventCandidate

log = logging.getLogger("detente.events")
# The rule tag of an act a verb announces for the future ("Nakasone will visit Washington"):
# coded as that act, intended. CAMEO's own convention codes the announcement as the intent (03x);
# `EventCoder.intention_code` gives that code to whoever scores by it.
ANNOUNCED = "announced"


class EventCoder:
    """Find CAMEO events in a parsed document, given its actor mentions."""

    def __init__(
        self,
        *,
        verbs: dict[str, list[VerbPattern]] | None = None,
        modality: ModalityWords | None = None,
        chains: dict[str, dict[str, str]] | None = None,
        nominals: Nominals | None = None,
    ) -> None:
        # Each part not given is the package's own; a part given is the only one consulted.
        self.words = modality if modality is not None else default_modality()
        nominals = nominals if nominals is not None else default_nominals()
        self.clauses = ClauseFinder(
            verbs if verbs is not None else default_verbs(),
            self.words,
            chains if chains is not None else default_chains(),
            nominals.intent_adjectives,
        )
        self.lexicon = nominals
        self.nominals = NominalFinder(nominals, self.clauses.patterns_for)
        self.reciprocal_codes = nominals.reciprocal_codes
        self.counterpart_codes = nominals.counterpart_codes
        self.months = nominals.months
        self.official_sectors = nominals.official_sectors
        self.carried_codes = nominals.carried_target_codes
        words = self.clauses.trigger_words() | self.nominals.trigger_words()
        # Hashes of every word that can start a frame: one vectorised test per document finds
        # the few tokens worth looking at (building spaCy Token objects is the main cost).
        strings = StringStore()
        self._trigger_words = frozenset(strings.add(w) for w in words)
        self._according = strings.add("according")

    def code(self, doc: Doc | ParsedDoc, mentions: list[ActorMention]) -> list[EventCandidate]:
        """Every event candidate in `doc`, in sentence and token order."""
        doc = ParsedDoc.of(doc)
        index = self.mention_index(mentions)
        if not index:
            return []
        events: list[EventCandidate] = []
        seen: set[tuple[object, ...]] = set()
        candidates, bounds, according_at = self._scan(doc)
        mentioned = sorted({m.start for m in mentions})
        for sentence_index, (start, end) in enumerate(bounds):
            if bisect_left(mentioned, end) == bisect_left(mentioned, start):
                continue  # no actor in the sentence: no event can name one
            sentence = doc[start:end]
            low = bisect_left(candidates, start)
            high = bisect_left(candidates, end)
            tokens = [t for i in candidates[low:high] if not self._is_date(t := doc[i])]
            first = bisect_left(according_at, start)
            nearby = according_at[first : bisect_left(according_at, end)]
            according = according_to(doc, nearby, index) if nearby else None
            first_event = len(events)
            for frame in self.frames(sentence, index, tokens):
                for event in self._assemble(frame, sentence_index, index, according):
                    key = (event.cameo, _span(event.source), _span(event.target), event.negated)
                    if (sentence_index, *key) in seen:
                        continue
                    seen.add((sentence_index, *key))
                    events.append(event)
            for speech_acts in (threats, condemnations, allegations, faultings, warnings,
                                complaints_about, drawn_reactions):
                events += speech_acts(sentence, sentence_index, index, self.words,
                                      events[first_event:])  # fmt: skip
        events = completed_by_speech(without_naming_calls(events, doc))
        return with_accusations(self._counterparts(self._carry_targets(events)), doc)

    def mention_index(self, mentions: list[ActorMention]) -> MentionIndex:
        """The token → mention index of a document, with this coder's words."""
        return MentionIndex(
            mentions,
            abstract_heads=self.lexicon.abstract_heads,
            trade_flows=self.lexicon.trade_flows,
        )

    def _counterparts(self, events: list[EventCandidate]) -> list[EventCandidate]:
        """Each meeting also from its other side ("A had talks with B": B had talks with A; a
        visit is its host's hosting), unless the text codes that side itself."""
        codes = self.counterpart_codes
        have = {
            (e.sentence_index, id(e.source), id(e.target), e.cameo[:2]) for e in events
        }
        out: list[EventCandidate] = []
        for event in events:
            out.append(event)
            other = codes.get(event.cameo)
            if other is None or event.source is None or event.target is None:
                continue
            key = (event.sentence_index, id(event.target), id(event.source), event.cameo[:2])
            if key in have or _same_actor(event.source, event.target):
                continue
            have.add(key)
            out.append(replace(event, source=event.target, target=event.source, cameo=other,
                               rule=f"{event.rule}; counterpart"))  # fmt: skip
        return out

    def _carry_targets(self, events: list[EventCandidate]) -> list[EventCandidate]:
        """Sanctions and their easing with no stated target take the other party of the
        source's most recent event that names one, in the same sentence or up to two before:
        "Turkey shot down a Russian jet. Moscow imposed sanctions." is Russia against Turkey.
        """
        carried = self.carried_codes
        out: list[EventCandidate] = []
        for position, event in enumerate(events):
            source = event.source
            country = state_of(source)
            if (
                event.target is not None
                or country is None
                or not (event.cameo in carried or event.cameo[:2] in carried)
            ):
                out.append(event)
                continue
            other = _recent_party(events[:position], event.sentence_index, country)
            if other is None:
                out.append(event)
                continue
            out.append(replace(event, target=other, rule=f"{event.rule}; carried-target"))
        return out

    def frames(
        self, sentence: ParsedSpan, index: MentionIndex, tokens: list[ParsedToken] | None = None
    ) -> list[Frame]:
        """All event frames of a sentence, verbs first (`tokens`: the ones worth looking at)."""
        if tokens is None:
            candidates = set(self._scan(sentence.doc)[0])
            tokens = [t for t in sentence if t.i in candidates and not self._is_date(t)]
        frames, covered = self.clauses.frames(tokens, index)
        frames.extend(self.nominals.frames(tokens, sentence, index, covered))
        return frames

    def match_verb(self, verb: ParsedToken, index: MentionIndex) -> VerbMatch | None:
        return self.clauses.match_verb(verb, index)

    def _is_date(self, token: ParsedToken) -> bool:
        """A capitalised month name ("in March 2023", "since May") is a date, never a trigger;
        at the start of a sentence only when tagged a proper noun or followed by a number."""
        if token.lower_ not in self.months or not token.text[:1].isupper():
            return False
        if not token.is_sent_start:
            return True
        doc = token.doc
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        return token.pos_ == "PROPN" or (following is not None and following.like_num)

    def _scan(self, doc: ParsedDoc) -> tuple[list[int], list[tuple[int, int]], list[int]]:
        """Offsets of the tokens whose lemma or form can start a frame, the sentence bounds, and
        the offsets of "according", read from the document's hash columns."""
        is_trigger = self._trigger_words.__contains__
        # C-level iteration (map, compress): this runs over every word of every document
        hits = map(or_, map(is_trigger, doc.lemma), map(is_trigger, doc.lower))
        candidates = list(compress(range(len(doc)), hits))
        according = list(compress(range(len(doc)), map(self._according.__eq__, doc.lower)))
        return candidates, doc.sentence_bounds, according

    # -- assembling --------------------------------------------------------------------------

    def _assemble(
        self,
        frame: Frame,
        sentence_index: int,
        index: MentionIndex,
        according: ActorMention | None = None,
    ) -> list[EventCandidate]:
        sources: list[ActorMention] = []
        for token in (frame.source, *frame.extra_sources):
            sources.extend(m for m in actors_of(token, index) if m not in sources)
        # Modality is read only when the frame can name an actor (or a reported pronoun needs
        # the speaker): a third of all frames name none.
        decided: tuple[str, bool, ActorMention | None] | None = None
        if not sources and _is_pronoun(frame.source):
            decided = decide(frame, index, self.words)
        reporter = (decided[2] if decided is not None else None) or according
        if not sources and reporter is not None and _is_pronoun(frame.source):
            # "Turkey denied that it had attacked ...": an unresolved pronoun in a reported
            # clause most often points back to the speaker.
            sources = [reporter]
        if not sources and reporter is None and _is_pronoun(frame.source):
            assert frame.source is not None
            speaker = quote_speaker(frame.source, index, self.words)
            sources = [speaker] if speaker is not None else []
        if not sources:
            for token in frame.source_fallback:
                sources = actors_of(token, index)
                if sources:
                    break
        if not sources and frame.source is not None:
            sources = statement_authors(frame.source, index)
        targets: list[ActorMention] = []
        candidates = [(t, False) for t in frame.target_tokens]
        candidates += [(t, True) for t in frame.owner_tokens]
        for token, owner in candidates:
            targets = [
                t
                for t in actors_of(token, index, modifiers=owner)
                if t not in sources and not any(_same_actor(t, s) for s in sources)
            ]
            if targets:
                break
        if not sources and not targets:
            return []
        if frame.reciprocal and len(sources) > 1:
            # "Iran and Iraq exchanged artillery fire": a mutual pattern's object is what they
            # exchange, never a party ("artillery" is no army here).
            targets = []
        mutual = (
            frame.reciprocal or frame.code in self.reciprocal_codes
            or frame.code[:2] in self.reciprocal_codes
        )  # fmt: skip
        if sources and not targets and not (mutual and len(sources) > 1):
            targets = _deep_targets(frame.trigger, sources, index)
        modality, negated, reporter = decided or decide(frame, index, self.words)
        reporter = reporter or according
        if not sources and targets and _announces(frame, reporter, targets):
            assert reporter is not None
            sources = [reporter]
        named = reporter is not None and reporter.kind != "pronoun"
        home = state_of(reporter) if named else None
        if home is not None:
            # "Chad's embassy said government troops had routed a Libyan column": a body named
            # by its role alone, in a state's own statement, is that state's.
            sources = [_placed(s, home) for s in sources]
            targets = [_placed(t, home) for t in targets]
        code = frame.code
        derived: list[str] = []  # mechanisms that changed what the lexicon entry coded
        announced = modality == "intended" and frame.modality is None
        if modality == "stated" or (
            announced and frame.rule.startswith("verb") and int(code[:2]) >= 13
        ):
            # "X will attack" is a threat (13x), and so is a conditional "X will attack if ..."
            # or "X will lift sanctions if ..." an offer (03x): the statement is what happened,
            # so its code is asserted. A plain future of cooperation or of words ("X will visit
            # Y", "will ask Congress") is that act, intended, as analysts code announcements.
            code = self.clauses.intention_code(code)
            modality = "asserted"
            derived.append("stated-intent")
        elif announced and frame.rule.startswith("verb"):
            derived.append(ANNOUNCED)
        sources = [
            _localised(s, frame.trigger, index, self.lexicon, protest=code.startswith("14"))
            for s in sources
        ]
        # Victims of force and coercion of no stated country are people of the place it happened
        # in ("killed three ethnic Albanians in southeastern Serbia").
        material = code[:2] in {"15", "17", "18", "19", "20"}
        targets = [
            _localised(t, frame.trigger, index, self.lexicon, protest=material) for t in targets
        ]
        reciprocal = (frame.reciprocal or code in self.reciprocal_codes
                      or code[:2] in self.reciprocal_codes)
        if reciprocal and not targets and len(sources) > 1:
            derived.append("reciprocal")  # "A and B held talks": each to the other
        rule = ":".join(part for part in (frame.rule, frame.entry) if part)
        rule = "; ".join((rule, *derived))  # "+" is part of patterns: "hold +talk"
        return [
            EventCandidate(
                sentence_index=sentence_index,
                trigger=frame.trigger_text,
                trigger_start=frame.trigger.i,
                cameo=self._official(code, source, target, frame.trigger.lemma_.lower()),
                source=source,
                target=target,
                negated=negated,
                modality=modality,
                reported_by=reporter,
                rule=rule,
            )
            for source, target in _pairs(sources, targets, reciprocal=reciprocal)
        ]

    def intention_code(self, code: str) -> str:
        """The CAMEO code of a statement of intent to do `code` (03x, or 13x for force)."""
        return self.clauses.intention_code(code)

    def _official(
        self,
        code: str,
        source: ActorMention | None,
        target: ActorMention | None = None,
        lemma: str = "",
    ) -> str:
        """The code the parties make of a verb's code.

        A government that protests complains officially (114); people demonstrate (141). A
        state cannot be arrested: "charged France with unfair practices" accuses it (112). A
        state's armed forces killing or wounding another state's people fight (190): CAMEO's
        assault (18) is violence of other hands.
        """
        official = source is not None and (
            source.sector in self.official_sectors or _is_collective_state(source)
        )  # "Indonesia protested to the EC": a state as a whole complains officially
        if code in {"140", "141"} and official:
            return "114"
        if code == "173" and lemma in _ACCUSING_CHARGES and _is_collective_state(target):
            return "112"
        if code[:2] == "18" and code not in _ASSAULT_KEPT and _armies_apart(source, target):
            return "190"
        return code


# -- helpers -----------------------------------------------------------------------------------


def _localised(
    mention: ActorMention,
    trigger: ParsedToken,
    index: MentionIndex,
    lexicon: Nominals,
    *,
    protest: bool,
) -> ActorMention:
    """A group of no stated country takes the country of the place its phrase names ("ethnic
    Albanians in south Serbia", "students throughout Indonesia"); protesters also that of the
    place of the protest ("protesters ... in Istanbul")."""
    if mention.country is not None:
        return mention
    head = trigger.doc[mention.start : mention.end].root
    owner = _belonging(head, index, lexicon.belonging_participles)
    if owner is not None and owner.country is not None:
        return replace(mention, country=owner.country)
    places = [
        pobj
        for c in head.children
        if c.dep_ == "prep"
        and c.lower_ in {"in", "of", "throughout", "from", "across"}
        and (pobj := child(c, {"pobj"})) is not None
    ]
    if protest:
        # "protested outside the Japanese embassy in Seoul": the embassy is what is protested
        # against; the people are those of the city.
        missions = mission_words()
        for place in place_of(trigger):
            if place.lemma_.lower() not in missions:
                places.append(place)
                continue
            places += [
                pobj
                for c in place.children
                if c.dep_ == "prep" and c.lower_ == "in" and (pobj := child(c, {"pobj"}))
            ]
    for place in places:
        found = actors_of(place, index)
        if found and found[0].country is not None:
            return replace(mention, country=found[0].country)
    return mention


def _belonging(
    head: ParsedToken, index: MentionIndex, participles: frozenset[str]
) -> ActorMention | None:
    """The actor in "Vietnamese-led forces" or "Pakistan-based groups"."""
    for c in head.children:
        if c.dep_ in {"amod", "compound"} and c.lower_ in participles:
            doc = c.doc
            if c.i >= 2 and doc[c.i - 1].text == "-":
                found = index.at(doc[c.i - 2])
                if found is not None:
                    return found
    return None


def _recent_party(
    earlier: list[EventCandidate], sentence_index: int, country: str
) -> ActorMention | None:
    """The other party of the latest event, at most two sentences back, between `country` and
    another state."""
    for event in reversed(earlier):
        if sentence_index - event.sentence_index > 2:
            return None
        if event.source is None or event.target is None:
            continue
        pair = (event.source, event.target)
        countries = (state_of(event.source), state_of(event.target))
        if None in countries or countries[0] == countries[1] or country not in countries:
            continue
        return pair[1] if countries[0] == country else pair[0]
    return None


# Policies a government announces of its own doing: "Sweden's trade minister said a boycott of
# South Africa would take effect" is Sweden's boycott. Force and protest are not: a government
# that reports an attack is more often its target than its author.
_ANNOUNCED_ROOTS = frozenset({"03", "05", "06", "07", "08", "10", "12", "13", "16"})


def _placed(mention: ActorMention, home: str) -> ActorMention:
    if mention.kind != "role" or mention.name is not None:
        return mention
    if mention.country is not None and not mention.country_from_dateline:
        return mention
    return replace(mention, country=home, country_from_dateline=False)


def _announces(frame: Frame, reporter: ActorMention | None, targets: list[ActorMention]) -> bool:
    """Whether the speaker of a reported clause is the author of a sourceless policy noun in it."""
    if reporter is None or frame.rule != "noun" or frame.code[:2] not in _ANNOUNCED_ROOTS:
        return False
    if reporter.sector not in STATE_VOICES or state_of(reporter) is None:
        return False
    return not any(_same_actor(reporter, t) or _same_party(reporter, t) for t in targets)


# Legal-action verbs that, aimed at a state, accuse it ("charged France with unfair practices").
_ACCUSING_CHARGES = frozenset({"charge", "indict", "prosecute"})
# Abduction, torture, bombing, human shields and assassination stay assault whoever commits them.
_ASSAULT_KEPT = frozenset({"181", "1821", "1822", "183", "1831", "1832", "1833", "1834", "184",
                           "185", "186"})  # fmt: skip


def _armies_apart(source: ActorMention | None, target: ActorMention | None) -> bool:
    """A state's armed forces acting on another state's people or forces (not on an armed group
    or a people without a state: "Kurdish fighters were killed by Turkish troops" stays 18)."""
    if source is None or target is None or source.sector != "MIL":
        return False
    home, other = state_of(source), state_of(target)
    states = state_codes()
    return home in states and other in states and home != other


def _is_collective_state(mention: ActorMention | None) -> bool:
    """A state, its government or an organisation as a whole: not a person or a group of people."""
    if mention is None or mention.kind not in {"state", "capital", "igo", "historical"}:
        return False
    if mention.people:
        return False  # "Nigerians protested": people, not their state
    if not mention.explicit_sector:
        return True  # "France", "Washington", "the EC"
    head = mention.text.rsplit(" ", 1)[-1].lower()
    return mention.sector == "GOV" and head in _INSTITUTION_HEADS


# Role words that name a state's institutions as a whole, not people ("Russian diplomats").
_INSTITUTION_HEADS = frozenset({"government", "administration", "ministry", "cabinet", "regime",
                                "authorities", "state", "commission"})  # fmt: skip


# Dependents that do not hold a target: the subject side, clauses of their own, asides.
_NOT_TARGET_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "agent", "expl", "punct",
                              "cc", "mark", "aux", "auxpass", "neg", "parataxis", "advcl",
                              "appos", "npadvmod", "relcl", "acl", "dep", "meta"})  # fmt: skip
_DEEP_TARGET_DEPTH = 4


def _deep_targets(
    trigger: ParsedToken, sources: list[ActorMention], index: MentionIndex
) -> list[ActorMention]:
    """The nearest other party inside what the trigger governs, when its own slots name none.

    Real news puts targets in phrases: "called for an end to Washington's exemption", "deploring
    Japan's trade imbalance", "appealed to the brothers in Iraq and Iran", "an offensive in
    northern Iraq", "threatened raids on Iranian towns". Breadth first over the trigger's
    dependents, never into its subject, agent or a clause of its own; the first other party
    found (with its coordinated partners) is the target.
    """
    level = [c for c in trigger.children if _may_hold_target(c)]
    for _ in range(_DEEP_TARGET_DEPTH):
        found: list[ActorMention] = []
        for token in level:
            for mention in actors_of(token, index, modifiers=True):
                if mention in found or mention in sources:
                    continue
                if any(_same_actor(mention, s) or _same_party(mention, s) for s in sources):
                    continue
                found.append(mention)
        if found:
            return found
        level = [
            c
            for token in level
            for c in token.children
            if _may_hold_target(c) and not (c.pos_ == "VERB" and child(c, _SUBJECTS))
        ]
        if not level:
            break
    return []


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _may_hold_target(token: ParsedToken) -> bool:
    """A dependent that can hold the trigger's target: not the subject side, an aside, or a
    coordinated clause of its own ("Japan lifted its controls, and Korea withdrew ...")."""
    if token.dep_ in _NOT_TARGET_DEPS:
        return False
    if token.dep_ == "prep" and token.lower_ == "at" and token.head.pos_ in {"NOUN", "PROPN"}:
        return False  # a forum: "withdrew its complaint at the WTO"
    return not (token.dep_ == "conj" and token.pos_ in {"VERB", "AUX"})


def _same_party(a: ActorMention, b: ActorMention) -> bool:
    """Two mentions of one state, whatever their sectors: never each other's deep target."""
    ca, cb = state_of(a), state_of(b)
    return ca is not None and ca == cb


def _same_actor(a: ActorMention, b: ActorMention) -> bool:
    """Two mentions of one actor ("Ankara giving up its interests"): never an event's two sides.

    A state and its own government or people count as one side ("Ankara ... the Turkish half").
    """
    if a.country is None or a.country != b.country:
        return a.name is not None and a.name == b.name
    return a.sector == b.sector or a.sector is None or b.sector is None


def _is_pronoun(token: ParsedToken | None) -> bool:
    return token is not None and token.pos_ == "PRON"


def _pairs(
    sources: list[ActorMention], targets: list[ActorMention], *, reciprocal: bool
) -> list[tuple[ActorMention | None, ActorMention | None]]:
    if not targets and len(sources) > 1 and reciprocal:
        return [(s, t) for s in sources for t in sources if s is not t]
    source_list: list[ActorMention | None] = list(sources) or [None]
    target_list: list[ActorMention | None] = list(targets) or [None]
    return [(s, t) for s in source_list for t in target_list]


def _span(mention: ActorMention | None) -> tuple[object, ...] | None:
    # Two mentions may share a span ("U.S.-Turkish"): the country tells them apart.
    return None if mention is None else (mention.start, mention.end, mention.country)
