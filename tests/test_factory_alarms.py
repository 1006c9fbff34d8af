"""The alarms section on captured plans: presets, dimensions, actions."""

from __future__ import annotations

from typing import Any

import pytest
from plan_support import edited_plan, resources, shipped_plan

from drspec.factory.alarms import COMPARISONS
from drspec.plan.capture import Plan
from drspec.sections import DYNAMODB_OPERATIONS, PRESETS

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:orders-prod-topic"
TARGETS = {
    "lambda_errors": "processor", "lambda_throttles": "processor",
    "lambda_duration_p99": "processor", "dynamodb_throttles": "orders",
    "dynamodb_system_errors": "orders", "api_5xx": "api", "api_latency_p99": "api",
    "replication_latency": "documents", "dynamodb_replication_latency": "orders",
}


def every_preset() -> Plan:
    """prod with one alarm per preset (ident = the metric with dashes)."""
    def edit(data: dict[str, Any]) -> None:
        data["alarms"] = {
            metric.replace("_", "-"): {"metric": metric, "target": target, "threshold": 1}
            for metric, target in TARGETS.items()
        }

    return edited_plan("prod", edit)


def alarm_inputs(plan: Plan, metric: str) -> dict[str, Any]:
    """The alarm's inputs in the primary region, or in the secondary for a
    metric published only there (S3 replication lag)."""
    name = f"alarms-{metric.replace('_', '-')}-alarm"
    names = {r.name for r in plan.resources}
    return plan.named(name if name in names else f"{name}-secondary").inputs


def test_the_presets_cover_the_contract() -> None:
    assert set(PRESETS) == set(TARGETS)


@pytest.mark.parametrize(("metric", "namespace", "name", "stat", "dimensions"), [
    ("lambda_errors", "AWS/Lambda", "Errors", ("statistic", "Sum"),
     {"FunctionName": "orders-prod-processor-fn"}),
    ("lambda_throttles", "AWS/Lambda", "Throttles", ("statistic", "Sum"),
     {"FunctionName": "orders-prod-processor-fn"}),
    ("lambda_duration_p99", "AWS/Lambda", "Duration", ("extendedStatistic", "p99"),
     {"FunctionName": "orders-prod-processor-fn"}),
    ("api_5xx", "AWS/ApiGateway", "5xx", ("statistic", "Sum"),
     {"ApiId": "api-http-api-id", "Stage": "$default"}),
    ("api_latency_p99", "AWS/ApiGateway", "Latency", ("extendedStatistic", "p99"),
     {"ApiId": "api-http-api-id", "Stage": "$default"}),
    ("dynamodb_replication_latency", "AWS/DynamoDB", "ReplicationLatency",
     ("statistic", "Maximum"), {"TableName": "orders-prod-orders-table",
                                "ReceivingRegion": "eu-central-1"}),
    ("replication_latency", "AWS/S3", "ReplicationLatency", ("statistic", "Maximum"),
     {"SourceBucket": "orders-prod-documents-bucket",
      "DestinationBucket": "orders-prod-documents-replica",
      "RuleId": "replicate-everything"}),
])
def test_single_metric_presets(metric: str, namespace: str, name: str, stat: tuple[str, str],
                               dimensions: dict[str, str]) -> None:
    inputs = alarm_inputs(every_preset(), metric)
    assert inputs["namespace"] == namespace
    assert inputs["metricName"] == name
    assert inputs[stat[0]] == stat[1]
    other = "statistic" if stat[0] == "extendedStatistic" else "extendedStatistic"
    assert other not in inputs
    assert inputs["dimensions"] == dimensions
    assert "metricQueries" not in inputs


def test_api_alarm_reads_the_real_api_id() -> None:
    plan = every_preset()
    api = plan.named("api-http-api")
    inputs = alarm_inputs(plan, "api_5xx")
    assert inputs["dimensions"]["ApiId"] == f"{api.name}-id"
    assert api.urn in plan.named("alarms-api-5xx-alarm").depends_on


def test_table_throttles_sum_read_and_write_throttle_events_per_table() -> None:
    inputs = alarm_inputs(every_preset(), "dynamodb_throttles")
    assert "metricName" not in inputs and "namespace" not in inputs
    queries = inputs["metricQueries"]
    metrics = [q["metric"] for q in queries if "metric" in q]
    assert [m["metricName"] for m in metrics] == ["ReadThrottleEvents", "WriteThrottleEvents"]
    for m in metrics:
        assert m["namespace"] == "AWS/DynamoDB"
        assert m["dimensions"] == {"TableName": "orders-prod-orders-table"}
        assert (m["stat"], m["period"]) == ("Sum", 300.0)
    (total,) = [q for q in queries if q.get("returnData")]
    assert total["expression"] == "SUM([m1, m2])"
    assert sum(1 for q in queries if q.get("returnData")) == 1


def test_system_errors_sum_every_data_plane_operation_within_the_metric_limit() -> None:
    queries = alarm_inputs(every_preset(), "dynamodb_system_errors")["metricQueries"]
    metrics = [q["metric"] for q in queries if "metric" in q]
    assert len(metrics) <= 10  # CloudWatch: at most 10 metrics per alarm
    assert [m["dimensions"]["Operation"] for m in metrics] == list(DYNAMODB_OPERATIONS)
    assert {m["metricName"] for m in metrics} == {"SystemErrors"}
    assert {m["dimensions"]["TableName"] for m in metrics} == {"orders-prod-orders-table"}
    ids = ", ".join(f"m{i}" for i in range(1, len(metrics) + 1))
    assert queries[-1]["expression"] == f"SUM([{ids}])"


def test_every_spec_alarm_notifies_its_regions_topic_of_alarm_and_ok() -> None:
    plan = every_preset()
    alarms = [a for a in resources(plan, ALARM) if a.inputs["tags"]["drspec:alarm"]
              .startswith("spec:")]
    # Each preset in the primary, and again in the standby; S3 lag only in the standby.
    assert len(alarms) == 2 * len(TARGETS) - 1
    for alarm in alarms:
        region = alarm.inputs["region"]
        topic = f"arn:aws:sns:{region}:123456789012:orders-prod-topic"
        assert alarm.inputs["alarmActions"] == [topic]
        assert alarm.inputs["okActions"] == [topic]
        expected = "ignore" if alarm.inputs.get("namespace") == "AWS/S3" else "notBreaching"
        assert alarm.inputs["treatMissingData"] == expected, alarm.name
        own = "alerts-topic" + ("-secondary" if alarm.name.endswith("-secondary") else "")
        assert plan.named(own).urn in alarm.depends_on


def test_threshold_period_evaluation_and_comparison_come_from_the_spec() -> None:
    inputs = alarm_inputs(shipped_plan("prod"), "api-errors")
    assert inputs["comparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert (inputs["threshold"], inputs["period"], inputs["evaluationPeriods"]) == (
        1.0, 60.0, 1.0)
    latency = alarm_inputs(shipped_plan("prod"), "processor-latency")
    assert latency["comparisonOperator"] == "GreaterThanThreshold"
    assert (latency["threshold"], latency["period"], latency["evaluationPeriods"]) == (
        3000.0, 60.0, 3.0)
    assert latency["name"] == "orders-prod-processor-latency-alarm"


@pytest.mark.parametrize("comparison", sorted(COMPARISONS))
def test_comparisons(comparison: str) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["alarms"]["processor-errors"]["comparison"] = comparison

    inputs = edited_plan("dev", edit).named("alarms-processor-errors-alarm").inputs
    assert inputs["comparisonOperator"] == COMPARISONS[comparison]


def test_standby_alarms_watch_the_standby_copies() -> None:
    """After failover the standby serves: its functions, API and table replicas have
    their own alarms, in its region, with the same thresholds."""
    plan = shipped_plan("prod")  # warm standby
    secondary = {r.name: r for r in resources(plan, ALARM) if r.name.endswith("-secondary")}
    for ident in ("processor-errors", "processor-latency", "orders-throttles", "api-errors",
                  "api-latency"):
        primary = plan.named(f"alarms-{ident}-alarm")
        copy = secondary[f"alarms-{ident}-alarm-secondary"]
        assert (primary.inputs["region"], copy.inputs["region"]) == ("eu-west-1",
                                                                     "eu-central-1")
        assert copy.inputs["name"] == primary.inputs["name"]
        assert copy.inputs["threshold"] == primary.inputs["threshold"]
    api = plan.named("api-http-api-secondary")
    assert secondary["alarms-api-errors-alarm-secondary"].inputs["dimensions"]["ApiId"] == \
        f"{api.name}-id"
    # S3 replication lag is published in the replica's region only.
    assert "alarms-documents-replication-alarm" not in {r.name for r in plan.resources}
    lag = secondary["alarms-documents-replication-alarm-secondary"]
    assert lag.inputs["treatMissingData"] == "ignore"
