"""The alerts section on captured plans: topic, its key, subscriptions."""

from __future__ import annotations

import json
from typing import Any

from plan_support import edited_plan, resources, shipped_plan

from drspec.factory.alerts import subscription_ident

TOPIC = "aws:sns/topic:Topic"
SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription"
PAGERDUTY = "https://events.pagerduty.com/integration/0123456789abcdef/enqueue"


def test_a_topic_per_region_each_encrypted_with_a_key_cloudwatch_may_use() -> None:
    """prod: the primary, the standby and us-east-1 (Route 53's metrics and so its
    failover alarm live there) each have their own topic and key."""
    plan = shipped_plan("prod")
    topics = {t.inputs["region"]: t for t in resources(plan, TOPIC)}
    assert sorted(topics) == ["eu-central-1", "eu-west-1", "us-east-1"]
    for region, name in (("eu-central-1", "alerts-key-secondary"),
                         ("us-east-1", "alerts-route53-key")):
        key = plan.named(name)
        assert key.inputs["region"] == region
        assert topics[region].inputs["kmsMasterKeyId"] == (
            f"arn:aws:kms:{region}:123456789012:key/{key.name}-id")
        assert topics[region].inputs["name"] == "orders-prod-topic"
    topic = topics["eu-west-1"]
    key = plan.named("alerts-key")
    assert topic.name == "alerts-topic"
    assert topic.inputs["name"] == "orders-prod-topic"
    assert topic.inputs["region"] == "eu-west-1"
    # Not alias/aws/sns: CloudWatch alarms cannot publish to topics under that key.
    assert topic.inputs["kmsMasterKeyId"] == f"arn:aws:kms:eu-west-1:123456789012:key/{key.name}-id"
    assert key.inputs["enableKeyRotation"] is True
    policy = json.loads(key.inputs["policy"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    # CloudWatch alarms and EventBridge rules (AWS Backup job failures) publish.
    assert by_sid["CloudWatchAlarmsPublish"]["Principal"] == {
        "Service": ["cloudwatch.amazonaws.com", "events.amazonaws.com"]}
    assert sorted(by_sid["CloudWatchAlarmsPublish"]["Action"]) == [
        "kms:Decrypt", "kms:GenerateDataKey*"]
    assert by_sid["AccountAdministersAndIamGrantsUse"]["Principal"] == {
        "AWS": "arn:aws:iam::123456789012:root"}
    alias = plan.named("alerts-key-alias")
    assert alias.inputs == {"name": "alias/orders-prod-alerts", "region": "eu-west-1",
                            "targetKeyId": f"{key.name}-id"}


def test_subscriptions_per_endpoint_in_every_region() -> None:
    subs = {r.name: r.inputs for r in resources(shipped_plan("prod"), SUBSCRIPTION)}
    email = f"alerts-{subscription_ident('email', 'oncall@example.com')}-subscription"
    https = f"alerts-{subscription_ident('https', PAGERDUTY)}-subscription"
    route53 = {n.replace("alerts-", "alerts-route53-") for n in (email, https)}
    assert set(subs) == {email, https, f"{email}-secondary", f"{https}-secondary", *route53}
    for name in (f"{email}-secondary", *route53):
        region = subs[name]["region"]
        assert subs[name]["topic"] == f"arn:aws:sns:{region}:123456789012:orders-prod-topic"
    assert subs[email] == {
        "endpoint": "oncall@example.com", "protocol": "email", "region": "eu-west-1",
        "topic": "arn:aws:sns:eu-west-1:123456789012:orders-prod-topic",
    }
    assert subs[https]["protocol"] == "https"


def test_subscription_names_survive_reordering_and_removal_of_others() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["alerts"] = {"https": [PAGERDUTY], "sms": ["+15555550100"],
                          "email": ["new@example.com", "oncall@example.com"]}

    before = {r.name for r in resources(shipped_plan("prod"), SUBSCRIPTION)}
    after = {r.name for r in resources(edited_plan("prod", edit), SUBSCRIPTION)}
    assert before < after
    assert len(after) == 4 * 3  # four endpoints, three regions


def test_subscription_ident_is_a_short_stable_hash() -> None:
    ident = subscription_ident("email", "oncall@example.com")
    assert ident == subscription_ident("email", "oncall@example.com")
    assert ident != subscription_ident("sms", "oncall@example.com")
    assert ident.startswith("email-") and len(ident) == len("email-") + 8


def test_without_alerts_the_topic_still_exists_for_the_alarms() -> None:
    def edit(data: dict[str, Any]) -> None:
        del data["alerts"]
        data["functions"]["health"]["access"].pop("alerts")

    plan = edited_plan("dev", edit)
    assert len(resources(plan, TOPIC)) == 1
    assert resources(plan, SUBSCRIPTION) == []
    alarm = plan.named("alarms-processor-errors-alarm")
    assert alarm.inputs["alarmActions"] == [plan.outputs["topic_arn"]]


def test_topic_arn_is_exported() -> None:
    assert shipped_plan("dev").outputs["topic_arn"] == (
        "arn:aws:sns:us-east-1:123456789012:orders-dev-topic")
