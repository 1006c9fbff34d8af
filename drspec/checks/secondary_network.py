"""The standby region's VPC range (E230-E232).

The standby VPC must not reuse the primary's addresses: overlapping ranges
cannot be peered or routed to each other (VPC peering, Transit Gateway), and
a shared on-premises route would reach only one of them. drspec derives a
free range by default (`drspec.model.network.derive_secondary_cidr`); a
range the spec names is checked here, with its subnets.
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Network

from drspec.checks import CheckContext, check
from drspec.checks.network import parse_cidr
from drspec.codes import rule
from drspec.diagnostics import Diagnostic
from drspec.model.network import SECONDARY_NETWORK_PATH, derive_secondary_cidr

E_SECONDARY_OVERLAP = rule(
    "E230", "standby VPC range overlaps the primary",
    "disaster_recovery.secondary_network.cidr must not overlap network.cidr: overlapping VPCs "
    "cannot be peered or routed to each other.",
    source="https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html")
E_SECONDARY_SUBNETS = rule(
    "E231", "standby subnets do not fit the standby VPC",
    "The standby VPC's subnets lie inside its cidr, one public and one private per "
    "availability zone, and do not overlap.",
    source="https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html")
E_SECONDARY_UNUSED = rule(
    "E232", "standby network without a secondary region",
    "disaster_recovery.secondary_network describes the VPC in the secondary region; without "
    "secondary_region there is none.")


@check
def secondary_network_is_its_own(ctx: CheckContext) -> Iterator[Diagnostic]:
    raw = (ctx.doc.data.get("disaster_recovery") or {}).get("secondary_network")
    if raw is None:
        return
    if ctx.spec.disaster_recovery.secondary_region is None:
        yield ctx.error(E_SECONDARY_UNUSED, "secondary_network is set, but there is no "
                        "secondary_region to build it in", SECONDARY_NETWORK_PATH,
                        "add disaster_recovery.secondary_region, or remove secondary_network",
                        key=True)
        return
    primary, standby = parse_cidr(ctx.spec.network.cidr), parse_cidr(raw["cidr"])
    if primary is None or standby is None:
        return  # E201 reports ranges that do not parse
    if standby.overlaps(primary):
        yield ctx.error(
            E_SECONDARY_OVERLAP,
            f"the standby VPC range {raw['cidr']} overlaps the primary's {ctx.spec.network.cidr}",
            (*SECONDARY_NETWORK_PATH, "cidr"),
            f"use a range of its own, e.g. {derive_secondary_cidr(ctx.spec.network.cidr)}, or "
            "omit secondary_network to let drspec pick one")
    yield from _subnets_fit(ctx, standby)


def _subnets_fit(ctx: CheckContext, vpc: IPv4Network) -> Iterator[Diagnostic]:
    network = ctx.spec.secondary_network
    raw = ctx.doc.data["disaster_recovery"]["secondary_network"]
    if network is None or not ("public_subnets" in raw or "private_subnets" in raw):
        return
    zones = len(ctx.spec.network.availability_zones)
    seen: list[IPv4Network] = []
    for key in ("public_subnets", "private_subnets"):
        cidrs = raw.get(key) or []
        path = (*SECONDARY_NETWORK_PATH, key)
        if len(cidrs) != zones:
            yield ctx.error(E_SECONDARY_SUBNETS, f"secondary_network.{key} lists {len(cidrs)} "
                            f"subnets for {zones} availability zones", path,
                            "list one subnet per availability zone, in AZ order", key=True)
        for index, text in enumerate(cidrs):
            subnet = parse_cidr(text)
            if subnet is None:
                continue
            if not subnet.subnet_of(vpc):
                yield ctx.error(E_SECONDARY_SUBNETS, f"subnet {text} lies outside the standby "
                                f"VPC range {raw['cidr']}", (*path, index),
                                f"pick a subnet inside {raw['cidr']}")
            clash = next((s for s in seen if s.overlaps(subnet)), None)
            if clash is not None:
                yield ctx.error(E_SECONDARY_SUBNETS, f"subnet {text} overlaps {clash}",
                                (*path, index), "give each subnet its own range")
            seen.append(subnet)
