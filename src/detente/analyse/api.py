"""The Python API: `detente.open(path)` and DataFrames out.

    >>> import detente
    >>> db = detente.open("events.duckdb")
    >>> db.dyad("TUR", "RUS")            # series per month, both directions
    >>> db.relation("TUR", "RUS")        # the full report with its verdict (dict)
    >>> db.alignment()                   # alignment matrix of the states in the store
    >>> db.events(dyad=("TUR", "RUS"))   # the events behind it, with sentences
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from detente.analyse.evidence import counted_events
from detente.analyse.issues import issue_alignment
from detente.analyse.matrix import AlignmentMatrix, alignment_matrix
from detente.analyse.series import dyad_series
from detente.analyse.verdict import Thresholds, dyad_report
from detente.errors import StoreError
from detente.store import Store

Day = str | date | None


class Relations:
    """Read-only analyses over a detente store (a DuckDB file)."""

    def __init__(self, store: Store, *, owned: bool = False) -> None:
        self.store = store
        self._owned = owned
        store.check_events()

    def dyad(self, a: str, b: str, *, by: str = "month", since: Day = None,
             until: Day = None) -> pd.DataFrame:
        """Per-period series of the dyad in both directions (see `dyad_series`)."""
        return dyad_series(self.store, a, b, by=by, since=since, until=until)

    def relation(self, a: str, b: str, *, by: str = "month", since: Day = None,
                 until: Day = None, thresholds: Thresholds | None = None) -> dict[str, Any]:
        """Series, trend, change points, alignment and the verdict with its evidence."""
        return dyad_report(self.store, a, b, by=by, since=since, until=until,
                           thresholds=thresholds)

    def verdict(self, a: str, b: str, **options: Any) -> dict[str, Any]:
        return self.relation(a, b, **options)["verdict"]

    def issues(self, a: str, b: str, *, since: Day = None, until: Day = None) -> pd.DataFrame:
        return issue_alignment(self.store, a, b, since=since, until=until)

    def matrix(self, countries: list[str] | None = None, *, since: Day = None,
               until: Day = None) -> AlignmentMatrix:
        """Scores, shared third parties and blocs in one computation (`.scores`, `.shared`,
        `.blocs`, `.long()`)."""
        return alignment_matrix(self.store, countries, since=since, until=until)

    def alignment(self, countries: list[str] | None = None, *, since: Day = None,
                  until: Day = None) -> pd.DataFrame:
        """Alignment matrix (S-score) of the states in the store, or of `countries`."""
        return alignment_matrix(self.store, countries, since=since, until=until).scores

    def blocs(self, countries: list[str] | None = None, *, since: Day = None,
              until: Day = None) -> pd.DataFrame:
        """Bloc of every state (community detection on the alignment matrix)."""
        return alignment_matrix(self.store, countries, since=since, until=until).blocs

    def events(self, *, dyad: tuple[str, str] | None = None, party: str | None = None,
               issue: str | None = None, since: Day = None, until: Day = None,
               all_modalities: bool = False, limit: int | None = None) -> pd.DataFrame:
        """Stored events with their sentences (only those the analyses count, by default)."""
        return counted_events(self.store, dyad=dyad, parties=[party] if party else None,
                              issue=issue, since=since, until=until,
                              counted_only=not all_modalities, limit=limit)

    def close(self) -> None:
        if self._owned:
            self.store.close()

    def __enter__(self) -> Relations:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def open(path: str | Path) -> Relations:  # noqa: A001 - the public name is detente.open
    """Open a detente store read-only for analysis."""
    if not Path(path).is_file():
        raise StoreError(f"{path}: no such store; run `detente analyze` first")
    return Relations(Store(path, read_only=True), owned=True)
