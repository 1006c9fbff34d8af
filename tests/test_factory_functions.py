"""The functions section in captured plans: roles, policies, log groups, the
Lambda itself, its environment, VPC wiring, code hash and the secondary copy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from factory_harness import (
    SPECS,
    as_list,
    capture_compute,
    load_spec,
    policy,
    shipped,
    spec_from,
    statements,
)

from drspec.factory.context import BuildContext
from drspec.factory.functions import FunctionWiringError, policy_document
from drspec.factory.packaging import package_function
from drspec.plan import capture as plan

FUNCTION = "aws:lambda/function:Function"
ROLE = "aws:iam/role:Role"
ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
INLINE = "aws:iam/rolePolicy:RolePolicy"
BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
VPC = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"


@pytest.fixture(scope="module")
def dev() -> plan.Plan:
    return shipped("dev")


@pytest.fixture(scope="module")
def prod() -> plan.Plan:
    return shipped("prod")


def inputs(p: plan.Plan, name: str) -> dict[str, Any]:
    return p.named(name).inputs


def test_one_function_role_log_group_per_spec_function(dev: plan.Plan) -> None:
    names = sorted(r.name for r in dev.of_type(FUNCTION))
    assert names == ["functions-health-fn", "functions-processor-fn"]
    fn = inputs(dev, "functions-processor-fn")
    assert fn["name"] == "orders-dev-processor-fn"
    assert fn["runtime"] == "python3.12"
    assert fn["handler"] == "index.handler"
    assert fn["memorySize"] == 256
    assert fn["timeout"] == 30
    assert fn["architectures"] == ["arm64"]
    assert fn["role"] == "arn:aws:iam::123456789012:role/orders-dev-processor-fn-role"
    assert fn["region"] == "us-east-1"
    health = inputs(dev, "functions-health-fn")
    assert (health["memorySize"], health["timeout"]) == (128, 10)


def test_role_is_trusted_by_lambda_only(dev: plan.Plan) -> None:
    role = inputs(dev, "functions-processor-role")
    assert role["name"] == "orders-dev-processor-fn-role"
    [stmt] = statements(policy(dev.named("functions-processor-role"), "assumeRolePolicy"))
    assert stmt["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert stmt["Action"] == "sts:AssumeRole"


def test_managed_policies_basic_and_vpc(dev: plan.Plan) -> None:
    attached = sorted((r.inputs["role"], r.inputs["policyArn"]) for r in dev.of_type(ATTACHMENT))
    # dev's health probe runs outside the VPC (it publishes to SNS without NAT).
    assert attached == [
        ("orders-dev-health-fn-role", BASIC),
        ("orders-dev-processor-fn-role", BASIC), ("orders-dev-processor-fn-role", VPC),
    ]


def test_function_outside_the_vpc_gets_no_vpc_policy_or_config() -> None:
    spec = spec_from("""
        functions:
          job: {template: processor, vpc: false}
    """)
    p = capture_compute(spec)
    attached = [r.inputs["policyArn"] for r in p.of_type(ATTACHMENT)]
    assert attached == [BASIC]
    assert "vpcConfig" not in inputs(p, "functions-job-fn")
    # Granted nothing: no inline policy at all (IAM rejects an empty one).
    assert p.of_type(INLINE) == []


def test_inline_policy_is_exactly_the_access_map(dev: plan.Plan) -> None:
    processor = statements(policy(dev.named("functions-processor-policy")))
    by_sid = {s["Sid"]: s for s in processor}
    assert sorted(by_sid) == ["BucketDocumentsWrite", "TableOrdersRead", "TableOrdersStream",
                              "TableOrdersWrite"]
    table = "arn:aws:dynamodb:us-east-1:123456789012:table/orders-dev-orders-table"
    assert by_sid["TableOrdersRead"]["Resource"] == [table, f"{table}/index/*"]
    assert by_sid["TableOrdersStream"]["Resource"] == [f"{table}/stream/*"]
    assert by_sid["TableOrdersWrite"]["Resource"] == [table]
    assert by_sid["BucketDocumentsWrite"] == {
        "Sid": "BucketDocumentsWrite", "Effect": "Allow",
        "Action": ["s3:DeleteObject", "s3:PutObject"],
        "Resource": ["arn:aws:s3:::orders-dev-documents-bucket/*"],
    }


def test_probe_policy_reads_and_publishes(dev: plan.Plan) -> None:
    health = {s["Sid"]: s for s in statements(policy(dev.named("functions-health-policy")))}
    assert sorted(health) == ["AlertsKey", "AlertsPublish", "BucketDocumentsList",
                              "BucketDocumentsRead", "TableOrdersRead", "TableOrdersStream"]
    assert "dynamodb:DescribeContinuousBackups" in health["TableOrdersRead"]["Action"]
    # dev has no secondary region: nothing replicates, the probe reads no replication rule.
    assert "s3:GetReplicationConfiguration" not in health["BucketDocumentsList"]["Action"]
    assert health["AlertsPublish"]["Resource"] == [
        "arn:aws:sns:us-east-1:123456789012:orders-dev-topic"]
    [key_arn] = health["AlertsKey"]["Resource"]
    assert key_arn.startswith("arn:aws:kms:us-east-1:123456789012:key/")
    assert health["AlertsKey"]["Condition"] == {
        "StringEquals": {"kms:ViaService": "sns.us-east-1.amazonaws.com"}}


def test_prod_probe_reads_replication_state_in_both_regions(prod: plan.Plan) -> None:
    """Two-way replication: the replicas have a rule of their own to check."""
    for name in ("functions-health-policy", "functions-health-policy-secondary"):
        found = {s["Sid"]: s for s in statements(policy(prod.named(name)))}
        assert "s3:GetReplicationConfiguration" in found["BucketDocumentsList"]["Action"]


def test_environment_variables(dev: plan.Plan) -> None:
    processor = inputs(dev, "functions-processor-fn")["environment"]["variables"]
    assert processor == {
        "BUCKET_DOCUMENTS": "orders-dev-documents-bucket",
        "DRSPEC_REGION": "us-east-1",
        "DRSPEC_SITE": "primary",
        "TABLE_ORDERS": "orders-dev-orders-table",
    }
    health = inputs(dev, "functions-health-fn")["environment"]["variables"]
    assert health["TOPIC_ARN"] == "arn:aws:sns:us-east-1:123456789012:orders-dev-topic"


def test_user_environment_is_kept_but_drspec_names_win() -> None:
    spec = spec_from("""
        tables:
          orders: {partition_key: {name: id, type: S}}
        functions:
          job:
            template: processor
            environment: {LOG_LEVEL: DEBUG, TABLE_ORDERS: hijacked}
            access: {tables: {orders: write}}
    """)
    variables = inputs(capture_compute(spec), "functions-job-fn")["environment"]["variables"]
    assert variables["LOG_LEVEL"] == "DEBUG"
    assert variables["TABLE_ORDERS"] == "shop-test-orders-table"


def test_vpc_config_uses_private_subnets_and_the_lambda_security_group(dev: plan.Plan) -> None:
    config = inputs(dev, "functions-processor-fn")["vpcConfig"]
    private = sorted(r.name for r in dev.of_type("aws:ec2/subnet:Subnet")
                     if "private" in r.name)
    assert len(private) == 2
    assert sorted(config["subnetIds"]) == sorted(f"{name}-id" for name in private)
    [sg] = config["securityGroupIds"]
    assert sg == "network-lambda-sg-id"


def test_log_group_exists_before_the_function(dev: plan.Plan) -> None:
    group = dev.named("functions-processor-log-group")
    assert group.inputs["name"] == "/aws/lambda/orders-dev-processor-fn"
    assert group.inputs["retentionInDays"] == 30
    fn = dev.named("functions-processor-fn")
    assert fn.inputs["loggingConfig"] == {"logFormat": "Text",
                                          "logGroup": "/aws/lambda/orders-dev-processor-fn"}
    needs = set(fn.depends_on)
    assert group.urn in needs
    assert dev.named("functions-processor-policy").urn in needs
    assert dev.named("functions-processor-vpc-access").urn in needs


def test_code_hash_is_the_package_hash_and_stable(dev: plan.Plan) -> None:
    spec = load_spec(SPECS / "dev.yaml")
    fn = inputs(dev, "functions-processor-fn")
    package = package_function(spec, spec.function("processor"), SPECS)
    assert fn["sourceCodeHash"] == package.source_code_hash
    again = capture_compute(load_spec(SPECS / "dev.yaml"), SPECS)
    assert inputs(again, "functions-processor-fn")["code"] == fn["code"]
    assert inputs(again, "functions-processor-fn")["sourceCodeHash"] == fn["sourceCodeHash"]
    assert fn["code"] != inputs(dev, "functions-health-fn")["code"]


def test_code_hash_follows_the_template_context(dev: plan.Plan) -> None:
    spec = load_spec(SPECS / "dev.yaml")
    no_ttl = replace(spec, tables=tuple(replace(t, ttl_attribute=None) for t in spec.tables))
    other = capture_compute(no_ttl, SPECS)
    before, after = inputs(dev, "functions-processor-fn"), inputs(other, "functions-processor-fn")
    assert after["code"] != before["code"]
    assert after["sourceCodeHash"] != before["sourceCodeHash"]


def test_source_function_runs_on_x86_64_with_its_tree(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.py").write_text("def handler(e, c):\n    return 'hi'\n")
    spec = spec_from("""
        functions:
          custom: {source: src, vpc: false}
    """)
    fn = inputs(capture_compute(spec, tmp_path), "functions-custom-fn")
    assert fn["architectures"] == ["x86_64"]
    assert fn["sourceCodeHash"] == package_function(spec, spec.function("custom"),
                                                    tmp_path).source_code_hash
    assert fn["code"]["archive"].startswith("sha256:")


def test_exports(dev: plan.Plan, prod: plan.Plan) -> None:
    assert dev.outputs["function_processor_name"] == "orders-dev-processor-fn"
    assert dev.outputs["function_health_arn"] == (
        "arn:aws:lambda:us-east-1:123456789012:function:orders-dev-health-fn")
    assert prod.outputs["function_processor_arn_secondary"] == (
        "arn:aws:lambda:eu-central-1:123456789012:function:orders-prod-processor-fn")


# -- the warm standby -----------------------------------------------------------------


def test_secondary_copy_is_regional_with_its_own_role(prod: plan.Plan) -> None:
    fn = inputs(prod, "functions-processor-fn-secondary")
    assert fn["region"] == "eu-central-1"
    assert fn["name"] == "orders-prod-processor-fn"
    role = inputs(prod, "functions-processor-role-secondary")["name"]
    assert role == "orders-prod-processor-fn-eu-central-1-role"
    assert role != inputs(prod, "functions-processor-role")["name"]
    assert len(role) <= 64
    for r in prod.resources:
        if r.name.endswith("-secondary") and r.region is not None:
            assert r.region == "eu-central-1", r.name


def test_secondary_uses_replicas_from_its_refs(prod: plan.Plan) -> None:
    variables = inputs(prod, "functions-processor-fn-secondary")["environment"]["variables"]
    assert variables["TABLE_ORDERS"] == "orders-prod-orders-table"  # global table replica
    assert variables["BUCKET_DOCUMENTS"] == "orders-prod-documents-replica"
    assert variables["DRSPEC_SITE"] == "secondary"
    assert variables["DRSPEC_REGION"] == "eu-central-1"
    grants = statements(policy(prod.named("functions-processor-policy-secondary")))
    resources = {arn for s in grants for arn in as_list(s["Resource"])}
    assert "arn:aws:s3:::orders-prod-documents-replica/*" in resources
    assert ("arn:aws:dynamodb:eu-central-1:123456789012:table/orders-prod-orders-table"
            in resources)
    assert not any("eu-west-1" in arn for arn in resources)


def test_both_regions_run_the_same_code(prod: plan.Plan) -> None:
    for ident in ("processor", "health"):
        primary = inputs(prod, f"functions-{ident}-fn")
        standby = inputs(prod, f"functions-{ident}-fn-secondary")
        assert primary["code"] == standby["code"]
        assert primary["sourceCodeHash"] == standby["sourceCodeHash"]


def test_long_names_are_bounded() -> None:
    spec = spec_from("""
        name: abcdefghijklmnopqrst
        environment: abcdefghijklmnop
        functions:
          a-very-long-function-identifier: {template: processor, vpc: false}
    """)
    p = capture_compute(spec)
    [role] = p.of_type(ROLE)
    assert len(role.inputs["name"]) <= 64


# -- wiring errors ------------------------------------------------------------------------


def _ctx(spec_text: str) -> BuildContext:
    spec = spec_from(spec_text)
    # The policy document reads the spec and refs only; no parent is needed.
    return BuildContext(spec, SPECS, None, spec.region)  # type: ignore[arg-type]


def test_missing_table_ref_is_a_wiring_error() -> None:
    ctx = _ctx("""
        tables:
          orders: {partition_key: {name: id, type: S}}
        functions:
          job: {template: processor, access: {tables: {orders: read}}}
    """)
    with pytest.raises(FunctionWiringError, match=r"table 'orders'.*us-east-1"):
        policy_document(ctx, ctx.spec.function("job"))


def test_publishing_without_a_topic_is_a_wiring_error() -> None:
    ctx = _ctx("""
        functions:
          job: {template: health_check, access: {alerts: publish}}
    """)
    with pytest.raises(FunctionWiringError, match="no alerts topic"):
        policy_document(ctx, ctx.spec.function("job"))


# -- wired to the real data sections ----------------------------------------------------


def test_full_environment_wires_functions_to_the_data_sections() -> None:
    p = shipped("dev", full=True)
    [table] = p.of_type("aws:dynamodb/table:Table")
    buckets = [b for b in p.of_type("aws:s3/bucket:Bucket")]
    [bucket] = buckets
    variables = inputs(p, "functions-processor-fn")["environment"]["variables"]
    assert variables["TABLE_ORDERS"] == table.inputs["name"]
    assert variables["BUCKET_DOCUMENTS"] == bucket.inputs["bucket"]
    resources = {arn for s in statements(policy(p.named("functions-processor-policy")))
                 for arn in as_list(s["Resource"])}
    table_arn = f"arn:aws:dynamodb:us-east-1:123456789012:table/{table.inputs['name']}"
    assert {table_arn, f"{table_arn}/index/*", f"{table_arn}/stream/*",
            f"arn:aws:s3:::{bucket.inputs['bucket']}/*"} == resources
