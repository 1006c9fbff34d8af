"""AWS Backup: a vault, a plan on the spec's schedule and a selection of every table and bucket.

With `copy_to_secondary`, a second vault in the secondary region receives a
copy of every recovery point, kept as long as the original. Vaults are
encrypted with AWS Backup's AWS managed key (the default when no key is
given) and protected like the other stateful resources.

Two account-wide settings stay outside the stack, because one account hosts
several environments and each setting exists once per region: AWS Backup must
be opted in for DynamoDB and S3 in both regions (`aws backup
update-region-settings`), and copying DynamoDB backups across regions needs
AWS Backup's advanced features for DynamoDB turned on.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from drspec import figures, naming
from drspec.factory import iam
from drspec.factory.context import BuildContext
from drspec.model import Backup

SECTION = "backup"

#: AWS managed policies of the backup service role: (name, needed only with buckets).
MANAGED_POLICIES: tuple[tuple[str, bool], ...] = (
    ("service-role/AWSBackupServiceRolePolicyForBackup", False),
    ("service-role/AWSBackupServiceRolePolicyForRestores", False),
    ("AWSBackupServiceRolePolicyForS3Backup", True),
    ("AWSBackupServiceRolePolicyForS3Restore", True),
)


def build(ctx: BuildContext) -> None:
    backup = ctx.spec.disaster_recovery.backup
    if backup is None:
        return
    refs = ctx.primary_refs
    resources = [t.arn for t in refs.tables.values()] + [b.arn for b in refs.buckets.values()]
    if not resources:
        return
    vault = _vault(ctx, ctx.spec.region, secondary=False)
    ctx.export("backup_vault_name", vault.name)
    copy_to = None
    secondary = ctx.spec.disaster_recovery.secondary_region
    if backup.copy_to_secondary and secondary is not None:
        copy_to = _vault(ctx, secondary, secondary=True)
        ctx.export("backup_vault_secondary_name", copy_to.name)
    plan = _plan(ctx, backup, vault, copy_to)
    role, attachments = _service_role(ctx, with_buckets=bool(refs.buckets))
    aws.backup.Selection(
        naming.logical(SECTION, "", "selection"),
        name=ctx.env_physical("selection"),  # at most 50 characters
        region=ctx.spec.region,
        plan_id=plan.id,
        iam_role_arn=role.arn,
        resources=resources,
        # The first scheduled job must find the role with its policies.
        opts=ctx.opts(depends_on=attachments),
    )


def _vault(ctx: BuildContext, region: str, *, secondary: bool) -> aws.backup.Vault:
    name = ctx.env_physical("vault")  # vault names are per region: the same in both
    return aws.backup.Vault(
        naming.logical(SECTION, "", "vault", secondary=secondary),
        name=name,
        region=region,
        tags=ctx.tags(Name=name),
        opts=ctx.opts(stateful=True),
    )


def _plan(ctx: BuildContext, backup: Backup, vault: aws.backup.Vault,
          copy_to: aws.backup.Vault | None) -> aws.backup.Plan:
    lifecycle = aws.backup.PlanRuleLifecycleArgs(delete_after=backup.retention_days)
    copy_actions = None
    if copy_to is not None:
        copy_actions = [aws.backup.PlanRuleCopyActionArgs(
            destination_vault_arn=copy_to.arn,
            lifecycle=aws.backup.PlanRuleCopyActionLifecycleArgs(
                delete_after=backup.retention_days),
        )]
    rule = aws.backup.PlanRuleArgs(
        rule_name="scheduled",
        target_vault_name=vault.name,
        schedule=f"cron({backup.schedule})",
        schedule_expression_timezone="Etc/UTC",
        # The shortest window AWS allows, so a recovery point is at most an hour late
        # (the default is eight); `drspec assess` reads the same figure.
        start_window=figures.BACKUP_START_WINDOW.seconds // 60,
        lifecycle=lifecycle,
        copy_actions=copy_actions,
    )
    name = ctx.env_physical("plan")
    return aws.backup.Plan(
        naming.logical(SECTION, "", "plan"),
        name=name,
        region=ctx.spec.region,
        rules=[rule],
        tags=ctx.tags(Name=name),
        opts=ctx.opts(),
    )


def _service_role(ctx: BuildContext, *, with_buckets: bool,
                  ) -> tuple[aws.iam.Role, list[pulumi.Resource]]:
    name = naming.role_name(ctx.env_physical("backup"))
    role = aws.iam.Role(
        naming.logical(SECTION, "", "role"),
        name=name,
        description="AWS Backup: back up and restore this environment's tables and buckets",
        assume_role_policy=iam.render(iam.service_trust("backup.amazonaws.com")),
        tags=ctx.tags(Name=name),
        opts=ctx.opts(),
    )
    prefix = f"arn:{iam.partition(ctx.spec.region)}:iam::aws:policy/"
    attachments: list[pulumi.Resource] = []
    for policy, for_buckets in MANAGED_POLICIES:
        if for_buckets and not with_buckets:
            continue
        short = policy.rsplit("/", 1)[-1].removeprefix("AWSBackupServiceRolePolicy")
        attachments.append(aws.iam.RolePolicyAttachment(
            naming.logical(SECTION, short.lower(), "policy"),
            role=role.name,
            policy_arn=prefix + policy,
            opts=ctx.opts(),
        ))
    return role, attachments
