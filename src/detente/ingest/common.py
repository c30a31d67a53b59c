"""Shared pieces of ingest: limits, suffixes, error construction and date normalisation."""

from __future__ import annotations

import datetime as dt
import logging
import re

from detente.errors import (
    BinaryInput,
    EncodingInput,
    InputError,
)

log = logging.getLogger("detente.ingest")

#: Largest document accepted (bytes of UTF-8 text). One news article is rarely above 200 kB;
#: anything past this is a dump or a mistake, and reading it would blow the memory budget.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
CORPUS_SUFFIXES = (".jsonl", ".csv")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + CORPUS_SUFFIXES

# Signatures of binary formats people often pass by mistake, with a readable name.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file; convert it to text or HTML first"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx); extract the text first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "gzip-compressed data without a .gz suffix"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)


def input_error(
    cls: type[InputError], path: str, problem: str, *, line: int | None = None
) -> InputError:
    """An `InputError` whose message names the input (and line) and which carries `.path`."""
    where = f"{path}, line {line}" if line is not None else path
    return cls(f"{where}: {problem}", path=path, line=line)


def sniff_binary(data: bytes, path: str, *, line: int | None = None) -> InputError | None:
    """A `BinaryInput` (or an `EncodingInput` for UTF-16/32) when `data` is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return input_error(
            EncodingInput, path, "text is UTF-16 (byte-order mark at byte 0); save it as UTF-8",
            line=line,
        )
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return input_error(BinaryInput, path, f"binary input: {name}", line=line)
    nul = data.find(b"\x00", 0, 65536)
    if nul >= 0:
        return input_error(
            BinaryInput, path, f"binary input: NUL byte at byte offset {nul}", line=line
        )
    return None


def decode_utf8(
    data: bytes, path: str, *, line: int | None = None
) -> str | InputError:
    """Strict UTF-8 decoding (a leading BOM is dropped); the error names the byte offset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        return input_error(
            EncodingInput,
            path,
            f"not UTF-8: byte 0x{bad} at byte offset {exc.start} ({exc.reason})",
            line=line,
        )


_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|[T\s]|\d{4,6}$)")
_WRITTEN_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y")


def normalize_date(value: object) -> str | None:
    """An ISO `YYYY-MM-DD` for common metadata date forms, or None when it is not a date.

    Accepted: `2016-07-16`, `2016-07-16T09:30:00Z`, `2016/07/16`, `20160716` (GDELT style),
    `July 16, 2016`, `16 July 2016`.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    for pattern in (_ISO, _COMPACT):
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                return None
    for fmt in _WRITTEN_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(value: str, *, escape: bool = False) -> tuple[str, int]:
    """`value` with its lone surrogates repaired, and how many there were.

    JSON may carry a lone surrogate (`"\\udc80"`, half of a broken emoji in a scraped page), but
    no UTF-8 store or file can hold one. In text it becomes U+FFFD, the replacement character; with
    `escape` (ids and other metadata) it is written as its JSON escape, so two ids that differ only
    there stay apart.
    """
    if _SURROGATE.search(value) is None:  # the common case costs one scan
        return value, 0
    count = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"\\u{ord(m[0]):04x}" if escape else "\ufffd"

    return _SURROGATE.sub(fix, value), count


def clean_field(value: object) -> str | None:
    """A metadata field as a stripped string, or None when absent or empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None
