"""Captured plans of the production spec and of small disaster-recovery variants.

Every variant starts from `specs/prod.yaml` (warm standby, failover, backup,
RTC) and changes only what it is named for; each one must pass `validate`
before it is captured. Plans are captured once per test session.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from drspec.checks import run_checks
from drspec.diagnostics import has_errors
from drspec.load.reader import load_file, load_text
from drspec.model import Spec, build_model
from drspec.plan.capture import Plan, PlannedResource, capture
from drspec.schema.diagnose import schema_diagnostics

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
PROD = SPECS / "prod.yaml"
PRIMARY = "eu-west-1"
SECONDARY = "eu-central-1"


def _prod_data() -> dict[str, Any]:
    doc, diags = load_file(PROD)
    assert doc is not None, diags
    return copy.deepcopy(doc.data)


def _dr(data: dict[str, Any]) -> dict[str, Any]:
    dr: dict[str, Any] = data["disaster_recovery"]
    return dr


def _pilot_light(data: dict[str, Any]) -> None:
    _dr(data)["mode"] = "pilot_light"
    del _dr(data)["failover"]  # failover needs warm standby


def _rtc_off(data: dict[str, Any]) -> None:
    _dr(data)["replication_time_control"] = False
    for ident in ("documents-replication", "statements-replication"):
        data["alarms"].pop(ident)  # replication metrics come with RTC


def _no_copy(data: dict[str, Any]) -> None:
    _dr(data)["backup"]["copy_to_secondary"] = False


def _single_region(data: dict[str, Any]) -> None:
    del data["disaster_recovery"]
    for ident in ("documents-replication", "statements-replication", "orders-replication"):
        data["alarms"].pop(ident)  # nothing replicates
    data["tables"]["customers"].pop("consistency")  # strong consistency needs three regions


def _single_region_backup(data: dict[str, Any]) -> None:
    backup = _dr(data)["backup"]
    _single_region(data)
    data["disaster_recovery"] = {"backup": {k: v for k, v in backup.items()
                                            if k != "copy_to_secondary"}}


def _rtc_without_buckets(data: dict[str, Any]) -> None:
    # Nothing else in the secondary region: pilot light, no table replicas, no backup copy.
    _pilot_light(data)
    _no_copy(data)
    _dr(data)["global_tables"] = False
    _dr(data).pop("witness_region", None)
    for table in data["tables"].values():  # strong consistency needs global tables
        table.pop("consistency", None)
    del data["buckets"]
    for ident in ("documents-replication", "statements-replication", "orders-replication"):
        data["alarms"].pop(ident)  # no buckets, no global tables
    for fn in data["functions"].values():
        fn.get("access", {}).pop("buckets", None)


def _customer_key(data: dict[str, Any]) -> None:
    data["buckets"]["statements"]["encryption"] = CUSTOMER_KEY


def _read_only(data: dict[str, Any]) -> None:
    _dr(data)["standby_buckets"] = "read_only"


def _nat_per_az(data: dict[str, Any]) -> None:
    data["network"]["nat"] = "per_az"


def _standby_nat_per_az(data: dict[str, Any]) -> None:
    _nat_per_az(data)
    _dr(data)["standby_nat"] = "per_az"


CUSTOMER_KEY = "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"

VARIANTS: dict[str, Callable[[dict[str, Any]], None]] = {
    "prod": lambda data: None,
    "pilot-light": _pilot_light,
    "rtc-off": _rtc_off,
    "no-copy": _no_copy,
    "single-region": _single_region,
    "single-region-backup": _single_region_backup,
    "customer-key": _customer_key,
    "read-only": _read_only,
    "nat-per-az": _nat_per_az,
    "standby-nat-per-az": _standby_nat_per_az,
    "rtc-without-buckets": _rtc_without_buckets,
}


@cache
def spec(variant: str) -> Spec:
    """The validated spec of `variant` (any validation error fails the test)."""
    data = _prod_data()
    VARIANTS[variant](data)
    shown = f"specs/{variant}.yaml"
    doc, diags = load_text(yaml.safe_dump(data, sort_keys=False), shown)
    assert doc is not None, diags
    diags += schema_diagnostics(doc)
    assert not has_errors(diags), [str(d) for d in diags]
    model = build_model(doc.data, shown)
    diags += run_checks(model, doc)
    assert not has_errors(diags), [str(d) for d in diags]
    return model


@cache
def plan(variant: str) -> Plan:
    return capture(spec(variant), SPECS)


# -- reading plans ----------------------------------------------------------------


def policy(resource: PlannedResource, key: str = "policy") -> dict[str, Any]:
    value = resource.inputs[key]
    doc: dict[str, Any] = json.loads(value) if isinstance(value, str) else value
    return doc


def statements(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found = doc["Statement"]
    return found if isinstance(found, list) else [found]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def secondary_resources(p: Plan) -> list[PlannedResource]:
    """Resources whose logical name marks them as the secondary region's."""
    return [r for r in p.resources if r.name.endswith("-secondary")]


def tag(value: str) -> str:
    """A readable id for parametrised cases."""
    return value.replace(":", "_").replace("/", "_")
