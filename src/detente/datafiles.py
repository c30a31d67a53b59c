"""The one reader of detente's data files: YAML documents and TSV tables.

Every stage keeps its language data (lexicons, tables) in a `data/` folder beside the code that
reads it, and reads it through these functions, so a broken file is reported the same way
wherever it is: a `DataFileError` (E200) carrying the file and the line, with what is wrong.
The loaders of each stage validate what the rows and entries mean; these functions only read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from detente.errors import DataFileError

PathLike = str | Path | Traversable
Key = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Where:
    """A place in a data file, for messages: "…/roles.tsv line 12"."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path} line {self.line}" if self.line else self.path

    def error(self, message: str) -> DataFileError:
        return DataFileError(message, path=self.path, line=self.line)


def read_text(path: PathLike) -> str:
    """A data file's text; a missing or unreadable file is a `DataFileError` naming it."""
    source = Path(path) if isinstance(path, str) else path
    try:
        return source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError("no such file", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read ({exc})", path=str(path)) from None


# -- YAML -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YamlFile:
    """A parsed YAML document and the line of each of its parts.

    `line("nouns", "042")` is the line of that key; `line("entries", 3)` of the fourth item of
    a list. A part the document does not have falls back to its nearest enclosing part.
    """

    path: str
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, *key: str | int) -> int | None:
        parts: Key = tuple(str(k) if not isinstance(k, int) else k for k in key)
        while parts:
            found = self.lines.get(parts)
            if found is not None:
                return found
            parts = parts[:-1]
        return None

    def where(self, *key: str | int) -> Where:
        return Where(self.path, self.line(*key))

    def error(self, message: str, *key: str | int) -> DataFileError:
        """A `DataFileError` at the line of `key` (the file alone for no key)."""
        return DataFileError(message, path=self.path, line=self.line(*key) if key else None)

    def mapping(self) -> dict[str, Any]:
        """The document as a mapping with string keys; anything else is an error at line 1."""
        if not isinstance(self.data, dict):
            raise DataFileError("expected a mapping at the top level", path=self.path, line=1)
        return {str(k): v for k, v in self.data.items()}


def read_yaml(path: PathLike, *, text: str | None = None) -> YamlFile:
    """Parse a YAML file (safely: plain data only) and record the line of every key and item."""
    label = str(path)
    if text is None:
        text = read_text(path)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        column = f" (column {mark.column + 1})" if mark is not None else ""
        opened = getattr(exc, "context_mark", None)
        if opened is not None and mark is not None and opened.line != mark.line:
            # an unclosed bracket or quote is found at the end: say where it was opened
            column += f", {exc.context} at line {opened.line + 1}"  # type: ignore[attr-defined]
        raise DataFileError(f"invalid YAML: {problem}{column}", path=label, line=line) from None
    finally:
        loader.dispose()
    lines: dict[Key, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return YamlFile(label, data, lines)


def _record_lines(node: yaml.Node, key: Key, lines: dict[Key, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            here = (*key, str(name.value))
            lines.setdefault(here, name.start_mark.line + 1)
            _record_lines(value, here, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*key, index)
            lines[here] = item.start_mark.line + 1
            _record_lines(item, here, lines)


# -- TSV ------------------------------------------------------------------------------------------


class Row(NamedTuple):
    """One row of a TSV table: its line in the file and its cells by column name."""

    line: int
    cells: dict[str, str]


def read_tsv(
    path: PathLike,
    columns: tuple[str, ...],
    *,
    exact: bool = False,
    complete: bool = False,
    required: tuple[str, ...] = (),
    allowed: tuple[str, ...] | None = None,
    strip: bool = True,
    text: str | None = None,
) -> list[Row]:
    """The rows of a tab-separated table whose first line (after `#` comments and blank lines)
    is a header naming at least `columns` (exactly them, in order, with `exact`).

    With `allowed`, every other column of the header must be one of those. A row may leave its
    last cells out (they are empty) unless `complete`; a row with more cells than the header,
    or an empty cell in a `required` column, is an error at its line.
    """
    label = str(path)
    if text is None:
        text = read_text(path)
    header: list[str] | None = None
    rows: list[Row] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if strip:
            cells = [c.strip() for c in cells]
        if header is None:
            header = cells
            if exact and tuple(cells) != columns:
                raise DataFileError(
                    f"the header must be {' / '.join(columns)} (tab-separated), "
                    f"not {' / '.join(cells)}",
                    path=label,
                    line=number,
                )
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataFileError(
                    f"the header lacks column(s) {', '.join(missing)}", path=label, line=number
                )
            extra = [c for c in cells if allowed is not None and c not in (*columns, *allowed)]
            if extra:
                raise DataFileError(
                    f"unknown column(s) {', '.join(extra)} (known: {', '.join(allowed or ())})",
                    path=label,
                    line=number,
                )
            continue
        if len(cells) > len(header) or (complete and len(cells) != len(header)):
            raise DataFileError(
                f"{len(cells)} tab-separated cells, the header has {len(header)}",
                path=label,
                line=number,
            )
        cells += [""] * (len(header) - len(cells))
        row = dict(zip(header, cells, strict=True))
        empty = [c for c in required if not row[c]]
        if empty:
            raise DataFileError(f"empty {', '.join(empty)}", path=label, line=number)
        rows.append(Row(number, row))
    if header is None:
        raise DataFileError("empty table (no header)", path=label)
    return rows
