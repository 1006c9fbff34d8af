"""The alarms drspec adds on its own, in each region, beside the spec's.

- S3 replication failures: `OperationsFailedReplication` is "published in the
  Region of the source bucket"
  (https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html), so
  each replication rule gets an alarm in its source region: primary -> replica
  in the primary region, and replica -> primary (two-way replication) in the
  secondary region. The metric exists only once an operation failed, so
  missing data is not breaching and the alarm returns to OK when failures stop.
  S3 publishes it only for rules with replication metrics on, which drspec
  turns on for every rule (`drspec.factory.replication`).

- DR posture: the `health_check` probe reports the number of failed posture
  checks as `PostureDegraded` (dimension `Function`) in the region it runs in;
  wherever its schedule runs enabled, an alarm notifies that region's topic when
  posture turns degraded and again when it recovers (alarms act on state
  changes, so a degraded state is announced once, not on every run). A probe
  that stops reporting raises it too: missing data is breaching, over periods
  that each hold a run (`drspec.checks.posture_alarm`, shared with the runbook).

Logical names are `alarms-<ident>-<what>` without the `-alarm` ending every
spec alarm's name has, so they never collide with one.
"""

from __future__ import annotations

from drspec import naming
from drspec.checks.posture_alarm import posture_evaluation, posture_regions, probe_schedules
from drspec.factory.alerts import metric_alarm
from drspec.factory.context import BuildContext, TopicRefs
from drspec.factory.packaging import POSTURE_METRIC, metric_namespace
from drspec.model import Schedule

SECTION = "alarms"

#: Failed replication operations summed over this period raise the alarm.
REPLICATION_FAILED_PERIOD = 300


def build(ctx: BuildContext, topic: TopicRefs) -> None:
    for source, destination, ident in replication_rules_from(ctx):
        _replication_failed(ctx, topic, ident, source, destination)
    for schedule in probe_schedules_here(ctx):
        _posture(ctx, topic, schedule)


def probe_schedules_here(ctx: BuildContext) -> list[Schedule]:
    """The schedules that run a `health_check` probe, enabled, in `ctx.region`."""
    return [s for s in probe_schedules(ctx.spec) if ctx.region in posture_regions(ctx.spec, s)]


def _posture(ctx: BuildContext, topic: TopicRefs, schedule: Schedule) -> None:
    fn = schedule.function
    evaluation = posture_evaluation(schedule)
    missing = (
        f" Missing data means the probe stopped reporting (schedule disabled, role or "
        f"function failing): no report for {evaluation.evaluation_periods} x "
        f"{evaluation.period}s raises this alarm too."
        if evaluation.treat_missing_data == "breaching" else "")
    metric_alarm(
        ctx, ctx.logical(SECTION, schedule.ident, "posture"), topic,
        name=ctx.physical(schedule.ident, "posture-alarm"),
        kind=f"posture:{schedule.ident}",
        alarm_description=(
            f"DR posture in {ctx.region} is degraded: the probe {fn} (schedule "
            f"{schedule.ident}) finds a table without point-in-time recovery, a bucket "
            f"without versioning or a replication rule disabled; its log names which.{missing} "
            f"OK: posture restored and the probe reporting."),
        namespace=metric_namespace(ctx.spec),
        metric_name=POSTURE_METRIC,
        statistic="Maximum",
        dimensions={"Function": fn},
        period=evaluation.period,
        evaluation_periods=evaluation.evaluation_periods,
        datapoints_to_alarm=evaluation.evaluation_periods,
        comparison_operator="GreaterThanOrEqualToThreshold",
        threshold=1,
        treat_missing_data=evaluation.treat_missing_data,
    )


def replication_rules_from(ctx: BuildContext) -> list[tuple[str, str, str]]:
    """(source bucket, destination bucket, bucket ident) of every replication rule
    whose source bucket is in `ctx.region`."""
    dr = ctx.spec.disaster_recovery
    if not (dr.multi_region and dr.replicate_buckets):
        return []
    spec = ctx.spec
    out = []
    for bucket in spec.buckets:
        primary = naming.physical(spec.name, spec.environment, bucket.ident, "bucket")
        replica = naming.replica_bucket(spec.name, spec.environment, bucket.ident)
        if not ctx.secondary:
            out.append((primary, replica, bucket.ident))
        elif dr.two_way_buckets:
            out.append((replica, primary, bucket.ident))
    return out


def _replication_failed(ctx: BuildContext, topic: TopicRefs, ident: str, source: str,
                        destination: str) -> None:
    metric_alarm(
        ctx, ctx.logical(SECTION, ident, "replication-failed"), topic,
        name=ctx.physical(ident, "replication-failed-alarm"),
        kind=f"replication-failed:{ident}",
        alarm_description=(
            f"S3 replication of {source} to {destination} failed for at least one object "
            f"(OperationsFailedReplication, published in the source bucket's region)"),
        namespace="AWS/S3",
        metric_name="OperationsFailedReplication",
        statistic="Sum",
        dimensions={"SourceBucket": source, "DestinationBucket": destination,
                    "RuleId": naming.replication_rule_id(to_replica=not ctx.secondary)},
        period=REPLICATION_FAILED_PERIOD,
        evaluation_periods=1,
        comparison_operator="GreaterThanThreshold",
        threshold=0,
        treat_missing_data="notBreaching",
    )
