"""The whole spec and `build_model`, which reads a schema-valid document into it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from drspec.model.common import DEFAULT_PERIOD, opt_duration, pairs
from drspec.model.compute import (
    Api,
    Cors,
    Function,
    Route,
    Schedule,
    Throttling,
    read_function,
    read_on_failover,
)
from drspec.model.data import Bucket, Table, read_bucket, read_table
from drspec.model.network import Network, read_network, read_secondary_network
from drspec.model.operations import Alarm, Alerts
from drspec.model.recovery import DisasterRecovery, Objectives, Waiver, read_disaster_recovery
from drspec.sections import ACCESS_KINDS, PRESET_ALIASES


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
    #: the standby region's VPC (None without a secondary region): its own range
    secondary_network: Network | None = None

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

    def needs_internet(self, function: Function) -> bool:
        """Whether a function in the VPC reaches past the gateway endpoints (through NAT).

        DynamoDB and S3 are reachable through the VPC's gateway endpoints; SNS has
        none (`AccessKind.endpoint` is None), and the code of a `source` function
        may call anything.
        """
        endpoints = set(self.network.endpoints)
        return function.source is not None or any(
            function.access.grants(kind.key) and kind.endpoint not in endpoints
            for kind in ACCESS_KINDS)

    def network_in(self, region: str) -> Network:
        """The VPC layout in `region`: the primary's, or the standby's own range."""
        if region != self.region and self.secondary_network is not None:
            return self.secondary_network
        return self.network


def build_model(data: Mapping[str, Any], file: str = "") -> Spec:
    """The typed spec for a schema-valid document (defaults filled in)."""
    functions = tuple(read_function(k, v) for k, v in (data.get("functions") or {}).items())
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
    network = read_network(data["network"], functions)
    dr_raw = data.get("disaster_recovery") or {}
    return Spec(
        version=data["version"],
        name=data["name"],
        environment=data["environment"],
        region=data["region"],
        file=file,
        extends=data.get("extends"),
        tags=pairs(data.get("tags")),
        protect=data.get("protect", True),
        objectives=None if objectives_raw is None else Objectives(
            rto=opt_duration(objectives_raw.get("rto")),
            rpo=opt_duration(objectives_raw.get("rpo")),
        ),
        network=network,
        secondary_network=None if dr_raw.get("secondary_region") is None
        else read_secondary_network(dr_raw.get("secondary_network"), network),
        tables=tuple(read_table(k, v) for k, v in (data.get("tables") or {}).items()),
        buckets=tuple(read_bucket(k, v) for k, v in (data.get("buckets") or {}).items()),
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
                on_failover=read_on_failover(v, functions),
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
        disaster_recovery=read_disaster_recovery(data.get("disaster_recovery")),
        waivers=tuple(Waiver(w["rule"], w["reason"]) for w in data.get("waivers") or ()),
    )
