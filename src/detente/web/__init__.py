"""A read-only web dashboard and JSON API over a store (`detente serve`).

Every page is one view of `detente.present.views` (the report's is the standalone report's),
rendered through its template, and every page has a JSON twin giving the same view, so the page
and the API never disagree:

    /                       the report for the most active dyad (or ?a=TUR&b=RUS&by=quarter)
    /api/report             that report's data as JSON (same query parameters)
    /events, /api/browse    events chosen by filters, a page at a time (?dyad=, ?issue=, ?code=…)
    /event/ID, /api/event/ID            one event with its sentence, actors, rule, mentions
    /document?id=, /api/document?id=    one document's sentences with the events of each
    /api/dyad/TUR/RUS       trend, alignment and verdict with evidence (?by=, ?since=, ?until=)
    /api/align              alignment matrix and blocs (?countries=TUR,RUS,USA)
    /api/events             stored events (?a=, ?b=, ?country=, ?since=, ?until=, ?limit=)
    /api/forecast           the bargaining forecast of `serve --scenario FILE`

`App.respond(target)` answers one request in-process (`detente serve --get /api/align`), so the
web layer is testable without a server; `serve()` runs it on 127.0.0.1 with the standard library.

Each request opens the store read-only and closes it when answered, so `detente analyze` can
write to the same file between requests and the next request shows what it stored (DuckDB lets
one process write a file or several read it, not both at once). Every request gets an answer:
a bad parameter a 400 with a JSON message, a store kept busy by a writer past `READ_WAIT` a 503.
Requests naming another host than the server's address are refused (a web page cannot reach
the API by rebinding its own domain name to 127.0.0.1), and every response carries headers that
stop browsers from sniffing types, framing the page or running anything it does not hold.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import logging
import re
import socket
import threading
from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from detente.errors import DetenteError, StoreBusy, UsageError
from detente.present import render
from detente.present.views import (
    PER_PAGE,
    DocumentView,
    EventsView,
    EventView,
    Filters,
    ReportView,
    document_view,
    event_view,
    events_view,
    report_view,
)
from detente.records import json_default
from detente.store import Store

log = logging.getLogger("detente.web")

PERIODS = ("month", "quarter", "year")
MAX_EVENTS = 5000
DEFAULT_EVENTS = 200
#: Seconds a request waits for a writer (`detente analyze`) to let go of the store.
READ_WAIT = 10.0
# TUR, SYRREB, an organisation (NATO, G20, EU) or a group key (REB:Kurds)
_EVENT_ID = re.compile(r"^[\w.:-]{1,200}$")
_CODE = re.compile(r"^[A-Za-z]{2,8}$|^G[0-9]{1,2}$|^[A-Z]{2,4}:[\w .'-]{1,60}$")

Response = tuple[int, str, bytes]


def _json(data: Any, status: int = HTTPStatus.OK) -> Response:
    body = json.dumps(data, ensure_ascii=False, default=json_default).encode("utf-8")
    return status, "application/json; charset=utf-8", body


def _error(status: int, message: str) -> Response:
    return _json({"error": message}, status)


def security_headers(content_type: str) -> list[tuple[str, str]]:
    """Headers sent with every response: no type sniffing, no framing, and a content security
    policy allowing only what the page holds (its own style sheet, inline SVG, the form)."""
    if content_type.startswith("text/html"):
        policy = (f"default-src 'none'; style-src '{_style_hash()}'; img-src data:; "
                  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    else:
        policy = "default-src 'none'; frame-ancestors 'none'; sandbox"
    return [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", policy),
        ("Referrer-Policy", "no-referrer"),
        # the store changes while the server runs: a reload must show the new events
        ("Cache-Control", "no-store"),
    ]


def _style_hash() -> str:
    """The CSP source for the page's one inline style sheet (the report's CSS)."""
    digest = hashlib.sha256(render.css().encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


class App:
    """Answers requests from one store, opened read-only for each request; queries are
    serialised on one lock (one DuckDB connection at a time, memory stays bounded)."""

    def __init__(
        self,
        db: str | Path,
        *,
        wait: float = READ_WAIT,
        forecast: dict[str, Any] | None = None,
    ) -> None:
        self.db = str(db)
        self.wait = wait
        self.forecast = forecast  # a bargaining forecast shown on the page and at /api/forecast
        self._lock = threading.Lock()
        with self._open() as store:  # a missing file or another database fails here, at start
            store.check_events()

    def _open(self) -> Store:
        return Store(self.db, read_only=True, wait=self.wait)

    def close(self) -> None:
        """Nothing stays open between requests; kept for callers that close what they open."""

    def respond(self, target: str) -> Response:
        """(status, content type, body) for a request target such as `/api/dyad/TUR/RUS`:
        the API answers errors in JSON, the pages on a page of their own."""
        status, kind, body = self._respond(target)
        path = urlsplit(target).path
        if status >= 400 and kind.startswith("application/json") and not (
                path == "/api" or path.startswith("/api/")):
            message = json.loads(body)["error"]
            page = render.render_error(status, HTTPStatus(status).phrase, message)
            return status, "text/html; charset=utf-8", page.encode("utf-8")
        return status, kind, body

    def _respond(self, target: str) -> Response:
        try:
            parts = urlsplit(target)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            # decoded segment by segment: an encoded slash (%2F) stays inside its segment
            segments = [unquote(s) for s in parts.path.split("/") if s]
            with self._lock, self._open() as store:
                return self._route(store, segments, query)
        except (UsageError, ValueError) as exc:
            return _error(HTTPStatus.BAD_REQUEST, str(exc))
        except StoreBusy as exc:
            return _error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except NotFound as exc:
            return _error(HTTPStatus.NOT_FOUND, str(exc))
        except DetenteError as exc:
            return _error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        except Exception as exc:  # a request must never drop the connection
            log.exception("request %r failed", target)
            return _error(HTTPStatus.INTERNAL_SERVER_ERROR,
                          f"internal error answering {target!r}: {type(exc).__name__}")

    def _route(
        self, store: Store, segments: list[str], query: dict[str, str]
    ) -> Response:
        path = "/" + "/".join(segments)
        if not segments:
            return self._page(store, query)
        if segments == ["events"]:
            return _html(render.render_events(self._browse(store, query)))
        if len(segments) == 2 and segments[0] == "event":
            return _html(render.render_event(self._event(store, segments[1])))
        if segments == ["document"]:
            return _html(render.render_document(self._document(store, query)))
        if segments[:1] != ["api"]:
            return _error(HTTPStatus.NOT_FOUND, f"no page {path}")
        rest = segments[1:]
        if rest == ["report"]:
            return _json(self._context(store, query))
        if len(rest) == 3 and rest[0] == "dyad":
            return _json(self._dyad(store, _code(rest[1]), _code(rest[2]), query))
        if rest == ["align"]:
            return _json(self._align(store, query))
        if rest == ["events"]:
            return _json(self._events(store, query))
        if rest == ["browse"]:
            return _json(self._browse(store, query).to_json())
        if len(rest) == 2 and rest[0] == "event":
            return _json(self._event(store, rest[1]).to_json())
        if rest == ["document"]:
            return _json(self._document(store, query).to_json())
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
        if query.get("pick"):  # the dyad chosen in the page's list: "JPN-KOR"
            a, _, b = query["pick"].partition("-")
            return _code(a), _code(b)
        return None

    def _report(self, store: Store, query: dict[str, str]) -> ReportView:
        return report_view(store, self._pair(query), **self._window(query),
                           forecast=self.forecast)

    def _context(self, store: Store, query: dict[str, str]) -> dict[str, Any]:
        return self._report(store, query).to_json()

    def _browse(self, store: Store, query: dict[str, str]) -> EventsView:
        values = {f.name: query.get(f.name) or None for f in fields(Filters)}
        if query.get("dyad") and not (values["a"] or values["b"]):
            a, _, b = query["dyad"].partition("-")
            values.update(a=a, b=b)
        return events_view(store, Filters(**values), page=_whole(query, "page", 1),
                           per_page=_whole(query, "per_page", PER_PAGE))

    def _event(self, store: Store, event_id: str) -> EventView:
        if not _EVENT_ID.match(event_id):
            raise UsageError(f"{event_id[:40]!r} is not an event id")
        view = event_view(store, event_id)
        if view is None:
            raise NotFound(f"no stored event {event_id!r}")
        return view

    def _document(self, store: Store, query: dict[str, str]) -> DocumentView:
        doc_id = query.get("id")
        if not doc_id:
            raise UsageError("give the document as ?id=DOC_ID")
        view = document_view(store, doc_id)
        if view is None:
            raise NotFound(f"no stored document {doc_id[:200]!r}")
        return view

    def _dyad(
        self, store: Store, a: str, b: str, query: dict[str, str]
    ) -> dict[str, Any]:
        from detente.analyse.verdict import dyad_report

        return dyad_report(store, a, b, **self._window(query))

    def _align(self, store: Store, query: dict[str, str]) -> dict[str, Any]:
        from detente.analyse.matrix import alignment_matrix

        wanted = [_code(c) for c in query.get("countries", "").split(",") if c.strip()]
        window = self._window(query)
        return alignment_matrix(store, wanted or None, since=window.get("since"),
                                until=window.get("until")).to_json()

    def _events(
        self, store: Store, query: dict[str, str]
    ) -> list[dict[str, Any]]:
        limit = _limit(query.get("limit"))
        pair = self._pair(query)
        window = self._window(query)
        return store.event_records(
            dyad=pair, country=_code(query["country"]) if query.get("country") else None,
            since=window.get("since"), until=window.get("until"), limit=limit,
        )

    def _page(self, store: Store, query: dict[str, str]) -> Response:
        view = self._report(store, query)
        dyads = [{"a": a, "b": b, "events": n} for a, b, n in store.top_dyads(30)]
        if view.dyad and view.report and not any([d["a"], d["b"]] == view.dyad for d in dyads):
            # a dyad asked for by name (an organisation, a group) heads the list
            dyads.insert(0, {"a": view.dyad[0], "b": view.dyad[1],
                             "events": view.report["trend"]["both"]["n_events"]})
        return _html(render.render_report(view, dashboard=True, dyads=dyads))


class NotFound(DetenteError):
    """A page or record that does not exist (404)."""


def _html(page: str) -> Response:
    return HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8")


def _whole(query: dict[str, str], name: str, default: int) -> int:
    value = query.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"{name} must be a whole number, not {value[:40]!r}") from None


def _limit(value: str | None) -> int:
    """The `limit` parameter: a whole number from 1 to `MAX_EVENTS`."""
    if value is None or value == "":
        return DEFAULT_EVENTS
    try:
        limit = int(value)
    except ValueError:
        raise UsageError(f"limit must be a whole number, not {value[:40]!r}") from None
    if not 1 <= limit <= MAX_EVENTS:
        raise UsageError(f"limit must be between 1 and {MAX_EVENTS}, not {value[:40]}")
    return limit


def _code(value: str) -> str:
    """A state code (TUR) or a group key (REB:Kurds) from a request, checked."""
    value = value.strip()
    if not _CODE.match(value):
        raise UsageError(f"{value!r} is not an actor code such as TUR or REB:Kurds")
    return value.upper() if ":" not in value else value


def _split_host(header: str) -> tuple[str, str]:
    """(name, port) of a Host header: `localhost:8765`, `[::1]:8765`, `127.0.0.1`."""
    header = header.strip()
    if header.startswith("["):
        name, _, rest = header[1:].partition("]")
        return name, rest[1:] if rest.startswith(":") else ""
    if header.count(":") == 1:
        name, _, port = header.partition(":")
        return name, port
    return header, ""


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def host_allowed(header: str | None, bound: str, port: int, extra: Iterable[str] = ()) -> bool:
    """Whether a request's Host header names this server: the address it is bound to (any
    loopback name for a loopback address; any address of the machine, or its name, when bound
    to all of them) or a name given in `extra`. Domain names that merely resolve to the
    server are refused: that is how DNS rebinding reaches a local server from a web page."""
    if not header:
        return False
    name, given_port = _split_host(header)
    if given_port and given_port != str(port):
        return False
    name = name.lower().rstrip(".")
    bound = bound.lower().strip("[]")
    if name in {n.lower().rstrip(".") for n in extra}:
        return True
    bound_ip, asked_ip = _ip(bound), _ip(name)
    everywhere = bound_ip is not None and bound_ip.is_unspecified
    loopback = bound == "localhost" or (bound_ip is not None and bound_ip.is_loopback)
    if asked_ip is not None:
        return everywhere or asked_ip == bound_ip or (loopback and asked_ip.is_loopback)
    if name == bound or (name == "localhost" and (loopback or everywhere)):
        return True
    return everywhere and name in {socket.gethostname().lower(), socket.getfqdn().lower()}


def is_loopback(host: str) -> bool:
    """Whether `host` only listens on this machine (127.0.0.1, ::1, localhost)."""
    address = _ip(host.strip("[]"))
    return host.lower() == "localhost" or (address is not None and address.is_loopback)


def make_handler(
    app: App, host: str, allowed: Iterable[str] = ()
) -> type[BaseHTTPRequestHandler]:
    extra = tuple(allowed)

    class Handler(BaseHTTPRequestHandler):
        server_version = "detente"

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            port = int(self.server.server_address[1])  # type: ignore[index]
            header = self.headers.get("Host")
            if host_allowed(header, host, port, extra):
                status, content_type, body = app.respond(self.path)
            else:
                status, content_type, body = _error(
                    HTTPStatus.FORBIDDEN,
                    f"Host {header!r} is not this server's address ({host}:{port}); "
                    "use that address, or start the server with --allow-host NAME")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in security_headers(content_type):
                self.send_header(name, value)
            if status == HTTPStatus.SERVICE_UNAVAILABLE:
                self.send_header("Retry-After", "2")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            log.info("%s %s", self.address_string(), format % args)

    return Handler


def serve(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    allowed_hosts: Iterable[str] = (),
    forecast: dict[str, Any] | None = None,
) -> ThreadingHTTPServer:
    """A server bound to `host:port` (call `.serve_forever()`); port 0 picks a free one.
    `allowed_hosts` are further names requests may give in their Host header (a proxy's)."""
    app = App(db, forecast=forecast)
    server = ThreadingHTTPServer((host, port), make_handler(app, host, allowed_hosts))
    server.app = app  # type: ignore[attr-defined]
    return server
