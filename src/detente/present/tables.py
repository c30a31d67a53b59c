"""Terminal tables (rich) for coded documents, events and dyads. Rendering only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from rich.table import Table

from detente.events.ontology import cameo

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
_QUAD_STYLE = {1: "green", 2: "bold green", 3: "yellow", 4: "bold red"}


def _actor_cell(actor: dict[str, Any] | None) -> str:
    if not actor:
        return "—"
    name = actor.get("name")
    return f"{actor['code']} ({name})" if name else str(actor["code"])


def _date_cell(record: dict[str, Any]) -> str:
    date = record.get("date")
    if not date:
        return "—"
    precision = record.get("date_precision") or "day"
    shown = {"day": date, "month": date[:7], "year": date[:4], "decade": f"{date[:3]}0s",
             "century": f"{date[:2]}00s"}.get(precision, date)
    return str(shown)


def documents_table(rows: Sequence[dict[str, Any]]) -> Table:
    """One row per input: id, publication date, sentences, events, status."""
    table = Table(title="Documents", title_justify="left")
    for column in ("document", "published", "sentences", "events", "status"):
        table.add_column(column, justify="right" if column in ("sentences", "events") else "left")
    for row in rows:
        table.add_row(
            str(row["doc_id"]),
            str(row.get("pub_date") or "unknown"),
            str(row.get("sentences", "")),
            str(row.get("events", "")),
            str(row.get("status", "")),
        )
    return table


def events_table(
    records: Iterable[dict[str, Any]], *, title: str = "Events", width: int = 120
) -> Table:
    """Events with date, source, CAMEO code and name, target, modality and trigger.

    Actors and dates never shrink to nothing: on a narrow terminal (`width`) the trigger and
    modality columns go first, then the event name is shortened.
    """
    wide, medium = width >= 130, width >= 100
    table = Table(title=title, title_justify="left")
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("source", overflow="fold", min_width=10, ratio=2)
    table.add_column("code", no_wrap=True, min_width=4)
    table.add_column("event", overflow="ellipsis", no_wrap=True, ratio=3,
                     max_width=34 if wide else 24)
    table.add_column("target", overflow="fold", min_width=10, ratio=2)
    if medium:
        table.add_column("modality", no_wrap=True)
    if wide:
        table.add_column("trigger", overflow="ellipsis", no_wrap=True, max_width=18)
    for record in records:
        code = cameo(record["cameo"])
        style = _QUAD_STYLE.get(int(record["quad_class"]), "")
        modality = record["modality"] + (" (negated)" if record.get("negated") else "")
        cells = [
            _date_cell(record),
            _actor_cell(record.get("source")),
            f"[{style}]{record['cameo']}[/]",
            code.name,
            _actor_cell(record.get("target")),
        ]
        if medium:
            cells.append(modality)
        if wide:
            cells.append(str(record.get("trigger", "")))
        table.add_row(*cells)
    return table


def dyads_table(records: Iterable[dict[str, Any]], *, top: int = 10) -> Table:
    """The most active country dyads (undirected) with cooperation/conflict balance."""
    counts: Counter[tuple[str, str]] = Counter()
    goldstein: dict[tuple[str, str], float] = {}
    quads: dict[tuple[str, str], Counter[int]] = {}
    for record in records:
        source, target = record.get("source"), record.get("target")
        a = source and source.get("country")
        b = target and target.get("country")
        if not a or not b or a == b or record.get("modality") != "asserted":
            continue
        pair = (a, b) if a < b else (b, a)
        counts[pair] += 1
        goldstein[pair] = goldstein.get(pair, 0.0) + float(record["goldstein"])
        quads.setdefault(pair, Counter())[int(record["quad_class"])] += 1
    table = Table(title="Most active dyads (asserted events)", title_justify="left")
    for column in ("dyad", "events", "mean Goldstein", "coop. verbal/material",
                   "conflict verbal/material"):
        table.add_column(column, justify="left" if column == "dyad" else "right")
    for pair, n in counts.most_common(top):
        q = quads[pair]
        table.add_row(
            f"{pair[0]}–{pair[1]}",
            str(n),
            f"{goldstein[pair] / n:+.2f}",
            f"{q[1]}/{q[2]}",
            f"{q[3]}/{q[4]}",
        )
    return table
