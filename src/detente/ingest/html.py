"""Metadata of an HTML page: publication date, title, canonical URL, site name, visible text.

The article text itself is extracted later by `detente.clean` (trafilatura); here we only read
what the page declares about itself, and check that it has any visible text at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from detente.ingest.common import normalize_date

# <meta> names and properties that carry the publication date, most specific first.
_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
)
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "headline")
_URL_KEYS = ("og:url",)
_SOURCE_KEYS = ("og:site_name", "application-name", "publisher")
_INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "svg"}


@dataclass
class HtmlMeta:
    """What an HTML page says about itself."""

    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    visible_chars: int = 0
    visible_sample: list[str] = field(default_factory=list)

    @property
    def sample(self) -> str:
        return " ".join(self.visible_sample)


class _MetaParser(HTMLParser):
    _SAMPLE_LIMIT = 8000  # characters of visible text kept for the language check

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title_parts: list[str] = []
        self.time_datetime: str | None = None
        self._skip_depth = 0
        self._in_title = False
        self.result = HtmlMeta()
        self._sample_len = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"]
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href") or None
        elif (
            # <time datetime=…> inside the page; only trusted when marked as the publication.
            tag == "time"
            and self.time_datetime is None
            and ("pubdate" in a or a.get("itemprop", "").lower() == "datepublished")
        ):
            self.time_datetime = a.get("datetime") or None
        if tag == "title":
            self._in_title = True
        if tag in _INVISIBLE:
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _INVISIBLE and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._skip_depth:
            return
        text = data.strip()
        if not text:
            return
        self.result.visible_chars += len(text)
        if self._sample_len < self._SAMPLE_LIMIT:
            self.result.visible_sample.append(text)
            self._sample_len += len(text)


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = meta.get(key, "").strip()
        if value:
            return value
    return None


def read_html_meta(html: str) -> HtmlMeta:
    """Parse `html` once and return its declared metadata and visible-text size."""
    parser = _MetaParser()
    parser.feed(html)
    parser.close()
    out = parser.result
    raw_date = _first(parser.meta, _DATE_KEYS) or parser.time_datetime
    out.date = normalize_date(raw_date)
    title = _first(parser.meta, _TITLE_KEYS) or " ".join("".join(parser.title_parts).split())
    out.title = title or None
    out.url = _first(parser.meta, _URL_KEYS) or parser.canonical
    out.source = _first(parser.meta, _SOURCE_KEYS)
    return out


def looks_like_html(text: str) -> bool:
    """True when text without a telling suffix (stdin, unknown extension) is an HTML page."""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<") and "<body" in text[:65536].lower()
    )
