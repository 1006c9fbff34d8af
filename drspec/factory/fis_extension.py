"""The AWS FIS Lambda extension on the primary's functions, when drills inject function faults.

AWS's Lambda actions need, on every target function
(https://docs.aws.amazon.com/fis/latest/userguide/use-lambda-actions.html):
the FIS extension as a layer, `AWS_FIS_CONFIGURATION_LOCATION` (the S3 ARN of
the configuration folder, ending in `/`), `AWS_LAMBDA_EXEC_WRAPPER`
(`/opt/aws-fis/bootstrap`), and read access to that folder. The layer's ARN
is read at deploy time from AWS's SSM public parameter for the function's
architecture, as AWS recommends over a hard-coded ARN
(https://docs.aws.amazon.com/fis/latest/userguide/actions-lambda-extension-arns.html).

Only the primary's functions get it, and only when the spec has drills: a
spec without drills compiles exactly as before.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.drills.actions import LAMBDA_CONFIG_PREFIX, LAMBDA_EXEC_WRAPPER, LAMBDA_LAYER_PARAMETER
from drspec.drills.catalog import injects_function_faults
from drspec.factory import iam
from drspec.factory.context import BuildContext


def config_bucket_name(app: str, environment: str) -> str:
    """The extension's configuration bucket (in the primary region)."""
    return naming.physical(app, environment, naming.FIS_CONFIG_IDENT, "bucket")


def _active(ctx: BuildContext) -> bool:
    return not ctx.secondary and injects_function_faults(ctx.spec)


def _bucket_arn(ctx: BuildContext) -> str:
    name = config_bucket_name(ctx.spec.name, ctx.spec.environment)
    return f"arn:{iam.partition(ctx.region)}:s3:::{name}"


def layers(ctx: BuildContext, architecture: str) -> list[pulumi.Input[str]] | None:
    if not _active(ctx):
        return None
    parameter = aws.ssm.get_parameter_output(
        name=LAMBDA_LAYER_PARAMETER.format(arch=architecture), region=ctx.region)
    return [parameter.value]


def environment(ctx: BuildContext) -> dict[str, str]:
    if not _active(ctx):
        return {}
    return {
        "AWS_FIS_CONFIGURATION_LOCATION": f"{_bucket_arn(ctx)}/{LAMBDA_CONFIG_PREFIX}",
        "AWS_LAMBDA_EXEC_WRAPPER": LAMBDA_EXEC_WRAPPER,
    }


def with_config_read(ctx: BuildContext,
                     document: dict[str, Any] | None) -> dict[str, Any] | None:
    """`document` plus reading the configuration folder (AWS's read policy)."""
    if not _active(ctx):
        return document
    bucket = _bucket_arn(ctx)
    statements = [
        iam.statement("FisConfigList", ["s3:ListBucket"], [bucket],
                      {"StringLike": {"s3:prefix": [f"{LAMBDA_CONFIG_PREFIX}*"]}}),
        iam.statement("FisConfigRead", ["s3:GetObject"], [f"{bucket}/{LAMBDA_CONFIG_PREFIX}*"]),
    ]
    if document is None:
        return {"Version": iam.VERSION, "Statement": statements}
    return {**document, "Statement": [*document["Statement"], *statements]}
