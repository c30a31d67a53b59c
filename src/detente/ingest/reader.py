"""`read_inputs`: paths, directories and stdin to a stream of documents and input errors."""

from __future__ import annotations

import gzip
import hashlib
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from detente.errors import (
    EmptyInput,
    InputError,
    MalformedInput,
    MissingInput,
    TooLargeInput,
    UsageError,
)
from detente.ingest.common import (
    CORPUS_SUFFIXES,
    HTML_SUFFIXES,
    MAX_DOCUMENT_BYTES,
    SUFFIXES,
    decode_utf8,
    input_error,
    log,
    normalize_date,
    sniff_binary,
)
from detente.ingest.corpora import read_csv, read_jsonl
from detente.ingest.documents import build_document
from detente.records import Document

Item = Document | InputError
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


def read_inputs(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *, date: str | None = None
) -> Iterator[Item]:
    """Documents from files, directories, corpora and stdin (`-`), in order.

    A bad input is yielded as an `InputError` (with `.path`, and `.line` for corpus records)
    and reading goes on. `date` (YYYY-MM-DD) is the publication date of documents that carry
    none of their own. Raises `UsageError` at once when `date` is not a date.
    """
    option_date = None
    if date is not None:
        option_date = normalize_date(date)
        if option_date is None or option_date != str(date).strip():
            raise UsageError(f"--date {date!r}: expected a date as YYYY-MM-DD")
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # one path given alone, not a list of one-character paths
    given: list[str] = []
    for path in paths:
        if not isinstance(path, str | os.PathLike):
            raise UsageError(f"inputs: expected paths (str or Path), not {type(path).__name__} "
                             f"{path!r:.60}")
        given.append(os.fspath(path) if not isinstance(path, str) else path)
    return _read_all(given, option_date)


def _read_all(paths: list[str], option_date: str | None) -> Iterator[Item]:
    seen_files: set[str] = set()
    for given in paths:
        if given == "-":
            yield _read_stdin(option_date)
            continue
        path = Path(given)
        if path.is_dir():
            files = list(_walk(given))
            if not files:
                yield input_error(
                    EmptyInput,
                    given,
                    f"directory holds no readable files ({', '.join(SUFFIXES)}, or .gz)",
                )
            for file in files:
                yield from _read_once(file, option_date, seen_files)
        elif path.exists():
            yield from _read_once(given, option_date, seen_files)
        else:
            yield input_error(MissingInput, given, "no such file or directory")


#: Files of an unknown type named one by one in the warnings of a directory walk; more are
#: counted in one line (a folder of images should not bury the other messages).
SKIPPED_NAMED = 10


def _walk(root: str) -> Iterator[str]:
    """Readable files under `root`, recursively, sorted; hidden files and folders skipped.
    Files of another type are skipped with a warning naming them (logger `detente.ingest`)."""
    skipped = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if _suffix(name) in SUFFIXES:
                yield os.path.join(dirpath, name)
                continue
            skipped += 1
            if skipped <= SKIPPED_NAMED:
                log.warning("skipped %s: not a known input type (%s, or .gz of these)",
                            os.path.join(dirpath, name), " ".join(SUFFIXES))
    if skipped > SKIPPED_NAMED:
        log.warning("skipped %d more files of unknown type under %s (%d in all)",
                    skipped - SKIPPED_NAMED, root, skipped)


def _suffix(name: str) -> str:
    """The suffix that decides the reader, looking through `.gz`."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return os.path.splitext(lower)[1]


def _read_once(
    path: str, option_date: str | None, seen_files: set[str]
) -> Iterator[Item]:
    key = os.path.realpath(path)
    if key in seen_files:
        log.info("%s: already read in this batch, skipped", path)
        return
    seen_files.add(key)
    # An id given twice in one corpus is a mistake; the same id in two corpora is two documents
    # (detente.identity keeps them apart in the store).
    yield from _read_file(path, option_date, set())


def _open(path: str) -> IO[bytes]:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _read_file(path: str, option_date: str | None, seen_ids: set[str]) -> Iterator[Item]:
    suffix = _suffix(path)
    try:
        with _open(path) as stream:
            head = stream.read(8192)
            if not head:
                yield input_error(EmptyInput, path, "empty file (0 bytes)")
                return
            binary = sniff_binary(head, path)
            if binary is not None:
                yield binary
                return
        if suffix in CORPUS_SUFFIXES:
            reader = read_jsonl if suffix == ".jsonl" else read_csv
            with _open(path) as stream:
                yield from reader(stream, path, option_date=option_date, seen_ids=seen_ids)
            return
        if suffix == ".json" and head.lstrip()[:1] in (b"[", b"{"):
            # A JSON document or array is not one article, and reading it whole would not scale.
            yield input_error(
                MalformedInput,
                path,
                "a .json file: write the corpus as JSON lines (.jsonl), one "
                '{"id": …, "text": …} object per line',
            )
            return
        with _open(path) as stream:
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
        fmt = "html" if suffix in HTML_SUFFIXES else ("text" if suffix in SUFFIXES else None)
        yield _document_from_bytes(data, path, fmt, option_date, seen_ids)
    except _GZIP_ERRORS as exc:
        yield input_error(MalformedInput, path, f"corrupt gzip data: {exc}")
    except IsADirectoryError:
        yield input_error(MissingInput, path, "is a directory")
    except FileNotFoundError:
        yield input_error(MissingInput, path, "no such file or directory")
    except OSError as exc:
        yield input_error(InputError, path, f"cannot be read: {exc.strerror or exc}")


def _document_from_bytes(
    data: bytes, path: str, fmt: str | None, option_date: str | None, seen_ids: set[str]
) -> Item:
    if len(data) > MAX_DOCUMENT_BYTES:
        return input_error(
            TooLargeInput,
            path,
            f"larger than the {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB limit for one document; "
            "split it or pass it as a .jsonl corpus",
        )
    if not data.strip():
        return input_error(EmptyInput, path, "empty: only whitespace")
    binary = sniff_binary(data, path)
    if binary is not None:
        return binary
    text = decode_utf8(data, path)
    if isinstance(text, InputError):
        return text
    # A file is identified by its resolved path (x, ./x and /abs/x are one file); standard
    # input, which has no name, by its content.
    key = (f"stdin:{hashlib.blake2b(data, digest_size=10).hexdigest()}" if path == "-"
           else f"file:{os.path.realpath(path)}")
    item = build_document(text, doc_id=path, path=path, fmt=fmt, option_date=option_date, key=key)
    if isinstance(item, Document):
        if path in seen_ids:
            return input_error(MalformedInput, path, f"duplicate id {path!r}")
        seen_ids.add(path)
    return item


def _read_stdin(option_date: str | None) -> Item:
    try:
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    except (OSError, ValueError) as exc:  # closed or detached stdin
        return input_error(InputError, "-", f"standard input cannot be read: {exc}")
    if not data:
        return input_error(EmptyInput, "-", "empty: nothing on standard input")
    return _document_from_bytes(data, "-", None, option_date, set())
