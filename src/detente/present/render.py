"""HTML of the views (`detente.present.views`) through their Jinja2 templates (`templates/`).

Autoescape is on: every value from the store is escaped; only what our own code draws (the SVG
charts, the style sheet, the embedded JSON) is marked safe. The standalone report links evidence
to rows of its own event table; the dashboard (`dashboard=True`) links every event to its page,
every document to its page and every count to the events behind it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from detente.present.report_assets import svg
from detente.present.views import MODALITIES, DocumentView, EventsView, EventView, ReportView

PERIODS = ("month", "quarter", "year")


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("detente.present", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=False, lstrip_blocks=False,
    )


@lru_cache(maxsize=1)
def css() -> str:
    """The one style sheet, inlined in every page (the dashboard's CSP allows it by hash)."""
    return resources.files("detente.present.report_assets").joinpath("report.css").read_text(
        encoding="utf-8")


def _page(template: str, *, title: str, dashboard: bool, json_url: str | None = None,
          **context: Any) -> str:
    return environment().get_template(template).render(
        title=title, css=Markup(css()), dashboard=dashboard, json_url=json_url, **context)


def _na(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


def _period_end(start: str, by: str) -> str:
    """The last day of the period starting on `start` (YYYY-MM-DD)."""
    from datetime import date, timedelta

    first = date.fromisoformat(start[:10])
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    month = first.month - 1 + months
    following = date(first.year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).isoformat()


def render_report(view: ReportView, *, dashboard: bool = False,
                  dyads: list[dict[str, Any]] | None = None) -> str:
    """The report page: standalone (anchors only) or on the dashboard (links to pages)."""
    report = view.report
    title = ("detente report: " + "–".join(view.dyad)) if view.dyad else "detente report"
    window = view.window
    context: dict[str, Any] = {"view": view, "report": report, "na": _na, "periods": PERIODS,
                               "dyads": dyads or [], "pair": view.dyad or ["", ""]}
    charts: dict[str, Markup] = {}
    if report is not None:
        a, b = report["dyad"]
        known = {e["id"] for e in view.events} | {e["id"] for e in report["verdict"]["evidence"]}
        seen = {e["id"] for e in view.events}
        rows = view.events + [e for e in report["verdict"]["evidence"] if e["id"] not in seen]
        rows.sort(key=lambda e: (e["date"] or "9999", e["id"]))
        counted = {"modality": "counted", **window}
        # the trend and period counts are of the series: dated at least as precisely as its
        # periods; their links open exactly those events
        series = {**counted, "by": view.by}
        context.update(
            known=known, event_rows=rows,
            trend_rows=[
                ("both", "both directions", urlencode({"a": a, "b": b, **series})),
                ("A->B", f"{a} → {b}", urlencode({"a": a, "b": b, "source": a, **series})),
                ("B->A", f"{b} → {a}", urlencode({"a": a, "b": b, "source": b, **series})),
            ],
            period_queries=[
                urlencode({k: v for k, v in {
                    "a": a, "b": b, "source": row.get("source"), "modality": "counted",
                    "by": view.by, "since": row["period"][:10],
                    "until": _period_end(row["period"], view.by)}.items() if v})
                for row in report["series"]],
            issue_query=lambda party, issue, x=None, y=None: urlencode(
                {**({"country": party} if party else {"a": x, "b": y}), "issue": issue,
                 **counted}),
        )
        charts.update(
            timeline=Markup(svg.timeline(report["series"], report["trend"]["both"],
                                         report["change_points"], a, b)),
            quad_bars=Markup(svg.quad_bars(report["series"])),
            affinity=Markup(svg.affinity_chart(report["alignment"]["third_parties"], a, b)),
        )
    matrix = view.alignment_matrix
    charts["heatmap"] = Markup(svg.heatmap(matrix["states"], matrix["scores"], matrix["blocs"]))
    groups: dict[int, list[str]] = {}
    for state, bloc in matrix["all_blocs"].items():
        groups.setdefault(bloc, []).append(state)
    context["blocs"] = [(g, sorted(m)) for g, m in sorted(groups.items()) if len(m) > 1]
    context["charts"] = charts
    context["forecast_html"] = None
    if view.forecast:
        from detente.present.forecast_html import forecast_sections

        context["forecast_html"] = Markup("\n".join(forecast_sections(view.forecast)))
    # Inside <script> only "<" can end the element early; \u003c keeps the JSON valid.
    data = json.dumps(view.to_json(), ensure_ascii=False, default=str).replace("<", "\\u003c")
    context["data"] = Markup(data)
    query = {"by": view.by, **window, **({"a": view.dyad[0], "b": view.dyad[1]}
                                          if view.dyad else {})}
    return _page("report.html", title=title, dashboard=dashboard,
                 json_url=f"/api/report?{urlencode(query)}", **context)


def render_events(view: EventsView) -> str:
    f = view.filters
    about = (f"{f.a}–{f.b}" if f.a and f.b else f.country or "all parties")
    return _page("events.html", title=f"Events: {about}", dashboard=True, view=view,
                 modalities=MODALITIES,
                 per_page_param=None if view.per_page == 50 else view.per_page,
                 json_url="/api/browse?" + f.query(page=view.page, per_page=(
                     None if view.per_page == 50 else view.per_page)))


def render_event(view: EventView) -> str:
    e = view.event
    title = (f"{e.get('cameo')} {view.code_name}: {e.get('source_party') or '—'} → "
             f"{e.get('target_party') or '—'}")
    return _page("event.html", title=title, dashboard=True, view=view,
                 json_url=f"/api/event/{e['id']}")


def render_document(view: DocumentView) -> str:
    doc_id = str(view.document.get("doc_id"))
    return _page("document.html", title=f"Document {doc_id}", dashboard=True, view=view,
                 json_url="/api/document?" + urlencode({"id": doc_id}))


def render_error(status: int, reason: str, message: str) -> str:
    """A page saying what went wrong with a request for a page (the API answers JSON)."""
    return _page("error.html", title=f"{status} {reason}", dashboard=True, message=message)
