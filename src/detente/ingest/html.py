"""Metadata of an HTML page: publication date, title, canonical URL, site name, visible text.

The article text itself is extracted later by `detente.clean`; here we read what the page says
about itself, through trafilatura's own metadata extraction (its `<meta>` tags, JSON-LD, title,
canonical link and, through htmldate, the publication date in the page's markup or its URL), and
check that the page has any visible text at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from detente.ingest.common import normalize_date

# Elements whose text a reader never sees: not counted as the page's text.
_INVISIBLE = ("script", "style", "noscript", "template", "head", "title", "svg")
_VISIBLE_TEXT = "//text()[not({})]".format(" or ".join(f"ancestor::{t}" for t in _INVISIBLE))
_SAMPLE_LIMIT = 8000  # characters of visible text kept for the language check
# htmldate's markup search only (not its guesses from the text); dates back to 1900, since
# htmldate's own floor (1995) would drop the declared dates of archived articles.
_EARLIEST = "1900-01-01"


@dataclass
class HtmlMeta:
    """What an HTML page says about itself."""

    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    visible_chars: int = 0
    visible_sample: list[str] = field(default_factory=list)

    @property
    def sample(self) -> str:
        return " ".join(self.visible_sample)


def read_html_meta(html: str) -> HtmlMeta:
    """Parse `html` once and return its declared metadata and visible-text size."""
    from trafilatura import extract_metadata, load_html

    out = HtmlMeta()
    tree = load_html(html)
    if tree is None:
        return out
    # the visible text first: the metadata extraction reads the same tree
    size = 0
    for piece in tree.xpath(_VISIBLE_TEXT):
        text = str(piece).strip()
        if not text:
            continue
        out.visible_chars += len(text)
        if size < _SAMPLE_LIMIT:
            out.visible_sample.append(text)
            size += len(text)
    found = extract_metadata(tree, extensive=False, date_config={
        "original_date": True, "extensive_search": False, "min_date": _EARLIEST,
        "max_date": date.today().isoformat()})
    out.date = normalize_date(found.date)
    out.title = " ".join((found.title or "").split()) or None
    out.url = found.url or None
    out.source = found.sitename or None
    out.author = found.author or None
    return out


def looks_like_html(text: str) -> bool:
    """True when text without a telling suffix (stdin, unknown extension) is an HTML page."""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<") and "<body" in text[:65536].lower()
    )
