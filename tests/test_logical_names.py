"""Logical names are resource identities: a changed name replaces the resource.

`DEV_NAMES` pins every logical name `specs/dev.yaml` compiles to. When this
test fails, a change renamed (and so would replace) deployed resources: keep
the old name, or add `aliases=[pulumi.Alias(name=old)]` and update the list
on purpose. Names also depend only on the spec entries that own them, so
adding or reordering other entries renames nothing.
"""

from __future__ import annotations

from typing import Any

from plan_support import edited_plan, shipped_data, shipped_plan

from drspec.plan.capture import Plan

DEV_NAMES = [
    "alarms-orders-throttles-alarm",
    "alarms-probe-posture",
    "alarms-processor-errors-alarm",
    "alerts-email-ab9c62b2-subscription",
    "alerts-key",
    "alerts-key-alias",
    "alerts-topic",
    "api-access-logs",
    "api-get-health-74fac65f-route",
    "api-health-integration",
    "api-health-permission",
    "api-http-api",
    "api-post-orders-be6d737e-route",
    "api-processor-integration",
    "api-processor-permission",
    "api-stage",
    "buckets-documents-bucket",
    "buckets-documents-encryption",
    "buckets-documents-lifecycle",
    "buckets-documents-ownership",
    "buckets-documents-policy",
    "buckets-documents-public-access-block",
    "buckets-documents-versioning",
    "dashboard-dashboard",
    "functions-health-basic-execution",
    "functions-health-fn",
    "functions-health-log-group",
    "functions-health-policy",
    "functions-health-role",
    "functions-processor-basic-execution",
    "functions-processor-fn",
    "functions-processor-log-group",
    "functions-processor-policy",
    "functions-processor-role",
    "functions-processor-vpc-access",
    "network-dynamodb-endpoint",
    "network-igw",
    "network-lambda-https-egress",
    "network-lambda-sg",
    "network-public-default-route",
    "network-public-rt",
    "network-s3-endpoint",
    "network-us-east-1a-private-rt",
    "network-us-east-1a-private-rta",
    "network-us-east-1a-private-subnet",
    "network-us-east-1a-public-rta",
    "network-us-east-1a-public-subnet",
    "network-us-east-1b-private-rt",
    "network-us-east-1b-private-rta",
    "network-us-east-1b-private-subnet",
    "network-us-east-1b-public-rta",
    "network-us-east-1b-public-subnet",
    "network-vpc",
    "orders-dev",
    "schedules-group",
    "schedules-probe-policy",
    "schedules-probe-role",
    "schedules-probe-schedule",
    "tables-orders-table",
]


def names(plan: Plan) -> set[str]:
    return {r.name for r in plan.resources}


def test_dev_logical_names_are_pinned() -> None:
    assert sorted(names(shipped_plan("dev"))) == DEV_NAMES


def test_logical_names_are_unique_per_plan() -> None:
    for spec in ("dev", "staging", "prod"):
        plan = shipped_plan(spec)
        assert len(names(plan)) == len(plan.resources), spec


def test_adding_a_table_renames_nothing_else() -> None:
    def edit(data: dict[str, Any]) -> None:
        tables = data["tables"]
        # first in the map: a position-based name would shift every other table
        data["tables"] = {"invoices": {"partition_key": {"name": "id", "type": "S"}}, **tables}

    after = names(edited_plan("dev", edit))
    before = names(shipped_plan("dev"))
    assert before <= after
    assert {n for n in after - before} == {"tables-invoices-table"}


def test_adding_entries_elsewhere_renames_nothing() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["buckets"] = {"archive": {}, **data["buckets"]}
        data["alarms"] = {"health-errors": {"metric": "lambda_errors", "target": "health",
                                            "threshold": 1}, **data["alarms"]}
        data["alerts"]["email"].insert(0, "first@example.com")

    before = names(shipped_plan("dev"))
    after = names(edited_plan("dev", edit))
    assert before <= after
    added = after - before
    assert added and all(
        n.startswith(("buckets-archive-", "alarms-health-errors-", "alerts-email-"))
        for n in added), added


def test_reordering_tables_changes_no_name() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["tables"] = dict(reversed(list(data["tables"].items())))

    assert len(shipped_data("staging")["tables"]) > 1
    assert names(edited_plan("staging", edit)) == names(shipped_plan("staging"))
