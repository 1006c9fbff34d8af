"""Schedules: EventBridge Scheduler schedules that invoke the spec's functions.

One schedule group per environment (`<app>-<env>-schedules`), and per
schedule: the schedule itself (expression, time zone, state, no flexible
window, a bounded retry policy) and an execution role that only EventBridge
Scheduler, acting for this account's schedule group, may assume, allowed
`lambda:InvokeFunction` on exactly the target function (and its versions).

What a schedule does when the primary region is lost is its `on_failover`
(EventBridge Scheduler is regional: a schedule of the primary region fires
nowhere once that region is down; "Event buses are specific to a Region. The
rule and the target must be in the same Region",
https://docs.aws.amazon.com/imagebuilder/latest/userguide/manage-pipelines.html).
In warm standby the section runs again in the secondary region:

- `standby` (the default for jobs): a copy of the schedule, created DISABLED,
  so a job never runs twice against the same global tables; the failover
  runbook enables it (and disables it again at failback);
- `always` (the default for a `health_check` probe): a copy that runs all the
  time, because it watches the region it runs in;
- `stop`: no copy; the job does not run while the primary region is lost.

Copies name their policy in their description (`on failover: ...`), so a plan
reader tells a waiting copy from a disabled one. Without warm standby nothing
runs in the secondary region, whatever `on_failover` says.
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
    if not [s for s in ctx.spec.schedules if copied_here(ctx, s)]:
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
        if copied_here(ctx, schedule):
            _schedule(ctx, schedule, group, account_id)


def copied_here(ctx: BuildContext, schedule: Schedule) -> bool:
    """Every schedule runs in the primary; the secondary copies all but `stop`."""
    return not ctx.secondary or schedule.on_failover != "stop"


def state_here(ctx: BuildContext, schedule: Schedule) -> str:
    """ENABLED or DISABLED: a `standby` copy waits, disabled, for the failover."""
    running = schedule.enabled and (not ctx.secondary or schedule.on_failover == "always")
    return "ENABLED" if running else "DISABLED"


def describe(ctx: BuildContext, schedule: Schedule) -> str:
    text = f"{schedule.expression} -> {schedule.function}"
    if not ctx.secondary:
        return text
    return f"{text} (on failover: {schedule.on_failover})"


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
    return naming.role_name(ctx.physical(schedule.ident, "schedule"),
                            region=ctx.region if ctx.secondary else None)


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
        description=describe(ctx, schedule),
        schedule_expression=schedule.expression,
        schedule_expression_timezone=schedule.timezone,
        state=state_here(ctx, schedule),
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
