"""IAM policy documents for functions and schedules, built as plain data.

Every document here is a dict whose leaves are strings or Pulumi Outputs;
`render` turns one into an `Output[str]` of JSON. Nothing calls
`aws.iam.get_policy_document` (the offline plan's mocks cannot render it),
so the documents are also testable without Pulumi.

Least privilege, by construction:

- A function's inline policy grants exactly what its `access` names, on exactly
  those resources: the table (plus `/index/*` for reads and `/stream/*` for
  stream reads), the bucket (plus `/*` for objects), the alert topic.
- No statement has a `*` action, a service-wide action (`dynamodb:*`) or a `*`
  resource. Wildcards appear only as the last path segment of a resource the
  spec names (`<table arn>/index/*`, `<bucket arn>/*`, `<function arn>:*`).
- KMS: a grant on a customer managed key (given as an ARN in the spec, or
  created by drspec and registered in the region's refs) is limited to use
  through the owning service (`kms:ViaService`). Resources under an AWS
  managed key (`aws/s3`, `aws/dynamodb`) need no IAM grant at all: those keys'
  own policies let every principal of the account use them through that
  service, so no statement is written (and in particular no `Resource: "*"`).
- DynamoDB calls KMS on the caller's behalf only to decrypt the table key,
  whenever a principal accesses the table (reads, writes and stream reads
  alike; streams use the table's key). It generates the table key itself,
  through its grant on the key, when the table is created. So every access
  level gets `kms:Decrypt` on a table's key and nothing else ("How Amazon
  DynamoDB uses AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html).
- S3 (SSE-KMS, with or without S3 Bucket Keys) decrypts an object's data key
  for whoever reads it (`kms:Decrypt`) and generates one for whoever writes
  (`kms:GenerateDataKey`). A multipart upload needs `kms:Decrypt` as well, and
  the SDKs' upload helpers switch to multipart for large bodies on their own,
  so writers get both (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html,
  "Multipart upload API and permissions"). Without `s3:GetObject` the extra
  `kms:Decrypt` lets a writer read nothing.
- The DR probe (`health_check` template) also reads what it probes: PITR state
  (`dynamodb:DescribeContinuousBackups`) and, where the spec replicates buckets
  and the probe runs in the primary region, `s3:GetReplicationConfiguration`.
  Its metrics go out as CloudWatch Embedded Metric Format log lines, so it
  needs no `cloudwatch:PutMetricData` (an action that only accepts `*`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

VERSION = "2012-10-17"

TABLE_READ = (
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
)
TABLE_WRITE = (
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
)
STREAM_READ = (
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:ListStreams",
)
BUCKET_READ = ("s3:GetBucketVersioning", "s3:ListBucket")
OBJECT_READ = ("s3:GetObject", "s3:GetObjectVersion")
OBJECT_WRITE = ("s3:DeleteObject", "s3:PutObject")
#: A table's key, for every access level: DynamoDB decrypts the table key for the caller.
TABLE_KEY = ("kms:Decrypt",)
#: A bucket's key: to read objects, and to write them (multipart uploads decrypt too).
OBJECT_KEY_READ = ("kms:Decrypt",)
OBJECT_KEY_WRITE = ("kms:Decrypt", "kms:GenerateDataKey")
#: The alert topic's key: SNS generates a data key per message and decrypts it.
TOPIC_KEY = ("kms:Decrypt", "kms:GenerateDataKey")
TOPIC_PUBLISH = ("sns:Publish",)

PROBE_TABLE = ("dynamodb:DescribeContinuousBackups",)
PROBE_BUCKET_REPLICATION = ("s3:GetReplicationConfiguration",)

#: The template whose functions get the probe's extra read-only actions.
PROBE_TEMPLATE = "health_check"

LAMBDA_BASIC_EXECUTION = "arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
LAMBDA_VPC_ACCESS = (
    "arn:{partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
)


def reads(level: str) -> bool:
    return level in ("read", "read_write")


def writes(level: str) -> bool:
    return level in ("write", "read_write")


def partition(region: str) -> str:
    """The AWS partition a region belongs to (its ARNs start `arn:<partition>:`)."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


# -- names ----------------------------------------------------------------------


def sid(*parts: str) -> str:
    """A statement id from spec idents: `("table", "order-items", "read")` ->
    `TableOrderItemsRead` (IAM allows only letters and digits)."""
    words = re.split(r"[^A-Za-z0-9]+", " ".join(parts))
    return "".join(w[:1].upper() + w[1:] for w in words if w)


# -- statements -------------------------------------------------------------------


def statement(sid_: str, actions: Iterable[str], resources: Sequence[pulumi.Input[str]],
              condition: dict[str, Any] | None = None) -> dict[str, Any]:
    """One Allow statement; actions sorted and de-duplicated."""
    out: dict[str, Any] = {
        "Sid": sid_,
        "Effect": "Allow",
        "Action": sorted(set(actions)),
        "Resource": list(resources),
    }
    if condition:
        out["Condition"] = condition
    return out


def suffixed(arn: pulumi.Input[str], suffix: str) -> pulumi.Input[str]:
    """`arn + suffix`, for plain strings and Outputs alike."""
    if isinstance(arn, str):
        return arn + suffix
    return pulumi.Output.concat(arn, suffix)


@dataclass(frozen=True)
class TableGrant:
    ident: str
    level: str  # read | write | read_write
    arn: pulumi.Input[str]
    stream: bool  # the table has a stream
    kms_key_arn: pulumi.Input[str] | None = None
    probe: bool = False  # the DR probe reads its PITR state


@dataclass(frozen=True)
class BucketGrant:
    ident: str
    level: str
    arn: pulumi.Input[str]
    kms_key_arn: pulumi.Input[str] | None = None
    probe_replication: bool = False  # the DR probe reads its replication rule
    # The key objects replicated back from the standby are under (readers decrypt).
    return_key_arn: pulumi.Input[str] | None = None


def table_statements(grant: TableGrant, region: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if reads(grant.level):
        actions = [*TABLE_READ, *(PROBE_TABLE if grant.probe else ())]
        out.append(statement(sid("table", grant.ident, "read"), actions,
                             [grant.arn, suffixed(grant.arn, "/index/*")]))
        if grant.stream:
            out.append(statement(sid("table", grant.ident, "stream"), STREAM_READ,
                                 [suffixed(grant.arn, "/stream/*")]))
    if writes(grant.level):
        out.append(statement(sid("table", grant.ident, "write"), TABLE_WRITE, [grant.arn]))
    if grant.kms_key_arn is not None:
        out.append(kms_statement(sid("table", grant.ident, "key"), TABLE_KEY,
                                 grant.kms_key_arn, "dynamodb", region))
    return out


def bucket_statements(grant: BucketGrant, region: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    objects = suffixed(grant.arn, "/*")
    if reads(grant.level):
        actions = [*BUCKET_READ, *(PROBE_BUCKET_REPLICATION if grant.probe_replication else ())]
        out.append(statement(sid("bucket", grant.ident, "list"), actions, [grant.arn]))
        out.append(statement(sid("bucket", grant.ident, "read"), OBJECT_READ, [objects]))
    if writes(grant.level):
        out.append(statement(sid("bucket", grant.ident, "write"), OBJECT_WRITE, [objects]))
    if grant.kms_key_arn is not None:
        out.append(kms_statement(sid("bucket", grant.ident, "key"),
                                 bucket_key_actions(grant.level), grant.kms_key_arn, "s3",
                                 region))
    if grant.return_key_arn is not None and reads(grant.level):
        out.append(kms_statement(sid("bucket", grant.ident, "return", "key"), OBJECT_KEY_READ,
                                 grant.return_key_arn, "s3", region))
    return out


def bucket_key_actions(level: str) -> tuple[str, ...]:
    """The key actions S3 performs for a principal that reads and/or writes objects."""
    return (*(OBJECT_KEY_READ if reads(level) else ()),
            *(OBJECT_KEY_WRITE if writes(level) else ()))


def kms_statement(sid_: str, actions: Iterable[str], key_arn: pulumi.Input[str], service: str,
                  region: str) -> dict[str, Any]:
    """Use of one customer managed key, only through `service` in `region`."""
    return statement(sid_, actions, [key_arn], {
        "StringEquals": {"kms:ViaService": f"{service}.{region}.amazonaws.com"},
    })


@dataclass(frozen=True)
class TopicGrant:
    """Publishing to an alerts topic (the one of the publisher's own region)."""

    arn: pulumi.Input[str]
    region: str
    kms_key_arn: pulumi.Input[str] | None = None


def topic_statements(grant: TopicGrant) -> list[dict[str, Any]]:
    """`sns:Publish` on the topic and, when the topic has a customer managed
    key, the data key SNS encrypts each message with (through SNS only)."""
    out = [statement("AlertsPublish", TOPIC_PUBLISH, [grant.arn])]
    if grant.kms_key_arn is not None:
        out.append(kms_statement("AlertsKey", TOPIC_KEY, grant.kms_key_arn, "sns",
                                 grant.region))
    return out


def function_policy(tables: Sequence[TableGrant], buckets: Sequence[BucketGrant],
                    topic: TopicGrant | None, region: str) -> dict[str, Any] | None:
    """The inline policy of one function's role, or None when it is granted nothing."""
    statements: list[dict[str, Any]] = []
    for t in tables:
        statements += table_statements(t, region)
    for b in buckets:
        statements += bucket_statements(b, region)
    if topic is not None:
        statements += topic_statements(topic)
    if not statements:
        return None
    return {"Version": VERSION, "Statement": statements}


# -- trust and schedules -------------------------------------------------------------


def service_trust(service: str, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    """A trust policy letting one AWS service principal assume the role."""
    stmt: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if condition:
        stmt["Condition"] = condition
    return {"Version": VERSION, "Statement": [stmt]}


def lambda_trust() -> dict[str, Any]:
    return service_trust("lambda.amazonaws.com")


def scheduler_trust(account_id: pulumi.Input[str],
                    group_arn: pulumi.Input[str]) -> dict[str, Any]:
    """EventBridge Scheduler may assume the role only for schedules of this
    account's schedule group (confused-deputy protection: Scheduler matches
    `aws:SourceArn` against the schedule *group* ARN)."""
    return service_trust("scheduler.amazonaws.com", {
        "StringEquals": {"aws:SourceAccount": account_id, "aws:SourceArn": group_arn},
    })


def invoke_policy(function_arn: pulumi.Input[str]) -> dict[str, Any]:
    """Invoke exactly one function (and its versions and aliases)."""
    return {
        "Version": VERSION,
        "Statement": [statement("InvokeTarget", ["lambda:InvokeFunction"],
                                [function_arn, suffixed(function_arn, ":*")])],
    }


def render(document: dict[str, Any]) -> pulumi.Output[str]:
    """A policy document as a JSON string Output (keys in a stable order)."""
    return pulumi.Output.json_dumps(document, sort_keys=True)
