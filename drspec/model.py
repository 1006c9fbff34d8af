"""The validated spec as typed, immutable objects with every default filled in.

`build_model` is called only on a document that passed the JSON Schema, so it
may trust shapes and types; it never reports errors. The resource factory,
`assess` and the runbook read only these objects, never raw dicts. Every
object keeps `path`, its JSON path in the spec, so later phases can point a
diagnostic at the entry to change.

Defaults live here and are mirrored as `default` annotations in the JSON
Schema; `tests/test_model.py` checks the two agree.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from drspec.diagnostics import SpecPath
from drspec.sections import PRESET_ALIASES

DEFAULT_RUNTIME = "python3.12"
DEFAULT_HANDLER = "index.handler"
DEFAULT_MEMORY = 256
DEFAULT_TIMEOUT = 30
DEFAULT_PERIOD = 300
DEFAULT_HEALTH_CHECK_PATH = "/health"
DEFAULT_HEALTH_CHECK_INTERVAL = 30
DEFAULT_FAILURE_THRESHOLD = 3
DEFAULT_BACKUP_RETENTION_DAYS = 35
DEFAULT_ENDPOINTS = ("dynamodb", "s3")

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> int:
    """`"15m"` -> 900 seconds."""
    return int(text[:-1]) * _UNITS[text[-1]]


def format_duration(seconds: float) -> str:
    """900 -> `"15m"`; the largest unit that divides evenly, else seconds."""
    seconds = round(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def env_var_name(prefix: str, ident: str) -> str:
    """`("TABLE", "order-items")` -> `TABLE_ORDER_ITEMS`."""
    return f"{prefix}_{ident.upper().replace('-', '_')}"


@dataclass(frozen=True)
class KeyAttribute:
    name: str
    type: str  # S | N | B


@dataclass(frozen=True)
class Table:
    ident: str
    partition_key: KeyAttribute
    sort_key: KeyAttribute | None = None
    billing: str = "on_demand"  # on_demand | provisioned
    read_capacity: int | None = None
    write_capacity: int | None = None
    point_in_time_recovery: bool = True
    stream: str = "new_and_old_images"
    encryption: str = "aws_managed"  # aws_owned | aws_managed | KMS key ARN
    deletion_protection: bool = True
    ttl_attribute: str | None = None
    path: SpecPath = ()

    @property
    def kms_key_arn(self) -> str | None:
        return self.encryption if self.encryption.startswith("arn:") else None


@dataclass(frozen=True)
class LifecycleRule:
    id: str
    transition_days: int | None = None
    transition_storage_class: str | None = None
    noncurrent_expiration_days: int | None = None
    expiration_days: int | None = None


@dataclass(frozen=True)
class Bucket:
    ident: str
    versioning: bool = True
    encryption: str = "sse_s3"  # sse_s3 | sse_kms | KMS key ARN
    lifecycle: tuple[LifecycleRule, ...] = ()
    force_destroy: bool = False
    path: SpecPath = ()

    @property
    def kms_key_arn(self) -> str | None:
        return self.encryption if self.encryption.startswith("arn:") else None

    @property
    def uses_kms(self) -> bool:
        return self.encryption != "sse_s3"


@dataclass(frozen=True)
class Access:
    """What a function may touch, per `drspec.sections.ACCESS_KINDS` key."""

    tables: tuple[tuple[str, str], ...] = ()  # (ident, read | write | read_write)
    buckets: tuple[tuple[str, str], ...] = ()
    alerts_publish: bool = False

    def grants(self, key: str) -> tuple[tuple[str, str], ...]:
        """(ident, level) pairs for the access kind `key` (`alerts`: the one topic)."""
        if key == "alerts":
            return (("alerts", "publish"),) if self.alerts_publish else ()
        pairs: tuple[tuple[str, str], ...] = getattr(self, key)
        return pairs


@dataclass(frozen=True)
class Function:
    ident: str
    template: str | None = None
    source: str | None = None  # directory, relative to the spec file
    handler: str = DEFAULT_HANDLER
    runtime: str = DEFAULT_RUNTIME
    memory: int = DEFAULT_MEMORY
    timeout: int = DEFAULT_TIMEOUT
    vpc: bool = True
    environment: tuple[tuple[str, str], ...] = ()
    access: Access = field(default_factory=Access)
    path: SpecPath = ()


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    function: str
    spec_path: SpecPath = ()

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Cors:
    allow_origins: tuple[str, ...] = ()
    allow_methods: tuple[str, ...] = ()
    allow_headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Throttling:
    burst: int
    rate: float


@dataclass(frozen=True)
class Api:
    routes: tuple[Route, ...]
    cors: Cors | None = None
    throttling: Throttling | None = None
    path: SpecPath = ("api",)


@dataclass(frozen=True)
class Schedule:
    ident: str
    function: str
    rate: str | None = None  # "5 minutes"
    cron: str | None = None  # six fields
    timezone: str = "UTC"
    enabled: bool = True
    path: SpecPath = ()

    @property
    def expression(self) -> str:
        return f"rate({self.rate})" if self.rate is not None else f"cron({self.cron})"


@dataclass(frozen=True)
class Alerts:
    email: tuple[str, ...] = ()
    sms: tuple[str, ...] = ()
    https: tuple[str, ...] = ()
    path: SpecPath = ("alerts",)

    @property
    def subscriptions(self) -> tuple[tuple[str, str], ...]:
        """(protocol, endpoint) pairs in a stable order."""
        return (
            *(("email", e) for e in self.email),
            *(("sms", e) for e in self.sms),
            *(("https", e) for e in self.https),
        )


@dataclass(frozen=True)
class Alarm:
    ident: str
    metric: str
    target: str
    threshold: float
    period: int = DEFAULT_PERIOD
    evaluation_periods: int = 1
    comparison: str = ">"
    path: SpecPath = ()


@dataclass(frozen=True)
class Failover:
    domain: str
    hosted_zone_id: str
    health_check_path: str = DEFAULT_HEALTH_CHECK_PATH
    interval: int = DEFAULT_HEALTH_CHECK_INTERVAL  # 10 or 30 seconds (Route 53)
    failure_threshold: int = DEFAULT_FAILURE_THRESHOLD
    path: SpecPath = ("disaster_recovery", "failover")


@dataclass(frozen=True)
class Backup:
    schedule: str  # six-field AWS cron
    retention_days: int = DEFAULT_BACKUP_RETENTION_DAYS
    copy_to_secondary: bool = True
    path: SpecPath = ("disaster_recovery", "backup")


@dataclass(frozen=True)
class DisasterRecovery:
    secondary_region: str | None = None
    mode: str = "pilot_light"  # pilot_light | warm_standby
    global_tables: bool = False
    replicate_buckets: bool = False
    replication_time_control: bool = False
    failover: Failover | None = None
    backup: Backup | None = None
    path: SpecPath = ("disaster_recovery",)

    @property
    def multi_region(self) -> bool:
        return self.secondary_region is not None

    @property
    def warm_standby(self) -> bool:
        return self.multi_region and self.mode == "warm_standby"


@dataclass(frozen=True)
class Network:
    cidr: str
    availability_zones: tuple[str, ...]
    public_subnets: tuple[str, ...]
    private_subnets: tuple[str, ...]
    nat: str = "none"  # none | single | per_az
    endpoints: tuple[str, ...] = ()
    subnets_carved: bool = False
    path: SpecPath = ("network",)


@dataclass(frozen=True)
class Objectives:
    rto: int | None = None  # seconds
    rpo: int | None = None


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str


@dataclass(frozen=True)
class Spec:
    version: int
    name: str
    environment: str
    region: str
    network: Network
    file: str = ""
    extends: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    protect: bool = True
    objectives: Objectives | None = None
    tables: tuple[Table, ...] = ()
    buckets: tuple[Bucket, ...] = ()
    functions: tuple[Function, ...] = ()
    api: Api | None = None
    schedules: tuple[Schedule, ...] = ()
    alerts: Alerts | None = None
    alarms: tuple[Alarm, ...] = ()
    disaster_recovery: DisasterRecovery = field(default_factory=DisasterRecovery)
    waivers: tuple[Waiver, ...] = ()

    def table(self, ident: str) -> Table:
        return next(t for t in self.tables if t.ident == ident)

    def bucket(self, ident: str) -> Bucket:
        return next(b for b in self.buckets if b.ident == ident)

    def function(self, ident: str) -> Function:
        return next(f for f in self.functions if f.ident == ident)

    @property
    def regions(self) -> tuple[str, ...]:
        dr = self.disaster_recovery.secondary_region
        return (self.region,) if dr is None else (self.region, dr)


# -- building ---------------------------------------------------------------


def _pairs(mapping: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in (mapping or {}).items())


def _key(raw: Mapping[str, Any] | None) -> KeyAttribute | None:
    return None if raw is None else KeyAttribute(raw["name"], raw["type"])


def _table(ident: str, raw: Mapping[str, Any]) -> Table:
    billing = raw.get("billing", "on_demand")
    read = write = None
    if isinstance(billing, Mapping):
        read, write = billing["provisioned"]["read"], billing["provisioned"]["write"]
        billing = "provisioned"
    pk = _key(raw["partition_key"])
    assert pk is not None
    return Table(
        ident=ident,
        partition_key=pk,
        sort_key=_key(raw.get("sort_key")),
        billing=billing,
        read_capacity=read,
        write_capacity=write,
        point_in_time_recovery=raw.get("point_in_time_recovery", True),
        stream=raw.get("stream", "new_and_old_images"),
        encryption=raw.get("encryption", "aws_managed"),
        deletion_protection=raw.get("deletion_protection", True),
        ttl_attribute=raw.get("ttl_attribute"),
        path=("tables", ident),
    )


def _bucket(ident: str, raw: Mapping[str, Any]) -> Bucket:
    rules = []
    for rule in raw.get("lifecycle") or ():
        transition = rule.get("transition") or {}
        rules.append(LifecycleRule(
            id=rule["id"],
            transition_days=transition.get("days"),
            transition_storage_class=transition.get("storage_class"),
            noncurrent_expiration_days=rule.get("noncurrent_expiration_days"),
            expiration_days=rule.get("expiration_days"),
        ))
    return Bucket(
        ident=ident,
        versioning=raw.get("versioning", True),
        encryption=raw.get("encryption", "sse_s3"),
        lifecycle=tuple(rules),
        force_destroy=raw.get("force_destroy", False),
        path=("buckets", ident),
    )


def _function(ident: str, raw: Mapping[str, Any]) -> Function:
    access = raw.get("access") or {}
    return Function(
        ident=ident,
        template=raw.get("template"),
        source=raw.get("source"),
        handler=raw.get("handler", DEFAULT_HANDLER),
        runtime=raw.get("runtime", DEFAULT_RUNTIME),
        memory=raw.get("memory", DEFAULT_MEMORY),
        timeout=raw.get("timeout", DEFAULT_TIMEOUT),
        vpc=raw.get("vpc", True),
        environment=_pairs(raw.get("environment")),
        access=Access(
            tables=_pairs(access.get("tables")),
            buckets=_pairs(access.get("buckets")),
            alerts_publish=access.get("alerts") == "publish",
        ),
        path=("functions", ident),
    )


def carve_subnets(cidr: str, zones: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Deterministic public and private subnets when the spec omits both.

    Public subnets take the first blocks of the VPC range and private ones the
    first blocks of its upper half, one per AZ in AZ order, so adding an AZ
    later never moves an existing subnet. Blocks are /24 where the range has
    room, smaller otherwise (a /24 VPC with two AZs gets four /26s).
    """
    # Host bits are the checks' to report (E201); carving must not fail on them first.
    net = ipaddress.ip_network(cidr, strict=False)
    need_bits = max(1, math.ceil(math.log2(2 * max(zones, 1))))
    prefix = min(28, max(24, net.prefixlen + need_bits))
    blocks = list(net.subnets(new_prefix=prefix))
    half = len(blocks) // 2
    public = tuple(str(blocks[i]) for i in range(zones))
    private = tuple(str(blocks[half + i]) for i in range(zones))
    return public, private


def _network(raw: Mapping[str, Any], functions: tuple[Function, ...]) -> Network:
    zones = tuple(raw["availability_zones"])
    public = tuple(raw.get("public_subnets") or ())
    private = tuple(raw.get("private_subnets") or ())
    carved = "public_subnets" not in raw and "private_subnets" not in raw
    if carved:
        public, private = carve_subnets(raw["cidr"], len(zones))
    if "endpoints" in raw:
        endpoints = tuple(raw["endpoints"])
    else:
        endpoints = DEFAULT_ENDPOINTS if any(f.vpc for f in functions) else ()
    return Network(
        cidr=raw["cidr"],
        availability_zones=zones,
        public_subnets=public,
        private_subnets=private,
        nat=raw.get("nat", "none"),
        endpoints=endpoints,
        subnets_carved=carved,
    )


def _disaster_recovery(raw: Mapping[str, Any] | None) -> DisasterRecovery:
    if not raw:
        return DisasterRecovery()
    secondary = raw.get("secondary_region")
    multi = secondary is not None
    failover = raw.get("failover")
    backup = raw.get("backup")
    return DisasterRecovery(
        secondary_region=secondary,
        mode=raw.get("mode", "pilot_light"),
        global_tables=raw.get("global_tables", multi) and multi,
        replicate_buckets=raw.get("replicate_buckets", multi) and multi,
        replication_time_control=raw.get("replication_time_control", False),
        failover=None if failover is None else Failover(
            domain=failover["domain"],
            hosted_zone_id=failover["hosted_zone_id"],
            health_check_path=failover.get("health_check_path", DEFAULT_HEALTH_CHECK_PATH),
            interval=failover.get("interval", DEFAULT_HEALTH_CHECK_INTERVAL),
            failure_threshold=failover.get("failure_threshold", DEFAULT_FAILURE_THRESHOLD),
        ),
        backup=None if backup is None else Backup(
            schedule=backup["schedule"],
            retention_days=backup.get("retention_days", DEFAULT_BACKUP_RETENTION_DAYS),
            copy_to_secondary=backup.get("copy_to_secondary", multi) and multi,
        ),
    )


def build_model(data: Mapping[str, Any], file: str = "") -> Spec:
    """The typed spec for a schema-valid document (defaults filled in)."""
    functions = tuple(_function(k, v) for k, v in (data.get("functions") or {}).items())
    api_raw = data.get("api")
    api = None
    if api_raw is not None:
        routes = []
        for key, fn in (api_raw.get("routes") or {}).items():
            method, _, route_path = key.partition(" ")
            routes.append(Route(method, route_path, fn, ("api", "routes", key)))
        cors_raw = api_raw.get("cors")
        thr = api_raw.get("throttling")
        api = Api(
            routes=tuple(routes),
            cors=None if cors_raw is None else Cors(
                tuple(cors_raw.get("allow_origins", ())),
                tuple(cors_raw.get("allow_methods", ())),
                tuple(cors_raw.get("allow_headers", ())),
            ),
            throttling=None if thr is None else Throttling(thr["burst"], float(thr["rate"])),
        )
    alerts_raw = data.get("alerts")
    objectives_raw = data.get("objectives")
    return Spec(
        version=data["version"],
        name=data["name"],
        environment=data["environment"],
        region=data["region"],
        file=file,
        extends=data.get("extends"),
        tags=_pairs(data.get("tags")),
        protect=data.get("protect", True),
        objectives=None if objectives_raw is None else Objectives(
            rto=_opt_duration(objectives_raw.get("rto")),
            rpo=_opt_duration(objectives_raw.get("rpo")),
        ),
        network=_network(data["network"], functions),
        tables=tuple(_table(k, v) for k, v in (data.get("tables") or {}).items()),
        buckets=tuple(_bucket(k, v) for k, v in (data.get("buckets") or {}).items()),
        functions=functions,
        api=api,
        schedules=tuple(
            Schedule(
                ident=k,
                function=v["function"],
                rate=v.get("rate"),
                cron=v.get("cron"),
                timezone=v.get("timezone", "UTC"),
                enabled=v.get("enabled", True),
                path=("schedules", k),
            )
            for k, v in (data.get("schedules") or {}).items()
        ),
        alerts=None if alerts_raw is None else Alerts(
            email=tuple(alerts_raw.get("email") or ()),
            sms=tuple(alerts_raw.get("sms") or ()),
            https=tuple(alerts_raw.get("https") or ()),
        ),
        alarms=tuple(
            Alarm(
                ident=k,
                metric=PRESET_ALIASES.get(v["metric"], v["metric"]),
                target=v["target"],
                threshold=float(v["threshold"]),
                period=v.get("period", DEFAULT_PERIOD),
                evaluation_periods=v.get("evaluation_periods", 1),
                comparison=v.get("comparison", ">"),
                path=("alarms", k),
            )
            for k, v in (data.get("alarms") or {}).items()
        ),
        disaster_recovery=_disaster_recovery(data.get("disaster_recovery")),
        waivers=tuple(Waiver(w["rule"], w["reason"]) for w in data.get("waivers") or ()),
    )


def _opt_duration(value: str | None) -> int | None:
    return None if value is None else parse_duration(value)
