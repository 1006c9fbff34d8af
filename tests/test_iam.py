"""IAM documents: exact actions per access level, scoped resources, and no
wildcard action or resource in any inline policy the compute sections write."""

from __future__ import annotations

import json
from typing import Any

import pytest
from factory_harness import as_list, policy, shipped, statements
from plan_support import edited_plan

from drspec import naming
from drspec.factory import iam
from drspec.plan import capture as plan

TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/shop-test-orders-table"
BUCKET_ARN = "arn:aws:s3:::shop-test-docs-bucket"
KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:shop-test-topic"

TABLE_READ = {"dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
              "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"}
TABLE_WRITE = {"dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable",
               "dynamodb:PutItem", "dynamodb:UpdateItem"}
STREAM = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
          "dynamodb:ListStreams"}


def grants(document: dict[str, Any] | None) -> dict[str, set[str]]:
    """resource -> every action granted on it (conditions ignored)."""
    out: dict[str, set[str]] = {}
    for stmt in (document or {"Statement": []})["Statement"]:
        assert stmt["Effect"] == "Allow"
        for resource in as_list(stmt["Resource"]):
            out.setdefault(resource, set()).update(as_list(stmt["Action"]))
    return out


def table_policy(level: str, *, stream: bool = True, probe: bool = False,
                 kms: str | None = None) -> dict[str, Any] | None:
    grant = iam.TableGrant("orders", level, TABLE_ARN, stream=stream, kms_key_arn=kms,
                           probe=probe)
    return iam.function_policy([grant], [], None, "us-east-1")


def bucket_policy(level: str, *, kms: str | None = None,
                  replication: bool = False) -> dict[str, Any] | None:
    grant = iam.BucketGrant("docs", level, BUCKET_ARN, kms_key_arn=kms,
                            probe_replication=replication)
    return iam.function_policy([], [grant], None, "us-east-1")


# -- tables ----------------------------------------------------------------------


def test_table_read_grants_reads_on_table_indexes_and_stream() -> None:
    assert grants(table_policy("read")) == {
        TABLE_ARN: TABLE_READ,
        f"{TABLE_ARN}/index/*": TABLE_READ,
        f"{TABLE_ARN}/stream/*": STREAM,
    }


def test_table_write_grants_writes_on_the_table_only() -> None:
    assert grants(table_policy("write")) == {TABLE_ARN: TABLE_WRITE}


def test_table_read_write_grants_both() -> None:
    assert grants(table_policy("read_write")) == {
        TABLE_ARN: TABLE_READ | TABLE_WRITE,
        f"{TABLE_ARN}/index/*": TABLE_READ,
        f"{TABLE_ARN}/stream/*": STREAM,
    }


def test_table_without_stream_gets_no_stream_actions() -> None:
    assert f"{TABLE_ARN}/stream/*" not in grants(table_policy("read", stream=False))


def test_probe_may_read_pitr_state() -> None:
    assert "dynamodb:DescribeContinuousBackups" in grants(table_policy("read", probe=True))[
        TABLE_ARN]
    assert "dynamodb:DescribeContinuousBackups" not in grants(table_policy("read"))[TABLE_ARN]


def test_table_customer_key_is_usable_through_dynamodb_only() -> None:
    document = table_policy("read_write", kms=KEY_ARN)
    assert document is not None
    [key] = [s for s in document["Statement"] if s["Resource"] == [KEY_ARN]]
    assert key["Condition"] == {
        "StringEquals": {"kms:ViaService": "dynamodb.us-east-1.amazonaws.com"}}


@pytest.mark.parametrize("level", ["read", "write", "read_write"])
def test_table_key_grants_decrypt_only_at_every_level(level: str) -> None:
    """DynamoDB decrypts the table key on behalf of whoever accesses the table,
    writers included, and generates the table key itself (through its grant):
    a writer without kms:Decrypt is refused, and kms:GenerateDataKey is never used."""
    assert grants(table_policy(level, kms=KEY_ARN))[KEY_ARN] == {"kms:Decrypt"}


# -- buckets ---------------------------------------------------------------------


def test_bucket_read_grants_list_and_object_reads() -> None:
    assert grants(bucket_policy("read")) == {
        BUCKET_ARN: {"s3:GetBucketVersioning", "s3:ListBucket"},
        f"{BUCKET_ARN}/*": {"s3:GetObject", "s3:GetObjectVersion"},
    }


def test_bucket_write_grants_object_writes_only() -> None:
    assert grants(bucket_policy("write")) == {
        f"{BUCKET_ARN}/*": {"s3:DeleteObject", "s3:PutObject"},
    }


def test_bucket_read_write_grants_both() -> None:
    assert grants(bucket_policy("read_write")) == {
        BUCKET_ARN: {"s3:GetBucketVersioning", "s3:ListBucket"},
        f"{BUCKET_ARN}/*": {"s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject",
                            "s3:PutObject"},
    }


def test_probe_reads_replication_configuration_only_when_asked() -> None:
    assert "s3:GetReplicationConfiguration" in grants(
        bucket_policy("read", replication=True))[BUCKET_ARN]
    assert "s3:GetReplicationConfiguration" not in grants(bucket_policy("read"))[BUCKET_ARN]


def test_bucket_customer_key_write_generates_data_keys_through_s3() -> None:
    document = bucket_policy("write", kms=KEY_ARN)
    assert document is not None
    [key] = [s for s in document["Statement"] if s["Resource"] == [KEY_ARN]]
    assert "kms:GenerateDataKey" in key["Action"]
    assert key["Condition"]["StringEquals"]["kms:ViaService"] == "s3.us-east-1.amazonaws.com"


@pytest.mark.parametrize(("level", "actions"), [
    ("read", {"kms:Decrypt"}),
    # A multipart upload (what the SDKs' upload helpers use for large bodies)
    # needs kms:Decrypt besides the kms:GenerateDataKey of a single PutObject.
    ("write", {"kms:Decrypt", "kms:GenerateDataKey"}),
    ("read_write", {"kms:Decrypt", "kms:GenerateDataKey"}),
])
def test_bucket_customer_key_actions_per_level(level: str, actions: set[str]) -> None:
    assert grants(bucket_policy(level, kms=KEY_ARN))[KEY_ARN] == actions


def test_aws_managed_encryption_needs_no_kms_statement() -> None:
    """sse_kms with the AWS managed key: that key's policy already admits the
    account's principals through S3; a statement would need `Resource: *`."""
    document = bucket_policy("read_write")
    assert document is not None
    assert not any(a.startswith("kms:") for s in document["Statement"] for a in s["Action"])


# -- topic, nothing, trust -----------------------------------------------------------


def test_topic_publish_and_its_key() -> None:
    topic = iam.TopicGrant(TOPIC_ARN, "us-east-1", KEY_ARN)
    document = iam.function_policy([], [], topic, "eu-west-1")
    assert grants(document) == {TOPIC_ARN: {"sns:Publish"},
                                KEY_ARN: {"kms:Decrypt", "kms:GenerateDataKey"}}
    assert document is not None
    key = document["Statement"][1]
    # The topic lives in the primary region, whichever region publishes.
    assert key["Condition"]["StringEquals"]["kms:ViaService"] == "sns.us-east-1.amazonaws.com"


def test_nothing_granted_means_no_policy() -> None:
    assert iam.function_policy([], [], None, "us-east-1") is None


def test_statement_sids_are_alphanumeric_and_unique() -> None:
    document = iam.function_policy(
        [iam.TableGrant("order-items", "read_write", TABLE_ARN, stream=True, kms_key_arn=KEY_ARN)],
        [iam.BucketGrant("raw-docs", "read_write", BUCKET_ARN, kms_key_arn=KEY_ARN)],
        iam.TopicGrant(TOPIC_ARN, "us-east-1", KEY_ARN), "us-east-1")
    assert document is not None
    sids = [s["Sid"] for s in document["Statement"]]
    assert all(s.isalnum() for s in sids)
    assert len(set(sids)) == len(sids)
    assert "TableOrderItemsRead" in sids


def test_lambda_trust() -> None:
    [stmt] = iam.lambda_trust()["Statement"]
    assert stmt == {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole"}


def test_scheduler_trust_is_bound_to_account_and_group() -> None:
    group = "arn:aws:scheduler:us-east-1:123456789012:schedule-group/shop-test-schedules"
    [stmt] = iam.scheduler_trust("123456789012", group)["Statement"]
    assert stmt["Principal"] == {"Service": "scheduler.amazonaws.com"}
    assert stmt["Condition"] == {"StringEquals": {"aws:SourceAccount": "123456789012",
                                                  "aws:SourceArn": group}}


def test_invoke_policy_targets_one_function() -> None:
    fn = "arn:aws:lambda:us-east-1:123456789012:function:shop-test-job-fn"
    assert grants(iam.invoke_policy(fn)) == {fn: {"lambda:InvokeFunction"},
                                             f"{fn}:*": {"lambda:InvokeFunction"}}


# -- names ---------------------------------------------------------------------------


def test_role_names_fit_iam_and_differ_per_region() -> None:
    base = "shop-production-" + "a" * 31 + "-fn"
    primary = naming.role_name(base)
    secondary = naming.role_name(base, region="ap-southeast-2")
    assert len(primary) <= 64 and len(secondary) <= 64
    assert primary != secondary
    assert primary == naming.role_name(base)  # stable
    assert naming.role_name("shop-dev-job-fn") == "shop-dev-job-fn-role"
    assert (naming.role_name("shop-dev-job-fn", region="us-west-2")
            == "shop-dev-job-fn-us-west-2-role")


def test_a_function_name_validate_accepts_gets_a_role_name_iam_accepts() -> None:
    """A 64-character function name is valid; its role name, 69 characters unbounded,
    is shortened with a hash by the one function validate and the factory share."""
    app, env = "orders-payments-east", "e" * 16
    ident = "f" * (64 - len(f"{app}-{env}--fn"))
    fn_name = naming.physical(app, env, ident, "fn")
    assert len(fn_name) == 64

    def one_long_function(data: dict[str, Any]) -> None:
        for section in ("api", "schedules", "alarms"):
            data.pop(section, None)
        data.update(name=app, environment=env,
                    functions={ident: {"template": "processor", "vpc": False}})

    built = edited_plan("dev", one_long_function)
    [role] = [r for r in built.of_type("aws:iam/role:Role")
              if r.name == f"functions-{ident}-role"]
    assert role.inputs["name"] == naming.role_name(fn_name)
    assert len(role.inputs["name"]) == 64 and role.inputs["name"].startswith(fn_name[:55])


@pytest.mark.parametrize(("region", "partition"), [
    ("us-east-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")])
def test_partition(region: str, partition: str) -> None:
    assert iam.partition(region) == partition


# -- every inline policy in the shipped specs' plans -------------------------------------


def _is_scoped_arn(resource: str) -> bool:
    """An ARN naming one resource; a wildcard only as a whole last segment
    (`<table arn>/index/*`, `<function arn>:*`)."""
    if not resource.startswith("arn:aws:"):
        return False
    stem = resource[:-2] if resource.endswith(("/*", ":*")) else resource
    return "*" not in stem and len(stem.split(":")) >= 6


def test_scoped_arn_predicate() -> None:
    assert _is_scoped_arn(TABLE_ARN + "/index/*")
    assert not _is_scoped_arn("*")
    assert not _is_scoped_arn("arn:aws:dynamodb:*:123456789012:table/orders")
    assert not _is_scoped_arn("arn:aws:s3:::*")
    assert not _is_scoped_arn("arn:aws:s3:::orders-*")


@pytest.fixture(scope="module", params=["dev", "staging", "prod"])
def shipped_plan(request: pytest.FixtureRequest) -> plan.Plan:
    """The whole environment, every section: the rule holds for all inline policies."""
    return shipped(request.param, full=True)


#: Actions that name no resource, so a statement can only grant them on "*": AWS FIS's
#: experiment role lists them so (tag:GetResources, s3:ListAllMyBuckets and
#: dynamodb:InjectError in
#: https://docs.aws.amazon.com/fis/latest/userguide/cross-region-scenario.html;
#: logs:CreateLogDelivery in
#: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html).
NO_RESOURCE_LEVEL = {"tag:GetResources", "s3:ListAllMyBuckets", "dynamodb:InjectError",
                     "logs:CreateLogDelivery"}


def test_no_wildcard_action_or_resource_in_any_inline_policy(shipped_plan: plan.Plan) -> None:
    inline = shipped_plan.of_type("aws:iam/rolePolicy:RolePolicy")
    assert inline
    for resource in inline:
        for stmt in statements(policy(resource)):
            for action in as_list(stmt["Action"]):
                assert "*" not in action, (resource.name, action)
            if set(as_list(stmt["Action"])) <= NO_RESOURCE_LEVEL:
                continue
            for arn in as_list(stmt["Resource"]):
                assert arn != "*" and _is_scoped_arn(arn), (resource.name, arn)
            assert "NotAction" not in stmt and "NotResource" not in stmt


def test_no_cloudwatch_put_metric_data_anywhere(shipped_plan: plan.Plan) -> None:
    text = json.dumps([r.inputs for r in shipped_plan.resources])
    assert "cloudwatch:PutMetricData" not in text
