"""S3 cross-region replication: a replica bucket per source bucket, in the secondary region.

Runs after the primary sections (it reads `ctx.refs.buckets`) and before the
secondary ones: the replicas are registered as the secondary region's buckets,
so warm-standby functions read and write the replica in their own region.

Every replica is secured like its source: versioned, encrypted with the same
kind of encryption, all four public-access switches on, ACLs disabled, TLS-only
policy, and protected when the spec protects stateful resources. It keeps the
source's lifecycle rules, so versions expire (and age into colder storage) on
both sides alike.

KMS: S3 encrypts replicas of SSE-KMS objects only with a *customer managed* key
in the destination region (`ReplicaKmsKeyID` takes no AWS managed key), and a
customer key ARN given for the source is a key of the source region. So the
replica of every KMS-encrypted bucket gets its own customer managed key in the
secondary region (rotation on), the rule replicates SSE-KMS objects
(`source_selection_criteria.sse_kms_encrypted_objects`) and re-encrypts them
with that key. The role may decrypt with the source's key only when that key
is a known ARN; objects under the AWS managed `aws/s3` key need no IAM grant,
because that key's own policy lets every principal of the account use it
through S3.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.factory import iam
from drspec.factory.buckets import lifecycle_rule, lock_down
from drspec.factory.context import BucketRefs, BuildContext, RegionRefs, output_key
from drspec.model import Bucket

SECTION = "replication"
RTC_MINUTES = 15  # the only value S3 Replication Time Control accepts


def build(ctx: BuildContext) -> None:
    dr = ctx.spec.disaster_recovery
    if not (dr.multi_region and dr.replicate_buckets and ctx.spec.buckets):
        return
    secondary = dr.secondary_region
    assert secondary is not None
    secondary_refs = ctx.shared.regions.setdefault(secondary, RegionRefs())
    for bucket in ctx.spec.buckets:
        source = ctx.refs.buckets[bucket.ident]
        replica = _replica_bucket(ctx, bucket, secondary)
        secondary_refs.buckets[bucket.ident] = replica
        role, grant = _replication_role(ctx, bucket, source, replica, secondary)
        _replication_config(ctx, bucket, source, replica, role, grant)
        ctx.export(output_key("bucket", bucket.ident, "replica_name"), replica.name)


# -- the replica bucket ---------------------------------------------------------


def _replica_bucket(ctx: BuildContext, bucket: Bucket, region: str) -> BucketRefs:
    spec = ctx.spec
    physical = naming.replica_bucket(spec.name, spec.environment, bucket.ident)

    def name(kind: str) -> str:
        return naming.logical(SECTION, bucket.ident, kind)

    resource = aws.s3.Bucket(
        name("replica"),
        bucket=physical,
        region=region,
        force_destroy=bucket.force_destroy,
        tags=ctx.tags(Name=physical),
        opts=ctx.opts(stateful=True),
    )
    versioning = aws.s3.BucketVersioning(
        name("replica-versioning"),
        bucket=resource.id,
        region=region,
        versioning_configuration={"status": "Enabled"},
        opts=ctx.opts(),
    )
    key = None
    if bucket.uses_kms:
        key = aws.kms.Key(
            name("replica-key"),
            region=region,
            description=f"Encrypts the replicas of {physical}",
            enable_key_rotation=True,
            deletion_window_in_days=30,
            tags=ctx.tags(Name=physical),
            opts=ctx.opts(stateful=True),
        )
    aws.s3.BucketServerSideEncryptionConfiguration(
        name("replica-encryption"),
        bucket=resource.id,
        region=region,
        rules=[_encryption_rule(key)],
        opts=ctx.opts(),
    )
    if bucket.lifecycle:
        # The source's rules, so replicated noncurrent versions expire here too
        # instead of accumulating forever.
        lifecycle_rules: list[Any] = [lifecycle_rule(r) for r in bucket.lifecycle]
        aws.s3.BucketLifecycleConfiguration(
            name("replica-lifecycle"),
            bucket=resource.id,
            region=region,
            rules=lifecycle_rules,
            opts=ctx.opts(depends_on=[versioning]),
        )
    lock_down(ctx, resource, region, access_block=name("replica-public-access"),
              ownership=name("replica-ownership"), policy=name("replica-tls-only"))
    return BucketRefs(
        name=resource.bucket,
        arn=resource.arn,
        resource=resource,
        versioning=versioning,
        kms_key_arn=None if key is None else key.arn,
    )


def _encryption_rule(key: aws.kms.Key | None,
                     ) -> aws.s3.BucketServerSideEncryptionConfigurationRuleArgsDict:
    if key is None:
        return {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}
    return {
        "apply_server_side_encryption_by_default": {
            "sse_algorithm": "aws:kms",
            "kms_master_key_id": key.arn,
        },
        "bucket_key_enabled": True,
    }


# -- the role S3 replicates with ---------------------------------------------------


def _replication_role(ctx: BuildContext, bucket: Bucket, source: BucketRefs,
                      replica: BucketRefs, secondary: str,
                      ) -> tuple[aws.iam.Role, aws.iam.RolePolicy]:
    """The role S3 replicates with, and the inline policy granting what it needs."""
    role_name = iam.role_name(ctx.physical(bucket.ident, "replication"),
                              limit=naming.LIMITS["role"])
    role = aws.iam.Role(
        naming.logical(SECTION, bucket.ident, "role"),
        name=role_name,
        description=f"S3 replication of {bucket.ident} to {secondary}",
        assume_role_policy=iam.render(iam.service_trust("s3.amazonaws.com")),
        tags=ctx.tags(Name=role_name),
        opts=ctx.opts(),
    )
    grant = aws.iam.RolePolicy(
        naming.logical(SECTION, bucket.ident, "role-policy"),
        role=role.id,
        name="replicate",
        policy=replication_policy(ctx.spec.region, secondary, source, replica),
        opts=ctx.opts(),
    )
    return role, grant


def replication_policy(primary: str, secondary: str, source: BucketRefs,
                       replica: BucketRefs) -> pulumi.Output[str]:
    """Exactly what S3 replication needs, on exactly the two buckets (and their keys)."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "ReadReplicationConfiguration",
            "Effect": "Allow",
            "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            "Resource": [source.arn],
        },
        {
            "Sid": "ReadSourceVersions",
            "Effect": "Allow",
            "Action": [
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionTagging",
            ],
            "Resource": [pulumi.Output.concat(source.arn, "/*")],
        },
        {
            "Sid": "WriteReplicas",
            "Effect": "Allow",
            "Action": ["s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"],
            "Resource": [pulumi.Output.concat(replica.arn, "/*")],
        },
    ]
    if source.kms_key_arn is not None:
        statements.append(_kms_statement("DecryptSource", ["kms:Decrypt"], source.kms_key_arn,
                                         primary, source.arn))
    if replica.kms_key_arn is not None:
        statements.append(_kms_statement("EncryptReplicas",
                                         ["kms:Encrypt", "kms:GenerateDataKey"],
                                         replica.kms_key_arn, secondary, replica.arn))
    return iam.render({"Version": iam.VERSION, "Statement": statements})


def _kms_statement(sid: str, actions: list[str], key_arn: pulumi.Input[str], region: str,
                   bucket_arn: pulumi.Input[str]) -> dict[str, Any]:
    """Use of one key, only by S3 in `region` and only for this bucket (the encryption
    context is the object ARN, or the bucket ARN when S3 Bucket Keys are on)."""
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Action": actions,
        "Resource": [key_arn],
        "Condition": {
            "StringEquals": {"kms:ViaService": f"s3.{region}.amazonaws.com"},
            "StringLike": {"kms:EncryptionContext:aws:s3:arn": [
                bucket_arn, pulumi.Output.concat(bucket_arn, "/*"),
            ]},
        },
    }


# -- the replication configuration -------------------------------------------------


def _replication_config(ctx: BuildContext, bucket: Bucket, source: BucketRefs,
                        replica: BucketRefs, role: aws.iam.Role,
                        grant: aws.iam.RolePolicy) -> None:
    """The one replication rule. It waits for both versionings (S3 refuses the rule
    otherwise) and for the role's policy: S3 starts replicating new objects as soon
    as the rule exists, and an object whose replication fails for lack of
    permissions stays FAILED (S3 never retries it)."""
    destination: aws.s3.BucketReplicationConfigRuleDestinationArgsDict = {
        "bucket": replica.arn,
        "storage_class": "STANDARD",
    }
    rule: aws.s3.BucketReplicationConfigRuleArgsDict = {
        "id": naming.REPLICATION_RULE_ID,
        "status": "Enabled",
        "filter": {"prefix": ""},
        "delete_marker_replication": {"status": "Enabled"},
        "destination": destination,
    }
    if ctx.spec.disaster_recovery.replication_time_control:
        destination["replication_time"] = {"status": "Enabled",
                                           "time": {"minutes": RTC_MINUTES}}
        destination["metrics"] = {"status": "Enabled",
                                  "event_threshold": {"minutes": RTC_MINUTES}}
    if replica.kms_key_arn is not None:
        destination["encryption_configuration"] = {"replica_kms_key_id": replica.kms_key_arn}
        rule["source_selection_criteria"] = {"sse_kms_encrypted_objects": {"status": "Enabled"}}
    versionings = [v for v in (source.versioning, replica.versioning) if v is not None]
    if len(versionings) != 2:
        raise ValueError(f"bucket {bucket.ident!r} is replicated but not versioned")
    aws.s3.BucketReplicationConfig(
        naming.logical(SECTION, bucket.ident, "config"),
        bucket=source.name,
        region=ctx.spec.region,
        role=role.arn,
        rules=[rule],
        opts=ctx.opts(depends_on=[*versionings, grant]),
    )
