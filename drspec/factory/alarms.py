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

Alarms watch the primary region. In warm standby the secondary copies of
functions and API take no traffic until failover, so alarms on them would
only ever read "no data"; the failover health check covers that region.
Every alarm sends both ALARM and OK transitions to the environment's topic;
missing data counts as not breaching.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from drspec import naming
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


def dimensions(ctx: BuildContext, kind: Preset, target: str) -> Dimensions:
    """The dimensions naming `target` in the preset's namespace."""
    refs = ctx.refs
    spec = ctx.spec
    if kind.target_kind == "function":
        return {"FunctionName": refs.functions[target].name}
    if kind.target_kind == "table":
        return {"TableName": refs.tables[target].name}
    if kind.target_kind == "api":
        if refs.api is None:
            raise ValueError("an api alarm needs the api section")
        return {"ApiId": refs.api.api_id, "Stage": API_STAGE}
    return {
        "SourceBucket": refs.buckets[target].name,
        "DestinationBucket": naming.replica_bucket(spec.name, spec.environment, target),
        "RuleId": naming.REPLICATION_RULE_ID,
    }


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
    topic = ctx.shared.topic_arn
    actions = [topic] if topic is not None else []
    for alarm in ctx.spec.alarms:
        resource = aws.cloudwatch.MetricAlarm(
            ctx.logical(SECTION, alarm.ident, "alarm"),
            name=ctx.physical(alarm.ident, "alarm"),
            alarm_description=(
                f"{alarm.metric} of {alarm.target} {alarm.comparison} {alarm.threshold:g} "
                f"over {alarm.evaluation_periods} x {alarm.period}s (drspec alarm "
                f"{alarm.ident!r})"
            ),
            comparison_operator=COMPARISONS[alarm.comparison],
            threshold=alarm.threshold,
            evaluation_periods=alarm.evaluation_periods,
            treat_missing_data="notBreaching",
            alarm_actions=actions,
            ok_actions=actions,
            region=ctx.region,
            tags=ctx.tags(),
            opts=ctx.opts(),
            **metric_args(ctx, alarm),
        )
        ctx.refs.alarms[alarm.ident] = resource.arn
