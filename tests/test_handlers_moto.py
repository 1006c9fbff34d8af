"""The rendered handler templates, run against moto's AWS.

Each test renders a template for a function of a shipped spec (or a small one
built here), imports the rendered `index.py` from a temporary directory inside
`mock_aws`, creates the resources the function's environment names, invokes
the handler and checks what landed in DynamoDB, S3 and SNS.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import pytest
from factory_harness import SPECS, load_spec, spec_from
from moto import mock_aws

from drspec.factory.packaging import render_template, template_context
from drspec.model import Spec

REGION = "us-east-1"
TABLE = "orders-table"
BUCKET = "orders-documents"


@dataclass
class FakeContext:
    aws_request_id: str = "3f1c2b9e-8d7a-4c51-9e0f-1a2b3c4d5e6f"
    function_name: str = "fn"


@pytest.fixture(autouse=True)
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_REGION", REGION)
    with mock_aws():
        yield


def render_handler(spec: Spec, fn_ident: str, tmp_path: Path) -> ModuleType:
    fn = spec.function(fn_ident)
    assert fn.template is not None
    package = render_template(fn.template, template_context(spec, fn))
    root = tmp_path / fn_ident
    for name, data in package.files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    module_name = f"rendered_{fn.template}_{fn_ident}_{abs(hash(tmp_path))}"
    loader_spec = importlib.util.spec_from_file_location(module_name, root / "index.py")
    assert loader_spec is not None and loader_spec.loader is not None
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[module_name] = module
    loader_spec.loader.exec_module(module)
    return module


def create_table(name: str = TABLE, *, sort_key: bool = True, pk_type: str = "S",
                 pitr: bool = True) -> None:
    client = boto3.client("dynamodb")
    keys = [{"AttributeName": "order_id", "KeyType": "HASH"}]
    attributes = [{"AttributeName": "order_id", "AttributeType": pk_type}]
    if sort_key:
        keys.append({"AttributeName": "created_at", "KeyType": "RANGE"})
        attributes.append({"AttributeName": "created_at", "AttributeType": "N"})
    client.create_table(TableName=name, KeySchema=keys, AttributeDefinitions=attributes,
                        BillingMode="PAY_PER_REQUEST")
    if pitr:
        client.update_continuous_backups(
            TableName=name,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})


def create_bucket(name: str = BUCKET, *, versioning: str | None = "Enabled") -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=name)
    if versioning:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": versioning})


def api_event(method: str, route_key: str, *, body: str | None = None,
              path_id: str | None = None, headers: dict[str, str] | None = None,
              base64_body: bool = False) -> dict[str, Any]:
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": route_key.split(" ", 1)[1],
        "headers": headers if headers is not None else {"content-type": "application/json"},
        "requestContext": {"http": {"method": method, "path": route_key.split(" ", 1)[1]}},
        "isBase64Encoded": base64_body,
    }
    if body is not None:
        event["body"] = base64.b64encode(body.encode()).decode() if base64_body else body
    if path_id is not None:
        event["pathParameters"] = {"id": path_id}
    return event


def scan(name: str = TABLE) -> list[dict[str, Any]]:
    return list(boto3.resource("dynamodb").Table(name).scan()["Items"])


def object_keys(bucket: str = BUCKET) -> list[str]:
    listed = boto3.client("s3").list_objects_v2(Bucket=bucket)
    return [o["Key"] for o in listed.get("Contents", [])]


# -- processor ---------------------------------------------------------------------


@pytest.fixture
def processor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """specs/dev.yaml's processor: orders read_write (ttl `expires_at`), documents write."""
    monkeypatch.setenv("TABLE_ORDERS", TABLE)
    monkeypatch.setenv("BUCKET_DOCUMENTS", BUCKET)
    create_table()
    create_bucket()
    return render_handler(load_spec(SPECS / "dev.yaml"), "processor", tmp_path)


def test_processor_post_stores_item_and_body(processor: ModuleType) -> None:
    ctx = FakeContext()
    body = json.dumps({"customer": "c-1", "total": 12.5, "items": [1, 2]})
    before = int(time.time())
    response = processor.handler(api_event("POST", "POST /orders", body=body), ctx)

    assert response["statusCode"] == 201
    assert json.loads(response["body"]) == {"id": ctx.aws_request_id}
    [item] = scan()
    assert item["order_id"] == ctx.aws_request_id
    assert item["route"] == "POST /orders"
    assert item["payload"]["customer"] == "c-1"
    assert float(item["payload"]["total"]) == 12.5
    assert int(item["created_at"]) >= before * 1000
    # The table has `ttl_attribute: expires_at`: records expire after 30 days.
    assert before + 30 * 86400 <= int(item["expires_at"]) <= int(time.time()) + 30 * 86400
    key = f"requests/{ctx.aws_request_id}.json"
    assert item["object_key"] == key
    stored = boto3.client("s3").get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored == body.encode()


def test_processor_get_returns_stored_item(processor: ModuleType) -> None:
    ctx = FakeContext()
    processor.handler(api_event("POST", "POST /orders", body='{"n": 1}'), ctx)
    response = processor.handler(
        api_event("GET", "GET /orders/{id}", path_id=ctx.aws_request_id), FakeContext("other"))
    assert response["statusCode"] == 200
    found = json.loads(response["body"])
    assert found["order_id"] == ctx.aws_request_id
    assert found["payload"] == {"n": 1}


def test_processor_get_unknown_id_is_404(processor: ModuleType) -> None:
    response = processor.handler(api_event("GET", "GET /orders/{id}", path_id="nope"),
                                 FakeContext())
    assert response["statusCode"] == 404


@pytest.mark.parametrize("body", ["{not json", "[1, 2", ""])
def test_processor_bad_body_is_400_and_stores_nothing(processor: ModuleType, body: str) -> None:
    response = processor.handler(api_event("POST", "POST /orders", body=body), FakeContext())
    assert response["statusCode"] == 400
    assert "message" in json.loads(response["body"])
    assert scan() == []
    assert object_keys() == []


@pytest.mark.parametrize("body", [
    '{"total": NaN}',  # not JSON, though Python's parser takes it
    '{"total": Infinity}',
    '{"id": 123456789012345678901234567890123456789012}',  # 42 digits: DynamoDB keeps 38
    '{"total": 1e400}',
])
def test_processor_refuses_numbers_dynamodb_cannot_store(processor: ModuleType,
                                                         body: str) -> None:
    """A client error, answered 400 before anything is written (no object in the
    bucket without its item), not an unhandled exception (a 500 and a Lambda error)."""
    response = processor.handler(api_event("POST", "POST /orders", body=body), FakeContext())
    assert response["statusCode"] == 400
    assert "message" in json.loads(response["body"])
    assert scan() == []
    assert object_keys() == []


def test_processor_accepts_base64_and_non_json_bodies(processor: ModuleType) -> None:
    event = api_event("POST", "POST /orders", body="plain words",
                      headers={"Content-Type": "text/plain"}, base64_body=True)
    response = processor.handler(event, FakeContext())
    assert response["statusCode"] == 201
    [item] = scan()
    assert item["payload"] == "plain words"


def test_processor_other_methods(processor: ModuleType) -> None:
    deleted = processor.handler(api_event("DELETE", "DELETE /orders/{id}", path_id="x"),
                                FakeContext())
    assert deleted["statusCode"] == 405
    listing = processor.handler(api_event("GET", "GET /orders"), FakeContext())
    assert listing["statusCode"] == 400
    assert scan() == []


def test_processor_scheduled_invocation_stores_nothing(processor: ModuleType) -> None:
    result = processor.handler({"source": "drspec.schedule", "schedule": "nightly"},
                               FakeContext())
    assert result["status"] == "skipped"
    assert scan() == []


def test_processor_numeric_partition_key_without_sort_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = spec_from("""
        tables:
          ledger: {partition_key: {name: order_id, type: N}}
        functions:
          writer:
            template: processor
            access: {tables: {ledger: read_write}}
    """)
    monkeypatch.setenv("TABLE_LEDGER", "ledger")
    create_table("ledger", sort_key=False, pk_type="N")
    module = render_handler(spec, "writer", tmp_path)
    created = module.handler(api_event("POST", "POST /ledger", body='{"amount": 3}'),
                             FakeContext())
    assert created["statusCode"] == 201
    record_id = json.loads(created["body"])["id"]
    assert record_id.isdigit()
    found = module.handler(api_event("GET", "GET /ledger/{id}", path_id=record_id),
                           FakeContext())
    assert found["statusCode"] == 200
    assert json.loads(found["body"])["payload"] == {"amount": 3}
    bad = module.handler(api_event("GET", "GET /ledger/{id}", path_id="abc"), FakeContext())
    assert bad["statusCode"] == 400


# -- health check: serving health (API) and DR posture (schedule) ------------------------


@pytest.fixture
def probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """specs/dev.yaml's health function: reads orders and documents."""
    monkeypatch.setenv("TABLE_ORDERS", TABLE)
    monkeypatch.setenv("BUCKET_DOCUMENTS", BUCKET)
    return render_handler(load_spec(SPECS / "dev.yaml"), "health", tmp_path)


SCHEDULED = {"source": "drspec.schedule", "schedule": "probe"}


def emf_lines(text: str) -> dict[str, dict[str, Any]]:
    """EMF records by dependency, and the posture record under `posture`."""
    out = {}
    for line in text.splitlines():
        record = json.loads(line)
        out[record.get("Dependency", "posture")] = record
    return out


def create_spec_table(spec: Spec, ident: str) -> None:
    """Table `ident` of the spec, named `ident`, with its key schema and PITR on."""
    table = spec.table(ident)
    keys = [("HASH", table.partition_key)] + (
        [("RANGE", table.sort_key)] if table.sort_key else [])
    client = boto3.client("dynamodb")
    client.create_table(
        TableName=ident, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": k.name, "KeyType": kind} for kind, k in keys],
        AttributeDefinitions=[{"AttributeName": k.name, "AttributeType": k.type}
                              for _, k in keys])
    client.update_continuous_backups(
        TableName=ident, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})


def serving(module: ModuleType) -> dict[str, Any]:
    response: dict[str, Any] = module.handler(api_event("GET", "GET /health"), FakeContext())
    return response


def test_posture_healthy_reports_metrics_and_no_failed_checks(
        probe: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    create_table()
    create_bucket()
    report = probe.handler(SCHEDULED, FakeContext())
    assert (report["status"], report["kind"]) == ("ok", "posture"), report
    assert set(report["checks"]) == {"table:orders", "bucket:documents"}
    assert report["checks"]["table:orders"]["point_in_time_recovery"] == "ENABLED"
    assert report["checks"]["bucket:documents"]["versioning"] == "Enabled"
    metrics = emf_lines(capsys.readouterr().out)
    assert set(metrics) == {"table:orders", "bucket:documents", "posture"}
    for dependency in ("table:orders", "bucket:documents"):
        record = metrics[dependency]
        assert record["DependencyHealthy"] == 1
        [directive] = record["_aws"]["CloudWatchMetrics"]
        assert directive["Namespace"] == "drspec/orders-dev"
        assert directive["Dimensions"] == [["Dependency"]]
    posture = metrics["posture"]
    assert (posture["Function"], posture["PostureDegraded"]) == ("health", 0)
    [directive] = posture["_aws"]["CloudWatchMetrics"]
    assert directive["Metrics"] == [{"Name": "PostureDegraded", "Unit": "Count"}]


def test_pitr_off_degrades_posture_but_not_serving(
        probe: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    """Drift in DR configuration is an alert, never a reason to move traffic."""
    create_table(pitr=False)
    create_bucket()
    report = probe.handler(SCHEDULED, FakeContext())
    assert report["status"] == "degraded"
    assert report["checks"]["table:orders"]["point_in_time_recovery"] == "DISABLED"
    assert emf_lines(capsys.readouterr().out)["posture"]["PostureDegraded"] == 1
    response = serving(probe)
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["status"] == "ok"


def test_suspended_versioning_degrades_posture_but_not_serving(probe: ModuleType) -> None:
    create_table()
    create_bucket(versioning="Suspended")
    report = probe.handler(SCHEDULED, FakeContext())
    assert report["status"] == "degraded"
    assert report["checks"]["bucket:documents"]["versioning"] == "Suspended"
    assert report["checks"]["table:orders"]["healthy"] is True
    assert serving(probe)["statusCode"] == 200


def test_a_missing_table_fails_both(probe: ModuleType,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    create_bucket()
    report = probe.handler(SCHEDULED, FakeContext())
    assert report["status"] == "degraded"
    assert "ResourceNotFoundException" in report["checks"]["table:orders"]["error"]
    assert report["checks"]["bucket:documents"]["healthy"] is True
    metrics = emf_lines(capsys.readouterr().out)
    assert metrics["table:orders"]["DependencyHealthy"] == 0
    assert metrics["posture"]["PostureDegraded"] == 1
    response = serving(probe)
    assert response["statusCode"] == 503
    body = json.loads(response["body"])
    assert body["checks"] == {"table:orders": False, "bucket:documents": True}
    # The public answer names no resource and no AWS error.
    assert TABLE not in response["body"] and BUCKET not in response["body"]
    assert "ResourceNotFound" not in response["body"]


def test_a_missing_bucket_fails_serving(probe: ModuleType) -> None:
    create_table()
    response = serving(probe)
    assert response["statusCode"] == 503
    assert json.loads(response["body"])["checks"]["bucket:documents"] is False


def test_serving_reads_the_table_with_a_key_of_its_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GetItem with the wrong key type fails with ValidationException: the probe's
    key follows the spec's key schema (numeric partition key, no sort key)."""
    spec = spec_from("""
        tables:
          ledger: {partition_key: {name: order_id, type: N}}
        functions:
          health:
            template: health_check
            access: {tables: {ledger: read}}
    """)
    monkeypatch.setenv("TABLE_LEDGER", "ledger")
    create_table("ledger", sort_key=False, pk_type="N")
    module = render_handler(spec, "health", tmp_path)
    assert serving(module)["statusCode"] == 200


def test_posture_checks_replication_where_the_copy_replicates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """prod replicates both ways: each site's copy must have an enabled rule."""
    spec = load_spec(SPECS / "prod.yaml")
    names = {"TABLE_ORDERS": "orders", "TABLE_CUSTOMERS": "customers",
             "TABLE_IDEMPOTENCY": "idempotency", "BUCKET_DOCUMENTS": "documents",
             "BUCKET_STATEMENTS": "statements"}
    for var, name in names.items():
        monkeypatch.setenv(var, name)
        if var.startswith("TABLE_"):
            create_spec_table(spec, name)
        else:
            create_bucket(name)
    module = render_handler(spec, "health", tmp_path)

    for site in ("primary", "secondary"):
        monkeypatch.setenv("DRSPEC_SITE", site)
        report = module.handler(SCHEDULED, FakeContext())
        failing = sorted(d for d, r in report["checks"].items() if not r["healthy"])
        assert failing == ["bucket:documents", "bucket:statements"], site
        assert serving(module)["statusCode"] == 200  # serving ignores replication
        module._last_api_answer["at"] = float("-inf")

    create_bucket("documents-replica")
    s3 = boto3.client("s3")
    for name in ("documents", "statements"):
        s3.put_bucket_replication(Bucket=name, ReplicationConfiguration={
            "Role": "arn:aws:iam::123456789012:role/replication",
            "Rules": [{"ID": "replicate-everything", "Status": "Enabled", "Priority": 1,
                       "Filter": {"Prefix": ""},
                       "DeleteMarkerReplication": {"Status": "Enabled"},
                       "Destination": {"Bucket": "arn:aws:s3:::documents-replica"}}],
        })
    assert module.handler(SCHEDULED, FakeContext())["status"] == "ok"


def test_posture_skips_what_the_spec_does_not_promise(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = spec_from("""
        tables:
          scratch: {partition_key: {name: order_id, type: S}, point_in_time_recovery: false}
        buckets:
          tmp: {versioning: false}
        functions:
          health:
            template: health_check
            access: {tables: {scratch: read}, buckets: {tmp: read}}
    """)
    monkeypatch.setenv("TABLE_SCRATCH", "scratch")
    monkeypatch.setenv("BUCKET_TMP", "tmp")
    create_table("scratch", sort_key=False, pitr=False)
    create_bucket("tmp", versioning=None)
    module = render_handler(spec, "health", tmp_path)
    report = module.handler(SCHEDULED, FakeContext())
    assert report["status"] == "ok", report
    assert "point_in_time_recovery" not in report["checks"]["table:scratch"]
    assert "replication_rules_enabled" not in report["checks"]["bucket:tmp"]


class StoppedClock:
    """The `time` module, with a monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


def test_serving_reuses_an_answer_for_a_few_seconds(
        probe: ModuleType, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A stopped clock: however slow this machine is, the second call comes "at once".
    monkeypatch.setattr(probe, "time", StoppedClock())
    create_bucket()
    first = serving(probe)
    create_table()  # fixed now, but the answer of a moment ago stands
    second = serving(probe)
    assert first["statusCode"] == second["statusCode"] == 503
    # Metrics come from the run that checked, not from the reused answer; serving
    # runs report no posture.
    lines = emf_lines(capsys.readouterr().out)
    assert set(lines) == {"table:orders", "bucket:documents"}
    probe._last_api_answer["at"] -= probe.API_CACHE_SECONDS
    assert serving(probe)["statusCode"] == 200
    # The schedule never uses the cached answer.
    assert probe.handler({}, FakeContext())["status"] == "ok"
