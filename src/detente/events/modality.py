"""Whether an event happened: asserted, intended, hypothetical, reported or denied.

The words these decisions read (auxiliaries, markers of conditions, verbs of reporting, belief
and denial) are `ModalityWords`, from `data/modality.yaml`.
"""

from __future__ import annotations

from detente.events.lexicon import ModalityWords
from detente.events.matching import Frame
from detente.events.speech import quoted_speaker
from detente.events.syntax import (
    MentionIndex,
    actors_of,
    agent_of,
    child,
    grammatical_subject,
    is_negated,
)
from detente.parse.tokens import ParsedDoc, ParsedToken
from detente.records import ActorMention


def decide(
    frame: Frame, index: MentionIndex, words: ModalityWords
) -> tuple[str, bool, ActorMention | None]:
    """Whether the event of `frame` happened: (modality, negated, reported_by).

    modality is asserted, intended, hypothetical, reported or denied, or "stated" for a
    conditional threat or promise that was made (the coder codes it as the intention).
    """
    verb = frame.context if frame.context is not None else frame.trigger
    negated = frame.negated
    if frame.context is not None and frame.rule in {"noun", "compound", "prefix"}:
        negated = negated or is_negated(verb, words.negation, words.delayed)
    modality = frame.modality or "asserted"
    auxiliaries = _auxiliaries(verb)
    report_verb = reporting_verb(verb)
    conditional = conditional_clause(verb, words.conditional)
    if report_verb is not None and "would" in auxiliaries and not conditional:
        # Sequence of tenses: "said they would blockade Paris" reports a stated intention.
        auxiliaries = (auxiliaries - {"would"}) | {"will"}
    if auxiliaries & words.future_aux and frame.modality is None:
        modality = "intended"
    hypothetical = bool(auxiliaries & words.hypothetical_aux) or conditional
    if frame.rule == "verb-refusal":
        hypothetical = conditional  # "could not accept the plan" is a refusal made now
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in words.hypothetical_adjectives:
        hypothetical = True  # "unlikely to welcome", "able to help"
    if verb.dep_ == "pcomp" and verb.head.lower_ == "at" and verb.head.head.lemma_ == "aim":
        hypothetical = True  # "a meeting aimed at establishing close relations": an aim
    if frame.rule == "noun" and only_possible(frame.trigger, words):
        hypothetical = True
    reporter: ActorMention | None = None
    if report_verb is not None:
        lemma = report_verb.lemma_.lower()
        if report_verb.pos_ in {"NOUN", "PROPN"}:
            holder = child(report_verb, {"poss"}) or _subject_of_holder(report_verb)
            speakers = actors_of(holder, index)
        else:
            subject = grammatical_subject(report_verb) or quoted_speaker(report_verb)
            speakers = actors_of(subject, index) or _issuers(subject, index)
        gerund = verb.dep_ == "pcomp" and report_verb == verb.head.head
        if lemma in words.supposition:
            hypothetical = True
        elif gerund and verb.head.lower_ in {"against", "from"}:
            # "warned the US against selling", "kept Turkey from joining": not done.
            hypothetical = True
        elif gerund and lemma not in words.claim:
            reporter = None  # "praised Turkey for helping": the help is a fact
        elif lemma in words.demand or lemma in words.appeal:
            # "demanded that the US cancel its plans": what is demanded has not happened.
            hypothetical = True
        elif report_verb.pos_ in {"NOUN", "PROPN"}:
            if any(d.dep_ == "det" and d.lower_ == "no" for d in report_verb.children):
                negated = True  # "there is no evidence that Russia helped"
            elif lemma in words.claim_nouns:
                reporter = speakers[0] if speakers else None
                if modality == "asserted":
                    modality = "reported"
        elif lemma in words.belief:
            reporter = speakers[0] if speakers else None
            if auxiliaries & (words.future_aux | words.hypothetical_aux):
                hypothetical = True  # a guess about the future
            elif modality == "asserted":
                modality = "reported"
        elif lemma in words.denial:
            negated, modality = True, "denied"
            reporter = speakers[0] if speakers else None
        elif lemma in words.claim or lemma in words.report:
            reporter = speakers[0] if speakers else None
            if lemma in words.claim and modality == "asserted":
                modality = "reported"
    if (
        hypothetical
        and conditional
        and reporter is not None
        and auxiliaries & (words.future_aux | words.hypothetical_aux)
        and frame.rule.startswith("verb")
    ):
        # "said it will boycott the elections unless ...": a conditional threat or promise
        # that was made; the code becomes the stated intention (see `_assemble`).
        return "stated", negated, reporter
    if hypothetical:
        modality = "hypothetical"
    elif negated:
        modality = "denied"
    return modality, negated, reporter


def _issuers(statement: ParsedToken | None, index: MentionIndex) -> list[ActorMention]:
    """Who issued a statement that speaks: "The statement issued by Chad's embassy said ..."."""
    if statement is None:
        return []
    for clause in statement.children:
        if clause.dep_ != "acl":
            continue
        agent = agent_of(clause)
        if agent is not None:
            return actors_of(agent, index)
    return []


def only_possible(noun: ParsedToken, words: ModalityWords) -> bool:
    """An event noun that is only a prospect ("the possibilities for rapprochement", "prospects
    for an alignment") or that something keeps from happening ("interests limit cooperation")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in {"for", "of", "to"}:
        return head.head.lemma_.lower() in words.prospects
    if noun.dep_ in {"dobj", "obj"}:
        return head.lemma_.lower() in words.hindrance
    if noun.dep_ == "nsubjpass":
        return head.lemma_.lower() in words.hindrance  # "cooperation is limited by ..."
    return False


def conditional_clause(verb: ParsedToken, marks: frozenset[str]) -> bool:
    """The verb is in an "if" clause, or is the consequence of one ("if X, Russia will attack")."""
    children = list(verb.children)  # read twice: build the tokens once
    for c in children:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children):
            return True
    node = verb
    for _ in range(4):
        kids = children if node is verb else node.children
        if any(c.dep_ == "mark" and c.lower_ in marks for c in kids):
            return True
        if node.dep_ not in {"xcomp", "conj", "advcl", "ccomp"} or node.head == node:
            return False
        node = node.head
    return False


def reporting_verb(verb: ParsedToken) -> ParsedToken | None:
    """The word whose complement this clause is: "Moscow said [Ankara had shot down ...]", "the
    story [that Russian intelligence had saved him]", "accused Russia [of shelling]"."""
    node = verb
    if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.pos_ == "VERB":
        return node.head.head
    for _ in range(4):
        if node.dep_ in {"ccomp", "parataxis"} and node.head != node:
            return node.head
        that_clause = any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children)
        if node.dep_ in {"acl", "relcl"} and node.head.pos_ in {"NOUN", "PROPN"} and that_clause:
            return node.head
        if node.dep_ not in {"xcomp", "conj", "advcl"} or node.head == node:
            return None
        node = node.head
    return None


def _subject_of_holder(noun: ParsedToken) -> ParsedToken | None:
    """ "Russian papers promoted the story ...": the subject of the verb holding the noun."""
    head = noun.head
    if noun.dep_ in {"dobj", "attr", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
        return grammatical_subject(head)
    return None


def _auxiliaries(verb: ParsedToken) -> set[str]:
    """Auxiliaries of a verb and of the verbs it is the complement of ("can do to help")."""
    found: set[str] = set()
    node = verb
    for _ in range(3):
        found |= {c.lower_ for c in node.children if c.dep_ in {"aux", "auxpass"}}
        if node.dep_ != "xcomp" or node.head == node:
            break
        node = node.head
    return found - {"to"}


def according_to(doc: ParsedDoc, offsets: list[int], index: MentionIndex) -> ActorMention | None:
    """ "..., according to the Kremlin": the source that reports the sentence (`offsets`: where
    "according" occurs in it)."""
    for i in offsets:
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ == "to":
            found = actors_of(child(nxt, {"pobj"}), index)
            if found:
                return found[0]
    return None
