"""Can the design meet its recovery objectives? A verdict per failure scenario.

`assess(spec)` walks failure scenarios (the loss of a zone, of the primary
region, corrupted data or a bad deploy, a deleted table, bucket or stack) and,
for each, the components that decide how fast service returns (RTO) and how
much data is lost (RPO). Each component is a `Factor` whose numbers come from
`drspec.figures`; a scenario's RTO and RPO are its worst factor's (restores
run in parallel), and `limited_by` names that factor.

When the spec declares `objectives`, every factor that misses one becomes a
`Finding`: the spec path of the entry to change and a concrete hint, or, where
no setting of the spec can do better (S3 RTC's 15 minutes, the time a restore
takes), the objective itself. `drspec assess` reports findings as errors;
`validate` and `plan` as warnings.

This module holds the entry points and the diagnostics; the parts live in
sibling modules: `assess_verdicts` (the result types and how they add up),
`assess_factors` (what each component contributes), `assess_scenarios` (the
scenarios) and `durations` (`human_duration`). Like `validate`, none of them
reads more than the typed model, and none imports Pulumi.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from drspec.assess.durations import human_duration
from drspec.assess.factors import backup_interval, backup_rpo
from drspec.assess.scenarios import (
    az_loss,
    bucket_deleted,
    corruption,
    failback,
    region_loss,
    stack_destroyed,
    table_deleted,
)
from drspec.assess.verdicts import METRICS, Factor, Finding, Fix, Scenario
from drspec.codes import rule
from drspec.diagnostics import Diagnostic, Severity
from drspec.load.document import Document
from drspec.model import Objectives, Spec

if TYPE_CHECKING:
    from drspec.assess.graph import PlanGraph

__all__ = [
    "E_RPO",
    "E_RTO",
    "METRICS",
    "W_RPO",
    "W_RTO",
    "Assessment",
    "Factor",
    "Finding",
    "Fix",
    "Scenario",
    "assess",
    "backup_interval",
    "backup_rpo",
    "diagnostics",
    "human_duration",
    "summary_rows",
]

_ABOUT = ("drspec assess judges the design against `objectives` per failure scenario, "
          "with the figures in drspec/figures.py; the hint names the spec entry to change")
E_RTO = rule("E550", "recovery time objective not met", _ABOUT)
E_RPO = rule("E551", "recovery point objective not met", _ABOUT)
W_RTO = rule("W550", "recovery time objective not met (warning)",
             _ABOUT + "; `validate` and `plan` only warn, `drspec assess` fails")
W_RPO = rule("W551", "recovery point objective not met (warning)",
             _ABOUT + "; `validate` and `plan` only warn, `drspec assess` fails")
_CODES = {("rto", Severity.ERROR): E_RTO, ("rpo", Severity.ERROR): E_RPO,
          ("rto", Severity.WARNING): W_RTO, ("rpo", Severity.WARNING): W_RPO}


@dataclass(frozen=True)
class Assessment:
    spec: Spec
    scenarios: tuple[Scenario, ...]

    @property
    def objectives(self) -> Objectives | None:
        return self.spec.objectives

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.scenarios for f in s.findings(self.objectives)]

    @property
    def ok(self) -> bool:
        """True when every declared objective is met (or none is declared)."""
        return not self.findings

    def scenario(self, key: str) -> Scenario:
        return next(s for s in self.scenarios if s.key == key)

    def to_dict(self) -> dict[str, Any]:
        objectives = self.objectives
        return {
            "objectives": None if objectives is None else {
                "rto_seconds": objectives.rto, "rpo_seconds": objectives.rpo},
            "scenarios": [s.to_dict(objectives) for s in self.scenarios],
        }


def diagnostics(assessment: Assessment, doc: Document,
                severity: Severity = Severity.ERROR) -> list[Diagnostic]:
    """Each finding as a located diagnostic (errors for `assess`, warnings for `validate`)."""
    out = []
    for finding in assessment.findings:
        loc = doc.locate(finding.path)
        code = finding.code or _CODES[(finding.metric, severity)]
        out.append(Diagnostic(code, severity, finding.message,
                              loc.file, loc.line, loc.col, finding.hint, finding.path))
    return out


def assess(spec: Spec, graph: PlanGraph | None = None) -> Assessment:
    """Every applicable scenario for `spec`, with its factors.

    With `graph` (the compiled plan, `drspec.assess.graph.PlanGraph`), each
    scenario is also simulated on the plan and carries its breaks.
    """
    scenarios = [az_loss(spec), region_loss(spec)]
    if spec.disaster_recovery.secondary_region is not None:
        scenarios.append(failback(spec))
    scenarios.append(corruption(spec))
    if spec.tables:
        scenarios.append(table_deleted(spec))
    if spec.buckets:
        scenarios.append(bucket_deleted(spec))
    scenarios.append(stack_destroyed(spec))
    scenarios = [_placed(spec, s) for s in scenarios]
    if graph is not None:
        scenarios = _on_plan(spec, graph, scenarios)
    return Assessment(spec, tuple(scenarios))


def _placed(spec: Spec, scenario: Scenario) -> Scenario:
    """Each factor's region, where it does not say: the region service recovers in
    (the secondary once the primary is lost, the primary otherwise)."""
    region: str | None = spec.region
    if scenario.key == "region_loss":
        region = spec.disaster_recovery.secondary_region
    factors = tuple(f if f.region is not None else replace(f, region=region)
                    for f in scenario.factors)
    return replace(scenario, factors=factors)


def _on_plan(spec: Spec, graph: PlanGraph, scenarios: list[Scenario]) -> list[Scenario]:
    """The scenarios with the plan's breaks and what the plan says of undo windows."""
    from drspec.assess.simulate import simulate
    from drspec.assess.simulate_local import undo_windows

    breaks = simulate(graph, spec)
    windows = undo_windows(graph, spec)
    out = []
    for scenario in scenarios:
        found = tuple(sorted(breaks.get(scenario.key, ()),
                             key=lambda b: (b.code, b.component, b.message)))
        factors = scenario.factors
        if scenario.key == "bucket_deleted":
            factors = tuple(_undo_window(f, windows) for f in factors)
        out.append(replace(scenario, factors=factors, breaks=found))
    return out


def _undo_window(factor: Factor, windows: dict[str, int | None]) -> Factor:
    """`versioning keeps deleted objects` with how long, from the plan's lifecycle rules."""
    for ident, days in windows.items():
        if factor.component == f"bucket '{ident}'" and factor.mechanism.startswith(
                "versioning keeps"):
            kept = ("until they are deleted by hand" if days is None
                    else f"for {days} days (noncurrent version expiry)")
            return replace(factor, mechanism=f"versioning keeps deleted objects {kept}")
    return factor


def summary_rows(assessment: Assessment) -> Sequence[tuple[str, str, str, str, str]]:
    """(scenario, RTO, RPO, limited by, verdict) per scenario, as people read them.

    A metric a break cuts reads `broken`, and the first break is what limits.
    """
    objectives = assessment.objectives
    rows = []
    for s in assessment.scenarios:
        limited = s.limited_by(objectives)
        meets = s.meets(objectives)
        verdict = "-" if meets is None else ("met" if meets else "NOT MET")
        rto = "broken" if s.broken("rto") else human_duration(s.rto_seconds)
        rpo = "broken" if s.broken("rpo") else human_duration(s.rpo_seconds)
        by = ("-" if limited is None else limited.label) if not s.breaks else (
            f"{s.breaks[0].component} (broken)")
        rows.append((s.title, rto, rpo, by, verdict))
    return rows
