"""Pronouns and descriptions resolved to the actors they point to.

"He", "its", "they", "the two leaders", "both countries" take the country, sector, name and terms
of an antecedent found before them in the same sentence or the two sentences before; a role
without a state ("the president said") takes the state of the last actor of the same sector.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from detente.actors.loader import DATA_DIR, read_tsv
from detente.actors.quotes import we_speakers
from detente.datafiles import Where
from detente.errors import DataFileError
from detente.igos import igo_codes
from detente.parse.tokens import ParsedDoc
from detente.records import ActorMention

WINDOW = 2  # sentences before the current one where antecedents are looked for
PAIR_WINDOW = 4  # "the two leaders" may look further back for its second leader
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
STATE_KINDS = frozenset({"state", "capital", "igo", "group", "historical", "role"})
# Codes that name no state: organisations (and every code of igos.tsv), groups, "the West".
GROUP_CODES = frozenset({"IGO", "NGO", "IMG", "WST", "EUR"}) | igo_codes()
UNOWNED = ("IGO", "NGO", "IMG", "WST")  # codes of no one body: they own no role
COPULAS = frozenset({"be", "seem", "appear", "remain", "become"})
# Verbs whose speaker, not the one told, is who a pronoun subject of what they report stands
# for: "Japan told the United States that it would cut exports" (it = Japan). Not verbs of
# warning or asking, whose pronoun is the one warned or asked ("warned Kuwait that it would").
TELLING = frozenset({"tell", "inform", "assure", "notify", "promise", "pledge"})


@dataclass(frozen=True, slots=True)
class Reference:
    """What a pronoun or description may point to."""

    refers: str  # person, state, plural, speaker
    number: int
    possessive: bool


def load_references(path: Path) -> dict[str, Reference]:
    table: dict[str, Reference] = {}
    for line, row in read_tsv(path, ("refers", "number", "possessive", "forms")):
        where = Where(str(path), line)
        if row["refers"] not in ("person", "state", "plural", "speaker"):
            raise where.error("refers must be person, state, plural or speaker")
        if row["number"] not in ("1", "2") or row["possessive"] not in ("y", "n"):
            raise where.error("number must be 1 or 2, possessive y or n")
        ref = Reference(row["refers"], int(row["number"]), row["possessive"] == "y")
        for form in row["forms"].split("|"):
            if form.strip():
                table[form.strip().lower()] = ref
    return table


def _sentence_starts(doc: ParsedDoc) -> list[int]:
    if not (doc.has_annotation("DEP") or doc.has_annotation("SENT_START")):
        return [0]  # a Doc without sentence boundaries is one sentence
    return [0, *(start for start, _ in doc.sentence_bounds if start > 0)]


def _sentence_of(starts: Sequence[int], token: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:  # the last sentence start at or before the token
        mid = (lo + hi + 1) // 2
        if starts[mid] <= token:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _is_subject(doc: ParsedDoc, mention: ActorMention) -> bool:
    return doc[mention.start : mention.end].root.dep_ in SUBJECT_DEPS


def _plural(doc: ParsedDoc, mention: ActorMention) -> bool:
    return doc[mention.end - 1].tag_ in ("NNS", "NNPS") or mention.kind in ("group", "ethnic")


def load_heads(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """Head words of person descriptions and of country descriptions (data/heads.tsv)."""
    person: set[str] = set()
    country: set[str] = set()
    for line, row in read_tsv(path, ("word", "meaning")):
        if row["meaning"] not in ("person", "country"):
            raise DataFileError("meaning must be person or country", path=str(path), line=line)
        (person if row["meaning"] == "person" else country).add(row["word"].lower())
    return frozenset(person), frozenset(country)


PERSON_HEADS, COUNTRY_HEADS = load_heads(DATA_DIR / "heads.tsv")


PERSON_FORMS = frozenset(
    form
    for form, ref in load_references(DATA_DIR / "references.tsv").items()
    if ref.refers == "person"
)
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
RELATIVE_TAGS = frozenset({"WDT", "WP"})
SMALL_CLAUSE = frozenset({"ccomp", "xcomp", "oprd"})


def _fits(doc: ParsedDoc, mention: ActorMention, refers: str, country_word: bool = False) -> bool:
    if mention.country is None and not mention.terms:
        return False
    if refers == "person":
        # a pronoun stands for a person only when it is a person's pronoun ("he", not the "it"
        # of an organisation, which carries the organisation's name)
        if mention.kind == "person" or (
            mention.kind == "pronoun" and mention.name and mention.text.lower() in PERSON_FORMS
        ):
            return True
        head = doc[mention.end - 1]
        return head.lower_ in PERSON_HEADS and head.tag_ == "NN"
    if refers == "state":
        if country_word and _country(mention) in GROUP_CODES:
            return False  # "the country" is a state, never the IMF or NATO
        return mention.kind in STATE_KINDS and not (
            mention.kind == "role" and _plural(doc, mention)
        )
    return mention.kind != "person"  # plural


def _own_subject(doc: ParsedDoc, start: int) -> int | None:
    """The subject token of the verb whose object the pronoun at `start` is ("the IMF, which
    declared it ineligible": "which", read as the IMF): an object pronoun never stands for it."""
    token = doc[start]
    verb = token.head
    if token.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif token.dep_ == "nsubj" and verb.pos_ in ("ADJ", "NOUN") and verb.dep_ in SMALL_CLAUSE:
        verb = verb.head  # "declared it ineligible": the object of "declared"
    elif token.dep_ not in OBJECT_DEPS:
        return None
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None:
        return None
    if subject.tag_ in RELATIVE_TAGS and verb.dep_ == "relcl":
        return int(verb.head.i)
    return int(subject.i)


def _told_by_subject(doc: ParsedDoc, token: int) -> bool:
    """Whether a subject pronoun heads a clause that a verb of telling reports: "told the
    United States that it would ..."."""
    node = doc[token]
    if node.dep_ != "nsubj":
        return False
    node = node.head
    for _ in range(3):
        if node.dep_ != "ccomp" or node.head == node:
            return False
        node = node.head
        if node.lemma_.lower() in TELLING:
            return True
    return False


def _clause_subject(doc: ParsedDoc, token: int) -> int | None:
    """The subject of the nearest verb above a token whose subject does not hold it."""
    node = doc[token]
    for _ in range(8):
        if node.head == node:
            return None
        node = node.head
        if node.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is None:
            return None  # an infinitive's or a participle's: its own subject is not written
        if not subject.left_edge.i <= token <= subject.right_edge.i:
            return int(subject.i)
    return None


def _pick(
    doc: ParsedDoc,
    candidates: list[tuple[int, ActorMention]],
    sentence: int,
    refers: str,
    country_word: bool = False,
    bound: int | None = None,
    owner_at: int | None = None,
) -> ActorMention | None:
    """The nearest fitting antecedent; in earlier sentences a subject is preferred. `bound` is
    a token the antecedent may not cover (the subject of an object pronoun's own verb);
    `owner_at` is a possessive's token, whose clause's subject comes first in its sentence."""
    fitting = [
        (s, m)
        for s, m in candidates
        if _fits(doc, m, refers, country_word)
        and not (bound is not None and m.start <= bound < m.end)
    ]
    if refers == "plural":  # "they" without a plural antecedent is left alone
        fitting = [(s, m) for s, m in fitting if _plural(doc, m)]
    if not fitting:
        return None
    same = [m for s, m in fitting if s == sentence]
    if same and owner_at is not None:
        # "Argentina apologized to Brazil for one of its gunboats": its = the clause's subject
        subject = _clause_subject(doc, owner_at)
        held = next((m for m in same if subject is not None and m.start <= subject < m.end), None)
        if held is not None:
            return held
    if same:
        return same[-1]
    latest = max(s for s, _ in fitting)
    in_latest = [m for s, m in fitting if s == latest]
    subjects = [m for m in in_latest if _is_subject(doc, m)]
    return (subjects or in_latest)[0]


def _distinct_pair(
    doc: ParsedDoc, candidates: list[tuple[int, ActorMention]], refers: str
) -> list[ActorMention] | None:
    """'The two leaders', 'both countries': the two latest distinct actors, the earlier first."""
    seen: list[ActorMention] = []
    keys: list[object] = []
    for _, m in reversed(candidates):
        if refers == "person":
            if not _fits(doc, m, "person"):
                continue
            key: object = m.name or _country(m)
        else:
            if _country(m) is None or m.country in GROUP_CODES:
                continue
            key = _country(m)
        if key not in keys:
            keys.append(key)
            seen.append(m)
        if len(seen) == 2:
            return sorted(seen, key=lambda x: x.start)
    return None


def resolve_references(
    doc: ParsedDoc,
    mentions: list[ActorMention],
    refs: list[tuple[int, int, Reference]],
    span_text: Callable[[int, int], str] | None = None,
) -> list[ActorMention]:
    """Mentions plus resolved pronouns and descriptions, sorted by start token. `span_text`
    gives `doc[start:end].text` faster, when the caller has the token strings at hand."""
    text_of = span_text or (lambda start, end: doc[start:end].text)
    starts = _sentence_starts(doc)
    covered = {i for m in mentions for i in range(m.start, m.end) if m.country or m.name}
    # a description overrides a bare role inside it ("the two leaders"), never a named actor
    refs = [r for r in refs if covered.isdisjoint(range(r[0], r[1]))]
    # "we" is resolved last, when every mention a quotation's attribution may name is known
    spoken = [(s, e) for s, e, r in refs if r.refers == "speaker" and not _owns(mentions, e, r)]
    refs = [r for r in refs if r[2].refers != "speaker"]
    ref_tokens = {i for s, e, _ in refs for i in range(s, e)}
    items: list[ActorMention | tuple[int, int, Reference]] = [
        m for m in mentions if ref_tokens.isdisjoint(range(m.start, m.end))
    ]
    items += refs
    items.sort(key=lambda x: x.start if isinstance(x, ActorMention) else x[0])
    history: list[tuple[int, ActorMention]] = []
    out: list[ActorMention] = []
    owners: dict[int, str | None] = {}  # start of a role -> the state of "his"/"its" before it
    possessed: dict[int, int] = {}  # start of an actor phrase -> start of "his"/"its" before it
    for item in items:
        if isinstance(item, ActorMention):
            sentence = _sentence_of(starts, item.start)
            placed = item.country is None or item.country_from_dateline
            if item.start in owners and placed and item.kind == "role" and owners[item.start]:
                # "his government": the owner's state rather than the story's
                item = replace(item, country=owners[item.start], country_from_dateline=False)
            if item.start in possessed:  # the phrase includes its possessive: "his counterpart"
                begin = possessed[item.start]
                item = replace(item, start=begin, text=text_of(begin, item.end))
            item = _definite_role(doc, item, history, sentence)
            item = _possessed_role(doc, item, out)
            out.append(item)
            history.append((sentence, item))
            continue
        start, end, ref = item
        sentence = _sentence_of(starts, start)
        owned = next((m for m in mentions if m.start == end), None)
        if ref.possessive and owned is not None:
            # "his aides": the owner gives a role without a state its state
            possessed[end] = start
            window = [(s, m) for s, m in history if sentence - s <= WINDOW]
            owner = _pick(doc, window, sentence, ref.refers, owner_at=start)
            if owner is not None:
                owners[end] = _country(owner)
            continue
        if text_of(start, end).lower() == "it" and (
            doc[start].dep_ == "expl" or doc[start].head.lemma_ in COPULAS
        ):
            continue  # "it is clear that ..."
        reach = PAIR_WINDOW if ref.number == 2 else WINDOW
        window = [(s, m) for s, m in history if sentence - s <= reach]
        if ref.number == 2:
            # "the two sides": both of them, each a mention over the same words (as the two
            # states of "U.S.-Turkish"), so that events between them have both.
            antecedents = _distinct_pair(doc, window, ref.refers)
        else:
            country_word = doc[end - 1].lower_ in COUNTRY_HEADS
            bound = None if ref.possessive else _own_subject(doc, start)
            owner_at = start if ref.possessive or _told_by_subject(doc, start) else None
            one = _pick(doc, window, sentence, ref.refers, country_word, bound, owner_at)
            antecedents = [one] if one is not None else None
        if not antecedents:
            continue
        for antecedent in antecedents:
            resolved = replace(
                antecedent, start=start, end=end, text=text_of(start, end), kind="pronoun"
            )
            if ref.refers == "state" and doc[end - 1].lower_ in COUNTRY_HEADS:
                resolved = replace(resolved, sector=None, explicit_sector=False)
            if ref.refers == "state" and antecedent.terms:
                # "both countries" after two leaders: their states, not the people
                resolved = replace(
                    resolved, country=_country(antecedent), sector=None, name=None, terms=()
                )
            out.append(resolved)
        history.append((sentence, out[-len(antecedents)]))
    if spoken:
        out = sorted(out + we_speakers(doc, out, spoken), key=lambda m: m.start)
    return out


def _possessed_role(
    doc: ParsedDoc, role: ActorMention, before: list[ActorMention]
) -> ActorMention:
    """ "King Hussein's envoy", "Mubarak's spokesman": a role with no state of its own serves
    the state its possessor serves (on the event's date, through the possessor's offices)."""
    if role.kind != "role" or role.country is not None or role.start < 2:
        return role
    if doc[role.start - 1].lower_ not in {"'s", "'"}:
        return role
    owner = next((m for m in reversed(before) if m.end == role.start - 1), None)
    if owner is None or owner.kind != "person" or not owner.terms:
        return role
    return replace(role, terms=owner.terms)


def _owns(mentions: list[ActorMention], end: int, ref: Reference) -> bool:
    """A possessive before an actor phrase ("our government") is part of that phrase."""
    return ref.possessive and any(m.start == end for m in mentions)


def _country(mention: ActorMention) -> str | None:
    if mention.country is None and mention.terms:
        return mention.terms[-1].country
    return mention.country


def _definite_role(
    doc: ParsedDoc, mention: ActorMention, history: list[tuple[int, ActorMention]], sentence: int
) -> ActorMention:
    """'The president said': a role without a state takes the state of the context."""
    placed = mention.country is None or mention.country_from_dateline
    if mention.kind != "role" or not placed or mention.sector is None:
        return mention
    if mention.start == 0 or doc[mention.start - 1].lower_ != "the":
        return mention
    # a role word describes part of a state: organisations and movements ("ISIS ... the rebels")
    # lend it no state
    window = [
        m
        for s, m in history
        if sentence - s <= WINDOW and _country(m) and _country(m) not in GROUP_CODES
    ]
    same = [
        m
        for m in window
        if m.sector == mention.sector or any(t.sector == mention.sector for t in m.terms)
    ]
    # "EC foreign ministers ... the ministers": the same role word named with its owner before,
    # an organisation's included
    head = doc[mention.end - 1].lemma_.lower()
    repeated = [
        m
        for s, m in history
        if sentence - s <= PAIR_WINDOW
        and m.kind != "pronoun"
        and m.end - m.start > 1
        and doc[m.end - 1].lemma_.lower() == head
        and _country(m) not in (None, *UNOWNED)
    ]
    if repeated:
        source = repeated[-1]
    elif same:
        source = same[-1]
    elif len({_country(m) for m in window}) == 1:
        source = window[-1]
    else:
        return mention
    country = _country(source)
    if source.kind == "person" and doc[mention.end - 1].lower_ in PERSON_HEADS:
        return replace(
            mention,
            country=country,
            name=source.name,
            terms=source.terms,
            country_from_dateline=False,
        )
    return replace(mention, country=country, country_from_dateline=False)
