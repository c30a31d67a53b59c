"""Terminal tables (rich) for coded documents, events and dyads. Rendering only."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.panel import Panel
from rich.table import Table

from detente.analyse.keys import DEFAULT_MODALITIES, party_of
from detente.events.ontology import cameo

if TYPE_CHECKING:  # pandas is only needed by the CSV helper's callers
    import pandas as pd

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
    """The most active dyads of parties (undirected) with cooperation/conflict balance,
    counting the events `detente dyad` counts: asserted or reported, not negated, each
    real-world event once (records with the same `event_key` are one event)."""
    counts: Counter[tuple[str, str]] = Counter()
    goldstein: dict[tuple[str, str], float] = {}
    quads: dict[tuple[str, str], Counter[int]] = {}
    seen: set[str] = set()
    for record in records:
        if record.get("negated") or record.get("modality") not in DEFAULT_MODALITIES:
            continue
        source, target = record.get("source"), record.get("target")
        if not (source and source.get("country") and target and target.get("country")):
            continue  # a party of no stated country is never one side of a dyad here
        a, b = party_of(source), party_of(target)
        key = record.get("event_key")
        if not a or not b or a == b or (key is not None and key in seen):
            continue
        if key is not None:
            seen.add(key)
        pair = (a, b) if a < b else (b, a)
        counts[pair] += 1
        goldstein[pair] = goldstein.get(pair, 0.0) + float(record["goldstein"])
        quads.setdefault(pair, Counter())[int(record["quad_class"])] += 1
    title = "Most active dyads (asserted and reported events, as `detente dyad` counts them)"
    table = Table(title=title, title_justify="left")
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


def _signed(value: Any, digits: int = 2) -> str:
    return "—" if value is None else f"{float(value):+.{digits}f}"


def verdict_panel(report: dict[str, Any]) -> Panel:
    """The verdict with its reasons, each followed by how many events back it."""
    verdict = report["verdict"]
    a, b = report["dyad"]
    lines = [f"[bold]{a}–{b}: {verdict['label'].upper()}[/]"]
    for reason in verdict.get("reasons", []):
        n = len(reason.get("evidence", []))
        lines.append(f" • {reason['text']}" + (f" [dim]({n} events)[/]" if n else ""))
    return Panel("\n".join(lines), title="Verdict", title_align="left", expand=False)


def series_table(report: dict[str, Any]) -> Table:
    """Per-period series of the dyad in both directions."""
    a, b = report["dyad"]
    table = Table(title=f"{a}–{b} by {report.get('by', 'period')}", title_justify="left")
    for column in ("period", "direction", "events", "Goldstein sum", "mean", "q1", "q2", "q3",
                   "q4"):
        table.add_column(column, justify="left" if column in ("period", "direction") else "right")
    for row in report.get("series", []):
        table.add_row(
            str(row["period"])[:10], f"{row['source']}→{row['target']}", str(row["events"]),
            _signed(row["goldstein_sum"], 1), _signed(row["goldstein_mean"]),
            *(str(row[f"q{i}"]) for i in range(1, 5)),
        )
    trend = report.get("trend", {}).get("both")
    if trend:
        table.caption = (
            f"trend of mean Goldstein: {_signed(trend.get('slope'))} a year "
            f"({int(trend.get('level', 0.95) * 100)}% interval {_signed(trend.get('low'))} to "
            f"{_signed(trend.get('high'))}; {trend.get('n_events', 0)} events, "
            f"{trend.get('n_periods', 0)} periods); direct relations "
            f"{trend.get('judged', trend.get('direction', '?'))} "
            f"({trend.get('judged_by', 'linear trend')})"
        )
    return table


def third_party_table(report: dict[str, Any]) -> Table:
    """Each side's affinity toward the third parties both act toward."""
    a, b = report["dyad"]
    alignment = report.get("alignment", {})
    table = Table(title="Alignment through third parties", title_justify="left")
    for column in ("third party", f"{a} affinity", f"{b} affinity", "side"):
        table.add_column(column, justify="right" if "affinity" in column else "left")
    for row in alignment.get("third_parties", []):
        table.add_row(str(row["party"]), _affinity(row, "a"), _affinity(row, "b"),
                      str(row.get("side", "")))
    score = alignment.get("s_score")
    table.caption = f"S-score {_signed(score)} over {alignment.get('n_third_parties', 0)} parties"
    return table


def _affinity(row: dict[str, Any], side: str) -> str:
    """An affinity, marked when it is inferred through an ally or enemy rather than observed."""
    value = _signed(row.get(f"{side}_affinity"))
    via = row.get(f"{side}_via")
    return f"{value} (via {via})" if via else value


def issues_table(report: dict[str, Any]) -> Table:
    """Per issue: whether the two act on the same side, opposite sides, or not both."""
    table = Table(title="Alignment by issue", title_justify="left")
    for column in ("issue", "relation", "through third parties"):
        table.add_column(column)
    for row in report.get("alignment", {}).get("issues", []):
        table.add_row(str(row["issue"]), str(row["relation"]),
                      str(row.get("through_third_parties", "")))
    return table


def evidence_table(report: dict[str, Any], *, top: int = 15) -> Table:
    """The events behind the verdict, with their sentences."""
    table = Table(title="Evidence", title_justify="left")
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("source", no_wrap=True)
    table.add_column("code", no_wrap=True)
    table.add_column("target", no_wrap=True)
    table.add_column("sentence", overflow="fold", ratio=1)
    for event in report["verdict"].get("evidence", [])[:top]:
        table.add_row(str(event.get("date") or "—"), str(event.get("source") or "—"),
                      str(event["cameo"]), str(event.get("target") or "—"),
                      str(event.get("sentence", "")))
    return table


def dyad_renderables(report: dict[str, Any]) -> list[Any]:
    """Everything `detente dyad` shows, in reading order."""
    return [verdict_panel(report), series_table(report), third_party_table(report),
            issues_table(report), evidence_table(report)]


def alignment_table(scores: Any, blocs: Any, *, top: int = 25) -> Table:
    """The alignment matrix (S-scores) of the most active states, grouped by bloc."""
    order = blocs.sort_values(["bloc", "events"], ascending=[True, False], kind="stable")
    states = [s for s in order["state"] if s in scores.index][:top]
    bloc_of = dict(zip(order["state"], order["bloc"], strict=True))
    table = Table(title="Alignment matrix (S-score, −1 opposed … +1 aligned)",
                  title_justify="left")
    table.add_column("state", no_wrap=True)
    table.add_column("bloc", justify="right")
    for state in states:
        table.add_column(state, justify="right", no_wrap=True)
    for state in states:
        cells = []
        for other in states:
            value = scores.loc[state, other]
            cells.append("·" if value != value else f"{value:+.1f}")  # NaN: no shared parties
        table.add_row(state, str(bloc_of.get(state, "")), *cells)
    return table


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` ready for CSV: list columns (issues, doc_ids) as JSON arrays, which any CSV reader
    reads as one value and any JSON parser splits, instead of Python's repr of an array."""
    out = frame.drop(columns=[c for c in ("record",) if c in frame.columns])
    for column in out.columns:
        values = out[column]
        if values.dtype == object and any(_is_list(v) for v in values):
            out[column] = [json.dumps(list(v), ensure_ascii=False) if _is_list(v) else v
                           for v in values]
    return out


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple) or type(value).__name__ == "ndarray"
