"""The `network` section, with subnets carved when the spec omits them."""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drspec.diagnostics import SpecPath
from drspec.model.common import DEFAULT_ENDPOINTS
from drspec.model.compute import Function


@dataclass(frozen=True)
class Network:
    cidr: str
    availability_zones: tuple[str, ...]
    public_subnets: tuple[str, ...]
    private_subnets: tuple[str, ...]
    nat: str = "none"  # none | single | per_az
    endpoints: tuple[str, ...] = ()
    subnets_carved: bool = False
    path: SpecPath = ("network",)


def carve_subnets(cidr: str, zones: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Deterministic public and private subnets when the spec omits both.

    Public subnets take the first blocks of the VPC range and private ones the
    first blocks of its upper half, one per AZ in AZ order, so adding an AZ
    later never moves an existing subnet. Blocks are /24 where the range has
    room, smaller otherwise (a /24 VPC with two AZs gets four /26s).
    """
    # Host bits are the checks' to report (E201); carving must not fail on them first.
    net = ipaddress.ip_network(cidr, strict=False)
    need_bits = max(1, math.ceil(math.log2(2 * max(zones, 1))))
    prefix = min(28, max(24, net.prefixlen + need_bits))
    half = (1 << (prefix - net.prefixlen)) // 2
    public = tuple(str(nth_block(net, prefix, i)) for i in range(zones))
    private = tuple(str(nth_block(net, prefix, half + i)) for i in range(zones))
    return public, private


def nth_block(within: ipaddress.IPv4Network | ipaddress.IPv6Network, prefix: int,
              index: int) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """`list(within.subnets(new_prefix=prefix))[index]`, computed instead of listed: a /16
    holds 256 /24s and 10.0.0.0/8 65,536, which `drspec validate` would build per spec."""
    count = 1 << (prefix - within.prefixlen)
    if not 0 <= index < count:
        raise IndexError(f"block {index} of {count}")
    size = 1 << (within.max_prefixlen - prefix)
    return ipaddress.ip_network((int(within.network_address) + index * size, prefix))


def read_network(raw: Mapping[str, Any], functions: tuple[Function, ...]) -> Network:
    zones = tuple(raw["availability_zones"])
    public = tuple(raw.get("public_subnets") or ())
    private = tuple(raw.get("private_subnets") or ())
    carved = "public_subnets" not in raw and "private_subnets" not in raw
    if carved:
        public, private = carve_subnets(raw["cidr"], len(zones))
    if "endpoints" in raw:
        endpoints = tuple(raw["endpoints"])
    else:
        endpoints = DEFAULT_ENDPOINTS if any(f.vpc for f in functions) else ()
    return Network(
        cidr=raw["cidr"],
        availability_zones=zones,
        public_subnets=public,
        private_subnets=private,
        nat=raw.get("nat", "none"),
        endpoints=endpoints,
        subnets_carved=carved,
    )


#: the private (RFC 1918) ranges a derived secondary range stays within
PRIVATE_RANGES = tuple(ipaddress.IPv4Network(r) for r in ("10.0.0.0/8", "172.16.0.0/12",
                                                            "192.168.0.0/16"))
SECONDARY_NETWORK_PATH: SpecPath = ("disaster_recovery", "secondary_network")


def derive_secondary_cidr(primary: str) -> str:
    """The standby VPC's range when the spec names none: the next block of the primary's
    size after it, inside the same private range (wrapping around to its start), so the
    two VPCs never overlap and can be peered or routed to each other later.
    `10.30.0.0/16` -> `10.31.0.0/16`; `10.255.0.0/16` -> `10.0.0.0/16`.
    """
    net = ipaddress.ip_network(primary, strict=False)
    if not isinstance(net, ipaddress.IPv4Network):  # pragma: no cover - the schema allows IPv4
        raise ValueError(f"not an IPv4 range: {primary}")
    if net in PRIVATE_RANGES:  # a whole private range (192.168.0.0/16): start another
        other = next(r for r in PRIVATE_RANGES if not r.overlaps(net))
        return str(nth_block(other, net.prefixlen, 0))
    enclosing = next((r for r in PRIVATE_RANGES if net.subnet_of(r)),
                     net.supernet(new_prefix=max(0, min(8, net.prefixlen - 1))))
    # Blocks of one size never partly overlap: the next one after the primary's is
    # the first that does not overlap it (an enclosing range holds two at least).
    count = 1 << (net.prefixlen - enclosing.prefixlen)
    index = (int(net.network_address) - int(enclosing.network_address)) >> (
        net.max_prefixlen - net.prefixlen)
    return str(nth_block(enclosing, net.prefixlen, (index + 1) % count))


def shifted(cidr: str, offset: int) -> str:
    """`cidr` moved by `offset` addresses: the primary's subnet layout in the standby range."""
    net = ipaddress.ip_network(cidr, strict=False)
    return f"{net.network_address + offset}/{net.prefixlen}"


def read_secondary_network(raw: Mapping[str, Any] | None, primary: Network) -> Network:
    """The standby region's network: `disaster_recovery.secondary_network` where given,
    else a derived range with the primary's subnet layout moved into it. AZs, NAT and
    endpoints are the primary's."""
    raw = raw or {}
    cidr = raw.get("cidr") or derive_secondary_cidr(primary.cidr)
    public = tuple(raw.get("public_subnets") or ())
    private = tuple(raw.get("private_subnets") or ())
    if not public and not private:
        base = ipaddress.ip_network(primary.cidr, strict=False).network_address
        offset = int(ipaddress.ip_network(cidr, strict=False).network_address) - int(base)
        public = tuple(shifted(s, offset) for s in primary.public_subnets)
        private = tuple(shifted(s, offset) for s in primary.private_subnets)
    return Network(
        cidr=cidr,
        availability_zones=primary.availability_zones,
        public_subnets=public,
        private_subnets=private,
        nat=primary.nat,
        endpoints=primary.endpoints,
        subnets_carved=primary.subnets_carved and "cidr" not in raw,
        path=SECONDARY_NETWORK_PATH,
    )
