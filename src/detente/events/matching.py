"""Matching lexicon patterns against a word and its dependents."""

from __future__ import annotations

from dataclasses import dataclass

from detente.events.lexicon import ACTOR, ANY, VerbPattern
from detente.events.syntax import (
    DATIVE_DEPS,
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    RELATIVE_PRONOUNS,
    TARGET_PREPS,
    MentionIndex,
    actors_of,
    child,
    for_subject,
    resolve_relative,
    trade_partners,
)
from detente.parse.tokens import ParsedToken

_TARGET_RANK = {preposition: rank for rank, preposition in enumerate(TARGET_PREPS)}
_PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "dative", "agent", "acomp", "oprd", "advcl"})


@dataclass(slots=True)  # not frozen: made per word, and a frozen init costs 3x
class VerbMatch:
    """A pattern that fits a word, with the tokens it picked out."""

    pattern: VerbPattern
    obj: ParsedToken | None  # the verb's direct object (theme), if any
    target: ParsedToken | None  # the actor a "@prep" element named


@dataclass(slots=True)
class Frame:
    """Code, trigger and where to look for the actors of one event."""

    code: str
    trigger: ParsedToken
    trigger_text: str
    source: ParsedToken | None
    target_tokens: tuple[ParsedToken, ...]
    negated: bool
    modality: str | None  # None: decided from the context verb
    rule: str
    context: ParsedToken | None = None  # the verb whose auxiliaries and clause decide modality
    extra_sources: tuple[ParsedToken, ...] = ()  # further source heads ("talks between X and Y")
    source_fallback: tuple[ParsedToken, ...] = ()  # where to look when no source is found
    # themes whose adjective or compound names the target
    owner_tokens: tuple[ParsedToken, ...] = ()
    reciprocal: bool = False  # the sources act on each other ("talks between X and Y")
    entry: str = ""  # the lexicon entry that coded it ("events/data/verbs.yaml:accuse")
    tags: tuple[str, ...] = ()  # mechanisms that found its parts, for the event's rule


@dataclass(slots=True)
class _Site:
    """What patterns test about one word, gathered once (spaCy builds a Token per access)."""

    heads: frozenset[str]
    adjectives: frozenset[str]
    nouns: frozenset[str]
    particles: frozenset[str]
    places: tuple[ParsedToken, ...]


def _site(
    word: ParsedToken, obj: ParsedToken | None, *, objects: bool = True, places: bool = True
) -> _Site:
    """What patterns test about `word`; `objects` and `places` say whether any pattern reads
    the object's words or the words after the verb (skipping them spares building tokens)."""
    heads: set[str] = set()
    adjectives: set[str] = set()
    nouns: set[str] = set()
    if obj is not None and objects:
        heads = {t.lemma_.lower() for t in object_heads(obj)}
        for m in modifiers(obj):
            (adjectives if m.dep_ == "amod" else nouns).add(m.lemma_.lower())
    children = tuple(word.children)
    # "up" mostly completes rather than changes a verb ("beat up", "kidnapped up to 16").
    particles = frozenset(c.lower_ for c in children if c.dep_ == "prt") - {"up"}
    nearby: tuple[ParsedToken, ...] = ()
    if places:
        nearby = children + (tuple(obj.children) if obj is not None and obj is not word else ())
    return _Site(frozenset(heads), frozenset(adjectives), frozenset(nouns), particles, nearby)


def best_match(
    patterns: list[VerbPattern], word: ParsedToken, obj: ParsedToken | None, index: MentionIndex
) -> VerbMatch | None:
    """The most specific pattern that fits; a modifier match beats a head match on ties.

    ("military aid" says more than "aid").
    """
    best: tuple[int, int] | None = None
    chosen: VerbMatch | None = None
    objects = any(p.direct_objects for p in patterns)
    places = any(p.elements for p in patterns)
    key = ("site", word.i, -1 if obj is None else obj.i, objects, places)
    site = index.memo.get(key)
    if not isinstance(site, _Site):
        site = index.memo[key] = _site(word, obj, objects=objects, places=places)
    for pattern in patterns:
        if best is not None and pattern.specificity < best[0]:
            break  # patterns are sorted by specificity
        fit = fits(pattern, site, obj, index)
        if fit is None:
            continue
        target, object_rank = fit
        rank = (pattern.specificity, object_rank)
        if best is None or rank > best:
            best = rank
            chosen = VerbMatch(pattern, obj, target)
    return chosen


def direct_object(verb: ParsedToken) -> ParsedToken | None:
    """The thing acted upon: the direct object, a passive subject, or the noun a clause modifies."""
    obj = child(verb, OBJECT_DEPS)
    if obj is not None:
        return resolve_relative(obj)
    passive_subject = child(verb, PASSIVE_SUBJECT_DEPS)
    if passive_subject is not None:
        return resolve_relative(passive_subject)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head  # "sanctions imposed on Russia"
    if verb.dep_ == "relcl" and child(verb, {"nsubj"}) is not None:
        subject = child(verb, {"nsubj"})
        if subject is not None and subject.lower_ not in RELATIVE_PRONOUNS:
            return verb.head  # "the sanctions it had imposed": the clause's object is the noun
    for c in verb.children:
        if c.dep_ == "conj" and c.pos_ == "VERB":
            shared = child(c, OBJECT_DEPS)
            if shared is not None:
                return resolve_relative(shared)  # "arm and fund Kurdish militias"
    return None


def fits(
    pattern: VerbPattern,
    site: _Site,
    obj: ParsedToken | None,
    index: MentionIndex,
) -> tuple[ParsedToken | None, int] | None:
    """(target named by the pattern, how well the object matched) or None when it does not fit.

    The object rank is 2 for an adjective match, 1 for the head noun, 0 for a noun modifier.
    """
    rank = 1
    target: ParsedToken | None = None
    wanted = pattern.direct_objects
    if wanted:
        if obj is None:
            return None
        if ACTOR in wanted:
            if not actors_of(obj, index):
                return None
            target = obj
        elif ANY not in wanted:
            if site.adjectives & wanted:
                rank = 2  # "military aid": the adjective says what kind of aid
            elif site.heads & wanted:
                rank = 1
            elif site.nouns & wanted:
                rank = 0  # "war games" are games first
            else:
                return None
    # A phrasal verb is another verb: "called off" a strike is no phone call.
    if site.particles - {e.word for e in pattern.elements}:
        return None
    for element in pattern.elements:
        found = False
        for candidate in site.places:
            if candidate.lower_ != element.word or candidate.dep_ not in _PARTICLE_DEPS:
                continue
            pobj = child(candidate, {"pobj", "pcomp"})
            if candidate.dep_ == "prt" and pobj is None:
                pobj = obj  # "called off their march": a particle's object is the verb's
            if element.objects and ANY not in element.objects:
                if pobj is None:
                    continue
                # "removed X from its list of trusted partners": the noun after "of" counts too.
                lemmas = {t.lemma_.lower() for t in object_heads(pobj)}
                lemmas |= {m.lemma_.lower() for m in modifiers(pobj)}
                if not lemmas & element.objects:
                    continue
            if element.target:
                if pobj is None or not actors_of(pobj, index):
                    continue
                target = pobj
            found = True
            break
        if not found:
            return None
    return target, rank


def modifiers(token: ParsedToken) -> list[ParsedToken]:
    """Words that say what kind of thing a noun is: "military aid", "air strikes"."""
    return [c for c in token.children if c.dep_ in {"compound", "amod", "nmod"}]


def lemma_candidates(token: ParsedToken) -> list[str]:
    """The lemma, then the surface form and its regular stems ("staged" → "stage")."""
    key = (token.lemma, token.lower)
    found = _CANDIDATES.get(key)
    if found is None:
        if len(_CANDIDATES) > 100_000:
            _CANDIDATES.clear()  # bounds the memory of a long run over varied text
        found = _CANDIDATES[key] = _lemma_candidates(token.lemma_, token.lower_)
    return list(found)


# Lemma and form hashes → candidates: the same few words come back in every document.
_CANDIDATES: dict[tuple[int, int], list[str]] = {}


def _lemma_candidates(lemma: str, lower: str) -> list[str]:
    found = [lemma.lower(), lower]
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""),
                                ("ed", "e"), ("ing", ""), ("ing", "e"), ("d", "")):  # fmt: skip
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            found.append(lower[: -len(suffix)] + replacement)
    return list(dict.fromkeys(found))


def object_heads(token: ParsedToken) -> list[ParsedToken]:
    """The object and, for "a number of sanctions", the noun after "of"; for an amount
    ("720 mln dlrs in aid"), the noun after "in"."""
    heads = [token]
    amount = any(c.dep_ in {"nummod", "quantmod"} for c in token.children)
    for c in token.children:
        if c.dep_ == "prep" and (c.lower_ == "of" or (amount and c.lower_ == "in")):
            pobj = child(c, {"pobj"})
            if pobj is not None:
                heads.append(pobj)
    return heads


def target_candidates(
    verb: ParsedToken, match: VerbMatch, index: MentionIndex, *, passive: bool
) -> tuple[tuple[ParsedToken, ...], tuple[ParsedToken, ...]]:
    """Where the target may be, best first: (noun phrases, themes whose owner is the target)."""
    found: list[ParsedToken] = []
    if isinstance(match.target, ParsedToken):
        found.append(match.target)
    if match.obj is not None and not passive:
        found.extend(trade_partners(match.obj, index))  # "banned imports from Japan"
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
    if obj is None and not passive:
        for c in verb.children:
            # "met visiting Soviet Politburo member X": the parser makes the visitor the
            # object of "visiting", a clause of its own
            if c.lower_ == "visiting" and c.dep_ in {"advcl", "xcomp", "ccomp", "dobj"}:
                visitor = child(c, {"dobj"})
                if visitor is not None:
                    found.append(visitor)
    addressed = for_subject(verb) if not passive else None
    if addressed is not None:
        found.append(addressed)  # "appealed for Japan to open its market"
    if match.obj is not None and not passive:
        # "rejected a demand by the IMF for a devaluation": the theme's author answers first.
        for c in match.obj.children:
            if c.dep_ == "prep" and c.lower_ == "by" and (author := child(c, {"pobj"})):
                found.append(author)
    # "held two hours of talks with X": the noun after "of" holds the target too.
    holders = [verb] + (object_heads(match.obj) if match.obj is not None else [])
    by_preposition: list[tuple[int, int, ParsedToken]] = []
    for rank, holder in enumerate(holders):
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in _TARGET_RANK:
                pobj = child(c, {"pobj"})
                if pobj is not None:
                    by_preposition.append((_TARGET_RANK[c.lower_], rank, pobj))
    found.extend(pobj for _, _, pobj in sorted(by_preposition, key=lambda item: item[:2]))
    if match.obj is not None:
        # "lifted the sanctions it had imposed on Turkey": the target of the clause on the theme.
        for clause in match.obj.children:
            if clause.dep_ in {"relcl", "acl"} and clause != verb:
                for c in clause.children:
                    if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                        pobj = child(c, {"pobj"})
                        if pobj is not None:
                            found.append(pobj)
    # "shot down a Russian jet": failing all else, the owner of the theme (not of what is used:
    # "used force", "used its missiles" are the user's own means).
    instrument = verb.lemma_.lower() == "use"
    owners = (match.obj,) if match.obj is not None and not passive and not instrument else ()
    return tuple(found), owners
