"""Replication lag on the RPO path is alarmed in prod: global tables and every bucket.

DynamoDB stores a global table's `ReplicationLatency` "in CloudWatch in the
source Region", per region pair, with dimensions `TableName` and
`ReceivingRegion`
(https://docs.aws.amazon.com/prescriptive-guidance/latest/dynamodb-global-tables/overview.html,
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html);
S3's is published in the destination bucket's region
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html).
"""

from __future__ import annotations

from dr_support import PRIMARY, SECONDARY, plan

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


def alarms_of(kind: str) -> dict[str, dict]:
    return {r.region: r.inputs for r in plan("prod").of_type(ALARM)
            if r.inputs["tags"]["drspec:alarm"] == kind}


def test_orders_replication_is_watched_from_each_replica_towards_the_other() -> None:
    found = alarms_of("spec:orders-replication")
    assert set(found) == {PRIMARY, SECONDARY}
    for region, other in ((PRIMARY, SECONDARY), (SECONDARY, PRIMARY)):
        inputs = found[region]
        assert (inputs["namespace"], inputs["metricName"]) == ("AWS/DynamoDB",
                                                                 "ReplicationLatency")
        assert inputs["dimensions"] == {"TableName": "orders-prod-orders-table",
                                        "ReceivingRegion": other}
        assert inputs["threshold"] == 60000


def test_every_replicated_bucket_has_a_latency_alarm_in_the_replicas_region() -> None:
    for bucket in ("documents", "statements"):
        found = alarms_of(f"spec:{bucket}-replication")
        assert set(found) == {SECONDARY}, bucket
        assert found[SECONDARY]["dimensions"]["SourceBucket"] == f"orders-prod-{bucket}-bucket"
