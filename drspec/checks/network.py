"""Network checks: CIDR arithmetic, subnets per AZ, AZs and regions (E2xx/W2xx).

Covers what cfn-lint checks for CloudFormation VPCs, ahead of deployment:
its `ipv4-network` format (host bits), E3059 (subnet inside the VPC CIDR) and
E3060 (subnets overlap).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.checks.suggest import nearest
from drspec.codes import rule
from drspec.diagnostics import Diagnostic, SpecPath
from drspec.regions import known_regions
from drspec.sections import DATA_KINDS

E_CIDR = rule("E201", "CIDR is not a network address",
              "A CIDR block names a network: its host bits are zero (10.0.1.0/24, not "
              "10.0.1.5/24). AWS rejects anything else.")
E_OUTSIDE = rule("E202", "subnet outside the VPC range",
                 "Every subnet must lie inside network.cidr.")
E_OVERLAP = rule("E203", "subnets overlap",
                 "Public and private subnets must not share addresses.")
E_COUNT = rule("E204", "subnet count differs from AZ count",
               "public_subnets and private_subnets list one subnet per availability zone, "
               "in the order of availability_zones.")
E_HALF = rule("E205", "only one subnet list given",
              "Give both public_subnets and private_subnets, or neither (drspec then carves "
              "/24s out of network.cidr).")
E_AZ = rule("E206", "availability zone not in region",
            "An availability zone name is its region plus one letter (us-east-1a). Local "
            "Zones and Wavelength Zones are not supported.")
E_REGION = rule("E207", "unknown region",
                "Regions are checked against the AWS endpoint data drspec ships "
                "(drspec/data/regions.json).")
E_PREFIX = rule("E208", "prefix length out of range",
                "The VPC range is /16 to /24; AWS subnets are /16 to /28.")
W_SINGLE_AZ = rule("W201", "single availability zone",
                   "With one AZ, an AZ outage takes the whole environment down.")
W_IDLE_NAT = rule("W202", "NAT gateway without a VPC function",
                  "NAT gateways are billed by the hour; none of the functions runs in the VPC.")
W_NO_ROUTE = rule("W203", "VPC function cannot reach a service",
                  "A function in the private subnets reaches DynamoDB and S3 through gateway "
                  "endpoints or a NAT gateway; with neither, its calls time out.")
W_NO_SNS_ROUTE = rule("W204", "VPC function cannot reach SNS",
                      "SNS has no gateway endpoint: a function in the private subnets publishes "
                      "to the alert topic only through a NAT gateway.")
W_UNNEEDED_NAT = rule(
    "W205", "NAT gateway no function needs",
    "NAT gateways and their public IPv4 addresses are billed by the hour whether or not "
    "they carry traffic. Functions in the VPC reach DynamoDB and S3 through gateway "
    "endpoints; only a function that publishes to SNS (which has no gateway endpoint), "
    "uses a service without an endpoint in network.endpoints, or runs its own code "
    "(`source`) needs one.",
    source="https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-pricing.html")

VPC_PREFIXES = (16, 24)
SUBNET_PREFIXES = (16, 28)

Network = ipaddress.IPv4Network


def parse_cidr(text: str) -> Network | None:
    """The network `text` names, ignoring host bits; None if it is not an IPv4 CIDR."""
    try:
        return ipaddress.IPv4Network(text, strict=False)
    except (ipaddress.AddressValueError, ipaddress.NetmaskValueError, ValueError):
        return None


def _subnet_paths(ctx: CheckContext) -> list[tuple[SpecPath, str]]:
    """(path, cidr) of every subnet the spec spells out, public first."""
    net = ctx.spec.network
    if net.subnets_carved:
        return []
    out: list[tuple[SpecPath, str]] = []
    for key, cidrs in (("public_subnets", net.public_subnets),
                       ("private_subnets", net.private_subnets)):
        out += [(("network", key, i), c) for i, c in enumerate(cidrs)]
    return out


def _cidr_problem(ctx: CheckContext, path: SpecPath, text: str,
                  prefixes: tuple[int, int], what: str) -> Iterator[Diagnostic]:
    network = parse_cidr(text)
    if network is None:
        yield ctx.error(E_CIDR, f"{text!r} is not an IPv4 CIDR block", path,
                        "write a network address and prefix length, e.g. 10.0.1.0/24")
        return
    if str(network) != text:
        yield ctx.error(
            E_CIDR,
            f"{text} has host bits set; the network of that range is {network}",
            path, f"did you mean {network}?")
    low, high = prefixes
    if not low <= network.prefixlen <= high:
        yield ctx.error(E_PREFIX,
                        f"{what} {text} has prefix /{network.prefixlen}; expected /{low} to "
                        f"/{high}", path,
                        f"use a prefix length between /{low} and /{high}")


@check
def cidrs_are_networks(ctx: CheckContext) -> Iterator[Diagnostic]:
    net = ctx.spec.network
    yield from _cidr_problem(ctx, ("network", "cidr"), net.cidr, VPC_PREFIXES, "the VPC range")
    for path, cidr in _subnet_paths(ctx):
        yield from _cidr_problem(ctx, path, cidr, SUBNET_PREFIXES, "subnet")


@check
def subnets_inside_vpc(ctx: CheckContext) -> Iterator[Diagnostic]:
    vpc = parse_cidr(ctx.spec.network.cidr)
    if vpc is None:
        return
    for path, cidr in _subnet_paths(ctx):
        subnet = parse_cidr(cidr)
        if subnet is not None and not subnet.subnet_of(vpc):
            yield ctx.error(
                E_OUTSIDE,
                f"subnet {cidr} is not inside the VPC range {vpc} "
                f"({vpc.network_address} to {vpc.broadcast_address})",
                path, _free_block_hint(vpc, subnet.prefixlen, _subnets(ctx)))


def _subnets(ctx: CheckContext) -> list[Network]:
    return [n for _, c in _subnet_paths(ctx) if (n := parse_cidr(c)) is not None]


def _free_block_hint(vpc: Network, prefixlen: int, taken: list[Network]) -> str:
    """Name the first block of `prefixlen` inside `vpc` that no subnet uses."""
    if prefixlen >= vpc.prefixlen:
        for candidate in vpc.subnets(new_prefix=prefixlen):
            if not any(candidate.overlaps(t) for t in taken):
                return f"the first free /{prefixlen} in {vpc} is {candidate}"
    return f"pick a range inside {vpc} that no other subnet uses"


@check
def subnets_do_not_overlap(ctx: CheckContext) -> Iterator[Diagnostic]:
    vpc = parse_cidr(ctx.spec.network.cidr)
    seen: list[tuple[SpecPath, Network]] = []
    for path, cidr in _subnet_paths(ctx):
        subnet = parse_cidr(cidr)
        if subnet is None:
            continue
        clash = next(((p, n) for p, n in seen if n.overlaps(subnet)), None)
        if clash is not None:
            other_path, other = clash
            hint = (_free_block_hint(vpc, subnet.prefixlen, _subnets(ctx)) if vpc is not None
                    else "give each subnet its own range")
            yield ctx.error(
                E_OVERLAP,
                f"subnet {cidr} overlaps {other} ({_shown(other_path)})", path, hint)
        seen.append((path, subnet))


def _shown(path: SpecPath) -> str:
    return f"{path[-2]}[{path[-1]}]"


@check
def one_subnet_per_az(ctx: CheckContext) -> Iterator[Diagnostic]:
    raw = ctx.doc.data.get("network") or {}
    zones = len(ctx.spec.network.availability_zones)
    given = [k for k in ("public_subnets", "private_subnets") if k in raw]
    if len(given) == 1:
        present = given[0]
        absent = "private_subnets" if present == "public_subnets" else "public_subnets"
        yield ctx.error(
            E_HALF, f"{present} is given but {absent} is not", ("network", present),
            f"add {absent} (one per AZ), or remove {present} to let drspec carve both",
            key=True)
    for key in given:
        cidrs = raw.get(key)
        if isinstance(cidrs, list) and len(cidrs) != zones:
            yield ctx.error(
                E_COUNT,
                f"{key} lists {len(cidrs)} subnet{'s' if len(cidrs) != 1 else ''} but "
                f"availability_zones lists {zones} zone{'s' if zones != 1 else ''}",
                ("network", key),
                f"give exactly one subnet per availability zone ({zones}), in AZ order")


_AZ_ID = re.compile(r"^[a-z]{2,5}\d+-az\d+$")


@check
def zones_belong_to_region(ctx: CheckContext) -> Iterator[Diagnostic]:
    region = ctx.spec.region
    if region not in known_regions():
        return  # reported as an unknown region; AZ errors would only repeat it
    for i, zone in enumerate(ctx.spec.network.availability_zones):
        path = ("network", "availability_zones", i)
        suffix = zone[len(region):]
        if zone.startswith(region) and len(suffix) == 1 and "a" <= suffix <= "z":
            continue
        example = f"{region}a"
        if _AZ_ID.match(zone):
            yield ctx.error(E_AZ, f"{zone!r} is an AZ ID; drspec expects AZ names", path,
                            f"write the zone's name, e.g. {example}")
        elif zone.startswith(region + "-"):
            yield ctx.error(
                E_AZ, f"{zone!r} is a Local Zone or Wavelength Zone; only the availability "
                f"zones of a region are supported", path, f"use a zone such as {example}")
        elif zone[:-1] in known_regions() and zone[-1:].isalpha():
            yield ctx.error(
                E_AZ, f"availability zone {zone} belongs to {zone[:-1]}, not to region "
                f"{region}", path, f"did you mean {region}{zone[-1]}?")
        else:
            yield ctx.error(
                E_AZ, f"{zone!r} is not an availability zone of {region}", path,
                f"an AZ name is the region plus one letter, e.g. {example}")


def unknown_region(ctx: CheckContext, name: str, path: SpecPath) -> Diagnostic | None:
    """An E207 diagnostic if `name` is no known region."""
    regions = known_regions()
    if name in regions:
        return None
    match = nearest(name, regions)
    hint = (f"did you mean {match}?" if match is not None
            else "regions look like us-east-1, eu-central-1, ap-southeast-2")
    return ctx.error(E_REGION, f"unknown AWS region {name!r}", path, hint)


@check
def regions_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    found = unknown_region(ctx, ctx.spec.region, ("region",))
    if found is not None:
        yield found
    secondary = ctx.spec.disaster_recovery.secondary_region
    if secondary is not None:
        found = unknown_region(ctx, secondary, ("disaster_recovery", "secondary_region"))
        if found is not None:
            yield found


@check
def several_zones(ctx: CheckContext) -> Iterator[Diagnostic]:
    zones = ctx.spec.network.availability_zones
    if len(zones) == 1:
        yield ctx.warning(
            W_SINGLE_AZ,
            f"only 1 availability zone; an outage of {zones[0]} stops the whole environment",
            ("network", "availability_zones"),
            f"list at least two zones of {ctx.spec.region}")


@check
def nat_has_a_user(ctx: CheckContext) -> Iterator[Diagnostic]:
    net = ctx.spec.network
    if net.nat != "none" and not any(f.vpc for f in ctx.spec.functions):
        yield ctx.warning(
            W_IDLE_NAT,
            f"nat: {net.nat} creates NAT gateways, but no function runs in the VPC",
            ("network", "nat"),
            "set nat: none, or run a function in the VPC (vpc: true)")


@check
def nat_is_needed(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A NAT gateway serves functions in the VPC that reach past the gateway endpoints."""
    spec = ctx.spec
    in_vpc = [f for f in spec.functions if f.vpc]
    if not in_vpc or any(spec.needs_internet(f) for f in in_vpc):
        return  # no VPC function: W202
    dr = spec.disaster_recovery
    settings = [(spec.network.nat, ("network", "nat"))]
    if dr.standby_nat is not None and dr.warm_standby:  # else W520
        settings.append((dr.standby_nat, ("disaster_recovery", "standby_nat")))
    names = ", ".join(f.ident for f in in_vpc)
    for nat, path in settings:
        if nat != "none":
            yield ctx.warning(
                W_UNNEEDED_NAT,
                f"nat: {nat} creates NAT gateways, but no function in the VPC ({names}) "
                "needs the internet: DynamoDB and S3 go through the gateway endpoints",
                path, f"set {path[-1]}: none")


@check
def vpc_functions_reach_services(ctx: CheckContext) -> Iterator[Diagnostic]:
    net = ctx.spec.network
    raw = ctx.doc.data.get("network") or {}
    if net.nat != "none" or "endpoints" not in raw:
        return
    for data in DATA_KINDS:
        service, section = str(data.endpoint), data.key
        if service in net.endpoints:
            continue
        users = [f.ident for f in ctx.spec.functions
                 if f.vpc and f.access.grants(section)]
        if users:
            yield ctx.warning(
                W_NO_ROUTE,
                f"function{'s' if len(users) > 1 else ''} {', '.join(users)} "
                f"use{'' if len(users) > 1 else 's'} {section} from the VPC, but there is "
                f"no {service} endpoint and no NAT gateway",
                ("network", "endpoints"),
                f"add {service} to network.endpoints")


@check
def vpc_publishers_reach_sns(ctx: CheckContext) -> Iterator[Diagnostic]:
    if ctx.spec.network.nat != "none":
        return
    for fn in ctx.spec.functions:
        if fn.vpc and fn.access.alerts_publish:
            yield ctx.warning(
                W_NO_SNS_ROUTE,
                f"function {fn.ident!r} publishes to the alert topic from the VPC, but there is "
                "no NAT gateway (SNS has no gateway endpoint), so its publishes time out",
                (*fn.path, "access", "alerts"),
                f"set vpc: false on function {fn.ident!r}, or network.nat: single")
