"""The one role AWS FIS assumes for this environment's drills: trust and permissions.

Trust: `fis.amazonaws.com`, only for experiments of this account in the
primary region (`aws:SourceAccount`, `aws:SourceArn`, as AWS recommends against
the confused deputy:
https://docs.aws.amazon.com/fis/latest/userguide/getting-started-iam-service-role.html).

Permissions: what each action the drills use documents
(https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html),
on this environment's resources wherever the action allows naming them:

- the network actions: AWS's managed `AWSFaultInjectionSimulatorNetworkAccess`,
  the policy the reference gives for them; it lets FIS create and delete only
  the network ACLs, route tables and prefix lists it tags `managedByFIS=true`;
- DynamoDB pause: the resource-policy and DescribeTable actions on this
  environment's tables, `dynamodb:InjectError` (needed for strongly consistent
  tables) and `tag:GetResources`;
- S3 pause: `s3:PauseReplication` towards the secondary region and the
  replication configuration only for pause requests, on the source buckets;
- Lambda faults: write and delete in the configuration prefix of the FIS
  bucket, `lambda:GetFunction` on this environment's functions;
- CloudWatch Logs delivery of experiment logs
  (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi

from drspec.drills.actions import (
    LAMBDA_CONFIG_PREFIX,
    LAMBDA_DELAY,
    LAMBDA_ERROR,
    PAUSE_BUCKET_REPLICATION,
    PAUSE_TABLE_REPLICATION,
)
from drspec.factory import iam

NETWORK_ACCESS = ("arn:{partition}:iam::aws:policy/service-role/"
                  "AWSFaultInjectionSimulatorNetworkAccess")


@dataclass
class DrillGrants:
    """What the drills of one environment touch (ARNs in the experiment region)."""

    account_id: pulumi.Input[str]
    region: str
    secondary: str | None
    action_ids: set[str] = field(default_factory=set)
    tables: list[pulumi.Input[str]] = field(default_factory=list)
    strong_tables: bool = False
    buckets: list[pulumi.Input[str]] = field(default_factory=list)
    functions: list[pulumi.Input[str]] = field(default_factory=list)
    config_bucket_arn: pulumi.Input[str] | None = None

    @property
    def network(self) -> bool:
        return any(a.startswith("aws:network:") for a in self.action_ids)


def fis_trust(account_id: pulumi.Input[str], region: str) -> dict[str, Any]:
    source = pulumi.Output.concat("arn:", iam.partition(region), ":fis:", region, ":",
                                  account_id, ":experiment/*")
    return iam.service_trust("fis.amazonaws.com", {
        "StringEquals": {"aws:SourceAccount": account_id},
        "ArnLike": {"aws:SourceArn": source},
    })


def _log_statements(grants: DrillGrants) -> list[dict[str, Any]]:
    groups = pulumi.Output.concat("arn:", iam.partition(grants.region), ":logs:", grants.region,
                                  ":", grants.account_id, ":log-group:*")
    return [
        iam.statement("LogDelivery", ["logs:CreateLogDelivery"], ["*"]),
        iam.statement("LogGroups", ["logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
                                    "logs:PutResourcePolicy"], [groups]),
    ]


def _table_statements(grants: DrillGrants) -> list[dict[str, Any]]:
    out = [iam.statement("PauseTableReplication", [
        "dynamodb:DeleteResourcePolicy", "dynamodb:DescribeTable",
        "dynamodb:GetResourcePolicy", "dynamodb:PutResourcePolicy"], grants.tables)]
    if grants.strong_tables:
        # "The permission is only required if you are targeting MRSC global tables";
        # AWS's own scenario policy grants it on "*".
        out.append(iam.statement("PauseStrongTableReplication", ["dynamodb:InjectError"], ["*"]))
    return out


def _bucket_statements(grants: DrillGrants) -> list[dict[str, Any]]:
    return [
        iam.statement("PauseBucketReplication", ["s3:PauseReplication"], grants.buckets,
                      {"StringEquals": {"s3:DestinationRegion": grants.secondary}}),
        iam.statement("PauseRequestsOnly", ["s3:GetReplicationConfiguration",
                                            "s3:PutReplicationConfiguration"], grants.buckets,
                      {"BoolIfExists": {"s3:isReplicationPauseRequest": "true"}}),
        iam.statement("FindBuckets", ["s3:ListAllMyBuckets"], ["*"]),
    ]


def _function_statements(grants: DrillGrants) -> list[dict[str, Any]]:
    assert grants.config_bucket_arn is not None
    prefix = iam.suffixed(grants.config_bucket_arn, f"/{LAMBDA_CONFIG_PREFIX}*")
    return [
        iam.statement("WriteFaultConfiguration", ["s3:DeleteObject", "s3:PutObject"], [prefix]),
        iam.statement("ReadFunctions", ["lambda:GetFunction"], grants.functions),
    ]


def policy(grants: DrillGrants) -> dict[str, Any]:
    """The role's inline policy: exactly what the drills' actions document."""
    statements = _log_statements(grants)
    ids = grants.action_ids
    if PAUSE_TABLE_REPLICATION.id in ids:
        statements += _table_statements(grants)
    if PAUSE_BUCKET_REPLICATION.id in ids:
        statements += _bucket_statements(grants)
    if ids & {LAMBDA_ERROR.id, LAMBDA_DELAY.id}:
        statements += _function_statements(grants)
    if ids & {PAUSE_TABLE_REPLICATION.id, PAUSE_BUCKET_REPLICATION.id, LAMBDA_ERROR.id,
              LAMBDA_DELAY.id}:
        statements.append(iam.statement("ResolveTargets", ["tag:GetResources"], ["*"]))
    return {"Version": iam.VERSION, "Statement": statements}


def managed_policies(grants: DrillGrants) -> Sequence[str]:
    return [NETWORK_ACCESS.format(partition=iam.partition(grants.region))] if grants.network \
        else []
