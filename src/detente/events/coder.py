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

from detente.actors.datelines import dateline_tokens
from detente.actors.lexicon import mission_words, state_codes
from detente.events.clauses import ClauseFinder, complement
from detente.events.lexicon import (
    NO_EVENT,
    ModalityWords,
    Nominals,
    VerbPattern,
    chain_code,
    default_chains,
    default_modality,
    default_nominals,
    default_verbs,
)
from detente.events.matching import Frame, VerbMatch, direct_object, object_heads
from detente.events.modality import according_to, decide
from detente.events.nominal import NominalFinder, between_parties, place_of
from detente.events.speech import (
    STATE_VOICES,
    allegations,
    complaints_about,
    completed_by_speech,
    condemnations,
    drawn_reactions,
    faultings,
    quote_speaker,
    speaks_for_state,
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
    agent_of,
    child,
)
from detente.igos import is_igo
from detente.parse.tokens import ParsedDoc, ParsedSpan, ParsedToken
from detente.records import ActorMention, EventCandidate

log = logging.getLogger("detente.events")
# The rule tag of an act a verb announces for the future ("Nakasone will visit Washington"):
# coded as that act, intended. CAMEO's own convention codes the announcement as the intent (03x);
# `EventCoder.intention_code` gives that code to whoever scores by it.
ANNOUNCED = "announced"
HOSTED_HERE = "hosted-here"  # a visit's host is the state of the dateline
COUNTERPART = "counterpart"  # the tag of a meeting's other side, made by `_counterparts`


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
            nominals.capability_words,
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

    def code(
        self, doc: Doc | ParsedDoc, mentions: list[ActorMention], *, filed: str | None = None
    ) -> list[EventCandidate]:
        """Every event candidate in `doc`, in sentence and token order; `filed` is the state
        the story is filed from (its dateline's), the host of visits that name none."""
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
        events = self._carry_targets(events, doc)
        if filed is not None:
            events = _hosted_here(events, doc, filed)
        return with_accusations(_whole_meetings(self._counterparts(events)), doc)

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
                               rule=f"{event.rule}; {COUNTERPART}"))  # fmt: skip
        return out

    def _carry_targets(
        self, events: list[EventCandidate], doc: ParsedDoc
    ) -> list[EventCandidate]:
        """Sanctions and their easing with no stated target take the other party of the
        source's most recent event that names one, in the same sentence or up to two before:
        "Turkey shot down a Russian jet. Moscow imposed sanctions." is Russia against Turkey.
        So do attacks aimed at nothing named ("Iran kept up its attacks"), not those on a thing
        the text names ("Iran attacked two tankers": whose they are is not said).
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
                or (
                    event.cameo[:2] in _FORCE_ROOTS
                    and _aimed_at_carrier(doc[event.trigger_start], self.lexicon.flagged_carriers)
                )
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
        nouns = self.nominals.frames(tokens, sentence, index, covered)
        frames.extend(nouns)
        return self._vowed_force(frames, nouns)

    def _vowed_force(self, frames: list[Frame], nouns: list[Frame]) -> list[Frame]:
        """ "Iraq vowed to continue its raids on Iranian targets": a vow whose clause carries
        on an act of force named by a noun threatens that force (138x), as a vow to attack
        does; the noun stays the act it reports."""
        force = [n for n in nouns if n.code[:2] in {"18", "19", "20"}]
        if not force:
            return frames
        out = []
        for frame in frames:
            verb = frame.trigger
            if frame.rule == "verb" and frame.code.startswith("03") and (
                verb.lemma_.lower() in self.words.intent
            ):
                clause = complement(verb)
                # carried on or stepped up ("continue its raids"), not ended ("end the fighting")
                if clause is not None and clause.lemma_.lower() not in _CARRYING_ON:
                    clause = None
                theme = direct_object(clause) if clause is not None else None
                acted_on = object_heads(theme) if theme is not None else []
                vowed = next((n for n in force if n.trigger in acted_on), None)
                if vowed is not None:
                    code = chain_code(self.clauses.chains, vowed.code, "threat")
                    frame = replace(
                        frame, code=code, target_tokens=(*vowed.target_tokens,
                                                         *frame.target_tokens),
                        tags=(*frame.tags, "vowed-force"),
                    )  # fmt: skip
            out.append(frame)
        return out

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
        pronoun_owner = fired_by = False
        for token in (frame.source, *frame.extra_sources):
            sources.extend(m for m in actors_of(token, index) if m not in sources)
        # Modality is read only when the frame can name an actor (or a reported pronoun needs
        # the speaker): a third of all frames name none.
        decided: tuple[str, bool, ActorMention | None] | None = None
        pronoun = _is_pronoun(frame.source) or _pronoun_owned(frame.source)
        if not sources and pronoun:
            decided = decide(frame, index, self.words)
        reporter = (decided[2] if decided is not None else None) or according
        if not sources and reporter is not None and pronoun:
            # "Turkey denied that it had attacked ...", "Iran said its gunboats attacked ...":
            # an unresolved pronoun in a reported clause most often points back to the speaker.
            sources = [reporter]
            if not _is_pronoun(frame.source):
                pronoun_owner = True
        if not sources and reporter is None and _is_pronoun(frame.source):
            assert frame.source is not None
            speaker = quote_speaker(frame.source, index, self.words)
            sources = [speaker] if speaker is not None else []
        if not sources:
            for token in frame.source_fallback:
                sources = actors_of(token, index)
                if sources:
                    break
        if not sources and frame.rule == "verb-passive" and frame.code[:2] in _SPOKEN_ROOTS:
            # "the Soviet proposal was welcomed in Bonn": the government of the capital
            sources = _seat_agent(frame.trigger, index)
            if sources:
                frame = replace(frame, tags=(*frame.tags, "seat-agent"))
        related = False
        if not sources:
            # "Relations between Egypt and Jordan were restored", "relations between Moscow and
            # Peking improved": the parties the relations are named by act on each other
            sources = self._related_parties(frame, index)
            related = len(sources) > 1
        if not sources and frame.source is not None:
            sources = statement_authors(frame.source, index)
        if not sources and frame.source is not None and frame.code[:2] in _FORCE_ROOTS:
            # "hit by a missile, which sources said was fired by Iran": the weapon's firer
            sources = _firers(frame.source, index)
            if sources:
                fired_by = True
        derived = list(frame.tags)  # mechanisms that changed what the lexicon entry coded
        targets: list[ActorMention] = []
        held = False
        coercion = frame.code[:2] == "17"  # "FBI agents arrested three Americans": own people
        candidates = [(t, False) for t in frame.target_tokens]
        if not frame.code.startswith("04"):
            # "discussed European security": what a meeting is about is no party to it
            candidates += [(t, True) for t in frame.owner_tokens]
        own_addressee = False  # "ministers called on the EC Commission to ...": their own
        for position, (token, owner) in enumerate(candidates):
            addressed = actors_of(token, index, modifiers=owner)
            targets = [
                t
                for t in addressed
                if t not in sources and not any(
                    _same_actor(t, s) and not (coercion and _coerced_own(t, s)) for s in sources
                )
            ]
            if targets:
                break
            if position == 0 and addressed and not owner and frame.code[:2] in {"02", "10"}:
                own_addressee = True  # an appeal to one's own body is addressed to nobody else
        if frame.code[:2] in {"18", "19", "20"} and all(_unplaced(t) for t in targets):
            # "seized two hills held by Iraqi troops", "overran a garrison manned by Libyan
            # soldiers": ground is aimed at whoever holds it
            grounds = (*frame.target_tokens, *frame.owner_tokens, direct_object(frame.trigger))
            holders = self._holders(grounds, sources, index, frame.trigger)
            if holders:
                targets, held = holders, True
        instruments: list[ActorMention] = []
        if frame.code[:2] == "15" and frame.rule.startswith("verb"):
            # "Iran moved troops to the border", "Greek forces were placed on alert": the forces
            # a state deploys or alerts are its own, the means of its posture, never its target.
            instruments = [t for t in targets if _own_forces(t, sources, frame.trigger.doc)]
            if instruments:
                targets = [t for t in targets if t not in instruments]
                if not sources:
                    sources = instruments
        if not sources and not targets:
            return []
        if related:
            targets = []
            frame = replace(frame, reciprocal=True)
            derived.append("related-parties")
        if frame.reciprocal and len(sources) > 1:
            # "Iran and Iraq exchanged artillery fire": a mutual pattern's object is what they
            # exchange, never a party ("artillery" is no army here).
            targets = []
        # "Tankers were hit by Iran and Iraq": the agents of a passive act of force act on its
        # subject, not on each other, even when it names no actor ("a pact was signed by A and
        # B" is still mutual: its subject is what they made together).
        patient = frame.code[:2] in _FORCE_ROOTS and not frame.reciprocal and (
            (frame.rule == "verb-passive" and child(frame.trigger, {"nsubjpass"}) is not None)
            or _by_agent(frame.source)  # "vessels have been confirmed hit by Iran and Iraq"
            or self._aimed_at_thing(frame)  # "Iran and Iraq have attacked 300 ships"
        )
        mutual = not patient and (
            frame.reciprocal or frame.code in self.reciprocal_codes
            or frame.code[:2] in self.reciprocal_codes
        )  # fmt: skip
        if sources and not targets and not own_addressee and not (mutual and len(sources) > 1):
            # "discussed Taiwan": what a meeting is about is no party to it, however deep
            topics = [m for t in frame.owner_tokens for m in actors_of(t, index)] if (
                frame.code.startswith("04")) else []  # fmt: skip
            targets = _deep_targets(frame.trigger, sources, index, exclude=instruments + topics,
                                    comment=frame.code[:2] == "01")  # fmt: skip
        if sources and not targets and not own_addressee and frame.code[:2] in _ADDRESSED_ROOTS:
            targets = _sole_other_party(frame.trigger, sources, index, exclude=instruments)
            if targets:
                derived.append("sentence-party")
        if targets and frame.code[:2] in _COMPLAINTS and all(_is_forum(t) for t in targets):
            accused = _accused(frame.trigger, sources, index)
            if accused:
                targets = accused
                derived.append("accused-not-forum")
        if frame.code == "042" and _venue_of_talks(frame.trigger, targets, index):
            return []  # "arrived in Geneva for talks with Shevardnadze": the talks are the event
        # "with French-built Exocet missiles": whoever made a thing is no party of its use
        targets = [t for t in targets if not _maker(t, frame.trigger.doc)]
        modality, negated, reporter = decided or decide(frame, index, self.words)
        reporter = reporter or according
        if not sources and targets and _announces(frame, reporter, targets):
            assert reporter is not None
            sources = [reporter]
        casualties = (
            not sources
            and frame.rule == "verb-passive"
            and frame.code[:2] in {"17", "18", "19"}
            and _enemy_losses(reporter, targets, frame.trigger.doc)
        )
        if casualties:
            # "Iraq said 500 Iranian soldiers were killed": a war report of the other side's
            # losses is its own army's fighting
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
        if instruments:
            derived.append("own-forces")
        if casualties:
            code = "190"
            derived.append("reported-losses")
        alone = not targets or not any(_partnered(t, frame.trigger.doc) for t in targets)
        if code == "062" and alone and len(sources) == 1 and self._exercise(frame):
            # "the Iranian navy held manoeuvres": an exercise held alone shows force (150), to
            # the state it is held near if the text names one ("close to the Pakistan border")
            code = "150"
            derived.append("exercise-alone")
        if code[:2] == "19" and frame.rule.startswith("verb") and _tested(frame.trigger):
            # "Iran fired a test missile against a hulk": a show of force (150), no attack
            code = "150"
            derived.append("test-firing")
        announced = modality == "intended" and frame.modality is None
        if modality == "stated" or (
            announced and frame.rule.startswith("verb") and code[:2] in _THREATENED_ROOTS
        ):
            # "X will attack" is a threat (13x), and so is a conditional "X will attack if ..."
            # or "X will lift sanctions if ..." an offer (03x): the statement is what happened,
            # so its code is asserted. A plain future of cooperation, of words, of protest,
            # posture or sanctions ("X will visit Y", "will ask Congress", "sanctions will take
            # effect on July 1", "the ship will sail into disputed waters") is that act,
            # intended, as analysts code announcements.
            code = self.clauses.intention_code(code)
            modality = "asserted"
            derived.append("stated-intent")
        elif announced and frame.rule.startswith("verb"):
            derived.append(ANNOUNCED)
        if held:
            derived.append("held-by")
        if pronoun_owner:
            derived.append("speakers-own")
        if fired_by:
            derived.append("fired-by")
        # Protesters, and police of no stated country, are those of the place they act in
        # ("police arrested two Iranians in Houston").
        placed = code.startswith("14") or code[:2] == "17"
        sources = [
            _localised(s, frame.trigger, index, self.lexicon, protest=placed) for s in sources
        ]
        # Victims of force and coercion of no stated country are people of the place it happened
        # in ("killed three ethnic Albanians in southeastern Serbia").
        material = code[:2] in {"15", "17", "18", "19", "20"}
        targets = [
            _localised(t, frame.trigger, index, self.lexicon, protest=material) for t in targets
        ]
        reciprocal = mutual and (frame.reciprocal or code in self.reciprocal_codes
                                 or code[:2] in self.reciprocal_codes)
        if reciprocal and not targets and len(sources) > 1:
            derived.append("reciprocal")  # "A and B held talks": each to the other
        rule = ":".join(part for part in (frame.rule, frame.entry) if part)
        rule = "; ".join((rule, *derived))  # "+" is part of patterns: "hold +talk"
        lemma = frame.trigger.lemma_.lower()
        armed = _escorted(frame.source, index)
        return [
            EventCandidate(
                sentence_index=sentence_index,
                trigger=frame.trigger_text,
                trigger_start=frame.trigger.i,
                cameo=official,
                source=source,
                target=target,
                negated=negated,
                modality=modality,
                reported_by=reporter,
                rule=rule,
            )
            for source, target in _pairs(sources, targets, reciprocal=reciprocal)
            if (official := self._official(code, source, target, lemma, armed=armed))
            != NO_EVENT
        ]

    def _related_parties(self, frame: Frame, index: MentionIndex) -> list[ActorMention]:
        """The states named by the relations a frame acts on: "between X and Y" on the noun
        ("relations between Egypt and Jordan were restored") or two states before it
        ("U.S.-Japanese ties")."""
        trigger = frame.trigger
        # Only relations that are the clause's subject: an active verb's other subject ("the
        # 1965 treaty that normalized relations between the two countries") is a thing
        # described, most often background of another time.
        theme = child(trigger, {"nsubjpass", "nsubj"} if trigger.pos_ == "VERB" else set())
        if theme is None or theme.lemma_.lower() not in self.lexicon.relation_nouns:
            return []
        found: list[ActorMention] = []
        for c in theme.children:
            if c.dep_ == "prep" and c.lower_ == "between" and (pobj := child(c, {"pobj"})):
                for party in between_parties(pobj):
                    found.extend(m for m in actors_of(party, index) if m not in found)
            elif c.dep_ in {"amod", "compound"}:
                found.extend(m for m in actors_of(c, index, modifiers=True) if m not in found)
        states = {state_of(m) for m in found}
        return found if len(states) > 1 and None not in states else []

    def _aimed_at_thing(self, frame: Frame) -> bool:
        """Force aimed at a thing named as its object ("attacked 300 ships", "attacks on
        shipping"), not at a fight it wages ("fought a bloody war")."""
        if frame.rule.startswith("verb"):
            things = [direct_object(frame.trigger)]
        else:
            things = [child(c, {"pobj"}) for c in frame.trigger.children
                      if c.dep_ == "prep" and c.lower_ in {"on", "against"}]  # fmt: skip
        nouns = self.lexicon.nouns
        return any(
            thing is not None
            and not any(p.code[:2] == "19" for p in nouns.get(thing.lemma_.lower(), ()))
            and not any(c.dep_ == "poss" and c.lower_ == "other" for c in thing.children)
            for thing in things
        )  # "attacked each other's ships" is mutual

    def _exercise(self, frame: Frame) -> bool:
        """The frame is a military exercise not called joint."""
        noun = direct_object(frame.trigger) if frame.rule.startswith("verb") else frame.trigger
        if noun is None or noun.lemma_.lower() not in self.lexicon.exercise_nouns:
            return False
        return not any(c.lower_ in {"joint", "combined"} for c in noun.children)

    def _holders(
        self,
        grounds: tuple[ParsedToken | None, ...],
        sources: list[ActorMention],
        index: MentionIndex,
        trigger: ParsedToken,
    ) -> list[ActorMention]:
        """Who holds the ground an act of force is aimed at ("hills held by Iraqi troops")."""
        holding = self.lexicon.holding_participles
        for ground in grounds:
            if ground is None:
                continue
            for c in ground.children:
                if c == trigger or c.dep_ != "acl" or c.tag_ != "VBN":
                    continue  # "hostages held by X": the holding is the act itself
                if c.lemma_.lower() not in holding:
                    continue
                found = [
                    m
                    for m in actors_of(agent_of(c), index)
                    if not any(_same_actor(m, s) or _same_party(m, s) for s in sources)
                ]
                if found:
                    return found
        return []

    def intention_code(self, code: str) -> str:
        """The CAMEO code of a statement of intent to do `code` (03x, or 13x for force)."""
        return self.clauses.intention_code(code)

    def _official(
        self,
        code: str,
        source: ActorMention | None,
        target: ActorMention | None = None,
        lemma: str = "",
        *,
        armed: bool = False,
    ) -> str:
        """The code the parties make of a verb's code.

        A movement of force posture ("flew over Cyprus") is one only when armed forces make it
        or escort it (`armed`: "the research ship, escorted by warships, would sail into
        disputed waters"; `NO_EVENT` otherwise). A government that protests complains
        officially (114); people demonstrate (141). A state cannot be arrested: "charged France
        with unfair practices" accuses it (112). A state's armed forces killing, wounding or
        capturing another state's people fight (190): CAMEO's assault (18) and arrest (173) are
        acts of other hands.
        """
        moved = code[:2] in {"15", "19"} and lemma in self.lexicon.military_movements
        if moved and not armed and (source is None or source.sector != "MIL"):
            return NO_EVENT  # "the minister flew over the region" shows no force
        official = source is not None and (
            source.sector in self.official_sectors or _is_collective_state(source)
        )  # "Indonesia protested to the EC": a state as a whole complains officially
        if code in {"140", "141"} and official:
            return "114"
        if code == "173" and lemma in _ACCUSING_CHARGES and _is_collective_state(target):
            return "112"
        if code == "183" and lemma in _AIR_BOMBING and _is_state_force(source):
            return "195"  # "Iraqi bombing of Iranian cities": a state bombs from the air
        if code[:2] == "18" and code not in _ASSAULT_KEPT and _armies_apart(source, target):
            return "190"
        if code == "173" and lemma in _TAKEN_IN_BATTLE and _armies_apart(source, target):
            return "190"  # "Chadian troops captured 48 Libyans": soldiers taken in battle
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
    head = trigger.doc[mention.start : mention.end].root
    if mention.country is None or mention.country_from_dateline:
        loyal = _allegiance(head, index, lexicon.allegiance_adjectives)
        if loyal is not None:
            return replace(mention, country=loyal, country_from_dateline=False)
    if mention.country is not None:
        return mention
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


def _allegiance(head: ParsedToken, index: MentionIndex, adjectives: frozenset[str]) -> str | None:
    """The country of whom a group is loyal to: "troops loyal to President Habre"."""
    for c in head.children:
        if c.dep_ == "amod" and c.lower_ in adjectives:
            for prep in c.children:
                if prep.dep_ == "prep" and prep.lower_ == "to":
                    found = actors_of(child(prep, {"pobj"}), index)
                    if found and found[0].country is not None:
                        return found[0].country
    return None


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


def _hosted_here(events: list[EventCandidate], doc: ParsedDoc, filed: str) -> list[EventCandidate]:
    """ "PEKING, March 3 - ... during Shultz's three-day visit": a visit that names no host, in
    a story filed from another state, is a visit to the state it is filed from."""
    dateline = sorted(i for i in dateline_tokens(doc) if i < 8)
    if not dateline:
        return events
    host = ActorMention(dateline[0], dateline[0] + 1, doc[dateline[0]].text, filed, None,
                        kind="place")  # fmt: skip
    out: list[EventCandidate] = []
    for event in events:
        visitor = state_of(event.source)
        if (
            event.cameo == "042"
            and event.target is None
            and visitor is not None
            and visitor != filed
            and not event.negated
        ):
            event = replace(event, target=host, rule=f"{event.rule}; {HOSTED_HERE}")
        out.append(event)
    return out


# Verbs that carry an act of force on or step it up, under a vow.
_CARRYING_ON = frozenset(
    {"continue", "keep", "resume", "step", "intensify", "escalate", "launch", "press", "widen",
     "expand", "pursue", "mount", "carry", "begin", "start"}
)


def _whole_meetings(events: list[EventCandidate]) -> list[EventCandidate]:
    """The events without meetings that miss a side in a sentence whose other events name both
    of theirs: "... met Mubarak in Cairo, where the talks focused on ...": the talks with no
    partner found are a half-read of the occasion the sentence codes whole (the real-news
    coders never list one; a meeting alone in its sentence stays)."""
    whole = {e.sentence_index for e in events if e.source is not None and e.target is not None}
    return [
        e
        for e in events
        if not (
            e.cameo.startswith("04")
            and (e.source is None or e.target is None)
            and e.sentence_index in whole
        )
    ]


def _venue_of_talks(
    trigger: ParsedToken, targets: list[ActorMention], index: MentionIndex
) -> bool:
    """Whether a journey's only destination is a city that is no seat of government and the
    journey is made for talks with someone ("flew to Geneva for talks with the Soviet
    foreign minister"): the city hosts the talks, its state is no host of the visitor."""
    if not targets or not all(t.kind == "place" and not t.seat for t in targets):
        return False
    for prep in trigger.children:
        talks = child(prep, {"pobj"}) if prep.dep_ == "prep" and prep.lower_ == "for" else None
        if talks is None:
            continue
        for c in talks.children:
            if c.dep_ == "prep" and c.lower_ == "with" and actors_of(child(c, {"pobj"}), index):
                return True
    return False


# Participles after a hyphen that name who made a thing ("Chinese-made missiles"): the maker
# is no party of what is done with it.
_MADE = frozenset({"made", "built", "designed", "manufactured", "produced", "supplied"})


def _maker(mention: ActorMention, doc: ParsedDoc) -> bool:
    """ "attacked the tanker with French-built Exocet missiles": France made them, no more."""
    end = mention.end
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _MADE


# Roots of what is said or decided, whose passive's unnamed agent a capital can be ("was
# rejected in Washington"); not force, whose place is where it struck ("attacked in Beirut").
_SPOKEN_ROOTS = frozenset({"01", "02", "03", "05", "10", "11", "12", "13"})


def _seat_agent(trigger: ParsedToken, index: MentionIndex) -> list[ActorMention]:
    """The government of a capital a passive verb of speech happened in ("was welcomed in
    Tokyo", "was rejected in Washington")."""
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            seats = [m for m in actors_of(child(prep, {"pobj"}), index)
                     if m.seat or m.kind == "historical"]  # "in Bonn" (West Germany's)
            if seats:
                return seats[:1]
    return []


def _partnered(mention: ActorMention, doc: ParsedDoc) -> bool:
    """Whether a party is named as a partner, under "with" ("exercises with Egypt")."""
    node = doc[mention.start]
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.lower_ == "with":
            return True
        if node.head == node:
            return False
        node = node.head
    return False


def _escorted(token: ParsedToken | None, index: MentionIndex) -> bool:
    """A vessel or convoy "escorted by" (or "accompanied by") armed forces."""
    if token is None:
        return False
    # ("the research ship Sismik 1, escorted by warships": the clause may hang on the name)
    names = [token, *(c for c in token.children if c.dep_ == "appos")]
    for c in (g for name in names for g in name.children):
        if c.dep_ in {"acl", "relcl"} and c.lemma_.lower() in {"escort", "accompany"}:
            agent = agent_of(c)
            if agent is not None and (
                any(m.sector == "MIL" for m in actors_of(agent, index))
                or agent.lemma_.lower() in {"warship", "frigate", "destroyer", "gunboat", "jet"}
            ):
                return True
    return False


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
_ANNOUNCED_ROOTS = frozenset({"03", "04", "05", "06", "07", "08", "10", "12", "13", "16"})


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


_FORCE_ROOTS = frozenset({"15", "17", "18", "19", "20"})
# Roots whose unconditional announcement is a threat of the act (13x), not the act intended.
_THREATENED_ROOTS = frozenset({"13", "17", "18", "19", "20"})
# Bombing by a state or its forces is aerial (195); CAMEO's 183 is bombing by other hands.
_AIR_BOMBING = frozenset({"bombing", "bomb", "bombardment"})
# Verbs of arrest that, done by one state's army to another state's people, take them in battle.
_TAKEN_IN_BATTLE = frozenset({"capture", "take"})
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


def _aimed_at_carrier(trigger: ParsedToken, carriers: frozenset[str]) -> bool:
    """An act of force on ships or aircraft ("attacked two tankers", "vessels were hit by
    Iran", "an attack on shipping"): they fly flags of their own, often a third party's."""
    aimed = [direct_object(trigger)] if trigger.pos_ in {"VERB", "AUX"} else []
    aimed += [child(c, {"pobj"}) for c in trigger.children
              if c.dep_ == "prep" and c.lower_ in {"on", "at", "against"}]  # fmt: skip
    if trigger.dep_ == "xcomp":
        aimed.append(child(trigger.head, {"nsubjpass"}))  # "vessels were confirmed hit"
    return any(t is not None and t.lemma_.lower() in carriers for t in aimed)


def _enemy_losses(
    reporter: ActorMention | None, targets: list[ActorMention], doc: ParsedDoc
) -> bool:
    """The targets are another state's forces and the reporter speaks for a state (or is its
    news agency): "Iraq said 500 Iranian soldiers were killed"."""
    if reporter is None or not targets:
        return False
    home = state_of(reporter)
    voice = speaks_for_state(reporter, doc) or (reporter.sector == "MED" and home is not None)
    if not voice or home is None:
        return False
    return all(
        t.sector == "MIL" and state_of(t) is not None and state_of(t) != home
        and not t.country_from_dateline
        for t in targets
    )


def _firers(weapon: ParsedToken, index: MentionIndex) -> list[ActorMention]:
    """Who fired or launched a weapon, named in a clause on it ("a missile fired by Iran", "a
    missile, which sources said was fired by Iran")."""
    clauses = [c for c in weapon.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]
    for clause in clauses:
        inner = [clause, *(c for c in clause.children if c.dep_ == "ccomp" and c.pos_ == "VERB")]
        for verb in inner:
            if verb.lemma_.lower() not in _FIRING:
                continue
            found = actors_of(agent_of(verb), index, modifiers=True)
            if found:
                return found
    return []


# Verbs of launching a weapon, whose agent is an attack's author.
_FIRING = frozenset({"fire", "launch", "shoot", "drop", "lay", "plant"})


def _tested(trigger: ParsedToken) -> bool:
    """The weapon fired is a test one ("fired a test missile", "test-fired rockets")."""
    obj = direct_object(trigger)
    if obj is None:
        return False
    return any(c.dep_ in {"amod", "compound"} and c.lower_ in {"test", "trial"}
               for c in obj.children)  # fmt: skip


def _by_agent(token: ParsedToken | None) -> bool:
    """The source is named by a "by" phrase ("confirmed hit by X", "attacks by X")."""
    return token is not None and token.dep_ == "pobj" and (
        token.head.dep_ == "agent" or token.head.lower_ == "by"
    )


def _coerced_own(target: ActorMention, source: ActorMention) -> bool:
    """A state's people or groups coerced by its own authorities ("FBI agents arrested three
    Americans"): a dyad of one country, not one actor."""
    if target.sector == source.sector and not target.people:
        return False
    return target.people or target.sector not in {None, "GOV", "MIL", "COP", "LEG", "JUD"}


def _unplaced(mention: ActorMention) -> bool:
    """A mention of no country the text gives ("a garrison", "the troops")."""
    return mention.country is None or mention.country_from_dateline


def _own_forces(mention: ActorMention, sources: list[ActorMention], doc: ParsedDoc) -> bool:
    """Armed forces of no other stated country than a source's ("its troops", "two warships",
    "Greek forces" put on alert by Greece)."""
    if mention.sector != "MIL":
        return False
    head = doc[mention.start : mention.end].root
    if any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in head.children):
        return True  # "strengthened its forces in Lebanon": its own, wherever they are
    if mention.country is None or mention.country_from_dateline or not sources:
        return True
    return any(state_of(s) == mention.country for s in sources)


def _is_state_force(mention: ActorMention | None) -> bool:
    """A state as a whole or its armed forces."""
    if mention is None or state_of(mention) is None:
        return False
    return mention.sector == "MIL" or _is_collective_state(mention)


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
_DEEP_TARGET_DEPTH = 6  # tokens, prepositions included: "a resumption of raids on Iranian towns"


def _deep_targets(
    trigger: ParsedToken,
    sources: list[ActorMention],
    index: MentionIndex,
    *,
    exclude: list[ActorMention] | None = None,
    comment: bool = False,
) -> list[ActorMention]:
    """The nearest other party inside what the trigger governs, when its own slots name none.

    A comment (CAMEO 01x) is addressed to no party of what it hopes or says will happen
    ("hoped to narrow its deficit with Japan"), so its clausal complement is not searched.

    Real news puts targets in phrases: "called for an end to Washington's exemption", "deploring
    Japan's trade imbalance", "appealed to the brothers in Iraq and Iran", "an offensive in
    northern Iraq", "threatened raids on Iranian towns". Breadth first over the trigger's
    dependents, never into its subject, agent or a clause of its own; the first other party
    found (with its coordinated partners) is the target.
    """
    level = [
        c for c in trigger.children
        if _may_hold_target(c) and not _own_clause(c) and not (comment and c.dep_ in _COMPLEMENTS)
    ]  # fmt: skip
    for _ in range(_DEEP_TARGET_DEPTH):
        found: list[ActorMention] = []
        for token in level:
            for mention in actors_of(token, index, modifiers=True):
                if mention in found or mention in sources or (exclude and mention in exclude):
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
            if _may_hold_target(c) and not _own_clause(c)
        ]
        if not level:
            break
    return []


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


_COMPLEMENTS = frozenset({"ccomp", "xcomp"})


def _own_clause(token: ParsedToken) -> bool:
    """A clause with a subject of its own: "hoped [the plan would be acceptable to the IMF]"."""
    return token.pos_ in {"VERB", "AUX"} and child(token, _SUBJECTS) is not None
# Complaints to a forum are about someone: "protested to the UN over violations by the Turkish air
# force", "complained to GATT that South Korea's plan breaks its rules" are against Turkey and
# South Korea (CAMEO codes the accused, not the body that hears it).
_COMPLAINTS = frozenset({"11", "12"})
_ACCUSING_PREPS = frozenset({"over", "about", "against", "at"})


def _is_forum(mention: ActorMention) -> bool:
    return mention.kind == "igo" or is_igo(mention.country)


def _accused(
    trigger: ParsedToken, sources: list[ActorMention], index: MentionIndex
) -> list[ActorMention]:
    """The state a complaint made to a forum is about: in "over/about ..." or in the clause
    of what is complained of."""
    for c in trigger.children:
        about = c.dep_ == "prep" and c.lower_ in _ACCUSING_PREPS
        if not (about or c.dep_ == "ccomp"):
            continue
        subject = child(c, _SUBJECTS) if c.dep_ == "ccomp" else None
        # "complained to GATT that South Korea's plan breaks its rules": the clause's actor
        found = actors_of(subject, index, modifiers=True) if subject is not None else []
        found = [t for t in found if not _is_forum(t) and t not in sources]
        if not found:
            found = [t for t in _deep_targets(c, sources, index) if not _is_forum(t)]
        if found:
            return found
    return []


# Words addressed to someone (appeals, offers and intents, disapproval, rejection, threats) and
# force posture ("Greece put its forces on alert after Turkey sent a ship"): with no addressee
# in their own phrases, the other party the sentence names is theirs.
_ADDRESSED_ROOTS = frozenset({"02", "03", "11", "12", "13", "15"})


def _sole_other_party(
    trigger: ParsedToken,
    sources: list[ActorMention],
    index: MentionIndex,
    exclude: list[ActorMention] | None = None,
) -> list[ActorMention]:
    """The one other state or organisation the sentence names after the trigger, when the
    trigger's phrases name no target ("Kuwait had asked if protection could be provided by U.S.
    Navy destroyers"). Places and the media reporting the story are no parties; two candidate
    states leave the target unknown."""
    doc = trigger.doc
    bounds = doc.sentence_bounds
    k = bisect_left([start for start, _ in bounds], trigger.i + 1) - 1
    start, end = bounds[k] if k >= 0 else (0, len(doc))
    parties = {state_of(s) for s in sources}
    found: dict[str, ActorMention] = {}
    for i in index.offsets_in(trigger.i + 1, end):
        for mention in index.all_at(doc[i]):
            country = state_of(mention)
            if country is None or country in parties or mention.kind == "place":
                continue
            if mention.sector == "MED" or any(_same_actor(mention, s) for s in sources):
                continue
            if exclude and mention in exclude:
                continue  # the source's own forces ("strengthened its forces in Lebanon")
            found.setdefault(country, mention)
    return list(found.values()) if len(found) == 1 else []


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


def _pronoun_owned(token: ParsedToken | None) -> bool:
    """A thing owned through a pronoun ("its gunboats", "their planes")."""
    return token is not None and any(
        c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in token.children
    )


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
