"""JSON-lines and CSV corpora, streamed one record at a time.

Memory stays bounded by the largest record: lines are read one by one (through gzip when the file
is compressed) and a line longer than `MAX_DOCUMENT_BYTES` is skipped without being held.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections import deque
from collections.abc import Iterator
from typing import IO, Any

from detente.errors import (
    EmptyInput,
    EncodingInput,
    InputError,
    MalformedInput,
    TooLargeInput,
)
from detente.ingest.common import MAX_DOCUMENT_BYTES, decode_utf8, input_error
from detente.ingest.documents import build_document, repaired
from detente.records import Document

Item = Document | InputError
#: Malformed lines at the start of a file after which it is reported once as "not JSON lines".
_GIVE_UP_AFTER = 10

TEXT_COLUMNS = ("text", "body", "content", "article", "full_text")
META_COLUMNS = {
    "id": ("id", "doc_id", "document_id"),
    "date": ("date", "pub_date", "publication_date", "published"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "source": ("source", "publisher", "outlet"),
}


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; bytes is None for a line longer than `limit`."""
    lineno = 0
    while True:
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        lineno += 1
        if len(chunk) > limit and not chunk.endswith(b"\n"):
            while True:  # drain the rest of the oversized line without keeping it
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, chunk


def read_jsonl(
    stream: IO[bytes],
    path: str,
    *,
    option_date: str | None,
    seen_ids: set[str],
) -> Iterator[Item]:
    """Documents of a JSON-lines corpus: one object per line with `id`, `text` and metadata."""
    good = 0
    leading: list[InputError] = []  # JSON errors before the first good record
    seen_any = False
    for lineno, raw in _lines(stream, MAX_DOCUMENT_BYTES):
        item = _jsonl_record(raw, path, lineno, option_date, seen_ids)
        if item is None:
            continue
        seen_any = True
        if good == 0 and isinstance(item, MalformedInput) and "not valid JSON" in item.message:
            leading.append(item)
            if len(leading) >= _GIVE_UP_AFTER:
                # A file that is not JSON lines at all gets one message, not one per line.
                yield input_error(
                    MalformedInput,
                    path,
                    f"not a JSON-lines file: the first {len(leading)} records are not JSON "
                    f"(first: {leading[0].message})",
                )
                return
            continue
        yield from leading
        leading = []
        if isinstance(item, Document):
            good += 1
        yield item
    yield from leading
    if not seen_any:
        yield input_error(EmptyInput, path, "empty corpus: no records")


def _jsonl_record(
    raw: bytes | None,
    path: str,
    lineno: int,
    option_date: str | None,
    seen_ids: set[str],
) -> Item | None:
    if raw is None:
        return input_error(
            TooLargeInput, path, f"record larger than {MAX_DOCUMENT_BYTES} bytes", line=lineno
        )
    if not raw.strip():
        return None
    text = decode_utf8(raw, path, line=lineno)
    if isinstance(text, InputError):
        return text
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return input_error(
            MalformedInput, path, f"not valid JSON: {exc.msg} at column {exc.colno}", line=lineno
        )
    if not isinstance(record, dict):
        return input_error(
            MalformedInput, path, "expected a JSON object with 'id' and 'text'", line=lineno
        )
    return _record_document(record, path, lineno, option_date, seen_ids, fmt=record.get("format"))


def _record_document(
    record: dict[str, Any],
    path: str,
    lineno: int,
    option_date: str | None,
    seen_ids: set[str],
    *,
    fmt: object = None,
) -> Item:
    body = record.get("text")
    if body is None:
        return input_error(MalformedInput, path, "record has no 'text' field", line=lineno)
    if not isinstance(body, str):
        return input_error(MalformedInput, path, "'text' is not a string", line=lineno)
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int | float | None):
        return input_error(
            MalformedInput, path, f"'id' is not a string or a number: {raw_id!r:.60}",
            line=lineno,
        )
    own_id = str(raw_id).strip() if raw_id is not None else ""
    doc_id = own_id or f"{path}:{lineno}"
    doc_id = repaired(doc_id, f"{path}, line {lineno}", "id", escape=True)
    if doc_id in seen_ids:
        return input_error(MalformedInput, path, f"duplicate id {doc_id!r}", line=lineno)
    if len(body) > MAX_DOCUMENT_BYTES // 4 and len(body.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        return input_error(
            TooLargeInput, path, f"text larger than {MAX_DOCUMENT_BYTES} bytes", line=lineno
        )
    item = build_document(
        body,
        doc_id=doc_id,
        path=path,
        fmt=fmt if fmt in ("text", "html") else None,
        option_date=option_date,
        line=lineno,
        date=record.get("date"),
        title=record.get("title"),
        url=record.get("url"),
        source=record.get("source"),
        key=f"record:{os.path.realpath(path)}#" + (f"id {own_id}" if own_id else f"line {lineno}"),
    )
    if isinstance(item, Document):
        seen_ids.add(doc_id)
    return item


def _find_column(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    return next((lowered[n] for n in names if n in lowered), None)


def _surrogate_error(row: dict[str, str], path: str, line: int) -> InputError | None:
    """Bytes that were not UTF-8 come through `surrogateescape`; name the column and offset."""
    for column, value in row.items():
        if not isinstance(value, str):
            continue
        for i, ch in enumerate(value):
            if "\udc80" <= ch <= "\udcff":
                offset = len(value[:i].encode("utf-8", "surrogateescape"))
                return input_error(
                    EncodingInput,
                    path,
                    f"not UTF-8: byte 0x{ord(ch) - 0xDC00:02x} at byte offset {offset} "
                    f"of column {column!r}",
                    line=line,
                )
    return None


def read_csv(
    stream: IO[bytes],
    path: str,
    *,
    option_date: str | None,
    seen_ids: set[str],
) -> Iterator[Item]:
    """Documents of a CSV corpus with a header, a text column and optional metadata columns."""
    text_stream = io.TextIOWrapper(
        stream, encoding="utf-8-sig", errors="surrogateescape", newline=""
    )
    if csv.field_size_limit() < MAX_DOCUMENT_BYTES:
        csv.field_size_limit(min(sys.maxsize, MAX_DOCUMENT_BYTES + 1))
    lines = _Lines(text_stream)
    # strict: a quote that does not close where a field ends is an error, not a field that
    # silently swallows the records after it
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield input_error(EmptyInput, path, "empty CSV: no header row")
        return
    except csv.Error as exc:
        yield input_error(MalformedInput, path, f"unreadable CSV header: {exc}", line=1)
        return
    text_col = _find_column(header, TEXT_COLUMNS)
    if text_col is None:
        yield input_error(
            MalformedInput,
            path,
            f"CSV has no text column (looked for {', '.join(TEXT_COLUMNS)}; "
            f"found {', '.join(repr(h) for h in header) or 'none'})",
            line=1,
        )
        return
    meta = {key: _find_column(header, names) for key, names in META_COLUMNS.items()}
    index = {name: i for i, name in enumerate(header)}

    def get(row: list[str], col: str | None) -> str | None:
        return row[index[col]] if col is not None and index[col] < len(row) else None

    rows = 0
    while True:
        lines.start_record()
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows += 1
            yield _row_error(exc, lines, header, path)
            reader = csv.reader(lines, strict=True)  # a fresh parser at the next line
            continue
        line = lines.record_line
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        record = {h: row[i] for i, h in enumerate(header) if i < len(row)}
        bad = _surrogate_error(record, path, line)
        if bad is not None:
            yield bad
            continue
        if index[text_col] >= len(row):
            yield input_error(
                MalformedInput,
                path,
                f"row has {len(row)} fields, the header {len(header)}: no text",
                line=line,
            )
            continue
        fields: dict[str, Any] = {k: get(row, col) for k, col in meta.items()}
        fields["text"] = get(row, text_col)
        yield _record_document(fields, path, line, option_date, seen_ids)
    if rows == 0:
        yield input_error(EmptyInput, path, "empty CSV: a header but no rows")


class _Lines:
    """The physical lines of a CSV file, numbered, remembering those of the record being read so
    that they can be read again after a quote that never closed."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.number = 0  # of the last line handed out
        self.again: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.again:
            self.number, line = self.again.popleft()
        else:
            line = self.stream.readline()
            if not line:
                raise StopIteration
            self.number += 1
        self.taken.append((self.number, line))
        return line

    def start_record(self) -> None:
        self.taken = []

    @property
    def record_line(self) -> int:
        """The line the record just read started on."""
        return self.taken[0][0] if self.taken else self.number

    def read_again(self, taken: list[tuple[int, str]]) -> None:
        self.again.extendleft(reversed(taken))


def _row_error(exc: csv.Error, lines: _Lines, header: list[str], path: str) -> InputError:
    """The error for a row the CSV parser refused. A quoted field that ran on over several lines
    swallowed the records after it: when the next line reads as a record of its own, those
    lines are read again; either way the message says which lines the bad record took."""
    problem = str(exc)
    taken = lines.taken
    first = lines.record_line
    if "field larger" in problem:
        return input_error(TooLargeInput, path, f"unreadable CSV row: {problem}", line=first)
    end_of_file = "end of data" in problem  # the file ended inside a quoted field
    if len(taken) <= 1:
        if end_of_file:
            return input_error(
                MalformedInput, path, f"unbalanced quote: a quoted field opened on line {first} "
                "is still open at the end of the file; this record is skipped", line=first,
            )
        return input_error(MalformedInput, path, f"unreadable CSV row: {problem}", line=first)
    last = taken[-1][0]
    rest = taken[1:]
    try:
        looks_like_record = len(next(csv.reader([rest[0][1]]))) == len(header)
    except (csv.Error, StopIteration):
        looks_like_record = False
    if looks_like_record:
        lines.read_again(rest)
        after = f"lines {rest[0][0]}-{last} are read again as records of their own"
    else:
        after = f"lines {rest[0][0]}-{last} are not read"
    if end_of_file:
        problem = "still open at the end of the file"
    return input_error(
        MalformedInput,
        path,
        f"unbalanced quote: a quoted field opened on line {first} runs on to line {last} "
        f"({problem}); this record is skipped and {after}",
        line=first,
    )
