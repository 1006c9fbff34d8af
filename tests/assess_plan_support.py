"""Plans to simulate: the shipped prod plan, captured once, and ways to break it on purpose.

`standalone(plan)` adds to a plan what a standby needs to stand alone after
the primary region is lost (a topic with a subscriber and an alarm in the
secondary region, the standby functions publishing there, an alarm on the
primary's health check in us-east-1, the schedule's twin, replication back
from the written replica), wherever the plan lacks it; the break tests then
take one piece away at a time and expect the simulation to notice.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from plan_support import REPO, shipped_plan

from drspec.assess.breaks import Break
from drspec.assess.engine import Assessment, assess
from drspec.assess.graph import (
    ALARM,
    API,
    BUCKET,
    FUNCTION,
    RECORD,
    REPLICATION,
    ROLE_POLICY,
    SCHEDULE,
    SUBSCRIPTION,
    TOPIC,
    PlanGraph,
)
from drspec.model import Spec
from drspec.pipeline import check
from drspec.plan.mocks import ACCOUNT_ID
from drspec.plan.model import Plan, PlannedResource

PRIMARY, SECONDARY = "eu-west-1", "eu-central-1"
ROUTE53_REGION = "us-east-1"


@functools.cache
def prod_spec() -> Spec:
    with contextlib.chdir(REPO):
        result = check("specs/prod.yaml")
    assert result.ok and result.spec is not None
    return result.spec


def prod_plan() -> Plan:
    """A private copy of the prod plan (captured once per session)."""
    return copy.deepcopy(shipped_plan("prod"))


def judge(plan: Plan) -> Assessment:
    return assess(prod_spec(), PlanGraph(plan))


def breaks(plan: Plan, scenario: str) -> list[Break]:
    return list(judge(plan).scenario(scenario).breaks)


# -- editing plans ------------------------------------------------------------------


def without(plan: Plan, drop: Callable[[PlannedResource], bool]) -> Plan:
    kept = [r for r in plan.resources if not drop(r)]
    assert len(kept) < len(plan.resources), "nothing was dropped"
    return Plan(plan.spec, kept, plan.outputs)


def edited(plan: Plan, name: str, change: Callable[[dict[str, Any]], object]) -> Plan:
    """`plan` with the inputs of resource `name` changed in place by `change`."""
    out = []
    for r in plan.resources:
        if r.name == name:
            inputs = copy.deepcopy(r.inputs)
            change(inputs)
            r = replace(r, inputs=inputs)
        out.append(r)
    return Plan(plan.spec, out, plan.outputs)


def with_resources(plan: Plan, *added: PlannedResource) -> Plan:
    return Plan(plan.spec, sorted([*plan.resources, *added], key=lambda r: r.urn), plan.outputs)


def resource(type_: str, name: str, inputs: dict[str, Any]) -> PlannedResource:
    urn = f"urn:pulumi:prod::drspec::drspec:index:Environment${type_}::{name}"
    return PlannedResource(type_, name, urn, None, False, False, (), inputs)


def topic_arn(region: str, name: str) -> str:
    return f"arn:aws:sns:{region}:{ACCOUNT_ID}:{name}"


# -- a standby that stands alone -----------------------------------------------------------


def _alerting_in(region: str, topic: str, alarm: dict[str, Any]) -> list[PlannedResource]:
    arn = topic_arn(region, topic)
    return [
        resource(TOPIC, f"probe-{region}-topic", {"name": topic, "region": region}),
        resource(SUBSCRIPTION, f"probe-{region}-subscription", {
            "endpoint": "oncall@example.com", "protocol": "email", "region": region,
            "topic": arn}),
        resource(ALARM, f"probe-{region}-alarm", {
            "name": f"{topic}-alarm", "region": region, "alarmActions": [arn], **alarm}),
    ]


def standalone(plan: Plan) -> Plan:
    """`plan` plus what the standby needs to stand alone (see the module docstring)."""
    plan = with_resources(
        plan,
        *_alerting_in(SECONDARY, "orders-prod-topic", {
            "namespace": "AWS/ApiGateway", "metricName": "5xx",
            "dimensions": {"ApiId": "api-http-api-secondary-id"}}),
        *_alerting_in(ROUTE53_REGION, "orders-prod-route53-topic", {
            "namespace": "AWS/Route53", "metricName": "HealthCheckStatus",
            "dimensions": {"HealthCheckId": "failover-primary-health-check-id"}}),
        resource(SCHEDULE, "probe-schedule-secondary", {
            "name": "orders-prod-probe-schedule", "region": SECONDARY,
            "target": {"arn": f"arn:aws:lambda:{SECONDARY}:{ACCOUNT_ID}:function:"
                              "orders-prod-health-fn"}}),
        resource(REPLICATION, "probe-documents-back", {
            "bucket": "orders-prod-documents-replica", "region": SECONDARY,
            "rules": [{"destination": {"bucket": "arn:aws:s3:::orders-prod-documents-bucket"},
                       "status": "Enabled"}]}),
    )
    primary_topic = topic_arn(PRIMARY, "orders-prod-topic")
    for policy in plan.of_type(ROLE_POLICY):
        if policy.name.endswith("-secondary") and primary_topic in policy.inputs["policy"]:
            plan = edited(plan, policy.name, lambda i: i.update(policy=i["policy"].replace(
                primary_topic, topic_arn(SECONDARY, "orders-prod-topic"))))
    for fn in plan.of_type(FUNCTION):
        variables = (fn.inputs.get("environment") or {}).get("variables") or {}
        if fn.region == SECONDARY and PRIMARY in str(variables.get("TOPIC_ARN", "")):
            plan = edited(plan, fn.name, lambda i: i["environment"]["variables"].update(
                TOPIC_ARN=topic_arn(SECONDARY, "orders-prod-topic")))
    return plan


# -- what to break ----------------------------------------------------------------------------


def in_region(type_: str, region: str) -> Callable[[PlannedResource], bool]:
    return lambda r: r.type == type_ and r.region == region


def failover_record(kind: str) -> Callable[[PlannedResource], bool]:
    return lambda r: r.type == RECORD and any(
        p.get("type") == kind for p in r.inputs.get("failoverRoutingPolicies") or [])


def health_check_alarm(r: PlannedResource) -> bool:
    return r.type == ALARM and r.inputs.get("metricName") == "HealthCheckStatus"


def replication_back(r: PlannedResource) -> bool:
    return r.type == REPLICATION and r.region == SECONDARY


def secondary_api(r: PlannedResource) -> bool:
    return r.type == API and r.region == SECONDARY


def secondary_bucket(r: PlannedResource) -> bool:
    return r.type == BUCKET and r.region == SECONDARY


def no_replicas(inputs: dict[str, Any]) -> None:
    inputs["replicas"] = []


def policy_without(sid: str) -> Callable[[dict[str, Any]], None]:
    def change(inputs: dict[str, Any]) -> None:
        policy = json.loads(inputs["policy"])
        policy["Statement"] = [s for s in policy["Statement"]
                               if not str(s.get("Sid", "")).startswith(sid)]
        inputs["policy"] = json.dumps(policy)
    return change
