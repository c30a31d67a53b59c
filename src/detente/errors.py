"""One catalogue of user-facing errors.

The library raises `DetenteError` subclasses carrying a code and a message that names the input
and what is wrong; only the CLI prints them.
"""

from __future__ import annotations


class DetenteError(Exception):
    """Base class: `code` is stable (E1xx input, E2xx data files, E3xx store, E4xx usage)."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(DetenteError):
    """An input could not be read as a document; `path` (and `line` in a corpus) name it."""

    code = "E100"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


class MissingInput(InputError):
    code = "E101"


class EmptyInput(InputError):
    code = "E102"


class BinaryInput(InputError):
    code = "E103"


class EncodingInput(InputError):
    code = "E104"


class TooLargeInput(InputError):
    code = "E105"


class MalformedInput(InputError):
    code = "E106"


class NotEnglishInput(InputError):
    code = "E107"


class DataFileError(DetenteError):
    """A lexicon, actor table or other data file is invalid.

    `path` and `line` name where (when known); the message reads "FILE line N: what is wrong".
    """

    code = "E200"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = f"{path} line {line}: " if path and line else f"{path}: " if path else ""
        super().__init__(where + message)
        self.path = path
        self.line = line


class StoreError(DetenteError):
    code = "E300"


class StoreBusy(StoreError):
    """Another process kept the store's file past the wait (DuckDB: one writer at a time)."""

    code = "E301"


class UsageError(DetenteError):
    code = "E400"


class ScenarioError(DataFileError):
    """A bargaining scenario file is invalid: the message names the file, line and field."""

    code = "E210"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        where = path or "scenario"
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.field = path, line, field


class OutputError(UsageError):
    """An output file cannot be written: its folder is missing, it exists (no --overwrite),
    or the system refused the write."""

    code = "E401"
