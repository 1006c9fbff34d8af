"""Schedules: EventBridge Scheduler schedules that invoke the spec's functions.

One schedule group per environment (`<app>-<env>-schedules`), and per
schedule: the schedule itself (expression, time zone, state, no flexible
window, a bounded retry policy) and an execution role that only EventBridge
Scheduler, acting for this account's schedule group, may assume, allowed
`lambda:InvokeFunction` on exactly the target function (and its versions).

Schedules run in the primary region only (the factory does not list this
section for the secondary region): a scheduled job runs once per
environment, and a copy in the warm standby would run it twice against the
same global tables. After a failover, the runbook moves schedules over.
The event a function receives names its schedule:
`{"source": "drspec.schedule", "schedule": "<ident>"}`.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.factory import iam
from drspec.factory.context import BuildContext
from drspec.factory.functions import FunctionWiringError
from drspec.model import Schedule

SECTION = "schedules"
MAX_RETRY_ATTEMPTS = 2
MAX_EVENT_AGE_SECONDS = 3600
EVENT_SOURCE = "drspec.schedule"


def build(ctx: BuildContext) -> None:
    if not ctx.spec.schedules:
        return
    group = aws.scheduler.ScheduleGroup(
        ctx.logical(SECTION, "", "group"),
        name=ctx.env_physical("schedules"),
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(),
    )
    account_id = aws.get_caller_identity_output().account_id
    for schedule in ctx.spec.schedules:
        _schedule(ctx, schedule, group, account_id)


def event_input(schedule: Schedule) -> str:
    """The JSON event a scheduled invocation carries."""
    return json.dumps({"source": EVENT_SOURCE, "schedule": schedule.ident}, sort_keys=True)


def group_arn(ctx: BuildContext, account_id: pulumi.Input[str],
              group_name: pulumi.Input[str]) -> pulumi.Output[str]:
    """The schedule group's ARN, from its parts (the form Scheduler's
    `aws:SourceArn` carries)."""
    return pulumi.Output.concat(
        "arn:", iam.partition(ctx.region), ":scheduler:", ctx.region, ":", account_id,
        ":schedule-group/", group_name)


def schedule_role_name(ctx: BuildContext, schedule: Schedule) -> str:
    return iam.role_name(ctx.physical(schedule.ident, "schedule"),
                         region=ctx.region if ctx.secondary else None,
                         limit=naming.LIMITS["role"])


def _schedule(ctx: BuildContext, schedule: Schedule, group: aws.scheduler.ScheduleGroup,
              account_id: pulumi.Output[str]) -> aws.scheduler.Schedule:
    target = ctx.refs.functions.get(schedule.function)
    if target is None:
        raise FunctionWiringError(
            f"schedule {schedule.ident!r} targets function {schedule.function!r}, "
            f"which was not built in {ctx.region}")
    role_name = schedule_role_name(ctx, schedule)
    role = aws.iam.Role(
        ctx.logical(SECTION, schedule.ident, "role"),
        name=role_name,
        description=f"EventBridge Scheduler: {schedule.ident} invokes {schedule.function}",
        assume_role_policy=iam.render(iam.scheduler_trust(
            account_id, group_arn(ctx, account_id, group.name))),
        tags=ctx.tags(Name=role_name),
        opts=ctx.opts(),
    )
    policy = aws.iam.RolePolicy(
        ctx.logical(SECTION, schedule.ident, "policy"),
        name="invoke",
        role=role.id,
        policy=iam.render(iam.invoke_policy(target.arn)),
        opts=ctx.opts(parent=role),
    )
    return aws.scheduler.Schedule(
        ctx.logical(SECTION, schedule.ident, "schedule"),
        name=ctx.physical(schedule.ident, "schedule"),
        group_name=group.name,
        description=f"{schedule.expression} -> {schedule.function}",
        schedule_expression=schedule.expression,
        schedule_expression_timezone=schedule.timezone,
        state="ENABLED" if schedule.enabled else "DISABLED",
        flexible_time_window=aws.scheduler.ScheduleFlexibleTimeWindowArgs(mode="OFF"),
        target=aws.scheduler.ScheduleTargetArgs(
            arn=target.arn,
            role_arn=role.arn,
            input=event_input(schedule),
            retry_policy=aws.scheduler.ScheduleTargetRetryPolicyArgs(
                maximum_retry_attempts=MAX_RETRY_ATTEMPTS,
                maximum_event_age_in_seconds=MAX_EVENT_AGE_SECONDS,
            ),
        ),
        region=ctx.region,
        opts=ctx.opts(depends_on=[policy]),
    )
