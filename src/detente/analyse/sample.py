"""Build `events` rows by hand: for tests, benchmarks and trying the analyses on made-up data.

`event(...)` fills every column of the `events` table from a few arguments (actors as codes such
as "TURGOV" or "SYRREB", a CAMEO code, its Goldstein score and a date); `write_events` inserts
the rows into a store in one batch.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.analyse.keys import actor_classes
from detente.errors import UsageError
from detente.records import stable_id

if TYPE_CHECKING:
    from detente.store import Store

QUAD_BY_ROOT = {**dict.fromkeys(range(1, 6), 1), **dict.fromkeys(range(6, 10), 2),
                **dict.fromkeys(range(10, 15), 3), **dict.fromkeys(range(15, 21), 4)}


def _split(code: str | None) -> tuple[str | None, str | None, str | None]:
    """Country, sector and name of an actor code: TURGOV, NATO or EURGOV (an organisation of
    igos.tsv), IGO:Some Body (group pseudo-country and name), REB:Kurds (no country: sector
    and name)."""
    if code is None:
        return None, None, None
    if ":" in code:
        prefix, name = code.split(":", 1)
        if prefix in actor_classes().group_countries:
            return prefix, None, name
        return None, prefix, name
    for igo in sorted(actor_classes().igo_countries, key=len, reverse=True):
        if code.startswith(igo) and (code == igo or code[len(igo):].isalpha()):
            return igo, (code[len(igo):] or None), None  # NATO, EURGOV
    return code[:3], (code[3:] or None), None


def event(
    source: str | None,
    target: str | None,
    cameo: str,
    goldstein: float,
    date: str | None,
    *,
    sentence: str = "",
    doc_id: str = "doc",
    plover: str | None = None,
    issues: tuple[str, ...] = (),
    modality: str = "asserted",
    negated: bool = False,
    date_precision: str = "day",
    n_mentions: int = 1,
) -> dict[str, Any]:
    """One `events` row. `source`/`target` are actor codes: TURGOV, RUS, SYRREB, IGO:NATO (a
    group pseudo-country with its name) or REB:Kurds (no country: sector and name)."""
    sc, ss, sn = _split(source)
    tc, ts, tn = _split(target)
    root = cameo[:2]
    key = stable_id(source, target, cameo, date, modality, sentence, doc_id)
    record = {"sentence": sentence, "cameo": cameo, "date": date}
    return {
        "id": key, "event_key": key, "doc_id": doc_id, "sentence_index": 0,
        "sentence": sentence,
        "source_code": source and f"{sc or ''}{ss or ''}", "source_country": sc,
        "source_sector": ss, "source_text": source, "source_name": sn,
        "target_code": target and f"{tc or ''}{ts or ''}", "target_country": tc,
        "target_sector": ts, "target_text": target, "target_name": tn,
        "cameo": cameo, "root": root, "quad_class": QUAD_BY_ROOT[int(root)],
        "goldstein": float(goldstein), "plover": plover, "date": date,
        "date_precision": date_precision if date else None, "date_text": date,
        "place_name": None, "place_country": None, "place_lat": None, "place_lon": None,
        "negated": negated, "modality": modality, "issues": list(issues), "trigger": None,
        "origin": "text", "record": json.dumps(record), "n_mentions": n_mentions,
        "n_documents": 1, "doc_ids": [doc_id],
    }


def write_events(store: Store | str | Path, rows: list[dict[str, Any]]) -> int:
    """Insert rows (from `event`) into the `events` table of a store (or of the store file at a
    path, created if missing) in one batch; returns the number inserted."""
    from detente.store import Store

    if isinstance(store, Store):
        return store.insert_event_rows(rows)
    if not isinstance(store, (str, Path)):
        raise UsageError(f"write_events: give a Store or a path, not {type(store).__name__}")
    with Store(store) as opened:
        return opened.insert_event_rows(rows)
