"""The AWS FIS actions drills use: ids, what they target, and FIS's own limits.

Every action id, resource type, target key and parameter below is quoted from
AWS's actions reference (`ACTIONS_REFERENCE`); the target keys from
https://docs.aws.amazon.com/fis/latest/userguide/action-sequence.html#action-targets.
Permissions are in `drspec.factory.drills_iam`, next to the role they go into.
"""

from __future__ import annotations

from dataclasses import dataclass

ACTIONS_REFERENCE = "https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html"
QUOTAS = "https://docs.aws.amazon.com/fis/latest/userguide/fis-quotas.html"
LAMBDA_ACTIONS = "https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html"

#: "Stop conditions per experiment template": 5, not adjustable (quota L-872EC72B).
MAX_STOP_CONDITIONS = 5
#: "Resources per experiment target": 5 ARNs per target
#: (https://docs.aws.amazon.com/fis/latest/APIReference/API_CreateExperimentTemplateTargetInput.html).
MAX_TARGET_ARNS = 5


@dataclass(frozen=True)
class FisAction:
    """One FIS action: its id, the resource type its target resolves, the key
    of that target in the action, and whether it may target by ARN."""

    id: str
    resource_type: str
    target_key: str
    by_tags_only: bool = False


ISOLATE_REGION = FisAction(
    "aws:network:route-table-disrupt-cross-region-connectivity", "aws:ec2:subnet", "Subnets")
DISRUPT_SUBNETS = FisAction("aws:network:disrupt-connectivity", "aws:ec2:subnet", "Subnets")
PAUSE_TABLE_REPLICATION = FisAction(
    "aws:dynamodb:global-table-pause-replication", "aws:dynamodb:global-table", "Tables")
# "This action only supports targeting by tags."
PAUSE_BUCKET_REPLICATION = FisAction(
    "aws:s3:bucket-pause-replication", "aws:s3:bucket", "Buckets", by_tags_only=True)
LAMBDA_ERROR = FisAction("aws:lambda:invocation-error", "aws:lambda:function", "Functions")
LAMBDA_DELAY = FisAction("aws:lambda:invocation-add-delay", "aws:lambda:function", "Functions")

ACTIONS: dict[str, FisAction] = {a.id: a for a in (
    ISOLATE_REGION, DISRUPT_SUBNETS, PAUSE_TABLE_REPLICATION, PAUSE_BUCKET_REPLICATION,
    LAMBDA_ERROR, LAMBDA_DELAY,
)}

#: The tag that marks the source buckets the bucket-pause action targets (with
#: drspec:app and drspec:environment, so exactly this environment's buckets).
BUCKET_TARGET_TAG = ("drspec:drill", "bucket-pause-replication")

#: The FIS extension's configuration prefix in the per-region bucket, and what
#: the functions' environment must say (`LAMBDA_ACTIONS`).
LAMBDA_CONFIG_PREFIX = "FisConfigs/"
LAMBDA_EXEC_WRAPPER = "/opt/aws-fis/bootstrap"
#: The SSM public parameter holding the extension layer's ARN in each region
#: (https://docs.aws.amazon.com/fis/latest/userguide/actions-lambda-extension-arns.html).
LAMBDA_LAYER_PARAMETER = "/aws/service/fis/lambda-extension/AWS-FIS-extension-{arch}/1.x.x"
