"""The tables section on captured plans: keys, billing, PITR, streams, SSE, replicas."""

from __future__ import annotations

import json
from typing import Any

import pytest
from plan_support import edited_plan, resources, shipped_plan

from drspec.factory.tables import replica_key_arn
from drspec.plan.capture import Plan, PlannedResource

TABLE = "aws:dynamodb/table:Table"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
MRK = "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"


def table(plan: Plan, ident: str) -> PlannedResource:
    return plan.named(f"tables-{ident}-table")


def with_orders(**changes: Any) -> Plan:
    def edit(data: dict[str, Any]) -> None:
        data["tables"]["orders"].update(changes)

    return edited_plan("dev", edit)


def test_keys_attributes_and_defaults() -> None:
    inputs = table(shipped_plan("dev"), "orders").inputs
    assert inputs["name"] == "orders-dev-orders-table"
    assert inputs["hashKey"] == "order_id"
    assert inputs["rangeKey"] == "created_at"
    assert inputs["attributes"] == [
        {"name": "order_id", "type": "S"}, {"name": "created_at", "type": "N"},
    ]
    assert inputs["billingMode"] == "PAY_PER_REQUEST"
    assert "readCapacity" not in inputs and "writeCapacity" not in inputs
    assert inputs["pointInTimeRecovery"] == {"enabled": True}
    assert inputs["streamEnabled"] is True
    assert inputs["streamViewType"] == "NEW_AND_OLD_IMAGES"
    assert inputs["serverSideEncryption"] == {"enabled": True}  # aws_managed
    assert inputs["deletionProtectionEnabled"] is True
    assert inputs["ttl"] == {"attributeName": "expires_at", "enabled": True}
    assert inputs["region"] == "us-east-1"
    assert "replicas" not in inputs


def test_provisioned_billing_sets_capacities() -> None:
    inputs = table(shipped_plan("staging"), "customers").inputs
    assert inputs["billingMode"] == "PROVISIONED"
    assert (inputs["readCapacity"], inputs["writeCapacity"]) == (5.0, 5.0)
    assert "rangeKey" not in inputs
    assert "ttl" not in inputs


@pytest.mark.parametrize(("encryption", "expected"), [
    ("aws_owned", None),
    ("aws_managed", {"enabled": True}),
    (KEY, {"enabled": True, "kmsKeyArn": KEY}),
])
def test_encryption_maps_to_server_side_encryption(encryption: str,
                                                   expected: dict[str, Any] | None) -> None:
    inputs = table(with_orders(encryption=encryption), "orders").inputs
    assert inputs.get("serverSideEncryption") == expected


def test_stream_none_disables_the_stream_and_pitr_can_be_off() -> None:
    inputs = table(with_orders(stream="none", point_in_time_recovery=False,
                               deletion_protection=False), "orders").inputs
    assert inputs["streamEnabled"] is False
    assert "streamViewType" not in inputs
    assert inputs["pointInTimeRecovery"] == {"enabled": False}
    assert inputs["deletionProtectionEnabled"] is False


def test_stream_view_type_is_upper_case() -> None:
    inputs = table(with_orders(stream="keys_only"), "orders").inputs
    assert inputs["streamViewType"] == "KEYS_ONLY"


def test_tables_are_protected_and_retained_unless_protect_is_false() -> None:
    dev = table(shipped_plan("dev"), "orders")  # dev says protect: false
    assert (dev.protect, dev.retain_on_delete) == (False, False)
    for name in ("staging", "prod"):
        for r in resources(shipped_plan(name), TABLE):
            assert (r.protect, r.retain_on_delete) == (True, True), (name, r.name)


def test_global_tables_get_a_replica_with_pitr_in_the_secondary_region() -> None:
    plan = shipped_plan("prod")
    for ident in ("orders", "idempotency"):  # customers is strongly consistent
        inputs = table(plan, ident).inputs
        assert inputs["replicas"] == [{
            "deletionProtectionEnabled": True,
            "pointInTimeRecovery": True,
            "propagateTags": True,
            "regionName": "eu-central-1",
        }]
        assert inputs["streamViewType"] == "NEW_AND_OLD_IMAGES"
        assert inputs["region"] == "eu-west-1"
    # one table resource per table: replicas are not separate resources
    assert len(resources(plan, TABLE)) == 3
    assert not resources(plan, "aws:dynamodb/tableReplica:TableReplica")


def test_pilot_light_also_replicates_tables_by_default() -> None:
    inputs = table(shipped_plan("staging"), "orders").inputs
    assert [r["regionName"] for r in inputs["replicas"]] == ["us-west-2"]


def test_provisioned_global_table_gets_write_auto_scaling_before_its_replica() -> None:
    """DynamoDB refuses a replica of a provisioned table without write auto
    scaling ("Table write capacity should either be Pay-Per-Request or
    AutoScaled"): staging's provisioned `customers` table gets a scaling target
    and policy first, then its replica as a TableReplica waiting for them."""
    plan = shipped_plan("staging")
    customers = table(plan, "customers")
    assert "replicas" not in customers.inputs
    assert customers.ignore_changes == ("replicas",)  # the TableReplica owns the replica

    [target] = resources(plan, "aws:appautoscaling/target:Target")
    assert target.inputs["serviceNamespace"] == "dynamodb"
    assert target.inputs["resourceId"] == "table/orders-staging-customers-table"
    assert target.inputs["scalableDimension"] == "dynamodb:table:WriteCapacityUnits"
    # Pinned to the spec's capacity: the table's writeCapacity never drifts.
    assert target.inputs["minCapacity"] == target.inputs["maxCapacity"] == 5.0
    assert target.inputs["region"] == "us-east-2"
    assert customers.urn in target.depends_on

    [policy] = resources(plan, "aws:appautoscaling/policy:Policy")
    assert policy.inputs["policyType"] == "TargetTrackingScaling"
    assert policy.inputs["resourceId"] == target.inputs["resourceId"]
    assert policy.inputs["scalableDimension"] == target.inputs["scalableDimension"]
    tracking = policy.inputs["targetTrackingScalingPolicyConfiguration"]
    assert tracking["predefinedMetricSpecification"] == {
        "predefinedMetricType": "DynamoDBWriteCapacityUtilization"}
    assert target.urn in policy.depends_on

    [replica] = resources(plan, "aws:dynamodb/tableReplica:TableReplica")
    assert replica.inputs["globalTableArn"] == (
        "arn:aws:dynamodb:us-east-2:123456789012:table/orders-staging-customers-table")
    assert replica.inputs["region"] == "us-west-2"
    assert replica.inputs["pointInTimeRecovery"] is True
    assert replica.inputs["deletionProtectionEnabled"] is True
    assert (replica.protect, replica.retain_on_delete) == (True, True)
    assert policy.urn in replica.depends_on

    # The on-demand table keeps its replica inline, with nothing to wait for.
    orders = table(plan, "orders")
    assert [r["regionName"] for r in orders.inputs["replicas"]] == ["us-west-2"]
    assert orders.ignore_changes == ()


def test_provisioned_table_without_replica_has_no_auto_scaling() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["disaster_recovery"]["global_tables"] = False

    plan = edited_plan("staging", edit)
    assert not resources(plan, "aws:appautoscaling/target:Target")
    assert not resources(plan, "aws:dynamodb/tableReplica:TableReplica")
    assert table(plan, "customers").ignore_changes == ()


def test_global_tables_off_builds_no_replica() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["disaster_recovery"]["global_tables"] = False

    inputs = table(edited_plan("staging", edit), "orders").inputs
    assert "replicas" not in inputs


def test_replica_of_a_multi_region_key_uses_that_key_in_the_secondary_region() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["tables"]["orders"]["encryption"] = MRK

    inputs = table(edited_plan("prod", edit), "orders").inputs
    assert inputs["serverSideEncryption"] == {"enabled": True, "kmsKeyArn": MRK}
    assert inputs["replicas"][0]["kmsKeyArn"] == MRK.replace("eu-west-1", "eu-central-1")


PRIMARY_KEY = "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"


def orders_under(key: str) -> Plan:
    def edit(data: dict[str, Any]) -> None:
        data["tables"]["orders"]["encryption"] = key

    return edited_plan("prod", edit)


def table_key_grants(plan: Plan, role: str) -> dict[str, str]:
    """KMS key ARN -> the service it may be used through, in `role`'s inline policy."""
    [grant] = [r for r in plan.of_type("aws:iam/rolePolicy:RolePolicy")
               if r.inputs["role"] == role]
    out = {}
    for st in json.loads(grant.inputs["policy"])["Statement"]:
        via = st.get("Condition", {}).get("StringEquals", {}).get("kms:ViaService", "")
        if via.startswith("dynamodb."):
            [key] = st["Resource"]
            out[key] = via
    return out


def test_replica_of_a_single_region_customer_key_gets_its_own_key() -> None:
    """AWS wants a customer managed key of the replica's region for every replica
    of a table under a customer managed key: drspec creates one there."""
    plan = orders_under(PRIMARY_KEY)
    [key] = [k for k in resources(plan, "aws:kms/key:Key") if k.name == "tables-orders-replica-key"]
    assert key.inputs["region"] == "eu-central-1"
    assert key.inputs["enableKeyRotation"] is True
    assert (key.protect, key.retain_on_delete) == (True, True)
    key_arn = f"arn:aws:kms:eu-central-1:123456789012:key/{key.name}-id"
    inputs = table(plan, "orders").inputs
    assert inputs["serverSideEncryption"] == {"enabled": True, "kmsKeyArn": PRIMARY_KEY}
    assert inputs["replicas"][0]["kmsKeyArn"] == key_arn
    # Each copy of the processor may use the key of the table in its own region.
    assert table_key_grants(plan, "orders-prod-processor-fn-role") == {
        PRIMARY_KEY: "dynamodb.eu-west-1.amazonaws.com"}
    assert table_key_grants(plan, "orders-prod-processor-fn-eu-central-1-role") == {
        key_arn: "dynamodb.eu-central-1.amazonaws.com"}


def test_standby_functions_may_use_the_multi_region_key_replica() -> None:
    mrk = MRK  # a key of prod's primary region, eu-west-1
    plan = orders_under(mrk)
    assert not [k for k in resources(plan, "aws:kms/key:Key") if "orders" in k.name]
    replica_key = mrk.replace("eu-west-1", "eu-central-1")
    assert table_key_grants(plan, "orders-prod-processor-fn-eu-central-1-role") == {
        replica_key: "dynamodb.eu-central-1.amazonaws.com"}


def test_aws_managed_tables_need_no_replica_key() -> None:
    plan = shipped_plan("prod")
    assert not [k for k in resources(plan, "aws:kms/key:Key") if k.name.startswith("tables-")]
    assert table_key_grants(plan, "orders-prod-processor-fn-eu-central-1-role") == {}


def test_replica_key_arn() -> None:
    assert replica_key_arn(MRK, "us-east-2") == MRK.replace("eu-west-1", "us-east-2")
    assert replica_key_arn(KEY, "us-east-2") is None
    assert replica_key_arn(None, "us-east-2") is None


def test_tables_export_name_and_arn() -> None:
    outputs = shipped_plan("prod").outputs
    assert outputs["table_orders_name"] == "orders-prod-orders-table"
    assert outputs["table_orders_arn"] == (
        "arn:aws:dynamodb:eu-west-1:123456789012:table/orders-prod-orders-table")


def test_adding_a_table_with_a_dash_in_its_ident_exports_underscored_keys() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["tables"]["order-items"] = {"partition_key": {"name": "id", "type": "S"}}

    plan = edited_plan("dev", edit)
    assert table(plan, "order-items").inputs["name"] == "orders-dev-order-items-table"
    assert plan.outputs["table_order_items_name"] == "orders-dev-order-items-table"


def test_a_strongly_consistent_table_has_a_strong_replica_and_a_witness() -> None:
    """MRSC: two replicas and a witness, the witness in the third region; the
    other tables stay eventually consistent (no mode, no witness)."""
    def edit(data: dict[str, Any]) -> None:
        data["tables"]["ledger"] = {"partition_key": {"name": "id", "type": "S"},
                                    "consistency": "strong"}
        data["disaster_recovery"]["witness_region"] = "eu-west-3"

    plan = edited_plan("prod", edit)
    ledger = table(plan, "ledger").inputs
    assert ledger["replicas"] == [{
        "consistencyMode": "STRONG",
        "deletionProtectionEnabled": True,
        "pointInTimeRecovery": True,
        "propagateTags": True,
        "regionName": "eu-central-1",
    }]
    assert ledger["globalTableWitness"] == {"regionName": "eu-west-3"}
    assert ledger["region"] == "eu-west-1"
    assert "ttl" not in ledger
    orders = table(plan, "orders").inputs
    assert "globalTableWitness" not in orders
    assert "consistencyMode" not in orders["replicas"][0]
