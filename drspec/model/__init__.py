"""The validated spec as typed, immutable objects with every default filled in.

`build_model` is called only on a document that passed the JSON Schema, so it
may trust shapes and types; it never reports errors. The resource factory,
`assess` and the runbook read only these objects, never raw dicts. Every
object keeps `path`, its JSON path in the spec, so later phases can point a
diagnostic at the entry to change.

One module per group of sections (`data`, `compute`, `operations`,
`recovery`, `network`) and `spec` for the whole; this package's namespace is
the model's public API. Defaults live in `common` and are mirrored as
`default` annotations in the JSON Schema; `tests/test_model.py` checks the
two agree.
"""

from drspec.model.common import (
    DEFAULT_BACKUP_RETENTION_DAYS,
    DEFAULT_ENDPOINTS,
    DEFAULT_FAILURE_THRESHOLD,
    DEFAULT_HANDLER,
    DEFAULT_HEALTH_CHECK_INTERVAL,
    DEFAULT_HEALTH_CHECK_PATH,
    DEFAULT_MEMORY,
    DEFAULT_PERIOD,
    DEFAULT_RUNTIME,
    DEFAULT_TIMEOUT,
    env_var_name,
    format_duration,
    parse_duration,
)
from drspec.model.compute import Access, Api, Cors, Function, Route, Schedule, Throttling
from drspec.model.data import Bucket, KeyAttribute, LifecycleRule, Table
from drspec.model.network import Network, carve_subnets
from drspec.model.operations import Alarm, Alerts
from drspec.model.recovery import Backup, DisasterRecovery, Failover, Objectives, Waiver
from drspec.model.spec import Spec, build_model

__all__ = [
    "DEFAULT_BACKUP_RETENTION_DAYS",
    "DEFAULT_ENDPOINTS",
    "DEFAULT_FAILURE_THRESHOLD",
    "DEFAULT_HANDLER",
    "DEFAULT_HEALTH_CHECK_INTERVAL",
    "DEFAULT_HEALTH_CHECK_PATH",
    "DEFAULT_MEMORY",
    "DEFAULT_PERIOD",
    "DEFAULT_RUNTIME",
    "DEFAULT_TIMEOUT",
    "Access",
    "Alarm",
    "Alerts",
    "Api",
    "Backup",
    "Bucket",
    "Cors",
    "DisasterRecovery",
    "Failover",
    "Function",
    "KeyAttribute",
    "LifecycleRule",
    "Network",
    "Objectives",
    "Route",
    "Schedule",
    "Spec",
    "Table",
    "Throttling",
    "Waiver",
    "build_model",
    "carve_subnets",
    "env_var_name",
    "format_duration",
    "parse_duration",
]
