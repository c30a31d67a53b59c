"""Metadata of an HTML page: publication date, title, canonical URL, site name, visible text.

The article text itself is extracted later by `detente.clean` (trafilatura); here we only read
what the page declares about itself, and check that it has any visible text at all.
"""

from __future__ import annotations

import json
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
        self._title_done = False
        self._ld_parts: list[str] | None = None
        self.ld: dict[str, str] = {}  # from JSON-LD: datepublished, headline, url, publisher
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
        elif tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._ld_parts = []
        if tag == "title" and not self._title_done:
            self._in_title = True
        if tag in _INVISIBLE:
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title, self._title_done = False, True
        if tag == "script" and self._ld_parts is not None:
            _read_json_ld("".join(self._ld_parts), self.ld)
            self._ld_parts = None
        if tag in _INVISIBLE and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._ld_parts is not None:
            self._ld_parts.append(data)
            return
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


def _read_json_ld(text: str, into: dict[str, str]) -> None:
    """Publication date, headline, URL and publisher of the article described in JSON-LD."""
    try:
        data = json.loads(text)
    except ValueError:
        return  # broken structured data is common; the page itself is still readable
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k == "@graph")
            if "datePublished" not in item and "headline" not in item:
                continue
            for key in ("datePublished", "headline", "url"):
                value = item.get(key)
                if isinstance(value, str) and value.strip():
                    into.setdefault(key.lower(), value.strip())
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                into.setdefault("publisher", publisher["name"].strip())


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
    ld = parser.ld
    raw_date = _first(parser.meta, _DATE_KEYS) or ld.get("datepublished") or parser.time_datetime
    out.date = normalize_date(raw_date)
    title = (
        _first(parser.meta, _TITLE_KEYS)
        or ld.get("headline")
        or " ".join("".join(parser.title_parts).split())
    )
    out.title = title or None
    out.url = _first(parser.meta, _URL_KEYS) or ld.get("url") or parser.canonical
    out.source = _first(parser.meta, _SOURCE_KEYS) or ld.get("publisher")
    return out


def looks_like_html(text: str) -> bool:
    """True when text without a telling suffix (stdin, unknown extension) is an HTML page."""
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<") and "<body" in text[:65536].lower()
    )
