"""The `alerts` section: an SNS topic per region, each with the spec's subscribers.

A topic is built in every region that holds part of the environment, with or
without an `alerts` section: the primary, the secondary (warm standby and pilot
light alike) and, for the Route 53 health-check alarm, us-east-1 when neither
of the two is (`build_topic`, called by the failover section). A CloudWatch
alarm notifies only a topic of its own region (Route 53's console requires
its alarm topic "in the US East (N. Virginia) Region",
https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html,
and PutMetricAlarm refuses a topic ARN of another region: observed behaviour,
no AWS page states it for every namespace). So each region alerts on its own:
losing one region silences only the alarms about that region. Every alarm
notifies its region's topic (alarms without subscribers still record state
changes, and adding a subscriber later changes nothing else), and functions
with `access.alerts: publish` publish to the topic of their own region.

Encryption uses a customer managed KMS key, not the AWS managed `alias/aws/sns`:
CloudWatch alarms cannot publish to a topic encrypted with the AWS managed
key, whose policy cannot grant `cloudwatch.amazonaws.com` the `kms:Decrypt`
and `kms:GenerateDataKey*` that publishing needs. The key policy grants those
to CloudWatch and to EventBridge (AWS Backup job failures reach the topic
through an EventBridge rule), as "Enable compatibility between event sources
from AWS services and encrypted topics" asks
(https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services),
and leaves everything else to IAM (the account statement), so publishers'
roles also need the two KMS actions on the region's key (`TopicRefs.key_arn`).
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

from drspec import naming
from drspec.factory.context import BuildContext, RegionRefs, TopicRefs

SECTION = "alerts"

#: AWS services that publish to the alerts topics: CloudWatch alarms and
#: EventBridge rules (AWS Backup job state changes).
PUBLISHING_SERVICES = ("cloudwatch.amazonaws.com", "events.amazonaws.com")


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
                "Principal": {"Service": list(PUBLISHING_SERVICES)},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
            },
        ],
    }
    return json.dumps(document, sort_keys=True)


def build(ctx: BuildContext) -> None:
    """The topic of the region `ctx` builds in (the primary's is also `ctx.shared.topic*`)."""
    topic = build_topic(ctx, ctx.region, "")
    if ctx.secondary:
        ctx.export("topic_arn_secondary", topic.arn)
        return
    ctx.shared.topic = topic.resource
    ctx.shared.topic_arn = topic.arn
    ctx.shared.topic_key_arn = topic.key_arn
    ctx.export("topic_arn", topic.arn)


def topic_in(ctx: BuildContext, region: str) -> TopicRefs:
    """The alerts topic of `region` (built before any alarm there)."""
    refs = ctx.shared.regions.get(region)
    if refs is None or refs.alerts is None:
        raise ValueError(f"no alerts topic was built in {region}")
    return refs.alerts


def build_topic(ctx: BuildContext, region: str, ident: str) -> TopicRefs:
    """A key, topic and the spec's subscriptions in `region`, registered as the
    region's alerts. `ident` tells apart a topic built for one purpose in a third
    region (`route53`); the primary's and secondary's have none."""

    def name(kind: str, sub: str = "") -> str:
        parts = "-".join(p for p in (ident, sub) if p)
        if region == ctx.region:
            return ctx.logical(SECTION, parts, kind)
        return naming.logical(SECTION, parts, kind)

    identity = aws.get_caller_identity_output()
    partition = aws.get_partition_output()
    policy = pulumi.Output.all(partition.partition, identity.account_id).apply(
        lambda args: key_policy(args[0], args[1])
    )
    key = aws.kms.Key(
        name("key"),
        description=f"drspec {ctx.spec.name}-{ctx.spec.environment}: alerts topic encryption",
        enable_key_rotation=True,
        deletion_window_in_days=30,
        policy=policy,
        region=region,
        tags=ctx.tags(),
        opts=ctx.opts(),
    )
    aws.kms.Alias(
        name("key-alias"),
        name=f"alias/{ctx.env_physical('alerts')}",
        target_key_id=key.key_id,
        region=region,
        opts=ctx.opts(),
    )
    topic = aws.sns.Topic(
        name("topic"),
        name=ctx.env_physical("topic"),
        kms_master_key_id=key.arn,
        region=region,
        tags=ctx.tags(),
        opts=ctx.opts(),
    )
    alerts = ctx.spec.alerts
    for protocol, endpoint in alerts.subscriptions if alerts else ():
        aws.sns.TopicSubscription(
            name("subscription", subscription_ident(protocol, endpoint)),
            topic=topic.arn,
            protocol=protocol,
            endpoint=endpoint,
            region=region,
            opts=ctx.opts(),
        )
    refs = TopicRefs(arn=topic.arn, key_arn=key.arn, resource=topic, region=region)
    ctx.shared.regions.setdefault(region, RegionRefs()).alerts = refs
    return refs


def metric_alarm(ctx: BuildContext, logical: str, topic: TopicRefs, *, name: str, kind: str,
                 region: str | None = None, **args: Any) -> aws.cloudwatch.MetricAlarm:
    """One CloudWatch alarm notifying `topic`, which must be of the alarm's own
    region, of both ALARM and OK. `kind` becomes the `drspec:alarm` tag."""
    where = region or ctx.region
    if topic.region != where:
        raise ValueError(f"alarm {name!r} in {where} cannot notify a topic in {topic.region}")
    return aws.cloudwatch.MetricAlarm(
        logical,
        name=name,
        alarm_actions=[topic.arn],
        ok_actions=[topic.arn],
        region=where,
        tags=ctx.tags(**{"drspec:alarm": kind}),
        opts=ctx.opts(),
        **args,
    )
