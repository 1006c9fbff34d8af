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

Like `validate`, this module reads only the typed model and never imports
Pulumi.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from drspec import figures as fig
from drspec.codes import rule
from drspec.cron_gap import longest_gap_seconds
from drspec.diagnostics import Diagnostic, Severity, SpecPath, format_path
from drspec.loader import Document
from drspec.model import Bucket, Function, Objectives, Spec, Table

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

METRICS = ("rto", "rpo")


# -- the result types --------------------------------------------------------------


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

    @property
    def label(self) -> str:
        return f"{self.component} ({self.mechanism})"

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

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "path": format_path(self.path),
                "message": self.message, "hint": self.hint}


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

    def meets(self, objectives: Objectives | None) -> bool | None:
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
        return out

    def to_dict(self, objectives: Objectives | None) -> dict[str, Any]:
        limited = self.limited_by(objectives)
        rto_by, rpo_by = self.limiter("rto"), self.limiter("rpo")
        return {
            "scenario": self.key,
            "title": self.title,
            "description": self.description,
            "rto_seconds": self.rto_seconds,
            "rpo_seconds": self.rpo_seconds,
            "limited_by": None if limited is None else limited.label,
            "rto_limited_by": None if rto_by is None else rto_by.label,
            "rpo_limited_by": None if rpo_by is None else rpo_by.label,
            "meets": self.meets(objectives),
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


def human_duration(seconds: int | None) -> str:
    """`150` -> `2m 30s`, `86400` -> `1d`; None -> `unrecoverable`."""
    if seconds is None:
        return "unrecoverable"
    if seconds == 0:
        return "0s"
    parts = []
    rest = seconds
    for unit, size in (("d", fig.DAY), ("h", fig.HOUR), ("m", fig.MINUTE), ("s", 1)):
        if rest >= size:
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return " ".join(parts[:2])


# -- the scenarios ------------------------------------------------------------------


def assess(spec: Spec) -> Assessment:
    """Every applicable scenario for `spec`, with its factors."""
    scenarios = [_az_loss(spec), _region_loss(spec), _corruption(spec)]
    if spec.tables:
        scenarios.append(_table_deleted(spec))
    if spec.buckets:
        scenarios.append(_bucket_deleted(spec))
    scenarios.append(_stack_destroyed(spec))
    return Assessment(spec, tuple(scenarios))


def backup_interval(spec: Spec) -> int | None:
    """The longest gap in seconds between two runs of the backup schedule (None: no backups)."""
    backup = spec.disaster_recovery.backup
    return None if backup is None else longest_gap_seconds(backup.schedule)


def backup_rpo(spec: Spec) -> int | None:
    """How old the newest recovery point can be: the longest gap of the schedule, plus
    the start window, because a job may start that much after its scheduled time."""
    interval = backup_interval(spec)
    return None if interval is None else interval + fig.BACKUP_START_WINDOW.seconds


def _h(figure: fig.Figure) -> str:
    return human_duration(figure.seconds)


def _table(table: Table) -> str:
    return f"table '{table.ident}'"


def _bucket(bucket: Bucket) -> str:
    return f"bucket '{bucket.ident}'"


def _backup_factor(spec: Spec, component: str, where: str, rpo_fix: Fix | None) -> Factor | None:
    """Recovery from AWS Backup (`where`: the vault holding the recovery points)."""
    interval = backup_interval(spec)
    rpo = backup_rpo(spec)
    if interval is None or rpo is None:
        return None
    return Factor(component, f"AWS Backup recovery points in {where}", fig.BACKUP_RESTORE.seconds,
                  rpo,
                  f"backups run every {human_duration(interval)} at the longest "
                  f"(disaster_recovery.backup.schedule), each up to "
                  f"{_h(fig.BACKUP_START_WINDOW)} after its scheduled time, and a restore is "
                  f"assumed to take {_h(fig.BACKUP_RESTORE)}",
                  rpo_fix=rpo_fix)


def _bucket_backup(spec: Spec, bucket: Bucket, where: str, rpo_fix: Fix | None) -> Factor | None:
    """Recovery of a bucket from AWS Backup, which backs up versioned buckets only.

    "You must enable S3 Versioning on your S3 bucket to use AWS Backup for
    Amazon S3" (https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html):
    the backup plan selects an unversioned bucket, but no recovery point of it exists.
    """
    if not bucket.versioning:
        return None
    return _backup_factor(spec, _bucket(bucket), where, rpo_fix)


def _unrecoverable(component: str, mechanism: str, fix: Fix) -> Factor:
    return Factor(component, mechanism, 0, None, "no copy of the data survives", rpo_fix=fix)


# loss of one availability zone


def _az_loss(spec: Spec) -> Scenario:
    net = spec.network
    factors = [Factor(
        "regional services", "DynamoDB, S3, Lambda, API Gateway and SNS span zones", 0, 0,
        fig.AZ_MANAGED_SERVICES.says)]
    in_vpc = [f.ident for f in spec.functions if f.vpc]
    zones = ("network", "availability_zones")
    if in_vpc and len(net.availability_zones) == 1:
        factors.append(Factor(
            f"zone {net.availability_zones[0]}", "the only zone: functions in the VPC run there",
            fig.STACK_REDEPLOY.seconds, 0,
            f"moving the network and functions to another zone with `pulumi up` is assumed "
            f"to take {_h(fig.STACK_REDEPLOY)}",
            rto_fix=Fix(zones, f"list a second zone of {spec.region} in "
                               "network.availability_zones so functions in the VPC run in both")))
    elif net.nat == "single" and (online := [f.ident for f in spec.functions
                                              if f.vpc and _needs_internet(spec, f)]):
        factors.append(Factor(
            "NAT gateway",
            f"a single one: {_functions(online)} in the VPC "
            f"{'loses' if len(online) == 1 else 'lose'} internet access while its zone is down",
            fig.STACK_REDEPLOY.seconds, 0,
            f"moving the NAT gateway with `pulumi up` is assumed to take "
            f"{_h(fig.STACK_REDEPLOY)}",
            rto_fix=Fix(("network", "nat"), "set network.nat: per_az (a NAT gateway in every "
                                             "zone)")))
    return Scenario(
        "az_loss", "loss of one availability zone",
        f"One zone of {spec.region} fails; the rest of the region keeps working.",
        tuple(factors))


def _needs_internet(spec: Spec, function: Function) -> bool:
    """Whether a function in the VPC reaches past the gateway endpoints (through NAT).

    DynamoDB and S3 are reachable through the VPC's gateway endpoints; SNS has
    none, and the code of a `source` function may call anything.
    """
    access = function.access
    endpoints = set(spec.network.endpoints)
    return (function.source is not None or access.alerts_publish
            or (bool(access.tables) and "dynamodb" not in endpoints)
            or (bool(access.buckets) and "s3" not in endpoints))


def _functions(idents: list[str]) -> str:
    quoted = ", ".join(f"'{i}'" for i in idents)
    return f"function {quoted}" if len(idents) == 1 else f"functions {quoted}"


# loss of the primary region


def _region_loss(spec: Spec) -> Scenario:
    dr = spec.disaster_recovery
    secondary = dr.secondary_region
    description = f"{spec.region} is unavailable for longer than the objectives allow."
    add_secondary = Fix(
        ("disaster_recovery", "secondary_region"),
        "add disaster_recovery.secondary_region (a region other than "
        f"{spec.region}): tables become global tables and buckets replicate there")
    if secondary is None:
        factors = [Factor(
            f"region {spec.region}", "no secondary region: rebuild the stack elsewhere",
            fig.REGION_REBUILD.seconds, 0,
            f"rebuilding in a new region is assumed to take {_h(fig.REGION_REBUILD)}",
            rto_fix=add_secondary)]
        data = [_table(t) for t in spec.tables] + [_bucket(b) for b in spec.buckets]
        if data:
            factors.append(_unrecoverable(
                ", ".join(data), f"no copy outside {spec.region}", add_secondary))
        return Scenario("region_loss", "loss of the primary region", description,
                        tuple(factors))
    factors = []
    if spec.functions or spec.api is not None:
        factors.append(_standby_factor(spec, secondary))
    factors += [_table_in_secondary(spec, t, secondary) for t in spec.tables]
    factors += [_bucket_in_secondary(spec, b, secondary) for b in spec.buckets]
    return Scenario("region_loss", "loss of the primary region",
                    description + f" Service moves to {secondary}.", tuple(factors))


def _standby_factor(spec: Spec, secondary: str) -> Factor:
    dr = spec.disaster_recovery
    if not dr.warm_standby:
        rto = fig.MANUAL_FAILOVER.seconds + fig.STACK_REDEPLOY.seconds
        return Factor(
            "functions and api", f"pilot light: deployed in {secondary} only on failover", rto, 0,
            f"people fail over by hand ({_h(fig.MANUAL_FAILOVER)}) and `pulumi up` deploys "
            f"the network, functions and api there ({_h(fig.STACK_REDEPLOY)})",
            rto_fix=Fix(("disaster_recovery", "mode"),
                        "set disaster_recovery.mode: warm_standby and add "
                        "disaster_recovery.failover (Route 53 fails over on its own)"))
    failover = dr.failover
    if failover is None:
        return Factor(
            "functions and api", f"warm standby in {secondary}, manual failover",
            fig.MANUAL_FAILOVER.seconds, 0,
            f"without Route 53 failover people redirect traffic ({_h(fig.MANUAL_FAILOVER)})",
            rto_fix=Fix(("disaster_recovery", "failover"),
                        "add disaster_recovery.failover (Route 53 health check and "
                        "failover records)"))
    rto = fig.failover_seconds(failover.interval, failover.failure_threshold)
    why = (f"Route 53 notices after interval x failure_threshold = "
           f"{failover.interval}s x {failover.failure_threshold}, then the alias TTL "
           f"({fig.ROUTE53_ALIAS_TTL.seconds}s) and resolver caching "
           f"({fig.RESOLVER_CACHING.seconds}s) run out")
    faster = None
    fastest = fig.ROUTE53_FASTEST_INTERVAL.seconds
    if failover.interval > fastest or failover.failure_threshold > 1:
        faster = Fix(failover.path, f"detect sooner: disaster_recovery.failover.interval: "
                                    f"{fastest} and a lower failure_threshold")
    return Factor("functions and api", f"warm standby in {secondary}, Route 53 failover",
                  rto, 0, why, rto_fix=faster)


def _table_in_secondary(spec: Spec, table: Table, secondary: str) -> Factor:
    dr = spec.disaster_recovery
    name = _table(table)
    global_tables = Fix(("disaster_recovery", "global_tables"),
                        "set disaster_recovery.global_tables: true (every table gets a replica "
                        f"in {secondary})")
    if dr.global_tables:
        return Factor(name, f"global table replica in {secondary}", 0,
                      fig.GLOBAL_TABLES_LAG.seconds,
                      f"global tables replicate typically within a second, without an SLA "
                      f"(assessed as {_h(fig.GLOBAL_TABLES_LAG)})")
    backup = dr.backup
    if backup is not None and backup.copy_to_secondary:
        factor = _backup_factor(spec, name, secondary, global_tables)
        if factor is not None:
            return factor
    return _unrecoverable(name, f"no replica or backup copy in {secondary}", global_tables)


def _bucket_in_secondary(spec: Spec, bucket: Bucket, secondary: str) -> Factor:
    dr = spec.disaster_recovery
    name = _bucket(bucket)
    if dr.replicate_buckets and dr.replication_time_control:
        return Factor(name, "S3 replication with RTC", 0, fig.S3_RTC.seconds,
                      f"S3 RTC replicates 99.99% of objects within {_h(fig.S3_RTC)}")
    rtc = Fix(("disaster_recovery", "replication_time_control"),
              f"set disaster_recovery.replication_time_control: true (S3 RTC replicates 99.99% "
              f"of objects within {_h(fig.S3_RTC)}, with an SLA)")
    if dr.replicate_buckets:
        candidates = [Factor(name, "S3 replication without RTC", 0, fig.S3_REPLICATION.seconds,
                             f"plain S3 replication has no time commitment; large objects can "
                             f"take hours (assessed as {_h(fig.S3_REPLICATION)})", rpo_fix=rtc)]
    else:
        rtc = Fix(("disaster_recovery", "replicate_buckets"),
                  "set disaster_recovery.replicate_buckets: true and "
                  "replication_time_control: true")
        candidates = []
    backup = dr.backup
    if backup is not None and backup.copy_to_secondary:
        factor = _bucket_backup(spec, bucket, secondary, rtc)
        if factor is not None:
            candidates.append(factor)
    if not candidates:
        return _unrecoverable(name, f"no replica or backup copy in {secondary}", rtc)
    return min(candidates, key=lambda f: (f.rpo_seconds or 0, f.rto_seconds))


# corrupted data or a bad deploy


def _corruption(spec: Spec) -> Scenario:
    factors = [_table_rewind(spec, t) for t in spec.tables]
    factors += [_bucket_rewind(spec, b) for b in spec.buckets]
    if spec.functions:
        factors.append(Factor(
            "functions", "roll back: `pulumi up` of the last good commit",
            fig.ROLLBACK_DEPLOY.seconds, 0,
            f"rolling the functions back is assumed to take {_h(fig.ROLLBACK_DEPLOY)}"))
    return Scenario(
        "corruption", "corrupted data or a bad deploy",
        "Bad writes (a bug, a bad migration, a bad deploy) must be undone. Replication "
        "copies bad writes to every replica, so only point-in-time recovery, object "
        "versions and backups help.", tuple(factors))


def _table_rewind(spec: Spec, table: Table) -> Factor:
    name = _table(table)
    pitr = Fix((*table.path, "point_in_time_recovery"),
               f"enable point_in_time_recovery on {name}")
    if table.point_in_time_recovery:
        return Factor(name, "point-in-time recovery", fig.TABLE_RESTORE.seconds,
                      fig.PITR_GRANULARITY.seconds,
                      f"point-in-time recovery restores to the second into a new table, "
                      f"assumed to take {_h(fig.TABLE_RESTORE)}")
    factor = _backup_factor(spec, name, spec.region, pitr)
    return factor or _unrecoverable(name, "no point-in-time recovery and no backup", pitr)


def _bucket_rewind(spec: Spec, bucket: Bucket) -> Factor:
    name = _bucket(bucket)
    if bucket.versioning:
        return Factor(name, "object versions", fig.OBJECT_VERSION_RESTORE.seconds, 0,
                      f"versioning keeps every overwritten object; copying the good versions "
                      f"back is assumed to take {_h(fig.OBJECT_VERSION_RESTORE)}")
    return _unrecoverable(name, _UNVERSIONED, _enable_versioning(bucket))


#: Why an unversioned bucket loses what is overwritten or deleted, backups or not.
_UNVERSIONED = "no versioning (AWS Backup, too, needs versioning to back up a bucket)"


def _enable_versioning(bucket: Bucket) -> Fix:
    return Fix((*bucket.path, "versioning"),
               f"enable versioning on {_bucket(bucket)} (remove versioning: false; AWS "
               "Backup and replication need it as well)")


# accidental deletion


def _table_deleted(spec: Spec) -> Scenario:
    factors = []
    for table in spec.tables:
        name = _table(table)
        protect = Fix((*table.path, "deletion_protection"),
                      f"set deletion_protection: true on {name}")
        if table.deletion_protection:
            factors.append(Factor(name, "deletion protection refuses DeleteTable", 0, 0,
                                  "DynamoDB refuses to delete a table with deletion protection"))
            continue
        if table.point_in_time_recovery:
            factors.append(Factor(
                name, "system backup made at deletion", fig.TABLE_RESTORE.seconds,
                fig.PITR_GRANULARITY.seconds,
                "deleting a table with point-in-time recovery leaves a system backup of its "
                f"last state for 35 days; a restore is assumed to take {_h(fig.TABLE_RESTORE)}",
                rto_fix=protect))
            continue
        both = Fix(protect.path, f"set deletion_protection: true and enable "
                                 f"point_in_time_recovery on {name}")
        factor = _backup_factor(spec, name, spec.region, both)
        factors.append(factor or _unrecoverable(
            name, "no deletion protection, point-in-time recovery or backup", both))
    return Scenario("table_deleted", "a table deleted by mistake",
                    "Someone deletes a table in the console, CLI or a script.", tuple(factors))


def _bucket_deleted(spec: Spec) -> Scenario:
    factors = []
    for bucket in spec.buckets:
        name = _bucket(bucket)
        if not bucket.versioning:
            factors.append(_unrecoverable(name, _UNVERSIONED, _enable_versioning(bucket)))
            continue
        factors.append(Factor(
            name, "versioning keeps deleted objects", fig.OBJECT_VERSION_RESTORE.seconds, 0,
            "deleting objects only adds delete markers; removing the markers is assumed to "
            f"take {_h(fig.OBJECT_VERSION_RESTORE)}"))
        factors.append(_bucket_emptied(spec, bucket))
    return Scenario("bucket_deleted", "objects or a bucket deleted by mistake",
                    "Someone deletes objects (or empties and deletes a bucket) by hand or "
                    "from a script.", tuple(factors))


def _bucket_emptied(spec: Spec, bucket: Bucket) -> Factor:
    """The bucket emptied and deleted: every version is gone, so only copies elsewhere help.

    A bucket can be deleted only once every version is deleted, and deletes of
    versions are not replicated: the replica keeps them.
    """
    dr = spec.disaster_recovery
    name = _bucket(bucket)
    emptied = "emptied and deleted"
    secondary = dr.secondary_region
    if dr.replicate_buckets and secondary is not None:
        rtc = dr.replication_time_control
        lag = fig.S3_RTC if rtc else fig.S3_REPLICATION
        return Factor(
            name, f"{emptied}: the replica in {secondary} keeps every version",
            fig.BUCKET_REFILL.seconds, lag.seconds,
            f"deleted versions are not replicated, so the replica keeps them, short of what "
            f"had not replicated yet ({_h(lag)}); recreating the bucket and copying the "
            f"objects back is assumed to take {_h(fig.BUCKET_REFILL)}",
            rpo_fix=None if rtc else Fix(
                ("disaster_recovery", "replication_time_control"),
                "set disaster_recovery.replication_time_control: true (S3 RTC replicates "
                f"99.99% of objects within {_h(fig.S3_RTC)}, with an SLA)"))
    if secondary is not None:
        keep = Fix(("disaster_recovery", "replicate_buckets"),
                   "set disaster_recovery.replicate_buckets: true (the replica keeps every "
                   f"version when {name} is emptied)")
    else:
        keep = Fix(("disaster_recovery", "backup"),
                   "add disaster_recovery.backup (AWS Backup keeps recovery points of "
                   f"{name} outside it), or a secondary_region to replicate it to")
    factor = _bucket_backup(spec, bucket, spec.region, keep)
    if factor is not None:
        return replace(factor, mechanism=f"{emptied}: {factor.mechanism}")
    return _unrecoverable(name, f"{emptied}: no replica and no backup", keep)


def _stack_destroyed(spec: Spec) -> Scenario:
    description = ("`pulumi destroy` runs on this stack, or entries are removed from the "
                   "spec and `pulumi up` deletes them.")
    redeploy = Factor(
        "the stack", "redeploy with `pulumi up`", fig.STACK_REDEPLOY.seconds, 0,
        f"recreating the stateless resources is assumed to take {_h(fig.STACK_REDEPLOY)}")
    if spec.protect:
        kept = Factor("tables, buckets and vaults",
                      "protect: Pulumi refuses to delete them and retains them", 0, 0,
                      "protected resources survive the stack")
        return Scenario("stack_destroyed", "the stack destroyed", description, (redeploy, kept))
    protect = Fix(("protect",), "set protect: true (tables, buckets and vaults get Pulumi "
                                "protect and retain_on_delete)")
    factors = [redeploy]
    for table in spec.tables:
        name = _table(table)
        if table.deletion_protection:
            factors.append(Factor(name, "deletion protection refuses DeleteTable", 0, 0,
                                  "DynamoDB refuses to delete a table with deletion protection"))
        elif table.point_in_time_recovery:
            factors.append(Factor(
                name, "system backup made at deletion", fig.TABLE_RESTORE.seconds,
                fig.PITR_GRANULARITY.seconds,
                f"the deleted table restores from its system backup in "
                f"{_h(fig.TABLE_RESTORE)} (assumed)", rto_fix=protect))
        else:
            factors.append(_backup_factor(spec, name, spec.region, protect)
                           or _unrecoverable(name, "deleted with the stack", protect))
    for bucket in spec.buckets:
        name = _bucket(bucket)
        if not bucket.force_destroy:
            factors.append(Factor(name, "force_destroy: false keeps a non-empty bucket", 0, 0,
                                  "S3 refuses to delete a bucket that still holds objects"))
            continue
        emptied = Fix(("protect",), f"set protect: true, or force_destroy: false on {name}")
        factors.append(_bucket_backup(spec, bucket, spec.region, emptied)
                       or _unrecoverable(name, "force_destroy deletes every version", emptied))
    return Scenario("stack_destroyed", "the stack destroyed", description, tuple(factors))


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
