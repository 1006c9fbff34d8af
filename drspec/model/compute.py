"""The compute sections: `functions` (with their `access`), `api` and `schedules`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from drspec.diagnostics import SpecPath
from drspec.model.common import (
    DEFAULT_HANDLER,
    DEFAULT_MEMORY,
    DEFAULT_RUNTIME,
    DEFAULT_TIMEOUT,
    pairs,
)


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
    # What it does when the primary region is lost: standby | stop | always.
    on_failover: str = "standby"
    path: SpecPath = ()

    @property
    def expression(self) -> str:
        return f"rate({self.rate})" if self.rate is not None else f"cron({self.cron})"


def read_function(ident: str, raw: Mapping[str, Any]) -> Function:
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
        environment=pairs(raw.get("environment")),
        access=Access(
            tables=pairs(access.get("tables")),
            buckets=pairs(access.get("buckets")),
            alerts_publish=access.get("alerts") == "publish",
        ),
        path=("functions", ident),
    )


def read_on_failover(raw: Mapping[str, Any], functions: tuple[Function, ...]) -> str:
    """As written; else `always` for a probe (it watches the region it runs in)."""
    if "on_failover" in raw:
        return str(raw["on_failover"])
    target = next((f for f in functions if f.ident == raw["function"]), None)
    return "always" if target is not None and target.template == "health_check" else "standby"
