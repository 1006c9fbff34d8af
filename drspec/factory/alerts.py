"""The `alerts` section: the environment's one SNS topic and its subscriptions.

The topic is built for every environment, with or without an `alerts`
section: every alarm notifies it (alarms without subscribers still record
state changes, and adding a subscriber later changes nothing else), and
functions with `access.alerts: publish` publish to it.

Encryption uses a customer managed KMS key, not the AWS managed `alias/aws/sns`:
CloudWatch alarms cannot publish to a topic encrypted with the AWS managed
key, whose policy cannot grant `cloudwatch.amazonaws.com` the `kms:Decrypt`
and `kms:GenerateDataKey*` that publishing needs. The key policy grants those
to CloudWatch and leaves everything else to IAM (the account statement), so
publishers' roles also need the two KMS actions on `ctx.shared.topic_key_arn`.
The default topic policy (same-account publishers) is kept; no topic policy
is needed.

Subscriptions are named by a short hash of protocol and endpoint, so
reordering or removing one endpoint never replaces another.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pulumi
import pulumi_aws as aws

from drspec.factory.context import BuildContext

SECTION = "alerts"


def subscription_ident(protocol: str, endpoint: str) -> str:
    """`email`, `ops@example.com` -> `email-<8 hex>`: stable whatever the list order."""
    digest = hashlib.sha256(f"{protocol}:{endpoint}".encode()).hexdigest()[:8]
    return f"{protocol}-{digest}"


def key_policy(partition: str, account: str) -> str:
    """The topic key's policy: IAM decides for the account; CloudWatch alarms may encrypt."""
    document: dict[str, Any] = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministersAndIamGrantsUse",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudWatchAlarmsPublish",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
            },
        ],
    }
    return json.dumps(document, sort_keys=True)


def build(ctx: BuildContext) -> None:
    identity = aws.get_caller_identity_output()
    partition = aws.get_partition_output()
    policy = pulumi.Output.all(partition.partition, identity.account_id).apply(
        lambda args: key_policy(args[0], args[1])
    )
    key = aws.kms.Key(
        ctx.logical(SECTION, "", "key"),
        description=f"drspec {ctx.spec.name}-{ctx.spec.environment}: alerts topic encryption",
        enable_key_rotation=True,
        deletion_window_in_days=30,
        policy=policy,
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(),
    )
    aws.kms.Alias(
        ctx.logical(SECTION, "", "key-alias"),
        name=f"alias/{ctx.env_physical('alerts')}",
        target_key_id=key.key_id,
        region=ctx.region,
        opts=ctx.opts(),
    )
    topic = aws.sns.Topic(
        ctx.logical(SECTION, "", "topic"),
        name=ctx.env_physical("topic"),
        kms_master_key_id=key.arn,
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(),
    )
    alerts = ctx.spec.alerts
    for protocol, endpoint in alerts.subscriptions if alerts else ():
        aws.sns.TopicSubscription(
            ctx.logical(SECTION, subscription_ident(protocol, endpoint), "subscription"),
            topic=topic.arn,
            protocol=protocol,
            endpoint=endpoint,
            region=ctx.region,
            opts=ctx.opts(),
        )
    ctx.shared.topic = topic
    ctx.shared.topic_arn = topic.arn
    ctx.shared.topic_key_arn = key.arn
    ctx.export("topic_arn", topic.arn)
