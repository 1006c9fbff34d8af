"""S3 cross-region replication in captured plans."""

from __future__ import annotations

import pytest
from dr_support import (
    CUSTOMER_KEY,
    PRIMARY,
    SECONDARY,
    as_list,
    plan,
    policy,
    spec,
    statements,
)

from drspec import naming
from drspec.plan.capture import Plan, PlannedResource

BUCKETS = ("documents", "statements")


def replica_name(ident: str) -> str:
    return naming.replica_bucket("orders", "prod", ident)


def source_name(ident: str) -> str:
    return naming.physical("orders", "prod", ident, "bucket")


def by_bucket(p: Plan, type_token: str, bucket: str) -> list[PlannedResource]:
    return [r for r in p.of_type(type_token) if r.inputs.get("bucket") == bucket]


def one(found: list[PlannedResource]) -> PlannedResource:
    assert len(found) == 1, [r.name for r in found]
    return found[0]


def replication_config(p: Plan, ident: str) -> PlannedResource:
    return one(by_bucket(p, "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                         source_name(ident)))


def rule(p: Plan, ident: str) -> dict:
    rules = replication_config(p, ident).inputs["rules"]
    assert len(rules) == 1
    return rules[0]


def role_policy(p: Plan, ident: str) -> dict:
    role_arn = replication_config(p, ident).inputs["role"]
    role = one([r for r in p.of_type("aws:iam/role:Role")
                if role_arn.endswith(":role/" + r.inputs["name"])])
    attached = [r for r in p.of_type("aws:iam/rolePolicy:RolePolicy")
                if r.inputs["role"] == role.inputs["name"]]
    assert len(attached) == 1, "the replication role has exactly one inline policy"
    assert not [a for a in p.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                if a.inputs["role"] == role.inputs["name"]], "and no managed policies"
    return policy(attached[0])


# -- the replica bucket ----------------------------------------------------------


@pytest.mark.parametrize("ident", BUCKETS)
def test_every_bucket_has_a_protected_replica_in_the_secondary_region(ident: str) -> None:
    replica = one(by_bucket(plan("prod"), "aws:s3/bucket:Bucket", replica_name(ident)))
    assert replica.region == SECONDARY
    assert replica.protect and replica.retain_on_delete
    assert plan("prod").outputs[f"bucket_{ident}_replica_name"] == replica_name(ident)


@pytest.mark.parametrize("ident", BUCKETS)
def test_replica_is_versioned_private_and_tls_only(ident: str) -> None:
    p = plan("prod")
    name = replica_name(ident)
    versioning = one(by_bucket(p, "aws:s3/bucketVersioning:BucketVersioning", name))
    assert versioning.inputs["versioningConfiguration"]["status"] == "Enabled"
    block = one(by_bucket(p, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name))
    for switch in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls",
                   "restrictPublicBuckets"):
        assert block.inputs[switch] is True, switch
    ownership = one(by_bucket(p, "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                              name))
    assert ownership.inputs["rule"]["objectOwnership"] == "BucketOwnerEnforced"
    bucket_policy = one(by_bucket(p, "aws:s3/bucketPolicy:BucketPolicy", name))
    [deny] = statements(policy(bucket_policy))
    assert deny["Effect"] == "Deny"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert sorted(deny["Resource"]) == [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"]
    for resource in (versioning, block, ownership, bucket_policy):
        assert resource.region == SECONDARY, resource.name


@pytest.mark.parametrize("ident", BUCKETS)
def test_replica_keeps_the_source_lifecycle(ident: str) -> None:
    p = plan("prod")
    lifecycle = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
    source = one([r for r in by_bucket(p, lifecycle, source_name(ident))
                  if r.region != SECONDARY])
    replica = one(by_bucket(p, lifecycle, replica_name(ident)))
    assert replica.region == SECONDARY
    assert replica.inputs["rules"] == source.inputs["rules"]
    assert one(by_bucket(p, "aws:s3/bucketVersioning:BucketVersioning",
                         replica_name(ident))).urn in replica.depends_on


def replica_keys(p: Plan) -> list[PlannedResource]:
    return [k for k in p.of_type("aws:kms/key:Key")
            if k.region == SECONDARY and k.name.startswith("replication-")]


def test_replica_encryption_is_the_same_kind_as_the_source() -> None:
    p = plan("prod")
    sse = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
    [documents] = one(by_bucket(p, sse, replica_name("documents"))).inputs["rules"]
    assert documents["applyServerSideEncryptionByDefault"] == {"sseAlgorithm": "AES256"}
    statements_sse = one(by_bucket(p, sse, replica_name("statements")))
    [kms] = statements_sse.inputs["rules"]
    key_arn = kms["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"]
    assert kms["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "aws:kms"
    assert key_arn.startswith(f"arn:aws:kms:{SECONDARY}:")
    assert statements_sse.region == SECONDARY
    # The replica's key is drspec's own, in the secondary region, rotated and protected.
    [key] = replica_keys(p)
    assert key.inputs["enableKeyRotation"] is True
    assert key.protect


# -- the replication configuration ----------------------------------------------------


@pytest.mark.parametrize("ident", BUCKETS)
def test_replication_rule_replicates_everything_with_delete_markers(ident: str) -> None:
    config = replication_config(plan("prod"), ident)
    assert config.region in (PRIMARY, None)
    r = rule(plan("prod"), ident)
    assert r["id"] == naming.REPLICATION_RULE_ID
    assert r["status"] == "Enabled"
    assert r["filter"] == {"prefix": ""}
    assert r["deleteMarkerReplication"] == {"status": "Enabled"}
    assert r["destination"]["bucket"] == f"arn:aws:s3:::{replica_name(ident)}"
    assert r["destination"]["storageClass"] == "STANDARD"


@pytest.mark.parametrize("ident", BUCKETS)
def test_replication_config_depends_on_both_versionings(ident: str) -> None:
    p = plan("prod")
    config = replication_config(p, ident)
    versioning = "aws:s3/bucketVersioning:BucketVersioning"
    source = one([v for v in by_bucket(p, versioning, source_name(ident))
                  if v.region != SECONDARY])
    replica = one(by_bucket(p, versioning, replica_name(ident)))
    assert source.urn in config.depends_on
    assert replica.urn in config.depends_on


@pytest.mark.parametrize("ident", BUCKETS)
def test_replication_config_waits_for_the_role_policy(ident: str) -> None:
    """S3 replicates with the role as soon as the rule exists, and an object whose
    replication fails (the role not yet allowed) is never retried: the rule waits
    for the role's permissions."""
    p = plan("prod")
    config = replication_config(p, ident)
    role = config.inputs["role"].rsplit("/", 1)[-1]
    [grant] = [r for r in p.of_type("aws:iam/rolePolicy:RolePolicy")
               if r.inputs["role"] == role]
    assert grant.urn in config.depends_on


def test_replication_time_control_only_when_asked_metrics_always() -> None:
    """Metrics on every rule: without them S3 publishes no OperationsFailedReplication
    and a failing rule goes unnoticed; RTC only when the spec asks."""
    for ident in BUCKETS:
        destination = rule(plan("prod"), ident)["destination"]
        assert destination["replicationTime"] == {"status": "Enabled", "time": {"minutes": 15}}
        assert destination["metrics"] == {"status": "Enabled",
                                          "eventThreshold": {"minutes": 15}}
        off = rule(plan("rtc-off"), ident)["destination"]
        assert "replicationTime" not in off
        assert off["metrics"] == {"status": "Enabled"}


def test_kms_objects_are_replicated_and_reencrypted_with_the_replica_key() -> None:
    r = rule(plan("read-only"), "statements")
    assert r["sourceSelectionCriteria"] == {"sseKmsEncryptedObjects": {"status": "Enabled"}}
    replica_key = r["destination"]["encryptionConfiguration"]["replicaKmsKeyId"]
    [key] = replica_keys(plan("read-only"))
    assert replica_key == f"arn:aws:kms:{SECONDARY}:123456789012:key/{key.name}-id"
    plain = rule(plan("read-only"), "documents")
    assert "sourceSelectionCriteria" not in plain
    assert "encryptionConfiguration" not in plain["destination"]


# -- the replication role --------------------------------------------------------------


@pytest.mark.parametrize("ident", BUCKETS)
def test_replication_role_is_trusted_by_s3_only(ident: str) -> None:
    p = plan("prod")
    role_arn = replication_config(p, ident).inputs["role"]
    role = one([r for r in p.of_type("aws:iam/role:Role")
                if role_arn.endswith(":role/" + r.inputs["name"])])
    [trust] = statements(policy(role, "assumeRolePolicy"))
    assert trust["Principal"] == {"Service": "s3.amazonaws.com"}
    assert trust["Action"] == "sts:AssumeRole"


@pytest.mark.parametrize("ident", BUCKETS)
@pytest.mark.parametrize("variant", ["prod", "read-only"])
def test_replication_role_is_scoped_to_exactly_the_two_buckets(ident: str, variant: str) -> None:
    """One way: read the source, write the replica. Two-way (prod): the same again
    from the replica to the source, nothing else."""
    source = f"arn:aws:s3:::{source_name(ident)}"
    replica = f"arn:aws:s3:::{replica_name(ident)}"
    granted: dict[str, set[str]] = {}
    for st in statements(role_policy(plan(variant), ident)):
        assert st["Effect"] == "Allow"
        for action in as_list(st["Action"]):
            assert "*" not in action, action
            for resource in as_list(st["Resource"]):
                assert resource != "*"
                granted.setdefault(action, set()).add(resource)
    s3 = {a: r for a, r in granted.items() if a.startswith("s3:")}
    assert s3 == {
        "s3:GetReplicationConfiguration": {source},
        "s3:ListBucket": {source},
        "s3:GetObjectVersionForReplication": {f"{source}/*"},
        "s3:GetObjectVersionAcl": {f"{source}/*"},
        "s3:GetObjectVersionTagging": {f"{source}/*"},
        "s3:ReplicateObject": {f"{replica}/*"},
        "s3:ReplicateDelete": {f"{replica}/*"},
        "s3:ReplicateTags": {f"{replica}/*"},
    } if variant == "read-only" else {
        "s3:GetReplicationConfiguration": {source, replica},
        "s3:ListBucket": {source, replica},
        "s3:GetObjectVersionForReplication": {f"{source}/*", f"{replica}/*"},
        "s3:GetObjectVersionAcl": {f"{source}/*", f"{replica}/*"},
        "s3:GetObjectVersionTagging": {f"{source}/*", f"{replica}/*"},
        "s3:ReplicateObject": {f"{replica}/*", f"{source}/*"},
        "s3:ReplicateDelete": {f"{replica}/*", f"{source}/*"},
        "s3:ReplicateTags": {f"{replica}/*", f"{source}/*"},
    }
    kms = {a for a in granted if a.startswith("kms:")}
    assert set(granted) == set(s3) | kms
    if ident == "documents":
        assert not kms, "SSE-S3 needs no KMS grant"


def test_kms_grants_name_the_keys_and_only_via_s3() -> None:
    """Encrypt with the replica's key in the secondary region; decrypt with the
    source's key only when the spec names one (the AWS managed key needs no grant)."""
    def kms_statements(variant: str) -> list[dict]:
        return [st for st in statements(role_policy(plan(variant), "statements"))
                if any(a.startswith("kms:") for a in as_list(st["Action"]))
                and not st["Sid"].endswith("Back")]

    [encrypt] = kms_statements("read-only")
    assert set(encrypt["Action"]) == {"kms:Encrypt", "kms:GenerateDataKey"}
    assert as_list(encrypt["Resource"])[0].startswith(f"arn:aws:kms:{SECONDARY}:")
    assert encrypt["Condition"]["StringEquals"] == {
        "kms:ViaService": f"s3.{SECONDARY}.amazonaws.com"}

    decrypt, encrypt = sorted(kms_statements("customer-key"), key=lambda st: st["Sid"])
    assert decrypt["Action"] == ["kms:Decrypt"]
    assert decrypt["Resource"] == [CUSTOMER_KEY]
    assert decrypt["Condition"]["StringEquals"] == {
        "kms:ViaService": f"s3.{PRIMARY}.amazonaws.com"}
    assert decrypt["Condition"]["StringLike"]["kms:EncryptionContext:aws:s3:arn"] == [
        f"arn:aws:s3:::{source_name('statements')}",
        f"arn:aws:s3:::{source_name('statements')}/*",
    ]


# -- when replication is (not) asked for ------------------------------------------------


def test_pilot_light_still_replicates_buckets() -> None:
    p = plan("pilot-light")
    for ident in BUCKETS:
        assert replication_config(p, ident)
        assert one(by_bucket(p, "aws:s3/bucket:Bucket", replica_name(ident))).region == SECONDARY


def test_single_region_spec_has_no_replication() -> None:
    p = plan("single-region")
    assert not spec("single-region").disaster_recovery.multi_region
    assert not p.of_type("aws:s3/bucketReplicationConfig:BucketReplicationConfig")
    assert not p.of_type("aws:kms/key:Key") or all(
        k.region != SECONDARY for k in p.of_type("aws:kms/key:Key"))
    assert not [r for r in p.resources if r.name.startswith("replication-")]
    assert not [k for k in p.outputs if k.endswith("_replica_name")]


# -- two-way replication ------------------------------------------------------------------


def return_rule(p: Plan, ident: str) -> PlannedResource:
    return one(by_bucket(p, "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                         replica_name(ident)))


@pytest.mark.parametrize("ident", BUCKETS)
def test_replicas_replicate_back_with_replica_modification_sync(ident: str) -> None:
    """Writes made in the standby reach the primary: a second rule on the replica,
    in the secondary region, and replica modification sync on both rules."""
    p = plan("prod")
    back = return_rule(p, ident)
    assert back.region == SECONDARY
    [r] = back.inputs["rules"]
    assert r["id"] == naming.RETURN_RULE_ID
    assert r["filter"] == {"prefix": ""}  # V2 rules: replica modifications need a filter
    assert r["deleteMarkerReplication"] == {"status": "Enabled"}
    assert r["destination"]["bucket"] == f"arn:aws:s3:::{source_name(ident)}"
    assert r["destination"]["metrics"]["status"] == "Enabled"
    for either in (r, rule(p, ident)):
        assert either["sourceSelectionCriteria"]["replicaModifications"] == {
            "status": "Enabled"}
    assert back.inputs["role"] == replication_config(p, ident).inputs["role"]
    versioning = "aws:s3/bucketVersioning:BucketVersioning"
    for bucket in (source_name(ident), replica_name(ident)):
        [v] = [v for v in by_bucket(p, versioning, bucket)]
        assert v.urn in back.depends_on


def test_objects_come_back_under_a_customer_key_of_the_primary_region() -> None:
    """The replica's SSE-KMS objects need a customer managed key at the destination:
    the spec's key when it names one, else the bucket's return key."""
    p = plan("prod")
    [r] = return_rule(p, "statements").inputs["rules"]
    assert r["sourceSelectionCriteria"]["sseKmsEncryptedObjects"] == {"status": "Enabled"}
    [key] = [k for k in p.of_type("aws:kms/key:Key") if k.name == "buckets-statements-return-key"]
    assert key.region == PRIMARY and key.protect and key.inputs["enableKeyRotation"]
    assert r["destination"]["encryptionConfiguration"]["replicaKmsKeyId"].endswith(
        f"key/{key.name}-id")
    [r] = return_rule(plan("customer-key"), "statements").inputs["rules"]
    assert r["destination"]["encryptionConfiguration"]["replicaKmsKeyId"] == CUSTOMER_KEY
    assert not [k for k in plan("customer-key").of_type("aws:kms/key:Key")
                if k.name.endswith("return-key")]


def test_read_only_standby_has_no_return_rule() -> None:
    p = plan("read-only")
    for ident in BUCKETS:
        assert not by_bucket(p, "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
                             replica_name(ident))
        assert "sourceSelectionCriteria" not in rule(p, ident) or "replicaModifications" \
            not in rule(p, ident)["sourceSelectionCriteria"]
