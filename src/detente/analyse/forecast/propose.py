"""Draft a bargaining scenario for an issue from stored events, for the analyst to correct.

- Actors: the parties to events tagged with the issue, and to events on the issues that come
  up together with it ("linked" issues, e.g. the Kurdish question with the Syrian war), which
  count half. States are merged by country (government, army, spies), non-state groups kept
  apart by name or code (Kurds, Islamic State, rebels (Syria)).
- Positions (0-100): the issue's most frequent target sits at 0 and its most hostile opponent
  at 100; every other actor sits where its stances put it, found by repeated averaging: a
  cooperative relation pulls an actor toward its partner, a hostile one toward the partner's
  mirror image (100 - x), each weighted by |mean Goldstein| and the number of events.
  Hypothetical, denied and intended events show no stance and are left out of positions.
- Salience: the share of the actor's issue-tagged events that concern this issue (linked
  issues half), with one pseudo-event on and one off the issue, kept within 0.1-1.
- Capability: from `data/capabilities.tsv` (World Bank GDP and SIPRI military expenditure,
  2016); non-state actors and states without figures get a wide range for the analyst to set.

Every number carries a range, so the forecast's Monte Carlo interval shows how much the draft's
guesses matter. `Proposal.to_yaml()` writes the scenario with the evidence as comments.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from detente.analyse.forecast.scenario import Actor, Estimate, Issue, Scenario
from detente.datafiles import read_tsv, read_yaml
from detente.errors import DataFileError, UsageError
from detente.store import Store


def _load_sectors() -> dict[str, str]:
    """Sectors that make an actor a party of its own, with the word naming such a party."""
    doc = read_yaml(resources.files("detente.analyse.forecast").joinpath("data/parties.yaml"))
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("non_state"), dict):
        raise doc.error("expected a mapping `non_state: {SECTOR: word}`", "non_state")
    return {str(k): str(v) for k, v in data["non_state"].items()}


_SECTOR_WORDS = _load_sectors()
NON_STATE = frozenset(_SECTOR_WORDS)
#: Events that did not happen (yet) show no stance: positions use the others only.
NO_STANCE = frozenset({"hypothetical", "denied", "intended"})
LINKED_WEIGHT = 0.5
NON_STATE_CAPABILITY = Estimate(0.02, 0.005, 0.06)
MAX_ACTORS = 12


@dataclass(frozen=True)
class StateCapability:
    """A state's public figures and the capability index built from them."""

    code: str
    name: str
    gdp: float | None
    milex: float | None
    index: float | None

    def source(self) -> str:
        parts = []
        if self.gdp is not None:
            parts.append(f"GDP {self.gdp:g} bn US$ (World Bank)")
        if self.milex is not None:
            parts.append(f"military spending {self.milex:g} bn US$ (SIPRI)")
        return ", ".join(parts) + ", 2016" if parts else "no public figure for 2016"


def load_capabilities() -> dict[str, StateCapability]:
    """The capability table, keyed by country code."""
    source = resources.files("detente.analyse.forecast").joinpath("data/capabilities.tsv")
    raw = []
    columns = ("code", "name", "gdp_busd", "milex_busd")
    for number, row in read_tsv(source, columns, required=("code",)):
        try:
            gdp = float(row["gdp_busd"]) if row["gdp_busd"] else None
            milex = float(row["milex_busd"]) if row["milex_busd"] else None
        except ValueError as exc:
            raise DataFileError(str(exc), path=str(source), line=number) from None
        raw.append((row["code"], row["name"], gdp, milex))
    top = {code: (gdp, milex) for code, _, gdp, milex in raw}["USA"]
    table = {}
    for code, name, gdp, milex in raw:
        shares = [value / ref for value, ref in ((gdp, top[0]), (milex, top[1]))
                  if value is not None and ref]
        index = sum(shares) / len(shares) if shares else None
        table[code] = StateCapability(code, name, gdp, milex, index)
    return table


@dataclass
class _Party:
    key: str
    label: str
    code: str | None
    state: bool
    weight: float = 0.0            # events on the issue (linked ones count half)
    total: int = 0                 # all issue-tagged events it takes part in
    evidence: list[str] = field(default_factory=list)


def _party(code: Any, country: Any, sector: Any, name: Any,
           capabilities: dict[str, StateCapability]) -> tuple[str, str, str | None, bool] | None:
    """(key, label, code, is_state) for one side of an event; None when nobody is named."""
    code = code if isinstance(code, str) and code else None
    country = country if isinstance(country, str) and country else None
    sector = sector if isinstance(sector, str) and sector else None
    name = name if isinstance(name, str) and name else None
    if code is None and country is None:
        return None
    if country is None and sector not in NON_STATE:
        return None  # a role without a nation ("the military") names no one in particular
    if sector in NON_STATE or (country is None and code):
        if name and sector in NON_STATE:
            return name, name, code, False
        country_name = capabilities[country].name if country in capabilities else country
        word = _SECTOR_WORDS.get(sector or "", sector or "")
        label = f"{word} ({country_name})" if country_name else (word or str(code))
        return str(code), label, code, False
    assert country is not None
    label = capabilities[country].name if country in capabilities else (name or country)
    return country, label, country, True


@dataclass
class Proposal:
    """A drafted scenario and what it was drawn from."""

    scenario: Scenario
    issue: str
    description: str
    core_events: int
    linked_events: int
    linked_issues: tuple[str, ...]
    evidence: dict[str, list[str]]
    sources: dict[str, dict[str, str]]
    poles: tuple[str, str]

    def to_yaml(self) -> str:
        """The scenario in our YAML format, with the evidence as comments."""
        issue = self.scenario.issues[0]
        linked = f" and {self.linked_events} on linked issues ({', '.join(self.linked_issues)})" \
            if self.linked_issues else ""
        lines = [
            f"# Drafted from {self.core_events} stored events on {self.issue}{linked}.",
            "# Check every number before trusting a forecast: positions come from the stances",
            "# the events show, salience from each actor's share of events, capability from",
            "# public figures (World Bank GDP, SIPRI military expenditure, 2016). Ranges are",
            "# [low, mode, high]; the forecast's interval shows how much they matter.",
            f"scenario: {json.dumps(self.scenario.name)}",
            "issues:",
            f"  - id: {self.issue}",
            f"    label: {json.dumps(self.description or self.issue)}",
            "    scale:",
            "      low: 0",
            "      high: 100",
            f"      low_label: {json.dumps(issue.anchors[0])}",
            f"      high_label: {json.dumps(issue.anchors[1])}",
            "    # status_quo: 50    # set where things stand today, if known",
            "    actors:",
        ]
        for actor in issue.actors:
            lines.append(f"      - name: {json.dumps(actor.name)}")
            if actor.code:
                lines.append(f"        code: {actor.code}")
            sources = self.sources.get(actor.name, {})
            for key in ("capability", "position", "salience"):
                estimate = getattr(actor, key)
                value = _range_text(estimate)
                comment = sources.get(key, "")
                lines.append(f"        {key}: {value}" + (f"    # {comment}" if comment else ""))
            for line in self.evidence.get(actor.name, [])[:4]:
                lines.append(f"        # {line}")
        return "\n".join(lines) + "\n"


def _range_text(estimate: Estimate) -> str:
    def fmt(value: float | None) -> str:
        return f"{value:.4g}" if value is not None else "null"
    if not estimate.uncertain:
        return fmt(estimate.mode)
    return f"[{fmt(estimate.low)}, {fmt(estimate.mode)}, {fmt(estimate.high)}]"


def _description(issue: str) -> str:
    from detente.ground.data import load_issues

    for entry in load_issues():
        if entry.tag == issue:
            return entry.description
    return ""


def propose_scenario(store: Store, issue: str) -> Proposal:
    """Draft a scenario for `issue` (an issue tag such as SYRIA_WAR) from the store."""
    issue = issue.upper()
    tagged = store.issue_events_frame()
    if tagged.empty:
        raise UsageError("no stored event carries an issue tag; analyse some documents first")
    has = tagged["issues"].map(lambda tags: issue in list(tags))
    core = tagged[has]
    if core.empty:
        counts = Counter(t for tags in tagged["issues"] for t in tags)
        known = ", ".join(f"{t} ({n})" for t, n in counts.most_common(12))
        raise UsageError(f"no stored events on issue {issue}; issues in the store: {known}")
    linked_counts = Counter(t for tags in core["issues"] for t in tags if t != issue)
    linked_issues = tuple(sorted(linked_counts))
    linked = tagged[~has & tagged["issues"].map(lambda tags: any(t in linked_issues
                                                                  for t in tags))]
    capabilities = load_capabilities()
    parties: dict[str, _Party] = {}
    edges: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])  # Σgw, Σw
    targets: Counter[str] = Counter()

    def sides(row: Any) -> tuple[Any, Any]:
        return (_party(row.source_code, row.source_country, row.source_sector, row.source_name,
                       capabilities),
                _party(row.target_code, row.target_country, row.target_sector, row.target_name,
                       capabilities))

    for row in tagged.itertuples(index=False):
        for side in sides(row):
            if side is not None:
                parties.setdefault(side[0], _Party(side[0], side[1], side[2], side[3]))
                parties[side[0]].total += 1
    for frame, weight in ((core, 1.0), (linked, LINKED_WEIGHT)):
        for row in frame.itertuples(index=False):
            source, target = sides(row)
            for side in (source, target):
                if side is not None:
                    parties[side[0]].weight += weight
            if source is None or target is None or source[0] == target[0]:
                continue
            if weight == 1.0:
                targets[target[0]] += 1
            text = f"{source[0]} -> {target[0]} {row.cameo} ({row.goldstein:+.1f}, " \
                   f"{row.modality}): {_clip(row.sentence)}"
            parties[source[0]].evidence.append(text)
            parties[target[0]].evidence.append(text)
            if row.modality in NO_STANCE:
                continue
            pair = tuple(sorted((source[0], target[0])))
            edges[pair][0] += float(row.goldstein) * weight
            edges[pair][1] += weight
    chosen = sorted((p for p in parties.values() if p.weight >= 1.0),
                    key=lambda p: (-p.weight, p.key))[:MAX_ACTORS]
    if len(chosen) < 2:
        raise UsageError(f"issue {issue}: fewer than two actors take part in its stored events")
    keys = [p.key for p in chosen]
    positions, poles = _positions(keys, edges, targets)
    description = _description(issue)
    label_of = {p.key: p.label for p in chosen}
    actors, sources, evidence = [], {}, {}
    for party in chosen:
        x = positions[party.key]
        position = Estimate(round(x, 1), max(0.0, round(x - 15, 1)), min(100.0, round(x + 15, 1)))
        # one pseudo-event each way, so that a single event does not claim full salience
        share = min(1.0, max(0.1, (party.weight + 1) / (party.total + 2)))
        salience = Estimate(round(share, 2), round(max(0.05, share - 0.15), 2),
                            round(min(1.0, share + 0.15), 2))
        figures = capabilities.get(party.key) if party.state else None
        if figures is not None and figures.index is not None:
            c = figures.index
            capability = Estimate(round(c, 4), round(c * 0.8, 4), round(c * 1.2, 4))
            cap_note = figures.source() + "; index USA = 1"
        else:
            capability = NON_STATE_CAPABILITY
            cap_note = ("no public figure: a wide guess, set it" if not party.state
                        else (figures.source() if figures else "state not in the table") +
                        ": a wide guess, set it")
        sources[party.label] = {
            "capability": cap_note,
            "position": ("pole: " + ("low end" if party.key == poles[0] else "high end"))
            if party.key in poles else _stance_note(party.key, keys, edges, label_of),
            "salience": f"{party.weight:g} of its {party.total} issue-tagged events",
        }
        evidence[party.label] = party.evidence
        actors.append(Actor(name=party.label, code=party.code, capability=capability,
                            position=position, salience=salience))
    low_label, high_label = (f"position of {label_of[poles[0]]}",
                             f"position of {label_of[poles[1]]}")
    drafted = Issue(id=issue, actors=tuple(actors), label=description, scale=(0.0, 100.0),
                    anchors=(low_label, high_label))
    scenario = Scenario(name=f"{issue} drafted from stored events", issues=(drafted,),
                        source="store")
    return Proposal(scenario, issue, description, len(core), len(linked), linked_issues,
                    evidence, sources, (label_of[poles[0]], label_of[poles[1]]))


def _clip(text: Any, width: int = 90) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _stance_note(key: str, keys: list[str], edges: dict[tuple[str, str], list[float]],
                 labels: dict[str, str]) -> str:
    notes = []
    for other in keys:
        pair = tuple(sorted((key, other)))
        if other == key or pair not in edges or edges[pair][1] == 0:
            continue
        total, count = edges[pair]
        notes.append((count, f"{'with' if total >= 0 else 'against'} {labels[other]} "
                             f"({total / count:+.1f})"))
    notes.sort(key=lambda n: -n[0])
    return "; ".join(n for _, n in notes[:3]) or "no stance shown toward the others: set it"


def _positions(keys: list[str], edges: dict[tuple[str, str], list[float]],
               targets: Counter[str]) -> tuple[dict[str, float], tuple[str, str]]:
    """Place actors on 0-100 from the signed graph of their relations (see module doc)."""
    index = {k: i for i, k in enumerate(keys)}
    pairs = [(a, b, total / count, count) for (a, b), (total, count) in edges.items()
             if a in index and b in index and count > 0]
    ranked = [k for k, _ in targets.most_common() if k in index] or keys
    low = ranked[0]
    hostile = sorted(((mean * count, b if a == low else a) for a, b, mean, count in pairs
                      if low in (a, b) and mean < 0))
    if hostile:
        high = hostile[0][1]
    else:
        # nobody opposes the anchor directly: take the actor most hostile to anyone
        worst = sorted((mean * count, a, b) for a, b, mean, count in pairs if mean < 0)
        high = next((b if a != low else a for _, a, b in worst if low not in (a, b)),
                    next(k for k in keys if k != low))
    x = dict.fromkeys(keys, 50.0)
    x[low], x[high] = 0.0, 100.0
    for _ in range(200):
        moved = 0.0
        for key in keys:
            if key in (low, high):
                continue
            pulls, weights = 0.0, 0.0
            for a, b, mean, count in pairs:
                if key not in (a, b):
                    continue
                other = b if a == key else a
                weight = abs(mean) * count
                pulls += weight * (x[other] if mean >= 0 else 100.0 - x[other])
                weights += weight
            if weights > 0:
                new = pulls / weights
                moved = max(moved, abs(new - x[key]))
                x[key] = new
        if moved < 1e-6:
            break
    return x, (low, high)

