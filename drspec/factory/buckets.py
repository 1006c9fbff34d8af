"""The `buckets` section: one S3 bucket per entry, locked down by default.

Each bucket is an `aws.s3.Bucket` plus the standalone configuration resources
pulumi-aws 7 wants (never the deprecated `*V2` ones or the bucket's inline
arguments): versioning (when on), default encryption, lifecycle rules (when
any), a public access block with all four switches on, object ownership
`BucketOwnerEnforced` (ACLs off), and a bucket policy that denies every
request not made over TLS. Encryption: `sse_s3` -> AES256; `sse_kms` ->
`aws:kms` under the AWS managed `aws/s3` key; an ARN -> that key; both KMS
forms with S3 Bucket Keys to cut KMS calls.

Lifecycle: besides the spec's rules, drspec adds its own to every bucket and
replica (lifecycle configuration is not replicated: "If you want the same
lifecycle configuration applied to both the source and destination buckets,
enable the same lifecycle configuration on both",
https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html):

- `drspec-noncurrent-versions` deletes noncurrent versions
  `noncurrent_expiration_days` after they become noncurrent (default 90; none
  with `never` or when a spec rule sets it). On a versioned bucket an
  expiration only adds a delete marker ("If the current object version is not
  a delete marker, Amazon S3 adds a delete marker",
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html),
  so without this rule every overwritten or deleted object is kept forever;
- `drspec-cleanup` removes expired delete markers (a marker with no
  noncurrent version left) and aborts multipart uploads left incomplete for
  `ABORT_INCOMPLETE_UPLOAD_DAYS` ("Object expiration lifecycle configurations
  do not remove incomplete multipart uploads"). It is a rule of its own because
  `ExpiredObjectDeleteMarker` "cannot be specified with Days or Date in a
  Lifecycle Expiration Policy"
  (https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html,
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortIncompleteMultipartUpload.html).

Two-way replication of an `sse_kms` bucket under the AWS managed key: the
objects written in the standby come back encrypted with a customer managed
"return key" in the primary region (a replication rule cannot name the AWS
managed key); the bucket's readers get `kms:Decrypt` on it.

Buckets are stateful: `protect` and `retain_on_delete` unless `protect: false`.
So are their companions (versioning, encryption, lifecycle, public access
block, ownership controls, TLS-only policy): deleting one changes the retained
bucket, e.g. deleting `s3.BucketVersioning` suspends versioning
(https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketversioning/),
and `retain_on_delete` does not reach a bucket's companions by itself.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.drills.actions import BUCKET_TARGET_TAG
from drspec.factory.context import BucketRefs, BuildContext
from drspec.model import Bucket, LifecycleRule
from drspec.naming import CLEANUP_RULE_ID, NONCURRENT_RULE_ID

SECTION = "buckets"
ABORT_INCOMPLETE_UPLOAD_DAYS = 7


def encryption_rule(bucket: Bucket) -> dict[str, Any]:
    if not bucket.uses_kms:
        return {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}
    default: dict[str, Any] = {"sse_algorithm": "aws:kms"}
    if bucket.kms_key_arn is not None:
        default["kms_master_key_id"] = bucket.kms_key_arn
    return {"apply_server_side_encryption_by_default": default, "bucket_key_enabled": True}


def lifecycle_rule(rule: LifecycleRule) -> dict[str, Any]:
    """One rule over every object in the bucket (empty filter)."""
    out: dict[str, Any] = {"id": rule.id, "status": "Enabled", "filter": {}}
    if rule.transition_days is not None:
        out["transitions"] = [{
            "days": rule.transition_days,
            "storage_class": rule.transition_storage_class,
        }]
    if rule.noncurrent_expiration_days is not None:
        out["noncurrent_version_expiration"] = {"noncurrent_days": rule.noncurrent_expiration_days}
    if rule.expiration_days is not None:
        out["expiration"] = {"days": rule.expiration_days}
    return out


def bucket_lifecycle_rules(bucket: Bucket, *, versioned: bool) -> list[dict[str, Any]]:
    """The spec's rules, then drspec's own (see the module docstring)."""
    rules = [lifecycle_rule(r) for r in bucket.lifecycle]
    if versioned and bucket.noncurrent_expiration_days is not None:
        rules.append({"id": NONCURRENT_RULE_ID, "status": "Enabled", "filter": {},
                      "noncurrent_version_expiration": {
                          "noncurrent_days": bucket.noncurrent_expiration_days}})
    cleanup: dict[str, Any] = {
        "id": CLEANUP_RULE_ID, "status": "Enabled", "filter": {},
        "abort_incomplete_multipart_upload": {
            "days_after_initiation": ABORT_INCOMPLETE_UPLOAD_DAYS},
    }
    if versioned:
        cleanup["expiration"] = {"expired_object_delete_marker": True}
    rules.append(cleanup)
    return rules


def lock_down(ctx: BuildContext, bucket: aws.s3.Bucket, region: str, *, access_block: str,
              ownership: str, policy: str) -> None:
    """What every bucket drspec makes gets, source or replica: all four public
    access switches on, ACLs off (`BucketOwnerEnforced`), and TLS-only access.
    Every bucket drspec makes is stateful, and these are kept with it."""
    public_access = aws.s3.BucketPublicAccessBlock(
        access_block,
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        region=region,
        opts=ctx.opts(stateful=True),
    )
    aws.s3.BucketOwnershipControls(
        ownership,
        bucket=bucket.id,
        rule={"object_ownership": "BucketOwnerEnforced"},
        region=region,
        opts=ctx.opts(stateful=True),
    )
    aws.s3.BucketPolicy(
        policy,
        bucket=bucket.id,
        policy=pulumi.Output.json_dumps(bucket.arn.apply(tls_only_policy)),
        region=region,
        # S3 rejects concurrent changes to one bucket's access settings.
        opts=ctx.opts(stateful=True, depends_on=[public_access]),
    )


def tls_only_policy(arn: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [arn, f"{arn}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }],
    }


def build(ctx: BuildContext) -> None:
    for bucket in ctx.spec.buckets:
        _build_bucket(ctx, bucket)


def _drill_tag(ctx: BuildContext) -> dict[str, str]:
    """The tag FIS's bucket-pause action finds replicated source buckets by (it
    targets by tags only), when the spec has drills."""
    dr = ctx.spec.disaster_recovery
    if not (dr.drills and dr.replicate_buckets):
        return {}
    key, value = BUCKET_TARGET_TAG
    return {key: value}


def _build_bucket(ctx: BuildContext, spec: Bucket) -> None:
    ident = spec.ident

    def name(kind: str) -> str:
        return ctx.logical(SECTION, ident, kind)

    bucket = aws.s3.Bucket(
        name("bucket"),
        bucket=ctx.physical(ident, "bucket"),
        force_destroy=spec.force_destroy,
        region=ctx.region,
        tags=ctx.tags(**_drill_tag(ctx)),
        opts=ctx.opts(stateful=True),
    )
    versioning = None
    if spec.versioning:
        versioning = aws.s3.BucketVersioning(
            name("versioning"),
            bucket=bucket.id,
            versioning_configuration={"status": "Enabled"},
            region=ctx.region,
            opts=ctx.opts(stateful=True),
        )
    # Plain dicts in the SDK's snake_case (its TypedDicts add nothing here).
    encryption_rules: list[Any] = [encryption_rule(spec)]
    lifecycle_rules: list[Any] = bucket_lifecycle_rules(spec, versioned=spec.versioning)
    aws.s3.BucketServerSideEncryptionConfiguration(
        name("encryption"),
        bucket=bucket.id,
        rules=encryption_rules,
        region=ctx.region,
        opts=ctx.opts(stateful=True),
    )
    aws.s3.BucketLifecycleConfiguration(
        name("lifecycle"),
        bucket=bucket.id,
        rules=lifecycle_rules,
        region=ctx.region,
        # Noncurrent-version rules act on versions: configure versioning first.
        opts=ctx.opts(stateful=True, depends_on=[versioning] if versioning else None),
    )
    lock_down(ctx, bucket, ctx.region, access_block=name("public-access-block"),
              ownership=name("ownership"), policy=name("policy"))
    ctx.refs.buckets[ident] = BucketRefs(
        name=bucket.bucket,
        arn=bucket.arn,
        resource=bucket,
        versioning=versioning,
        kms_key_arn=spec.kms_key_arn,
        return_key_arn=_return_key(ctx, spec),
    )
    ctx.export(naming.output_key("bucket", ident, "name"), bucket.bucket)
    ctx.export(naming.output_key("bucket", ident, "arn"), bucket.arn)


def _return_key(ctx: BuildContext, spec: Bucket) -> pulumi.Output[str] | None:
    """The customer managed key objects replicated back from the standby are
    encrypted with, for an `sse_kms` bucket under the AWS managed key."""
    if not (ctx.spec.disaster_recovery.two_way_buckets and spec.encryption == "sse_kms"):
        return None
    physical = ctx.physical(spec.ident, "bucket")
    key = aws.kms.Key(
        ctx.logical(SECTION, spec.ident, "return-key"),
        description=f"Encrypts objects replicated back to {physical} from the standby",
        enable_key_rotation=True,
        deletion_window_in_days=30,
        region=ctx.region,
        tags=ctx.tags(Name=physical),
        opts=ctx.opts(stateful=True),
    )
    return key.arn
