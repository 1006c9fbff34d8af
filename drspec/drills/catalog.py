"""Which drills a spec gets: one AWS FIS experiment per failure the design claims to survive.

`drills(spec)` is plain data read from the typed model, shared by the factory
(which turns each `Drill` into an `aws.fis.ExperimentTemplate`), `drspec drill`
and the runbook. A drill exists only where the design makes a claim:

- `region-isolation` (a secondary region with global tables or replicated
  buckets): AWS's "Multi-Region: isolation" scenario — cross-region traffic of
  the primary's subnets blocked, global-table and bucket replication paused
  (https://docs.aws.amazon.com/fis/latest/userguide/cross-region-scenario.html);
- `az-loss` (two zones or more): every subnet of the first zone cut off;
- `function-errors` and `function-latency` (functions): invocations of the
  primary's functions fail, or start late, through AWS's FIS Lambda extension.

Alarms a drill is expected to set off are its observables, not stop
conditions (they would end the drill the moment it proves something); the
spec's other alarms stop it, at most `MAX_STOP_CONDITIONS` of them, except
replication-latency alarms (`NEVER_STOPS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from drspec.drills.actions import (
    DISRUPT_SUBNETS,
    ISOLATE_REGION,
    LAMBDA_DELAY,
    LAMBDA_ERROR,
    MAX_STOP_CONDITIONS,
    PAUSE_BUCKET_REPLICATION,
    PAUSE_TABLE_REPLICATION,
    FisAction,
)
from drspec.model import Spec
from drspec.sections import preset

#: Bounded durations (ISO 8601, as FIS takes them). Isolation lasts long enough
#: for replication alarms (periods of minutes) to go off and for the backlog to
#: show; the cross-region action allows up to 12 hours.
ISOLATION = "PT15M"
AZ_LOSS = "PT10M"
FUNCTION_FAULT = "PT5M"
#: Alarms that never stop a drill: S3 and global-table replication run between
#: AWS's regions, out of reach of every drill but the isolation one, which
#: expects them to fire.
NEVER_STOPS = ("replication_latency", "dynamodb_replication_latency")
#: The extension's own default delay, when no latency alarm sets a bar to pass.
DEFAULT_DELAY_MS = 1000
MAX_DELAY_MS = 900_000  # startupDelayMilliseconds: 0-900,000


@dataclass(frozen=True)
class Step:
    """One action of a drill: `targets` names what it hits (`subnets`,
    `zone-subnets`, `tables`, `buckets`, `functions`)."""

    name: str
    action: FisAction
    targets: str
    parameters: tuple[tuple[str, str], ...]
    words: str


@dataclass(frozen=True)
class Drill:
    ident: str
    title: str
    injects: str
    region: str
    steps: tuple[Step, ...]
    scenario: str | None  # the assess scenario it proves, if any
    expected_alarms: tuple[str, ...]  # alarm idents that should go to ALARM, then OK
    stop_alarms: tuple[str, ...]  # alarm idents that stop it
    left_out: tuple[str, ...]  # alarms past FIS's stop-condition quota
    failover: bool  # Route 53 should fail over
    runbook: str  # the runbook section to follow


def drills(spec: Spec) -> tuple[Drill, ...]:
    """Every drill of `spec` (empty unless `disaster_recovery.drills`)."""
    if not spec.disaster_recovery.drills:
        return ()
    found = [_region_isolation(spec), _az_loss(spec), *_function_faults(spec)]
    return tuple(d for d in found if d is not None)


def _alarms_on(spec: Spec, presets: tuple[str, ...], targets: set[str]) -> tuple[str, ...]:
    return tuple(a.ident for a in spec.alarms
                 if preset(a.metric).name in presets
                 and (preset(a.metric).target_kind == "api" or a.target in targets))


def _drill(spec: Spec, ident: str, title: str, injects: str, steps: tuple[Step, ...],
           scenario: str | None, expected: tuple[str, ...], failover: bool,
           runbook: str) -> Drill:
    others = tuple(a.ident for a in spec.alarms
                   if a.ident not in expected and preset(a.metric).name not in NEVER_STOPS)
    return Drill(ident, title, injects, spec.region, steps, scenario, expected,
                 others[:MAX_STOP_CONDITIONS], others[MAX_STOP_CONDITIONS:], failover, runbook)


def _fail_over_section(spec: Spec) -> str:
    return f"Fail over to {spec.disaster_recovery.secondary_region}"


def _region_isolation(spec: Spec) -> Drill | None:
    dr = spec.disaster_recovery
    secondary = dr.secondary_region
    tables = dr.global_tables and bool(spec.tables)
    buckets = dr.replicate_buckets and bool(spec.buckets)
    if secondary is None or not (tables or buckets):
        return None
    steps = [Step("isolate-subnets", ISOLATE_REGION, "subnets",
                  (("duration", ISOLATION), ("region", secondary)),
                  f"traffic from the primary's subnets to {secondary} is blocked")]
    if tables:
        steps.append(Step("pause-tables", PAUSE_TABLE_REPLICATION, "tables",
                          (("duration", ISOLATION),),
                          f"global-table replication between {spec.region} and "
                          f"{secondary} pauses"))
    if buckets:
        steps.append(Step("pause-buckets", PAUSE_BUCKET_REPLICATION, "buckets",
                          (("duration", ISOLATION), ("region", secondary)),
                          f"S3 replication to {secondary} pauses"))
    replicated = {b.ident for b in spec.buckets} if buckets else set()
    paused = {t.ident for t in spec.tables if not t.strong} if tables else set()
    expected = (_alarms_on(spec, ("replication_latency",), replicated)
                + _alarms_on(spec, ("dynamodb_replication_latency",), paused))
    return _drill(spec, "region-isolation", f"isolation of {spec.region} from {secondary}",
                  f"{spec.region} is isolated from {secondary} for {ISOLATION[2:].lower()}",
                  tuple(steps), "region_loss", expected, False, _fail_over_section(spec))


def _az_loss(spec: Spec) -> Drill | None:
    zones = spec.network.availability_zones
    if len(zones) < 2:
        return None
    step = Step("disrupt-zone", DISRUPT_SUBNETS, "zone-subnets",
                (("duration", AZ_LOSS), ("scope", "all")),
                f"all traffic in and out of the subnets of {zones[0]} is denied")
    return _drill(spec, "az-loss", f"loss of {zones[0]}",
                  f"the subnets of {zones[0]} lose all traffic for {AZ_LOSS[2:].lower()}",
                  (step,), "az_loss", (), False, "Loss of an availability zone")


def _function_faults(spec: Spec) -> list[Drill]:
    if not spec.functions:
        return []
    idents = {f.ident for f in spec.functions}
    dr = spec.disaster_recovery
    failover = dr.failover is not None and dr.warm_standby and spec.api is not None
    errors = Step("fail-invocations", LAMBDA_ERROR, "functions",
                  (("duration", FUNCTION_FAULT), ("invocationPercentage", "100"),
                   ("preventExecution", "true")),
                  "every invocation of the primary's functions fails without running")
    error_alarms = _alarms_on(spec, ("lambda_errors", "api_5xx"), idents)
    latency_alarms = _alarms_on(spec, ("lambda_duration_p99", "api_latency_p99"), idents)
    delay = _delay_ms(spec, latency_alarms)
    late = Step("delay-invocations", LAMBDA_DELAY, "functions",
                (("duration", FUNCTION_FAULT), ("invocationPercentage", "100"),
                 ("startupDelayMilliseconds", str(delay))),
                f"every invocation of the primary's functions starts {delay} ms late")
    return [
        _drill(spec, "function-errors", "the primary's functions fail",
               f"every function invocation in {spec.region} fails for "
               f"{FUNCTION_FAULT[2:].lower()}", (errors,),
               "region_loss" if failover else None, error_alarms, failover,
               _fail_over_section(spec) if failover else "Roll back a bad deploy"),
        _drill(spec, "function-latency", "the primary's functions slow down",
               f"every function invocation in {spec.region} starts {delay} ms late for "
               f"{FUNCTION_FAULT[2:].lower()}", (late,), None, latency_alarms, False,
               "Detect"),
    ]


def _delay_ms(spec: Spec, latency_alarms: tuple[str, ...]) -> int:
    """A delay that passes the highest latency alarm's threshold by a second."""
    thresholds = [a.threshold for a in spec.alarms if a.ident in latency_alarms]
    if not thresholds:
        return DEFAULT_DELAY_MS
    return min(MAX_DELAY_MS, int(max(thresholds)) + DEFAULT_DELAY_MS)


def injects_function_faults(spec: Spec) -> bool:
    """Whether the primary's functions need the FIS Lambda extension."""
    return any(s.targets == "functions" for d in drills(spec) for s in d.steps)
