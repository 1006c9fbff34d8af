"""The `alarms` section: CloudWatch metric alarms from presets, all notifying the topic.

Each preset (`drspec.sections.PRESETS`) fixes namespace, metric(s), statistic
and which dimensions name the target; this module turns the target into those
dimensions. Two presets need metric math, because the metric their name
suggests has no per-table dimension: `dynamodb_throttles` (DynamoDB's
`UserErrors` is per account and region and does not count throttling; the
table's throttling is `ReadThrottleEvents` + `WriteThrottleEvents`) and
`dynamodb_system_errors` (`SystemErrors` exists only per `TableName` *and*
`Operation`; the alarm sums the ten data-plane operations, an alarm's limit).

`SUM([...])` adds the series present at each point, so a metric with no data
in a period (the normal case for error metrics) does not blank the sum.

Every alarm lives in the region CloudWatch publishes its metric in and
notifies that region's alerts topic (an alarm can notify only a topic of its
own region; see `drspec.factory.alerts`). The section runs in each region
(`drspec.sections`): an alarm on a function, the API or a table is built in
every region where its target exists (the warm standby's copies take traffic
after failover, and then the region that serves is watched); an alarm whose
preset is published in the `destination` region (S3 replication lag, per
https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html: "This
metric is published in the Region of the destination bucket") is built in the
replica's region only. An alarm whose preset is published in each replica's
region (DynamoDB global-table `ReplicationLatency`, "stored in CloudWatch in
the source Region",
https://docs.aws.amazon.com/prescriptive-guidance/latest/dynamodb-global-tables/overview.html)
is built in every region the table has a replica in, with `ReceivingRegion`
the other one: the primary's copy watches writes reaching the standby, the
standby's copy (after failover) writes coming back. Copies in the secondary
region have logical names ending `-secondary` and the same physical name (alarm
names are per region).

Every alarm sends both ALARM and OK transitions to its region's topic; how it
treats missing data is the preset's (`Preset.missing_data`).
Each alarm carries the tag `drspec:alarm` (`spec:<ident>`, or what drspec adds
on its own, see `drspec.factory.watch`) so a plan reader can tell them apart.
"""

from __future__ import annotations

from typing import Any

import pulumi

from drspec import naming
from drspec.factory import watch
from drspec.factory.alerts import metric_alarm, topic_in
from drspec.factory.context import BuildContext
from drspec.model import Alarm
from drspec.sections import Preset, preset

SECTION = "alarms"

COMPARISONS: dict[str, str] = {
    ">": "GreaterThanThreshold",
    ">=": "GreaterThanOrEqualToThreshold",
    "<": "LessThanThreshold",
    "<=": "LessThanOrEqualToThreshold",
}

#: The stage HTTP APIs are served from (built by the `api` section).
API_STAGE = "$default"

Dimensions = dict[str, pulumi.Input[str]]


def watched_here(ctx: BuildContext, kind: Preset, target: str) -> bool:
    """Whether CloudWatch publishes the preset's metric about `target` in `ctx.region`."""
    refs = ctx.refs
    if kind.published_in == "destination":
        return ctx.secondary and target in refs.buckets
    if kind.target_kind == "function":
        return target in refs.functions
    if kind.target_kind == "table":
        return target in refs.tables
    if kind.target_kind == "api":
        return refs.api is not None
    return target in refs.buckets


def dimensions(ctx: BuildContext, kind: Preset, target: str) -> Dimensions:
    """The dimensions naming `target` in the preset's namespace."""
    refs = ctx.refs
    spec = ctx.spec
    if kind.target_kind == "function":
        return {"FunctionName": refs.functions[target].name}
    if kind.target_kind == "table" and "ReceivingRegion" in kind.dimensions:
        return {"TableName": refs.tables[target].name, "ReceivingRegion": other_region(ctx)}
    if kind.target_kind == "table":
        return {"TableName": refs.tables[target].name}
    if kind.target_kind == "api":
        if refs.api is None:
            raise ValueError("an api alarm needs the api section")
        return {"ApiId": refs.api.api_id, "Stage": API_STAGE}
    return {
        "SourceBucket": ctx.primary_refs.buckets[target].name,
        "DestinationBucket": naming.replica_bucket(spec.name, spec.environment, target),
        "RuleId": naming.REPLICATION_RULE_ID,
    }


def other_region(ctx: BuildContext) -> str:
    """The region a replica in `ctx.region` replicates to: the standby's, or the primary's."""
    secondary = ctx.spec.disaster_recovery.secondary_region
    if secondary is None:
        raise ValueError("a replication alarm needs disaster_recovery.secondary_region")
    return ctx.spec.region if ctx.secondary else secondary


def metric_args(ctx: BuildContext, alarm: Alarm) -> dict[str, Any]:
    """The alarm's metric: a plain metric, or a `SUM` over several."""
    chosen = preset(alarm.metric)
    dims = dimensions(ctx, chosen, alarm.target)
    if chosen.series is None:
        stat_key = "extended_statistic" if chosen.extended else "statistic"
        return {
            "namespace": chosen.namespace,
            "metric_name": chosen.metric,
            stat_key: chosen.statistic,
            "dimensions": dims,
            "period": alarm.period,
        }
    queries: list[dict[str, Any]] = []
    for i, (name, series_dims) in enumerate(chosen.series(dims), start=1):
        queries.append({
            "id": f"m{i}",
            "metric": {
                "namespace": chosen.namespace,
                "metric_name": name,
                "stat": chosen.statistic,
                "dimensions": series_dims,
                "period": alarm.period,
            },
            "return_data": False,
        })
    ids = ", ".join(q["id"] for q in queries)
    queries.append({
        "id": "total",
        "expression": f"SUM([{ids}])",
        "label": f"{chosen.metric} ({alarm.target})",
        "return_data": True,
    })
    return {"metric_queries": queries}


def build(ctx: BuildContext) -> None:
    topic = topic_in(ctx, ctx.region)
    for alarm in ctx.spec.alarms:
        chosen = preset(alarm.metric)
        if not watched_here(ctx, chosen, alarm.target):
            continue
        resource = metric_alarm(
            ctx, ctx.logical(SECTION, alarm.ident, "alarm"), topic,
            name=ctx.physical(alarm.ident, "alarm"),
            kind=f"spec:{alarm.ident}",
            alarm_description=(
                f"{alarm.metric} of {alarm.target} {alarm.comparison} {alarm.threshold:g} "
                f"over {alarm.evaluation_periods} x {alarm.period}s in {ctx.region} "
                f"(drspec alarm {alarm.ident!r})"
            ),
            comparison_operator=COMPARISONS[alarm.comparison],
            threshold=alarm.threshold,
            evaluation_periods=alarm.evaluation_periods,
            treat_missing_data=chosen.missing_data,
            **metric_args(ctx, alarm),
        )
        ctx.refs.alarms[alarm.ident] = resource.arn
    watch.build(ctx, topic)
