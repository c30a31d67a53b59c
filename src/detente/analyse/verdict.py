"""The dyad report and its verdict: realignment, rapprochement, estrangement, stable cooperation,
stable rivalry or insufficient evidence, each reason with the events behind it.

Rules and thresholds are documented in docs/ANALYSIS.md ("Verdict").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from detente.analyse.alignment import party_network, third_party_alignment
from detente.analyse.evidence import counted_events, evidence_record, strongest_ids
from detente.analyse.issues import issue_alignment
from detente.analyse.keys import check_known, check_party
from detente.analyse.series import (
    combine_directions,
    dyad_series,
    series_change_points,
    series_trend,
)
from detente.analyse.stats import Trend

if TYPE_CHECKING:
    from detente.store import Store

LABELS = ("realignment", "rapprochement", "estrangement", "stable cooperation",
          "stable rivalry", "insufficient evidence")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Verdict thresholds (see docs/ANALYSIS.md)."""

    min_events: int = 4  # direct events (both directions) needed for any verdict
    min_periods: int = 2  # periods with direct events needed for a trend
    shift: float = 2.0  # a change point moving the mean by this much is warming / cooling
    aligned_kappa: float = 0.2  # chance-corrected third-party agreement that counts as aligned
    rise: float = 0.3  # kappa gained from before to after the change that counts as rising
    issue_ratio: float = 2.0  # aligned needs this many same-side issues per opposite-side one
    level: float = 0.0  # recent mean Goldstein above: cooperation; below: rivalry
    settled: float = 1.0  # warming from an earlier mean above +settled only deepens cooperation


def judge_direction(
    trend: Trend, changes: list[dict[str, Any]], th: Thresholds
) -> dict[str, Any]:
    """warming / cooling / flat, and why: the latest big change point decides, else the linear
    trend's interval. The verdict and every trend shown beside it take this one judgement
    (`judged`, `judged_by`), so a page never shows "warming" beside a trend called "flat"."""
    big = [c for c in changes if abs(c["shift"]) >= th.shift]
    if big:
        last = big[-1]
        return {"judged": "warming" if last["shift"] > 0 else "cooling",
                "judged_by": f"change point at {last['period']} (mean shifted "
                             f"{last['shift']:+.2f}); linear trend {trend.direction}"}
    judged = {"up": "warming", "down": "cooling"}.get(trend.direction, "flat")
    return {"judged": judged, "judged_by": f"linear trend {trend.direction}"}


def _alignment_state(align: dict[str, Any], issues: pd.DataFrame, th: Thresholds) -> str:
    """aligned / divergent / mixed / unknown, from stances toward third parties: per issue
    (`through_third_parties`) and overall (S-score table, kappa). Direct A-B events are the
    direction's business, not alignment's."""
    sided = issues["through_third_parties"] if len(issues) else pd.Series(dtype=str)
    same_issues, opp_issues = int((sided == "same").sum()), int((sided == "opposite").sum())
    table = align["third_parties"]
    same_w = float(table.loc[table["side"] == "same", "weight"].sum()) if len(table) else 0.0
    opp_w = float(table.loc[table["side"] == "opposite", "weight"].sum()) if len(table) else 0.0
    kappa = align.get("kappa")
    if opp_issues > same_issues or (kappa is not None and kappa < 0) or (
        opp_w > same_w and opp_issues >= same_issues
    ):
        return "divergent"
    if same_issues + opp_issues == 0 and same_w + opp_w == 0:
        return "unknown"
    # Shared interests must be shown, not assumed: kappa needs >= 3 shared third parties.
    if (same_issues >= th.issue_ratio * opp_issues and same_w >= opp_w
            and kappa is not None and kappa >= th.aligned_kappa):
        return "aligned"
    return "mixed"


def _rising_alignment(
    store: Store, a: str, b: str, combined: pd.DataFrame,
    changes: list[dict[str, Any]], th: Thresholds, window: dict[str, Any],
) -> dict[str, Any] | None:
    """A reason if third-party alignment rose from before the change to after it: aligned
    after (kappa >= aligned_kappa, no issue with opposite sides) and kappa up by `rise`."""
    _, late = _segments(combined, changes)
    cut = pd.Timestamp(combined.iloc[late]["period"].iloc[0]).date()
    parts = {}
    for name, since, until in (("before", window["since"], cut - timedelta(days=1)),
                               ("after", cut, window["until"])):
        rel = party_network(store, since=since, until=until, around=[a, b])
        align = third_party_alignment(store, a, b, rel=rel)
        issues = issue_alignment(store, a, b, since=since, until=until, rel=rel)
        parts[name] = (align, issues)
    after, after_issues = parts["after"]
    kappa_after, kappa_before = after.get("kappa"), parts["before"][0].get("kappa")
    opposite = (after_issues["through_third_parties"] == "opposite").sum() \
        if len(after_issues) else 0
    if kappa_after is None or kappa_after < th.aligned_kappa or opposite:
        return None
    if kappa_before is not None and kappa_after - kappa_before < th.rise:
        return None
    before_text = "no comparable stances" if kappa_before is None else f"kappa {kappa_before}"
    ids: list[str] = []
    for d in after["drivers"]:
        if d["side"] == "same":
            for side, key in ((a, "a"), (b, "b")):
                if not d.get(f"{key}_via"):
                    ids += strongest_ids(store, (side, d["party"]), sign=1 if
                                         d[f"{key}_affinity"] > 0 else -1, k=1, since=cut,
                                         until=window["until"])
    return {"claim": "alignment rising",
            "text": f"third-party alignment rose from {before_text} before {cut} to kappa "
                    f"{kappa_after} after, with no issue on opposite sides",
            "evidence": list(dict.fromkeys(ids))}


def _segments(combined: pd.DataFrame, changes: list[dict[str, Any]]) -> tuple[slice, slice]:
    if changes:
        k = changes[-1]["index"]
        return slice(0, k), slice(k, len(combined))
    half = max(len(combined) // 2, 1)
    return slice(0, half), slice(half, len(combined))


def dyad_report(
    store: Store,
    a: str,
    b: str,
    *,
    by: str = "month",
    since: str | date | None = None,
    until: str | date | None = None,
    thresholds: Thresholds | None = None,
) -> dict[str, Any]:
    """Everything about a dyad as JSON-ready data:
    {"dyad", "verdict": {"label", "reasons", "evidence"}, "series", "trend", "change_points",
     "alignment": {"s_score", "kappa", "correlation", "third_parties", "drivers", "issues"}}."""
    th = thresholds or Thresholds()
    a, b = check_party(a), check_party(b)
    check_known(store, [a, b])
    series = dyad_series(store, a, b, by=by, since=since, until=until)
    combined = combine_directions(series)
    trends = {"both": series_trend(combined, by)}
    changes = series_change_points(combined)
    judged = {"both": judge_direction(trends["both"], changes, th)}
    for direction in ("A->B", "B->A"):
        one_way = series[series["direction"] == direction].reset_index(drop=True)
        trends[direction] = series_trend(one_way, by)
        judged[direction] = judge_direction(trends[direction], series_change_points(one_way), th)
    rel = party_network(store, since=since, until=until, around=[a, b])
    align = third_party_alignment(store, a, b, rel=rel)
    issues = issue_alignment(store, a, b, since=since, until=until, rel=rel)
    window: dict[str, Any] = {"since": since, "until": until}

    reasons: list[dict[str, Any]] = []
    n_direct = int(combined["events"].sum()) if len(combined) else 0
    direction = judged["both"]["judged"]
    state = _alignment_state(align, issues, th)
    if n_direct < th.min_events or len(combined) < th.min_periods:
        label = "insufficient evidence"
        reasons.append({
            "claim": "too few direct events",
            "text": f"{n_direct} dated events between {a} and {b} in {len(combined)} "
                    f"period(s); a verdict needs {th.min_events} in {th.min_periods}",
            "evidence": [str(i) for i in counted_events(store, dyad=(a, b), limit=5,
                                                        **window)["id"]],
        })
    else:
        reasons.append(_direction_reason(store, a, b, direction, trends["both"], changes,
                                         combined, window))
        reasons += _alignment_reasons(store, a, b, state, align, issues, since, until)
        early, late = _segments(combined, changes)
        before = _mean(combined.iloc[early])
        recent = _mean(combined.iloc[late])
        if direction == "warming" and before < th.settled and recent > th.level:
            if state != "aligned":
                rising = _rising_alignment(store, a, b, combined, changes, th, window)
                if rising is not None:
                    state = "rising"
                    reasons.append(rising)
            label = "realignment" if state in ("aligned", "rising") else "rapprochement"
        elif direction == "cooling" and before > -th.settled:
            label = "estrangement"
        else:
            mean = recent if direction != "cooling" else before
            label = "stable cooperation" if mean > th.level else "stable rivalry"
            deepening = "" if direction == "flat" else (
                f"; {direction} from a mean of {before:+.2f} leaves the relation "
                f"{'cooperative' if mean > th.level else 'hostile'}")
            reasons.append({
                "claim": "level", "text": f"recent mean Goldstein {recent:+.2f} "
                f"({'above' if mean > th.level else 'at or below'} {th.level:+g}){deepening}",
                "evidence": strongest_ids(store, (a, b), sign=1 if mean > th.level else -1,
                                          **window),
            })
    ids = list(dict.fromkeys(i for r in reasons for i in r["evidence"]))
    evidence = counted_events(store, ids=ids, counted_only=False)
    return {
        "dyad": [a, b],
        "by": by,
        "verdict": {
            "label": label,
            "direction": direction,
            "alignment": state,
            "reasons": reasons,
            "evidence": [evidence_record(r) for _, r in evidence.iterrows()],
            "thresholds": asdict(th),
        },
        "series": _records(series),
        "trend": {k: {**v.to_dict(), **judged[k]} for k, v in trends.items()},
        "change_points": changes,
        "alignment": {
            **{k: align[k] for k in ("s_score", "kappa", "correlation", "n_third_parties")},
            "third_parties": _records(align["third_parties"]),
            "drivers": align["drivers"],
            "issues": _records(issues),
        },
    }


def _mean(part: pd.DataFrame) -> float:
    return float(part["goldstein_sum"].sum() / part["events"].sum())


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: (v.isoformat() if isinstance(v, date) else _plain(v))
                    for k, v in row.items()})
    return out


def _plain(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    if isinstance(value, float) and value != value:  # NaN -> null in JSON
        return None
    return value


def _direction_reason(
    store: Store, a: str, b: str, direction: str, trend: Trend,
    changes: list[dict[str, Any]], combined: pd.DataFrame, window: dict[str, Any],
) -> dict[str, Any]:
    early, late = _segments(combined, changes)
    first, last = combined.iloc[early], combined.iloc[late]

    def span(part: pd.DataFrame) -> str:
        mean = part["goldstein_sum"].sum() / part["events"].sum()
        return (f"{mean:+.2f} ({part['period'].iloc[0].isoformat()[:7]}.."
                f"{part['period'].iloc[-1].isoformat()[:7]}, {int(part['events'].sum())} events)")

    slope = "no trend estimate" if trend.slope is None else (
        f"slope {trend.slope:+.2f} Goldstein/year, {int(trend.level * 100)}% CI "
        f"{trend.low:+.2f} to {trend.high:+.2f}")
    cut = pd.Timestamp(last["period"].iloc[0]).date().isoformat()
    pair = (a, b)
    late_since = max(cut, str(window["since"])) if window["since"] else cut
    if direction in ("warming", "cooling"):
        early_sign = -1 if direction == "warming" else 1
        ids = strongest_ids(store, pair, sign=early_sign, before=cut, **window) + strongest_ids(
            store, pair, sign=-early_sign, since=late_since, until=window["until"])
    else:
        ids = strongest_ids(store, pair, sign=1, k=2, **window) + strongest_ids(
            store, pair, sign=-1, k=2, **window)
    word = {"warming": "warmed", "cooling": "cooled", "flat": "held steady"}[direction]
    return {
        "claim": direction,
        "text": f"direct relations {a}-{b} {word}: mean Goldstein {span(first)} -> "
                f"{span(last)}; {slope}",
        "evidence": ids,
    }


def _alignment_reasons(
    store: Store, a: str, b: str, state: str, align: dict[str, Any],
    issues: pd.DataFrame, since: str | date | None, until: str | date | None,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    window: dict[str, Any] = {"since": since, "until": until}
    order = {"opposite": 0, "mixed": 1, "same": 2}
    ranked = sorted(issues.itertuples(), key=lambda r: (order.get(r.relation, 3), r.issue))
    for row in ranked:
        if row.relation in order:
            basis = "through third parties" if row.through_third_parties != "none" \
                else "from direct events only"
            out.append({
                "claim": f"{row.relation} sides on {row.issue}",
                "text": f"{'; '.join(row.reasons[:4])} ({basis})",
                "evidence": list(row.evidence[:6]),
            })
    for d in align["drivers"]:
        ids: list[str] = []
        for side, key in ((a, "a"), (b, "b")):
            sign = 1 if d[f"{key}_affinity"] > 0 else -1
            via = d.get(f"{key}_via")
            if via:  # an inferred stance: the events of both links of the path
                ids += strongest_ids(store, (side, via), sign=0, k=1, **window)
                ids += strongest_ids(store, (via, d["party"]), sign=0, k=1, **window)
            else:
                ids += strongest_ids(store, (side, d["party"]), sign=sign, k=2, **window)
        out.append({"claim": f"{d['side']} side toward {d['party']}", "text": d["text"],
                    "evidence": list(dict.fromkeys(ids))})
    sided = issues["through_third_parties"] if len(issues) else pd.Series(dtype=str)
    tally = {kind: sorted(issues.loc[sided == kind, "issue"]) for kind in ("opposite", "same")}
    kappa = align.get("kappa")
    shown = "n/a (fewer than 3 third parties)" if kappa is None else kappa
    summary = (f"third-party alignment S = {align['s_score']}, kappa = {shown}, over "
               f"{align['n_third_parties']} third parties" if align["s_score"] is not None
               else "no third party with stances from both sides")
    summary += "; through third parties, " + ", ".join(
        f"{kind} sides on {len(names)} issue(s)" + (f" ({', '.join(names)})" if names else "")
        for kind, names in tally.items())
    if state in ("unknown", "divergent"):
        summary += "; no shared interests shown"
    # The summary cites the first events of the claims it sums up.
    cited = [i for r in out for i in r["evidence"][:2]]
    out.append({"claim": f"alignment {state}", "text": summary,
                "evidence": list(dict.fromkeys(cited))[:8]})
    return out
