"""Subnet carving and the standby's derived range compute their blocks instead of listing
every block of the range; both give what listing them gives."""

from __future__ import annotations

import ipaddress

import pytest

from drspec.model.network import PRIVATE_RANGES, carve_subnets, derive_secondary_cidr

CIDRS = [
    "10.0.0.0/16", "10.30.0.0/16", "10.255.0.0/16", "192.168.1.7/24", "10.0.0.0/20",
    "10.255.240.0/20", "172.16.0.0/16", "172.31.0.0/16", "172.31.255.0/24", "172.20.4.0/22",
    "192.168.0.0/16", "192.168.255.0/24", "192.168.7.0/24", "172.16.0.0/12",
    "8.8.0.0/16", "100.64.3.0/24", "255.255.0.0/16", "172.15.255.0/24", "11.0.0.0/9",
]


def listed_carve(cidr: str, zones: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    net = ipaddress.ip_network(cidr, strict=False)
    prefix = min(28, max(24, net.prefixlen + max(1, (2 * max(zones, 1) - 1).bit_length())))
    blocks = list(net.subnets(new_prefix=prefix))
    half = len(blocks) // 2
    return (tuple(str(blocks[i]) for i in range(zones)),
            tuple(str(blocks[half + i]) for i in range(zones)))


def listed_secondary(primary: str) -> str:
    net = ipaddress.ip_network(primary, strict=False)
    if net in PRIVATE_RANGES:
        other = next(r for r in PRIVATE_RANGES if not r.overlaps(net))
        return str(next(other.subnets(new_prefix=net.prefixlen)))
    enclosing = next((r for r in PRIVATE_RANGES if net.subnet_of(r)),
                     net.supernet(new_prefix=max(0, min(8, net.prefixlen - 1))))
    blocks = list(enclosing.subnets(new_prefix=net.prefixlen))
    start = blocks.index(net)
    return str(next(b for b in blocks[start + 1:] + blocks[:start] if not b.overlaps(net)))


@pytest.mark.parametrize("cidr", CIDRS)
def test_carved_subnets_are_the_listed_blocks(cidr: str) -> None:
    for zones in range(1, 7):
        if ipaddress.ip_network(cidr, strict=False).prefixlen <= 24:
            assert carve_subnets(cidr, zones) == listed_carve(cidr, zones)


@pytest.mark.parametrize("cidr", CIDRS)
def test_the_derived_secondary_range_is_the_next_listed_block(cidr: str) -> None:
    assert derive_secondary_cidr(cidr) == listed_secondary(cidr)


def test_the_derived_range_wraps_around_and_never_overlaps() -> None:
    assert derive_secondary_cidr("10.255.0.0/16") == "10.0.0.0/16"
    assert derive_secondary_cidr("10.30.0.0/16") == "10.31.0.0/16"
    for cidr in CIDRS:
        primary = ipaddress.ip_network(cidr, strict=False)
        assert not ipaddress.ip_network(derive_secondary_cidr(cidr)).overlaps(primary)


def test_a_whole_private_range_larger_than_another_is_refused_as_before() -> None:
    with pytest.raises(ValueError):  # listing 172.16.0.0/12 in /8s raised ValueError too
        derive_secondary_cidr("10.0.0.0/8")
