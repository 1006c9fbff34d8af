"""The typed model: defaults filled in as the contract says, and as the schema announces."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from drspec.load.reader import load_file, load_text
from drspec.model import (
    Access,
    Backup,
    Failover,
    KeyAttribute,
    LifecycleRule,
    Spec,
    Throttling,
    build_model,
)
from drspec.resources import schema_path
from drspec.schema.diagnose import schema_diagnostics

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads(schema_path().read_text(encoding="utf-8"))


def shipped(name: str) -> Spec:
    doc, diags = load_file(REPO / "specs" / f"{name}.yaml")
    assert doc is not None, diags
    return build_model(doc.data, f"specs/{name}.yaml")


# -- the shipped specs ------------------------------------------------------------------------


def test_dev_fills_every_default() -> None:
    spec = shipped("dev")
    assert (spec.version, spec.name, spec.environment, spec.region) == (1, "orders", "dev",
                                                                       "us-east-1")
    assert spec.protect is False  # spelled out in dev
    assert spec.tags == (("team", "payments"), ("cost-center", "4711"))
    assert spec.objectives is None

    net = spec.network
    assert net.nat == "none"
    assert net.endpoints == ("dynamodb", "s3")  # functions run in the VPC
    assert net.subnets_carved is False
    assert net.private_subnets == ("10.10.11.0/24", "10.10.12.0/24")

    (table,) = spec.tables
    assert table.partition_key == KeyAttribute("order_id", "S")
    assert table.sort_key == KeyAttribute("created_at", "N")
    assert table.billing == "on_demand" and table.read_capacity is None
    assert table.point_in_time_recovery is True
    assert table.stream == "new_and_old_images"
    assert table.encryption == "aws_managed" and table.kms_key_arn is None
    assert table.deletion_protection is True
    assert table.ttl_attribute == "expires_at"

    (bucket,) = spec.buckets
    assert bucket.versioning is True
    assert bucket.encryption == "sse_s3" and not bucket.uses_kms
    assert bucket.force_destroy is True
    assert bucket.lifecycle == (LifecycleRule("infrequent-access", 30, "STANDARD_IA", 90, None),)

    processor, health = spec.functions
    assert processor.template == "processor" and processor.source is None
    assert processor.handler == "index.handler"
    assert processor.runtime == "python3.12"
    assert (processor.memory, processor.timeout, processor.vpc) == (256, 30, True)
    assert processor.environment == ()
    assert processor.access == Access((("orders", "read_write"),), (("documents", "write"),),
                                      False)
    assert (health.memory, health.timeout) == (128, 10)
    assert health.access.alerts_publish is True

    assert spec.api is not None
    assert [r.key for r in spec.api.routes] == ["POST /orders", "GET /health"]
    assert spec.api.throttling is None

    (probe,) = spec.schedules
    assert (probe.rate, probe.cron, probe.timezone, probe.enabled) == ("5 minutes", None, "UTC",
                                                                       True)
    assert probe.expression == "rate(5 minutes)"

    for alarm in spec.alarms:
        assert (alarm.period, alarm.evaluation_periods, alarm.comparison) == (300, 1, ">")
    assert [a.threshold for a in spec.alarms] == [5.0, 10.0]

    dr = spec.disaster_recovery
    assert dr.secondary_region is None and not dr.multi_region
    assert (dr.global_tables, dr.replicate_buckets, dr.replication_time_control) == (
        False, False, False)
    assert dr.failover is None and dr.backup is None
    assert spec.regions == ("us-east-1",)
    assert spec.waivers == ()


def test_staging_carves_subnets_and_turns_on_pilot_light_replication() -> None:
    spec = shipped("staging")
    assert spec.protect is True
    assert spec.objectives is not None
    assert (spec.objectives.rto, spec.objectives.rpo) == (8 * 3600, 4 * 3600)

    net = spec.network
    assert net.subnets_carved is True
    assert net.public_subnets == ("10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24")
    assert net.private_subnets == ("10.20.128.0/24", "10.20.129.0/24", "10.20.130.0/24")
    assert net.nat == "single"

    customers = spec.table("customers")
    assert (customers.billing, customers.read_capacity, customers.write_capacity) == (
        "provisioned", 5, 5)
    assert spec.table("orders").billing == "on_demand"
    assert spec.bucket("exports").encryption == "sse_kms"
    assert spec.bucket("exports").lifecycle == (LifecycleRule("expire-exports",
                                                              expiration_days=14),)
    assert spec.bucket("documents").force_destroy is False

    assert spec.function("processor").environment == (("LOG_LEVEL", "INFO"),)
    assert spec.function("processor").timeout == 30
    report = next(s for s in spec.schedules if s.ident == "nightly-report")
    assert (report.cron, report.timezone, report.rate) == ("30 2 * * ? *", "America/Chicago",
                                                           None)
    assert spec.api is not None and spec.api.throttling == Throttling(50, 25.0)

    dr = spec.disaster_recovery
    assert dr.secondary_region == "us-west-2" and dr.mode == "pilot_light"
    assert not dr.warm_standby
    assert (dr.global_tables, dr.replicate_buckets) == (True, True)  # default with a secondary
    assert dr.replication_time_control is False
    assert dr.backup == Backup("0 3 * * ? *", 14, False)
    assert dr.failover is None
    assert spec.regions == ("us-east-2", "us-west-2")


def test_prod_warm_standby_with_failover_and_backups() -> None:
    spec = shipped("prod")
    assert spec.protect is True
    assert spec.objectives is not None
    assert (spec.objectives.rto, spec.objectives.rpo) == (3600, 900)
    assert spec.network.nat == "none"  # every VPC function is served by the endpoints
    assert spec.network.endpoints == ("dynamodb", "s3")
    assert spec.bucket("statements").lifecycle[0].transition_storage_class == "GLACIER"

    alarms = {a.ident: a for a in spec.alarms}
    assert (alarms["api-errors"].comparison, alarms["api-errors"].period) == (">=", 60)
    assert alarms["processor-latency"].evaluation_periods == 3
    assert alarms["api-latency"].period == 300

    dr = spec.disaster_recovery
    assert dr.warm_standby
    assert (dr.global_tables, dr.replicate_buckets, dr.replication_time_control) == (
        True, True, True)
    assert dr.failover == Failover("api.orders.example.com", "Z0123456789ABCDEFGHIJ",
                                   "/health", 10, 3)
    assert dr.backup == Backup("0 3 * * ? *", 35, True)


# -- schema defaults agree with the model --------------------------------------------------

#: a schema-valid spec with one entry in every map and every optional section, and none
#: of the keys the schema gives a default for
EVERYTHING: dict[str, Any] = {
    "version": 1,
    "name": "shop",
    "environment": "test",
    "region": "eu-west-1",
    "network": {"cidr": "10.0.0.0/16", "availability_zones": ["eu-west-1a", "eu-west-1b"]},
    "tables": {"orders": {"partition_key": {"name": "id", "type": "S"}}},
    "buckets": {"docs": {}},
    "functions": {"api": {"template": "processor"}},
    "api": {"routes": {"GET /health": "api"}},
    "schedules": {"probe": {"rate": "5 minutes", "function": "api"}},
    "alerts": {"email": ["ops@example.com"]},
    "alarms": {"errors": {"metric": "lambda_errors", "target": "api", "threshold": 1}},
    "disaster_recovery": {
        "secondary_region": "eu-central-1",
        "failover": {"domain": "api.example.com", "hosted_zone_id": "Z123ABC"},
        "backup": {"schedule": "0 3 * * ? *"},
    },
}

#: every default the contract (spec-v1.md) states
CONTRACT_DEFAULTS = {
    ("protect",): True,
    ("network", "nat"): "none",
    ("network", "endpoints"): ["dynamodb", "s3"],
    ("tables", "*", "billing"): "on_demand",
    ("tables", "*", "point_in_time_recovery"): True,
    ("tables", "*", "stream"): "new_and_old_images",
    ("tables", "*", "encryption"): "aws_managed",
    ("tables", "*", "deletion_protection"): True,
    ("buckets", "*", "versioning"): True,
    ("buckets", "*", "encryption"): "sse_s3",
    ("buckets", "*", "force_destroy"): False,
    ("functions", "*", "handler"): "index.handler",
    ("functions", "*", "runtime"): "python3.12",
    ("functions", "*", "memory"): 256,
    ("functions", "*", "timeout"): 30,
    ("functions", "*", "vpc"): True,
    ("schedules", "*", "timezone"): "UTC",
    ("schedules", "*", "enabled"): True,
    ("alarms", "*", "period"): 300,
    ("alarms", "*", "evaluation_periods"): 1,
    ("alarms", "*", "comparison"): ">",
    ("disaster_recovery", "mode"): "pilot_light",
    ("disaster_recovery", "global_tables"): True,
    ("disaster_recovery", "replicate_buckets"): True,
    ("disaster_recovery", "replication_time_control"): False,
}


def schema_defaults(node: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], Any]]:
    """(path, default) for every key with a `default`; `*` stands for any map key."""
    for name, sub in node.get("properties", {}).items():
        if "default" in sub:
            yield (*path, name), sub["default"]
        yield from schema_defaults(sub, (*path, name))
    values = node.get("additionalProperties")
    if isinstance(values, dict):
        yield from schema_defaults(values, (*path, "*"))


DEFAULTS = dict(schema_defaults(SCHEMA))


def with_value(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(EVERYTHING)
    node: Any = data
    for part in path[:-1]:
        node = node[next(iter(node))] if part == "*" else node[part]
    assert path[-1] not in node, f"EVERYTHING must leave {path} to its default"
    node[path[-1]] = copy.deepcopy(value)
    return data


def schema_errors(data: dict[str, Any]) -> list[str]:
    doc, diags = load_text(json.dumps(data), "everything.yaml")
    assert doc is not None and diags == []
    return [d.message for d in schema_diagnostics(doc)]


def test_the_spec_for_default_checks_is_schema_valid() -> None:
    assert schema_errors(EVERYTHING) == []


def test_schema_announces_every_default_of_the_contract() -> None:
    assert {p: DEFAULTS.get(p) for p in CONTRACT_DEFAULTS} == CONTRACT_DEFAULTS


@pytest.mark.parametrize("path", sorted(DEFAULTS), ids=".".join)
def test_schema_default_is_the_model_default(path: tuple[str, ...]) -> None:
    omitted = build_model(EVERYTHING)
    spelled_out = build_model(with_value(path, DEFAULTS[path]))
    assert spelled_out == omitted


@pytest.mark.parametrize("path", sorted(DEFAULTS), ids=".".join)
def test_each_default_check_could_fail(path: tuple[str, ...]) -> None:
    """Writing another allowed value changes the model, so the check above means something."""
    data = with_value(path, _another_value(path, DEFAULTS[path]))
    assert schema_errors(data) == []
    assert build_model(data) != build_model(EVERYTHING)


def _another_value(path: tuple[str, ...], default: Any) -> Any:
    if isinstance(default, bool):
        return not default
    if isinstance(default, int):
        return {"interval": 10, "period": 60}.get(path[-1], default + 1)
    if isinstance(default, list):
        return default[:1]
    alternatives = {
        "billing": {"provisioned": {"read": 1, "write": 1}},
        "stream": "keys_only",
        "encryption": "sse_kms" if path[0] == "buckets" else "aws_owned",
        "handler": "app.main",
        "runtime": "python3.13",
        "timezone": "Europe/Berlin",
        "comparison": ">=",
        "mode": "warm_standby",
        "nat": "single",
        "health_check_path": "/ping",
        "consistency": "strong",
        "standby_buckets": "read_only",
    }
    return alternatives[path[-1]]


# -- defaults derived from other keys --------------------------------------------------


def test_noncurrent_versions_expire_after_90_days_unless_the_spec_says() -> None:
    def bucket(raw: dict[str, Any]) -> Any:
        data = {**EVERYTHING, "buckets": {"docs": raw}}
        assert schema_errors(data) == []
        return build_model(data).bucket("docs")

    assert bucket({}).noncurrent_expiration_days == 90
    assert bucket({}).undo_window_days == 90
    assert bucket({"noncurrent_expiration_days": 30}).undo_window_days == 30
    forever = bucket({"noncurrent_expiration_days": "never"})
    assert (forever.noncurrent_expiration_days, forever.undo_window_days) == (None, None)
    ruled = bucket({"lifecycle": [{"id": "keep", "noncurrent_expiration_days": 365}]})
    assert (ruled.noncurrent_expiration_days, ruled.undo_window_days) == (None, 365)
    assert schema_errors({**EVERYTHING, "buckets": {"docs": {
        "noncurrent_expiration_days": "forever"}}}) != []


def test_probe_schedules_keep_running_in_the_standby_others_wait_for_failover() -> None:
    functions = {"api": {"template": "processor"}, "health": {"template": "health_check"}}
    schedules = {"job": {"rate": "5 minutes", "function": "api"},
                 "probe": {"rate": "1 minute", "function": "health"},
                 "nightly": {"rate": "1 day", "function": "api", "on_failover": "stop"}}
    spec = build_model({**EVERYTHING, "functions": functions, "schedules": schedules})
    assert {s.ident: s.on_failover for s in spec.schedules} == {
        "job": "standby", "probe": "always", "nightly": "stop"}


def test_standby_nat_is_single_where_the_primary_has_one_per_az() -> None:
    dr = build_model(EVERYTHING).disaster_recovery
    assert [dr.nat_in_standby(n) for n in ("per_az", "single", "none")] == [
        "single", "single", "none"]
    data = {**EVERYTHING, "disaster_recovery": {
        **EVERYTHING["disaster_recovery"], "standby_nat": "per_az"}}
    assert build_model(data).disaster_recovery.nat_in_standby("per_az") == "per_az"


@pytest.mark.parametrize(("primary", "standby"), [
    ("10.30.0.0/16", "10.31.0.0/16"),
    ("10.255.0.0/16", "10.0.0.0/16"),
    ("172.31.0.0/16", "172.16.0.0/16"),
    ("192.168.1.0/24", "192.168.2.0/24"),
    ("192.168.0.0/16", "10.0.0.0/16"),
    ("10.0.4.0/22", "10.0.8.0/22"),
])
def test_the_standby_range_is_the_next_free_block_in_the_same_private_range(
        primary: str, standby: str) -> None:
    from drspec.model.network import derive_secondary_cidr

    assert derive_secondary_cidr(primary) == standby


def test_the_standby_network_keeps_the_primary_layout_in_its_own_range() -> None:
    from drspec.model.network import Network, read_secondary_network

    primary = Network("10.30.0.0/16", ("eu-west-1a", "eu-west-1b"),
                      ("10.30.0.0/24", "10.30.1.0/24"), ("10.30.10.0/23", "10.30.12.0/23"))
    standby = read_secondary_network(None, primary)
    assert (standby.cidr, standby.public_subnets, standby.private_subnets) == (
        "10.31.0.0/16", ("10.31.0.0/24", "10.31.1.0/24"), ("10.31.10.0/23", "10.31.12.0/23"))
    named = read_secondary_network({"cidr": "172.20.0.0/16"}, primary)
    assert named.public_subnets == ("172.20.0.0/24", "172.20.1.0/24")
