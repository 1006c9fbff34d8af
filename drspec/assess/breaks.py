"""Breaks: what a failure leaves broken in the compiled plan, located in the spec.

The simulation (`drspec.assess.simulate`) walks the plan's resource graph
after a failure has taken something away; wherever the way back is cut (no
DNS record reaches a live API, a serving function's table has no replica
where it runs, no live alarm can tell anyone, writes made during the failure
stay behind at failback) it records a `Break`. A break is not slow, it is
missing: it makes its scenario's objectives unmet whatever the numbers say,
and it is reported at the spec key to change, with a hint.

`SpecIndex` maps plan resources back to the spec entries they come from
(through the physical names of `drspec.naming`), so that a break points at
`buckets.documents` rather than at `replication-documents-replica`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drspec.assess.graph import Node
from drspec.codes import rule
from drspec.diagnostics import SpecPath, format_path
from drspec.model import Bucket, Function, Schedule, Spec, Table
from drspec.naming import physical, replica_bucket

_ABOUT = ("drspec assess simulates each failure on the compiled plan (`drspec plan`): what "
          "the failure takes away and whether what is left still serves, stores and alerts; "
          "the hint names the spec entry to change")
E_UNREACHABLE = rule("E552", "no live path from DNS to the standby", _ABOUT)
E_DATA_MISSING = rule("E553", "a serving function's data is not where it runs", _ABOUT)
E_UNALERTED = rule("E554", "nobody is told: no live alarm with a live, subscribed topic",
                   _ABOUT)
E_WRITES_LOST = rule("E555", "writes accepted during the failure are lost afterwards", _ABOUT)
E_COPY_MISSING = rule("E556", "a copy the recovery relies on is not in the plan", _ABOUT)
E_ZONE = rule("E557", "the network does not survive the loss of a zone", _ABOUT)
E_SCHEDULE = rule("E558", "a schedule stops while its region is down", _ABOUT)


@dataclass(frozen=True)
class Break:
    """One way a scenario's recovery is cut, located at the spec key to change."""

    code: str
    metric: str  # rto (service does not return) | rpo (data does not)
    component: str
    region: str | None
    message: str
    path: SpecPath
    hint: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "metric": self.metric, "component": self.component,
                "region": self.region, "message": self.message,
                "path": format_path(self.path), "hint": self.hint}


class SpecIndex:
    """Plan resources back to the spec entries they were built from."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        app, env = spec.name, spec.environment
        self.functions = {physical(app, env, f.ident, "fn"): f for f in spec.functions}
        self.tables = {physical(app, env, t.ident, "table"): t for t in spec.tables}
        self.buckets: dict[str, Bucket] = {}
        for b in spec.buckets:
            self.buckets[physical(app, env, b.ident, "bucket")] = b
            self.buckets[replica_bucket(app, env, b.ident)] = b
        self.schedules = {physical(app, env, s.ident, "schedule"): s for s in spec.schedules}

    def function(self, node: Node) -> Function | None:
        return self.functions.get(node.physical)

    def table(self, node: Node) -> Table | None:
        return self.tables.get(node.physical)

    def bucket(self, node: Node) -> Bucket | None:
        return self.buckets.get(node.physical)

    def schedule(self, node: Node) -> Schedule | None:
        return self.schedules.get(node.physical)

    def function_path(self, node: Node) -> SpecPath:
        function = self.function(node)
        return function.path if function is not None else ("functions",)

    def bucket_path(self, node: Node) -> SpecPath:
        bucket = self.bucket(node)
        return bucket.path if bucket is not None else ("buckets",)

    def route_path(self, route_key: str) -> SpecPath:
        api = self.spec.api
        if api is None:
            return ("api",)
        for route in api.routes:
            if f"{route.method} {route.path}" == route_key:
                return route.spec_path or ("api", "routes")
        return ("api", "routes")

    def failover_path(self) -> SpecPath:
        failover = self.spec.disaster_recovery.failover
        return failover.path if failover is not None else ("disaster_recovery", "failover")

    def label(self, node: Node) -> str:
        """The spec's name for a resource (`function 'processor'`), else its logical name."""
        for kind, found in (("function", self.function(node)), ("table", self.table(node)),
                            ("bucket", self.bucket(node)), ("schedule", self.schedule(node))):
            if found is not None:
                return f"{kind} '{found.ident}'"
        return node.logical
