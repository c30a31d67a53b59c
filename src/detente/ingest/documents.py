"""Turning decoded text plus metadata into a `Document`, or into the `InputError` that stops it."""

from __future__ import annotations

from dataclasses import replace

from detente.errors import EmptyInput, InputError, MalformedInput, NotEnglishInput
from detente.ingest.common import (
    clean_field,
    input_error,
    log,
    normalize_date,
    repair_surrogates,
)
from detente.ingest.html import looks_like_html, read_html_meta
from detente.ingest.language import not_english_reason
from detente.records import Document

_TEXT_FIELDS = ("id", "path", "title", "url", "source", "date")


def build_document(
    text: str,
    *,
    doc_id: str,
    path: str,
    fmt: str | None,
    option_date: str | None,
    line: int | None = None,
    date: object = None,
    title: object = None,
    url: object = None,
    source: object = None,
    key: str | None = None,
) -> Document | InputError:
    """A `Document` from decoded `text` and the record's own metadata.

    `fmt` is "text", "html" or None (decide from the content). A record's own date wins over the
    `--date` option; an unreadable record date is logged and ignored rather than dropping the text.
    """
    # A file name that is not UTF-8 reaches us with surrogates too (Python's surrogateescape).
    path = repair_surrogates(path, escape=True)[0]
    where = f"{path}, line {line}" if line is not None else path
    doc_id = repaired(doc_id, where, "id", escape=True)
    text = repaired(text, where, "text")
    if not text.strip():
        return input_error(EmptyInput, path, "empty: no text", line=line)
    date, title, url, source = (
        _metadata(value, where, name)
        for name, value in (("date", date), ("title", title), ("url", url), ("source", source))
    )
    if fmt is None:
        fmt = "html" if looks_like_html(text) else "text"
    meta_date = normalize_date(date)
    if date not in (None, "") and meta_date is None:
        log.warning("%s: ignoring unreadable date %r", where, date)
    title_s, url_s, source_s = clean_field(title), clean_field(url), clean_field(source)
    visible = text
    if fmt == "html":
        meta = read_html_meta(text)
        if meta.visible_chars == 0:
            return input_error(
                MalformedInput, path, "HTML page with no visible text", line=line
            )
        meta_date = meta_date or meta.date
        title_s = title_s or meta.title
        url_s = url_s or meta.url
        source_s = source_s or meta.source
        visible = meta.sample
    reason = not_english_reason(visible)
    if reason is not None:
        return input_error(NotEnglishInput, path, reason, line=line)
    if meta_date is not None:
        pub_date, date_source = meta_date, "metadata"
    elif option_date is not None:
        pub_date, date_source = option_date, "option"
    else:
        pub_date, date_source = None, None
    return Document(
        id=doc_id,
        text=text,
        path=path,
        format=fmt,
        date=pub_date,
        date_source=date_source,
        title=title_s,
        url=url_s,
        source=source_s,
        key=repair_surrogates(key, escape=True)[0] if key is not None else None,
    )


def repaired(value: str, where: str, name: str, *, escape: bool = False) -> str:
    """`value` with lone surrogates repaired (see `repair_surrogates`), saying so in a warning."""
    fixed, count = repair_surrogates(value, escape=escape)
    if count:
        how = "written as their \\u escapes" if escape else "replaced by U+FFFD"
        log.warning("%s: %r held %d lone surrogate(s) (not Unicode characters), %s",
                    where, name, count, how)
    return fixed


def _metadata(value: object, where: str, name: str) -> str | None:
    """A metadata field as text: strings and numbers are kept, other JSON types ignored."""
    if value is None or isinstance(value, str | int | float) and not isinstance(value, bool):
        return None if value is None else repaired(str(value), where, name, escape=True)
    log.warning("%s: ignoring %r: expected a string, not %s", where, name, type(value).__name__)
    return None


def repair_document(document: Document) -> Document:
    """`document` with lone surrogates repaired in its text and metadata (documents made by the
    Python API do not pass through the readers, which repair them as they read)."""
    changes: dict[str, str] = {}
    text = repaired(document.text, document.path, "text")
    if text is not document.text:
        changes["text"] = text
    for name in _TEXT_FIELDS:
        value = getattr(document, name)
        if isinstance(value, str):
            fixed = repaired(value, document.path, name, escape=True)
            if fixed is not value:
                changes[name] = fixed
    return replace(document, **changes) if changes else document
