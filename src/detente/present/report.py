"""The standalone HTML report: one page, no network, no JavaScript.

`render_report(store, path, dyad=("TUR", "RUS"))` writes the verdict with its reasons, the dyad
timeline, quad-class bars, third-party affinity chart, issue table, alignment heatmap and the
event table with sentences. The analysis JSON is embedded too (`<script type="application/json"
id="detente-data">`), so the page and the API never disagree.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.analyse.evidence import counted_events, evidence_record
from detente.analyse.matrix import alignment_matrix
from detente.analyse.verdict import dyad_report
from detente.present.report_assets import svg

if TYPE_CHECKING:
    from detente.store import Store

MAX_HEATMAP = 40  # states in the heatmap (most active first); the JSON API has them all


def report_context(
    store: Store,
    dyad: tuple[str, str] | None = None,
    *,
    by: str = "month",
    since: str | date | None = None,
    until: str | date | None = None,
    max_events: int = 500,
    forecast: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data (with a bargaining `forecast` from
    `detente.analyse.forecast.forecast` when one is given)."""
    dyad = dyad or store.busiest_dyad()
    total = store.event_totals()
    context: dict[str, Any] = {
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "store": {"events": int(total[0]), "documents": int(total[1])},
        "dyad": None, "report": None, "events": [],
    }
    if forecast is not None:
        context["forecast"] = forecast
    if dyad is not None:
        a, b = dyad
        report = dyad_report(store, a, b, by=by, since=since, until=until)
        context["dyad"] = report["dyad"]
        context["report"] = report
        frame = counted_events(store, parties=report["dyad"], since=since, until=until,
                               limit=max_events)
        context["events"] = [evidence_record(r) for _, r in frame.iterrows()]
    matrix = alignment_matrix(store, since=since, until=until)
    blocs = matrix.blocs.sort_values("events", ascending=False, kind="stable")
    keep = list(blocs["state"].head(MAX_HEATMAP))
    for party in context["dyad"] or []:
        if party in set(matrix.blocs["state"]) and party not in keep:
            keep.append(party)
    chosen = matrix.blocs[matrix.blocs["state"].isin(keep)].sort_values(
        ["bloc", "events"], ascending=[True, False], kind="stable")
    names = list(chosen["state"])
    values = matrix.scores.loc[names, names].to_numpy() if names else np.zeros((0, 0))
    context["alignment_matrix"] = {
        "states": names,
        "blocs": [int(x) for x in chosen["bloc"]],
        "scores": [[None if np.isnan(v) else round(float(v), 3) for v in row] for row in values],
        "all_blocs": {str(s): int(g) for s, g in zip(matrix.blocs["state"], matrix.blocs["bloc"],
                                                      strict=True)},
    }
    return context


def render_report(
    store: Store,
    path: str | Path,
    dyad: tuple[str, str] | None = None,
    *,
    by: str = "month",
    since: str | date | None = None,
    until: str | date | None = None,
    forecast: dict[str, Any] | None = None,
) -> Path:
    """Write the standalone HTML report to `path` and return the path."""
    context = report_context(store, dyad, by=by, since=since, until=until, forecast=forecast)
    path = Path(path)
    path.write_text(render_html(context), encoding="utf-8")
    return path


def _css() -> str:
    return resources.files("detente.present.report_assets").joinpath("report.css").read_text(
        encoding="utf-8")


def render_html(context: dict[str, Any]) -> str:
    """The page for a context from `report_context`."""
    report = context["report"]
    title = ("detente report: " + "–".join(context["dyad"])) if context["dyad"] else \
        "detente report"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_css()}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{context["store"]["events"]} events from '
        f'{context["store"]["documents"]} documents; generated {context["generated"]}.</p>',
    ]
    if report is None:
        parts.append('<p class="muted">The store holds no events between two states yet.</p>')
    else:
        parts += _dyad_sections(report, context["events"])
    matrix = context["alignment_matrix"]
    parts += [
        '<h2 id="matrix">Alignment of the states</h2>',
        '<p class="muted">Weighted S-score over shared third parties (blue: similar stances, '
        'red: opposed); boxes are blocs found by modularity.</p>',
        svg.heatmap(matrix["states"], matrix["scores"], matrix["blocs"]),
        _blocs_list(matrix["all_blocs"]),
    ]
    if context.get("forecast"):
        from detente.present.forecast_html import forecast_sections

        parts += forecast_sections(context["forecast"])
    if report is not None:
        parts += _event_table(context["events"], report)
    # Inside <script> only "<" can end the element early; \u003c keeps the JSON valid.
    data = json.dumps(context, ensure_ascii=False, default=str).replace("<", "\\u003c")
    parts.append(f'<script type="application/json" id="detente-data">{data}</script>')
    parts.append("</body></html>")
    return "\n".join(parts)


def _dyad_sections(report: dict[str, Any], events: list[dict[str, Any]]) -> list[str]:
    a, b = report["dyad"]
    verdict = report["verdict"]
    label = verdict["label"]
    known = {e["id"] for e in events} | {e["id"] for e in verdict["evidence"]}
    items = []
    for reason in verdict["reasons"]:
        refs = " ".join(f'<a href="#ev-{escape(i)}">{escape(i[:8])}</a>'
                        for i in reason["evidence"] if i in known)
        items.append(f'<li><span class="claim">{escape(reason["claim"])}</span>: '
                     f'{escape(reason["text"])} <span class="refs">{refs}</span></li>')
    trend_rows = []
    names = {"A->B": f"{a} → {b}", "B->A": f"{b} → {a}", "both": "both directions"}
    for key in ("both", "A->B", "B->A"):
        t = report["trend"][key]
        slope = "—" if t["slope"] is None else f'{t["slope"]:+.2f}'
        ci = "—" if t["low"] is None else f'{t["low"]:+.2f} to {t["high"]:+.2f}'
        mean = "—" if t["intercept_mean"] is None else f'{t["intercept_mean"]:+.2f}'
        trend_rows.append(f"<tr><td>{escape(names[key])}</td><td class=num>{t['n_events']}</td>"
                          f"<td class=num>{t['n_periods']}</td><td class=num>{mean}</td>"
                          f"<td class=num>{slope}</td><td class=num>{ci}</td>"
                          f"<td>{escape(t.get('judged', t['direction']))} <span class=muted>"
                          f"({escape(t.get('judged_by', 'linear trend'))})</span></td></tr>")
    align = report["alignment"]
    return [
        f'<section class="verdict {label.replace(" ", "-")}">',
        f'<div class="label">{escape(label)}</div>',
        f'<p>Direct relations: <b>{escape(verdict["direction"])}</b>; alignment through third '
        f'parties and issues: <b>{escape(verdict["alignment"])}</b>.</p>',
        f'<ol class="reasons">{"".join(items)}</ol></section>',
        f'<h2 id="timeline">Direct relations {escape(a)}–{escape(b)}</h2>',
        svg.timeline(report["series"], report["trend"]["both"], report["change_points"], a, b),
        "<table><tr><th>direction</th><th>events</th><th>periods</th><th>mean Goldstein</th>"
        "<th>slope / year</th><th>95% CI</th><th>trend</th></tr>" + "".join(trend_rows)
        + "</table>",
        svg.quad_bars(report["series"]),
        '<h2 id="third-parties">Through third parties</h2>',
        f'<p>S-score {_na(align["s_score"])}, chance-corrected kappa {_na(align["kappa"])}, '
        f'weighted correlation {_na(align["correlation"])} over {align["n_third_parties"]} '
        'third parties '
        '(pale bars: stance inferred from allies and enemies).</p>',
        svg.affinity_chart(align["third_parties"], a, b),
        '<h2 id="issues">By issue</h2>',
        _issue_table(align["issues"]),
    ]


def _na(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


def _issue_table(issues: list[dict[str, Any]]) -> str:
    if not issues:
        return '<p class="muted">No issue tags on the events of these two.</p>'
    rows = []
    for r in issues:
        reasons = "<br>".join(escape(x) for x in r["reasons"][:4])
        rows.append(f'<tr><td>{escape(r["issue"])}</td><td class="{escape(r["relation"])}">'
                    f'{escape(r["relation"])}</td><td class=num>{r["a_events"]}</td>'
                    f'<td class=num>{r["b_events"]}</td><td class=num>{r["ab_events"]}</td>'
                    f"<td>{reasons}</td></tr>")
    return ("<table><tr><th>issue</th><th>sides</th><th>A events</th><th>B events</th>"
            "<th>between them</th><th>why</th></tr>" + "".join(rows) + "</table>")


def _blocs_list(blocs: dict[str, int]) -> str:
    groups: dict[int, list[str]] = {}
    for state, bloc in blocs.items():
        groups.setdefault(bloc, []).append(state)
    items = "".join(f"<li>bloc {g}: {escape(', '.join(sorted(m)))}</li>"
                    for g, m in sorted(groups.items()) if len(m) > 1)
    return f'<ul class="blocs">{items}</ul>' if items else ""


def _event_table(events: list[dict[str, Any]], report: dict[str, Any]) -> list[str]:
    seen = {e["id"] for e in events}
    rows = events + [e for e in report["verdict"]["evidence"] if e["id"] not in seen]
    rows.sort(key=lambda e: (e["date"] or "9999", e["id"]))
    body = []
    for e in rows:
        body.append(
            f'<tr id="ev-{escape(e["id"])}"><td>{escape(e["date"] or "undated")}</td>'
            f'<td>{escape(e["source"] or "")}</td><td>{escape(e["target"] or "")}</td>'
            f'<td>{escape(e["cameo"])} {escape(e["plover"] or "")}</td>'
            f'<td class=num>{e["goldstein"]:+.1f}</td>'
            f'<td><blockquote>{escape(e["sentence"] or "")}</blockquote></td>'
            f'<td>{escape(str(e["doc_id"]))}</td>'
            f'<td class=rule>{escape(e.get("rule") or "")}</td></tr>')
    return [f'<h2 id="events">Events ({len(rows)})</h2>',
            "<table><tr><th>date</th><th>source</th><th>target</th><th>code</th>"
            "<th>Goldstein</th><th>sentence</th><th>document</th><th>rule</th></tr>"
            + "".join(body)
            + "</table>"]
