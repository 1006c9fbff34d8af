"""The DR runbook of one environment: Markdown the on-call engineer follows.

`runbook_context(spec)` gathers what the template needs from the typed model
and the assessment: the environment's real physical names (from
`drspec.naming`, the functions the resource factory names resources with),
regions, alarms, the backup schedule, and which procedures apply. The template
`templates/runbook.md.j2` only lays it out; a section whose subject the spec
does not have is left out, so no heading is ever empty.

Output is deterministic (spec order, no dates): the runbook can be committed
and reviewed like code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from drspec import figures as fig
from drspec import naming
from drspec.assess.engine import Assessment, assess, backup_rpo, human_duration, summary_rows
from drspec.checks.posture_alarm import posture_evaluation, posture_regions, probe_schedules
from drspec.diagnostics import format_path
from drspec.model import Alarm, Spec, Table
from drspec.resources import templates_dir
from drspec.runbook.drills import catalogue
from drspec.sections import preset

TEMPLATE = "runbook.md.j2"



@dataclass(frozen=True)
class Names:
    """The physical names of one environment's resources."""

    app: str
    environment: str

    def physical(self, ident: str, kind: str) -> str:
        return naming.physical(self.app, self.environment, ident, kind)

    def env(self, kind: str) -> str:
        return naming.env_physical(self.app, self.environment, kind)

    def table(self, ident: str) -> str:
        return self.physical(ident, "table")

    def bucket(self, ident: str) -> str:
        return self.physical(ident, "bucket")

    def replica(self, ident: str) -> str:
        return naming.replica_bucket(self.app, self.environment, ident)

    def function(self, ident: str) -> str:
        return self.physical(ident, "fn")

    def schedule(self, ident: str) -> str:
        return self.physical(ident, "schedule")

    def alarm(self, ident: str) -> str:
        return self.physical(ident, "alarm")

    def target(self, kind: str, ident: str) -> str:
        """The physical name of an alarm target of `kind` (function, table, bucket, api)."""
        if kind == "api":
            return self.env("api")
        return self.function(ident) if kind == "function" else self.physical(ident, kind)


def runbook_context(spec: Spec, assessment: Assessment | None = None) -> dict[str, Any]:
    """Everything `runbook.md.j2` renders, as plain values."""
    assessment = assessment or assess(spec)
    names = Names(spec.name, spec.environment)
    dr = spec.disaster_recovery
    secondary = dr.secondary_region
    compute_regions = [spec.region] + ([secondary] if dr.warm_standby and secondary else [])
    strong = dr.global_tables and dr.witness_region is not None
    tables = [{
        "ident": t.ident,
        "name": names.table(t.ident),
        "key": _key_json(t),
        "regions": spec.regions if dr.global_tables else (spec.region,),
        "witness": dr.witness_region if strong and t.strong else None,
        "pitr": t.point_in_time_recovery,
        "deletion_protection": t.deletion_protection,
    } for t in spec.tables]
    buckets = [{
        "ident": b.ident,
        "name": names.bucket(b.ident),
        "replica": names.replica(b.ident) if dr.replicate_buckets else None,
        "versioning": b.versioning,
        "encryption": "SSE-KMS" if b.uses_kms else "SSE-S3",
        "noncurrent_days": b.undo_window_days,
    } for b in spec.buckets]
    return {
        "app": spec.name,
        "environment": spec.environment,
        "spec_file": spec.file,
        "region": spec.region,
        "secondary": secondary,
        "mode": dr.mode if secondary else None,
        "warm_standby": dr.warm_standby,
        "compute_regions": compute_regions,
        "protect": spec.protect,
        "objectives": _objectives(spec),
        "assessment": [dict(zip(("title", "rto", "rpo", "limited_by", "verdict"), row,
                                strict=True)) for row in summary_rows(assessment)],
        "findings": [{"message": f.message, "hint": f.hint, "path": format_path(f.path)}
                     for f in assessment.findings],
        "az_action": assessment.scenario("az_loss").rto_seconds > 0,
        "region_rebuild": human_duration(fig.REGION_REBUILD.seconds),
        "az_nat": spec.network.nat,
        "zones": spec.network.availability_zones,
        "subnets_listed": not spec.network.subnets_carved,
        "cidr": spec.network.cidr,
        "tables": tables,
        "pitr_tables": [t for t in tables if t["pitr"]],
        "unprotected_pitr_tables": [t for t in tables
                                    if t["pitr"] and not t["deletion_protection"]],
        "buckets": buckets,
        "versioned_buckets": [b for b in buckets if b["versioning"]],
        "replicated_buckets": [b for b in buckets if b["replica"]],
        "global_tables": dr.global_tables and bool(tables),
        "strong_tables": [t for t in tables if t["witness"]],
        "witness": dr.witness_region,
        "functions": [{"ident": f.ident, "name": names.function(f.ident)}
                      for f in spec.functions],
        "api": _api(spec, names),
        "failover": _failover(spec),
        "topic": names.env("topic") if spec.alerts is not None else None,
        "subscriptions": list(spec.alerts.subscriptions) if spec.alerts is not None else [],
        "alarms": [_alarm(a, names) for a in spec.alarms],
        "own_alarms": _own_alarms(spec, names),
        "probes": _probes(spec, names),
        "alert_regions": _alert_regions(spec),
        "two_way": dr.two_way_buckets,
        "read_only_standby": dr.replicate_buckets and not dr.two_way_buckets,
        "schedules": _schedules(spec, names),
        "dashboard": names.env("dashboard"),
        "backup": _backup(spec, names),
        "drills": catalogue(spec, assessment),
        "figures": {
            "pitr_window": human_duration(fig.PITR_WINDOW.seconds),
            "pitr_lag": human_duration(fig.PITR_LATEST_RESTORABLE_LAG.seconds),
            "system_backup": human_duration(fig.DELETED_TABLE_SYSTEM_BACKUP.seconds),
            "alias_ttl": human_duration(fig.ROUTE53_ALIAS_TTL.seconds),
        },
    }


def _key_json(table: Table) -> str:
    """The table's primary key as the AWS CLI's `--key` JSON, values left to fill in."""
    keys = [table.partition_key] + ([table.sort_key] if table.sort_key else [])
    return json.dumps({k.name: {k.type: "..."} for k in keys})


def _objectives(spec: Spec) -> dict[str, str] | None:
    objectives = spec.objectives
    if objectives is None:
        return None
    shown = {"rto": objectives.rto, "rpo": objectives.rpo}
    return {k: human_duration(v) for k, v in shown.items() if v is not None}


def _api(spec: Spec, names: Names) -> dict[str, Any] | None:
    if spec.api is None:
        return None
    return {"name": names.env("api"), "routes": [r.key for r in spec.api.routes]}


def _failover(spec: Spec) -> dict[str, Any] | None:
    dr = spec.disaster_recovery
    failover = dr.failover
    if failover is None or not dr.warm_standby or spec.api is None:
        return None
    return {
        "domain": failover.domain,
        "zone": failover.hosted_zone_id,
        "path": failover.health_check_path,
        "interval": failover.interval,
        "threshold": failover.failure_threshold,
        "detect": human_duration(failover.interval * failover.failure_threshold),
        "total": human_duration(fig.failover_seconds(failover.interval,
                                                     failover.failure_threshold)),
        "label": naming.env_physical(spec.name, spec.environment, "primary-api"),
        "alarm": naming.env_physical(spec.name, spec.environment, "failover-alarm"),
    }


def _alarm(alarm: Alarm, names: Names) -> dict[str, Any]:
    chosen = preset(alarm.metric)
    target = names.target(chosen.target_kind, alarm.target)
    threshold = f"{alarm.threshold:g}"
    periods = (f"{alarm.evaluation_periods} periods" if alarm.evaluation_periods > 1
               else "1 period")
    return {
        "name": names.alarm(alarm.ident),
        "ident": alarm.ident,
        "metric": alarm.metric,
        "watches": f"{chosen.words} `{target}`",
        "condition": f"{alarm.comparison} {threshold} for {periods} of {alarm.period}s",
    }


def _alert_regions(spec: Spec) -> list[str]:
    """The regions with an alerts topic of their own (us-east-1 for Route 53's alarm)."""
    dr = spec.disaster_recovery
    regions = list(spec.regions)
    if dr.warm_standby and dr.failover is not None and spec.api is not None \
            and "us-east-1" not in regions:
        regions.append("us-east-1")
    return regions


def _schedules(spec: Spec, names: Names) -> list[dict[str, Any]]:
    """What each schedule does when the primary region is lost."""
    warm = spec.disaster_recovery.warm_standby
    return [{"name": names.schedule(s.ident), "group": names.env("schedules"),
             "on_failover": s.on_failover if warm else "stop"} for s in spec.schedules]


def _probes(spec: Spec, names: Names) -> list[dict[str, Any]]:
    """Schedules that run a health-check function: the DR probe."""
    probes = []
    for schedule in spec.schedules:
        function = spec.function(schedule.function)
        if function.template != "health_check":
            continue
        probes.append({
            "name": names.schedule(schedule.ident),
            "expression": schedule.expression,
            "timezone": schedule.timezone,
            "enabled": schedule.enabled,
            "function": names.function(function.ident),
        })
    return probes


def _backup(spec: Spec, names: Names) -> dict[str, Any] | None:
    backup = spec.disaster_recovery.backup
    if backup is None or not (spec.tables or spec.buckets):
        return None
    max_age = backup_rpo(spec)
    return {
        "vault": names.env("vault"),
        "failures_rule": names.env("backup-job-failures"),
        "role": names.physical("backup", "role"),
        "schedule": backup.schedule,
        "max_age": None if max_age is None else human_duration(max_age),
        "start_window": human_duration(fig.BACKUP_START_WINDOW.seconds),
        "retention_days": backup.retention_days,
        "copy_region": spec.disaster_recovery.secondary_region
        if backup.copy_to_secondary else None,
    }


def render(spec: Spec, assessment: Assessment | None = None) -> str:
    """The runbook as Markdown."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML
    )
    text = env.get_template(TEMPLATE).render(**runbook_context(spec, assessment))
    return _tidy(text)


def _tidy(text: str) -> str:
    """At most one blank line in a row, and exactly one newline at the end."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def _own_alarms(spec: Spec, names: Names) -> list[dict[str, Any]]:
    """The alarms drspec adds beside the spec's (`drspec.factory.watch`, the
    failover alarm), each with the regions it lives in."""
    out = []
    for schedule in probe_schedules(spec):
        regions = posture_regions(spec, schedule)
        if not regions:
            continue
        evaluation = posture_evaluation(schedule)
        stopped = (" or the probe stops reporting"
                   if evaluation.treat_missing_data == "breaching" else "")
        span = (f"{evaluation.evaluation_periods} periods of {evaluation.period}s in a row"
                if evaluation.evaluation_periods > 1 else f"1 period of {evaluation.period}s")
        out.append({
            "name": names.physical(schedule.ident, "posture-alarm"),
            "watches": f"DR posture found by the probe `{names.function(schedule.function)}`",
            "regions": regions,
            "condition": f"a posture check fails{stopped}, {span}",
        })
    dr = spec.disaster_recovery
    if dr.multi_region and dr.replicate_buckets:
        sources = [spec.region]
        if dr.two_way_buckets and dr.secondary_region is not None:
            sources.append(dr.secondary_region)
        for bucket in spec.buckets:
            out.append({
                "name": names.physical(bucket.ident, "replication-failed-alarm"),
                "watches": "failed S3 replication of bucket "
                           f"`{names.physical(bucket.ident, 'bucket')}` (each rule's source)",
                "regions": sources,
                "condition": "> 0 failed operations in 300s",
            })
    failover = _failover(spec)
    if failover is not None:
        out.append({
            "name": failover["alarm"],
            "watches": "Route 53 health check of the primary API (`HealthCheckStatus`)",
            "regions": ["us-east-1"],
            "condition": "unhealthy (minimum < 1) in 60s: the failover",
        })
    return out
