"""The result types of an assessment and how they add up to a verdict.

A `Scenario` holds one `Factor` per component that decides how fast service
returns (RTO) and how much data is lost (RPO). Its RTO and RPO are its worst
factor's (restores run in parallel), `limiter` names that factor, and every
factor that misses a declared objective becomes a `Finding` located at the
spec entry to change (its `Fix`), or at the objective itself when no setting
of the spec does better.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from drspec.assess.breaks import Break
from drspec.assess.durations import human_duration
from drspec.diagnostics import SpecPath, format_path
from drspec.figures import Figure
from drspec.model import Objectives

METRICS = ("rto", "rpo")


@dataclass(frozen=True)
class Fix:
    """The spec change that improves a factor: where, and what to write."""

    path: SpecPath
    hint: str


@dataclass(frozen=True)
class Factor:
    """One component's part in a scenario.

    `rpo_seconds` is None when the component's data cannot be recovered at all.
    `why` says what the numbers rest on; a missing fix means no setting of the
    spec improves that number.
    """

    component: str  # "bucket 'statements'"
    mechanism: str  # "S3 replication with RTC"
    rto_seconds: int
    rpo_seconds: int | None
    why: str
    rto_fix: Fix | None = None
    rpo_fix: Fix | None = None
    region: str | None = None  # where the component recovers (None: global or n/a)
    figure: Figure | None = None  # the figure the numbers rest on most

    @property
    def label(self) -> str:
        return f"{self.component} ({self.mechanism})"

    @property
    def source(self) -> str:
        """The AWS page behind the numbers, or "assumption" where drspec picked them."""
        if self.figure is None or not self.figure.documented:
            return "assumption"
        return self.figure.source

    def to_dict(self) -> dict[str, Any]:
        return {"component": self.component, "mechanism": self.mechanism,
                "region": self.region, "rto_seconds": self.rto_seconds,
                "rpo_seconds": self.rpo_seconds, "source": self.source, "why": self.why}

    def value(self, metric: str) -> int | None:
        return self.rto_seconds if metric == "rto" else self.rpo_seconds

    def fix(self, metric: str) -> Fix | None:
        return self.rto_fix if metric == "rto" else self.rpo_fix


@dataclass(frozen=True)
class Finding:
    """One factor that misses one objective, located at the spec entry to change."""

    scenario: str
    metric: str  # rto | rpo
    path: SpecPath
    message: str
    hint: str
    code: str | None = None  # a break's code; None: the objective's own (E550/E551)

    def to_dict(self) -> dict[str, Any]:
        out = {"metric": self.metric, "path": format_path(self.path),
               "message": self.message, "hint": self.hint}
        if self.code is not None:
            out["code"] = self.code
        return out


def _exceeds(value: int | None, objective: int) -> bool:
    return value is None or value > objective


def _worst(values: Iterable[int | None]) -> int | None:
    """The largest value; None (unrecoverable) beats every number."""
    out: int | None = 0
    for v in values:
        if v is None:
            return None
        out = max(out or 0, v)
    return out


@dataclass(frozen=True)
class Scenario:
    key: str  # stable id: az_loss, region_loss, ...
    title: str
    description: str
    factors: tuple[Factor, ...]
    #: What the simulation on the plan found cut (`drspec.assess.simulate`).
    breaks: tuple[Break, ...] = ()

    @property
    def rto_seconds(self) -> int:
        return max((f.rto_seconds for f in self.factors), default=0)

    @property
    def rpo_seconds(self) -> int | None:
        return _worst(f.rpo_seconds for f in self.factors)

    def value(self, metric: str) -> int | None:
        return self.rto_seconds if metric == "rto" else self.rpo_seconds

    def limiter(self, metric: str) -> Factor | None:
        """The first factor holding the scenario's value (None when that value is 0)."""
        worst = self.value(metric)
        if worst == 0:
            return None
        return next((f for f in self.factors if f.value(metric) == worst), None)

    def broken(self, metric: str) -> bool:
        return any(b.metric == metric for b in self.breaks)

    def meets(self, objectives: Objectives | None) -> bool | None:
        """False on any break; else whether the numbers meet the objectives (None: none)."""
        if self.breaks:
            return False
        if objectives is None:
            return None
        return not any(_exceeds(self.value(m), o) for m, o in _declared(objectives))

    def limited_by(self, objectives: Objectives | None) -> Factor | None:
        """The factor behind the first missed objective, else the one that costs most."""
        for metric, objective in _declared(objectives):
            if _exceeds(self.value(metric), objective):
                return self.limiter(metric)
        return self.limiter("rpo") or self.limiter("rto")

    def findings(self, objectives: Objectives | None) -> list[Finding]:
        """One finding per spec change: factors that share a fix share a finding."""
        out = []
        for metric, objective in _declared(objectives):
            groups: dict[Fix | None, list[Factor]] = {}
            for factor in self.factors:
                if _exceeds(factor.value(metric), objective):
                    groups.setdefault(factor.fix(metric), []).append(factor)
            out += [_finding(self, metric, objective, fix, factors)
                    for fix, factors in groups.items()]
        out += [Finding(self.key, b.metric, b.path, f"{self.title}: {b.message}", b.hint, b.code)
                for b in self.breaks]
        return out

    def to_dict(self, objectives: Objectives | None) -> dict[str, Any]:
        limited = self.limited_by(objectives)
        rto_by, rpo_by = self.limiter("rto"), self.limiter("rpo")
        first = self.breaks[0] if self.breaks else None
        return {
            "scenario": self.key,
            "title": self.title,
            "description": self.description,
            "rto_seconds": self.rto_seconds,
            "rpo_seconds": self.rpo_seconds,
            "limited_by": (f"{first.component} (broken)" if first is not None
                           else None if limited is None else limited.label),
            "rto_limited_by": None if rto_by is None else rto_by.label,
            "rpo_limited_by": None if rpo_by is None else rpo_by.label,
            "meets": self.meets(objectives),
            "factors": [f.to_dict() for f in self.factors],
            "breaks": [b.to_dict() for b in self.breaks],
            "findings": [f.to_dict() for f in self.findings(objectives)],
        }


def _declared(objectives: Objectives | None) -> list[tuple[str, int]]:
    if objectives is None:
        return []
    pairs = (("rto", objectives.rto), ("rpo", objectives.rpo))
    return [(m, o) for m, o in pairs if o is not None]


def _finding(scenario: Scenario, metric: str, objective: int, fix: Fix | None,
             factors: list[Factor]) -> Finding:
    worst = max(factors, key=lambda f: _sort_value(f.value(metric)))
    others = [f.component for f in factors if f is not worst]
    also = f" (also {', '.join(others)})" if others else ""
    wanted = f"{metric} {human_duration(objective)}"
    value = worst.value(metric)
    if value is None:
        message = (f"{scenario.title}: the data of {worst.component} is unrecoverable "
                   f"({worst.mechanism}){also}; objective {wanted}")
    else:
        message = (f"{scenario.title}: {metric.upper()} {human_duration(value)} of "
                   f"{worst.label} exceeds the objective {wanted}{also}")
    if fix is not None:
        return Finding(scenario.key, metric, fix.path, message, fix.hint)
    names = ", ".join(f.component for f in factors)
    hint = (f"{worst.why}; {wanted} cannot be met for {names}: relax objectives.{metric} "
            "or change the design")
    return Finding(scenario.key, metric, ("objectives", metric), message, hint)


def _sort_value(value: int | None) -> float:
    return float("inf") if value is None else value

