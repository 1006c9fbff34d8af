"""Disaster-recovery checks (E5xx)."""

from __future__ import annotations

from typing import Any

import pytest
from test_checks import codes, only, spec

SECONDARY = {"secondary_region": "us-west-2"}


def dr(**settings: Any) -> dict[str, Any]:
    return spec(disaster_recovery=settings)


def test_secondary_region_must_differ() -> None:
    [found] = only(dr(secondary_region="us-east-1"), "E501")
    assert found.path == ("disaster_recovery", "secondary_region")


@pytest.mark.parametrize("primary, secondary, partition", [
    ("us-east-1", "cn-north-1", "aws-cn"),
    ("us-east-1", "us-gov-west-1", "aws-us-gov"),
    ("cn-north-1", "eu-west-1", "aws"),
])
def test_regions_must_share_a_partition(primary: str, secondary: str, partition: str) -> None:
    zones = [f"{primary}a", f"{primary}b"]
    data = spec(region=primary, network={"availability_zones": zones},
                disaster_recovery={"secondary_region": secondary})
    [found] = only(data, "E502")
    assert f"{secondary} is in partition {partition}" in found.message


def test_partition_hint_offers_regions_of_the_same_area() -> None:
    data = spec(disaster_recovery={"secondary_region": "us-gov-east-1"})
    [found] = only(data, "E502")
    assert found.hint == "choose a secondary region in aws, e.g. us-east-2, us-west-1, us-west-2"


def test_replicated_buckets_need_versioning() -> None:
    data = spec(buckets={"documents": {"versioning": False}}, disaster_recovery=SECONDARY)
    [found] = only(data, "E503")
    assert found.path == ("buckets", "documents", "versioning")
    not_replicated = dict(SECONDARY, replicate_buckets=False)
    assert codes(spec(buckets={"documents": {"versioning": False}},
                      disaster_recovery=not_replicated)) == []
    assert codes(spec(buckets={"documents": {"versioning": False}})) == []


def test_global_tables_need_new_and_old_images() -> None:
    data = spec(tables={"orders": {"stream": "new_image"}}, disaster_recovery=SECONDARY)
    [found] = only(data, "E506")
    assert found.path == ("tables", "orders", "stream")
    assert "new_and_old_images" in (found.hint or "")
    local = dict(SECONDARY, global_tables=False)
    assert codes(spec(tables={"orders": {"stream": "none"}}, disaster_recovery=local)) == []


FAILOVER = {"domain": "api.shop.example.com", "hosted_zone_id": "Z123"}


def test_failover_needs_warm_standby() -> None:
    [found] = only(dr(failover=FAILOVER, **SECONDARY), "E504")
    assert found.hint == "add mode: warm_standby to disaster_recovery, or remove failover"
    [found] = only(dr(failover=FAILOVER), "E504")
    assert "a secondary_region and mode: warm_standby" in (found.hint or "")
    assert codes(dr(failover=FAILOVER, mode="warm_standby", **SECONDARY)) == []


@pytest.mark.parametrize("routes", [
    {"GET /health": "health"},
    {"GET /health/": "health"},
    {"ANY /health": "health"},
    {"ANY /{proxy+}": "health"},
    {"$default": "health"},
])
def test_routes_that_serve_the_health_check(routes: dict[str, str]) -> None:
    data = spec(api={"routes": None}, disaster_recovery={
        "mode": "warm_standby", "failover": FAILOVER, **SECONDARY})
    data["api"] = {"routes": routes}
    assert codes(data) == []


@pytest.mark.parametrize("routes", [
    {"POST /health": "health"},
    {"GET /healthz": "health"},
    {"GET /health/{part}": "health"},
])
def test_routes_that_do_not(routes: dict[str, str]) -> None:
    data = spec(api={"routes": None}, disaster_recovery={
        "mode": "warm_standby", "failover": FAILOVER, **SECONDARY})
    data["api"] = {"routes": routes}
    [found] = only(data, "E505")
    assert found.path == ("disaster_recovery", "failover")


def test_health_check_path_with_a_query_string() -> None:
    failover = dict(FAILOVER, health_check_path="/health?deep=1")
    data = dr(mode="warm_standby", failover=failover, **SECONDARY)
    assert codes(data) == []
    failover = dict(FAILOVER, health_check_path="/status?deep=1")
    [found] = only(dr(mode="warm_standby", failover=failover, **SECONDARY), "E505")
    assert found.path == ("disaster_recovery", "failover", "health_check_path")
    assert "GET /status" in found.message


@pytest.mark.parametrize("key, value", [
    ("mode", "pilot_light"), ("mode", "warm_standby"), ("global_tables", True),
    ("global_tables", False), ("replicate_buckets", True), ("replication_time_control", True),
])
def test_settings_without_a_secondary_region(key: str, value: object) -> None:
    [found] = only(dr(**{key: value}), "E508")
    assert found.path == ("disaster_recovery", key)
    assert codes(dr(**{key: value}, **SECONDARY)) in ([], ["E509"])


def test_backup_copy_needs_a_secondary_region() -> None:
    backup = {"schedule": "0 3 * * ? *", "copy_to_secondary": True}
    [found] = only(dr(backup=backup), "E507")
    assert found.path == ("disaster_recovery", "backup", "copy_to_secondary")
    assert codes(dr(backup=dict(backup, copy_to_secondary=False))) == []
    assert codes(dr(backup=backup, **SECONDARY)) == []


def test_replication_time_control_needs_replicated_buckets() -> None:
    data = dr(replicate_buckets=False, replication_time_control=True, **SECONDARY)
    [found] = only(data, "E509")
    assert found.path == ("disaster_recovery", "replication_time_control")
    assert codes(dr(replication_time_control=True, **SECONDARY)) == []


def test_on_failover_in_a_single_region_warns_at_the_key() -> None:
    schedules = {"cleanup": {"rate": "1 hour", "function": "processor", "on_failover": "stop"}}
    [found] = only(spec(schedules=schedules), "W520")
    assert found.path == ("schedules", "cleanup", "on_failover")
    assert "single region" in found.message
    warm = {"secondary_region": "us-west-2", "mode": "warm_standby"}
    assert only(spec(schedules=schedules, disaster_recovery=warm), "W520") == []
