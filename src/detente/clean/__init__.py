"""Clean: turn a raw document into article paragraphs.

Removes page furniture (paywall and subscription blocks, "Advertisement", share buttons, photo
credits such as "Name / Reuters"), drops a caption printed twice (or once truncated and once in
full), flags captions so their dates stay their own, and keeps paragraph structure. HTML goes
through trafilatura first, with paywall and subscription boxes pruned.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from detente.datafiles import read_tsv
from detente.errors import DataFileError, MalformedInput
from detente.records import CleanDocument, Document, Paragraph

log = logging.getLogger("detente.clean")

# A subscription block is only ever the tail of an article: never cut the body on a stray phrase.
_PAYWALL_TAIL_SHARE = 0.6
_BULLET = re.compile(r"^\s*([•·▪◦*–-]|\d+[.)])\s+")
_END_PUNCT = re.compile(r"[.!?…:;\"”’)\]]$")
# Elements trafilatura must drop before extraction: paywall, subscription and newsletter boxes.
_PRUNE_XPATH = [
    "//*[contains(@class, 'paywall') or contains(@id, 'paywall')]",
    "//*[contains(@class, 'subscribe') or contains(@id, 'subscribe')]",
    "//*[contains(@class, 'subscription') or contains(@class, 'newsletter')]",
    "//*[contains(@class, 'advert') or contains(@class, 'promo')]",
    "//figcaption//*[contains(@class, 'credit')]",
]


@dataclass(frozen=True, slots=True)
class BoilerplateRules:
    paywall: tuple[re.Pattern[str], ...]
    drop: tuple[re.Pattern[str], ...]
    credit: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def boilerplate_rules() -> BoilerplateRules:
    """Load `data/boilerplate.tsv` (kind, regex) once."""
    kinds: dict[str, list[re.Pattern[str]]] = {"paywall": [], "drop": [], "credit": []}
    source = resources.files("detente.clean").joinpath("data/boilerplate.tsv")
    for number, row in read_tsv(source, ("kind", "regex"), exact=True, complete=True, strip=False):
        kind, pattern = row["kind"], row["regex"]
        if kind not in kinds or not pattern:
            raise DataFileError(
                "expected 'paywall|drop|credit<TAB>regex'", path=str(source), line=number
            )
        try:
            kinds[kind].append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise DataFileError(f"bad regex: {exc}", path=str(source), line=number) from exc
    return BoilerplateRules(
        tuple(kinds["paywall"]), tuple(kinds["drop"]), tuple(kinds["credit"])
    )


def _matches(patterns: tuple[re.Pattern[str], ...], line: str) -> bool:
    return any(p.search(line) for p in patterns)


def extract_html(html: str, *, name: str = "<html>") -> str:
    """Article text of an HTML page (trafilatura), paragraphs separated by newlines."""
    import trafilatura

    text = trafilatura.extract(
        html,
        prune_xpath=_PRUNE_XPATH,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=True,
    )
    if not text or not text.strip():
        raise MalformedInput(f"{name}: HTML page has no article text")
    return text


def _lines_to_paragraphs(text: str) -> list[str]:
    """Each line is a paragraph unless it is a hard-wrapped continuation of the one before."""
    paragraphs: list[str] = []
    previous_blank = True
    for raw in text.splitlines():
        line = " ".join(raw.split())  # runs of spaces as one (split() and \s agree on them)
        if not line:
            previous_blank = True
            continue
        continues = (
            paragraphs
            and not previous_blank
            and not _END_PUNCT.search(paragraphs[-1])
            and not _BULLET.match(raw)
            and (line[0].islower() or paragraphs[-1].endswith((",", "-", "—")))
        )
        if continues:
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        previous_blank = False
    return paragraphs


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def clean_text(text: str) -> tuple[list[Paragraph], list[str]]:
    """Paragraphs of article text and the lines removed (for provenance)."""
    rules = boilerplate_rules()
    lines = _lines_to_paragraphs(text)
    kept: list[Paragraph] = []
    removed: list[str] = []
    in_paywall = False
    paywall_from = int(len(lines) * (1 - _PAYWALL_TAIL_SHARE))
    for position, line in enumerate(lines):
        if position >= paywall_from and _matches(rules.paywall, line):
            in_paywall = True
            removed.append(line)
            continue
        if in_paywall:
            if _BULLET.match(line) or len(line) < 160 or _matches(rules.paywall, line):
                removed.append(line)
                continue
            in_paywall = False
        if _matches(rules.drop, line):
            removed.append(line)
            continue
        if len(line) <= 80 and _matches(rules.credit, line):
            removed.append(line)
            if kept:  # the paragraph just before a credit is the photo's caption
                kept[-1] = Paragraph(kept[-1].text, is_caption=True)
            continue
        kept.append(Paragraph(line))
    return _drop_repeats(kept, removed), removed


def _drop_repeats(paragraphs: list[Paragraph], removed: list[str]) -> list[Paragraph]:
    """Drop a paragraph printed again, or printed once truncated and then in full."""
    result: list[Paragraph] = []
    seen: list[str] = []
    for paragraph in paragraphs:
        key = _norm(paragraph.text)
        if key in seen:
            removed.append(paragraph.text)
            if paragraph.is_caption:  # a repeat of a caption marks the first print as caption
                index = seen.index(key)
                result[index] = Paragraph(result[index].text, is_caption=True)
            continue
        # A truncated print directly followed by the full text: keep the full one.
        if seen and len(seen[-1]) >= 40 and key.startswith(seen[-1]) and key != seen[-1]:
            removed.append(result[-1].text)
            caption = paragraph.is_caption or result[-1].is_caption
            result[-1] = Paragraph(paragraph.text, is_caption=caption)
            seen[-1] = key
            continue
        result.append(paragraph)
        seen.append(key)
    return result


def clean_document(document: Document) -> CleanDocument:
    """Clean one document; raises `MalformedInput` when nothing readable is left."""
    text = document.text
    if document.format == "html":
        text = extract_html(text, name=document.path)
    paragraphs, removed = clean_text(text)
    if not paragraphs:
        raise MalformedInput(f"{document.path}: no article text left after cleaning")
    if removed:
        log.debug("%s: removed %d boilerplate lines", document.path, len(removed))
    return CleanDocument(document=document, paragraphs=tuple(paragraphs), removed=tuple(removed))
