"""Bargaining forecasts on the HTML page: the actors on the issue's continuum with the forecasts
and their intervals, and the expected-utility rounds. Inline SVG, no script; rendering only."""

from __future__ import annotations

from html import escape
from typing import Any

_MODEL_NAMES = {"compromise": "compromise (weighted mean)", "median": "weighted median",
                "eum": "expected utility", "condorcet": "probabilistic Condorcet"}
_MODEL_COLOURS = {"compromise": "#1f6feb", "median": "#8250df", "eum": "#cf222e",
                  "condorcet": "#1a7f37"}
WIDTH, LEFT, RIGHT, ROW = 760, 170, 30, 22


def _mode(value: Any) -> float:
    return float(value["mode"]) if isinstance(value, dict) else float(value)


def _span(value: Any) -> tuple[float, float]:
    if isinstance(value, dict):
        return float(value["low"]), float(value["high"])
    return float(value), float(value)


def continuum_svg(issue: dict[str, Any], forecasts: list[dict[str, Any]]) -> str:
    """Each actor's position (dot sized by capability × salience, whisker for its range), the
    status quo (dashed), and each model's forecast with its Monte Carlo interval."""
    low, high = issue["scale"]["low"], issue["scale"]["high"]
    span = (high - low) or 1.0
    inner = WIDTH - LEFT - RIGHT

    def at(x: float) -> float:
        return LEFT + (x - low) / span * inner

    actors = sorted(issue["actors"], key=lambda a: _mode(a["position"]))
    power = [_mode(a["capability"]) * _mode(a["salience"]) for a in actors]
    top = max(power) or 1.0
    rows = len(actors) + len(forecasts) + 1
    height = 40 + rows * ROW + 30
    parts = [f'<svg class="continuum" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
             f'height="{height}" role="img" aria-label="positions on {escape(issue["id"])}">',
             f'<line x1="{LEFT}" y1="24" x2="{WIDTH - RIGHT}" y2="24" stroke="#888"/>']
    for tick in range(5):
        value = low + span * tick / 4
        parts.append(f'<line x1="{at(value):.1f}" y1="20" x2="{at(value):.1f}" y2="{height - 24}"'
                     ' stroke="#eee"/>'
                     f'<text x="{at(value):.1f}" y="14" font-size="11" text-anchor="middle">'
                     f"{value:g}</text>")
    if issue.get("status_quo") is not None:
        x = at(issue["status_quo"])
        parts.append(f'<line x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{height - 24}" '
                     'stroke="#555" stroke-dasharray="4 3"/>'
                     f'<text x="{x + 3:.1f}" y="{height - 12}" font-size="11">status quo</text>')
    y = 40
    for actor, weight in zip(actors, power, strict=True):
        first, last = _span(actor["position"])
        radius = 3 + 9 * (weight / top) ** 0.5
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4}" font-size="12" text-anchor="end">'
            f'{escape(actor["name"])}</text>'
            f'<line x1="{at(first):.1f}" y1="{y}" x2="{at(last):.1f}" y2="{y}" stroke="#999" '
            'stroke-width="2"/>'
            f'<circle cx="{at(_mode(actor["position"])):.1f}" cy="{y}" r="{radius:.1f}" '
            'fill="#57606a" fill-opacity="0.7"><title>'
            f'{escape(actor["name"])}: position {_mode(actor["position"]):g}, capability '
            f'{_mode(actor["capability"]):g}, salience {_mode(actor["salience"]):g}</title>'
            "</circle>")
        y += ROW
    y += ROW // 2
    for record in forecasts:
        colour = _MODEL_COLOURS.get(record["model"], "#000")
        x = at(record["value"])
        interval = record.get("interval")
        if interval:
            parts.append(f'<line x1="{at(interval["low"]):.1f}" y1="{y}" '
                         f'x2="{at(interval["high"]):.1f}" y2="{y}" stroke="{colour}" '
                         'stroke-width="4" stroke-opacity="0.35"/>')
        label = _MODEL_NAMES.get(record["model"], record["model"])
        parts.append(f'<text x="{LEFT - 8}" y="{y + 4}" font-size="12" text-anchor="end" '
                     f'fill="{colour}">{escape(label)}</text>'
                     f'<path d="M{x:.1f},{y - 6} l6,6 l-6,6 l-6,-6 z" fill="{colour}">'
                     f'<title>{escape(label)}: {record["value"]:.2f}</title></path>')
        y += ROW
    ends = issue["scale"]
    if ends.get("low_label") or ends.get("high_label"):
        parts.append(f'<text x="{LEFT}" y="{height - 4}" font-size="11">'
                     f'← {escape(ends.get("low_label") or "")}</text>'
                     f'<text x="{WIDTH - RIGHT}" y="{height - 4}" font-size="11" '
                     f'text-anchor="end">{escape(ends.get("high_label") or "")} →</text>')
    parts.append("</svg>")
    return "".join(parts)


def rounds_svg(issue: dict[str, Any], record: dict[str, Any]) -> str:
    """Each actor's path over the expected-utility rounds (grey) and the median (red)."""
    low, high = issue["scale"]["low"], issue["scale"]["high"]
    span = (high - low) or 1.0
    rounds = record["rounds"]
    last = max(len(rounds) - 1, 1)
    width, height, left, pad = 560, 220, 40, 20

    def point(step: int, value: float) -> str:
        x = left + step / last * (width - left - pad)
        y = pad + (high - value) / span * (height - 2 * pad)
        return f"{x:.1f},{y:.1f}"

    parts = [f'<svg class="rounds" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="expected-utility rounds">',
             f'<text x="4" y="{pad + 4}" font-size="11">{high:g}</text>'
             f'<text x="4" y="{height - pad + 4}" font-size="11">{low:g}</text>']
    for actor in record["actors"]:
        line = " ".join(point(i, v) for i, v in enumerate(actor["path"]))
        parts.append(f'<polyline points="{line}" fill="none" stroke="#999" stroke-width="1">'
                     f'<title>{escape(actor["name"])}</title></polyline>')
    median = " ".join(point(i, r["median"]) for i, r in enumerate(rounds))
    parts.append(f'<polyline points="{median}" fill="none" stroke="#cf222e" stroke-width="3">'
                 "<title>median voter position</title></polyline>")
    for i in range(len(rounds)):
        x = left + i / last * (width - left - pad)
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" font-size="11" '
                     f'text-anchor="middle">{i}</text>')
    parts.append("</svg>")
    return "".join(parts)


def forecast_sections(result: dict[str, Any]) -> list[str]:
    """The forecast part of the page for a result of `detente.analyse.forecast.forecast`."""
    parts = [f'<h2 id="forecast">Bargaining forecast: {escape(result["scenario"])}</h2>',
             '<p class="muted">Dots: actors (size: capability × salience; whiskers: the range '
             'given); diamonds: forecasts, with their Monte Carlo interval when inputs are '
             'ranges. See docs/FORECAST.md for the models and their record.</p>']
    for issue in result["issues"]:
        forecasts = [f for f in result["forecasts"] if f["issue"] == issue["id"]]
        parts.append(f'<h3>{escape(issue["id"])}'
                     + (f": {escape(issue['label'])}" if issue.get("label") else "") + "</h3>")
        parts.append(continuum_svg(issue, forecasts))
        rows = []
        for record in forecasts:
            interval = record.get("interval")
            shown = (f'{interval["low"]:.2f} – {interval["high"]:.2f} '
                     f'({interval["level"]:.0%})') if interval else "—"
            rows.append(f'<tr><td>{escape(_MODEL_NAMES.get(record["model"], record["model"]))}'
                        f'</td><td class=num>{record["value"]:.2f}</td><td class=num>{shown}'
                        "</td></tr>")
        parts.append("<table><tr><th>model</th><th>forecast</th><th>interval</th></tr>"
                     + "".join(rows) + "</table>")
        for record in forecasts:
            if record["model"] == "eum" and len(record["rounds"]) > 1:
                medians = " → ".join(f'{r["median"]:.2f}' for r in record["rounds"])
                parts.append(f"<h4>Expected-utility rounds</h4><p>Median by round: {medians}"
                             "</p>" + rounds_svg(issue, record))
        leverage = [r for r in result.get("leverage", []) if r["issue"] == issue["id"]]
        if leverage:
            parts.append(_leverage_table(leverage))
    return parts


def _leverage_table(rows: list[dict[str, Any]]) -> str:
    models = list(dict.fromkeys(r["model"] for r in rows))
    cells: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        cells.setdefault(row["actor"], {})[row["model"]] = row
    head = "".join(f"<th>{escape(m)} position</th><th>{escape(m)} salience</th>"
                   for m in models)
    body = []
    for actor, by_model in cells.items():
        values = "".join(
            f'<td class=num>{by_model[m]["position"]:+.2f}</td>'
            f'<td class=num>{by_model[m]["salience"]:+.2f}</td>' if m in by_model
            else "<td>—</td><td>—</td>" for m in models)
        body.append(f"<tr><td>{escape(actor)}</td>{values}</tr>")
    return ("<h4>Leverage: forecast change when an actor moves 10 % of the scale up, or raises "
            "its salience by 0.1</h4><table><tr><th>actor</th>" + head + "</tr>"
            + "".join(body) + "</table>")
