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
  changes, so a degraded state is announced once, not on every run). The probe
  reports on every run, so missing data is treated as breaching: a probe that
  stops reporting (schedule disabled, role broken, function crashing or timing
  out) raises the same alarm. AWS recommends `breaching` for metrics that report
  continuously, where missing data points mean something is wrong
  (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data,
  https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html).
  Each period is at least the longest time between two runs, so every period of
  a probe that runs holds a data point, and the alarm needs
  `POSTURE_EVALUATION_PERIODS` breaching periods in a row (M out of N with M = N,
  https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudwatch/aws.sdk.kotlin.services.cloudwatch.model/-put-metric-alarm-request/datapoints-to-alarm.html),
  so one late or skipped run is never announced. A probe that runs less often
  than the longest evaluation CloudWatch allows cannot be told from a stopped
  one; its missing data keeps the last state (`ignore`).

Logical names are `alarms-<ident>-<what>` without the `-alarm` ending every
spec alarm's name has, so they never collide with one.
"""

from __future__ import annotations

from dataclasses import dataclass

from drspec import naming
from drspec.checks.cron.gap import longest_gap_seconds
from drspec.factory.alerts import metric_alarm
from drspec.factory.context import BuildContext, TopicRefs
from drspec.factory.packaging import POSTURE_METRIC
from drspec.factory.schedules import state_here
from drspec.model import Schedule

SECTION = "alarms"

#: Failed replication operations summed over this period raise the alarm.
REPLICATION_FAILED_PERIOD = 300


#: An alarm's period times its evaluation periods may not exceed one day for
#: periods under an hour, seven days otherwise; periods are multiples of 60 s
#: (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
MAX_SHORT_EVALUATION = 86400
MAX_LONG_EVALUATION = 7 * 86400
LONG_PERIOD = 3600
#: Breaching periods in a row (degraded or missing) before the posture alarm fires.
POSTURE_EVALUATION_PERIODS = 3
_RATE_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600,
               "day": 86400, "days": 86400}


def build(ctx: BuildContext, topic: TopicRefs) -> None:
    for source, destination, ident in replication_rules_from(ctx):
        _replication_failed(ctx, topic, ident, source, destination)
    for schedule in probe_schedules_here(ctx):
        _posture(ctx, topic, schedule)


def probe_schedules_here(ctx: BuildContext) -> list[Schedule]:
    """The schedules that run a `health_check` probe, enabled, in `ctx.region`."""
    if ctx.secondary and not ctx.spec.disaster_recovery.warm_standby:
        return []
    out = []
    for schedule in ctx.spec.schedules:
        if ctx.spec.function(schedule.function).template != "health_check":
            continue
        if ctx.secondary and schedule.on_failover == "stop":
            continue
        if state_here(ctx, schedule) == "ENABLED":
            out.append(schedule)
    return out


@dataclass(frozen=True)
class PostureEvaluation:
    period: int
    evaluation_periods: int
    treat_missing_data: str


def run_interval(schedule: Schedule) -> int | None:
    """The longest time between two runs of the schedule, or None if it runs at most once."""
    if schedule.rate is not None:
        count, unit = schedule.rate.split()
        return int(count) * _RATE_UNITS[unit]
    return longest_gap_seconds(schedule.cron or "")


def posture_evaluation(schedule: Schedule) -> PostureEvaluation:
    """Period and evaluation periods of the posture alarm: every period of a
    running probe holds a run, and `POSTURE_EVALUATION_PERIODS` empty or degraded
    periods in a row fire the alarm."""
    interval = run_interval(schedule)
    if interval is None or interval > MAX_LONG_EVALUATION:
        return PostureEvaluation(MAX_SHORT_EVALUATION, 1, "ignore")
    period = -(-interval // 60) * 60
    limit = MAX_LONG_EVALUATION if period >= LONG_PERIOD else MAX_SHORT_EVALUATION
    periods = min(POSTURE_EVALUATION_PERIODS, limit // period)
    return PostureEvaluation(period, periods, "breaching")


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
        namespace=f"drspec/{ctx.spec.name}-{ctx.spec.environment}",
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
