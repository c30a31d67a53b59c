"""Bargaining scenarios: actors with capability, position and salience on one or more issues.

A scenario is what an analyst believes about an issue before forecasting it: who takes part, where
each stands on the issue's continuum, how much each cares (salience, 0-1) and how much each can
bring to bear (capability, any positive scale: only ratios matter). Every number may be a range
`(low, mode, high)`; the models run on the modes and the Monte Carlo samples the ranges.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Estimate:
    """A number the analyst gives as a most likely value, optionally with a range around it."""

    mode: float
    low: float | None = None
    high: float | None = None

    @property
    def uncertain(self) -> bool:
        return self.low is not None and self.high is not None and self.high > self.low

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """`n` draws from the triangular distribution (low, mode, high); the mode if certain."""
        if not self.uncertain:
            return np.full(n, self.mode, dtype=float)
        assert self.low is not None and self.high is not None
        return rng.triangular(self.low, self.mode, self.high, size=n)

    def to_json(self) -> float | dict[str, float]:
        if not self.uncertain:
            return self.mode
        assert self.low is not None and self.high is not None
        return {"low": self.low, "mode": self.mode, "high": self.high}


@dataclass(frozen=True)
class Actor:
    """One party to an issue. `name` is unique within the issue; `code` is an optional
    CAMEO-style code (TUR, RUS) used to link the actor to stored events."""

    name: str
    capability: Estimate
    position: Estimate
    salience: Estimate
    code: str | None = None
    description: str = ""
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"name": self.name}
        if self.code:
            record["code"] = self.code
        record.update(capability=self.capability.to_json(), position=self.position.to_json(),
                      salience=self.salience.to_json())
        if self.description:
            record["description"] = self.description
        return record


@dataclass(frozen=True)
class Issue:
    """An issue continuum, its actors and (optionally) the status quo and the scale's ends."""

    id: str
    actors: tuple[Actor, ...]
    label: str = ""
    status_quo: float | None = None
    scale: tuple[float, float] | None = None
    anchors: tuple[str, str] = ("", "")

    @property
    def bounds(self) -> tuple[float, float]:
        """The continuum's ends: the declared scale, else the span of the actors' positions."""
        if self.scale is not None:
            return self.scale
        values = [a.position.mode for a in self.actors]
        for actor in self.actors:
            if actor.position.uncertain:
                assert actor.position.low is not None and actor.position.high is not None
                values += [actor.position.low, actor.position.high]
        if self.status_quo is not None:
            values.append(self.status_quo)
        return min(values), max(values)

    @property
    def uncertain(self) -> bool:
        return any(e.uncertain for a in self.actors
                   for e in (a.capability, a.position, a.salience))

    def arrays(self) -> Inputs:
        """The modes as arrays, in actor order."""
        return Inputs(
            capability=np.array([a.capability.mode for a in self.actors], dtype=float),
            position=np.array([a.position.mode for a in self.actors], dtype=float),
            salience=np.array([a.salience.mode for a in self.actors], dtype=float),
            bounds=self.bounds,
            status_quo=self.status_quo,
        )

    def samples(self, rng: np.random.Generator, n: int) -> list[Inputs]:
        """`n` Monte Carlo draws of the inputs (each uncertain number drawn independently)."""
        caps = np.stack([a.capability.sample(rng, n) for a in self.actors], axis=1)
        pos = np.stack([a.position.sample(rng, n) for a in self.actors], axis=1)
        sal = np.stack([a.salience.sample(rng, n) for a in self.actors], axis=1)
        sal = np.clip(sal, 0.0, 1.0)
        return [Inputs(caps[i], pos[i], sal[i], self.bounds, self.status_quo) for i in range(n)]

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = {"id": self.id, "label": self.label}
        low, high = self.bounds
        record["scale"] = {"low": low, "high": high, "low_label": self.anchors[0],
                           "high_label": self.anchors[1]}
        record["status_quo"] = self.status_quo
        record["actors"] = [a.to_json() for a in self.actors]
        return record


@dataclass(frozen=True)
class Scenario:
    """One or more issues read from one file."""

    name: str
    issues: tuple[Issue, ...]
    source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def issue(self, issue_id: str | None) -> list[Issue]:
        """The issue named (case-insensitive), or all issues when `issue_id` is None."""
        if issue_id is None:
            return list(self.issues)
        return [i for i in self.issues if i.id.lower() == issue_id.lower()]


@dataclass(frozen=True)
class Inputs:
    """What a model needs: one number per actor for capability, position and salience."""

    capability: np.ndarray
    position: np.ndarray
    salience: np.ndarray
    bounds: tuple[float, float]
    status_quo: float | None = None

    @property
    def weight(self) -> np.ndarray:
        """Exercised power: capability times salience."""
        return self.capability * self.salience

    @property
    def span(self) -> float:
        low, high = self.bounds
        return float(high - low) or 1.0

    def with_actor(self, index: int, *, position: float | None = None,
                   salience: float | None = None) -> Inputs:
        """A copy with one actor's position or salience changed (for leverage)."""
        pos, sal = self.position.copy(), self.salience.copy()
        if position is not None:
            pos[index] = position
        if salience is not None:
            sal[index] = salience
        return replace(self, position=pos, salience=sal)
