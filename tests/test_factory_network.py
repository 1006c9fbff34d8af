"""The network section on captured plans: VPC, subnets, routes, NAT, endpoints."""

from __future__ import annotations

from typing import Any

import dr_support
import pytest
from plan_support import edited_plan, mock_id, resources, shipped_plan

from drspec.factory.network import security_group_name, zones_in
from drspec.plan.capture import Plan, PlannedResource

VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
ROUTE = "aws:ec2/route:Route"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"
NAT = "aws:ec2/natGateway:NatGateway"
EIP = "aws:ec2/eip:Eip"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
SG = "aws:ec2/securityGroup:SecurityGroup"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"


def primary(plan: Plan, token: str) -> list[PlannedResource]:
    return [r for r in resources(plan, token, prefix="network-")
            if not r.name.endswith("-secondary")]


def test_vpc_has_dns_support_and_hostnames() -> None:
    (vpc,) = primary(shipped_plan("dev"), VPC)
    assert vpc.name == "network-vpc"
    assert vpc.inputs["cidrBlock"] == "10.10.0.0/16"
    assert vpc.inputs["enableDnsSupport"] is True
    assert vpc.inputs["enableDnsHostnames"] is True
    assert vpc.inputs["region"] == "us-east-1"
    assert vpc.inputs["tags"]["Name"] == "orders-dev-vpc"


def test_one_public_and_one_private_subnet_per_az_in_spec_order() -> None:
    plan = shipped_plan("dev")
    by_name = {r.name: r.inputs for r in primary(plan, SUBNET)}
    expected = {
        "network-us-east-1a-public-subnet": ("us-east-1a", "10.10.1.0/24"),
        "network-us-east-1b-public-subnet": ("us-east-1b", "10.10.2.0/24"),
        "network-us-east-1a-private-subnet": ("us-east-1a", "10.10.11.0/24"),
        "network-us-east-1b-private-subnet": ("us-east-1b", "10.10.12.0/24"),
    }
    assert set(by_name) == set(expected)
    for name, (zone, cidr) in expected.items():
        assert (by_name[name]["availabilityZone"], by_name[name]["cidrBlock"]) == (zone, cidr)
        assert by_name[name]["mapPublicIpOnLaunch"] is False  # no public IPs by default
        assert by_name[name]["vpcId"] == "network-vpc-id"


def test_carved_subnets_follow_the_model() -> None:
    plan = shipped_plan("staging")
    cidrs = sorted(r.inputs["cidrBlock"] for r in primary(plan, SUBNET))
    assert cidrs == sorted([
        "10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24",
        "10.20.128.0/24", "10.20.129.0/24", "10.20.130.0/24",
    ])


def test_public_route_table_routes_to_the_internet_gateway() -> None:
    plan = shipped_plan("dev")
    route = plan.named("network-public-default-route")
    assert route.inputs["destinationCidrBlock"] == "0.0.0.0/0"
    assert route.inputs["gatewayId"] == "network-igw-id"
    assert route.inputs["routeTableId"] == "network-public-rt-id"
    public_assocs = [r for r in primary(plan, ASSOCIATION) if r.name.endswith("-public-rta")]
    assert {a.inputs["routeTableId"] for a in public_assocs} == {"network-public-rt-id"}
    assert sorted(a.inputs["subnetId"] for a in public_assocs) == [
        "network-us-east-1a-public-subnet-id", "network-us-east-1b-public-subnet-id",
    ]


def test_each_private_subnet_has_its_own_route_table() -> None:
    plan = shipped_plan("dev")
    tables = sorted(r.name for r in primary(plan, ROUTE_TABLE) if "private" in r.name)
    assert tables == ["network-us-east-1a-private-rt", "network-us-east-1b-private-rt"]
    for zone in ("us-east-1a", "us-east-1b"):
        assoc = plan.named(f"network-{zone}-private-rta")
        assert assoc.inputs == {
            "region": "us-east-1",
            "routeTableId": f"network-{zone}-private-rt-id",
            "subnetId": f"network-{zone}-private-subnet-id",
        }


def test_no_nat_means_no_nat_resources_or_default_private_routes() -> None:
    plan = shipped_plan("dev")
    assert primary(plan, NAT) == primary(plan, EIP) == []
    assert [r.name for r in primary(plan, ROUTE)] == ["network-public-default-route"]


def test_single_nat_in_the_first_public_subnet_serves_every_private_table() -> None:
    plan = shipped_plan("staging")
    (nat,) = primary(plan, NAT)
    (eip,) = primary(plan, EIP)
    assert nat.name == "network-us-east-2a-nat"
    assert nat.inputs["subnetId"] == "network-us-east-2a-public-subnet-id"
    assert nat.inputs["allocationId"] == mock_id(eip)
    assert eip.inputs["domain"] == "vpc"
    assert plan.named("network-igw").urn in nat.depends_on  # NAT needs the IGW first
    nat_routes = [r for r in primary(plan, ROUTE) if "nat-route" in r.name]
    assert sorted(r.inputs["routeTableId"] for r in nat_routes) == [
        f"network-us-east-2{z}-private-rt-id" for z in "abc"
    ]
    assert {r.inputs["natGatewayId"] for r in nat_routes} == {mock_id(nat)}
    assert {r.inputs["destinationCidrBlock"] for r in nat_routes} == {"0.0.0.0/0"}


def test_per_az_nat_routes_each_zone_through_its_own_gateway() -> None:
    plan = dr_support.plan("nat-per-az")  # prod with a NAT gateway per zone
    nats = primary(plan, NAT)
    assert len(nats) == len(primary(plan, EIP)) == 3
    for zone in ("eu-west-1a", "eu-west-1b", "eu-west-1c"):
        nat = plan.named(f"network-{zone}-nat")
        assert nat.inputs["subnetId"] == f"network-{zone}-public-subnet-id"
        route = plan.named(f"network-{zone}-private-nat-route")
        assert route.inputs["natGatewayId"] == mock_id(nat)
        assert route.inputs["routeTableId"] == f"network-{zone}-private-rt-id"


def test_gateway_endpoints_sit_on_the_private_route_tables() -> None:
    plan = shipped_plan("dev")
    endpoints = {r.name: r.inputs for r in primary(plan, ENDPOINT)}
    assert set(endpoints) == {"network-dynamodb-endpoint", "network-s3-endpoint"}
    for service in ("dynamodb", "s3"):
        inputs = endpoints[f"network-{service}-endpoint"]
        assert inputs["serviceName"] == f"com.amazonaws.us-east-1.{service}"
        assert inputs["vpcEndpointType"] == "Gateway"
        assert sorted(inputs["routeTableIds"]) == [
            "network-us-east-1a-private-rt-id", "network-us-east-1b-private-rt-id",
        ]


def test_function_security_group_allows_https_out_and_nothing_in() -> None:
    plan = shipped_plan("dev")
    (group,) = primary(plan, SG)
    assert "ingress" not in group.inputs and "egress" not in group.inputs
    assert group.inputs["vpcId"] == "network-vpc-id"
    (rule,) = primary(plan, EGRESS)
    assert rule.inputs["securityGroupId"] == mock_id(group)
    assert (rule.inputs["ipProtocol"], rule.inputs["fromPort"], rule.inputs["toPort"]) == (
        "tcp", 443.0, 443.0)
    assert rule.inputs["cidrIpv4"] == "0.0.0.0/0"
    assert not resources(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")


def test_security_group_name_never_starts_with_sg_dash() -> None:
    """EC2 refuses group names starting with `sg-` (CreateSecurityGroup GroupName):
    an application named `sg` still gets a valid one."""
    def rename(data: dict[str, Any]) -> None:
        data["name"] = "sg"

    (group,) = primary(edited_plan("dev", rename), SG)
    assert group.inputs["name"] == "drspec-sg-dev-lambda-sg"
    assert group.inputs["tags"]["Name"] == group.inputs["name"]
    assert security_group_name("orders-dev-lambda-sg") == "orders-dev-lambda-sg"
    (shipped,) = primary(shipped_plan("dev"), SG)
    assert shipped.inputs["name"] == "orders-dev-lambda-sg"  # unchanged for everyone else


def _no_vpc_functions(data: dict[str, Any]) -> None:
    for function in data["functions"].values():
        function["vpc"] = False


def test_no_security_group_or_endpoints_when_no_function_runs_in_the_vpc() -> None:
    plan = edited_plan("dev", _no_vpc_functions)
    assert primary(plan, SG) == primary(plan, EGRESS) == primary(plan, ENDPOINT) == []
    assert len(primary(plan, SUBNET)) == 4  # the network section itself is still built
    fn = plan.named("functions-processor-fn")
    assert "vpcConfig" not in fn.inputs


def test_endpoints_listed_in_the_spec_are_built_without_vpc_functions() -> None:
    def edit(data: dict[str, Any]) -> None:
        _no_vpc_functions(data)
        data["network"]["endpoints"] = ["s3"]

    plan = edited_plan("dev", edit)
    assert [r.name for r in primary(plan, ENDPOINT)] == ["network-s3-endpoint"]
    assert primary(plan, SG) == []


def test_secondary_region_network_uses_the_same_az_letters() -> None:
    plan = shipped_plan("prod")
    subnets = [r for r in resources(plan, SUBNET) if r.name.endswith("-secondary")]
    assert sorted({r.inputs["availabilityZone"] for r in subnets}) == [
        "eu-central-1a", "eu-central-1b", "eu-central-1c",
    ]
    assert {r.inputs["region"] for r in subnets} == {"eu-central-1"}
    endpoint = plan.named("network-dynamodb-endpoint-secondary")
    assert endpoint.inputs["serviceName"] == "com.amazonaws.eu-central-1.dynamodb"
    assert plan.outputs["vpc_id_secondary"] == "network-vpc-secondary-id"
    assert plan.outputs["vpc_id"] == "network-vpc-id"


def test_pilot_light_builds_no_secondary_network() -> None:
    plan = shipped_plan("staging")
    assert not [r for r in plan.resources if r.name.startswith("network-")
                and r.name.endswith("-secondary")]


@pytest.mark.parametrize(("primary_region", "secondary", "zones", "expected"), [
    ("eu-west-1", "eu-central-1", ("eu-west-1a", "eu-west-1c"), ("eu-central-1a", "eu-central-1c")),
    ("us-east-1", "us-west-2", ("us-east-1-bos-1a",), ("us-west-2-bos-1a",)),
])
def test_zones_in_keeps_the_suffix(primary_region: str, secondary: str,
                                   zones: tuple[str, ...], expected: tuple[str, ...]) -> None:
    assert zones_in(primary_region, secondary, zones) == expected


def test_every_network_resource_is_in_its_region_and_under_the_component() -> None:
    plan = shipped_plan("prod")
    component = plan.named("orders-prod").urn
    for r in plan.resources:
        if r.name.startswith("network-"):
            want = "eu-central-1" if r.name.endswith("-secondary") else "eu-west-1"
            assert r.inputs["region"] == want, r.name
            assert r.parent == component, r.name
