"""Grounding: when, where and about what each event is (dates, places, issues)."""

from __future__ import annotations

from detente.ground.dates import DateExpr, find_dates
from detente.ground.grounder import Grounder
from detente.ground.pubdate import find_publication_date

__all__ = ["DateExpr", "Grounder", "find_dates", "find_publication_date"]
