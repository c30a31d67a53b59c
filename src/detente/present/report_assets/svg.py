"""Charts of the HTML report, drawn as inline SVG (no JavaScript, no library, works offline).

Each function takes plain data (records of the analysis JSON) and returns an `<svg>` string;
hovering a mark shows its numbers through SVG `<title>` elements.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

A_COLOUR, B_COLOUR, BOTH_COLOUR = "#1f5fa8", "#c0392b", "#555555"
QUAD_COLOURS = {1: "#7fb77e", 2: "#2e7d32", 3: "#f0a35e", 4: "#b71c1c"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value == value else "0"


def diverging(value: float | None, span: float = 1.0) -> str:
    """Red (negative) - white - blue (positive) colour for value in [-span, span]."""
    if value is None or value != value:
        return "#eeeeee"
    v = max(-1.0, min(1.0, value / span))
    low, high = (192, 57, 43), (31, 95, 168)
    end = high if v > 0 else low
    mix = [round(255 + (c - 255) * abs(v)) for c in end]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def _frame(width: int, height: int, label: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
            + "".join(body) + "</svg>")


def _empty(width: int, label: str, message: str) -> str:
    return _frame(width, 60, label, [
        f'<text x="{width / 2}" y="35" text-anchor="middle" class="muted">{escape(message)}</text>'
    ])


def _to_year(d: date) -> float:
    start = date(d.year, 1, 1)
    return d.year + (d - start).days / (date(d.year + 1, 1, 1) - start).days


def timeline(rows: Sequence[dict[str, Any]], trend: dict[str, Any] | None,
             changes: Sequence[dict[str, Any]], a: str, b: str, *, width: int = 860,
             height: int = 300) -> str:
    """Mean Goldstein per period in each direction (dot area = events), the trend line of both
    directions and the change points."""
    label = f"Timeline of {a}-{b}: mean Goldstein per period"
    if not rows:
        return _empty(width, label, "no dated events between these two")
    left, right, top, bottom = 48, 16, 16, 34
    times = [_to_year(date.fromisoformat(r["period"])) for r in rows]
    t0, t1 = min(times), max(times)
    if t1 - t0 < 1 / 12:
        t0, t1 = t0 - 0.25, t1 + 0.25
    pad = (t1 - t0) * 0.04
    t0, t1 = t0 - pad, t1 + pad

    def x(t: float) -> float:
        return left + (t - t0) / (t1 - t0) * (width - left - right)

    def y(g: float) -> float:
        return top + (10 - g) / 20 * (height - top - bottom)

    body = [f'<rect x="{left}" y="{top}" width="{width - left - right}" '
            f'height="{height - top - bottom}" class="plot"/>']
    for g in (-10, -5, 0, 5, 10):
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(g):.1f}" y2="{y(g):.1f}" '
                    f'class="{"zero" if g == 0 else "grid"}"/>'
                    f'<text x="{left - 6}" y="{y(g) + 4:.1f}" text-anchor="end">{g}</text>')
    for tick, text in _time_ticks(t0, t1):
        body.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" '
                    f'y2="{height - bottom}" class="grid"/><text x="{x(tick):.1f}" '
                    f'y="{height - bottom + 16}" text-anchor="middle">{text}</text>')
    for c in changes:
        cx = x(_to_year(date.fromisoformat(c["period"])))
        body.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{top}" y2="{height - bottom}" '
                    f'class="change"><title>change point {escape(c["period"])}: mean '
                    f'{_num(c["mean_before"])} to {_num(c["mean_after"])}</title></line>')
    if trend and trend.get("slope") is not None and trend.get("t_mean") is not None:
        ends = [max(t0, min(times)), min(t1, max(times))]
        ys = [trend["intercept_mean"] + trend["slope"] * (t - trend["t_mean"]) for t in ends]
        ys = [max(-10.0, min(10.0, v)) for v in ys]
        body.append(f'<line x1="{x(ends[0]):.1f}" y1="{y(ys[0]):.1f}" x2="{x(ends[1]):.1f}" '
                    f'y2="{y(ys[1]):.1f}" class="trend"><title>trend {trend["slope"]:+.2f} '
                    f'per year (CI {trend["low"]:+.2f} to {trend["high"]:+.2f})</title></line>')
    for direction, colour, name in (("A->B", A_COLOUR, f"{a} to {b}"),
                                    ("B->A", B_COLOUR, f"{b} to {a}")):
        points = [(t, r) for t, r in zip(times, rows, strict=True) if r["direction"] == direction]
        if len(points) > 1:
            path = " ".join(f"{x(t):.1f},{y(r['goldstein_mean']):.1f}" for t, r in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                        f'stroke-width="1.5" opacity="0.7"/>')
        for t, r in points:
            radius = 3 + 2 * math.sqrt(r["events"])
            body.append(
                f'<circle cx="{x(t):.1f}" cy="{y(r["goldstein_mean"]):.1f}" r="{radius:.1f}" '
                f'fill="{colour}" fill-opacity="0.55" stroke="{colour}" class="dot">'
                f'<title>{escape(name)} {escape(r["period"][:7])}: {r["events"]} events, mean '
                f'{r["goldstein_mean"]:+.2f}, sum {r["goldstein_sum"]:+.1f}</title></circle>')
    body.append(_legend(left + 8, top + 14, [(A_COLOUR, f"{a} to {b}"), (B_COLOUR, f"{b} to {a}"),
                                             (BOTH_COLOUR, "trend (both)")]))
    return _frame(width, height, label, body)


def _time_ticks(t0: float, t1: float) -> list[tuple[float, str]]:
    """Year ticks, or quarter ticks (YYYY-MM) on spans under three years; at most ~12."""
    if t1 - t0 >= 3:
        step = max(1, math.ceil((t1 - t0) / 12))
        return [(float(y), str(y)) for y in range(math.ceil(t0), math.floor(t1) + 1)
                if y % step == 0]
    ticks = []
    for year in range(math.floor(t0), math.floor(t1) + 1):
        for month in (1, 4, 7, 10):
            t = year + (month - 1) / 12
            if t0 <= t <= t1:
                ticks.append((t, f"{year}-{month:02d}"))
    return ticks


def _legend(x0: float, y0: float, items: list[tuple[str, str]]) -> str:
    parts, x = [], x0
    for colour, text in items:
        parts.append(f'<rect x="{x}" y="{y0 - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="{y0}">{escape(text)}</text>')
        x += 24 + 7 * len(text)
    return '<g class="legend">' + "".join(parts) + "</g>"


def quad_bars(rows: Sequence[dict[str, Any]], *, width: int = 860, height: int = 220) -> str:
    """Stacked bars of quad-class counts per period (both directions together)."""
    label = "Events per period by quad class"
    periods: dict[str, list[int]] = {}
    for r in rows:
        counts = periods.setdefault(r["period"], [0, 0, 0, 0])
        for q in range(4):
            counts[q] += int(r[f"q{q + 1}"])
    if not periods:
        return _empty(width, label, "no dated events")
    left, right, top, bottom = 48, 16, 24, 34
    top_count = max(sum(c) for c in periods.values()) or 1
    slot = (width - left - right) / len(periods)
    bar = max(2.0, min(40.0, slot * 0.7))
    body = [f'<line x1="{left}" x2="{width - right}" y1="{height - bottom}" '
            f'y2="{height - bottom}" class="zero"/>',
            f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{top_count}</text>']
    scale = (height - top - bottom) / top_count
    step = max(1, len(periods) // 12)
    for i, (period, counts) in enumerate(sorted(periods.items())):
        cx = left + slot * (i + 0.5)
        base = float(height - bottom)
        for q, n in enumerate(counts, 1):
            if n:
                h = n * scale
                base -= h
                body.append(f'<rect x="{cx - bar / 2:.1f}" y="{base:.1f}" width="{bar:.1f}" '
                            f'height="{h:.1f}" fill="{QUAD_COLOURS[q]}" class="bar"><title>'
                            f'{period[:7]}: {n} {QUAD_NAMES[q]}</title></rect>')
        if i % step == 0:
            body.append(f'<text x="{cx:.1f}" y="{height - bottom + 16}" '
                        f'text-anchor="middle">{period[:7]}</text>')
    body.append(_legend(left + 8, 14, [(QUAD_COLOURS[q], QUAD_NAMES[q]) for q in range(1, 5)]))
    return _frame(width, height, label, body)


def affinity_chart(rows: Sequence[dict[str, Any]], a: str, b: str, *, width: int = 860,
                   limit: int = 20) -> str:
    """Each side's affinity (-1..1) toward the third parties that weigh most."""
    label = f"Affinity of {a} and {b} toward third parties"
    rows = list(rows)[:limit]
    if not rows:
        return _empty(width, label, "no third party with stances from both sides")
    row_h, top, name_w = 30, 30, 130
    height = top + row_h * len(rows) + 24
    mid = name_w + (width - name_w - 20) / 2
    half = (width - name_w - 20) / 2
    body = [f'<line x1="{mid}" x2="{mid}" y1="{top - 8}" y2="{height - 20}" class="zero"/>',
            f'<text x="{mid - half}" y="{height - 6}">-1 hostile</text>',
            f'<text x="{mid + half}" y="{height - 6}" text-anchor="end">+1 friendly</text>']
    for i, r in enumerate(rows):
        y0 = top + i * row_h
        side = r.get("side", "")
        body.append(f'<text x="{name_w - 8}" y="{y0 + 15}" text-anchor="end" '
                    f'class="party {escape(side)}">{escape(str(r["party"]))}</text>')
        for j, (who, colour, key) in enumerate(((a, A_COLOUR, "a"), (b, B_COLOUR, "b"))):
            value = float(r[f"{key}_affinity"])
            inferred = bool(r.get(f"{key}_inferred"))
            x0 = mid + min(0.0, value) * half
            w = max(1.0, abs(value) * half)
            body.append(
                f'<rect x="{x0:.1f}" y="{y0 + 2 + j * 12}" width="{w:.1f}" height="10" '
                f'fill="{colour}" fill-opacity="{0.35 if inferred else 0.85}" class="bar">'
                f'<title>{escape(who)} toward {escape(str(r["party"]))}: {value:+.2f} '
                f'({"inferred" if inferred else "observed"}, weight {r["weight"]})</title></rect>')
    body.append(_legend(name_w, 14, [(A_COLOUR, a), (B_COLOUR, b)]))
    return _frame(width, height, label, body)


def heatmap(names: Sequence[str], scores: Sequence[Sequence[float | None]],
            blocs: Sequence[int], *, cell: int | None = None) -> str:
    """Alignment matrix (S-score) as coloured cells, states ordered by bloc."""
    label = "Alignment matrix (S-score) of the states, ordered by bloc"
    if not names:
        return _empty(600, label, "no states with shared third parties")
    size = len(names)
    cell = cell or max(6, min(26, 640 // size))
    margin = 44
    side = margin + cell * size
    body = []
    show_labels = cell >= 10
    for i, name in enumerate(names):
        if show_labels:
            body.append(f'<text x="{margin - 4}" y="{margin + cell * i + cell * 0.7:.1f}" '
                        f'text-anchor="end" class="small">{escape(name)}</text>'
                        f'<text x="{margin + cell * i + cell * 0.7:.1f}" y="{margin - 4}" '
                        f'class="small" transform="rotate(-60 {margin + cell * i + cell * 0.7:.1f}'
                        f' {margin - 4})">{escape(name)}</text>')
        for j in range(size):
            value = scores[i][j]
            shown = "n/a" if value is None or value != value else f"{value:+.2f}"
            body.append(f'<rect x="{margin + cell * j}" y="{margin + cell * i}" width="{cell}" '
                        f'height="{cell}" fill="{diverging(value)}" class="cell"><title>'
                        f'{escape(name)} / {escape(names[j])}: {shown} (blocs {blocs[i]}, '
                        f'{blocs[j]})</title></rect>')
    # Bloc boundaries.
    start = 0
    for i in range(1, size + 1):
        if i == size or blocs[i] != blocs[start]:
            span = cell * (i - start)
            body.append(f'<rect x="{margin + cell * start}" y="{margin + cell * start}" '
                        f'width="{span}" height="{span}" class="bloc"/>')
            start = i
    return _frame(side + 8, side + 8, label, body)
