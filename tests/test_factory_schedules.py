"""The schedules section in captured plans: EventBridge Scheduler schedules,
their execution roles, scoped to exactly the target function."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from factory_harness import SPECS, as_list, capture_compute, load_spec, policy, shipped, spec_from

from drspec.plan import capture as plan

SCHEDULE = "aws:scheduler/schedule:Schedule"
GROUP = "aws:scheduler/scheduleGroup:ScheduleGroup"


@pytest.fixture(scope="module")
def staging() -> plan.Plan:
    return shipped("staging")


def schedules(p: plan.Plan) -> dict[str, dict]:
    return {r.inputs["name"]: r.inputs for r in p.of_type(SCHEDULE)}


def test_one_schedule_per_entry_in_one_group(staging: plan.Plan) -> None:
    [group] = staging.of_type(GROUP)
    assert group.inputs["name"] == "orders-staging-schedules"
    found = schedules(staging)
    assert sorted(found) == ["orders-staging-nightly-report-schedule",
                             "orders-staging-probe-schedule"]
    for s in found.values():
        assert s["groupName"] == "orders-staging-schedules"
        assert s["region"] == "us-east-2"
        assert s["flexibleTimeWindow"] == {"mode": "OFF"}
        assert s["state"] == "ENABLED"


def test_expressions_and_time_zones(staging: plan.Plan) -> None:
    found = schedules(staging)
    probe = found["orders-staging-probe-schedule"]
    assert probe["scheduleExpression"] == "rate(5 minutes)"
    assert probe["scheduleExpressionTimezone"] == "UTC"
    nightly = found["orders-staging-nightly-report-schedule"]
    assert nightly["scheduleExpression"] == "cron(30 2 * * ? *)"
    assert nightly["scheduleExpressionTimezone"] == "America/Chicago"


def test_target_is_the_function_with_retries_and_a_named_event(staging: plan.Plan) -> None:
    target = schedules(staging)["orders-staging-probe-schedule"]["target"]
    assert target["arn"] == (
        "arn:aws:lambda:us-east-2:123456789012:function:orders-staging-health-fn")
    assert target["roleArn"] == (
        "arn:aws:iam::123456789012:role/orders-staging-probe-schedule-role")
    assert target["retryPolicy"] == {"maximumRetryAttempts": 2,
                                     "maximumEventAgeInSeconds": 3600}
    assert json.loads(target["input"]) == {"source": "drspec.schedule", "schedule": "probe"}


def test_role_may_invoke_exactly_its_function(staging: plan.Plan) -> None:
    fn = "arn:aws:lambda:us-east-2:123456789012:function:orders-staging-processor-fn"
    document = policy(staging.named("schedules-nightly-report-policy"))
    [stmt] = document["Statement"]
    assert stmt["Action"] == ["lambda:InvokeFunction"]
    assert stmt["Resource"] == [fn, f"{fn}:*"]
    assert staging.named("schedules-nightly-report-policy").inputs["role"] == (
        "orders-staging-nightly-report-schedule-role")


def test_role_trusts_scheduler_for_this_account_and_group(staging: plan.Plan) -> None:
    [stmt] = policy(staging.named("schedules-probe-role"), "assumeRolePolicy")["Statement"]
    assert stmt["Principal"] == {"Service": "scheduler.amazonaws.com"}
    assert stmt["Condition"] == {"StringEquals": {
        "aws:SourceAccount": "123456789012",
        "aws:SourceArn": ("arn:aws:scheduler:us-east-2:123456789012:"
                          "schedule-group/orders-staging-schedules"),
    }}


def test_schedule_waits_for_its_permission(staging: plan.Plan) -> None:
    schedule = staging.named("schedules-probe-schedule")
    assert staging.named("schedules-probe-policy").urn in schedule.depends_on


def test_disabled_schedule() -> None:
    spec = spec_from("""
        functions:
          job: {template: processor, vpc: false}
        schedules:
          paused: {cron: "0 6 ? * MON *", timezone: Europe/Berlin, function: job, enabled: false}
    """)
    [s] = capture_compute(spec).of_type(SCHEDULE)
    assert s.inputs["state"] == "DISABLED"
    assert s.inputs["scheduleExpression"] == "cron(0 6 ? * MON *)"
    assert s.inputs["scheduleExpressionTimezone"] == "Europe/Berlin"


def test_no_schedules_no_group_and_no_legacy_rules() -> None:
    spec = spec_from("""
        functions:
          job: {template: processor, vpc: false}
    """)
    p = capture_compute(spec)
    assert p.of_type(GROUP) == [] and p.of_type(SCHEDULE) == []
    assert p.of_type("aws:cloudwatch/eventRule:EventRule") == []


def test_a_probe_schedule_runs_in_both_regions() -> None:
    """prod's probe targets a health_check function: by default it keeps running in
    the standby (on_failover: always), each copy invoking its own region's function."""
    p = shipped("prod")
    found = {s.inputs["region"]: s for s in p.of_type(SCHEDULE)}
    assert sorted(found) == ["eu-central-1", "eu-west-1"]
    for region, s in found.items():
        assert f":{region}:" in s.inputs["target"]["arn"]
        assert s.inputs["state"] == "ENABLED"
    assert found["eu-central-1"].inputs["description"].endswith("(on failover: always)")
    roles = sorted(as_list(r.inputs["name"]) for r in p.of_type("aws:iam/role:Role")
                   if r.name.startswith("schedules-"))
    assert roles == [["orders-prod-probe-schedule-eu-central-1-role"],
                     ["orders-prod-probe-schedule-role"]]


@pytest.mark.parametrize(("policy", "standby_state"), [
    ("standby", "DISABLED"), ("always", "ENABLED"), ("stop", None)])
def test_on_failover_decides_the_standby_copy(policy: str, standby_state: str | None) -> None:
    spec = load_spec(SPECS / "prod.yaml")
    spec = replace(spec, schedules=tuple(replace(s, on_failover=policy)
                                         for s in spec.schedules))
    p = capture_compute(spec, SPECS, secondary=True)
    states = {s.inputs["region"]: s.inputs["state"] for s in p.of_type(SCHEDULE)}
    assert states["eu-west-1"] == "ENABLED"
    assert states.get("eu-central-1") == standby_state
