"""Alerting survives the loss of either region: checked on captured plans.

Every alarm must live in the region CloudWatch publishes its metric in, and
notify a topic of that same region that has the spec's subscribers. The region
a metric is published in is worked out here from AWS's documentation, not from
the factory: S3 replication lag and backlog where the destination bucket is,
failed replication where the source is
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html);
Route 53 in us-east-1 only
(https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html);
everything else where the measured resource is.
"""

from __future__ import annotations

from typing import Any

import pytest
from dr_support import PRIMARY, SECONDARY, plan, spec

from drspec import naming
from drspec.plan.capture import Plan, PlannedResource

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TOPIC = "aws:sns/topic:Topic"
SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription"
AT_DESTINATION = {"ReplicationLatency", "BytesPendingReplication",
                  "OperationsPendingReplication"}


def bucket_regions() -> dict[str, str]:
    s = spec("prod")
    out = {naming.physical(s.name, s.environment, b.ident, "bucket"): PRIMARY
           for b in s.buckets}
    out |= {naming.replica_bucket(s.name, s.environment, b.ident): SECONDARY
            for b in s.buckets}
    return out


def series(alarm: PlannedResource) -> list[tuple[str, str, dict[str, Any]]]:
    """(namespace, metric, dimensions) of every metric the alarm reads."""
    inputs = alarm.inputs
    if "metricQueries" not in inputs:
        return [(inputs["namespace"], inputs["metricName"], inputs["dimensions"])]
    return [(q["metric"]["namespace"], q["metric"]["metricName"], q["metric"]["dimensions"])
            for q in inputs["metricQueries"] if "metric" in q]


def exists_in(p: Plan, region: str, namespace: str, dims: dict[str, Any]) -> bool:
    """Whether the resource the dimensions name exists in `region`."""
    if "FunctionName" in dims:
        return any(r.inputs["name"] == dims["FunctionName"] and r.region == region
                   for r in p.of_type("aws:lambda/function:Function"))
    if "ApiId" in dims:
        return any(f"{r.name}-id" == dims["ApiId"] and r.region == region
                   for r in p.of_type("aws:apigatewayv2/api:Api"))
    if "TableName" in dims:
        tables = [r for r in p.of_type("aws:dynamodb/table:Table")
                  if r.inputs["name"] == dims["TableName"]]
        replicas = {rep["regionName"] for t in tables for rep in t.inputs.get("replicas", [])}
        return any(t.region == region for t in tables) or region in replicas
    if "Function" in dims:  # drspec's posture metric: where the probe is scheduled
        return any(r.region == region and r.inputs["target"]["arn"].endswith(
            naming.physical("orders", "prod", dims["Function"], "fn"))
            and r.inputs["state"] == "ENABLED"
            for r in p.of_type("aws:scheduler/schedule:Schedule"))
    raise AssertionError(f"unknown dimensions {dims} in {namespace}")


def published_region(p: Plan, alarm: PlannedResource) -> str:
    regions = set()
    for namespace, metric, dims in series(alarm):
        if namespace == "AWS/Route53":
            regions.add("us-east-1")
        elif namespace == "AWS/S3":
            side = "DestinationBucket" if metric in AT_DESTINATION else "SourceBucket"
            regions.add(bucket_regions()[dims[side]])
        else:
            region = alarm.region
            assert exists_in(p, region, namespace, dims), (alarm.name, dims)
            regions.add(region)
    [region] = regions
    return region


VARIANTS = ["prod", "pilot-light", "rtc-off", "read-only", "customer-key"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_alarm_lives_where_its_metric_is_published(variant: str) -> None:
    p = plan(variant)
    alarms = p.of_type(ALARM)
    assert alarms
    for alarm in alarms:
        assert alarm.region == published_region(p, alarm), alarm.name


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_alarm_notifies_a_subscribed_topic_of_its_own_region(variant: str) -> None:
    p = plan(variant)
    topics = {f"arn:aws:sns:{t.region}:123456789012:{t.inputs['name']}": t
              for t in p.of_type(TOPIC)}
    subscribed = {(s.inputs["topic"], s.inputs["endpoint"]) for s in p.of_type(SUBSCRIPTION)}
    endpoints = {e for _, e in spec("prod").alerts.subscriptions}  # type: ignore[union-attr]
    for topic_arn in topics:
        assert {e for t, e in subscribed if t == topic_arn} == endpoints, topic_arn
    for alarm in p.of_type(ALARM):
        actions = alarm.inputs["alarmActions"]
        assert actions and actions == alarm.inputs["okActions"], alarm.name
        for arn in actions:
            assert topics[arn].region == alarm.region, alarm.name


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_region_with_a_part_of_the_environment_has_its_own_topic(variant: str) -> None:
    regions = {t.region for t in plan(variant).of_type(TOPIC)}
    assert {PRIMARY, SECONDARY} <= regions


def test_failover_is_announced_from_us_east_1() -> None:
    p = plan("prod")
    [alarm] = [a for a in p.of_type(ALARM) if a.inputs.get("namespace") == "AWS/Route53"]
    [check] = p.of_type("aws:route53/healthCheck:HealthCheck")
    assert alarm.region == "us-east-1"
    assert (alarm.inputs["metricName"], alarm.inputs["statistic"]) == ("HealthCheckStatus",
                                                                       "Minimum")
    assert alarm.inputs["dimensions"] == {"HealthCheckId": f"{check.name}-id"}
    assert alarm.inputs["comparisonOperator"] == "LessThanThreshold"
    assert alarm.inputs["threshold"] == 1
    # ALARM announces the failover, OK the failback: both notify.
    assert alarm.inputs["okActions"] == alarm.inputs["alarmActions"] == [
        "arn:aws:sns:us-east-1:123456789012:orders-prod-topic"]
    assert not [a for a in plan("pilot-light").of_type(ALARM)
                if a.inputs.get("namespace") == "AWS/Route53"]


def test_replication_failures_alarm_in_each_rules_source_region() -> None:
    def failed(variant: str) -> dict[str, str]:
        return {a.inputs["dimensions"]["SourceBucket"]: a.region
                for a in plan(variant).of_type(ALARM)
                if a.inputs.get("metricName") == "OperationsFailedReplication"}

    assert failed("prod") == bucket_regions()  # both directions
    assert failed("read-only") == {b: r for b, r in bucket_regions().items() if r == PRIMARY}
