"""The replacement table `drspec diff` relies on: sourced, and covering every stateful type."""

from __future__ import annotations

import json

from plan_support import REPO

from drspec.assess.simulate_local import BUCKET_COMPANIONS
from drspec.diff.replacement import Replacement, rule_for, rules

GOLDEN = sorted((REPO / "tests" / "golden").glob("*.json"))


def test_every_entry_and_every_input_has_a_source() -> None:
    assert rules()
    for token, entry in rules().items():
        assert entry.source.startswith("https://docs.aws.amazon.com/"), token
        assert entry.replace_on, token
        for name, source in {**entry.replace_on, **entry.may_replace_on}.items():
            assert source.startswith("https://"), (token, name)
        if entry.stateful:
            assert entry.data_at_risk, token
        for compound in entry.replace_when:
            assert compound.source.startswith("https://docs.aws.amazon.com/"), compound
            assert compound.inputs and compound.why, compound


def test_every_stateful_type_drspec_creates_is_covered() -> None:
    """Stateful, as the plans say: protected or retained on delete. A bucket's
    companions (versioning, policy, ...) are kept with it but hold no data."""
    kept = {r["type"] for path in GOLDEN for r in json.loads(path.read_text())["resources"]
            if r["protect"] or r["retain_on_delete"]} - set(BUCKET_COMPANIONS)
    assert {"aws:dynamodb/table:Table", "aws:s3/bucket:Bucket"} <= kept
    for token in kept:
        entry = rule_for(token)
        assert entry is not None and entry.stateful, token


def test_documented_replacements() -> None:
    table = rule_for("aws:dynamodb/table:Table")
    assert table is not None
    assert table.verdict("hashKey") == (Replacement.REPLACE, table.source)
    assert table.verdict("name") is not None and table.verdict("region") is not None
    assert table.verdict("serverSideEncryption.kmsKeyArn") is None  # updated in place
    replica = rule_for("aws:dynamodb/tableReplica:TableReplica")
    assert replica is not None and replica.verdict("kmsKeyArn") is not None
    bucket = rule_for("aws:s3/bucket:Bucket")
    assert bucket is not None and bucket.verdict("bucket") is not None
    assert bucket.verdict("objectLockEnabled") == (Replacement.MAY_REPLACE, bucket.source)
