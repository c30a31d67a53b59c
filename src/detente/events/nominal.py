"""Events named by nouns ("the summit", "sanctions on Russia"), copular adjectives ("is
skeptical of") and hyphenated compounds ("Turkish-backed rebels", "anti-Russian protest")."""

from __future__ import annotations

from collections.abc import Callable

from spacy.strings import StringStore

from detente.events.clauses import VISITS, gerund_subject
from detente.events.lexicon import NO_EVENT, Nominals, VerbPattern
from detente.events.matching import Frame, best_match
from detente.events.syntax import (
    OBJECT_DEPS,
    TARGET_PREPS,
    MentionIndex,
    actors_of,
    agent_of,
    authored,
    child,
    grammatical_subject,
    hands_of,
    is_stray_subject,
    trade_partners,
)
from detente.parse.tokens import ParsedDoc, ParsedSpan, ParsedToken

# Verbs that have an event noun as object without adding an event of their own.
_LIGHT_OBJECT_DEPS = OBJECT_DEPS | {"attr", "nsubjpass"}
# Help and backing that someone acts "with" come to that someone: "with aid from Japan".
_GIVEN = frozenset({"05", "06", "07"})
_PREFIX_DEPS = frozenset({"amod", "compound", "npadvmod", "nmod", "advmod"})
_SOURCE_PREPS = ("by", "from")
_NEGATING_DETS = frozenset({"no"})
# CAMEO roots of acts addressed to someone (appeals, offers, demands, disapproval, rejection,
# threats): their unnamed target is the party that answers them.
_ADDRESSED = frozenset({"02", "03", "10", "11", "12", "13"})
# Roots of material conflict: acts suffered by whoever complains of them.
_MATERIAL = frozenset({"15", "16", "17", "18", "19", "20"})
_ASKING = frozenset({"02", "10"})  # roots whose "for" phrase is the thing asked for
# Prepositions of what a complaint is about ("protested over", "complained about").
_GRIEVANCE_PREPS = frozenset({"over", "about", "against", "at"})


class NominalFinder:
    """Find nominal, adjectival and compound event frames in a sentence."""

    def __init__(
        self, nominals: Nominals, verb_patterns: Callable[[ParsedToken], list[VerbPattern]]
    ):
        self.lexicon = nominals
        self.verb_patterns = verb_patterns
        strings = StringStore()
        self._hyphen = strings.add("-")
        self._prefix_hashes = frozenset(strings.add(p) for p in nominals.prefixes)

    def frames(
        self,
        tokens: list[ParsedToken],
        sentence: ParsedSpan,
        index: MentionIndex,
        covered: set[int],
    ) -> list[Frame]:
        frames: list[Frame] = []
        for token in tokens:
            if token.i in covered and not self._grievance(token, index):
                continue
            if token.pos_ in {"NOUN", "PROPN"} or gerund_subject(token):
                frame = self._noun_frame(token, index)
                if frame is not None:
                    frames.append(frame)
                elif token.lemma_.lower() in self.lexicon.evidence_nouns:
                    frame = self._evidence_frame(token)
                    if frame is not None:
                        frames.append(frame)
            if (token.pos_ == "ADJ" and token.dep_ in {"acomp", "attr"}) or _moved(token):
                frame = self._adjective_frame(token)
                if frame is not None:
                    frames.append(frame)
            if token.dep_ in {"amod", "compound"} and token.tag_ == "VBN":
                frame = self._backed_frame(token, index)
                if frame is not None:
                    frames.append(frame)
            if token.pos_ == "VERB" and token.lemma_.lower() in self.lexicon.relation_verbs:
                frame = self._mended_frame(token)
                if frame is not None:
                    frames.append(frame)
            if token.dep_ in OBJECT_DEPS and token.lemma_.lower() in self.lexicon.suffered:
                frame = self._suffered_frame(token.head)
                if frame is not None:
                    frames.append(frame)
        frames.extend(self._prefix_frames(sentence, index))
        return frames

    def trigger_words(self) -> set[str]:
        """Words (lemmas or forms) that can start a nominal or adjectival frame."""
        lexicon = self.lexicon
        return (
            set(lexicon.nouns)
            | {_plural(noun) for noun in lexicon.nouns if " " not in noun}
            | set(lexicon.adjectives)
            | set(lexicon.suffered)
            | set(lexicon.evidence_nouns)
            | set(lexicon.relation_verbs)
        )

    # -- nouns -------------------------------------------------------------------------------

    def _noun_frame(self, noun: ParsedToken, index: MentionIndex) -> Frame | None:
        patterns = self._noun_patterns(noun)
        if not patterns or index.at(noun) is not None:
            return None
        match = best_match(patterns, noun, noun, index)
        if match is None or match.pattern.code == NO_EVENT:
            return None
        if noun.lemma_.lower() in self.lexicon.standing_nouns and not (
            noun.dep_ in _LIGHT_OBJECT_DEPS and noun.head.pos_ in {"VERB", "AUX"}
        ):
            return None
        sources, targets, reciprocal = self._noun_actors(noun, index)
        tags: tuple[str, ...] = ()
        if not sources and not targets and match.pattern.code[:2] in {"19", "04"}:
            # "clashes were reported in the desert between X and Y", "talks resumed between X
            # and Y": the parser hangs the parties on the verb or the place; they are the noun's.
            parties = _stray_between(noun)
            # a repair of the parse, not trusted with a party placed only by the dateline
            dateline = any(m.country_from_dateline for p in parties for m in actors_of(p, index))
            if len(parties) > 1 and not dateline:
                sources, reciprocal, tags = parties, True, ("stray-between",)
        if match.pattern.code.startswith("04") and _asked_for(noun):
            return None  # "Peking's call for talks with Taipei": talks asked for, not held
        if reciprocal and match.pattern.code.startswith("19") and _named_by_parties(noun):
            # "the Iran-Iraq war" in "efforts to end the Iran-Iraq war" names a conflict the
            # story refers to; it reports no act of either side.
            return None
        if isinstance(match.target, ParsedToken):
            targets.insert(0, match.target)
        context = _governing_verb(noun)
        addressed = match.pattern.code[:2] in _ADDRESSED
        if match.pattern.code[:2] in _ASKING:
            # "a demand for the return of the refugees", "an appeal for calm": what is asked for.
            targets = [t for t in targets if not (t.dep_ == "pobj" and t.head.lower_ == "for")]
        unnamed = not any(actors_of(t, index) for t in targets)
        if match.pattern.code[:2] == "01" and unnamed and _voices_speech(noun):
            # "a Chadian government statement said ...", "issued a statement deploring X":
            # the statement is how the speaker speaks; what it says is the event, and a
            # comment to nobody is none (CAMEO coders list no 01x without an addressee)
            return None
        if addressed and sources and not reciprocal and unnamed:
            # "Sudan rejected a demand by the IMF", "Greece, responding to a warning by
            # Turkey": an authored demand, offer or warning is addressed to whoever answers it.
            answers = context is not None and context.lemma_.lower() in self.lexicon.answering_verbs
            answering = grammatical_subject(context) if answers and context is not None else None
            if answering is not None and answering not in sources:
                targets.append(answering)
        if (
            match.pattern.code[:2] in _MATERIAL
            and sources
            and not reciprocal
            and unnamed
            and noun.dep_ == "pobj"
            and context is not None
            and context.lemma_.lower() in self.lexicon.complaint_verbs
        ):
            # "Cyprus protested over airspace violations by the Turkish air force": who
            # complains of a material act suffered it.
            victim = grammatical_subject(context)
            if victim is not None and victim not in sources:
                targets.append(victim)
                tags += ("complainant-target",)
        modifiers = {c.lower_ for c in noun.children if c.dep_ in {"amod", "compound", "det"}}
        negated = bool(modifiers & (self.lexicon.called_off | _NEGATING_DETS))
        modality = "intended" if modifiers & self.lexicon.planned else None
        if "any" in modifiers and match.pattern.code[:2] in _MATERIAL:
            return None  # "ready to repel any Indian incursion": a kind of act, none of them
        fallback: list[ParsedToken] = []
        container = self._container(noun)
        if container is not None and not sources:
            # "its program of sanctions against South Africa", "Japan's package of tariff
            # cuts": whoever owns the program owns the measures in it, and whoever announces
            # or adopts it
            fallback.extend(c for c in container.children if c.dep_ == "poss")
            holder = container.head
            if container.dep_ in OBJECT_DEPS and holder.lemma_.lower() in self.lexicon.light_verbs:
                subject = grammatical_subject(holder)
                if subject is not None:
                    fallback.append(subject)
        light = context is not None and context.lemma_.lower() in self.lexicon.light_verbs
        engaged_in = noun.dep_ == "pobj" and noun.head.lower_ == "in"
        # "announced a package of sanctions against X": the container passes the verb on
        contained = (
            noun.dep_ == "pobj"
            and noun.head.lower_ == "of"
            and noun.head.head.lemma_.lower() in self.lexicon.containers
            and noun.head.head.dep_ in _LIGHT_OBJECT_DEPS
        )
        # "Greek forces were on alert", "remained in talks with": a state the subject is in
        in_state = (
            context is not None
            and noun.dep_ == "pobj"
            and noun.head.lower_ in {"in", "on"}
            and noun.head.head == context
            and context.lemma_.lower() in self.lexicon.state_verbs
        )
        if context is not None and (in_state or light and (
            noun.dep_ in _LIGHT_OBJECT_DEPS or engaged_in or contained
        )):
            # "Russia announced sanctions on Turkey", "Serb forces were engaged in ... cleansing";
            # "the offer was made last week by Admiral Crowe": the light verb's agent
            agent = agent_of(context) if noun.dep_ == "nsubjpass" else None
            subject = agent or grammatical_subject(context) or child(context, {"nsubjpass"})
            if subject is not None and subject != noun:
                fallback.append(subject)
        counterpart = any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children)
        if (
            (match.pattern.code.startswith("04") or counterpart)
            and noun.dep_ == "pobj"
            # "in a meeting with Shultz, Mubarak said": "in" only with the partner named
            and (noun.head.lower_ in self.lexicon.meeting_preps
                 or (noun.head.lower_ == "in" and counterpart)
                 # "Mubarak, on a visit to Washington, urged": a visit the subject is on
                 or (noun.head.lower_ == "on" and noun.lemma_.lower() in VISITS))
            and context is not None
            and not _predicated(context)  # "Finland was no issue at the talks"
        ):
            subject = grammatical_subject(context)
            if subject is not None:
                # "Putin and Erdogan take their seat during a meeting", "forces retook the
                # village after fierce fighting with guerrillas"
                fallback.append(subject)
        if match.pattern.code[:2] in {"14", "17"}:
            # "a protest in Istanbul": people of that place; "the detention of two journalists
            # in Iraq": by the authorities of the place
            fallback.extend(place_of(noun))
        if (
            match.pattern.code.startswith("04")
            and noun.dep_ == "pobj"
            and noun.head.lower_ == "for"
            and context is not None
            and not any(actors_of(t, index) for t in targets)
        ):
            # "trade officials are in Washington for talks": a capital that the source went to
            # for a meeting names the government it meets (a city such as Geneva hosts only).
            hosts = [p for p in place_of(noun) if any(m.seat for m in actors_of(p, index))]
            if hosts:
                targets.extend(hosts)
                tags += ("host-capital",)
        helped = noun.dep_ == "pobj" and noun.head.lower_ == "with" and context is not None
        if helped and sources and not targets and match.pattern.code[:2] in _GIVEN:
            # "Iran has produced a missile with help from China": China helps Iran
            subject = grammatical_subject(context) if context is not None else None
            if subject is not None:
                targets.append(subject)
        return Frame(
            code=match.pattern.code,
            trigger=noun,
            trigger_text=noun.text,
            source=sources[0] if sources else None,
            extra_sources=tuple(sources[1:]),
            target_tokens=tuple(targets),
            negated=negated,
            modality=modality,
            rule="noun",
            entry=match.pattern.entry,
            context=context,
            source_fallback=tuple(fallback),
            tags=tags,
            reciprocal=reciprocal and not targets,
        )

    def _mended_frame(self, verb: ParsedToken) -> Frame | None:
        """ "Relations between Moscow and Peking have improved": relations that mend by
        themselves are their parties' improving them (050); the parties come from the noun."""
        subject = child(verb, {"nsubj"})
        if subject is None or subject.lemma_.lower() not in self.lexicon.relation_nouns:
            return None
        return Frame(
            code="050",
            trigger=verb,
            trigger_text=verb.text,
            source=None,
            target_tokens=(),
            negated=any(c.dep_ == "neg" for c in verb.children),
            modality=None,
            rule="verb",
            context=verb,
            entry=self.lexicon.entry("relation_verbs", verb.lemma_.lower()),
        )

    def _grievance(self, noun: ParsedToken, index: MentionIndex) -> bool:
        """An act of force that a verb complains of and that names its own author ("protested
        over violations by the Turkish air force", "complained about Israeli raids") is an
        event of its own beside the verb's."""
        if noun.dep_ != "pobj" or noun.head.lower_ not in _GRIEVANCE_PREPS:
            return False
        if not any(p.code[:2] in _MATERIAL for p in self._noun_patterns(noun)):
            return False
        return authored(noun, index)

    def _container(self, noun: ParsedToken) -> ParsedToken | None:
        """The noun of "a program of sanctions" that holds an event noun after "of"."""
        if noun.dep_ != "pobj" or noun.head.lower_ != "of":
            return None
        head = noun.head.head
        if head.pos_ != "NOUN" or head.lemma_.lower() not in self.lexicon.containers:
            return None
        return head

    def _noun_patterns(self, noun: ParsedToken) -> list[VerbPattern]:
        nouns = self.lexicon.nouns
        found = nouns.get(noun.lemma_.lower()) or nouns.get(noun.lower_)
        if found is None and noun.tag_ == "NNPS":
            # A capitalised plural read as a name ("PARIS, March 13 - Talks between ..."):
            # the tagger saw the dateline, not a sentence start.
            found = nouns.get(_singular(noun.lower_))
        return found or []

    def _noun_actors(
        self, noun: ParsedToken, index: MentionIndex
    ) -> tuple[list[ParsedToken], list[ParsedToken], bool]:
        """Source and target heads of an event noun, from its own dependents."""
        sources: list[ParsedToken] = []
        targets: list[ParsedToken] = []
        by_phrase: list[ParsedToken] = []
        reciprocal = between = False
        for c in noun.children:
            if c.dep_ == "poss":
                sources.append(c)
            elif c.dep_ in {"amod", "compound", "nmod"} and _likeness(c):
                continue  # "a Bosnia-style civil war" is no war of Bosnia's
            elif c.dep_ in {"amod", "compound", "nmod"} and actors_of(c, index):
                (targets if _prefixed(c, self.lexicon.prefixes) else sources).append(c)
            elif c.dep_ == "prep":
                pobj = child(c, {"pobj"})
                if pobj is None:
                    continue
                if c.lower_ == "between":
                    # "in the conflict between Armenia and Azerbaijan, Turkey backs ...": the
                    # next clause's subject, parsed into the list, is not a party.
                    sources.extend(between_parties(pobj))
                    reciprocal = between = True
                elif c.lower_ == "from" and noun.lemma_.lower() in self.lexicon.departures:
                    targets.append(pobj)  # "the Soviet withdrawal from Afghanistan"
                elif c.lower_ in _SOURCE_PREPS:
                    sources.append(pobj)
                    by_phrase.append(pobj)
                elif c.lower_ == "of":
                    # "the expulsion of 20 diplomats by Kenya": the agent hung on the patient
                    for g in pobj.children:
                        agent = child(g, {"pobj"}) if g.dep_ == "prep" else None
                        if g.lower_ == "by" and agent is not None and actors_of(agent, index):
                            sources.append(agent)
                            by_phrase.append(agent)
                elif c.lower_ in TARGET_PREPS:
                    targets.append(pobj)
                    targets.extend(trade_partners(pobj, index))  # "a ban on imports from Japan"
                    if index.at(pobj) is None:
                        # "attacks on shipping by Iran and Iraq": the parser hangs the noun's
                        # "by" phrase on its target
                        for g in pobj.children:
                            agent = child(g, {"pobj"}) if g.dep_ == "prep" else None
                            if g.lower_ == "by" and agent is not None and actors_of(agent, index):
                                sources.append(agent)
                                by_phrase.append(agent)
        if between:
            # "talks between X and Y on the repayment of a loan by Z": the parties are named and
            # act on each other; the theme's actors are not parties.
            sources = [t for t in sources if t not in by_phrase]
            targets = []
        for token in list(sources):
            if len(index.all_at(token)) > 1:
                reciprocal = True  # "U.S.-Turkish rapprochement" as one token: both sides
            partner = _hyphen_partner(token, index, self.lexicon.prefixes)
            if partner is not None and partner not in sources:
                sources.append(partner)  # "Russian-Turkish rapprochement": both sides
                reciprocal = True
        return sources, targets, reciprocal

    # -- adjectives --------------------------------------------------------------------------

    def _adjective_frame(self, adjective: ParsedToken) -> Frame | None:
        """ "Sweden is worried about Norway's fishing"; a participle of feeling in the passive
        ("Chile was angered by the Argentine decision") is its subject's feeling likewise."""
        adjectives = self.lexicon.adjectives
        word = adjective.lemma_.lower()
        if word not in adjectives:
            word = adjective.lower_  # "angered": the participle is listed, not "anger"
        code = adjectives.get(word)
        if code is None:
            return None
        moved = _moved(adjective)
        head = adjective if moved else adjective.head
        targets = [
            pobj
            for c in adjective.children
            if c.dep_ in {"prep", "agent"} and (pobj := child(c, {"pobj"})) is not None
        ]
        if code.startswith("04"):
            # "is due in Athens": a visit needs the place it is due at ("is due to pay": none)
            targets = [t for t in targets if t.head.lower_ in {"in", "at"}]
            if not targets:
                return None
        return Frame(
            code=code,
            trigger=adjective,
            trigger_text=adjective.text,
            source=child(head, {"nsubjpass"}) if moved else grammatical_subject(head),
            target_tokens=tuple(targets),
            negated=any(c.dep_ == "neg" for c in head.children),
            modality="intended" if word in self.lexicon.planned else None,
            rule="adjective",
            context=head,
            entry=self.lexicon.entry("adjectives", word),
        )

    def _evidence_frame(self, noun: ParsedToken) -> Frame | None:
        """ "Moscow said it had proof that Erdogan was smuggling oil": whoever holds the proof
        accuses the subject of the clause (CAMEO 112); the clause itself is only reported."""
        clause = next(
            (c for c in noun.children if c.dep_ in {"acl", "ccomp"} and c.pos_ in {"VERB", "AUX"}),
            None,
        )
        if clause is None or not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
        ):
            return None
        accused = child(clause, {"nsubj", "nsubjpass"})
        if accused is None or any(d.dep_ == "det" and d.lower_ == "no" for d in noun.children):
            return None  # "no evidence that X ..." accuses nobody
        holder = child(noun, {"poss"})
        context = noun.head if noun.dep_ in {"dobj", "attr", "nsubjpass"} else None
        if holder is None and context is not None and context.pos_ in {"VERB", "AUX"}:
            holder = grammatical_subject(context)
        if holder is None:
            return None
        return Frame(
            code="112",
            trigger=noun,
            trigger_text=noun.text,
            source=holder,
            target_tokens=(accused,),
            negated=False,
            modality=None,
            rule="evidence",
            context=context,
            entry=self.lexicon.entry("evidence_nouns", noun.lemma_.lower()),
        )

    def _suffered_frame(self, verb: ParsedToken) -> Frame | None:
        """ "The rebels faced setbacks at the hands of ISIS": ISIS attacked the rebels."""
        obj = child(verb, OBJECT_DEPS)
        if obj is None or obj.lemma_.lower() not in self.lexicon.suffered:
            return None
        attacker = hands_of(verb) or hands_of(obj)
        if attacker is None:
            return None
        return Frame(
            code="190",
            trigger=obj,
            trigger_text=f"{verb.text} {obj.text} at the hands of",
            source=attacker,
            target_tokens=tuple(t for t in (grammatical_subject(verb),) if t is not None),
            negated=False,
            modality=None,
            rule="at-the-hands-of",
            context=verb,
            entry=self.lexicon.entry("suffered", obj.lemma_.lower()),
        )

    # -- compounds ---------------------------------------------------------------------------

    def _backed_frame(self, participle: ParsedToken, index: MentionIndex) -> Frame | None:
        """ "Turkish-backed rebels": Turkey backs the rebels, coded as the verb would be."""
        backer = next(
            (c for c in participle.children if c.dep_ in _PREFIX_DEPS and actors_of(c, index)),
            None,
        )
        if backer is None or not _hyphen_between(backer, participle):
            return None
        patterns = [p for p in self.verb_patterns(participle) if not p.elements]
        bare = [p for p in patterns if not p.direct_objects]
        if not bare or bare[0].code == NO_EVENT:
            return None
        return Frame(
            code=bare[0].code,
            trigger=participle,
            trigger_text=f"{backer.text}-{participle.text}",
            source=backer,
            target_tokens=(participle.head,),
            negated=False,
            modality=None,
            rule="compound",
            context=_governing_verb(participle.head),
            entry=bare[0].entry,
        )

    def _prefix_frames(self, sentence: ParsedSpan, index: MentionIndex) -> list[Frame]:
        """ "pro-Assad forces" (the forces support Assad); "anti-government protesters"."""
        frames: list[Frame] = []
        doc = sentence.doc
        after_prefix = self._after_prefix(doc, index)
        for offset in index.offsets_in(sentence.start, sentence.end):
            if offset not in after_prefix:
                continue  # no "prefix-" before it: skip building the token
            token = doc[offset]
            prefix = _prefix_of(token, self.lexicon.prefixes)
            if prefix is None:
                continue
            head = token.head
            while head.dep_ in {"amod", "compound"} and head.head != head:
                head = head.head
            if (
                head == token
                or not actors_of(head, index)
                or actors_of(head, index) == actors_of(token, index)
            ):
                continue
            code = self.lexicon.prefixes[prefix]
            if prefix == "anti" and head.lemma_.lower() in self.lexicon.protest_nouns:
                code = "141"
            frames.append(
                Frame(
                    code=code,
                    trigger=token,
                    trigger_text=f"{prefix}-{token.text}",
                    source=head,
                    target_tokens=(token,),
                    negated=False,
                    modality=None,
                    rule="prefix",
                    context=_governing_verb(head),
                    entry=self.lexicon.entry("prefixes", prefix),
                )
            )
        return frames


    def _after_prefix(self, doc: ParsedDoc, index: MentionIndex) -> set[int]:
        """Offsets of the words right after "prefix-" in a document, read once from its array
        (only these can give a prefix frame)."""
        found = index.memo.get(("after-prefix",))
        if isinstance(found, set):
            return found
        lowers = doc.lower
        hyphen, prefixes = self._hyphen, self._prefix_hashes
        found = {
            i + 1 for i, lower in enumerate(lowers) if lower == hyphen and i >= 1
            and lowers[i - 1] in prefixes
        }
        index.memo[("after-prefix",)] = found
        return found


def _prefix_of(token: ParsedToken, prefixes: dict[str, str]) -> str | None:
    """The prefix written before an actor word: "anti" in "anti-Russian"."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ in prefixes:
        return doc[token.i - 2].lower_
    return None


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Words after a hyphen that compare rather than name a party: "a Bosnia-style war".
_LIKENESS = frozenset({"style", "type", "like", "era", "sized", "scale"})


def _likeness(token: ParsedToken) -> bool:
    """The modifier compares with an actor ("Bosnia-style", "Vietnam-era")."""
    doc = token.doc
    return (
        token.lower_ in _LIKENESS and token.i >= 2 and doc[token.i - 1].text == "-"
    )


def between_parties(pobj: ParsedToken) -> list[ParsedToken]:
    """The parties of "between X and Y"; when the parser hangs Y on a word inside X ("between
    troops loyal to Habre and Libyan forces"), Y is still the second party."""
    parties = [pobj, *(t for t in pobj.conjuncts if not is_stray_subject(t))]
    if len(parties) > 1:
        return parties
    doc = pobj.doc
    for i in range(pobj.left_edge.i, pobj.right_edge.i + 1):
        token = doc[i]
        if token.dep_ == "conj" and token.head != pobj and not is_stray_subject(token):
            return [pobj, token]
    return parties


def _stray_between(noun: ParsedToken) -> list[ParsedToken]:
    """The parties of a "between" phrase that the parser attached to the verb a fight noun is
    the subject of, or to a noun in that verb's phrases ("in the desert between X and Y")."""
    verb = noun.head
    if noun.dep_ == "conj" and noun.i + 1 < len(noun.doc):
        # "... is the site of its airfield and several clashes have been reported ...": the
        # subject of the next clause parsed into the list before it
        after = noun.doc[noun.i + 1]
        verb = after.head if after.dep_ in {"aux", "auxpass"} else after
        if verb.i <= noun.i or any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
            return []
    elif noun.dep_ not in {"nsubj", "nsubjpass"}:
        return []
    if verb.pos_ not in {"VERB", "AUX"}:
        return []
    level = [verb]
    for _ in range(3):
        following: list[ParsedToken] = []
        for token in level:
            for c in token.children:
                if c.dep_ != "prep":
                    continue
                pobj = child(c, {"pobj"})
                if pobj is None:
                    continue
                if c.lower_ == "between":
                    return between_parties(pobj)
                following.append(pobj)
        level = following
    return []


def _named_by_parties(noun: ParsedToken) -> bool:
    """A conflict noun named by its hyphenated parties and used as a referent ("the Iran-Iraq
    war" as an object or in a phrase), not as the news itself. (A standing war or conflict
    "between" its named parties stays an event: expert event coders leave it out, but the
    alignment analysis reads third parties at odds from it, "in the simmering conflict between
    Armenia and Azerbaijan, Turkey backs ...".)"""
    if noun.dep_ not in {"pobj", "dobj", "conj", "appos", "compound"}:
        return False
    if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that", "their", "its"}
               for c in noun.children):
        return False
    stack = [c for c in noun.children if c.i < noun.i]
    while stack:
        token = stack.pop()
        if "-" in token.text:
            return True
        stack.extend(token.children)
    return False


def _hyphen_partner(
    token: ParsedToken, index: MentionIndex, prefixes: dict[str, str]
) -> ParsedToken | None:
    """The actor word joined to this one by a hyphen ("Russian" in "Russian-Turkish")."""
    doc = token.doc
    if token.i < 2 or doc[token.i - 1].text != "-":
        return None
    left = doc[token.i - 2]
    if left.lower_ in prefixes or index.at(left) is None:
        return None
    return left


def _prefixed(token: ParsedToken, prefixes: dict[str, str]) -> bool:
    return _prefix_of(token, prefixes) is not None


def _hyphen_between(left: ParsedToken, right: ParsedToken) -> bool:
    return right.i == left.i + 2 and left.doc[left.i + 1].text == "-"


def _governing_verb(noun: ParsedToken) -> ParsedToken | None:
    """The verb a noun phrase hangs on, directly or through a preposition."""
    node = noun
    for _ in range(3):
        head = node.head
        if head == node:
            return None
        if head.pos_ in {"VERB", "AUX"}:
            return head
        if node.dep_ not in {"pobj", "prep", "conj", "appos"}:
            return None
        node = head
    return None


def _predicated(verb: ParsedToken) -> bool:
    """A copula with a predicate ("was no issue", "was absent"): its subject is described, not
    acting ("officials are in Ottawa for talks" acts)."""
    return verb.lemma_.lower() == "be" and any(c.dep_ in {"attr", "acomp"} for c in verb.children)


def place_of(noun: ParsedToken) -> list[ParsedToken]:
    """ "in Istanbul" on a noun or its verb: where an event such as a protest took place."""
    holders = [noun]
    verb = _governing_verb(noun)
    if verb is not None:
        holders.append(verb)
    found = []
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in {"in", "at", "outside"}:
                pobj = child(c, {"pobj"})
                # "at the hands of Turkish troops" names who did it, not where
                if pobj is not None and pobj.lower_ not in {"hands", "hand"}:
                    found.append(pobj)
    return found


def _moved(token: ParsedToken) -> bool:
    """A participle in the passive ("was angered by", "were disturbed by"): a feeling when the
    adjectives of `nominals.yaml` list it."""
    return token.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in token.children)


def _voices_speech(noun: ParsedToken) -> bool:
    """Whether a statement noun carries speech reported in the sentence: it is the subject of
    a verb ("the statement said", "a communique accused"), the means of one ("said in a
    statement") or says something itself ("issued a statement deploring ...")."""
    head = noun.head
    if noun.dep_ in {"nsubj", "nsubjpass"} and head.pos_ == "VERB":
        return True
    if noun.dep_ == "pobj" and head.lower_ in {"in", "through"} and head.head.pos_ == "VERB":
        return True
    # "a statement deploring Japan's surplus": its own clause says what it says
    return any(c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB" for c in noun.children)


# Nouns of asking: what they ask "for" is not done ("a call for talks", "a plea for a summit").
_ASKING_NOUNS = frozenset({"call", "appeal", "demand", "request", "plea", "proposal", "push",
                           "pressure", "bid", "proposition", "suggestion"})


def _asked_for(noun: ParsedToken) -> bool:
    """Whether a noun is what a noun of asking asks for ("a call for talks with Taipei")."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ == "for"
        and prep.head.lemma_.lower() in _ASKING_NOUNS
        and prep.head.pos_ == "NOUN"
    )
