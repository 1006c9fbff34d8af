"""The `network` section: one VPC per region with public and private subnets.

Per availability zone: a public subnet (no public IPs by default) sharing one
public route table with a default route to the internet gateway, and a
private subnet with its own route table. `nat: single` puts one NAT gateway in
the first AZ's public subnet and routes every private subnet through it;
`per_az` gives each AZ its own. Gateway endpoints for DynamoDB and S3 sit on
the private route tables, so functions reach both without a NAT. A security
group for functions is created only when a function runs in the VPC: it
allows HTTPS out and nothing in.

Logical names carry the AZ name (`network-us-east-1a-private-subnet`), never a
list position, so adding an AZ leaves the existing subnets alone. In the
secondary region the VPC takes its own range (`Spec.secondary_network`:
`disaster_recovery.secondary_network`, or the next free block of the
primary's size), never the primary's, and subnets in the same AZ letters
(`eu-west-1a` -> `eu-central-1a`).
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from drspec.factory.context import BuildContext, NetworkRefs

SECTION = "network"


def zones_in(primary: str, secondary: str, zones: tuple[str, ...]) -> tuple[str, ...]:
    """The AZs with the same suffix in another region: `eu-west-1a` -> `eu-central-1a`.

    Validation guarantees every AZ starts with the primary region's name; the
    rest (`a`, or `-bos-1a` for a Local Zone) is kept. Whether the secondary
    region has that zone is not knowable offline.
    """
    return tuple(
        secondary + (zone[len(primary):] if zone.startswith(primary) else zone[-1:])
        for zone in zones
    )


def _zones(ctx: BuildContext) -> tuple[str, ...]:
    zones = ctx.spec.network.availability_zones
    if ctx.region == ctx.spec.region:
        return zones
    return zones_in(ctx.spec.region, ctx.region, zones)


def needs_function_network(ctx: BuildContext) -> bool:
    """Whether any function runs in this VPC (then it needs its security group)."""
    return any(f.vpc for f in ctx.spec.functions)


def build(ctx: BuildContext) -> None:
    zones = _zones(ctx)
    network = ctx.spec.network_in(ctx.region)
    resources: dict[str, pulumi.Resource] = {}
    vpc, igw = _vpc(ctx, resources)
    public_rt = _public_route_table(ctx, vpc, igw, resources)
    public_subnets: list[aws.ec2.Subnet] = []
    private_subnets: list[aws.ec2.Subnet] = []
    private_rts: list[aws.ec2.RouteTable] = []
    for zone, public_cidr, private_cidr in zip(
        zones, network.public_subnets, network.private_subnets, strict=True
    ):
        public = _subnet(ctx, vpc, zone, "public", public_cidr, public_rt, resources)
        private_rt = aws.ec2.RouteTable(
            ctx.logical(SECTION, zone, "private-rt"),
            vpc_id=vpc.id,
            region=ctx.region,
            tags=_name_tags(ctx, f"{zone}-private", "rt"),
            opts=ctx.opts(),
        )
        private = _subnet(ctx, vpc, zone, "private", private_cidr, private_rt, resources)
        public_subnets.append(public)
        private_subnets.append(private)
        private_rts.append(private_rt)
        resources[f"{zone}-private-rt"] = private_rt

    _nat(ctx, zones, public_subnets, private_rts, igw, resources)
    _endpoints(ctx, vpc, private_rts, resources)
    sg_id = _function_security_group(ctx, vpc, resources)

    ctx.refs.network = NetworkRefs(
        vpc_id=vpc.id,
        public_subnet_ids=[s.id for s in public_subnets],
        private_subnet_ids=[s.id for s in private_subnets],
        private_route_table_ids=[rt.id for rt in private_rts],
        lambda_security_group_id=sg_id,
        resources=resources,
    )
    ctx.export("vpc_id_secondary" if ctx.secondary else "vpc_id", vpc.id)


def _name_tags(ctx: BuildContext, ident: str, kind: str) -> dict[str, str]:
    return ctx.tags(Name=ctx.physical(ident, kind) if ident else ctx.env_physical(kind))


def _vpc(ctx: BuildContext, resources: dict[str, pulumi.Resource],
         ) -> tuple[aws.ec2.Vpc, aws.ec2.InternetGateway]:
    vpc = aws.ec2.Vpc(
        ctx.logical(SECTION, "", "vpc"),
        cidr_block=ctx.spec.network_in(ctx.region).cidr,
        enable_dns_support=True,
        enable_dns_hostnames=True,
        region=ctx.region,
        tags=_name_tags(ctx, "", "vpc"),
        opts=ctx.opts(),
    )
    resources["vpc"] = vpc
    igw = aws.ec2.InternetGateway(
        ctx.logical(SECTION, "", "igw"),
        vpc_id=vpc.id,
        region=ctx.region,
        tags=_name_tags(ctx, "", "igw"),
        opts=ctx.opts(),
    )
    resources["igw"] = igw
    return vpc, igw


def _public_route_table(ctx: BuildContext, vpc: aws.ec2.Vpc, igw: aws.ec2.InternetGateway,
                        resources: dict[str, pulumi.Resource]) -> aws.ec2.RouteTable:
    """One route table for every public subnet, its default route to the internet gateway."""
    public_rt = aws.ec2.RouteTable(
        ctx.logical(SECTION, "public", "rt"),
        vpc_id=vpc.id,
        region=ctx.region,
        tags=_name_tags(ctx, "public", "rt"),
        opts=ctx.opts(),
    )
    resources["public-rt"] = public_rt
    aws.ec2.Route(
        ctx.logical(SECTION, "public", "default-route"),
        route_table_id=public_rt.id,
        destination_cidr_block="0.0.0.0/0",
        gateway_id=igw.id,
        region=ctx.region,
        opts=ctx.opts(),
    )
    return public_rt


def _subnet(ctx: BuildContext, vpc: aws.ec2.Vpc, zone: str, tier: str, cidr: str,
            route_table: aws.ec2.RouteTable,
            resources: dict[str, pulumi.Resource]) -> aws.ec2.Subnet:
    """A `public` or `private` subnet in `zone`, associated with its route table."""
    subnet = aws.ec2.Subnet(
        ctx.logical(SECTION, zone, f"{tier}-subnet"),
        vpc_id=vpc.id,
        cidr_block=cidr,
        availability_zone=zone,
        map_public_ip_on_launch=False,
        region=ctx.region,
        tags=_name_tags(ctx, f"{zone}-{tier}", "subnet"),
        opts=ctx.opts(),
    )
    aws.ec2.RouteTableAssociation(
        ctx.logical(SECTION, zone, f"{tier}-rta"),
        subnet_id=subnet.id,
        route_table_id=route_table.id,
        region=ctx.region,
        opts=ctx.opts(),
    )
    resources[f"{zone}-{tier}-subnet"] = subnet
    return subnet


def _nat(ctx: BuildContext, zones: tuple[str, ...], public_subnets: list[aws.ec2.Subnet],
         private_rts: list[aws.ec2.RouteTable], igw: aws.ec2.InternetGateway,
         resources: dict[str, pulumi.Resource]) -> None:
    """NAT gateways named by the AZ they live in, so `single` -> `per_az` keeps the first.

    The warm standby's VPC gets `disaster_recovery.standby_nat`, by default one
    gateway where the primary has one per AZ: "you are charged for each hour that
    your NAT gateway is available"
    (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-pricing.html),
    and the standby takes no traffic until failover. The cost of the default:
    while failed over, the standby's private subnets lose internet access if
    that one gateway's zone fails."""
    mode = ctx.spec.network.nat
    if ctx.secondary:
        mode = ctx.spec.disaster_recovery.nat_in_standby(mode)
    if mode == "none":
        return
    homes = zones if mode == "per_az" else zones[:1]
    gateways: list[aws.ec2.NatGateway] = []
    for zone, subnet in zip(homes, public_subnets, strict=False):
        eip = aws.ec2.Eip(
            ctx.logical(SECTION, zone, "nat-eip"),
            domain="vpc",
            region=ctx.region,
            tags=ctx.tags(Name=ctx.physical(zone, "nat-eip")),
            opts=ctx.opts(),
        )
        gateway = aws.ec2.NatGateway(
            ctx.logical(SECTION, zone, "nat"),
            allocation_id=eip.allocation_id,
            subnet_id=subnet.id,
            region=ctx.region,
            tags=ctx.tags(Name=ctx.physical(zone, "nat")),
            opts=ctx.opts(depends_on=[igw]),
        )
        gateways.append(gateway)
        resources[f"{zone}-nat"] = gateway
    for i, (zone, rt) in enumerate(zip(zones, private_rts, strict=True)):
        gateway = gateways[i] if mode == "per_az" else gateways[0]
        aws.ec2.Route(
            ctx.logical(SECTION, zone, "private-nat-route"),
            route_table_id=rt.id,
            destination_cidr_block="0.0.0.0/0",
            nat_gateway_id=gateway.id,
            region=ctx.region,
            opts=ctx.opts(),
        )


def _endpoints(ctx: BuildContext, vpc: aws.ec2.Vpc, private_rts: list[aws.ec2.RouteTable],
               resources: dict[str, pulumi.Resource]) -> None:
    for service in ctx.spec.network.endpoints:
        endpoint = aws.ec2.VpcEndpoint(
            ctx.logical(SECTION, service, "endpoint"),
            vpc_id=vpc.id,
            service_name=f"com.amazonaws.{ctx.region}.{service}",
            vpc_endpoint_type="Gateway",
            route_table_ids=[rt.id for rt in private_rts],
            region=ctx.region,
            tags=ctx.tags(Name=ctx.physical(service, "endpoint")),
            opts=ctx.opts(),
        )
        resources[f"{service}-endpoint"] = endpoint


def security_group_name(physical: str) -> str:
    """`physical`, unless it starts with `sg-`, which EC2 refuses in a group
    name (an application named `sg`): then `drspec-` goes in front."""
    return f"drspec-{physical}" if physical.startswith("sg-") else physical


def _function_security_group(ctx: BuildContext, vpc: aws.ec2.Vpc,
                             resources: dict[str, pulumi.Resource]) -> pulumi.Output[str] | None:
    """HTTPS out (AWS APIs, through the endpoints or the NAT), nothing in."""
    if not needs_function_network(ctx):
        return None
    name = security_group_name(ctx.physical("lambda", "sg"))
    group = aws.ec2.SecurityGroup(
        ctx.logical(SECTION, "lambda", "sg"),
        name=name,
        description=f"drspec {ctx.spec.name}-{ctx.spec.environment}: functions, HTTPS out only",
        vpc_id=vpc.id,
        region=ctx.region,
        tags=ctx.tags(Name=name),
        opts=ctx.opts(),
    )
    aws.vpc.SecurityGroupEgressRule(
        ctx.logical(SECTION, "lambda", "https-egress"),
        security_group_id=group.id,
        description="HTTPS to AWS APIs",
        ip_protocol="tcp",
        from_port=443,
        to_port=443,
        cidr_ipv4="0.0.0.0/0",
        region=ctx.region,
        tags=ctx.tags(Name=ctx.physical("lambda", "https-egress")),
        opts=ctx.opts(),
    )
    resources["lambda-sg"] = group
    return group.id
