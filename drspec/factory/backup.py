"""AWS Backup: a vault, a plan on the spec's schedule and a selection of every table and bucket.

With `copy_to_secondary`, a second vault in the secondary region receives a
copy of every recovery point, kept as long as the original. Vaults are
encrypted with AWS Backup's AWS managed key (the default when no key is
given) and protected like the other stateful resources.

Two account-wide settings stay outside the stack, because one account hosts
several environments and each setting exists once per region: AWS Backup must
be opted in for DynamoDB and S3 in both regions (`aws backup
update-region-settings`), and copying DynamoDB backups across regions needs
AWS Backup's advanced features for DynamoDB turned on ("enabled by default to
customers who have not created a backup vault prior to November 21, 2021",
https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html).
The runbook says how to check both.

Failed jobs reach the alerts: in each vault's region an EventBridge rule
matches AWS Backup's "Backup Job State Change" and "Copy Job State Change"
events whose state is FAILED, ABORTED, EXPIRED or PARTIAL
(https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-backup.html;
AWS Backup emits them "in a best-effort manner",
https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html) and
publishes them to that region's alerts topic. AWS does not say in which region
a copy job's events are emitted, so both vault regions have the rule. SNS
targets take a resource-based policy, not a role
(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions):
the topic's policy keeps the account's default statement and lets EventBridge
publish for these rules only; the topic's key already lets EventBridge use it.
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from drspec import figures, naming
from drspec.factory import iam
from drspec.factory.alerts import topic_in
from drspec.factory.context import BuildContext
from drspec.model import Backup

SECTION = "backup"

#: Job states that mean a backup or a copy did not complete (API enums BackupJobState
#: and CopyJobState: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupJob.html).
FAILED_STATES = ("ABORTED", "EXPIRED", "FAILED", "PARTIAL")
JOB_EVENTS = ("Backup Job State Change", "Copy Job State Change")

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
    _job_failures(ctx, ctx.spec.region, secondary=False)
    copy_to = None
    secondary = ctx.spec.disaster_recovery.secondary_region
    if backup.copy_to_secondary and secondary is not None:
        copy_to = _vault(ctx, secondary, secondary=True)
        ctx.export("backup_vault_secondary_name", copy_to.name)
        _job_failures(ctx, secondary, secondary=True)
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


def job_failure_pattern() -> str:
    return json.dumps({"source": ["aws.backup"], "detail-type": list(JOB_EVENTS),
                       "detail": {"state": list(FAILED_STATES)}}, sort_keys=True)


def _job_failures(ctx: BuildContext, region: str, *, secondary: bool) -> None:
    """Failed backup and copy jobs of `region`, to that region's alerts topic."""
    topic = topic_in(ctx, region)
    rule = aws.cloudwatch.EventRule(
        naming.logical(SECTION, "", "job-failures", secondary=secondary),
        name=ctx.env_physical("backup-job-failures"),
        description="AWS Backup jobs and copy jobs that did not complete",
        event_pattern=job_failure_pattern(),
        region=region,
        tags=ctx.tags(**{"drspec:alarm": "backup-job-failures"}),
        opts=ctx.opts(),
    )
    account = aws.get_caller_identity_output().account_id
    # The rule's ARN from its parts (a rule on the default event bus), as the
    # `aws:SourceArn` EventBridge sends.
    rule_arn = pulumi.Output.concat("arn:", iam.partition(region), ":events:", region, ":",
                                    account, ":rule/", rule.name)
    policy = pulumi.Output.all(topic.arn, rule_arn, account).apply(
        lambda args: json.dumps(topic_policy(args[0], args[1], args[2]), sort_keys=True))
    grant = aws.sns.TopicPolicy(
        naming.logical(SECTION, "", "topic-policy", secondary=secondary),
        arn=topic.arn,
        policy=policy,
        region=region,
        opts=ctx.opts(),
    )
    aws.cloudwatch.EventTarget(
        naming.logical(SECTION, "", "job-failures-target", secondary=secondary),
        rule=rule.name,
        arn=topic.arn,
        region=region,
        opts=ctx.opts(depends_on=[grant]),
    )


def topic_policy(topic_arn: str, rule_arn: str, account: str) -> dict[str, object]:
    """The default statement SNS gives every topic (the account's principals), and
    EventBridge publishing for the job-failure rule only."""
    return {
        "Version": iam.VERSION,
        "Statement": [
            {
                "Sid": "AccountOwnsTheTopic",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["sns:AddPermission", "sns:DeleteTopic", "sns:GetTopicAttributes",
                           "sns:ListSubscriptionsByTopic", "sns:Publish",
                           "sns:RemovePermission", "sns:SetTopicAttributes",
                           "sns:Subscribe"],
                "Resource": topic_arn,
                "Condition": {"StringEquals": {"AWS:SourceOwner": account}},
            },
            {
                "Sid": "BackupJobFailuresPublish",
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sns:Publish",
                "Resource": topic_arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
            },
        ],
    }
