"""Events behind a claim: read from the store with their sentence and document."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from detente.store import Store

EVENT_COLUMNS = (
    "id", "date", "date_precision", "source", "target", "source_code", "target_code", "cameo",
    "quad_class", "goldstein", "plover", "modality", "issues", "sentence", "doc_id",
    "n_mentions", "n_documents", "rule",
)


def evidence_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """An events frame of `Store.events_frame(with_parties=True)` as the analyses show it:
    parties in `source`/`target`, dates as ISO text, the coding rule."""
    if frame.empty:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    out = frame.copy()
    out["date"] = [None if d is None or d != d else pd.Timestamp(d).date().isoformat()
                   for d in out["date"]]
    if "rule" not in out.columns:  # stores older than the `rule` column
        out["rule"] = None
    import json

    out["rule"] = [r if isinstance(r, str) and r else (json.loads(rec).get("rule")
                                                       if isinstance(rec, str) else None)
                   for r, rec in zip(out["rule"], out["record"], strict=True)]
    return out[list(EVENT_COLUMNS)].reset_index(drop=True)


def counted_events(store: Store, **filters: Any) -> pd.DataFrame:
    """The events the analyses count (asserted or reported, not negated), as `evidence_columns`
    shows them; the filters are those of `Store.events_frame`."""
    filters.setdefault("counted_only", True)
    return evidence_columns(store.events_frame(with_parties=True, **filters))


def evidence_record(row: pd.Series | dict[str, Any]) -> dict[str, Any]:
    """One event as an analyst checks it: date, actors, code, quoted sentence, document."""
    get = row.get
    issues = get("issues")
    return {
        "id": get("id"),
        "date": get("date"),
        "source": get("source_code") or get("source"),
        "target": get("target_code") or get("target"),
        "cameo": get("cameo"),
        "goldstein": float(get("goldstein") or 0.0),
        "quad_class": int(get("quad_class") or 0),
        "plover": get("plover"),
        "sentence": get("sentence"),
        "doc_id": get("doc_id"),
        "issues": list(issues) if issues is not None else [],
        "n_mentions": int(get("n_mentions") or 1),
        "rule": get("rule") or None,
    }


def strongest_ids(
    store: Store, between: tuple[str, str], *, sign: int, k: int = 3,
    since: str | date | None = None, until: str | date | None = None,
    before: str | date | None = None,
) -> list[str]:
    """Ids of the k counted events between two parties with the largest score of that sign
    (0: the largest in absolute value)."""
    frame = store.events_frame(dyad=between, since=since, until=until, before=before,
                               sign=sign, limit=k, counted_only=True)
    return [str(i) for i in frame["id"]]
