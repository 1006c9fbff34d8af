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

Two-way: with `standby_buckets: read_write` (the default) every replica also
replicates back to its source, so objects written in the standby region while
failed over are in the primary after failback. AWS: "To set up two-way
replication, create a replication rule from the source bucket ... Then, create a
second replication rule from the bucket containing the replicas ... to the
source bucket", with replica modification sync on both rules so metadata
changes made to replicas flow back too
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-for-metadata-changes.html).
Replicas are never replicated again ("Objects in the source bucket that are
replicas that were created by another replication rule" are not replicated,
https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html),
so the pair does not loop. One role serves both directions. Objects the
replica holds under its own key come back under the source's customer key:
the spec's key ARN, or, for `sse_kms` under the AWS managed key (which a
replication rule cannot name), the bucket's return key the buckets section
makes. With `standby_buckets: read_only` there is no return rule and the
standby's functions may only read the replicas (`drspec.factory.functions`).

Replication metrics are on for every rule, Replication Time Control or not:
S3 publishes `OperationsFailedReplication` only for rules with metrics, and
"You can also enable S3 Replication metrics independently of S3 RTC"
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html; they
are billed like CloudWatch custom metrics). `drspec.factory.watch` alarms on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.factory import iam
from drspec.factory.buckets import bucket_lifecycle_rules, lock_down
from drspec.factory.context import BucketRefs, BuildContext, RegionRefs
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
        routes = [_Route(source, ctx.spec.region, replica, secondary, to_replica=True)]
        if dr.two_way_buckets:
            routes.append(_Route(replica, secondary, source, ctx.spec.region, to_replica=False))
        role, grant = _replication_role(ctx, bucket, routes)
        for route in routes:
            _replication_config(ctx, bucket, route, role, grant)
        ctx.export(naming.output_key("bucket", bucket.ident, "replica_name"), replica.name)


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
        opts=ctx.opts(stateful=True),
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
        opts=ctx.opts(stateful=True),
    )
    # The source's rules and drspec's own, so replicated noncurrent versions and
    # delete markers expire here too instead of accumulating forever.
    lifecycle_rules: list[Any] = bucket_lifecycle_rules(bucket, versioned=True)
    aws.s3.BucketLifecycleConfiguration(
        name("replica-lifecycle"),
        bucket=resource.id,
        region=region,
        rules=lifecycle_rules,
        opts=ctx.opts(stateful=True, depends_on=[versioning]),
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


@dataclass(frozen=True)
class _Route:
    """One replication rule: from `source` (in `source_region`) to `destination`."""

    source: BucketRefs
    source_region: str
    destination: BucketRefs
    destination_region: str
    to_replica: bool

    @property
    def destination_key(self) -> pulumi.Input[str] | None:
        """The customer managed key the rule encrypts copies with, if any."""
        if self.to_replica:
            return self.destination.kms_key_arn
        return self.destination.return_key_arn or self.destination.kms_key_arn


def _replication_role(ctx: BuildContext, bucket: Bucket, routes: list[_Route],
                      ) -> tuple[aws.iam.Role, aws.iam.RolePolicy]:
    """The role S3 replicates with (both directions), and its inline policy."""
    role_name = naming.role_name(ctx.physical(bucket.ident, "replication"))
    secondary = ctx.spec.disaster_recovery.secondary_region
    both = " and back" if len(routes) > 1 else ""
    role = aws.iam.Role(
        naming.logical(SECTION, bucket.ident, "role"),
        name=role_name,
        description=f"S3 replication of {bucket.ident} to {secondary}{both}",
        assume_role_policy=iam.render(iam.service_trust("s3.amazonaws.com")),
        tags=ctx.tags(Name=role_name),
        opts=ctx.opts(),
    )
    grant = aws.iam.RolePolicy(
        naming.logical(SECTION, bucket.ident, "role-policy"),
        role=role.id,
        name="replicate",
        policy=replication_policy(routes),
        opts=ctx.opts(),
    )
    return role, grant


def replication_policy(routes: list[_Route]) -> pulumi.Output[str]:
    """Exactly what S3 replication needs, on exactly the two buckets (and their keys),
    for each direction replicated."""
    statements: list[dict[str, Any]] = []
    for route in routes:
        statements += _route_statements(route)
    return iam.render({"Version": iam.VERSION, "Statement": statements})


def _route_statements(route: _Route) -> list[dict[str, Any]]:
    source, replica = route.source, route.destination
    tail = "" if route.to_replica else "Back"
    statements: list[dict[str, Any]] = [
        {
            "Sid": f"ReadReplicationConfiguration{tail}",
            "Effect": "Allow",
            "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            "Resource": [source.arn],
        },
        {
            "Sid": f"ReadSourceVersions{tail}",
            "Effect": "Allow",
            "Action": [
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionTagging",
            ],
            "Resource": [pulumi.Output.concat(source.arn, "/*")],
        },
        {
            "Sid": f"WriteReplicas{tail}",
            "Effect": "Allow",
            "Action": ["s3:ReplicateDelete", "s3:ReplicateObject", "s3:ReplicateTags"],
            "Resource": [pulumi.Output.concat(replica.arn, "/*")],
        },
    ]
    if source.kms_key_arn is not None:
        statements.append(_kms_statement(f"DecryptSource{tail}", ["kms:Decrypt"],
                                         source.kms_key_arn, route.source_region, source.arn))
    key = route.destination_key
    if key is not None:
        statements.append(_kms_statement(f"EncryptReplicas{tail}",
                                         ["kms:Encrypt", "kms:GenerateDataKey"],
                                         key, route.destination_region, replica.arn))
    return statements


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


def _replication_config(ctx: BuildContext, bucket: Bucket, route: _Route, role: aws.iam.Role,
                        grant: aws.iam.RolePolicy) -> None:
    """One rule on the route's source bucket. It waits for both versionings (S3
    refuses the rule otherwise) and for the role's policy: S3 starts replicating
    new objects as soon as the rule exists, and an object whose replication fails
    for lack of permissions stays FAILED (S3 never retries it)."""
    dr = ctx.spec.disaster_recovery
    destination: aws.s3.BucketReplicationConfigRuleDestinationArgsDict = {
        "bucket": route.destination.arn,
        "storage_class": "STANDARD",
        "metrics": {"status": "Enabled"},
    }
    rule: aws.s3.BucketReplicationConfigRuleArgsDict = {
        "id": naming.replication_rule_id(to_replica=route.to_replica),
        "status": "Enabled",
        "filter": {"prefix": ""},
        "delete_marker_replication": {"status": "Enabled"},
        "destination": destination,
    }
    if dr.replication_time_control:
        destination["replication_time"] = {"status": "Enabled",
                                           "time": {"minutes": RTC_MINUTES}}
        destination["metrics"] = {"status": "Enabled",
                                  "event_threshold": {"minutes": RTC_MINUTES}}
    criteria: aws.s3.BucketReplicationConfigRuleSourceSelectionCriteriaArgsDict = {}
    key = route.destination_key
    if key is not None:
        destination["encryption_configuration"] = {"replica_kms_key_id": key}
        criteria["sse_kms_encrypted_objects"] = {"status": "Enabled"}
    if dr.two_way_buckets:
        # "You must enable replica modification sync on both the source and
        # destination buckets" (replication-for-metadata-changes.html).
        criteria["replica_modifications"] = {"status": "Enabled"}
    if criteria:
        rule["source_selection_criteria"] = criteria
    versionings = [v for v in (route.source.versioning, route.destination.versioning)
                   if v is not None]
    if len(versionings) != 2:
        raise ValueError(f"bucket {bucket.ident!r} is replicated but not versioned")
    kind = "config" if route.to_replica else "return-config"
    aws.s3.BucketReplicationConfig(
        naming.logical(SECTION, bucket.ident, kind),
        bucket=route.source.name,
        region=route.source_region,
        role=role.arn,
        rules=[rule],
        # Kept with the buckets it joins: deleting it stops replication.
        opts=ctx.opts(stateful=True, depends_on=[*versionings, grant]),
    )
