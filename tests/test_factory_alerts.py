"""The alerts section on captured plans: topic, its key, subscriptions."""

from __future__ import annotations

import json
from typing import Any

from plan_support import edited_plan, resources, shipped_plan

from drspec.factory.alerts import subscription_ident

TOPIC = "aws:sns/topic:Topic"
SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription"
PAGERDUTY = "https://events.pagerduty.com/integration/0123456789abcdef/enqueue"


def test_one_topic_encrypted_with_a_key_cloudwatch_may_use() -> None:
    plan = shipped_plan("prod")
    (topic,) = resources(plan, TOPIC)
    key = plan.named("alerts-key")
    assert topic.name == "alerts-topic"
    assert topic.inputs["name"] == "orders-prod-topic"
    assert topic.inputs["region"] == "eu-west-1"
    # Not alias/aws/sns: CloudWatch alarms cannot publish to topics under that key.
    assert topic.inputs["kmsMasterKeyId"] == f"arn:aws:kms:eu-west-1:123456789012:key/{key.name}-id"
    assert key.inputs["enableKeyRotation"] is True
    policy = json.loads(key.inputs["policy"])
    by_sid = {s["Sid"]: s for s in policy["Statement"]}
    assert by_sid["CloudWatchAlarmsPublish"]["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert sorted(by_sid["CloudWatchAlarmsPublish"]["Action"]) == [
        "kms:Decrypt", "kms:GenerateDataKey*"]
    assert by_sid["AccountAdministersAndIamGrantsUse"]["Principal"] == {
        "AWS": "arn:aws:iam::123456789012:root"}
    alias = plan.named("alerts-key-alias")
    assert alias.inputs == {"name": "alias/orders-prod-alerts", "region": "eu-west-1",
                            "targetKeyId": f"{key.name}-id"}


def test_subscriptions_per_endpoint() -> None:
    subs = {r.name: r.inputs for r in resources(shipped_plan("prod"), SUBSCRIPTION)}
    email = f"alerts-{subscription_ident('email', 'oncall@example.com')}-subscription"
    https = f"alerts-{subscription_ident('https', PAGERDUTY)}-subscription"
    assert set(subs) == {email, https}
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
    assert len(after) == 4


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
