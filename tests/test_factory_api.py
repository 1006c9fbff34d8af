"""The api section in captured plans: HTTP API, integrations, routes, stage,
Lambda permissions, stable route names, the warm-standby copy."""

from __future__ import annotations

import pytest
from factory_harness import capture_compute, shipped, spec_from

from drspec.factory.api import route_slug
from drspec.plan import capture as plan

API = "aws:apigatewayv2/api:Api"
INTEGRATION = "aws:apigatewayv2/integration:Integration"
ROUTE = "aws:apigatewayv2/route:Route"
STAGE = "aws:apigatewayv2/stage:Stage"
PERMISSION = "aws:lambda/permission:Permission"


@pytest.fixture(scope="module")
def staging() -> plan.Plan:
    return shipped("staging")


@pytest.fixture(scope="module")
def dev() -> plan.Plan:
    return shipped("dev")


def test_http_api_with_the_spec_cors(staging: plan.Plan) -> None:
    [api] = staging.of_type(API)
    assert api.inputs["protocolType"] == "HTTP"
    assert api.inputs["name"] == "orders-staging-api"
    assert api.inputs["region"] == "us-east-2"
    assert api.inputs["corsConfiguration"] == {
        "allowOrigins": ["https://staging.orders.example.com"],
        "allowMethods": ["GET", "POST"],
        "allowHeaders": ["content-type", "authorization"],
    }


def test_no_cors_unless_given() -> None:
    spec = spec_from("""
        functions:
          job: {template: processor, vpc: false}
        api:
          routes: {"POST /jobs": job}
    """)
    [api] = capture_compute(spec).of_type(API)
    assert "corsConfiguration" not in api.inputs


def test_one_proxy_integration_per_function(staging: plan.Plan) -> None:
    integrations = {r.name: r.inputs for r in staging.of_type(INTEGRATION)}
    assert sorted(integrations) == ["api-health-integration", "api-processor-integration"]
    processor = integrations["api-processor-integration"]
    assert processor["integrationType"] == "AWS_PROXY"
    assert processor["integrationMethod"] == "POST"
    assert processor["payloadFormatVersion"] == "2.0"
    fn_arn = "arn:aws:lambda:us-east-2:123456789012:function:orders-staging-processor-fn"
    assert processor["integrationUri"] == (
        f"arn:aws:apigateway:us-east-2:lambda:path/2015-03-31/functions/{fn_arn}/invocations")


def test_one_route_per_key_targeting_its_function(staging: plan.Plan) -> None:
    routes = {r.inputs["routeKey"]: r for r in staging.of_type(ROUTE)}
    assert sorted(routes) == ["GET /health", "GET /orders/{id}", "POST /orders"]
    assert routes["POST /orders"].inputs["target"] == "integrations/api-processor-integration-id"
    assert routes["GET /orders/{id}"].inputs["target"] == (
        "integrations/api-processor-integration-id")
    assert routes["GET /health"].inputs["target"] == "integrations/api-health-integration-id"
    for key, route in routes.items():
        assert route.name == f"api-{route_slug(key)}-route"
        assert route.inputs["apiId"] == "api-http-api-id"


def test_default_stage_auto_deploys_with_throttling_and_access_logs(staging: plan.Plan) -> None:
    [stage] = staging.of_type(STAGE)
    assert stage.inputs["name"] == "$default"
    assert stage.inputs["autoDeploy"] is True
    assert stage.inputs["defaultRouteSettings"] == {"throttlingBurstLimit": 50,
                                                    "throttlingRateLimit": 25}
    logs = staging.named("api-access-logs").inputs
    assert logs["name"] == "/aws/vendedlogs/apigateway/orders-staging-api"
    assert stage.inputs["accessLogSettings"]["destinationArn"].endswith(
        "log-group:/aws/vendedlogs/apigateway/orders-staging-api")
    assert "$context.requestId" in stage.inputs["accessLogSettings"]["format"]


def test_access_log_groups_live_under_vendedlogs(staging: plan.Plan) -> None:
    """Access logs are vended logs delivered under one size-capped CloudWatch Logs
    resource policy per region; near the cap only `/aws/vendedlogs/*` groups are
    admitted. The logical name stays `api-access-logs` (only the physical name moved)."""
    for p in (staging, shipped("prod")):  # prod: primary and warm-standby APIs
        groups = [r for r in p.of_type("aws:cloudwatch/logGroup:LogGroup")
                  if r.name.endswith("access-logs")]
        assert groups
        assert all(g.inputs["name"].startswith("/aws/vendedlogs/") for g in groups)


def test_no_throttling_settings_unless_given(dev: plan.Plan) -> None:
    [stage] = dev.of_type(STAGE)
    assert "defaultRouteSettings" not in stage.inputs


def test_one_permission_per_function_scoped_to_this_api(staging: plan.Plan) -> None:
    permissions = {r.inputs["function"]: r.inputs for r in staging.of_type(PERMISSION)}
    assert sorted(permissions) == ["orders-staging-health-fn", "orders-staging-processor-fn"]
    for permission in permissions.values():
        assert permission["action"] == "lambda:InvokeFunction"
        assert permission["principal"] == "apigateway.amazonaws.com"
        assert permission["sourceArn"] == (
            "arn:aws:execute-api:us-east-2:123456789012:api-http-api-id/*/*")


def test_endpoint_exported(staging: plan.Plan) -> None:
    assert staging.outputs["api_endpoint"] == (
        "https://api-http-api-id.execute-api.us-east-2.amazonaws.com")


def test_no_api_section_builds_nothing() -> None:
    spec = spec_from("""
        functions:
          job: {template: processor, vpc: false}
    """)
    p = capture_compute(spec)
    assert not [r for r in p.resources if r.type.startswith("aws:apigatewayv2")]
    assert p.of_type(PERMISSION) == []
    assert "api_endpoint" not in p.outputs


def _routes(*keys: str) -> dict[str, str]:
    """Route key -> logical name, for an API with these routes to one function."""
    lines = "\n".join(f'    "{key}": job' for key in keys)
    spec = spec_from(
        "functions:\n  job: {template: processor, vpc: false}\n"
        f"api:\n  routes:\n{lines}\n")
    return {r.inputs["routeKey"]: r.name for r in capture_compute(spec).of_type(ROUTE)}


def test_route_names_are_stable_when_routes_are_added() -> None:
    before = _routes("POST /jobs")
    after = _routes("DELETE /jobs/{id}", "POST /jobs", "GET /jobs/{id}")
    assert after["POST /jobs"] == before["POST /jobs"]
    assert len(set(after.values())) == 3


def test_route_slug_is_readable_distinct_and_stable() -> None:
    assert route_slug("POST /orders").startswith("post-orders-")
    assert route_slug("GET /orders/{id}") != route_slug("GET /orders/id")
    assert route_slug("GET /orders/{id}") == route_slug("GET /orders/{id}")
    assert route_slug("$default").startswith("default-")
    long = route_slug("GET /" + "/".join(["segment"] * 30))
    assert len(long) <= 49
    assert all(c.isalnum() or c == "-" for c in long)


def test_warm_standby_gets_its_own_api() -> None:
    p = shipped("prod")
    apis = {r.name: r.inputs for r in p.of_type(API)}
    assert sorted(apis) == ["api-http-api", "api-http-api-secondary"]
    assert apis["api-http-api-secondary"]["region"] == "eu-central-1"
    secondary = {r.inputs["routeKey"] for r in p.of_type(ROUTE) if r.name.endswith("secondary")}
    assert secondary == {"POST /orders", "GET /orders/{id}", "GET /health"}
    uris = {r.inputs["integrationUri"] for r in p.of_type(INTEGRATION)
            if r.name.endswith("secondary")}
    assert all(":function:orders-prod-" in u and "eu-central-1" in u for u in uris)
    assert p.outputs["api_endpoint_secondary"].endswith(".execute-api.eu-central-1.amazonaws.com")
    assert p.outputs["api_endpoint"].endswith(".execute-api.eu-west-1.amazonaws.com")
