"""Reference checks: idents that exist, of the right kind, and what they need on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_checks import codes, findings, findings_in, only, spec

from drspec.checks.references import available_templates, metric_kind, normalised_route
from drspec.model import Route


def route(key: str) -> tuple[str, str]:
    method, _, path = key.partition(" ")
    return normalised_route(Route(method, path, "fn"))


@pytest.mark.parametrize("first, second", [
    ("GET /orders", "GET /orders/"),
    ("GET /orders/{id}", "GET /orders/{order_id}"),
    ("GET /a/{x}/b/{y}", "GET /a/{p}/b/{q}/"),
    ("GET /files/{path+}", "GET /files/{key+}"),
])
def test_routes_that_match_the_same_requests(first: str, second: str) -> None:
    assert route(first) == route(second)


@pytest.mark.parametrize("first, second", [
    ("GET /orders", "POST /orders"),
    ("GET /orders/{id}", "GET /orders/{id+}"),
    ("GET /orders/{id}", "GET /orders/latest"),
    ("GET /", "GET /orders"),
    ("GET /Orders", "GET /orders"),
])
def test_routes_that_differ(first: str, second: str) -> None:
    assert route(first) != route(second)


def test_root_route_keeps_its_slash() -> None:
    assert route("GET /") == ("GET", "/")


def test_duplicate_route_points_at_the_later_key() -> None:
    data = spec(api={"routes": {"GET /orders/{id}": "processor",
                                "GET /orders/{order_id}/": "processor"}})
    [found] = only(data, "E410")
    assert found.path == ("api", "routes", "GET /orders/{order_id}/")
    assert "'GET /orders/{id}'" in found.message


def test_unknown_functions_in_schedules_and_routes() -> None:
    data = spec(api={"routes": {"GET /x": "healht"}},
                schedules={"tick": {"rate": "1 hour", "function": "nobody"}})
    found = only(data, "E401")
    assert [(d.path, d.hint) for d in found] == [
        (("schedules", "tick", "function"), "defined functions: health, processor"),
        (("api", "routes", "GET /x"), "did you mean 'health'?"),
    ]


def test_access_to_unknown_tables_and_buckets_points_at_the_key() -> None:
    data = spec(functions={"processor": {"access": {"tables": {"order": "read"},
                                                    "buckets": {"docs": "read"}}}})
    found = only(data, "E402")
    assert [d.path for d in found] == [
        ("functions", "processor", "access", "tables", "order"),
        ("functions", "processor", "access", "buckets", "docs"),
    ]
    assert found[0].hint == "did you mean 'orders'?"


def test_no_buckets_defined_hint() -> None:
    data = spec(buckets=None, functions={"processor": {"access": {"buckets": None}},
                                         "health": {"access": {"buckets": {"x": "read"}}}})
    [found] = only(data, "E402")
    assert found.hint == "the spec defines no buckets"


@pytest.mark.parametrize("metric, kind", [
    ("lambda_errors", "function"), ("lambda_throttles", "function"),
    ("lambda_duration_p99", "function"), ("dynamodb_throttles", "table"),
    ("dynamodb_system_errors", "table"), ("api_5xx", "api"), ("api_latency_p99", "api"),
    ("replication_latency", "bucket"),
])
def test_metric_kinds(metric: str, kind: str) -> None:
    assert metric_kind(metric) == kind


def alarm(metric: str, target: str, **extra: object) -> dict[str, object]:
    return spec(alarms={"a": {"metric": metric, "target": target, "threshold": 1}}, **extra)


@pytest.mark.parametrize("metric, target", [
    ("lambda_errors", "processor"), ("dynamodb_throttles", "orders"), ("api_5xx", "api"),
])
def test_alarms_on_the_right_kind(metric: str, target: str) -> None:
    assert codes(alarm(metric, target)) == []


@pytest.mark.parametrize("metric, target, code, words", [
    ("lambda_errors", "orders", "E404", "measures a function, but 'orders' is a table"),
    ("lambda_errors", "api", "E404", "but 'api' is the API"),
    ("dynamodb_throttles", "documents", "E404", "but 'documents' is a bucket"),
    ("replication_latency", "processor", "E404", "measures a bucket, but 'processor'"),
    ("api_5xx", "health", "E404", "its target is 'api', not 'health'"),
    ("lambda_errors", "procesor", "E403", "names function 'procesor'"),
    ("dynamodb_system_errors", "nothing", "E403", "names table 'nothing'"),
])
def test_alarm_targets(metric: str, target: str, code: str, words: str) -> None:
    [found] = only(alarm(metric, target), code)
    assert words in found.message
    assert found.path == ("alarms", "a", "target")


@pytest.mark.parametrize("metric", ["dynamodb_throttles", "lambda_errors"])
def test_a_table_and_a_function_may_share_an_ident(metric: str) -> None:
    """The metric says which of the two the alarm measures: neither is the wrong kind."""
    shared = {"processor": {"partition_key": {"name": "id", "type": "S"}}}
    assert codes(alarm(metric, "processor", tables=shared)) == []


def test_api_alarm_needs_an_api() -> None:
    [found] = only(alarm("api_latency_p99", "api", api=None), "E405")
    assert found.path == ("alarms", "a", "metric")


def test_replication_alarm_needs_replication_and_its_metrics() -> None:
    assert codes(alarm("replication_latency", "documents")) == ["E406"]
    replicated = {"secondary_region": "us-west-2"}
    assert codes(alarm("replication_latency", "documents",
                       disaster_recovery=replicated)) == ["E406"]
    off = {"secondary_region": "us-west-2", "replicate_buckets": False}
    assert "not replicated" in only(alarm("replication_latency", "documents",
                                          disaster_recovery=off), "E406")[0].message
    on = {"secondary_region": "us-west-2", "replication_time_control": True}
    assert codes(alarm("replication_latency", "documents", disaster_recovery=on)) == []


def test_alarms_without_alerts_warn_once() -> None:
    data = spec(alerts=None, alarms={"a": {"metric": "lambda_errors", "target": "processor",
                                           "threshold": 1},
                                     "b": {"metric": "lambda_errors", "target": "health",
                                           "threshold": 1}})
    [found] = only(data, "W401")
    assert found.message.startswith("2 alarms")


def test_publish_needs_alerts() -> None:
    data = spec(alerts=None, functions={"health": {"access": {"alerts": "publish"}}})
    [found] = only(data, "E407")
    assert found.path == ("functions", "health", "access", "alerts")
    assert codes(spec(functions={"health": {"vpc": False, "access": {"alerts": "publish"}}})) == []


def test_templates_are_the_template_directories() -> None:
    assert {"processor", "health_check"} <= set(available_templates())


@pytest.mark.parametrize("template, hint", [
    ("procesor", "did you mean 'processor'?"),
    ("health-check", "did you mean 'health_check'?"),
])
def test_unknown_template(template: str, hint: str) -> None:
    [found] = only(spec(functions={"processor": {"template": template}}), "E408")
    assert found.hint == hint
    assert found.path == ("functions", "processor", "template")


@pytest.mark.parametrize("template", ["../templates/processor", "processor/..", ".", "/tmp"])
def test_template_must_be_a_plain_name(template: str) -> None:
    assert codes(spec(functions={"processor": {"template": template}})) == ["E408"]


def test_source_is_relative_to_the_file_that_names_it(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "handler").mkdir()
    (tmp_path / "base" / "handler" / "index.py").write_text(
        "def handler(event, context):\n    pass\n")
    (tmp_path / "base" / "base.yaml").write_text(
        "version: 1\nname: shop\nenvironment: base\nregion: us-east-1\n"
        "network: {cidr: 10.0.0.0/16, availability_zones: [us-east-1a, us-east-1b]}\n"
        "functions:\n  custom:\n    source: handler\n")
    overlay = tmp_path / "dev.yaml"
    overlay.write_text("extends: base/base.yaml\nenvironment: dev\n")
    assert findings_in(overlay) == []
    # The same words in the overlay mean ./handler next to the overlay: missing.
    overlay.write_text("extends: base/base.yaml\nenvironment: dev\n"
                       "functions:\n  custom:\n    source: handler\n")
    [found] = findings_in(overlay)
    assert found.code == "E409" and found.file == str(overlay) and found.line == 5


def test_source_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "handler.py").write_text("")
    data = spec(functions={"processor": {"template": None, "source": "handler.py"}})
    [found] = [d for d in findings(data, str(tmp_path / "spec.yaml")) if d.code == "E409"]
    assert "is a file, not a directory" in found.message


def test_a_former_preset_name_warns_and_names_the_new_one() -> None:
    alarms = {"orders-throttles": {"metric": "dynamodb_user_errors", "target": "orders",
                                   "threshold": 10}}
    [found] = only(spec(alarms=alarms), "W402")
    assert found.path == ("alarms", "orders-throttles", "metric")
    assert found.hint == "write metric: dynamodb_throttles"
    assert codes(spec(alarms={"orders-throttles": {**alarms["orders-throttles"],
                                                   "metric": "dynamodb_throttles"}})) == []


def test_table_replication_alarm_needs_an_eventually_consistent_global_table() -> None:
    replicated = {"secondary_region": "us-west-2"}
    metric = "dynamodb_replication_latency"
    assert codes(alarm(metric, "orders", disaster_recovery=replicated)) == []
    [single] = only(alarm(metric, "orders"), "E411")
    assert "not a global table" in single.message
    assert single.path == ("alarms", "a", "metric")
    strong = {"orders": {"partition_key": {"name": "id", "type": "S"},
                         "consistency": "strong"}}
    [mrsc] = only(alarm(metric, "orders", tables=strong, disaster_recovery=replicated), "E411")
    assert "publish no ReplicationLatency" in mrsc.message
