"""The CloudWatch dashboard in captured plans."""

from __future__ import annotations

import json
from typing import Any

import pytest
from dr_support import PRIMARY, SECONDARY, SPECS, plan, spec

from drspec import naming
from drspec.plan.capture import Plan, capture

DASHBOARD = "aws:cloudwatch/dashboard:Dashboard"


def body(p: Plan) -> dict[str, Any]:
    [dashboard] = p.of_type(DASHBOARD)
    text = dashboard.inputs["dashboardBody"]
    assert isinstance(text, str)
    parsed: dict[str, Any] = json.loads(text)
    return parsed


def metric_widgets(p: Plan) -> list[dict[str, Any]]:
    return [w["properties"] for w in body(p)["widgets"] if w["type"] == "metric"]


def metrics(p: Plan, region: str) -> set[tuple[str, str, str]]:
    """(namespace, metric, first dimension value) per plotted series in `region`."""
    return {(m[0], m[1], m[3]) for w in metric_widgets(p) if w["region"] == region
            for m in w["metrics"]}


@pytest.mark.parametrize("variant", ["prod", "pilot-light", "single-region"])
def test_one_dashboard_per_environment_in_the_primary_region(variant: str) -> None:
    p = plan(variant)
    [dashboard] = p.of_type(DASHBOARD)
    assert dashboard.region == PRIMARY
    assert dashboard.inputs["dashboardName"] == "orders-prod-dashboard"
    assert p.outputs["dashboard_name"] == "orders-prod-dashboard"


def test_body_is_deterministic_json_with_sorted_keys() -> None:
    [first] = plan("prod").of_type(DASHBOARD)
    [again] = capture(spec("prod"), SPECS).of_type(DASHBOARD)
    assert first.inputs["dashboardBody"] == again.inputs["dashboardBody"]
    parsed = body(plan("prod"))
    assert first.inputs["dashboardBody"] == json.dumps(parsed, sort_keys=True)


def test_widgets_tile_the_grid_without_overlap() -> None:
    cells: set[tuple[int, int]] = set()
    for w in body(plan("prod"))["widgets"]:
        assert w["x"] >= 0 and w["x"] + w["width"] <= 24
        for x in range(w["x"], w["x"] + w["width"]):
            for y in range(w["y"], w["y"] + w["height"]):
                assert (x, y) not in cells, w
                cells.add((x, y))


def test_primary_region_metrics() -> None:
    p = plan("prod")
    s = spec("prod")
    series = metrics(p, PRIMARY)
    for fn in s.functions:
        name = naming.physical(s.name, s.environment, fn.ident, "fn")
        assert ("AWS/Lambda", "Errors", name) in series
        assert ("AWS/Lambda", "Duration", name) in series
    for table in s.tables:
        name = naming.physical(s.name, s.environment, table.ident, "table")
        assert ("AWS/DynamoDB", "ReadThrottleEvents", name) in series
        assert ("AWS/DynamoDB", "WriteThrottleEvents", name) in series
    api_ids = {m[2] for m in series if m[0] == "AWS/ApiGateway"}
    [api] = [a for a in p.of_type("aws:apigatewayv2/api:Api") if a.region == PRIMARY]
    assert api_ids == {f"{api.name}-id"}
    assert {m[1] for m in series if m[0] == "AWS/ApiGateway"} == {"5xx", "Latency"}


def test_warm_standby_adds_the_secondary_region() -> None:
    p = plan("prod")
    s = spec("prod")
    series = metrics(p, SECONDARY)
    for fn in s.functions:
        assert ("AWS/Lambda", "Errors", naming.physical(s.name, s.environment, fn.ident,
                                                        "fn")) in series
    [api] = [a for a in p.of_type("aws:apigatewayv2/api:Api") if a.region == SECONDARY]
    assert ("AWS/ApiGateway", "5xx", f"{api.name}-id") in series
    for table in s.tables:  # the global-table replicas
        name = naming.physical(s.name, s.environment, table.ident, "table")
        assert ("AWS/DynamoDB", "ReadThrottleEvents", name) in series
    # Pilot light: only data in the standby region (table replicas, replica buckets).
    assert not {m for m in metrics(plan("pilot-light"), SECONDARY)
                if m[0] not in ("AWS/DynamoDB", "AWS/S3")}
    assert not metrics(plan("single-region"), SECONDARY)


#: Where S3 publishes each replication metric (repl-metrics.html).
PUBLISHED_AT_DESTINATION = {"ReplicationLatency", "BytesPendingReplication",
                            "OperationsPendingReplication"}


@pytest.mark.parametrize("variant", ["prod", "rtc-off", "pilot-light"])
def test_replication_widgets_read_the_region_publishing_each_metric(variant: str) -> None:
    """Lag and backlog are published where the destination bucket is, failed
    operations where the source is: a widget in another region stays empty."""
    s = spec("prod")
    regions = {naming.physical(s.name, s.environment, b.ident, "bucket"): PRIMARY
               for b in s.buckets}
    regions |= {naming.replica_bucket(s.name, s.environment, b.ident): SECONDARY
                for b in s.buckets}
    seen = set()
    for w in metric_widgets(plan(variant)):
        for m in w["metrics"]:
            if m[0] != "AWS/S3":
                continue
            source, destination = m[3], m[5]
            where = destination if m[1] in PUBLISHED_AT_DESTINATION else source
            assert w["region"] == regions[where], (w["title"], m[1])
            seen.add((m[1], source, m[7]))
    for b in s.buckets:
        primary = naming.physical(s.name, s.environment, b.ident, "bucket")
        replica = naming.replica_bucket(s.name, s.environment, b.ident)
        assert ("ReplicationLatency", primary, naming.REPLICATION_RULE_ID) in seen
        assert ("OperationsFailedReplication", replica, naming.RETURN_RULE_ID) in seen
    assert not [w for w in metric_widgets(plan("single-region"))
                if any(m[0] == "AWS/S3" for m in w["metrics"])]


def test_replication_time_control_without_buckets_draws_no_replication_widget() -> None:
    """Replication (here with RTC) and no bucket to replicate is harmless: the dashboard
    shows the rest."""
    widgets = metric_widgets(plan("rtc-without-buckets"))
    assert widgets and not [w for w in widgets if any(m[0] == "AWS/S3" for m in w["metrics"])]
