"""Reading inputs: files, directories, stdin, HTML pages and JSONL/CSV corpora → `Document`s.

`read_inputs` streams: a corpus is read one record at a time, and a bad input is yielded as an
`InputError` that names it (its `.path`, and `.line` for corpus records) while reading goes on.
"""

from __future__ import annotations

from detente.ingest.common import MAX_DOCUMENT_BYTES, SUFFIXES, normalize_date
from detente.ingest.reader import read_inputs

__all__ = ["MAX_DOCUMENT_BYTES", "SUFFIXES", "normalize_date", "read_inputs"]
