"""Relations measured from stored events: dyad series, trend and change points, alignment
through third parties and issues, the verdict with its evidence, the alignment matrix and blocs.

Every function takes a `detente.store.Store` and reads the events through its named queries.
"""

from __future__ import annotations

from detente.analyse.alignment import party_network, third_party_alignment
from detente.analyse.evidence import counted_events, evidence_record
from detente.analyse.issues import issue_alignment
from detente.analyse.series import (
    combine_directions,
    dyad_series,
    series_change_points,
    series_trend,
)
from detente.analyse.verdict import LABELS, Thresholds, dyad_report

__all__ = [
    "LABELS",
    "Thresholds",
    "combine_directions",
    "dyad_report",
    "dyad_series",
    "counted_events",
    "evidence_record",
    "issue_alignment",
    "party_network",
    "series_change_points",
    "series_trend",
    "third_party_alignment",
]
