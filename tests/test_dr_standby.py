"""Warm standby end to end: what runs in the secondary region, and what it is wired to."""

from __future__ import annotations

import pytest
from dr_support import PRIMARY, SECONDARY, as_list, plan, policy, spec, statements

from drspec import naming
from drspec.factory.failover import ROUTE53_METRICS_REGION
from drspec.plan.capture import Plan, PlannedResource

#: Types without a region: IAM and Route 53 are global services.
GLOBAL_TYPES = ("aws:iam/", "aws:route53/")
COMPUTE = ("aws:ec2/vpc:Vpc", "aws:lambda/function:Function", "aws:apigatewayv2/api:Api",
           "aws:apigatewayv2/stage:Stage")


def regional(r: PlannedResource) -> bool:
    return r.type.startswith("aws:") and not r.type.startswith(GLOBAL_TYPES)


def in_region(p: Plan, type_token: str, region: str) -> list[PlannedResource]:
    return [r for r in p.of_type(type_token) if r.region == region]


def functions(p: Plan, region: str) -> dict[str, PlannedResource]:
    return {r.inputs["name"]: r for r in in_region(p, "aws:lambda/function:Function", region)}


def function_statements(p: Plan, fn: PlannedResource) -> list[dict]:
    role = fn.inputs["role"].rsplit("/", 1)[-1]
    attached = [r for r in p.of_type("aws:iam/rolePolicy:RolePolicy") if r.inputs["role"] == role]
    assert attached, f"{fn.name} has no inline policy"
    return [st for r in attached for st in statements(policy(r))]


def via(statement: dict) -> str:
    service: str = statement.get("Condition", {}).get("StringEquals", {}).get(
        "kms:ViaService", "")
    return service


@pytest.mark.parametrize("variant", ["prod", "pilot-light", "rtc-off", "no-copy",
                                     "customer-key"])
def test_every_regional_resource_names_its_region(variant: str) -> None:
    """One provider: the region of every regional resource is explicit, and every
    resource built for the secondary region carries exactly that region."""
    p = plan(variant)
    for r in p.resources:
        if not regional(r):
            assert "region" not in r.inputs, r.name
            continue
        if r.region == ROUTE53_METRICS_REGION:
            # The failover alarm and its topic: Route 53 publishes in us-east-1 only.
            assert r.name.startswith(("failover-", "alerts-route53-")), r.name
            continue
        assert r.region in (PRIMARY, SECONDARY), r.name
        if r.name.endswith("-secondary"):
            assert r.region == SECONDARY, r.name


@pytest.mark.parametrize("type_token", COMPUTE)
def test_warm_standby_copies_network_functions_and_api(type_token: str) -> None:
    p = plan("prod")
    primary = in_region(p, type_token, PRIMARY)
    secondary = in_region(p, type_token, SECONDARY)
    assert primary
    assert len(secondary) == len(primary)
    assert all(r.name.endswith("-secondary") for r in secondary)


def test_secondary_functions_read_the_replicas_in_their_region() -> None:
    p = plan("prod")
    s = spec("prod")
    primary, secondary = functions(p, PRIMARY), functions(p, SECONDARY)
    assert set(primary) == set(secondary) == {
        naming.physical(s.name, s.environment, f.ident, "fn") for f in s.functions}
    for name, fn in secondary.items():
        env = fn.inputs["environment"]["variables"]
        primary_env = primary[name].inputs["environment"]["variables"]
        tables = {k: v for k, v in env.items() if k.startswith("TABLE_")}
        buckets = {k: v for k, v in env.items() if k.startswith("BUCKET_")}
        assert tables, name
        # A global-table replica has the table's own name; bucket replicas have their own.
        assert tables == {k: v for k, v in primary_env.items() if k.startswith("TABLE_")}
        for key, value in buckets.items():
            ident = key.removeprefix("BUCKET_").lower().replace("_", "-")
            assert value == naming.replica_bucket(s.name, s.environment, ident)
            assert primary_env[key] == naming.physical(s.name, s.environment, ident, "bucket")


def test_secondary_function_policies_point_at_secondary_arns() -> None:
    p = plan("prod")
    s = spec("prod")
    replicas = {f"arn:aws:s3:::{naming.replica_bucket(s.name, s.environment, b.ident)}"
                for b in s.buckets}
    for name, fn in functions(p, SECONDARY).items():
        seen = set()
        for st in function_statements(p, fn):
            for action in as_list(st["Action"]):
                service = action.split(":", 1)[0]
                seen.add(service)
                for resource in as_list(st["Resource"]):
                    if service == "dynamodb":
                        assert resource.startswith(f"arn:aws:dynamodb:{SECONDARY}:"), resource
                    elif service == "s3":
                        assert resource.split("/", 1)[0] in replicas, resource
                    elif service == "kms" and not via(st).startswith("sns."):
                        # Data keys are the secondary region's (the one alert
                        # topic, and its key, stay in the primary region).
                        assert resource.startswith(f"arn:aws:kms:{SECONDARY}:"), resource
                        assert via(st).endswith(f".{SECONDARY}.amazonaws.com"), st
        assert {"dynamodb", "s3"} <= seen, name
    health = functions(p, SECONDARY)["orders-prod-health-fn"]
    assert [st for st in function_statements(p, health) if via(st).startswith("s3.")], (
        "the standby reads the KMS-encrypted replica with the replica's key")


def test_global_tables_have_a_replica_with_pitr_in_the_secondary_region() -> None:
    for variant in ("prod", "pilot-light"):
        tables = [t for t in plan(variant).of_type("aws:dynamodb/table:Table")]
        assert len(tables) == len(spec(variant).tables)
        for table in tables:
            [replica] = table.inputs["replicas"]
            assert replica["regionName"] == SECONDARY
            assert replica["pointInTimeRecovery"] is True
            assert table.inputs["streamViewType"] == "NEW_AND_OLD_IMAGES"


def test_pilot_light_runs_no_compute_in_the_secondary_region() -> None:
    p = plan("pilot-light")
    for type_token in COMPUTE:
        assert in_region(p, type_token, PRIMARY), type_token
        assert not in_region(p, type_token, SECONDARY), type_token
    assert not [r for r in p.resources if r.name.startswith(("functions-", "api-", "network-"))
                and r.name.endswith("-secondary")]


def test_single_region_spec_is_all_primary() -> None:
    p = plan("single-region")
    assert {r.region for r in p.resources if regional(r)} == {PRIMARY}
    for table in p.of_type("aws:dynamodb/table:Table"):
        assert not table.inputs.get("replicas")


def test_read_only_standby_may_not_write_to_the_replicas() -> None:
    """`standby_buckets: read_only`: no rule brings objects back, so the standby's
    functions get no write on the replicas (a write fails instead of being lost)."""
    def actions(variant: str, site: str) -> set[str]:
        p = plan(variant)
        fn = functions(p, site)[naming.physical("orders", "prod", "processor", "fn")]
        return {a for st in function_statements(p, fn) for a in as_list(st["Action"])
                if a.startswith("s3:")}

    assert "s3:PutObject" in actions("prod", SECONDARY)
    assert "s3:PutObject" in actions("read-only", PRIMARY)
    # processor's documents grant is write-only: nothing is left of it in the standby.
    assert not actions("read-only", SECONDARY)


def test_standby_has_one_nat_gateway_where_the_primary_has_one_per_az() -> None:
    """NAT gateways are charged per hour each; the standby serves only after failover."""
    def gateways(p: Plan, region: str) -> int:
        return len(in_region(p, "aws:ec2/natGateway:NatGateway", region))

    assert gateways(plan("prod"), PRIMARY) == gateways(plan("prod"), SECONDARY) == 0
    p = plan("nat-per-az")  # network.nat: per_az over three zones
    assert (gateways(p, PRIMARY), gateways(p, SECONDARY)) == (3, 1)
    assert (gateways(plan("standby-nat-per-az"), PRIMARY),
            gateways(plan("standby-nat-per-az"), SECONDARY)) == (3, 3)
