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
from dataclasses import dataclass
from typing import Any

from drspec.assess.durations import human_duration
from drspec.assess.factors import backup_interval, backup_rpo
from drspec.assess.scenarios import (
    az_loss,
    bucket_deleted,
    corruption,
    region_loss,
    stack_destroyed,
    table_deleted,
)
from drspec.assess.verdicts import METRICS, Factor, Finding, Fix, Scenario
from drspec.codes import rule
from drspec.diagnostics import Diagnostic, Severity
from drspec.load.document import Document
from drspec.model import Objectives, Spec

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
        out.append(Diagnostic(_CODES[(finding.metric, severity)], severity, finding.message,
                              loc.file, loc.line, loc.col, finding.hint, finding.path))
    return out


def assess(spec: Spec) -> Assessment:
    """Every applicable scenario for `spec`, with its factors."""
    scenarios = [az_loss(spec), region_loss(spec), corruption(spec)]
    if spec.tables:
        scenarios.append(table_deleted(spec))
    if spec.buckets:
        scenarios.append(bucket_deleted(spec))
    scenarios.append(stack_destroyed(spec))
    return Assessment(spec, tuple(scenarios))


def summary_rows(assessment: Assessment) -> Sequence[tuple[str, str, str, str, str]]:
    """(scenario, RTO, RPO, limited by, verdict) per scenario, as people read them."""
    objectives = assessment.objectives
    rows = []
    for s in assessment.scenarios:
        limited = s.limited_by(objectives)
        meets = s.meets(objectives)
        verdict = "-" if meets is None else ("met" if meets else "NOT MET")
        rows.append((s.title, human_duration(s.rto_seconds), human_duration(s.rpo_seconds),
                     "-" if limited is None else limited.label, verdict))
    return rows
