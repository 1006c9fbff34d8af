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
    blocks = list(net.subnets(new_prefix=prefix))
    half = len(blocks) // 2
    public = tuple(str(blocks[i]) for i in range(zones))
    private = tuple(str(blocks[half + i]) for i in range(zones))
    return public, private


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
