"""The grounding stage: each event's date (with precision), place and issue tags.

Per document, date expressions are found in one pass over the text and places only in sentences
that hold events; per event, the expression attached to the event's clause wins, a scene-setting
expression ("In the 1970s, ...") carries to the following past-tense sentences of its paragraph,
caption dates stay in their caption, and the publication date is used only when the tense allows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from detente.events.lexicon import ModalityWords, default_modality
from detente.ground.clauses import (
    ABOVE,
    COMPLEMENT,
    ELSEWHERE,
    ClauseWords,
    attach_verb,
    attachment_rank,
    clause_verb,
    conditional,
    conditional_heads,
    tense,
)
from detente.ground.data import PRECISIONS, GroundWords, load_words
from detente.ground.dates import (
    DateExpr,
    anchor_words,
    find_dates_near_anchors,
    prepare,
    truncate,
    word_tokens,
)
from detente.ground.issues import IssueTagger
from detente.ground.places import (
    Entry,
    Gazetteer,
    PlaceMention,
    document_senses,
    find_places,
    gazetteer,
    span_text,
    verb_forms,
)
from detente.parse.tokens import ParsedDoc, ParsedSpan, ParsedToken
from detente.records import DocContext, EventCandidate, Grounding, Place

log = logging.getLogger("detente.ground")
# Expressions that put a point on the story's timeline (not decades, periods or sequels).
_TIMELINE_KINDS = frozenset({"full", "month_day", "month_year", "month", "year", "weekday",
                             "relative"})
_LETTERS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class _Found:
    """A date expression located in the parse."""

    expr: DateExpr
    span: ParsedSpan
    verb: ParsedToken
    fronted: bool  # opens its sentence ("In the 1970s, ..."): sets the scene for what follows
    attributive: int | None = None  # a bare year modifying this noun ("the 1965 treaty")


class _Dates:
    """The date expressions of each sentence, searched when first asked for."""

    __slots__ = ("_search", "_found")

    def __init__(self, search: Callable[[int], list[_Found]], n_sentences: int) -> None:
        self._search = search
        self._found: list[list[_Found] | None] = [None] * n_sentences

    def __getitem__(self, k: int) -> list[_Found]:
        found = self._found[k]
        if found is None:
            found = self._found[k] = self._search(k)
        return found

    def __len__(self) -> int:
        return len(self._found)

    def __iter__(self) -> Iterator[list[_Found]]:
        return (self[k] for k in range(len(self._found)))


@dataclass(slots=True)
class _DocState:
    sents: list[ParsedSpan]
    text: str  # the document's text, read once
    dates: _Dates
    pub: dt.date | None
    context: DocContext
    paragraph_ref: dict[int, tuple[dt.date, str] | None] = field(default_factory=dict)
    carried: dict[int, _Found | None] = field(default_factory=dict)
    carried_across: set[int] = field(default_factory=set)  # carried over a paragraph break
    places: dict[int, list[PlaceMention]] = field(default_factory=dict)
    issues: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # the story's dates in reading order: (character offset, date, precision); see _timeline
    timeline: list[tuple[int, dt.date, str]] | None = None
    senses: dict[str, Entry] | None = None  # place names the document pins down
    facts: dict[int, tuple[frozenset[int], bool]] = field(default_factory=dict)


def _doc_text(doc: ParsedDoc, context: DocContext) -> str:
    """The document's text: the paragraphs joined by a blank line, as the Doc was made from
    them (checked at three tokens), else `doc.text` (slower: it makes a Token per word)."""
    if len(doc) and context.paragraphs:
        text = "\n\n".join(p.text for p in context.paragraphs)
        probes = (doc[0], doc[len(doc) // 2], doc[-1])
        if all(text[t.idx:t.idx + len(t.text)] == t.text for t in probes) and \
                not text[probes[-1].idx + len(probes[-1].text):].strip():
            return text
    return doc.text


def _iso(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


class Grounder:
    """`Grounder().ground(doc, candidates, context)` -> one `Grounding` per candidate."""

    def __init__(self, *, extra_issues: str | Path | None = None,
                 words: GroundWords | None = None, modality: ModalityWords | None = None) -> None:
        self.words = words or load_words()
        # Tense and conditions are read with the event stage's modality words.
        self.clause_words = ClauseWords.of(modality or default_modality())
        self._object_forms = verb_forms(self.words.place_object_verbs)
        self._time_preps = frozenset(p for p in self.words.period_prepositions if " " not in p)
        self._anchors = anchor_words(self.words)
        prepare(self.words)
        markers = "|".join(re.escape(m) for m in self.words.historical_markers)
        self._markers = re.compile(rf"(?<!\w)(?:{markers})(?!\w)", re.IGNORECASE)
        # A quick test before the tokens are looked at: a marker, or a supposition verb in any
        # of its forms ("imagined"), starts a word of the sentence.
        conditions = "|".join(re.escape(m) for m in self.clause_words.conditional_markers)
        self._conditions = re.compile(rf"\b(?:{conditions})", re.IGNORECASE)
        self.issue_tagger = IssueTagger(extra=extra_issues)
        # Built with the stage (once per process, about a second), not on the first document:
        # a process's load time stays apart from its throughput.
        self._gazetteer: Gazetteer | None = gazetteer()

    def __getstate__(self) -> dict[str, object]:
        # Sent to worker processes without the gazetteer: each process builds its own once.
        state = self.__dict__.copy()
        state["_gazetteer"] = None
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._gazetteer = gazetteer()

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = gazetteer()
        return self._gazetteer

    # -- per document -------------------------------------------------------------------------

    def _prepare(self, doc: ParsedDoc, candidates: list[EventCandidate],
                 context: DocContext) -> _DocState:
        sents = list(doc.sents)
        doc_text = _doc_text(doc, context)

        def dates_in(k: int) -> list[_Found]:
            sent = sents[k]
            # Words from the text, not spaCy tokens: making Token objects costs more than the
            # search itself.
            text = span_text(sent, doc_text)
            # Most sentences hold no digit and no calendar word: two C-level scans rule them out.
            if not _DIGIT.search(text) and self._anchors.isdisjoint(_LETTERS.findall(text.lower())):
                return []
            tokens = word_tokens(text)
            located = (self._locate(doc, sent, expr) for expr in
                       find_dates_near_anchors(text, tokens, self.words, offset=sent.start_char))
            return [found for found in located if found is not None]

        # Searched when a sentence is first asked about: most events need their own sentence
        # and those before it in the paragraph, not every sentence of the document.
        return _DocState(sents, doc_text, _Dates(dates_in, len(sents)), _iso(context.pub_date),
                         context)

    def _timeline(self, state: _DocState) -> list[tuple[int, dt.date, str]]:
        """The story's own timeline, in reading order (captions aside): what "the same day" and
        "two months later" count from. Built on first use; a sequel met while building it counts
        from the points before it, which are already in place."""
        if state.timeline is not None:
            return state.timeline
        state.timeline = []
        context = state.context
        for k, found_here in enumerate(state.dates):
            para = self._paragraph(context, k)
            if para is not None and para < len(context.paragraphs) and \
                    context.paragraphs[para].is_caption:
                continue
            for f in found_here:
                if f.expr.kind == "sequel":
                    value = self._value(state, f, state.pub, future=False, past=True)
                elif f.expr.kind in _TIMELINE_KINDS:
                    value = f.expr.resolve(state.pub, past=True)
                else:
                    continue
                if value is not None:
                    point = (f.expr.start, dt.date.fromisoformat(value[0]), value[1])
                    state.timeline.append(point)
        return state.timeline

    def _locate(self, doc: ParsedDoc, sent: ParsedSpan, expr: DateExpr) -> _Found | None:
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None or span.start < sent.start or span.end > sent.end:
            return None
        if expr.kind == "year" and not _plausible_year(span):
            return None
        first = span.start
        while first > sent.start and doc[first - 1].is_punct:
            first -= 1
        opener = first - sent.start <= 2 and (
            first == sent.start or doc[sent.start].pos_ in ("CCONJ", "ADV", "SCONJ", "PUNCT")
        )
        fronted = opener and span.end < sent.end and doc[span.end].text == ","
        return _Found(expr, span, attach_verb(span), fronted or (opener and expr.historical),
                      self._attributive(expr, span))

    def _attributive(self, expr: DateExpr, span: ParsedSpan) -> int | None:
        """The noun a bare year describes ("the 1965 treaty"), unless that noun is itself a time
        ("after the 2016 election")."""
        root = span.root
        if expr.kind != "year" or not expr.text.isdigit() or root.head is root:
            return None
        noun = root.head
        if root.dep_ not in ("nummod", "compound", "amod", "nmod") or \
                noun.pos_ not in ("NOUN", "PROPN"):
            return None
        if noun.dep_ == "pobj" and noun.head.lower_ in self._time_preps:
            return None
        return noun.i

    def _paragraph(self, context: DocContext, index: int) -> int | None:
        if 0 <= index < len(context.sentence_paragraphs):
            return context.sentence_paragraphs[index]
        return None

    def _reference(self, state: _DocState, context: DocContext,
                   para: int | None) -> tuple[dt.date, str] | None:
        """The date relative expressions count from: a caption's own full date, else the
        publication date."""
        if para is None:
            return (state.pub, "") if state.pub else None
        if para in state.paragraph_ref:
            return state.paragraph_ref[para]
        ref: tuple[dt.date, str] | None = (state.pub, "") if state.pub else None
        if 0 <= para < len(context.paragraphs) and context.paragraphs[para].is_caption:
            for i, sent_dates in enumerate(state.dates):
                if self._paragraph(context, i) != para:
                    continue
                full = next((f for f in sent_dates if f.expr.kind == "full"), None)
                if full is not None:
                    value = full.expr.resolve(None)
                    if value is not None:
                        ref = (dt.date.fromisoformat(value[0]), full.expr.text)
                        break
        state.paragraph_ref[para] = ref
        return ref

    def _carried(self, state: _DocState, context: DocContext, index: int) -> _Found | None:
        """The scene-setting expression in force at sentence `index` (from earlier sentences of
        its paragraph that stayed in the past tense)."""
        if index in state.carried:
            return state.carried[index]
        result: _Found | None = None
        para = self._paragraph(context, index)
        previous_para = self._paragraph(context, index - 1) if index > 0 else None
        if para is not None and previous_para is not None and previous_para != para:
            result = self._carried_across(state, context, index, previous_para)
        elif index > 0 and para is not None and previous_para == para:
            previous = index - 1
            # What sets the scene: an opening expression ("In the 1970s, ..."), else a decade
            # or period on the sentence's main verb (not one deep in a complement).
            found = state.dates[previous]
            root = state.sents[previous].root
            setting = [f for f in found if f.fronted] or [
                f for f in found if f.expr.historical and f.verb.i == root.i]
            if setting:
                result = setting[-1]
            else:
                verb_tense = tense(clause_verb(root), self.clause_words)
                if verb_tense == "past":
                    result = self._carried(state, context, previous)
                    if previous in state.carried_across:
                        state.carried_across.add(index)
        state.carried[index] = result
        return result

    def _carried_across(self, state: _DocState, context: DocContext, index: int,
                        previous_para: int) -> _Found | None:
        """A paragraph that opens in the past tense with no date of its own goes on where the
        story left off: the last day, month or year of the previous paragraph's closing
        sentence, when that sentence told of the past too ("... on August 2, 2019, Japan
        removed ..." / "Seoul retaliated."). Captions are no part of the story's thread."""
        previous = index - 1
        if context.paragraphs[previous_para].is_caption or context.paragraphs[
                self._paragraph(context, index) or 0].is_caption:
            return None
        root = state.sents[previous].root
        if tense(clause_verb(root), self.clause_words) != "past":
            return None
        # Only the story's thread (a day, a month, a year) crosses the break; a decade or a
        # period ("In the 1970s, ...") sets the scene of its own paragraph alone.
        found = [f for f in state.dates[previous] if f.attributive is None
                 and f.expr.kind in ("full", "month_year", "month_day", "year")]
        if not found:
            return None
        state.carried_across.add(index)
        return found[-1]

    # -- per event ----------------------------------------------------------------------------

    def ground(self, doc: Doc | ParsedDoc, candidates: list[EventCandidate],
               context: DocContext) -> list[Grounding]:
        """One `Grounding` per candidate, in the same order."""
        if not candidates:
            return []
        doc = ParsedDoc.of(doc)
        state = self._prepare(doc, candidates, context)
        return [self._ground_one(doc, c, context, state) for c in candidates]

    def _ground_one(self, doc: ParsedDoc, cand: EventCandidate, context: DocContext,
                    state: _DocState) -> Grounding:
        index = cand.sentence_index
        if not 0 <= index < len(state.sents):
            log.warning("%s: sentence %d out of range", context.doc_id, index)
            return Grounding()
        sent = state.sents[index]
        pos = min(max(cand.trigger_start, sent.start), sent.end - 1)
        trigger = doc[pos]
        verb = clause_verb(trigger)
        verb_tense = tense(verb, self.clause_words)
        if cand.modality in ("intended", "hypothetical") and verb_tense != "past":
            verb_tense = "future"
        elif verb_tense != "future" and conditional(verb, self._sentence_facts(state, sent,
                                                                              index)[0]):
            verb_tense = "modal"  # a condition is not a dated fact
        para = self._paragraph(context, index)
        date, precision, date_text = self._date(state, context, sent, index, para, trigger, verb,
                                                verb_tense, cand)
        place = self._place(state, sent, index, trigger, verb, cand)
        issues = self._issues(state, context, sent, index, para)
        return Grounding(date, precision, date_text, place, issues)

    def _date(self, state: _DocState, context: DocContext, sent: ParsedSpan, index: int,
              para: int | None, trigger: ParsedToken, verb: ParsedToken, verb_tense: str,
              cand: EventCandidate) -> tuple[str | None, str | None, str | None]:
        ref_pair = self._reference(state, context, para)
        ref = ref_pair[0] if ref_pair else None
        future = verb_tense == "future"
        own = state.dates[index]
        # A future or conditional event keeps only its own clause's date: "were told last week
        # that the government would act" does not date the act.
        limit = COMPLEMENT if verb_tense in ("future", "modal") else ELSEWHERE
        ranked = []
        for n, f in enumerate(own):
            if f.expr.kind == "ahead" and not future:
                continue  # "the first visit in twelve years" is no date
            if f.expr.kind == "sequel" and self._story_date(state, f) is None:
                continue
            if f.attributive is not None and f.attributive != trigger.i:
                continue  # "the 1965 treaty" dates the treaty, not "accused ... of violating"
            rank = attachment_rank(trigger, verb, f.span.root, f.verb)
            if rank <= limit:
                ranked.append((rank, abs(f.span.start - trigger.i), n))
        if ranked:
            best = own[min(ranked)[2]]
            value = self._value(state, best, ref, future=future, past=verb_tense == "past")
            if value is None:
                return None, None, best.expr.text
            return value[0], value[1], best.expr.text
        if verb_tense == "past":
            carried = self._carried(state, context, index)
            if carried is not None:
                value = self._value(state, carried, ref, future=False, past=True)
                if value is not None:
                    if index in state.carried_across and value[1] == "day":
                        # the next paragraph goes on from that day, not on it
                        return value[0][:8] + "01", "month", carried.expr.text
                    return value[0], value[1], carried.expr.text
        if future or verb_tense in ("modal", "none") or ref_pair is None:
            return None, None, None
        if self._historical(sent, cand, index, state, verb, verb_tense):
            return None, None, None
        # No date of its own: the caption's date in a caption, else the publication date.
        return ref_pair[0].isoformat(), "day", ref_pair[1] or None

    def _value(self, state: _DocState, found: _Found, ref: dt.date | None, *, future: bool,
               past: bool) -> tuple[str, str] | None:
        """Resolve an expression: a sequel from the story's last date (no finer than that date
        was given), others from `ref`."""
        if found.expr.kind == "sequel":
            point = self._story_date(state, found)
            if point is None:
                return None
            value = found.expr.resolve(point[0], past=True)
            if value is None:
                return None
            precision = max(value[1], point[1], key=PRECISIONS.index)
            return truncate(dt.date.fromisoformat(value[0]), precision).isoformat(), precision
        return found.expr.resolve(ref, future=future, past=past)

    def _story_date(self, state: _DocState, found: _Found) -> tuple[dt.date, str] | None:
        """The last date the story gave before `found` ("On August 24, ... the same day")."""
        timeline = self._timeline(state)
        at = bisect.bisect_left(timeline, (found.expr.start,)) - 1
        return (timeline[at][1], timeline[at][2]) if at >= 0 else None

    def _historical(self, sent: ParsedSpan, cand: EventCandidate, index: int, state: _DocState,
                    verb: ParsedToken, verb_tense: str) -> bool:
        """Signs that an event belongs to history, not to the news of the day: a historical
        actor, or in the past tense a word that sets the sentence in history."""
        for mention in (cand.source, cand.target):
            if mention is not None and mention.kind == "historical":
                return True
        if verb_tense != "past":
            return False
        for child in verb.children:
            if child.dep_ == "advmod" and child.lower_ in self.words.historical_adverbs:
                following = child.nbor(1).lower_ if child.i + 1 < len(child.doc) else ""
                if following not in ("again", "more"):
                    return True
        return self._sentence_facts(state, sent, index)[1]

    def _sentence_facts(self, state: _DocState, sent: ParsedSpan,
                        index: int) -> tuple[frozenset[int], bool]:
        """Per sentence, once: the heads of its conditions, and whether it speaks of history."""
        facts = state.facts.get(index)
        if facts is None:
            text = span_text(sent, state.text)
            heads: frozenset[int] = frozenset()
            if self._conditions.search(text):  # most sentences have no "if": skip the tokens
                heads = conditional_heads(sent, self.clause_words.conditional_markers)
            facts = (heads, self._markers.search(text) is not None)
            state.facts[index] = facts
        return facts

    def _place(self, state: _DocState, sent: ParsedSpan, index: int, trigger: ParsedToken,
               verb: ParsedToken, cand: EventCandidate) -> Place | None:
        # The event's own actors decide between namesakes (Geneva, Switzerland or Illinois).
        actors = frozenset(m.country for m in (cand.source, cand.target)
                           if m is not None and m.country)
        if state.senses is None:
            state.senses = document_senses(state.text, self.gazetteer)
        if index not in state.places:
            preps = self.words.location_prepositions | self.words.motion_prepositions
            state.places[index] = find_places(
                sent, state.text, self.gazetteer, preps,
                objects_of=self.words.place_object_verbs, object_forms=self._object_forms,
                parts=self.words.place_parts, known=state.senses)
        best: tuple[tuple[int, int, int], PlaceMention] | None = None
        # A name inside a date expression is a month, not a town ("in March" is no place).
        dated = [(f.span.start, f.span.end) for f in state.dates[index]]
        for mention in state.places[index]:
            if any(a < mention.end and mention.start < b for a, b in dated):
                continue
            node = mention.prep if mention.prep is not None else sent.doc[mention.start]
            node_verb = clause_verb(node.head) if mention.prep is not None else node.head
            if mention.prep is not None and mention.prep.lower_ in self.words.motion_prepositions:
                if node_verb.lemma_ not in self.words.motion_verbs:
                    continue
                kind = 1 if mention.prep.lower_ != "from" else 2
            else:
                kind = 0
            rank = attachment_rank(trigger, verb, node, node_verb, place=True)
            if rank > ABOVE:  # a place elsewhere in the sentence is not the event's
                continue
            order = (rank, kind, abs(mention.start - trigger.i))
            if best is None or order < best[0]:
                best = (order, mention)
        if best is None:
            return self._named_in_trigger(state, trigger, actors)
        return best[1].resolve(self.gazetteer, actors, state.senses).place()

    def _named_in_trigger(self, state: _DocState, trigger: ParsedToken,
                          actors: frozenset[str]) -> Place | None:
        """A city named inside a nominal trigger: "the Geneva talks", "the Minsk accords". A
        country there is the topic, not the place ("the Syria talks")."""
        if trigger.pos_ not in ("NOUN", "PROPN"):
            return None
        names = [c for c in trigger.lefts if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
        if not names:
            return None
        first, last = min(c.left_edge.i for c in names), max(c.i for c in names)
        doc = trigger.doc
        name = state.text[doc[first].idx:doc[last].idx + len(doc[last].text)]
        entry = self.gazetteer.lookup(name, context=actors, known=state.senses)
        if entry is None or entry.kind not in ("city", "site"):
            return None
        return entry.place()

    def _issues(self, state: _DocState, context: DocContext, sent: ParsedSpan, index: int,
                para: int | None) -> tuple[str, ...]:
        if index not in state.issues:
            if para is None:
                state.issues[index] = self.issue_tagger.tag(span_text(sent, state.text))
            else:
                members = [i for i, p in enumerate(context.sentence_paragraphs)
                           if p == para and i < len(state.sents)]
                texts = [span_text(state.sents[i], state.text) for i in members]
                tagged = self.issue_tagger.tag_paragraph(texts)
                state.issues.update(zip(members, tagged, strict=True))
                if index not in state.issues:
                    state.issues[index] = self.issue_tagger.tag(span_text(sent, state.text))
        return state.issues[index]

    def document_issues(self, text: str, *, min_hits: int = 2) -> tuple[str, ...]:
        """Issues a whole document keeps returning to (at least `min_hits` mentions)."""
        counts = self.issue_tagger.hits(text)
        return tuple(t for t in self.issue_tagger.tags if counts.get(t, 0) >= min_hits)


def _plausible_year(span: ParsedSpan) -> bool:
    """A bare four-digit number is a year unless it counts something ("2000 troops")."""
    tok = span[-1]
    if tok.dep_ == "nummod" and tok.head.tag_ == "NNS":
        return False
    nxt = tok.i + 1
    doc = span.doc
    return not (nxt < len(doc) and doc[nxt].tag_ == "NNS" and tok.head.i == nxt)
