"""The `drills` section: one AWS FIS experiment template per drill of the spec.

What each drill injects comes from `drspec.drills.catalog`; this module turns
it into resources in the primary region, where the experiments run:

- a log group for experiment logs (`/aws/vendedlogs/fis/...`: FIS delivers
  them as vended logs), whose ARN FIS takes with `:*` appended (pulumi-aws:
  "The ARN must end with `:*`");
- the one role FIS assumes (`drspec.factory.drills_iam`);
- with function drills, the bucket the FIS Lambda extension reads its fault
  configuration from ("a separate bucket for each AWS Region":
  https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html):
  encrypted, public access blocked, TLS only, protected and retained like
  every bucket drspec makes; not versioned, since it holds only the
  configuration of running experiments (FIS writes and deletes it);
- the templates: targets by ARN (at most `MAX_TARGET_ARNS` per target, so
  longer lists are split), buckets by tag (the only way the bucket action
  targets), every action bounded, stop conditions = the spec's alarms built in
  this region that the drill is not expected to set off.

Nothing runs until a person starts an experiment from a template.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.drills.actions import BUCKET_TARGET_TAG, MAX_STOP_CONDITIONS, MAX_TARGET_ARNS
from drspec.drills.catalog import Drill, Step, drills
from drspec.factory import drills_iam, iam
from drspec.factory.buckets import lock_down
from drspec.factory.context import BuildContext
from drspec.factory.fis_extension import config_bucket_name

SECTION = "drills"
LOG_RETENTION_DAYS = 30
LOG_SCHEMA_VERSION = 2  # "The current schema version is 2." (monitoring-logging.html)


def build(ctx: BuildContext) -> None:
    found = drills(ctx.spec)
    if not found:
        return
    account_id = aws.get_caller_identity_output().account_id
    grants = _grants(ctx, found, account_id)
    role = _role(ctx, grants)
    log_group = aws.cloudwatch.LogGroup(
        ctx.logical(SECTION, "", "log-group"),
        name=f"/aws/vendedlogs/fis/{ctx.env_physical('drills')}",
        retention_in_days=LOG_RETENTION_DAYS,
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(),
    )
    for drill in found:
        template = _template(ctx, drill, role, log_group)
        ctx.export(naming.output_key("drill", drill.ident, "template_id"), template.id)


def _grants(ctx: BuildContext, found: tuple[Drill, ...],
            account_id: pulumi.Output[str]) -> drills_iam.DrillGrants:
    refs = ctx.refs
    dr = ctx.spec.disaster_recovery
    grants = drills_iam.DrillGrants(account_id, ctx.region, dr.secondary_region)
    grants.action_ids = {s.action.id for d in found for s in d.steps}
    grants.tables = [t.arn for t in refs.tables.values()]
    grants.strong_tables = any(t.strong for t in ctx.spec.tables)
    grants.buckets = [b.arn for b in refs.buckets.values()]
    grants.functions = [f.arn for f in refs.functions.values()]
    if any(s.targets == "functions" for d in found for s in d.steps):
        grants.config_bucket_arn = _config_bucket(ctx).arn
    return grants


def _config_bucket(ctx: BuildContext) -> aws.s3.Bucket:
    def name(kind: str) -> str:
        return ctx.logical(SECTION, "fis-config", kind)

    bucket = aws.s3.Bucket(
        name("bucket"),
        bucket=config_bucket_name(ctx.spec.name, ctx.spec.environment),
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(stateful=True),
    )
    aws.s3.BucketServerSideEncryptionConfiguration(
        name("encryption"),
        bucket=bucket.id,
        rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}],
        region=ctx.region,
        opts=ctx.opts(stateful=True),  # kept with the bucket (drspec.factory.buckets)
    )
    lock_down(ctx, bucket, ctx.region, access_block=name("public-access"),
              ownership=name("ownership"), policy=name("policy"))
    return bucket


def _role(ctx: BuildContext, grants: drills_iam.DrillGrants) -> aws.iam.Role:
    name = naming.role_name(ctx.env_physical("fis"))
    role = aws.iam.Role(
        ctx.logical(SECTION, "", "role"),
        name=name,
        description=f"AWS FIS experiments of {ctx.env_physical('drills')} in {ctx.region}",
        assume_role_policy=iam.render(drills_iam.fis_trust(grants.account_id, ctx.region)),
        tags=ctx.tags(Name=name),
        opts=ctx.opts(),
    )
    aws.iam.RolePolicy(
        ctx.logical(SECTION, "", "policy"),
        name="drills",
        role=role.id,
        policy=iam.render(drills_iam.policy(grants)),
        opts=ctx.opts(parent=role),
    )
    for arn in drills_iam.managed_policies(grants):
        aws.iam.RolePolicyAttachment(
            ctx.logical(SECTION, "", "network-access"),
            role=role.name,
            policy_arn=arn,
            opts=ctx.opts(parent=role),
        )
    return role


def _template(ctx: BuildContext, drill: Drill, role: aws.iam.Role,
              log_group: aws.cloudwatch.LogGroup) -> aws.fis.ExperimentTemplate:
    targets: list[Any] = []
    actions: list[Any] = []
    for step in drill.steps:
        for target in _targets(ctx, step):
            targets.append(target)
            actions.append({
                "name": target["name"].replace("targets-", "", 1),
                "action_id": step.action.id,
                "description": step.words,
                "parameters": [{"key": k, "value": v} for k, v in step.parameters],
                "target": {"key": step.action.target_key, "value": target["name"]},
            })
    name = ctx.physical(drill.ident, "drill")
    logs: Any = {
        "log_schema_version": LOG_SCHEMA_VERSION,
        "cloudwatch_logs_configuration": {
            "log_group_arn": pulumi.Output.concat(log_group.arn, ":*"),
        },
    }
    return aws.fis.ExperimentTemplate(
        ctx.logical(SECTION, drill.ident, "template"),
        description=f"{drill.title}: {drill.injects} (drspec drill {drill.ident!r})",
        role_arn=role.arn,
        actions=actions,
        targets=targets,
        stop_conditions=_stop_conditions(ctx, drill),
        log_configuration=logs,
        experiment_options={"account_targeting": "single-account",
                            "empty_target_resolution_mode": "fail"},
        region=ctx.region,
        tags=ctx.tags(Name=name),
        opts=ctx.opts(),
    )


def _stop_conditions(ctx: BuildContext, drill: Drill) -> list[Any]:
    """The drill's stop alarms that exist in the template's region: FIS reads a
    stop condition's alarm in the experiment's region, so alarms elsewhere are
    left out rather than guessed at."""
    alarms = ctx.refs.alarms
    found = [{"source": "aws:cloudwatch:alarm", "value": alarms[a]}
             for a in drill.stop_alarms if a in alarms][:MAX_STOP_CONDITIONS]
    return found or [{"source": "none"}]


def _targets(ctx: BuildContext, step: Step) -> list[dict[str, Any]]:
    """The step's targets: one per `MAX_TARGET_ARNS` ARNs, or one by tags."""
    if step.action.by_tags_only:
        key, value = BUCKET_TARGET_TAG
        tags = {**ctx.tags(), key: value}
        return [{
            "name": f"targets-{step.name}",
            "resource_type": step.action.resource_type,
            "selection_mode": "ALL",
            "resource_tags": [{"key": k, "value": tags[k]} for k in
                              ("drspec:app", "drspec:environment", key)],
        }]
    arns = _arns(ctx, step.targets)
    chunks = [arns[i:i + MAX_TARGET_ARNS] for i in range(0, len(arns), MAX_TARGET_ARNS)]
    return [{
        "name": f"targets-{step.name}" + (f"-{n}" if len(chunks) > 1 else ""),
        "resource_type": step.action.resource_type,
        "selection_mode": "ALL",
        "resource_arns": chunk,
    } for n, chunk in enumerate(chunks, start=1)]


def _arns(ctx: BuildContext, kind: str) -> list[pulumi.Input[str]]:
    refs = ctx.refs
    if kind in ("subnets", "zone-subnets"):
        assert refs.network is not None
        zones = ctx.spec.network.availability_zones
        zones = zones[:1] if kind == "zone-subnets" else zones
        subnets = refs.network.resources
        return [subnets[f"{z}-{side}-subnet"].arn  # type: ignore[attr-defined]
                for z in zones for side in ("public", "private")]
    if kind == "tables":
        return [t.arn for t in refs.tables.values()]
    return [f.arn for f in refs.functions.values()]
