"""`drspec assess` on the compiled plan: each failure simulated on the resource graph.

The prod plan is captured once; the tests break copies of it on purpose (a
topic, the subscriptions, a failover record, the standby API, a replica, a
grant, a protect flag) and expect each break to be caught, located at the
spec key to change.
"""

from __future__ import annotations

from collections.abc import Callable

import dr_support
import pytest
from assess_plan_support import (
    PRIMARY,
    SECONDARY,
    breaks,
    edited,
    failover_record,
    health_check_alarm,
    in_region,
    judge,
    no_replicas,
    policy_without,
    prod_plan,
    replication_back,
    secondary_api,
    standalone,
    without,
)

from drspec.assess.engine import assess
from drspec.assess.graph import ROUTE, SCHEDULE, SUBSCRIPTION, TOPIC, PlanGraph
from drspec.assess.simulate_local import undo_windows
from drspec.plan.model import Plan


def located(plan: Plan, scenario: str) -> set[tuple[str, tuple[str, ...]]]:
    return {(b.code, tuple(str(p) for p in b.path)) for b in breaks(plan, scenario)}


def test_a_standby_that_stands_alone_survives_the_region_and_comes_back() -> None:
    assessment = judge(standalone(prod_plan()))
    for key in ("region_loss", "failback"):
        scenario = assessment.scenario(key)
        assert scenario.breaks == (), [b.message for b in scenario.breaks]
        assert scenario.meets(assessment.objectives) is True


def test_alerting_that_lives_only_in_the_primary_leaves_region_loss_unmet() -> None:
    plan = prod_plan()
    if not any(t.region == SECONDARY for t in plan.of_type(TOPIC)):
        assessment = judge(plan)
        scenario = assessment.scenario("region_loss")
        assert scenario.meets(assessment.objectives) is False
        assert ("E554", ("alerts",)) in located(plan, "region_loss")
    # the same gap made on purpose, whatever the factory builds today
    broken = without(standalone(plan), in_region(TOPIC, SECONDARY))
    assert ("E554", ("alerts",)) in located(broken, "region_loss")


BREAKS: dict[str, tuple[Callable[[Plan], Plan], str, str, tuple[str, ...]]] = {
    "the secondary topic": (
        lambda p: without(p, in_region(TOPIC, SECONDARY)),
        "region_loss", "E554", ("alerts",)),
    "every secondary subscription": (
        lambda p: without(p, in_region(SUBSCRIPTION, SECONDARY)),
        "region_loss", "E554", ("alerts",)),
    "the health-check alarm": (
        lambda p: without(p, health_check_alarm),
        "region_loss", "E554", ("disaster_recovery", "failover")),
    "the secondary failover record": (
        lambda p: without(p, failover_record("SECONDARY")),
        "region_loss", "E552", ("disaster_recovery", "failover")),
    "the primary's health check reference": (
        lambda p: edited(p, "failover-primary-record", lambda i: i.pop("healthCheckId")),
        "region_loss", "E552", ("disaster_recovery", "failover")),
    "the standby api": (
        lambda p: without(p, secondary_api),
        "region_loss", "E552", ("disaster_recovery", "failover")),
    "a standby route": (
        lambda p: without(p, lambda r: r.type == ROUTE and r.region == SECONDARY
                          and r.inputs.get("routeKey") == "POST /orders"),
        "region_loss", "E552", ("api", "routes", "POST /orders")),
    "the orders table's replica": (
        lambda p: edited(p, "tables-orders-table", no_replicas),
        "region_loss", "E553", ("disaster_recovery", "global_tables")),
    "the standby's grant on orders": (
        lambda p: edited(p, "functions-processor-policy-secondary",
                         policy_without("TableOrders")),
        "region_loss", "E553", ("functions", "processor")),
    "the schedule's twin": (
        lambda p: without(p, in_region(SCHEDULE, SECONDARY)),
        "region_loss", "E558", ("schedules", "probe")),
    "the replication back": (
        lambda p: without(p, replication_back),
        "failback", "E555", ("buckets", "documents")),
}


@pytest.mark.parametrize("what", sorted(BREAKS))
def test_a_plan_broken_on_purpose_is_caught_at_the_key_to_change(what: str) -> None:
    brk, scenario, code, path = BREAKS[what]
    plan = brk(standalone(prod_plan()))
    assert (code, path) in located(plan, scenario), [b.message for b in breaks(plan, scenario)]
    assessment = judge(plan)
    assert assessment.scenario(scenario).meets(assessment.objectives) is False
    assert any(f.code == code for f in assessment.findings)


def test_a_lost_replica_is_data_without_a_copy_too() -> None:
    plan = edited(standalone(prod_plan()), "tables-orders-table", no_replicas)
    assert ("E556", ("disaster_recovery", "global_tables")) in located(plan, "region_loss")


def test_a_zone_routed_through_another_zones_nat_is_caught() -> None:
    per_az = dr_support.spec("nat-per-az")
    captured = dr_support.plan("nat-per-az")
    plan = edited(captured, f"network-{PRIMARY}b-private-nat-route",
                  lambda i: i.update(natGatewayId=f"network-{PRIMARY}a-nat-id"))
    routed = assess(per_az, PlanGraph(plan)).scenario("az_loss").breaks
    assert ("E557", ("network", "nat")) in {(b.code, tuple(map(str, b.path))) for b in routed}
    assert assess(per_az, PlanGraph(captured)).scenario("az_loss").breaks == ()
    assert breaks(prod_plan(), "az_loss") == []


@pytest.mark.parametrize(("name", "change", "scenario", "path"), [
    ("tables-orders-table", lambda i: i.update(pointInTimeRecovery={"enabled": False}),
     "table_deleted", ("tables", "orders", "point_in_time_recovery")),
    ("tables-orders-table", lambda i: i.update(deletionProtectionEnabled=False),
     "table_deleted", ("tables", "orders", "deletion_protection")),
    ("buckets-statements-versioning",
     lambda i: i.update(versioningConfiguration={"status": "Suspended"}),
     "bucket_deleted", ("buckets", "statements", "versioning")),
])
def test_a_mechanism_the_spec_counts_on_missing_from_the_plan_is_caught(
        name: str, change: Callable[[dict[str, object]], object], scenario: str,
        path: tuple[str, ...]) -> None:
    assert ("E556", path) in located(edited(prod_plan(), name, change), scenario)


def test_an_unprotected_table_does_not_survive_the_stack() -> None:
    from dataclasses import replace

    plan = prod_plan()
    plan.resources = [replace(r, protect=False) if r.name == "tables-orders-table" else r
                      for r in plan.resources]
    assert located(plan, "stack_destroyed") == {("E556", ("protect",))}


def test_how_long_a_deleted_object_can_come_back_is_read_from_the_plan() -> None:
    graph = PlanGraph(prod_plan())
    windows = undo_windows(graph, judge(prod_plan()).spec)
    # statements sets no noncurrent expiry of its own: drspec's default rule (90 days).
    assert windows == {"documents": 365, "statements": 90}

    def shorter(inputs: dict[str, object]) -> None:
        rules = inputs["rules"]
        assert isinstance(rules, list)
        rules[0]["noncurrentVersionExpiration"] = {"noncurrentDays": 7.0}

    plan = edited(prod_plan(), "buckets-documents-lifecycle", shorter)
    mechanisms = [f.mechanism for f in judge(plan).scenario("bucket_deleted").factors
                  if f.component == "bucket 'documents'"]
    assert "versioning keeps deleted objects for 7 days (noncurrent version expiry)" in mechanisms


def test_a_provisioned_table_keeps_its_replica_resource_through_region_loss() -> None:
    """A provisioned global table's replica is its own `TableReplica` resource."""
    from plan_support import shipped_plan

    from drspec.assess.graph import TABLE, TABLE_REPLICA

    plan = Plan.from_json(shipped_plan("staging").to_json())
    graph = PlanGraph(plan)
    [customers] = [t for t in graph.of_type(TABLE) if "customers" in t.resource.name]
    assert graph.of_type(TABLE_REPLICA)
    assert len(graph.regions_of(customers)) == 2
    dropped = without(plan, lambda r: r.type == TABLE_REPLICA)
    assert len(PlanGraph(dropped).regions_of(
        next(t for t in PlanGraph(dropped).of_type(TABLE) if "customers" in t.resource.name))) == 1


def test_a_read_only_standby_points_at_the_setting_when_a_writer_is_left_without_grant() -> None:
    """The processor only writes `documents`; a read-only standby grants it nothing there."""
    from dr_support import plan as variant_plan
    from dr_support import spec as variant_spec

    from drspec.assess.engine import assess

    spec = variant_spec("read-only")
    assessment = assess(spec, PlanGraph(Plan.from_json(variant_plan("read-only").to_json())))
    found = [b for b in assessment.scenario("region_loss").breaks
             if tuple(b.path) == ("disaster_recovery", "standby_buckets")]
    assert found, [(b.message, b.path) for b in assessment.scenario("region_loss").breaks]
    assert "standby_buckets: read_write" in found[0].hint


def test_every_companion_of_a_kept_bucket_is_kept_too() -> None:
    from drspec.assess.simulate_local import BUCKET_COMPANIONS

    plan = prod_plan()
    kept = {r.inputs["bucket"] for r in plan.of_type("aws:s3/bucket:Bucket")
            if r.protect and r.retain_on_delete}
    companions = [r for r in plan.resources if r.type in BUCKET_COMPANIONS]
    assert len(companions) >= 24
    loose = [r.name for r in companions if not (r.protect and r.retain_on_delete)]
    assert kept and not loose


@pytest.mark.parametrize("name", ["buckets-documents-versioning",
                                  "replication-statements-replica-public-access",
                                  "replication-documents-config"])
def test_an_unprotected_companion_loses_the_kept_buckets_posture(name: str) -> None:
    from dataclasses import replace

    plan = prod_plan()
    assert any(r.name == name for r in plan.resources)
    plan.resources = [replace(r, protect=False, retain_on_delete=False) if r.name == name
                      else r for r in plan.resources]
    assert located(plan, "stack_destroyed") == {("E556", ("protect",))}
