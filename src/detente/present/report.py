"""The standalone HTML report: one page, no network, no JavaScript.

`render_report(store, path, dyad=("TUR", "RUS"))` writes the verdict with its reasons, the dyad
timeline, quad-class bars, third-party affinity chart, issue table, alignment heatmap and the
event table with sentences, from the report's view (`detente.present.views.ReportView`) through
its template (`templates/report.html`). The view's JSON is embedded too (`<script
type="application/json" id="detente-data">`), so the page and the API never disagree.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.present import render
from detente.present.views import report_view

if TYPE_CHECKING:
    from detente.store import Store


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
    return report_view(store, dyad, by=by, since=since, until=until, max_events=max_events,
                       forecast=forecast).to_json()


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
    view = report_view(store, dyad, by=by, since=since, until=until, forecast=forecast)
    path = Path(path)
    path.write_text(render.render_report(view), encoding="utf-8")
    return path
