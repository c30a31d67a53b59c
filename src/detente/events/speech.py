"""Speech acts carried by what is said, not by a speech verb.

A government that says another state attacked, shelled or kept up its raids accuses it: "Iraq's
war spokesman said Iran had kept up its attacks" is Iraq accusing Iran (112), besides Iran's
reported attacks. CAMEO codes the accusation because the report is itself a political act; the
reported attack keeps its own record (modality "reported").

A state that says force would follow if another state acted, or unless it stopped, threatens it
(13): "Iran said it would use its missiles if Iraqi raids prevented it from exporting oil",
"any U.S. interference would meet a strong response".

A state that names another's act with a word of condemnation denounces it (111): "Moscow called
the strikes a provocation", '"This is an act of aggression," the ministry said of the raids',
"said Russia's dumping of waste was unacceptable".
The words are in `data/speech.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from detente.datafiles import read_yaml
from detente.events.lexicon import ModalityWords
from detente.events.syntax import MentionIndex, actors_of, child, grammatical_subject
from detente.parse.tokens import ParsedDoc, ParsedSpan, ParsedToken
from detente.records import ActorMention, EventCandidate

SPEECH_FILE = Path(__file__).parent / "data" / "speech.yaml"

# Voices of a state: its government, armed forces and legislature (or the state itself). Media,
# companies and anonymous "sources" report; they do not accuse on a state's behalf.
STATE_VOICES = frozenset({None, "GOV", "MIL", "LEG"})

# Reported force that makes its report an accusation of aggression (CAMEO roots); coercion
# (17: arrests, seizures) is as often a state's own policing reported by its neighbour.
_AGGRESSION_ROOTS = frozenset({"18", "19", "20"})
# A broken rule or agreement (128, defy norms) reported by another state accuses its breaker;
# so does a violation of its airspace or waters (150, force posture).
_BREACH = ("128", "150")
# The accused speaks for a state: its government, forces, police or intelligence.
_ACCUSED_SECTORS = frozenset({None, "GOV", "MIL", "COP", "SPY"})
# An event noun is the content of the report only as a core argument of its clause ("said Iran
# had kept up its attacks"), not as a time or setting ("since last month's invasion").
_CONTENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "ROOT", "ccomp"})


def state_of(mention: ActorMention | None) -> str | None:
    """The mention's country, or the one country of all a person's offices."""
    if mention is None:
        return None
    if mention.country is not None or not mention.terms:
        return mention.country
    countries = {term.country for term in mention.terms}
    return countries.pop() if len(countries) == 1 else None


@dataclass(frozen=True)
class SpeechWords:
    """The vocabularies of `data/speech.yaml`."""

    voices: frozenset[str]  # heads that speak for the state modifying them ("Greek statement")
    force: frozenset[str]  # force in what would happen
    sanctions: frozenset[str]  # sanctions or retaliation in what would happen
    provocations: frozenset[str]  # acts a threat is made conditional on
    any_subject: frozenset[str]  # determiners that make a subject a condition
    condemnations: frozenset[str]  # names that condemn ("a provocation")
    condemning_adjectives: frozenset[str]  # "unacceptable", "illegal"
    naming: frozenset[str]  # verbs that name an object ("called it", "described it as")
    blaming_adjectives: frozenset[str]  # "responsible for", "guilty of"
    dismissive_adjectives: frozenset[str]  # "baseless", "inaccurate": rejecting a claim
    attributive: frozenset[str]  # condemning also as a modifier: "unfair practices"
    proposals: frozenset[str]  # what a state proposes or claims: condemned, it is rejected
    faulting: frozenset[str]  # verbs that fault their subject: "contradicts", "undermines"
    warning: frozenset[str]  # verbs of warning: "warned that ... would"
    comeuppance: frozenset[str]  # what a warned state would undergo: "would pay dearly"
    harm: frozenset[str]  # what it would pay or face: "consequences", "a heavy price"
    forbidding: frozenset[str]  # "would not let/allow/tolerate": a warning to the one named
    reactions: dict[str, str]  # noun of a reaction → its code ("criticism" → 111)
    drawing: frozenset[str]  # verbs by which an act draws a reaction ("drew criticism from")
    acts: frozenset[str]  # nouns of a state's acts that draw reactions ("the American move")
    alleging: dict[str, str]  # verb of alleging a clause → the code of the allegation


@lru_cache(maxsize=1)
def speech_words() -> SpeechWords:
    doc = read_yaml(SPEECH_FILE)
    data = doc.mapping()

    def words(name: str) -> frozenset[str]:
        raw = data.get(name)
        if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
            raise doc.error(f"{name} must list words", name)
        return frozenset(w.lower() for w in raw)

    def coded(name: str, what: str) -> dict[str, str]:
        """A section mapping CAMEO codes to word lists, read as word → code."""
        raw = data.get(name)
        message = f"{name} must map CAMEO codes to lists of {what}"
        if not isinstance(raw, dict):
            raise doc.error(message, name)
        table: dict[str, str] = {}
        for code, items in raw.items():
            if not isinstance(items, list) or not str(code).isdigit():
                raise doc.error(message, name, code)
            table.update((str(w).lower(), str(code)) for w in items)
        return table

    alleging = coded("alleging", "verbs")
    reactions = coded("reactions", "nouns")

    return SpeechWords(
        voices=words("voices"),
        force=words("force"),
        sanctions=words("sanctions"),
        provocations=words("provocations"),
        any_subject=words("any_subject"),
        condemnations=words("condemnations"),
        condemning_adjectives=words("condemning_adjectives"),
        naming=words("naming"),
        blaming_adjectives=words("blaming_adjectives"),
        dismissive_adjectives=words("dismissive_adjectives"),
        attributive=words("attributive"),
        proposals=words("proposals"),
        faulting=words("faulting"),
        warning=words("warning"),
        comeuppance=words("comeuppance"),
        harm=words("harm"),
        forbidding=words("forbidding"),
        reactions=reactions,
        drawing=words("drawing"),
        acts=words("acts"),
        alleging=alleging,
    )


def voice_heads() -> frozenset[str]:
    return speech_words().voices


def speaks_for_state(mention: ActorMention | None, doc: ParsedDoc) -> bool:
    """Whether a reporter speaks for its state: a government voice named in the text, or its
    state's news agency, paper or radio (groups.yaml lists only state media), not a pronoun,
    and not a country word on some other head ("a British naval source")."""
    if mention is not None and mention.kind == "group" and mention.sector == "MED":
        return state_of(mention) is not None  # a state's news agency or radio ("Tass said")
    if mention is None or mention.kind in {"pronoun", "group", "ethnic"}:
        return False
    if mention.sector not in STATE_VOICES or state_of(mention) is None:
        return False
    if mention.country_from_dateline:
        return False  # "relief officials said": a role placed by the dateline is no state voice
    root = doc[mention.start : mention.end].root
    outside = root.dep_ in {"amod", "compound", "poss", "nmod"} and not (
        mention.start <= root.head.i < mention.end
    )
    return not outside or root.head.lemma_.lower() in voice_heads()


def _is_content(event: EventCandidate, doc: ParsedDoc) -> bool:
    trigger = doc[event.trigger_start]
    if not (trigger.pos_ in {"VERB", "AUX"} or trigger.dep_ in _CONTENT_DEPS):
        return False
    return _said_outright(trigger)


def _said_outright(trigger: ParsedToken) -> bool:
    """Whether a clause is what its speaker says, not the content of a noun ("Libyan charges
    that it had violated ...", "reports that ...": someone else's claim, which the speaker may
    deny)."""
    node = trigger
    for _ in range(4):
        if node.dep_ in {"acl", "relcl"} and node.head.pos_ in {"NOUN", "PROPN"}:
            return False
        if node.dep_ in {"ccomp", "parataxis"} or node.head == node:
            return True
        node = node.head
    return True


def statement_authors(subject: ParsedToken, index: MentionIndex) -> list[ActorMention]:
    """Who speaks through a statement that acts: "EC ministers issued a statement deploring
    Japan's trade surplus" (the ministers deplore), "Chad's statement condemning the raid"."""
    if subject.lemma_.lower() not in voice_heads() or subject.pos_ not in {"NOUN", "PROPN"}:
        return []
    owner = child(subject, {"poss"})
    if owner is not None:
        return actors_of(owner, index)
    holder = subject.head
    if subject.dep_ in {"dobj", "nsubjpass"} and holder.pos_ in {"VERB", "AUX"}:
        author = grammatical_subject(holder) or child(
            next((c for c in holder.children if c.dep_ == "agent"), holder), {"pobj"}
        )
        return actors_of(author, index)
    return []


def quoted_speaker(report_verb: ParsedToken) -> ParsedToken | None:
    """ "Aziz was quoted as saying ...", "was reported as saying": the passive subject speaks."""
    attached = report_verb.head.head
    if report_verb.dep_ != "pcomp" or report_verb.head.lower_ != "as" or attached == report_verb:
        return None
    return next((c for c in attached.children if c.dep_ == "nsubjpass"), None)


def with_accusations(events: list[EventCandidate], doc: ParsedDoc) -> list[EventCandidate]:
    """The events, each reported act of force or breach followed by the accusation it makes."""
    out: list[EventCandidate] = []
    said = {
        (e.sentence_index, state_of(e.source), state_of(e.target))
        for e in events
        if e.cameo[:2] in {"11", "12", "13"}
    }
    for event in events:
        out.append(event)
        speaker, accused = event.reported_by, event.source
        aggression = event.cameo[:2] in _AGGRESSION_ROOTS
        if not (aggression or event.cameo.startswith(_BREACH)) or event.negated:
            continue
        if event.modality not in {"asserted", "reported"} or not speaks_for_state(speaker, doc):
            continue
        home, other = state_of(speaker), state_of(accused)
        if other is None or other == home or accused is None:
            continue
        if accused.sector not in _ACCUSED_SECTORS or not _is_content(event, doc):
            continue
        if state_of(event.target) == other:
            continue  # "violated Libyan airspace" by Libya: a misread pronoun, not a charge
        if not aggression and (event.target is None or event.target.kind == "igo"):
            # "Japan complained that South Korea's plan breaks GATT rules": a breach of a rule
            # that binds both is one against the state that reports it (the body whose rules
            # they are is no party).
            out[-1] = replace(event, target=speaker, rule=f"{event.rule}; against the accuser")
        if (event.sentence_index, home, other) in said:
            continue  # the sentence already says how the speaker spoke of it
        said.add((event.sentence_index, home, other))
        out.append(
            replace(
                event,
                cameo="1123" if aggression else "112",  # of aggression; of a breach
                source=speaker,
                target=accused,
                modality="asserted",
                reported_by=None,
                rule=f"{event.rule}; accusation",
            )
        )
    return out


def threats(
    sentence: ParsedSpan,
    sentence_index: int,
    index: MentionIndex,
    modal: ModalityWords,
    found: list[EventCandidate],
) -> list[EventCandidate]:
    """Conditional threats in a sentence (see the module); `found`: its events so far."""
    words = speech_words()
    made: list[EventCandidate] = []
    for token in sentence:
        condition: ParsedToken | None = None
        consequence: ParsedToken | None = None
        if token.dep_ == "mark" and token.lower_ in {"if", "unless"}:
            condition = token.head
            if condition.dep_ != "advcl" or condition.head == condition:
                continue
            consequence = condition.head
            # "unless Tokyo opens", "if Tokyo does not open": a demand backed by what follows
            refused = any(c.dep_ == "neg" for c in condition.children)
            hostile = token.lower_ == "unless" or refused or _provokes(condition, words, found)
        elif token.dep_ == "det" and token.lower_ in words.any_subject:
            condition = token.head
            if condition.dep_ in {"nsubj", "nsubjpass"}:
                consequence = condition.head
            elif condition.dep_ == "pobj" and condition.head.lower_ in {"to", "against"}:
                # "would give a crushing response to any U.S. attack", "would react to any
                # U.S. tariffs": the answer promised to any such act
                attached = condition.head.head
                consequence = attached if is_verbal(attached) else _clause_verb(attached)
            else:
                continue
            hostile = True
        if condition is None or consequence is None or not hostile:
            continue
        if not _would_follow(consequence, modal):
            continue
        if _uses(consequence, condition, words.force):
            code = "138"
        elif _uses(consequence, condition, words.sanctions):
            code = "1312"  # "would impose tariffs unless Japan opens its market"
        else:
            continue
        speakers = _speakers(consequence, index, modal)
        speaker = next((s for s in speakers if speaks_for_state(s, sentence.doc)), None)
        medium = speaker is None or speaker.sector == "MED"
        if medium and any(s.sector == "MED" for s in speakers):
            # "Tehran radio said Iran would give a crushing response": reported by a medium,
            # the threat is the state's that would answer
            speaker = next((s for s in actors_of(grammatical_subject(consequence), index)
                            if speaks_for_state(s, sentence.doc)), speaker)  # fmt: skip
        home = state_of(speaker)
        if speaker is None or home is None:
            continue
        threatened = _threatened(consequence, condition, index, home)
        if threatened is None:
            continue
        entry = "force" if code == "138" else "sanctions"
        _add(made, found, sentence_index, consequence, code, speaker, threatened,
             f"{entry}; conditional threat")
    return made


def _add(
    made: list[EventCandidate],
    found: list[EventCandidate],
    sentence_index: int,
    trigger: ParsedToken,
    code: str,
    speaker: ActorMention,
    other: ActorMention,
    entry: str,
) -> None:
    """Add a speech act to `made` unless the sentence already has one of its root between the
    same two states (a verb of the lexicon said it, or another speech rule)."""
    pair = (state_of(speaker), state_of(other))
    if any(e.cameo[:2] == code[:2] and (state_of(e.source), state_of(e.target)) == pair
           for e in (*found, *made)):  # fmt: skip
        return
    made.append(EventCandidate(
        sentence_index=sentence_index, trigger=trigger.text, trigger_start=trigger.i,
        cameo=code, source=speaker, target=other,
        rule=f"speech:events/data/speech.yaml:{entry}"))


def _subtree(token: ParsedToken) -> range:
    return range(token.left_edge.i, token.right_edge.i + 1)


def _provokes(condition: ParsedToken, words: SpeechWords, found: list[EventCandidate]) -> bool:
    """Whether the condition is an act of force or provocation ("if Iraqi raids prevented")."""
    span = _subtree(condition)
    if any(e.trigger_start in span and e.cameo[:2] in _HOSTILE_ROOTS for e in found):
        return True
    doc = condition.doc
    return any(
        doc[i].lemma_.lower() in words.force or doc[i].lemma_.lower() in words.provocations
        for i in span
    )


_HOSTILE_ROOTS = frozenset({"11", "12", "13", "14", "15", "16", "17", "18", "19", "20"})


def _would_follow(consequence: ParsedToken, modal: ModalityWords) -> bool:
    """Whether the consequence is said as what would or will happen ("would use", "is able to
    give a lesson", "will respond")."""
    node = consequence
    for _ in range(3):
        auxiliaries = {c.lower_ for c in node.children if c.dep_ in {"aux", "auxpass"}}
        if auxiliaries & (modal.future_aux | modal.hypothetical_aux | {"'ll", "wo"}):
            return True
        if node.lemma_.lower() in modal.hypothetical_adjectives | {"ready", "prepared"}:
            return True
        if node.dep_ not in {"xcomp", "acomp"} or node.head == node:
            return False
        node = node.head
    return False


def _uses(consequence: ParsedToken, condition: ParsedToken, vocabulary: frozenset[str]) -> bool:
    """Whether the consequence (outside its condition) has a word of `vocabulary`."""
    doc = consequence.doc
    skip = _subtree(condition)
    near = [consequence, *(doc[i] for i in _subtree(consequence) if i not in skip)]
    return any(t.lemma_.lower() in vocabulary or t.lower_ in vocabulary for t in near)


def _speakers(
    consequence: ParsedToken, index: MentionIndex, modal: ModalityWords
) -> list[ActorMention]:
    """Who says it: the subject of the verb of saying the consequence hangs from. Without one
    ("Russia would attack Turkey if ...") it is the author's supposition, not a threat."""
    node = consequence
    for _ in range(5):
        if node.lemma_.lower() in modal.report and node is not consequence:
            subject = grammatical_subject(node) or quoted_speaker(node)
            return actors_of(subject, index)
        if node.head == node:
            break
        node = node.head
    for said in consequence.children:  # '"We will respond if ...," he said'
        if said.dep_ in {"parataxis", "ccomp"} and said.lemma_.lower() in modal.report:
            return actors_of(grammatical_subject(said), index)
    return []


def _threatened(
    consequence: ParsedToken, condition: ParsedToken, index: MentionIndex, home: str
) -> ActorMention | None:
    """The state the force would fall on: one named where it would happen ("confrontation
    would continue in Chad"), else the one whose act is the condition."""
    doc = consequence.doc
    skip = _subtree(condition)
    where = [i for i in index.offsets_in(consequence.left_edge.i, consequence.right_edge.i + 1)
             if i not in skip and i > consequence.i]  # fmt: skip
    return _other_state(where, index, doc, home) or _other_state(
        index.offsets_in(skip.start, skip.stop), index, doc, home
    )


def _other_state(
    offsets: list[int], index: MentionIndex, doc: ParsedDoc, home: str
) -> ActorMention | None:
    """The first actor at these token offsets of a state other than `home` (not a pronoun)."""
    for i in offsets:
        for mention in index.all_at(doc[i]):
            if state_of(mention) not in {None, home} and mention.kind != "pronoun":
                return mention
    return None


def condemnations(
    sentence: ParsedSpan,
    sentence_index: int,
    index: MentionIndex,
    modal: ModalityWords,
    found: list[EventCandidate],
) -> list[EventCandidate]:
    """Denunciations by name in a sentence (see the module); `found`: its events so far."""
    words = speech_words()
    made: list[EventCandidate] = []
    for token in sentence:
        # "are protectionist and illegal": a coordinated name is said of the same thing.
        anchor = token
        while anchor.dep_ == "conj" and anchor.head != anchor:
            anchor = anchor.head
        if _condemns(token, anchor, words):
            named = _named(anchor, words, modal)
        elif _condemns_as_modifier(token, words):
            # "Japan's unfair practices": said in the clause of the nearest verb above it
            named = _clause_verb(token), _subtree(token.head)
        else:
            continue
        if named is None:
            continue
        verb, thing = named
        if not thing:
            continue
        if verb.lemma_.lower() in words.naming:
            speakers = actors_of(grammatical_subject(verb), index)
        else:
            speakers = _speakers(verb, index, modal)
        speaker = next((s for s in speakers if speaks_for_state(s, sentence.doc)), None)
        home = state_of(speaker)
        if speaker is None or home is None:
            continue
        author = _author(thing, index, found, home, sentence.doc)
        if author is None:
            continue
        codes = ["111"]
        if _blames(token, words):
            codes = ["112"]
        elif token.lower_ in words.dismissive_adjectives:
            codes = ["120"]  # "said the Chinese figures were inaccurate": a rejection
        elif _proposed(thing, sentence.doc, words):
            codes = ["120", "111"]  # "called the offer a ploy": rejected, and decried
        for code in codes:
            _add(made, found, sentence_index, token, code, speaker, author,
                 f"condemnations:{token.lemma_.lower()}")
    return made


def _condemns(token: ParsedToken, anchor: ParsedToken, words: SpeechWords) -> bool:
    """A condemning name, or "an act of" one, or a condemning adjective said of something
    (`anchor`: the first of the words coordinated with it)."""
    named_as = (anchor.dep_ == "pobj" and anchor.head.lower_ == "as") or (
        anchor.dep_ == "amod" and any(c.lower_ == "as" for c in anchor.children)
    )  # "described the policy as colonialist" (the tagger reads a name or a modifier)
    if named_as and (
        token.lower_ in words.condemning_adjectives or token.lower_ in words.dismissive_adjectives
    ):
        return True
    if token.pos_ == "ADV":
        # "said Sweden had acted irresponsibly": conduct condemned by its manner
        return (
            token.dep_ == "advmod"
            and token.head.lemma_.lower() in _CONDUCT
            and _adjective_of(token.lower_) in words.condemning_adjectives
        )
    if token.pos_ == "ADJ":
        return anchor.dep_ in {"acomp", "oprd"} and (
            token.lower_ in words.condemning_adjectives
            or token.lower_ in words.dismissive_adjectives
            or _blames(token, words)
        )
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    if token.lemma_.lower() in words.condemnations:
        return True
    if token.lemma_.lower() in words.acts | {"act"} and any(
        c.dep_ == "amod" and c.lower_ in words.condemning_adjectives for c in token.children
    ):
        return True  # "this is a hostile act", "called it an illegal step"
    return any(
        c.dep_ == "prep" and c.lower_ == "of"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in words.condemnations
                for g in c.children)
        for c in token.children
    ) and token.lemma_.lower() == "act"  # fmt: skip


# "one of the flaws", "another of its provocations": a name said of the subject all the same
_ONE_OF = frozenset({"one", "another", "some", "part"})

# Verbs of conduct whose manner can condemn ("acted illegally", "behaved recklessly").
_CONDUCT = frozenset({"act", "behave", "react", "respond", "proceed"})


def _adjective_of(adverb: str) -> str:
    """The adjective an adverb is made from: irresponsibly → irresponsible, illegally → illegal,
    recklessly → reckless."""
    for ending, replacement in (("ibly", "ible"), ("ably", "able"), ("ally", "al"), ("ly", "")):
        if adverb.endswith(ending):
            return adverb[: -len(ending)] + replacement
    return adverb


def _condemns_as_modifier(token: ParsedToken, words: SpeechWords) -> bool:
    """ "unfair trade practices": a condemning modifier of a noun (whose author is sought)."""
    return (
        token.dep_ == "amod"
        and token.lower_ in words.attributive
        and token.head.pos_ in {"NOUN", "PROPN"}
    )


def _clause_verb(token: ParsedToken) -> ParsedToken:
    """The nearest verb above a word (the word itself when there is none)."""
    node = token
    while node.head != node:
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            return node
    return token


def _proposed(thing: range, doc: ParsedDoc, words: SpeechWords) -> bool:
    """Whether the thing named is a proposal or claim ("the Turkish proposals")."""
    if not thing:
        return False
    head = doc[thing.start : thing.stop].root
    return head.lemma_.lower() in words.proposals or head.lower_ in words.proposals


def _blames(token: ParsedToken, words: SpeechWords) -> bool:
    """ "responsible for the attack", "guilty of": blame laid on the subject."""
    return token.lower_ in words.blaming_adjectives and any(
        c.dep_ == "prep" and c.lower_ in {"for", "of"} for c in token.children
    )


def _named(
    noun: ParsedToken, words: SpeechWords, modal: ModalityWords
) -> tuple[ParsedToken, range] | None:
    """(the verb that names, the tokens of the thing named) around a condemning noun, or None."""
    if noun.pos_ == "ADV":  # "had acted irresponsibly": the actor's conduct
        subject = child(noun.head, {"nsubj"})
        return (noun.head, _subtree(subject)) if subject is not None else None
    head = noun.head
    for _ in range(2):
        # "called the strikes a provocation" (and its misparses, the noun one step below the
        # verb): the thing named stands between the verb and the name.
        if head.lemma_.lower() in words.naming and head.i < noun.i:
            return head, range(head.i + 1, noun.left_edge.i)
        if head.lower_ == "as" or head.dep_ in {"oprd", "dobj", "ccomp", "prep"}:
            head = head.head
            continue
        break
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in _ONE_OF:
        noun = noun.head.head  # "the waiver is one of the basic flaws of the rules"
    head = noun.head
    if noun.dep_ in {"attr", "acomp"} and head.lemma_ == "be":
        subject = child(head, {"nsubj"})
        if subject is None:
            return None
        if subject.pos_ == "PRON":
            # '"This is a provocation," the ministry said of the strikes': the "of" phrase.
            said = _said_of(head, modal)
            return (head, _subtree(said)) if said is not None else None
        return head, _subtree(subject)
    return None


def _said_of(verb: ParsedToken, modal: ModalityWords) -> ParsedToken | None:
    """What the speaker of a quoted clause speaks of: "said of ...", "said, referring to ...",
    "said in reference to ..."."""
    for candidate in (verb.head, *verb.children):
        if candidate.lemma_.lower() in modal.report:
            for c in candidate.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    return child(c, {"pobj"})
                referring = c.dep_ == "advcl" and c.lemma_.lower() == "refer"
                reference = c.dep_ == "prep" and c.lower_ == "in" and (
                    (pobj := child(c, {"pobj"})) is not None and pobj.lower_ == "reference"
                )
                if referring or reference:
                    holder = c if referring else child(c, {"pobj"})
                    to = next((g for g in holder.children if g.dep_ == "prep"  # type: ignore[union-attr]
                               and g.lower_ == "to"), None)  # fmt: skip
                    if to is not None:
                        return child(to, {"pobj"})
    return None


def _author(
    thing: range, index: MentionIndex, found: list[EventCandidate], home: str, doc: ParsedDoc
) -> ActorMention | None:
    """Whose act the named thing is: an event's source found in it, else an actor in it."""
    for event in found:
        if event.trigger_start in thing and state_of(event.source) not in {None, home}:
            return event.source
    return _other_state(index.offsets_in(thing.start, thing.stop), index, doc, home)


_PHONE_CALL = "041"


def without_naming_calls(events: list[EventCandidate], doc: ParsedDoc) -> list[EventCandidate]:
    """Drop the telephone calls that are namings: "called the move a mistake" (a naming verb
    with an object predicate)."""
    naming = speech_words().naming

    def names(event: EventCandidate) -> bool:
        verb = doc[event.trigger_start]
        if event.cameo != _PHONE_CALL or verb.lemma_.lower() not in naming:
            return False
        return any(c.dep_ == "oprd" for c in verb.children)

    return [e for e in events if e.rule.startswith("speech") or not names(e)]


def allegations(
    sentence: ParsedSpan,
    sentence_index: int,
    index: MentionIndex,
    modal: ModalityWords,
    found: list[EventCandidate],
) -> list[EventCandidate]:
    """ "Japan charged that South Korea was dumping steel": a state alleging wrongdoing in a
    clause accuses (or complains of) the state the clause is about (speech.yaml `alleging`)."""
    words = speech_words()
    made: list[EventCandidate] = []
    doc = sentence.doc
    for verb in sentence:
        code = words.alleging.get(verb.lemma_.lower())
        if code is None or verb.pos_ not in {"VERB", "AUX"}:
            continue
        clause = child(verb, {"ccomp"})
        subject = child(clause, {"nsubj", "nsubjpass"}) if clause is not None else None
        if subject is None:
            continue
        speaker = next((s for s in actors_of(grammatical_subject(verb), index)
                        if speaks_for_state(s, doc)), None)  # fmt: skip
        home = state_of(speaker)
        if speaker is None or home is None:
            continue
        accused = _other_state(index.offsets_in(*_span_of(subject)), index, doc, home)
        if accused is not None:
            _add(made, found, sentence_index, verb, code, speaker, accused,
                 f"alleging:{verb.lemma_.lower()}")
    return made


def _span_of(token: ParsedToken) -> tuple[int, int]:
    return token.left_edge.i, token.right_edge.i + 1


def completed_by_speech(events: list[EventCandidate]) -> list[EventCandidate]:
    """Drop an event with no target whose trigger a speech act has read with one ("Japan
    complained that South Korea ...": the complaint is Japan's against South Korea, and
    "charged that" is no arrest)."""
    completed = {
        (e.sentence_index, e.trigger_start)
        for e in events
        if e.rule.startswith("speech") and e.target is not None
    }
    return [
        e for e in events
        if e.rule.startswith("speech") or e.target is not None
        or (e.sentence_index, e.trigger_start) not in completed
    ]  # fmt: skip


def faultings(
    sentence: ParsedSpan,
    sentence_index: int,
    index: MentionIndex,
    modal: ModalityWords,
    found: list[EventCandidate],
) -> list[EventCandidate]:
    """ "Chile said Peru's policy was contradicting the treaty": a state that says another's act
    undermines, harms or contradicts something criticises it (111; speech.yaml `faulting`)."""
    words = speech_words()
    made: list[EventCandidate] = []
    doc = sentence.doc
    for verb in sentence:
        if verb.lemma_.lower() not in words.faulting or verb.pos_ != "VERB":
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue  # "said the tariffs would not harm trade"
        speaker = next((s for s in _speakers(verb, index, modal) if speaks_for_state(s, doc)),
                       None)  # fmt: skip
        home = state_of(speaker)
        if speaker is None or home is None:
            continue
        agent = child(next((c for c in verb.children if c.dep_ == "agent"), verb), {"pobj"})
        subject = child(verb, {"nsubj", "nsubjpass"})
        # The doer first ("were contradicted by actions of the U.S."), else the subject.
        for doer in (agent, subject):
            if doer is None or doer.pos_ == "PRON":
                continue
            author = _author(_subtree(doer), index, found, home, doc)
            if author is not None:
                _add(made, found, sentence_index, verb, "111", speaker, author,
                     f"faulting:{verb.lemma_.lower()}")
                break
    return made


def warnings(
    sentence: ParsedSpan,
    sentence_index: int,
    index: MentionIndex,
    modal: ModalityWords,
    found: list[EventCandidate],
) -> list[EventCandidate]:
    """ "Kenya warned that Uganda would pay for the raids": a state that says another will pay,
    suffer or face something warns it (130), with force ("would face a military response")
    threatens it (138). A warning ("warned that Uganda would ...") of anything the other state
    will do or undergo warns it; one of force that the speaker itself would use ("warned it
    would strike") threatens any other state named in it (speech.yaml `warning`, `comeuppance`).
    """
    words = speech_words()
    made: list[EventCandidate] = []
    doc = sentence.doc
    for verb in sentence:
        lemma = verb.lemma_.lower()
        warns = lemma in words.warning
        if verb.pos_ != "VERB" or not (warns or lemma in modal.report):
            continue
        first = child(verb, {"ccomp"})
        if first is None or any(c.dep_ == "neg" for c in verb.children):
            continue
        speaker = next((s for s in actors_of(grammatical_subject(verb), index)
                        if speaks_for_state(s, doc)), None)  # fmt: skip
        home = state_of(speaker)
        if speaker is None or home is None:
            continue
        # "said Washington did not seek confrontation, but would not let Iran ...": each
        # coordinated clause is said
        clauses = [first, *(c for c in first.children if c.dep_ == "conj" and is_verbal(c))]
        # (or, parsed beside the verb of saying, its own: "said ..., but would not let Iran")
        clauses += [c for c in verb.children if c.dep_ == "conj" and is_verbal(c)
                    and child(c, {"nsubj", "nsubjpass"}) is None]  # fmt: skip
        for clause in clauses:
            if not _would_follow(clause, modal):
                continue
            warning = _warning(clause, warns, index, home, words)
            if warning is not None:
                warned, code = warning
                _add(made, found, sentence_index, verb, code, speaker, warned,
                     f"warning:{lemma}")
    return made


def is_verbal(token: ParsedToken) -> bool:
    return token.pos_ in {"VERB", "AUX"}


def _own_words(clause: ParsedToken) -> list[ParsedToken]:
    """A clause's words without the clauses coordinated with it."""
    doc = clause.doc
    skip: set[int] = set()
    for c in clause.children:
        if c.dep_ == "conj":
            skip.update(_subtree(c))
    return [doc[i] for i in _subtree(clause) if i not in skip]


def _warning(
    clause: ParsedToken, warns: bool, index: MentionIndex, home: str, words: SpeechWords
) -> tuple[ActorMention, str] | None:
    """(the state warned, the code) of one clause said by a state of `home`, or None."""
    doc = clause.doc
    own = _own_words(clause)
    force = any(t.lemma_.lower() in words.force or t.lower_ in words.force for t in own)
    harm = force or any(t.lemma_.lower() in words.harm for t in own)
    # "would pay dearly", "would face the consequences"; a verb of warning needs no harm
    undergoes = clause.lemma_.lower() in words.comeuppance and (warns or harm)
    subject = child(clause, {"nsubj", "nsubjpass"})
    offsets = [i for i in index.offsets_in(*_span_of(clause)) if i in {t.i for t in own}]
    if clause.lemma_.lower() in words.forbidding and any(
        c.dep_ == "neg" for c in clause.children
    ):
        # "would not let Iran use its missiles", "will not tolerate any Iranian attack"; an
        # act of the other state, not a thing ("would not allow American rice imports")
        if child(clause, {"ccomp", "xcomp"}) is None and not force:
            return None
        warned = _other_state([i for i in offsets if i > clause.i], index, doc, home)
        return (warned, "138" if force else "130") if warned is not None else None
    if subject is not None and subject.pos_ != "PRON" and (warns or undergoes):
        warned = _other_state(index.offsets_in(*_span_of(subject)), index, doc, home)
        if warned is not None and warned.sector not in _ACCUSED_SECTORS:
            warned = None  # "American farmers would suffer": a state's people, not it
        if warned is not None:
            return warned, "138" if force and undergoes else "130"
    if warns and force:
        warned = _other_state(offsets, index, doc, home)
        return (warned, "138") if warned is not None else None
    return None


# Prepositions that name what a complaint is about: "protested to the UN over Turkish flights".
_ABOUT = frozenset({"over", "about", "against", "at", "concerning"})


def complaints_about(
    sentence: ParsedSpan,
    sentence_index: int,
    index: MentionIndex,
    modal: ModalityWords,
    found: list[EventCandidate],
) -> list[EventCandidate]:
    """ "Cyprus protested to the United Nations over violations by the Turkish air force": a
    complaint lodged with an international body about another state's act is also one against
    that state (114)."""
    made: list[EventCandidate] = []
    doc = sentence.doc
    for event in found:
        if event.sentence_index != sentence_index or not event.cameo.startswith("114"):
            continue
        if event.target is None or event.target.kind != "igo":
            continue
        home = state_of(event.source)
        if event.source is None or home is None:
            continue
        verb = doc[event.trigger_start]
        for prep in verb.children:
            about = child(prep, {"pobj"}) if prep.dep_ == "prep" and prep.lower_ in _ABOUT else None
            if about is None:
                continue
            author = _author(_subtree(about), index, found, home, doc)
            if author is not None and author.kind != "igo":
                _add(made, found, sentence_index, verb, "114", event.source, author,
                     "complaint to a body")
    return made


_QUOTES = frozenset({'"', "\u201c", "\u201d", "''", "``"})
_FIRST_PERSON = frozenset({"we", "i", "us", "me", "our", "my"})


def quote_speaker(
    pronoun: ParsedToken, index: MentionIndex, modal: ModalityWords
) -> ActorMention | None:
    """Who "we" or "I" is in a quotation that runs over several sentences: 'Baker told the
    committee, "Our position is clear. We do not support ..."' — the speaker named where the
    quotation opens or closes. None outside a quotation or with no such speaker."""
    if pronoun.lower_ not in _FIRST_PERSON:
        return None
    doc = pronoun.doc
    before = [t.i for t in doc[: pronoun.i] if t.text in _QUOTES]
    if len(before) % 2 == 0:
        return None  # not inside a quotation
    opening = doc[before[-1]]
    closing = next((t for t in doc[pronoun.i :] if t.text in _QUOTES), None)
    # '..., Baker told the committee, "...': a verb of saying before the opening quote
    candidates = [doc[i] for i in range(_sentence_start(doc, opening.i), opening.i)]
    if closing is not None:  # '"...," he said': or after the closing one
        candidates += [doc[i] for i in range(closing.i + 1, _sentence_end(doc, closing.i))]
    for verb in candidates:
        if verb.lemma_.lower() in modal.report and verb.pos_ == "VERB":
            speakers = actors_of(grammatical_subject(verb), index)
            if speakers:
                return speakers[0]
    return None


def _sentence_start(doc: ParsedDoc, i: int) -> int:
    return next((a for a, b in doc.sentence_bounds if a <= i < b), i)


def _sentence_end(doc: ParsedDoc, i: int) -> int:
    return next((b for a, b in doc.sentence_bounds if a <= i < b), i + 1)


def drawn_reactions(
    sentence: ParsedSpan,
    sentence_index: int,
    index: MentionIndex,
    modal: ModalityWords,
    found: list[EventCandidate],
) -> list[EventCandidate]:
    """ "The American move drew sharp criticism from Japan": a reaction an act draws from a
    state is that state's, against the act's author (speech.yaml `reactions`, `drawing`)."""
    words = speech_words()
    made: list[EventCandidate] = []
    doc = sentence.doc
    for noun in sentence:
        code = words.reactions.get(noun.lemma_.lower())
        if code is None or noun.pos_ != "NOUN":
            continue
        verb = noun.head
        if noun.dep_ == "pobj":  # "met with protests from Tokyo"
            verb = verb.head
        if verb.lemma_.lower() not in words.drawing or verb.pos_ != "VERB":
            continue
        origin = next((p for p in (*noun.children, *verb.children)
                       if p.dep_ == "prep" and p.lower_ == "from"), None)  # fmt: skip
        reactor = child(origin, {"pobj"}) if origin is not None else None
        speaker = next((m for m in actors_of(reactor, index) if state_of(m) is not None), None)
        home = state_of(speaker)
        act = child(verb, {"nsubj", "nsubjpass"})
        if speaker is None or home is None or act is None:
            continue
        if act.lemma_.lower() not in words.acts and not any(
            e.trigger_start in _subtree(act) for e in found
        ):
            continue  # "Japanese textbooks draw complaints": a thing, not a state's act
        author = _author(_subtree(act), index, found, home, doc)
        if author is not None:
            _add(made, found, sentence_index, noun, code, speaker, author,
                 f"reactions:{noun.lemma_.lower()}")
    return made
