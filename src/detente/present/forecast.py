"""Terminal tables (rich) for bargaining forecasts. Rendering only: the numbers come from
`detente.analyse.forecast.forecast`."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from rich.console import RenderableType
from rich.table import Table

_MODEL_NAMES = {"compromise": "compromise (weighted mean)", "median": "weighted median",
                "eum": "expected utility (challenge)", "condorcet": "probabilistic Condorcet"}

_SHORT = {"compromise": "mean", "median": "median", "eum": "EUM", "condorcet": "PCE"}


def _number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _estimate(value: Any, digits: int = 2) -> str:
    if isinstance(value, dict):
        return (f"{value['mode']:.{digits}f} ({value['low']:.{digits}f}–"
                f"{value['high']:.{digits}f})")
    return _number(value, digits)


def actors_table(issue: dict[str, Any]) -> Table:
    """The issue's inputs: one row per actor, ranges in brackets."""
    scale = issue["scale"]
    title = f"{issue['id']}: actors (scale {scale['low']:g}–{scale['high']:g}"
    if scale.get("low_label") or scale.get("high_label"):
        title += f"; {scale['low']:g} = {scale.get('low_label') or '?'}, {scale['high']:g} = " \
                 f"{scale.get('high_label') or '?'}"
    title += ")" if issue.get("status_quo") is None else f"; status quo {issue['status_quo']:g})"
    table = Table(title=title, title_justify="left")
    for column in ("actor", "capability", "position", "salience"):
        table.add_column(column, justify="left" if column == "actor" else "right")
    for actor in issue["actors"]:
        table.add_row(actor["name"], _estimate(actor["capability"], 3),
                      _estimate(actor["position"]), _estimate(actor["salience"]))
    return table


def forecasts_table(issue_id: str, forecasts: list[dict[str, Any]]) -> Table:
    """One row per model: the forecast, its Monte Carlo interval and what the model adds."""
    table = Table(title=f"{issue_id}: forecasts", title_justify="left")
    table.add_column("model")
    table.add_column("forecast", justify="right")
    table.add_column("interval", justify="right")
    table.add_column("notes")
    for record in forecasts:
        interval = record.get("interval")
        shown = (f"{interval['low']:.2f} – {interval['high']:.2f} "
                 f"({interval['level']:.0%}, {interval['draws']} draws)") if interval else "—"
        notes = ""
        if record["model"] == "eum":
            medians = [f"{r['median']:.2f}" for r in record["rounds"]]
            notes = f"{len(record['rounds']) - 1} rounds; median by round " + " → ".join(medians)
            kinds = Counter(r["relation"] for r in record.get("relations", []))
            if kinds:
                notes += "; first-round dyads: " + ", ".join(
                    f"{kinds[k]} {k}" for k in ("conflict", "compromise", "compel", "stalemate")
                    if kinds[k])
        elif record["model"] == "condorcet":
            settings = record["settings"]
            notes = (f"likeliest {record['likeliest']:.2f}; victory model {settings['vp']}, "
                     f"{settings['pce']} PCE")
        table.add_row(_MODEL_NAMES.get(record["model"], record["model"]),
                      f"{record['value']:.2f}", shown, notes)
    return table


def rounds_table(record: dict[str, Any]) -> Table:
    """The expected-utility model round by round: the median, the mean and who moved."""
    table = Table(title=f"{record['issue']}: expected-utility rounds", title_justify="left")
    for column in ("round", "median", "mean", "moves"):
        table.add_column(column, justify="left" if column == "moves" else "right")
    for row in record["rounds"]:
        moves = "; ".join(f"{m['actor']} → {m['toward']} ({m['relation']}, "
                          f"{m['from']:.2f}→{m['to']:.2f})" for m in row["moves"])
        table.add_row(str(row["round"]), f"{row['median']:.2f}", f"{row['mean']:.2f}",
                      moves or "—")
    return table


def leverage_table(issue_id: str, rows: list[dict[str, Any]], step: dict[str, float]) -> Table:
    """For each actor and model, how far the forecast moves when the actor shifts."""
    models = list(dict.fromkeys(r["model"] for r in rows))
    table = Table(title=f"{issue_id}: leverage — forecast change when an actor moves "
                        f"{step['position']:.3g} up the scale / raises salience by "
                        f"{step['salience']:.2g}", title_justify="left")
    table.add_column("actor", no_wrap=True)
    for model in models:
        short = _SHORT.get(model, model)
        table.add_column(f"{short} pos", justify="right", no_wrap=True)
        table.add_column(f"{short} sal", justify="right", no_wrap=True)
    by_actor: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        by_actor[row["actor"]][row["model"]] = row
    for actor, cells in by_actor.items():
        values = []
        for model in models:
            cell = cells.get(model)
            values += [f"{cell['position']:+.2f}", f"{cell['salience']:+.2f}"] if cell \
                else ["—", "—"]
        table.add_row(actor, *values)
    return table


def what_if_table(issue_id: str, rows: list[dict[str, Any]]) -> Table:
    """Each model's forecast before and after each move asked for with --move."""
    table = Table(title=f"{issue_id}: what if", title_justify="left")
    for column in ("move", "model", "before", "after", "change"):
        table.add_column(column, justify="left" if column in ("move", "model") else "right")
    for row in rows:
        table.add_row(f"{row['actor']} {row['from']:.3g} → {row['to']:.3g} (toward "
                      f"{row['toward']})", row["model"], f"{row['before']:.2f}",
                      f"{row['after']:.2f}", f"{row['change']:+.2f}")
    return table


def forecast_renderables(result: dict[str, Any]) -> list[RenderableType]:
    """Everything `detente forecast` shows for a scenario, issue by issue."""
    shown: list[RenderableType] = []
    for issue in result["issues"]:
        issue_id = issue["id"]
        forecasts = [f for f in result["forecasts"] if f["issue"] == issue_id]
        shown += [actors_table(issue), forecasts_table(issue_id, forecasts)]
        shown += [rounds_table(f) for f in forecasts if f["model"] == "eum"]
        leverage = [row for row in result["leverage"] if row["issue"] == issue_id]
        if leverage:
            shown.append(leverage_table(issue_id, leverage, result["leverage_step"][issue_id]))
        what_if = [row for row in result.get("what_if", []) if row["issue"] == issue_id]
        if what_if:
            shown.append(what_if_table(issue_id, what_if))
    return shown
