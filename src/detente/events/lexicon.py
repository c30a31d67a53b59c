"""Loaders for the event lexicons in `data/` (verb patterns, modality words, code chains,
nominals).

One loader per kind, each reading its file through `detente.datafiles` and validating it; an
error is a `DataFileError` naming file and line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from detente.actors.lexicon import hyphenated_words
from detente.datafiles import read_tsv, read_yaml
from detente.errors import DataFileError
from detente.events.ontology import DATA_DIR, is_code

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # detente/: ours are named relative to it

NO_EVENT = "none"  # lexicon key for patterns that deliberately code nothing


@dataclass(frozen=True, slots=True)
class Element:
    """One element after the verb: a particle/preposition word and/or object lemmas."""

    word: str | None  # particle or preposition that must be present ("out", "to")
    objects: frozenset[str]  # lemmas its object must have (empty: any)
    target: bool = False  # "@word": the object of this preposition is the target actor


@dataclass(frozen=True, slots=True)
class VerbPattern:
    lemma: str
    code: str  # CAMEO code, or NO_EVENT
    direct_objects: frozenset[str]  # lemmas of the direct object (empty: no constraint)
    elements: tuple[Element, ...]
    text: str
    line: int
    mutual: bool = False  # "<>": coordinated subjects act on each other ("A and B exchanged fire")
    received: bool = False  # "<-": the subject receives; the giver is "from X" ("received aid")
    source: str = ""  # the file it comes from ("events/data/verbs.yaml"), for `entry`
    written: str = ""  # the pattern as the file writes it, word classes unexpanded

    @property
    def entry(self) -> str:
        """Where an analyst finds the pattern: "events/data/verbs.yaml:accuse"."""
        return f"{self.source}:{self.written or self.text}"

    @property
    def specificity(self) -> int:
        """More constraints beat fewer: "lift +sanction @on" > "lift +sanction" > "lift +*"."""
        inner = sum(2 + _weight(e.objects) for e in self.elements)
        return inner + _weight(self.direct_objects)


ANY = "*"  # "+*": any direct object at all ("return +*" returns something)
ACTOR = "@"  # "+@": the direct object names an actor, the target ("warned Japan that ...")


def _weight(objects: frozenset[str]) -> int:
    """Named objects say the most ("fire +shell" beats "fire at"), any object the least."""
    if not objects:
        return 0
    return 1 if objects & {ANY, ACTOR} else 3


_WORD = re.compile(r"^[a-z][a-z'\-]*$")
_CLITIC = re.compile(r"^'?[a-z][a-z'\-]*$")  # a word or a clitic as tokenized ("'ll", "'d")


def file_label(path: Path) -> str:
    """How records name a lexicon file: relative to the package for ours
    ("events/data/verbs.yaml"), the file's name for a user's."""
    try:
        return path.resolve().relative_to(PACKAGE_DIR).as_posix()
    except ValueError:
        return path.name


CLASSES = "classes"  # the verbs file's table of word classes ("$sign: [sign, ink, seal]")
MUTUAL = "<>"
RECEIVED = "<-"
_CLASS = re.compile(r"\$[a-z_]+")


def _word_classes(raw: object, where: str, line: int) -> dict[str, tuple[str, ...]]:
    """Word classes by name ("$sign" → sign, ink, seal, ...), validated."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DataFileError(f"{CLASSES} must map $names to word lists", path=where, line=line)
    classes: dict[str, tuple[str, ...]] = {}
    for name, words in raw.items():
        if not isinstance(name, str) or not _CLASS.fullmatch(name):
            raise DataFileError(f"class name {name!r} must look like $name", path=where, line=line)
        if not isinstance(words, list) or not words or not all(
            isinstance(w, str) and all(_WORD.match(part) for part in w.split()) for w in words
        ):
            raise DataFileError(f"class {name} must list lower-case words", path=where, line=line)
        classes[name] = tuple(words)
    return classes


def expand_classes(
    text: str, classes: dict[str, tuple[str, ...]], *, where: str, line: int
) -> list[str]:
    """A pattern with its word classes written out: "$sign +$accord" becomes one pattern per verb
    of `$sign`, each with every noun of `$accord` in its object list."""
    for name in _CLASS.findall(text):
        if name not in classes:
            raise DataFileError(f"unknown word class {name} in {text!r}", path=where, line=line)

    def members(match: re.Match[str]) -> str:
        return "|".join(classes[match.group(0)])

    head, _, rest = text.strip().partition(" ")
    rest = re.sub(r"(?<=[+|])\$[a-z_]+", members, rest)
    if not head.startswith("$"):
        return [f"{head} {rest}".strip()]
    return [f"{verb} {rest}".strip() for verb in classes[head]]


def parse_pattern(
    text: str, code: str, *, where: str, line: int, source: str = ""
) -> VerbPattern:
    """Parse one pattern string such as "lift +sanction|embargo" or "call @on"."""
    words = text.split()
    mutual = bool(words) and words[-1] == MUTUAL
    if mutual:
        words = words[:-1]
    received = bool(words) and words[-1] == RECEIVED
    if received:
        words = words[:-1]
    if not words or not _WORD.match(words[0]):
        raise DataFileError(f"pattern {text!r} must start with a verb lemma", path=where, line=line)
    direct: frozenset[str] = frozenset()
    elements: list[Element] = []
    for word in words[1:]:
        if word.startswith("+"):
            lemmas = frozenset(w for w in word[1:].split("|") if w)
            if not lemmas or not all(_WORD.match(w) or w in {ANY, ACTOR} for w in lemmas):
                raise DataFileError(f"bad object list {word!r} in {text!r}", path=where, line=line)
            if elements and not elements[-1].objects:
                last = elements[-1]
                elements[-1] = Element(last.word, lemmas, last.target)
            elif not direct and not elements:
                direct = lemmas
            else:
                raise DataFileError(
                    f"object list {word!r} has nothing to attach to", path=where, line=line
                )
        else:
            target = word.startswith("@")
            bare = word[1:] if target else word
            if not _WORD.match(bare):
                raise DataFileError(f"bad word {word!r} in {text!r}", path=where, line=line)
            elements.append(Element(bare, frozenset(), target))
    return VerbPattern(words[0], code, direct, tuple(elements), text, line, mutual=mutual,
                       received=received, source=source or where)  # fmt: skip


def load_verb_patterns(
    path: Path | None = None, *, label: str | None = None
) -> dict[str, list[VerbPattern]]:
    """Verb patterns by lemma, most specific first (`label`: how records name the file)."""
    path = path or DATA_DIR / "verbs.yaml"
    label = label or file_label(path)
    doc = read_yaml(path)
    data = doc.mapping()
    where = doc.path
    by_lemma: dict[str, list[VerbPattern]] = defaultdict(list)
    seen: dict[str, str] = {}
    classes = _word_classes(data.pop(CLASSES, None), where, doc.line(CLASSES) or 0)
    for code, patterns in data.items():
        if code != NO_EVENT and not is_code(code):
            raise doc.error(f"{code!r} is not a CAMEO code", code)
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise doc.error(f"{code} must hold a list of patterns", code)
        for number, written in enumerate(patterns):
            line = doc.line(code, number) or 0
            for text in expand_classes(written, classes, where=where, line=line):
                pattern = parse_pattern(text, code, where=where, line=line, source=label)
                if text != written:
                    pattern = replace(pattern, written=written)
                key = " ".join(text.split())
                if seen.get(key) == code and text != written:
                    continue  # a class member also written out under the same code
                if key in seen:
                    raise DataFileError(
                        f"pattern {text!r} is listed under {seen[key]} and {code}",
                        path=where,
                        line=line,
                    )
                seen[key] = code
                by_lemma[pattern.lemma].append(pattern)
    for patterns in by_lemma.values():
        patterns.sort(key=lambda p: -p.specificity)
    return dict(by_lemma)


def load_verb_lexicon(path: str | Path, *, label: str | None = None
                      ) -> dict[str, list[VerbPattern]]:
    """A user's verb lexicon: our YAML format (.yaml, .yml; see data/README.md) or a
    PETRARCH/TABARI verb dictionary (any other file). `label` names it in records."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError("no such verb lexicon file", path=str(path))
    if path.suffix.lower() in {".yaml", ".yml"}:
        return load_verb_patterns(path, label=label or path.name)
    from detente.events.petrarch_verbs import read_petrarch_verbs

    return read_petrarch_verbs(path, label=label)


def merge_verbs(
    base: dict[str, list[VerbPattern]], *extra: dict[str, list[VerbPattern]]
) -> dict[str, list[VerbPattern]]:
    """`base` with the patterns of `extra` lexicons added; a pattern written the same way
    (same words) in a later lexicon replaces the earlier one, and among patterns as specific
    as each other a later lexicon's come first (so they win)."""
    merged = {lemma: list(patterns) for lemma, patterns in base.items()}
    for lexicon in extra:
        for lemma, patterns in lexicon.items():
            own = {" ".join(p.text.split()) for p in patterns}
            kept = [p for p in merged.get(lemma, []) if " ".join(p.text.split()) not in own]
            merged[lemma] = sorted([*patterns, *kept], key=lambda p: -p.specificity)
    return merged


@dataclass(frozen=True, slots=True)
class ModalityWords:
    intent: frozenset[str]
    offer: frozenset[str]
    plan: frozenset[str]
    attempt: frozenset[str]
    aspect: frozenset[str]
    consider: frozenset[str]
    supposition: frozenset[str]
    claim_nouns: frozenset[str]
    threat: frozenset[str]
    appeal: frozenset[str]
    demand: frozenset[str]
    bidding_appeal: frozenset[str]
    bidding_demand: frozenset[str]
    keeping: frozenset[str]
    stance: frozenset[str]
    kept_rules: frozenset[str]
    refusal: frozenset[str]
    failure: frozenset[str]
    report: frozenset[str]
    claim: frozenset[str]
    belief: frozenset[str]
    hypothetical_adjectives: frozenset[str]
    prospects: frozenset[str]
    hindrance: frozenset[str]
    denial: frozenset[str]
    demand_aux: frozenset[str]
    appeal_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    future_aux: frozenset[str]
    conditional: frozenset[str]
    delayed: frozenset[str]
    negation: frozenset[str]
    helping: frozenset[str]


def load_modality(path: Path | None = None) -> ModalityWords:
    """The words of `data/modality.yaml`: every field of `ModalityWords`, a list of words."""
    path = path or DATA_DIR / "modality.yaml"
    doc = read_yaml(path)
    data = doc.mapping()
    fields = ModalityWords.__dataclass_fields__
    values: dict[str, frozenset[str]] = {}
    for name in fields:
        items = data.get(name)
        if not isinstance(items, list) or not all(
            isinstance(w, str) and _CLITIC.match(w) for w in items
        ):
            raise doc.error(f"{name} must be a list of words", name)
        values[name] = frozenset(items)
    unknown = set(data) - set(fields)
    if unknown:
        name = sorted(unknown)[0]
        raise doc.error(f"unknown key {name!r}", name)
    return ModalityWords(**values)


# Verbs that pass their meaning to the event of their clausal complement ("agreed to lift
# sanctions"), by kind: each kind is a word list of modality.yaml, and a verb listed under two
# kinds is of the first one here. chains.tsv has a column for each kind that changes the code.
CHAIN_KINDS = (
    "intent", "offer", "threat", "refusal", "failure", "appeal", "demand", "consider", "plan",
    "attempt", "aspect",
)  # fmt: skip


# Besides the kinds, chains.tsv says what an intent *not* to do a hostile act is ("pledged not
# to attack", "promised never to impose sanctions"): an intent to yield (035x), column "forgo".
FORGO = "forgo"


def load_chains(path: Path | None = None) -> dict[str, dict[str, str]]:
    """Inner code prefix → {kind: code} (see `data/chains.tsv`)."""
    path = path or DATA_DIR / "chains.tsv"
    chains: dict[str, dict[str, str]] = {}
    # The header names "inner" and a column for each chain kind that changes the code.
    for row in read_tsv(
        path, ("inner",), allowed=(*CHAIN_KINDS, FORGO), complete=True, strip=False
    ):
        inner = row.cells["inner"]
        kinds = [column for column in row.cells if column != "inner"]
        if not inner.isdigit():
            raise DataFileError(f"bad code prefix {inner!r}", path=str(path), line=row.line)
        codes: dict[str, str] = {}
        for kind in kinds:
            code = row.cells[kind]
            if code and not is_code(code):
                raise DataFileError(
                    f"{code!r} is not a CAMEO code", path=str(path), line=row.line
                )
            if code:
                codes[kind] = code
        chains[inner] = codes
    return chains


def chain_code(chains: dict[str, dict[str, str]], inner: str, kind: str) -> str:
    """The code of `inner` under a verb of `kind`; the inner code itself when no row applies."""
    for size in range(len(inner), 1, -1):
        row = chains.get(inner[:size])
        if row is not None and kind in row:
            return row[kind]
    return inner


@dataclass(frozen=True, slots=True)
class Nominals:
    """Event nouns, copular adjectives, intent adjectives and actor prefixes (nominals.yaml)."""

    nouns: dict[str, list[VerbPattern]]
    adjectives: dict[str, str]
    intent_adjectives: frozenset[str]
    prefixes: dict[str, str]
    protest_nouns: frozenset[str]
    planned: frozenset[str]
    called_off: frozenset[str]
    light_verbs: frozenset[str]
    containers: frozenset[str]
    suffered: frozenset[str]
    meeting_preps: frozenset[str]
    abstract_heads: frozenset[str]
    belonging_participles: frozenset[str]
    reciprocal_codes: frozenset[str]
    counterpart_codes: dict[str, str]
    trade_flows: frozenset[str]
    official_sectors: frozenset[str]
    months: frozenset[str]
    evidence_nouns: frozenset[str]
    carried_target_codes: frozenset[str]
    standing_nouns: frozenset[str]
    answering_verbs: frozenset[str]
    source: str = "events/data/nominals.yaml"  # how records name the file
    allegiance_adjectives: frozenset[str] = frozenset()
    complaint_verbs: frozenset[str] = frozenset()
    capability_words: frozenset[str] = frozenset()
    military_movements: frozenset[str] = frozenset()
    holding_participles: frozenset[str] = frozenset()
    relation_nouns: frozenset[str] = frozenset()  # "relations between Egypt and Jordan"
    relation_verbs: frozenset[str] = frozenset()  # "relations ... improved": mended (050)
    flagged_carriers: frozenset[str] = frozenset()
    exercise_nouns: frozenset[str] = frozenset()
    departures: frozenset[str] = frozenset()  # "withdrawal from Afghanistan": "from" is left
    state_verbs: frozenset[str] = frozenset()

    def entry(self, section: str, word: str) -> str:
        """Where an analyst finds a word: "events/data/nominals.yaml:adjectives:hostile"."""
        return f"{self.source}:{section}:{word}"


def load_nominals(path: Path | None = None) -> Nominals:
    path = path or DATA_DIR / "nominals.yaml"
    label = file_label(path)
    doc = read_yaml(path)
    data = doc.mapping()
    where = doc.path

    def section(name: str) -> object:
        if name not in data:
            raise doc.error(f"missing section {name!r}")
        return data[name]

    def words(name: str) -> frozenset[str]:
        items = section(name)
        if not isinstance(items, list) or not all(
            isinstance(w, str) and _WORD.match(w) for w in items
        ):
            raise doc.error(f"{name} must list words", name)
        return frozenset(items)

    def optional_words(name: str) -> frozenset[str]:
        return words(name) if name in data else frozenset()

    def sectors(name: str) -> frozenset[str]:
        items = section(name)
        if not isinstance(items, list) or not all(
            isinstance(w, str) and re.fullmatch("[A-Z]{3}", w) for w in items
        ):
            raise doc.error(f"{name} must list three-letter sectors", name)
        return frozenset(items)

    def coded(name: str) -> dict[str, object]:
        table = section(name)
        if not isinstance(table, dict):
            raise doc.error(f"{name} must be a mapping", name)
        out = {str(k): v for k, v in table.items()}
        for code in out:
            if not is_code(code) and name != "prefixes":
                raise doc.error(f"{code!r} in {name} is not a CAMEO code", name, code)
        return out

    nouns: dict[str, list[VerbPattern]] = defaultdict(list)
    seen: set[str] = set()
    for code, patterns in coded("nouns").items():
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise doc.error(f"nouns {code} must hold a list of patterns", "nouns", code)
        for number, text in enumerate(patterns):
            line = doc.line("nouns", code, number) or 0
            pattern = parse_pattern(text, code, where=where, line=line, source=label)
            key = " ".join(text.split())
            if key in seen:
                raise DataFileError(f"noun pattern {text!r} listed twice", path=where, line=line)
            seen.add(key)
            nouns[pattern.lemma].append(pattern)
    for patterns in nouns.values():
        patterns.sort(key=lambda p: -p.specificity)
    adjectives: dict[str, str] = {}
    for code, items in coded("adjectives").items():
        if not isinstance(items, list):
            raise doc.error(f"adjectives {code} must list words", "adjectives", code)
        for word in items:
            adjectives[str(word)] = code
    prefixes = {str(k): str(v) for k, v in coded("prefixes").items()}
    for prefix, code in prefixes.items():
        if not is_code(code):
            raise doc.error(f"prefix code {code!r} is not a CAMEO code", "prefixes", prefix)
    reciprocal = section("reciprocal_codes")
    if not isinstance(reciprocal, list) or not all(is_code(str(c)) for c in reciprocal):
        # (a root such as "03" is a code of the table too)
        raise doc.error("reciprocal_codes must list CAMEO codes", "reciprocal_codes")
    counterparts = section("counterpart_codes")
    if not isinstance(counterparts, dict) or not all(
        is_code(str(k)) and is_code(str(v)) for k, v in counterparts.items()
    ):
        raise doc.error(
            "counterpart_codes must map CAMEO codes to CAMEO codes", "counterpart_codes"
        )
    carried = section("carried_target_codes")
    if not isinstance(carried, list) or not all(is_code(str(c)) for c in carried):
        raise doc.error("carried_target_codes must list CAMEO codes", "carried_target_codes")
    return Nominals(
        nouns=dict(nouns),
        adjectives=adjectives,
        intent_adjectives=words("intent_adjectives"),
        prefixes=prefixes,
        protest_nouns=words("protest_nouns"),
        planned=words("planned"),
        called_off=words("called_off"),
        light_verbs=words("light_verbs"),
        containers=words("containers") if "containers" in data else frozenset(),
        suffered=words("suffered"),
        meeting_preps=words("meeting_preps"),
        abstract_heads=words("abstract_heads"),
        # the actor stage's table: the same words join "Saudi-led" to its coalition there
        belonging_participles=frozenset(hyphenated_words()),
        reciprocal_codes=frozenset(str(c) for c in reciprocal),
        counterpart_codes={str(k): str(v) for k, v in counterparts.items()},
        trade_flows=words("trade_flows"),
        official_sectors=sectors("official_sectors"),
        months=frozenset(month_numbers()),  # months.tsv, shared with the grounding stage
        evidence_nouns=words("evidence_nouns"),
        carried_target_codes=frozenset(str(c) for c in carried),
        standing_nouns=words("standing_nouns"),
        answering_verbs=words("answering_verbs"),
        source=label,
        allegiance_adjectives=optional_words("allegiance_adjectives"),
        complaint_verbs=optional_words("complaint_verbs"),
        capability_words=optional_words("capability_words"),
        military_movements=optional_words("military_movements"),
        holding_participles=optional_words("holding_participles"),
        relation_nouns=optional_words("relation_nouns"),
        relation_verbs=optional_words("relation_verbs"),
        flagged_carriers=optional_words("flagged_carriers"),
        exercise_nouns=optional_words("exercise_nouns"),
        departures=optional_words("departures"),
        state_verbs=optional_words("state_verbs"),
    )


@lru_cache(maxsize=1)
def month_numbers(path: Path | None = None) -> dict[str, int]:
    """Month name or abbreviation (lower case) → its number, from `data/months.tsv`; read by the
    event stage (a capitalised month is a date, not a trigger) and the grounding stage."""
    path = path or DATA_DIR / "months.tsv"
    months: dict[str, int] = {}
    for line, row in read_tsv(path, ("word", "month"), exact=True, complete=True):
        word, number = row["word"], row["month"]
        if not (word.isalpha() and word.islower() and number in {str(n) for n in range(1, 13)}):
            raise DataFileError(
                "expected a lower-case month name and its number (1-12)", path=str(path), line=line
            )
        months[word] = int(number)
    return months


# The package's own lexicons, read once. Only code that builds the defaults calls these (the
# `EventCoder` for a part it is not given, the pipeline): the stages read the lexicons they hold.


@lru_cache(maxsize=1)
def default_nominals() -> Nominals:
    return load_nominals()


@lru_cache(maxsize=1)
def default_verbs() -> dict[str, list[VerbPattern]]:
    return load_verb_patterns()


@lru_cache(maxsize=1)
def default_modality() -> ModalityWords:
    return load_modality()


@lru_cache(maxsize=1)
def default_chains() -> dict[str, dict[str, str]]:
    return load_chains()


def default_lexicon() -> tuple[
    dict[str, list[VerbPattern]], ModalityWords, dict[str, dict[str, str]]
]:
    """The package's verb patterns, modality words and code chains."""
    return default_verbs(), default_modality(), default_chains()
