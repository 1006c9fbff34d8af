"""The `alarms` section: CloudWatch metric alarms from presets, all notifying the topic.

Each preset in `PRESETS` fixes namespace, metric(s), statistic and how the
target becomes dimensions. Two presets need metric math, because the
metric their name suggests has no per-table dimension:

- `dynamodb_user_errors` (the seed's "throttles" alarm): DynamoDB's
  `UserErrors` is reported per account and region only, and throttled
  requests are not even counted in it. The table's own throttling is
  `ReadThrottleEvents` + `WriteThrottleEvents` (dimension `TableName`), so
  the alarm watches their sum.
- `dynamodb_system_errors`: `SystemErrors` exists only per `TableName` *and*
  `Operation`; the alarm sums the ten data-plane operations (an alarm may
  read at most ten metrics).

`SUM([...])` adds the series present at each point, so a metric with no data
in a period (the normal case for error metrics) does not blank the sum.

Alarms watch the primary region. In warm standby the secondary copies of
functions and API take no traffic until failover, so alarms on them would
only ever read "no data"; the failover health check covers that region.
Every alarm sends both ALARM and OK transitions to the environment's topic;
missing data counts as not breaching.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.factory.context import BuildContext
from drspec.model import Alarm

SECTION = "alarms"

COMPARISONS: dict[str, str] = {
    ">": "GreaterThanThreshold",
    ">=": "GreaterThanOrEqualToThreshold",
    "<": "LessThanThreshold",
    "<=": "LessThanOrEqualToThreshold",
}

#: The `Operation` values `dynamodb_system_errors` sums (CloudWatch's ten-metric limit).
DYNAMODB_OPERATIONS: tuple[str, ...] = (
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
    "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
)

#: The stage HTTP APIs are served from (built by the `api` section).
API_STAGE = "$default"

Dimensions = dict[str, pulumi.Input[str]]


@dataclass(frozen=True)
class Preset:
    """One `metric` value: what to measure and on which kind of target."""

    target_kind: str  # function | table | bucket | api
    namespace: str
    metric: str  # the metric name, or the family summed by `series`
    statistic: str  # Sum | Maximum | ... or an extended statistic (p99)
    series: Callable[[Dimensions], list[tuple[str, Dimensions]]] | None = None

    @property
    def extended(self) -> bool:
        return self.statistic.startswith("p")


def _throttle_series(dims: Dimensions) -> list[tuple[str, Dimensions]]:
    return [("ReadThrottleEvents", dims), ("WriteThrottleEvents", dims)]


def _system_error_series(dims: Dimensions) -> list[tuple[str, Dimensions]]:
    return [("SystemErrors", {**dims, "Operation": op}) for op in DYNAMODB_OPERATIONS]


PRESETS: dict[str, Preset] = {
    "lambda_errors": Preset("function", "AWS/Lambda", "Errors", "Sum"),
    "lambda_throttles": Preset("function", "AWS/Lambda", "Throttles", "Sum"),
    "lambda_duration_p99": Preset("function", "AWS/Lambda", "Duration", "p99"),
    "dynamodb_user_errors": Preset("table", "AWS/DynamoDB", "ThrottleEvents", "Sum",
                                   _throttle_series),
    "dynamodb_system_errors": Preset("table", "AWS/DynamoDB", "SystemErrors", "Sum",
                                     _system_error_series),
    "api_5xx": Preset("api", "AWS/ApiGateway", "5xx", "Sum"),
    "api_latency_p99": Preset("api", "AWS/ApiGateway", "Latency", "p99"),
    "replication_latency": Preset("bucket", "AWS/S3", "ReplicationLatency", "Maximum"),
}


def dimensions(ctx: BuildContext, preset: Preset, target: str) -> Dimensions:
    """The dimensions naming `target` in the preset's namespace."""
    refs = ctx.refs
    spec = ctx.spec
    if preset.target_kind == "function":
        return {"FunctionName": refs.functions[target].name}
    if preset.target_kind == "table":
        return {"TableName": refs.tables[target].name}
    if preset.target_kind == "api":
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
    preset = PRESETS[alarm.metric]
    dims = dimensions(ctx, preset, alarm.target)
    if preset.series is None:
        stat_key = "extended_statistic" if preset.extended else "statistic"
        return {
            "namespace": preset.namespace,
            "metric_name": preset.metric,
            stat_key: preset.statistic,
            "dimensions": dims,
            "period": alarm.period,
        }
    queries: list[dict[str, Any]] = []
    for i, (name, series_dims) in enumerate(preset.series(dims), start=1):
        queries.append({
            "id": f"m{i}",
            "metric": {
                "namespace": preset.namespace,
                "metric_name": name,
                "stat": preset.statistic,
                "dimensions": series_dims,
                "period": alarm.period,
            },
            "return_data": False,
        })
    ids = ", ".join(q["id"] for q in queries)
    queries.append({
        "id": "total",
        "expression": f"SUM([{ids}])",
        "label": f"{preset.metric} ({alarm.target})",
        "return_data": True,
    })
    return {"metric_queries": queries}


def build(ctx: BuildContext) -> None:
    topic = ctx.shared.topic_arn
    actions = [topic] if topic is not None else []
    for alarm in ctx.spec.alarms:
        aws.cloudwatch.MetricAlarm(
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
