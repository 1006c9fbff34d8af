"""The buckets section on captured plans: locked down by default."""

from __future__ import annotations

import json
from typing import Any

import pytest
from plan_support import edited_plan, resources, shipped_plan

from drspec.plan.capture import Plan, PlannedResource

BUCKET = "aws:s3/bucket:Bucket"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
CONFIG_KINDS = ("versioning", "encryption", "lifecycle", "public-access-block", "ownership",
                "policy")


def part(plan: Plan, ident: str, kind: str) -> PlannedResource:
    return plan.named(f"buckets-{ident}-{kind}")


def with_documents(**changes: Any) -> Plan:
    def edit(data: dict[str, Any]) -> None:
        data["buckets"]["documents"].update(changes)

    return edited_plan("dev", edit)


def test_bucket_and_its_configuration_resources() -> None:
    plan = shipped_plan("dev")
    bucket = part(plan, "documents", "bucket")
    assert bucket.type == BUCKET
    assert bucket.inputs["bucket"] == "orders-dev-documents-bucket"
    assert bucket.inputs["forceDestroy"] is True
    assert bucket.inputs["region"] == "us-east-1"
    # nothing configured inline on the bucket (those arguments are deprecated)
    for inline in ("versioning", "serverSideEncryptionConfiguration", "lifecycleRules",
                   "acl", "policy", "replicationConfiguration"):
        assert inline not in bucket.inputs
    for kind in CONFIG_KINDS:
        config = part(plan, "documents", kind)
        assert config.inputs["bucket"] == "orders-dev-documents-bucket", kind
        assert config.inputs["region"] == "us-east-1", kind
        assert bucket.urn in config.depends_on, kind


def test_versioning_is_enabled() -> None:
    versioning = part(shipped_plan("dev"), "documents", "versioning")
    assert versioning.type == "aws:s3/bucketVersioning:BucketVersioning"
    assert versioning.inputs["versioningConfiguration"] == {"status": "Enabled"}


def test_versioning_off_builds_no_versioning_resource() -> None:
    plan = with_documents(versioning=False)
    with pytest.raises(KeyError):
        part(plan, "documents", "versioning")
    assert part(plan, "documents", "lifecycle").depends_on == (
        part(plan, "documents", "bucket").urn,)


def test_public_access_is_blocked_with_all_four_switches() -> None:
    for name in ("dev", "staging", "prod"):
        plan = shipped_plan(name)
        for bucket in resources(plan, BUCKET, prefix="buckets-"):
            ident = bucket.name.removeprefix("buckets-").removesuffix("-bucket")
            block = part(plan, ident, "public-access-block").inputs
            assert [block[k] for k in ("blockPublicAcls", "blockPublicPolicy",
                                        "ignorePublicAcls", "restrictPublicBuckets")] == [True] * 4


def test_acls_are_disabled_by_bucket_owner_enforced() -> None:
    ownership = part(shipped_plan("dev"), "documents", "ownership")
    assert ownership.inputs["rule"] == {"objectOwnership": "BucketOwnerEnforced"}


def test_policy_denies_every_request_not_made_over_tls() -> None:
    plan = shipped_plan("dev")
    policy = part(plan, "documents", "policy")
    document = json.loads(policy.inputs["policy"])
    arn = "arn:aws:s3:::orders-dev-documents-bucket"
    assert document["Statement"] == [{
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }]
    assert part(plan, "documents", "public-access-block").urn in policy.depends_on


@pytest.mark.parametrize(("encryption", "expected"), [
    ("sse_s3", {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}),
    ("sse_kms", {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms"},
                 "bucketKeyEnabled": True}),
    (KEY, {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms",
                                                  "kmsMasterKeyId": KEY},
           "bucketKeyEnabled": True}),
])
def test_default_encryption(encryption: str, expected: dict[str, Any]) -> None:
    plan = shipped_plan("dev") if encryption == "sse_s3" else with_documents(encryption=encryption)
    sse = part(plan, "documents", "encryption")
    assert sse.type == ("aws:s3/bucketServerSideEncryptionConfiguration:"
                        "BucketServerSideEncryptionConfiguration")
    assert sse.inputs["rules"] == [expected]


def test_lifecycle_rules_cover_every_object() -> None:
    dev = part(shipped_plan("dev"), "documents", "lifecycle")
    assert dev.inputs["rules"] == [{
        "id": "infrequent-access",
        "status": "Enabled",
        "filter": {},
        "transitions": [{"days": 30.0, "storageClass": "STANDARD_IA"}],
        "noncurrentVersionExpiration": {"noncurrentDays": 90.0},
    }, CLEANUP]  # the spec's rule expires noncurrent versions: no drspec rule for them
    assert part(shipped_plan("dev"), "documents", "versioning").urn in dev.depends_on
    staging = part(shipped_plan("staging"), "exports", "lifecycle")
    assert staging.inputs["rules"][0] == {
        "id": "expire-exports", "status": "Enabled", "filter": {},
        "expiration": {"days": 14.0},
    }


#: drspec's own last rule: expired delete markers go, incomplete uploads are aborted.
CLEANUP = {
    "id": "drspec-cleanup", "status": "Enabled", "filter": {},
    "expiration": {"expiredObjectDeleteMarker": True},
    "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7.0},
}
NONCURRENT_90 = {"id": "drspec-noncurrent-versions", "status": "Enabled", "filter": {},
                 "noncurrentVersionExpiration": {"noncurrentDays": 90.0}}


def test_without_rules_noncurrent_versions_expire_after_90_days() -> None:
    """Expiration on a versioned bucket only adds delete markers: without a
    noncurrent-version expiry every overwritten object would be kept forever."""
    rules = part(with_documents(lifecycle=[]), "documents", "lifecycle").inputs["rules"]
    assert rules == [NONCURRENT_90, CLEANUP]
    # The delete-marker cleanup is a rule of its own: it cannot share one with Days.
    assert all("days" not in r.get("expiration", {}) for r in rules
               if r.get("expiration", {}).get("expiredObjectDeleteMarker"))


def test_noncurrent_expiry_is_the_buckets_or_never() -> None:
    rules = part(with_documents(lifecycle=[], noncurrent_expiration_days=7), "documents",
                 "lifecycle").inputs["rules"]
    assert rules[0]["noncurrentVersionExpiration"] == {"noncurrentDays": 7.0}
    forever = part(with_documents(lifecycle=[], noncurrent_expiration_days="never"),
                   "documents", "lifecycle").inputs["rules"]
    assert forever == [CLEANUP]


def test_unversioned_buckets_only_abort_incomplete_uploads() -> None:
    rules = part(with_documents(lifecycle=[], versioning=False), "documents",
                 "lifecycle").inputs["rules"]
    assert rules == [{"id": "drspec-cleanup", "status": "Enabled", "filter": {},
                      "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7.0}}]


def test_buckets_are_protected_and_retained_unless_protect_is_false() -> None:
    dev = part(shipped_plan("dev"), "documents", "bucket")
    assert (dev.protect, dev.retain_on_delete) == (False, False)
    prod = shipped_plan("prod")
    for bucket in resources(prod, BUCKET, prefix="buckets-"):
        assert (bucket.protect, bucket.retain_on_delete) == (True, True)
        assert bucket.inputs["forceDestroy"] is False
    # what keeps a bucket safe is kept with it: deleting the TLS-only policy or the
    # versioning resource would change the retained bucket
    for kind in ("policy", "versioning", "encryption", "public-access-block", "lifecycle"):
        companion = part(prod, "documents", kind)
        assert (companion.protect, companion.retain_on_delete) == (True, True), kind
        assert part(shipped_plan("dev"), "documents", kind).protect is False, kind


def test_buckets_export_name_and_arn() -> None:
    outputs = shipped_plan("staging").outputs
    assert outputs["bucket_exports_name"] == "orders-staging-exports-bucket"
    assert outputs["bucket_exports_arn"] == "arn:aws:s3:::orders-staging-exports-bucket"
