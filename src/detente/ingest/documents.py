"""Turning decoded text plus metadata into a `Document`, or into the `InputError` that stops it."""

from __future__ import annotations

from detente.errors import EmptyInput, InputError, MalformedInput, NotEnglishInput
from detente.ingest.common import clean_field, input_error, log, normalize_date
from detente.ingest.html import looks_like_html, read_html_meta
from detente.ingest.language import not_english_reason
from detente.records import Document


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
) -> Document | InputError:
    """A `Document` from decoded `text` and the record's own metadata.

    `fmt` is "text", "html" or None (decide from the content). A record's own date wins over the
    `--date` option; an unreadable record date is logged and ignored rather than dropping the text.
    """
    if not text.strip():
        return input_error(EmptyInput, path, "empty: no text", line=line)
    if fmt is None:
        fmt = "html" if looks_like_html(text) else "text"
    meta_date = normalize_date(date)
    if date not in (None, "") and meta_date is None:
        where = f"{path}, line {line}" if line is not None else path
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
    )
