"""Physical-name checks: AWS length limits and S3 bucket naming rules (E6xx)."""

from __future__ import annotations

import pytest
from plan_support import REPO, SHIPPED, shipped_plan
from test_checks import codes, only, spec

from drspec.checks.names import bucket_name_problems, entry_outputs
from drspec.naming import physical
from drspec.pipeline import check


@pytest.mark.parametrize("name", ["abc", "a" * 63, "shop-dev-documents-bucket", "a.b-c.d",
                                  "1bucket", "192.168.5.4a"])
def test_valid_bucket_names(name: str) -> None:
    assert bucket_name_problems(name) == []


@pytest.mark.parametrize("name, words", [
    ("ab", "is 2 characters; S3 allows 3 to 63"),
    ("a" * 64, "is 64 characters"),
    ("Shop-bucket", "only lowercase letters"),
    ("shop_bucket", "only lowercase letters"),
    ("-shop", "begin and end with a letter or digit"),
    ("shop.", "begin and end with a letter or digit"),
    ("a..b", "must not contain '..'"),
    ("192.168.5.4", "must not look like an IP address"),
    ("xn--shop", "must not start with 'xn--'"),
    ("sthree-shop", "must not start with 'sthree-'"),
    ("amzn-s3-demo-shop", "must not start with 'amzn-s3-demo-'"),
    ("shop-s3alias", "must not end with '-s3alias'"),
    ("shop--ol-s3", "must not end with '--ol-s3'"),
    ("shop.mrap", "must not end with '.mrap'"),
    ("shop--x-s3", "must not end with '--x-s3'"),
])
def test_invalid_bucket_names(name: str, words: str) -> None:
    assert any(words in p for p in bucket_name_problems(name)), bucket_name_problems(name)


def test_function_name_limit_is_inclusive() -> None:
    env = "e" * 16
    ident = "f" * (64 - len(f"shop-{env}--fn"))
    assert len(physical("shop", env, ident, "fn")) == 64
    # The function name fits exactly; its role (`<function name>-role`, 69 characters)
    # is shortened with a hash (naming.role_name), so it is no finding either.
    assert only(spec(environment=env, functions={ident: {"template": "processor"}}),
                "E601") == []
    longer = ident + "f"
    [found] = only(spec(environment=env, functions={longer: {"template": "processor"}}), "E601")
    assert found.path == ("functions", longer)
    assert found.hint == f"shorten the ident {longer!r} (or name/environment) by 1 character"


def test_function_over_the_limit() -> None:
    data = spec(name="storefront-payments", environment="production-eu",
                functions={"settlement-reconciliation-job": {"template": "processor"}})
    found = only(data, "E601")
    assert [d.message.split(" name ")[0] for d in found] == ["function"]
    assert "Lambda allows 64" in found[0].message


def test_schedule_names() -> None:
    data = spec(name="storefront-payments", environment="production-eu",
                schedules={"settlement-reconciliation": {"rate": "1 hour",
                                                         "function": "processor"}})
    [found] = only(data, "E601")
    assert found.path == ("schedules", "settlement-reconciliation")
    assert "EventBridge Scheduler allows 64" in found.message


def test_bucket_name_and_replica_name() -> None:
    long = {"name": "storefront-payments", "environment": "production-eu",
            "buckets": {"settlement-file-exports": {}}, "functions": None}
    found = only(spec(**long), "E602")
    assert len(found) == 1  # no replica without a secondary region
    found = only(spec(**long, disaster_recovery={"secondary_region": "us-west-2"}), "E602")
    assert [d.message.split(" name ")[0] for d in found] == ["bucket", "replica bucket"]
    assert all(d.path == ("buckets", "settlement-file-exports") for d in found)


def test_reserved_prefix_from_the_application_name() -> None:
    [found] = only(spec(name="xn--shop"), "E602")
    assert "must not start with 'xn--'" in found.message
    assert found.hint is not None and "application" in found.hint


def test_ordinary_names_pass() -> None:
    assert codes(spec(disaster_recovery={"secondary_region": "us-west-2"})) == []


def test_a_bucket_named_like_the_replica_of_another_collides_in_the_stack_outputs() -> None:
    replicated = {"secondary_region": "us-west-2"}
    data = spec(buckets={"documents-replica": {}}, disaster_recovery=replicated)
    [found] = only(data, "E611")
    assert found.message == ("bucket 'documents-replica' and the replica of bucket 'documents' "
                             "would both export the stack output 'bucket_documents_replica_name'")
    assert found.path == ("buckets", "documents-replica")
    assert "E611" not in codes(spec(buckets={"documents-replica": {}}))  # nothing replicates


@pytest.mark.parametrize("shipped", SHIPPED)
def test_entry_outputs_are_the_plans_per_entry_outputs(shipped: str) -> None:
    """The outputs the check predicts are exactly those the factory exports."""
    result = check(REPO / "specs" / f"{shipped}.yaml")
    assert result.spec is not None
    predicted = {key for key, _, _ in entry_outputs(result.spec)}
    exported = {k for k in shipped_plan(shipped).outputs
                if k.startswith(("table_", "bucket_", "function_"))}
    assert predicted == exported
