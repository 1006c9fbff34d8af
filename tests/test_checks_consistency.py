"""Strongly consistent (MRSC) tables: three regions in one Region set, no TTL (E57x)."""

from __future__ import annotations

from typing import Any

import pytest
from test_checks import codes, only, spec

from drspec.regions import mrsc

STRONG = {"orders": {"consistency": "strong"}}


def strong(region: str, secondary: str | None, witness: str | None,
           **table: Any) -> dict[str, Any]:
    dr = {k: v for k, v in (("secondary_region", secondary), ("witness_region", witness))
          if v is not None}
    return spec(region=region, network={"availability_zones": [f"{region}a", f"{region}b"]},
                tables={"orders": {"consistency": "strong", **table}},
                disaster_recovery=dr or None)


@pytest.mark.parametrize("region, secondary, witness", [
    ("us-east-1", "us-east-2", "us-west-2"),
    ("us-west-2", "us-east-1", "us-east-2"),
    ("eu-west-1", "eu-central-1", "eu-west-2"),
    ("eu-west-3", "eu-west-1", "eu-central-1"),
    ("ap-northeast-1", "ap-northeast-2", "ap-northeast-3"),
])
def test_three_regions_of_one_set_are_clean(region: str, secondary: str, witness: str) -> None:
    assert codes(strong(region, secondary, witness)) == []


@pytest.mark.parametrize("region, secondary, witness, key", [
    ("us-east-1", "us-east-2", "eu-west-1", "witness_region"),  # witness in another set
    ("us-east-1", "us-west-1", "us-west-2", "secondary_region"),  # us-west-1 is in no set
    ("eu-west-1", "eu-central-1", "us-east-1", "witness_region"),
    ("ap-northeast-1", "ap-southeast-1", "ap-northeast-2", "secondary_region"),
])
def test_regions_outside_the_primary_set_are_located(region: str, secondary: str,
                                                     witness: str, key: str) -> None:
    [found] = only(strong(region, secondary, witness), "E572")
    assert found.path == ("disaster_recovery", key)
    assert "cannot span Region sets" in found.message
    home = mrsc().region_set(region)
    assert home is not None and found.hint is not None
    assert all(r in found.hint for r in mrsc().region_sets[home])


def test_a_primary_outside_every_set_says_where_mrsc_exists() -> None:
    [found] = only(strong("eu-north-1", "eu-west-1", "eu-west-2"), "E572")
    assert found.path == ("region",)
    assert "US (us-east-1, us-east-2, us-west-2)" in found.message


@pytest.mark.parametrize("witness", ["eu-west-1", "eu-central-1"])
def test_the_witness_is_a_third_region(witness: str) -> None:
    [found] = only(strong("eu-west-1", "eu-central-1", witness), "E573")
    assert found.path == ("disaster_recovery", "witness_region")


def test_two_regions_without_a_witness_name_the_candidates() -> None:
    [found] = only(strong("eu-west-1", "eu-central-1", None), "E571")
    assert found.path == ("tables", "orders", "consistency")
    assert found.hint == ("add disaster_recovery.witness_region: eu-west-2 (one of "
                          "eu-west-2, eu-west-3)")


def test_a_strong_table_needs_a_global_table() -> None:
    [found] = only(strong("us-east-1", None, None), "E570")
    assert "no disaster_recovery.secondary_region" in found.message
    local = spec(tables=STRONG, disaster_recovery={
        "secondary_region": "us-east-2", "witness_region": "us-west-2", "global_tables": False})
    [found] = only(local, "E570")
    assert "global_tables is false" in found.message


def test_ttl_and_provisioned_capacity_are_refused() -> None:
    data = strong("us-east-1", "us-east-2", "us-west-2", ttl_attribute="expires_at",
                  billing={"provisioned": {"read": 5, "write": 5}})
    assert sorted(codes(data)) == ["E574", "E575"]
    [ttl] = only(data, "E574")
    assert ttl.path == ("tables", "orders", "ttl_attribute")
    assert "do not support TTL" in ttl.message


def test_a_witness_without_strong_tables_is_a_warning() -> None:
    data = spec(disaster_recovery={"secondary_region": "us-east-2",
                                   "witness_region": "us-west-2"})
    [found] = only(data, "W570")
    assert found.severity.value == "warning"


def test_eventual_tables_need_none_of_it() -> None:
    data = spec(disaster_recovery={"secondary_region": "us-west-1"},
                tables={"orders": {"consistency": "eventual", "ttl_attribute": "exp"}})
    assert codes(data) == []


def test_every_rule_quotes_its_source() -> None:
    rules = mrsc().rules
    assert rules["ttl"] == "Time to Live (TTL) is not supported for MRSC global tables."
    assert mrsc().source.startswith("https://docs.aws.amazon.com/amazondynamodb/")
    assert sorted(mrsc().region_sets) == ["AP", "EU", "US"]
