"""A read-only web dashboard and JSON API over a store (`detente serve`).

Every page is built from the same context as the standalone report, and every page has a JSON
twin, so the page and the API never disagree:

    /                       the report for the most active dyad (or ?a=TUR&b=RUS&by=quarter)
    /api/report             that report's data as JSON (same query parameters)
    /api/dyad/TUR/RUS       trend, alignment and verdict with evidence (?by=, ?since=, ?until=)
    /api/align              alignment matrix and blocs (?countries=TUR,RUS,USA)
    /api/events             stored events (?a=, ?b=, ?country=, ?since=, ?until=, ?limit=)
    /api/forecast           the bargaining forecast of `serve --scenario FILE`

`App.respond(target)` answers one request in-process (`detente serve --get /api/align`), so the
web layer is testable without a server; `serve()` runs it on 127.0.0.1 with the standard library.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from datetime import date
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from detente.errors import DetenteError, UsageError
from detente.records import json_default
from detente.store import Store

log = logging.getLogger("detente.web")

PERIODS = ("month", "quarter", "year")
MAX_EVENTS = 5000
# TUR, SYRREB, an organisation (NATO, G20, EU) or a group key (REB:Kurds)
_CODE = re.compile(r"^[A-Za-z]{2,8}$|^G[0-9]{1,2}$|^[A-Z]{2,4}:[\w .'-]{1,60}$")

Response = tuple[int, str, bytes]


def _json(data: Any, status: int = HTTPStatus.OK) -> Response:
    body = json.dumps(data, ensure_ascii=False, default=json_default).encode("utf-8")
    return status, "application/json; charset=utf-8", body


def _error(status: int, message: str) -> Response:
    return _json({"error": message}, status)


class App:
    """Answers requests from one store, opened read-only; queries are serialised on one lock."""

    def __init__(self, db: str | Path, *, forecast: dict[str, Any] | None = None) -> None:
        self.store = Store(db, read_only=True)
        self.db = str(db)
        self.forecast = forecast  # a bargaining forecast shown on the page and at /api/forecast
        self._lock = threading.Lock()

    def close(self) -> None:
        self.store.close()

    def respond(self, target: str) -> Response:
        """(status, content type, body) for a request target such as `/api/dyad/TUR/RUS`."""
        parts = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        path = parts.path.rstrip("/") or "/"
        try:
            with self._lock:
                return self._route(path, query)
        except (UsageError, ValueError) as exc:
            return _error(HTTPStatus.BAD_REQUEST, str(exc))
        except DetenteError as exc:
            return _error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))

    def _route(self, path: str, query: dict[str, str]) -> Response:
        segments = [s for s in path.split("/") if s]
        if path == "/":
            return self._page(query)
        if segments[:1] != ["api"]:
            return _error(HTTPStatus.NOT_FOUND, f"no page {path}")
        rest = segments[1:]
        if rest == ["report"]:
            return _json(self._context(query))
        if len(rest) == 3 and rest[0] == "dyad":
            return _json(self._dyad(_code(rest[1]), _code(rest[2]), query))
        if rest == ["align"]:
            return _json(self._align(query))
        if rest == ["events"]:
            return _json(self._events(query))
        if rest == ["forecast"]:
            if self.forecast is None:
                return _error(HTTPStatus.NOT_FOUND, "no scenario loaded: start the server with "
                              "`detente serve --scenario FILE`")
            return _json(self.forecast)
        return _error(HTTPStatus.NOT_FOUND, f"no API endpoint {path}")

    # -- views: each builds one data structure ----------------------------------------------

    def _window(self, query: dict[str, str]) -> dict[str, Any]:
        by = query.get("by", "month")
        if by not in PERIODS:
            raise UsageError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
        window: dict[str, Any] = {"by": by}
        for key in ("since", "until"):
            if query.get(key):
                window[key] = date.fromisoformat(query[key]).isoformat()
        return window

    def _pair(self, query: dict[str, str]) -> tuple[str, str] | None:
        if query.get("a") and query.get("b"):
            return _code(query["a"]), _code(query["b"])
        return None

    def _context(self, query: dict[str, str]) -> dict[str, Any]:
        from detente.present.report import report_context

        return report_context(self.store.con, self._pair(query), **self._window(query),
                              forecast=self.forecast)

    def _dyad(self, a: str, b: str, query: dict[str, str]) -> dict[str, Any]:
        from detente.analyse.verdict import dyad_report

        return dyad_report(self.store.con, a, b, **self._window(query))

    def _align(self, query: dict[str, str]) -> dict[str, Any]:
        from detente.analyse.matrix import alignment_matrix

        wanted = [_code(c) for c in query.get("countries", "").split(",") if c.strip()]
        window = self._window(query)
        matrix = alignment_matrix(self.store.con, wanted or None, since=window.get("since"),
                                  until=window.get("until"))
        scores = matrix.scores
        return {
            "states": list(scores.index),
            "scores": [[None if v != v else round(float(v), 4) for v in row]
                       for row in scores.to_numpy()],
            "blocs": matrix.blocs.to_dict(orient="records"),
        }

    def _events(self, query: dict[str, str]) -> list[dict[str, Any]]:
        limit = min(int(query.get("limit", 200)), MAX_EVENTS)
        pair = self._pair(query)
        window = self._window(query)
        return self.store.event_records(
            dyad=pair, country=_code(query["country"]) if query.get("country") else None,
            since=window.get("since"), until=window.get("until"), limit=limit,
        )

    def _page(self, query: dict[str, str]) -> Response:
        from detente.present.report import render_html

        context = self._context(query)
        html = render_html(context)
        pair = context.get("dyad") or ["", ""]
        form = (
            '<form class="nav" method="get" action="/">'
            f'<label>dyad <input name="a" size="4" value="{escape(str(pair[0]))}"></label> '
            f'<input name="b" size="4" value="{escape(str(pair[1]))}"> '
            '<label>by <select name="by">'
            + "".join(f'<option{" selected" if p == query.get("by", "month") else ""}>{p}'
                      "</option>" for p in PERIODS)
            + '</select></label> <button type="submit">show</button> '
            f'<a href="/api/report?{escape(urlencode(query))}">JSON</a>'
            "</form>"
        )
        return HTTPStatus.OK, "text/html; charset=utf-8", html.replace(
            "<body>", "<body>" + form, 1).encode("utf-8")


def _code(value: str) -> str:
    """A state code (TUR) or a group key (REB:Kurds) from a request, checked."""
    value = value.strip()
    if not _CODE.match(value):
        raise UsageError(f"{value!r} is not an actor code such as TUR or REB:Kurds")
    return value.upper() if ":" not in value else value


def make_handler(app: App) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "detente"

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            status, content_type, body = app.respond(self.path)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            log.info("%s %s", self.address_string(), format % args)

    return Handler


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8765,
          forecast: dict[str, Any] | None = None) -> ThreadingHTTPServer:
    """A server bound to `host:port` (call `.serve_forever()`); port 0 picks a free one."""
    app = App(db, forecast=forecast)
    server = ThreadingHTTPServer((host, port), make_handler(app))
    server.app = app  # type: ignore[attr-defined]
    return server
