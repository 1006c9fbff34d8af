"""Network checks: CIDRs, subnets per AZ, zones and regions (E2xx/W2xx)."""

from __future__ import annotations

from typing import Any

import pytest
from test_checks import codes, only, spec

from drspec.checks.network import parse_cidr


def net(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"cidr": "10.0.0.0/16",
                            "availability_zones": ["us-east-1a", "us-east-1b"]}
    base.update(changes)
    return spec(network=None) | {"network": base}


def test_host_bits_hint_names_the_network_address() -> None:
    found = only(net(cidr="10.0.0.1/16", public_subnets=["10.0.1.7/24", "10.0.2.0/24"],
                     private_subnets=["10.0.11.0/24", "10.0.12.0/24"]), "E201")
    assert [d.path for d in found] == [("network", "cidr"), ("network", "public_subnets", 0)]
    assert found[1].hint == "did you mean 10.0.1.0/24?"
    assert "10.0.1.7/24 has host bits set" in found[1].message


def test_malformed_cidr_is_reported_not_raised() -> None:
    assert parse_cidr("10.0.0.256/24") is None
    assert parse_cidr("10.0.0.0/33") is None
    found = only(net(public_subnets=["10.0.300.0/24", "10.0.2.0/24"],
                     private_subnets=["banana", "10.0.12.0/24"]), "E201")
    assert [d.path[-1] for d in found] == [0, 0]
    assert all("is not an IPv4 CIDR block" in d.message for d in found)


def test_subnet_outside_vpc_hint_names_a_free_block() -> None:
    [found] = only(net(public_subnets=["10.0.0.0/24", "10.0.1.0/24"],
                       private_subnets=["10.0.2.0/24", "192.168.0.0/24"]), "E202")
    assert found.path == ("network", "private_subnets", 1)
    assert "10.0.0.0 to 10.0.255.255" in found.message
    assert found.hint == "the first free /24 in 10.0.0.0/16 is 10.0.3.0/24"


def test_subnet_larger_than_the_vpc_gets_a_general_hint() -> None:
    [found] = only(net(cidr="10.0.0.0/24", public_subnets=["10.0.0.0/16", "10.0.0.64/26"],
                       private_subnets=["10.0.0.128/26", "10.0.0.192/26"]), "E202")
    assert found.hint == "pick a range inside 10.0.0.0/24 that no other subnet uses"


def test_overlaps_are_reported_at_the_later_subnet_naming_the_earlier() -> None:
    found = only(net(public_subnets=["10.0.0.0/23", "10.0.1.0/24"],
                     private_subnets=["10.0.0.128/25", "10.0.12.0/24"]), "E203")
    assert [d.path for d in found] == [("network", "public_subnets", 1),
                                       ("network", "private_subnets", 0)]
    assert "overlaps 10.0.0.0/23 (public_subnets[0])" in found[0].message
    assert found[0].hint == "the first free /24 in 10.0.0.0/16 is 10.0.2.0/24"


def test_identical_subnets_overlap() -> None:
    assert codes(net(public_subnets=["10.0.1.0/24", "10.0.2.0/24"],
                     private_subnets=["10.0.1.0/24", "10.0.3.0/24"])) == ["E203"]


def test_subnet_prefix_range_and_vpc_prefix_range() -> None:
    found = only(net(cidr="10.0.0.0/25", availability_zones=["us-east-1a"],
                     public_subnets=["10.0.0.0/29"], private_subnets=["10.0.0.64/26"]), "E208")
    assert [d.path for d in found] == [("network", "cidr"), ("network", "public_subnets", 0)]
    assert "expected /16 to /24" in found[0].message
    assert "expected /16 to /28" in found[1].message


def test_one_subnet_per_az_for_each_list() -> None:
    found = only(net(public_subnets=["10.0.1.0/24"],
                     private_subnets=["10.0.11.0/24", "10.0.12.0/24", "10.0.13.0/24"]), "E204")
    assert [d.path for d in found] == [("network", "public_subnets"),
                                       ("network", "private_subnets")]
    assert "lists 1 subnet but availability_zones lists 2 zones" in found[0].message


@pytest.mark.parametrize("given, absent", [("public_subnets", "private_subnets"),
                                           ("private_subnets", "public_subnets")])
def test_exactly_one_subnet_list_is_an_error(given: str, absent: str) -> None:
    [found] = only(net(**{given: ["10.0.1.0/24", "10.0.2.0/24"]}), "E205")
    assert found.path == ("network", given)
    assert found.message == f"{given} is given but {absent} is not"


def test_no_subnet_lists_means_carved_and_clean() -> None:
    assert codes(net()) == []


@pytest.mark.parametrize("zone, words", [
    ("us-west-2a", "belongs to us-west-2, not to region us-east-1"),
    ("use1-az1", "is an AZ ID"),
    ("us-east-1-bos-1a", "Local Zone or Wavelength Zone"),
    ("us-east-1-wl1-bos-wlz-1", "Local Zone or Wavelength Zone"),
    ("us-east-1", "is not an availability zone of us-east-1"),
    ("us-east-1ab", "is not an availability zone of us-east-1"),
])
def test_zones_must_belong_to_the_region(zone: str, words: str) -> None:
    [found] = only(net(availability_zones=["us-east-1a", zone]), "E206")
    assert found.path == ("network", "availability_zones", 1)
    assert words in found.message
    assert found.hint


def test_zone_of_another_region_hint_keeps_the_letter() -> None:
    [found] = only(net(availability_zones=["us-east-1a", "us-west-2c"]), "E206")
    assert found.hint == "did you mean us-east-1c?"


def test_unknown_region_suggests_the_nearest_and_skips_zone_checks() -> None:
    found = only(spec(region="us-esat-1"), "E207")
    assert [d.hint for d in found] == ["did you mean us-east-1?"]
    assert codes(spec(region="us-esat-1")) == ["E207"]


def test_unknown_secondary_region() -> None:
    [found] = only(spec(disaster_recovery={"secondary_region": "eu-centrl-1"}), "E207")
    assert found.path == ("disaster_recovery", "secondary_region")
    assert found.hint == "did you mean eu-central-1?"


def test_regions_of_other_partitions_are_known() -> None:
    data = spec(region="cn-north-1",
                network={"availability_zones": ["cn-north-1a", "cn-north-1b"]},
                disaster_recovery={"secondary_region": "cn-northwest-1"})
    assert codes(data) == []


def test_single_zone_is_a_warning() -> None:
    [found] = only(net(availability_zones=["us-east-1a"]), "W201")
    assert found.path == ("network", "availability_zones")
    assert codes(net()) == []


def test_nat_without_vpc_functions_warns_and_with_one_does_not() -> None:
    no_vpc = spec(network={"nat": "single"},
                  functions={"processor": {"vpc": False}, "health": {"vpc": False}})
    assert [d.path for d in only(no_vpc, "W202")] == [("network", "nat")]
    publishing = {"health": {"access": {"alerts": "publish"}}}
    assert codes(spec(network={"nat": "per_az"}, functions=publishing)) == []


def test_nat_that_no_vpc_function_needs_warns() -> None:
    """Tables and buckets go through the gateway endpoints: only SNS, a service without
    an endpoint, or a function's own code needs the NAT gateway."""
    [found] = only(spec(network={"nat": "per_az"}), "W205")
    assert found.path == ("network", "nat") and found.hint == "set nat: none"
    assert "processor, health" in found.message
    publishing = {"health": {"access": {"alerts": "publish"}}}
    assert "W205" not in codes(spec(network={"nat": "single"}, functions=publishing))
    no_s3_endpoint = {"nat": "single", "endpoints": ["dynamodb"]}
    assert "W205" not in codes(spec(network=no_s3_endpoint))
    assert "W205" not in codes(spec(network={"nat": "none"}))
    standby = {"secondary_region": "us-west-2", "mode": "warm_standby", "standby_nat": "single"}
    [standby_nat] = only(spec(disaster_recovery=standby), "W205")
    assert standby_nat.path == ("disaster_recovery", "standby_nat")


def test_vpc_function_without_a_route_to_its_service() -> None:
    # The health function also reads a table; it runs in the VPC as well.
    data = spec(network={"endpoints": ["s3"]}, functions={"health": {"vpc": False}})
    [found] = only(data, "W203")
    assert "processor uses tables" in found.message
    assert found.hint == "add dynamodb to network.endpoints"
    both = spec(network={"endpoints": []}, functions={"health": {"vpc": False}})
    assert [d.hint for d in only(both, "W203")] == ["add dynamodb to network.endpoints",
                                                    "add s3 to network.endpoints"]
    assert codes(spec(network={"endpoints": [], "nat": "single"})) == []
    assert codes(spec(network={"endpoints": ["dynamodb", "s3"]})) == []


def test_host_bits_with_carved_subnets_is_reported_not_a_crash() -> None:
    # No subnets listed: the model carves them out of a range that has host bits set.
    [found] = only(net(cidr="10.0.0.1/16"), "E201")
    assert found.path == ("network", "cidr")
    assert found.hint == "did you mean 10.0.0.0/16?"
