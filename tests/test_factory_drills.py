"""The drills section on captured plans: FIS templates, role, logs and the Lambda extension."""

from __future__ import annotations

import json
from typing import Any

from plan_support import edited_plan, resources, shipped_plan

from drspec.drills.actions import ACTIONS, MAX_STOP_CONDITIONS, MAX_TARGET_ARNS
from drspec.plan.capture import Plan, PlannedResource

TEMPLATE = "aws:fis/experimentTemplate:ExperimentTemplate"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"

#: Action ids as AWS's actions reference spells them
#: (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html).
DOCUMENTED_ACTIONS = {
    "aws:network:route-table-disrupt-cross-region-connectivity": "aws:ec2:subnet",
    "aws:network:disrupt-connectivity": "aws:ec2:subnet",
    "aws:dynamodb:global-table-pause-replication": "aws:dynamodb:global-table",
    "aws:s3:bucket-pause-replication": "aws:s3:bucket",
    "aws:lambda:invocation-error": "aws:lambda:function",
    "aws:lambda:invocation-add-delay": "aws:lambda:function",
}


def with_drills(base: str = "prod", **dr: Any) -> Plan:
    def edit(data: dict[str, Any]) -> None:
        data.setdefault("disaster_recovery", {}).update(drills=True, **dr)

    return edited_plan(base, edit)


def templates(plan: Plan) -> dict[str, PlannedResource]:
    return {r.name.removeprefix("drills-").removesuffix("-template"): r
            for r in resources(plan, TEMPLATE)}


def policy(plan: Plan) -> dict[str, Any]:
    return dict(json.loads(plan.named("drills-policy").inputs["policy"]))


def test_a_spec_without_drills_has_no_fis_resources_and_plain_functions() -> None:
    plan = shipped_plan("staging")
    assert not [r for r in plan.resources if r.name.startswith("drills-")]
    for fn in resources(plan, "aws:lambda/function:Function"):
        assert "layers" not in fn.inputs
        assert not any(k.startswith("AWS_") for k in fn.inputs["environment"]["variables"])


def test_one_template_per_drill_with_only_documented_actions() -> None:
    plan = with_drills()
    found = templates(plan)
    assert sorted(found) == ["az-loss", "function-errors", "function-latency",
                             "region-isolation"]
    assert set(ACTIONS) == set(DOCUMENTED_ACTIONS)
    for template in found.values():
        targets = {t["name"]: t for t in template.inputs["targets"]}
        for action in template.inputs["actions"]:
            target = targets[action["target"]["value"]]
            assert target["resourceType"] == DOCUMENTED_ACTIONS[action["actionId"]]
            assert action["target"]["key"] == ACTIONS[action["actionId"]].target_key
            params = {p["key"]: p["value"] for p in action["parameters"]}
            assert params["duration"].startswith("PT")  # every action is bounded
            assert len(target.get("resourceArns", ())) <= MAX_TARGET_ARNS
        assert template.inputs["region"] == "eu-west-1"
        assert template.inputs["experimentOptions"] == {
            "accountTargeting": "single-account", "emptyTargetResolutionMode": "fail"}


def test_region_isolation_follows_aws_multi_region_scenario() -> None:
    template = templates(with_drills())["region-isolation"].inputs
    ids = [a["actionId"] for a in template["actions"]]
    # six subnets (three zones, public and private) need two targets of at most five
    assert ids == ["aws:network:route-table-disrupt-cross-region-connectivity"] * 2 + [
        "aws:dynamodb:global-table-pause-replication", "aws:s3:bucket-pause-replication"]
    targets = {t["name"]: t for t in template["targets"]}
    subnets = (targets["targets-isolate-subnets-1"]["resourceArns"]
               + targets["targets-isolate-subnets-2"]["resourceArns"])
    assert len(subnets) == 6 and all(":subnet/network-eu-west-1" in s for s in subnets)
    for action in template["actions"]:
        if action["actionId"].endswith("cross-region-connectivity"):
            assert {"key": "region", "value": "eu-central-1"} in action["parameters"]
    tables = targets["targets-pause-tables"]["resourceArns"]
    assert tables == [f"arn:aws:dynamodb:eu-west-1:123456789012:table/orders-prod-{t}-table"
                      for t in ("orders", "customers", "idempotency")]
    # S3 pause targets by tags only: this environment's tagged source buckets
    buckets = targets["targets-pause-buckets"]
    assert "resourceArns" not in buckets
    assert buckets["resourceTags"] == [
        {"key": "drspec:app", "value": "orders"},
        {"key": "drspec:environment", "value": "prod"},
        {"key": "drspec:drill", "value": "bucket-pause-replication"},
    ]


def test_replicated_source_buckets_carry_the_drill_tag_only_with_drills() -> None:
    tagged = with_drills().named("buckets-documents-bucket").inputs["tags"]
    assert tagged["drspec:drill"] == "bucket-pause-replication"

    def without(data: dict[str, Any]) -> None:
        del data["disaster_recovery"]["drills"]

    plain = edited_plan("prod", without).named("buckets-documents-bucket").inputs["tags"]
    assert "drspec:drill" not in plain


def test_az_loss_cuts_every_subnet_of_one_zone() -> None:
    template = templates(with_drills())["az-loss"].inputs
    [action] = template["actions"]
    assert action["actionId"] == "aws:network:disrupt-connectivity"
    assert {"key": "scope", "value": "all"} in action["parameters"]
    [target] = template["targets"]
    assert target["resourceArns"] == [
        "arn:aws:ec2:eu-west-1:123456789012:subnet/network-eu-west-1a-public-subnet-id",
        "arn:aws:ec2:eu-west-1:123456789012:subnet/network-eu-west-1a-private-subnet-id"]


def test_stop_conditions_are_alarms_of_the_same_plan_minus_the_expected_ones() -> None:
    plan = with_drills()
    # Alarms of the experiments' region (the primary); copies in the standby region
    # end in -secondary, S3 replication lag exists only there.
    alarms = {a.name.removeprefix("alarms-").removesuffix("-alarm"):
              f"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:{a.inputs['name']}"
              for a in resources(plan, ALARM) if a.inputs["region"] == "eu-west-1"}
    for ident, template in templates(plan).items():
        stops = template.inputs["stopConditions"]
        assert 1 <= len(stops) <= MAX_STOP_CONDITIONS
        assert {s["source"] for s in stops} == {"aws:cloudwatch:alarm"}
        assert {s["value"] for s in stops} <= set(alarms.values()), ident
    errors = {s["value"] for s in templates(plan)["function-errors"].inputs["stopConditions"]}
    assert alarms["processor-errors"] not in errors and alarms["api-errors"] not in errors
    isolation = templates(plan)["region-isolation"].inputs["stopConditions"]
    assert "documents-replication" not in alarms
    assert not [s for s in isolation if "documents-replication" in s["value"]]


def test_without_alarms_nothing_but_the_duration_stops_a_drill() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["disaster_recovery"]["drills"] = True
        data.pop("alarms")

    for template in templates(edited_plan("prod", edit)).values():
        assert template.inputs["stopConditions"] == [{"source": "none"}]


def test_experiment_logs_go_to_cloudwatch_logs() -> None:
    plan = with_drills()
    group = plan.named("drills-log-group").inputs
    assert group["name"] == "/aws/vendedlogs/fis/orders-prod-drills"
    for template in templates(plan).values():
        logs = template.inputs["logConfiguration"]
        assert logs["logSchemaVersion"] == 2
        assert logs["cloudwatchLogsConfiguration"]["logGroupArn"] == (
            "arn:aws:logs:eu-west-1:123456789012:log-group:"
            "/aws/vendedlogs/fis/orders-prod-drills:*")


def test_one_role_fis_assumes_for_this_account_and_region_only() -> None:
    plan = with_drills()
    [role] = [r for r in resources(plan, "aws:iam/role:Role") if r.name == "drills-role"]
    trust = json.loads(role.inputs["assumeRolePolicy"])
    [stmt] = trust["Statement"]
    assert stmt["Principal"] == {"Service": "fis.amazonaws.com"}
    assert stmt["Condition"] == {
        "StringEquals": {"aws:SourceAccount": "123456789012"},
        "ArnLike": {"aws:SourceArn": "arn:aws:fis:eu-west-1:123456789012:experiment/*"}}
    for template in templates(plan).values():
        assert template.inputs["roleArn"] == "arn:aws:iam::123456789012:role/orders-prod-fis-role"
    attached = [r.inputs["policyArn"] for r in
                resources(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                if r.name.startswith("drills-")]
    assert attached == [
        "arn:aws:iam::aws:policy/service-role/AWSFaultInjectionSimulatorNetworkAccess"]


def test_role_permissions_are_the_documented_ones_on_this_environment() -> None:
    def eventual(data: dict[str, Any]) -> None:
        data["tables"]["customers"].pop("consistency")
        del data["disaster_recovery"]["witness_region"]

    statements = {s["Sid"]: s for s in policy(edited_plan("prod", eventual))["Statement"]}
    assert sorted(statements) == [
        "FindBuckets", "LogDelivery", "LogGroups", "PauseBucketReplication",
        "PauseRequestsOnly", "PauseTableReplication", "ReadFunctions", "ResolveTargets",
        "WriteFaultConfiguration"]
    assert all(s["Effect"] == "Allow" for s in statements.values())
    tables = statements["PauseTableReplication"]
    assert tables["Action"] == ["dynamodb:DeleteResourcePolicy", "dynamodb:DescribeTable",
                                "dynamodb:GetResourcePolicy", "dynamodb:PutResourcePolicy"]
    assert all(r.startswith("arn:aws:dynamodb:eu-west-1:123456789012:table/orders-prod-")
               for r in tables["Resource"])
    assert statements["PauseBucketReplication"]["Condition"] == {
        "StringEquals": {"s3:DestinationRegion": "eu-central-1"}}
    assert statements["PauseRequestsOnly"]["Condition"] == {
        "BoolIfExists": {"s3:isReplicationPauseRequest": "true"}}
    assert statements["WriteFaultConfiguration"]["Resource"] == [
        "arn:aws:s3:::orders-prod-fis-config-bucket/FisConfigs/*"]
    assert all(":function:orders-prod-" in r for r in statements["ReadFunctions"]["Resource"])
    # dynamodb:InjectError only for strongly consistent tables
    assert "PauseStrongTableReplication" not in statements


def test_strong_tables_add_inject_error() -> None:
    statements = {s["Sid"]: s for s in policy(shipped_plan("prod"))["Statement"]}
    assert statements["PauseStrongTableReplication"]["Action"] == ["dynamodb:InjectError"]


def test_functions_get_the_fis_extension_in_the_primary_only() -> None:
    plan = with_drills()
    for ident, arch in (("processor", "arm64"), ("health", "arm64")):
        fn = plan.named(f"functions-{ident}-fn").inputs
        assert fn["layers"] == [
            f"arn:aws:lambda:eu-west-1:000000000000:layer:aws-fis-extension-{arch}:1"]
        env = fn["environment"]["variables"]
        assert env["AWS_FIS_CONFIGURATION_LOCATION"] == (
            "arn:aws:s3:::orders-prod-fis-config-bucket/FisConfigs/")
        assert env["AWS_LAMBDA_EXEC_WRAPPER"] == "/opt/aws-fis/bootstrap"
        role_policy = json.loads(plan.named(f"functions-{ident}-policy").inputs["policy"])
        reads = {s["Sid"]: s for s in role_policy["Statement"]}
        assert reads["FisConfigList"]["Condition"] == {
            "StringLike": {"s3:prefix": ["FisConfigs/*"]}}
        assert reads["FisConfigRead"]["Resource"] == [
            "arn:aws:s3:::orders-prod-fis-config-bucket/FisConfigs/*"]
    standby = plan.named("functions-processor-fn-secondary").inputs
    assert "layers" not in standby
    assert "AWS_LAMBDA_EXEC_WRAPPER" not in standby["environment"]["variables"]


def test_the_configuration_bucket_is_locked_down() -> None:
    plan = with_drills()
    bucket = plan.named("drills-fis-config-bucket")
    assert bucket.inputs["bucket"] == "orders-prod-fis-config-bucket"
    assert bucket.inputs["region"] == "eu-west-1"
    block = plan.named("drills-fis-config-public-access").inputs
    assert all(block[k] for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls",
                                  "restrictPublicBuckets"))
    sse = plan.named("drills-fis-config-encryption").inputs["rules"][0]
    assert sse["applyServerSideEncryptionByDefault"] == {"sseAlgorithm": "AES256"}
    tls = json.loads(plan.named("drills-fis-config-policy").inputs["policy"])
    assert any(s["Effect"] == "Deny" for s in tls["Statement"])


def test_drill_template_ids_are_stack_outputs() -> None:
    outputs = with_drills().outputs
    assert {k for k in outputs if k.startswith("drill_")} == {
        "drill_region_isolation_template_id", "drill_az_loss_template_id",
        "drill_function_errors_template_id", "drill_function_latency_template_id"}
