"""The one registry of what a spec is made of: sections, data kinds and alarm presets.

Every module that needs to know "which sections are there, in which order, in
which regions", "what can a function access" or "what does an alarm preset
measure" reads it here instead of keeping its own list:

- the factory builds `SECTIONS` in order (`drspec.factory`), the plan table
  groups resources by them (`drspec.plan.table`);
- checks, IAM, environment variables, network reachability and `assess` loop
  over `ACCESS_KINDS`;
- the alarm factory, the reference checks, the runbook and `docs/presets.md`
  read `PRESETS`.

This module is plain data with no imports from drspec's phases, so that every
phase, the validate path included, may use it. Adding a section starts here;
README's "Adding a section" lists the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

# -- sections --------------------------------------------------------------------

Stage = Literal["primary", "replicas", "global"]


@dataclass(frozen=True)
class Section:
    """One part of an environment, built by `drspec.factory.<name>.build(ctx)`.

    `name` is also the first part of every logical name the section creates
    (`tables-orders-table`), which is how a plan's resources are grouped.
    `stage` says when it is built: `primary` sections in the primary region
    first, then `replicas` (data copies the standby is wired to), then the
    `standby` ones again in the secondary region (warm standby only; with
    `pilot_light` also when the secondary region holds only data copies), then
    the `global` ones that span both regions. `spec_key` is the top-level spec
    key the section compiles, when there is one.
    """

    name: str
    stage: Stage
    spec_key: str | None
    standby: bool = False
    about: str = ""
    pilot_light: bool = False


SECTIONS: tuple[Section, ...] = (
    Section("network", "primary", "network", standby=True,
            about="VPC, subnets, route tables, NAT, gateway endpoints"),
    # Alerts and alarms exist in every region that holds a part of the environment:
    # CloudWatch alarms notify only topics of their own region, and each metric
    # is published in one region (see `Preset.published_in`).
    Section("alerts", "primary", "alerts", standby=True, pilot_light=True,
            about="the region's alert topic, its key and subscribers"),
    Section("tables", "primary", "tables", about="DynamoDB tables (global tables in DR)"),
    Section("buckets", "primary", "buckets", about="S3 buckets, locked down"),
    Section("functions", "primary", "functions", standby=True,
            about="Lambda functions, roles, log groups"),
    Section("api", "primary", "api", standby=True, about="the HTTP API and its routes"),
    Section("schedules", "primary", "schedules", standby=True,
            about="EventBridge Scheduler schedules (the standby's wait for failover)"),
    Section("alarms", "primary", "alarms", standby=True, pilot_light=True,
            about="CloudWatch alarms from presets, in the region publishing each metric"),
    Section("replication", "replicas", "disaster_recovery",
            about="replica buckets and S3 replication"),
    Section("failover", "global", "disaster_recovery",
            about="Route 53 health checks and failover records"),
    Section("backup", "global", "disaster_recovery",
            about="AWS Backup vaults, plan and cross-region copy"),
    Section("dashboard", "global", None, about="the CloudWatch dashboard of the environment"),
    Section("drills", "global", "disaster_recovery",
            about="AWS FIS experiment templates, their role, log group and Lambda configuration"),
)

SECTION_NAMES: tuple[str, ...] = tuple(s.name for s in SECTIONS)


def sections_in(stage: Stage, *, standby: bool = False) -> tuple[str, ...]:
    """The names of the sections built at `stage` (only the standby ones if asked)."""
    return tuple(s.name for s in SECTIONS if s.stage == stage and (s.standby or not standby))


def secondary_sections(*, warm_standby: bool) -> tuple[str, ...]:
    """The sections built again in the secondary region: every standby section in
    warm standby; in pilot light only those that watch the data copies there."""
    return tuple(s.name for s in SECTIONS if s.stage == "primary" and s.standby
                 and (warm_standby or s.pilot_light))


# -- what a function can access ----------------------------------------------------


@dataclass(frozen=True)
class AccessKind:
    """A kind of resource a function's `access` names.

    `key` is the key under `functions.<f>.access` and, for data, the top-level
    section holding the resources; `kind` is the singular used in messages;
    `env_prefix` names the environment variable the function reads the
    physical name from (`TABLE_ORDERS`). `endpoint` is the gateway VPC
    endpoint service that reaches it from a private subnet (None: only NAT
    does); `dr_flag` is the `disaster_recovery` switch that copies it to the
    secondary region (None: it is not data).
    """

    key: str
    kind: str
    levels: tuple[str, ...]
    env_prefix: str | None
    endpoint: str | None
    dr_flag: str | None


DATA_LEVELS = ("read", "write", "read_write")

ACCESS_KINDS: tuple[AccessKind, ...] = (
    AccessKind("tables", "table", DATA_LEVELS, "TABLE", "dynamodb", "global_tables"),
    AccessKind("buckets", "bucket", DATA_LEVELS, "BUCKET", "s3", "replicate_buckets"),
    AccessKind("alerts", "alerts topic", ("publish",), None, None, None),
)

DATA_KINDS: tuple[AccessKind, ...] = tuple(k for k in ACCESS_KINDS if k.dr_flag is not None)


# -- alarm presets -------------------------------------------------------------------

Dimensions = Mapping[str, Any]
Series = Callable[[Dimensions], list[tuple[str, dict[str, Any]]]]

#: The `Operation` values `dynamodb_system_errors` sums (CloudWatch's ten-metric limit:
#: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create-alarm-on-metric-math-expression.html).
DYNAMODB_OPERATIONS: tuple[str, ...] = (
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
    "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
)


def _throttle_series(dims: Dimensions) -> list[tuple[str, dict[str, Any]]]:
    return [("ReadThrottleEvents", dict(dims)), ("WriteThrottleEvents", dict(dims))]


def _system_error_series(dims: Dimensions) -> list[tuple[str, dict[str, Any]]]:
    return [("SystemErrors", {**dims, "Operation": op}) for op in DYNAMODB_OPERATIONS]


@dataclass(frozen=True)
class Preset:
    """One `alarms.<a>.metric` value: what to measure, on which kind of target.

    `series` sums several metrics with metric math, for presets whose metric
    has no per-target dimension of its own. `words` is what the runbook and
    `docs/presets.md` say it watches; `source` is AWS's page for the metric.
    `published_in` is the region CloudWatch holds the metric in, so the alarm
    lives there: `target` (the region of the measured resource; every copy of
    it is watched), `destination` (S3 replication lag and backlog exist only
    in the replica bucket's region, per `source`) or `replicas` (DynamoDB
    global-table replication latency: each replica's region holds the latency
    towards the other replica, named by the `ReceivingRegion` dimension).
    """

    name: str
    target_kind: str  # function | table | bucket | api
    namespace: str
    metric: str  # the metric name, or the family summed by `series`
    statistic: str  # Sum | Maximum | ... or an extended statistic (p99)
    words: str
    source: str
    dimensions: tuple[str, ...]
    series: Series | None = None
    #: where AWS publishes the metric: the target's own region, (S3 replication
    #: latency) the region of the replica bucket the objects replicate to, or
    #: (DynamoDB replication latency) each replica's region, once per receiving region
    published_in: Literal["target", "destination", "replicas"] = "target"
    #: how the alarm treats a period without data: error metrics are absent when
    #: nothing fails (not breaching); S3 replication metrics keep the alarm's state,
    #: as AWS advises ("Treat missing data as ignore (maintain the alarm state)",
    #: https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html)
    missing_data: Literal["notBreaching", "ignore"] = "notBreaching"

    @property
    def extended(self) -> bool:
        return self.statistic.startswith("p")


_LAMBDA = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html"
_DYNAMODB = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html"
_APIGW = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html"
_S3_REPL = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html"
#: "AWS provides a ReplicationLatency metric in CloudWatch for each Region pair
#: [...] The times are stored in CloudWatch in the source Region. Looking at
#: average and maximum times is useful" (AWS Prescriptive Guidance,
#: https://docs.aws.amazon.com/prescriptive-guidance/latest/dynamodb-global-tables/overview.html);
#: dimensions `TableName`, `ReceivingRegion` (metrics-dimensions.html). MRSC tables
#: publish none (V2globaltables_HowItWorks.html, drspec/data/mrsc.json).
_DYNAMODB_GT = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_monitoring.html"

PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("lambda_errors", "function", "AWS/Lambda", "Errors", "Sum",
           "errors of function", _LAMBDA, ("FunctionName",)),
    Preset("lambda_throttles", "function", "AWS/Lambda", "Throttles", "Sum",
           "throttles of function", _LAMBDA, ("FunctionName",)),
    Preset("lambda_duration_p99", "function", "AWS/Lambda", "Duration", "p99",
           "p99 duration (ms) of function", _LAMBDA, ("FunctionName",)),
    # DynamoDB's `UserErrors` is per account and region only, and does not count
    # throttling: a table's throttling is ReadThrottleEvents + WriteThrottleEvents.
    Preset("dynamodb_throttles", "table", "AWS/DynamoDB", "ThrottleEvents", "Sum",
           "read and write throttle events of table", _DYNAMODB, ("TableName",),
           _throttle_series),
    # `SystemErrors` exists only per TableName *and* Operation: the alarm sums them.
    Preset("dynamodb_system_errors", "table", "AWS/DynamoDB", "SystemErrors", "Sum",
           "system errors of table", _DYNAMODB, ("TableName", "Operation"),
           _system_error_series),
    Preset("api_5xx", "api", "AWS/ApiGateway", "5xx", "Sum",
           "5xx responses of the api", _APIGW, ("ApiId", "Stage")),
    Preset("api_latency_p99", "api", "AWS/ApiGateway", "Latency", "p99",
           "p99 latency (ms) of the api", _APIGW, ("ApiId", "Stage")),
    Preset("dynamodb_replication_latency", "table", "AWS/DynamoDB", "ReplicationLatency",
           "Maximum", "global-table replication latency (ms) from this region's replica of table",
           _DYNAMODB_GT, ("TableName", "ReceivingRegion"), published_in="replicas"),
    Preset("replication_latency", "bucket", "AWS/S3", "ReplicationLatency", "Maximum",
           "S3 replication latency (s) to the replica of bucket", _S3_REPL,
           ("SourceBucket", "DestinationBucket", "RuleId"), published_in="destination",
           missing_data="ignore"),
)}

#: Former preset names, still accepted (with a warning naming the new one).
PRESET_ALIASES: dict[str, str] = {
    "dynamodb_user_errors": "dynamodb_throttles",
}


def preset(name: str) -> Preset:
    """The preset called `name`, or the one a former name stands for."""
    return PRESETS[PRESET_ALIASES.get(name, name)]
