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

Logical names are `alarms-<ident>-<what>` without the `-alarm` ending every
spec alarm's name has, so they never collide with one.
"""

from __future__ import annotations

from drspec import naming
from drspec.factory.alerts import metric_alarm
from drspec.factory.context import BuildContext, TopicRefs

SECTION = "alarms"

#: Failed replication operations summed over this period raise the alarm.
REPLICATION_FAILED_PERIOD = 300


def build(ctx: BuildContext, topic: TopicRefs) -> None:
    for source, destination, ident in replication_rules_from(ctx):
        _replication_failed(ctx, topic, ident, source, destination)


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
