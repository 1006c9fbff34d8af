"""One CloudWatch dashboard per environment, registered through the primary region.

A dashboard is not lost with a region: "All dashboards in your account are
global, not region-specific"
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html),
and each widget names the region it reads, so after a failover the same
dashboard shows the standby.

Per region (primary first, then the secondary when anything runs or is
replicated there): Lambda errors and p99 duration per function, API 5xx and
p99 latency, DynamoDB read/write throttles per table (global-table replicas
included); then, per replicated bucket, S3 replication latency and pending
operations (published in the replica's region) and failed operations
(published in the source bucket's region), each widget reading the region
CloudWatch holds its metric in
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html).
Replication metrics are on for every rule; latency and backlog need them,
failed operations too. The DR probe's `PostureDegraded` is read in each region
whose probe schedule runs (its own metric, where the probe runs), and the
failover health check's `HealthCheckStatus` in us-east-1, the only region
Route 53 publishes it in
(https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html).

The body is built from what earlier sections registered in `ctx.shared.regions`
(the real names and the API id), serialised with sorted keys and widgets in
spec order, so the same spec always yields the same body.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.checks.posture_alarm import posture_regions, probe_schedules
from drspec.factory.context import BuildContext, RegionRefs
from drspec.factory.failover import ROUTE53_METRICS_REGION
from drspec.factory.packaging import POSTURE_METRIC, metric_namespace

SECTION = "dashboard"
WIDTH = 12  # two metric widgets per row on the 24-column grid
HEIGHT = 6
PERIOD = 300


def build(ctx: BuildContext) -> None:
    name = ctx.env_physical("dashboard")
    aws.cloudwatch.Dashboard(
        naming.logical(SECTION, "", "dashboard"),
        dashboard_name=name,
        region=ctx.spec.region,
        dashboard_body=pulumi.Output.json_dumps(dashboard_body(ctx), sort_keys=True),
        opts=ctx.opts(),
    )
    ctx.export("dashboard_name", name)


def dashboard_body(ctx: BuildContext) -> dict[str, Any]:
    """The dashboard as a JSON-ready structure (values may be Outputs)."""
    layout = _Layout()
    for region in ctx.spec.regions:
        refs = ctx.shared.regions.get(region)
        if refs is None:
            continue
        widgets = _region_widgets(region, refs)
        if widgets:
            role = "primary" if region == ctx.spec.region else "secondary"
            layout.header(f"## {region} ({role})")
            for title, metrics in widgets:
                layout.metric(title, region, metrics)
    posture = _posture_widgets(ctx)
    if posture:
        layout.header("## DR posture")
        for region, title, metrics in posture:
            layout.metric(title, region, metrics)
    replication = _replication_widgets(ctx)
    if replication:
        layout.header("## S3 replication")
        for title, region, metrics in replication:
            layout.metric(title, region, metrics)
    if ctx.shared.health_check_id is not None:
        layout.header(f"## Route 53 ({ROUTE53_METRICS_REGION})")
        layout.metric("Route 53 health of the primary API (1 healthy, 0 unhealthy)",
                      ROUTE53_METRICS_REGION, [
                          ["AWS/Route53", "HealthCheckStatus", "HealthCheckId",
                           ctx.shared.health_check_id, {"stat": "Minimum"}]])
    return {"widgets": layout.widgets}


def _posture_widgets(ctx: BuildContext) -> list[tuple[str, str, list[Metric]]]:
    """(region, title, metrics): the DR probe's failed posture checks where it runs."""
    spec = ctx.spec
    namespace = metric_namespace(spec)
    out: list[tuple[str, str, list[Metric]]] = []
    for schedule in probe_schedules(spec):
        for region in posture_regions(spec, schedule):
            out.append((region, f"DR posture {region}: failed checks ({schedule.ident})", [
                [namespace, POSTURE_METRIC, "Function", schedule.function,
                 {"stat": "Maximum"}]]))
    return out


Metric = list[Any]


def _region_widgets(region: str, refs: RegionRefs) -> list[tuple[str, list[Metric]]]:
    out: list[tuple[str, list[Metric]]] = []
    for ident, fn in refs.functions.items():
        out.append((f"Lambda {ident}: errors, p99 duration (ms)", [
            ["AWS/Lambda", "Errors", "FunctionName", fn.name, {"stat": "Sum"}],
            ["AWS/Lambda", "Duration", "FunctionName", fn.name,
             {"stat": "p99", "yAxis": "right"}],
        ]))
    if refs.api is not None:
        out.append(("API: 5xx, p99 latency (ms)", [
            ["AWS/ApiGateway", "5xx", "ApiId", refs.api.api_id, {"stat": "Sum"}],
            ["AWS/ApiGateway", "Latency", "ApiId", refs.api.api_id,
             {"stat": "p99", "yAxis": "right"}],
        ]))
    for ident, table in refs.tables.items():
        out.append((f"DynamoDB {ident}: throttled requests", [
            ["AWS/DynamoDB", "ReadThrottleEvents", "TableName", table.name, {"stat": "Sum"}],
            ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", table.name, {"stat": "Sum"}],
        ]))
    return out


def _replication_widgets(ctx: BuildContext) -> list[tuple[str, str, list[Metric]]]:
    """(title, region, metrics) per replication rule: lag and backlog where the
    destination is, failures where the source is."""
    dr = ctx.spec.disaster_recovery
    # Without buckets nothing replicates (and no replica exists to read): no widgets.
    if not (dr.replicate_buckets and dr.secondary_region and ctx.spec.buckets):
        return []
    secondary = dr.secondary_region
    replicas = ctx.shared.regions[secondary].buckets
    out: list[tuple[str, str, list[Metric]]] = []
    for ident, source in ctx.primary_refs.buckets.items():
        routes = [(source.name, replicas[ident].name, ctx.spec.region, secondary, True)]
        if dr.two_way_buckets:
            routes.append((replicas[ident].name, source.name, secondary, ctx.spec.region,
                           False))
        for src, dst, src_region, dst_region, forward in routes:
            dims = ["SourceBucket", src, "DestinationBucket", dst,
                    "RuleId", naming.replication_rule_id(to_replica=forward)]
            way = f"{src_region} -> {dst_region}"
            out.append((f"S3 {ident} {way}: replication latency (s), pending operations",
                        dst_region, [
                            ["AWS/S3", "ReplicationLatency", *dims, {"stat": "Maximum"}],
                            ["AWS/S3", "OperationsPendingReplication", *dims,
                             {"stat": "Maximum", "yAxis": "right"}],
                        ]))
            out.append((f"S3 {ident} {way}: failed operations", src_region, [
                ["AWS/S3", "OperationsFailedReplication", *dims, {"stat": "Sum"}],
            ]))
    return out


class _Layout:
    """Places widgets on CloudWatch's 24-column grid, row by row."""

    def __init__(self) -> None:
        self.widgets: list[dict[str, Any]] = []
        self._x = 0
        self._y = 0

    def _newline(self) -> None:
        if self._x:
            self._x = 0
            self._y += HEIGHT

    def header(self, markdown: str) -> None:
        self._newline()
        self.widgets.append({"type": "text", "x": 0, "y": self._y, "width": 2 * WIDTH,
                             "height": 1, "properties": {"markdown": markdown}})
        self._y += 1

    def metric(self, title: str, region: str, metrics: list[Metric]) -> None:
        self.widgets.append({
            "type": "metric", "x": self._x, "y": self._y, "width": WIDTH, "height": HEIGHT,
            "properties": {"title": title, "region": region, "metrics": metrics,
                           "period": PERIOD, "view": "timeSeries", "stacked": False},
        })
        self._x += WIDTH
        if self._x >= 2 * WIDTH:
            self._newline()
