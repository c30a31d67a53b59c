"""One typed context per view: what a page shows, built from the store once, rendered as HTML
through its template (`detente.present.render`) or given as JSON by the API (`to_json`).

    ReportView    the dyad report: verdict, series, third parties, issues, heatmap, events
    EventsView    a page of events chosen by filters (dyad, country, issue, dates, modality, code)
    EventView     one event: its sentence, actors, code, rule, mentions and documents
    DocumentView  one document: its sentences, each with the events coded from it
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import numpy as np

from detente.analyse.evidence import counted_events, evidence_record
from detente.analyse.keys import SERIES_PRECISIONS
from detente.analyse.matrix import alignment_matrix
from detente.analyse.verdict import dyad_report
from detente.errors import UsageError

if TYPE_CHECKING:
    from detente.store import Store

MAX_HEATMAP = 40  # states in the heatmap (most active first); the JSON API has them all
PER_PAGE = 50
MAX_PER_PAGE = 500
MODALITIES = ("asserted", "reported", "intended", "hypothetical", "denied")


def _plain(value: Any) -> Any:
    """A value of a DataFrame cell as JSON has it (numpy scalars, arrays, NaN, dates)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if len(text) >= 10 and text[10:] in ("", "T00:00:00") else text
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


# -- the report ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReportView:
    """The dyad report (`detente report`, `/` and `/api/report`)."""

    generated: str
    store: dict[str, int]
    dyad: list[str] | None
    report: dict[str, Any] | None
    events: list[dict[str, Any]]
    alignment_matrix: dict[str, Any]
    forecast: dict[str, Any] | None = None
    by: str = "month"
    window: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The context as `/api/report` gives it (and as the page embeds it)."""
        data: dict[str, Any] = {
            "generated": self.generated, "store": self.store, "dyad": self.dyad,
            "report": self.report, "events": self.events,
            "alignment_matrix": self.alignment_matrix,
        }
        if self.forecast is not None:
            data["forecast"] = self.forecast
        return data


def report_view(
    store: Store,
    dyad: tuple[str, str] | None = None,
    *,
    by: str = "month",
    since: str | date | None = None,
    until: str | date | None = None,
    max_events: int = 500,
    forecast: dict[str, Any] | None = None,
) -> ReportView:
    """Everything the report shows for a dyad (the most active pair of states by default)."""
    dyad = dyad or store.busiest_dyad()
    events_n, documents_n = store.event_totals()
    report = None
    events: list[dict[str, Any]] = []
    if dyad is not None:
        report = dyad_report(store, dyad[0], dyad[1], by=by, since=since, until=until)
        frame = counted_events(store, parties=report["dyad"], since=since, until=until,
                               limit=max_events)
        events = [evidence_record(r) for _, r in frame.iterrows()]
        # listed by date, then id, as the report always has (the store lists in reading order)
        events.sort(key=lambda e: (e["date"] is None, e["date"] or "", e["id"]))
    heatmap = alignment_matrix(store, since=since, until=until).heatmap_json(
        (report or {}).get("dyad"), MAX_HEATMAP)
    window = {k: str(v) for k, v in (("since", since), ("until", until)) if v}
    return ReportView(
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        store={"events": events_n, "documents": documents_n},
        dyad=report["dyad"] if report else None, report=report, events=events,
        alignment_matrix=heatmap, forecast=forecast, by=by, window=window,
    )


# -- browsing events ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """What a list of events is chosen by; every field is optional."""

    a: str | None = None  # with b: events between the two parties, either direction
    b: str | None = None
    country: str | None = None  # events of which this party is the source or target
    issue: str | None = None
    since: str | None = None
    until: str | None = None
    modality: str | None = None  # one modality, or "counted": what the analyses count
    code: str | None = None  # CAMEO code prefix: 04, 042
    # month, quarter or year: only the events a series by that period counts (dated at least
    # that precisely), so that a count in a trend table opens the same events
    by: str | None = None
    source: str | None = None  # only events whose source is this party (a dyad's direction)

    def check(self) -> Filters:
        """The filters validated (`UsageError` naming the bad one), codes upper-cased."""
        from detente.analyse.keys import check_party

        changes: dict[str, Any] = {}
        if bool(self.a) != bool(self.b):
            raise UsageError("a dyad needs both a and b (e.g. a=TUR&b=RUS)")
        for name in ("a", "b", "country", "source"):
            value = getattr(self, name)
            if value:
                changes[name] = check_party(value)
        for name in ("since", "until"):
            value = getattr(self, name)
            if value:
                try:
                    changes[name] = date.fromisoformat(value).isoformat()
                except ValueError:
                    raise UsageError(f"{name} must be a date YYYY-MM-DD, not {value[:40]!r}") \
                        from None
        if self.modality and self.modality not in (*MODALITIES, "counted"):
            raise UsageError(f"modality must be one of {', '.join(MODALITIES)} or counted, "
                             f"not {self.modality[:40]!r}")
        if self.by and self.by not in SERIES_PRECISIONS:
            raise UsageError(f"by must be one of {', '.join(SERIES_PRECISIONS)}, not "
                             f"{self.by[:40]!r}")
        if self.code and not (self.code.isdigit() and 1 <= len(self.code) <= 4):
            raise UsageError(f"code must be a CAMEO code or its first digits (04, 042), not "
                             f"{self.code[:40]!r}")
        if self.issue:
            if not self.issue.replace("_", "").isalnum() or len(self.issue) > 60:
                raise UsageError(f"issue must be an issue tag such as TRADE, not "
                                 f"{self.issue[:40]!r}")
            changes["issue"] = self.issue.upper()
        return replace(self, **changes)

    def store_filters(self) -> dict[str, Any]:
        """The filters as `Store.events_frame` takes them."""
        return {
            "dyad": (self.a, self.b) if self.a and self.b else None,
            "country": self.country or None, "issue": self.issue or None,
            "since": self.since or None, "until": self.until or None,
            "modality": None if self.modality in (None, "", "counted") else self.modality,
            "counted_only": self.modality == "counted", "code": self.code or None,
            "precisions": SERIES_PRECISIONS[self.by] if self.by else None,
            "source_party": self.source or None,
        }

    def given(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def query(self, **changes: Any) -> str:
        """The query string of these filters with `changes` (None removes a field)."""
        values: dict[str, Any] = {**self.given(), **changes}
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _event_row(row: dict[str, Any]) -> dict[str, Any]:
    """One event of a list (a row of `Store.events_frame(with_parties=True)`): what the table
    shows and the API gives."""
    issues = row.get("issues")
    return {
        "id": row["id"], "date": _plain(row.get("date")),
        "date_precision": _plain(row.get("date_precision")),
        "source": _plain(row.get("source_code")), "target": _plain(row.get("target_code")),
        "source_party": _plain(row.get("source")), "target_party": _plain(row.get("target")),
        "cameo": row.get("cameo"), "goldstein": float(row.get("goldstein") or 0.0),
        "quad_class": int(row.get("quad_class") or 0), "plover": _plain(row.get("plover")),
        "modality": row.get("modality"), "negated": bool(row.get("negated")),
        "sentence": row.get("sentence"), "doc_id": row.get("doc_id"),
        "sentence_index": _plain(row.get("sentence_index")),
        "issues": [] if issues is None else _plain(list(issues)),
        "n_mentions": int(_plain(row.get("n_mentions")) or 1),
        "rule": _plain(row.get("rule")),
    }


@dataclass(frozen=True, slots=True)
class EventsView:
    """A page of the events chosen by `filters` (`/events`, `/api/browse`)."""

    filters: Filters
    page: int
    per_page: int
    total: int
    events: list[dict[str, Any]]
    dyads: list[dict[str, Any]]
    issues: list[dict[str, Any]]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def to_json(self) -> dict[str, Any]:
        return {"filters": self.filters.given(), "page": self.page, "per_page": self.per_page,
                "pages": self.pages, "total": self.total, "events": self.events,
                "dyads": self.dyads, "issues": self.issues}


def events_view(store: Store, filters: Filters, *, page: int = 1,
                per_page: int = PER_PAGE) -> EventsView:
    """The `page`-th page (from 1) of the events chosen by `filters`, in date order."""
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise UsageError(f"per_page must be between 1 and {MAX_PER_PAGE}, not {per_page}")
    if page < 1:
        raise UsageError(f"page must be 1 or more, not {page}")
    filters = filters.check()
    chosen = filters.store_filters()
    total = store.count_events(**chosen)
    frame = store.events_frame(**chosen, with_parties=True, limit=per_page,
                               offset=(page - 1) * per_page)
    rows = [_event_row(r) for r in frame.to_dict(orient="records")]
    return EventsView(
        filters=filters, page=page, per_page=per_page, total=total, events=rows,
        dyads=[{"a": a, "b": b, "events": n} for a, b, n in store.top_dyads(30)],
        issues=[{"issue": i, "events": n} for i, n in store.issue_counts()],
    )


# -- one event, one document --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventView:
    """One event (`/event/ID`, `/api/event/ID`): the record with its sentence, actors, code and
    rule; the mentions merged into it, each with its document and sentence."""

    event: dict[str, Any]
    code_name: str
    mentions: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"event": self.event, "code_name": self.code_name, "mentions": self.mentions}


def event_view(store: Store, event_id: str) -> EventView | None:
    """The event with this id (a merged event's or any of its mentions'), or None."""
    found = store.event(event_id)
    if found is None:
        return None
    row, mentions = found
    record = json.loads(row["record"]) if isinstance(row.get("record"), str) else {}
    record.update(id=row["id"], n_mentions=int(row.get("n_mentions") or 1),
                  doc_ids=_plain(row.get("doc_ids")) or [row["doc_id"]],
                  source_party=row.get("source"), target_party=row.get("target"))
    record.setdefault("sentence", row.get("sentence"))
    record.setdefault("doc_id", row.get("doc_id"))
    record.setdefault("sentence_index", _plain(row.get("sentence_index")))
    record.setdefault("rule", row.get("rule"))
    from detente.events.ontology import cameo

    try:
        name = cameo(str(record.get("cameo") or row.get("cameo"))).name
    except KeyError:
        name = ""
    return EventView(event={k: _plain(v) for k, v in record.items()}, code_name=name,
                     mentions=[{k: _plain(v) for k, v in m.items()} for m in mentions])


@dataclass(frozen=True, slots=True)
class DocumentView:
    """One document (`/document?id=`, `/api/document?id=`): what is known of it and its
    sentences, each with the event mentions coded from it."""

    document: dict[str, Any]
    sentences: list[dict[str, Any]]
    events: int

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document, "sentences": self.sentences, "events": self.events}


def document_view(store: Store, doc_id: str) -> DocumentView | None:
    """The stored document `doc_id`, or None."""
    found = store.document(doc_id)
    mentions = store.events_frame(doc_id=doc_id, mentions=True, with_parties=True)
    if found is None and mentions.empty:
        return None
    by_sentence: dict[int, list[dict[str, Any]]] = {}
    for _, row in mentions.iterrows():
        index = int(row["sentence_index"]) if row["sentence_index"] == row["sentence_index"] \
            else -1
        by_sentence.setdefault(index, []).append({
            "id": row["id"], "cameo": row["cameo"], "source": _plain(row["source"]),
            "target": _plain(row["target"]), "modality": row["modality"],
            "goldstein": float(row["goldstein"]), "negated": bool(row["negated"]),
            "sentence": row["sentence"],
        })
    sentences = []
    if found is not None:
        sentences = [{**s, "events": by_sentence.pop(s["sentence_index"], [])}
                     for s in found.pop("sentences")]
    # imported events have no stored sentences: their own sentence stands in
    for index, events in sorted(by_sentence.items()):
        sentences.append({"sentence_index": index, "text": events[0]["sentence"] or "",
                          "paragraph": None, "is_caption": False, "events": events})
    document = {k: _plain(v) for k, v in (found or {"doc_id": doc_id}).items()}
    return DocumentView(document=document, sentences=sentences, events=len(mentions))


def to_json(view: Any) -> dict[str, Any]:
    """Any view's JSON (what the API answers)."""
    if hasattr(view, "to_json"):
        return view.to_json()
    return asdict(view)
